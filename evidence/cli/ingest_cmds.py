"""Corpus commands: ``ingest``, ``docs``, ``extract`` and the end-to-end ``demo``."""

from __future__ import annotations

import contextlib
import math
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from evidence.cli.common import db_option, echo_json, echo_table, format_option, open_store, show_progress, stderr_console
from evidence.config import DEFAULT_OUTPUTS, resolve_db_path
from evidence.executors import default_jobs
from evidence.store import Store
from extractors.parse import MEGABYTE, ParseOptions

if TYPE_CHECKING:
    from evidence.ingest import FileOutcome, IngestSummary



@contextlib.contextmanager
def _progress(enabled: bool, label: str) -> Iterator[tuple]:
    """A progress bar on stderr (or nothing); yields (set_total, advance)."""
    if not enabled:
        yield (lambda total: None), (lambda: None)
        return
    bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=stderr_console, transient=True)
    with bar:
        task = bar.add_task(label, total=None)
        yield (lambda total: bar.update(task, total=total)), (lambda: bar.advance(task))


def _report_outcome(outcome: FileOutcome, quiet: bool) -> None:
    if outcome.status == "failed":
        click.echo(f"failed: {outcome.message}", err=True)
    elif quiet:
        return
    elif outcome.status == "skipped":
        click.echo(f"skipped (already in corpus as document {outcome.document}): {outcome.source}", err=True)
    for warning in outcome.warnings:
        click.echo(f"warning: {outcome.source}: {warning}", err=True)


def _run_ingest(store: Store, paths: list[str], *, options: ParseOptions, force: bool, jobs: int | None,
                quiet: bool) -> IngestSummary:
    try:
        from evidence.ingest import ingest_paths

        with _progress(show_progress(quiet), "ingesting") as (set_total, advance):
            def on_outcome(outcome: FileOutcome) -> None:
                _report_outcome(outcome, quiet)
                advance()

            return ingest_paths(store, paths, options=options, force=force, jobs=jobs,
                                on_outcome=on_outcome, on_total=set_total)
    except KeyboardInterrupt:
        click.echo("interrupted: every document stored so far is complete; run the same command "
                   "again to finish", err=True)
        sys.exit(130)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--force", is_flag=True, help="Re-ingest files already in the corpus (same sha256).")
@click.option("--ocr", type=click.Choice(["auto", "never", "always"]), default="auto", show_default=True,
              help="OCR image-only pages with Tesseract: when needed and installed, never, or every page.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes that parse files [default: number of cores].")
@click.option("--max-pages", type=click.IntRange(min=1), default=ParseOptions().max_pages, show_default=True,
              help="Refuse documents with more pages.")
@click.option("--max-mb", type=click.IntRange(min=1), default=ParseOptions().max_bytes // MEGABYTE,
              show_default=True, help="Refuse files larger than this many megabytes.")
@click.option("--quiet", "-q", is_flag=True, help="Only errors and the summary line.")
@db_option
def ingest(paths: tuple[str, ...], force: bool, ocr: str, jobs: int | None, max_pages: int, max_mb: int,
           quiet: bool, db: str | None) -> None:
    """Read PDFs, text, Markdown and HTML files (and folders, recursively) into the corpus.

    Each file is parsed (reading order, sections, tables, references, cohort figures) and stored
    in one transaction; files already in the corpus are skipped. Exits 1 if any file failed.

    Example: evidence ingest papers/ extra/smith2021.pdf --jobs 2
    """
    options = ParseOptions(ocr=ocr, max_pages=max_pages, max_bytes=max_mb * MEGABYTE)
    with open_store(db, create=True) as store:
        summary = _run_ingest(store, list(paths), options=options, force=force, jobs=jobs, quiet=quiet)
    if summary.ignored and not quiet:
        click.echo(f"ignored {len(summary.ignored)} files with other extensions", err=True)
    click.echo(summary.line())
    if summary.failed:
        sys.exit(1)


