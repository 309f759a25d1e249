"""Find a document's sections (abstract, methods, results, references...) from its headings.

Parsers put every heading on a paragraph of its own, so a section starts wherever a paragraph
is a known heading ("Results", "2. Patients and methods", "REFERENCES", the letter-spaced
"a b s t r a c t"), or opens with one run into its text ("Methods. We reviewed...", "Funding:
none"). The vocabulary is data (``extractors/rules/headings.json``, loaded by
:func:`load_heading_rules`): a heading's wording decides its kind, whatever its font. Sections
tile the document in reading order; text before the first heading is the ``front`` matter
(title, authors, affiliations).

The abstract:

* A structured abstract ("Background ... Methods ... Results ... Conclusions") repeats the names
  of the main sections; inside an abstract those labels stay ``abstract`` until a label repeats,
  the labels stop (each must follow the one before within ``label_reach`` characters), or a
  heading that cannot belong to an abstract (References, Funding...) appears. "Introduction"
  is a label only as the very first thing after the Abstract heading.
* Without an Abstract heading, an opening label run into its text ("Background. Spirometry
  patterns...", "Objectives: To examine...") before any other heading opens the abstract.
* An abstract follows the front matter: an "Abstract" after the body has begun (a table note
  "Abstract only available.") opens nothing, and a lone body heading before the abstract (an
  article-type label such as "METHODOLOGY") is front matter.

A reference list printed without a heading (numbered entries 1, 2, 3 with years, after the
body, as the BMJ prints it) opens a ``references`` section with an empty heading;
:func:`numbered_list_start` is the shared test, which the PDF parser also uses.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from evidence.errors import ExtractionError
from evidence.schema import SECTION_KINDS, Page, Section

__all__ = [
    "HEADING_RULES_PATH",
    "HeadingRules",
    "find_sections",
    "heading_kind",
    "load_heading_rules",
    "normalise_heading",
    "numbered_list_start",
    "run_in_heading",
]

HEADING_RULES_PATH = Path(__file__).parent / "rules" / "headings.json"
BODY_KINDS = frozenset({"introduction", "methods", "results", "discussion", "conclusion"})

_NUMBERING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.|[A-H]\.)\s+")
_LETTER_SPACED = re.compile(r"(?:[^\W\d_] ){3,}[^\W\d_]")
_INLINE_ABSTRACT = re.compile(r"^(?:abstract|summary)\b[:.]?\s+\S", re.IGNORECASE)
_RUN_IN = re.compile(r"^((?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?[^\W\d_][^\W\d_'\u2019&,/ -]*(?:[ '\u2019&,/-]+[^\W\d_]+){0,5})"
                     r"\s?[.:]\s+(?=\S)")
_LIST_LABEL = re.compile(r"^(?:\[(\d{1,3})\]|(\d{1,3})[.)]?)(?=\s|$)")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d[a-z]?\b")
LIST_LOOKAHEAD = 40  # printed lines within which entries 2 and 3 of a reference list must start


@dataclass(frozen=True)
class HeadingRules:
    """The heading vocabulary, every heading in normalised form (see :func:`normalise_heading`).

    ``kinds`` maps a section kind to the headings that open it. ``abstract_openers`` may open a
    structured abstract, ``abstract_labels`` continue one, ``abstract_first_only`` are labels
    only right after the Abstract heading; a heading of a kind in ``abstract_enders`` always
    ends the abstract. ``opener_reach`` and ``label_reach`` are in characters.
    """

    id: str
    kinds: Mapping[str, tuple[str, ...]]
    abstract_openers: frozenset[str]
    abstract_labels: frozenset[str]
    abstract_first_only: frozenset[str]
    abstract_enders: frozenset[str]
    opener_reach: int
    label_reach: int
    max_heading_length: int

    @property
    def kind_of(self) -> dict[str, str]:
        return {heading: kind for kind, headings in self.kinds.items() for heading in headings}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, origin: str = "heading rules") -> HeadingRules:
        """Validate ``data`` (the parsed JSON file); unknown or missing keys, a kind that is not
        a section kind, a heading not in normalised form or under two kinds are errors."""
        if not isinstance(data, Mapping):
            raise ExtractionError(f"{origin}: heading rules must be a JSON object (got {type(data).__name__})")
        expected = [f.name for f in fields(cls)]
        unknown = sorted(set(data) - set(expected))
        if unknown:
            raise ExtractionError(f"{origin}: unknown key {unknown[0]!r}; allowed keys are {', '.join(expected)}")
        missing = [key for key in expected if key not in data]
        if missing:
            raise ExtractionError(f"{origin}: missing key {missing[0]!r}; add it (see extractors/rules/headings.json)")
        if not isinstance(data["id"], str) or not data["id"]:
            raise ExtractionError(f"{origin}: 'id' must be a non-empty string (got {data['id']!r})")
        kinds = data["kinds"]
        allowed = [k for k in SECTION_KINDS if k != "front"]
        if not isinstance(kinds, Mapping) or not kinds:
            raise ExtractionError(f"{origin}: 'kinds' must map section kinds to lists of headings (got {kinds!r})")
        owner: dict[str, str] = {}
        for kind, headings in kinds.items():
            if kind not in allowed:
                raise ExtractionError(f"{origin}: kind {kind!r} must be one of {', '.join(allowed)}")
            for heading in _word_list(headings, f"kinds.{kind}", origin):
                if heading in owner:
                    raise ExtractionError(f"{origin}: heading {heading!r} is under both {owner[heading]!r} and {kind!r}")
                owner[heading] = kind
        lists = {key: frozenset(_word_list(data[key], key, origin))
                 for key in ("abstract_openers", "abstract_labels", "abstract_first_only", "abstract_enders")}
        for ender in sorted(lists["abstract_enders"] - set(kinds)):
            raise ExtractionError(f"{origin}: 'abstract_enders' names {ender!r}, which is not a kind in 'kinds'")
        numbers = {}
        for key in ("opener_reach", "label_reach", "max_heading_length"):
            value = data[key]
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ExtractionError(f"{origin}: {key!r} must be a whole number >= 1 (got {value!r})")
            numbers[key] = value
        return cls(id=data["id"], kinds={kind: tuple(_word_list(h, kind, origin)) for kind, h in kinds.items()},
                   **lists, **numbers)


def _word_list(value: Any, key: str, origin: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ExtractionError(f"{origin}: {key!r} must be a list of non-empty strings (got {value!r})")
    for heading in value:
        if normalise_heading(heading) != heading:
            raise ExtractionError(f"{origin}: {key!r} holds {heading!r}; write it as {normalise_heading(heading)!r}")
    return value


@lru_cache(maxsize=4)
def load_heading_rules(path: Path = HEADING_RULES_PATH) -> HeadingRules:
    """Read and validate a heading rule file (the bundled one by default)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ExtractionError(f"{path}: cannot read heading rules ({exc}); restore the file from the package") from exc
    return HeadingRules.from_dict(data, origin=str(path))


