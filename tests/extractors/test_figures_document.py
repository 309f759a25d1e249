"""Document-level reading: sections, pages, references, other papers' numbers, tables."""

from __future__ import annotations

import hashlib

from evidence.schema import DocumentMetadata, Page, ParsedDocument, Section, Span, Table
from extractors.figures import VERSION, extract_figures


def document(pages: list[str], *, sections: tuple[Section, ...] = (), tables: tuple[Table, ...] = (),
             file_type: str = "pdf", spans: dict[int, tuple[Span, ...]] | None = None) -> ParsedDocument:
    spans = spans or {}
    return ParsedDocument(
        source="series.pdf", sha256=hashlib.sha256("|".join(pages).encode()).hexdigest(), file_type=file_type,
        size_bytes=100, metadata=DocumentMetadata(),
        pages=tuple(Page(number=i, text=t, spans=spans.get(i, ())) for i, t in enumerate(pages, start=1)),
        sections=sections, tables=tables)


def test_version_is_a_string():
    assert isinstance(VERSION, str) and VERSION


def test_denominator_stated_pages_earlier_is_quoted_with_its_page():
    doc = document(["We reviewed 44 episodes in 20 patients.", "Eleven patients (55%) had haemophilia A."])
    (figure,) = extract_figures(doc)
    assert (figure.page, figure.events, figure.total, figure.start, figure.end) == (2, 11, 20, 0, 21)
    assert (figure.denominator_page, figure.denominator_quote) == (1, "We reviewed 44 episodes in 20 patients.")
    assert figure.quote == "Eleven patients (55%) had haemophilia A."


def test_text_files_have_no_page_but_offsets_into_page_one():
    text = "Intro line. Femoral neuropathy was present in 28 of the 44 episodes."
    (figure,) = extract_figures(document([text], file_type="txt"))
    assert figure.page is None
    assert text[figure.start:figure.end] == "28 of the 44 episodes"
    assert figure.sentence_start == 12


def test_references_are_skipped_and_sections_recorded():
    results = "Femoral neuropathy was present in 28 of the 44 episodes."
    refs = "1. Smith J. Femoral palsy in 12 of 20 patients. J Hem. 2019;4:1-9."
    text = f"{results}\n\n{refs}"
    sections = (Section("results", "Results", 1, 0, 1, len(results)),
                Section("references", "References", 1, len(results) + 2, 1, len(text)))
    figures = extract_figures(document([text], sections=sections))
    assert [(f.events, f.total, f.section) for f in figures] == [(28, 44, "results")]


def test_sentence_citing_another_paper_is_read_and_flagged():
    ours = "Femoral neuropathy was present in 28 of the 44 episodes."
    theirs = "Femoral palsy was found in 12 of 20 patients in an earlier series."
    text = f"{ours} {theirs}"
    marker = Span(text="7", bbox=(0.0, 0.0, 1.0, 1.0), font_size=6.0, superscript=True, role="marker",
                  char_start=len(text) - 1)
    sections = (Section("discussion", "Discussion", 1, 0, 1, len(text)),)
    figures = extract_figures(document([text], sections=sections, spans={1: (marker,)}))
    # The superscript marker inside the second sentence makes its figure another paper's result:
    # read, so the report can show it, and flagged, so pooling leaves it out.
    assert [(f.events, f.total, f.section, "cites_other_work" in f.flags) for f in figures] == [
        (28, 44, "discussion", False), (12, 20, "discussion", True)]


def test_table_rows_become_figures_of_their_label():
    table = Table(page=1, index=0, caption="Table 1. Characteristics of 28 patients", rows=(
        ("Characteristic", "Patients (n = 28)"),
        ("Age, years, mean ± SD", "58.6 ± 14.2"),
        ("Hemophilia, n (%)", "7 (25.00%)"),
        ("Sex", ""),
        ("Male", "24"), ("", "(85.71%)"),
    ))
    figures = extract_figures(document(["Twenty-eight patients were included."], tables=(table,)))
    assert [(f.quote, f.events, f.total, f.unit, f.concept, f.section, f.table) for f in figures] == [
        ("Hemophilia, n (%) | 7 (25.00%)", 7, 28, "patients", "haemophilia", "table", 0)]


def test_table_split_cells_headers_and_breakdowns():
    table = Table(page=1, index=2, caption="Table 2. Outcomes by management", rows=(
        ("Variable", "Conservative", "Surgical"),
        ("", "(n = 41)", "(n = 17)"),
        ("Sex", "", ""),
        ("Male", "20", "(48.8%)"),
        ("Female", "21 (51.2%)", "9 (52.9%)"),
        ("Complete recovery, 6 months", "19 (46.3%)", "11 (64.7%)"),
    ))
    figures = extract_figures(document(["Of 58 patients, 41 were managed conservatively."], tables=(table,)))
    rows = [(f.quote, f.events, f.total, f.subgroup, f.timepoint, f.concept) for f in figures if f.section == "table"]
    assert rows == [
        ("Male | 20 (48.8%)", 20, 41, "Conservative", None, "male_sex"),
        ("Female | 21 (51.2%)", 21, 41, "Conservative", None, "female"),
        ("Female | 9 (52.9%)", 9, 17, "Surgical", None, "female"),
        ("Complete recovery, 6 months | 19 (46.3%)", 19, 41, "Conservative", "6 months", "complete_recovery"),
        ("Complete recovery, 6 months | 11 (64.7%)", 11, 17, "Surgical", "6 months", "complete_recovery"),
    ]
    male, female = (f for f in figures if f.quote.startswith(("Male", "Female | 21")))
    assert male.breakdown == female.breakdown is not None


