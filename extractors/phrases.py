"""The words around a count: its outcome, its subgroup and its timepoint.

Pure functions over one sentence and the span of a figure in it. The outcome is read after the
figure when a verb introduces it ("11 patients *had haemophilia A*") and before it otherwise
("*Femoral neuropathy* was present in 28 of 44 episodes"); subgroups ("in patients with
inhibitors") and timepoints ("at 6 months") are the nearest such phrase to the figure.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from extractors.figure_rules import FigureRules
from extractors.numbers import parse_count

__all__ = ["DEGREE_WORDS", "PhraseReader", "phrase_reader", "tidy_outcome"]

_MAX_OUTCOME_WORDS = 9
_LEADING = re.compile(
    r"^(?:(?:overall|in\s+total|in\s+addition|additionally|moreover|furthermore|finally|however|"
    r"in\s+our\s+(?:series|study|cohort)|in\s+this\s+(?:series|study|cohort)|of\s+these|of\s+them|"
    r"there\s+(?:was|were)|the|a|an|both|all|only|and|or|but|including|whereas|while|also|our|their|its)\b[\s,]*)+",
    re.IGNORECASE)
_MEASURE = re.compile(
    r"^(?:(?:overall|total|cumulative|reported|observed)\s+)?(?:incidence|rate|prevalence|frequency|"
    r"proportion|number|percentage|occurrence|risk)\s+of\s+", re.IGNORECASE)
# Words that link an outcome to the count after it ("... was present in 28 of 44"); stripped
# from the end of the clause one at a time.
_TRAILING_LINK = re.compile(
    r"(?:^|\s+|(?<=[,:=–-]))(?:was|were|is|are|been|had|has|have|also|only|then|present|observed|seen|found|"
    r"noted|reported|recorded|documented|identified|detected|diagnosed|described|performed|required|needed|"
    r"achieved|obtained|used|given|administered|developed|occurred|evident|confirmed|apparent|encountered|"
    r"experienced|treated|managed|common|frequent|done|complicated|affected|involved|in|among|amongst|for|by|on|with|from|of|at|a\s+total\s+of|"
    r"all|total|as\s+well|too|,|:|=|–|-)$", re.IGNORECASE)
_BEFORE_BOUNDARY = re.compile(r"[,;:(\[|]|\u00a4\s+and\b|(?<=\d)\s+and\b|\b(?:while|whereas|but|although|respectively)\b",
                              re.IGNORECASE)
_PAREN_ANY = re.compile(r"\([^()]*\)")
_LABEL_NOISE = re.compile(r"\bn\s*/\s*N\b|\bn\b(?=\s*(?:$|\u00a4))|\(\s*%\s*\)", re.IGNORECASE)
_PAREN_NO_DIGIT = re.compile(r"\s*\((?!\s*%\s*\))[^()\d]*\)")
_PASSIVE_LEAD = re.compile(
    r"^(?:(?:also|further)\s+)?(?:diagnosed\s+with|found\s+to\s+have|noted\s+to\s+have|considered|classified\s+as|"
    r"affected\s+by|complicated\s+by|accompanied\s+by|associated\s+with|positive\s+for|on)\s+", re.IGNORECASE)
# "X was complete": a degree said of the outcome, which reads as "complete X".
_DEGREE = frozenset("""complete partial absent incomplete full total conservative surgical operative nonoperative
non-operative successful unsuccessful normal abnormal mild moderate severe good poor fair excellent bilateral
unilateral""".split())
# "X was present in ...": the subject is the outcome.
DEGREE_WORDS = _DEGREE
_LINK_ADJECTIVES = frozenset("""present evident apparent common frequent rare seen visible detectable palpable
positive negative necessary needed required possible feasible responsible""".split())
_CAUSE = re.compile(r"^(?P<subj>.+?)\s+(?:was|were|is|are)\s+(?:(?:mostly|mainly|often|usually|also|thought\s+to\s+be)\s+)?"
                    r"(?:related|attributed|attributable|due|secondary|owing|linked)\s+to\s+(?P<cause>.+)$", re.IGNORECASE)
_COPULA = re.compile(r"^(?P<subj>.+?)\s+(?:was|were|is|are)\s+(?:(?:also|then|still|often|usually)\s+)?"
                     r"(?P<pred>[A-Za-z-]+)(?P<rest>(?:\s+.*)?)$", re.IGNORECASE)
_REPORTED = re.compile(r"^.*\b(?:et\s+al\b\.?|\bwe|\bthey|authors)\b.*?\b(?:found|recorded|reported|observed|noted|described|"
                       r"documented|counted|saw|identified|detected)\s+(?:that\s+)?(?=\S)", re.IGNORECASE)
_REPORTED_LAST = re.compile(r"^.*\b(?:found|recorded|reported|observed|noted|described|documented|counted|saw|identified|"
                            r"detected)\s+(?:that\s+)?(?=\S)", re.IGNORECASE)
_LINK_ONLY = re.compile(r"\s*(?:including|of\s+whom|of\s+these|of\s+them|among\s+them)\s*", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def tidy_outcome(phrase: str) -> str:
    """The clinical phrase inside a clause: "recovery was complete" -> "complete recovery",
    "the bleeding was attributed to anticoagulant therapy" -> "anticoagulant therapy",
    "Solberg et al. recorded femoral nerve palsy" -> "femoral nerve palsy"."""
    text = " ".join(phrase.split())
    if _REPORTED.match(text):
        text = _REPORTED_LAST.sub("", text)
    cause = _CAUSE.match(text)
    if cause:
        return _ARTICLE.sub("", cause["cause"].strip())
    copula = _COPULA.match(text)
    if copula:
        subj, pred, rest = _ARTICLE.sub("", copula["subj"].strip()), copula["pred"], copula["rest"].strip()
        low = pred.lower()
        if low in ("the", "a", "an", "not"):
            # "Anticoagulant therapy was the precipitating factor": the subject is the outcome.
            return subj
        if low in _DEGREE and not rest:
            subj = subj[0].lower() + subj[1:] if subj[:1].isupper() and not subj[1:2].isupper() else subj
            return f"{pred} {subj}"
        if low in _LINK_ADJECTIVES or low.endswith(("ed", "en")) or low in _DEGREE:
            return subj
        if not rest or not rest.split()[0].lower() in ("to", "by", "than", "that"):
            # "The anticoagulant was warfarin": the predicate names the category.
            return _ARTICLE.sub("", f"{pred} {rest}".strip())
    return text
# "in our episodes", "among these patients" name the whole cohort, not a subgroup.
_NOT_SUBGROUP_START = frozenset({"the", "these", "those", "this", "all", "both", "other", "each", "our", "their", "its",
                                 "either", "neither", "most", "many", "some", "several", "few", "half", "every", "any",
                                 "another", "remaining"})
# Words a subgroup phrase cannot end with ("patients who all [had ...]").
_SUBGROUP_TAIL = frozenset({"and", "or", "who", "all", "which", "that", "with", "without", "were", "was", "had", "the"})
# "during the admission", "lost to follow-up": a period or an idiom, not a timepoint.
_PERIOD_NOT_POINT = re.compile(r"^(?:.*\b)?(?:(?:during|over|throughout)\s|lost\s+to\s)", re.IGNORECASE)
_PERIODS = ("hour", "day", "week", "month", "year")
# A comma after a figure ends its clause unless a relative pronoun goes on ("9 (25%), who ...").
_COMMA = r"(?:,(?=\s*(?:who|that|which)\b))?"
# Words that start a new clause or a comparison, never the words between a count and its verb.
_GAP_WORD = r"(?!(?:and|or|but|whereas|while|than|to|that|as|comparable|compared|similar|including|versus|vs)\b)"


class PhraseReader:
    """Outcome, subgroup and timepoint readers compiled from the rule vocabularies."""

    def __init__(self, rules: FigureRules) -> None:
        m = rules.macros
        self._rules = rules
        self._after = re.compile(
            rf"^\s*(?:\([^)]*\)\s*)?{_COMMA}\s*(?:(?:of\s+(?:the\s+|these\s+|those\s+|all\s+)?)?{m['UNIT']}\s*)?"
            rf"(?:(?:in|among|with|without)\s+[^,;()]{{0,60}}?\s*|(?:{_GAP_WORD}[a-z-]+\s+){{1,3}}?)?"
            rf"(?:\([^)]*\)\s*)?{_COMMA}\s*(?:(?:who|that|which)\s+)?"
            rf"(?:(?:also|subsequently|eventually|additionally|initially|still|ultimately|later)\s+)?"
            rf"(?P<verb>{m['VERB']})\b(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)
        # Table-row labels in running text: "Femoral nerve palsy, limbs, n/N (%) 21/32 (65.6%)".
        self._row_noise = re.compile(
            rf"(?:,\s*{m['UNIT']})?,?\s*\b(?:n|no\.?)\s*(?:/\s*N\s*)?\(\s*%\s*\)\s*$", re.IGNORECASE)
        self._cut = re.compile(
            rf"[;:.,(\[]|\s(?:and|or)\s+(?:{m['COUNT']}|the|a|an|in)\b|\s(?:but|while|whereas|compared|versus|vs|"
            rf"respectively|(?<!more\s)(?<!less\s)(?<!fewer\s)(?<!greater\s)than|who|which)\b", re.IGNORECASE)
        # A subgroup phrase stops before a new clause ("patients with inhibitors and in 10 of 18 ...").
        phrase = r"(?:(?!\s(?:and|or|but|whereas|while)\b)[^,;.()])+"
        self._subgroups = (
            re.compile(rf"\b(?:in|among|amongst|of)\s+(?:the\s+|these\s+|those\s+)?(?:{m['COUNT']}\s+)?"
                       rf"(?P<sg>{m['UNIT']}\s+(?:with|without|who|receiving|on|treated\s+with|undergoing|"
                       rf"aged|having)\s+{phrase})", re.IGNORECASE),
            # "higher than in anticoagulated adults" compares with other cohorts: not a subgroup.
            re.compile(rf"(?<!than\s)\b(?:in|among|amongst)\s+(?:the\s+)?(?P<sg>(?:[A-Za-z][\w-]*\s+){{1,3}}?"
                       rf"(?:{m['UNIT']}|group|arm|subgroup))\b", re.IGNORECASE),
            # "19 of 41 conservatively treated patients": an arm named by how it was treated.
            re.compile(rf"\b(?:in|among|amongst|of)\s+(?:the\s+|these\s+|those\s+)?(?:{m['COUNT']}\s+)?"
                       rf"(?P<sg>[a-z]+ly\s+(?:treated|managed|operated(?:\s+on)?|randomi[sz]ed|allocated|assigned)\s+"
                       rf"{m['UNIT']})", re.IGNORECASE),
        )
        # "... in patients with inhibitors and 1 of 25 in those without": the same subgroup, negated.
        self._those = re.compile(r"\b(?:in|among|of)\s+those\s+(?P<pol>with|without)\b(?!\s+[a-z])", re.IGNORECASE)
        self._subgroup_cut = re.compile(
            rf"\s(?:at|after|within|during|was|were|had|has|developed|and\s+{m['COUNT']}|in\s+{m['COUNT']})\b.*$",
            re.IGNORECASE | re.DOTALL)
        self._timepoints = (
            re.compile(rf"\b(?:at|after|within|by|during|over|on|to)\s+(?:the\s+)?(?:(?:first|initial)\s+)?"
                       rf"(?:(?P<n>{m['COUNT']})[\s-]+(?P<per>hour|day|week|month|year)s?\b"
                       r"|(?P<word>baseline|discharge|admission|presentation|(?:last|final|latest)\s+follow[- ]?up"
                       r"|follow[- ]?up))", re.IGNORECASE),
            re.compile(rf"\b(?P<n>{m['COUNT']})[\s-](?P<per>hour|day|week|month|year)s?[\s-]"
                       r"(?:follow[- ]?up|post[- ]?operative(?:ly)?)", re.IGNORECASE),
            # A table label's own timepoint: "Complete recovery, 6 months".
            re.compile(rf",\s*(?P<n>{m['COUNT']})[\s-]+(?P<per>hour|day|week|month|year)s?\s*$", re.IGNORECASE),
        )

    # -- outcome ----------------------------------------------------------------------------

    def outcome(self, text: str, start: int, end: int) -> str:
        """The outcome phrase of the figure at ``text[start:end]`` as worded, or '' if none."""
        return self.outcome_after(text, end) or self.outcome_before(text, start)

    def outcome_after(self, text: str, end: int) -> str:
        """The outcome a verb introduces after ``end`` ("... developed femoral neuropathy")."""
        match = self._after.match(text[end:])
        if not match:
            return ""
        verb = re.sub(r"\s+", " ", match["verb"].lower())
        rest = _PASSIVE_LEAD.sub("", self._clause(match["rest"]))
        if verb in self._rules.verbs_kept_in_outcome:
            return self.without_timepoint(f"{verb} {rest}".strip())
        return self.without_timepoint(tidy_outcome(rest))

    def outcome_before(self, text: str, start: int) -> str:
        """The outcome named before ``start`` ("Femoral neuropathy was present in ...")."""
        before = self._row_noise.sub("", _PAREN_NO_DIGIT.sub("", text[:start]))
        # Bracketed statistics become a mark, so "(28/44, 63.6%) and obturator ..." still ends a clause.
        before = _PAREN_ANY.sub(" \u00a4 ", before)
        bounds = [0] + [m.end() for m in _BEFORE_BOUNDARY.finditer(before)] + [len(before)]
        # "Male sex: 24 (85.7%)": when nothing stands after the last boundary, the label before it is the outcome.
        last = before[bounds[-2]:bounds[-1]]
        if _LINK_ONLY.fullmatch(last):
            # "..., including 3 of the 6": a part of the figure before, whose outcome it shares.
            return ""
        for left, right in list(zip(bounds, bounds[1:]))[::-1][:2]:
            clause = self._clean_before(before[left:right])
            if clause:
                return clause
        return ""

    def _clean_before(self, clause: str) -> str:
        clause = _LABEL_NOISE.sub(" ", clause.replace("\u00a4", " "))
        clause = re.sub(r"[,;:(\[]\s*$", "", clause.strip())
        for pattern in self._timepoints:
            clause = pattern.sub(" ", clause)
        clause = " ".join(clause.split())
        while (stripped := _TRAILING_LINK.sub("", clause).rstrip()) != clause:
            clause = stripped
        clause = _MEASURE.sub("", _LEADING.sub("", clause.strip()))
        clause = _MEASURE.sub("", _LEADING.sub("", tidy_outcome(clause)))
        return _words(" ".join(clause.split()[-_MAX_OUTCOME_WORDS:]))

    def clause_after(self, text: str, end: int) -> str:
        """The words after ``end`` up to the end of their clause ("... patients rebled")."""
        return self.without_timepoint(self._clause(text[end:]))

    def strip_timepoints(self, text: str) -> str:
        """``text`` with its timepoint phrases blanked out, nothing else changed."""
        for pattern in self._timepoints:
            text = pattern.sub(" ", text)
        return text

    def without_timepoint(self, phrase: str) -> str:
        """``phrase`` with its timepoint phrases taken out ("Complete recovery, 6 months" -> "Complete recovery")."""
        for pattern in self._timepoints:
            phrase = pattern.sub("", phrase)
        return _words(phrase)

    def _clause(self, rest: str) -> str:
        cut = self._cut.search(rest)
        return (rest[:cut.start()] if cut else rest).strip()

    # -- subgroup and timepoint ---------------------------------------------------------------

    def subgroup(self, text: str, start: int, end: int, others: Sequence[tuple[int, int]] = ()) -> str | None:
        """The subgroup phrase nearest the figure ("patients with inhibitors"), or None.

        A phrase inside the span of another figure of the sentence (``others``) is that figure's
        own ("in 15 of 24: in 5 of 6 patients with inhibitors"), never this one's.
        """
        found = []
        full = []
        for pattern in self._subgroups:
            for match in pattern.finditer(text):
                phrase = _trim_subgroup(self._subgroup_cut.sub("", match["sg"]))
                first = phrase.split()[0].lower() if phrase else ""
                if len(phrase.split()) < 2 or first in self._rules.number_words or first in _NOT_SUBGROUP_START:
                    continue
                full.append(phrase)
                span = match.span()
                if any(_overlap(span, o) for o in others) and not _overlap(span, (start, end)):
                    continue
                found.append((_distance(span, start, end, after_bonus=True), phrase))
        for match in self._those.finditer(text):
            model = next((p for p in full if re.search(r"\s(?:with|without)\s", p)), None)
            if model is None:
                continue
            phrase = re.sub(r"\s(?:with|without)\s", f" {match['pol'].lower()} ", model, count=1)
            found.append((_distance(match.span(), start, end, after_bonus=True), phrase))
        return min(found)[1] if found else None

    def timepoint(self, text: str, start: int, end: int) -> str | None:
        """The timepoint nearest the figure, normalized ("at one week" -> "1 week"), or None."""
        found = []
        for pattern in self._timepoints:
            for match in pattern.finditer(text):
                if match.groupdict().get("word") and _PERIOD_NOT_POINT.search(text[max(0, match.start() - 8):match.end()]):
                    continue
                found.append((_distance(match.span(), start, end), self._normal_timepoint(match)))
        found = [f for f in found if f[1]]
        return min(found)[1] if found else None

    def _normal_timepoint(self, match: re.Match[str]) -> str | None:
        groups = match.groupdict()
        if groups.get("word"):
            return re.sub(r"\s+", " ", groups["word"].lower()).replace("followup", "follow-up").replace("follow up", "follow-up")
        count = parse_count(groups["n"], self._rules.number_words)
        period = groups["per"].lower()
        if count is None or period not in _PERIODS:
            return None
        return f"{count} {period}{'' if count == 1 else 's'}"


def _trim_subgroup(phrase: str) -> str:
    words = phrase.split()
    while words and words[-1].lower() in _SUBGROUP_TAIL:
        words.pop()
    return " ".join(words)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _words(phrase: str) -> str:
    return " ".join(phrase.split()[:_MAX_OUTCOME_WORDS]).strip(" ,;:-")


# A phrase that follows a figure at once ("38 of 148 (25.7%) in the control arm") is its own,
# however close the phrase of the figure before it may be.
_ADJACENT = 2


def _distance(span: tuple[int, int], start: int, end: int, *, after_bonus: bool = False) -> int:
    if span[1] <= start:
        return start - span[1]
    if span[0] >= end:
        gap = span[0] - end
        return -1 if after_bonus and gap <= _ADJACENT else gap
    return 0


@functools.cache
def phrase_reader() -> PhraseReader:
    """The reader for the packaged rules, built once per process."""
    from extractors.figure_rules import load_figure_rules

    return PhraseReader(load_figure_rules())
