"""Every metaprop reference record (R metafor 3.8-1) against our adapter, with check.py's tolerances.

The reference and its provenance live in tests/data/metaprop/ (see its README).
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import pytest

from evidence.pooling.conformance import metaprop_case
from evidence.pooling.subgroups import subgroup_test

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "metaprop" / "reference.json"

# The reference is printed with 15 significant digits and converged to 1e-12, so 1e-6 relative
# leaves room only for floating-point differences in the order of summation.
RTOL = 1e-6
ATOL = 1e-9
# ML/REML/PM/EB stop on |change in tau²| < 1e-12 in R but follow other iteration paths.
TAU2_ATOL_ITERATIVE = 1e-4
HET_RTOL_ITERATIVE = 1e-4
# lme4's bobyqa optimum and finite-difference Hessian are precise to about 1e-5 relative.
GLMM_RTOL = 1e-4
GLMM_ATOL = 1e-6

ITERATIVE = {"REML", "ML", "PM", "EB"}
REQUIRED = ("estimate", "se", "ci_lb", "ci_ub", "tau2")
COMPARED = ("estimate", "se", "stat", "pval", "ci_lb", "ci_ub", "df", "tau2", "tau", "se_tau2",
            "tau2_ci_lb", "tau2_ci_ub", "I2", "I2_ci_lb", "I2_ci_ub", "H2", "H2_ci_lb", "H2_ci_ub",
            "Q", "Q_df", "Q_p", "pi_lb", "pi_ub", "pi_tk2_lb", "pi_tk2_ub", "prop", "prop_ci_lb",
            "prop_ci_ub", "prop_pi_lb", "prop_pi_ub", "prop_pi_tk2_lb", "prop_pi_tk2_ub",
            "Q_wald", "Q_wald_p", "Q_lrt", "Q_lrt_p")
TAU2_FIELDS = {"tau2", "tau", "tau2_ci_lb", "tau2_ci_ub", "se_tau2"}
HET_FIELDS = {"I2", "H2", "I2_ci_lb", "I2_ci_ub", "H2_ci_lb", "H2_ci_ub"}
LOCATION_FIELDS = {"estimate", "ci_lb", "ci_ub", "pi_lb", "pi_ub", "pi_tk2_lb", "pi_tk2_ub"}

# Where the reference is lme4's default stopping point, not the optimum (tests/data/metaprop/
# README.md): these fields are held to 2e-3 relative instead - the largest reference error we
# measured is 1.3e-3 (a GLMM interval bound near 0 on the proportion scale), and any real error
# is far larger.
ARTEFACT_RTOL = 2e-3
ARTEFACTS = {
    ("metadat_hannum2020", "GLMM"): {"stat"},
    ("syn_zero_and_all", "GLMM"): {"se", "ci_lb", "ci_ub", "pi_lb", "pi_ub", "stat", "pval",
                                   "prop_ci_lb", "prop_ci_ub", "prop_pi_lb", "prop_pi_ub"},
}


@lru_cache(maxsize=1)
def reference() -> dict:
    return json.loads(REFERENCE.read_text())


def _tolerance(field: str, method: str) -> tuple[float, float]:
    if method == "GLMM":
        return GLMM_ATOL, GLMM_RTOL
    if method in ITERATIVE and field in TAU2_FIELDS:
        return TAU2_ATOL_ITERATIVE, 0.0
    if method in ITERATIVE and field in HET_FIELDS:
        return ATOL, HET_RTOL_ITERATIVE
    return ATOL, RTOL


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _mismatches(cand: dict, ref: dict, method: str, artefacts: set[str]) -> list[str]:
    bad = [f"{f} missing" for f in REQUIRED if f not in cand]
    for field in COMPARED:
        if field not in cand or field not in ref:
            continue
        c, r = cand[field], ref[field]
        if _missing(r) and _missing(c):
            continue
        if _missing(r) or _missing(c):
            bad.append(f"{field}: {c!r} vs {r!r}")
            continue
        atol, rtol = _tolerance(field, method)
        if field in artefacts:
            rtol = ARTEFACT_RTOL
        scale = abs(r)
        if field in LOCATION_FIELDS and not _missing(ref.get("se")):
            scale = max(scale, abs(ref["se"]))
        if abs(float(c) - r) > atol + rtol * scale:
            bad.append(f"{field}: {c!r} vs {r!r}")
    return bad


def _case(record: dict, ref: dict) -> dict:
    data = ref["datasets"][record["dataset"]]
    method = "GLMM" if record["engine"] == "rma.glmm" else record["method"]
    return {"dataset": record["dataset"], "study": data["study"], "events": data["events"],
            "total": data["total"], "measure": record["measure"], "method": method,
            "test": record["test"], "level": ref["meta"]["level"], "cc": ref["meta"]["cc"]}


@pytest.mark.parametrize("engine", ["rma.uni", "rma.glmm"])
def test_every_reference_record_matches_metafor(engine):
    ref = reference()
    failures = []
    checked = 0
    for record in ref["records"]:
        if record["engine"] != engine:
            continue
        case = _case(record, ref)
        cand = metaprop_case(case)
        checked += 1
        if record["status"] == "error":
            if "error" not in cand:
                failures.append(f"{case['dataset']} {case['method']} {case['test']}: metafor failed "
                                f"({record['error']}) but we returned numbers")
            continue
        key = (case["dataset"], case["method"] if case["method"] == "GLMM" else case["measure"])
        bad = _mismatches(cand, record, case["method"], ARTEFACTS.get(key, set()))
        if bad:
            failures.append(f"{case['dataset']} {case['measure']} {case['method']} {case['test']}: {'; '.join(bad[:3])}")
    assert checked == {"rma.uni": 1792, "rma.glmm": 56}[engine]
    assert failures == []


def _record(dataset: str, measure: str, method: str, test: str) -> dict:
    engine = "rma.glmm" if method == "GLMM" else "rma.uni"
    return next(r for r in reference()["records"] if r["dataset"] == dataset and r["measure"] == measure
                and r["engine"] == engine and (engine == "rma.glmm" or r["method"] == method)
                and r["test"] == test)


def test_q_profile_bound_is_where_r_uniroot_stops_not_the_root():
    """syn_rare_large_n, PR: tau² ~ 9e-10 searched with tol = 1e-12. R's confint with tol = 1e-20
    gives the root, I² ub = 78.2202744440764 %; with the reference's tol = 1e-12, 78.2163108269302 %."""
    record = _record("syn_rare_large_n", "PR", "DL", "z")
    cand = metaprop_case(_case(record, reference()))
    assert _mismatches(cand, record, "DL", set()) == []
    assert cand["I2_ci_ub"] == pytest.approx(78.2163108269302, rel=1e-9)
    assert cand["I2_ci_ub"] != pytest.approx(78.2202744440764, rel=1e-6)


