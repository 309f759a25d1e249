"""Cohort figures in tables: a row label and a count cell such as "7 (25.00%)" or "7/28".

A column's total comes from its header ("Patients (n = 28)"); failing that, from the one total
its printed percentages agree on (preferring a size the text states), or from the cohort sizes
of the text chosen by the percentage. Rows under a label-only row ("Sex" then "Male",
"Female") are categories of one breakdown. A cell "7 (25.0)" without a percent sign is a count
when the row, the column or the caption says "n (%)", or when its column's total reproduces it.
Table rows that reached the page text as lines are read by :func:`text_row`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from evidence.schema import CITES_OTHER_WORK, CohortFigure, Table
from extractors.cohorts import Cohort, resolve_total
from extractors.concepts import BARE_LABELS, load_concepts, normalize_concept
from extractors.figure_rules import FigureRules
from extractors.numbers import percent_fit, totals_fitting_percent
from extractors.phrases import phrase_reader

__all__ = ["TableCell", "TextRow", "parse_count_cell", "table_figures", "table_headers", "text_row"]

RULE_PERCENT = "table.count_percent"
RULE_FRACTION = "table.fraction"
RULE_COLUMN_TOTAL = "table.column_total"
_PCT = r"\d{1,3}(?:[.·]\d{1,3})?"
_COUNT_PERCENT = re.compile(rf"^(?P<ev>\d+)\s*\(\s*(?P<pct>{_PCT})\s*(?P<sign>%)?\s*\)$")
_PERCENT_COUNT = re.compile(rf"^(?P<pct>{_PCT})\s*%\s*\(\s*(?:n\s*=\s*)?(?P<ev>\d+)\s*\)$", re.IGNORECASE)
_FRACTION = re.compile(rf"^(?P<ev>\d+)\s*/\s*(?P<tot>\d+)(?:\s*\(\s*(?P<pct>{_PCT})\s*%?\s*\))?$")
_BRACKET_PERCENT = re.compile(rf"\(\s*{_PCT}\s*%?\s*\)")
_N_PERCENT = re.compile(r"\b(?:n|no\.?|number)\s*\(\s*%\s*\)|\(\s*%\s*\)|%", re.IGNORECASE)
_NOT_COUNTS = re.compile(r"\b(?:mean|median|sd|iqr|range|ci|score|age|mg|kg|ml)\b|±", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_SHORT_LABEL = 3
_LABEL_BRACKET = re.compile(r"\s*\((?P<inner>[^()]*)\)")
_HEADER_N = re.compile(r"[(\[,]?\s*\b[nN]\s*=\s*(?P<n>\d+)\s*[)\]]?")
_LABEL_NOISE = re.compile(r"[,:;]?\s*(?:\b(?:n|no\.?|number)\s*(?:/\s*N\s*)?)?\(\s*%\s*\)\s*$|[,:;]?\s*\bn\s*\(\s*%\s*\)|[,:;]\s*$",
                          re.IGNORECASE)
_GENERIC_HEADER = re.compile(r"^(?:total|all|overall|all\s+patients|patients|value|values|n|no\.?|number|"
                             r"n\s*(?:/\s*N\s*)?\(?\s*%?\s*\)?|%|cases|results?|frequency|count)?$", re.IGNORECASE)
# A row labelled by a study ("Ashdown 2016", "Decker et al., 2019"): a table of other papers' results.
_STUDY_LABEL = re.compile(r"^[A-Z][A-Za-z'-]+(?:\s+(?:and|&)\s+[A-Z][A-Za-z'-]+|\s+et\s+al\.?)?,?\s+\(?(?:19|20)\d\d[a-z]?\)?\b")
_CAPTION_LEAD = re.compile(r"^\s*(?:table|tab\.?)\s*[\dIVX]+[.:]?\s*", re.IGNORECASE)
_CAPTION_TAIL = re.compile(r"\s+(?:in|among|of|by|across|from|for)\s+(?:the|all|each|included|published|six|five|four|three|two|\d+)\b.*$",
                           re.IGNORECASE)
_HEADER_FORMAT = re.compile(r"[,;:]?\s*\b(?:n|no\.?)\s*(?:/\s*N\s*)?\(\s*%\s*\)?\s*$|[,;:]?\s*\(\s*%\s*\)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class TableCell:
    """What a count cell says: events, and the total and percentage when printed."""

    events: int
    total: int | None
    percent: str | None
    rule: str


@functools.lru_cache(maxsize=8192)  # each cell is read again for column totals, headers and figures
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


def _merged(row: Sequence[str]) -> list[str]:
    """Cells with a count split from its bracket ("20", "(55.6%)") joined back into one."""
    cells = [" ".join(c.split()) for c in row]
    merged: list[str] = []
    j = 0
    while j < len(cells):
        cell = cells[j]
        if j + 1 < len(cells) and re.fullmatch(r"\d+", cell) and _BRACKET_PERCENT.fullmatch(cells[j + 1]):
            merged.extend([f"{cell} {cells[j + 1]}", ""])
            j += 2
            continue
        merged.append(cell)
        j += 1
    return merged


def _count_columns(rows: Sequence[Sequence[str]]) -> set[int]:
    return {j for row in rows for j, cell in enumerate(row) if parse_count_cell(cell, percent_context=True)}


def _header_count(rows: Sequence[Sequence[str]], data_columns: set[int]) -> int:
    """How many leading rows are column headers: they stop at the first count or row-group label."""
    for r, row in enumerate(rows):
        cells = [row[j] for j in data_columns if j < len(row)]
        if any(_DIGIT.search(_HEADER_N.sub("", c)) for c in cells):
            return r
        if r > 0 and row and row[0] and not any(cells):
            return r
    return len(rows)


def table_headers(table: Table) -> list[str]:
    """Each column's header text (header rows joined); empty strings when the table has none."""
    rows = [_merged(row) for row in table.rows]
    return _headers(rows, _header_count(rows, _count_columns(rows)))


