"""``evidence pool``: pool the corpus's cohort figures (or a CSV) concept by concept."""

from __future__ import annotations

import math

import click

from evidence.cli.common import db_option, echo_json, format_option, open_store
from evidence.cli.pooling_options import pooling_options
from evidence.pooling.sensitivity import SENSITIVITY_ORDER
from evidence.synthesis import OutcomeAnalysis, analyse_rows, read_pool_csv, synthesize


def _pct(value: float) -> str:
    return "NA" if math.isnan(value) else f"{100 * value:.1f}%"


def _num(value: float, digits: int = 4) -> str:
    return "NA" if math.isnan(value) else f"{value:.{digits}g}"


def _pvalue(value: float) -> str:
    if math.isnan(value):
        return "NA"
    return "< 0.0001" if value < 1e-4 else f"{value:.4f}"


def _print_analysis(a: OutcomeAnalysis) -> None:
    p = a.pooled
    level = f"{100 * p.level:g}%"
    click.echo(f"{a.concept} [{a.unit}]  k={p.k}  {p.measure} {p.method} test={p.test}")
    click.echo(f"  pooled proportion {_pct(p.prop)}  {level} CI {_pct(p.prop_ci_lb)} to {_pct(p.prop_ci_ub)}"
               f"  PI {_pct(p.prop_pi_lb)} to {_pct(p.prop_pi_ub)}")
    i2 = "NA" if math.isnan(p.I2) else f"{_num(p.I2, 3)}%"
    click.echo(f"  tau2 {_num(p.tau2)}  I2 {i2}  Q {_num(p.Q)} (df {p.Q_df}, p {_pvalue(p.Q_p)})")
    for s in a.studies:
        where = "" if s.document is None else f"  document {s.document}" + ("" if s.page is None else f", p. {s.page}")
        group = "" if s.subgroup is None else f"  [{s.subgroup}]"
        when = "" if s.figure is None or s.figure.timepoint is None else f"  ({s.figure.timepoint})"
        weight = "NA" if math.isnan(s.weight_pct) else f"{_num(s.weight_pct, 3)}%"
        click.echo(f"    {s.label}: {s.events}/{s.total} = {_pct(s.proportion)} "
                   f"({_pct(s.ci_lb)} to {_pct(s.ci_ub)}), weight {weight}{where}{group}{when}")
    # The sensitivity results come in SENSITIVITY_ORDER; a GLMM that fell back says so in its notes.
    click.echo("  sensitivity: " + "; ".join(
        f"{name}{'' if r.method == 'GLMM' or name != 'GLMM' else ' (not fitted, see warnings)'} {_pct(r.prop)}"
        for name, r in zip(SENSITIVITY_ORDER, a.sensitivity)))
    if a.subgroups is not None:
        g = a.subgroups
        click.echo(f"  subgroups by {g.by}: " + "; ".join(f"{name} {_pct(r.prop)} (k={r.k})" for name, r in g.groups))
        click.echo(f"    separate tau2: Q_between {_num(g.q_between)} (df {g.df_between}, p {_pvalue(g.p_between)});"
                   f" common tau2: QM {_num(g.qm)} (df {g.qm_df}, p {_pvalue(g.qm_p)})")
    for w in a.warnings:
        click.echo(f"  warning: {w}")


@click.command()
@click.option("--concept", "concepts", multiple=True, help="Pool only this concept (repeatable).")
@click.option("--unit", default=None, help="Pool only figures counted in this unit (patients, episodes, ...).")
@pooling_options
@click.option("--allow-mixed-units", is_flag=True, help="Pool patients and episodes together.")
@click.option("--input", "input_csv", type=click.Path(dir_okay=False), default=None,
              help="Pool this CSV (study,events,total[,subgroup]) instead of the corpus.")
@format_option("text", "json")
@db_option
def pool(concepts, unit, by, measure, method, test, level, allow_mixed_units, input_csv, fmt, db) -> None:
    """Pool cohort figures into random-effects estimates, concept by concept.

    Example: evidence pool --concept femoral_neuropathy --method REML --test knha
    """
    options = {"by": by, "measure": measure, "method": method, "test": test, "level": level}
    if input_csv is not None:
        analyses = [analyse_rows(read_pool_csv(input_csv), concept=concepts[0] if concepts else "input", **options)]
    else:
        with open_store(db) as store:
            documents = {d.id: d for d in store.documents()}
            figures = store.figures()
        analyses = synthesize(figures, documents, concepts=concepts or None, unit=unit,
                              allow_mixed_units=allow_mixed_units, **options)
    if fmt == "json":
        echo_json([a.to_dict() for a in analyses])
        return
    if not analyses:
        click.echo("No cohort figures to pool; run 'evidence ingest PATH' first, or check --concept and --unit.")
        return
    for a in analyses:
        _print_analysis(a)
