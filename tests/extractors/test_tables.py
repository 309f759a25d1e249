"""Tables: ruled ones through find_tables, unruled ones through our alignment grid, cells as printed."""

from __future__ import annotations

import pymupdf
import pytest

from corpus.build_examples import EXAMPLES_DIR
from corpus.papers import PAPERS
from corpus.papers.model import Table as PaperTable
from extractors.parse import ParseOptions, parse_file
from extractors.pdf_grids import Grid, grid_tables, page_grids
from extractors.pdf_tables import plausible_text_table, text_grid
from support import pdfs

NUMBERS_TABLE = (
    ("Characteristic", "Warfarin (n = 17)", "DOAC (n = 11)"),
    ("Age, years, mean ± SD", "72.4 ± 9.1", "69.8 ± 10.2"),
    ("Male sex, n (%)", "9 (52.9%)", "6 (54.5%)"),
    ("INR > 3.0, n/N", "12/17", "NA"),
)


def _word(x0: float, y: float, text: str, height: float = 9.0, pitch: float = 4.5) -> tuple:
    """A word as PyMuPDF's get_text("words") gives it, ``pitch`` points a character."""
    return (x0, y, x0 + pitch * len(text), y + height, text, 0, 0, 0)


def _grid(*words: tuple) -> tuple[tuple[str, ...], ...]:
    found = text_grid(words, pymupdf.Rect(0, 0, 600, 800))
    assert found is not None
    return found[0]


@pytest.fixture(scope="module")
def paper_pdf(tmp_path_factory):
    return pdfs.two_column_paper(tmp_path_factory.mktemp("tables") / "paper.pdf")


def test_fast_and_pymupdf_text_tables_read_the_same_cells(paper_pdf):
    fast = parse_file(paper_pdf, ParseOptions(ocr="never", text_tables="fast"))
    slow = parse_file(paper_pdf, ParseOptions(ocr="never", text_tables="pymupdf"))
    [fast_table] = [t for t in fast.tables if t.strategy == "text"]
    [slow_table] = [t for t in slow.tables if t.strategy == "text"]
    assert fast_table.rows == slow_table.rows == pdfs.TEXT_TABLE
    assert fast_table.caption == slow_table.caption == "Table 2. Outcome at 12 months"
    assert [p.text for p in fast.pages] == [p.text for p in slow.pages]


@pytest.mark.parametrize("caption_in_table", [False, True], ids=["caption above", "caption in the first row"])
def test_ruled_table_cells_are_read_exactly_as_printed(tmp_path, caption_in_table):
    path = pdfs.ruled_table_pdf(tmp_path / "t.pdf", NUMBERS_TABLE, caption="Table 1. Patients by anticoagulant",
                                caption_in_table=caption_in_table)
    parsed = parse_file(path, ParseOptions(ocr="never"))
    [table] = parsed.tables
    assert (table.strategy, table.caption, table.rows) == ("lines", "Table 1. Patients by anticoagulant", NUMBERS_TABLE)
    assert parsed.pages[0].text == (
        "Table 1 summarises the cohort of 36 patients.\n\nTable 1. Patients by anticoagulant\n\n"
        "Femoral neuropathy was found in 14 of 36 patients.")


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_a_ruled_table_on_a_rotated_page_is_read_from_its_grid(tmp_path, rotation):
    source = pdfs.ruled_table_pdf(tmp_path / "t.pdf", NUMBERS_TABLE, caption="Table 1. Patients by anticoagulant")
    with pymupdf.open(source) as document:
        document[0].set_rotation(rotation)
        document.save(tmp_path / "rotated.pdf")
    [table] = parse_file(tmp_path / "rotated.pdf", ParseOptions(ocr="never")).tables
    assert (table.strategy, table.rows) == ("lines", NUMBERS_TABLE)


@pytest.mark.parametrize("paper", [p for p in PAPERS if p.filename.endswith(".pdf")
                                   and any(isinstance(b, PaperTable) for b in p.body)], ids=lambda p: p.filename)