def _headers(rows: Sequence[Sequence[str]], header_count: int) -> list[str]:
    width = max((len(row) for row in rows), default=0)
    return [" ".join(row[j] for row in rows[:header_count] if j < len(row) and row[j]) for j in range(width)]


def table_figures(table: Table, *, rules: FigureRules, cohorts: Sequence[Cohort], page_text: str,
                  main_unit: str | None = None, continued: Sequence[str] = ()) -> list[CohortFigure]:
    """Every count cell of ``table`` as a figure of its row label.

    ``continued`` are the column headers of the table before it, used when this one is a
    headerless continuation of the same width (a table split across columns or pages).
    """
    rows = [_merged(row) for row in table.rows]
    data_columns = _count_columns(rows)
    if not data_columns:
        return []
    first_data = min(data_columns)
    header_count = _header_count(rows, data_columns)
    headers = _headers(rows, header_count)
    if header_count == 0 and len(continued) == len(headers):
        headers = list(continued)
    caption_says_percent = bool(_N_PERCENT.search(table.caption))
    column_totals = _column_totals(rows[header_count:], data_columns, [c.size for c in cohorts if not c.subgroup])
    figures: list[CohortFigure] = []
    parent: tuple[int, str] | None = None
    for r, row in enumerate(rows[header_count:], start=header_count):
        label = " ".join(c for c in row[:first_data] if c)
        data = [(j, row[j]) for j in sorted(data_columns) if j < len(row) and row[j]]
        if not label or _looks_numeric(label):
            continue
        if not data:
            parent = (r, _clean_label(label))
            continue
        outcome = _clean_label(label)
        for j, cell in data:
            column = headers[j] if j < len(headers) else ""
            context = caption_says_percent or bool(_N_PERCENT.search(label) or _N_PERCENT.search(column))
            if _NOT_COUNTS.search(label) and not _N_PERCENT.search(label):
                continue
            parsed = parse_count_cell(cell, percent_context=context) or _fitting_bare_cell(cell, column, column_totals.get(j))
            if parsed is None:
                continue
            if not _HEADER_N.search(column) and j in column_totals and parsed.total is None:
                column = f"{column} (n = {column_totals[j]})"
                parsed = replace(parsed, rule=RULE_COLUMN_TOTAL)
            figure = _figure(table, r, j, label, outcome, cell, parsed, column, parent, rules, cohorts, page_text,
                             main_unit, row)
            if figure is not None:
                figures.append(figure)
    return figures


