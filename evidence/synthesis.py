"""Pool the corpus's cohort figures concept by concept, keeping units of analysis apart.

Each analysis gathers, for one (concept, unit), at most one figure per document, pools them with
:func:`evidence.pooling.pool_proportions`, repeats the pooling under every transform as a
sensitivity analysis and, on request, tests subgroup differences. Everything a reader should be
told (mixed units, a shared cohort, few studies, an unreliable back-transform) becomes a warning.
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from evidence.errors import PoolingError
from evidence.pooling import pool_proportions
from evidence.pooling.exact import study_intervals
from evidence.pooling.result import PooledEstimate
from evidence.pooling.sensitivity import transform_sensitivity
from evidence.pooling.subgroups import subgroup_test
from evidence.pooling.validate import check_options
from evidence.schema import CITES_OTHER_WORK, CohortFigure, DocumentRecord, family_name

__all__ = ["BY_CHOICES", "SMALL_K", "OutcomeAnalysis", "StudyRow", "SubgroupAnalysis", "analyse_rows",
           "read_pool_csv", "synthesize", "transform_sensitivity"]

BY_CHOICES = ("subgroup",)
# Below three studies tau² rests on one or two degrees of freedom and the prediction interval
# (t with k - 2 df) does not exist: readers must be told the pooled figure is fragile.
SMALL_K = 3
_SECTION_RANK = {"results": 0, "table": 0, "abstract": 2}


@dataclass(frozen=True)
class StudyRow:
    """One study in an analysis, with its exact interval and where its numbers came from."""

    label: str
    events: int
    total: int
    proportion: float
    ci_lb: float
    ci_ub: float
    weight_pct: float
    document: int | None = None
    page: int | None = None
    subgroup: str | None = None
    figure: CohortFigure | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "events": self.events, "total": self.total,
                "proportion": self.proportion, "ci_lb": self.ci_lb, "ci_ub": self.ci_ub,
                "weight_pct": self.weight_pct, "document": self.document, "page": self.page,
                "subgroup": self.subgroup,
                "quote": None if self.figure is None else self.figure.quote,
                "section": None if self.figure is None else self.figure.section,
                "rule": None if self.figure is None else self.figure.rule}


@dataclass(frozen=True)
class SubgroupAnalysis:
    """The test for subgroup differences, with separate and with common between-study variance."""

    by: str
    groups: tuple[tuple[str, PooledEstimate], ...]
    q_between: float
    df_between: int
    p_between: float
    qm: float
    qm_df: int
    qm_p: float

    def to_dict(self) -> dict[str, Any]:
        return {"by": self.by, "groups": [{"name": n, "pooled": p.to_dict()} for n, p in self.groups],
                "q_between": self.q_between, "df_between": self.df_between, "p_between": self.p_between,
                "qm": self.qm, "qm_df": self.qm_df, "qm_p": self.qm_p}


@dataclass(frozen=True)
class OutcomeAnalysis:
    """The pooled analysis of one concept in one unit of analysis."""

    concept: str
    unit: str
    studies: tuple[StudyRow, ...]
    pooled: PooledEstimate
    sensitivity: tuple[PooledEstimate, ...]
    subgroups: SubgroupAnalysis | None
    warnings: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"concept": self.concept, "unit": self.unit, "k": self.pooled.k,
                "studies": [s.to_dict() for s in self.studies], "pooled": self.pooled.to_dict(),
                "sensitivity": [p.to_dict() for p in self.sensitivity],
                "subgroups": None if self.subgroups is None else self.subgroups.to_dict(),
                "warnings": list(self.warnings)}



# -- labels and rows ------------------------------------------------------------------------

def _document_label(doc: DocumentRecord | None, fallback: str) -> str:
    return doc.label if doc is not None else fallback


def _unique(labels: Sequence[str]) -> list[str]:
    """Suffix a, b, ... to labels that occur more than once ('Li 2023a', 'Li 2023b')."""
    counts: dict[str, int] = defaultdict(int)
    for lab in labels:
        counts[lab] += 1
    seen: dict[str, int] = defaultdict(int)
    out = []
    for lab in labels:
        if counts[lab] > 1:
            out.append(f"{lab}{chr(ord('a') + seen[lab])}")
            seen[lab] += 1
        else:
            out.append(lab)
    return out


def _rows(labels, events, totals, weights, *, documents=None, pages=None, subgroups=None,
          figures=None) -> tuple[StudyRow, ...]:
    k = len(events)
    lower, upper = study_intervals(events, totals)
    none = [None] * k
    return tuple(StudyRow(label=lab, events=int(x), total=int(n), proportion=x / n, ci_lb=float(lo),
                          ci_ub=float(hi), weight_pct=float(w), document=d, page=pg, subgroup=sg, figure=f)
                 for lab, x, n, lo, hi, w, d, pg, sg, f in zip(
                     _unique(labels), events, totals, lower, upper, weights, documents or none,
                     pages or none, subgroups or none, figures or none))


def read_pool_csv(path) -> list[StudyRow]:
    """Read a CSV with columns study,events,total[,subgroup] (as R's metaprop takes them)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise PoolingError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise PoolingError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); save the CSV as UTF-8") from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in ("study", "events", "total") if c not in columns]
    if missing:
        raise PoolingError(f"{path}: missing column(s) {', '.join(missing)}; expected study,events,total[,subgroup] "
                           f"(got {','.join(columns) or 'no header'})")
    labels, events, totals, groups = [], [], [], []
    for raw in reader:
        line = reader.line_num
        if None in raw:
            raise PoolingError(f"{path}, line {line}: {len(columns) + len(raw[None])} fields, but the header has "
                               f"{len(columns)} ({','.join(columns)}); quote labels that contain commas")
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
        counts = []
        for col in ("events", "total"):
            try:
                counts.append(int(row[col]))
            except ValueError:
                raise PoolingError(f"{path}, line {line}: {col} must be a whole number (got {row[col]!r})") from None
        x, n = counts
        if n < 1 or x < 0 or x > n:
            raise PoolingError(f"{path}, line {line}: need 0 <= events <= total and total >= 1 (got {x}/{n})")
        labels.append(row["study"] or f"line {line}")
        events.append(x)
        totals.append(n)
        groups.append(row.get("subgroup") or None)
    if not events:
        raise PoolingError(f"{path}: no study rows below the header")
    return list(_rows(labels, events, totals, [math.nan] * len(events), subgroups=groups))


# -- one analysis ---------------------------------------------------------------------------

def _subgroups(rows: Sequence[StudyRow], by: str, measure: str, method: str, test: str,
               level: float) -> tuple[SubgroupAnalysis | None, list[str]]:
    labels = [r.subgroup or "(no subgroup)" for r in rows]
    if len(set(labels)) < 2:
        return None, [f"subgroup analysis skipped: the studies form fewer than two subgroups ({', '.join(sorted(set(labels)))})"]
    res = subgroup_test([r.events for r in rows], [r.total for r in rows], labels,
                        measure=measure, method=method, test=test, level=level)
    return SubgroupAnalysis(by=by, groups=tuple(zip(res.levels, res.groups)), q_between=res.q_between,
                            df_between=res.df_between, p_between=res.p_between, qm=res.qm,
                            qm_df=res.qm_df, qm_p=res.qm_p), list(res.notes)


def analyse_rows(rows: Sequence[StudyRow], *, concept: str = "input", unit: str = "studies",
                 by: str | None = None, measure: str = "PLO", method: str = "REML", test: str = "z",
                 level: float = 0.95, warnings: Sequence[str] = ()) -> OutcomeAnalysis:
    """Pool given study rows: main analysis, transform sensitivity, optional subgroup test."""
    check_options(measure, method, test, level, 0.5)
    if by is not None and by not in BY_CHOICES:
        raise PoolingError(f"'by' must be one of {', '.join(BY_CHOICES)} (got {by!r})")
    events = [r.events for r in rows]
    totals = [r.total for r in rows]
    pooled = pool_proportions(events, totals, measure=measure, method=method, test=test, level=level)
    sensitivity = transform_sensitivity(events, totals, method=method, test=test, level=level)
    notes = list(warnings)
    if len(rows) < SMALL_K:
        notes.append(f"only {len(rows)} stud{'y' if len(rows) == 1 else 'ies'}: the pooled estimate and "
                     "its heterogeneity are fragile")
    for result in (pooled, *sensitivity):
        notes.extend(n for n in result.notes if n not in notes)
    subgroups = None
    if by is not None:
        subgroups, sub_notes = _subgroups(rows, by, measure, method, test, level)
        notes.extend(sub_notes)
    weighted = tuple(StudyRow(label=r.label, events=r.events, total=r.total, proportion=r.proportion,
                              ci_lb=r.ci_lb, ci_ub=r.ci_ub, weight_pct=w, document=r.document, page=r.page,
                              subgroup=r.subgroup, figure=r.figure)
                     for r, w in zip(rows, pooled.weights_pct))
    return OutcomeAnalysis(concept=concept, unit=unit, studies=weighted, pooled=pooled,
                           sensitivity=sensitivity, subgroups=subgroups, warnings=tuple(notes))


# -- from the corpus ------------------------------------------------------------------------

def _preference(fig: CohortFigure) -> tuple:
    """Sort key: whole cohort, then results/table over other sections over the abstract, then
    stated over inferred denominators; page and offset make the choice deterministic."""
    whole = fig.subgroup is None and fig.timepoint is None
    return (not whole, _SECTION_RANK.get(fig.section, 1), "denominator_inferred" in fig.flags,
            fig.page or 0, fig.start)


def _where(fig: CohortFigure) -> str:
    return f"{fig.section}, p. {fig.page}" if fig.page else fig.section


def _table_arms(figures: Sequence[CohortFigure]) -> list[CohortFigure] | None:
    """The columns of one table row that split a study into arms (Conservative | Surgical), when
    the study states the outcome for no whole cohort: one figure per distinct subgroup, or None."""
    if any(f.subgroup is None for f in figures):
        return None
    by_row: dict[tuple, dict[str, CohortFigure]] = defaultdict(dict)
    for f in sorted(figures, key=_preference):
        if f.section == "table" and f.table is not None:
            by_row[f.page, f.table, f.outcome, f.timepoint].setdefault(f.subgroup, f)
    rows = [list(arms.values()) for arms in by_row.values() if len(arms) >= 2]
    return max(rows, key=len) if rows else None


def _combine_arms(arms: Sequence[CohortFigure]) -> CohortFigure:
    first = arms[0]
    return replace(first, events=sum(a.events for a in arms), total=sum(a.total for a in arms), subgroup=None,
                   percent=None, flags=(*first.flags, "arms_combined"))


def _pick(figures: Sequence[CohortFigure], label: str, concept: str, *,
          stands_for_study: bool = True) -> tuple[CohortFigure, list[str]]:
    """The figure that represents a study; ``stands_for_study`` is false when picking one per
    subgroup, where a subgroup figure is what is wanted."""
    arms = _table_arms(figures)
    if arms is not None:
        combined = _combine_arms(arms)
        parts = " and ".join(f"{a.subgroup} ({a.events}/{a.total})" for a in arms)
        return combined, [f"{label}: no whole-cohort figure for {concept}; its table arms {parts} "
                          f"were added up to {combined.events}/{combined.total}"]
    ranked = sorted(figures, key=_preference)
    chosen = ranked[0]
    notes = []
    if stands_for_study and chosen.subgroup is not None:
        notes.append(f"{label}: only the subgroup '{chosen.subgroup}' reports {concept} "
                     f"({chosen.events}/{chosen.total}); it stands for the study")
    same_population = [f for f in ranked if (f.subgroup, f.timepoint) == (chosen.subgroup, chosen.timepoint)]
    values = {(f.events, f.total) for f in same_population}
    if len(values) > 1:
        listed = "; ".join(f"{f.events}/{f.total} ({_where(f)})" for f in same_population)
        notes.append(f"{label} reports {concept} with different values: {listed}; pooled "
                     f"{chosen.events}/{chosen.total} ({_where(chosen)})")
    return chosen, notes


def _mixed_timepoints(rows: Sequence[StudyRow]) -> list[str]:
    stated = {r.label: r.figure.timepoint for r in rows if r.figure is not None and r.figure.timepoint}
    if len(set(stated.values())) <= 1:
        return []
    listed = "; ".join(f"{label} at {when}" for label, when in stated.items())
    return [f"the studies report this outcome at different times ({listed}): pool one timepoint at a time "
            "if the difference matters"]


def _shared_cohorts(rows: Sequence[StudyRow], documents: Mapping[int, DocumentRecord]) -> list[str]:
    notes = []
    by_doc: dict[int, list[StudyRow]] = defaultdict(list)
    for r in rows:
        if r.document is not None:
            by_doc[r.document].append(r)
    for doc_rows in by_doc.values():
        if len(doc_rows) > 1:
            notes.append(f"{', '.join(r.label for r in doc_rows)} come from one document: their "
                         "participants overlap, so they are not independent studies")
    singles = [r for r in rows if r.document is not None]
    for i, a in enumerate(singles):
        for b in singles[i + 1:]:
            if a.document == b.document or a.total != b.total:
                continue
            fa = documents.get(a.document)
            fb = documents.get(b.document)
            if fa and fb and fa.first_author and fb.first_author and \
                    family_name(fa.first_author).lower() == family_name(fb.first_author).lower():
                notes.append(f"{a.label} and {b.label} share the first author and the total ({a.total}): "
                             "they may report the same cohort")
    return notes


def synthesize(figures: Sequence[CohortFigure], documents: Mapping[int, DocumentRecord], *,
               concepts: Sequence[str] | None = None, unit: str | None = None, by: str | None = None,
               measure: str = "PLO", method: str = "REML", test: str = "z", level: float = 0.95,
               allow_mixed_units: bool = False) -> list[OutcomeAnalysis]:
    """One analysis per (concept, unit of analysis), in concept then unit order."""
    check_options(measure, method, test, level, 0.5)
    if by is not None and by not in BY_CHOICES:
        raise PoolingError(f"'by' must be one of {', '.join(BY_CHOICES)} (got {by!r})")
    if unit is not None and figures and not any(f.unit == unit for f in figures):
        raise PoolingError(f"no figures counted in unit {unit!r}; units in the corpus: "
                           f"{', '.join(sorted({f.unit for f in figures}))}")
    wanted = set(concepts) if concepts else None
    chosen = [f for f in figures if (wanted is None or f.concept in wanted) and (unit is None or f.unit == unit)]
    if wanted:
        found = {f.concept for f in chosen}
        absent = sorted(wanted - found)
        if absent and not found:
            known = sorted({f.concept for f in figures})
            raise PoolingError(f"no figures for concept(s) {', '.join(absent)}"
                               f"{f' in unit {unit!r}' if unit else ''}; known concepts: {', '.join(known) or 'none'}")
    # A figure quoted from another study (a review restating a case series) is not a cohort of
    # the citing paper: pooling it would count the cited patients twice.
    restated: dict[tuple[str, str], int] = defaultdict(int)
    for f in chosen:
        if CITES_OTHER_WORK in f.flags:
            restated[f.concept, f.unit] += 1
    chosen = [f for f in chosen if CITES_OTHER_WORK not in f.flags]
    by_concept: dict[str, dict[str, list[CohortFigure]]] = defaultdict(lambda: defaultdict(list))
    for f in chosen:
        by_concept[f.concept][f.unit].append(f)
    analyses = []
    for concept in sorted(by_concept):
        units = by_concept[concept]
        groups: list[tuple[str, list[CohortFigure], list[str]]]
        if len(units) > 1 and allow_mixed_units:
            groups = [("mixed", [f for u in sorted(units) for f in units[u]],
                       [f"units of analysis pooled together as asked: {', '.join(sorted(units))}"])]
        elif len(units) > 1:
            note = (f"{concept} is counted in different units ({', '.join(sorted(units))}): pooled "
                    "separately, never together (allow mixed units to override)")
            groups = [(u, units[u], [note]) for u in sorted(units)]
        else:
            (u, figs), = units.items()
            groups = [(u, figs, [])]
        for unit_name, figs, notes in groups:
            left_out = sum(n for (c, u), n in restated.items() if c == concept and unit_name in (u, "mixed"))
            if left_out:
                notes = [*notes, f"{left_out} figure(s) restating other studies' results (cites_other_work) "
                                 "left out, so that no cohort is counted twice"]
            analyses.append(_analyse_figures(concept, unit_name, figs, documents, notes, by, measure,
                                             method, test, level))
    return analyses


def _study_rows(figs: Sequence[CohortFigure], documents: Mapping[int, DocumentRecord], concept: str, *,
                per_subgroup: bool) -> tuple[list[StudyRow], list[str]]:
    """One row per document (or per document and subgroup), with warnings about the choice."""
    per_source: dict[Any, list[CohortFigure]] = defaultdict(list)
    for i, f in enumerate(figs):
        key = ("document", f.document) if f.document is not None else ("figure", i)
        if per_subgroup:
            key = key + (f.subgroup,)
        per_source[key].append(f)
    picked: list[CohortFigure] = []
    notes: list[str] = []
    # first-appearance order: the store lists figures by document, page and offset
    for candidates in per_source.values():
        doc = documents.get(candidates[0].document) if candidates[0].document is not None else None
        fig, warn = _pick(candidates, _document_label(doc, f"document {candidates[0].document}"), concept,
                          stands_for_study=not per_subgroup)
        picked.append(fig)
        notes.extend(warn)
    labels = []
    for f in picked:
        doc = documents.get(f.document) if f.document is not None else None
        base = _document_label(doc, f"document {f.document}" if f.document is not None else f.outcome or concept)
        labels.append(f"{base} ({f.subgroup})" if f.subgroup else base)
    rows = _rows(labels, [f.events for f in picked], [f.total for f in picked], [math.nan] * len(picked),
                 documents=[f.document for f in picked], pages=[f.page for f in picked],
                 subgroups=[f.subgroup for f in picked], figures=picked)
    return list(rows), notes


def _analyse_figures(concept: str, unit: str, figs: Sequence[CohortFigure], documents: Mapping[int, DocumentRecord],
                     notes: list[str], by: str | None, measure: str, method: str, test: str,
                     level: float) -> OutcomeAnalysis:
    # The main analysis takes one figure per document, so no participant is counted twice; the
    # subgroup comparison, when asked for, uses the figures that name a subgroup.
    rows, pick_notes = _study_rows(figs, documents, concept, per_subgroup=False)
    warnings = [*notes, *pick_notes, *_shared_cohorts(rows, documents), *_mixed_timepoints(rows)]
    analysis = analyse_rows(rows, concept=concept, unit=unit, measure=measure, method=method,
                            test=test, level=level, warnings=warnings)
    if by is None:
        return analysis
    named = [f for f in figs if f.subgroup is not None]
    if not named:
        return replace(analysis, warnings=(*analysis.warnings,
                                           "subgroup analysis skipped: no figure of this outcome names a subgroup"))
    sub_rows, sub_notes = _study_rows(named, documents, concept, per_subgroup=True)
    subgroups, test_notes = _subgroups(sub_rows, by, measure, method, test, level)
    shared = _shared_cohorts(sub_rows, documents)
    extra = [n for n in (*sub_notes, *shared, *test_notes) if n not in analysis.warnings]
    return replace(analysis, subgroups=subgroups, warnings=(*analysis.warnings, *extra))
