"""Cohort sizes stated in a paper, and choosing the one a figure's percentage is of.

"We reviewed 44 episodes in 20 patients" states two cohorts. A later "25 (89.28%)" names no
total: :func:`resolve_total` picks the stated cohort whose size reproduces the printed
percentage (under rounding or truncation at the printed decimals), matching the figure's unit
when it has one. Without a percentage it prefers the cohort stated most often, then the
nearest one before the figure. The result records which sentence stated the total.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from evidence.errors import ExtractionError
from extractors.numbers import (
    events_fitting_percent,
    parse_count,
    percent_fit,
    total_bounds,
    totals_fitting_percent,
)

__all__ = ["Cohort", "CohortIndex", "Resolution", "arm_name", "arm_size", "resolve_percent_only", "resolve_total"]


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
    mentions = cohorts.mentions if isinstance(cohorts, CohortIndex) else Counter((c.size, c.unit) for c in cohorts)

    def key(c: Cohort) -> tuple:
        before = (c.page, c.offset) <= (page, offset)
        distance = (page - c.page, offset - c.offset) if before else (c.page - page + 10_000, c.offset - offset)
        return (-mentions[(c.size, c.unit)], not before, distance)

    return sorted(candidates, key=key)


class _Ranking:
    """Cohorts walked in :func:`_ranked` order for any place, without sorting them for each.

    They are grouped by how often their size is stated (most first) and, inside a group, kept
    in text order, so the order for a place is the nearest before it, then the nearest after.
    """

    def __init__(self, cohorts: Sequence[tuple[int, Cohort]], mentions: Counter[tuple[int, Unit]]) -> None:
        levels: dict[int, list[tuple[int, int, int, Cohort]]] = {}
        for i, c in cohorts:
            levels.setdefault(mentions[(c.size, c.unit)], []).append((c.page, c.offset, i, c))
        self._levels = [sorted(levels[n], key=lambda item: item[:3]) for n in sorted(levels, reverse=True)]
        self._places = [[item[:2] for item in level] for level in self._levels]

    def walk(self, page: int, offset: int) -> Iterator[Cohort]:
        for level, places in zip(self._levels, self._places):
            split = bisect_right(places, (page, offset))
            end = split
            while end > 0:
                # Nearest first; cohorts said at one place keep the order they were given in.
                start = bisect_left(places, places[end - 1], 0, end)
                for item in level[start:end]:
                    yield item[3]
                end = start
            for item in level[split:]:
                yield item[3]


Unit = str


class CohortIndex(Sequence[Cohort]):
    """A document's cohorts, indexed once so that resolving each figure does not rescan them all.

    A sequence of the cohorts as given; :func:`resolve_total` and :func:`resolve_percent_only`
    take it in place of a list and answer exactly as they would for that list.
    """

    def __init__(self, cohorts: Sequence[Cohort]) -> None:
        self._cohorts = tuple(cohorts)
        self.mentions: Counter[tuple[int, Unit]] = Counter((c.size, c.unit) for c in self._cohorts)
        numbered = list(enumerate(self._cohorts))
        stated = [(i, c) for i, c in numbered if not c.subgroup]
        self._stated = _Ranking(stated, self.mentions)
        self._stated_by_unit = {unit: _Ranking([(i, c) for i, c in stated if c.unit == unit], self.mentions)
                                for unit in {c.unit for c in self._cohorts}}
        self._by_size: dict[tuple[bool, int], list[tuple[int, Cohort]]] = {}
        for i, c in numbered:
            self._by_size.setdefault((c.subgroup, c.size), []).append((i, c))
        self._sizes = {kind: sorted({size for sub, size in self._by_size if sub == kind}) for kind in (False, True)}
        self._stated_sizes: dict[Unit | None, list[int]] = {None: self._sizes[False]}
        for _, c in stated:
            self._stated_sizes.setdefault(c.unit, []).append(c.size)
        for unit in {c.unit for _, c in stated}:
            self._stated_sizes[unit] = sorted(set(self._stated_sizes[unit]))
        self._unit_of_size: dict[int, Unit] = {}
        for c in stated:
            self._unit_of_size.setdefault(c[1].size, c[1].unit)
        local: dict[int, list[tuple[int, int, Cohort]]] = {}
        for i, c in numbered:
            if c.local:
                local.setdefault(c.page, []).append((c.offset, i, c))
        self._local = {page: sorted(items, key=lambda item: item[:2]) for page, items in local.items()}
        self._local_offsets = {page: [item[0] for item in items] for page, items in self._local.items()}
        # How far past its own offset each page's local cohorts reach (to the end of their sentence).
        self._reach = {page: max(c.sentence_start + len(c.quote) - c.offset for _, _, c in items)
                       for page, items in self._local.items()}

    def __len__(self) -> int:
        return len(self._cohorts)

    def __getitem__(self, index):  # type: ignore[override]
        return self._cohorts[index]

    def __iter__(self) -> Iterator[Cohort]:
        return iter(self._cohorts)

    def unit_of_size(self, size: int) -> Unit | None:
        """The unit of the first stated (not subgroup) cohort of ``size``."""
        return self._unit_of_size.get(size)

    def ranked(self, page: int, offset: int, unit: Unit | None = None) -> Iterator[Cohort]:
        """Stated cohorts (of ``unit``, when given) in :func:`_ranked` order for a figure at ``(page, offset)``."""
        ranking = self._stated if unit is None else self._stated_by_unit.get(unit)
        return ranking.walk(page, offset) if ranking is not None else iter(())

    def local_before(self, page: int, offset: int) -> list[Cohort]:
        """Local cohorts whose sentence holds ``offset`` after them, in the order given."""
        offsets = self._local_offsets.get(page)
        if not offsets:
            return []
        # Such a cohort's sentence reaches past ``offset``, so it stands less than the page's reach before it.
        start = bisect_right(offsets, offset - self._reach[page])
        stop = bisect_right(offsets, offset)
        found = [(i, c) for _, i, c in self._local[page][start:stop] if _same_sentence_before(c, page, offset)]
        return [c for _, c in sorted(found, key=lambda item: item[0])]

    def fitting(self, events: int, percent: str, *, subgroup: bool) -> list[Cohort]:
        """Cohorts (subgroup sizes or stated ones) whose size ``percent`` fits, in the order given."""
        bounds = total_bounds(events, percent)
        if bounds is None:
            return []
        sizes = self._sizes[subgroup]
        low, high = bounds
        stop = len(sizes) if high is None else bisect_right(sizes, high)
        found = [item for size in sizes[bisect_left(sizes, low):stop] if percent_fit(events, size, percent)
                 for item in self._by_size[(subgroup, size)]]
        return [c for _, c in sorted(found, key=lambda item: item[0])]

    def of_sizes(self, sizes: Sequence[int], unit: Unit | None) -> list[Cohort]:
        """Stated cohorts of these sizes (and of ``unit``, when given), in the order given."""
        found = [item for size in sizes for item in self._by_size.get((False, size), ())
                 if unit is None or item[1].unit == unit]
        return [c for _, c in sorted(found, key=lambda item: item[0])]

    def nearest_percent(self, events: int, percent: str, floor: int, unit: Unit | None = None) -> list[int]:
        """The stated sizes (of ``unit``, when given) of at least ``floor`` whose percentage of
        ``events`` is nearest ``percent``."""
        sizes = self._stated_sizes.get(unit, [])
        first = bisect_left(sizes, floor)
        if first == len(sizes):
            return []
        printed = float(percent)

        def gap(size: int) -> float:
            return abs(events * 100 / size - printed)

        # events/size falls as size grows, so the gap falls then rises: the nearest sizes surround
        # the one that would print exactly, and equal gaps sit next to each other.
        middle = bisect_left(sizes, events * 100 / printed, first) if printed > 0 else len(sizes)
        probe = [i for i in (middle - 1, middle) if first <= i < len(sizes)]
        best = min(gap(sizes[i]) for i in probe)
        low = min(i for i in probe if gap(sizes[i]) == best)
        high = max(i for i in probe if gap(sizes[i]) == best)
        while low - 1 >= first and gap(sizes[low - 1]) == best:
            low -= 1
        while high + 1 < len(sizes) and gap(sizes[high + 1]) == best:
            high += 1
        return sizes[low:high + 1]


def resolve_total(events: int, *, unit: str | None, percent: str | None, page: int, offset: int,
                  cohorts: Sequence[Cohort], min_total: int = 0) -> Resolution | None:
    """The denominator of ``events`` stated elsewhere, or None when nothing fits.

    ``cohorts`` are all sizes stated in the document, best as a :class:`CohortIndex` built once
    for it; a local one (a sentence's own "Of the 120 patients, ...") comes first for the
    figures after it in that sentence.
    """
    index = cohorts if isinstance(cohorts, CohortIndex) else CohortIndex(cohorts)
    floor = max(events, min_total, 1)
    lead = [c for c in index.local_before(page, offset) if c.size >= floor]
    if lead:
        # "Among the 11 survivors with femoral neuropathy, six ...": the sentence names its own total.
        chosen = max(lead, key=lambda c: c.offset)
        if percent is None or percent_fit(events, chosen.size, percent):
            return Resolution(chosen.size, unit or chosen.unit, chosen)
    if percent is None:
        first = next((c for c in index.ranked(page, offset, unit) if c.size >= floor), None)
        return Resolution(first.size, first.unit, first) if first is not None else None
    # Only cohorts whose size the percentage fits are ranked: the same order as ranking them all.
    stated = [c for c in index.fitting(events, percent, subgroup=False) if c.size >= floor]
    ranked = _ranked([c for c in stated if unit is None or c.unit == unit], index, page, offset)
    # A rounded fit says more than a truncated one ("4.5%" of 2276 rounds; of 2251 it only truncates).
    fitting = sorted(ranked, key=lambda c: percent_fit(events, c.size, percent) != "rounded")
    if unit is not None and not any(percent_fit(events, c.size, percent) == "rounded" for c in fitting):
        # The paper may name one cohort two ways ("participants", "respondents"): a cohort the
        # percentage fits by rounding beats one of the same noun that it fits only by truncation.
        other = [c for c in _ranked([c for c in stated if c.unit != unit], index, page, offset)
                 if percent_fit(events, c.size, percent) == "rounded"]
        if other:
            return Resolution(other[0].size, unit, other[0])
    if fitting:
        return Resolution(fitting[0].size, fitting[0].unit, fitting[0])
    # A subgroup counted earlier ("palsy in 21 of 32 limbs") can be the total of a later
    # percentage ("complete in 15 limbs (71.4%)"), but only when the percentage says so.
    subgroups = [c for c in _ranked([c for c in index.fitting(events, percent, subgroup=True) if c.size >= floor
                                     and (unit is None or c.unit == unit)], index, page, offset)
                 if (c.page, c.offset) <= (page, offset)]
    if subgroups:
        return Resolution(subgroups[0].size, subgroups[0].unit, subgroups[0])
    nearest = set(index.nearest_percent(events, percent, floor, unit))
    # Keep the paper's own cohort even when its percentage is off: that discrepancy is
    # exactly what the consistency audit must see. Of the nearest sizes, the best ranked one.
    ranked_nearest = _ranked(index.of_sizes(sorted(nearest), unit), index, page, offset)
    best = ranked_nearest[0] if ranked_nearest else None
    if best is not None:
        return Resolution(best.size, best.unit, best, ("percent_mismatch",))
    derived = totals_fitting_percent(events, percent)
    if len(derived) == 1 and unit is not None and derived[0] >= floor:
        return Resolution(derived[0], unit, None, ("total_from_percent",))
    return None


def resolve_percent_only(percent: str, *, unit: str, page: int, offset: int,
                         cohorts: Sequence[Cohort]) -> tuple[int, Resolution] | None:
    """``(events, resolution)`` for a bare "63.6% of the episodes", when one count fits."""
    index = cohorts if isinstance(cohorts, CohortIndex) else CohortIndex(cohorts)
    counts: dict[int, tuple[int, ...]] = {}
    for cohort in index.ranked(page, offset, unit):
        if cohort.size not in counts:
            counts[cohort.size] = events_fitting_percent(cohort.size, percent)
        if len(counts[cohort.size]) == 1:
            return counts[cohort.size][0], Resolution(cohort.size, cohort.unit, cohort, ("percent_only",))
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


@functools.lru_cache(maxsize=32)  # each figure pass asks again, of the same document text
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