def _fitting_bare_cell(cell: str, column: str, voted: int | None) -> TableCell | None:
    """A "23 (39)" cell with no n (%) in sight, read as a count only if its column's n reproduces the 39.

    Mean (SD) cells look the same; they almost never agree with the column's n.
    """
    stated = _HEADER_N.search(column)
    total = int(stated["n"]) if stated else voted
    parsed = parse_count_cell(cell, percent_context=True)
    if total is None or parsed is None or parsed.total is not None or parsed.percent is None:
        return None
    return parsed if parsed.events <= total and percent_fit(parsed.events, total, parsed.percent) else None


# The share of a column's count cells one total must reproduce to be taken as the column's n.
_COLUMN_AGREEMENT = 0.75


def _column_totals(rows: Sequence[Sequence[str]], data_columns: set[int], stated: Sequence[int]) -> dict[int, int]:
    """The n of each column whose header lacks it, when one total reproduces its percentages.

    Rows "2 (5)", "26 (61)", "14 (33)" agree only on 42: that is the column's total.
    """
    totals: dict[int, int] = {}
    for j in data_columns:
        cells = [parse_count_cell(row[j], percent_context=True) for row in rows if j < len(row) and row[j]]
        # Percentages under 1 allow thousands of totals and settle nothing.
        usable = [c for c in cells if c is not None and c.percent is not None and c.events > 0 and c.total is None
                  and float(c.percent) >= 1]
        if len(usable) < 2:
            continue
        votes: dict[int, int] = {}
        for cell in usable:
            for total in totals_fitting_percent(cell.events, cell.percent):
                votes[total] = votes.get(total, 0) + 1
        if not votes:
            continue
        agreeing = {t for t, v in votes.items() if v >= 2 and v >= _COLUMN_AGREEMENT * len(usable)}
        # A size the text states wins among totals that fit equally well (59 rounded or 58 truncated).
        preferred = sorted(agreeing & set(stated))
        best = max(votes.values())
        winners = [t for t in agreeing if votes[t] == best]
        if len(preferred) == 1:
            totals[j] = preferred[0]
        elif len(winners) == 1:
            totals[j] = winners[0]
    return totals


