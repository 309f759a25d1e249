"""PyMuPDF, imported without its optional ONNX layout analyser.

PyMuPDF 2 imports ``pymupdf.layout`` whenever the pymupdf-layout package is installed, which
costs about a second per process (and per ingest worker). evidence does its own layout analysis
and calls ``find_tables(use_layout=False)``, so the analyser is kept out while PyMuPDF loads;
code that wants it can still ``import pymupdf.layout`` afterwards.
"""

from __future__ import annotations

import sys

_blocked = "pymupdf" not in sys.modules and "pymupdf.layout" not in sys.modules
if _blocked:
    sys.modules["pymupdf.layout"] = None  # type: ignore[assignment]  # makes its import fail fast
try:
    import pymupdf  # noqa: E402
finally:
    if _blocked:
        del sys.modules["pymupdf.layout"]

__all__ = ["pymupdf"]
