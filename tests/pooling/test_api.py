"""pool_proportions: validation messages, small-k honesty, batches, GLMM fallback, study intervals."""

from __future__ import annotations

import json
import math
import pickle
from collections.abc import Sequence

import pytest

from evidence.errors import PoolingError
from evidence.pooling import PooledEstimate, api, pool_proportions
from evidence.pooling.exact import study_intervals
from evidence.pooling.sensitivity import leave_one_out, transform_sensitivity

# Li 2023 (femoral nerve involvement 25/28 patients) and Panuwannakorn 2022 (28/44 episodes).
LI, PANU = (25, 28), (28, 44)
# metadat dat.pritz1997 (14 studies)
PRITZ_EVENTS = [16, 10, 4, 43, 10, 25, 13, 12, 22, 4, 5, 18, 58, 6]
PRITZ_TOTALS = [17, 12, 8, 58, 10, 42, 14, 12, 41, 5, 6, 23, 68, 10]


def _same(a: PooledEstimate, b: PooledEstimate) -> bool:
    """Field-by-field equality where NaN equals NaN (json writes both as NaN)."""
    return json.dumps(a.to_dict()) == json.dumps(b.to_dict())


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"method": "dl2"}, "'method' must be one of EE, DL, REML, PM, ML, HS, SJ, EB, GLMM (got 'dl2')"),
    ({"measure": "logit"}, "'measure' must be one of PLO, PFT, PAS, PR (got 'logit')"),
    ({"test": "hk"}, "'test' must be one of z, knha, t (got 'hk')"),
    ({"level": 95}, "'level' must be a number between 0 and 1, e.g. 0.95 (got 95)"),
    ({"method": "GLMM", "test": "knha"}, "'test' for method GLMM must be one of z, t (got 'knha'); "
                                         "the Hartung-Knapp adjustment applies to inverse-variance models only"),
])
def test_bad_options_name_the_value_and_the_choices(kwargs, message):
    with pytest.raises(PoolingError) as err:
        pool_proportions([25, 28], [28, 44], **kwargs)
    assert str(err.value) == message


@pytest.mark.parametrize(("events", "totals", "message"), [
    ([25, 45], [28, 44], "events exceed total in study 2 (45 > 44)"),
    ([25, -1], [28, 44], "'events' must not be negative (study 2 has -1)"),
    ([25, 2.5], [28, 44], "'events' must be whole numbers (study 2 has 2.5)"),
    ([25], [28, 44], "'events' and 'totals' must have the same length (got 1 and 2)"),
    ([], [], "nothing to pool: 'events' and 'totals' are empty"),
])
def test_bad_counts_name_the_study(events, totals, message):
    with pytest.raises(PoolingError) as err:
        pool_proportions(events, totals)
    assert str(err.value) == message


def test_bad_counts_in_a_batch_name_the_analysis():
    with pytest.raises(PoolingError, match=r"^analysis 2: events exceed total in study 1 \(9 > 8\)$"):
        pool_proportions([[1, 2], [9, 2]], [[10, 10], [8, 10]])


def test_one_study_is_its_own_estimate_with_heterogeneity_not_estimable():
    r = pool_proportions([7], [30], test="knha")
    assert r.k == 1 and r.test == "z"
    assert r.prop == pytest.approx(7 / 30, rel=1e-12)
    assert math.isnan(r.tau2) and math.isnan(r.I2) and math.isnan(r.H2) and math.isnan(r.pi_lb)
    assert r.notes == ("only one study: its own estimate, heterogeneity not estimable",
                       "the knha test needs at least two studies; the z test was used")


def test_two_studies_with_knha_say_why_the_interval_is_wide():
    r = pool_proportions(*zip(LI, PANU), method="DL", test="knha")
    assert r.df == 1.0
    assert r.notes == ("only two studies: the knha interval uses a t distribution with 1 degree of freedom "
                       "(critical value 12.71 instead of 1.96), so it is very wide",)
    assert r.prop_ci_lb < 0.001 and r.prop_ci_ub > 0.9999


def test_batch_equals_one_by_one_and_keeps_order():
    events = [[25, 28], [7], PRITZ_EVENTS, [0, 3, 5]]
    totals = [[28, 44], [30], PRITZ_TOTALS, [25, 40, 30]]
    batch = pool_proportions(events, totals, method="PM")
    assert [b.k for b in batch] == [2, 1, 14, 3]
    for e, t, b in zip(events, totals, batch):
        assert _same(b, pool_proportions(e, t, method="PM"))


@pytest.mark.parametrize(("measure", "method"), [("PLO", "REML"), ("PFT", "PM"), ("PR", "DL"), ("PAS", "ML")])
def test_batch_results_are_bit_for_bit_those_of_one_analysis_across_chunks(monkeypatch, measure, method):
    """Analyses are pooled CHUNK at a time; a chunk of one column, or a column in any position,
    gives the same bits as the analysis pooled alone (the sums over studies run in one order)."""
    monkeypatch.setattr(api, "CHUNK", 3)
    events = [PRITZ_EVENTS[i:] + PRITZ_EVENTS[:i] for i in range(7)] + [[0, 3, 5, 1]]
    totals = [PRITZ_TOTALS[i:] + PRITZ_TOTALS[:i] for i in range(7)] + [[25, 40, 30, 80]]
    batch = pool_proportions(events, totals, measure=measure, method=method, test="knha")
    assert len(batch) == 8
    for e, t, b in zip(events, totals, batch):
        assert _same(b, pool_proportions(e, t, measure=measure, method=method, test="knha"))


