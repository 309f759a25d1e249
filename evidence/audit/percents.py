"""Do a paper's percentages fit its counts? The GRIM-style half of the numbers audit.

First the paper's convention is read from its own figures: a percentage is *decisive* when
rounding and truncation print ``events/total`` differently (25/28 is 89.29 rounded, 89.28
truncated), and the paper rounds or truncates when its decisive percentages agree. Then each
percentage is tested against the whole counts of its total:

- ``percent_mismatch``: no whole count prints as the percentage (a miscomputed percentage), or
  it fits only under the convention the rest of the paper does not use (severity ``info``);
- ``percent_count_mismatch``: a count and percentage printed together that say different
  things ("24 (46.15%)" of 28: 24/28 is 85.71%).
"""

from __future__ import annotations

from collections.abc import Sequence
import math
import re
from dataclasses import dataclass
from fractions import Fraction

from evidence.audit.arithmetic import (
    CONVENTIONS,
    ROUNDED,
    TRUNCATED,
    PrintedPercent,
    conventions_matching,
    counts_matching,
    denominator_range,
    denominators_matching,
    exact_percent,
    format_exact,
    format_fixed,
    parse_percent,
    render,
)
from evidence.audit.findings import (
    DENOMINATOR_INFERRED,
    PERCENT_COUNT_MISMATCH,
    PERCENT_MISMATCH,
    PERCENT_ONLY,
    denominator_note,
    denominator_quotes,
    finding,
    reports_other_work,
    stated_value,
)
from evidence.schema import AuditFinding, CohortFigure

__all__ = ["MIN_DECISIVE", "PaperConvention", "audit_percents", "infer_convention"]

# Two agreeing decisive percentages, and none against, before a paper is said to follow a
# convention: one could be a slip, and a lone switch is only reported against a settled habit.
MIN_DECISIVE = 2

# An alternative denominator is named only when it is the single one up to this many times the
# stated total; beyond that the match says nothing about what the author meant.
ALTERNATIVE_TOTAL_FACTOR = 10

# When misfits might share a total, totals up to this size are tried: larger cohorts are rare in
# the case series we read, and the search stays well under a second.
SHARED_BASE_LIMIT = 20_000

GRIM, COUNT, SWITCH = "grim", "count", "switch"

_INTEGER = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d]|[.,]\d)|(?<![\d.,])\d+(?![\d]|[.,]\d)")

Triple = tuple[int, int, str]


@dataclass(frozen=True)
class PaperConvention:
    """How many of a paper's decisive percentages only rounding, or only truncation, explains."""

    rounded: int = 0
    truncated: int = 0

    def __post_init__(self) -> None:
        if self.rounded < 0 or self.truncated < 0:
            raise ValueError(f"vote counts must be >= 0 (got {self.rounded}, {self.truncated})")

    @property
    def settled(self) -> str | None:
        """'rounded' or 'truncated' when the paper's habit is clear, else None."""
        if self.rounded >= MIN_DECISIVE and self.truncated == 0:
            return ROUNDED
        if self.truncated >= MIN_DECISIVE and self.rounded == 0:
            return TRUNCATED
        return None

    @property
    def name(self) -> str:
        if self.settled:
            return self.settled
        return "mixed" if self.rounded and self.truncated else "undetermined"

    def describe(self) -> str:
        if self.settled:
            verb = "rounds" if self.settled == ROUNDED else "truncates"
            votes = max(self.rounded, self.truncated)
            return f"this paper {verb} (in {votes} of {votes} percentages where the two differ)"
        if self.name == "mixed":
            return (f"this paper mixes rounding ({self.rounded}) and truncation ({self.truncated}) "
                    f"where the two differ")
        return (f"this paper's convention is undetermined ({self.rounded} rounded, {self.truncated} "
                f"truncated where the two differ)")


def _decisive_votes(figures: Sequence[CohortFigure]) -> dict[Triple, str]:
    votes: dict[Triple, str] = {}
    for figure in figures:
        printed = parse_percent(figure.percent)
        if printed is None or PERCENT_ONLY in figure.flags or reports_other_work(figure):
            # A count the extractor derived from the percentage says nothing about the author's
            # habit, and another paper's percentage says nothing about this one's.
            continue
        matched = conventions_matching(figure.events, figure.total, printed)
        if len(matched) == 1:
            votes[(figure.events, figure.total, printed.text)] = next(iter(matched))
    return votes


