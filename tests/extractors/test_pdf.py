"""The PDF parser on generated journal pages: reading order, markers, running matter, tables, OCR."""

from __future__ import annotations

import os

import pytest

from extractors import ocr
from extractors.parse import ParseOptions, parse_file
from support import pdfs

PAGE_1 = (
    "Iliopsoas haematoma and femoral nerve palsy in haemophilia: a retrospective case series\n\n"
    "Maria K. Lindqvist, Tomas Berg and Ana P. Ferreira\n\n"
    "https://doi.org/10.1234/jhr.2019.0112\n\n"
    "Abstract\n\n"
    "Background: Iliopsoas haematoma is a recognised complication of haemophilia. Methods: We reviewed all "
    "episodes treated at one centre between 2005 and 2018. Results: Femoral neuropathy occurred in 28 of 44 "
    "episodes. Conclusions: Nerve palsy is common and usually recovers.\n\n"
    "1. Introduction\n\n"
    "Bleeding into the iliopsoas muscle is a serious event in people with haemophilia. The haematoma can "
    "compress the femoral nerve where it passes beneath the inguinal ligament.\n\n"
    "2. Methods\n\n"
    "We searched the records of our centre for all episodes of iliopsoas bleeding confirmed by ultrasound or "
    "computed tomography.\n\n"
    "3. Results\n\n"
    "Femoral neuropathy complicated 28 of 44 episodes, a rate similar to earlier series. Most post-operative "
    "courses were uneventful.\n\n"
    "Sensory loss in the thigh was the first sign in most patients."
)
REFERENCES = (
    "References\n\n"
    "1. Fernandez-Palazzi F, Hernandez SR, De\nBosch NB. Hematomas within the iliopsoas\n"
    "muscles in hemophilic patients. Clin Orthop\nRelat Res 1996;328:19-24.\n"
    "2. Balkan C, Kavakli K, Karapinar D.\nIliopsoas haemorrhage in patients with\n"
    "haemophilia. Haemophilia 2005;11:463-7."
)
NEEDS_TESSERACT = os.environ.get("EVIDENCE_REQUIRE_TESSERACT") == "1"


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    return parse_file(pdfs.two_column_paper(tmp_path_factory.mktemp("pdf") / "paper.pdf"), ParseOptions(ocr="never"))


def test_two_column_page_reads_full_width_blocks_then_left_column_then_right(paper):
    assert paper.pages[0].text == PAGE_1


def test_a_column_break_inside_the_page_keeps_later_pages_in_order(paper):
    assert paper.pages[1].text == (
        "Lateral femoral cutaneous nerve palsy affected 15 of 28 patients.\n\n"
        "Table 1. Nerve involvement by cause of bleeding\n\n"
        "4. Discussion\n\n"
        "Early recognition of femoral nerve palsy allows timely factor replacement."
    )


def test_superscript_marker_is_a_span_where_it_stood_not_part_of_the_number(paper):
    page = paper.pages[0]
    [marker] = page.markers
    assert (marker.text, marker.superscript, marker.role) == ("12", True, "marker")
    assert page.text[marker.char_start - len("28 of 44 episodes"):marker.char_start] == "28 of 44 episodes"
    assert page.text[marker.char_start] == ","
    assert "4412" not in page.text


def test_marker_before_a_full_stop_points_at_the_full_stop(paper):
    page = paper.pages[1]
    [marker] = page.markers
    assert marker.text == "3"
    assert page.text[:marker.char_start].endswith("15 of 28 patients")
    assert page.text[marker.char_start] == "."


def test_body_spans_point_into_the_page_text(paper):
    page = paper.pages[0]
    body = [s for s in page.spans if s.role == "body"]
    assert len(body) == 24  # one per line, and the "," after the marker on its own
    for span in body:
        assert page.text[span.char_start:span.char_start + len(span.text.rstrip("-"))] == span.text.rstrip("-")


