"""Schema objects built by code: parsed documents and figures for store and CLI tests."""

from __future__ import annotations

import hashlib

from evidence.schema import CohortFigure, DocumentMetadata, Page, ParsedDocument, ReferenceEntry, Section, Span

FEMORAL_SENTENCE = "Femoral neuropathy was present in 28 of the 44 episodes."


def figure(events: int = 28, total: int = 44, *, unit: str = "episodes", concept: str = "femoral_neuropathy",
           page: int | None = 2, quote: str = FEMORAL_SENTENCE, **fields) -> CohortFigure:
    start = quote.find(str(events)) if str(events) in quote else 0
    return CohortFigure(events=events, total=total, unit=unit, outcome=fields.pop("outcome", "femoral neuropathy"),
                        concept=concept, quote=quote, start=start, end=start + len(f"{events} of the {total}"),
                        rule=fields.pop("rule", "count.of_total"), page=page, section=fields.pop("section", "results"),
                        **fields)


def parsed_document(name: str = "series.pdf", *, pages: int = 2, figures: tuple[CohortFigure, ...] = (),
                    title: str = "Iliopsoas haematoma in haemophilia", year: int = 2022,
                    file_type: str = "pdf") -> ParsedDocument:
    """A small but complete parsed paper: pages with spans, sections, a reference."""
    page_objects = []
    for number in range(1, pages + 1):
        text = f"Results on page {number}. {FEMORAL_SENTENCE}"
        spans = (Span(text=text[:20], bbox=(50.0, 80.0, 250.0, 92.0), font_size=9.5, font="Times", char_start=0),
                 Span(text="12", bbox=(251.0, 78.0, 258.0, 86.0), font_size=6.0, superscript=True,
                      role="marker", char_start=len(text)))
        page_objects.append(Page(number=number, text=text, width=595.0, height=842.0, spans=spans))
    sections = (Section("results", "Results", 1, 0, pages, len(page_objects[-1].text)),)
    return ParsedDocument(
        source=name, sha256=hashlib.sha256(name.encode() + str(pages).encode()).hexdigest(),
        file_type=file_type, size_bytes=1234,
        metadata=DocumentMetadata(title=title, authors=("Panuwan K", "Sritong P"), year=year,
                                  journal="Int J Hematol", doi="10.5555/ijh.2022.044"),
        pages=tuple(page_objects), sections=sections,
        references=(ReferenceEntry(n=1, text="Decker JA, Ruiz M. Iliopsoas bleeding. J Vasc. 2019;4:1-9.",
                                   authors=("Decker JA", "Ruiz M"), year=2019, title="Iliopsoas bleeding"),),
        figures=figures,
    )
