"""Reading the numbers of a cohort figure: counts in digits or words, and printed percentages.

Pure functions with no spaCy in sight, so each can be tested on one string. The word lists
come from ``extractors/rules/figures.json`` through :mod:`extractors.figure_rules`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Literal

__all__ = ["PercentFit", "parse_count", "parse_count_phrase", "percent_fit", "totals_fitting_percent"]

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
