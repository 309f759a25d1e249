"""Resolving figures stays proportionate to the document: counted calls, never timings."""

from __future__ import annotations

import random

from extractors import cohorts as cohorts_module
from extractors.cohorts import Cohort, CohortIndex, resolve_percent_only, resolve_total
from extractors.figures import extract_figures_from_text
from extractors.numbers import events_fitting_percent, percent_fit


def cohort(size: int, unit: str, offset: int) -> Cohort:
    return Cohort(size=size, unit=unit, page=1, offset=offset, quote=f"We studied {size} {unit}.", rule="test",
                  sentence_start=offset)


def test_events_fitting_percent_tries_only_counts_near_the_percentage() -> None:
    # 308,642 of 2,500,000 is 12.34568%; 12.3% of it is a band of counts, none far from p*N/100.
    assert events_fitting_percent(2_500_000, "12.34568") == (308_642,)
    assert events_fitting_percent(2_500_000, "50.0001") == (1_250_002, 1_250_003, 1_250_004)
    assert events_fitting_percent(44, "63.6") == (28,)
    assert events_fitting_percent(10, "abc") == ()


def test_events_fitting_percent_matches_trying_every_count() -> None:
    rng = random.Random(42)
    for _ in range(300):
        total = rng.randint(1, 300)
        percent = rng.choice([f"{rng.uniform(0, 100):.1f}", f"{rng.uniform(0, 100):.2f}", str(rng.randint(0, 100))])
        assert events_fitting_percent(total, percent) == tuple(
            e for e in range(total + 1) if percent_fit(e, total, percent))


def test_percent_only_figure_of_a_large_cohort_resolves_to_its_count() -> None:
    found = resolve_percent_only("12.34568", unit="patients", page=1, offset=500,
                                 cohorts=[cohort(2_500_000, "patients", 0)])
    assert found is not None
    events, resolution = found
    assert (events, resolution.total, resolution.flags) == (308_642, 2_500_000, ("percent_only",))


def test_index_answers_as_the_list_does() -> None:
    rng = random.Random(42)
    stated = [cohort(rng.choice([20, 28, 44, 120, 250, 251]), rng.choice(["patients", "episodes"]), 100 * i)
              for i in range(40)]
    index = CohortIndex(stated)
    for _ in range(300):
        events = rng.randint(0, 60)
        kwargs = {"unit": rng.choice([None, "patients", "episodes", "limbs"]), "page": 1,
                  "offset": rng.randint(0, 4000),
                  "percent": rng.choice([None, f"{rng.uniform(0, 100):.1f}", str(rng.randint(0, 100))])}
        assert resolve_total(events, cohorts=index, **kwargs) == resolve_total(events, cohorts=stated, **kwargs)


def _document(sentences: int) -> str:
    rng = random.Random(42)
    out = []
    for i in range(sentences):
        size = rng.randint(40, 900)
        kind = i % 3
        if kind == 0:
            out.append(f"We reviewed {size} patients treated at centre {i}.")
        elif kind == 1:
            events = rng.randint(1, 40)
            out.append(f"Infection occurred in {events} patients ({rng.uniform(1, 60):.1f}%).")
        else:
            out.append(f"Overall, {rng.uniform(1, 90):.1f}% of the patients had relapse.")
    return " ".join(out)


def test_cohorts_are_indexed_once_per_pass_not_per_figure(monkeypatch) -> None:
    built: list[int] = []
    ranked: list[int] = []
    original_init, original_ranked = CohortIndex.__init__, cohorts_module._ranked

    def counting_init(self, cohorts):
        built.append(len(cohorts))
        original_init(self, cohorts)

    def counting_ranked(candidates, cohorts, page, offset):
        ranked.append(len(candidates))
        return original_ranked(candidates, cohorts, page, offset)

    monkeypatch.setattr(CohortIndex, "__init__", counting_init)
    monkeypatch.setattr(cohorts_module, "_ranked", counting_ranked)
    figures = extract_figures_from_text(_document(3000))
    assert len(figures) > 1000
    # One index for each of the two passes, however many figures are resolved against it ...
    assert len(built) == 2 and built[1] > 1000
    # ... and each figure ranks only the few cohorts its percentage fits, never all of them.
    assert max(ranked) < built[1] // 10
