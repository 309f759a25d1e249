"""``evidence figures``: list the cohort figures read from the corpus, with their provenance."""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from typing import Any

import click

from evidence.cli.common import db_option, echo_json, echo_table, format_option, open_store
from evidence.export import FIGURE_KEYS, figure_record

# The public keys of one figure, in output order; JSON and CSV share them.
_TABLE_COLUMNS = ("doc", "page", "events/total", "unit", "concept", "outcome", "subgroup", "timepoint", "rule")
_QUOTE_WIDTH = 60


def _echo_csv(records: Sequence[dict[str, Any]]) -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=FIGURE_KEYS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({**record, "flags": ";".join(record["flags"])})


@click.command()
@click.option("--concept", default=None, help="Only figures of this concept id (e.g. femoral_neuropathy).")
@click.option("--document", "document", type=int, default=None, help="Only figures of this document id.")
@format_option("table", "json", "csv")
@db_option
def figures(concept: str | None, document: int | None, fmt: str, db: str | None) -> None:
    """List the cohort figures read from the corpus, each with where it was read.

    Example: evidence figures --concept femoral_neuropathy --format json
    """
    with open_store(db) as store:
        if document is not None:
            store.document(document)
        documents = {d.id: d for d in store.documents()}
        found = store.figures(concept=concept, document=document)
    records = [figure_record(f, documents.get(f.document)) for f in found]
    if fmt == "json":
        echo_json(records)
    elif fmt == "csv":
        _echo_csv(records)
    else:
        echo_table(_TABLE_COLUMNS, (
            (r["document"], r["page"] if r["page"] is not None else "-", f"{r['events']}/{r['total']}", r["unit"],
             r["concept"], r["outcome"][:_QUOTE_WIDTH], r["subgroup"], r["timepoint"], r["rule"])
            for r in records), title=f"{len(records)} cohort figures")
