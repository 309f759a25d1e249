"""Outcome sections: one pooled analysis (concept x unit) as a forest plot, tables and provenance.

Input is an :class:`evidence.synthesis.OutcomeAnalysis`; output the documented
:class:`OutcomeView`. Concepts reported in several units become :class:`UnitComparisonView`s:
shown side by side, each pooled on its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from evidence.report.formatting import (
    fmt_ci,
    fmt_count,
    fmt_estimate,
    fmt_number,
    fmt_p,
    fmt_percent,
    fmt_weight,
    is_number,
)
from evidence.report.forest import ForestGroup, ForestPlot, ForestStudy, ForestSummary, forest_svg
from evidence.report.provenance import file_href, split_quote
from evidence.report.viewmodels import (
    OutcomeView,
    PooledView,
    QuoteView,
    StudyView,
    SubgroupComparisonView,
    UnitComparisonView,
    UnitRowView,
)
from evidence.pooling import PooledEstimate
from evidence.schema import DocumentRecord
from evidence.synthesis import OutcomeAnalysis, StudyRow

__all__ = ["MEASURE_NAMES", "describe_method", "outcome_view", "unit_comparisons"]

MEASURE_NAMES = {
    "PLO": "logit transform",
    "PFT": "Freeman-Tukey double arcsine",
    "PAS": "arcsine transform",
    "PR": "untransformed proportions",
}
_SENSITIVITY_NAMES = {
    "PLO": "Logit",
    "PFT": "Freeman-Tukey double arcsine",
    "PAS": "Arcsine",
    "PR": "Raw proportions",
}


def _level_pct(level: float) -> int:
    return int(round(level * 100))


def _model_name(pooled: PooledEstimate) -> str:
    if pooled.method == "GLMM":
        return "Binomial-normal GLMM (ML)"
    if pooled.method == "EE":
        return f"Common-effect model, {MEASURE_NAMES[pooled.measure]} ({pooled.measure})"
    return f"Random-effects model ({pooled.method}), {MEASURE_NAMES[pooled.measure]} ({pooled.measure})"


def describe_method(pooled: PooledEstimate) -> str:
    """Transform, estimator, test, level and continuity correction in one line."""
    test = {"z": "z test", "knha": "Hartung-Knapp adjustment", "t": "t test"}.get(pooled.test, pooled.test)
    corrected = len(pooled.cc_applied)
    if corrected:
        cc = f"continuity correction added to {corrected} {'study' if corrected == 1 else 'studies'} with 0 or all events"
    elif pooled.measure in ("PLO", "PR") and pooled.method != "GLMM":
        cc = "no continuity correction needed"
    else:
        cc = "no continuity correction (not used with this transform)"
    return f"{_model_name(pooled)}; {test}; {_level_pct(pooled.level)}% CI; {cc}."


def _heterogeneity(pooled: PooledEstimate) -> str:
    if pooled.k < 2:
        return "Heterogeneity: not estimable from a single study."
    if pooled.method == "GLMM" or not is_number(pooled.Q):
        q = f"Wald Q = {fmt_number(pooled.Q_wald)} (df = {pooled.Q_df}), {fmt_p(pooled.Q_wald_p)}"
    else:
        q = f"Q = {fmt_number(pooled.Q)} (df = {pooled.Q_df}), {fmt_p(pooled.Q_p)}"
    return f"Heterogeneity: τ² = {fmt_number(pooled.tau2, 3)}; I² = {fmt_percent(pooled.I2)}; {q}"


def _summary(pooled: PooledEstimate, unit: str) -> str:
    level = _level_pct(pooled.level)
    text = (f"Pooled proportion {fmt_estimate(pooled.prop, pooled.prop_ci_lb, pooled.prop_ci_ub)} "
            f"({level}% CI) from {pooled.k} {'study' if pooled.k == 1 else 'studies'} ({unit})")
    if is_number(pooled.prop_pi_lb) and is_number(pooled.prop_pi_ub):
        text += f"; {level}% prediction interval {fmt_ci(pooled.prop_pi_lb, pooled.prop_pi_ub)}"
    return text + "."


def _pooled_view(label: str, pooled: PooledEstimate) -> PooledView:
    return PooledView(
        label=label, k=str(pooled.k),
        estimate=fmt_estimate(pooled.prop, pooled.prop_ci_lb, pooled.prop_ci_ub),
        prediction=fmt_ci(pooled.prop_pi_lb, pooled.prop_pi_ub),
        tau2=fmt_number(pooled.tau2, 3), i2=fmt_percent(pooled.I2), notes=tuple(pooled.notes))


def _sensitivity_label(pooled: PooledEstimate) -> str:
    if pooled.method == "GLMM":
        return "Binomial-normal GLMM (logit)"
    return f"{_SENSITIVITY_NAMES[pooled.measure]} ({pooled.measure}), {pooled.method}"


def _study_view(row: StudyRow, anchor: str, documents: Mapping[int, DocumentRecord], report_dir: Path | None) -> StudyView:
    record = documents.get(row.document) if row.document is not None else None
    figure = row.figure
    quote = QuoteView(*split_quote(figure)) if figure is not None else QuoteView(before="", mark="", after="")
    return StudyView(
        anchor=anchor, label=row.label,
        subgroup="" if not row.subgroup or row.label.endswith(f"({row.subgroup})") else row.subgroup,
        counts=fmt_count(row.events, row.total),
        estimate=fmt_estimate(row.proportion, row.ci_lb, row.ci_ub), weight=fmt_weight(row.weight_pct),
        document_anchor=f"doc-{record.id}" if record else "",
        title=(record.title or "") if record else "", first_author=(record.first_author or "") if record else "",
        year=str(record.year) if record and record.year else "",
        page=f"p. {row.page}" if row.page is not None else "",
        quote=quote,
        pdf_href=file_href(record, row.page, report_dir) if record else "",
        rule=figure.rule if figure is not None else "",
        flags=", ".join(figure.flags) if figure is not None else "")


def _summary_shape(label: str, pooled: PooledEstimate, weight_pct: float = 100.0) -> ForestSummary:
    return ForestSummary(label=label, k=pooled.k, prop=pooled.prop, ci_lb=pooled.prop_ci_lb,
                         ci_ub=pooled.prop_ci_ub, pi_lb=pooled.prop_pi_lb, pi_ub=pooled.prop_pi_ub,
                         weight_pct=weight_pct)


def _forest(analysis: OutcomeAnalysis, anchors: Sequence[str]) -> str:
    shapes = [ForestStudy(label=row.label, events=row.events, total=row.total, proportion=row.proportion,
                          ci_lb=row.ci_lb, ci_ub=row.ci_ub, weight_pct=row.weight_pct, href=f"#{anchor}")
              for row, anchor in zip(analysis.studies, anchors)]
    pooled_by_name = dict(analysis.subgroups.groups) if analysis.subgroups is not None else {}
    if all(r.subgroup in pooled_by_name for r in analysis.studies):
        # Every study belongs to one compared subgroup (e.g. haemophilia vs anticoagulant
        # series): draw the subgroups with their subtotals, RevMan style.
        built = []
        for name, pooled_group in pooled_by_name.items():
            members = tuple(s for s, r in zip(shapes, analysis.studies) if r.subgroup == name)
            if members:
                # The subtotal's weight in the overall model is the sum of its studies' weights.
                weight = sum(s.weight_pct for s in members if is_number(s.weight_pct))
                built.append(ForestGroup(name=name, studies=members,
                                         summary=_summary_shape("Subtotal", pooled_group, weight)))
        groups: tuple[ForestGroup, ...] = tuple(built)
    else:
        # Subgroups drawn from within studies overlap the main rows (one per document): they are
        # tabulated under the plot instead.
        groups = (ForestGroup(name="", studies=tuple(shapes)),)
    pooled = analysis.pooled
    overall_label = "Common-effect model" if pooled.method == "EE" else f"Random-effects model ({pooled.method})"
    plot = ForestPlot(title=f"Forest plot: {analysis.concept} ({analysis.unit})", groups=groups,
                      overall=_summary_shape(overall_label, pooled),
                      heterogeneity=_heterogeneity(pooled), method=describe_method(pooled),
                      level_pct=_level_pct(pooled.level))
    return forest_svg(plot)


def _subgroups(analysis: OutcomeAnalysis) -> SubgroupComparisonView | None:
    sub = analysis.subgroups
    if sub is None:
        return None
    return SubgroupComparisonView(
        by=sub.by, groups=tuple(_pooled_view(name, pooled) for name, pooled in sub.groups),
        test=f"Q = {fmt_number(sub.q_between)}, df = {sub.df_between}, {fmt_p(sub.p_between)}",
        test_common=f"QM = {fmt_number(sub.qm)}, df = {sub.qm_df}, {fmt_p(sub.qm_p)}")


def outcome_view(index: int, analysis: OutcomeAnalysis, documents: Mapping[int, DocumentRecord],
                 report_dir: Path | None) -> OutcomeView:
    """The view of one analysis; ``index`` makes its anchors unique in the report."""
    anchor = f"outcome-{index}"
    anchors = [f"{anchor}-study-{j}" for j in range(1, len(analysis.studies) + 1)]
    pooled = analysis.pooled
    return OutcomeView(
        anchor=anchor, concept=analysis.concept, unit=analysis.unit, k=str(pooled.k),
        summary=_summary(pooled, analysis.unit), heterogeneity=_heterogeneity(pooled),
        method=describe_method(pooled), forest_svg=_forest(analysis, anchors),
        studies=tuple(_study_view(row, a, documents, report_dir) for row, a in zip(analysis.studies, anchors)),
        sensitivity=tuple(_pooled_view(_sensitivity_label(p), p) for p in analysis.sensitivity),
        subgroups=_subgroups(analysis), warnings=tuple(analysis.warnings))


def unit_comparisons(analyses: Sequence[OutcomeAnalysis]) -> tuple[UnitComparisonView, ...]:
    """Concepts pooled in more than one unit of analysis, one row per unit (never combined).

    ``analyses`` are in report order: the i-th (from 1) is the section ``outcome-i``.
    """
    by_concept: dict[str, list[tuple[int, OutcomeAnalysis]]] = {}
    for index, analysis in enumerate(analyses, start=1):
        by_concept.setdefault(analysis.concept, []).append((index, analysis))
    result = []
    for concept, members in by_concept.items():
        if len({a.unit for _, a in members}) < 2:
            continue
        rows = tuple(
            UnitRowView(unit=a.unit, outcome_anchor=f"outcome-{i}", k=str(a.pooled.k),
                        estimate=fmt_estimate(a.pooled.prop, a.pooled.prop_ci_lb, a.pooled.prop_ci_ub),
                        prediction=fmt_ci(a.pooled.prop_pi_lb, a.pooled.prop_pi_ub),
                        i2=fmt_percent(a.pooled.I2))
            for i, a in members)
        result.append(UnitComparisonView(concept=concept, rows=rows))
    return tuple(result)
