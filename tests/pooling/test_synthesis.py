"""synthesize and read_pool_csv: units kept apart, one figure per document, honest warnings."""

from __future__ import annotations

from dataclasses import replace

import pytest

from evidence.errors import PoolingError
from evidence.schema import CohortFigure, DocumentRecord
from evidence.synthesis import analyse_rows, read_pool_csv, synthesize


def doc(id_: int, author: str | None, year: int | None, source: str) -> DocumentRecord:
    return DocumentRecord(id=id_, source=source, sha256="0" * 64, file_type="pdf", title=None,
                          authors=(author,) if author else (), year=year, journal=None, doi=None,
                          pages=8, ingested_at="2024-01-01T00:00:00+00:00", status="ok")


def fig(document: int, events: int, total: int, unit: str, *, section: str = "results", page: int = 4,
        subgroup: str | None = None, concept: str = "femoral_neuropathy", flags: tuple[str, ...] = ()) -> CohortFigure:
    quote = f"Femoral neuropathy occurred in {events} of {total} {unit}."
    return CohortFigure(events=events, total=total, unit=unit, outcome="femoral neuropathy", concept=concept,
                        quote=quote, start=31, end=31 + len(f"{events} of {total}"), rule="count_of_total.v1",
                        page=page, section=section, subgroup=subgroup, flags=flags, document=document)


DOCS = {1: doc(1, "Li Y", 2023, "papers/li2023.pdf"),
        2: doc(2, "Panuwannakorn T", 2022, "papers/panu.pdf"),
        3: doc(3, None, None, "papers/retro_series.pdf"),
        4: doc(4, "Li Y", 2024, "papers/li2024.pdf")}


def test_units_are_pooled_apart_with_a_warning():
    out = synthesize([fig(1, 25, 28, "patients"), fig(2, 28, 44, "episodes"), fig(3, 9, 30, "patients")], DOCS,
                     method="DL")
    assert [(a.unit, a.pooled.k) for a in out] == [("episodes", 1), ("patients", 2)]
    note = ("femoral_neuropathy is counted in different units (episodes, patients): pooled separately, "
            "never together (allow mixed units to override)")
    assert note in out[1].warnings
    assert [s.label for s in out[1].studies] == ["Li 2023", "retro_series"]


def test_mixed_units_only_when_allowed():
    out = synthesize([fig(1, 25, 28, "patients"), fig(2, 28, 44, "episodes")], DOCS, allow_mixed_units=True)
    assert [(a.unit, a.pooled.k) for a in out] == [("mixed", 2)]
    assert out[0].warnings[0] == "units of analysis pooled together as asked: episodes, patients"


def test_one_figure_per_document_prefers_results_and_warns_on_disagreement():
    figs = [fig(2, 27, 44, "episodes", section="abstract", page=1), fig(2, 28, 44, "episodes", page=5),
            fig(2, 10, 20, "episodes", subgroup="diabetic"), fig(1, 25, 44, "episodes")]
    (a,) = synthesize(figs, DOCS)
    assert [(s.label, s.events, s.total, s.page) for s in a.studies] == [("Panuwannakorn 2022", 28, 44, 5), ("Li 2023", 25, 44, 4)]
    assert ("Panuwannakorn 2022 reports femoral_neuropathy with different values: 28/44 (results, p. 5); "
            "27/44 (abstract, p. 1); pooled 28/44 (results, p. 5)") in a.warnings


def test_same_first_author_and_total_flags_a_possible_shared_cohort():
    (a,) = synthesize([fig(1, 25, 28, "patients"), fig(4, 24, 28, "patients")], DOCS)
    assert ("Li 2023 and Li 2024 share the first author and the total (28): they may report the same cohort"
            in a.warnings)


def test_subgroup_analysis_on_figure_subgroups():
    figs = [fig(1, 25, 28, "patients", subgroup="femoral"), fig(2, 28, 44, "patients", subgroup="femoral"),
            fig(1, 15, 28, "patients", subgroup="LFCN")]
    (a,) = synthesize(figs, DOCS, by="subgroup", method="DL")
    g = a.subgroups
    assert [name for name, _ in g.groups] == ["femoral", "LFCN"]
    # metafor reference (clinical_femoral_lfcn, PLO, DL, z): Qb_separate 1.65054983972796, QM 0.71185648439398
    assert g.q_between == pytest.approx(1.65054983972796, rel=1e-9)
    assert g.qm == pytest.approx(0.71185648439398, rel=1e-9)
    assert "Li 2023 (femoral), Li 2023 (LFCN) come from one document: their participants overlap, so they are not " \
           "independent studies" in a.warnings


def test_sensitivity_is_plo_pft_pas_pr_glmm():
    (a,) = synthesize([fig(1, 25, 28, "patients"), fig(2, 28, 44, "patients"), fig(3, 9, 30, "patients")], DOCS)
    assert [(r.measure, r.method) for r in a.sensitivity] == [("PLO", "REML"), ("PFT", "REML"), ("PAS", "REML"),
                                                               ("PR", "REML"), ("PLO", "GLMM")]
    assert a.to_dict()["k"] == 3


