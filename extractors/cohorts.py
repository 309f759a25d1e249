"""Cohort sizes stated in a paper, and choosing the one a figure's percentage is of.

"We reviewed 44 episodes in 20 patients" states two cohorts. A later "25 (89.28%)" names no
total: :func:`resolve_total` picks the stated cohort whose size reproduces the printed
percentage (under rounding or truncation at the printed decimals), matching the figure's unit
when it has one. Without a percentage it prefers the cohort stated most often, then the
nearest one before the figure. The result records which sentence stated the total.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from evidence.errors import ExtractionError
from extractors.numbers import parse_count, percent_fit, totals_fitting_percent

__all__ = ["Cohort", "Resolution", "arm_name", "arm_size", "resolve_percent_only", "resolve_total"]


@dataclass(frozen=True)
class Cohort:
    """A cohort size stated in the text: ``size`` units, said at ``(page, offset)``.

    ``local`` sizes open their sentence ("Of the 120 patients, ..."); ``subgroup`` sizes are
    counts of an earlier figure, used as a total only when a printed percentage fits them.
    """

    size: int
    unit: str
    page: int
    offset: int
    quote: str
    rule: str
    sentence_start: int = 0
    local: bool = False
    subgroup: bool = False

    def __post_init__(self) -> None:
        if self.size < 1 or not self.unit:
            raise ExtractionError(f"a cohort needs a size >= 1 and a unit (got {self.size!r} {self.unit!r})")


@dataclass(frozen=True)
class Resolution:
    """The total chosen for a figure, its unit, where it was stated, and what to flag."""

    total: int
    unit: str
    cohort: Cohort | None
    flags: tuple[str, ...] = ()


def _ranked(candidates: Sequence[Cohort], cohorts: Sequence[Cohort], page: int, offset: int) -> list[Cohort]:
    mentions = Counter((c.size, c.unit) for c in cohorts)

    def key(c: Cohort) -> tuple:
        before = (c.page, c.offset) <= (page, offset)
        distance = (page - c.page, offset - c.offset) if before else (c.page - page + 10_000, c.offset - offset)
        return (-mentions[(c.size, c.unit)], not before, distance)

    return sorted(candidates, key=key)


def resolve_total(events: int, *, unit: str | None, percent: str | None, page: int, offset: int,
                  cohorts: Sequence[Cohort], min_total: int = 0) -> Resolution | None:
    """The denominator of ``events`` stated elsewhere, or None when nothing fits.

    ``cohorts`` are all sizes stated in the document; a local one (a sentence's own "Of the 120
    patients, ...") comes first for the figures after it in that sentence.
    """
    floor = max(events, min_total, 1)
    lead = [c for c in cohorts if c.local and c.size >= floor and _same_sentence_before(c, page, offset)]
    if lead:
        # "Among the 11 survivors with femoral neuropathy, six ...": the sentence names its own total.
        chosen = max(lead, key=lambda c: c.offset)
        if percent is None or percent_fit(events, chosen.size, percent):
            return Resolution(chosen.size, unit or chosen.unit, chosen)
    usable = [c for c in cohorts if c.size >= floor and not c.subgroup]
    if unit is not None:
        usable = [c for c in usable if c.unit == unit]
    ranked = _ranked(usable, cohorts, page, offset)
    if percent is not None:
        # A rounded fit says more than a truncated one ("4.5%" of 2276 rounds; of 2251 it only truncates).
        fitting = sorted((c for c in ranked if percent_fit(events, c.size, percent)),
                         key=lambda c: percent_fit(events, c.size, percent) != "rounded")
        if unit is not None and not any(percent_fit(events, c.size, percent) == "rounded" for c in fitting):
            # The paper may name one cohort two ways ("participants", "respondents"): a cohort the
            # percentage fits by rounding beats one of the same noun that it fits only by truncation.
            other = [c for c in _ranked([c for c in cohorts if c.size >= floor and not c.subgroup and c.unit != unit],
                                        cohorts, page, offset) if percent_fit(events, c.size, percent) == "rounded"]
            if other:
                return Resolution(other[0].size, unit, other[0])
        if fitting:
            return Resolution(fitting[0].size, fitting[0].unit, fitting[0])
        # A subgroup counted earlier ("palsy in 21 of 32 limbs") can be the total of a later
        # percentage ("complete in 15 limbs (71.4%)"), but only when the percentage says so.
        subgroups = [c for c in _ranked([c for c in cohorts if c.subgroup and c.size >= floor
                                         and (unit is None or c.unit == unit)], cohorts, page, offset)
                     if percent_fit(events, c.size, percent) and (c.page, c.offset) <= (page, offset)]
        if subgroups:
            return Resolution(subgroups[0].size, subgroups[0].unit, subgroups[0])
        if ranked:
            # Keep the paper's own cohort even when its percentage is off: that discrepancy is
            # exactly what the consistency audit must see.
            best = min(ranked, key=lambda c: abs(events * 100 / c.size - float(percent)))
            return Resolution(best.size, best.unit, best, ("percent_mismatch",))
        derived = totals_fitting_percent(events, percent)
        if len(derived) == 1 and unit is not None and derived[0] >= floor:
            return Resolution(derived[0], unit, None, ("total_from_percent",))
        return None
    if ranked:
        return Resolution(ranked[0].size, ranked[0].unit, ranked[0])
    return None


def resolve_percent_only(percent: str, *, unit: str, page: int, offset: int,
                         cohorts: Sequence[Cohort]) -> tuple[int, Resolution] | None:
    """``(events, resolution)`` for a bare "63.6% of the episodes", when one count fits."""
    for cohort in _ranked([c for c in cohorts if c.unit == unit and not c.subgroup], cohorts, page, offset):
        counts = [e for e in range(cohort.size + 1) if percent_fit(e, cohort.size, percent)]
        if len(counts) == 1:
            return counts[0], Resolution(cohort.size, cohort.unit, cohort, ("percent_only",))
    return None


def _same_sentence_before(cohort: Cohort, page: int, offset: int) -> bool:
    """Whether a figure at ``offset`` follows a local cohort's mention inside its sentence."""
    end = cohort.sentence_start + len(cohort.quote)
    return cohort.page == page and cohort.offset <= offset < end


# A subgroup that names a study arm: "the conservative group", "the Lifestyle Advice arm".
_ARM = re.compile(r"^(?:the\s+)?(?P<name>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2}?)\s+(?:group|arm)s?$", re.IGNORECASE)
_NOT_ARM_NAME = frozenset({"each", "either", "both", "this", "that", "same", "other", "whole", "entire", "study", "age",
                           "treatment", "two", "all", "our"})
_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+"
_PEOPLE = (r"(?:patients|participants|subjects|individuals|people|adults|children|infants|neonates|women|men|"
           r"mothers|pregnancies|volunteers|respondents)")
_ALLOCATED = r"randomi[sz]ed|allocated|assigned|enrolled|included|recruited|treated|managed"
# Sentences that plan a sample rather than report one ("... would have a power of 80% to detect ...").
_PLANNED = re.compile(r"\b(?:power|sample\s+size|would|to\s+detect|planned|target(?:ed)?)\b", re.IGNORECASE)


def arm_name(subgroup: str | None) -> str | None:
    """The name of the study arm a subgroup phrase points to ("the conservative group" -> "conservative"), or None."""
    found = _ARM.match((subgroup or "").strip())
    if found is None or found["name"].split()[0].lower() in _NOT_ARM_NAME:
        return None
    return found["name"]


def _arm_patterns(name: str) -> tuple[re.Pattern[str], ...]:
    words = r"\s+".join(re.escape(w) for w in name.split())
    named = rf"\b{words}(?:\s+(?:group|arm))?"
    return (
        # "the control group (n = 50)", table headers "Placebo n = 3", "Conservative (n = 41)"
        re.compile(rf"{named}\s*[(,:]?\s*\(?\s*n\s*=\s*(?P<n>{_NUMBER})\b", re.IGNORECASE),
        # "41 patients in the conservative group and 17 ...", "17 were randomised to the surgical arm."
        re.compile(rf"(?<![\d.,])(?P<n>{_NUMBER})\s+(?:{_PEOPLE}\s+)?(?:(?:were|was)\s+)?(?:(?:{_ALLOCATED})\s+)?"
                   rf"(?:in|to|into)\s+(?:the\s+)?{named}"
                   rf"(?=\s*(?:[,;.)]|$|\(|and\b))", re.IGNORECASE),
        # "(1,075 Lifestyle Advice; 1,067 Standard Care)"
        re.compile(rf"[(;,]\s*(?P<n>{_NUMBER})\s+{named}\s*[;,)]", re.IGNORECASE),
    )


def arm_size(name: str, text: str, *, events: int, percent: str | None, exclude: tuple[int, int] = (0, 0)) -> int | None:
    """The size of the study arm ``name`` as the paper states it in ``text``, or None.

    Sizes inside ``exclude`` (the figure's own sentence) and in sentences that plan a sample are
    left out; a printed percentage keeps only the sizes it fits; of several, the one said most often.
    """
    sizes: Counter[int] = Counter()
    for pattern in _arm_patterns(name):
        for match in pattern.finditer(text):
            if exclude[0] <= match.start() < exclude[1]:
                continue
            start = max(text.rfind(". ", 0, match.start()), text.rfind("\n", 0, match.start()), 0)
            stop = text.find(". ", match.end())
            if _PLANNED.search(text[start:stop if stop >= 0 else len(text)]):
                continue
            size = parse_count(match["n"].replace(",", ""), {})
            if size and size >= max(events, 1) and (percent is None or percent_fit(events, size, percent)):
                sizes[size] += 1
    if not sizes:
        return None
    return max(sizes, key=lambda n: (sizes[n], -n))
