"""Generated papers in every citation style we read, with known citations and planted defects.

A paper is a :class:`ParsedDocument` as the parser would deliver it: a title page, body pages
whose sentences cite works, and a reference list that wraps lines (one printed line per "\\n"),
hyphenates a word at a line end and runs over a page break. Superscript markers are kept out
of the text as marker spans, like the PDF parser does. Nothing is random.

Styles: ``vancouver`` ("1. " list, "(1, 2)" in text), ``bracket`` ("[1]" list and text),
``superscript`` ("1 " list, superscript numbers), ``bmc`` (number alone on its line, "[1]"),
``apa`` and ``harvard`` (alphabetical lists, "(Decker et al., 2022)").
"""

from __future__ import annotations

import hashlib
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from evidence.schema import DocumentMetadata, DocumentRecord, Page, ParsedDocument, Section, Span

__all__ = ["STYLES", "NUMERIC_STYLES", "WORKS", "Cite", "PlantedPaper", "Work", "document_record",
           "format_reference", "paper", "planted_paper"]

STYLES = ("vancouver", "bracket", "superscript", "bmc", "apa", "harvard")
NUMERIC_STYLES = ("vancouver", "bracket", "superscript", "bmc")
WRAP = 58


@dataclass(frozen=True)
class Work:
    """A citable work; ``authors`` are 'Family Initials'."""

    authors: tuple[str, ...]
    year: int
    title: str
    journal: str
    volume: str
    pages: str
    doi: str | None = None

    @property
    def family(self) -> str:
        return self.authors[0].rsplit(" ", 1)[0]


WORKS = (
    Work(("Decker JA", "Ruiz M", "Okafor T"), 2019, "Femoral neuropathy after iliopsoas haematoma in patients "
         "on anticoagulants: a retrospective cohort", "J Vasc Surg", "70", "1123-31", "10.1016/j.jvs.2019.02.011"),
    Work(("Guild PR", "Hart S"), 2017, "Iliopsoas haematoma in haemophilia: a multicentre series",
         "Haemophilia", "23", "e201-8"),
    Work(("Lindqvist E",), 2015, "Conservative versus surgical management of retroperitoneal bleeding",
         "Br J Surg", "102", "455-62", "10.1002/bjs.9745"),
    Work(("Okafor T", "Decker JA"), 2021, "Time to recovery of femoral nerve palsy after haematoma evacuation",
         "Ann Neurol", "89", "77-85"),
    Work(("Marchetti L", "Bianchi F", "Rossi C", "Conti A"), 2020, "Computed tomography findings in "
         "spontaneous psoas haemorrhage", "Radiology", "295", "610-18"),
    Work(("Van Houten R", "Meyer K"), 2018, "Quadriceps weakness and the lateral femoral cutaneous nerve",
         "Muscle Nerve", "58", "12-19", "10.1002/mus.26101"),
    Work(("Nakamura H", "Sato Y"), 2016, "Anticoagulation reversal in retroperitoneal haemorrhage",
         "Thromb Res", "141", "90-96"),
)


@dataclass(frozen=True)
class Cite:
    """One sentence of the body: ``text`` with a ``{cite}`` (or ``{narrative}``) slot and the
    1-based positions in the paper's work list it cites; a position beyond the list is a
    citation of a work the list lacks (a dangling marker)."""

    text: str
    works: tuple[int, ...]


@dataclass(frozen=True)
class PlantedPaper:
    """A generated paper and what a correct reader must find in it."""

    doc: ParsedDocument
    style: str
    works: tuple[Work, ...]
    entry_of_work: dict[int, int]           # work position -> reference entry n
    marker_targets: tuple[tuple[int, ...], ...]   # per marker in reading order: entry ns
    dangling: tuple[str, ...]               # text of markers that name a missing work
    uncited: tuple[int, ...]                # entry ns never cited
    duplicates: tuple[tuple[int, int], ...]  # pairs of entry ns that are the same work


