"""``evidence figures``: table, JSON and CSV output of the stored figures."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest
from click.testing import CliRunner

from evidence.cli import main
from evidence.schema import DocumentMetadata, Page, ParsedDocument
from evidence.store import Store
from extractors.figures import extract_figures

PDF_TEXT = ("We reviewed 44 episodes in 20 patients. Femoral neuropathy was present in 28 of the 44 episodes. "
            "No patient died.")
TXT_TEXT = "A total of 28 patients were included. Transfusion was needed in 9 (32.14%)."


def parsed(name: str, text: str, file_type: str) -> ParsedDocument:
    doc = ParsedDocument(source=name, sha256=hashlib.sha256(text.encode()).hexdigest(), file_type=file_type,
                         size_bytes=len(text), metadata=DocumentMetadata(title=name),
                         pages=(Page(number=1, text=""), Page(number=2, text=text)) if file_type == "pdf"
                         else (Page(number=1, text=text),))
    return ParsedDocument(**{**doc.__dict__, "figures": extract_figures(doc)})


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "corpus.sqlite"
    with Store(path) as store:
        store.add_document(parsed("papers/series.pdf", PDF_TEXT, "pdf"))
        store.add_document(parsed("papers/notes.txt", TXT_TEXT, "txt"))
    return str(path)


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_json_lists_every_figure_with_its_provenance(db):
    records = json.loads(run("figures", "--format", "json", "--db", db))
    assert [(r["document"], r["source"], r["events"], r["total"], r["unit"], r["concept"], r["page"]) for r in records] == [
        (1, "papers/series.pdf", 28, 44, "episodes", "femoral_neuropathy", 2),
        (1, "papers/series.pdf", 0, 20, "patients", "mortality", 2),
        (2, "papers/notes.txt", 9, 28, "patients", "transfusion", None),
    ]
    first = records[0]
    assert PDF_TEXT[first["start"]:first["end"]] == "28 of the 44 episodes"
    assert first["quote"] == "Femoral neuropathy was present in 28 of the 44 episodes."
    assert first["rule"] == "count.of_total" and first["flags"] == []
    assert {"outcome", "subgroup", "timepoint", "percent", "section", "denominator_quote", "proportion"} <= set(first)
    assert records[2]["percent"] == "32.14" and records[2]["flags"] == ["denominator_inferred"]


def test_filters_by_concept_and_document(db):
    assert [r["events"] for r in json.loads(run("figures", "--concept", "mortality", "--format", "json", "--db", db))] == [0]
    assert [r["concept"] for r in json.loads(run("figures", "--document", "2", "--format", "json", "--db", db))] == [
        "transfusion"]


def test_unknown_document_is_an_error_naming_the_next_step(db):
    result = CliRunner().invoke(main, ["figures", "--document", "9", "--db", db])
    assert result.exit_code == 1
    assert "no document with id 9" in result.output and "'evidence docs' lists the ids" in result.output


def test_csv_has_the_json_keys_as_header(db):
    rows = list(csv.DictReader(io.StringIO(run("figures", "--format", "csv", "--db", db))))
    assert [(r["events"], r["total"], r["page"]) for r in rows] == [("28", "44", "2"), ("0", "20", "2"), ("9", "28", "")]
    assert rows[1]["flags"] == "zero_events;denominator_inferred"


def test_table_shows_counts(db):
    output = run("figures", "--db", db)
    assert "3 cohort figures" in output and "28/44" in output and "femoral_neuropathy" in output


def test_help_has_an_example():
    output = run("figures", "-h")
    assert "Example: evidence figures" in output