def test_unknown_concept_names_the_known_ones():
    with pytest.raises(PoolingError, match=r"^no figures for concept\(s\) relapse; known concepts: femoral_neuropathy$"):
        synthesize([fig(1, 25, 28, "patients")], DOCS, concepts=["relapse"])


def test_read_pool_csv_and_pool(tmp_path):
    path = tmp_path / "femoral.csv"
    path.write_text('"study","events","total"\n"Li 2023",25,28\n"Panuwannakorn 2022",28,44\n')
    rows = read_pool_csv(path)
    assert [(r.label, r.events, r.total) for r in rows] == [("Li 2023", 25, 28), ("Panuwannakorn 2022", 28, 44)]
    a = analyse_rows(rows, method="DL")
    # metafor rma(measure="PLO", method="DL") on clinical_femoral: transf.ilogit(b) = 0.7776107891...
    assert a.pooled.prop == pytest.approx(0.7776107891218063, rel=1e-9)
    assert a.warnings[0] == "only 2 studies: the pooled estimate and its heterogeneity are fragile"


@pytest.mark.parametrize(("text", "message"), [
    ("study,events,total\nLi,25,x\n", "line 2: total must be a whole number (got 'x')"),
    ("study,events,total\nLi,30,28\n", "line 2: need 0 <= events <= total and total >= 1 (got 30/28)"),
    ("study,events\nLi,25\n", "missing column(s) total; expected study,events,total[,subgroup] (got study,events)"),
])
def test_read_pool_csv_names_file_line_and_problem(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(PoolingError) as err:
        read_pool_csv(path)
    sep = ", " if message.startswith("line") else ": "
    assert str(err.value) == f"{path}{sep}{message}"


def test_figures_restating_other_studies_are_not_pooled():
    own = [fig(1, 14, 36, "patients"), fig(2, 25, 28, "patients")]
    restated = fig(3, 25, 28, "patients", flags=("cites_other_work",))
    [analysis] = synthesize([*own, restated], {})
    assert [(s.document, s.events, s.total) for s in analysis.studies] == [(1, 14, 36), (2, 25, 28)]
    assert any("1 figure(s) restating other studies' results (cites_other_work) left out" in w
               for w in analysis.warnings)


def test_table_arms_of_one_study_are_added_up_when_no_whole_cohort_figure_exists():
    arms = [replace(fig(5, 3, 41, "patients", section="table", subgroup="Conservative", concept="mortality"), table=0),
            replace(fig(5, 1, 17, "patients", section="table", subgroup="Surgical", concept="mortality"), table=0)]
    other = fig(6, 5, 36, "patients", concept="mortality")
    [analysis] = synthesize([*arms, other], {})
    assert [(s.document, s.events, s.total, s.subgroup) for s in analysis.studies] == [(5, 4, 58, None), (6, 5, 36, None)]
    assert "arms_combined" in analysis.studies[0].figure.flags
    assert any("its table arms Conservative (3/41) and Surgical (1/17) were added up to 4/58" in w
               for w in analysis.warnings)


def test_different_timepoints_are_pooled_with_a_warning():
    early = replace(fig(1, 19, 25, "patients", concept="complete_recovery"), timepoint="3 months")
    late = replace(fig(2, 8, 15, "patients", concept="complete_recovery"), timepoint="6 months")
    [analysis] = synthesize([early, late], {})
    assert any(w.startswith("the studies report this outcome at different times") and "at 3 months" in w
               and "at 6 months" in w for w in analysis.warnings)


def test_csv_row_with_more_fields_than_the_header_names_the_line(tmp_path):
    path = tmp_path / "studies.csv"
    path.write_text("study,events,total\nLi 2023,25,28\nPanuwannakorn, 2022,28,44\n", encoding="utf-8")
    with pytest.raises(PoolingError) as caught:
        read_pool_csv(path)
    assert str(caught.value) == (f"{path}, line 3: 4 fields, but the header has 3 (study,events,total); "
                                 "quote labels that contain commas")


def test_csv_quoted_labels_may_hold_commas_and_line_breaks(tmp_path):
    path = tmp_path / "studies.csv"
    path.write_text('study,events,total\n"Li, 2023",25,28\n"Panuwannakorn\n2022",28,44\n', encoding="utf-8")
    assert [(r.label, r.events, r.total) for r in read_pool_csv(path)] == [
        ("Li, 2023", 25, 28), ("Panuwannakorn\n2022", 28, 44)]


def test_subgroup_comparison_does_not_claim_the_study_is_represented_by_a_subgroup():
    whole = fig(1, 17, 58, "patients", concept="surgery")
    part = fig(1, 0, 17, "patients", concept="surgery", subgroup="surgically treated patients")
    other = fig(2, 4, 36, "patients", concept="surgery", subgroup="warfarin users")
    [analysis] = synthesize([whole, part, other], {}, by="subgroup")
    assert [(s.document, s.events, s.total) for s in analysis.studies] == [(1, 17, 58), (2, 4, 36)]
    assert [w for w in analysis.warnings if "only the subgroup" in w] == [
        "document 2: only the subgroup 'warfarin users' reports surgery (4/36); it stands for the study"]