@click.command()
@format_option("table", "json")
@db_option
def docs(fmt: str, db: str | None) -> None:
    """List the documents in the corpus.

    Example: evidence docs --format json
    """
    with open_store(db) as store:
        documents = store.documents()
        counted = store.figure_counts()
    figure_counts = {d.id: counted.get(d.id, 0) for d in documents}
    if fmt == "json":
        echo_json([{**d.to_dict(), "figures": figure_counts[d.id]} for d in documents])
        return
    echo_table(["id", "year", "first author", "title", "pages", "figures", "status", "source"],
               [(d.id, d.year, d.first_author, _shorten(d.title, 60), d.pages, figure_counts[d.id],
                 d.status + (f" ({len(d.warnings)} warnings)" if d.warnings else ""), d.source)
                for d in documents])


def _shorten(text: str | None, width: int) -> str:
    if not text:
        return ""
    return text if len(text) <= width else text[: width - 1] + "…"


@click.command()
@click.option("--force", is_flag=True, help="Re-extract every document, not only those read by an older extractor.")
@click.option("--document", type=int, default=None, help="Only this document id.")
@db_option
def extract(force: bool, document: int | None, db: str | None) -> None:
    """Read cohort figures, references and citation markers from the stored documents.

    Ingest already does this; run it after upgrading evidence (documents read by an older
    extractor are redone) or with --force to redo everything.

    Example: evidence extract --force
    """
    from evidence.extract import extract_corpus

    with open_store(db) as store:
        summary = extract_corpus(store, force=force, document=document)
    for failure in summary.failures:
        click.echo(f"failed: {failure}", err=True)
    click.echo(summary.line())
    if summary.failures:
        sys.exit(1)


@click.command()
@click.option("--out", type=click.Path(dir_okay=False), default=str(DEFAULT_OUTPUTS / "report.html"),
              show_default=True, help="Where to write the HTML report.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes.")
@click.option("--quiet", "-q", is_flag=True, help="Only errors and the final lines.")
@db_option
def demo(out: str, jobs: int | None, quiet: bool, db: str | None) -> None:
    """Run the whole job on the bundled example corpus: ingest, extract, audit, pool, report.

    Example: evidence demo
    """
    from evidence.demo import example_corpus_dir, finish_demo

    examples = example_corpus_dir()
    db_path = resolve_db_path(db)
    click.echo(f"Example corpus: {examples}")
    click.echo(f"Corpus database: {db_path}")
    with Store(db_path) as store:
        ingested = _run_ingest(store, [str(examples)], options=ParseOptions(), force=False,
                               jobs=jobs or default_jobs(), quiet=quiet)
        click.echo(ingested.line())
        summary = finish_demo(store, Path(out))
    if summary.refreshed.extracted:
        click.echo(summary.refreshed.line())
    click.echo(f"{summary.documents} documents, {summary.pages} pages, {summary.figures} cohort figures, "
               f"{summary.references} references, {summary.markers} citation markers")
    click.echo("\nPooled proportions (random effects, logit transform, REML), outcomes with k >= 2:")
    for analysis in summary.pooled:
        estimate = analysis.pooled
        heterogeneity = "" if math.isnan(estimate.I2) else f", I² {estimate.I2:.0f}%"
        click.echo(f"  {analysis.concept} ({analysis.unit}): k={estimate.k}, {estimate.prop:.1%} "
                   f"[{estimate.prop_ci_lb:.1%}, {estimate.prop_ci_ub:.1%}]{heterogeneity}")
    single = len(summary.analyses) - len(summary.pooled)
    click.echo(f"  ... and {single} outcomes reported by a single study (see the report)")
    click.echo(f"\nAudit: {summary.audit_findings} findings in the papers' own numbers; citations: "
               f"{summary.citation_findings} corpus findings, {summary.not_ingested} works cited but not ingested")
    click.echo(f"\nReport: {summary.report}")
