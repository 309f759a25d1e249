"""Find in-text citation markers in a document's body and link them to reference entries.

Numeric markers: "[1, 2]", "[5-7]", "^[3]", "^3", superscript spans kept out of the text,
"(ref. 12)", and bare "(1, 2)" only in documents that use no other numeric style. Author-year
markers: "(Decker et al., 2022; Li and Guild 2021a)" and "Decker et al. (2022)". Ranges are
expanded; each marker records the numbers printed and the entries (by ``n``) they name.

What is never a marker: "[95% CI 0.2-0.4]" (not a list of numbers), "(n = 7)", "(2019)" without
a name, "28/44", superscript units ("m2"), and numbers in "(Table 2)". Nor are superscripts in the
front matter, after an author's name ("Ann Lee^1, Bo Wu^2") or opening a line (the label of an
affiliation or footnote: "^1 Department of Surgery"), nor author-year mentions in the front
matter, in running headers and footers (a line repeated on several pages) or in lines such as
"How to cite this article Webb et al. (2017)", "Copyright ..." and "Received ...".
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from evidence.schema import CitationMarker, Page, ParsedDocument, ReferenceEntry, Section
from extractors.citation_rules import CitationRules, load_rules
from extractors.sentences import split_sentences

__all__ = ["expand_numbers", "find_markers"]

_NUM = r"\d{1,3}(?:\s*[-–—]\s*\d{1,3})?"
_NUMLIST = rf"{_NUM}(?:\s*[,;]\s*{_NUM})*"
_BRACKET = re.compile(rf"\^?\[\s*(?P<nums>{_NUMLIST})\s*\]")
_CARET = re.compile(rf"\^(?P<nums>{_NUMLIST})")
_KEYWORD = re.compile(rf"\(\s*(?:see\s+)?(?P<word>[A-Za-z]+)\.?\s*(?P<nums>{_NUMLIST})\s*\)")
_PLAIN = re.compile(rf"\(\s*(?P<nums>{_NUMLIST})\s*\)")
_SUPERSCRIPT_TEXT = re.compile(rf"^[\[(]?\s*(?P<nums>{_NUMLIST})\s*[\])]?[,.;]?$")

_PARTICLES = r"(?:[Vv]an|[Vv]on|[Dd]e|[Dd]er|[Dd]en|[Dd]a|[Dd]i|[Dd]u|[Ll]e|[Ll]a|[Dd]el|[Dd]os)"
_NAME = rf"(?:{_PARTICLES}\s+)*[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’\-]*[a-z\u00c0-\u024f][\w'’\-]*"
_AUTHORS = (rf"(?<![\w-])(?P<first>{_NAME})(?:\s+et\s+al\.?|\s+(?:and|&)\s+(?P<second>{_NAME})"
            rf"|,\s+{_NAME},?\s+(?:and|&)\s+{_NAME})?")
_YEARS = r"(?:1[6-9]|20)\d{2}[a-z]?(?:\s*,\s*(?:1[6-9]|20)\d{2}[a-z]?)*"
_CITE = re.compile(rf"(?:(?:see|e\.g\.|cf\.|reviewed in)[,:]?\s+)?{_AUTHORS},?\s+(?P<years>{_YEARS})"
                   r"(?:,\s*(?:p|pp)\.\s*\d+(?:[-–]\d+)?)?")
_PARENS = re.compile(r"\((?P<inner>[^()]{4,400})\)")
_NARRATIVE = re.compile(rf"{_AUTHORS}\s+\((?P<years>{_YEARS})\)")
_OPENING_YEAR = re.compile(r"\(\s*(?:1[6-9]|20)\d{2}")  # what every narrative citation holds
_DIGIT_RUN = re.compile(r"\d+")
_YEAR_ITEM = re.compile(r"(?P<year>\d{4})(?P<suffix>[a-z]?)")
# One author in a by-line: "Michael Ussher", "Ussher M", "Andrew E. Webb", "Mary J. O’Connell".
_BYLINE_WORD = r"(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’\-]*[a-z\u00c0-\u024f][\w'’\-]*|[A-Z]{1,3}\.?(?:\s?[A-Z]\.)*|" + _PARTICLES + ")"
_BYLINE_NAME = re.compile(rf"{_BYLINE_WORD}(?:\s+{_BYLINE_WORD}){{1,4}}")
_BYLINE_SEPARATORS = re.compile(r"\s*(?:,|;|\band\b|&)\s*")

_MAX_RANGE = 100
# A running header or footer: a line of at least this many characters on at least this many pages.
_RUNNING_LINE_CHARS = 20
_RUNNING_LINE_PAGES = 3
# How far past the last entry a bare "(n)" may point and still be read as a (dangling) citation.
_DANGLING_SLACK = 20


@dataclass(frozen=True)
class _Context:
    """What every finder needs about the document being read."""

    doc: ParsedDocument
    labels: dict[int, int]
    rules: CitationRules
    excluded: tuple[Section, ...]
    running_lines: frozenset[str] = frozenset()


def expand_numbers(text: str) -> tuple[int, ...]:
    """'1, 3-5' -> (1, 3, 4, 5); a reversed or huge range keeps only its two ends."""
    numbers: list[int] = []
    for part in re.split(r"\s*[,;]\s*", text.strip()):
        ends = [int(p) for p in re.split(r"\s*[-–—]\s*", part) if p]
        if len(ends) == 2 and ends[0] < ends[1] <= ends[0] + _MAX_RANGE:
            numbers.extend(range(ends[0], ends[1] + 1))
        else:
            numbers.extend(ends)
    return tuple(dict.fromkeys(numbers))


def _sentence(text: str, spans: list[tuple[int, int]], offset: int) -> str:
    """The sentence holding ``offset``; a superscript standing just after a full stop belongs to it."""
    if not spans:
        return ""
    index = max(0, bisect_right([start for start, _ in spans], offset) - 1)
    start, end = spans[index]
    return re.sub(r"\s+", " ", text[start:end]).strip()


def _section_at(sections: Sequence[Section], page: int, offset: int) -> Section | None:
    here = (page, offset)
    found = None
    for section in sections:
        if (section.page_start, section.start) <= here < (section.page_end, section.end):
            found = section
    return found


def _fold(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if c.isalnum()).casefold()


def _numeric_marker(ctx: _Context, page: Page, start: int, end: int, text: str, style: str,
                    nums: str) -> CitationMarker | None:
    numbers = expand_numbers(nums)
    if not numbers or 0 in numbers:
        return None
    targets = tuple(ctx.labels[n] for n in numbers if n in ctx.labels)
    return CitationMarker(page=page.number, start=start, end=end, text=text, style=style,
                          targets=targets, numbers=numbers)


def _preceding_word(text: str, offset: int) -> str:
    word = re.search(r"([A-Za-z]+)\.?\s*$", text[max(0, offset - 30):offset])
    return word.group(1).casefold() if word else ""


def _inline_numeric(ctx: _Context, page: Page) -> Iterator[CitationMarker]:
    text = page.text
    for match in _BRACKET.finditer(text):
        marker = _numeric_marker(ctx, page, match.start(), match.end(), match.group(0), "bracket", match.group("nums"))
        if marker:
            yield marker
    for match in _CARET.finditer(text):
        if text.startswith("[", match.start() + 1) or _is_exponent(ctx, text, match.start()):
            continue
        marker = _numeric_marker(ctx, page, match.start(), match.end(), match.group(0), "superscript", match.group("nums"))
        if marker:
            yield marker
    for match in _KEYWORD.finditer(text):
        if match.group("word").casefold() in ctx.rules.reference_keywords:
            marker = _numeric_marker(ctx, page, match.start(), match.end(), match.group(0), "parenthetical",
                                     match.group("nums"))
            if marker:
                yield marker


def _is_exponent(ctx: _Context, text: str, offset: int) -> bool:
    """A raised number after a power base ("10^9/L") or a unit ("kg/m^2") is no citation; after
    any other number it is ("in 5 of 6^6 patients")."""
    before = text[max(0, offset - 12):offset].casefold()
    last_token = before.split()[-1] if before.split() and not before[-1:].isspace() else ""
    return last_token in ctx.rules.unit_before_superscript or last_token.endswith(("x10", "×10"))


def _superscripts(ctx: _Context, page: Page) -> Iterator[CitationMarker]:
    for span in page.markers:
        if not span.superscript or span.char_start is None:
            continue
        match = _SUPERSCRIPT_TEXT.match(span.text.strip())
        if not match:
            continue
        if _is_exponent(ctx, page.text, span.char_start):
            continue
        section = _section_at(ctx.doc.sections, page.number, span.char_start)
        if section is not None and section.kind == "front":
            continue  # affiliation numbers, not citations
        if _opens_line(page.text, span.char_start) or _is_byline(_line_at(page.text, span.char_start)):
            continue  # "^1 Department of Surgery", "Ann Lee^1, Bo Wu^2": affiliations wherever they fall
        marker = _numeric_marker(ctx, page, span.char_start, span.char_start, span.text.strip(),
                                 "superscript", match.group("nums"))
        if marker:
            yield marker


def _line_at(text: str, offset: int) -> str:
    """The printed line holding ``offset`` in page text."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start:end if end >= 0 else len(text)]