def test_a_batch_is_a_lazy_sequence_of_pooled_estimates():
    events = [[25, 28], [7], PRITZ_EVENTS, [0, 3, 5]]
    totals = [[28, 44], [30], PRITZ_TOTALS, [25, 40, 30]]
    batch = pool_proportions(events, totals, method="DL")
    assert isinstance(batch, Sequence) and len(batch) == 4
    assert all(isinstance(batch[i], PooledEstimate) for i in range(4))
    assert _same(batch[-1], batch[3]) and [b.k for b in batch[1:3]] == [1, 14]
    assert [r.k for r in list(batch)] == [2, 1, 14, 3] == [r.k for r in iter(batch)]
    with pytest.raises(IndexError):
        batch[4]
    assert batch.column("estimate").tolist() == [r.estimate for r in batch]
    assert json.dumps(batch.column("tau2_ci_ub").tolist()) == json.dumps([r.tau2_ci_ub for r in batch])
    with pytest.raises(PoolingError, match=r"^'name' must be a numeric field of PooledEstimate, one of estimate, se, "):
        batch.column("notes")
    copy = pickle.loads(pickle.dumps(batch))
    assert all(_same(a, b) for a, b in zip(batch, copy))


def test_a_glmm_batch_holds_fitted_and_fallback_results():
    batch = pool_proportions([[25, 28, 15], [0, 0, 0]], [[28, 44, 28], [10, 20, 30]], method="GLMM")
    assert [r.method for r in batch] == ["GLMM", "ML"]
    assert batch.column("estimate")[0] == pytest.approx(0.8623768236539, rel=1e-4)


def test_continuity_correction_only_for_zero_or_all_events_and_only_plo_pr():
    assert pool_proportions([0, 3, 5], [25, 40, 30], measure="PR").yi[0] == pytest.approx(0.5 / 26)
    assert pool_proportions([0, 3, 5], [25, 40, 30], measure="PLO").cc_applied == (0,)
    assert pool_proportions([0, 3, 5], [25, 40, 30], measure="PFT").cc_applied == ()
    with pytest.raises(PoolingError, match=r"^study 1 has no finite PLO effect size"):
        pool_proportions([0, 3, 5], [25, 40, 30], cc=0)


def test_glmm_states_its_fallback_when_no_study_has_an_event():
    r = pool_proportions([0, 0, 0, 0], [10, 25, 40, 15], method="GLMM")
    assert r.method == "ML"
    assert r.notes[0] == ("GLMM not fitted: no study reports any event, so the pooled logit is minus infinity; "
                          "reported instead: inverse-variance logit model (ML, cc=0.5)")


def test_glmm_fits_and_reports_wald_and_lrt():
    r = pool_proportions([25, 28, 15], [28, 44, 28], method="GLMM")
    # metafor rma.glmm (lme4 nAGQ=7) on clinical_femoral_lfcn: estimate 0.8623768, tau2 0.4268192
    assert r.estimate == pytest.approx(0.8623768236539, rel=1e-4)
    assert r.tau2 == pytest.approx(0.426819155313202, rel=1e-4)
    assert r.Q_lrt == pytest.approx(9.95024457402481, rel=1e-6)
    assert math.isnan(r.Q) and all(math.isnan(w) for w in r.weights_pct)


def test_freeman_tukey_flagged_when_study_sizes_differ_tenfold():
    assert pool_proportions([1, 30, 2], [10, 400, 12], measure="PFT").notes == (
        "Freeman-Tukey back-transform unreliable: study sizes differ 40-fold (10 to 400); "
        "compare with the logit (PLO) or GLMM result",)
    assert pool_proportions([1, 3, 2], [10, 40, 12], measure="PFT").notes == ()


def test_study_intervals_match_r():
    # R: binom.test(25, 28)$conf.int; binom.test(0, 10); prop.test(25, 28, correct=FALSE)
    lower, upper = study_intervals([25, 0], [28, 10])
    assert lower.tolist() == pytest.approx([0.717735604285, 0.0], abs=1e-11)
    assert upper.tolist() == pytest.approx([0.977334909361, 0.308497107819], abs=1e-11)
    lower, upper = study_intervals([25], [28], method="wilson")
    assert (lower[0], upper[0]) == pytest.approx((0.728041484513, 0.962881633171), abs=1e-11)


def test_leave_one_out_drops_each_study_in_turn():
    loo = leave_one_out([25, 28, 15], [28, 44, 28], method="DL")
    assert [r.k for r in loo] == [2, 2, 2]
    assert loo[2].estimate == pool_proportions([25, 28], [28, 44], method="DL").estimate


def test_transform_sensitivity_order_and_glmm_test():
    out = transform_sensitivity([25, 28, 15], [28, 44, 28], method="DL", test="knha")
    assert [(r.measure, r.method, r.test) for r in out] == [
        ("PLO", "DL", "knha"), ("PFT", "DL", "knha"), ("PAS", "DL", "knha"), ("PR", "DL", "knha"), ("PLO", "GLMM", "t")]


def test_to_dict_uses_conformance_names_and_rows_list_studies():
    r = pool_proportions([25, 28], [28, 44])
    d = r.to_dict()
    assert isinstance(r, PooledEstimate)
    assert {"estimate", "tau2_ci_ub", "pi_tk2_lb", "prop_pi_tk2_ub", "weights_pct", "cc_applied", "notes"} <= set(d)
    assert isinstance(d["yi"], list)
    assert [row["study"] for row in r.to_rows()] == [0, 1]
    assert sum(row["weight_pct"] for row in r.to_rows()) == pytest.approx(100.0)
