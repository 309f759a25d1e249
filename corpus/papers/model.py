"""The shape of an example paper, as data the layout code in `corpus.build_examples` typesets.

Body text uses a small inline markup so that content stays readable:

- `[[key1,key2]]` cites works by key: a superscript "1,2" in numbered papers, "[1, 2]" in
  plain text, "(Decker et al., 2019; Rowe, 2011)" in author-year papers;
- `[[@key]]` cites narratively: "Decker et al." followed by the marker, or "Decker et al. (2019)";
- `^{a}` is a literal superscript (affiliation and table-note markers);
- `**bold**`;
- `~` marks where a long word may be hyphenated at a line end (it prints as nothing otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CitationStyle = Literal["numbered", "author-year"]


@dataclass(frozen=True)
class Work:
    """A citable work; the example papers carry one for themselves so others cite them exactly."""

    key: str
    authors: tuple[str, ...]  # Vancouver form, "Decker RJ"
    year: int
    title: str
    journal: str = ""  # abbreviated title; empty for books
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    publisher: str = ""  # books only, "Oxford: Halden Medical Press"

    def __post_init__(self) -> None:
        if not self.authors:
            raise ValueError(f"work {self.key!r} has no authors")
        if bool(self.journal) == bool(self.publisher):
            raise ValueError(f"work {self.key!r} needs exactly one of journal or publisher")


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Table:
    """One table; cells are single lines, except that "\\n" breaks a header cell."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # fractions of the column width, summing to 1
    ruled: bool
    note: str = ""

    def __post_init__(self) -> None:
        if abs(sum(self.widths) - 1.0) > 1e-9:
            raise ValueError(f"table widths must sum to 1 (got {sum(self.widths)})")
        for row in (self.header, *self.rows):
            if len(row) != len(self.widths):
                raise ValueError(f"table row {row!r} has {len(row)} cells, expected {len(self.widths)}")


Block = Heading | Para | Table


@dataclass(frozen=True)
class Paper:
    filename: str  # .pdf papers are typeset in two columns, .txt papers written as plain text
    work: Work
    journal_name: str  # in full, for the running header and the PDF subject
    author_names: tuple[tuple[str, str], ...]  # (full name, affiliation marker)
    affiliations: tuple[str, ...]
    history: str  # "Received ...; accepted ..."
    published: str  # PDF date string, "D:20190614090000Z"
    abstract: tuple[tuple[str, str], ...]  # (label, text)
    keywords: tuple[str, ...]
    body: tuple[Block, ...]
    style: CitationStyle

    def __post_init__(self) -> None:
        if len(self.author_names) != len(self.work.authors):
            raise ValueError(f"{self.filename}: author_names and work.authors differ in length")
        if not self.filename.endswith((".pdf", ".txt")):
            raise ValueError(f"{self.filename}: must end in .pdf or .txt")
