"""The ``evidence`` command line: a thin layer over the library.

Each subcommand parses its options, calls one library function and prints the result. Errors
the user can cause arrive as :class:`evidence.errors.EvidenceError`; they are printed as
``Error: ...`` on stderr with exit status 1. Commands live in one module per area and register
themselves on :data:`main` when imported below.
"""

from __future__ import annotations

import sys

import click

from evidence import __version__
from evidence.errors import EvidenceError


class _EvidenceGroup(click.Group):
    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except EvidenceError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)


@click.group(cls=_EvidenceGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="evidence")
def main() -> None:
    """Turn a folder of clinical papers into a pooled, auditable evidence summary.

    Example: evidence demo
    """


# Registration by import: each module adds its commands to ``main``.
from evidence.cli import (  # noqa: E402,F401
    audit_cmds,
    cite_cmds,
    figures_cmds,
    ingest_cmds,
    pool_cmds,
    report_cmds,
)
