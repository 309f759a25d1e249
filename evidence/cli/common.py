"""What every subcommand shares: the --db option, opening the store, JSON and table output."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from evidence.config import DB_ENV_VAR, resolve_db_path
from evidence.store import Store

stderr_console = Console(stderr=True)


def db_option(command: Callable) -> Callable:
    """Add ``--db PATH`` to a command; the command receives ``db`` (a str or None)."""
    return click.option(
        "--db", "db", type=click.Path(dir_okay=False), default=None,
        help=f"Corpus database [default: ${DB_ENV_VAR} or corpus/evidence.sqlite].",
    )(command)


def format_option(*choices: str, default: str | None = None) -> Callable:
    return click.option("--format", "fmt", type=click.Choice(choices), default=default or choices[0],
                        show_default=True, help="Output format.")


def open_store(db: str | None, *, create: bool = False) -> Store:
    """Open the corpus; reading commands refuse to create an empty one by mistake."""
    return Store(resolve_db_path(db), create=create)


def _json_default(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def _nan_to_none(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, dict):
        return {k: _nan_to_none(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_nan_to_none(v) for v in value]
    return value


def echo_json(payload: Any) -> None:
    """Print strict JSON (NaN and infinity become null) on stdout."""
    click.echo(json.dumps(_nan_to_none(json.loads(json.dumps(payload, default=_json_default))),
                          indent=2, ensure_ascii=False))


def echo_table(columns: Sequence[str], table_rows: Iterable[Sequence[Any]], *, title: str | None = None) -> None:
    """Print a table on stdout; plain columns when piped, so the output stays greppable."""
    console = Console(file=sys.stdout, soft_wrap=False, width=None if sys.stdout.isatty() else 200)
    table = Table(*columns, title=title, show_lines=False, header_style="bold")
    for row in table_rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)


def show_progress(quiet: bool) -> bool:
    """Progress bars go to stderr, and only to a terminal."""
    return not quiet and sys.stderr.isatty()
