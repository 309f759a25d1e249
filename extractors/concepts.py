"""Outcome phrase -> concept id, from the vocabulary in ``extractors/rules/concepts.json``.

"Femoral nerve palsy", "femoral neuropathy" and "femoral nerve compression" must pool as one
outcome, and "haemophilia" must meet "hemophilia". Phrase and vocabulary terms are compared
after :func:`normalize_text` folds spelling variants (haem/hem, oe/e, -isation/-ization) and
punctuation; the longest term found in the phrase decides. A phrase that contains no term keeps
a slug of its own words, singular and without numbers or filler words ("Bilateral haematomas"
-> ``bilateral_hematoma``), so an unknown outcome is never filed under a wrong concept.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from evidence.errors import ExtractionError
from extractors.rule_files import check_keys, read_json_rules, require_unique_ids

__all__ = [
    "BARE_LABELS",
    "JUNK_SLUGS",
    "UNSPECIFIED",
    "Concept",
    "ConceptVocabulary",
    "is_junk_concept",
    "load_concepts",
    "normalize_concept",
    "normalize_text",
    "singular",
    "slugify",
]

UNSPECIFIED = "unspecified"
_FILE = "concepts.json"
_CONCEPT_KEYS = {"id", "label", "terms", "exclude"}
_REQUIRED_CONCEPT_KEYS = {"id", "label", "terms"}
_FILE_KEYS = {"version", "concepts"}
_ID = re.compile(r"[a-z][a-z0-9_]*")
_SPELLING = (
    (re.compile(r"ae"), "e"),
    (re.compile(r"oe"), "e"),
    (re.compile(r"isation"), "ization"),
    (re.compile(r"(?<=[a-z])is(e|ed|es|ing)\b"), r"iz\1"),
    (re.compile(r"(?<=[a-z])ys(e|ed|es|ing)\b"), r"yz\1"),
    (re.compile(r"(?<=[a-z]{3})ies\b"), "y"),
)
_NON_WORD = re.compile(r"[^a-z0-9]+")
_LEADING_FILLER = re.compile(r"^(?:(?:the|a|an|of|with|had|have|has|were|was|a history of)\s+)+")
_SLUG_WORDS = 8
# Words a slug never keeps at its ends, and auxiliaries it never keeps anywhere.
_EDGE_WORDS = frozenset("the a an of with and or in on at to for by from as had have has were was is are been be "
                        "who which that than".split())
_AUXILIARIES = frozenset("was were is are been be had has have".split())
# Words ending in -s that are singular already.
_SINGULAR_S = frozenset("""diabetes herpes rabies measles mumps series species scabies lens news mellitus biceps triceps
quadriceps forceps ascites pancreas aids gas bus plus thus iris pubis pelvis""".split())
_SINGULAR_END = re.compile(r"(?:ss|us|is|ous|ics)$")


def normalize_text(text: str) -> str:
    """Lowercase, fold British/American spelling, and reduce punctuation to single spaces."""
    folded = text.lower()
    for pattern, replacement in _SPELLING:
        folded = pattern.sub(replacement, folded)
    return _NON_WORD.sub(" ", folded).strip()


def singular(word: str) -> str:
    """The singular of a lowercased English noun, by rule: "haematomas" -> "haematoma", "causes" -> "cause"."""
    if len(word) <= 4 or word in _SINGULAR_S or _SINGULAR_END.search(word) or not word.endswith("s"):
        return word
    if word.endswith("aches") and not word.endswith(("oaches", "eaches")):
        # "headaches" -> "headache", while "approaches" -> "approach", "breaches" -> "breach".
        return word[:-1]
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    return word[:-1]


# Slugs that name no outcome: a quantifier, a pointer, a list word, a bare table label.
JUNK_SLUGS = frozenset("""most many some several few all none no yes other others rest remaining total it this that these
those they them followed n""".split())
# Bare table row labels that name an outcome only with their row group ("Race: Other", "Smoker: No").
BARE_LABELS = frozenset("other others total no yes none unknown missing".split())


def is_junk_concept(concept: str) -> bool:
    """Whether a concept id is a word that names no outcome ("most", "other", "it", "n")."""
    return concept in JUNK_SLUGS


def slugify(phrase: str) -> str:
    """A concept-like id made from a phrase's own words: "Deep-vein thrombosis" -> "deep_vein_thrombosis".

    Numbers and auxiliaries are dropped, filler words trimmed from both ends, and each word made
    singular, so "other or unknown causes" and "other or unknown cause" share one slug.
    """
    words = [w for w in _LEADING_FILLER.sub("", normalize_text(phrase)).split()
             if not w.isdigit() and w not in _AUXILIARIES]
    while words and words[0] in _EDGE_WORDS:
        words.pop(0)
    # A final "a" is a label ("haemophilia A"), not an article.
    while words and words[-1] in _EDGE_WORDS and words[-1] != "a":
        words.pop()
    return "_".join(singular(w) for w in words[:_SLUG_WORDS]) or UNSPECIFIED


@dataclass(frozen=True)
class Concept:
    """A normalized outcome, the terms that name it, and phrases that only look like it.

    ``exclude`` guards a short term against a longer phrase that means something else
    ("MAO-B inhibitors" are drugs, not the clotting-factor inhibitors of haemophilia).
    """

    id: str
    label: str
    terms: tuple[str, ...]
    exclude: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Concept:
        if not isinstance(data, dict):
            raise ExtractionError(f"{_FILE}: every concept must be an object (got {data!r})")
        name = data.get("id", "<no id>")
        check_keys(data, _CONCEPT_KEYS, f"{_FILE} concept {name!r}", required=_REQUIRED_CONCEPT_KEYS)
        if not isinstance(name, str) or not _ID.fullmatch(name):
            raise ExtractionError(f"{_FILE}: concept id must be lowercase letters, digits and '_' (got {name!r})")
        terms = data["terms"]
        if not isinstance(terms, list) or not terms or not all(isinstance(t, str) and normalize_text(t) for t in terms):
            raise ExtractionError(f"{_FILE} concept {name!r}: 'terms' must be a non-empty list of words (got {terms!r})")
        exclude = data.get("exclude", [])
        if not isinstance(exclude, list) or not all(isinstance(t, str) and normalize_text(t) for t in exclude):
            raise ExtractionError(f"{_FILE} concept {name!r}: 'exclude' must be a list of phrases (got {exclude!r})")
        return cls(id=name, label=str(data["label"]), terms=tuple(terms), exclude=tuple(exclude))


@dataclass(frozen=True)
class ConceptVocabulary:
    """All concepts, with one compiled matcher over every normalized term."""

    version: str
    concepts: tuple[Concept, ...]

    def __post_init__(self) -> None:
        require_unique_ids([c.id for c in self.concepts], _FILE, "concept")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ConceptVocabulary:
        check_keys(data, _FILE_KEYS, _FILE)
        if not isinstance(data.get("concepts"), list):
            raise ExtractionError(f"{_FILE}: 'concepts' must be a list of concept objects")
        return cls(version=str(data.get("version", "")), concepts=tuple(Concept.from_dict(c) for c in data["concepts"]))

    @functools.cached_property
    def _matcher(self) -> tuple[re.Pattern[str], dict[str, str]]:
        owner: dict[str, str] = {}
        for concept in self.concepts:
            for term in concept.terms:
                # The first concept to claim a term keeps it, so the file order settles overlaps.
                owner.setdefault(normalize_text(term), concept.id)
        # A plural ending only after a real word: "haemophilia as" is not "haemophilia A" twice.
        ordered = sorted(owner, key=len, reverse=True)
        alternation = "|".join(re.escape(t) + ("(?:s|es)?" if len(t.split()[-1]) > 2 else "") for t in ordered)
        return re.compile(rf"\b({alternation})\b"), owner

    @functools.cached_property
    def _excluded(self) -> dict[str, tuple[str, ...]]:
        return {c.id: tuple(normalize_text(e) for e in c.exclude) for c in self.concepts if c.exclude}

    @staticmethod
    def _term(matched: str, owner: dict[str, str]) -> str:
        if matched in owner:
            return matched
        return matched[:-2] if matched[:-2] in owner and matched.endswith("es") else matched[:-1]

    def match(self, phrase: str) -> str | None:
        """The concept id named in ``phrase`` (longest term wins), or None."""
        pattern, owner = self._matcher
        text = normalize_text(phrase)
        excluded = self._excluded
        found = [term for term in (self._term(m[1], owner) for m in pattern.finditer(text))
                 if not any(re.search(rf"\b{re.escape(e)}", text) for e in excluded.get(owner[term], ()))]
        if not found:
            return None
        order = {c.id: i for i, c in enumerate(self.concepts)}
        best = max(found, key=lambda term: (len(term), -order[owner[term]]))
        return owner[best]


@functools.cache
def load_concepts() -> ConceptVocabulary:
    """The packaged vocabulary, loaded once per process."""
    data = read_json_rules(resources.files("extractors").joinpath("rules", _FILE), _FILE)
    return ConceptVocabulary.from_dict(data)


def normalize_concept(phrase: str) -> str:
    """The concept id of an outcome phrase, or a slug of the phrase when no concept names it."""
    return load_concepts().match(phrase) or slugify(phrase)
