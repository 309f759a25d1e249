"""Builders for the report tests: small realistic papers, stored in a real corpus database.

Papers are written as sentences; a figure is named by the phrase that states it ("28 of 44"),
and its offsets are computed from the page text the way the extractor records them, so the
report's highlighting is tested against honest provenance.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from html.parser import HTMLParser

from evidence.schema import CohortFigure, DocumentMetadata, Page, ParsedDocument


@dataclass(frozen=True)
class Fig:
    """A figure stated by ``phrase`` inside ``sentence`` on ``page``."""

    sentence: str
    phrase: str
    events: int
    total: int
    unit: str = "episodes"
    concept: str = "femoral neuropathy"
    page: int = 3
    subgroup: str | None = None


@dataclass(frozen=True)
class Paper:
    title: str
    authors: tuple[str, ...]
    year: int | None
    figures: tuple[Fig, ...] = ()
    source: str = ""
    journal: str | None = "Haemophilia"
    doi: str | None = None
    file_type: str = "pdf"
    pages: int = 4
    warnings: tuple[str, ...] = ()


def parsed_paper(paper: Paper) -> ParsedDocument:
    """The paper as the ingest pipeline would hand it to the store."""
    n_pages = paper.pages if paper.file_type == "pdf" else 1
    texts = [[f"{paper.title}. Page {n} of the article."] for n in range(1, n_pages + 1)]
    figures = []
    for fig in paper.figures:
        page = fig.page if paper.file_type == "pdf" else 1
        sentences = texts[page - 1]
        sentence_start = sum(len(s) + 1 for s in sentences)
        sentences.append(fig.sentence)
        offset = fig.sentence.index(fig.phrase)
        figures.append(CohortFigure(
            events=fig.events, total=fig.total, unit=fig.unit, outcome=fig.concept, concept=fig.concept,
            quote=fig.sentence, sentence_start=sentence_start, start=sentence_start + offset,
            end=sentence_start + offset + len(fig.phrase), rule="count_of.v1", section="results",
            page=page if paper.file_type == "pdf" else None, subgroup=fig.subgroup,
            percent=f"{100 * fig.events / fig.total:.1f}"))
    pages = tuple(Page(number=i, text=" ".join(t)) for i, t in enumerate(texts, start=1))
    source = paper.source or f"corpus/examples/{paper.title[:20].replace(' ', '_')}.{paper.file_type}"
    digest = hashlib.sha256((source + "".join(p.text for p in pages)).encode()).hexdigest()
    return ParsedDocument(
        source=source, sha256=digest, file_type=paper.file_type, size_bytes=1000 * n_pages,
        metadata=DocumentMetadata(title=paper.title, authors=paper.authors, year=paper.year,
                                  journal=paper.journal, doi=paper.doi),
        pages=pages, figures=tuple(figures), warnings=paper.warnings)


def count_sentence(events: int, total: int, unit: str = "episodes", outcome: str = "femoral neuropathy") -> tuple[str, str]:
    phrase = f"{events} of {total}"
    return f"{outcome.capitalize()} was seen in {phrase} {unit} ({100 * events / total:.1f}%).", phrase


def fig(events: int, total: int, **kw) -> Fig:
    sentence, phrase = count_sentence(events, total, kw.get("unit", "episodes"), kw.get("concept", "femoral neuropathy"))
    return Fig(sentence=sentence, phrase=phrase, events=events, total=total, **kw)


# Four series of iliopsoas haematoma: haemophilia vs anticoagulant-related, episodes and patients.
EXAMPLE_PAPERS = (
    Paper("Femoral neuropathy after iliopsoas haematoma in haemophilia", ("Müller HJ", "Weber A"), 2019,
          (fig(28, 44, subgroup="haemophilia"), fig(11, 19, unit="patients", page=2)), doi="10.1000/hj.2019.001"),
    Paper("Iliopsoas bleeding in persons with haemophilia: a Nordic series", ("Ødegård K",), 2021,
          (fig(10, 40, subgroup="haemophilia"), fig(7, 30, unit="patients", page=4)), journal="Acta Haematol"),
    Paper("Anticoagulant-related retroperitoneal haematoma", ("李 W", "Chen L"), 2020,
          (fig(5, 20, subgroup="anticoagulant"), fig(3, 25, concept="surgical evacuation")),
          file_type="txt", source="corpus/examples/li-2020.txt"),
    Paper("Psoas haematoma during oral anticoagulation", ("Smith J", "Jones P"), 2018,
          (fig(30, 50, subgroup="anticoagulant"), fig(4, 28, concept="surgical evacuation", page=2))),
)


class Node:
    """An element of a parsed HTML page."""

    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str, **attrs: str) -> list[Node]:
        def matches(node: Node) -> bool:
            for key, value in attrs.items():
                key = key.rstrip("_")
                if key == "class":
                    if value not in node.attrs.get("class", "").split():
                        return False
                elif node.attrs.get(key) != value:
                    return False
            return True
        return [n for n in self.iter() if n.tag == tag and matches(n)]

    def find(self, tag: str, **attrs: str) -> Node:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag} {attrs}> in <{self.tag} {self.attrs}>"
        return found[0]

    def by_id(self, anchor: str) -> Node:
        found = [n for n in self.iter() if n.attrs.get("id") == anchor]
        assert len(found) == 1, f"id {anchor!r} found {len(found)} times"
        return found[0]


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in _VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag):
        assert self.current.tag == tag, f"</{tag}> closes <{self.current.tag}>"
        self.current = self.current.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse_html(text: str) -> Node:
    """Parse a page strictly enough that unbalanced markup fails the test."""
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    assert builder.current is builder.root, f"unclosed <{builder.current.tag}>"
    return builder.root

