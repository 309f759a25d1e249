"""How fast is pooling? 10,000 analyses of 20 studies, against statsmodels in the same process.

Prints microseconds per analysis for statsmodels ``combine_effects`` (DerSimonian-Laird, one
analysis per call, as statsmodels offers it) and for ``pool_proportions`` with a list of 10,000
analyses (DL and REML, logit scale), each as a ratio to statsmodels. "full results" is the real
call: counts validated, every number of every result computed (estimate, se, CI, tau², Q, I²,
H², Q-profile CI of tau², prediction intervals, proportion-scale back-transforms, weights) and
returned as a ``PooledBatch``, whose ``PooledEstimate`` objects are built when read; building
all 10,000 of them is timed on its own line. "numeric core" is ``fit_batch`` on ready effect
sizes without the Q-profile interval. Every time is the best of ``--repeat`` runs (statsmodels
included), so a busy machine disturbs the ratios less.

    python benchmarks/pooling.py [--analyses 10000] [--studies 20] [--statsmodels-sample 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import time

import numpy as np
from statsmodels.stats.meta_analysis import combine_effects

from evidence.pooling import pool_proportions
from evidence.pooling.model import fit_batch
from evidence.pooling.transforms import effect_sizes


def make_analyses(m: int, k: int, seed: int = 42) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Realistic cohort counts: sizes 20-400, true proportions spread around 0.3 on the logit."""
    rng = random.Random(seed)
    events, totals = [], []
    for _ in range(m):
        n = np.array([rng.randint(20, 400) for _ in range(k)])
        centre = rng.gauss(-0.85, 0.5)
        p = 1 / (1 + np.exp(-np.array([rng.gauss(centre, 0.6) for _ in range(k)])))
        events.append(np.array([min(t, max(0, round(q * t))) for q, t in zip(p, n)]))
        totals.append(n)
    return events, totals


def per_analysis_us(fn, count: int, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best / count * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--analyses", type=int, default=10_000)
    parser.add_argument("--studies", type=int, default=20)
    parser.add_argument("--statsmodels-sample", type=int, default=1_000,
                        help="statsmodels is timed on this many analyses (it is linear in their number)")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs for every timing")
    args = parser.parse_args()
    events, totals = make_analyses(args.analyses, args.studies)
    x = np.stack(events)
    n = np.stack(totals)
    y, v, _ = effect_sizes(x, n, "PLO", 0.5)
    yT, vT = np.ascontiguousarray(y.T), np.ascontiguousarray(v.T)  # the core is study-major (k, m)

    sample = min(args.statsmodels_sample, args.analyses)
    sm_us = per_analysis_us(lambda: [combine_effects(y[i], v[i], method_re="dl") for i in range(sample)],
                            sample, args.repeat)
    print(f"{args.analyses} analyses of {args.studies} studies (logit scale), best of {args.repeat} runs")
    print(f"{'':36s} {'us/analysis':>11s}   vs statsmodels DL")
    print(f"{'statsmodels combine_effects DL':36s} {sm_us:11.2f}   1.0x  (timed on {sample})")
    for method in ("DL", "REML"):
        full = per_analysis_us(lambda: pool_proportions(events, totals, method=method), args.analyses, args.repeat)
        print(f"{'evidence ' + method + ' full results':36s} {full:11.2f}   {sm_us / full:.1f}x")
    for method in ("DL", "REML"):
        core = per_analysis_us(lambda: fit_batch(yT, vT, method=method, test="z", level=0.95, with_ci=False),
                               args.analyses, args.repeat)
        print(f"{'evidence ' + method + ' numeric core only':36s} {core:11.2f}   {sm_us / core:.1f}x")
    batch = pool_proportions(events, totals, method="REML")
    built = per_analysis_us(lambda: list(batch), args.analyses, args.repeat)
    print(f"{'building every PooledEstimate':36s} {built:11.2f}   (on access, after the call)")

    check = pool_proportions(events[:1], totals[:1], method="DL")[0]
    ref = combine_effects(y[0], v[0], method_re="dl")
    print(f"agreement on analysis 1 (DL estimate): evidence {check.estimate:.12f}, "
          f"statsmodels {ref.mean_effect_re:.12f}")


if __name__ == "__main__":
    main()
