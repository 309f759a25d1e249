"""Exact arithmetic of printed percentages: which counts a percentage can stand for.

A percentage printed with ``d`` decimals is what the author's software made of ``events/total``.
Authors either round (half up, or half to even) or truncate; a GRIM-style test asks whether any
whole count of the stated total gives the printed string under one of those conventions. All
arithmetic is on :class:`fractions.Fraction`, so 25/28 = 89.285714... is never blurred by floats.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

__all__ = [
    "CONVENTIONS",
    "ROUNDED",
    "TRUNCATED",
    "PrintedPercent",
    "conventions_matching",
    "counts_matching",
    "denominator_range",
    "denominators_matching",
    "exact_percent",
    "format_exact",
    "format_fixed",
    "parse_percent",
    "render",
]

ROUNDED = "rounded"
TRUNCATED = "truncated"
CONVENTIONS = (ROUNDED, TRUNCATED)

_NUMBER = re.compile(r"^\s*(\d{1,3})(?:[.,·](\d{1,4}))?\s*%?\s*$")


@dataclass(frozen=True)
class PrintedPercent:
    """A percentage as printed: its exact value and how many decimals the author kept."""

    text: str
    value: Fraction
    decimals: int

    def __post_init__(self) -> None:
        if self.decimals < 0:
            raise ValueError(f"decimals must be >= 0 (got {self.decimals})")

    @property
    def quantum(self) -> Fraction:
        """The smallest step the printed precision can show (0.01 for '57.14')."""
        return Fraction(1, 10**self.decimals)


def parse_percent(text: str | None) -> PrintedPercent | None:
    """Read '57.14', '57,14' or '57.14%'; None for anything that is not a plain percentage."""
    if text is None:
        return None
    match = _NUMBER.match(text)
    if match is None:
        return None
    whole, fraction = match.group(1), match.group(2) or ""
    value = Fraction(int(whole + fraction), 10 ** len(fraction))
    return PrintedPercent(text=f"{whole}.{fraction}" if fraction else whole, value=value, decimals=len(fraction))


def exact_percent(events: int, total: int) -> Fraction:
    return Fraction(100 * events, total)


def render(exact: Fraction, decimals: int, convention: str) -> Fraction:
    """``exact`` printed with ``decimals`` decimals under ``convention`` (rounding is half up)."""
    steps = exact * 10**decimals
    if convention == TRUNCATED:
        return Fraction(math.floor(steps), 10**decimals)
    return Fraction(math.floor(steps + Fraction(1, 2)), 10**decimals)


def _renders_as(exact: Fraction, printed: PrintedPercent) -> set[str]:
    found = set()
    for convention in CONVENTIONS:
        if render(exact, printed.decimals, convention) == printed.value:
            found.add(convention)
    steps = exact * 10**printed.decimals
    # Half to even (R's and numpy's default) differs from half up only on exact ties.
    if steps.denominator == 2 and Fraction(round(steps), 10**printed.decimals) == printed.value:
        found.add(ROUNDED)
    return found


def conventions_matching(events: int, total: int, printed: PrintedPercent) -> frozenset[str]:
    """The conventions under which ``events/total`` prints as ``printed`` (empty if none)."""
    return frozenset(_renders_as(exact_percent(events, total), printed))


def counts_matching(total: int, printed: PrintedPercent, conventions: frozenset[str] = frozenset(CONVENTIONS)) -> tuple[int, ...]:
    """Every whole count of ``total`` that prints as ``printed`` under one of ``conventions``."""
    centre = printed.value * total / 100
    # A printed value covers less than one quantum, so only counts within a quantum's worth of the
    # centre (plus one for the edges) can match: no need to try all of 0..total.
    reach = math.ceil(printed.quantum * total / 100) + 1
    low, high = max(0, math.floor(centre) - reach), min(total, math.ceil(centre) + reach)
    return tuple(k for k in range(low, high + 1) if conventions_matching(k, total, printed) & conventions)


def denominator_range(events: int, printed: PrintedPercent, limit: int) -> range:
    """Totals worth trying for ``events`` at ``printed``: a superset of those that match."""
    if events == 0 or printed.value == 0:
        return range(0)
    # events/total prints as p only if it lies within one quantum q of p, so total lies in
    # [100e/(p+q), 100e/(p-q)].
    lowest = Fraction(100 * events) / (printed.value + printed.quantum)
    highest = Fraction(100 * events) / (printed.value - printed.quantum) if printed.value > printed.quantum else limit
    return range(max(events, math.floor(lowest), 1), min(limit, math.ceil(highest)) + 1)


def denominators_matching(events: int, printed: PrintedPercent, limit: int,
                          conventions: frozenset[str] = frozenset(CONVENTIONS)) -> tuple[int, ...]:
    """Every total in ``events..limit`` for which ``events/total`` prints as ``printed``."""
    return tuple(n for n in denominator_range(events, printed, limit)
                 if conventions_matching(events, n, printed) & conventions)


def format_exact(exact: Fraction, digits: int = 4) -> str:
    """A long decimal for messages, '89.2857...' when it does not terminate at ``digits``."""
    scaled = exact * 10**digits
    whole, part = divmod(math.floor(scaled), 10**digits)
    text = f"{whole}.{part:0{digits}d}".rstrip("0").rstrip(".")
    return text if scaled.denominator == 1 else f"{text}..."


def format_fixed(value: Fraction, decimals: int) -> str:
    """A rendered percentage with exactly ``decimals`` decimals, as the paper would print it."""
    scaled = value * 10**decimals
    if scaled.denominator != 1:
        raise ValueError(f"{value} does not have {decimals} decimals")
    whole, part = divmod(scaled.numerator, 10**decimals)
    return f"{whole}.{part:0{decimals}d}" if decimals else str(whole)