def _opens_line(text: str, offset: int) -> bool:
    """A superscript with nothing before it on its line labels what follows (an affiliation, a
    footnote); a citation follows the words it supports."""
    start = text.rfind("\n", 0, offset) + 1
    return not text[start:offset].strip() and bool(text[offset:offset + 1].strip())


def _is_byline(line: str) -> bool:
    """'Michael Ussher, Sarah Lewis and Tim Coleman': two or more personal names and nothing else."""
    names = [n for n in _BYLINE_SEPARATORS.split(line.strip().rstrip(",;*†‡")) if n]
    return len(names) >= 2 and all(_BYLINE_NAME.fullmatch(n.strip("*†‡ ")) for n in names)


def _plain_parenthetical(ctx: _Context, page: Page) -> Iterator[CitationMarker]:
    """'(1, 2)' and '(3-5)' in documents whose only numeric markers are of this form."""
    text = page.text
    for match in _PLAIN.finditer(text):
        numbers = expand_numbers(match.group("nums"))
        if not numbers or max(numbers) > max(ctx.labels) + _DANGLING_SLACK:
            continue
        # A number the list lacks is a dangling citation only where citations stand: before
        # the punctuation that closes a clause.
        if any(n not in ctx.labels for n in numbers) and not re.match(r"[.,;:]", text[match.end():match.end() + 1]):
            continue
        if _preceding_word(text, match.start()) in ctx.rules.not_citation_before:
            continue
        before = text[max(0, match.start() - 3):match.start()]
        after = text[match.end():match.end() + 2]
        if re.search(r"[=<>±]\s*$", before) or after.lstrip().startswith("%"):
            continue
        marker = _numeric_marker(ctx, page, match.start(), match.end(), match.group(0), "parenthetical",
                                 match.group("nums"))
        if marker:
            yield marker


