"""The evidence pool command on a CSV (no corpus needed)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from evidence.cli import main

FEMORAL = Path(__file__).resolve().parents[1] / "data" / "metaprop" / "clinical_femoral.csv"


def test_pool_csv_text():
    result = CliRunner().invoke(main, ["pool", "--input", str(FEMORAL), "--method", "DL"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "input [studies]  k=2  PLO DL test=z"
    assert lines[1].startswith("  pooled proportion 77.8%  95% CI ")
    assert "    Li 2023: 25/28 = 89.3% (71.8% to 97.7%), weight " in result.output
    assert "  warning: only 2 studies: the pooled estimate and its heterogeneity are fragile" in lines


def test_pool_csv_json():
    result = CliRunner().invoke(main, ["pool", "--input", str(FEMORAL), "--method", "DL", "--format", "json"])
    payload = json.loads(result.output)
    assert payload[0]["pooled"]["k"] == 2
    assert abs(payload[0]["pooled"]["prop"] - 0.7776107891218063) < 1e-12


def test_pool_bad_csv_is_one_line_error(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("study,events,total\nLi,30,28\n")
    result = CliRunner().invoke(main, ["pool", "--input", str(bad)])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {bad}, line 2: need 0 <= events <= total and total >= 1 (got 30/28)"
