"""Reading rule files: JSON objects whose keys each loader checks against the keys it knows.

Every rule and vocabulary file goes through these two functions, so a typo in a key is reported
the same way everywhere: the file, the place in it, the unknown key and the keys allowed.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from evidence.errors import ExtractionError

__all__ = ["check_keys", "read_json_rules", "require_unique_ids"]


def check_keys(data: Any, allowed: Collection[str], where: str, *, required: Collection[str] = ()) -> None:
    """Refuse a non-object, an unknown key or a missing required key, naming it."""
    if not isinstance(data, Mapping):
        raise ExtractionError(f"{where}: must be a JSON object (got {type(data).__name__})")
    extra = sorted(set(data) - set(allowed))
    if extra:
        raise ExtractionError(f"{where}: unknown key(s) {', '.join(map(repr, extra))}; "
                              f"allowed keys are {', '.join(sorted(allowed))}")
    missing = sorted(set(required) - set(data))
    if missing:
        raise ExtractionError(f"{where}: missing key(s) {', '.join(map(repr, missing))}")


def require_unique_ids(ids: Sequence[str], where: str, what: str) -> None:
    """Refuse two entries with one id: a rule must be named by exactly one id."""
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ExtractionError(f"{where}: {what} ids must be unique (repeated: {', '.join(repeated)})")


def read_json_rules(source: Path | Traversable, name: str | None = None) -> dict[str, Any]:
    """The JSON object in a rule file; unreadable or malformed files are an ExtractionError."""
    label = name or str(source)
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ExtractionError(f"{label}: cannot read the rule file ({exc.strerror or exc}); reinstall evidence "
                              "or restore the file") from exc
    except json.JSONDecodeError as exc:
        raise ExtractionError(f"{label}: not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise ExtractionError(f"{label}: must be a JSON object (got {type(data).__name__})")
    return data