@lru_cache(maxsize=16384)  # called for every line of every page, mostly on repeated text
def normalise_heading(text: str) -> str:
    """The comparable form of a heading line: '2. PATIENTS & METHODS:' -> 'patients and methods',
    'a b s t r a c t' -> 'abstract'."""
    text = " ".join(text.split())
    if _LETTER_SPACED.fullmatch(text):
        text = text.replace(" ", "")
    text = _NUMBERING.sub("", text)
    text = text.rstrip(" :.").replace("&", "and").replace("\u2019", "'")
    return text.lower()


_RULES = load_heading_rules()
_KIND_OF = _RULES.kind_of
_LABELS = _RULES.abstract_openers | _RULES.abstract_labels | _RULES.abstract_first_only


def heading_kind(text: str) -> str | None:
    """The section kind a line opens when it is a heading on its own, else None."""
    if not text or len(text) > _RULES.max_heading_length or "\n" in text.strip():
        return None
    return _KIND_OF.get(normalise_heading(text))


def run_in_heading(text: str) -> tuple[str, str] | None:
    """(heading as printed, its normalised label) when ``text`` opens with a known heading or
    abstract label run into its sentence ("Methods. We reviewed", "Results: 28 of 44"), else None."""
    match = _RUN_IN.match(text)
    if match is None or len(match.group(1)) > _RULES.max_heading_length:
        return None
    label = normalise_heading(match.group(1))
    return (match.group(1), label) if label in _KIND_OF or label in _LABELS else None


