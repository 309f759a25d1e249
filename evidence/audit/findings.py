"""The finding kinds of the numbers audit, and how findings name a figure's place and value."""

from __future__ import annotations

import re
from collections.abc import Iterable

from evidence.schema import CITES_OTHER_WORK, AuditFinding, CohortFigure

__all__ = [
    "BREAKDOWN_SUM",
    "EVENTS_EXCEED_TOTAL",
    "INCONSISTENT_VALUE",
    "KINDS",
    "PERCENT_COUNT_MISMATCH",
    "PERCENT_MISMATCH",
    "SUBGROUP_EXCEEDS_COHORT",
    "denominator_note",
    "denominator_quotes",
    "finding",
    "place",
    "reports_other_work",
    "stated_value",
    "unique_quotes",
]

PERCENT_MISMATCH = "percent_mismatch"
PERCENT_COUNT_MISMATCH = "percent_count_mismatch"
INCONSISTENT_VALUE = "inconsistent_value"
BREAKDOWN_SUM = "breakdown_sum"
EVENTS_EXCEED_TOTAL = "events_exceed_total"
SUBGROUP_EXCEEDS_COHORT = "subgroup_exceeds_cohort"
KINDS = (PERCENT_MISMATCH, PERCENT_COUNT_MISMATCH, INCONSISTENT_VALUE, BREAKDOWN_SUM,
         EVENTS_EXCEED_TOTAL, SUBGROUP_EXCEEDS_COHORT)

PERCENT_ONLY = "percent_only"
DENOMINATOR_INFERRED = "denominator_inferred"

# "[12]", "[3, 5-7]", "(Smith et al., 2019)", "(Ruiz 2020)": the sentence reports someone's work.
_CITATION = re.compile(r"\[\d+(?:\s*[,–-]\s*\d+)*\]|\bet al\b|\([A-Z][A-Za-z'-]+,? (?:19|20)\d\d[a-z]?\)")




def reports_other_work(figure: CohortFigure) -> bool:
    """True for figures that describe the literature rather than the paper's own cohort: the
    extractor's flag (which also sees superscript markers), or a citation in the quote."""
    return (CITES_OTHER_WORK in figure.flags or figure.section == "introduction"
            or bool(_CITATION.search(figure.quote)))


def place(figure: CohortFigure) -> str:
    """'the abstract (page 1)', 'table 2 (page 4)' or 'the results' for unpaginated files."""
    if figure.section == "table":
        where = f"table {figure.table + 1}" if figure.table is not None else "a table"
    elif figure.section == "other":
        where = "the text"
    else:
        where = f"the {figure.section}"
    return f"{where} (page {figure.page})" if figure.page is not None else where


def stated_value(figure: CohortFigure) -> str:
    """The figure as the paper states it: '16 (57.14%)', '57.14%' (percent only) or '16'."""
    if PERCENT_ONLY in figure.flags and figure.percent is not None:
        return f"{figure.percent}%"
    if figure.percent is not None:
        return f"{figure.events} ({figure.percent}%)"
    return str(figure.events)


def denominator_note(figure: CohortFigure) -> str:
    """Why the total is what it is, when the sentence itself does not state it."""
    if DENOMINATOR_INFERRED not in figure.flags:
        return ""
    if figure.denominator_quote:
        return f" (total {figure.total} stated elsewhere: see the last quote)"
    return f" (total {figure.total} inferred from the cohort size)"


def denominator_quotes(figure: CohortFigure) -> tuple[str, ...]:
    """The sentence a borrowed total comes from, to quote beside the figure's own."""
    if DENOMINATOR_INFERRED in figure.flags and figure.denominator_quote:
        return (figure.denominator_quote,)
    return ()


def unique_quotes(figures: Iterable[CohortFigure]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for figure in figures:
        seen.setdefault(figure.quote, None)
    return tuple(seen)


def finding(kind: str, message: str, figures: Iterable[CohortFigure], *, severity: str = "warning",
            extra_quotes: Iterable[str] = ()) -> AuditFinding:
    """A finding located at its first figure's page, quoting each distinct sentence once."""
    figures = list(figures)
    first_page = next((f.page for f in figures if f.page is not None), None)
    quotes = tuple(dict.fromkeys((*unique_quotes(figures), *extra_quotes)))
    return AuditFinding(kind=kind, message=message, document=None, page=first_page,
                        quotes=quotes, severity=severity)
