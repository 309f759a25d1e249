"""Reference lists: splitting into entries and reading each entry's fields, in every style."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence.schema import DocumentMetadata, Page, ParsedDocument, Section
from extractors.reference_fields import parse_entry
from extractors.reference_split import join_lines, split_entries
from extractors.references import extract_references
from support.citation_papers import NUMERIC_STYLES, STYLES, planted_paper


@pytest.mark.parametrize("style", STYLES)
def test_every_entry_of_a_generated_list_is_read_exactly(style):
    planted = planted_paper(style)
    entries = extract_references(planted.doc)
    expected = {n: planted.works[w - 1] for w, n in planted.entry_of_work.items()}
    assert [e.n for e in entries] == list(range(1, 9))
    for entry in entries:
        work = expected[entry.n]
        assert entry.authors == work.authors
        assert (entry.year, entry.title, entry.journal) == (work.year, work.title, work.journal)
        assert (entry.volume, entry.doi) == (work.volume, work.doi)
        assert entry.pages == work.pages
    expected_labels = [str(n) for n in range(1, 9)] if style in NUMERIC_STYLES else [None] * 8
    assert [e.label for e in entries] == expected_labels
    # The list runs over a page break: the last entries are on page 3.
    assert entries[0].page == 2 and entries[-1].page == 3


def test_hyphenated_word_at_a_line_end_is_rejoined():
    entries = extract_references(planted_paper("bracket").doc)
    assert entries[1].title == "Iliopsoas haematoma in haemophilia: a multicentre series"


def _lines(text: str) -> list[tuple[int, str]]:
    return [(1, line) for line in text.strip().split("\n")]


def test_a_wrapped_page_number_does_not_open_an_entry():
    lines = _lines("""
1. Bermel RA, Bakshi R. The measurement and clinical rele-
vance of brain atrophy in multiple sclerosis. Lancet Neurol
2006;5:158–70.
2. Sanfilipo MP, Benedict RH. Gray and white matter brain atrophy. Neurology 2006;66:685–
92.
3. Schoonheim MM, Popescu V. Subcortical atrophy and cognition. Neurology 2012;79:1754–61.""")
    entries = split_entries(lines)
    assert [e.label for e in entries] == ["1", "2", "3"]
    assert entries[0].text.startswith("Bermel RA, Bakshi R. The measurement and clinical relevance of brain")
    assert entries[1].text.endswith("Neurology 2006;66:685–92.")


def test_number_alone_on_its_line_labels_the_following_lines():
    lines = _lines("""
1.
Kudsk KA, Fabian TC, Baum S: Silent deep
vein thrombosis in immobilized multiple trauma patients. Am J Surg
1989, 158:515-9.
2.
Geerts WH, Code KI: A prospective study of venous thromboembolism after major trauma.
N Engl J Med 1994, 331:1601-6.""")
    entries = split_entries(lines)
    assert [(e.label, e.text[:12]) for e in entries] == [("1", "Kudsk KA, Fa"), ("2", "Geerts WH, C")]


def test_author_year_entries_split_where_a_new_author_opens_a_line():
    lines = _lines("""
