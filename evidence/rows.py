"""Conversion between schema objects and database rows (plain dicts), in one place.

Tuples and lists are stored as JSON text; booleans as 0/1. Every ``*_row`` function returns the
dict of column values for an INSERT; every ``*_from_row`` builds (and so validates) the schema
object from a ``sqlite3.Row``.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from evidence.schema import (
    CitationMarker,
    CohortFigure,
    DocumentRecord,
    Page,
    ParsedDocument,
    ReferenceEntry,
    Section,
    Span,
    Table,
)


def _dump(value: Any) -> str:
    return json.dumps(list(value), ensure_ascii=False)


def _tuple(text: str | None) -> tuple:
    return tuple(json.loads(text)) if text else ()


def document_row(parsed: ParsedDocument, ingested_at: str) -> dict[str, Any]:
    meta = parsed.metadata
    return {
        "sha256": parsed.sha256, "source": parsed.source, "file_type": parsed.file_type,
        "size_bytes": parsed.size_bytes, "title": meta.title, "authors": _dump(meta.authors),
        "year": meta.year, "journal": meta.journal, "doi": meta.doi, "pmid": meta.pmid,
        "page_count": len(parsed.pages), "ingested_at": ingested_at, "status": parsed.status,
        "warnings": _dump(parsed.warnings), "location": parsed.location,
    }


def document_from_row(row: sqlite3.Row) -> DocumentRecord:
    return DocumentRecord(
        id=row["id"], source=row["source"], sha256=row["sha256"], file_type=row["file_type"],
        title=row["title"], authors=_tuple(row["authors"]), year=row["year"],
        journal=row["journal"], doi=row["doi"], pmid=row["pmid"], pages=row["page_count"],
        ingested_at=row["ingested_at"], status=row["status"], warnings=_tuple(row["warnings"]),
        size_bytes=row["size_bytes"], location=row["location"],
    )


def page_row(document_id: int, page: Page) -> dict[str, Any]:
    return {"document_id": document_id, "number": page.number, "text": page.text,
            "width": page.width, "height": page.height, "ocr": int(page.ocr),
            "image_only": int(page.image_only)}


def span_row(page_id: int, seq: int, span: Span) -> tuple:
    x0, y0, x1, y1 = span.bbox
    return (page_id, seq, span.text, x0, y0, x1, y1, span.font_size, span.font,
            int(span.superscript), int(span.bold), span.block, span.line, span.role, span.char_start)


SPAN_COLUMNS = ("page_id", "seq", "text", "x0", "y0", "x1", "y1", "font_size", "font",
                "superscript", "bold", "block", "line", "role", "char_start")


def span_from_row(row: sqlite3.Row) -> Span:
    return Span(text=row["text"], bbox=(row["x0"], row["y0"], row["x1"], row["y1"]),
                font_size=row["font_size"], font=row["font"], superscript=bool(row["superscript"]),
                bold=bool(row["bold"]), block=row["block"], line=row["line"], role=row["role"],
                char_start=row["char_start"])


def page_from_row(row: sqlite3.Row, spans: tuple[Span, ...]) -> Page:
    return Page(number=row["number"], text=row["text"], width=row["width"], height=row["height"],
                spans=spans, ocr=bool(row["ocr"]), image_only=bool(row["image_only"]))


def section_row(document_id: int, seq: int, section: Section) -> dict[str, Any]:
    return {"document_id": document_id, "seq": seq, "kind": section.kind, "heading": section.heading,
            "page_start": section.page_start, "start": section.start,
            "page_end": section.page_end, "end": section.end}


def section_from_row(row: sqlite3.Row) -> Section:
    return Section(kind=row["kind"], heading=row["heading"], page_start=row["page_start"],
                   start=row["start"], page_end=row["page_end"], end=row["end"])


def table_row(document_id: int, table: Table) -> dict[str, Any]:
    return {"document_id": document_id, "page": table.page, "idx": table.index,
            "strategy": table.strategy, "bbox": _dump(table.bbox), "caption": table.caption,
            "rows": json.dumps([list(r) for r in table.rows], ensure_ascii=False)}


def table_from_row(row: sqlite3.Row) -> Table:
    return Table(page=row["page"], index=row["idx"], strategy=row["strategy"],
                 bbox=_tuple(row["bbox"]), caption=row["caption"],
                 rows=tuple(tuple(r) for r in json.loads(row["rows"])))


def reference_row(document_id: int, ref: ReferenceEntry) -> dict[str, Any]:
    return {"document_id": document_id, "n": ref.n, "label": ref.label, "text": ref.text,
            "page": ref.page, "authors": _dump(ref.authors), "year": ref.year, "title": ref.title,
            "journal": ref.journal, "volume": ref.volume, "pages": ref.pages, "doi": ref.doi,
            "pmid": ref.pmid}


def reference_from_row(row: sqlite3.Row) -> ReferenceEntry:
    return ReferenceEntry(n=row["n"], label=row["label"], text=row["text"], page=row["page"],
                          authors=_tuple(row["authors"]), year=row["year"], title=row["title"],
                          journal=row["journal"], volume=row["volume"], pages=row["pages"],
                          doi=row["doi"], pmid=row["pmid"])


def marker_row(document_id: int, seq: int, marker: CitationMarker) -> dict[str, Any]:
    return {"document_id": document_id, "seq": seq, "page": marker.page, "start": marker.start,
            "end": marker.end, "text": marker.text, "style": marker.style,
            "sentence": marker.sentence, "targets": _dump(marker.targets),
            "numbers": _dump(marker.numbers), "section": marker.section}


def marker_from_row(row: sqlite3.Row) -> CitationMarker:
    return CitationMarker(page=row["page"], start=row["start"], end=row["end"], text=row["text"],
                          style=row["style"], sentence=row["sentence"],
                          targets=_tuple(row["targets"]), numbers=_tuple(row["numbers"]),
                          section=row["section"])


def figure_row(document_id: int, figure: CohortFigure) -> dict[str, Any]:
    return {"document_id": document_id, "events": figure.events, "total": figure.total,
            "unit": figure.unit, "outcome": figure.outcome, "concept": figure.concept,
            "subgroup": figure.subgroup, "timepoint": figure.timepoint, "page": figure.page,
            "sentence_start": figure.sentence_start, "start": figure.start, "end": figure.end,
            "quote": figure.quote, "rule": figure.rule, "flags": _dump(figure.flags),
            "percent": figure.percent, "section": figure.section,
            "denominator_quote": figure.denominator_quote,
            "denominator_page": figure.denominator_page, "breakdown": figure.breakdown,
            "table_index": figure.table}


def figure_from_row(row: sqlite3.Row) -> CohortFigure:
    return CohortFigure(
        events=row["events"], total=row["total"], unit=row["unit"], outcome=row["outcome"],
        concept=row["concept"], subgroup=row["subgroup"], timepoint=row["timepoint"],
        page=row["page"], sentence_start=row["sentence_start"], start=row["start"], end=row["end"],
        quote=row["quote"], rule=row["rule"], flags=_tuple(row["flags"]), percent=row["percent"],
        section=row["section"], denominator_quote=row["denominator_quote"],
        denominator_page=row["denominator_page"], breakdown=row["breakdown"],
        table=row["table_index"], document=row["document_id"],
    )
