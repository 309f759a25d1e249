"""Adapter from a metaprop conformance case to :func:`pool_proportions`.

``python check.py --python evidence/pooling/conformance.py:metaprop_case`` scores this package
against the R metafor reference. A case names the counts, measure, method, test, level (in %)
and continuity correction; the answer uses the reference's field names. Where the GLMM cannot
be fitted the answer is a declared failure (``{"error": reason}``), as metafor's is.
"""

from __future__ import annotations

import math
from typing import Any

from evidence.errors import PoolingError
from evidence.pooling.api import pool_proportions

__all__ = ["metaprop_case"]

_K1_FIELDS = {"tau2": 0.0, "tau": 0.0, "I2": 0.0, "H2": 1.0, "Q": 0.0, "Q_p": 1.0}


def _metafor_k1(out: dict[str, Any]) -> None:
    """Restate a one-study result in metafor's conventions.

    We report heterogeneity of a single study as not estimable (NaN); metafor fixes tau² = 0
    and reports I² = 0, H² = 1, Q = 0 (p = 1), and for random-effects methods a prediction
    interval equal to the confidence interval.
    """
    out.update(_K1_FIELDS)
    if out["method"] != "EE":
        for scale in ("", "prop_"):
            out[f"{scale}pi_lb"] = out[f"{scale}ci_lb"]
            out[f"{scale}pi_ub"] = out[f"{scale}ci_ub"]


def metaprop_case(case: dict[str, Any]) -> dict[str, Any]:
    cc = case.get("cc", {"add": 0.5, "to": "only0"})
    if cc.get("to", "only0") != "only0":
        return {"unsupported": True}
    try:
        result = pool_proportions(case["events"], case["total"], measure=case["measure"],
                                  method=case["method"], test=case["test"],
                                  level=float(case.get("level", 95)) / 100.0, cc=float(cc.get("add", 0.5)))
    except PoolingError as exc:
        return {"error": str(exc)}
    if case["method"] == "GLMM" and result.method != "GLMM":
        return {"error": result.notes[0]}
    out = result.to_dict()
    if result.k == 1:
        _metafor_k1(out)
    # reference.R writes every non-finite number (NaN, an infinite z when se = 0) as null.
    return {key: (None if isinstance(value, float) and not math.isfinite(value) else value)
            for key, value in out.items()}