def _figure(table: Table, r: int, j: int, label: str, outcome: str, cell: str, parsed: TableCell, column: str,
            parent: tuple[int, str] | None, rules: FigureRules, cohorts: Sequence[Cohort],
            page_text: str, main_unit: str | None, row_cells: Sequence[str]) -> CohortFigure | None:
    # "INR > 3.0 (warfarin users, n = 17)": the bracket names the subgroup and its size.
    label_n = _HEADER_N.search(label)
    header_n = label_n if label_n and (parsed.percent is None or percent_fit(parsed.events, int(label_n["n"]), parsed.percent)) else None
    header_n = header_n or _HEADER_N.search(column)
    qualifier = next((m["inner"] for m in _LABEL_BRACKET.finditer(outcome) if _HEADER_N.search(m["inner"])), None)
    outcome = _LABEL_BRACKET.sub("", outcome).strip() or outcome
    timepoint = phrase_reader().timepoint(outcome, 0, 0)
    if timepoint is not None:
        outcome = phrase_reader().without_timepoint(outcome) or outcome
    # The unit is said by the caption or the headers, never by a row label's own words ("Clinic visits").
    unit = (TextRow(label, ()).unit(rules) or _unit_cell(row_cells[1:], rules) or _unit_heading(column, rules)
            or _unit_in(table.caption, rules))
    assumed = unit is None
    flags: list[str] = []
    denominator_quote = denominator_page = None
    total = parsed.total
    if total is None and header_n:
        total = int(header_n["n"])
        if parsed.percent is not None and parsed.events <= total and not percent_fit(parsed.events, total, parsed.percent):
            flags.append("percent_mismatch")
    if total is None:
        # A table has no place in the running text: treat it as standing at the end of its page.
        resolution = resolve_total(parsed.events, unit=unit or main_unit, percent=parsed.percent, page=table.page,
                                   offset=len(page_text), cohorts=cohorts)
        if resolution is None:
            return None
        total, unit = resolution.total, resolution.unit
        flags.extend(resolution.flags)
        derived = totals_fitting_percent(parsed.events, parsed.percent) if parsed.percent else ()
        if "percent_mismatch" in resolution.flags and len(derived) == 1:
            # A column without its n: the printed percentage says the total more surely than any
            # cohort of the text, none of which fits it.
            total, flags, resolution = derived[0], ["total_from_percent"], replace(resolution, cohort=None)
        if resolution.cohort is not None:
            flags.append("denominator_inferred")
            denominator_quote, denominator_page = resolution.cohort.quote, resolution.cohort.page
    if total < 1 or parsed.events > total:
        return None
    if assumed:
        # Neither caption nor header says what was counted: the people the paper's cohorts count
        # ("patients", "participants"), never a unit of things it also counts ("visits", "tests").
        unit = _people_unit(total, cohorts, main_unit)
        flags.append("unit_assumed")
    elif unit is None:
        unit = _unit_of_total(total, cohorts) or main_unit or "patients"
    if parsed.events == 0:
        flags.append("zero_events")
    if _STUDY_LABEL.match(label):
        # Rows are studies; what they count is said by the caption ("Femoral nerve involvement in the six series").
        flags.append(CITES_OTHER_WORK)
        stated = _CAPTION_TAIL.sub("", _CAPTION_LEAD.sub("", table.caption)).strip(" .:")
        if stated:
            outcome = stated
    concept_phrase = outcome
    # "Haemophilia" then "A", "B": a bare letter or numeral is named by its group row.
    if parent is not None and len(outcome) <= _SHORT_LABEL and load_concepts().match(outcome) is None:
        concept_phrase = f"{parent[1]} {outcome}"
    if outcome.lower() in BARE_LABELS:
        # "Race | Other", "Smoker | No": a bare label is an outcome only with its row group or a short caption.
        group_name = parent[1] if parent is not None else _short_caption(table.caption)
        if not group_name:
            return None
        outcome = group_name if outcome.lower() == "yes" else f"{outcome.lower()} {group_name}"
        concept_phrase = outcome
    # "Total n (%)", "Surgical, n (%)": the count-format words are not part of the arm's name.
    subgroup_label = _HEADER_FORMAT.sub("", _HEADER_N.sub("", column)).strip(" ,;:()")
    subgroup = None if _GENERIC_HEADER.match(subgroup_label) or _N_PERCENT.fullmatch(subgroup_label) else subgroup_label
    if qualifier is not None:
        subgroup = _HEADER_N.sub("", qualifier).strip(" ,;:") or subgroup
    quote = f"{label} | {cell.strip()}"
    row_start, start, end = _locate(page_text, label, cell)
    return CohortFigure(
        events=parsed.events, total=total, unit=unit, outcome=outcome, concept=normalize_concept(concept_phrase),
        quote=quote, start=start, end=end, rule=parsed.rule, page=table.page, sentence_start=row_start,
        section="table", subgroup=subgroup, timepoint=timepoint, percent=parsed.percent, flags=tuple(flags),
        denominator_quote=denominator_quote, denominator_page=denominator_page,
        breakdown=f"t{table.page}.{table.index}:c{j}:r{parent[0]}" if parent else None, table=table.index,
    )


# The longest caption (without "Table 2") that may name a bare row label's group.
_CAPTION_QUALIFIER_WORDS = 4


def _short_caption(caption: str) -> str | None:
    stated = _CAPTION_LEAD.sub("", caption or "").strip(" .:")
    return stated if stated and len(stated.split()) <= _CAPTION_QUALIFIER_WORDS else None


def _looks_numeric(text: str) -> bool:
    return not re.search(r"[A-Za-z]{2,}", text)


def _clean_label(label: str) -> str:
    return " ".join(_LABEL_NOISE.sub("", label).split()).strip(" ,;:-")


def _unit_cell(cells: Sequence[str], rules: FigureRules) -> str | None:
    """A row naming its own unit in a cell of its own ("Ashdown 2016 | limbs | 21/32")."""
    return next((rules.unit(c.strip()) for c in cells if rules.unit(c.strip())), None)


def _unit_heading(column: str, rules: FigureRules) -> str | None:
    """The unit a column heading opens with ("Patients (n = 28)"), not one it merely mentions."""
    first = re.match(r"\s*([A-Za-z]+)", column)
    unit = rules.unit(first[1]) if first else None
    # "Test 2 (n = 14)" names a group of patients by its test; "Patients (n = 28)" names the unit.
    return unit if unit is not None and first[1].lower() == unit else None


