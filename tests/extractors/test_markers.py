"""In-text citation markers: every style, ranges, links, and the things that only look like markers."""

from __future__ import annotations

import pytest

from evidence.schema import DocumentMetadata, Page, ParsedDocument, ReferenceEntry, Section, Span
from extractors.markers import expand_numbers
from extractors.references import extract_references, find_citation_markers
from support.citation_papers import STYLES, planted_paper


@pytest.mark.parametrize("style", STYLES)
def test_markers_of_a_generated_paper_link_to_their_entries(style):
    planted = planted_paper(style)
    entries = extract_references(planted.doc)
    markers = find_citation_markers(planted.doc, entries)
    assert tuple(tuple(sorted(m.targets)) for m in markers) == planted.marker_targets
    assert tuple(m.text for m in markers if not m.targets) == planted.dangling
    assert [m.section for m in markers] == ["introduction"] * 3 + ["discussion"] * 3
    assert [m.page for m in markers] == [1, 1, 1, 2, 2, 2]


def test_superscript_markers_carry_the_sentence_they_stood_in():
    planted = planted_paper("superscript")
    markers = find_citation_markers(planted.doc, extract_references(planted.doc))
    assert [(m.text, m.numbers, m.style, m.start == m.end) for m in markers[2:4]] == [
        ("2-4", (2, 3, 4), "superscript", True), ("5", (5,), "superscript", True)]
    assert markers[0].sentence == "Iliopsoas haematoma is a recognised complication of anticoagulation."
    assert markers[1].sentence == "Decker et al. found that 77% of cases were on anticoagulants."


def _entries(count: int) -> tuple[ReferenceEntry, ...]:
    return tuple(ReferenceEntry(n=i, label=str(i), text=f"Author{i} A. Title {i}. J. 2020;1:{i}.")
                 for i in range(1, count + 1))


def _doc(text: str, spans: tuple[Span, ...] = (), sections: tuple[Section, ...] = ()) -> ParsedDocument:
    return ParsedDocument(source="p.pdf", sha256="1" * 64, file_type="pdf", size_bytes=1,
                          metadata=DocumentMetadata(), sections=sections,
                          pages=(Page(number=1, text=text, spans=spans),))


def _found(text: str, count: int = 20, **kwargs) -> list[tuple[str, tuple[int, ...], str]]:
    markers = find_citation_markers(_doc(text, **kwargs), _entries(count))
    return [(m.text, m.numbers, m.style) for m in markers]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Bleeding recurred [1, 2].", [("[1, 2]", (1, 2), "bracket")]),
    ("Bleeding recurred [5-7].", [("[5-7]", (5, 6, 7), "bracket")]),
    ("Bleeding recurred [3–5, 9].", [("[3–5, 9]", (3, 4, 5, 9), "bracket")]),
    ("Bleeding recurred ^[3].", [("^[3]", (3,), "bracket")]),
    ("Bleeding recurred (ref. 12).", [("(ref. 12)", (12,), "parenthetical")]),
    ("Bleeding recurred (see refs. 4, 6).", [("(see refs. 4, 6)", (4, 6), "parenthetical")]),
    ("Guild et al. [14] reported the same.", [("[14]", (14,), "bracket")]),
])
def test_numeric_markers(sentence, expected):
    assert _found(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "The odds ratio was 2.1 [95% CI 1.2-3.4].",
    "Three patients relapsed (n = 7).",
    "The registry opened (2019) in Leeds.",
    "Neuropathy occurred in 28/44 episodes.",
    "Weakness persisted (Table 2).",
    "Values lay in [0, 1] by construction.",
])
def test_things_that_are_not_markers(sentence):
    assert _found(sentence) == []


def test_bare_parenthetical_numbers_are_markers_only_in_documents_without_other_markers():
    text = "Bleeding recurred (1, 2). Nerve palsy followed at 3 months (3). Weakness was noted (Figure 2)."
    assert _found(text, count=3) == [("(1, 2)", (1, 2), "parenthetical"), ("(3)", (3,), "parenthetical")]
    assert _found(text + " It resolved [3].", count=3) == [("[3]", (3,), "bracket")]


def test_superscript_units_are_not_markers():
    text = "Body mass index was 31 kg/m and falls were rare."
    spans = (Span(text="2", bbox=(0, 0, 1, 1), font_size=6, superscript=True, role="marker",
                  char_start=text.index("kg/m") + 4),
             Span(text="4,5", bbox=(0, 0, 1, 1), font_size=6, superscript=True, role="marker", char_start=len(text) - 1))
    assert _found(text, spans=spans) == [("4,5", (4, 5), "superscript")]


def test_affiliation_superscripts_in_the_front_matter_are_not_citations():
    text = "A Decker\nDepartment of Surgery\n\nIntroduction\nBleeding recurred."
    spans = (Span(text="1", bbox=(0, 0, 1, 1), font_size=6, superscript=True, role="marker", char_start=8),
             Span(text="2", bbox=(0, 0, 1, 1), font_size=6, superscript=True, role="marker", char_start=len(text) - 1))
    sections = (Section("front", "", 1, 0, 1, 32), Section("introduction", "Introduction", 1, 32, 1, len(text)))
    assert _found(text, spans=spans, sections=sections) == [("2", (2,), "superscript")]


def test_reference_list_itself_is_skipped():
    text = "Bleeding recurred [2].\nReferences\n[1] Li C. Title. J. 2020;1:1.\n[2] Wu D. Title. J. 2021;2:2.\n"
    start = text.index("References")
    sections = (Section("results", "Results", 1, 0, 1, start), Section("references", "References", 1, start, 1, len(text)))
    doc = _doc(text, sections=sections)
    markers = find_citation_markers(doc, extract_references(doc))
    assert [(m.text, m.targets, m.section) for m in markers] == [("[2]", (2,), "results")]


def test_author_year_markers_link_by_family_name_year_and_suffix():
    entries = (
        ReferenceEntry(n=1, text="Decker JA, Li C. 2022a. A. J 1:1.", authors=("Decker JA", "Li C"), year=2022),
        ReferenceEntry(n=2, text="Decker JA, Li C. 2022b. B. J 1:2.", authors=("Decker JA", "Li C"), year=2022),
        ReferenceEntry(n=3, text="Van Houten R. 2018. C. J 1:3.", authors=("Van Houten R",), year=2018),
    )
    text = ("Anticoagulants dominate (Decker and Li, 2022b; Van Houten 2018). Decker et al. (2022a) agreed. "
            "Recruitment ran from (January 2019) onwards (Ghost et al., 2011).")
    markers = find_citation_markers(_doc(text), entries)
    assert [(m.text, m.targets) for m in markers] == [
        ("(Decker and Li, 2022b; Van Houten 2018)", (2, 3)),
        ("Decker et al. (2022a)", (1,)),
        ("(Ghost et al., 2011)", ()),
    ]


def test_unlinked_author_year_markers_are_dropped_in_numbered_documents():
    assert _found("As Kaplan and Meier (1958) showed, survival fell [2].") == [("[2]", (2,), "bracket")]


def test_expand_numbers_keeps_the_ends_of_a_reversed_range():
    assert expand_numbers("1, 3-5") == (1, 3, 4, 5)
    assert expand_numbers("7-4") == (7, 4)
