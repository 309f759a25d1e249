"""`evidence report` and `evidence export`, the Markdown summary, and the DataFrame API."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat

import pytest
from click.testing import CliRunner

from evidence.api import audit_frame, documents_frame, figures_frame, pooled_frame
from evidence.cli import main
from evidence.export import EXPORT_COLUMNS
from evidence.report import ReportOptions, build_report, render_markdown
from evidence.store import Store
from report.builders import EXAMPLE_PAPERS, Fig, Paper, parse_html


@pytest.fixture
def db(make_store, tmp_path):
    make_store(EXAMPLE_PAPERS, name="cli.sqlite")
    return tmp_path / "cli.sqlite"


def test_report_writes_the_html_file_and_prints_its_path(db, tmp_path):
    out = tmp_path / "out" / "summary.html"
    result = CliRunner().invoke(main, ["report", "--db", str(db), "--out", str(out), "--by", "subgroup",
                                       "--title", "Iliopsoas <haematoma>"])
    assert result.exit_code == 0, result.output
    assert result.output == f"{out}\n"
    page = parse_html(out.read_text(encoding="utf-8"))
    assert page.find("h1").text == "Iliopsoas <haematoma>"
    assert len(page.find_all("section", class_="outcome")) == 3
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask  # shareable, not mkstemp's 0600


def test_report_of_one_concept_in_markdown(db, tmp_path):
    out = tmp_path / "report.md"
    result = CliRunner().invoke(main, ["report", "--db", str(db), "--out", str(out), "--format", "md",
                                       "--concept", "femoral neuropathy", "--unit", "episodes"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Evidence summary\n")
    assert text.count("\n### ") >= 1 and "### femoral neuropathy (episodes, k = 4)" in text
    study_rows = [line for line in text.splitlines() if line.startswith("| Müller 2019")]
    assert len(study_rows) == 2  # the outcome's study table, then the study characteristics
    cells = [c.strip() for c in study_rows[0].strip("|").split(" | ")]
    assert cells[1] == "28/44" and cells[4] == "p. 3" and "**28 of 44**" in cells[5]
    assert "### surgical evacuation" not in text


def test_markdown_cells_cannot_be_split_by_pipes_in_quotes(make_store, tmp_path):
    sentence = "Palsy | weakness\nwas seen in 6 of 12 episodes."
    papers = [Paper("Pipes | in titles", ("Ødegård K",), 2021, (Fig(sentence, "6 of 12", 6, 12),))]
    text = render_markdown(build_report(make_store(papers), ReportOptions(citations=False)))
    rows = [ln for ln in text.splitlines() if ln.startswith("| Ødegård 2021")]
    assert len(rows) == 2
    for row in rows:  # unescaped pipes delimit exactly the header's columns
        header = text.splitlines()[text.splitlines().index(row) - 2]
        assert len(re.split(r"(?<!\\)\|", row)) == len(re.split(r"(?<!\\)\|", header))
    assert "Palsy \\| weakness was seen in **6 of 12** episodes." in rows[0]
    assert "Pipes \\| in titles" in rows[1]


def test_unknown_concept_is_an_error_naming_the_known_ones(db, tmp_path):
    result = CliRunner().invoke(main, ["report", "--db", str(db), "--out", str(tmp_path / "r.html"),
                                       "--concept", "nonsense"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: no figures for concept(s) nonsense; known concepts: ")
    assert not (tmp_path / "r.html").exists()


def test_report_refuses_a_missing_database(tmp_path):
    result = CliRunner().invoke(main, ["report", "--db", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 1
    assert result.output == (f"Error: no corpus database at {tmp_path / 'none.sqlite'}; run 'evidence ingest PATH' "
                             "or 'evidence demo' first, or pass --db\n")


def test_export_csv_has_the_columns_r_reads(db):
    result = CliRunner().invoke(main, ["export", "--db", str(db)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert tuple(rows[0]) == EXPORT_COLUMNS
    assert len(rows) == 8
    assert [(r["study"], r["events"], r["total"], r["unit"], r["page"]) for r in rows[:2]] == [
        ("Müller 2019", "11", "19", "patients", "2"), ("Müller 2019", "28", "44", "episodes", "3")]
    li = next(r for r in rows if r["study"] == "李 2020" and r["concept"] == "femoral neuropathy")
    assert li["page"] == "" and li["subgroup"] == "anticoagulant"  # R reads an empty cell as NA


def test_export_json_to_a_file(db, tmp_path):
    out = tmp_path / "figures.json"
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "json", "--out", str(out),
                                       "--concept", "surgical evacuation"])
    assert result.exit_code == 0 and result.output == f"{out}\n"
    records = json.loads(out.read_text(encoding="utf-8"))
    assert [(r["study"], r["events"], r["total"], r["page"]) for r in records] == [
        ("李 2020", 3, 25, None), ("Smith 2018", 4, 28, 2)]


def test_dataframes_for_notebooks(db):
    with Store(db) as store:
        documents = documents_frame(store)
        figures = figures_frame(store, concept="surgical evacuation")
        pooled = pooled_frame(store, by="subgroup")
        audit = audit_frame(store)
    assert list(documents["label"]) == ["Müller 2019", "Ødegård 2021", "李 2020", "Smith 2018"]
    assert list(documents["n_figures"]) == [2, 2, 2, 2]
    assert list(figures["events"]) == [3, 4] and list(figures["proportion"].round(3)) == [0.12, 0.143]
    overall = pooled[pooled["group"].isna()]
    assert sorted(zip(overall["concept"], overall["unit"], overall["k"])) == [
        ("femoral neuropathy", "episodes", 4), ("femoral neuropathy", "patients", 2), ("surgical evacuation", "episodes", 2)]
    groups = pooled[pooled["group"].notna()]
    assert sorted(groups["group"]) == ["anticoagulant", "haemophilia"]
    assert ((pooled["prop_ci_lb"] <= pooled["prop"]) & (pooled["prop"] <= pooled["prop_ci_ub"])).all()
    assert list(audit["kind"]) == ["subgroup_exceeds_cohort"] and list(audit["study"]) == ["Smith 2018"]
    assert documents_frame(str(db)).shape == documents.shape  # a path works as well as a Store
