"""Reading counts and percentages, and choosing the cohort a percentage is of."""

from __future__ import annotations

import pytest

from extractors.cohorts import Cohort, resolve_percent_only, resolve_total
from extractors.figure_rules import load_figure_rules
from extractors.figures import extract_figures_from_text
from extractors.numbers import parse_count, parse_count_phrase, percent_fit, totals_fitting_percent

WORDS = load_figure_rules().number_words


def cohort(size: int, unit: str, offset: int, **fields) -> Cohort:
    return Cohort(size=size, unit=unit, page=1, offset=offset, quote=f"We reviewed {size} {unit}.", rule="cohort.active",
                  **fields)


@pytest.mark.parametrize(("text", "value"), [
    ("28", 28), ("1,855", 1855), ("eleven", 11), ("Twenty-eight", 28), ("ninety nine", 99), ("zero", 0),
    ("", None), ("28.5", None), ("twenty-ten", None), ("many", None),
])
def test_parse_count(text, value):
    assert parse_count(text, WORDS) == value


@pytest.mark.parametrize(("text", "pair"), [
    ("28/44", (28, 44)), ("28 of the 44", (28, 44)), ("eleven out of 20", (11, 20)), ("(n = 3 of 12)", (3, 12)),
    ("44/28", None), ("28/0", None), ("28 and 44", None),
])
def test_parse_count_phrase(text, pair):
    assert parse_count_phrase(text, WORDS) == pair


@pytest.mark.parametrize(("events", "total", "percent", "fit"), [
    (25, 28, "89.29", "rounded"),
    (25, 28, "89.28", "truncated"),
    (25, 28, "89.3", "rounded"),
    (28, 44, "63.6", "rounded"),
    (1, 8, "12.5", "rounded"),
    (1, 8, "13", "rounded"),    # a tie rounds either way in published tables
    (1, 8, "12", "rounded"),
    (2, 3, "66", "truncated"),
    (2, 3, "67", "rounded"),
    (24, 28, "46.15", None),
    (16, 28, "64.28", None),
])
def test_percent_fit(events, total, percent, fit):
    assert percent_fit(events, total, percent) == fit


def test_totals_fitting_percent():
    assert totals_fitting_percent(25, "89.28") == (28,)
    assert totals_fitting_percent(3, "42.9") == (7,)
    assert totals_fitting_percent(0, "0.0") == ()


def test_percentage_picks_the_cohort_it_fits():
    cohorts = [cohort(44, "episodes", 10), cohort(20, "patients", 30)]
    assert resolve_total(11, unit=None, percent="55", page=1, offset=100, cohorts=cohorts).total == 20
    assert resolve_total(11, unit=None, percent="25", page=1, offset=100, cohorts=cohorts).total == 44


def test_unit_filters_the_cohorts():
    cohorts = [cohort(44, "episodes", 10), cohort(20, "patients", 30)]
    found = resolve_total(5, unit="episodes", percent=None, page=1, offset=100, cohorts=cohorts)
    assert (found.total, found.unit, found.flags) == (44, "episodes", ())


def test_percentage_fitting_nothing_keeps_the_cohort_and_flags_it():
    found = resolve_total(24, unit=None, percent="46.15", page=1, offset=100, cohorts=[cohort(28, "patients", 0)])
    assert (found.total, found.flags) == (28, ("percent_mismatch",))


def test_without_any_cohort_a_unique_total_comes_from_the_percentage():
    found = resolve_total(25, unit="patients", percent="89.28", page=1, offset=0, cohorts=[])
    assert (found.total, found.cohort, found.flags) == (28, None, ("total_from_percent",))
    assert resolve_total(25, unit=None, percent=None, page=1, offset=0, cohorts=[]) is None


def test_the_most_stated_cohort_wins_without_a_percentage():
    cohorts = [cohort(28, "patients", 0), cohort(7, "patients", 50), cohort(28, "patients", 80)]
    assert resolve_total(5, unit="patients", percent=None, page=1, offset=100, cohorts=cohorts).total == 28


def test_a_subgroup_count_is_a_total_only_when_the_percentage_fits():
    cohorts = [cohort(32, "limbs", 0), cohort(21, "limbs", 40, subgroup=True)]
    assert resolve_total(15, unit="limbs", percent="71.4", page=1, offset=100, cohorts=cohorts).total == 21
    assert resolve_total(15, unit="limbs", percent=None, page=1, offset=100, cohorts=cohorts).total == 32


def test_percent_only_becomes_a_count():
    events, found = resolve_percent_only("63.6", unit="episodes", page=1, offset=100,
                                          cohorts=[cohort(44, "episodes", 0)])
    assert (events, found.total, found.flags) == (28, 44, ("percent_only",))


def test_of_these_episodes_resolves_to_episodes_not_patients():
    text = "We reviewed 44 episodes in 20 patients. Of these episodes, 28 (63.6%) involved the femoral nerve."
    (figure,) = extract_figures_from_text(text)
    assert (figure.events, figure.total, figure.unit) == (28, 44, "episodes")
    assert figure.flags == ("denominator_inferred",)
    assert figure.denominator_quote == "We reviewed 44 episodes in 20 patients."
