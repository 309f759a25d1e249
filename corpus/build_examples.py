"""Typeset the example papers of `corpus.papers` into `corpus/examples/`.

Run `python -m corpus.build_examples` to rebuild the committed files; tests call
`write_example_corpus(tmp_path)`. The layout is drawn line by line with PyMuPDF base-14 fonts so
that every feature the ingest code must cope with is placed on purpose: a full-width title block
and abstract, two body columns (left, then right, then the next page), a running header and page
number on every page, real superscript markers (smaller and raised), hyphenation at line ends,
ruled and unruled tables with a "Table 1." caption, and a reference list in Vancouver or Harvard
style. Output is byte-for-byte deterministic: fixed metadata dates and no random /ID.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pymupdf

from corpus.papers import PAPERS
from corpus.papers.model import Heading, Paper, Para, Table, Work
from corpus.papers.works import ALL_WORKS

EXAMPLES_DIR = Path(__file__).parent / "examples"

PAGE_W, PAGE_H = pymupdf.paper_size("a4")
MARGIN = 54.0
GUTTER = 18.0
TEXT_W = PAGE_W - 2 * MARGIN
COL_W = (TEXT_W - GUTTER) / 2
BODY_TOP = 66.0
BODY_BOTTOM = 786.0
HEADER_Y = 40.0
FOOTER_Y = 812.0
# Typical journal superscripts: about two thirds of the body size, raised a third of it.
SUP_SCALE = 0.65
SUP_RISE = 0.36
# Beyond this much extra space per gap a justified line looks broken; leave it ragged instead.
MAX_JUSTIFY_GAP = 3.5


@dataclass(frozen=True)
class TextStyle:
    size: float
    leading: float
    regular: str = "tiro"
    bold: str = "tibo"
    italic: str = "tiit"
    justify: bool = True
    indent: float = 0.0  # hanging indent of continuation lines

    def font(self, kind: str) -> str:
        return {"r": self.regular, "b": self.bold, "i": self.italic, "sup": self.regular}[kind]


BODY = TextStyle(size=9.5, leading=11.6)
ABSTRACT = TextStyle(size=9.0, leading=11.0)
TITLE = TextStyle(size=15.0, leading=18.0, regular="hebo", bold="hebo", justify=False)
AUTHORS = TextStyle(size=10.5, leading=13.0, justify=False)
SMALL = TextStyle(size=7.5, leading=9.0, regular="tiit", justify=False)
META = TextStyle(size=8.0, leading=10.0, regular="helv", bold="hebo", justify=False)
HEADING = TextStyle(size=10.5, leading=13.0, regular="hebo", justify=False)
REFERENCE = TextStyle(size=7.8, leading=9.4, justify=False, indent=10.0)
CELL_SIZE = 7.6
CELL_LEADING = 9.2

Piece = tuple[str, str]  # (text, kind) with kind in r, b, i, sup
Word = list[Piece]


# ---------------------------------------------------------------- citations


def _family(author: str) -> str:
    return author.rsplit(" ", 1)[0]


def _short_authors(work: Work) -> str:
    families = [_family(a) for a in work.authors]
    if len(families) == 1:
        return families[0]
    if len(families) == 2:
        return f"{families[0]} and {families[1]}"
    return f"{families[0]} et al."


def vancouver(work: Work) -> str:
    title = work.title.rstrip(".")
    if work.publisher:
        return f"{', '.join(work.authors)}. {title}. {work.publisher}; {work.year}."
    issue = f"({work.issue})" if work.issue else ""
    doi = f" doi:{work.doi}" if work.doi else ""
    return f"{', '.join(work.authors)}. {title}. {work.journal}. {work.year};{work.volume}{issue}:{work.pages}.{doi}"


def harvard(work: Work) -> str:
    names = []
    for author in work.authors:
        family, initials = author.rsplit(" ", 1)
        names.append(f"{family}, {'.'.join(initials)}.")
    people = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    title = work.title.rstrip(".")
    if work.publisher:
        return f"{people} ({work.year}) {title}. {work.publisher}."
    issue = f"({work.issue})" if work.issue else ""
    doi = f" doi:{work.doi}." if work.doi else ""
    return f"{people} ({work.year}) '{title}', {work.journal}, {work.volume}{issue}, pp. {work.pages}.{doi}"


def _compress(numbers: list[int]) -> list[str]:
    """[1, 2, 3, 5] -> ["1-3", "5"]: how journals print runs of markers."""
    parts: list[str] = []
    run: list[int] = []
    for n in sorted(numbers):
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            parts.append(f"{run[0]}-{run[-1]}" if len(run) > 2 else ",".join(map(str, run)))
        run = [n]
    if run:
        parts.append(f"{run[0]}-{run[-1]}" if len(run) > 2 else ",".join(map(str, run)))
    return parts


CITE = re.compile(r"\[\[(@?)([^\]]+)\]\]")


class Citations:
    """Numbers works in order of first citation and rewrites `[[...]]` for one output style."""

    def __init__(self, paper: Paper, plain_text: bool) -> None:
        self.paper = paper
        self.plain_text = plain_text
        self.order: list[str] = []
        for block in paper.body:
            texts = [block.text] if isinstance(block, (Heading, Para)) else [block.caption, block.note]
            for text in texts:
                for match in CITE.finditer(text):
                    for key in self._keys(match.group(2)):
                        if key not in self.order:
                            self.order.append(key)

    @staticmethod
    def _keys(group: str) -> list[str]:
        keys = [k.strip() for k in group.split(",")]
        unknown = [k for k in keys if k not in ALL_WORKS]
        if unknown:
            raise KeyError(f"unknown work key(s) {unknown}; known: {sorted(ALL_WORKS)}")
        return keys

    def rewrite(self, text: str) -> str:
        return CITE.sub(self._marker, text)

    def _marker(self, match: re.Match[str]) -> str:
        narrative = match.group(1) == "@"
        keys = self._keys(match.group(2))
        works = [ALL_WORKS[k] for k in keys]
        if self.paper.style == "author-year":
            if narrative:
                return "; ".join(f"{_short_authors(w)} ({w.year})" for w in works)
            return " (" + "; ".join(f"{_short_authors(w)}, {w.year}" for w in works) + ")"
        numbers = _compress([self.order.index(k) + 1 for k in keys])
        lead = _short_authors(works[0]) if narrative else ""
        if self.plain_text:
            marker = "[" + ", ".join(numbers) + "]"
            return f"{lead} {marker}" if lead else f" {marker}"
        return lead + "^{" + ",".join(numbers) + "}"

    def entries(self) -> list[str]:
        if self.paper.style == "author-year":
            works = sorted((ALL_WORKS[k] for k in self.order), key=lambda w: (w.authors, w.year))
            return [harvard(w) for w in works]
        prefix = "[{}] " if self.plain_text else "{}. "
        return [prefix.format(i) + vancouver(ALL_WORKS[k]) for i, k in enumerate(self.order, start=1)]


# ---------------------------------------------------------------- inline markup

INLINE = re.compile(r"\*\*(.+?)\*\*|\^\{(.+?)\}")


def _pieces(markup: str, base: str = "r") -> list[Piece]:
    pieces: list[Piece] = []
    pos = 0
    for match in INLINE.finditer(markup):
        if match.start() > pos:
            pieces.append((markup[pos : match.start()], base))
        if match.group(1) is not None:
            pieces.append((match.group(1), "b"))
        else:
            pieces.append((match.group(2), "sup"))
        pos = match.end()
    if pos < len(markup):
        pieces.append((markup[pos:], base))
    return pieces


# Break points for long words that recur in these papers, so that ordinary text, and not only the
# words marked with `~` by hand, gets hyphenated at line ends as a journal would.
HYPHENATION = {
    word.replace("~", ""): word
    for word in (
        "anti~coagu~lant",
        "anti~coagu~lants",
        "anti~coagu~lation",
        "anti~coagu~lated",
        "haema~toma",
        "haema~tomas",
        "hema~toma",
        "hema~tomas",
        "haemo~philia",
        "hemo~philia",
        "neuro~pathy",
        "involve~ment",
        "decom~pression",
        "conser~vatively",
        "conser~vative",
        "emboli~zation",
        "emboli~sation",
        "retro~spective",
        "haemor~rhage",
        "hemor~rhage",
        "compart~ment",
        "inhi~bitors",
        "cutane~ous",
        "physio~therapist",
        "trans~fusion",
    )
}


def _hyphenation(part: str) -> str:
    match = re.search(r"[A-Za-z]+", part)
    if "~" in part or match is None or match.group().lower() not in HYPHENATION:
        return part
    word = match.group()
    marked = HYPHENATION[word.lower()]
    if word[0].isupper():
        marked = marked[0].upper() + marked[1:]
    return part[: match.start()] + marked + part[match.end() :]


def _words(pieces: list[Piece]) -> list[Word]:
    words: list[Word] = []
    current: Word = []
    for text, kind in pieces:
        if kind == "sup":
            current.append((text, kind))  # a marker sticks to the word before it
            continue
        for part in re.split(r"(\s+)", text):
            if not part:
                continue
            if part.isspace():
                if current:
                    words.append(current)
                current = []
            else:
                current.append((_hyphenation(part), kind))
    if current:
        words.append(current)
    return words


def plain(markup: str) -> str:
    """Markup as a reader sees it, without superscripts: what the gold snippets are quoted from."""
    text = INLINE.sub(lambda m: m.group(1) or "", markup)
    return text.replace("~", "")


# ---------------------------------------------------------------- line breaking


def _size(style: TextStyle, kind: str) -> float:
    return style.size * SUP_SCALE if kind == "sup" else style.size


@lru_cache(maxsize=None)
def _text_width(text: str, font: str, size: float) -> float:
    return pymupdf.get_text_length(text.replace("~", ""), fontname=font, fontsize=size)


def _width(word: Word, style: TextStyle) -> float:
    return sum(_text_width(text, style.font(kind), _size(style, kind)) for text, kind in word)


def _hyphenate(word: Word, room: float, style: TextStyle) -> tuple[Word, Word] | None:
    """Split `word` at its last `~` point whose head plus a hyphen fits in `room`."""
    best = None
    for i, (text, kind) in enumerate(word):
        for pos, char in enumerate(text):
            if char != "~":
                continue
            head = word[:i] + [(text[:pos] + "-", kind)]
            tail = [(text[pos + 1 :], kind)] + word[i + 1 :]
            if _width(head, style) <= room:
                best = (head, tail)
    return best


def break_lines(words: list[Word], width: float, style: TextStyle) -> list[list[Word]]:
    space = pymupdf.get_text_length(" ", fontname=style.regular, fontsize=style.size)
    lines: list[list[Word]] = []
    line: list[Word] = []
    used = 0.0
    queue = list(words)
    while queue:
        word = queue.pop(0)
        avail = width - (style.indent if lines else 0.0)
        w = _width(word, style)
        gap = space if line else 0.0
        if used + gap + w <= avail:
            line.append(word)
            used += gap + w
            continue
        split = _hyphenate(word, avail - used - gap, style)
        if split and line:
            line.append(split[0])
            queue.insert(0, split[1])
        elif line:
            queue.insert(0, word)
        else:
            raise ValueError(f"word {word!r} is wider than {width:.0f} pt")
        lines.append(line)
        line, used = [], 0.0
    if line:
        lines.append(line)
    return lines


# ---------------------------------------------------------------- pages and columns


class Layout:
    """Hands out line positions: full width first, then left column, right column, next page."""

    def __init__(self, doc: pymupdf.Document, paper: Paper) -> None:
        self.doc = doc
        self.paper = paper
        self.page: pymupdf.Page
        self.ink: pymupdf.Shape  # one text shape per page: one content stream, small files
        self.column = -1  # -1: full width (title block), 0 left, 1 right
        self.column_top = BODY_TOP
        self._new_page()
        self.y = BODY_TOP - 8

    def finish(self) -> None:
        self.ink.commit()

    def _new_page(self) -> None:
        if len(self.doc):
            self.finish()
        self.page = self.doc.new_page(width=PAGE_W, height=PAGE_H)
        self.ink = self.page.new_shape()
        number = len(self.doc)
        work = self.paper.work
        left = self.paper.journal_name
        right = f"{work.year};{work.volume}({work.issue}):{work.pages}"
        self._put((MARGIN, HEADER_Y), left, "heit", 7.5)
        right_w = pymupdf.get_text_length(right, fontname="helv", fontsize=7.5)
        self._put((PAGE_W - MARGIN - right_w, HEADER_Y), right, "helv", 7.5)
        label = str(number)
        label_w = pymupdf.get_text_length(label, fontname="helv", fontsize=8)
        self._put(((PAGE_W - label_w) / 2, FOOTER_Y), label, "helv", 8)
        self.y = BODY_TOP
        self.column_top = BODY_TOP

    def _put(self, point: tuple[float, float], text: str, font: str, size: float) -> None:
        self.ink.insert_text(point, text, fontname=font, fontsize=size)

    @property
    def x(self) -> float:
        return MARGIN if self.column <= 0 else MARGIN + COL_W + GUTTER

    @property
    def width(self) -> float:
        return TEXT_W if self.column < 0 else COL_W

    def start_columns(self) -> None:
        self.column = 0
        self.y += 6
        self.column_top = self.y

    def _advance(self) -> None:
        if self.column == 0:
            self.column = 1
            self.y = self.column_top
        else:
            self._new_page()
            self.column = 0

    def room(self, height: float) -> None:
        """Move on to the next column unless `height` still fits in this one."""
        if self.y + height > BODY_BOTTOM:
            self._advance()

    def space(self, points: float) -> None:
        if self.y > self.column_top:
            self.y += points

    def text(self, markup: str, style: TextStyle, base: str = "r") -> None:
        lines = break_lines(_words(_pieces(markup, base)), self.width, style)
        for i, line in enumerate(lines):
            self.room(style.leading)
            self.y += style.leading
            indent = style.indent if i else 0.0
            last = i == len(lines) - 1
            self._draw_line(line, self.x + indent, self.width - indent, style, justify=style.justify and not last)

    def _draw_line(self, line: list[Word], x: float, width: float, style: TextStyle, justify: bool) -> None:
        space = pymupdf.get_text_length(" ", fontname=style.regular, fontsize=style.size)
        widths = [_width(w, style) for w in line]
        gap = space
        if justify and len(line) > 1:
            extra = (width - sum(widths) - space * (len(line) - 1)) / (len(line) - 1)
            if extra <= MAX_JUSTIFY_GAP:
                gap += extra
        for word, w in zip(line, widths):
            cursor = x
            for text, kind in word:
                text = text.replace("~", "")
                size = _size(style, kind)
                rise = style.size * SUP_RISE if kind == "sup" else 0.0
                font = style.font(kind)
                self._put((cursor, self.y - rise), text, font, size)
                cursor += pymupdf.get_text_length(text, fontname=font, fontsize=size)
            x += w + gap

    def table(self, table: Table, citations: Citations) -> None:
        caption = f"**Table 1.** {citations.rewrite(table.caption)}"
        caption_lines = break_lines(_words(_pieces(caption)), self.width, ABSTRACT)
        header_lines = max(cell.count("\n") + 1 for cell in table.header)
        pad = 2.5
        header_h = header_lines * CELL_LEADING + 2 * pad
        row_h = CELL_LEADING + 2 * pad
        height = len(caption_lines) * ABSTRACT.leading + 4 + header_h + row_h * len(table.rows) + 14
        self.space(6)
        self.room(height)
        self.text(caption, ABSTRACT)
        self.y += 4
        widths = [f * self.width for f in table.widths]
        top = self.y
        for r, row in enumerate((table.header, *table.rows)):
            h = header_h if r == 0 else row_h
            cx = self.x
            for cell, w in zip(row, widths):
                for k, line in enumerate(cell.split("\n")):
                    font = "tibo" if r == 0 else "tiro"
                    if pymupdf.get_text_length(line, fontname=font, fontsize=CELL_SIZE) > w - 2 * pad:
                        raise ValueError(f"table cell {line!r} is wider than its column ({w:.0f} pt)")
                    baseline = self.y + pad + (k + 1) * CELL_LEADING - 2.0
                    self._put((cx + pad, baseline), line, font, CELL_SIZE)
                cx += w
            self.y += h
        if table.ruled:
            self._grid(top, widths, header_h, row_h, len(table.rows))
        if table.note:
            self.y += 2
            self.text(citations.rewrite(table.note), SMALL)
        self.space(6)

    def _grid(self, top: float, widths: list[float], header_h: float, row_h: float, n_rows: int) -> None:
        ys = [top, top + header_h] + [top + header_h + row_h * (i + 1) for i in range(n_rows)]
        xs = [self.x]
        for w in widths:
            xs.append(xs[-1] + w)
        shape = self.page.new_shape()
        for y in ys:
            shape.draw_line((xs[0], y), (xs[-1], y))
        for x in xs:
            shape.draw_line((x, ys[0]), (x, ys[-1]))
        shape.finish(color=(0, 0, 0), width=0.5)
        shape.commit()


# ---------------------------------------------------------------- papers


def _author_line(paper: Paper) -> str:
    return ", ".join(f"{name}^{{{mark}}}" for name, mark in paper.author_names)


def _cite_line(paper: Paper) -> str:
    w = paper.work
    return f"{w.journal} {w.year};{w.volume}({w.issue}):{w.pages}  |  https://doi.org/{w.doi}"


def render_pdf(paper: Paper) -> bytes:
    citations = Citations(paper, plain_text=False)
    doc = pymupdf.open()
    layout = Layout(doc, paper)
    layout.text(paper.work.title, TITLE)
    layout.y += 6
    layout.text(_author_line(paper), AUTHORS)
    layout.y += 3
    for affiliation in paper.affiliations:
        layout.text(affiliation, SMALL)
    layout.y += 4
    layout.text(_cite_line(paper), META)
    layout.text(paper.history, META)
    layout.y += 8
    layout.text("Abstract", HEADING)
    layout.y += 2
    for label, text in paper.abstract:
        layout.text(f"**{label}:** {text}", ABSTRACT)
        layout.y += 2
    layout.text(f"**Keywords:** {'; '.join(paper.keywords)}", ABSTRACT)
    layout.start_columns()
    for block in paper.body:
        if isinstance(block, Heading):
            layout.space(7)
            layout.room(HEADING.leading + 2 * BODY.leading)  # never strand a heading at a column foot
            layout.text(block.text, HEADING)
            layout.y += 2
        elif isinstance(block, Para):
            layout.text(citations.rewrite(block.text), BODY)
            layout.y += 3
        else:
            layout.table(block, citations)
    layout.space(7)
    layout.room(HEADING.leading + 2 * REFERENCE.leading)
    layout.text("References", HEADING)
    layout.y += 2
    for entry in citations.entries():
        layout.text(entry, REFERENCE)
        layout.y += 1.5
    layout.finish()
    work = paper.work
    doc.set_metadata(
        {
            "title": work.title,
            "author": "; ".join(name for name, _ in paper.author_names),
            "subject": paper.journal_name,
            "keywords": f"doi:{work.doi}; " + "; ".join(paper.keywords),
            "creator": "evidence corpus/build_examples.py",
            "producer": "PyMuPDF",
            "creationDate": paper.published,
            "modDate": paper.published,
        }
    )
    return doc.tobytes(garbage=4, deflate=True, no_new_id=True)


def _table_text(table: Table, citations: Citations) -> list[str]:
    def row_text(row: tuple[str, ...]) -> str:
        return "| " + " | ".join(cell.replace("\n", " ") for cell in row) + " |"

    lines = [f"Table 1. {plain(citations.rewrite(table.caption))}", "", row_text(table.header)]
    lines.append("|" + "|".join("---" for _ in table.header) + "|")
    lines += [row_text(row) for row in table.rows]
    if table.note:
        lines += ["", plain(citations.rewrite(table.note))]
    return lines


def render_text(paper: Paper) -> str:
    citations = Citations(paper, plain_text=True)
    w = paper.work
    lines = [
        plain(w.title),
        "",
        ", ".join(name for name, _ in paper.author_names),
        *paper.affiliations,
        f"{paper.journal_name}. {w.year};{w.volume}({w.issue}):{w.pages}. doi:{w.doi}",
        paper.history,
        "",
        "Abstract",
        "",
    ]
    for label, text in paper.abstract:
        lines += [f"{label}: {plain(text)}", ""]
    lines += [f"Keywords: {'; '.join(paper.keywords)}", ""]
    for block in paper.body:
        if isinstance(block, Heading):
            lines += [block.text, ""]
        elif isinstance(block, Para):
            lines += [plain(citations.rewrite(block.text)), ""]
        else:
            lines += _table_text(block, citations) + [""]
    lines += ["References", ""] + citations.entries()
    return "\n".join(lines) + "\n"


def write_example_corpus(path: Path | str) -> list[Path]:
    """Write every example paper into `path` (created if missing); return the files written."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for paper in PAPERS:
        target = folder / paper.filename
        if paper.filename.endswith(".pdf"):
            target.write_bytes(render_pdf(paper))
        else:
            target.write_text(render_text(paper), encoding="utf-8")
        written.append(target)
    return written


def main() -> int:
    for target in write_example_corpus(EXAMPLES_DIR):
        print(target.relative_to(Path.cwd()) if target.is_relative_to(Path.cwd()) else target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
