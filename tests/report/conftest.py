"""Fixtures of the report tests; the builders themselves live in report/builders.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from evidence.pipeline import analyse_file
from evidence.report import ReportContext, ReportOptions, build_report
from evidence.store import Store
from report.builders import Paper, parsed_paper

EXAMPLES = Path(__file__).resolve().parents[2] / "corpus" / "examples"


@pytest.fixture
def make_store(tmp_path: Path) -> Iterator[Callable[..., Store]]:
    """Store the given papers in a fresh corpus database; stores are closed after the test."""
    opened: list[Store] = []

    def build(papers: Sequence[Paper], name: str = "corpus.sqlite") -> Store:
        store = Store(tmp_path / name)
        opened.append(store)
        for paper in papers:
            store.add_document(parsed_paper(paper))
        return store

    yield build
    for store in opened:
        store.close()


@pytest.fixture(scope="session")
def example_db(tmp_path_factory) -> Path:
    """The bundled example corpus, ingested once for the session through the real pipeline."""
    files = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".pdf", ".txt", ".md", ".html"))
    assert files, f"no example papers in {EXAMPLES}"
    path = tmp_path_factory.mktemp("examples") / "evidence.sqlite"
    with Store(path) as store:
        for file in files:
            store.add_document(analyse_file(file))
    return path


@pytest.fixture(scope="session")
def context_of() -> Callable[..., ReportContext]:
    """The report context of a store, with the citation network unless told otherwise."""

    def build(store: Store, *, report_dir: Path | None = None, **options) -> ReportContext:
        return build_report(store, ReportOptions(**options), report_dir=report_dir)

    return build
