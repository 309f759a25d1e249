"""The audit on what the real extractor reads from our test papers (parse, extract, audit).

Each paper lists every defect planted in it. A finding must be one of them (no false alarms),
and the defects whose sentences the extractor reads today must be found. The papers without
defects must give nothing at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence.audit import audit_figures
from extractors.figures import extract_figures
from extractors.parse import ParseOptions, parse_file

DATA = Path(__file__).resolve().parents[1] / "data" / "audit"

# (kind, a piece of the message that pins the numbers) for every planted defect.
PLANTED = {
    "haematoma_series.txt": [
        ("inconsistent_value", "is 16 (57.14%) in the abstract but 18 (64.28%) in the results"),
        ("inconsistent_value", "is 18 (64.28%) in the abstract but 17 (60.71%) in the results"),
        ("percent_count_mismatch", "24/28 = 85.7142...% (85.71), while 46.15% would be 12.92... of 28"),
    ],
    "breakdown_defects.txt": [
        ("breakdown_sum", "male 19 + female 11 = 30 patients, not the 32 in total"),
        ("breakdown_sum", "31.3% + 37.5% + 40.6% = 109.4%"),
        ("events_exceed_total", "in: 34 of 32"),
        ("percent_count_mismatch", "7/32 = 21.875% (21.9), while 28.1% is 9/32"),
        ("percent_mismatch", "15.8% matches no whole count of 32; 5/32 = 15.625% prints as 15.6"),
        ("percent_mismatch", "3/32 = 9.375% truncated, not rounded (9.4)"),
        ("subgroup_exceeds_cohort", "has 36 patients, more than the whole cohort of 32"),
    ],
}

# The planted defects found with the extractor as it reads today; the others sit in sentences
# it does not read yet (listed in the audit's hand-over notes).
FOUND_TODAY = {
    "haematoma_series.txt": [0, 1],
    "breakdown_defects.txt": [2, 3, 4, 5],
}


def _audit(name: str):
    return audit_figures(extract_figures(parse_file(DATA / name, ParseOptions())))


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_every_finding_is_a_planted_defect_and_the_readable_ones_are_found(name):
    findings = _audit(name)
    matched = []
    for item in findings:
        hits = [i for i, (kind, piece) in enumerate(PLANTED[name]) if item.kind == kind and piece in item.message]
        assert hits, f"unplanted finding: {item.kind}: {item.message}"
        matched.extend(hits)
    assert set(FOUND_TODAY[name]) <= set(matched)
    assert len(matched) == len(set(matched)), "a planted defect was reported twice"


@pytest.mark.parametrize("name", ["clean_series.txt", "misread_survey.txt"])
def test_papers_without_defects_give_no_finding(name):
    assert _audit(name) == []
