"""Scoring the figure extractor against the hand-annotated gold sets in ``tests/data/gold/``.

The file formats and the matching rule are documented in ``tests/data/gold/README.md``. The
loaders reject unknown keys, so a misspelt annotation fails loudly instead of being ignored.
Used by ``benchmarks/extraction_quality.py`` and by the gold-set tests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidence.errors import ExtractionError
from evidence.schema import CohortFigure
from extractors.concepts import load_concepts

__all__ = ["GoldFigure", "GoldSentence", "Score", "load_corpus_gold", "load_sentence_gold", "score_corpus",
           "score_sentences"]

_FIGURE_KEYS = {"text", "events", "total", "unit", "concept", "subgroup", "timepoint"}
_REQUIRED = {"text", "events", "total", "unit", "concept"}
_SENTENCE_KEYS = {"doc", "sentence", "context", "figures"}


@dataclass(frozen=True)
class GoldFigure:
    """One annotated figure (see the README for the meaning of each key)."""

    doc: str
    text: str
    events: int
    total: int
    unit: str
    concept: str
    subgroup: str | None = None
    timepoint: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any], doc: str, where: str) -> GoldFigure:
        extra = sorted(set(data) - _FIGURE_KEYS)
        missing = sorted(_REQUIRED - set(data))
        if extra or missing:
            raise ExtractionError(f"{where}: figure keys must be {', '.join(sorted(_FIGURE_KEYS))} "
                                  f"(unknown: {extra or 'none'}; missing: {missing or 'none'})")
        if not (isinstance(data["events"], int) and isinstance(data["total"], int) and 0 <= data["events"] <= data["total"]):
            raise ExtractionError(f"{where}: events and total must be whole numbers with events <= total "
                                  f"(got {data['events']!r}/{data['total']!r})")
        return cls(doc=doc, text=data["text"], events=data["events"], total=data["total"], unit=data["unit"],
                   concept=data["concept"], subgroup=data.get("subgroup"), timepoint=data.get("timepoint"))


@dataclass(frozen=True)
class GoldSentence:
    """A hand-written sentence, the text before it that states the cohort, and its figures."""

    doc: str
    sentence: str
    context: str
    figures: tuple[GoldFigure, ...]

    @property
    def text(self) -> str:
        return f"{self.context} {self.sentence}" if self.context else self.sentence

    @property
    def offset(self) -> int:
        return len(self.context) + 1 if self.context else 0


def _lines(path: Path) -> Iterable[tuple[str, dict[str, Any]]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ExtractionError(f"{where}: not valid JSON ({exc})") from exc
        if not isinstance(data, dict):
            raise ExtractionError(f"{where}: each line must be a JSON object")
        yield where, data


def load_sentence_gold(path: Path) -> list[GoldSentence]:
    """The sentence gold set: one sentence per line with its figures (empty for negatives)."""
    sentences = []
    for where, data in _lines(path):
        extra = sorted(set(data) - _SENTENCE_KEYS)
        if extra or not {"doc", "sentence", "figures"} <= set(data):
            raise ExtractionError(f"{where}: sentence keys must be {', '.join(sorted(_SENTENCE_KEYS))} "
                                  f"(unknown: {extra or 'none'}); doc, sentence and figures are required")
        figures = tuple(GoldFigure.from_dict(f, data["doc"], where) for f in data["figures"])
        for figure in figures:
            if figure.text not in data["sentence"]:
                raise ExtractionError(f"{where}: figure text {figure.text!r} does not occur in the sentence")
        sentences.append(GoldSentence(data["doc"], data["sentence"], data.get("context", ""), figures))
    return sentences


def load_corpus_gold(path: Path) -> list[GoldFigure]:
    """The example-corpus gold set: one figure per line, with the file name in ``doc``."""
    figures = []
    for where, data in _lines(path):
        if "doc" not in data:
            raise ExtractionError(f"{where}: every figure needs 'doc', the file name of its paper")
        doc = data.pop("doc")
        figures.append(GoldFigure.from_dict(data, doc, where))
    return figures


@dataclass
class Score:
    """Counts behind precision and recall of (events, total, unit), and unit/concept accuracy."""

    matched: int = 0
    extracted: int = 0
    gold: int = 0
    unit_right: int = 0
    unit_seen: int = 0
    concept_right: int = 0
    concept_seen: int = 0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def unit_accuracy(self) -> float:
        return self.unit_right / self.unit_seen if self.unit_seen else 1.0

    @property
    def concept_accuracy(self) -> float:
        return self.concept_right / self.concept_seen if self.concept_seen else 1.0


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _concept_ok(gold: str, found: str, vocabulary: set[str]) -> bool:
    # Outside the vocabulary any slug is acceptable; a vocabulary concept on such an outcome is
    # the one error that matters ("never a wrong concept").
    return found == gold if gold in vocabulary else found not in vocabulary


def _score(score: Score, gold: Sequence[GoldFigure], found: Sequence[CohortFigure],
           located: Callable[[GoldFigure, CohortFigure], bool], label: str) -> None:
    vocabulary = {c.id for c in load_concepts().concepts}
    score.gold += len(gold)
    score.extracted += len(found)
    used: set[int] = set()
    for g in gold:
        near = [i for i, f in enumerate(found) if i not in used and located(g, f)]
        same_counts = [i for i in near if (found[i].events, found[i].total) == (g.events, g.total)]
        exact = [i for i in same_counts if found[i].unit == g.unit]
        if same_counts:
            score.unit_seen += 1
            score.unit_right += bool(exact)
            score.concept_seen += 1
            score.concept_right += _concept_ok(g.concept, found[(exact or same_counts)[0]].concept, vocabulary)
        if exact:
            score.matched += 1
            used.add(exact[0])
        else:
            got = ", ".join(f"{found[i].events}/{found[i].total} {found[i].unit}" for i in near) or "nothing"
            score.misses.append(f"{label}: {g.text!r} want {g.events}/{g.total} {g.unit}, got {got}")
    for i, f in enumerate(found):
        if i not in used:
            score.false_positives.append(f"{label}: {f.events}/{f.total} {f.unit} {f.outcome!r} [{f.rule}] in {_squash(f.quote)[:120]!r}")


def score_sentences(sentences: Sequence[GoldSentence],
                    extract: Callable[[str], Sequence[CohortFigure]]) -> Score:
    """Score ``extract`` (text -> figures) on the sentence gold; figures in the context are ignored."""
    score = Score()
    for item in sentences:
        text, offset = item.text, item.offset
        found = [f for f in extract(text) if f.start >= offset]

        def located(g: GoldFigure, f: CohortFigure, text: str = text, offset: int = offset) -> bool:
            at = text.find(g.text, offset)
            return f.start < at + len(g.text) and at < max(f.end, f.start + 1)

        _score(score, item.figures, found, located, item.doc)
    return score


def score_corpus(gold: Sequence[GoldFigure], found_by_doc: dict[str, Sequence[CohortFigure]]) -> Score:
    """Score the figures read from each example paper; documents without gold lines are skipped."""
    score = Score()
    docs = sorted({g.doc for g in gold})
    for doc in docs:
        found = list(found_by_doc.get(doc, ()))
        _score(score, [g for g in gold if g.doc == doc], found,
               lambda g, f: _squash(g.text) in _squash(f.quote), doc)
    return score