def test_a_table_row_that_reached_the_text_is_quoted_as_label_and_cell():
    text = "Twenty-eight patients were included.\n\nMale, n (%) 24 (85.71%)"
    (figure,) = extract_figures(document([text]))
    assert (figure.quote, figure.events, figure.total, figure.outcome, figure.concept) == (
        "Male, n (%) | 24 (85.71%)", 24, 28, "Male", "male_sex")
    assert text[figure.start:figure.end] == "24 (85.71%)"


def test_bare_count_cells_are_read_only_when_the_column_agrees_on_one_total():
    table = Table(page=1, index=0, caption="Table 1. Patient characteristics at admission", rows=(
        ("", "Admission diagnosis", ""),
        ("", "Trauma and postoperative", "23 (39)"),
        ("", "Respiratory insufficiency", "16 (27)"),
        ("", "Sepsis", "10 (17)"),
        ("", "Heart rate, mean (SD)", "92 (18)"),
    ))
    figures = extract_figures(document(["We studied 59 consecutive patients."], tables=(table,)))
    assert [(f.quote, f.events, f.total, f.rule) for f in figures] == [
        ("Trauma and postoperative | 23 (39)", 23, 59, "table.column_total"),
        ("Respiratory insufficiency | 16 (27)", 16, 59, "table.column_total"),
        ("Sepsis | 10 (17)", 10, 59, "table.column_total"),
    ]


def _figures(text: str):
    from extractors.figures import extract_figures_from_text

    return extract_figures_from_text(text)


def test_an_outcome_that_points_back_takes_the_one_before():
    figures = _figures("We reviewed 44 episodes in 20 patients. Femoral neuropathy complicated 28 of the 44 episodes. "
                       "It complicated 7 of the 9 episodes in patients with inhibitors.")
    assert [(f.events, f.total, f.concept, f.subgroup) for f in figures] == [
        (28, 44, "femoral_neuropathy", None), (7, 9, "femoral_neuropathy", "patients with inhibitors")]


def test_corresponding_figures_take_outcome_and_subgroup_of_the_same_totals():
    figures = _figures("We included 58 patients. "
                       "Complete recovery at 6 months occurred in 19 of 41 conservatively treated patients (46.3%) and "
                       "in 11 of 17 surgically treated patients (64.7%). At 12 months the corresponding figures were "
                       "26/41 (63.4%) and 13/17 (76.5%).")
    assert [(f.events, f.concept, f.subgroup, f.timepoint) for f in figures if f.events in (26, 13)] == [
        (26, "complete_recovery", "conservatively treated patients", "12 months"),
        (13, "complete_recovery", "surgically treated patients", "12 months")]


def test_a_bare_head_word_is_the_concept_the_paper_named_with_it():
    figures = _figures("Femoral neuropathy complicated 28 of the 44 episodes. Twenty-one of the 35 episodes in patients "
                       "without inhibitors (60.0%) were also complicated by neuropathy.")
    assert [(f.outcome, f.concept) for f in figures] == [
        ("Femoral neuropathy", "femoral_neuropathy"), ("neuropathy", "femoral_neuropathy")]


def test_the_affected_group_is_not_a_subgroup():
    figures = _figures("Femoral nerve palsy was present in 15 of 24 patients (62.5%). Complete recovery at 6 months was "
                       "seen in 8 of the 15 patients with palsy (53.3%).")
    assert [(f.events, f.total, f.subgroup) for f in figures] == [(15, 24, None), (8, 15, None)]


def test_letters_are_named_by_the_word_the_paper_puts_before_them():
    figures = _figures("Twenty patients (A17, B3) contributed 44 episodes. Bleeding in haemophilia A and haemophilia B "
                       "was treated alike.")
    assert [(f.events, f.total, f.outcome, f.concept) for f in figures] == [
        (17, 20, "haemophilia A", "haemophilia_a"), (3, 20, "haemophilia B", "haemophilia_b")]


def test_a_table_of_other_studies_is_flagged_and_takes_its_outcome_from_the_caption():
    table = Table(page=1, index=0, caption="Table 1. Femoral nerve involvement in the six series.", rows=(
        ("Series", "Unit", "n/N (%)"), ("Ashdown 2016", "limbs", "21/32 (65.6%)"), ("Decker et al., 2019", "patients",
                                                                                  "28/36 (77.8%)")))
    figures = extract_figures(document(["Six series were included."], tables=(table,)))
    assert [(f.events, f.total, f.unit, f.concept, f.subgroup, "cites_other_work" in f.flags) for f in figures] == [
        (21, 32, "limbs", "femoral_neuropathy", None, True), (28, 36, "patients", "femoral_neuropathy", None, True)]
