"""The citation rule data (``extractors/rules/citations.json``), loaded and validated.

Word lists, not code, decide what a reference-list heading is, which capitalised words cannot be
an author in "(Smith, 2019)", which words before "(12)" make it something other than a citation,
which units a superscript number may follow, and which lines ("How to cite this article ...",
"Copyright ...", "Received ...") name a paper without citing it. A malformed file fails loudly with :class:`ExtractionError` naming the key.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from evidence.errors import ExtractionError
from extractors.rule_files import check_keys, read_json_rules

__all__ = ["CitationRules", "RULES_PATH", "load_rules"]

RULES_PATH = Path(__file__).parent / "rules" / "citations.json"
# Lists matched as prefixes or substrings, kept as tuples (``str.startswith`` takes one).
_ORDERED = frozenset({"unit_before_superscript", "not_citation_line_starts", "not_citation_line_phrases"})


@dataclass(frozen=True)
class CitationRules:
    """Word lists the citation extractors consult; every list is stored case-folded."""

    id: str
    reference_headings: frozenset[str]
    reference_keywords: frozenset[str]
    not_author_words: frozenset[str]
    not_citation_before: frozenset[str]
    unit_before_superscript: tuple[str, ...]
    # A line opening with one of these, or holding one of the phrases, is front or margin matter.
    not_citation_line_starts: tuple[str, ...]
    not_citation_line_phrases: tuple[str, ...]

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, origin: str = "citation rules") -> CitationRules:
        expected = [f.name for f in fields(cls)]
        check_keys(data, expected, origin, required=expected)
        if not isinstance(data["id"], str) or not data["id"]:
            raise ExtractionError(f"{origin}: 'id' must be a non-empty string (got {data['id']!r})")
        lists: dict[str, Any] = {}
        for key in expected[1:]:
            value = data[key]
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise ExtractionError(f"{origin}: {key!r} must be a list of non-empty strings (got {value!r})")
            folded = [v.casefold() for v in value]
            lists[key] = tuple(folded) if key in _ORDERED else frozenset(folded)
        return cls(id=data["id"], **lists)


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_PATH) -> CitationRules:
    """Read and validate a citation rule file (the bundled one by default)."""
    return CitationRules.from_dict(read_json_rules(Path(path)), origin=str(path))
