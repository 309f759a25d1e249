"""Fixtures of the report tests; the builders themselves live in report/builders.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from evidence.audit import audit_corpus
from evidence.report import ReportContext, ReportOptions, assemble_report
from evidence.store import Store
from report.builders import Paper, fake_synthesize, parsed_paper


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




@pytest.fixture
def context_of() -> Callable[..., ReportContext]:
    """The report context of a store, as ``build_report`` shapes it."""

    def build(store: Store, *, by: str | None = None, report_dir: Path | None = None, **options) -> ReportContext:
        documents = store.documents()
        figures = store.figures()
        analyses = fake_synthesize(figures, {d.id: d for d in documents}, by=by)
        return assemble_report(documents, figures, analyses, audit_corpus(store),
                               options=ReportOptions(by=by, citations=False, **options), report_dir=report_dir)

    return build
