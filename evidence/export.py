"""The corpus's cohort figures as a flat table that R's metafor and meta read directly.

One row per figure: ``study, events, total, unit, concept, subgroup, document, page`` (the
columns ``metaprop(event = events, n = total, studlab = study)`` and ``escalc(measure = "PLO",
xi = events, ni = total)`` need), then ``outcome, timepoint, quote, source`` for provenance.
CSV writes missing values as empty cells (R reads NA); JSON is an array of objects with null.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidence.errors import ReportError
from evidence.schema import CohortFigure, DocumentRecord
from evidence.store import Store

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["EXPORT_COLUMNS", "EXPORT_FORMATS", "FIGURE_KEYS", "export_figures", "figure_record", "figures_table",
           "write_figures"]

EXPORT_COLUMNS = ("study", "events", "total", "unit", "concept", "subgroup", "document", "page",
                  "outcome", "timepoint", "quote", "source")
EXPORT_FORMATS = ("csv", "json")
# The keys of a figure in `evidence figures --format json`: a contract scripts rely on.
FIGURE_KEYS = ("document", "source", "events", "total", "proportion", "percent", "unit", "outcome", "concept",
               "subgroup", "timepoint", "page", "section", "quote", "start", "end", "rule", "flags",
               "denominator_quote", "denominator_page", "breakdown", "table")


def figure_record(figure: CohortFigure, document: DocumentRecord | None) -> dict[str, Any]:
    """One figure as the public JSON object: page is null for text files, source the ingest path."""
    paginated = document.paginated if document is not None else figure.page is not None
    return {
        "document": figure.document, "source": document.source if document else None,
        "events": figure.events, "total": figure.total, "proportion": round(figure.proportion, 6),
        "percent": figure.percent, "unit": figure.unit, "outcome": figure.outcome, "concept": figure.concept,
        "subgroup": figure.subgroup, "timepoint": figure.timepoint,
        "page": figure.page if paginated else None, "section": figure.section, "quote": figure.quote,
        "start": figure.start, "end": figure.end, "rule": figure.rule, "flags": list(figure.flags),
        "denominator_quote": figure.denominator_quote,
        "denominator_page": figure.denominator_page if paginated else None,
        "breakdown": figure.breakdown, "table": figure.table,
    }


def figures_table(store: Store, *, concepts: Sequence[str] | None = None, unit: str | None = None) -> pd.DataFrame:
    """The figures of the corpus (optionally of some concepts and one unit), in corpus order."""
    import pandas as pd  # loaded only for tables: `evidence figures` needs figure_record alone

    documents = {d.id: d for d in store.documents()}
    wanted = set(concepts) if concepts else None
    rows = []
    for figure in store.figures(unit=unit):
        if wanted is not None and figure.concept not in wanted:
            continue
        document = documents[figure.document]
        public = figure_record(figure, document)
        rows.append({"study": document.label, **{key: public[key] for key in EXPORT_COLUMNS[1:]}})
    table = pd.DataFrame(rows, columns=list(EXPORT_COLUMNS))
    # Nullable integers: a missing page stays empty instead of turning the column into floats.
    return table.astype({"events": "Int64", "total": "Int64", "document": "Int64", "page": "Int64"})


def export_figures(store: Store, *, fmt: str = "csv", concepts: Sequence[str] | None = None,
                   unit: str | None = None) -> str:
    """The figures table as CSV or JSON text."""
    if fmt not in EXPORT_FORMATS:
        raise ReportError(f"'format' must be one of {', '.join(EXPORT_FORMATS)} (got {fmt!r})")
    table = figures_table(store, concepts=concepts, unit=unit)
    if fmt == "csv":
        return table.to_csv(index=False, lineterminator="\n")
    records = table.astype(object).where(table.notna(), None).to_dict(orient="records")
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def write_figures(store: Store, out: Path, *, fmt: str = "csv", concepts: Sequence[str] | None = None,
                  unit: str | None = None) -> Path:
    """Write the figures table to ``out``; returns the path written."""
    text = export_figures(store, fmt=fmt, concepts=concepts, unit=unit)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"cannot write the figures to {out}: {exc.strerror or exc}") from exc
    return out