def _initials_apa(initials: str) -> str:
    return " ".join(f"{c}." for c in initials)


def format_reference(work: Work, style: str) -> str:
    """The reference-list text of ``work`` in ``style``, without its number."""
    if style == "apa":
        names = [f"{a.rsplit(' ', 1)[0]}, {_initials_apa(a.rsplit(' ', 1)[1])}" for a in work.authors]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]
        doi = f" https://doi.org/{work.doi}" if work.doi else ""
        return f"{joined} ({work.year}). {work.title}. {work.journal}, {work.volume}, {work.pages}.{doi}"
    if style == "harvard":
        doi = f" DOI {work.doi}." if work.doi else ""
        return f"{', '.join(work.authors)}. {work.year}. {work.title}. {work.journal} {work.volume}:{work.pages}.{doi}"
    authors = ", ".join(work.authors[:6]) + (", et al" if len(work.authors) > 6 else "")
    doi = f" doi:{work.doi}" if work.doi else ""
    if style == "bmc":
        return f"{authors}: {work.title}. {work.journal} {work.year}, {work.volume}:{work.pages}.{doi}"
    return f"{authors}. {work.title}. {work.journal}. {work.year};{work.volume}:{work.pages}.{doi}"


def _name(work: Work, style: str) -> str:
    families = [a.rsplit(" ", 1)[0] for a in work.authors]
    if len(families) == 1:
        return families[0]
    if len(families) == 2:
        return f"{families[0]} {'&' if style == 'apa' else 'and'} {families[1]}"
    return f"{families[0]} et al."


def _ranges(numbers: Sequence[int]) -> str:
    """(1, 2, 3, 5) -> '1-3,5': runs of three or more become ranges."""
    parts, run = [], [numbers[0]]
    for number in numbers[1:]:
        if number == run[-1] + 1:
            run.append(number)
        else:
            parts.append(run)
            run = [number]
    parts.append(run)
    return ",".join(f"{r[0]}-{r[-1]}" if len(r) >= 3 else ",".join(map(str, r)) for r in parts)


_GHOST = Work(("Ghost AB", "Phantom C"), 2014, "A work missing from the list", "J Missing", "1", "1-2")


def _list_order(works: Sequence[Work], style: str) -> list[int]:
    """Work positions (1-based) in reference-list order: alphabetical for author-year styles."""
    positions = list(range(1, len(works) + 1))
    if style in ("apa", "harvard"):
        positions.sort(key=lambda p: (works[p - 1].family.casefold(), works[p - 1].year))
    return positions


def _wrap_entry(text: str, prefix: str, style: str, hyphenate: bool) -> list[str]:
    lines = textwrap.wrap(text, WRAP, break_on_hyphens=False)
    if hyphenate and len(lines) > 1:
        # Split the last long word of the first line across the break, as typesetters do.
        words = lines[0].split(" ")
        longest = max(range(len(words)), key=lambda i: (len(words[i]) if words[i].isalpha() and words[i].islower() else 0, i))
        word = words[longest]
        if len(word) >= 8 and word.isalpha():
            cut = len(word) // 2
            head = " ".join(words[:longest] + [word[:cut] + "-"])
            tail = " ".join([word[cut:]] + words[longest + 1:])
            lines = [head, (tail + " " + " ".join(lines[1:])).strip()]
            lines = [lines[0]] + textwrap.wrap(lines[1], WRAP, break_on_hyphens=False)
    if style == "bmc":
        return [prefix] + lines
    if prefix:
        return [f"{prefix} {lines[0]}"] + lines[1:]
    return lines