class _AuthorYearIndex:
    """Reference entries by (first-author family, year), in list order."""

    def __init__(self, references: Sequence[ReferenceEntry]) -> None:
        self._by_key: dict[tuple[str, int], list[ReferenceEntry]] = defaultdict(list)
        for entry in references:
            if entry.authors and entry.year:
                family = entry.authors[0].rsplit(" ", 1)[0]
                self._by_key[(_fold(family), entry.year)].append(entry)

    def find(self, first: str, second: str | None, year: int, suffix: str) -> int | None:
        candidates = self._by_key.get((_fold(first), year), [])
        if second:
            named = [e for e in candidates if len(e.authors) > 1
                     and _fold(e.authors[1].rsplit(" ", 1)[0]) == _fold(second)]
            candidates = named or candidates
        if not candidates:
            return None
        index = ord(suffix) - ord("a") if suffix else 0
        return candidates[min(index, len(candidates) - 1)].n


def _author_year_targets(ctx: _Context, index: _AuthorYearIndex, match: re.Match[str]) -> tuple[int, ...] | None:
    if match.group("first").split()[-1].casefold() in ctx.rules.not_author_words:
        return None
    targets: list[int] = []
    for item in _YEAR_ITEM.finditer(match.group("years")):
        year, suffix = int(item.group("year")), item.group("suffix")
        found = index.find(match.group("first"), match.group("second"), year, suffix)
        if found is None:
            # "de Jong" may be listed under "Jong"
            found = index.find(match.group("first").split()[-1], match.group("second"), year, suffix)
        if found is not None:
            targets.append(found)
    return tuple(targets)


