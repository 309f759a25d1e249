"""Commands of this area register on evidence.cli.main."""

from evidence.cli import main  # noqa: F401
