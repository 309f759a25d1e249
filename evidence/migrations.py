"""Ordered schema migrations of the corpus database.

Each migration is applied once, in order, inside one transaction together with the row that
records it in ``schema_migrations``; a database written by an older evidence is upgraded in place
when opened. Never edit a migration that has shipped: append a new one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "corpus: documents, pages, layout spans, sections, tables, reference entries",
        """
        CREATE TABLE documents (
            id          INTEGER PRIMARY KEY,
            sha256      TEXT NOT NULL UNIQUE,
            source      TEXT NOT NULL,
            file_type   TEXT NOT NULL,
            size_bytes  INTEGER NOT NULL DEFAULT 0,
            title       TEXT,
            authors     TEXT NOT NULL DEFAULT '[]',
            year        INTEGER,
            journal     TEXT,
            doi         TEXT,
            pmid        TEXT,
            page_count  INTEGER NOT NULL,
            ingested_at TEXT NOT NULL,
            status      TEXT NOT NULL,
            warnings    TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX documents_doi ON documents(doi);
        CREATE TABLE pages (
            id          INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            number      INTEGER NOT NULL,
            text        TEXT NOT NULL,
            width       REAL NOT NULL DEFAULT 0,
            height      REAL NOT NULL DEFAULT 0,
            ocr         INTEGER NOT NULL DEFAULT 0,
            image_only  INTEGER NOT NULL DEFAULT 0,
            UNIQUE (document_id, number)
        );
        CREATE TABLE spans (
            page_id     INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
            seq         INTEGER NOT NULL,
            text        TEXT NOT NULL,
            x0 REAL NOT NULL, y0 REAL NOT NULL, x1 REAL NOT NULL, y1 REAL NOT NULL,
            font_size   REAL NOT NULL,
            font        TEXT NOT NULL DEFAULT '',
            superscript INTEGER NOT NULL DEFAULT 0,
            bold        INTEGER NOT NULL DEFAULT 0,
            block       INTEGER NOT NULL DEFAULT 0,
            line        INTEGER NOT NULL DEFAULT 0,
            role        TEXT NOT NULL DEFAULT 'body',
            char_start  INTEGER,
            PRIMARY KEY (page_id, seq)
        ) WITHOUT ROWID;
        CREATE TABLE sections (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            seq         INTEGER NOT NULL,
            kind        TEXT NOT NULL,
            heading     TEXT NOT NULL,
            page_start  INTEGER NOT NULL,
            start       INTEGER NOT NULL,
            page_end    INTEGER NOT NULL,
            "end"       INTEGER NOT NULL,
            PRIMARY KEY (document_id, seq)
        );
        CREATE TABLE page_tables (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            page        INTEGER NOT NULL,
            idx         INTEGER NOT NULL,
            strategy    TEXT NOT NULL,
            bbox        TEXT NOT NULL,
            caption     TEXT NOT NULL DEFAULT '',
            rows        TEXT NOT NULL,
            PRIMARY KEY (document_id, page, idx)
        );
        CREATE TABLE reference_entries (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            n           INTEGER NOT NULL,
            label       TEXT,
            text        TEXT NOT NULL,
            page        INTEGER,
            authors     TEXT NOT NULL DEFAULT '[]',
            year        INTEGER,
            title       TEXT,
            journal     TEXT,
            volume      TEXT,
            pages       TEXT,
            doi         TEXT,
            pmid        TEXT,
            PRIMARY KEY (document_id, n)
        );
        """,
    ),
    Migration(
        2,
        "extraction: cohort figures, citation markers, extractor version per document",
        """
        ALTER TABLE documents ADD COLUMN extractor_version TEXT;
        CREATE TABLE cohort_figures (
            id                INTEGER PRIMARY KEY,
            document_id       INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            events            INTEGER NOT NULL CHECK (events >= 0),
            total             INTEGER NOT NULL CHECK (total >= 1 AND events <= total),
            unit              TEXT NOT NULL,
            outcome           TEXT NOT NULL,
            concept           TEXT NOT NULL,
            subgroup          TEXT,
            timepoint         TEXT,
            page              INTEGER,
            sentence_start    INTEGER NOT NULL,
            start             INTEGER NOT NULL,
            "end"             INTEGER NOT NULL,
            quote             TEXT NOT NULL,
            rule              TEXT NOT NULL,
            flags             TEXT NOT NULL DEFAULT '[]',
            percent           TEXT,
            section           TEXT NOT NULL,
            denominator_quote TEXT,
            denominator_page  INTEGER,
            breakdown         TEXT,
            table_index       INTEGER
        );
        CREATE INDEX cohort_figures_concept ON cohort_figures(concept, unit);
        CREATE INDEX cohort_figures_document ON cohort_figures(document_id);
        CREATE TABLE citation_markers (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            seq         INTEGER NOT NULL,
            page        INTEGER NOT NULL,
            start       INTEGER NOT NULL,
            "end"       INTEGER NOT NULL,
            text        TEXT NOT NULL,
            style       TEXT NOT NULL,
            sentence    TEXT NOT NULL,
            targets     TEXT NOT NULL DEFAULT '[]',
            numbers     TEXT NOT NULL DEFAULT '[]',
            section     TEXT NOT NULL DEFAULT 'other',
            PRIMARY KEY (document_id, seq)
        );
        """,
    ),
    Migration(
        3,
        "documents: absolute location of the file at ingest, for links from reports run elsewhere",
        "ALTER TABLE documents ADD COLUMN location TEXT;",
    ),
)

LATEST_VERSION = MIGRATIONS[-1].version
