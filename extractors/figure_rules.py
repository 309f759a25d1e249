"""The cohort-figure rules, read from ``extractors/rules/figures.json`` and validated.

A rule is a regular expression with named groups (``ev`` events, ``tot`` total, ``pct`` the
printed percentage, ``unit``, ...) and a family that says how those groups become a figure.
Patterns are written with placeholders that this module expands from the vocabularies of the
same file, so a new unit noun or number word is one line of JSON, not a regex edit:

    {NUM}   a count in digits ("28", "1,855"), never a decimal or part of a date
    {DEN}   the total after a slash ("44" in "28/44")
    {COUNT} a count in digits or words ("eleven", "Twenty-eight")
    {PCT}   the number of a percentage ("89.28")
    {UNIT}  a unit noun, singular or plural ("patient", "episodes")
    {VERB}  a verb that introduces an outcome ("developed", "presented with")
    {STRONG} a verb that makes a bare number a count of units ("9 underwent embolization")
    {ZERO}  an outcome that "no ..." can deny ("deaths", "recurrence")
    {ITEM}  one count of a "respectively" list, with an optional bracketed percentage

Two optional keys spare a sentence a pattern that cannot match it: ``requires``, literals of
which the sentence (lower case) must hold one, and ``prefilter``, a quick regular expression it
must hold. Both must be true of every text the pattern matches; the tests check that.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from collections.abc import Iterator
from typing import Any

from evidence.errors import ExtractionError
from extractors.rule_files import check_keys, read_json_rules, require_unique_ids

__all__ = ["FAMILIES", "FigureRule", "FigureRules", "literal_form", "load_figure_rules"]

FAMILIES = ("explicit", "inferred", "pair", "letter_list", "respectively", "zero", "percent_only", "percent_list",
            "arm_list", "cohort")
_RULE_KEYS = {"id", "family", "description", "pattern", "requires", "prefilter"}
_REQUIRED_RULE_KEYS = _RULE_KEYS - {"requires", "prefilter"}
_FILE_KEYS = {"version", "number_words", "units", "outcome_verbs", "verbs_kept_in_outcome", "strong_verbs",
              "zero_outcomes", "rules", "cohort_rules"}
_PLACEHOLDER = re.compile(r"\{([A-Z]+)\}")
# A pattern that, after zero-width assertions, opens with a named number group: its matches
# start where a number starts (see ``FigureRules.number_starts``).
_LEADING_NUMBER = re.compile(r"^(?P<assertions>(?:\(\?<?[=!](?:[^()]|\([^()]*\))*\))*)"
                             r"\(\?P<\w+>\{(?P<macro>COUNT|NUM|DEN|PCT|ITEM)\}")
_RULES_FILE = "figures.json"


def _alternation(words: list[str]) -> str:
    # Longest first, so "presented with" wins over "presented".
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)) + ")"


# The letters that a case-insensitive pattern equates with an ASCII letter although lower()
# does not turn them into it: dotted and dotless I, and the long s.
_TO_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def _starts_at_number(pattern: str) -> bool:
    """Whether every match of ``pattern`` (unexpanded) starts where a run of digits or a number
    word starts. The count macros refuse to start inside a word or a run of digits; {PCT} does
    not, so a pattern opening with it qualifies only when it says so with ``(?<![\\d.])``."""
    opening = _LEADING_NUMBER.match(pattern)
    return opening is not None and (opening["macro"] != "PCT" or r"(?<![\d.])" in opening["assertions"])


def literal_form(text: str) -> str:
    """``text`` in lower case, as :meth:`FigureRule.applies` looks for literals in it: every
    letter that the patterns (case-insensitive) read as an ASCII letter is that letter."""
    return text.lower() if text.isascii() else text.translate(_TO_ASCII).lower()


@dataclass(frozen=True)
class FigureRule:
    """One pattern and the family that reads its groups."""

    id: str
    family: str
    description: str
    regex: re.Pattern[str]
    requires: tuple[str, ...] = ()
    starts_at_number: bool = False
    prefilter: re.Pattern[str] | None = None

    def applies(self, lowered: str) -> bool:
        """Whether a sentence, in its :func:`literal_form`, holds one of the literals the pattern
        cannot match without, and what its prefilter looks for (a cheap search standing for a
        pattern that is slow to fail, such as one opening with a lazy run of any characters)."""
        if self.requires:
            for literal in self.requires:  # a loop, not any(): called for every rule and sentence
                if literal in lowered:
                    break
            else:
                return False
        return self.prefilter is None or self.prefilter.search(lowered) is not None

    def finditer(self, sentence: str, number_starts: list[int]) -> Iterator[re.Match[str]]:
        """The pattern's matches in ``sentence``, as ``regex.finditer`` gives them.

        A pattern that starts at a number is tried only at ``number_starts`` (where a run of
        digits or a number word begins): Python's engine would otherwise try it at every
        character, since a leading lookbehind hides its first character from the engine's
        own prefix scan. No match is lost (see :func:`_starts_at_number`)."""
        if not self.starts_at_number:
            yield from self.regex.finditer(sentence)
            return
        end = 0
        for start in number_starts:
            if start < end:
                continue
            match = self.regex.match(sentence, start)
            if match is not None and match.end() > start:
                yield match
                end = match.end()

    @classmethod
    def from_dict(cls, data: dict[str, Any], macros: dict[str, str]) -> FigureRule:
        if not isinstance(data, dict):
            raise ExtractionError(f"{_RULES_FILE}: every rule must be an object (got {data!r})")
        rule_id = data.get("id", "<no id>")
        check_keys(data, _RULE_KEYS, f"{_RULES_FILE} rule {rule_id!r}")
        missing = sorted(_REQUIRED_RULE_KEYS - set(data))
        if missing:
            raise ExtractionError(f"{_RULES_FILE} rule {rule_id!r}: missing key(s) {', '.join(missing)}")
        if data["family"] not in FAMILIES:
            raise ExtractionError(f"{_RULES_FILE} rule {rule_id!r}: 'family' must be one of "
                                  f"{', '.join(FAMILIES)} (got {data['family']!r})")

        def expand(match: re.Match[str]) -> str:
            name = match[1]
            if name not in macros:
                raise ExtractionError(f"{_RULES_FILE} rule {rule_id!r}: unknown placeholder {{{name}}}; "
                                      f"known placeholders are {', '.join('{' + m + '}' for m in sorted(macros))}")
            return macros[name]

        def compiled(key: str, flags: int) -> re.Pattern[str]:
            try:
                return re.compile(_PLACEHOLDER.sub(expand, data[key]), flags)
            except (re.error, TypeError) as exc:
                raise ExtractionError(f"{_RULES_FILE} rule {rule_id!r}: {key} does not compile ({exc}); "
                                      "fix the regular expression in the rule file") from exc

        regex = compiled("pattern", re.IGNORECASE)
        prefilter = compiled("prefilter", re.IGNORECASE | re.DOTALL) if "prefilter" in data else None
        requires = data.get("requires", [])
        if not isinstance(requires, list) or not all(isinstance(r, str) and r for r in requires):
            raise ExtractionError(f"{_RULES_FILE} rule {rule_id!r}: 'requires' must be a list of non-empty strings "
                                  f"(got {requires!r})")
        return cls(id=rule_id, family=data["family"], description=data["description"], regex=regex,
                   requires=tuple(r.lower() for r in requires),
                   starts_at_number=_starts_at_number(data["pattern"]), prefilter=prefilter)


@dataclass(frozen=True)
class FigureRules:
    """Everything the figure extractor reads from the rule file, validated and compiled."""

    version: str
    number_words: dict[str, int]
    unit_forms: dict[str, str]
    outcome_verbs: tuple[str, ...]
    verbs_kept_in_outcome: frozenset[str]
    rules: tuple[FigureRule, ...]
    cohort_rules: tuple[FigureRule, ...]
    macros: dict[str, str]
    number_start: re.Pattern[str]

    def number_starts(self, sentence: str) -> list[int]:
        """Where runs of digits and number words begin in ``sentence``: every place a match of
        a rule that starts at a number can begin."""
        return [match.start() for match in self.number_start.finditer(sentence)]

    def __post_init__(self) -> None:
        require_unique_ids([r.id for r in self.rules + self.cohort_rules], _RULES_FILE, "rule")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FigureRules:
        check_keys(data, _FILE_KEYS, _RULES_FILE)
        missing = sorted(_FILE_KEYS - set(data))
        if missing:
            raise ExtractionError(f"{_RULES_FILE}: missing key(s) {', '.join(missing)}")
        number_words = {str(k).lower(): v for k, v in data["number_words"].items()}
        bad = {k: v for k, v in number_words.items() if not isinstance(v, int) or v < 0}
        if bad:
            raise ExtractionError(f"{_RULES_FILE}: number_words must map words to whole numbers >= 0 (got {bad!r})")
        unit_forms: dict[str, str] = {}
        for plural, singulars in data["units"].items():
            if not isinstance(singulars, list):
                raise ExtractionError(f"{_RULES_FILE}: units[{plural!r}] must be a list of other forms (got {singulars!r})")
            for form in (plural, *singulars):
                unit_forms[form.lower()] = plural.lower()
        verbs = tuple(data["outcome_verbs"])
        kept = frozenset(data["verbs_kept_in_outcome"])
        if not kept <= set(verbs):
            raise ExtractionError(f"{_RULES_FILE}: verbs_kept_in_outcome must be outcome_verbs too "
                                  f"(not found: {', '.join(sorted(kept - set(verbs)))})")
        strong = list(data["strong_verbs"])
        if not set(strong) <= set(verbs):
            raise ExtractionError(f"{_RULES_FILE}: strong_verbs must be outcome_verbs too "
                                  f"(not found: {', '.join(sorted(set(strong) - set(verbs)))})")
        macros = _macros(number_words, unit_forms, verbs, strong, data["zero_outcomes"])
        return cls(
            version=str(data["version"]), number_words=number_words, unit_forms=unit_forms,
            outcome_verbs=verbs, verbs_kept_in_outcome=kept,
            rules=tuple(FigureRule.from_dict(r, macros) for r in data["rules"]),
            cohort_rules=tuple(FigureRule.from_dict(r, macros) for r in data["cohort_rules"]),
            macros=macros,
            number_start=re.compile(rf"(?<!\d)\d|(?<![\w-]){_alternation(list(number_words))}", re.IGNORECASE),
        )

    def unit(self, word: str | None) -> str | None:
        """The plural unit a matched noun stands for ("Patient" -> "patients")."""
        if not word:
            return None
        return self.unit_forms.get(re.sub(r"\s+", " ", word.lower()))


def _macros(number_words: dict[str, int], unit_forms: dict[str, str], verbs: tuple[str, ...],
            strong: list[str], zero_outcomes: list[str]) -> dict[str, str]:
    tens = [w for w, v in number_words.items() if v >= 20 and v % 10 == 0]
    ones = [w for w, v in number_words.items() if 1 <= v <= 9]
    word = f"(?:{_alternation(tens)}(?:[- ]{_alternation(ones)})?|{_alternation(list(number_words))})(?![\\w-])"
    # A count is never glued to a decimal point, a slash of a date, a range dash or a bracket
    # citation, and is never itself the start of a decimal.
    digits = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?![\d\]]|[.,]\d|\s?[-–]\s?\d|\s?%)"
    num = rf"(?<![\w.,/±\[–-]){digits}"
    count = rf"(?:{num}|(?<![\w-]){word})"
    pct = r"\d{1,3}(?:[.·]\d{1,3})?"
    return {
        "NUM": num,
        "DEN": rf"(?<![\w.,±\[–-]){digits}",
        "STRONG": _alternation(strong),
        "WORD": word,
        "COUNT": count,
        "PCT": pct,
        "UNIT": _alternation(list(unit_forms)) + r"(?![\w-])",
        "VERB": _alternation(list(verbs)),
        "ZERO": _alternation(zero_outcomes),
        "ITEM": rf"{count}(?:\s*\(\s*{pct}\s?%\s*\))?",
    }


@functools.cache
def load_figure_rules() -> FigureRules:
    """The packaged rule file, loaded once per process."""
    data = read_json_rules(resources.files("extractors").joinpath("rules", _RULES_FILE), _RULES_FILE)
    return FigureRules.from_dict(data)
