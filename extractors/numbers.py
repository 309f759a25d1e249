"""Reading the numbers of a cohort figure: counts in digits or words, and printed percentages.

Pure functions with no spaCy in sight, so each can be tested on one string. The word lists
come from ``extractors/rules/figures.json`` through :mod:`extractors.figure_rules`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Literal

__all__ = ["PercentFit", "events_fitting_percent", "parse_count", "parse_count_phrase", "percent_fit", "total_bounds",
           "totals_fitting_percent"]

_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_WORD_SPLIT = re.compile(r"[\s-]+")
_PHRASE = re.compile(
    r"^\s*\(?\s*(?:n\s*=\s*)?(?P<ev>[\w,-]+?)\s*(?:/|\s(?:out\s+)?of\s+(?:the\s+|these\s+|all\s+)?)\s*(?P<tot>[\w,-]+)\s*\)?\s*$",
    re.IGNORECASE,
)

# Which reading of a printed percentage reproduces it: "rounded" (a tie may go either way) or
# "truncated" (digits cut off), the two conventions papers use.
PercentFit = Literal["rounded", "truncated"]


def parse_count(text: str, number_words: Mapping[str, int]) -> int | None:
    """The whole number written as ``text``: "28", "1,855", "eleven", "Twenty-eight", "no"."""
    token = text.strip().lower()
    if not token:
        return None
    if _DIGITS.fullmatch(token):
        return int(token.replace(",", ""))
    if token in number_words:
        return number_words[token]
    parts = [p for p in _WORD_SPLIT.split(token) if p]
    if len(parts) == 2 and parts[0] in number_words and parts[1] in number_words:
        tens, ones = number_words[parts[0]], number_words[parts[1]]
        if tens % 10 == 0 and 20 <= tens <= 90 and 1 <= ones <= 9:
            return tens + ones
    return None


def parse_count_phrase(text: str, number_words: Mapping[str, int]) -> tuple[int, int] | None:
    """``(events, total)`` of a bare count phrase: "28/44", "28 of the 44", "(n = 3 of 12)".

    None when the phrase is not of that shape, or when events exceed the total.
    """
    match = _PHRASE.match(text)
    if not match:
        return None
    events = parse_count(match["ev"], number_words)
    total = parse_count(match["tot"], number_words)
    if events is None or total is None or total == 0 or events > total:
        return None
    return events, total


def _decimals(percent: str) -> int:
    return len(percent.split(".", 1)[1]) if "." in percent else 0


def percent_fit(events: int, total: int, percent: str) -> PercentFit | None:
    """How ``percent`` (as printed, e.g. "89.28") follows from events/total, or None if it does not.

    The exact value is compared with the printed one at the printed number of decimals, under
    rounding (either direction of a tie, since papers and software differ) and truncation.
    """
    if total <= 0:
        return None
    try:
        printed = float(percent)
    except ValueError:
        return None
    places = _decimals(percent)
    scale = 10 ** places
    exact = events * 100 * scale / total
    # Tolerance absorbs float noise only: a real mismatch is at least one unit of the last digit.
    eps = 1e-9 * max(1.0, exact)
    target = round(printed * scale)
    if math.floor(exact + 0.5 + eps) == target or math.ceil(exact - 0.5 - eps) == target:
        return "rounded"
    if math.floor(exact + eps) == target:
        return "truncated"
    return None


def totals_fitting_percent(events: int, percent: str, *, limit: int = 100_000) -> tuple[int, ...]:
    """Every total up to ``limit`` for which ``events`` of it prints as ``percent`` (smallest first)."""
    try:
        value = float(percent)
    except ValueError:
        return ()
    if value <= 0 or events <= 0:
        return ()
    unit = 10.0 ** -_decimals(percent)
    # Rounding reaches half a unit below the printed value, truncation a whole unit above it.
    low = max(events, math.floor(events * 100 / (value + unit)))
    floor_value = value - unit / 2
    high = limit if floor_value <= 0 else min(limit, math.ceil(events * 100 / floor_value))
    return tuple(t for t in range(low, high + 1) if percent_fit(events, t, percent))


def _target(percent: str) -> tuple[int, int] | None:
    """The printed percentage in units of its last digit, and how many of them make 1%."""
    try:
        printed = float(percent)
    except ValueError:
        return None
    if not math.isfinite(printed):
        return None
    scale = 10 ** _decimals(percent)
    return round(printed * scale), scale


# Relative slack on the bounds below, wider than the float tolerance of :func:`percent_fit`.
_SLACK = 1e-6


def events_fitting_percent(total: int, percent: str) -> tuple[int, ...]:
    """Every count of ``total`` that prints as ``percent`` (smallest first).

    Only the counts near ``percent``/100 of ``total`` can: rounding reaches half a unit of the
    last printed digit below it, truncation a whole unit above, so a 2,500,000 cohort costs a
    few tries rather than 2,500,001.
    """
    target = _target(percent)
    if total <= 0 or target is None or target[0] < 0:
        return ()
    value, scale = target
    low = max(0, math.floor((value - 0.5) * total / (100 * scale) * (1 - _SLACK)) - 1)
    high = min(total, math.ceil((value + 1) * total / (100 * scale) * (1 + _SLACK)) + 1)
    return tuple(e for e in range(low, high + 1) if percent_fit(e, total, percent))


def total_bounds(events: int, percent: str) -> tuple[int, int | None] | None:
    """``(low, high)`` outside which no total makes ``events`` print as ``percent`` (``high`` None:
    unbounded, as for "0%"), or None when no total can. A superset: check with :func:`percent_fit`."""
    target = _target(percent)
    if target is None or target[0] < 0 or events < 0:
        return None
    value, scale = target
    low = max(1, math.floor(events * 100 * scale / (value + 1) * (1 - _SLACK)) - 1)
    if value - 0.5 <= 0:
        return low, None
    return low, math.ceil(events * 100 * scale / (value - 0.5) * (1 + _SLACK)) + 1
