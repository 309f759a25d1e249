"""The pooling options shared by ``evidence pool`` and ``evidence report``."""

from __future__ import annotations

from collections.abc import Callable

import click

from evidence.pooling.result import MEASURES, METHODS, TESTS
from evidence.synthesis import BY_CHOICES


def pooling_options(command: Callable) -> Callable:
    """Add --by, --measure, --method, --test and --level, with the library's choices and defaults."""
    for option in reversed((
        click.option("--by", type=click.Choice(BY_CHOICES), default=None,
                     help="Compare subgroups side by side, with the test for subgroup differences."),
        click.option("--measure", type=click.Choice(MEASURES), default="PLO", show_default=True,
                     help="Transform: logit, Freeman-Tukey, arcsine or raw proportion."),
        click.option("--method", type=click.Choice(METHODS), default="REML", show_default=True,
                     help="tau² estimator, or GLMM for the binomial-normal model."),
        click.option("--test", type=click.Choice(TESTS), default="z", show_default=True,
                     help="Test and interval: normal (z), Hartung-Knapp (knha), or t (GLMM)."),
        click.option("--level", type=click.FloatRange(0, 1, min_open=True, max_open=True), default=0.95,
                     show_default=True, help="Confidence level."),
    )):
        command = option(command)
    return command