def numbered_list_start(lines: Sequence[str]) -> bool:
    """Whether ``lines`` (printed lines, in order) open a numbered reference list: the first
    starts entry 1 ("1", "1.", "[1]"), entries 2 and 3 start later lines within
    LIST_LOOKAHEAD, and two of the three entries carry a year."""
    if not lines or _label(lines[0]) != 1:
        return False
    entries: list[list[str]] = [[lines[0]]]
    for line in lines[1:LIST_LOOKAHEAD]:
        if _label(line) == len(entries) + 1:
            if len(entries) == 3:
                break
            entries.append([line])
        else:
            entries[-1].append(line)
    return len(entries) == 3 and sum(1 for entry in entries if _YEAR.search(" ".join(entry))) >= 2


def _label(line: str) -> int | None:
    match = _LIST_LABEL.match(line.strip())
    return int(match.group(1) or match.group(2)) if match else None


@dataclass(frozen=True)
class _Heading:
    page: int
    offset: int
    position: int  # offset in the text of all pages, for distances across page breaks
    text: str
    label: str
    kind: str | None
    run_in: bool = False
    index: int = 0  # the paragraph's number in the document


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    for match in re.finditer(r"[^\n](?:.|\n(?!\n))*", text):
        yield match.start(), match.group()


def _headings(pages: Sequence[Page]) -> Iterator[_Heading]:
    base = index = 0
    for page in pages:
        for offset, paragraph in _paragraphs(page.text):
            index += 1
            stripped = paragraph.strip()
            position = base + offset
            if len(stripped) <= _RULES.max_heading_length and "\n" not in stripped:
                label = normalise_heading(stripped)
                if label in _KIND_OF or label in _LABELS:
                    yield _Heading(page.number, offset, position, stripped, label, _KIND_OF.get(label), index=index)
                    continue
            if _INLINE_ABSTRACT.match(paragraph):
                yield _Heading(page.number, offset, position, paragraph.split()[0].rstrip(":."), "abstract", "abstract",
                               index=index)
                continue
            run_in = run_in_heading(paragraph)
            if run_in is not None:
                yield _Heading(page.number, offset, position, run_in[0], run_in[1], _KIND_OF.get(run_in[1]), True,
                               index)
        base += len(page.text) + 2


def _lone_back_matter(headings: list[_Heading]) -> list[_Heading]:
    """Drop a back-matter label run into its text ("Abbreviations: CI, confidence interval")
    unless the paragraph before or after it opens back matter too: alone, it is a table or
    figure note. Back matter printed run-in comes as a series ("Contributors: ... Funding: ...
    Competing interests: ...")."""
    back = {h.index for h in headings if h.kind in _RULES.abstract_enders}
    lone = {id(h) for h in headings if h.run_in and h.kind in _RULES.abstract_enders
            and h.index - 1 not in back and h.index + 1 not in back}
    return [h for h in headings if id(h) not in lone]


def _front_labels(headings: list[_Heading]) -> list[_Heading]:
    """Drop a lone body heading printed before an abstract on the first two pages (an
    article-type label such as "METHODOLOGY"); when two or more body headings come first, the
    "abstract" is the late one, and :func:`_merged` ignores it."""
    first = next((i for i, h in enumerate(headings) if h.kind == "abstract" and not h.run_in), None)
    if first is None or headings[first].page > 2:
        return headings
    before = [h for h in headings[:first] if h.kind in BODY_KINDS]
    if len(before) == 1:
        return [h for h in headings if h is not before[0]]
    return headings


