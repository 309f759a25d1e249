"""Cohort figures ("femoral neuropathy in 28 of 44 episodes") read from a parsed paper, with provenance.

The pipeline is ``spacy.blank("en")`` plus two of our components: ``evidence_sentences_v1``
(sentence boundaries for clinical prose) and ``evidence_cohort_figures_v1``, which runs the
rules of ``extractors/rules/figures.json`` over each sentence that holds a digit or a number
word and writes what it reads to ``doc.spans["cohort_figures"]`` and ``doc.spans["cohort_sizes"]``.
:func:`read_matches` reads those spans back. :func:`extract_figures` then works at document
level: it skips the reference list, flags the figures of sentences that restate other papers'
results (``cites_other_work``), resolves the totals a sentence leaves out from the cohort sizes
stated elsewhere (:mod:`extractors.figure_assembly`), resolves outcomes that point back ("It
complicated 7 of the 9 episodes"), reads the tables (:mod:`extractors.figure_tables`) and
returns :class:`~evidence.schema.CohortFigure` s.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from evidence.schema import (
    CohortFigure,
    DocumentMetadata,
    Page,
    ParsedDocument,
    Section,
)
from extractors.cohorts import CohortIndex
from extractors.concepts import is_junk_concept
from extractors.figure_assembly import (
    CITES_OTHER_WORK,
    Located,
    SentenceRead,
    build_figures,
    main_unit,
    resolve_references,
    stated_cohorts,
    subgroup_cohorts,
)
from extractors.figure_rules import load_figure_rules
from extractors.figure_tables import table_figures, table_headers
from extractors.phrases import phrase_reader
from extractors.sentence_figures import SentenceMatcher
from extractors.sentences import COMPONENT as SENTENCE_COMPONENT
from extractors.sentences import TextKeepingTokenizer, doc_text, sentence_spans, split_sentences

__all__ = [
    "COHORT_KEY",
    "COMPONENT",
    "REVIEW_ARTICLE",
    "SPAN_KEY",
    "VERSION",
    "extract_figures",
    "extract_figures_from_text",
    "figure_pipeline",
    "is_review",
    "read_matches",
]

VERSION = "1.4"
COMPONENT = "evidence_cohort_figures_v1"
SPAN_KEY = "cohort_figures"
COHORT_KEY = "cohort_sizes"
_MATCH_DATA = "evidence_matches"

_SKIPPED_SECTIONS = frozenset({"references", "acknowledgements"})
_CITES = re.compile(r"\bet\s+al\b|\[\s*\d+(?:\s*[,–-]\s*\d+)*\s*\]|\(\s*[A-Z][A-Za-z-]+(?:\s+et\s+al\.?)?,?\s+(?:19|20)\d\d\s*\)")
_NAMED_CITATION = re.compile(r"\bet\s+al\b|\(\s*[A-Z][A-Za-z-]+(?:\s+et\s+al\.?)?,?\s+(?:19|20)\d\d\s*\)")
_OWN_WORK = re.compile(r"\b(?:we|our|this\s+(?:study|series|cohort|review|trial)|the\s+present\s+(?:study|series)|"
                       r"in\s+our\s+(?:series|study|cohort|patients))\b", re.IGNORECASE)
# A title or first heading that says the paper restates other studies' results.
_REVIEW = re.compile(r"\b(?:(?<!retrospective\s)(?<!chart\s)(?<!record\s)(?<!notes\s)(?<!case\s)reviews?|meta-?analys[ie]s)\b",
                     re.IGNORECASE)
REVIEW_ARTICLE = "review_article"
_TABULAR_LINE = re.compile(r"^[\s\d.,()%/±–-]*$")
_PENDING_LIMIT = 10_000  # sentences whose matches wait for their Doc


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
        # Matches found by reads_nothing, kept for the Doc built next for that sentence.
        self._pending: dict[str, tuple[list, list]] = {}

    def reads_nothing(self, text: str) -> bool:
        """Whether a Doc of ``text`` would get no span from this component, known without
        tokenizing it: ``text`` is a single sentence to :func:`split_sentences`, so its Doc is one
        sentence whose text is ``text``, and the matcher finds nothing in it. What the matcher
        does find is kept for the Doc of ``text``, so that it is not matched twice."""
        if split_sentences(text) != [(0, len(text))]:
            return False
        found = self.matcher.matches(text)
        if found == ([], []):
            return True
        if len(self._pending) >= _PENDING_LIMIT:  # Docs never built for them: start afresh
            self._pending.clear()
        self._pending[text] = found
        return False

    def _matches(self, sentence: str) -> tuple[list, list]:
        found = self._pending.pop(sentence, None)
        return found if found is not None else self.matcher.matches(sentence)

    def __call__(self, doc: Doc) -> Doc:
        groups: dict[str, tuple[list[Span], list]] = {SPAN_KEY: ([], []), COHORT_KEY: ([], [])}
        text = doc_text(doc)  # Span.text would walk the tokens again for each sentence
        for sent in sentence_spans(doc):
            sent_text = text[sent.start_char:sent.end_char]
            if not self.trigger.search(sent_text):
                continue
            found, cohorts = self._matches(sent_text)
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
    nlp.tokenizer = TextKeepingTokenizer(nlp.tokenizer)
    nlp.add_pipe(SENTENCE_COMPONENT)
    nlp.add_pipe(COMPONENT)
    return nlp


def read_matches(doc: Doc) -> list[SentenceRead]:
    """The component's spans read back, grouped by sentence, in text order."""
    by_sentence: dict[int, tuple[str, list, list]] = {}
    sentences = sentence_spans(doc)
    starts = [s.start for s in sentences]
    text = doc_text(doc)
    for key, bucket in ((SPAN_KEY, 1), (COHORT_KEY, 2)):
        for span, item in zip(doc.spans.get(key, []), doc.user_data.get((_MATCH_DATA, key), [])):
            sent = sentences[bisect.bisect_right(starts, span.start) - 1]
            entry = by_sentence.setdefault(sent.start_char, (text[sent.start_char:sent.end_char], [], []))
            entry[bucket].append(item)
    return [SentenceRead(start, text, tuple(figs), tuple(cohorts))
            for start, (text, figs, cohorts) in sorted(by_sentence.items())]


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


