"""Help is documentation: every command has a one-line summary, an example, and -h works."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from evidence.cli import main

DOCUMENTED_COMMANDS = ["audit", "cite", "demo", "docs", "export", "extract", "figures", "ingest", "pool", "report"]


def test_every_issue_command_exists():
    context = click.Context(main)
    assert main.list_commands(context) == DOCUMENTED_COMMANDS
    assert all(main.get_command(context, name).name == name for name in DOCUMENTED_COMMANDS)


@pytest.mark.parametrize("name", DOCUMENTED_COMMANDS)
def test_help_has_summary_and_example(name):
    result = CliRunner().invoke(main, [name, "-h"])
    assert result.exit_code == 0
    assert "Example: evidence " + name in result.output
    assert "--db" in result.output
    assert main.get_command(click.Context(main), name).get_short_help_str(limit=200).strip()