# Units of people: a caption that mentions them ("... of women enrolled") says what its rows count.
_PEOPLE = frozenset("""patients participants subjects individuals people children infants neonates adults women men
mothers volunteers respondents survivors residents athletes students workers recipients donors users veterans
smokers""".split())
_COUNTED = re.compile(r"(?:\bn\s*=\s*)?\d[\d,]*\s+(?:[A-Za-z-]+\s+)?(?P<word>[A-Za-z]+)|(?P<before>[A-Za-z]+)\s*\(?\s*n\s*=",
                      re.IGNORECASE)


def _unit_in(text: str, rules: FigureRules) -> str | None:
    """The unit a caption counts ("n = 120 women", "Participants (n = 50)"), else the people it names.

    A unit word merely mentioned ("at trial entry", "antenatal visits") is not what the rows count."""
    for found in _COUNTED.finditer(text):
        unit = rules.unit(found["word"] or found["before"])
        if unit is not None:
            return unit
    for word in re.findall(r"[A-Za-z]+", text):
        unit = rules.unit(word)
        if unit in _PEOPLE and word.lower() == unit:
            return unit
    return None


def _people_unit(total: int, cohorts: Sequence[Cohort], main_unit: str | None) -> str:
    stated = [c.unit for c in cohorts if c.unit in _PEOPLE and not c.subgroup]
    return (next((c.unit for c in cohorts if c.size == total and c.unit in _PEOPLE), None)
            or (main_unit if main_unit in _PEOPLE else None)
            or (max(stated, key=stated.count) if stated else "patients"))


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


_ROW_CELL = r"\d+\s*(?:/\s*\d+\s*)?\(\s*\d{1,3}(?:\.\d+)?\s*%?\s*\)"
_TEXT_ROW = re.compile(rf"^(?P<label>[A-Za-z][^\n]{{1,80}}?[^\d\s])\s+(?P<cells>{_ROW_CELL}(?:\s+{_ROW_CELL})*)"
                       r"(?:\s+[<>]?\s*\d*\.\d+)?$")
_CELL = re.compile(_ROW_CELL)
_ROW_UNIT = re.compile(r",\s*(?P<unit>[a-z]+)\s*(?=,|$)")


@dataclass(frozen=True)
class TextRow:
    """A table row that reached the page text as one line: its label and count cells."""

    label: str
    cells: tuple[tuple[int, str], ...]

    @property
    def outcome(self) -> str:
        label = _ROW_UNIT.sub("", _clean_label(self.label))
        return _clean_label(_LABEL_BRACKET.sub("", label)) or label

    def unit(self, rules: FigureRules) -> str | None:
        """The unit a label names between commas ("Femoral nerve palsy, limbs, n/N (%)")."""
        found = _ROW_UNIT.search(self.label)
        return rules.unit(found["unit"]) if found else None

    def cell_at(self, start: int) -> str | None:
        return next((cell for at, cell in self.cells if at == start), None)


_PIPE_CELL = re.compile(r"[^|]+")


def _pipe_row(text: str) -> TextRow | None:
    """A Markdown-style row that reached the text: "| Haemophilia A, n (%) | 19 (79.2%) |"."""
    cells = [(m.start() + len(m.group()) - len(m.group().lstrip()), m.group().strip()) for m in _PIPE_CELL.finditer(text)]
    cells = [(at, cell) for at, cell in cells if cell]
    if len(cells) < 2 or not re.match(r"[A-Za-z]", cells[0][1]):
        return None
    counts = tuple((at, cell) for at, cell in cells[1:] if _CELL.fullmatch(cell))
    return TextRow(cells[0][1], counts) if counts else None


def text_row(text: str) -> TextRow | None:
    """Read "Anticoagulant use, n (%) 23 (56.1%) 6 (35.3%) 0.25" as a label and its cells."""
    if text.startswith("|") and text.count("|") >= 3:
        return _pipe_row(text)
    row = _TEXT_ROW.match(" ".join(text.split()) if "\n" in text else text)
    if row is None or "\n" in text:
        return None
    offset = row.start("cells")
    return TextRow(row["label"].strip(), tuple((offset + m.start(), m.group()) for m in _CELL.finditer(row["cells"])))
