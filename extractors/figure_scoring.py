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
from extractors.concepts import load_concepts, normalize_text
from extractors.figure_rules import load_figure_rules

__all__ = ["GoldFigure", "GoldSentence", "Score", "concept_ok", "load_corpus_gold", "load_sentence_gold",
           "score_corpus", "score_sentences", "subgroup_ok", "timepoint_ok"]

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
    """Counts behind precision and recall of (events, total, unit), and unit/concept/subgroup/timepoint accuracy."""

    matched: int = 0
    extracted: int = 0
    gold: int = 0
    unit_right: int = 0
    unit_seen: int = 0
    concept_right: int = 0
    concept_seen: int = 0
    subgroup_right: int = 0
    timepoint_right: int = 0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    wrong_fields: list[str] = field(default_factory=list)

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

    @property
    def subgroup_accuracy(self) -> float:
        """Over the same figures as concept accuracy: a gold null wants a null."""
        return self.subgroup_right / self.concept_seen if self.concept_seen else 1.0

    @property
    def timepoint_accuracy(self) -> float:
        return self.timepoint_right / self.concept_seen if self.concept_seen else 1.0


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# Words that carry no meaning of their own in a concept slug or a subgroup phrase.
_FILLER = frozenset("""the a an of in on at among amongst and or to by for who which that had has have were was
is are been be group groups arm arms subgroup cohort""".split())
_NEGATION = frozenset({"without", "no", "non", "not", "never"})


def _stem(word: str) -> str:
    """A crude stem that lets "conservatively treated" meet "conservative treatment"."""
    for suffix, replacement in (("ically", "ical"), ("ly", ""), ("ment", ""), ("ed", ""), ("ies", "y"), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: len(word) - len(suffix)] + replacement
    return word


def _words(text: str, units: frozenset[str] = frozenset()) -> set[str]:
    return {_stem(w) for w in normalize_text(text.replace("_", " ")).split() if w not in _FILLER and w not in units}


def concept_ok(gold: str, found: str, vocabulary: set[str]) -> bool:
    """Whether ``found`` is an acceptable concept for the gold one.

    A vocabulary concept must be equal. For an outcome outside the vocabulary, a vocabulary
    concept is wrong (it would pool unlike outcomes) and the slug must share a content word with
    the gold slug, so a junk slug ("n", "it", "more") is wrong too.
    """
    if gold in vocabulary:
        return found == gold
    return found not in vocabulary and bool(_words(gold) & _words(found))


def subgroup_ok(gold: str | None, found: str | None, units: frozenset[str] = frozenset()) -> bool:
    """Subgroups compare as word sets (see the README): equal, or one contains the other."""
    if gold is None or found is None:
        return gold is None and found is None
    g, f = _words(gold, units), _words(found, units)
    if (g & _NEGATION) != (f & _NEGATION) or not (g & f):
        return False
    return g <= f or f <= g


def timepoint_ok(gold: str | None, found: str | None) -> bool:
    """Timepoints compare lowercased with whitespace collapsed ("6 months", "baseline")."""
    norm = (lambda t: " ".join(t.lower().split()) if t is not None else None)
    return norm(gold) == norm(found)


def _score(score: Score, gold: Sequence[GoldFigure], found: Sequence[CohortFigure],
           located: Callable[[GoldFigure, CohortFigure], bool], label: str) -> None:
    vocabulary = {c.id for c in load_concepts().concepts}
    units = frozenset(load_figure_rules().unit_forms)
    score.gold += len(gold)
    score.extracted += len(found)
    used: set[int] = set()
    for g in gold:
        near = [i for i, f in enumerate(found) if i not in used and located(g, f)]
        same_counts = [i for i in near if (found[i].events, found[i].total) == (g.events, g.total)]
        exact = [i for i in same_counts if found[i].unit == g.unit]
        if same_counts:
            best = found[(exact or same_counts)[0]]
            score.unit_seen += 1
            score.unit_right += bool(exact)
            score.concept_seen += 1
            checks = (("concept", g.concept, best.concept, concept_ok(g.concept, best.concept, vocabulary)),
                      ("subgroup", g.subgroup, best.subgroup, subgroup_ok(g.subgroup, best.subgroup, units)),
                      ("timepoint", g.timepoint, best.timepoint, timepoint_ok(g.timepoint, best.timepoint)))
            score.concept_right += checks[0][3]
            score.subgroup_right += checks[1][3]
            score.timepoint_right += checks[2][3]
            for name, want, got, ok in checks:
                if not ok:
                    score.wrong_fields.append(f"{label}: {g.text!r} {name} want {want!r}, got {got!r}")
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
