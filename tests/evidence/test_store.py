"""The corpus store: round trips, idempotence, force, migrations of an older database."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.errors import StoreError
from evidence.migrations import LATEST_VERSION, MIGRATIONS
from evidence.errors import InvalidRecord
from evidence.schema import CohortFigure
from evidence.store import Store
from support.documents import figure, parsed_document


def test_document_round_trip(tmp_path):
    parsed = parsed_document(figures=(figure(),))
    with Store(tmp_path / "c.sqlite") as store:
        doc_id, status = store.add_document(parsed, extractor_version="v1")
        loaded = store.load_parsed(doc_id)
        record = store.document(doc_id)

    assert status == "ingested"
    assert loaded.pages == parsed.pages
    assert loaded.sections == parsed.sections
    assert loaded.references == parsed.references
    assert loaded.figures == tuple(replace(f, document=doc_id) for f in parsed.figures)
    assert (record.title, record.year, record.pages, record.authors) == (
        "Iliopsoas haematoma in haemophilia", 2022, 2, ("Panuwan K", "Sritong P"))
    assert loaded.pages[0].markers[0].text == "12"


def test_same_sha_is_skipped_and_force_replaces_in_place(tmp_path):
    with Store(tmp_path / "c.sqlite") as store:
        first_id, _ = store.add_document(parsed_document(figures=(figure(),)))
        again = store.add_document(parsed_document(figures=(figure(),)))
        updated = replace(parsed_document(figures=(figure(25, 28, unit="patients"),)), status="ok")
        forced = store.add_document(updated, force=True)
        counts = store.counts()
        kept = store.figures()

    assert again == (first_id, "skipped")
    assert forced == (first_id, "replaced")
    assert counts["documents"] == 1 and counts["pages"] == 2 and counts["cohort_figures"] == 1
    assert [(f.events, f.total, f.unit) for f in kept] == [(25, 28, "patients")]


def test_figures_filter_by_concept_and_document(tmp_path):
    with Store(tmp_path / "c.sqlite") as store:
        a, _ = store.add_document(parsed_document("a.pdf", figures=(figure(), figure(5, 44, concept="mortality", quote="Death occurred after 5 of the 44 episodes."))))
        b, _ = store.add_document(parsed_document("b.pdf", pages=3, figures=(figure(14, 36, unit="patients"),)))
        assert [f.document for f in store.figures(concept="femoral_neuropathy")] == [a, b]
        # figures come in reading order: page, then position on the page
        assert [f.concept for f in store.figures(document=a)] == ["mortality", "femoral_neuropathy"]
        assert store.figures(concept="femoral_neuropathy", unit="patients")[0].total == 36


def test_missing_document_error_names_the_id_and_next_step(tmp_path):
    with Store(tmp_path / "c.sqlite") as store, pytest.raises(StoreError) as caught:
        store.document(7)
    assert "no document with id 7" in str(caught.value)
    assert "'evidence docs' lists the ids" in str(caught.value)


def test_reading_commands_do_not_create_a_database(tmp_path):
    with pytest.raises(StoreError, match="no corpus database at .*run 'evidence ingest PATH'"):
        Store(tmp_path / "absent.sqlite", create=False)
    assert not (tmp_path / "absent.sqlite").exists()


def test_not_a_database_is_a_clear_error(tmp_path):
    bogus = tmp_path / "notes.sqlite"
    bogus.write_text("these are my notes, not a database\n" * 200)
    with pytest.raises(StoreError, match="cannot open as a corpus database"):
        Store(bogus)


def test_older_database_is_migrated_and_keeps_its_documents(tmp_path):
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    conn.executescript(MIGRATIONS[0].sql)
    conn.execute("INSERT INTO schema_migrations VALUES (1, ?, '2026-01-01T00:00:00+00:00')", (MIGRATIONS[0].name,))
    conn.execute("INSERT INTO documents (sha256, source, file_type, page_count, ingested_at, status) "
                 "VALUES (?, 'old.pdf', 'pdf', 0, '2026-01-01', 'ok')", ("a" * 64,))
    conn.commit()
    conn.close()

    with Store(path) as store:
        assert store.schema_version() == LATEST_VERSION == 3
        assert [d.source for d in store.documents()] == ["old.pdf"]
        assert store.extractor_versions() == {1: None}
        applied = [row[0] for row in store._conn.execute("SELECT version FROM schema_migrations ORDER BY version")]
    assert applied == [1, 2, 3]


def test_newer_database_is_refused(tmp_path):
    path = tmp_path / "new.sqlite"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_migrations VALUES (99, 'from the future', '2030-01-01')")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="schema version 99 is newer than this evidence understands"):
        Store(path)


def test_events_above_total_cannot_exist():
    with pytest.raises(InvalidRecord, match=r"events \(45\) exceed total \(44\)"):
        figure(45, 44)


counts = st.integers(min_value=1, max_value=10_000)


@st.composite
def cohort_figures(draw) -> CohortFigure:
    total = draw(counts)
    events = draw(st.integers(min_value=0, max_value=total))
    text = st.text(min_size=1, max_size=40)
    return CohortFigure(
        events=events, total=total, unit=draw(st.sampled_from(["patients", "episodes", "limbs"])),
        outcome=draw(text), concept=draw(text), quote=draw(st.text(max_size=200)), start=0,
        end=draw(st.integers(min_value=0, max_value=200)), rule=draw(text),
        page=draw(st.none() | st.integers(min_value=1, max_value=500)),
        subgroup=draw(st.none() | text), timepoint=draw(st.none() | text),
        percent=draw(st.none() | st.sampled_from(["0", "63.6", "89.28", "100.00"])),
        flags=tuple(draw(st.lists(st.sampled_from(["denominator_inferred", "number_word", "percent_only"]),
                                  unique=True, max_size=3))),
        section=draw(st.sampled_from(["abstract", "results", "table"])),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(figures=st.lists(cohort_figures(), max_size=6))
def test_figures_read_back_unchanged(tmp_path, figures):
    with Store(tmp_path / "prop.sqlite") as store:
        doc_id, _ = store.add_document(parsed_document(figures=tuple(figures)), force=True)
        stored = store.figures(document=doc_id)
    # the store returns reading order (page, position); compare as collections
    assert sorted(stored, key=repr) == sorted((replace(f, document=doc_id) for f in figures), key=repr)


def test_a_database_whose_folder_cannot_be_created_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match=r"cannot create its folder .*pass --db with a writable location"):
        Store(blocker / "sub" / "c.sqlite")


def test_a_database_locked_by_another_writer_is_a_clear_error_not_a_traceback(tmp_path, monkeypatch):
    path = tmp_path / "c.sqlite"
    Store(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another evidence process in the middle of a write
    monkeypatch.setattr("evidence.store.BUSY_TIMEOUT_S", 0.2)
    try:
        with Store(path) as store, pytest.raises(StoreError, match=r"cannot start writing .*retry when it finishes"):
            store.add_document(parsed_document())
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_figure_counts_per_document(tmp_path):
    with Store(tmp_path / "c.sqlite") as store:
        a, _ = store.add_document(parsed_document("a.pdf", figures=(figure(), figure(14, 36, unit="patients"))))
        store.add_document(parsed_document("b.pdf", pages=3))
        assert store.figure_counts() == {a: 2}


def test_opening_a_fresh_corpus_waits_while_another_process_writes_it(tmp_path):
    # SQLite fails at once, without its busy wait, to switch a file to WAL mode while another
    # connection is writing it; the store must wait.
    path = tmp_path / "fresh.sqlite"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE opened_first (x)")
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.5, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        with Store(path) as store:
            assert store.schema_version() == LATEST_VERSION
    finally:
        release.join()
        holder.close()
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_many_connections_may_open_one_fresh_corpus_at_once(tmp_path):
    paths = [tmp_path / f"fresh{trial}.sqlite" for trial in range(5)]
    errors: list[str] = []

    def open_store(path, start: threading.Barrier) -> None:
        start.wait()
        try:
            Store(path).close()
        except Exception as exc:  # noqa: BLE001 - any failure to open is the defect looked for
            errors.append(f"{type(exc).__name__}: {exc}")

    for path in paths:
        start = threading.Barrier(6)
        threads = [threading.Thread(target=open_store, args=(path, start)) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []


def test_a_database_that_cannot_use_wal_opens_in_its_own_mode():
    with Store(":memory:") as store:
        assert store.schema_version() == LATEST_VERSION