def _cites_others(page: Page, start: int, text: str) -> str | None:
    """How a sentence cites other work without speaking of its own data: "named" ("Smith et al.",
    "(Smith, 2019)"), "marker" (a superscript or bracketed number only), or None."""
    if _OWN_WORK.search(text):
        return None
    if _NAMED_CITATION.search(text):
        return "named"
    end = start + len(text)
    marked = any(m.char_start is not None and start <= m.char_start <= end for m in page.markers)
    return "marker" if marked or _CITES.search(text) else None


def _read_pages(doc: ParsedDocument) -> list[Located]:
    nlp = figure_pipeline()
    component = nlp.get_pipe(COMPONENT)
    trigger = component.trigger
    pending: list[tuple[int, int, str, str, bool]] = []
    for page in doc.pages:
        on_page = [s for s in doc.sections if s.page_start <= page.number <= s.page_end]
        for start, end in split_sentences(page.text):
            text = page.text[start:end]
            section = _section_at(on_page, page.number, start)
            if section in _SKIPPED_SECTIONS or not trigger.search(text) or _looks_tabular(text):
                continue
            if component.reads_nothing(text):
                continue  # most numeric sentences hold no figure: no Doc is built for them
            # Other papers' results are read everywhere, and flagged so that pooling leaves them out.
            pending.append((page.number, start, text, section, _cites_others(page, start, text)))
    located = []
    for (page, start, _, section, cites), spacy_doc in zip(pending, nlp.pipe(p[2] for p in pending)):
        for read in read_matches(spacy_doc):
            located.append(Located(page, start + read.start, read, section, cites))
    return located


def extract_figures(doc: ParsedDocument) -> tuple[CohortFigure, ...]:
    """Every cohort figure of a parsed document, in page and text order. Pure and deterministic."""
    located = _read_pages(doc)
    cohorts = stated_cohorts(located)
    unit = main_unit(cohorts)
    words = "\n".join([page.text for page in doc.pages]
                       + [" | ".join(row) for table in doc.tables for row in table.rows])
    first = build_figures(located, CohortIndex(cohorts), unit, doc.paginated, words)
    # Second pass: a percentage that fits no stated cohort may fit a count read in the first
    # ("45% (39 of 86) curves ... 19% (16 curves)"); subgroup sizes serve only such percentages.
    # Indexed once for the whole document, not rescanned for each figure.
    cohorts = CohortIndex(cohorts + subgroup_cohorts([f for f, _, _ in first if "percent_mismatch" not in f.flags]))
    figures = resolve_references([f for f, _, _ in build_figures(located, cohorts, unit, doc.paginated, words)], words)
    rules = load_figure_rules()
    previous: list[str] = []
    for table in doc.tables:
        page_text = doc.page_text(table.page) if 1 <= table.page <= len(doc.pages) else ""
        for figure in table_figures(table, rules=rules, cohorts=cohorts, page_text=page_text, main_unit=unit,
                                    continued=previous):
            figures.append(figure if doc.paginated else _without_page(figure))
        headers = table_headers(table)
        if any(headers):
            previous = headers
    if is_review(doc):
        # A review restates other studies' figures, cited or not: none of them is its own cohort.
        # A bare percentage there ("30% of patients") is a pooled estimate, of no one cohort it states.
        figures = [replace(f, flags=tuple(dict.fromkeys(f.flags + (CITES_OTHER_WORK, REVIEW_ARTICLE))))
                   for f in figures if "percent_only" not in f.flags]
    # "Most (715, 32.3%) were aged ...", "followed by 589": a word that names no outcome leaves no figure.
    return tuple(f for f in _deduplicated(figures) if not is_junk_concept(f.concept))


def is_review(doc: ParsedDocument) -> bool:
    """Whether the title or the first section heading calls the paper a review or a meta-analysis."""
    heading = next((s.heading for s in doc.sections if s.heading.strip()), "")
    return any(_REVIEW.search(text or "") for text in (doc.metadata.title, heading))


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
    doc = ParsedDocument(source="<text>", sha256=digest, file_type="txt",
                         size_bytes=len(text.encode("utf-8", "surrogatepass")), metadata=DocumentMetadata(),
                         pages=(Page(number=1, text=text),))
    return extract_figures(doc)