def test_running_header_footer_and_page_numbers_are_spans_not_text(paper):
    for page, number in zip(paper.pages, ("112", "113", "114")):
        margins = [(s.role, s.text, s.char_start) for s in page.spans if s.role in ("header", "footer", "page_number")]
        assert margins == [("header", pdfs.HEADER, None), ("footer", pdfs.FOOTER, None), ("page_number", number, None)]
        assert pdfs.HEADER not in page.text and "et al." not in page.text


def test_tables_of_both_strategies_have_exact_cells_and_captions(paper):
    ruled, unruled = paper.tables
    assert (ruled.page, ruled.index, ruled.strategy) == (2, 0, "lines")
    assert ruled.rows == pdfs.RULED_TABLE
    assert ruled.caption == "Table 1. Nerve involvement by cause of bleeding"
    assert (unruled.page, unruled.index, unruled.strategy) == (3, 0, "text")
    assert unruled.rows == pdfs.TEXT_TABLE
    assert unruled.caption == "Table 2. Outcome at 12 months"


def test_table_cells_stay_out_of_the_body_text(paper):
    assert "Anticoagulant" not in paper.pages[1].text
    assert "Partial recovery" not in paper.pages[2].text
    assert [s.text for s in paper.pages[2].spans if s.role == "table"][:3] == ["Outcome", "Episodes", "Percent"]


def test_reference_list_keeps_its_line_breaks_and_ends_the_sections(paper):
    references = paper.sections[-1]
    assert references.kind == "references"
    assert paper.pages[2].text[references.start:references.end] == REFERENCES


def test_sections_follow_the_headings(paper):
    assert [(s.kind, s.heading, s.page_start) for s in paper.sections] == [
        ("front", "", 1), ("abstract", "Abstract", 1), ("introduction", "1. Introduction", 1),
        ("methods", "2. Methods", 1), ("results", "3. Results", 1), ("discussion", "4. Discussion", 2),
        ("conclusion", "5. Conclusion", 3), ("references", "References", 3),
    ]


def test_metadata_comes_from_the_first_page_when_the_pdf_has_none(paper):
    meta = paper.metadata
    assert meta.title == pdfs.TITLE
    assert meta.authors == ("Lindqvist MK", "Berg T", "Ferreira AP")
    assert (meta.doi, meta.year, meta.journal) == ("10.1234/jhr.2019.0112", 2019, "Journal of Haemophilia Research")


def test_a_real_metadata_title_wins_over_the_page(tmp_path):
    path = pdfs.two_column_paper(tmp_path / "p.pdf", metadata_title="Femoral nerve palsy after iliopsoas bleeding")
    assert parse_file(path, ParseOptions(ocr="never")).metadata.title == "Femoral nerve palsy after iliopsoas bleeding"


def test_document_facts(paper):
    assert (paper.file_type, paper.status, paper.warnings, len(paper.pages)) == ("pdf", "ok", (), 3)
    assert (paper.pages[0].width, paper.pages[0].height) == pdfs.A4
    assert not any(p.image_only or p.ocr for p in paper.pages)


def test_every_page_of_a_long_paper_is_read_in_order(tmp_path):
    parsed = parse_file(pdfs.multi_page_paper(tmp_path / "long.pdf", pages=6), ParseOptions(ocr="never"))
    assert [p.text for p in parsed.pages] == [
        f"Page {k} reports 3 of 10 patients with a femoral nerve palsy." for k in range(1, 7)]


def test_image_only_page_without_ocr_is_stored_with_a_warning(tmp_path):
    parsed = parse_file(pdfs.image_only_pdf(tmp_path / "scan.pdf"), ParseOptions(ocr="never"))
    assert (parsed.status, parsed.pages[0].image_only, parsed.pages[0].text) == ("no_text", True, "")
    assert parsed.warnings == ("page 1 has no text layer and OCR is off; re-run with --ocr auto --force",)


def test_missing_tesseract_warning_names_the_fix(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "tesseract_available", lambda: False)
    parsed = parse_file(pdfs.image_only_pdf(tmp_path / "scan.pdf"))
    assert parsed.status == "no_text"
    assert parsed.warnings == (
        "page 1 has no text layer; install tesseract-ocr (apt-get install tesseract-ocr) "
        "and re-run with --ocr auto --force",)


