"""Sentence matches -> :class:`~evidence.schema.CohortFigure`: totals, units, quotes, flags.

The document stage of figure extraction. A :class:`FigureMatch` says what one sentence states;
here each gets its total (from the sentence, from the count "these" points back to, or from
the cohort sizes stated across the paper), its unit, the row quote of a table line that reached
the text, and the flags that say how the figure was read. Pure functions over values.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from evidence.schema import CITES_OTHER_WORK, CohortFigure
from extractors.cohorts import (
    Cohort,
    CohortIndex,
    arm_name,
    arm_size,
    resolve_percent_only,
    resolve_total,
)
from extractors.concepts import load_concepts, normalize_concept, normalize_text
from extractors.figure_rules import load_figure_rules
from extractors.figure_tables import text_row
from extractors.numbers import percent_fit
from extractors.phrases import phrase_reader
from extractors.sentence_figures import CohortMatch, FigureMatch

__all__ = ["Located", "SentenceRead", "build_figures", "main_unit", "resolve_references", "stated_cohorts",
           "subgroup_cohorts"]

_ANAPHORA = re.compile(r"\b(?:of|among|amongst)\s+(?:these|them|whom|those)\b", re.IGNORECASE)
_FLOW_OUTCOME = re.compile(r"(?:included|enrolled|recruited|randomi[sz]ed|eligible|screened)\b", re.IGNORECASE)


@dataclass(frozen=True)
class SentenceRead:
    """What the component read from one sentence, offsets into that sentence."""

    start: int
    text: str
    figures: tuple[FigureMatch, ...]
    cohorts: tuple[CohortMatch, ...]


@dataclass(frozen=True)
class Located:
    """A sentence read from a page, with where it stands and which section it is in."""

    page: int
    start: int
    read: SentenceRead
    section: str
    # How the sentence cites other work without speaking of the paper's own data: "named"
    # ("Smith et al."), "marker" (a reference number only) or None.
    cites: str | None = None


def stated_cohorts(located: Sequence[Located]) -> list[Cohort]:
    """Every cohort size the paper states; two rules reading the same words state it once."""
    unique: dict[tuple[int, int], Cohort] = {}
    for loc in located:
        for c in loc.read.cohorts:
            unique.setdefault((loc.page, loc.start + c.start), Cohort(
                size=c.size, unit=c.unit, page=loc.page, offset=loc.start + c.start, quote=loc.read.text,
                rule=c.rule, sentence_start=loc.start, local=c.local))
    return list(unique.values())


def subgroup_cohorts(figures: Sequence[CohortFigure]) -> list[Cohort]:
    """Both numbers of "palsy in 21 of 32 limbs" may be the total of a later percentage."""
    return [Cohort(size=size, unit=f.unit, page=f.page or 1, offset=f.start, quote=f.quote, rule=f.rule,
                   sentence_start=f.sentence_start, subgroup=True)
            for f in figures if f.section != "table" for size in {f.events, f.total} if size >= 2]


def main_unit(cohorts: Sequence[Cohort]) -> str | None:
    """The unit the paper states its cohorts in most often ("patients" on a tie)."""
    counts: dict[str, int] = {}
    for cohort in (c for c in cohorts if not c.subgroup):
        counts[cohort.unit] = counts.get(cohort.unit, 0) + 1
    return max(counts, key=lambda u: (counts[u], u == "patients")) if counts else None


def _as_row_cell(loc: Located, match: FigureMatch) -> tuple[FigureMatch, str | None]:
    """A figure read from a table row in the text takes the row label as outcome and quotes "label | cell"."""
    row = text_row(loc.read.text)
    cell = row.cell_at(match.start) if row is not None else None
    if row is None or cell is None:
        return match, None
    timepoint = phrase_reader().timepoint(row.outcome, 0, 0)
    outcome = phrase_reader().without_timepoint(row.outcome) if timepoint else row.outcome
    rules = load_figure_rules()
    unit = row.unit(rules) or match.unit
    return (replace(match, outcome=outcome or row.outcome, timepoint=timepoint, subgroup=None, unit=unit),
            f"{row.label} | {cell}")


def _with_antecedent(loc: Located, match: FigureMatch, antecedent: CohortFigure | None) -> FigureMatch:
    """"423 developed dementia; of these, 240 ...": the total is the count the words point back to."""
    if antecedent is None or match.total is not None or match.events is None or antecedent.events < max(match.events, 1):
        return match
    same_sentence = antecedent.sentence_start == loc.start and antecedent.end <= loc.start + match.start
    between = loc.read.text[antecedent.end - loc.start:match.start] if same_sentence else loc.read.text[:match.start]
    if not _ANAPHORA.search(between):
        return match
    if match.percent is not None and not percent_fit(match.events, antecedent.events, match.percent):
        # "Of these, 103 (4.5%)": a percentage that does not fit the count pointed back to is of another total.
        return match
    return replace(match, total=antecedent.events, unit=match.unit or antecedent.unit)


def _of_arm(loc: Located, match: FigureMatch, text: str) -> FigureMatch | None:
    """A count about a named study arm ("three in the conservative group", "None of the infants in
    the control group") takes the size the paper gives that arm; without one it is left unread,
    since the whole cohort would be a wrong total. Other figures pass unchanged."""
    name = arm_name(match.subgroup)
    if name is None or match.events is None or (match.total is not None and match.family != "arm_list"):
        return match
    if match.total is not None and (match.percent is None or percent_fit(match.events, match.total, match.percent)):
        return match
    own = text.replace(loc.read.text, " " * len(loc.read.text)) if loc.read.text else text
    size = arm_size(name, own, events=match.events, percent=match.percent)
    if size is None:
        # A printed percentage still lets the stated cohorts be tried (and a misfit flagged).
        return None if match.family == "arm_list" or match.percent is None else match
    return replace(match, total=size, flags=match.flags + ("denominator_inferred", "denominator_of_arm"))


def _build(loc: Located, match: FigureMatch, cohorts: CohortIndex, page_label: int | None,
           fallback_unit: str | None, antecedent: CohortFigure | None = None, text: str = "") -> CohortFigure | None:
    match, row_quote = _as_row_cell(loc, match)
    match = _with_antecedent(loc, match, antecedent)
    of_arm = _of_arm(loc, match, text)
    if of_arm is None:
        return None
    match = of_arm
    offset = loc.start + match.start
    flags = list(match.flags)
    events, total = match.events, match.total
    # A count without its total takes the unit the sentence names; one with its total is first
    # matched to a cohort of that size ("63.6% (28/44)" after "44 episodes").
    unit = match.unit or (match.unit_hint if total is None else None)
    denominator: Cohort | None = None
    if events is None:
        if unit is None or match.percent is None:
            return None
        found = resolve_percent_only(match.percent, unit=unit, page=loc.page, offset=offset, cohorts=cohorts)
        if found is None:
            return None
        events, resolution = found
        total, unit, denominator = resolution.total, resolution.unit, resolution.cohort
        flags.extend(resolution.flags)
    elif total is None:
        resolution = resolve_total(events, unit=unit, percent=match.percent, page=loc.page, offset=offset,
                                   cohorts=cohorts, min_total=match.min_total)
        if resolution is None and match.min_total and match.family in ("pair", "letter_list"):
            total, flags = match.min_total, flags + ["denominator_from_sum"]
            if unit is None:
                # Men and women, haemophilia A and B: categories of people.
                unit, flags = fallback_unit or "patients", flags + ([] if fallback_unit else ["unit_assumed"])
        elif resolution is None:
            return None
        else:
            total, unit, denominator = resolution.total, resolution.unit, resolution.cohort
            flags.extend(resolution.flags)
    if unit is None:
        unit = cohorts.unit_of_size(total) or match.unit_hint or fallback_unit
        if unit is None:
            # Nothing in the paper says what was counted ("9/10" in a genomics table): not a cohort figure.
            return None
    if loc.section == "methods" and match.total is None and match.percent is None and match.events is not None:
        # Methods describe the sample ("600 participants had their baseline test at T1"); a
        # count there is a result only when the paper gives its total or its percentage.
        return None
    if _FLOW_OUTCOME.match(match.outcome):
        # "59 patients (20%) were included": the flow of participants, not an outcome.
        return None
    if total < 1 or events > total:
        return None
    if match.family == "inferred" and match.percent is None and events == total and denominator is not None:
        # "Twenty patients had 44 episodes": a count equal to its own cohort restates the cohort.
        return None
    own_cohort = (denominator is not None and not denominator.subgroup and
                  (denominator.page, denominator.sentence_start) != (loc.page, loc.start)) or \
        "denominator_of_arm" in match.flags
    if loc.cites == "named" or (loc.cites == "marker" and not own_cohort):
        # A reference number on a count of the paper's own cohort ("... in two patients.⁷")
        # cites a method, not a result; a named author, or a number with its own total, is
        # another paper's result.
        flags.append(CITES_OTHER_WORK)
    quote_of_denominator = None
    if denominator is not None and (denominator.page, denominator.sentence_start) != (loc.page, loc.start):
        quote_of_denominator = denominator.quote
        flags.append("denominator_inferred")
    return CohortFigure(
        events=events, total=total, unit=unit, outcome=match.outcome, concept=normalize_concept(match.outcome),
        quote=row_quote or loc.read.text, start=offset, end=loc.start + match.end, rule=match.rule, page=page_label,
        sentence_start=loc.start, section=loc.section, subgroup=match.subgroup, timepoint=match.timepoint,
        percent=match.percent, flags=tuple(dict.fromkeys(flags)), denominator_quote=quote_of_denominator,
        denominator_page=(denominator.page if quote_of_denominator and page_label is not None else None),
        breakdown=(f"p{loc.page}:s{loc.start}:{match.group}" if match.group is not None else None),
    )


def build_figures(located: Sequence[Located], cohorts: Sequence[Cohort], fallback_unit: str | None,
                  paginated: bool, text: str = "") -> list[tuple[CohortFigure, Located, FigureMatch]]:
    """Each match that becomes a figure, with the sentence and match it came from, in text order.

    ``text`` is the document's text, where the sizes of named study arms are looked up. The
    cohorts are indexed once (pass a :class:`CohortIndex` to share one between calls)."""
    index = cohorts if isinstance(cohorts, CohortIndex) else CohortIndex(cohorts)
    built: list[tuple[CohortFigure, Located, FigureMatch]] = []
    for loc in located:
        for match in loc.read.figures:
            antecedent = built[-1][0] if built else None
            figure = _build(loc, match, index, loc.page if paginated else None, fallback_unit, antecedent, text)
            if figure is not None:
                built.append((figure, loc, match))
    return built


# An outcome that only points back: "It complicated 7 of the 9 episodes", "the corresponding figures were".
_POINTER = re.compile(r"(?:it|this|that|they|these|those|the\s+same|(?:the\s+)?(?:(?:corresponding|highest|lowest|"
                      r"overall|pooled|same|respective)\s+)?(?:figures?|numbers?|rates?|proportions?|values?))",
                      re.IGNORECASE)
_SUBJECT = re.compile(r"^(?P<subject>[^,;:()]{3,80}?)\s+(?:was|were|is|are|had|has|remained)\b", re.IGNORECASE)
_WITH_ONE_WORD = re.compile(r"^[A-Za-z-]+\s+with\s+(?P<word>[A-Za-z-]+)$", re.IGNORECASE)


def resolve_references(figures: Sequence[CohortFigure], text: str) -> list[CohortFigure]:
    """Outcomes and subgroups that point back to what the paper said before. Pure.

    - "It complicated 7 of the 9 episodes", "At 12 months the corresponding figures were 26/41":
      the outcome of the figure before (and, for a figure with the same total, its subgroup);
    - "were also complicated by neuropathy": a bare head word is the concept the paper already
      named with it ("femoral neuropathy");
    - "12 of the 15 patients with palsy": a subgroup named by the short form of an earlier
      outcome is the affected group itself, which the total already says, not a subgroup;
    - "Twenty patients (A17, B3)": letters named by the word the paper puts before them.
    ``text`` is the document's text, where letter labels are looked up.
    """
    vocabulary = {c.id for c in load_concepts().concepts}
    letters: dict[str, set[str]] = {}
    for figure in figures:
        if figure.rule == "count.letter_list" and figure.breakdown and _LETTER.match(figure.outcome):
            letters.setdefault(figure.breakdown, set()).add(figure.outcome)
    heads = {key: _letter_head(sorted(group), text) for key, group in letters.items()}
    resolved: list[CohortFigure] = []
    earlier: list[CohortFigure] = []  # the resolved figures of the text, not of tables, so far
    # The last words of their outcomes of two words or more ("femoral neuropathy" -> "neuropathy"),
    # and for each the concept of the latest such outcome the vocabulary knows, kept as they come.
    named_heads: set[str] = set()
    concept_of_head: dict[str, str] = {}
    for figure in figures:
        if figure.section != "table":
            figure = _pointed_outcome(figure, earlier)
            figure = _elided_concept(figure, concept_of_head, vocabulary)
            figure = _affected_group(figure, named_heads)
            figure = _lettered(figure, heads.get(figure.breakdown or ""))
            earlier.append(figure)
            named = normalize_text(figure.outcome).split()
            if len(named) >= 2:
                named_heads.add(named[-1])
                if figure.concept in vocabulary:
                    concept_of_head[named[-1]] = figure.concept
        resolved.append(figure)
    return resolved


def _pointed_outcome(figure: CohortFigure, earlier: Sequence[CohortFigure]) -> CohortFigure:
    if not _POINTER.fullmatch(figure.outcome.strip()):
        return figure
    # "Femoral nerve involvement was frequent ..., and the highest rate, 89.3% (n = 25), ...": the
    # sentence's own subject, when it names a known outcome.
    subject = _SUBJECT.match(figure.quote)
    if subject and load_concepts().match(subject["subject"]):
        return replace(figure, outcome=subject["subject"].strip(), concept=normalize_concept(subject["subject"]))
    before = [f for f in earlier if f.sentence_start != figure.sentence_start or f.page != figure.page]
    if not before:
        return figure
    last = before[-1]
    sentence = [f for f in before if (f.page, f.sentence_start) == (last.page, last.sentence_start)]
    twin = next((f for f in sentence if f.total == figure.total and f.unit == figure.unit), None)
    return replace(figure, outcome=last.outcome, concept=last.concept,
                   subgroup=figure.subgroup or (twin.subgroup if twin is not None else None))


def _elided_concept(figure: CohortFigure, concept_of_head: dict[str, str], vocabulary: set[str]) -> CohortFigure:
    """A one-word outcome takes the concept of the latest known outcome it ends ("neuropathy")."""
    words = normalize_text(figure.outcome).split()
    if len(words) != 1 or figure.concept in vocabulary or words[0] not in concept_of_head:
        return figure
    return replace(figure, concept=concept_of_head[words[0]])


def _affected_group(figure: CohortFigure, named_heads: set[str]) -> CohortFigure:
    found = _WITH_ONE_WORD.match(figure.subgroup or "")
    if found is None or normalize_text(found["word"]) not in named_heads:
        return figure
    return replace(figure, subgroup=None)


_LETTER = re.compile(r"^[A-Z]$")


def _letter_head(group: Sequence[str], text: str) -> str | None:
    """The word the paper writes before every one of these letters ("haemophilia" for A and B)."""
    common: dict[str, int] | None = None
    for letter in group:
        found: dict[str, int] = {}
        for m in re.finditer(rf"\b([A-Za-z][a-z]{{3,}})\s+{letter}\b", text):
            word = m[1].lower()
            if word not in _NOT_HEADS:
                found[word] = found.get(word, 0) + 1
        common = found if common is None else {w: n + common[w] for w, n in found.items() if w in common}
    return max(common, key=lambda w: common[w]) if common else None


def _lettered(figure: CohortFigure, head: str | None) -> CohortFigure:
    if figure.rule != "count.letter_list" or not _LETTER.match(figure.outcome):
        return figure
    outcome = f"{head or 'type'} {figure.outcome}"
    return replace(figure, outcome=outcome, concept=normalize_concept(outcome))


# Words that stand before a capital letter without naming a category ("Table A", "group B" is one, kept).
_NOT_HEADS = frozenset({"table", "figure", "appendix", "panel", "vitamin", "plan", "section", "from",
                        "with", "and", "were", "that", "this"})
