"""Figures a citing sentence attributes to the work it cites, and whether that work shows them.

Conservative on purpose: only "28 of 44", "28/44" and "77%" count as claimed figures; confidence
levels ("95% CI"), the citation markers themselves, and sentences about the citing authors' own
data ("we", "our", "this study") claim nothing about the cited work.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from evidence.schema import CohortFigure

__all__ = ["Claim", "ClaimCheck", "check_claim", "claimed_figures"]

_COUNT = re.compile(r"(?<![\d.,/])(?P<events>\d{1,6})\s*(?:of|out\s+of|/)\s*(?:(?:the|all|their|these|those|its)\s+)?"
                    r"(?P<total>\d{1,6})(?![\d.,/]\d)")
_PERCENT = re.compile(r"(?<![\d.])(?P<value>\d{1,3}(?:\.\d{1,2})?)\s?%(?!\s*(?:CI|confidence|credible|PI|prediction)\b)")
_OWN_DATA = re.compile(r"\b(?:we|our|us|this\s+study|the\s+present\s+study|this\s+series)\b", re.IGNORECASE)
_BRACKETED_NUMBERS = re.compile(r"\[[\d,;\s\-–]+\]|\((?:refs?\.?\s*)?[\d,;\s\-–]+\)")
_WORD = re.compile(r"[a-z]{4,}")
# A percentage printed with d decimals stands for any value within half a unit of its last digit;
# the extra margin absorbs a paper that rounded its own percentage differently.
_ROUNDING_MARGIN = 0.05


@dataclass(frozen=True)
class Claim:
    """A figure stated in a citing sentence: a count ('28 of 44') or a percentage ('77%')."""

    text: str
    events: int | None = None
    total: int | None = None
    percent: float | None = None
    decimals: int = 0


@dataclass(frozen=True)
class ClaimCheck:
    """The verdict on one claim: 'match', 'mismatch' (``figure`` is the closest the work shows)
    or 'not_found'."""

    claim: Claim
    verdict: str
    figure: CohortFigure | None = None


def claimed_figures(sentence: str, marker_texts: Sequence[str] = ()) -> tuple[Claim, ...]:
    """The figures ``sentence`` states, with citation markers and CI levels left out."""
    if _OWN_DATA.search(sentence):
        return ()
    text = sentence
    for marker in marker_texts:
        # A superscript marker ("8") never stood in the sentence text; removing its digits would
        # turn "89.3%" into "9.3%".
        if not re.fullmatch(r"[\d,;\s\-–]+", marker):
            text = text.replace(marker, " ")
    text = _BRACKETED_NUMBERS.sub(" ", text)
    claims: list[Claim] = []
    for match in _COUNT.finditer(text):
        events, total = int(match.group("events")), int(match.group("total"))
        looks_like_date = "/" in match.group(0) and 1800 <= total <= 2100
        if 0 < total and events <= total and not looks_like_date:
            claims.append(Claim(text=match.group(0), events=events, total=total))
    counts = list(claims)
    for match in _PERCENT.finditer(text):
        value = match.group("value")
        if float(value) <= 100:
            decimals = len(value.split(".")[1]) if "." in value else 0
            claim = Claim(text=match.group(0), percent=float(value), decimals=decimals)
            # "28 of 36 (77.8%)" states one figure, not two.
            if not any(_within_rounding(claim, 100.0 * c.events / c.total) for c in counts if c.events is not None):
                claims.append(claim)
    return tuple(claims)


def _within_rounding(claim: Claim, value: float) -> bool:
    return claim.percent is not None and abs(value - claim.percent) <= 0.5 * 10 ** -claim.decimals + _ROUNDING_MARGIN


def _figure_percent(figure: CohortFigure) -> float:
    return 100.0 * figure.events / figure.total


def _percent_matches(claim: Claim, figure: CohortFigure) -> bool:
    values = [_figure_percent(figure)]
    if figure.percent is not None:
        values.append(float(figure.percent))
    return any(_within_rounding(claim, v) for v in values)


def _topic_words(figure: CohortFigure) -> set[str]:
    text = f"{figure.outcome} {figure.concept.replace('_', ' ')}".casefold()
    return {w[:6] for w in _WORD.findall(text)}


def _topic_overlap(sentence: str, figure: CohortFigure) -> int:
    words = {w[:6] for w in _WORD.findall(sentence.casefold())}
    return len(words & _topic_words(figure))


def _on_topic(sentence: str, figure: CohortFigure) -> bool:
    return _topic_overlap(sentence, figure) > 0


def _closest_on_topic(sentence: str, figures: Sequence[CohortFigure], claim: Claim) -> CohortFigure:
    """The figure the sentence most likely restates: most topic words shared, then nearest value."""
    return min(figures, key=lambda f: (-_topic_overlap(sentence, f), abs(f.events - (claim.events or 0))))


def check_claim(claim: Claim, sentence: str, figures: Sequence[CohortFigure]) -> ClaimCheck:
    """Compare ``claim`` with the figures extracted from the cited work."""
    if claim.total is not None:
        if any(f.events == claim.events and f.total == claim.total for f in figures):
            return ClaimCheck(claim, "match")
        same_total = [f for f in figures if f.total == claim.total]
        if same_total:
            return ClaimCheck(claim, "mismatch", _closest_on_topic(sentence, same_total, claim))
        return ClaimCheck(claim, "not_found")
    if any(_percent_matches(claim, f) for f in figures):
        return ClaimCheck(claim, "match")
    related = [f for f in figures if _on_topic(sentence, f)]
    if related:
        closest = min(related, key=lambda f: abs(_figure_percent(f) - (claim.percent or 0.0)))
        return ClaimCheck(claim, "mismatch", closest)
    return ClaimCheck(claim, "not_found")
