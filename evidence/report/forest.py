"""The forest plot, drawn as an inline SVG in the conventions of RevMan and metafor.

One row per study (label, events/total, a square sized by weight on its exact interval, the
proportion with its CI, the weight), a diamond per subgroup and for the pooled estimate, the
prediction interval as a separate bar, an axis on the proportion scale, and the heterogeneity
and method lines underneath. Study labels link to the row of the provenance table that quotes
the sentence the numbers came from. All text is escaped here: the SVG is embedded as is.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from html import escape

from evidence.errors import ReportError
from evidence.report.formatting import fmt_ci, fmt_count, fmt_estimate, fmt_weight, is_number

__all__ = ["ForestGroup", "ForestPlot", "ForestStudy", "ForestSummary", "forest_svg"]

WIDTH = 880
ROW = 22
LABEL_X = 8
COUNTS_X = 318  # right edge of the events/total column
PLOT_X0, PLOT_X1 = 340, 610
ESTIMATE_X = 790  # right edge of the proportion [CI] column
WEIGHT_X = 868  # right edge of the weight column
MAX_SQUARE = 14.0
MIN_SQUARE = 3.0
MAX_LABEL = 38  # characters that fit left of the counts column at 12px
_HREF = re.compile(r"#[a-z][a-z0-9-]*")


@dataclass(frozen=True)
class ForestStudy:
    """One study row; ``href`` is the in-page link to its provenance ('#anchor')."""

    label: str
    events: int
    total: int
    proportion: float
    ci_lb: float
    ci_ub: float
    weight_pct: float
    href: str

    def __post_init__(self) -> None:
        if not _HREF.fullmatch(self.href):
            raise ReportError(f"ForestStudy.href must be an in-page anchor like '#study-1' (got {self.href!r})")


@dataclass(frozen=True)
class ForestSummary:
    """A pooled estimate drawn as a diamond; the prediction interval is drawn for the overall one only."""

    label: str
    k: int
    prop: float
    ci_lb: float
    ci_ub: float
    pi_lb: float = math.nan
    pi_ub: float = math.nan
    weight_pct: float = 100.0


@dataclass(frozen=True)
class ForestGroup:
    """Studies drawn together; ``name`` is '' when the analysis has no subgroups."""

    name: str
    studies: tuple[ForestStudy, ...]
    summary: ForestSummary | None = None


@dataclass(frozen=True)
class ForestPlot:
    """Everything one forest plot shows."""

    title: str
    groups: tuple[ForestGroup, ...]
    overall: ForestSummary
    heterogeneity: str
    method: str
    level_pct: int = 95

    def __post_init__(self) -> None:
        if not any(g.studies for g in self.groups):
            raise ReportError(f"forest plot {self.title!r} has no studies to draw")


def _axis(plot: ForestPlot) -> tuple[float, float, float]:
    """(low, high, tick step) on the proportion scale, holding every interval drawn."""
    values = [plot.overall.ci_lb, plot.overall.ci_ub, plot.overall.pi_lb, plot.overall.pi_ub,
              plot.overall.prop]
    for group in plot.groups:
        values += [v for s in group.studies for v in (s.ci_lb, s.ci_ub, s.proportion)]
        if group.summary is not None:
            values += [group.summary.ci_lb, group.summary.ci_ub]
    finite = [v for v in values if is_number(v)]
    low, high = (min(finite), max(finite)) if finite else (0.0, 1.0)
    step = 0.1 if high - low <= 0.5 else 0.2
    low = max(0.0, math.floor(round(low / step, 9)) * step)
    high = min(1.0, math.ceil(round(high / step, 9)) * step)
    if high - low < 2 * step:
        low, high = max(0.0, low - step), min(1.0, high + step)
        if high - low < 2 * step:
            low, high = (0.0, 2 * step) if low == 0.0 else (1.0 - 2 * step, 1.0)
    return low, high, step


def _text(x: float, y: float, content: str, *, anchor: str = "start", cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{klass}>'
            f"{escape(content, quote=True)}</text>")


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


class _Canvas:
    """Accumulates SVG elements row by row; x positions come from the shared axis."""

    def __init__(self, low: float, high: float) -> None:
        self.low, self.high = low, high
        self.parts: list[str] = []
        self.y = 0.0

    def x(self, value: float) -> float:
        value = min(max(value, self.low), self.high)
        return PLOT_X0 + (value - self.low) / (self.high - self.low) * (PLOT_X1 - PLOT_X0)

    def next_row(self, height: float = ROW) -> float:
        self.y += height
        return self.y

    def study(self, study: ForestStudy, max_weight: float) -> None:
        y = self.next_row()
        mid = y - 4
        label = escape(_short(study.label), quote=True)
        tooltip = escape(study.label, quote=True)
        self.parts.append(
            f'<a href="{study.href}" class="study-link"><title>{tooltip}: show the sentence</title>'
            f'<text x="{LABEL_X}" y="{y:.1f}">{label}</text></a>')
        self.parts.append(_text(COUNTS_X, y, fmt_count(study.events, study.total), anchor="end"))
        if is_number(study.ci_lb) and is_number(study.ci_ub):
            self.parts.append(f'<line class="ci" x1="{self.x(study.ci_lb):.1f}" y1="{mid:.1f}" '
                              f'x2="{self.x(study.ci_ub):.1f}" y2="{mid:.1f}"/>')
        if is_number(study.proportion):
            share = study.weight_pct / max_weight if is_number(study.weight_pct) and max_weight > 0 else 1.0
            side = max(MIN_SQUARE, MAX_SQUARE * math.sqrt(max(share, 0.0)))
            cx = self.x(study.proportion)
            self.parts.append(f'<rect class="square" x="{cx - side / 2:.1f}" y="{mid - side / 2:.1f}" '
                              f'width="{side:.1f}" height="{side:.1f}"/>')
        self.parts.append(_text(ESTIMATE_X, y, fmt_estimate(study.proportion, study.ci_lb, study.ci_ub), anchor="end"))
        self.parts.append(_text(WEIGHT_X, y, fmt_weight(study.weight_pct), anchor="end"))

    def diamond(self, summary: ForestSummary, cls: str) -> None:
        y = self.next_row()
        mid = y - 4
        self.parts.append(_text(LABEL_X, y, f"{summary.label} (k = {summary.k})", cls="bold"))
        if is_number(summary.prop) and is_number(summary.ci_lb) and is_number(summary.ci_ub):
            left, centre, right = self.x(summary.ci_lb), self.x(summary.prop), self.x(summary.ci_ub)
            self.parts.append(f'<polygon class="{cls}" points="{left:.1f},{mid:.1f} {centre:.1f},{mid - 6:.1f} '
                              f'{right:.1f},{mid:.1f} {centre:.1f},{mid + 6:.1f}"/>')
        self.parts.append(_text(ESTIMATE_X, y, fmt_estimate(summary.prop, summary.ci_lb, summary.ci_ub),
                                anchor="end", cls="bold"))
        self.parts.append(_text(WEIGHT_X, y, fmt_weight(summary.weight_pct), anchor="end", cls="bold"))

    def prediction(self, summary: ForestSummary) -> None:
        y = self.next_row()
        mid = y - 4
        self.parts.append(_text(LABEL_X, y, "Prediction interval"))
        if is_number(summary.pi_lb) and is_number(summary.pi_ub):
            left, right = self.x(summary.pi_lb), self.x(summary.pi_ub)
            self.parts.append(f'<rect class="pi" x="{left:.1f}" y="{mid - 2:.1f}" '
                              f'width="{max(right - left, 1.0):.1f}" height="4"/>')
            self.parts.append(_text(ESTIMATE_X, y, fmt_ci(summary.pi_lb, summary.pi_ub), anchor="end"))
        else:
            self.parts.append(_text(ESTIMATE_X, y, "not estimable", anchor="end", cls="muted"))


def forest_svg(plot: ForestPlot) -> str:
    """The forest plot as one ``<svg>`` element, every text escaped."""
    low, high, step = _axis(plot)
    canvas = _Canvas(low, high)
    weights = [s.weight_pct for g in plot.groups for s in g.studies if is_number(s.weight_pct)]
    max_weight = max(weights) if weights else 0.0

    header_y = canvas.next_row(18)
    canvas.parts += [
        _text(LABEL_X, header_y, "Study", cls="head"),
        _text(COUNTS_X, header_y, "Events/Total", anchor="end", cls="head"),
        _text((PLOT_X0 + PLOT_X1) / 2, header_y, "Proportion", anchor="middle", cls="head"),
        _text(ESTIMATE_X, header_y, f"Proportion [{plot.level_pct}% CI]", anchor="end", cls="head"),
        _text(WEIGHT_X, header_y, "Weight", anchor="end", cls="head"),
    ]
    top = canvas.next_row(8)
    canvas.parts.append(f'<line class="rule" x1="{LABEL_X}" y1="{top - 4:.1f}" x2="{WEIGHT_X}" y2="{top - 4:.1f}"/>')
    for group in plot.groups:
        if group.name:
            canvas.parts.append(_text(LABEL_X, canvas.next_row(), group.name, cls="group"))
        for study in group.studies:
            canvas.study(study, max_weight)
        if group.summary is not None:
            canvas.diamond(group.summary, "diamond subtotal")
            canvas.next_row(6)
    canvas.next_row(4)
    canvas.diamond(plot.overall, "diamond")
    canvas.prediction(plot.overall)
    bottom = canvas.next_row(10)

    if is_number(plot.overall.prop):
        ref = canvas.x(plot.overall.prop)
        canvas.parts.append(f'<line class="ref" x1="{ref:.1f}" y1="{top:.1f}" x2="{ref:.1f}" y2="{bottom:.1f}"/>')
    canvas.parts.append(f'<line class="axis" x1="{PLOT_X0}" y1="{bottom:.1f}" x2="{PLOT_X1}" y2="{bottom:.1f}"/>')
    ticks = int(round((high - low) / step))
    for i in range(ticks + 1):
        value = low + i * step
        x = canvas.x(value)
        canvas.parts.append(f'<line class="axis" x1="{x:.1f}" y1="{bottom:.1f}" x2="{x:.1f}" y2="{bottom + 5:.1f}"/>')
        canvas.parts.append(_text(x, bottom + 17, f"{value:.1f}", anchor="middle"))
    canvas.parts.append(_text((PLOT_X0 + PLOT_X1) / 2, bottom + 32, "Proportion", anchor="middle", cls="muted"))
    canvas.y = bottom + 32
    canvas.parts.append(_text(LABEL_X, canvas.next_row(), plot.heterogeneity, cls="note"))
    canvas.parts.append(_text(LABEL_X, canvas.next_row(18), plot.method, cls="note"))
    height = canvas.next_row(10)

    title = escape(plot.title, quote=True)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="forest" role="img" '
            f'viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" height="{height:.0f}">'
            f"<title>{title}</title>" + "".join(canvas.parts) + "</svg>")
