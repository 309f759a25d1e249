"""Cohort figures ("femoral neuropathy in 28 of 44 episodes") read from a parsed paper, with provenance.

The pipeline is ``spacy.blank("en")`` plus two of our components: ``evidence_sentences.v1``
(sentence boundaries for clinical prose) and ``evidence_cohort_figures_v1``, which runs the
rules of ``extractors/rules/figures.json`` over each sentence that holds a digit or a number
word and writes what it reads to ``doc.spans["cohort_figures"]`` and ``doc.spans["cohort_sizes"]``.
:func:`read_matches` reads those spans back. :func:`extract_figures` then works at document
level: it skips the reference list and other papers' results, resolves the totals a sentence
leaves out from the cohort sizes stated elsewhere (:mod:`extractors.cohorts`), reads the
tables (:mod:`extractors.figure_tables`) and builds :class:`~evidence.schema.CohortFigure` s.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from evidence.schema import CohortFigure, DocumentMetadata, Page, ParsedDocument, Section
from extractors.cohorts import Cohort, resolve_percent_only, resolve_total
from extractors.concepts import normalize_concept
from extractors.figure_rules import load_figure_rules
from extractors.figure_tables import table_figures, table_headers, text_row
from extractors.phrases import phrase_reader
from extractors.sentence_figures import CohortMatch, FigureMatch, SentenceMatcher
from extractors.sentences import COMPONENT as SENTENCE_COMPONENT
from extractors.sentences import sentence_spans, split_sentences

__all__ = ["COMPONENT", "COHORT_KEY", "SPAN_KEY", "VERSION", "extract_figures", "extract_figures_from_text",
           "figure_pipeline", "read_matches"]

VERSION = "figures-1.0"
COMPONENT = "evidence_cohort_figures_v1"
SPAN_KEY = "cohort_figures"
COHORT_KEY = "cohort_sizes"
_MATCH_DATA = "evidence_matches"

_SKIPPED_SECTIONS = frozenset({"references", "acknowledgements"})
# Sections where a paper mostly reports other papers' numbers: a sentence there that cites a
# source and does not speak of "our"/"this" study is read as someone else's result.
_CAUTIOUS_SECTIONS = frozenset({"front", "introduction", "discussion", "other"})
_CITES = re.compile(r"\bet\s+al\b|\[\s*\d+(?:\s*[,–-]\s*\d+)*\s*\]|\(\s*[A-Z][A-Za-z-]+(?:\s+et\s+al\.?)?,?\s+(?:19|20)\d\d\s*\)")
_OWN_WORK = re.compile(r"\b(?:we|our|this\s+(?:study|series|cohort|review|trial)|the\s+present\s+(?:study|series))\b",
                       re.IGNORECASE)
_ANAPHORA = re.compile(r"\b(?:of|among|amongst)\s+(?:these|them|whom|those)\b", re.IGNORECASE)
_FLOW_OUTCOME = re.compile(r"(?:included|enrolled|recruited|randomi[sz]ed|eligible|screened)\b", re.IGNORECASE)
_TABULAR_LINE = re.compile(r"^[\s\d.,()%/±–-]*$")


def _trigger(number_words: Iterable[str]) -> re.Pattern[str]:
    words = "|".join(sorted(number_words, key=len, reverse=True))
    return re.compile(rf"\d|\b(?:{words}|no|none)\b", re.IGNORECASE)


@Language.factory(COMPONENT)
def _make_figure_component(nlp: Language, name: str) -> CohortFigureComponent:
    return CohortFigureComponent()


class CohortFigureComponent:
    """Writes cohort figures and cohort sizes of each numeric sentence to ``doc.spans``."""

    def __init__(self) -> None:
        rules = load_figure_rules()
        self.matcher = SentenceMatcher(rules, phrase_reader())
        self.trigger = _trigger(rules.number_words)

    def __call__(self, doc: Doc) -> Doc:
        groups: dict[str, tuple[list[Span], list]] = {SPAN_KEY: ([], []), COHORT_KEY: ([], [])}
        for sent in sentence_spans(doc):
            if not self.trigger.search(sent.text):
                continue
            found, cohorts = self.matcher.matches(sent.text)
            for key, items in ((SPAN_KEY, found), (COHORT_KEY, cohorts)):
                for item in items:
                    span = doc.char_span(sent.start_char + item.start, sent.start_char + item.end,
                                         label=item.rule, alignment_mode="expand")
                    if span is not None:
                        groups[key][0].append(span)
                        groups[key][1].append(item)
        for key, (spans, items) in groups.items():
            doc.spans[key] = spans
            # Span extensions are keyed by offsets, and a figure and a cohort size may share them,
            # so the matches travel as a list parallel to the span group.
            doc.user_data[(_MATCH_DATA, key)] = items
        return doc


@functools.cache
def figure_pipeline() -> Language:
    """The blank English pipeline with our two components, built once per process."""
    nlp = spacy.blank("en")
    nlp.add_pipe(SENTENCE_COMPONENT)
    nlp.add_pipe(COMPONENT)
    return nlp


@dataclass(frozen=True)
class SentenceRead:
    """What the component read from one sentence, offsets into that sentence."""

    start: int
    text: str
    figures: tuple[FigureMatch, ...]
    cohorts: tuple[CohortMatch, ...]


def read_matches(doc: Doc) -> list[SentenceRead]:
    """The component's spans read back, grouped by sentence, in text order."""
    by_sentence: dict[int, tuple[str, list, list]] = {}
    sentences = sentence_spans(doc)
    starts = [s.start for s in sentences]
    for key, bucket in ((SPAN_KEY, 1), (COHORT_KEY, 2)):
        for span, item in zip(doc.spans.get(key, []), doc.user_data.get((_MATCH_DATA, key), [])):
            sent = sentences[bisect.bisect_right(starts, span.start) - 1]
            entry = by_sentence.setdefault(sent.start_char, (sent.text, [], []))
            entry[bucket].append(item)
    return [SentenceRead(start, text, tuple(figs), tuple(cohorts))
            for start, (text, figs, cohorts) in sorted(by_sentence.items())]