def paper(style: str, works: Sequence[Work], body: Sequence[Cite], *, title: str = "Iliopsoas haematoma "
          "and femoral neuropathy: a review", source: str = "review.pdf", year: int = 2023,
          authors: tuple[str, ...] = ("Achebe N", "Brandt O"), doi: str | None = None,
          file_type: str = "pdf", affiliations: tuple[str, ...] = (),
          front_section: bool = True) -> tuple[ParsedDocument, tuple[str, ...]]:
    """Build a paper citing ``works`` as ``body`` says; returns it and the marker texts in order.

    With ``affiliations``, author i carries the superscript number of affiliation i (cycling), and
    each affiliation line opens with its superscript number, as a by-line is printed. Without
    ``front_section`` the title page is read as part of the introduction, as when a sectioner
    misses where the front matter ends.
    """
    if style not in STYLES:
        raise ValueError(f"style must be one of {', '.join(STYLES)} (got {style!r})")
    order = _list_order(works, style)
    number_of = {work: i + 1 for i, work in enumerate(order)}
    front, front_spans = _front(title, authors, affiliations)
    intro_heading, discussion_heading = "Introduction\n", "Discussion\n"
    pages_text: list[str] = [front + intro_heading, discussion_heading]
    spans: list[list[Span]] = [front_spans, []]
    marker_texts: list[str] = []
    halfway = (len(body) + 1) // 2
    for i, cite in enumerate(body):
        index = 0 if i < halfway else 1
        cited = [works[w - 1] if w <= len(works) else _GHOST for w in cite.works]
        numbers = sorted(number_of[w] if w <= len(works) else w for w in cite.works)
        if style in ("apa", "harvard"):
            sep = ", " if style == "apa" else " "
            inner = "; ".join(f"{_name(w, style)}{sep}{w.year}" for w in cited)
            marker, narrative = f"({inner})", f"{_name(cited[0], style)} ({cited[0].year})"
        elif style == "vancouver":
            marker = f"({_ranges(numbers).replace(',', ', ')})"
            narrative = f"{_name(cited[0], style)} {marker}"
        elif style == "superscript":
            marker, narrative = _ranges(numbers), f"{_name(cited[0], style)}"
        else:
            marker = f"[{_ranges(numbers).replace(',', ', ')}]"
            narrative = f"{_name(cited[0], style)} {marker}"
        prefix = pages_text[index]
        if style == "superscript":
            slot = cite.text.index("{cite}") if "{cite}" in cite.text else cite.text.index("{narrative}")
            sentence = cite.text.replace("{cite}", "").replace("{narrative}", narrative)
            offset = len(prefix) + slot + (len(narrative) if "{narrative}" in cite.text else 0)
            spans[index].append(Span(text=marker, bbox=(300.0, 100.0 + 12 * i, 310.0, 106.0 + 12 * i), font_size=6.0,
                                     superscript=True, role="marker", char_start=offset))
        else:
            spaced = f" {marker}"
            sentence = cite.text.replace("{cite}", spaced).replace("{narrative}", narrative)
        marker_texts.append(narrative if "{narrative}" in cite.text and style in ("apa", "harvard") else marker)
        pages_text[index] = prefix + sentence + (" " if i + 1 != halfway else "\n\n")
    reference_lines = ["References"]
    for position in range(len(order)):
        work = works[order[position] - 1]
        label = {"vancouver": f"{position + 1}.", "bracket": f"[{position + 1}]", "superscript": f"{position + 1}",
                 "bmc": f"{position + 1}."}.get(style, "")
        reference_lines.extend(_wrap_entry(format_reference(work, style), label, style, hyphenate=position == 1))
    split = len(reference_lines) // 2
    # The reference list runs over a page break, as it does in print.
    pages_text[1] += "\n".join(reference_lines[:split]) + "\n"
    pages_text.append("\n".join(reference_lines[split:]) + "\n")
    refs_start = pages_text[1].index("References\n")
    intro_end = len(pages_text[0])
    sections = (
        *((Section("front", "", 1, 0, 1, len(front)),) if front_section else ()),
        Section("introduction", "Introduction", 1, len(front) if front_section else 0, 1, intro_end),
        Section("discussion", "Discussion", 2, 0, 2, refs_start),
        Section("references", "References", 2, refs_start, 3, len(pages_text[2])),
    )
    pages = tuple(Page(number=i + 1, text=t, width=595.0, height=842.0, spans=tuple(s))
                  for i, (t, s) in enumerate(zip(pages_text, spans + [[]])))
    doc = ParsedDocument(
        source=source, sha256=hashlib.sha256(f"{source}:{style}:{title}".encode()).hexdigest(),
        file_type=file_type, size_bytes=sum(len(t) for t in pages_text),
        metadata=DocumentMetadata(title=title, authors=authors, year=year, doi=doi),
        pages=pages, sections=sections)
    return doc, tuple(marker_texts)


