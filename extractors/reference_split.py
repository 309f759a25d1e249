"""Split a document's reference list into entries, one printed line at a time.

The references section keeps one printed line per "\\n". Numbered lists ("1.", "[1]", "1 ", or
the number alone on its line) are split where the next expected number starts a line, so a
wrapped page range such as "92." cannot open an entry. Lists without numbers (APA, Harvard) are
split where a line starts with an author name after a line that closed an entry that already
has a year. Wrapped lines are joined, with end-of-line hyphens removed inside words and kept in
compound names, URLs and DOIs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from evidence.schema import ParsedDocument, Section
from extractors.citation_rules import load_rules

__all__ = ["RawEntry", "join_lines", "reference_lines", "split_entries"]

_LABELS = {
    "bracket": re.compile(r"^\[(?P<label>\d{1,4})\]\s*(?P<rest>.*)$"),
    "dot": re.compile(r"^(?P<label>\d{1,4})\.(?:\s+(?P<rest>\S.*))?$"),
    "bare": re.compile(r"^(?P<label>\d{1,4})(?:\s+(?P<rest>[^\W\d].*))?$"),
}
_AUTHOR_START = re.compile(
    r"^(?:(?:van|von|de|der|den|da|di|du|le|la|del)\s+)*[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’\-]+(?:\s+[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’\-]+)?"
    r"(?:,\s+[A-Z](?:-[A-Z])?\.|,?\s+[A-Z]{1,3}[,.\s]|,\s+[A-Z][a-z]+\s+[A-Z]\.)"
    r"|^[A-Z][\w'’\-]+(?:\s+[\w'’\-]+){0,5}\.?\s+\(\d{4}[a-z]?\)")
_CLOSED = re.compile(r"(?:[.)\]]|\d|\b[a-z]+\.[a-z]{2,}\S*)$")
_YEAR = re.compile(r"\b(?:1[6-9]|20)\d{2}[a-z]?\b")
_JUNK = re.compile(r"^(?:©|C⃝|\(c\)\s|Copyright\b|Downloaded from\b)", re.IGNORECASE)
_LINK_TAIL = re.compile(r"(?:https?://|www\.|doi|10\.\d{4,9}/)\S*$", re.IGNORECASE)


@dataclass(frozen=True)
class RawEntry:
    """One entry's joined text, the page it starts on and its printed number (if any)."""

    text: str
    page: int
    label: str | None = None


def _section_slices(doc: ParsedDocument, section: Section) -> Iterator[tuple[int, str]]:
    for number in range(section.page_start, min(section.page_end, len(doc.pages)) + 1):
        text = doc.page_text(number)
        start = section.start if number == section.page_start else 0
        end = section.end if number == section.page_end else len(text)
        yield number, text[start:end]


def _fallback_section(doc: ParsedDocument) -> Section | None:
    """A references heading the section finder missed: the last line that is only a heading."""
    headings = load_rules().reference_headings
    for page in reversed(doc.pages):
        position = len(page.text)
        for line in reversed(page.text.splitlines(keepends=True)):
            position -= len(line)
            if line.strip().rstrip(":").casefold() in headings:
                last = doc.pages[-1]
                return Section(kind="references", heading=line.strip(), page_start=page.number,
                               start=position, page_end=last.number, end=len(last.text))
    return None


_LOST_LABELS = 2
_FIRST_LABEL = re.compile(r"^(?:\[1\]|1\.?)\s+[A-Z]")


def _headless_list(doc: ParsedDocument) -> list[tuple[int, str]]:
    """A numbered list printed without a heading and run together into paragraphs (BMJ style).

    It starts at the last paragraph that opens with entry 1; each following number that stands
    after the end of an entry ('.', ')' or a digit, then a space) starts a new line.
    The entries are numbered by their printed labels, so a lost label shows as a gap.
    """
    paragraphs = [(page.number, part) for page in doc.pages for part in re.split(r"\n\s*\n", page.text)]
    starts = [i for i, (_, text) in enumerate(paragraphs) if _FIRST_LABEL.match(text.strip())]
    for first in reversed(starts):
        lines: list[tuple[int, str]] = []
        expected = 1
        for number, text in paragraphs[first:]:
            text = text.strip()
            cuts = []
            for match in re.finditer(r"(?:^|(?<=[.)\d] ))(?:\[(\d{1,4})\]|(\d{1,4})\.?)(?= [A-Z])", text):
                label = int(match.group(1) or match.group(2))
                # A number or two may be lost in extraction (a label at the top of a column read as a
                # page number); their entries then stay joined to the one before.
                if label == expected or (expected > 1 and expected < label <= expected + _LOST_LABELS):
                    cuts.append(match.start())
                    expected = label + 1
            bounds = [0, *cuts, len(text)] if cuts and cuts[0] else [*cuts, len(text)] if cuts else [0, len(text)]
            lines.extend((number, text[a:b].strip()) for a, b in zip(bounds, bounds[1:]) if text[a:b].strip())
        if expected > 3:
            return lines
    return []


