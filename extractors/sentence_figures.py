"""Cohort figures and cohort sizes in one sentence: the pure matching behind the spaCy component.

:class:`SentenceMatcher` runs the rules of ``extractors/rules/figures.json`` over a sentence and
returns what it read, with offsets into that sentence, before any denominator is resolved:
a :class:`FigureMatch` may lack its total ("25 (89.28%)"), which the document stage fills in
from the :class:`CohortMatch` es found across the paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extractors.concepts import singular
from extractors.figure_rules import FigureRule, FigureRules, literal_form
from extractors.numbers import parse_count
from extractors.phrases import DEGREE_WORDS, PhraseReader

__all__ = ["CohortMatch", "FigureMatch", "SentenceMatcher"]

# Families whose count names no total: a cohort statement's own numbers must not feed them.
_NEEDS_TOTAL = ("inferred", "zero", "percent_only", "percent_list", "pair", "letter_list", "respectively")
_VAGUE_OUTCOME = re.compile(r"(?:the\s+)?(?:corresponding\s+)?(?:figures?|numbers?|rates?|proportions?|this|it|that)",
                            re.IGNORECASE)
# A rule that only continues a list begun by an earlier figure of the sentence.
_LIST_CONTINUATION = "count.in_list"
# The longest characteristic a bracketed "(n = 7)" is read as counting.
_MAX_LABEL_WORDS = 6
_SCALE_WORDS = re.compile(r"\b(?:score|scale|vas|nrs|grade|ratio|mmhg|dose)\b", re.IGNORECASE)
# How far before a fraction a scale word still makes it a score.
_SCALE_REACH = 40
# Words that open a prepositional phrase or a comparison, never a category.
_NOT_CATEGORY = frozenset({"and", "or", "in", "at", "on", "with", "among", "by", "for", "from", "to", "than", "vs",
                           "versus", "respectively", "the", "a", "an", "after", "before", "during", "within", "p"})
# A category named by a label alone: "III", "B", "2", "2a".
_LABEL = re.compile(r"(?-i:[IVX]+|[A-Z])|\d{1,2}[a-z]?")
# A count that follows "a median of" is a summary over many units, never a count of the cohort.
_SUMMARY_STATISTIC = re.compile(r"\b(?:median|mean|average)\s+(?:number\s+)?of\s+(?:only\s+|just\s+|about\s+|around\s+|"
                                r"approximately\s+|nearly\s+|almost\s+)?$", re.IGNORECASE)
_SEX_LABELS = {"men": "male", "man": "male", "males": "male", "male": "male", "boys": "male",
               "women": "female", "woman": "female", "females": "female", "female": "female", "girls": "female"}


@dataclass(frozen=True)
class FigureMatch:
    """A count read from a sentence; ``total`` is None when the sentence does not state it.

    ``events`` is None only for a bare percentage ("63.6% of the episodes"), whose count the
    document stage computes from the cohort size. ``min_total`` is the least total a breakdown
    implies (17 men and 11 women: 28). ``group`` numbers the breakdowns of one sentence.
    ``unit_hint`` is a unit the sentence names near the count ("... of the episodes") when the
    count itself names none.
    """

    rule: str
    family: str
    start: int
    end: int
    events: int | None
    total: int | None
    unit: str | None
    percent: str | None
    outcome: str
    subgroup: str | None = None
    timepoint: str | None = None
    flags: tuple[str, ...] = ()
    group: int | None = None
    min_total: int = 0
    unit_hint: str | None = None


@dataclass(frozen=True)
class CohortMatch:
    """A cohort size stated in a sentence; a ``local`` size ("Of the 120 patients, ...") is the
    first choice of the figures after it in the same sentence."""

    rule: str
    start: int
    end: int
    size: int
    unit: str
    local: bool


class SentenceMatcher:
    """All rules, applied to one sentence at a time."""

    def __init__(self, rules: FigureRules, phrases: PhraseReader) -> None:
        self.rules = rules
        self.phrases = phrases
        m = rules.macros
        self._item = re.compile(rf"(?P<ev>{m['COUNT']})(?:\s*\(\s*(?P<pct>{m['PCT']})\s?%\s*\))?", re.IGNORECASE)
        self._arm_item = re.compile(rf"(?P<ev>{m['COUNT']})\s+(?:(?:were|was)\s+)?(?:in|among|from)\s+(?:the\s+)?"
                                    r"(?P<arm>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*)?\s+(?:group|arm))\b", re.IGNORECASE)
        self._letter_item = re.compile(r"(?P<label>[A-Z])\s?:?\s?(?P<ev>\d+)")
        self._percent_item = re.compile(rf"(?:^|,\s*|\s+and\s+)(?:and\s+)?(?P<label>[^,]+?)\s+in\s+(?P<pct>{m['PCT']})\s?%",
                                        re.IGNORECASE)
        self._unit_hint = re.compile(rf"\b(?:of|among|amongst|in)\s+(?:(?:the|these|those|all|our)\s+)?"
                                     rf"(?:[A-Za-z][\w–-]*\s+){{0,2}}?(?P<unit>{m['UNIT']})",
                                     re.IGNORECASE)
        self._category_after = re.compile(
            r"\s+(?P<cat>(?:of\s+)?[a-z][a-z -]{1,40}?)\s*(?=[,;.]|$|\s(?:and|or)\s+(?:\d|[a-z]+\s+\())", re.IGNORECASE)
        self._count_before = re.compile(rf"(?P<tot>{m['COUNT']})\s+(?P<unit>{m['UNIT']})\s*$", re.IGNORECASE)
        self._categories_stop = re.compile(
            r"\s(?:were|was|is|are|had|has|have|in|among|occurred|developed|showed|presented|required|underwent|"
            r"accounted|comprised|represented|made\s+up|affected)\b.*$",
            re.IGNORECASE | re.DOTALL)
        self._last_verb = re.compile(r"^.*\b(?:were|was|is|are|had|has|have|of|for|with)\s+", re.IGNORECASE | re.DOTALL)

    def count(self, text: str | None) -> int | None:
        return parse_count(text, self.rules.number_words) if text else None

    def matches(self, sentence: str) -> tuple[list[FigureMatch], list[CohortMatch]]:
        """Figures and cohort sizes of one sentence, offsets into ``sentence``."""
        starts = self.rules.number_starts(sentence)
        lowered = literal_form(sentence)
        cohorts = self._cohorts(sentence, starts, lowered)
        cohort_counts = [(c.start, c.end) for c in cohorts]
        figures: list[FigureMatch] = []
        claimed: list[tuple[int, int]] = []
        group = 0
        for rule in self.rules.rules:
            if not rule.applies(lowered):
                continue
            for match in rule.finditer(sentence, starts):
                span = match.span()
                if span[0] == span[1] or any(_overlaps(span, c) for c in claimed):
                    continue
                if rule.family in _NEEDS_TOTAL and any(_overlaps(_count_span(match), c) for c in cohort_counts):
                    continue
                if _SUMMARY_STATISTIC.search(sentence, 0, _count_span(match)[0]):
                    # "attended a median of only four of 14 sessions": a summary of many, not a count.
                    continue
                found = self._read(rule, match, sentence, group)
                if found:
                    figures.extend(found)
                    claimed.append(span)
                    if len(found) > 1:
                        group += 1
        figures = sorted(figures, key=lambda f: (f.start, f.end))
        if len(figures) > 1:
            figures = self._own_subgroups(sentence, figures)
        return _label_breakdowns(_inherit(figures)), cohorts

    def _own_subgroups(self, sentence: str, figures: list[FigureMatch]) -> list[FigureMatch]:
        """Each figure's subgroup again, leaving out the phrases that belong to another figure."""
        spans = [(f.start, f.end) for f in figures]
        return [f if f.family == "arm_list" else
                replace(f, subgroup=self.phrases.subgroup(sentence, f.start, f.end,
                                                          others=[s for s in spans if s != (f.start, f.end)]))
                for f in figures]

    # -- cohort sizes -------------------------------------------------------------------------

    def _cohorts(self, sentence: str, starts: list[int], lowered: str) -> list[CohortMatch]:
        found = []
        for rule in self.rules.cohort_rules:
            if not rule.applies(lowered):
                continue
            for match in rule.finditer(sentence, starts):
                for tot, unit in (("tot", "unit"), ("tot2", "unit2")):
                    if tot not in match.re.groupindex or match[tot] is None:
                        continue
                    size, noun = self.count(match[tot]), self.rules.unit(match[unit])
                    if size and noun:
                        found.append(CohortMatch(rule.id, match.start(tot), match.end(tot), size, noun,
                                                 local=rule.id == "cohort.lead"))
        return found

    # -- figure families ----------------------------------------------------------------------

    def _read(self, rule: FigureRule, match: re.Match[str], sentence: str, group: int) -> list[FigureMatch]:
        reader = getattr(self, f"_read_{rule.family}")
        return reader(rule, match, sentence, group)

    def _context(self, sentence: str, start: int, end: int) -> dict:
        return {"subgroup": self.phrases.subgroup(sentence, start, end),
                "timepoint": self.phrases.timepoint(sentence, start, end)}

    def _flags(self, match: re.Match[str], events: int) -> tuple[str, ...]:
        flags = []
        if "ev" in match.re.groupindex and match["ev"] and not match["ev"][0].isdigit():
            flags.append("number_word")
        if events == 0:
            flags.append("zero_events")
        return tuple(flags)

    def _unit(self, match: re.Match[str], sentence: str) -> str | None:
        return self._own_unit(match) or self._hint(match, sentence)

    def _own_unit(self, match: re.Match[str]) -> str | None:
        for name in ("unit", "unit_after"):
            if name in match.re.groupindex and match[name]:
                return self.rules.unit(match[name])
        return None

    def _hint(self, match: re.Match[str], sentence: str) -> str | None:
        """The unit named nearest the count by "of/among/in (the) ... UNIT"."""
        hints = [(abs(h.start() - match.end()), h["unit"]) for h in self._unit_hint.finditer(sentence)]
        return self.rules.unit(min(hints)[1]) if hints else None

    def _simple(self, rule: FigureRule, match: re.Match[str], sentence: str, *, events: int | None,
                total: int | None, outcome: str, extra_flags: tuple[str, ...] = ()) -> list[FigureMatch]:
        if events is not None and total is not None and (total < 1 or events > total):
            return []
        start, end = match.span()
        percent = _percent(match)
        if percent is not None and float(percent) > 100:
            return []
        return [FigureMatch(rule=rule.id, family=rule.family, start=start, end=end, events=events, total=total,
                            unit=self._own_unit(match), unit_hint=self._hint(match, sentence), percent=percent,
                            outcome=outcome,
                            flags=self._flags(match, events if events is not None else -1) + extra_flags,
                            **self._context(sentence, start, end))]

    def _read_explicit(self, rule, match, sentence, group):
        events, total = self.count(match["ev"]), self.count(match["tot"])
        if events is None or total is None:
            return []
        if _inside_scale(sentence, match.start()):
            return []
        if not match["ev"][0].isdigit() and not match["tot"][0].isdigit() and not self._unit(match, sentence):
            # "given one of four classifications": a phrase, not a count of units.
            return []
        return self._simple(rule, match, sentence, events=events, total=total, outcome=self._outcome(sentence, match))

    def _read_inferred(self, rule, match, sentence, group):
        events = self.count(match["ev"])
        if events is None:
            return []
        if rule.id == "count.n_equals" and not self._labelled_count(sentence, match):
            return []
        if "out" in match.re.groupindex and match["out"]:
            outcome = match["out"].strip()
        else:
            outcome = self._outcome(sentence, match)
        return self._simple(rule, match, sentence, events=events, total=None, outcome=outcome)

    def _outcome(self, sentence: str, match: re.Match[str]) -> str:
        # A bracketed count annotates the words before it: "Nausea (n = 41, 27.3%) and ...".
        if match.group().startswith("("):
            return self.phrases.outcome_before(sentence, match.start()) or self.phrases.outcome_after(sentence, match.end())
        # The verb may be inside the match ("9 underwent embolization"): read on from the count too.
        after = self.phrases.outcome_after(sentence, match.end())
        if not after and "ev" in match.re.groupindex and match["ev"] is not None:
            after = self.phrases.outcome_after(sentence, match.end("ev"))
        if not after and _count_only(match) and match.group().endswith(")") and not self._own_unit(match):
            # "98 (41.9%) were overweight, 45 (19.2%) obese and 91 (38.9%) of normal weight": in a
            # list the category follows its count with the verb left out.
            category = self._category_after.match(sentence, match.end())
            words = category["cat"].lower().split() if category else []
            if words and words[0] not in _NOT_CATEGORY and not any(self.rules.unit(w) for w in words) \
                    and not (words[0] == "of" and len(words) > 1 and words[1] in _NOT_CATEGORY | {"these", "our", "all"}):
                after = re.sub(r"^of\s+", "", category["cat"].strip())
        return after or self.phrases.outcome_before(sentence, match.start())

    def _labelled_count(self, sentence: str, match: re.Match[str]) -> bool:
        """Whether "(n = 7)" counts a short characteristic in a finished sentence ("Patients with inhibitors (n = 7) ...").

        Flow-diagram boxes ("Excluded (n=7307)") have no full stop, and a long clause before the
        bracket ("we excluded all incident cases within five years (n = 147)") is an exclusion.
        """
        label = self.phrases.outcome_before(sentence, match.start())
        return (self.count(match["ev"]) or 0) > 0 and sentence.rstrip().endswith((".", "!", "?")) \
            and 0 < len(label.split()) <= _MAX_LABEL_WORDS

    def _read_percent_only(self, rule, match, sentence, group):
        outcome = self._outcome(sentence, match)
        return self._simple(rule, match, sentence, events=None, total=None, outcome=outcome)

    def _read_zero(self, rule, match, sentence, group):
        groups = match.re.groupindex
        total = self.count(match["tot"]) if "tot" in groups else None
        if "out" in groups:
            outcome = match["out"]
        else:
            anchor = match.end("unit") if "unit" in groups and match["unit"] else match.end()
            outcome = self.phrases.outcome_after(sentence, anchor) or self.phrases.clause_after(sentence, anchor)
        if total == 0:
            return []
        if "unit" in groups and match["unit"] is None and total is None:
            # "none of these were associated with ...": variables, not units of analysis.
            return []
        return self._simple(rule, match, sentence, events=0, total=total, outcome=outcome)

    def _read_pair(self, rule, match, sentence, group):
        first, second = self.count(match["ev"]), self.count(match["ev2"])
        labels = (_SEX_LABELS[match["la"].lower()], _SEX_LABELS[match["lb"].lower()])
        if first is None or second is None or labels[0] == labels[1]:
            return []
        context = self._context(sentence, *match.span())
        unit = self._unit_hint.search(sentence)
        flags = ("number_word",) if not match["ev"][0].isdigit() else ()
        found = []
        for n, ev, la, pcts in ((first, "ev", "la", ("pct", "pct_a")), (second, "ev2", "lb", ("pct2", "pct_b"))):
            percent = next((_normal_percent(match[g]) for g in pcts if g in match.re.groupindex and match[g]), None)
            if percent is not None and float(percent) > 100:
                return []
            end = match.end(pcts[1]) + 1 if pcts[1] in match.re.groupindex and match[pcts[1]] else match.end(la)
            found.append(FigureMatch(rule=rule.id, family=rule.family, start=match.start(ev), end=min(end, match.end()),
                                     events=n, total=None, unit=self.rules.unit(unit["unit"]) if unit else None,
                                     percent=percent, outcome=match[la], group=group, min_total=first + second,
                                     flags=flags + (("zero_events",) if n == 0 else ()), **context))
        return found

    def _read_percent_list(self, rule, match, sentence, group):
        """ "grade I in 31.3%, grade II in 37.5% and grade III in 40.6% of patients": one breakdown."""
        offset = match.start("items")
        items = list(self._percent_item.finditer(match["items"]))
        if len(items) < 2:
            return []
        unit = self.rules.unit(match["unit"])
        found = []
        for item in items:
            label = self.phrases.strip_timepoints(item["label"])
            outcome = self.phrases.outcome_before(label + " in ", len(label) + 4)
            percent = _normal_percent(item["pct"])
            if not outcome or float(percent) > 100:
                return []
            start, end = offset + item.start("pct"), offset + item.end()
            found.append(FigureMatch(rule=rule.id, family=rule.family, start=start, end=end, events=None, total=None,
                                     unit=unit, percent=percent, outcome=outcome, group=group,
                                     **self._context(sentence, start, end)))
        return found

    def _read_arm_list(self, rule, match, sentence, group):
        """ "Four patients died: three in the conservative group and one in the surgical group": the
        arms of the count before; the outcome and unit come from that count, the totals from the arms."""
        offset = match.start("items")
        items = list(self._arm_item.finditer(match["items"]))
        arms = [" ".join(i["arm"].lower().split()) for i in items]
        if len(items) < 2 or len(set(arms)) != len(arms):
            return []
        found = []
        for item, arm in zip(items, arms):
            events = self.count(item["ev"])
            if events is None:
                return []
            start, end = offset + item.start(), offset + item.end()
            flags = (("number_word",) if not item["ev"][0].isdigit() else ()) + (("zero_events",) if events == 0 else ())
            found.append(FigureMatch(rule=rule.id, family=rule.family, start=start, end=end, events=events, total=None,
                                     unit=None, percent=None, outcome="", subgroup=arm, group=group, flags=flags,
                                     timepoint=self.phrases.timepoint(sentence, start, end)))
        return found

    def _read_letter_list(self, rule, match, sentence, group):
        items = list(self._letter_item.finditer(match["items"]))
        labels = [i["label"] for i in items]
        if len(set(labels)) != len(labels):
            return []
        head = self.phrases.outcome_before(sentence, match.start())
        head = re.sub(rf"^.*?\b(?:{self.rules.macros['UNIT']})\s+(?:with|had|having)\s+", "", head, flags=re.IGNORECASE)
        if not head:
            return []
        counts = [int(i["ev"]) for i in items]
        offset = match.start("items")
        context = self._context(sentence, *match.span())
        # "Twenty patients (A17, B3)": the count just before the bracket is the total.
        stated = self._count_before.search(sentence, 0, match.start())
        total = self.count(stated["tot"]) if stated else None
        unit = self.rules.unit(stated["unit"]) if stated else self._unit(match, sentence)
        if stated is not None and head.strip() == stated.group().strip():
            # "Twenty patients (A17, B3)": the sentence names no condition; the document stage
            # looks for the word the paper puts before these letters ("haemophilia A").
            head = ""
        if total is not None and total < sum(counts):
            total = None
        return [FigureMatch(rule=rule.id, family=rule.family, start=offset + i.start(), end=offset + i.end(),
                            events=n, total=total, unit=unit, percent=None,
                            outcome=f"{head} {i['label']}".strip(), group=group, min_total=sum(counts),
                            flags=("zero_events",) if n == 0 else (), **context)
                for i, n in zip(items, counts)]

    def _read_respectively(self, rule, match, sentence, group):
        offset = match.start("items")
        items = [i for i in self._item.finditer(match["items"]) if self.count(i["ev"]) is not None]
        if len(items) < 2:
            return []
        after = sentence[match.end("items"):match.end()]
        categories = self._categories(sentence[:match.start()], after, len(items))
        if not categories:
            return []
        unit = self._unit(match, sentence)
        figures = []
        for item, category in zip(items, categories):
            events = self.count(item["ev"])
            start, end = offset + item.start(), offset + item.end()
            flags = ["respectively"]
            if not item["ev"][0].isdigit():
                flags.append("number_word")
            if events == 0:
                flags.append("zero_events")
            figures.append(FigureMatch(rule=rule.id, family=rule.family, start=start, end=end, events=events,
                                       total=None, unit=unit, percent=_normal_percent(item["pct"]),
                                       outcome=category, group=group, flags=tuple(flags),
                                       **self._context(sentence, start, end)))
        return figures

    def _categories(self, before: str, after: str, k: int) -> list[str]:
        """The k categories a "respectively" list is paired with, as worded."""
        tail = re.match(r"\s+(?:\w+\s+)?(?:for|in|among|with|of|had|were|showed|developed)\s+(?P<list>.+?)\s*,?\s*\(?\s*respectively", after,
                        re.IGNORECASE | re.DOTALL)
        if tail:
            text = tail["list"]
        else:
            text = before.rstrip(" ,:")
            last_and = max(text.rfind(" and "), text.rfind(" or "))
            if last_and < 0:
                return []
            text = text[:last_and + 4] + self._categories_stop.sub("", text[last_and + 4:])
        text = self.phrases.strip_timepoints(text)
        joined = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", " ".join(text.split()))
        if len(joined) < k:
            return []
        items = [w.strip() for w in joined[-k:]]
        items[0] = self._last_verb.sub("", items[0])
        items = [re.sub(r"^(?:the|a|an)\s+", "", w, flags=re.IGNORECASE) for w in items]
        if not all(items) or any(len(w.split()) > 8 for w in items):
            return []
        lengths = [len(w.split()) for w in items]
        if lengths[0] > max(lengths[1:]) and all(_LABEL.fullmatch(w) for w in items[1:]):
            # "grades II, III and IV": the first item carries the head word for all of its labels.
            words = items[0].split()
            head = words[:lengths[0] - max(lengths[1:])]
            head[-1] = _singular_head(head[-1])
            items = [" ".join(head + words[len(head):])] + [f"{' '.join(head)} {w}" for w in items[1:]]
        elif lengths[-1] > max(lengths[:-1]) or (
                lengths[-1] >= 2 and items[-1].split()[-1].lower().endswith("s")
                and not any(w.split()[-1].lower() == items[-1].split()[-1].lower() for w in items[:-1])):
            # "femoral, obturator and cutaneous neuropathy", "lateral femoral cutaneous, obturator
            # and genitofemoral deficits": the last item carries the noun.
            noun = items[-1].split()[-1]
            items = [f"{w} {noun}" for w in items[:-1]] + [items[-1]]
        return items