Baumeister, R. F., Bratslavsky, E., Finkenauer, C. and
Vohs, K. D. (2001). Bad is stronger than good. Review of
General Psychology, 5, 323–370. doi:10.1037//
1089-2680.5.4.323.
Budas, G., Coughlan, C. M. and Breen,
K. C. (1999). The effect of corticosteroids on amyloid beta
precursor protein. Neurobiology of Aging, 20, 35–42.""")
    entries = split_entries(lines)
    assert len(entries) == 2
    assert entries[0].text.endswith("doi:10.1037//1089-2680.5.4.323.")
    assert parse_entry(entries[0].text).doi == "10.1037//1089-2680.5.4.323"
    assert parse_entry(entries[1].text).authors == ("Budas G", "Coughlan CM", "Breen KC")


def test_hyphen_kept_in_compound_names():
    assert join_lines(["Acosta JA, Hollingsworth-", "Fridlund P. Lethal injuries."]) == \
        "Acosta JA, Hollingsworth-Fridlund P. Lethal injuries."


@pytest.mark.parametrize(("text", "authors", "year", "title", "journal", "volume", "pages"), [
    ("Kudsk KA, Fabian TC, Voeller G: Silent deep vein thrombosis in immobilized multiple trauma patients. "
     "Am J Surg 1989, 158:515-9.", ("Kudsk KA", "Fabian TC", "Voeller G"), 1989,
     "Silent deep vein thrombosis in immobilized multiple trauma patients", "Am J Surg", "158", "515-9"),
    ("Sabate M, Gonzalez I, Ruperez F, et al. Obstructive and restrictive pulmonary dysfunctions in Parkinson’s "
     "disease. J Neurol Sci 1996;138(1–2):114–9.", ("Sabate M", "Gonzalez I", "Ruperez F"), 1996,
     "Obstructive and restrictive pulmonary dysfunctions in Parkinson’s disease", "J Neurol Sci", "138", "114–9"),
    ("Do¨rr J, von Ahsen N, Cockrell Jr JL. Severe cardiac failure after mitoxantrone. Neurol. 2009;73:991–3.",
     ("Dörr J", "von Ahsen N", "Cockrell JL"), 2009, "Severe cardiac failure after mitoxantrone", "Neurol", "73",
     "991–3"),
    ("Khan O, Zivadinov R, GALA Study Group. Three times weekly glatiramer acetate. Ann Neurol. 2013;73:705–13.",
     ("Khan O", "Zivadinov R"), 2013, "Three times weekly glatiramer acetate", "Ann Neurol", "73", "705–13"),
    ("Chandola T, Head J. Socio-demographic predictors of quitting smoking: how important are household "
     "factors? Addiction. 2004;99:770–7.", ("Chandola T", "Head J"), 2004,
     "Socio-demographic predictors of quitting smoking: how important are household factors?", "Addiction", "99",
     "770–7"),
    ("World Health Organisation: Obesity: preventing and managing the global epidemic. Geneva: WHO; 2000.",
     ("World Health Organisation",), 2000, "Obesity: preventing and managing the global epidemic", None, None, None),
    ("Afgan E, van den Beek M, Goecks J. 2016. The Galaxy platform: 2016 update. Nucleic Acids Research "
     "44(W1):W3–W10 DOI 10.1093/nar/gkw343.", ("Afgan E", "van den Beek M", "Goecks J"), 2016,
     "The Galaxy platform: 2016 update", "Nucleic Acids Research", "44", "W3–W10"),
    ("Jurney TH, Wade CE. Spectrum of serum cortisol response to ACTH in ICU patients. Correlation with degree "
     "of illness and mortality. Chest. 1987;92:292?5.", ("Jurney TH", "Wade CE"), 1987,
     "Spectrum of serum cortisol response to ACTH in ICU patients. Correlation with degree of illness and "
     "mortality", "Chest", "92", "292–5"),
])
def test_entry_fields(text, authors, year, title, journal, volume, pages):
    fields = parse_entry(text)
    assert fields.authors == authors
    assert (fields.year, fields.title, fields.journal, fields.volume, fields.pages) == \
        (year, title, journal, volume, pages)


def test_identifiers_are_read_and_normalised():
    fields = parse_entry("O’Malley KF, Ross SE: Pulmonary embolism. J Trauma 1990, 30:748-50. PMID: 2380994 "
                         "https://doi.org/10.1097/00005373-199006000-00019.")
    assert (fields.pmid, fields.doi) == ("2380994", "10.1097/00005373-199006000-00019")


def _doc(pages: list[str], sections: tuple[Section, ...] = ()) -> ParsedDocument:
    return ParsedDocument(source="x.txt", sha256="0" * 64, file_type="txt", size_bytes=1,
                          metadata=DocumentMetadata(), sections=sections,
                          pages=tuple(Page(number=i + 1, text=t) for i, t in enumerate(pages)))


def test_missing_references_section_falls_back_to_the_last_heading():
    doc = _doc(["Body text [1].\n\nReferences\n1. Li C, Wu D. Psoas bleeding. BMJ. 2020;3:1-2.\n"])
    entries = extract_references(doc)
    assert [(e.label, e.authors, e.page) for e in entries] == [("1", ("Li C", "Wu D"), None)]


def test_document_without_references_gives_none():
    assert extract_references(_doc(["Only a body, no list of references at all."])) == ()


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400))
def test_reading_never_raises_on_any_text(text):
    doc = _doc(["Body.\n\nReferences\n" + text])
    for entry in extract_references(doc):
        assert entry.text.strip()