def infer_convention(figures: Sequence[CohortFigure]) -> PaperConvention:
    """The paper's rounding habit, from its distinct decisive percentages."""
    return _tally(_decisive_votes(figures).values())


def _tally(votes) -> PaperConvention:
    votes = list(votes)
    return PaperConvention(rounded=votes.count(ROUNDED), truncated=votes.count(TRUNCATED))


def _how_it_prints(exact: Fraction, decimals: int) -> str:
    rounded, truncated = (format_fixed(render(exact, decimals, c), decimals) for c in CONVENTIONS)
    if rounded == truncated:
        return f"{rounded} rounded or truncated"
    return f"{rounded} rounded, {truncated} truncated"


def _subject(figure: CohortFigure, value: str) -> str:
    return f"{figure.outcome} {value} of {figure.total} {figure.unit}{denominator_note(figure)}"


def _grim(figure: CohortFigure, printed: PrintedPercent, convention: PaperConvention) -> AuditFinding:
    if PERCENT_ONLY in figure.flags:
        centre = printed.value * figure.total / 100
        shown = min(figure.total, math.floor(centre + Fraction(1, 2)))
        lead = "the nearest, "
    else:
        shown, lead = figure.events, ""
    exact = exact_percent(shown, figure.total)
    message = (f"{_subject(figure, stated_value(figure))}: {printed.text}% matches no whole count of "
               f"{figure.total}; {lead}{shown}/{figure.total} = {format_exact(exact)}% prints as "
               f"{_how_it_prints(exact, printed.decimals)}; {convention.describe()}")
    return finding(PERCENT_MISMATCH, message, [figure], extra_quotes=denominator_quotes(figure))


def _switch(figure: CohortFigure, printed: PrintedPercent, convention: PaperConvention) -> AuditFinding:
    habit = convention.settled
    other = TRUNCATED if habit == ROUNDED else ROUNDED
    exact = exact_percent(figure.events, figure.total)
    as_habit = format_fixed(render(exact, printed.decimals, habit), printed.decimals)
    message = (f"{_subject(figure, stated_value(figure))}: {figure.events}/{figure.total} = "
               f"{format_exact(exact)}% {other}, not {habit} ({as_habit}), while {convention.describe()}")
    return finding(PERCENT_MISMATCH, message, [figure], severity="info", extra_quotes=denominator_quotes(figure))


def _count_mismatch(figure: CohortFigure, printed: PrintedPercent, convention: PaperConvention,
                    accepted: frozenset[str]) -> AuditFinding:
    exact = exact_percent(figure.events, figure.total)
    shown = format_fixed(render(exact, printed.decimals, convention.settled or ROUNDED), printed.decimals)
    counts = counts_matching(figure.total, printed, accepted)
    if counts:
        other = ", ".join(f"{k}/{figure.total}" for k in counts)
        meaning = f"{printed.text}% is {other}"
    else:
        share = printed.value * figure.total / 100
        meaning = (f"{printed.text}% would be {format_exact(share, 2)} of {figure.total}, "
                   f"not a whole count")
    totals = denominators_matching(figure.events, printed, ALTERNATIVE_TOTAL_FACTOR * figure.total, accepted)
    fits = f"; {figure.events}/{totals[0]} = {printed.text}% fits" if len(totals) == 1 else ""
    message = (f"{_subject(figure, stated_value(figure))}: "
               f"{figure.events}/{figure.total} = {format_exact(exact)}% ({shown}), "
               f"while {meaning}{fits}")
    return finding(PERCENT_COUNT_MISMATCH, message, [figure], extra_quotes=denominator_quotes(figure))


def _fits_another_base(figure: CohortFigure, printed: PrintedPercent, bases: frozenset[int]) -> bool:
    """The percentage contradicts the figure's total, but fits another group the paper counts.

    "Eleven of the 20 underwent evacuation, and infection followed in 2 (18.2%)": 2/11 is
    18.2%, so the 20 paired with the 2 is the extractor's reading, not the author's error.
    """
    return any(conventions_matching(figure.events, base, printed)
               for base in bases | _numbers_in(figure.quote) if base != figure.total and base >= figure.events)