def _front(title: str, authors: Sequence[str],
           affiliations: Sequence[str]) -> tuple[str, list[Span]]:
    """The title page text, and the superscript affiliation numbers kept out of it."""
    if not affiliations:
        return f"{title}\n{', '.join(authors)}\n\n", []
    spans: list[Span] = []

    def number(label: int, offset: int, row: int) -> None:
        spans.append(Span(text=str(label), bbox=(60.0 + 40 * len(spans), 80.0 + 10 * row, 64.0 + 40 * len(spans),
                                                 86.0 + 10 * row), font_size=6.0, superscript=True, role="marker",
                          char_start=offset))

    text = f"{title}\n"
    for i, author in enumerate(authors):
        text += author
        number(i % len(affiliations) + 1, len(text), 1)
        text += ", " if i + 1 < len(authors) else "\n"
    for i, affiliation in enumerate(affiliations):
        number(i + 1, len(text), 2 + i)
        text += f"{affiliation}\n"
    return text + "\n", spans


PLANTED_BODY = (
    Cite("Iliopsoas haematoma is a recognised complication of anticoagulation{cite}.", (1,)),
    Cite("{narrative} found that 77% of cases were on anticoagulants.", (1,)),
    Cite("Haemophilia accounts for most of the remaining cases{cite}.", (2, 3, 4)),
    Cite("Computed tomography confirms the diagnosis in almost every patient{cite}.", (5,)),
    Cite("One series described a lesion of the lateral cutaneous nerve{cite}.", (9,)),
    Cite("Recovery of the femoral nerve takes months{cite}.", (4, 7)),
)
# Work 6 is never cited; work 7 appears twice in the list (positions 7 and 8).
PLANTED_WORKS = WORKS + (WORKS[6],)


def planted_paper(style: str) -> PlantedPaper:
    """A review in ``style`` with one dangling marker, one uncited and one duplicated reference."""
    doc, marker_texts = paper(style, PLANTED_WORKS, PLANTED_BODY, source=f"planted-{style}.pdf")
    order = _list_order(PLANTED_WORKS, style)
    entry_of_work = {work: i + 1 for i, work in enumerate(order)}
    targets = []
    for cite in PLANTED_BODY:
        targets.append(tuple(sorted(entry_of_work[w] for w in cite.works if w in entry_of_work)))
    dangling = tuple(t for t, c in zip(marker_texts, PLANTED_BODY) if any(w not in entry_of_work for w in c.works))
    duplicates = (tuple(sorted((entry_of_work[7], entry_of_work[8]))),)
    cited = {entry_of_work[w] for c in PLANTED_BODY for w in c.works if w in entry_of_work}
    uncited = tuple(sorted(set(entry_of_work.values()) - cited))
    return PlantedPaper(doc=doc, style=style, works=PLANTED_WORKS, entry_of_work=entry_of_work,
                        marker_targets=tuple(targets), dangling=dangling, uncited=uncited,
                        duplicates=duplicates)


def document_record(doc_id: int, doc: ParsedDocument) -> DocumentRecord:
    """The stored form of a generated paper, for graph tests that need no database."""
    meta = doc.metadata
    return DocumentRecord(id=doc_id, source=doc.source, sha256=doc.sha256, file_type=doc.file_type,
                          title=meta.title, authors=meta.authors, year=meta.year, journal=meta.journal,
                          doi=meta.doi, pages=len(doc.pages), ingested_at="2024-01-01T00:00:00+00:00",
                          status="ok", pmid=meta.pmid)