@pytest.mark.skipif(not ocr.tesseract_available() and not NEEDS_TESSERACT,
                    reason="tesseract is not installed (apt-get install tesseract-ocr)")
def test_image_only_page_is_read_by_ocr(tmp_path):
    parsed = parse_file(pdfs.image_only_pdf(tmp_path / "scan.pdf"), ParseOptions(ocr="auto", ocr_dpi=200))
    page = parsed.pages[0]
    assert (parsed.status, page.ocr, page.image_only, parsed.warnings) == ("ocr", True, True, ())
    assert page.text == "Femoral nerve palsy was found in 25 of 28 patients."


def test_figure_pages_of_a_document_with_text_are_not_ocred(tmp_path, monkeypatch):
    def no_ocr(*args, **kwargs):
        raise AssertionError("a figure page was sent to OCR")

    monkeypatch.setattr(ocr, "tesseract_available", lambda: True)
    monkeypatch.setattr(ocr, "ocr_textpage", no_ocr)
    parsed = parse_file(pdfs.figure_page_paper(tmp_path / "figures.pdf"))
    assert (parsed.status, [p.image_only for p in parsed.pages], [p.ocr for p in parsed.pages]) == (
        "ok", [False, True], [False, False])
    assert parsed.warnings == (
        "page 2 holds only images (figures in a document with a text layer), so it was not OCRed; "
        "re-run with --ocr always --force to read them",)


def test_a_scanned_document_without_tesseract_still_names_the_fix_for_every_page(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "tesseract_available", lambda: False)
    parsed = parse_file(pdfs.image_only_pdf(tmp_path / "scan.pdf"), ParseOptions(ocr="always"))
    assert parsed.warnings == (
        "page 1 has no text layer; install tesseract-ocr (apt-get install tesseract-ocr) "
        "and re-run with --ocr auto --force",)


def test_the_word_space_carried_by_a_marker_never_merges_words(tmp_path):
    page = parse_file(pdfs.marker_spacing_pdf(tmp_path / "markers.pdf"), ParseOptions(ocr="never")).pages[0]
    assert page.text == (
        "Bleeding compressed the femoral artery in the thigh.\n\n"
        "It spread along the psoas muscle in 7 patients.\n\n"
        "Palsy followed in 28 of 44 episodes.")
    assert [(m.text, page.text[:m.char_start].rsplit(" ", 1)[-1]) for m in page.markers] == [
        ("12", "artery"), ("3", "psoas"), ("4,5", "episodes")]
    assert "arteryin" not in page.text and "psoasmuscle" not in page.text


@pytest.fixture(scope="module")
def bmj(tmp_path_factory):
    return parse_file(pdfs.bmj_style_paper(tmp_path_factory.mktemp("bmj") / "bmj.pdf"), ParseOptions(ocr="never"))


def test_bold_headings_run_into_their_paragraph_open_sections(bmj):
    assert [(s.kind, s.heading, s.page_start) for s in bmj.sections] == [
        ("front", "", 1), ("introduction", "Introduction", 1), ("methods", "Methods", 1), ("results", "Results", 1),
        ("discussion", "Discussion", 1), ("other", "Contributors", 2), ("other", "Funding", 2),
        ("other", "Competing interests", 2), ("references", "", 2)]
    methods = bmj.sections[2]
    assert bmj.pages[0].text[methods.start:methods.end].startswith("Methods. We included patients who met three criteria:")


def test_a_reference_list_without_a_heading_keeps_its_lines_and_its_labels(bmj):
    references = bmj.sections[-1]
    assert bmj.pages[1].text[references.start:] == "\n".join(
        line for label, first, second in pdfs.BMJ_REFERENCES for line in (label, first, second))


def test_a_label_running_into_the_bottom_margin_is_no_page_number(bmj):
    page = bmj.pages[1]
    assert [s.text for s in page.spans if s.role == "page_number"] == ["2"]
    assert "\n3\nLi Y, Chen J." in page.text