def test_every_table_of_the_example_corpus_is_read_as_written(paper):
    parsed = parse_file(EXAMPLES_DIR / paper.filename, ParseOptions(ocr="never"))
    for block in (b for b in paper.body if isinstance(b, PaperTable)):
        written = tuple(tuple(" ".join(cell.split()) for cell in row) for row in (block.header, *block.rows))
        [table] = [t for t in parsed.tables if t.rows[0] == written[0]]
        assert (table.rows, table.strategy) == (written, "lines" if block.ruled else "text")


def test_text_grid_splits_cells_at_gaps_wider_than_a_space():
    assert _grid(
        _word(50, 100, "Full"), _word(72, 100, "recovery"), _word(150, 100, "30"), _word(200, 100, "68.2"),
        _word(50, 114, "Partial"), _word(86, 114, "recovery"), _word(150, 114, "11"), _word(200, 114, "25.0"),
    ) == (("Full recovery", "30", "68.2"), ("Partial recovery", "11", "25.0"))


def test_a_header_spanning_two_columns_does_not_join_them():
    assert _grid(
        _word(150, 86, "Intervention"), _word(207, 86, "(n=10)"),
        _word(150, 100, "n"), _word(200, 100, "%"),
        _word(50, 114, "Palsy"), _word(150, 114, "7"), _word(200, 114, "70"),
        _word(50, 128, "Pain"), _word(150, 128, "9"), _word(200, 128, "90"),
    ) == (("", "Intervention (n=10)", ""), ("", "n", "%"), ("Palsy", "7", "70"), ("Pain", "9", "90"))


def test_a_two_word_header_does_not_split_its_column():
    assert _grid(
        _word(150, 86, "WHO", pitch=6.0), _word(172, 86, "REMAINED", pitch=6.0),
        _word(50, 100, "Age"), _word(150, 100, "67.7, SD = 9.6"),
        _word(50, 114, "Women"), _word(150, 114, "53.1"),
        _word(50, 128, "Smoking"), _word(150, 128, "47.0"),
    ) == (("", "WHO REMAINED"), ("Age", "67.7, SD = 9.6"), ("Women", "53.1"), ("Smoking", "47.0"))


def test_rules_typed_as_dots_are_not_cells():
    assert _grid(
        _word(50, 86, "Variable"), _word(150, 86, "Value"),
        _word(50, 100, "." * 60, pitch=2.0),
        _word(50, 114, "Age"), _word(150, 114, "68"),
    ) == (("Variable", "Value"), ("Age", "68"))


@pytest.mark.parametrize("rows, plausible", [
    (pdfs.TEXT_TABLE, True),
    ((("Series", "Unit", "n/N (%)"), ("Ashdown 2016", "limbs", "21/32 (65.6%)"), ("Tao 2023", "patients", "25/28 (89.3%)")),
     True),
    ((("We reviewed all episodes of bleeding", "treated at one centre"), ("between 2005 and 2018 and found", "28")),
     False),
    ((("Palsy", "common"), ("Pain", "rare")), False),
])
def test_only_grids_with_a_numeric_column_of_short_cells_are_tables(rows, plausible):
    assert plausible_text_table(rows) is plausible


def test_a_row_label_wrapped_onto_its_own_line_joins_its_row():
    assert _grid(
        _word(50, 100, "Time"), _word(72, 100, "on"), _word(84, 100, "drug"), _word(150, 100, "16.6"),
        _word(50, 110, "(months)"),
        _word(50, 124, "Clinical"), _word(90, 124, "course"),
        _word(50, 138, "Relapsing"), _word(150, 138, "18"),
    ) == (("Time on drug (months)", "16.6"), ("Clinical course", ""), ("Relapsing", "18"))


@pytest.mark.parametrize("paper", [p for p in PAPERS if p.filename.endswith(".pdf")
                                   and any(isinstance(b, PaperTable) and b.ruled for b in p.body)], ids=lambda p: p.filename)
