"""The SVG forest plot: geometry follows the numbers, every text is escaped."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest

from evidence.errors import ReportError
from evidence.report.formatting import fmt_number, fmt_prop
from evidence.report.forest import (
    MAX_LABEL,
    PLOT_X0,
    PLOT_X1,
    ForestGroup,
    ForestPlot,
    ForestStudy,
    ForestSummary,
    forest_svg,
)

SVG = "{http://www.w3.org/2000/svg}"


def _study(label: str, events: int, total: int, lo: float, hi: float, weight: float, n: int) -> ForestStudy:
    return ForestStudy(label=label, events=events, total=total, proportion=events / total, ci_lb=lo,
                       ci_ub=hi, weight_pct=weight, href=f"#outcome-1-study-{n}")


STUDIES = (
    _study("Müller et al. 2019", 28, 44, 0.4777, 0.7802, 40.0, 1),
    _study("Ødegård 2021", 10, 40, 0.1269, 0.4120, 35.0, 2),
    _study("李 2020", 5, 20, 0.0866, 0.4910, 25.0, 3),
)
OVERALL = ForestSummary(label="Random-effects model (REML)", k=3, prop=0.40, ci_lb=0.22, ci_ub=0.61,
                        pi_lb=0.05, pi_ub=0.88)


def _plot(studies=STUDIES, overall=OVERALL, groups=None) -> ET.Element:
    plot = ForestPlot(title="Forest plot: femoral neuropathy (episodes)",
                      groups=groups or (ForestGroup(name="", studies=tuple(studies)),), overall=overall,
                      heterogeneity="Heterogeneity: τ² = 0.31; I² = 71%; Q = 6.90 (df = 2), p = 0.03",
                      method="Random-effects model (REML), logit transform (PLO); z test; 95% CI.")
    return ET.fromstring(forest_svg(plot))


def _axis_map(root: ET.Element):
    """Proportion -> x, read back from the axis tick labels the plot prints."""
    ticks = [(float(t.text), float(t.get("x"))) for t in root.iter(f"{SVG}text")
             if t.get("text-anchor") == "middle" and re.fullmatch(r"\d\.\d", t.text or "")]
    (v0, x0), (v1, x1) = ticks[0], ticks[-1]
    return ticks, lambda v: x0 + (v - v0) / (v1 - v0) * (x1 - x0)


def test_one_square_per_study_with_area_proportional_to_weight():
    root = _plot()
    squares = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "square"]
    assert len(squares) == 3
    sides = [float(r.get("width")) for r in squares]
    # Area follows weight: side ratios are square roots of weight ratios (to 0.1 px rounding).
    assert sides[1] / sides[0] == pytest.approx(math.sqrt(35 / 40), abs=0.02)
    assert sides[2] / sides[0] == pytest.approx(math.sqrt(25 / 40), abs=0.02)


def test_squares_ci_lines_diamond_and_prediction_bar_sit_at_their_values_on_the_axis():
    root = _plot()
    ticks, x_of = _axis_map(root)
    assert ticks[0][0] <= 0.05 and ticks[-1][0] >= 0.88  # the axis holds every interval drawn
    squares = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "square"]
    for study, square in zip(STUDIES, squares):
        centre = float(square.get("x")) + float(square.get("width")) / 2
        assert centre == pytest.approx(x_of(study.proportion), abs=0.2)
    lines = [ln for ln in root.iter(f"{SVG}line") if ln.get("class") == "ci"]
    assert [(float(ln.get("x1")), float(ln.get("x2"))) for ln in lines] == [
        pytest.approx((x_of(s.ci_lb), x_of(s.ci_ub)), abs=0.2) for s in STUDIES]
    diamond = next(p for p in root.iter(f"{SVG}polygon") if p.get("class") == "diamond")
    xs = sorted(float(pt.split(",")[0]) for pt in diamond.get("points").split())
    assert xs[0] == pytest.approx(x_of(0.22), abs=0.2) and xs[-1] == pytest.approx(x_of(0.61), abs=0.2)
    bar = next(r for r in root.iter(f"{SVG}rect") if r.get("class") == "pi")
    assert float(bar.get("x")) == pytest.approx(x_of(0.05), abs=0.2)
    assert float(bar.get("x")) + float(bar.get("width")) == pytest.approx(x_of(0.88), abs=0.2)


def test_rows_print_counts_estimates_weights_and_link_to_provenance():
    root = _plot()
    texts = [t.text for t in root.iter(f"{SVG}text")]
    for expected in ("28/44", "0.64 [0.48, 0.78]", "40.0%", "0.40 [0.22, 0.61]", "[0.05, 0.88]",
                     "Heterogeneity: τ² = 0.31; I² = 71%; Q = 6.90 (df = 2), p = 0.03"):
        assert expected in texts
    links = [a.get("href") for a in root.iter(f"{SVG}a")]
    assert links == ["#outcome-1-study-1", "#outcome-1-study-2", "#outcome-1-study-3"]
    labels = [a.find(f"{SVG}text").text for a in root.iter(f"{SVG}a")]
    assert labels == ["Müller et al. 2019", "Ødegård 2021", "李 2020"]


def test_markup_in_labels_is_escaped_and_long_labels_are_shortened():
    hostile = _study('<script>alert(1)</script> & "friends" with a very long name indeed', 3, 9, 0.07, 0.70, 100.0, 1)
    svg = forest_svg(ForestPlot(title="t <b>", groups=(ForestGroup("", (hostile,)),), overall=OVERALL,
                                heterogeneity="h", method="m"))
    root = ET.fromstring(svg)  # well-formed: nothing leaked out of its element
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert not list(root.iter(f"{SVG}script"))
    label = root.find(f"{SVG}a/{SVG}text").text
    assert label.startswith("<script>alert(1)</script>") and label.endswith("…") and len(label) == MAX_LABEL
    assert root.find(f"{SVG}a/{SVG}title").text.startswith(hostile.label)


def test_subgroups_get_headings_and_subtotal_diamonds():
    groups = (ForestGroup("haemophilia", STUDIES[:2], ForestSummary("Subtotal", 2, 0.42, 0.2, 0.68, weight_pct=75.0)),
              ForestGroup("anticoagulant", STUDIES[2:], ForestSummary("Subtotal", 1, 0.25, 0.09, 0.49, weight_pct=25.0)))
    root = _plot(groups=groups)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "haemophilia" in texts and "anticoagulant" in texts
    assert texts.count("Subtotal (k = 2)") == 1 and "75.0%" in texts and "25.0%" in texts
    assert len([p for p in root.iter(f"{SVG}polygon") if "subtotal" in p.get("class")]) == 2


def test_a_single_study_draws_without_prediction_interval():
    root = _plot(studies=STUDIES[:1], overall=ForestSummary("Random-effects model (REML)", 1, 0.64, 0.48, 0.78))
    assert not [r for r in root.iter(f"{SVG}rect") if r.get("class") == "pi"]
    assert "not estimable" in [t.text for t in root.iter(f"{SVG}text")]
    ticks, _ = _axis_map(root)
    assert len(ticks) >= 3 and all(0.0 <= v <= 1.0 for v, _ in ticks)
    assert all(PLOT_X0 - 0.1 <= x <= PLOT_X1 + 0.1 for _, x in ticks)


def test_an_empty_plot_and_unsafe_links_are_refused():
    with pytest.raises(ReportError, match="no studies"):
        ForestPlot(title="x", groups=(ForestGroup("", ()),), overall=OVERALL, heterogeneity="", method="")
    with pytest.raises(ReportError, match="in-page anchor"):
        ForestStudy("a", 1, 2, 0.5, 0.1, 0.9, 100.0, href="javascript:alert(1)")


@pytest.mark.parametrize("value, expected", [
    (0.5562, "0.556"), (0.0003, "0.0003"), (9.88e-15, "0.000"), (-1e-12, "0.000"), (math.nan, "—"), (12.0, "12.000"),
])
def test_statistics_print_tiny_values_with_digits_and_numerical_zeros_as_zero(value, expected):
    assert fmt_number(value, 3) == expected


@pytest.mark.parametrize("value, expected", [(0.6364, "0.64"), (-0.001, "0.00"), (math.nan, "—"), (None, "—")])
def test_proportions_print_two_decimals_and_never_minus_zero(value, expected):
    assert fmt_prop(value) == expected
