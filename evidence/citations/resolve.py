"""Decide which work a reference-list entry names: an ingested document, or an outside work.

A reference resolves to an ingested document by DOI or PMID first; failing that, by a fuzzy
title match (rapidfuzz) among candidates that share the first author's family name or one of the
title's rarest words, with compatible years. Candidates come from dictionary lookups (blocking),
so resolution costs a few comparisons per reference, never one per document. References to
works outside the corpus are merged the same way, so a work cited by three papers is one node.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from evidence.schema import DocumentRecord, ReferenceEntry

__all__ = ["DocumentIndex", "OutsideWorks", "Resolution", "WorkKey", "family_of", "normalize_title",
           "same_work"]

# Token-sort similarity (0-100) above which two titles of compatible year and first author are
# the same work: high enough that "... in adults" vs "... in children" (about 85) stay apart,
# low enough to absorb a hyphenation slip or a dropped subtitle word (about 92-96).
TITLE_MATCH = 90.0
# With a first-author disagreement (a corporate author, a misread name) only a near-identical
# title is trusted.
TITLE_ONLY_MATCH = 97.0
# When the entry's title could not be parsed, the document title must appear almost verbatim
# inside the entry's text.
PARTIAL_MATCH = 95.0
# A title whose words are all in the other title (a dropped subtitle or word) names the same work
# when the first authors agree and it has at least this many words.
SUBSET_MIN_WORDS = 4
# Years may differ by one: online-first versus issue year.
YEAR_SLACK = 1
# Blocking looks a reference up under this many of its rarest title words, and keeps the works
# that share at least SHARED_RARE_TOKENS of them: a typo or a dropped word still leaves two.
RARE_TOKENS = 4
SHARED_RARE_TOKENS = 2

_STOPWORDS = frozenset("""
a an and are as at be by for from in into is of on or the to with without versus vs its their after
before during among between patients patient study studies trial review analysis case cases report
""".split())


def normalize_title(title: str | None) -> str:
    """Lower case, no accents, no punctuation, single spaces."""
    if not title:
        return ""
    if title.isascii():
        ascii_text = title.casefold()
    else:
        decomposed = unicodedata.normalize("NFKD", title)
        ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    ascii_text = re.sub(r"(?<=[a-z])[-‐‑–](?=[a-z])", "", ascii_text)  # "multi-centre" = "multicentre"
    return " ".join(re.findall(r"[a-z0-9]+", ascii_text))


def family_of(name: str | None) -> str:
    """The folded family name in 'Decker JA', 'Decker, J. A.' or 'Jane A. Decker'."""
    if not name:
        return ""
    name = name.strip()
    if "," in name:
        family = name.split(",", 1)[0]
    else:
        parts = name.split()
        if len(parts) > 1 and re.fullmatch(r"(?:[A-Z]\.?-?){1,4}", parts[-1]):
            family = " ".join(parts[:-1])
        else:
            family = parts[-1] if parts else ""
    return normalize_title(family).replace(" ", "")


def _tokens(normalized: str) -> list[str]:
    return [t for t in normalized.split() if len(t) >= 4 and t not in _STOPWORDS and not t.isdigit()]


@dataclass(frozen=True)
class WorkKey:
    """What resolution compares: identifiers, normalized title, year and first-author family."""

    doi: str | None
    pmid: str | None
    title: str
    year: int | None
    family: str
    text: str = ""

    @classmethod
    def of_reference(cls, ref: ReferenceEntry) -> WorkKey:
        first = ref.authors[0] if ref.authors else None
        title = normalize_title(ref.title)
        # The whole entry text is only compared when no title could be read from it.
        return cls(doi=_doi(ref.doi), pmid=ref.pmid, title=title, year=ref.year,
                   family=family_of(first), text="" if title else normalize_title(ref.text))

    @classmethod
    def of_document(cls, doc: DocumentRecord) -> WorkKey:
        return cls(doi=_doi(doc.doi), pmid=doc.pmid, title=normalize_title(doc.title), year=doc.year,
                   family=family_of(doc.first_author))


def _doi(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip().casefold()
    value = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", value)
    return value.rstrip(".,;") or None


def _years_compatible(a: int | None, b: int | None) -> bool:
    return a is None or b is None or abs(a - b) <= YEAR_SLACK


def _one_contains_the_other(a: str, b: str) -> bool:
    shorter, longer = sorted((set(a.split()), set(b.split())), key=len)
    return len(shorter) >= SUBSET_MIN_WORDS and shorter <= longer


def same_work(ref: WorkKey, work: WorkKey) -> float:
    """How surely ``ref`` names ``work`` (0 = not at all, else the title similarity)."""
    if ref.doi and work.doi:
        return 100.0 if ref.doi == work.doi else 0.0
    if ref.pmid and work.pmid:
        return 100.0 if ref.pmid == work.pmid else 0.0
    if not work.title or not _years_compatible(ref.year, work.year):
        return 0.0
    authors_agree = not ref.family or not work.family or ref.family == work.family
    if ref.title:
        score = max(fuzz.ratio(ref.title, work.title), fuzz.token_sort_ratio(ref.title, work.title))
        if score >= TITLE_ONLY_MATCH or (authors_agree and score >= TITLE_MATCH):
            return score
        if ref.family and ref.family == work.family and _one_contains_the_other(ref.title, work.title):
            return TITLE_MATCH  # a dropped subtitle or word, with the same first author
        return 0.0
    if authors_agree and ref.family and ref.year is not None and len(work.title) >= 20:
        score = fuzz.partial_ratio(work.title, ref.text)
        return score if score >= PARTIAL_MATCH else 0.0
    return 0.0


@dataclass(frozen=True)
class Resolution:
    """A reference resolved to document ``document`` by ``method`` ('doi', 'pmid' or 'title')."""

    document: int
    method: str


class _Blocks:
    """Posting lists of work positions by first-author family and by title word, each also by year.

    A reference is compared only with works that share its first author's family name or, when
    none of those matches, at least :data:`SHARED_RARE_TOKENS` of its rarest title words, within
    the year slack.
    """

    def __init__(self) -> None:
        self.by_family: dict[tuple[str, int | None], list[int]] = defaultdict(list)
        self.by_token: dict[tuple[str, int | None], list[int]] = defaultdict(list)
        self.family_any: dict[str, list[int]] = defaultdict(list)
        self.token_any: dict[str, list[int]] = defaultdict(list)
        self.df: Counter[str] = Counter()

    def add(self, position: int, key: WorkKey) -> None:
        if key.family:
            self.by_family[(key.family, key.year)].append(position)
            self.family_any[key.family].append(position)
        tokens = set(_tokens(key.title))
        for token in tokens:
            self.by_token[(token, key.year)].append(position)
            self.token_any[token].append(position)
        self.df.update(tokens)

    def _postings(self, index: dict, any_year: dict, value: str, year: int | None) -> list[list[int]]:
        if year is None:
            return [any_year.get(value, [])]
        years = [*range(year - YEAR_SLACK, year + YEAR_SLACK + 1), None]
        return [index.get((value, y), []) for y in years]

    def by_author(self, key: WorkKey) -> list[int]:
        """Works by the same first author within the year slack: a handful, tried first."""
        if not key.family:
            return []
        return sorted({p for posting in self._postings(self.by_family, self.family_any, key.family, key.year)
                       for p in posting})

    def by_title(self, key: WorkKey) -> list[int]:
        """Works sharing enough of the title's rarest words, for a misread or missing author."""
        words = set(_tokens(key.title or key.text))
        rare = sorted((w for w in words if w in self.df), key=lambda w: (self.df[w], w))[:RARE_TOKENS]
        hits: Counter[int] = Counter()
        for word in rare:
            for posting in self._postings(self.by_token, self.token_any, word, key.year):
                hits.update(posting)
        needed = min(SHARED_RARE_TOKENS, len(rare))
        return sorted(p for p, count in hits.items() if count >= needed)

    def best(self, key: WorkKey, keys: Sequence[WorkKey]) -> int | None:
        """The position of the work ``key`` names, looking among the same author's works first."""
        tried: set[int] = set()
        for candidates in (self.by_author, self.by_title):
            best: tuple[float, int] | None = None
            for position in candidates(key):
                if position in tried:
                    continue
                tried.add(position)
                score = same_work(key, keys[position])
                if score and (best is None or score > best[0]):
                    best = (score, position)
            if best is not None:
                return best[1]
        return None


