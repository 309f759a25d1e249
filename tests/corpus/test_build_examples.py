"""The example corpus: built deterministically, committed up to date, laid out like journal pages,
and consistent with its hand-made gold annotation."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pymupdf
import pytest

from corpus.build_examples import EXAMPLES_DIR, GUTTER, MARGIN, PAGE_W, write_example_corpus
from corpus.papers import PAPERS
from corpus.papers.works import ALL_WORKS

GOLD = Path(__file__).parents[1] / "data" / "gold" / "example_corpus.jsonl"
README = EXAMPLES_DIR.parent / "README.md"
SUPERSCRIPT = pymupdf.TEXT_FONT_SUPERSCRIPT


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_example_corpus(tmp_path_factory.mktemp("examples"))


@pytest.fixture(scope="module")
def pdfs(built: list[Path]) -> list[Path]:
    return [p for p in built if p.suffix == ".pdf"]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _lines(page: pymupdf.Page) -> list[tuple[float, str, list[dict]]]:
    out = []
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", []):
            spans = line["spans"]
            out.append((line["bbox"][0], "".join(s["text"] for s in spans), spans))
    return out


def _reader_text(path: Path) -> str:
    """Body text as a reader quotes it: no superscripts, hyphenated line ends rejoined."""
    if path.suffix == ".txt":
        return " ".join(path.read_text(encoding="utf-8").split())
    parts = []
    for page in pymupdf.open(path):
        for _, _, spans in _lines(page):
            kept = [s["text"] for s in spans if not (s["flags"] & SUPERSCRIPT and s["text"].strip())]
            parts.append("".join(kept).strip())
    # The builder breaks words only at its own hyphenation points, never at a printed hyphen.
    return re.sub(r"-\n", "", "\n".join(parts)).replace("\n", " ")


def _collapse(text: str) -> str:
    return " ".join(text.split())


def test_build_writes_six_pdfs_and_one_text_paper(built: list[Path]) -> None:
    assert len([p for p in built if p.suffix == ".pdf"]) >= 6
    assert len([p for p in built if p.suffix == ".txt"]) == 1
    assert all(p.stat().st_size > 2000 for p in built)


def test_build_is_deterministic(built: list[Path], tmp_path: Path) -> None:
    again = write_example_corpus(tmp_path)
    assert [_sha(p) for p in again] == [_sha(p) for p in built]


def test_committed_examples_equal_a_fresh_build(built: list[Path]) -> None:
    stale = [p.name for p in built if not (EXAMPLES_DIR / p.name).exists() or _sha(EXAMPLES_DIR / p.name) != _sha(p)]
    assert stale == [], "run `python -m corpus.build_examples` and commit corpus/examples/"


def test_readme_names_every_paper(built: list[Path]) -> None:
    readme = README.read_text(encoding="utf-8")
    assert [p.name for p in built if p.name not in readme] == []


def test_pdf_metadata_is_set(pdfs: list[Path]) -> None:
    for path, paper in zip(pdfs, [p for p in PAPERS if p.filename.endswith(".pdf")]):
        meta = pymupdf.open(path).metadata
        assert meta["title"] == paper.work.title
        assert meta["subject"] == paper.journal_name
        assert meta["author"].startswith(paper.author_names[0][0])
        assert meta["creationDate"] == paper.published


def test_every_page_has_running_header_and_page_number(pdfs: list[Path]) -> None:
    for path in pdfs:
        doc = pymupdf.open(path)
        assert doc.page_count >= 2, path.name
        for page in doc:
            texts = [t for _, t, _ in _lines(page)]
            assert doc.metadata["subject"] in texts, (path.name, page.number)
            assert str(page.number + 1) in texts, (path.name, page.number)


def test_body_is_set_in_two_columns(pdfs: list[Path]) -> None:
    for path in pdfs:
        first = pymupdf.open(path)[0]
        starts = [x0 for x0, text, _ in _lines(first) if len(text) > 20]
        assert min(starts) < PAGE_W / 2 < max(starts), path.name


def test_superscripts_are_small_raised_spans(pdfs: list[Path]) -> None:
    for path in pdfs:
        found = []
        for page in pymupdf.open(path):
            for _, _, spans in _lines(page):
                for before, sup in zip(spans, spans[1:]):
                    # MuPDF gives the space after a marker the marker's flags; only ink counts.
                    if sup["flags"] & SUPERSCRIPT and sup["text"].strip():
                        found.append(sup)
                        assert sup["size"] < before["size"]
                        assert sup["origin"][1] < before["origin"][1]
        assert found, path.name


def test_a_marker_follows_a_number_directly() -> None:
    # "in 5 of 6" followed by the superscript marker must never read as "in 5 of 64".
    page = pymupdf.open(EXAMPLES_DIR / "whitfield2024_narrative_review.pdf")[0]
    pairs = [
        (before["text"], sup["text"])
        for _, _, spans in _lines(page)
        for before, sup in zip(spans, spans[1:])
        if sup["flags"] & SUPERSCRIPT
    ]
    assert any(text.endswith("6") for text, _ in pairs)
    assert any(text.endswith("episodes") for text, _ in pairs)


def test_some_words_are_hyphenated_across_line_ends(pdfs: list[Path]) -> None:
    broken = [
        text
        for path in pdfs
        for page in pymupdf.open(path)
        for _, text, _ in _lines(page)
        if re.search(r"[a-z]-$", text)
    ]
    assert len(broken) >= 3


def _caption(path: Path) -> tuple[pymupdf.Page, pymupdf.Rect]:
    found = [
        (page, pymupdf.Rect(line["bbox"]))
        for page in pymupdf.open(path)
        for block in page.get_text("dict")["blocks"]
        for line in block.get("lines", [])
        if "".join(s["text"] for s in line["spans"]).startswith("Table 1.")
    ]
    assert len(found) == 1, path.name
    return found[0]


def _under(caption: pymupdf.Rect) -> pymupdf.Rect:
    column_right = caption.x0 + (PAGE_W - 2 * MARGIN - GUTTER) / 2
    return pymupdf.Rect(caption.x0 - 2, caption.y1, column_right + 2, caption.y1 + 220)


def test_each_pdf_has_a_captioned_table_with_aligned_columns(pdfs: list[Path]) -> None:
    for path in pdfs:
        page, caption = _caption(path)
        rows: dict[int, list[tuple[float, float]]] = {}
        for x0, _, x1, y1, *_ in page.get_text("words", clip=_under(caption)):
            rows.setdefault(round(y1), []).append((x0, x1))
        # A table row is a line whose words leave a column-sized gap, unlike justified prose.
        tabular = [
            y for y, words in rows.items() if any(b[0] - a[1] > 12 for a, b in zip(sorted(words), sorted(words)[1:]))
        ]
        assert len(tabular) >= 6, path.name


@pytest.mark.parametrize(
    "name", ["tao2023_mixed_etiology.pdf", "decker2019_anticoagulant_hematoma.pdf"], ids=["ruled", "unruled"]
)
def test_pymupdf_finds_the_table(name: str) -> None:
    page, caption = _caption(EXAMPLES_DIR / name)
    tables = page.find_tables(clip=_under(caption)).tables
    assert tables and tables[0].row_count >= 10


def test_ruled_and_unruled_tables_both_occur(pdfs: list[Path]) -> None:
    ruled = {path.name: bool(pymupdf.open(path)[0].get_drawings()) for path in pdfs}
    assert any(ruled.values()) and not all(ruled.values())


def test_each_paper_ends_with_its_reference_list(built: list[Path]) -> None:
    for path in built:
        text = _reader_text(path)
        refs = text[text.rindex("References") :]
        assert refs.count("doi:10.5555/") >= 4, path.name


def test_papers_cite_only_earlier_work_and_each_other() -> None:
    own = {paper.work.key: paper.work.year for paper in PAPERS}
    for paper in PAPERS:
        cited = set(re.findall(r"\[\[@?([^\]]+)\]\]", " ".join(getattr(b, "text", "") for b in paper.body)))
        keys = {k.strip() for group in cited for k in group.split(",")}
        assert all(ALL_WORKS[k].year < paper.work.year for k in keys), paper.filename
        if paper.work.key != "ashdown2016":
            assert keys & set(own), f"{paper.filename} cites no other example paper"


def test_gold_figures_are_printed_in_their_documents(built: list[Path]) -> None:
    texts = {p.name: _collapse(_reader_text(p)) for p in built}
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    assert {row["doc"] for row in rows} == set(texts)
    for row in rows:
        assert 0 <= row["events"] <= row["total"], row
        for part in row["text"].split(" | "):
            assert _collapse(part) in texts[row["doc"]], row
