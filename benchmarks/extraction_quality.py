"""Precision and recall of the cohort-figure extractor on the hand-annotated gold sets.

Prints, for ``tests/data/gold/sentences.jsonl`` and (when it exists, with its papers built in
``corpus/examples/``) ``tests/data/gold/example_corpus.jsonl``: precision and recall of
(events, total, unit), then unit, concept, subgroup and timepoint accuracy over the gold figures
whose counts were found, then every miss, false positive and wrong field.

    python benchmarks/extraction_quality.py [--quiet]
"""

from __future__ import annotations

import sys
from pathlib import Path

from extractors.figure_scoring import Score, load_corpus_gold, load_sentence_gold, score_corpus, score_sentences
from extractors.figures import extract_figures, extract_figures_from_text

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "gold"
EXAMPLES = ROOT / "corpus" / "examples"


def report(name: str, score: Score, *, quiet: bool) -> None:
    print(f"{name}: precision {score.precision:.3f} ({score.matched}/{score.extracted})  "
          f"recall {score.recall:.3f} ({score.matched}/{score.gold})  "
          f"unit {score.unit_accuracy:.3f}  concept {score.concept_accuracy:.3f}  "
          f"subgroup {score.subgroup_accuracy:.3f}  timepoint {score.timepoint_accuracy:.3f} "
          f"(of {score.concept_seen})")
    if not quiet:
        for line in score.misses:
            print(f"  miss  {line}")
        for line in score.false_positives:
            print(f"  extra {line}")
        for line in score.wrong_fields:
            print(f"  field {line}")


def corpus_score() -> Score | None:
    gold_path = GOLD / "example_corpus.jsonl"
    if not gold_path.exists() or not EXAMPLES.is_dir():
        return None
    from extractors.parse import parse_file

    gold = load_corpus_gold(gold_path)
    found = {}
    for name in sorted({g.doc for g in gold}):
        path = EXAMPLES / name
        found[name] = extract_figures(parse_file(path)) if path.exists() else ()
    return score_corpus(gold, found)


def main(argv: list[str]) -> int:
    quiet = "--quiet" in argv
    report("sentences.jsonl", score_sentences(load_sentence_gold(GOLD / "sentences.jsonl"), extract_figures_from_text),
           quiet=quiet)
    corpus = corpus_score()
    if corpus is None:
        print("example_corpus.jsonl: not available yet (needs the gold file and corpus/examples/)")
    else:
        report("example_corpus.jsonl", corpus, quiet=quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
