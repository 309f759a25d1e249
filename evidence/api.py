"""pandas DataFrames of the corpus for notebook users: documents, figures, pooled results, audit.

Each function takes ``db``: a path to the corpus database, an open :class:`Store`, or None for
the default (``$EVIDENCE_DB`` or ``corpus/evidence.sqlite``), and returns a fresh DataFrame.

    >>> from evidence.api import pooled_frame
    >>> pooled_frame("corpus/evidence.sqlite", by="subgroup")[["concept", "unit", "k", "prop"]]
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, fields

import pandas as pd

from evidence.audit import audit_corpus
from evidence.config import resolve_db_path
from evidence.schema import AuditFinding, CohortFigure
from evidence.store import Store
from evidence.synthesis import synthesize

__all__ = ["audit_frame", "documents_frame", "figures_frame", "pooled_frame"]

Db = str | os.PathLike[str] | Store | None

POOLED_COLUMNS = ("concept", "unit", "group", "k", "measure", "method", "test", "level", "prop",
                  "prop_ci_lb", "prop_ci_ub", "prop_pi_lb", "prop_pi_ub", "tau2", "I2", "Q", "Q_p",
                  "q_between", "p_between", "warnings")


@contextmanager
def _store(db: Db) -> Iterator[Store]:
    if isinstance(db, Store):
        yield db
        return
    with Store(resolve_db_path(db), create=False) as store:
        yield store


def documents_frame(db: Db = None) -> pd.DataFrame:
    """One row per document: bibliographic fields, page count, status and number of figures."""
    with _store(db) as store:
        counts = store.figure_counts()
        rows = [{"id": d.id, "label": d.label, "title": d.title, "authors": "; ".join(d.authors),
                 "year": d.year, "journal": d.journal, "doi": d.doi, "pages": d.pages, "file_type": d.file_type,
                 "status": d.status, "n_figures": counts.get(d.id, 0), "source": d.source}
                for d in store.documents()]
    columns = ["id", "label", "title", "authors", "year", "journal", "doi", "pages", "file_type", "status",
               "n_figures", "source"]
    return pd.DataFrame(rows, columns=columns).astype({"year": "Int64"})


def figures_frame(db: Db = None, concept: str | None = None) -> pd.DataFrame:
    """One row per cohort figure with every schema field, its proportion and its study label."""
    with _store(db) as store:
        labels = {d.id: d.label for d in store.documents()}
        figures = store.figures(concept=concept)
    names = [f.name for f in fields(CohortFigure)]
    rows = [{"study": labels.get(f.document), **asdict(f), "proportion": f.proportion} for f in figures]
    table = pd.DataFrame(rows, columns=["study", *names, "proportion"])
    return table.astype({"page": "Int64", "document": "Int64", "denominator_page": "Int64", "table": "Int64"})


def _pooled_row(concept: str, unit: str, group: str | None, pooled, warnings: Sequence[str],
                subgroups=None) -> dict:
    row = {"concept": concept, "unit": unit, "group": group}
    for name in ("k", "measure", "method", "test", "level", "prop", "prop_ci_lb", "prop_ci_ub",
                 "prop_pi_lb", "prop_pi_ub", "tau2", "I2", "Q", "Q_p"):
        row[name] = getattr(pooled, name)
    row["q_between"] = subgroups.q_between if subgroups is not None else float("nan")
    row["p_between"] = subgroups.p_between if subgroups is not None else float("nan")
    row["warnings"] = "; ".join(warnings)
    return row


def pooled_frame(db: Db = None, *, concepts: Sequence[str] | None = None, unit: str | None = None,
                 by: str | None = None, measure: str = "PLO", method: str = "REML", test: str = "z",
                 level: float = 0.95) -> pd.DataFrame:
    """One row per pooled outcome (``group`` empty), then one per subgroup when ``by`` is given."""
    with _store(db) as store:
        documents = {d.id: d for d in store.documents()}
        figures = store.figures()
    analyses = synthesize(figures, documents, concepts=concepts, unit=unit, by=by, measure=measure,
                          method=method, test=test, level=level) if figures else []
    rows = []
    for a in analyses:
        rows.append(_pooled_row(a.concept, a.unit, None, a.pooled, a.warnings, a.subgroups))
        if a.subgroups is not None:
            rows += [_pooled_row(a.concept, a.unit, name, p, p.notes) for name, p in a.subgroups.groups]
    return pd.DataFrame(rows, columns=list(POOLED_COLUMNS))


def audit_frame(db: Db = None) -> pd.DataFrame:
    """One row per audit finding: document, its label, kind, severity, page, message, quotes."""
    with _store(db) as store:
        labels = {d.id: d.label for d in store.documents()}
        findings: list[AuditFinding] = audit_corpus(store)
    rows = [{"document": f.document, "study": labels.get(f.document), "kind": f.kind, "severity": f.severity,
             "page": f.page, "message": f.message, "quotes": " | ".join(f.quotes)} for f in findings]
    columns = ["document", "study", "kind", "severity", "page", "message", "quotes"]
    return pd.DataFrame(rows, columns=columns).astype({"document": "Int64", "page": "Int64"})