def test_grid_reader_and_find_tables_read_the_same_ruled_tables(paper):
    ours = parse_file(EXAMPLES_DIR / paper.filename, ParseOptions(ocr="never"))
    theirs = parse_file(EXAMPLES_DIR / paper.filename, ParseOptions(ocr="never", ruled_tables="pymupdf"))
    assert [t for t in ours.tables if t.strategy == "lines"]
    assert [(t.page, t.strategy, t.caption, t.rows) for t in ours.tables] == \
        [(t.page, t.strategy, t.caption, t.rows) for t in theirs.tables]
    for mine, other in zip(ours.tables, theirs.tables):
        assert mine.bbox == pytest.approx(other.bbox, abs=0.5)


def _box(x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float, float, float]]:
    return [(x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)]


def test_a_header_cell_spanning_two_columns_is_one_cell():
    across = [(50, y, 250, y) for y in (100, 120, 140, 160)]
    down = [(50, 100, 50, 160), (250, 100, 250, 160), (120, 100, 120, 160), (185, 120, 185, 160)]
    grid = Grid(pymupdf.Rect(50, 100, 250, 160), tuple(across + down))
    [table] = grid_tables(grid)
    assert table == [
        [(50, 100, 120, 120), (120, 100, 250, 120), None],
        [(50, 120, 120, 140), (120, 120, 185, 140), (185, 120, 250, 140)],
        [(50, 140, 120, 160), (120, 140, 185, 160), (185, 140, 250, 160)],
    ]


def test_rules_that_nearly_meet_still_close_a_cell():
    # Drawn by hand in a word processor: rules overshoot or stop short by a point or two.
    strokes = [(49, 100.8, 151, 100.8), (50, 120, 150.5, 120), (50.5, 139.2, 150, 139.2),
               (50, 101.5, 50, 139), (100.8, 100, 100.8, 140), (150, 99, 150, 141)]
    [table] = grid_tables(Grid(pymupdf.Rect(49, 99, 151, 141), tuple(strokes)))
    assert len(table) == 2 and all(len(row) == 2 and None not in row for row in table)


def test_boxes_of_a_flow_diagram_are_no_table():
    strokes = _box(100, 100, 200, 140) + _box(300, 100, 400, 140) + _box(200, 200, 300, 240) \
        + [(150, 140, 150, 200), (350, 140, 350, 200)]  # arrows
    assert grid_tables(Grid(pymupdf.Rect(100, 100, 400, 240), tuple(strokes))) == []


def _drawn_grid_rows(tmp_path, draw) -> list[list[tuple[float, float, float, float] | None]]:
    """The rows of cells read from a page on which ``draw(page)`` rules a grid."""
    document = pymupdf.open()
    page = document.new_page(width=595, height=842)
    draw(page)
    path = tmp_path / "grid.pdf"
    document.save(path)
    with pymupdf.open(path) as saved:
        [grid] = page_grids(saved[0])
        [table] = grid_tables(grid)
    return table


def test_a_rule_reaching_beyond_the_grid_still_closes_its_first_row(tmp_path):
    def draw(page):
        page.draw_line((30, 97.5), (370, 97.5), width=0.5)  # the column's top rule, wider than the table
        for y in (120, 140, 160):
            page.draw_line((50, y), (350, y), width=0.5)
        for x in (50, 150, 250, 350):
            page.draw_line((x, 100), (x, 160), width=0.5)

    rows = _drawn_grid_rows(tmp_path, draw)
    assert len(rows) == 3 and [len(row) for row in rows] == [3, 3, 3]
    assert rows[0][0][1] < 100 and rows[0][2][2] == pytest.approx(350, abs=0.5)


def test_a_rule_drawn_in_short_dashes_is_one_rule(tmp_path):
    def draw(page):
        for y in (100, 140, 160):
            page.draw_line((50, y), (250, y), width=0.5)
        x = 50.0
        while x < 250:  # the rule under the header: 2-point dashes, 1 point apart
            page.draw_line((x, 120), (min(x + 2, 250), 120), width=0.5)
            x += 3
        for x in (50, 150, 250):
            page.draw_line((x, 100), (x, 160), width=0.5)

    rows = _drawn_grid_rows(tmp_path, draw)
    assert [[round(cell[1]) for cell in row] for row in rows] == [[100, 100], [120, 120], [140, 140]]
