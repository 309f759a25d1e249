"""Invariants of pooling on arbitrary valid counts (hypothesis)."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from evidence.pooling import pool_proportions


@st.composite
def cohorts(draw, min_size=2, max_size=8):
    totals = draw(st.lists(st.integers(1, 300), min_size=min_size, max_size=max_size))
    events = [draw(st.integers(0, n)) for n in totals]
    return events, totals


def _inside(lo: float, value: float, hi: float) -> bool:
    return lo - 1e-12 <= value <= hi + 1e-12


@settings(max_examples=60, deadline=None)
@given(cohorts(), st.sampled_from(["PLO", "PFT", "PAS"]), st.sampled_from(["DL", "REML", "PM", "SJ"]),
       st.sampled_from(["z", "knha"]))
def test_proportion_and_intervals_stay_in_unit_interval_and_hold_the_estimate(counts, measure, method, test):
    r = pool_proportions(*counts, measure=measure, method=method, test=test)
    assert 0.0 <= r.prop_ci_lb <= 1.0 and 0.0 <= r.prop_ci_ub <= 1.0 and 0.0 <= r.prop <= 1.0
    assert _inside(r.prop_ci_lb, r.prop, r.prop_ci_ub)
    assert _inside(r.prop_pi_lb, r.prop, r.prop_pi_ub)
    assert r.tau2 >= 0.0


@settings(max_examples=12, deadline=None)
@given(cohorts(min_size=2, max_size=5))
def test_glmm_proportion_and_interval_stay_in_unit_interval(counts):
    r = pool_proportions(*counts, method="GLMM")
    assert 0.0 <= r.prop_ci_lb <= r.prop <= r.prop_ci_ub <= 1.0


@settings(max_examples=40, deadline=None)
@given(cohorts(min_size=2, max_size=8), st.randoms(use_true_random=False),
       st.sampled_from(["PLO", "PFT", "PR"]), st.sampled_from(["DL", "REML", "EB", "HS"]))
def test_result_does_not_depend_on_study_order(counts, rnd, measure, method):
    events, totals = counts
    order = list(range(len(events)))
    rnd.shuffle(order)
    a = pool_proportions(events, totals, measure=measure, method=method)
    b = pool_proportions([events[i] for i in order], [totals[i] for i in order], measure=measure, method=method)
    for field in ("estimate", "se", "tau2", "Q", "I2", "prop", "prop_ci_lb", "prop_ci_ub", "tau2_ci_ub"):
        x, y = getattr(a, field), getattr(b, field)
        assert json.dumps(x) == json.dumps(y) or abs(x - y) <= 1e-9 * max(1.0, abs(x)), field
