"""The exact arithmetic behind the percentage checks."""

from fractions import Fraction

import pytest

from evidence.audit.arithmetic import (
    conventions_matching,
    counts_matching,
    denominators_matching,
    exact_percent,
    format_exact,
    format_fixed,
    parse_percent,
    render,
)


@pytest.mark.parametrize(("text", "value", "decimals"), [
    ("57.14", Fraction(5714, 100), 2),
    ("57,14%", Fraction(5714, 100), 2),
    ("25", Fraction(25), 0),
    ("100.0", Fraction(100), 1),
])
def test_parse_percent_keeps_value_and_printed_decimals(text, value, decimals):
    printed = parse_percent(text)
    assert (printed.value, printed.decimals) == (value, decimals)


@pytest.mark.parametrize("text", [None, "", "about 50", "1e2", "-5", "12.34.5"])
def test_parse_percent_refuses_what_is_not_a_plain_percentage(text):
    assert parse_percent(text) is None


def test_25_of_28_is_89_29_rounded_and_89_28_truncated():
    exact = exact_percent(25, 28)
    assert format_fixed(render(exact, 2, "rounded"), 2) == "89.29"
    assert format_fixed(render(exact, 2, "truncated"), 2) == "89.28"
    assert conventions_matching(25, 28, parse_percent("89.28")) == {"truncated"}
    assert conventions_matching(25, 28, parse_percent("89.29")) == {"rounded"}
    assert conventions_matching(25, 28, parse_percent("89.3")) == {"rounded"}


def test_a_tie_matches_half_up_and_half_to_even_as_rounding():
    # 1/8 = 12.5%: half up prints 13, half to even prints 12; both are rounding.
    assert conventions_matching(1, 8, parse_percent("13")) == {"rounded"}
    assert conventions_matching(1, 8, parse_percent("12")) == {"rounded", "truncated"}


def test_grim_46_15_percent_fits_no_count_of_28_but_24_of_52():
    printed = parse_percent("46.15")
    assert counts_matching(28, printed) == ()
    assert denominators_matching(24, printed, 280) == (52,)


def test_counts_matching_finds_every_count_a_coarse_percentage_allows():
    assert counts_matching(1000, parse_percent("46")) == tuple(range(455, 470))
    # 46.5% is a tie: half up prints 47, half to even 46, so 465 is a rounded 46 too.
    assert counts_matching(1000, parse_percent("46"), frozenset({"rounded"})) == tuple(range(455, 466))


def test_format_exact_marks_a_decimal_that_does_not_terminate():
    assert format_exact(exact_percent(25, 28)) == "89.2857..."
    assert format_exact(exact_percent(7, 28)) == "25"