@pytest.mark.parametrize(("dataset", "field", "converged"), [
    # lme4 1.1-31 converged: glmerControl(optimizer = "bobyqa", tolPwrss = 1e-13,
    # optCtrl = list(rhoend = 1e-12)); the reference has lme4's default stopping point.
    ("syn_zero_and_all", "se", 1.2472720548),
    ("metadat_hannum2020", "stat", -0.2861892772),
])
def test_glmm_artefacts_are_lme4_stopping_points(dataset, field, converged):
    """The looser artefact tolerance is needed, and we match lme4 run to convergence instead."""
    record = _record(dataset, "PLO", "GLMM", "z")
    cand = metaprop_case(_case(record, reference()))
    assert any(bad.startswith(f"{field}:") for bad in _mismatches(cand, record, "GLMM", set()))
    assert cand[field] == pytest.approx(converged, rel=GLMM_RTOL)


def test_every_subgroup_test_matches_metafor():
    ref = reference()
    failures = []
    for t in ref["subgroup_tests"]:
        data = ref["datasets"][t["dataset"]]
        res = subgroup_test(data["events"], data["total"], data["subgroup"], measure=t["measure"],
                            method=t["method"], test=t["test"])
        ours = {"Qb_separate": res.q_between, "Qb_separate_p": res.p_between, "QM_common": res.qm,
                "QM_common_p": res.qm_p, "tau2_common": res.tau2_common}
        assert list(res.levels) == t["levels"]
        for field, value in ours.items():
            r = t.get(field)
            if _missing(r) and _missing(value):
                continue
            atol, rtol = (TAU2_ATOL_ITERATIVE, 0.0) if field == "tau2_common" and t["method"] in ITERATIVE else (ATOL, RTOL)
            if _missing(r) or abs(value - r) > atol + rtol * abs(r):
                failures.append(f"{t['dataset']} {t['measure']} {t['method']} {t['test']} {field}: {value!r} vs {r!r}")
        assert res.qm_df == t["QM_common_df"][0]
    assert len(ref["subgroup_tests"]) == 224
    assert failures == []
