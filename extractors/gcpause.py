"""Pausing Python's cyclic garbage collector around work that allocates by the hundred thousand."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["gc_paused"]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector, restoring its state after (so pauses nest).

    Parsing and extraction build page dicts, spans, tokens and matches by the hundred thousand,
    nearly all freed by reference counting; their allocation alone would trigger collections
    that rescan every live object, a few percent of ingest time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