@dataclass(frozen=True)
class _Located:
    """A sentence read from a page, with where it stands and which section it is in."""

    page: int
    start: int
    read: SentenceRead
    section: str


def _section_at(sections: Sequence[Section], page: int, offset: int) -> str:
    kind = "other"
    for section in sections:
        if (section.page_start, section.start) <= (page, offset) and (page, offset) < (section.page_end, section.end):
            kind = section.kind
    return kind


def _looks_tabular(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    numeric = sum(1 for line in lines if _TABULAR_LINE.match(line))
    return len(lines) >= 3 and numeric * 2 >= len(lines)


def _cites_others(page: Page, start: int, text: str) -> bool:
    end = start + len(text)
    marked = any(m.char_start is not None and start <= m.char_start <= end for m in page.markers)
    return (marked or bool(_CITES.search(text))) and not _OWN_WORK.search(text)


def _read_pages(doc: ParsedDocument) -> list[_Located]:
    nlp = figure_pipeline()
    trigger = nlp.get_pipe(COMPONENT).trigger
    pending: list[tuple[int, int, str, str]] = []
    for page in doc.pages:
        for start, end in split_sentences(page.text):
            text = page.text[start:end]
            section = _section_at(doc.sections, page.number, start)
            if section in _SKIPPED_SECTIONS or not trigger.search(text) or _looks_tabular(text):
                continue
            if section in _CAUTIOUS_SECTIONS and _cites_others(page, start, text):
                continue
            pending.append((page.number, start, text, section))
    located = []
    for (page, start, _, section), spacy_doc in zip(pending, nlp.pipe(p[2] for p in pending)):
        for read in read_matches(spacy_doc):
            located.append(_Located(page, start + read.start, read, section))
    return located


def _cohorts(located: Sequence[_Located]) -> list[Cohort]:
    # Two rules reading the same words ("We reviewed 44 episodes in 20 patients") state one cohort once.
    unique: dict[tuple[int, int], Cohort] = {}
    for loc in located:
        for c in loc.read.cohorts:
            unique.setdefault((loc.page, loc.start + c.start), Cohort(
                size=c.size, unit=c.unit, page=loc.page, offset=loc.start + c.start, quote=loc.read.text,
                rule=c.rule, sentence_start=loc.start, local=c.local))
    return list(unique.values())


def _subgroups(figures: Sequence[CohortFigure]) -> list[Cohort]:
    """Both numbers of "palsy in 21 of 32 limbs" may be the total of a later percentage."""
    return [Cohort(size=size, unit=f.unit, page=f.page or 1, offset=f.start, quote=f.quote, rule=f.rule,
                   sentence_start=f.sentence_start, subgroup=True)
            for f in figures if f.section != "table" for size in {f.events, f.total} if size >= 2]


def _main_unit(cohorts: Sequence[Cohort]) -> str | None:
    counts: dict[str, int] = {}
    for cohort in (c for c in cohorts if not c.subgroup):
        counts[cohort.unit] = counts.get(cohort.unit, 0) + 1
    return max(counts, key=lambda u: (counts[u], u == "patients")) if counts else None


def _as_row_cell(loc: _Located, match: FigureMatch) -> tuple[FigureMatch, str | None]:
    """A figure read from a table row in the text takes the row label as outcome and quotes "label | cell"."""
    row = text_row(loc.read.text)
    cell = row.cell_at(match.start) if row is not None else None
    if row is None or cell is None:
        return match, None
    timepoint = phrase_reader().timepoint(row.outcome, 0, 0)
    outcome = phrase_reader().without_timepoint(row.outcome) if timepoint else row.outcome
    rules = load_figure_rules()
    unit = row.unit(rules) or match.unit
    return (replace(match, outcome=outcome or row.outcome, timepoint=timepoint, subgroup=None, unit=unit),
            f"{row.label} | {cell}")


def _with_antecedent(loc: _Located, match: FigureMatch, antecedent: CohortFigure | None) -> FigureMatch:
    """"423 developed dementia; of these, 240 ...": the total is the count the words point back to."""
    if antecedent is None or match.total is not None or match.events is None or antecedent.events < max(match.events, 1):
        return match
    same_sentence = antecedent.sentence_start == loc.start and antecedent.end <= loc.start + match.start
    between = loc.read.text[antecedent.end - loc.start:match.start] if same_sentence else loc.read.text[:match.start]
    if not _ANAPHORA.search(between):
        return match
    return replace(match, total=antecedent.events, unit=match.unit or antecedent.unit)


def _build(loc: _Located, match: FigureMatch, cohorts: Sequence[Cohort], page_label: int | None,
           main_unit: str | None, antecedent: CohortFigure | None = None) -> CohortFigure | None:
    match, row_quote = _as_row_cell(loc, match)
    match = _with_antecedent(loc, match, antecedent)
    offset = loc.start + match.start
    flags = list(match.flags)
    events, total, unit = match.events, match.total, match.unit
    denominator: Cohort | None = None
    if events is None:
        if unit is None or match.percent is None:
            return None
        found = resolve_percent_only(match.percent, unit=unit, page=loc.page, offset=offset, cohorts=cohorts)
        if found is None:
            return None
        events, resolution = found
        total, unit, denominator = resolution.total, resolution.unit, resolution.cohort
        flags.extend(resolution.flags)
    elif total is None:
        resolution = resolve_total(events, unit=unit, percent=match.percent, page=loc.page, offset=offset,
                                   cohorts=cohorts, min_total=match.min_total)
        if resolution is None and match.min_total and match.family in ("pair", "letter_list"):
            total, flags = match.min_total, flags + ["denominator_from_sum"]
            if unit is None:
                # Men and women, haemophilia A and B: categories of people.
                unit, flags = main_unit or "patients", flags + ([] if main_unit else ["unit_assumed"])
        elif resolution is None:
            return None
        else:
            total, unit, denominator = resolution.total, resolution.unit, resolution.cohort
            flags.extend(resolution.flags)
    if unit is None:
        unit = next((c.unit for c in cohorts if c.size == total and not c.subgroup), None) or main_unit
        if unit is None:
            # Nothing in the paper says what was counted ("9/10" in a genomics table): not a cohort figure.
            return None
    if _FLOW_OUTCOME.match(match.outcome):
        # "59 patients (20%) were included": the flow of participants, not an outcome.
        return None
    if total < 1 or events > total:
        return None
    if match.family == "inferred" and match.percent is None and events == total and denominator is not None:
        # "Twenty patients had 44 episodes": a count equal to its own cohort restates the cohort.
        return None
    quote_of_denominator = None
    if denominator is not None and (denominator.page, denominator.sentence_start) != (loc.page, loc.start):
        quote_of_denominator = denominator.quote
        flags.append("denominator_inferred")
    return CohortFigure(
        events=events, total=total, unit=unit, outcome=match.outcome, concept=normalize_concept(match.outcome),
        quote=row_quote or loc.read.text, start=offset, end=loc.start + match.end, rule=match.rule, page=page_label,
        sentence_start=loc.start, section=loc.section, subgroup=match.subgroup, timepoint=match.timepoint,
        percent=match.percent, flags=tuple(dict.fromkeys(flags)), denominator_quote=quote_of_denominator,
        denominator_page=(denominator.page if quote_of_denominator and page_label is not None else None),
        breakdown=(f"p{loc.page}:s{loc.start}:{match.group}" if match.group is not None else None),
    )


def extract_figures(doc: ParsedDocument) -> tuple[CohortFigure, ...]:
    """Every cohort figure of a parsed document, in page and text order. Pure and deterministic."""
    located = _read_pages(doc)
    cohorts = _cohorts(located)
    main_unit = _main_unit(cohorts)
    first = _build_all(located, cohorts, main_unit, doc.paginated)
    # Second pass: a percentage that fits no stated cohort may fit a subgroup counted elsewhere.
    cohorts = cohorts + _subgroups([f for f, _, _ in first if "percent_mismatch" not in f.flags])
    figures = [_build(loc, match, cohorts, loc.page if doc.paginated else None, main_unit) or f
               if "percent_mismatch" in f.flags else f for f, loc, match in first]
    rules = load_figure_rules()
    previous: list[str] = []
    for table in doc.tables:
        page_text = doc.page_text(table.page) if 1 <= table.page <= len(doc.pages) else ""
        for figure in table_figures(table, rules=rules, cohorts=cohorts, page_text=page_text, main_unit=main_unit,
                                    continued=previous):
            figures.append(figure if doc.paginated else _without_page(figure))
        headers = table_headers(table)
        if any(headers):
            previous = headers
    return tuple(_deduplicated(figures))


def _build_all(located: Sequence[_Located], cohorts: Sequence[Cohort], main_unit: str | None,
               paginated: bool) -> list[tuple[CohortFigure, _Located, FigureMatch]]:
    built: list[tuple[CohortFigure, _Located, FigureMatch]] = []
    for loc in located:
        for match in loc.read.figures:
            antecedent = built[-1][0] if built else None
            figure = _build(loc, match, cohorts, loc.page if paginated else None, main_unit, antecedent)
            if figure is not None:
                built.append((figure, loc, match))
    return built


def _without_page(figure: CohortFigure) -> CohortFigure:
    return replace(figure, page=None, denominator_page=None)


def _deduplicated(figures: list[CohortFigure]) -> list[CohortFigure]:
    seen: set[tuple] = set()
    unique = []
    for figure in figures:
        key = (figure.page, figure.table, figure.start, figure.end, figure.events, figure.total, figure.quote)
        if key not in seen:
            seen.add(key)
            unique.append(figure)
    return unique


def extract_figures_from_text(text: str) -> tuple[CohortFigure, ...]:
    """The figures of a one-off text, read as a one-page plain-text document without sections."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    doc = ParsedDocument(source="<text>", sha256=digest, file_type="txt", size_bytes=len(text.encode("utf-8", "surrogatepass")),
                         metadata=DocumentMetadata(), pages=(Page(number=1, text=text),))
    return extract_figures(doc)
