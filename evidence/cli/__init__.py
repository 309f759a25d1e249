"""The ``evidence`` command line: a thin layer over the library.

Each subcommand parses its options, calls one library function and prints the result. Errors
the user can cause arrive as :class:`evidence.errors.EvidenceError`; they are printed as
``Error: ...`` on stderr with exit status 1. Commands live in one module per area; a command's
module is imported only when that command runs, so ``evidence docs`` does not pay for loading
spaCy, SciPy or PyMuPDF.
"""

from __future__ import annotations

import importlib
import sys

import click

from evidence import __version__
from evidence.errors import EvidenceError


# command name -> module of evidence.cli that defines it (as a function of the same name)
COMMAND_MODULES = {
    "audit": "audit_cmds", "cite": "cite_cmds", "demo": "ingest_cmds", "docs": "ingest_cmds",
    "export": "report_cmds", "extract": "ingest_cmds", "figures": "figures_cmds", "ingest": "ingest_cmds",
    "pool": "pool_cmds", "report": "report_cmds",
}


class _EvidenceGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = COMMAND_MODULES.get(name)
        if module is None:
            return None
        return getattr(importlib.import_module(f"evidence.cli.{module}"), name)

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except EvidenceError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            # Every write is one transaction, so stopping here loses nothing already stored.
            click.echo("interrupted", err=True)
            sys.exit(130)


@click.group(cls=_EvidenceGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="evidence")
def main() -> None:
    """Turn a folder of clinical papers into a pooled, auditable evidence summary.

    Example: evidence demo
    """

