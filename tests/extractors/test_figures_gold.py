"""Precision and recall of (events, total, unit), and concept accuracy, on the hand-annotated gold sets.

The thresholds are the issue's targets; concept accuracy is held to the same 0.90 on both sets
(a wrong concept pools unlike outcomes). Subgroup and timepoint accuracy are measured and
printed by ``benchmarks/extraction_quality.py``; here they must not fall below a floor. The example-corpus set needs the example papers in
``corpus/examples/``; it is skipped, saying so, until they are built.
"""

from __future__ import annotations

from pathlib import Path


from extractors.figure_scoring import load_corpus_gold, load_sentence_gold, score_corpus, score_sentences
from extractors.figures import extract_figures, extract_figures_from_text

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "data" / "gold"
EXAMPLES = ROOT / "corpus" / "examples"
# The target for unseen papers; the development sets must reach at least that.
TARGET = 0.90
# Subgroup and timepoint accuracy reached 0.95 or more on both sets when they were first scored;
# the floor catches a regression without pinning the exact numbers.
FIELD_FLOOR = 0.90


def test_sentence_gold_set_is_large_and_has_hard_negatives():
    sentences = load_sentence_gold(GOLD / "sentences.jsonl")
    assert len(sentences) >= 120
    assert sum(1 for s in sentences if not s.figures) >= 40


def _assert_meets_targets(score) -> None:
    assert score.precision >= TARGET, score.false_positives
    assert score.recall >= TARGET, score.misses
    assert score.unit_accuracy >= 0.95
    assert score.concept_accuracy >= TARGET, score.wrong_fields
    assert score.subgroup_accuracy >= FIELD_FLOOR, score.wrong_fields
    assert score.timepoint_accuracy >= FIELD_FLOOR, score.wrong_fields


def test_sentence_gold_precision_and_recall():
    score = score_sentences(load_sentence_gold(GOLD / "sentences.jsonl"), extract_figures_from_text)
    _assert_meets_targets(score)


def test_example_corpus_gold_precision_and_recall():
    from extractors.parse import parse_file

    gold = load_corpus_gold(GOLD / "example_corpus.jsonl")
    # the example papers are committed: a renamed or missing one must fail, not skip
    assert sorted({g.doc for g in gold if not (EXAMPLES / g.doc).exists()}) == []
    found = {name: extract_figures(parse_file(EXAMPLES / name)) for name in sorted({g.doc for g in gold})}
    score = score_corpus(gold, found)
    _assert_meets_targets(score)


def test_field_comparisons_follow_the_readme():
    from extractors.figure_scoring import concept_ok, subgroup_ok, timepoint_ok

    vocabulary = {"femoral_neuropathy"}
    assert concept_ok("femoral_neuropathy", "femoral_neuropathy", vocabulary)
    assert not concept_ok("bilateral_haematoma", "femoral_neuropathy", vocabulary)
    assert concept_ok("bilateral_haematoma", "bilateral_hematoma", vocabulary)
    assert not concept_ok("severe_haemophilia", "n", vocabulary)
    assert subgroup_ok("conservative treatment", "Conservative")
    assert subgroup_ok("conservative treatment", "conservatively treated patients", frozenset({"patients"}))
    assert not subgroup_ok("patients with inhibitors", "patients without inhibitors")
    assert not subgroup_ok(None, "n (%")
    assert timepoint_ok("6 months", " 6  Months") and not timepoint_ok(None, "admission")
