"""``evidence cite``: the citation network of the corpus, its audit and the snowballing list."""

from __future__ import annotations

import json
from pathlib import Path

import click

from evidence.cli.common import db_option, echo_json, format_option, open_store
from evidence.citations import GRAPH_FORMATS, CitationReport, citation_report, export_graph
from evidence.errors import CitationError

# The text view lists this many snowballing candidates; JSON and the graph exports carry all.
SNOWBALL_SHOWN = 20


def _text(report: CitationReport) -> str:
    lines = []
    for item in report.documents:
        record = item.record
        resolved = sum(1 for v in item.resolved.values() if v is not None)
        lines.append(f"[{record.document.id}] {record.document.title or record.document.source}")
        lines.append(f"    {len(record.references)} references, {len(record.markers)} markers, "
                     f"{resolved} resolved to corpus documents")
        for finding in item.findings:
            where = f" (p. {finding.page})" if finding.page else ""
            lines.append(f"    {finding.kind}{where}: {finding.message}")
    lines.append("")
    lines.append(f"Corpus graph: {report.graph.number_of_nodes()} works, {report.graph.number_of_edges()} citations")
    for finding in report.corpus_findings:
        lines.append(f"  {finding.kind}: {finding.message}")
    if report.snowball:
        lines.append("")
        lines.append(f"Snowballing list ({len(report.snowball)} works cited but not ingested):")
        for item in report.snowball[:SNOWBALL_SHOWN]:
            lines.append(f"  {item.count}x [{', '.join(map(str, item.cited_by))}] {item.reference}")
        if len(report.snowball) > SNOWBALL_SHOWN:
            lines.append(f"  ... {len(report.snowball) - SNOWBALL_SHOWN} more (use --format json)")
    return "\n".join(lines)


@click.command()
@format_option("text", "json", "graphml", "gexf")
@click.option("--out", "out", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to this file instead of stdout.")
@click.option("--document", "document", type=int, default=None,
              help="Report on one document (its id from 'evidence docs') and its neighbours.")
@db_option
def cite(fmt: str, out: str | None, document: int | None, db: str | None) -> None:
    """Citation network: references, markers, audit findings and works to add.

    Example: evidence cite --format graphml --out corpus.graphml
    """
    with open_store(db) as store:
        report = citation_report(store, document=document)
    if fmt == "json" and out is None:
        echo_json(report.to_dict())
        return
    if fmt in GRAPH_FORMATS:
        payload = export_graph(report.graph, fmt)
    elif fmt == "json":
        payload = (json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    else:
        payload = (_text(report) + "\n").encode("utf-8")
    if out is None:
        click.echo(payload, nl=False)
        return
    try:
        Path(out).write_bytes(payload)
    except OSError as exc:
        raise CitationError(f"cannot write {out} ({exc.strerror}); choose another --out path") from exc
    click.echo(f"Wrote {fmt} to {out}", err=True)
