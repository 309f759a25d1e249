"""``evidence report`` and ``evidence export``: the evidence summary, and the figures for R."""

from __future__ import annotations

from pathlib import Path

import click

from evidence.cli.common import db_option, format_option, open_store
from evidence.cli.pooling_options import pooling_options
from evidence.config import DEFAULT_OUTPUTS
from evidence.export import EXPORT_FORMATS, export_figures, write_figures
from evidence.report import write_report
from evidence.report.build import DEFAULT_TITLE


@click.command()
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=f"File to write [default: {DEFAULT_OUTPUTS}/report.html, or report.md with --format md].")
@click.option("--concept", "concepts", multiple=True, help="Report only this concept (repeatable).")
@click.option("--unit", default=None, help="Report only figures counted in this unit (patients, episodes, ...).")
@pooling_options
@click.option("--title", default=DEFAULT_TITLE, show_default=True, help="Title printed at the top of the report.")
@format_option("html", "md")
@db_option
def report(out, concepts, unit, by, measure, method, test, level, title, fmt, db) -> None:
    """Write the evidence summary (one self-contained HTML file) and print its path.

    Every pooled number links to the sentence and page it was read from.

    Example: evidence report --by subgroup --out outputs/report.html
    """
    path = out or DEFAULT_OUTPUTS / f"report.{fmt}"
    with open_store(db) as store:
        written = write_report(store, path, fmt=fmt, concepts=concepts or None, unit=unit, by=by,
                               measure=measure, method=method, test=test, level=level, title=title)
    click.echo(str(written))


@click.command()
@format_option(*EXPORT_FORMATS)
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (and print its path) instead of stdout.")
@click.option("--concept", "concepts", multiple=True, help="Export only this concept (repeatable).")
@click.option("--unit", default=None, help="Export only figures counted in this unit.")
@db_option
def export(fmt, out, concepts, unit, db) -> None:
    """Export the cohort figures as a table that R metafor and meta read directly.

    Columns: study, events, total, unit, concept, subgroup, document, page, outcome, timepoint,
    quote, source. In R: d <- read.csv("figures.csv"); meta::metaprop(events, total, study, data = d)

    Example: evidence export --format csv --out outputs/figures.csv
    """
    with open_store(db) as store:
        if out is None:
            click.echo(export_figures(store, fmt=fmt, concepts=concepts or None, unit=unit), nl=False)
        else:
            click.echo(str(write_figures(store, out, fmt=fmt, concepts=concepts or None, unit=unit)))
