"""Where things live by default, and how the user overrides it."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = Path("corpus") / "evidence.sqlite"
DEFAULT_OUTPUTS = Path("outputs")
DB_ENV_VAR = "EVIDENCE_DB"


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The database path: ``--db`` first, then ``$EVIDENCE_DB``, then ``corpus/evidence.sqlite``."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(DB_ENV_VAR)
    if from_env:
        return Path(from_env)
    return DEFAULT_DB
