"""Quotes split around their figure, and links that stay file links whatever the path holds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from evidence.report.provenance import FILE_HREF, doi_href, file_href, split_quote
from evidence.schema import CohortFigure, DocumentRecord


def _figure(quote: str, start: int, end: int, sentence_start: int = 100) -> CohortFigure:
    return CohortFigure(events=28, total=44, unit="episodes", outcome="femoral neuropathy",
                        concept="femoral neuropathy", quote=quote, start=start, end=end,
                        sentence_start=sentence_start, rule="count_of.v1", page=3)


def _record(source: str, *, file_type: str = "pdf", authors=("Müller HJ",), title="T", year=2019) -> DocumentRecord:
    return DocumentRecord(id=1, source=source, sha256="0" * 64, file_type=file_type, title=title,
                          authors=authors, year=year, journal=None, doi=None, pages=8,
                          ingested_at="2025-01-01T00:00:00+00:00", status="ok")


def test_split_quote_isolates_the_figure():
    quote = "Femoral neuropathy occurred in 28 of 44 episodes (63.6%)."
    start = 100 + quote.index("28 of 44")
    assert split_quote(_figure(quote, start, start + 8)) == (
        "Femoral neuropathy occurred in ", "28 of 44", " episodes (63.6%).")


@pytest.mark.parametrize("start, end", [(90, 95), (150, 400), (100, 100)])
def test_split_quote_without_a_valid_span_keeps_the_whole_sentence(start, end):
    quote = "Femoral neuropathy occurred in 28 of 44 episodes."
    assert split_quote(_figure(quote, start, end)) == (quote, "", "")


def test_file_href_is_relative_to_the_report_and_opens_the_page(tmp_path: Path):
    pdf = tmp_path / "corpus" / "examples" / "müller 2019.pdf"
    href = file_href(_record(str(pdf)), 3, tmp_path / "outputs")
    assert href == "../corpus/examples/m%C3%BCller%202019.pdf#page=3"


def test_file_href_for_a_file_beside_the_report_starts_with_dot_slash(tmp_path: Path):
    href = file_href(_record(str(tmp_path / "a.pdf")), 1, tmp_path)
    assert href == "./a.pdf#page=1"


def test_file_href_without_report_dir_is_an_absolute_file_url(tmp_path: Path):
    href = file_href(_record(str(tmp_path / "x y.pdf")), 2, None)
    assert href.startswith("file:///") and href.endswith("/x%20y.pdf#page=2")


def test_unpaginated_sources_get_no_page_fragment(tmp_path: Path):
    assert file_href(_record(str(tmp_path / "n.txt"), file_type="txt"), None, tmp_path) == "./n.txt"


@pytest.mark.parametrize("name", [
    "javascript:alert(1).pdf", "javascript:alert(1)", "data:text/html,<script>x</script>.pdf",
    "a\"onmouseover=alert(1) .pdf", "paper#page=99?.pdf", "..\\..\\evil.pdf", " vbscript:x.pdf",
])
def test_hostile_source_names_become_plain_encoded_paths(tmp_path: Path, name: str):
    for report_dir in (tmp_path / "out", None):
        href = file_href(_record(str(tmp_path / name)), 4, report_dir)
        assert FILE_HREF.fullmatch(href), href
        scheme = href.split("/", 1)[0]
        assert scheme in (".", "..", "file:"), href
        assert href.endswith("#page=4") and href.count("#") == 1


def test_relative_source_paths_resolve_against_the_working_directory(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert file_href(_record("corpus/examples/a.pdf"), 5, tmp_path / "outputs") == "../corpus/examples/a.pdf#page=5"


@pytest.mark.parametrize("doi, expected", [
    ("10.1111/hae.12345", "https://doi.org/10.1111/hae.12345"),
    ("https://doi.org/10.1000/ABC(1)", "https://doi.org/10.1000/ABC%281%29"),
    ("doi: 10.1000/x\"><script>", "https://doi.org/10.1000/x%22%3E%3Cscript%3E"),
    ("javascript:alert(1)", ""),
    (None, ""),
])
def test_doi_href(doi, expected):
    assert doi_href(doi) == expected


@pytest.mark.parametrize("authors, year, expected", [
    (("Müller HJ", "Weber A"), 2019, "Müller 2019"),
    (("Ødegård K",), 2021, "Ødegård 2021"),
    (("李 W",), 2020, "李 2020"),
    (("van der Berg, A.",), 2003, "van der Berg 2003"),
    (("Lindqvist M.K.",), 2010, "Lindqvist 2010"),
    ((), 2020, "solberg2020_inhibitors"),
    (("Müller HJ",), None, "solberg2020_inhibitors"),
])
def test_document_label_matches_the_pooled_study_labels(authors, year, expected):
    assert _record("/data/solberg2020_inhibitors.txt", authors=authors, year=year).label == expected


def test_file_href_follows_the_location_stored_at_ingest_not_the_current_directory(tmp_path: Path, monkeypatch):
    corpus = tmp_path / "project" / "corpus" / "a.pdf"
    record = replace(_record("corpus/a.pdf"), location=str(corpus))
    monkeypatch.chdir(tmp_path)  # elsewhere: 'corpus/a.pdf' relative to here does not exist
    assert file_href(record, 2, tmp_path / "project" / "outputs") == "../corpus/a.pdf#page=2"