def _author_year(ctx: _Context, page: Page, index: _AuthorYearIndex, numbered: bool) -> Iterator[CitationMarker]:
    """Author-year markers; in numbered documents only those that name an entry are kept.

    The front matter ("International Psychogeriatrics (2014), 26:1"), running headers and
    footers, and lines such as "How to cite this article Webb et al. (2017)" cite nothing.
    """
    for marker in _author_year_candidates(ctx, page, index, numbered):
        section = _section_at(ctx.doc.sections, page.number, marker.start)
        if section is not None and section.kind == "front":
            continue
        line = _line_at(page.text, marker.start)
        if not _names_without_citing(ctx.rules, line) and _fold_line(line) not in ctx.running_lines:
            yield marker


def _names_without_citing(rules: CitationRules, line: str) -> bool:
    """'How to cite this article ...', 'Copyright © 2017 ...', 'Received 3 May 2016 ...'.

    A line opening in lower case continues a sentence of the body, whatever its first word.
    """
    line = line.strip()
    folded = line.casefold()
    if any(phrase in folded for phrase in rules.not_citation_line_phrases):
        return True
    return not line[:1].islower() and folded.startswith(rules.not_citation_line_starts)


def _fold_line(line: str) -> str:
    """A line with its numbers and spacing folded, so page 3's header matches page 4's."""
    return " ".join(_DIGIT_RUN.sub("#", line).split()).casefold()


def _running_lines(doc: ParsedDocument) -> frozenset[str]:
    """Lines printed on three or more pages: running headers and footers left in the text.

    Short lines are left out: a continued table may list "Argyriou (2006)" on two pages or more.
    """
    pages_of: dict[str, set[int]] = defaultdict(set)
    for page in doc.pages:
        for line in page.text.split("\n"):
            folded = _fold_line(line)
            if len(folded) >= _RUNNING_LINE_CHARS:
                pages_of[folded].add(page.number)
    return frozenset(line for line, pages in pages_of.items() if len(pages) >= _RUNNING_LINE_PAGES)