def _merged(headings: list[_Heading]) -> Iterator[_Heading]:
    """Drop the labels of a structured abstract and what cannot open a section where it stands."""
    rules = _RULES
    kinds = [h.kind for h in headings]
    in_abstract, structured, body = False, False, False
    seen: set[str] = set()
    last = 0
    abstract_end = -1
    for index, heading in enumerate(headings):
        if in_abstract:
            reach = rules.label_reach if structured else rules.opener_reach
            first_only = heading.label in rules.abstract_first_only and not structured \
                and heading.position - abstract_end <= 4
            allowed = first_only or heading.label in (rules.abstract_labels if structured else rules.abstract_openers) \
                or (structured and heading.label in rules.abstract_openers)
            if allowed and heading.position - last <= reach and heading.label not in seen \
                    and heading.kind not in rules.abstract_enders:
                structured, last = True, heading.position
                seen.add(heading.label)
                continue
        if heading.kind is None and not (heading.run_in and heading.label in rules.abstract_openers):
            continue
        if heading.kind == "abstract" and body:
            continue  # an abstract follows the front matter, never the body
        opens_abstract = not body and not in_abstract and heading.label in rules.abstract_openers \
            and all(kind is None for kind in kinds[:index]) \
            and (heading.run_in or heading.kind in kinds[index + 1:])
        if opens_abstract:
            in_abstract, structured, seen, last = True, True, {heading.label}, heading.position
            abstract_end = heading.position + len(heading.text)
            yield _Heading(heading.page, heading.offset, heading.position, heading.text, heading.label, "abstract",
                           heading.run_in)
            continue
        if heading.kind is None:
            continue
        in_abstract, structured, seen = heading.kind == "abstract", False, set()
        last = heading.position
        abstract_end = heading.position + len(heading.text)
        body = body or heading.kind in BODY_KINDS
        yield heading


def _unheaded_references(pages: Sequence[Page], after: tuple[int, int]) -> _Heading | None:
    """The start of a numbered reference list printed without a heading, after the body."""
    for page in pages:
        if page.number < after[0]:
            continue
        for offset, paragraph in _paragraphs(page.text):
            if (page.number, offset) <= after:
                continue
            if _label(paragraph) == 1 and numbered_list_start(_list_lines(paragraph)):
                return _Heading(page.number, offset, 0, "", "references", "references")
    return None


def _list_lines(paragraph: str) -> list[str]:
    """A paragraph's lines, or its entries when a list was run together ("... 2001. 2 Rogers JM")."""
    lines = paragraph.split("\n")
    if len(lines) == 1:
        lines = re.split(r"(?<=[.)\d])\s+(?=\d{1,3}\s+[^\W\d_])", paragraph)
    return lines


def find_sections(pages: Sequence[Page]) -> tuple[Section, ...]:
    """Sections from (page, offset) to (page, offset), tiling the pages' text in order."""
    if not pages:
        return ()
    first, last = pages[0], pages[-1]
    found = list(_merged(_front_labels(_lone_back_matter(list(_headings(pages))))))
    if not any(h.kind == "references" for h in found):
        body = [h for h in found if h.kind in BODY_KINDS]
        start = _unheaded_references(pages, (body[-1].page, body[-1].offset) if body else (first.number, -1))
        if start is not None:
            found.append(start)
            found.sort(key=lambda h: (h.page, h.offset))
    starts = [(h.kind, h.text, h.page, h.offset) for h in found]
    if not starts or (starts[0][2], starts[0][3]) != (first.number, 0):
        starts.insert(0, ("front", "", first.number, 0))
    ends = [(page, offset) for _, _, page, offset in starts[1:]] + [(last.number, len(last.text))]
    return tuple(Section(kind=kind, heading=text, page_start=page, start=offset, page_end=end_page, end=end)
                 for (kind, text, page, offset), (end_page, end) in zip(starts, ends))
