"""Ingest end to end: folders, idempotence, bad input, interruption, concurrent writers."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidence.cli import main
from evidence.ingest import ingest_paths
from evidence.store import Store
from support import pdfs

PAPER_TEXT = """Iliopsoas haematoma in patients on anticoagulants

Abstract
We reviewed 36 patients treated for iliopsoas haematoma while on anticoagulants.

Results
Femoral neuropathy was present in 14 of the 36 patients.
"""


def _run(*args: str, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "evidence", *args, "--db", str(db)],
                          capture_output=True, text=True, timeout=120)


def _papers(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [pdfs.two_column_paper(folder / f"paper{i:03d}.pdf", title=f"Iliopsoas haematoma series number {i}")
            for i in range(count)]


def _integrity(db: Path) -> list[tuple[int, int, int]]:
    """(document id, page_count recorded, pages stored) for every document."""
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT d.id, d.page_count, COUNT(p.id) FROM documents d "
                            "LEFT JOIN pages p ON p.document_id = d.id GROUP BY d.id").fetchall()


def test_folder_is_ingested_recursively_and_rerun_skips(tmp_path):
    corpus = tmp_path / "papers"
    (corpus / "nested").mkdir(parents=True)
    pdfs.two_column_paper(corpus / "a.pdf")
    (corpus / "nested" / "b.txt").write_text(PAPER_TEXT, encoding="utf-8")
    (corpus / "nested" / "figure.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (corpus / ".hidden.txt").write_text("not a paper", encoding="utf-8")

    with Store(tmp_path / "c.sqlite") as store:
        first = ingest_paths(store, [corpus], jobs=1)
        second = ingest_paths(store, [corpus], jobs=1)
        documents = store.documents()

    assert first.line() == "ingested 2, skipped 0 already in corpus, failed 0"
    assert first.ignored == (str(corpus / "nested" / "figure.png"),)
    assert second.line() == "ingested 0, skipped 2 already in corpus, failed 0"
    assert sorted(d.source for d in documents) == [str(corpus / "a.pdf"), str(corpus / "nested" / "b.txt")]
    text_doc = next(d for d in documents if d.file_type == "txt")
    assert text_doc.pages == 1 and not text_doc.paginated


def test_cli_reports_every_bad_file_and_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    pdfs.two_column_paper(folder / "good.pdf")
    pdfs.encrypted_pdf(folder / "locked.pdf")
    pdfs.corrupt_pdf(folder / "corrupt.pdf")
    pdfs.truncated_pdf(folder / "truncated.pdf")
    pdfs.empty_file(folder / "empty.pdf")
    pdfs.html_named_pdf(folder / "webpage.pdf")
    docx = tmp_path / "notes.docx"
    docx.write_bytes(b"PK\x03\x04 not really a docx")
    db = tmp_path / "c.sqlite"

    result = CliRunner().invoke(main, ["ingest", str(folder), str(docx), str(tmp_path / "missing.pdf"),
                                       "--jobs", "1", "--db", str(db)])

    assert result.exit_code == 1
    assert result.stdout.strip().splitlines()[-1] == "ingested 1, skipped 0 already in corpus, failed 7"
    failures = [line for line in result.stderr.splitlines() if line.startswith("failed: ")]
    assert len(failures) == 7
    for name in ("locked.pdf", "corrupt.pdf", "truncated.pdf", "empty.pdf", "webpage.pdf", "notes.docx", "missing.pdf"):
        assert sum(name in line for line in failures) == 1, name
    assert any("locked.pdf" in line and "password" in line for line in failures)
    assert any("notes.docx: unsupported file type '.docx'" in line for line in failures)
    assert any("missing.pdf: no such file or folder" in line for line in failures)
    with Store(db) as store:
        assert [Path(d.source).name for d in store.documents()] == ["good.pdf"]


def test_docs_json_has_the_documented_keys(tmp_path):
    db = tmp_path / "c.sqlite"
    paper = pdfs.two_column_paper(tmp_path / "a.pdf")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(paper), "--db", str(db), "--quiet"]).exit_code == 0

    result = runner.invoke(main, ["docs", "--format", "json", "--db", str(db)])

    assert result.exit_code == 0
    [doc] = json.loads(result.stdout)
    assert {"id", "source", "sha256", "title", "authors", "year", "doi", "pages", "status", "warnings"} <= doc.keys()
    assert doc["source"] == str(paper) and doc["pages"] >= 1 and len(doc["sha256"]) == 64


def test_reading_an_absent_corpus_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(main, ["docs", "--db", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no corpus database at ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_force_reingests_in_place(tmp_path):
    db = tmp_path / "c.sqlite"
    paper = pdfs.two_column_paper(tmp_path / "a.pdf")
    runner = CliRunner()
    runner.invoke(main, ["ingest", str(paper), "--db", str(db)])
    result = runner.invoke(main, ["ingest", str(paper), "--force", "--db", str(db)])
    assert result.stdout.strip() == "ingested 1, skipped 0 already in corpus, failed 0"
    with Store(db) as store:
        assert [d.id for d in store.documents()] == [1]


@pytest.mark.slow
def test_killed_ingest_leaves_whole_documents_and_rerun_completes(tmp_path):
    # Enough files that the run cannot finish between two polls, even on a fast machine.
    papers = _papers(tmp_path / "many", 120)
    db = tmp_path / "c.sqlite"
    process = subprocess.Popen([sys.executable, "-m", "evidence", "ingest", str(tmp_path / "many"), "--jobs", "1",
                                "--quiet", "--db", str(db)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_for_documents(db, process, 3)
    process.send_signal(signal.SIGKILL)
    process.wait()

    partial = _integrity(db)
    assert 3 <= len(partial) < len(papers), "the run must be killed mid-way for this test to mean anything"
    assert all(recorded == stored for _, recorded, stored in partial)

    rerun = _run("ingest", str(tmp_path / "many"), "--jobs", "1", "--quiet", db=db)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.strip() == f"ingested {len(papers) - len(partial)}, skipped {len(partial)} already in corpus, failed 0"
    final = _integrity(db)
    assert len(final) == len(papers) and all(recorded == stored for _, recorded, stored in final)


def _wait_for_documents(db: Path, process: subprocess.Popen, count: int) -> int:
    """Poll the database until ``count`` documents are stored (or the process ends)."""
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(db) as conn:
                    stored = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            except sqlite3.OperationalError:  # tables not created yet
                stored = 0
            if stored >= count:
                break
        time.sleep(0.005)
    return stored


@pytest.mark.slow
def test_ctrl_c_stops_cleanly_with_a_message(tmp_path):
    papers = _papers(tmp_path / "many", 120)
    db = tmp_path / "c.sqlite"
    process = subprocess.Popen([sys.executable, "-m", "evidence", "ingest", str(tmp_path / "many"), "--jobs", "1",
                                "--quiet", "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_for_documents(db, process, 2)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)

    assert process.returncode == 130, stderr
    assert "interrupted: every document stored so far is complete" in stderr
    stored = _integrity(db)
    assert 2 <= len(stored) < len(papers)
    assert all(recorded == pages for _, recorded, pages in stored)


@pytest.mark.slow
def test_two_concurrent_ingests_lose_nothing(tmp_path):
    papers = _papers(tmp_path / "shared", 16)
    db = tmp_path / "c.sqlite"
    command = [sys.executable, "-m", "evidence", "ingest", str(tmp_path / "shared"), "--jobs", "1", "--quiet", "--db", str(db)]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outputs = [p.communicate(timeout=120) for p in (first, second)]

    assert [first.returncode, second.returncode] == [0, 0], [err for _, err in outputs]
    ingested = [int(out.split()[1].rstrip(",")) for out, _ in outputs]
    assert sum(ingested) == len(papers)
    final = _integrity(db)
    assert len(final) == len(papers) and all(recorded == stored for _, recorded, stored in final)


def test_bad_files_in_worker_processes_do_not_break_the_batch(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    good = [pdfs.two_column_paper(folder / f"good{i}.pdf", title=f"Femoral nerve palsy series {i}") for i in range(4)]
    pdfs.empty_file(folder / "aa_empty.pdf")
    pdfs.corrupt_pdf(folder / "m_corrupt.pdf")
    pdfs.encrypted_pdf(folder / "z_locked.pdf")

    with Store(tmp_path / "c.sqlite") as store:
        summary = ingest_paths(store, [folder], jobs=2)
        stored = sorted(Path(d.source).name for d in store.documents())

    assert summary.line() == "ingested 4, skipped 0 already in corpus, failed 3"
    assert stored == sorted(p.name for p in good)
    messages = sorted(o.message for o in summary.outcomes if o.status == "failed")
    assert [m.split(": ")[0].rsplit("/", 1)[-1] for m in messages] == ["aa_empty.pdf", "m_corrupt.pdf", "z_locked.pdf"]
    assert not any("BrokenProcessPool" in m or "could not be read (" in m for m in messages)


def test_ingest_records_where_the_file_was(tmp_path, monkeypatch):
    paper = pdfs.two_column_paper(tmp_path / "a.pdf")
    monkeypatch.chdir(tmp_path)
    with Store(tmp_path / "c.sqlite") as store:
        ingest_paths(store, ["a.pdf"], jobs=1)
        [record] = store.documents()
    assert (record.source, record.location) == ("a.pdf", str(paper.resolve()))
