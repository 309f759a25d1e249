"""Sections from headings: kinds, tiling, structured abstracts, headings across pages."""

from __future__ import annotations

import pytest

import json

from evidence.errors import ExtractionError
from evidence.schema import Page
from extractors.sections import (
    HEADING_RULES_PATH,
    HeadingRules,
    find_sections,
    heading_kind,
    load_heading_rules,
    normalise_heading,
    numbered_list_start,
    run_in_heading,
)


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
    ("a b s t r a c t", "abstract"),
    ("R E F E R E N C E S", "references"),
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


def test_introduction_right_after_the_abstract_heading_is_a_label_of_the_abstract():
    assert _kinds(
        "Title\n\nAbstract\n\nIntroduction\n\nAdrenal dysfunction is debated.\n\nMethods\n\nWe included 59.",
        "Results\n\nCortisol rose.\n\nConclusions\n\nSensitivity falls.\n\nIntroduction\n\nStress activates the axis.\n\n"
        "Materials and methods\n\nA prospective study.",
    ) == [("front", ""), ("abstract", "Abstract"), ("introduction", "Introduction"),
          ("methods", "Materials and methods")]


def test_an_opening_label_run_into_its_text_opens_the_abstract_without_a_heading():
    assert _kinds("Title\n\nBackground. Spirometry patterns vary. Methods. We measured.\n\nKEYWORDS: lung\n\n"
                  "Introduction\n\nIn patients with PD.") == [
        ("front", ""), ("abstract", "Background"), ("introduction", "Introduction")]


def test_an_abstract_never_starts_after_the_body():
    assert _kinds("Abstract\n\nWe reviewed.\n\nIntroduction\n\nText.\n\nDiscussion\n\nText.\n\n"
                  "Abstract only available.\n\nMore discussion.\n\nReferences\n\n1. Balkan C.") == [
        ("abstract", "Abstract"), ("introduction", "Introduction"), ("discussion", "Discussion"),
        ("references", "References")]


def test_a_lone_body_heading_above_the_abstract_is_an_article_type_label():
    assert _kinds("METHODOLOGY\n\nRecruiting smokers\n\nAbstract\n\nBackground: recruiting is hard.\n\n"
                  "Background\n\nSmoking is common.") == [
        ("front", ""), ("abstract", "Abstract"), ("introduction", "Background")]


def test_run_in_headings_open_sections_and_back_matter_comes_as_a_series():
    assert _kinds("Methods. We reviewed 44 episodes.\n\nResults: 28 of 44 had palsy.\n\n"
                  "Abbreviations: CI, confidence interval.\n\nPalsy recovered in 20.\n\n"
                  "Contributors: all.\n\nFunding: none.\n\nCompeting interests: none.") == [
        ("methods", "Methods"), ("results", "Results"), ("other", "Contributors"), ("other", "Funding"),
        ("other", "Competing interests")]


@pytest.mark.parametrize("text, found", [
    ("Methods. We reviewed", ("Methods", "methods")),
    ("2. Patients and methods: all adults", ("2. Patients and methods", "patients and methods")),
    ("Authors\u2019 contributions: MU wrote", ("Authors\u2019 contributions", "authors' contributions")),
    ("Results of the trial were negative.", None),
    ("Patients. Seven were men.", ("Patients", "patients")),
    ("Palsy: seven patients", None),
])
def test_run_in_heading(text, found):
    assert run_in_heading(text) == found


def test_a_numbered_list_with_years_after_the_body_is_the_reference_list():
    second = ("Conclusions\n\nPalsy is common.\n\n"
              "1 Balkan C. Iliopsoas haemorrhage. Haemophilia 2005;11:463-7. 2 Fernandez-Palazzi F. Hematomas. "
              "Clin Orthop 1996;328:19-24. 3 Li Y. Palsy. J Neurol Sci 2023;44:101-9.")
    pages = (Page(number=1, text="Methods\n\nCriteria:\n\n1. adults\n2. a bleed\n3. follow-up"),
             Page(number=2, text=second))
    sections = find_sections(pages)
    assert [(s.kind, s.heading, s.page_start) for s in sections] == [
        ("methods", "Methods", 1), ("conclusion", "Conclusions", 2), ("references", "", 2)]
    assert second[sections[-1].start:].startswith("1 Balkan C.")


@pytest.mark.parametrize("lines, opens", [
    (["1", "Balkan C. Haemophilia 2005;11:463-7.", "2", "Li Y. J Neurol 2023;1:1-9.", "3", "Tao X. 2021."], True),
    (["[1] Balkan C. 2005.", "[2] Li Y. 2023.", "[3] Tao X. 2021."], True),
    (["1. adults aged 18 or more", "2. a bleed on CT", "3. follow-up for a year"], False),
    (["2 Balkan C. 2005.", "3 Li Y. 2023.", "4 Tao X. 2021."], False),
    (["1 Balkan C. 2005.", "3 Li Y. 2023."], False),
])
def test_numbered_list_start(lines, opens):
    assert numbered_list_start(lines) is opens


def test_the_bundled_heading_rules_load_and_every_kind_is_a_section_kind():
    rules = load_heading_rules()
    assert rules.id == "evidence_headings.v1"
    assert rules.kind_of["patients and methods"] == "methods"
    assert "introduction" in rules.abstract_first_only


@pytest.mark.parametrize("change, message", [
    ({"colour": "red"}, "unknown key 'colour'; allowed keys are id, kinds, abstract_openers, abstract_labels, "
                        "abstract_first_only, abstract_enders, opener_reach, label_reach, max_heading_length"),
    ({"kinds": {"results": ["results"], "methods": ["results"]}},
     "heading 'results' is under both 'results' and 'methods'"),
    ({"kinds": {"methods": ["Methods:"]}}, "'kinds.methods' holds 'Methods:'; write it as 'methods'"),
    ({"kinds": {"figures": ["figures"]}}, "kind 'figures' must be one of abstract, introduction, methods, results, "
                                          "discussion, conclusion, references, acknowledgements, other"),
    ({"label_reach": 0}, "'label_reach' must be a whole number >= 1 (got 0)"),
    ({"abstract_enders": ["funding"]}, "'abstract_enders' names 'funding', which is not a kind in 'kinds'"),
])
def test_heading_rules_reject_malformed_data(change, message):
    data = json.loads(HEADING_RULES_PATH.read_text(encoding="utf-8"))
    data.update(change)
    with pytest.raises(ExtractionError) as caught:
        HeadingRules.from_dict(data, origin="headings.json")
    assert str(caught.value) == f"headings.json: {message}"


def test_a_missing_key_names_the_key():
    data = json.loads(HEADING_RULES_PATH.read_text(encoding="utf-8"))
    del data["opener_reach"]
    with pytest.raises(ExtractionError, match=r"missing key 'opener_reach'"):
        HeadingRules.from_dict(data)
