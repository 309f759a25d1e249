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
from extractors.figure_tables import table_figures
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
_TABULAR_LINE = re.compile(r"^[\s\d.,()%/±–-]*$")
_TEXT_ROW = re.compile(r"^(?P<label>[^\d\n]{2,80}?(?:\(\s*%\s*\))?)\s+(?P<cell>\d+\s*(?:/\s*\d+\s*)?\(\s*\d{1,3}(?:\.\d+)?\s*%?\s*\))$")


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
    stated = [Cohort(size=c.size, unit=c.unit, page=loc.page, offset=loc.start + c.start, quote=loc.read.text,
                     rule=c.rule, sentence_start=loc.start, local=c.local)
              for loc in located for c in loc.read.cohorts]
    # Both numbers of "palsy in 21 of 32 limbs" may be the total of a later percentage.
    counted = [Cohort(size=size, unit=f.unit, page=loc.page, offset=loc.start + f.start, quote=loc.read.text,
                      rule=f.rule, sentence_start=loc.start, subgroup=True)
               for loc in located for f in loc.read.figures
               if f.family == "explicit" and f.unit is not None and f.events is not None and f.total is not None
               for size in {f.events, f.total} if size >= 2]
    return stated + counted


def _main_unit(cohorts: Sequence[Cohort]) -> str | None:
    counts: dict[str, int] = {}
    for cohort in cohorts:
        counts[cohort.unit] = counts.get(cohort.unit, 0) + 1
    return max(counts, key=lambda u: (counts[u], u == "patients")) if counts else None


def _build(loc: _Located, match: FigureMatch, cohorts: Sequence[Cohort], page_label: int | None,
           main_unit: str | None) -> CohortFigure | None:
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
        elif resolution is None:
            return None
        else:
            total, unit, denominator = resolution.total, resolution.unit, resolution.cohort
            flags.extend(resolution.flags)
    if unit is None:
        same = next((c.unit for c in cohorts if c.size == total and not c.local), None)
        unit = same or main_unit
        if unit is None:
            unit, flags = "patients", flags + ["unit_assumed"]
    if total < 1 or events > total or (match.rule == "count.n_equals" and events == total):
        return None
    quote_of_denominator = None
    if denominator is not None and (denominator.page, denominator.sentence_start) != (loc.page, loc.start):
        quote_of_denominator = denominator.quote
        flags.append("denominator_inferred")
    return CohortFigure(
        events=events, total=total, unit=unit, outcome=match.outcome, concept=normalize_concept(match.outcome),
        quote=_row_quote(loc.read.text, match) or loc.read.text, start=offset, end=loc.start + match.end, rule=match.rule, page=page_label,
        sentence_start=loc.start, section=loc.section, subgroup=match.subgroup, timepoint=match.timepoint,
        percent=match.percent, flags=tuple(dict.fromkeys(flags)), denominator_quote=quote_of_denominator,
        denominator_page=(denominator.page if quote_of_denominator and page_label is not None else None),
        breakdown=(f"p{loc.page}:s{loc.start}:{match.group}" if match.group is not None else None),
    )


def _row_quote(text: str, match: FigureMatch) -> str | None:
    """"label | cell" for a table row that reached the page text as a line ("Male, n (%) 24 (85.71%)")."""
    row = _TEXT_ROW.match(text)
    if row is None or row.start("cell") != match.start:
        return None
    return f"{row['label'].strip()} | {row['cell']}"


def extract_figures(doc: ParsedDocument) -> tuple[CohortFigure, ...]:
    """Every cohort figure of a parsed document, in page and text order. Pure and deterministic."""
    located = _read_pages(doc)
    cohorts = _cohorts(located)
    main_unit = _main_unit(cohorts)
    figures: list[CohortFigure] = []
    for loc in located:
        page_label = loc.page if doc.paginated else None
        for match in loc.read.figures:
            figure = _build(loc, match, cohorts, page_label, main_unit)
            if figure is not None:
                figures.append(figure)
    rules = load_figure_rules()
    for table in doc.tables:
        page_text = doc.page_text(table.page) if 1 <= table.page <= len(doc.pages) else ""
        for figure in table_figures(table, rules=rules, cohorts=cohorts, page_text=page_text, main_unit=main_unit):
            figures.append(figure if doc.paginated else _without_page(figure))
    return tuple(_deduplicated(figures))


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