def reference_lines(doc: ParsedDocument) -> list[tuple[int, str]]:
    """The printed lines of the references section(s), with their page numbers, heading dropped."""
    sections = [s for s in doc.sections if s.kind == "references"]
    if not sections:
        fallback = _fallback_section(doc)
        if fallback is None:
            return [(n, line) for n, line in _headless_list(doc) if not _JUNK.match(line)]
        sections = [fallback]
    headings = load_rules().reference_headings
    lines: list[tuple[int, str]] = []
    for section in sections:
        first = True
        for number, text in _section_slices(doc, section):
            for line in text.split("\n"):
                line = line.strip()
                if not line or _JUNK.match(line):
                    continue
                if first and (line.rstrip(":").casefold() in headings or line == section.heading.strip()):
                    first = False
                    continue
                first = False
                lines.append((number, line))
    return lines


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines: 'restric-' + 'tive' -> 'restrictive'; 'Hollingsworth-' + 'Fridlund' keeps it."""
    text = ""
    for line in lines:
        if not text:
            text = line
        elif text.endswith("-") and _LINK_TAIL.search(text):
            text += line
        elif text.endswith("-") and len(text) > 1 and text[-2].islower() and line[:1].islower():
            text = text[:-1] + line
        elif text.endswith(("-", "–", "/")):
            text += line
        else:
            text += " " + line
    return text


def _numbered(lines: list[tuple[int, str]], pattern: re.Pattern[str]) -> list[RawEntry]:
    entries: list[tuple[int, str, list[str]]] = []
    expected: int | None = None
    for page, line in lines:
        match = pattern.match(line)
        if match:
            label = int(match.group("label"))
            rest = match.group("rest")
            lost = (expected is not None and expected > 1 and expected < label <= expected + _LOST_LABELS
                    and bool(rest) and bool(_AUTHOR_START.match(rest)))
            if (expected is None and 1 <= label <= 3) or label == expected or lost:
                entries.append((page, match.group("label"), [rest] if rest else []))
                expected = label + 1
                continue
        if entries:
            entries[-1][2].append(line)
    return [RawEntry(text=join_lines(body), page=page, label=label)
            for page, label, body in entries if body]


# Two APA entries glued on one line: "...doi:10.1080/13825589708256633.Nilsson, L-G., Adolfsson".
_GLUED = re.compile(r"(?<=\w\.)(?=[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’\-]+, [A-Z](?:-[A-Z])?\.)")


def _unglue(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    result = []
    for page, line in lines:
        parts = _GLUED.split(line)
        result.extend((page, part) for part in parts if part)
    return result


def _author_year(lines: list[tuple[int, str]]) -> list[RawEntry]:
    entries: list[tuple[int, list[str]]] = []
    for page, line in _unglue(lines):
        if entries:
            current = entries[-1][1]
            starts = (_AUTHOR_START.match(line) and _CLOSED.search(current[-1])
                      and _YEAR.search(" ".join(current)))
            if not starts:
                current.append(line)
                continue
        entries.append((page, [line]))
    return [RawEntry(text=join_lines(body), page=page) for page, body in entries]


def split_entries(lines: list[tuple[int, str]]) -> list[RawEntry]:
    """Split reference-list lines into entries, choosing the numbering style that fits best."""
    best: list[RawEntry] = []
    opens_with_label = False
    for pattern in _LABELS.values():
        found = _numbered(lines, pattern)
        if len(found) > len(best):
            best = found
            opens_with_label = bool(lines) and bool(pattern.match(lines[0][1]))
    if len(best) >= 2 or (best and opens_with_label):
        return best
    return _author_year(lines) if lines else []