_HEAD_LABEL = re.compile(r"(?P<head>[A-Za-z][\w -]*?)\s+(?P<label>[IVX]+|[A-Z]|\d{1,2}[a-z]?)")


def _count_only(match: re.Match[str]) -> bool:
    """Whether the match states a count without its total ("45 (19.2%)")."""
    groups = match.re.groupindex
    return "ev" in groups and "tot" not in groups


def _label_breakdowns(figures: list[FigureMatch]) -> list[FigureMatch]:
    """Figures of one sentence named by one head and different labels ("haemophilia A ... haemophilia B",
    "grade I ... grade II") are the categories of one breakdown."""
    by_head: dict[str, list[int]] = {}
    for i, figure in enumerate(figures):
        found = _HEAD_LABEL.fullmatch(figure.outcome)
        if figure.group is None and found:
            by_head.setdefault(found["head"].lower(), []).append(i)
    next_group = max((f.group for f in figures if f.group is not None), default=-1) + 1
    figures = list(figures)
    for members in by_head.values():
        labels = {_HEAD_LABEL.fullmatch(figures[i].outcome)["label"] for i in members}
        if len(members) >= 2 and len(labels) == len(members):
            for i in members:
                figures[i] = replace(figures[i], group=next_group)
            next_group += 1
    return figures


