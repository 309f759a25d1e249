"""Sections from headings: kinds, tiling, structured abstracts, headings across pages."""

from __future__ import annotations

import pytest

from evidence.schema import Page
from extractors.sections import find_sections, heading_kind, normalise_heading


def _kinds(*texts: str) -> list[tuple[str, str]]:
    pages = tuple(Page(number=i, text=t) for i, t in enumerate(texts, start=1))
    return [(s.kind, s.heading) for s in find_sections(pages)]


@pytest.mark.parametrize("line, kind", [
    ("Results", "results"),
    ("2. PATIENTS & METHODS:", "methods"),
    ("III. Materials and Methods", "methods"),
    ("Case report", "results"),
    ("Acknowledgments", "acknowledgements"),
    ("Literature cited", "references"),
    ("Conclusions.", "conclusion"),
    ("Competing interests", "other"),
    ("Results of the trial were", None),
    ("Statistical analysis", None),
])
def test_heading_kind(line, kind):
    assert heading_kind(line) == kind


def test_normalise_heading():
    assert normalise_heading("  4.2  Discussion & Conclusions: ") == "discussion and conclusions"


def test_sections_tile_the_pages_in_order():
    first = "Iliopsoas haematoma in haemophilia\n\nAbstract\n\nWe reviewed 44 episodes.\n\nIntroduction\n\nBleeding."
    second = "the nerve was compressed.\n\nMethods\n\nWe searched records.\n\nReferences\n\n1. Balkan C."
    sections = find_sections((Page(number=1, text=first), Page(number=2, text=second)))
    assert [(s.kind, s.page_start, s.start, s.page_end, s.end) for s in sections] == [
        ("front", 1, 0, 1, 36),
        ("abstract", 1, 36, 1, 72),
        ("introduction", 1, 72, 2, 27),
        ("methods", 2, 27, 2, 58),
        ("references", 2, 58, 2, len(second)),
    ]
    assert first[36:44] == "Abstract" and second[27:34] == "Methods" and second[58:68] == "References"


def test_structured_abstract_labels_stay_in_the_abstract():
    assert _kinds(
        "Title of the series\n\nAbstract\n\nBackground\n\nIliopsoas bleeding is rare.\n\nMethods\n\nWe reviewed.\n\n"
        "Results\n\n28 of 44.\n\nConclusions\n\nCommon.\n\nBackground\n\nHaemophilia is.\n\nMethods\n\nRecords.\n\n"
        "Results\n\nAll.\n\nDiscussion\n\nEarly."
    ) == [("front", ""), ("abstract", "Abstract"), ("introduction", "Background"), ("methods", "Methods"),
          ("results", "Results"), ("discussion", "Discussion")]


def test_unstructured_abstract_ends_at_the_next_heading():
    assert _kinds("Abstract\n\nWe reviewed 44 episodes.\n\nMethods\n\nWe searched.") == [
        ("abstract", "Abstract"), ("methods", "Methods")]


def test_text_that_opens_with_the_word_abstract_is_the_abstract():
    assert _kinds("Abstract Background: iliopsoas haematoma is rare.\n\nIntroduction\n\nBleeding.") == [
        ("abstract", "Abstract"), ("introduction", "Introduction")]


def test_a_document_without_headings_is_one_front_section():
    pages = (Page(number=1, text="Femoral nerve palsy in 25 of 28 patients."),)
    [section] = find_sections(pages)
    assert (section.kind, section.start, section.end) == ("front", 0, 41)
    assert find_sections(()) == ()


def test_body_headings_pages_after_a_run_in_abstract_open_their_sections():
    abstract = "Title\n\nAbstract\n\nBackground: bleeding is rare. Methods: we reviewed. Results: 28 of 44."
    assert _kinds(abstract, "Background\n\nHaemophilia is.\n\nMethods\n\nRecords.") == [
        ("front", ""), ("abstract", "Abstract"), ("introduction", "Background"), ("methods", "Methods")]