class DocumentIndex:
    """The ingested documents, ready to resolve references against."""

    def __init__(self, documents: Sequence[DocumentRecord]) -> None:
        self._ids = [d.id for d in documents]
        self._keys = [WorkKey.of_document(d) for d in documents]
        self._by_doi = {k.doi: d.id for d, k in zip(documents, self._keys) if k.doi}
        self._by_pmid = {k.pmid: d.id for d, k in zip(documents, self._keys) if k.pmid}
        self._blocks = _Blocks()
        for position, key in enumerate(self._keys):
            self._blocks.add(position, key)

    def resolve(self, ref: ReferenceEntry | WorkKey) -> Resolution | None:
        key = ref if isinstance(ref, WorkKey) else WorkKey.of_reference(ref)
        if key.doi and key.doi in self._by_doi:
            return Resolution(self._by_doi[key.doi], "doi")
        if key.pmid and key.pmid in self._by_pmid:
            return Resolution(self._by_pmid[key.pmid], "pmid")
        position = self._blocks.best(key, self._keys)
        return Resolution(self._ids[position], "title") if position is not None else None


class OutsideWorks:
    """Works known only from references, merged across citing papers as they arrive."""

    def __init__(self) -> None:
        self._keys: list[WorkKey] = []
        self._ids: list[str] = []
        self._by_doi: dict[str, int] = {}
        self._by_pmid: dict[str, int] = {}
        self._by_text: dict[str, int] = {}
        self._taken: set[str] = set()
        self._blocks = _Blocks()

    def node_for(self, ref: ReferenceEntry, key: WorkKey | None = None) -> tuple[str, bool]:
        """The node id of the outside work ``ref`` (whose ``key`` may be given) names, and whether it is new."""
        key = key or WorkKey.of_reference(ref)
        position = self._find(key)
        if position is not None:
            return self._ids[position], False
        position = len(self._keys)
        node = f"ext:{self._slug(key)}"
        while node in self._taken:
            node = f"{node}+"
        self._taken.add(node)
        self._keys.append(key)
        self._ids.append(node)
        if key.doi:
            self._by_doi[key.doi] = position
        if key.pmid:
            self._by_pmid[key.pmid] = position
        if not key.title and key.text:
            self._by_text.setdefault(key.text, position)
        self._blocks.add(position, key)
        return node, True

    def _find(self, key: WorkKey) -> int | None:
        if key.doi and key.doi in self._by_doi:
            return self._by_doi[key.doi]
        if key.pmid and key.pmid in self._by_pmid:
            return self._by_pmid[key.pmid]
        if not key.title:
            # Without a parsed title only the same printed text is safely the same work.
            return self._by_text.get(key.text)
        return self._blocks.best(key, self._keys)

    @staticmethod
    def _slug(key: WorkKey) -> str:
        if key.doi:
            return f"doi:{key.doi}"
        if key.pmid:
            return f"pmid:{key.pmid}"
        words = (key.title or key.text).split()[:5]
        return "-".join([key.family or "anon", str(key.year or "nd")] + words)
