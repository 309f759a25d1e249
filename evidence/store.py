"""The corpus: an embedded SQLite database of documents and everything read from them.

The database runs in WAL mode with foreign keys on and a busy timeout, so several ``evidence``
processes can share it: readers never block, and writers queue. Each document is written in one
``BEGIN IMMEDIATE`` transaction, so an interrupted run leaves either the whole document or none
of it. Only this module issues SQL; rows cross its boundary through :mod:`evidence.rows`.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from evidence import rows
from evidence.errors import StoreError
from evidence.migrations import LATEST_VERSION, MIGRATIONS
from evidence.schema import (
    CitationMarker,
    CohortFigure,
    DocumentMetadata,
    DocumentRecord,
    Page,
    ParsedDocument,
    ReferenceEntry,
    Section,
    Table,
)

__all__ = ["BUSY_TIMEOUT_S", "IngestOutcome", "Store"]

# Long enough for a concurrent writer to finish a large document; short enough that a wedged
# lock surfaces as an error rather than a hang.
BUSY_TIMEOUT_S = 60.0

IngestOutcome = Literal["ingested", "replaced", "skipped"]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _writable_hint(path: Path) -> str:
    """Why SQLite may fail to open a file it can read: WAL mode writes beside the database."""
    folder = path.parent
    if folder.exists() and not os.access(folder, os.W_OK):
        return (f"; the folder {folder} is not writable, and SQLite must create its journal files "
                "there: copy the database to a writable folder or pass --db")
    return ""


def _insert(conn: sqlite3.Connection, table: str, row: dict) -> int:
    columns = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join(f":{c}" for c in row)
    cursor = conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", row)
    return cursor.lastrowid


def _insert_many(conn: sqlite3.Connection, table: str, batch: Sequence[dict]) -> None:
    if not batch:
        return
    columns = ", ".join(f'"{c}"' for c in batch[0])
    marks = ", ".join(f":{c}" for c in batch[0])
    conn.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", batch)


class Store:
    """An open corpus database. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(f"no corpus database at {self.path}; run 'evidence ingest PATH' or 'evidence demo' first, or pass --db")
        self._conn: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            self._conn.row_factory = sqlite3.Row
            self._conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            self._use_wal()
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self.migrate()
        except OSError as exc:
            self._close_quietly()
            raise StoreError(f"{self.path}: cannot create its folder ({exc.strerror or exc}); "
                             "pass --db with a writable location") from exc
        except sqlite3.DatabaseError as exc:
            self._close_quietly()
            raise StoreError(f"{self.path}: cannot open as a corpus database ({exc}){_writable_hint(self.path)}") from exc
        except BaseException:
            self._close_quietly()
            raise

    def _use_wal(self) -> None:
        """Put the file in WAL mode, once for its lifetime (the mode is stored in the file).

        Converting needs the file to itself, and SQLite does not wait for that on a busy file:
        a second process opening a fresh corpus while the first converts it would fail at once
        with "database is locked". So a locked conversion is retried, with growing pauses, until
        the busy timeout. Where SQLite declines WAL without an error (an in-memory database, a
        file system without shared memory) the database keeps the mode it has."""
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        pause = 0.005
        while True:
            try:
                self._conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                    raise
            time.sleep(pause)
            pause = min(2 * pause, 0.1)

    def _close_quietly(self) -> None:
        if self._conn is not None:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken with BEGIN IMMEDIATE so writers queue, never deadlock."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.path}: cannot start writing ({exc}) after waiting {BUSY_TIMEOUT_S:.0f} s; "
                             "another evidence process may hold the database: retry when it finishes") from exc
        try:
            yield self._conn
        except sqlite3.DatabaseError as exc:
            self._conn.execute("ROLLBACK")
            raise StoreError(f"{self.path}: the write failed and was rolled back ({exc}); nothing was "
                             "half-written") from exc
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        else:
            self._conn.execute("COMMIT")

    # -- migrations ---------------------------------------------------------------------------

    def schema_version(self) -> int:
        exists = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").fetchone()
        if not exists:
            return 0
        return self._conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]

    def migrate(self, target: int = LATEST_VERSION) -> int:
        """Apply pending migrations up to ``target``; returns the version reached."""
        if self.schema_version() >= target:
            self._refuse_newer()
            return self.schema_version()
        with self.transaction() as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                         "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
            current = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]
            for migration in MIGRATIONS:
                if current < migration.version <= target:
                    for statement in migration.sql.split(";"):
                        if statement.strip():
                            conn.execute(statement)
                    conn.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                                 (migration.version, migration.name, _now()))
        return self.schema_version()

    def _refuse_newer(self) -> None:
        version = self.schema_version()
        if version > LATEST_VERSION:
            raise StoreError(f"{self.path}: database schema version {version} is newer than this evidence "
                             f"understands ({LATEST_VERSION}); upgrade evidence")

    # -- documents ----------------------------------------------------------------------------

    def document_id(self, sha256: str) -> int | None:
        row = self._conn.execute("SELECT id FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return row["id"] if row else None

    def add_document(self, parsed: ParsedDocument, *, force: bool = False,
                     extractor_version: str | None = None) -> tuple[int, IngestOutcome]:
        """Store a parsed document and everything read from it, in one transaction.

        A document whose sha256 is already stored is skipped, unless ``force``: then its rows are
        replaced and it keeps its id.
        """
        with self.transaction() as conn:
            existing = conn.execute("SELECT id FROM documents WHERE sha256 = ?", (parsed.sha256,)).fetchone()
            if existing and not force:
                return existing["id"], "skipped"
            row = rows.document_row(parsed, _now())
            if existing:
                doc_id = existing["id"]
                assignments = ", ".join(f'"{c}" = :{c}' for c in row)
                conn.execute(f"UPDATE documents SET {assignments} WHERE id = :id", {**row, "id": doc_id})
                for table in ("pages", "sections", "page_tables", "reference_entries",
                              "cohort_figures", "citation_markers"):
                    conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (doc_id,))
            else:
                doc_id = _insert(conn, "documents", row)
            self._write_pages(conn, doc_id, parsed.pages)
            _insert_many(conn, "sections", [rows.section_row(doc_id, i, s) for i, s in enumerate(parsed.sections)])
            _insert_many(conn, "page_tables", [rows.table_row(doc_id, t) for t in parsed.tables])
            self._write_extraction(conn, doc_id, parsed.references, parsed.markers, parsed.figures, extractor_version)
        return doc_id, ("replaced" if existing else "ingested")

    @staticmethod
    def _write_pages(conn: sqlite3.Connection, doc_id: int, pages: Sequence[Page]) -> None:
        placeholders = ", ".join("?" for _ in rows.SPAN_COLUMNS)
        span_sql = f"INSERT INTO spans ({', '.join(rows.SPAN_COLUMNS)}) VALUES ({placeholders})"
        for page in pages:
            page_id = _insert(conn, "pages", rows.page_row(doc_id, page))
            conn.executemany(span_sql, [rows.span_row(page_id, i, s) for i, s in enumerate(page.spans)])

    @staticmethod
    def _write_extraction(conn: sqlite3.Connection, doc_id: int, references: Sequence[ReferenceEntry],
                          markers: Sequence[CitationMarker], figures: Sequence[CohortFigure],
                          extractor_version: str | None) -> None:
        for table in ("reference_entries", "citation_markers", "cohort_figures"):
            conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (doc_id,))
        _insert_many(conn, "reference_entries", [rows.reference_row(doc_id, r) for r in references])
        _insert_many(conn, "citation_markers", [rows.marker_row(doc_id, i, m) for i, m in enumerate(markers)])
        _insert_many(conn, "cohort_figures", [rows.figure_row(doc_id, f) for f in figures])
        conn.execute("UPDATE documents SET extractor_version = ? WHERE id = ?", (extractor_version, doc_id))

    def replace_extraction(self, doc_id: int, *, references: Sequence[ReferenceEntry],
                           markers: Sequence[CitationMarker], figures: Sequence[CohortFigure],
                           extractor_version: str) -> None:
        """Replace what was read from a stored document's text, in one transaction."""
        with self.transaction() as conn:
            self._write_extraction(conn, doc_id, references, markers, figures, extractor_version)

    def documents(self) -> list[DocumentRecord]:
        return [rows.document_from_row(r) for r in self._conn.execute("SELECT * FROM documents ORDER BY id")]

    def document(self, doc_id: int) -> DocumentRecord:
        row = self._conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise StoreError(f"no document with id {doc_id} in {self.path}; 'evidence docs' lists the ids")
        return rows.document_from_row(row)

    def extractor_versions(self) -> dict[int, str | None]:
        return {r["id"]: r["extractor_version"]
                for r in self._conn.execute("SELECT id, extractor_version FROM documents ORDER BY id")}

    def pages(self, doc_id: int, *, with_spans: bool = True) -> tuple[Page, ...]:
        result = []
        for page in self._conn.execute("SELECT * FROM pages WHERE document_id = ? ORDER BY number", (doc_id,)).fetchall():
            spans: tuple = ()
            if with_spans:
                spans = tuple(rows.span_from_row(s) for s in self._conn.execute(
                    "SELECT * FROM spans WHERE page_id = ? ORDER BY seq", (page["id"],)))
            result.append(rows.page_from_row(page, spans))
        return tuple(result)

    def sections(self, doc_id: int) -> tuple[Section, ...]:
        return tuple(rows.section_from_row(r) for r in self._conn.execute(
            "SELECT * FROM sections WHERE document_id = ? ORDER BY seq", (doc_id,)))

    def tables(self, doc_id: int) -> tuple[Table, ...]:
        return tuple(rows.table_from_row(r) for r in self._conn.execute(
            "SELECT * FROM page_tables WHERE document_id = ? ORDER BY page, idx", (doc_id,)))

    def references(self, doc_id: int) -> tuple[ReferenceEntry, ...]:
        return tuple(rows.reference_from_row(r) for r in self._conn.execute(
            "SELECT * FROM reference_entries WHERE document_id = ? ORDER BY n", (doc_id,)))

    def markers(self, doc_id: int) -> tuple[CitationMarker, ...]:
        return tuple(rows.marker_from_row(r) for r in self._conn.execute(
            "SELECT * FROM citation_markers WHERE document_id = ? ORDER BY seq", (doc_id,)))

    def load_parsed(self, doc_id: int) -> ParsedDocument:
        """Rebuild the :class:`ParsedDocument` of a stored document (for re-extraction)."""
        record = self.document(doc_id)
        return ParsedDocument(
            source=record.source, sha256=record.sha256, file_type=record.file_type,
            size_bytes=record.size_bytes,
            metadata=DocumentMetadata(title=record.title, authors=record.authors, year=record.year,
                                      journal=record.journal, doi=record.doi, pmid=record.pmid),
            pages=self.pages(doc_id), sections=self.sections(doc_id), tables=self.tables(doc_id),
            references=self.references(doc_id), markers=self.markers(doc_id),
            figures=tuple(self.figures(document=doc_id)), warnings=record.warnings,
            status=record.status, location=record.location,
        )

    # -- figures ------------------------------------------------------------------------------

    def figures(self, *, concept: str | None = None, document: int | None = None,
                unit: str | None = None) -> list[CohortFigure]:
        clauses, params = [], []
        for column, value in (("concept", concept), ("document_id", document), ("unit", unit)):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        query = f"SELECT * FROM cohort_figures {where} ORDER BY document_id, page, start, id"
        return [rows.figure_from_row(r) for r in self._conn.execute(query, params)]

    def figure_counts(self) -> dict[int, int]:
        """How many cohort figures each document holds (documents without any are absent)."""
        return {r[0]: r[1] for r in self._conn.execute(
            "SELECT document_id, COUNT(*) FROM cohort_figures GROUP BY document_id")}

    def counts(self) -> dict[str, int]:
        """How many rows each main table holds (for summaries and tests)."""
        return {table: self._conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("documents", "pages", "spans", "sections", "page_tables",
                              "reference_entries", "citation_markers", "cohort_figures")}
