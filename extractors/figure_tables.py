"""Cohort figures in tables: a row label and a count cell such as "7 (25.00%)" or "7/28".

A column's total comes from its header ("Patients (n = 28)"); failing that, from the cohort
sizes stated in the text, chosen by the printed percentage. Rows under a label-only row
("Sex" then "Male", "Female") are categories of one breakdown. A cell "7 (25.0)" without a
percent sign is a count only when the row, the column or the caption says "n (%)".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from evidence.schema import CohortFigure, Table
from extractors.cohorts import Cohort, resolve_total
from extractors.concepts import load_concepts, normalize_concept
from extractors.figure_rules import FigureRules

__all__ = ["TableCell", "parse_count_cell", "table_figures"]

RULE_PERCENT = "table.count_percent"
RULE_FRACTION = "table.fraction"
_PCT = r"\d{1,3}(?:[.·]\d{1,3})?"
_COUNT_PERCENT = re.compile(rf"^(?P<ev>\d+)\s*\(\s*(?P<pct>{_PCT})\s*(?P<sign>%)?\s*\)$")
_PERCENT_COUNT = re.compile(rf"^(?P<pct>{_PCT})\s*%\s*\(\s*(?:n\s*=\s*)?(?P<ev>\d+)\s*\)$", re.IGNORECASE)
_FRACTION = re.compile(rf"^(?P<ev>\d+)\s*/\s*(?P<tot>\d+)(?:\s*\(\s*(?P<pct>{_PCT})\s*%?\s*\))?$")
_N_PERCENT = re.compile(r"\b(?:n|no\.?|number)\s*\(\s*%\s*\)|\(\s*%\s*\)|%", re.IGNORECASE)
_NOT_COUNTS = re.compile(r"\b(?:mean|median|sd|iqr|range|ci|score|age|years?|days?|months?|mg|kg|ml)\b", re.IGNORECASE)
_HEADER_N = re.compile(r"[(\[,]?\s*\b[nN]\s*=\s*(?P<n>\d+)\s*[)\]]?")
_LABEL_NOISE = re.compile(r"[,:;]?\s*(?:\b(?:n|no\.?|number)\s*)?\(\s*%\s*\)\s*$|[,:;]?\s*\bn\s*\(\s*%\s*\)|[,:;]\s*$",
                          re.IGNORECASE)
_GENERIC_HEADER = re.compile(r"^(?:total|all|overall|all\s+patients|patients|value|values|n|no\.?|number|"
                             r"n\s*\(\s*%\s*\)|%|cases|results?)?$", re.IGNORECASE)


@dataclass(frozen=True)
class TableCell:
    """What a count cell says: events, and the total and percentage when printed."""

    events: int
    total: int | None
    percent: str | None
    rule: str


def parse_count_cell(cell: str, *, percent_context: bool) -> TableCell | None:
    """Read "7 (25.00%)", "25.0% (7)", "7/28" or "7/28 (25%)"; "7 (25.0)" only in an n (%) context."""
    text = " ".join(cell.split())
    match = _FRACTION.match(text)
    if match:
        events, total = int(match["ev"]), int(match["tot"])
        if total == 0 or events > total:
            return None
        return TableCell(events, total, _clean(match["pct"]), RULE_FRACTION)
    match = _COUNT_PERCENT.match(text) or _PERCENT_COUNT.match(text)
    if not match:
        return None
    if not match.groupdict().get("sign", "%") and not percent_context:
        return None
    percent = _clean(match["pct"])
    if float(percent) > 100:
        return None
    return TableCell(int(match["ev"]), None, percent, RULE_PERCENT)


def _clean(percent: str | None) -> str | None:
    return percent.replace("·", ".") if percent else None


def table_figures(table: Table, *, rules: FigureRules, cohorts: Sequence[Cohort], page_text: str) -> list[CohortFigure]:
    """Every count cell of ``table`` as a figure of its row label."""
    if len(table.rows) < 2:
        return []
    header = table.rows[0]
    caption_says_percent = bool(_N_PERCENT.search(table.caption))
    figures: list[CohortFigure] = []
    parent: tuple[int, str] | None = None
    for r, row in enumerate(table.rows[1:], start=1):
        label = next((c.strip() for c in row if c.strip()), "")
        label_col = next((j for j, c in enumerate(row) if c.strip()), 0)
        data = [(j, c) for j, c in enumerate(row) if j > label_col and c.strip()]
        if not label or _looks_numeric(label):
            continue
        if not data:
            parent = (r, _clean_label(label))
            continue
        if _NOT_COUNTS.search(label) and not _N_PERCENT.search(label):
            parent = None if not row[0].startswith((" ", "\t")) else parent
            continue
        outcome = _clean_label(label)
        for j, cell in data:
            column = header[j] if j < len(header) else ""
            context = caption_says_percent or bool(_N_PERCENT.search(label) or _N_PERCENT.search(column))
            parsed = parse_count_cell(cell, percent_context=context)
            if parsed is None:
                continue
            figure = _figure(table, r, j, label, outcome, cell, parsed, column, parent, rules, cohorts, page_text)
            if figure is not None:
                figures.append(figure)
    return figures


def _figure(table: Table, r: int, j: int, label: str, outcome: str, cell: str, parsed: TableCell, column: str,
            parent: tuple[int, str] | None, rules: FigureRules, cohorts: Sequence[Cohort],
            page_text: str) -> CohortFigure | None:
    header_n = _HEADER_N.search(column)
    unit = _unit_in(column, rules) or _unit_in(table.caption, rules)
    flags: list[str] = []
    denominator_quote = denominator_page = None
    total = parsed.total
    if total is None and header_n:
        total = int(header_n["n"])
    if total is None:
        resolution = resolve_total(parsed.events, unit=unit, percent=parsed.percent, page=table.page, offset=0,
                                   cohorts=cohorts)
        if resolution is None:
            return None
        total, unit = resolution.total, resolution.unit
        flags.extend(resolution.flags)
        if resolution.cohort is not None:
            flags.append("denominator_inferred")
            denominator_quote, denominator_page = resolution.cohort.quote, resolution.cohort.page
    if total < 1 or parsed.events > total:
        return None
    if unit is None:
        unit = _unit_of_total(total, cohorts)
    if unit is None:
        unit = "patients"
        flags.append("unit_assumed")
    if parsed.events == 0:
        flags.append("zero_events")
    concept_phrase = outcome
    if parent is not None and load_concepts().match(outcome) is None:
        concept_phrase = f"{parent[1]} {outcome}"
    subgroup_label = _HEADER_N.sub("", column).strip(" ,;:()")
    subgroup = None if _GENERIC_HEADER.match(subgroup_label) or _N_PERCENT.fullmatch(subgroup_label) else subgroup_label
    quote = f"{label} | {cell.strip()}"
    row_start, start, end = _locate(page_text, label, cell)
    return CohortFigure(
        events=parsed.events, total=total, unit=unit, outcome=outcome, concept=normalize_concept(concept_phrase),
        quote=quote, start=start, end=end, rule=parsed.rule, page=table.page, sentence_start=row_start, section="table", subgroup=subgroup, percent=parsed.percent, flags=tuple(flags),
        denominator_quote=denominator_quote, denominator_page=denominator_page,
        breakdown=f"t{table.page}.{table.index}:c{j}:r{parent[0]}" if parent else None, table=table.index,
    )


def _looks_numeric(text: str) -> bool:
    return not re.search(r"[A-Za-z]{2,}", text)


def _clean_label(label: str) -> str:
    return " ".join(_LABEL_NOISE.sub("", label).split()).strip(" ,;:-")


def _unit_in(text: str, rules: FigureRules) -> str | None:
    for word in re.findall(r"[A-Za-z]+", text):
        unit = rules.unit(word)
        if unit is not None:
            return unit
    return None


def _unit_of_total(total: int, cohorts: Sequence[Cohort]) -> str | None:
    return next((c.unit for c in cohorts if c.size == total and not c.local), None)


# How far after its row label a cell may stand in the page text and still be taken for it.
_ROW_REACH = 400


def _locate(page_text: str, label: str, cell: str) -> tuple[int, int, int]:
    """``(row_start, start, end)`` of the row label and cell in the page text; zeros when absent."""
    at = page_text.find(label.strip())
    if at < 0:
        return 0, 0, 0
    cell_at = page_text.find(cell.strip(), at)
    if cell_at < 0 or cell_at - at > _ROW_REACH:
        return at, at, at
    return at, cell_at, cell_at + len(cell.strip())
