"""Numbers as the report prints them: proportions, intervals, heterogeneity and p-values.

The templates receive text only, so every number passes through here once; NaN (not
estimable) always prints as an em dash, never as "nan".
"""

from __future__ import annotations

import math

__all__ = ["DASH", "fmt_ci", "fmt_count", "fmt_estimate", "fmt_number", "fmt_p",
           "fmt_percent", "fmt_prop", "fmt_weight", "is_number"]

DASH = "—"
NUMERICAL_ZERO = 1e-8


def is_number(value: float | None) -> bool:
    return value is not None and not (isinstance(value, float) and (math.isnan(value) or math.isinf(value)))


def fmt_prop(value: float | None) -> str:
    """A proportion with two decimals, as metafor's forest() prints it ('-0.00' prints as '0.00')."""
    if not is_number(value):
        return DASH
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text


def fmt_ci(lower: float | None, upper: float | None) -> str:
    if not (is_number(lower) and is_number(upper)):
        return DASH
    return f"[{fmt_prop(lower)}, {fmt_prop(upper)}]"


def fmt_estimate(value: float | None, lower: float | None, upper: float | None) -> str:
    """'0.64 [0.48, 0.78]', or the bare estimate when its interval is not estimable."""
    if not is_number(value):
        return DASH
    if not (is_number(lower) and is_number(upper)):
        return fmt_prop(value)
    return f"{fmt_prop(value)} {fmt_ci(lower, upper)}"


def fmt_weight(value: float | None) -> str:
    return f"{value:.1f}%" if is_number(value) else DASH


def fmt_percent(value: float | None) -> str:
    """A value already in percent (such as I²)."""
    return f"{value:.0f}%" if is_number(value) else DASH



def fmt_number(value: float | None, digits: int = 2) -> str:
    """A statistic such as Q or tau²; tiny non-zero values keep significant digits."""
    if not is_number(value):
        return DASH
    # Below 1e-8 an iterative estimator's tau² is zero up to its convergence tolerance.
    if NUMERICAL_ZERO <= abs(value) < 10 ** -digits:
        return f"{value:.{digits}g}"
    return f"{0.0 if abs(value) < NUMERICAL_ZERO else value:.{digits}f}"


def fmt_p(value: float | None) -> str:
    """A p-value as reviewers write it: 'p = 0.03', 'p < 0.001'."""
    if not is_number(value):
        return f"p = {DASH}"
    if value < 0.001:
        return "p < 0.001"
    return f"p = {value:.3f}" if value < 0.01 else f"p = {value:.2f}"


def fmt_count(events: int, total: int) -> str:
    return f"{events}/{total}"