def _numbers_in(text: str) -> frozenset[int]:
    return frozenset(int(n.replace(",", "")) for n in _INTEGER.findall(text))


def _verdict(figure: CohortFigure, printed: PrintedPercent, convention: PaperConvention,
             bases: frozenset[int]) -> str | None:
    """None when the percentage fits; else GRIM, COUNT or SWITCH."""
    accepted = frozenset({convention.settled}) if convention.settled else frozenset(CONVENTIONS)
    if PERCENT_ONLY in figure.flags:
        if not counts_matching(figure.total, printed):
            return GRIM
        return None if counts_matching(figure.total, printed, accepted) else SWITCH
    matched = conventions_matching(figure.events, figure.total, printed)
    if matched:
        return None if matched & accepted else SWITCH
    if _fits_another_base(figure, printed, bases):
        return None
    centre = printed.value * figure.total / 100
    if not counts_matching(figure.total, printed) and abs(centre - figure.events) < 1:
        return GRIM
    return COUNT


def _share_a_base(a: tuple[CohortFigure, PrintedPercent], b: tuple[CohortFigure, PrintedPercent]) -> bool:
    """Some total other than theirs would make both percentages right."""
    (fa, pa), (fb, pb) = a, b
    ra = denominator_range(fa.events, pa, SHARED_BASE_LIMIT)
    rb = denominator_range(fb.events, pb, SHARED_BASE_LIMIT)
    common = range(max(ra.start, rb.start), min(ra.stop, rb.stop))
    return any(conventions_matching(fa.events, m, pa) and conventions_matching(fb.events, m, pb)
               for m in common if m not in (fa.total, fb.total))


def _total_is_vouched_for(figure: CohortFigure, figures: Sequence[CohortFigure]) -> bool:
    """A total the sentence states, or that a neighbour's percentage in that sentence confirms."""
    if DENOMINATOR_INFERRED not in figure.flags or figure.total in _numbers_in(figure.quote):
        return True
    for other in figures:
        printed = parse_percent(other.percent)
        neighbour = other.quote == figure.quote or (other.breakdown is not None and other.breakdown == figure.breakdown)
        if (other is not figure and neighbour and other.total == figure.total and printed is not None
                and PERCENT_ONLY not in other.flags and conventions_matching(other.events, other.total, printed)):
            return True
    return False


def audit_percents(figures: Sequence[CohortFigure]) -> list[AuditFinding]:
    """Percentage findings for the figures of one document, in the order of the figures."""
    votes = _decisive_votes(figures)
    # Every count the paper states is a group some percentage may be taken of.
    bases = frozenset(n for f in figures for n in (f.total, f.events) if n > 0)
    judged = []
    for figure in figures:
        printed = parse_percent(figure.percent)
        if printed is None or (DENOMINATOR_INFERRED in figure.flags and reports_other_work(figure)):
            # A borrowed total on a sentence about another cohort is the extractor's guess.
            continue
        # Judge each percentage against the habit of the *other* percentages, so that one
        # switch cannot vote itself into being the convention.
        others = _tally(v for t, v in votes.items() if t != (figure.events, figure.total, printed.text))
        verdict = _verdict(figure, printed, others, bases)
        if verdict is not None:
            judged.append((figure, printed, others, verdict))
    misfits = [(f, p) for f, p, _, v in judged if v in (GRIM, COUNT) and PERCENT_ONLY not in f.flags]
    found = []
    for figure, printed, convention, verdict in judged:
        if verdict == SWITCH:
            found.append(_switch(figure, printed, convention))
            continue
        # Misfits that one other total would explain together were read against the wrong one.
        if any(_share_a_base((figure, printed), other) for other in misfits if other[0] is not figure):
            continue
        if verdict == GRIM:
            found.append(_grim(figure, printed, convention))
        elif _total_is_vouched_for(figure, figures):
            accepted = frozenset({convention.settled}) if convention.settled else frozenset(CONVENTIONS)
            found.append(_count_mismatch(figure, printed, convention, accepted))
    return found
