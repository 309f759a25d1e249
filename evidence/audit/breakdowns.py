"""Do the categories of one breakdown add up? (``breakdown_sum``)

Figures the extractor grouped into one breakdown (a list, a table column, a sentence such as
"24 were men and 4 women") are summed only where they are categories of one partition from
``partitions.json``: mutually exclusive, so their counts can never exceed the total and their
percentages never exceed 100%; and, when the partition is exhaustive and every category is
present, adding up to the total and to ~100%. Overlapping lists (complications, symptoms) match no
partition and are never summed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from evidence.audit.arithmetic import ROUNDED, TRUNCATED, conventions_matching, counts_matching, parse_percent
from evidence.audit.findings import BREAKDOWN_SUM, PERCENT_ONLY, finding, reports_other_work
from evidence.audit.partitions import Member, Partition, PartitionTable, load_partitions
from evidence.audit.percents import PaperConvention
from evidence.audit.values import reading_order
from evidence.schema import AuditFinding, CohortFigure

__all__ = ["audit_breakdowns", "percent_sum_bounds"]

# Each printed percentage may be off by half its last digit when rounded, and by up to a whole
# last digit (always downwards) when truncated: the sum of k percentages may miss 100 by k times
# that, and by no more.
ROUNDING_SLACK = Fraction(1, 2)
TRUNCATION_SLACK = Fraction(1)


@dataclass(frozen=True)
class _Category:
    member: Member | None  # None for a 'not known' category
    figure: CohortFigure

    @property
    def name(self) -> str:
        return self.member.name if self.member else self.figure.outcome


def percent_sum_bounds(decimals: Sequence[int], convention: str | None) -> tuple[Fraction, Fraction]:
    """The range a sum of complete percentages can take under ``convention`` (None: either)."""
    quanta = sum(Fraction(1, 10**d) for d in decimals)
    low, high = Fraction(100), Fraction(100)
    if convention in (None, ROUNDED):
        low, high = low - ROUNDING_SLACK * quanta, high + ROUNDING_SLACK * quanta
    if convention in (None, TRUNCATED):
        low = min(low, 100 - TRUNCATION_SLACK * quanta)
    return low, high


def _label(figure: CohortFigure) -> str:
    return figure.outcome or figure.concept


def _fmt(value: Fraction) -> str:
    return f"{float(value):.4f}".rstrip("0").rstrip(".")



def _percent_fits(figure: CohortFigure) -> bool:
    printed = parse_percent(figure.percent)
    if printed is None:
        return True
    if PERCENT_ONLY in figure.flags:
        return bool(counts_matching(figure.total, printed))
    return bool(conventions_matching(figure.events, figure.total, printed))


def _group(figures: Sequence[CohortFigure], table: PartitionTable) -> list[tuple[Partition, list[_Category]]]:
    """Split one breakdown into its partitions; drop a partition whose categories repeat."""
    by_partition: dict[tuple, list[_Category]] = {}
    partitions: dict[tuple, Partition] = {}
    missing: list[CohortFigure] = []
    for figure in figures:
        label = _label(figure)
        if table.is_missing(label):
            missing.append(figure)
            continue
        hit = table.classify(label)
        if hit is None:
            continue
        partition, member = hit
        key = (partition.id, figure.unit, figure.total, figure.subgroup, figure.timepoint)
        partitions[key] = partition
        by_partition.setdefault(key, []).append(_Category(member, figure))
    groups = []
    for key, categories in by_partition.items():
        names = [c.member.name for c in categories]
        if len(set(names)) != len(names):
            continue
        if len(by_partition) == 1:
            # A 'not known' row belongs to the breakdown's only variable; with several, to none.
            categories = categories + [_Category(None, f) for f in missing
                                       if (f.unit, f.total) == (key[1], key[2])]
        groups.append((partitions[key], categories))
    return groups


def _population_target(partition: Partition, categories: list[_Category],
                       figures: Sequence[CohortFigure]) -> CohortFigure | None:
    """The figure counting the population a non-exhaustive partition divides, if one is stated."""
    if not partition.population:
        return None
    first = categories[0].figure
    candidates = [f for f in figures if partition.names_population(_label(f))
                  and (f.unit, f.total, f.subgroup, f.timepoint) == (first.unit, first.total, first.subgroup, first.timepoint)]
    values = {f.events for f in candidates}
    return candidates[0] if len(values) == 1 else None


def _audit_group(partition: Partition, categories: list[_Category], figures: Sequence[CohortFigure],
                 convention: PaperConvention) -> AuditFinding | None:
    first = categories[0].figure
    total, unit = first.total, first.unit
    counted = [c for c in categories if PERCENT_ONLY not in c.figure.flags]
    complete = {c.member.name for c in categories if c.member} == {m.name for m in partition.members}
    covers_all = partition.exhaustive or partition.names_population(first.subgroup)
    problems: list[str] = []
    quoted = [c.figure for c in categories]

    if len(counted) == len(categories) and len(categories) >= 2:
        summed = sum(c.figure.events for c in categories)
        terms = " + ".join(f"{c.name} {c.figure.events}" for c in categories)
        population = _population_target(partition, categories, figures)
        if summed > total:
            problems.append(f"{terms} = {summed} {unit}, more than the {total} in total")
        elif covers_all and complete and summed != total:
            problems.append(f"{terms} = {summed} {unit}, not the {total} in total")
        elif population is not None and complete and summed != population.events:
            problems.append(f"{terms} = {summed} {unit}, not the {population.events} with {population.outcome}")
            quoted.append(population)

    printed = [(c, parse_percent(c.figure.percent)) for c in categories]
    if len(categories) >= 2 and all(p is not None for _, p in printed) and all(_percent_fits(c.figure) for c in categories):
        summed = sum(p.value for _, p in printed)
        low, high = percent_sum_bounds([p.decimals for _, p in printed], convention.settled)
        terms = " + ".join(f"{p.text}%" for _, p in printed)
        if summed > high:
            problems.append(f"percentages {terms} = {_fmt(summed)}%, above 100% by more than rounding allows (at most {_fmt(high)}%)")
        elif covers_all and complete and summed < low:
            problems.append(f"percentages {terms} = {_fmt(summed)}%, below 100% by more than rounding allows (at least {_fmt(low)}%)")

    if not problems:
        return None
    message = f"{partition.id.replace('_', ' ')} breakdown of {total} {unit}: {'; '.join(problems)}"
    return finding(BREAKDOWN_SUM, message, sorted(quoted, key=reading_order))


def audit_breakdowns(figures: Sequence[CohortFigure], convention: PaperConvention,
                     table: PartitionTable | None = None) -> list[AuditFinding]:
    """Breakdowns of one document whose mutually exclusive categories do not add up."""
    table = table or load_partitions()
    breakdowns: dict[str, list[CohortFigure]] = {}
    for figure in sorted(figures, key=reading_order):
        if figure.breakdown is not None and not reports_other_work(figure):
            breakdowns.setdefault(figure.breakdown, []).append(figure)
    found = []
    for members in breakdowns.values():
        for partition, categories in _group(members, table):
            result = _audit_group(partition, categories, figures, convention)
            if result is not None:
                found.append(result)
    return found