def _author_year_candidates(ctx: _Context, page: Page, index: _AuthorYearIndex,
                            numbered: bool) -> Iterator[CitationMarker]:
    text = page.text
    for match in _PARENS.finditer(text):
        parts = re.split(r"\s*;\s*", match.group("inner"))
        # "(Norton et al., 2009; 2011)": a bare year continues the authors before it.
        for i in range(1, len(parts)):
            if _YEAR_ITEM.fullmatch(parts[i]) and _CITE.fullmatch(parts[i - 1]):
                parts[i] = _CITE.fullmatch(parts[i - 1]).group("first") + " " + \
                    ("et al. " if "et al" in parts[i - 1] else "") + parts[i]
        cites = [_CITE.fullmatch(p) for p in parts]
        found = [c for c in cites if c]
        if not found:
            continue
        targets: list[int] = []
        for cite in found:
            named = _author_year_targets(ctx, index, cite)
            if named is None:
                break
            targets.extend(named)
        else:
            if targets or not numbered:
                yield CitationMarker(page=page.number, start=match.start(), end=match.end(), text=match.group(0),
                                     style="author_year", targets=tuple(dict.fromkeys(targets)))
    # The narrative pattern is costly to try at every character; most pages hold no "(2014".
    for match in _NARRATIVE.finditer(text) if _OPENING_YEAR.search(text) else ():
        named = _author_year_targets(ctx, index, match)
        if named is None or (numbered and not named):
            continue
        yield CitationMarker(page=page.number, start=match.start(), end=match.end(), text=match.group(0),
                             style="author_year", targets=named)


def _in_excluded(ctx: _Context, marker: CitationMarker) -> bool:
    here = (marker.page, marker.start)
    return any((s.page_start, s.start) <= here < (s.page_end, s.end) for s in ctx.excluded)


def _labels(references: Sequence[ReferenceEntry]) -> dict[int, int]:
    labels: dict[int, int] = {}
    for entry in references:
        if entry.label and entry.label.isdigit():
            labels.setdefault(int(entry.label), entry.n)
    return labels


def _overlaps(marker: CitationMarker, taken: list[tuple[int, int, int]]) -> bool:
    return any(page == marker.page and marker.start < end and start < marker.end
               for page, start, end in taken)


def find_markers(doc: ParsedDocument, references: Sequence[ReferenceEntry]) -> tuple[CitationMarker, ...]:
    """Every citation marker in the body of ``doc``, in reading order, linked to ``references``."""
    rules = load_rules()
    labels = _labels(references)
    excluded = tuple(s for s in doc.sections if s.kind == "references")
    ctx = _Context(doc=doc, labels=labels, rules=rules, excluded=excluded, running_lines=_running_lines(doc))
    index = _AuthorYearIndex(references)
    numbered = bool(labels)
    found: list[CitationMarker] = []
    for page in doc.pages:
        found.extend(_inline_numeric(ctx, page))
        found.extend(_superscripts(ctx, page))
        found.extend(_author_year(ctx, page, index, numbered))
    found = [m for m in found if not _in_excluded(ctx, m)]
    if numbered and not any(m.numbers for m in found):
        for page in doc.pages:
            found.extend(m for m in _plain_parenthetical(ctx, page) if not _in_excluded(ctx, m))
    found.sort(key=lambda m: (m.page, m.start, m.end))
    kept: list[CitationMarker] = []
    taken: list[tuple[int, int, int]] = []
    for marker in found:
        if marker.end > marker.start and _overlaps(marker, taken):
            continue
        kept.append(marker)
        taken.append((marker.page, marker.start, marker.end))
    return tuple(_with_context(doc, kept))


def _with_context(doc: ParsedDocument, markers: list[CitationMarker]) -> Iterator[CitationMarker]:
    bounds: dict[int, list[tuple[int, int]]] = {}
    for marker in markers:
        text = doc.page_text(marker.page)
        if marker.page not in bounds:
            bounds[marker.page] = split_sentences(text)
        section = _section_at(doc.sections, marker.page, marker.start)
        sentence = _sentence(text, bounds[marker.page], marker.start)
        heading = section.heading.strip() if section else ""
        if heading and sentence.startswith(heading + " "):
            sentence = sentence[len(heading) + 1:]  # a heading the sentence splitter left attached
        yield CitationMarker(page=marker.page, start=marker.start, end=marker.end, text=marker.text,
                             style=marker.style, sentence=sentence,
                             targets=marker.targets, numbers=marker.numbers,
                             section=section.kind if section else "other")
