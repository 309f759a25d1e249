"""The ``audit`` command: the consistency audit of each paper's own numbers."""

from __future__ import annotations

from collections.abc import Sequence

import click

from evidence.audit import audit_corpus
from evidence.cli.common import db_option, echo_json, format_option, open_store
from evidence.schema import AuditFinding, DocumentRecord


def _heading(record: DocumentRecord) -> str:
    return f"[{record.id}] {record.title} ({record.source})" if record.title else f"[{record.id}] {record.source}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render_text(findings: Sequence[AuditFinding], documents: Sequence[DocumentRecord]) -> str:
    """One block per document with findings, one line per finding, its quotes indented below."""
    lines: list[str] = []
    for record in documents:
        mine = [f for f in findings if f.document == record.id]
        if not mine:
            continue
        lines.append(_heading(record))
        for item in mine:
            where = f"p. {item.page}" if item.page is not None else "p. -"
            severity = "" if item.severity == "warning" else f" ({item.severity})"
            lines.append(f"  {where:<6} {item.kind}{severity}: {item.message}")
            lines.extend(f"           \"{quote}\"" for quote in item.quotes)
        lines.append("")
    audited = _plural(len(documents), "document")
    if findings:
        flagged = len({f.document for f in findings})
        lines.append(f"{_plural(len(findings), 'finding')} in {flagged} of {audited}")
    else:
        lines.append(f"no findings in {audited}")
    return "\n".join(lines)


@click.command()
@format_option("text", "json")
@click.option("--document", type=int, default=None, help="Only this document id (see 'evidence docs').")
@db_option
def audit(fmt: str, document: int | None, db: str | None) -> None:
    """Check each paper's own numbers: percentages, repeated values, breakdowns, subgroups.

    Finding kinds: percent_mismatch, percent_count_mismatch, inconsistent_value, breakdown_sum,
    events_exceed_total, subgroup_exceeds_cohort. Findings are reported, never fixed.

    Example: evidence audit --format json --document 3
    """
    with open_store(db) as store:
        findings = audit_corpus(store, document=document)
        documents = [store.document(document)] if document is not None else store.documents()
    if fmt == "json":
        sources = {d.id: d.source for d in documents}
        echo_json([{**f.to_dict(), "source": sources.get(f.document)} for f in findings])
        return
    click.echo(render_text(findings, documents))
