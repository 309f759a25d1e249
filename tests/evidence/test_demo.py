"""`evidence demo`: the main job on the bundled example corpus, end to end."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from evidence.cli import main


@pytest.mark.slow
def test_demo_ingests_pools_audits_and_writes_the_report(tmp_path):
    db, out = tmp_path / "demo.sqlite", tmp_path / "outputs" / "report.html"
    runner = CliRunner()
    first = runner.invoke(main, ["demo", "--db", str(db), "--out", str(out), "--quiet", "--jobs", "1"])
    again = runner.invoke(main, ["demo", "--db", str(db), "--out", str(out), "--quiet", "--jobs", "1"])

    assert first.exit_code == 0, first.output
    lines = first.stdout.splitlines()
    assert "ingested 7, skipped 0 already in corpus, failed 0" in lines
    assert "ingested 0, skipped 7 already in corpus, failed 0" in again.stdout.splitlines()
    # Decker 14/36, Solberg 15/24 and Tao 25/28; the review restating Tao is left out
    assert any(line.startswith("  femoral_neuropathy (patients): k=3,") for line in lines)
    assert "Audit: 3 findings in the papers' own numbers; citations:" in first.stdout
    assert lines[-1] == f"Report: {out}" and out.stat().st_size > 50_000

    figures = json.loads(runner.invoke(main, ["figures", "--db", str(db), "--format", "json"]).stdout)
    assert {(f["events"], f["total"], f["unit"]) for f in figures if f["concept"] == "femoral_neuropathy"} >= {
        (28, 44, "episodes"), (25, 28, "patients"), (14, 36, "patients"), (21, 32, "limbs")}
    assert all(f["quote"] and f["source"].startswith("corpus/examples/") for f in figures)
