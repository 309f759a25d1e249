"""Find a document's sections (abstract, methods, results, references...) from its headings.

Parsers put every heading on a paragraph of its own, so a section starts wherever a paragraph
is a known heading ("Results", "2. Patients and methods", "REFERENCES"). The vocabulary below
is data: a heading's wording decides its kind, whatever its font. Sections tile the document in
reading order; text before the first heading is the ``front`` matter (title, authors,
affiliations), or ``abstract`` when it opens with the word Abstract.

A structured abstract ("Background ... Methods ... Results ... Conclusions") repeats the names
of the main sections; inside an abstract those labels stay ``abstract`` until a label repeats or
a heading that cannot belong to an abstract (Introduction, References...) appears.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from evidence.schema import Page, Section

__all__ = ["HEADINGS", "find_sections", "heading_kind", "normalise_heading"]

# Each section kind with the headings that open it, in their normalised form (lowercase,
# numbering and trailing colon removed, "&" read as "and").
HEADINGS: dict[str, tuple[str, ...]] = {
    "abstract": ("abstract", "summary"),
    "introduction": ("introduction", "background", "introduction and background", "background and aims",
                     "background and objectives", "background and purpose"),
    "methods": ("methods", "method", "patients and methods", "materials and methods", "methods and materials",
                "subjects and methods", "participants and methods", "methodology", "material and methods",
                "patients, materials and methods", "study design and methods"),
    "results": ("results", "findings", "results and discussion", "case report", "case reports",
                "case presentation", "case presentations", "case description", "case descriptions"),
    "discussion": ("discussion", "discussion and conclusion", "discussion and conclusions", "comment"),
    "conclusion": ("conclusion", "conclusions", "concluding remarks", "conclusions and implications"),
    "references": ("references", "bibliography", "literature cited", "works cited", "reference list",
                   "references and notes"),
    "acknowledgements": ("acknowledgements", "acknowledgments", "acknowledgement", "acknowledgment"),
    "other": ("competing interests", "conflict of interest", "conflicts of interest", "declaration of interests",
              "disclosure", "disclosures", "funding", "authors' contributions", "author contributions",
              "abbreviations", "additional files", "additional file", "supplementary material",
              "supplementary data", "appendix", "declarations", "footnotes", "author details",
              "availability of data and materials", "ethics approval and consent to participate",
              "consent for publication", "figure legends", "tables"),
}
# Labels of a structured abstract. The first four may open one; the rest only continue one.
ABSTRACT_OPENERS = frozenset({"background", "objective", "objectives", "aim", "aims", "purpose", "context",
                              "importance"})
ABSTRACT_LABELS = ABSTRACT_OPENERS | frozenset({
    "methods", "method", "design", "setting", "participants", "patients", "interventions", "measurements",
    "main outcome measures", "main outcomes and measures", "results", "findings", "conclusion", "conclusions",
    "interpretation", "trial registration", "patients and methods", "materials and methods", "limitations",
    "conclusions and relevance", "discussion",
})
# Kinds of heading that end an abstract even when it is structured; so does "Introduction".
ABSTRACT_ENDERS = frozenset({"references", "acknowledgements", "other"})

# How far (in characters) a structured abstract's first label may follow the Abstract
# heading, and each later label the one before it.
OPENER_REACH = 400
LABEL_REACH = 2500

_KIND_OF = {heading: kind for kind, headings in HEADINGS.items() for heading in headings}
_NUMBERING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.|[A-H]\.)\s+")
_INLINE_ABSTRACT = re.compile(r"^(?:abstract|summary)\b[:.]?\s+\S", re.IGNORECASE)
_MAX_HEADING = 60


def normalise_heading(text: str) -> str:
    """The comparable form of a heading line: '2. PATIENTS & METHODS:' -> 'patients and methods'."""
    text = _NUMBERING.sub("", " ".join(text.split()))
    text = text.rstrip(" :.").replace("&", "and").replace("\u2019", "'")
    return text.lower()


def heading_kind(text: str) -> str | None:
    """The section kind a line opens when it is a heading on its own, else None."""
    if not text or len(text) > _MAX_HEADING or "\n" in text.strip():
        return None
    return _KIND_OF.get(normalise_heading(text))


@dataclass(frozen=True)
class _Heading:
    page: int
    offset: int
    text: str
    label: str
    kind: str | None


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    for match in re.finditer(r"[^\n](?:.|\n(?!\n))*", text):
        yield match.start(), match.group()


def _headings(pages: Sequence[Page]) -> Iterator[_Heading]:
    for page in pages:
        for offset, paragraph in _paragraphs(page.text):
            stripped = paragraph.strip()
            if len(stripped) <= _MAX_HEADING and "\n" not in stripped:
                label = normalise_heading(stripped)
                if label in _KIND_OF or label in ABSTRACT_LABELS:
                    yield _Heading(page.number, offset, stripped, label, _KIND_OF.get(label))
                    continue
            if _INLINE_ABSTRACT.match(paragraph):
                yield _Heading(page.number, offset, paragraph.split()[0].rstrip(":."), "abstract", "abstract")


def _merged(headings: Iterator[_Heading]) -> Iterator[_Heading]:
    """Drop the labels of a structured abstract, keeping the headings that open sections.

    A label belongs to the abstract only when it follows the abstract heading (an opener,
    within OPENER_REACH characters) or the previous label (within LABEL_REACH) on the same
    page; the body's "Background" or "Methods" pages later opens a section even when the
    abstract's own labels were run into its text.
    """
    in_abstract, structured, seen, last = False, False, set(), (0, 0)
    for heading in headings:
        reach = LABEL_REACH if structured else OPENER_REACH
        near = heading.page == last[0] and heading.offset - last[1] <= reach
        if in_abstract and near and heading.label in ABSTRACT_LABELS and heading.label not in seen \
                and heading.label != "introduction" and heading.kind not in ABSTRACT_ENDERS \
                and (structured or heading.label in ABSTRACT_OPENERS):
            structured, last = True, (heading.page, heading.offset)
            seen.add(heading.label)
            continue
        if heading.kind is None:
            continue
        in_abstract, structured, seen = heading.kind == "abstract", False, set()
        last = (heading.page, heading.offset)
        yield heading


def find_sections(pages: Sequence[Page]) -> tuple[Section, ...]:
    """Sections from (page, offset) to (page, offset), tiling the pages' text in order."""
    if not pages:
        return ()
    first, last = pages[0], pages[-1]
    starts: list[tuple[str, str, int, int]] = []
    for heading in _merged(_headings(pages)):
        starts.append((heading.kind, heading.text, heading.page, heading.offset))
    if not starts or (starts[0][2], starts[0][3]) != (first.number, 0):
        starts.insert(0, ("front", "", first.number, 0))
    ends = [(page, offset) for _, _, page, offset in starts[1:]] + [(last.number, len(last.text))]
    return tuple(Section(kind=kind, heading=text, page_start=page, start=offset, page_end=end_page, end=end)
                 for (kind, text, page, offset), (end_page, end) in zip(starts, ends))