def _singular_head(word: str) -> str:
    """ "grades" -> "grade": a head word shared by labelled categories names each one of them."""
    lowered = singular(word.lower())
    return word[:len(lowered)] if lowered != word.lower() else word


def _inherit(figures: list[FigureMatch]) -> list[FigureMatch]:
    """Fill a figure's missing outcome or unit from the figure before it in the same sentence.

    "recovery was complete in 15 limbs (71.4%), partial in four (19.0%)": the second count is
    of limbs too. A figure with no outcome and nothing to inherit from is dropped.
    """
    kept: list[FigureMatch] = []
    for figure in figures:
        previous = kept[-1] if kept else None
        if figure.rule == _LIST_CONTINUATION and previous is None:
            continue
        if previous is not None and figure.unit is None and previous.unit is not None:
            figure = replace(figure, unit=previous.unit)
        # An outcome read across an earlier figure ("in 23 of 150 in the intervention arm and") is that figure's.
        vague = bool(_VAGUE_OUTCOME.fullmatch(figure.outcome) or re.search(r"\d", figure.outcome))
        if (not figure.outcome or vague) and previous is not None and previous.outcome:
            figure = replace(figure, outcome=previous.outcome)
        elif previous is not None and figure.outcome.lower() in DEGREE_WORDS:
            # "recovery was complete in 15 limbs, partial in four and absent in two": the degree
            # takes the place of the one before it in the same noun phrase.
            words = previous.outcome.split()
            if len(words) >= 2 and words[0].lower() in DEGREE_WORDS:
                figure = replace(figure, outcome=" ".join([figure.outcome.lower()] + words[1:]))
        elif not figure.outcome:
            continue
        kept.append(figure)
    return kept


def _inside_scale(sentence: str, start: int) -> bool:
    """Whether a fraction is a score on a scale ("VAS 8/10") rather than a count."""
    return bool(_SCALE_WORDS.search(sentence[max(0, start - _SCALE_REACH):start]))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _count_span(match: re.Match[str]) -> tuple[int, int]:
    for name in ("ev", "items", "tot"):
        if name in match.re.groupindex and match[name] is not None:
            return match.span(name)
    return match.span()


def _normal_percent(text: str | None) -> str | None:
    return text.replace("·", ".") if text else None


def _percent(match: re.Match[str]) -> str | None:
    return _normal_percent(match["pct"]) if "pct" in match.re.groupindex else None
