"""``evidence audit`` and ``audit_corpus`` over a real SQLite store."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from support.documents import figure, parsed_document

from evidence.audit import audit_corpus
from evidence.cli import main
from evidence.store import Store

ABSTRACT = "Of the 28 patients, 16 (57.14%) had coagulation dysfunction."
TABLE_ROW = "Coagulation dysfunction | 18 (64.28%)"
CLEAN = "Femoral neuropathy was present in 28 of the 44 episodes (63.6%)."


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "c.sqlite"
    coagulation = {"unit": "patients", "concept": "coagulation_dysfunction", "outcome": "coagulation dysfunction"}
    with Store(path) as store:
        store.add_document(parsed_document("li.pdf", pages=4, title="Iliopsoas haematoma: 28 patients", figures=(
            figure(16, 28, page=1, quote=ABSTRACT, section="abstract", percent="57.14", **coagulation),
            figure(18, 28, page=4, quote=TABLE_ROW, section="table", table=0, percent="64.28", **coagulation),
        )))
        store.add_document(parsed_document("clean.pdf", title=None, figures=(
            figure(28, 44, page=2, quote=CLEAN, percent="63.6"),
        )))
    return str(path)


def test_audit_corpus_names_the_document_of_each_finding(db):
    with Store(db) as store:
        findings = audit_corpus(store)
        assert audit_corpus(store, document=2) == []
    assert [(f.document, f.kind, f.page) for f in findings] == [(1, "inconsistent_value", 1)]
    assert findings[0].message == ("coagulation dysfunction (of 28 patients) is 16 (57.14%) in the abstract "
                                   "(page 1) but 18 (64.28%) in table 1 (page 4)")


def test_json_output_is_an_array_of_findings_with_the_contract_keys(db):
    result = CliRunner().invoke(main, ["audit", "--format", "json", "--db", db])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload == [{
        "document": 1, "kind": "inconsistent_value", "page": 1, "severity": "warning", "source": "li.pdf",
        "message": ("coagulation dysfunction (of 28 patients) is 16 (57.14%) in the abstract (page 1) "
                    "but 18 (64.28%) in table 1 (page 4)"),
        "quotes": [ABSTRACT, TABLE_ROW],
    }]


def test_text_output_has_a_block_per_document_and_a_count_line(db):
    result = CliRunner().invoke(main, ["audit", "--db", db])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "[1] Iliopsoas haematoma: 28 patients (li.pdf)",
        "  p. 1   inconsistent_value: coagulation dysfunction (of 28 patients) is 16 (57.14%) in the "
        "abstract (page 1) but 18 (64.28%) in table 1 (page 4)",
        f'           "{ABSTRACT}"',
        f'           "{TABLE_ROW}"',
        "",
        "1 finding in 1 of 2 documents",
    ]


def test_a_clean_document_says_no_findings(db):
    result = CliRunner().invoke(main, ["audit", "--document", "2", "--db", db])
    assert (result.exit_code, result.output) == (0, "no findings in 1 document\n")


def test_an_unknown_document_is_an_error_naming_the_id_and_the_next_step(db):
    result = CliRunner().invoke(main, ["audit", "--document", "9", "--db", db])
    assert result.exit_code == 1
    assert f"Error: no document with id 9 in {db}; 'evidence docs' lists the ids" in result.output


def test_help_has_a_summary_and_an_example():
    result = CliRunner().invoke(main, ["audit", "-h"])
    assert result.exit_code == 0
    assert "Check each paper's own numbers" in result.output
    assert "Example: evidence audit --format json --document 3" in result.output
