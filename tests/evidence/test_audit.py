"""The numbers audit on our own test papers, with figures built as the extractor would read them.

Each paper in tests/data/audit/ is a short text with planted defects (or none). The figures here
quote the papers' real sentences, so each finding can be checked against the text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence.audit import KINDS, audit_figures
from evidence.schema import CohortFigure

DATA = Path(__file__).resolve().parents[1] / "data" / "audit"


class Paper:
    """A test paper; builds figures whose quote and offsets are those of its sentences."""

    def __init__(self, name: str) -> None:
        self.text = (DATA / name).read_text(encoding="utf-8")

    def sentence(self, phrase: str) -> tuple[int, str]:
        at = self.text.index(phrase)
        start = max(self.text.rfind(". ", 0, at) + 2, self.text.rfind("\n", 0, at) + 1)
        end = min(i for i in (self.text.find(". ", at), self.text.find(".\n", at)) if i >= 0) + 1
        return start, self.text[start:end]

    def figure(self, phrase: str, events: int, total: int, outcome: str, *, section: str,
               concept: str | None = None, **fields) -> CohortFigure:
        start, quote = self.sentence(phrase)
        at = self.text.index(phrase)
        fields.setdefault("unit", "patients")
        return CohortFigure(events=events, total=total, outcome=outcome,
                            concept=concept or outcome.replace(" ", "_"), quote=quote, start=at,
                            end=at + len(phrase), rule="test.v1", page=None, sentence_start=start,
                            section=section, **fields)


@pytest.fixture(scope="module")
def haematoma() -> list[CohortFigure]:
    paper = Paper("haematoma_series.txt")
    coag, pain = "coagulation dysfunction", "pain reduction over 50%"
    inferred = {"flags": ("denominator_inferred",), "denominator_quote": "Of the 28 patients, 16 (57.14%) had coagulation dysfunction."}
    return [
        paper.figure("16 (57.14%)", 16, 28, coag, section="abstract", percent="57.14"),
        paper.figure("in 18 patients (64.28%)", 18, 28, pain, section="abstract", percent="64.28",
                     timepoint="at one week", **inferred),
        paper.figure("male 24, 46.15%", 24, 28, "male", section="results", percent="46.15",
                     breakdown="sex-1", **inferred),
        paper.figure("18 patients (64.28%). Hip", 18, 28, coag, section="results", percent="64.28", **inferred),
        paper.figure("25 patients (89.28%)", 25, 28, "hip flexion contracture", section="results",
                     percent="89.28", **inferred),
        paper.figure("13 of 28 patients (46.42%)", 13, 28, "femoral nerve palsy", concept="femoral_neuropathy",
                     section="results", percent="46.42"),
        paper.figure("in 17 patients (60.71%)", 17, 28, pain, section="results", percent="60.71",
                     timepoint="at one week", **inferred),
        paper.figure("present in 18 patients (64.28%), was", 18, 28, coag, section="discussion",
                     percent="64.28", **inferred),
    ]


def test_haematoma_series_finds_the_three_planted_defects_and_nothing_else(haematoma):
    findings = audit_figures(haematoma)
    assert [(f.kind, f.page, f.severity) for f in findings] == [
        ("inconsistent_value", None, "warning"),
        ("inconsistent_value", None, "warning"),
        ("percent_count_mismatch", None, "warning"),
    ]
    coagulation, pain, male = findings
    assert coagulation.message == (
        "coagulation dysfunction (of 28 patients) is 16 (57.14%) in the abstract "
        "but 18 (64.28%) in the results and the discussion")
    assert coagulation.quotes == (
        "Of the 28 patients, 16 (57.14%) had coagulation dysfunction.",
        "Coagulation dysfunction was present in 18 patients (64.28%).",
        "Coagulation dysfunction, present in 18 patients (64.28%), was the leading risk factor in this series.",
    )
    assert pain.message == ("pain reduction over 50% (of 28 patients, at one week) is 18 (64.28%) in the "
                            "abstract but 17 (60.71%) in the results")
    assert male.message == ("male 24 (46.15%) of 28 patients (total 28 stated elsewhere: see the last quote): "
                            "24/28 = 85.7142...% (85.71), while 46.15% would be 12.92... of 28, not a whole "
                            "count; 24/52 = 46.15% fits")
    assert male.quotes == ("The cohort comprised 28 patients (male 24, 46.15%), aged 14 to 71 years.",
                           "Of the 28 patients, 16 (57.14%) had coagulation dysfunction.")


def test_truncated_percentages_are_silent_in_a_paper_that_truncates(haematoma):
    # 89.28 (25/28), 46.42 (13/28) and 64.28 (18/28) are all truncations, never roundings.
    findings = audit_figures(haematoma)
    assert not [f for f in findings if "89.28" in f.message or "46.42" in f.message]


def test_a_lone_rounding_in_a_truncating_paper_is_reported_as_info(haematoma):
    paper = Paper("haematoma_series.txt")
    rounded = paper.figure("25 patients (89.28%)", 25, 28, "hip flexion contracture", section="results",
                           percent="89.29")
    others = [f for f in haematoma if f.outcome != "hip flexion contracture"]
    [switch] = [f for f in audit_figures([*others, rounded]) if f.kind == "percent_mismatch"]
    assert switch.severity == "info"
    assert switch.message == ("hip flexion contracture 25 (89.29%) of 28 patients: 25/28 = 89.2857...% rounded, "
                              "not truncated (89.28), while this paper truncates (in 2 of 2 percentages "
                              "where the two differ)")


def test_the_result_does_not_depend_on_figure_order(haematoma):
    assert audit_figures(list(reversed(haematoma))) == audit_figures(haematoma)


@pytest.fixture(scope="module")
def clean() -> list[CohortFigure]:
    paper = Paper("clean_series.txt")
    inferred = {"flags": ("denominator_inferred",)}
    neuropathy = {"concept": "femoral_neuropathy", "unit": "episodes", "percent": "63.6"}
    strength = "full recovery of quadriceps strength"
    return [
        paper.figure("28 of the 44 episodes (63.6%). Quadriceps", 28, 44, "femoral neuropathy", section="abstract", **neuropathy),
        paper.figure("15 of 20 patients (75%)", 15, 20, strength, section="abstract", percent="75", timepoint="at 1 year"),
        paper.figure("17 (85%) were men", 17, 20, "men", section="results", percent="85", breakdown="sex"),
        paper.figure("3 (15%) women", 3, 20, "women", section="results", percent="15", breakdown="sex"),
        paper.figure("Haemophilia A was present in 17", 17, 20, "haemophilia A", section="results", breakdown="type", **inferred),
        paper.figure("haemophilia B in 3", 3, 20, "haemophilia B", section="results", breakdown="type", **inferred),
        paper.figure("28 of the 44 episodes (63.6%). Complications", 28, 44, "femoral neuropathy", section="results", **neuropathy),
        paper.figure("anaemia in 12 (60%)", 12, 20, "anaemia", section="results", percent="60", breakdown="complications", **inferred),
        paper.figure("haematuria in 9 (45%)", 9, 20, "haematuria", section="results", percent="45", breakdown="complications", **inferred),
        paper.figure("fever in 7 (35%)", 7, 20, "fever", section="results", percent="35", breakdown="complications", **inferred),
        paper.figure("II, III and IV in 5", 5, 20, "grade II", section="results", breakdown="grades", **inferred),
        paper.figure("9 and 6 patients", 9, 20, "grade III", section="results", breakdown="grades", **inferred),
        paper.figure("6 patients, respectively", 6, 20, "grade IV", section="results", breakdown="grades", **inferred),
        paper.figure("9 of 20 patients (45%)", 9, 20, strength, section="results", percent="45", timepoint="at 6 months"),
        paper.figure("15 of 20 (75%)", 15, 20, strength, section="results", percent="75", timepoint="at 1 year"),
        paper.figure("7 (77.8%)", 7, 9, "surgery", section="results", percent="77.8", subgroup="with inhibitors"),
        paper.figure("2 (66.7%)", 2, 3, "children", section="results", percent="66.7", subgroup="with haemophilia B"),
        paper.figure("Eleven of the 20", 11, 20, "evacuation", section="results"),
        # Read against the cohort of 20, as an extractor blind to 'followed' would read it.
        paper.figure("2 (18.2%)", 2, 20, "wound infection", section="results", percent="18.2", **inferred),
    ]


def test_a_clean_paper_gives_no_finding(clean):
    assert audit_figures(clean) == []


def test_a_percentage_of_a_stated_subgroup_is_not_a_mismatch_of_a_borrowed_total(clean):
    infection = [f for f in clean if f.outcome == "wound infection"]
    assert audit_figures([f for f in clean if f.outcome != "evacuation"]) != []  # the control
    [finding] = audit_figures(infection)
    assert finding.message.endswith("2/20 = 10% (10.0), while 18.2% would be 3.64 of 20, not a whole count; "
                                    "2/11 = 18.2% fits")
    assert audit_figures(clean) == []


def test_the_same_quantity_at_two_timepoints_is_not_an_inconsistency(clean):
    strength = [f for f in clean if f.outcome.startswith("full recovery")]
    assert {f.timepoint for f in strength} == {"at 6 months", "at 1 year"}
    assert audit_figures(strength) == []


def test_a_missing_timepoint_would_make_it_one(clean):
    # The control for the test above: the same figures, their timepoints lost, do conflict.
    from dataclasses import replace

    strength = [replace(f, timepoint=None) for f in clean if f.outcome.startswith("full recovery")]
    [finding] = audit_figures(strength)
    assert finding.kind == "inconsistent_value"
    assert finding.message == ("full recovery of quadriceps strength (of 20 patients) is 15 (75%) in the "
                               "abstract and the results but 9 (45%) in the results")


@pytest.fixture(scope="module")
def defects() -> list[CohortFigure]:
    paper = Paper("breakdown_defects.txt")
    inferred = {"flags": ("denominator_inferred",), "denominator_quote": "We studied 32 patients with haemophilia who had an iliopsoas bleed."}
    percent_only = {"flags": ("denominator_inferred", "percent_only")}
    return [
        paper.figure("Nineteen were men", 19, 32, "men", section="results", breakdown="sex", **inferred),
        paper.figure("11 were women", 11, 32, "women", section="results", breakdown="sex", **inferred),
        paper.figure("25 patients (78.1%)", 25, 32, "haemophilia A", section="results", percent="78.1", breakdown="type", **inferred),
        paper.figure("7 patients (28.1%)", 7, 32, "haemophilia B", section="results", percent="28.1", breakdown="type", **inferred),
        paper.figure("grade I in 31.3%", 10, 32, "grade I", section="results", percent="31.3", breakdown="grades", **percent_only),
        paper.figure("grade II in 37.5%", 12, 32, "grade II", section="results", percent="37.5", breakdown="grades", **percent_only),
        paper.figure("grade III in 40.6%", 13, 32, "grade III", section="results", percent="40.6", breakdown="grades", **percent_only),
        paper.figure("30 of 32 patients (93.8%)", 30, 32, "pain resolved", section="results", percent="93.8", timepoint="by discharge"),
        paper.figure("11 patients (34.4%)", 11, 32, "transfusion", section="results", percent="34.4", **inferred),
        paper.figure("5 patients (15.8%)", 5, 32, "rebleeding", section="results", percent="15.8", **inferred),
        paper.figure("3 patients (9.3%)", 3, 32, "hip flexion contracture", section="results", percent="9.3", **inferred),
        paper.figure("4 required surgery", 4, 36, "surgery", section="results", subgroup="with inhibitors"),
    ]


def _by_kind(findings):
    return {f.kind: [g for g in findings if g.kind == f.kind] for f in findings}


def test_breakdown_defects_finds_each_planted_defect(defects):
    findings = audit_figures(defects)
    assert [f.kind for f in findings] == [
        "breakdown_sum", "breakdown_sum", "events_exceed_total", "percent_count_mismatch",
        "percent_mismatch", "percent_mismatch", "subgroup_exceeds_cohort",
    ]
    kinds = _by_kind(findings)
    sex, grades = kinds["breakdown_sum"]
    assert sex.message == "sex breakdown of 32 patients: male 19 + female 11 = 30 patients, not the 32 in total"
    assert grades.message == ("grade breakdown of 32 patients: percentages 31.3% + 37.5% + 40.6% = 109.4%, "
                              "above 100% by more than rounding allows (at most 100.15%)")
    [exceed] = kinds["events_exceed_total"]
    assert (exceed.severity, exceed.message) == (
        "error", "more events than the total (or a percentage above 100) in: 34 of 32")
    assert exceed.quotes == ("Pain resolved in 30 of 32 patients (93.8%) and thigh swelling in 34 of 32 (106.3%) by discharge.",)
    [count] = kinds["percent_count_mismatch"]
    assert count.message.endswith(": 7/32 = 21.875% (21.9), while 28.1% is 9/32")
    grim, switch = kinds["percent_mismatch"]
    assert grim.severity == "warning"
    assert grim.message.endswith(": 15.8% matches no whole count of 32; 5/32 = 15.625% prints as "
                                 "15.6 rounded or truncated; this paper mixes rounding (2) and truncation (1) where "
                                 "the two differ")
    assert switch.severity == "info"
    # Judged against the others, which all round: the lone truncation stands out.
    assert switch.message.endswith(": 3/32 = 9.375% truncated, not rounded (9.4), while this paper rounds "
                                   "(in 2 of 2 percentages where the two differ)")
    [subgroup] = kinds["subgroup_exceeds_cohort"]
    assert subgroup.message == ("subgroup 'with inhibitors' has 36 patients, more than the whole cohort of 32 "
                                "patients (surgery 4 of 36)")


def test_overlapping_complications_are_never_summed(clean):
    complications = [f for f in clean if f.breakdown == "complications"]
    assert sum(f.events for f in complications) == 28 > 20
    assert audit_figures(complications) == []


def test_every_kind_is_exercised_by_the_test_papers(haematoma, defects):
    seen = {f.kind for f in audit_figures(haematoma) + audit_figures(defects)}
    assert seen == set(KINDS)


def test_figures_about_other_work_are_not_compared_with_the_papers_own(haematoma):
    from dataclasses import replace

    own = [f for f in haematoma if f.section == "results" and f.outcome == "coagulation dysfunction"]
    cited = replace(own[0], events=12, percent="42.85", section="discussion", subgroup=None,
                    quote="Coagulation dysfunction was found in 12 patients (42.85%) by Ortega et al.")
    larger = replace(own[0], events=20, total=40, percent="50.00", section="discussion", subgroup="with inhibitors",
                     quote="Among 40 patients with inhibitors, 20 (50.00%) had coagulation dysfunction [7].")
    assert audit_figures([*own, cited, larger]) == []
    # The control: the same sentence without its citation is the paper's own, and conflicts.
    uncited = replace(cited, quote="Coagulation dysfunction was found in 12 patients (42.85%).")
    assert [f.kind for f in audit_figures([*own, uncited])] == ["inconsistent_value"]


@pytest.fixture(scope="module")
def misread() -> tuple[Paper, dict]:
    """Figures as an extractor misreads a survey: totals borrowed from the wrong group."""
    paper = Paper("misread_survey.txt")
    borrowed = {"flags": ("denominator_inferred",), "section": "results", "unit": "people"}
    return paper, {
        "students": paper.figure("96 (4.3%)", 96, 118, "students", percent="4.3", **borrowed),
        "unemployed": paper.figure("61 (2.7%)", 61, 118, "unemployed", percent="2.7", **borrowed),
        "no answer": paper.figure("47 (2.1%)", 47, 118, "gave no answer", percent="2.1", **borrowed),
        "samples": paper.figure("19 (0.4%)", 19, 2251, "misclassified", percent="0.4", **borrowed),
        "flu": paper.figure("12 (18.8%)", 12, 64, "flu-like symptoms", percent="18.8", section="results",
                            unit="people", subgroup="on interferon"),
        "natalizumab": paper.figure("3 (5.8%)", 3, 52, "stopped treatment", percent="5.8", unit="people",
                                    subgroup="on natalizumab", **{k: v for k, v in borrowed.items() if k != "unit"}),
    }


def test_misfits_that_one_other_total_explains_are_the_extractors_not_the_authors(misread):
    _, figures = misread
    # 96, 61 and 47 of 2,251 print as 4.3, 2.7 and 2.1: the 118 was the wrong total.
    misfits = [figures["students"], figures["unemployed"], figures["no answer"]]
    assert audit_figures(misfits) == []
    [alone] = audit_figures(misfits[:1])  # the control: one misfit alone is reported
    assert (alone.kind, alone.message.split(": ", 1)[1]) == (
        "percent_count_mismatch", "96/118 = 81.3559...% (81.4), while 4.3% would be 5.07... of 118, not a whole count")


def test_a_borrowed_total_the_sentence_does_not_confirm_is_not_trusted(misread):
    _, figures = misread
    from dataclasses import replace

    assert audit_figures([figures["samples"]]) == []
    stated = replace(figures["samples"], flags=())  # the control: the same total, stated
    assert [f.kind for f in audit_figures([stated])] == ["percent_count_mismatch"]


def test_a_cohort_only_borrowed_cannot_be_exceeded(misread):
    _, figures = misread
    from dataclasses import replace

    cohort = replace(figures["samples"], events=19, total=50, percent=None)
    assert audit_figures([cohort, figures["flu"]]) == []
    stated = replace(cohort, flags=())  # the control: a cohort of 50 stated in its sentence
    [finding] = audit_figures([stated, figures["flu"]])
    assert finding.kind == "subgroup_exceeds_cohort"
    assert "has 64 people, more than the whole cohort of 50 people" in finding.message


def test_the_misread_survey_as_a_whole_is_silent(misread):
    _, figures = misread
    assert audit_figures(list(figures.values())) == []


def _clean_breakdown(clean, name):
    return [f for f in clean if f.breakdown == name]


def test_haemophilia_types_must_add_up_to_the_patients_with_haemophilia(clean):
    from dataclasses import replace

    a, b = _clean_breakdown(clean, "type")
    population = replace(a, events=19, outcome="haemophilia", concept="haemophilia", breakdown=None)
    [finding] = audit_figures([a, b, population])
    assert finding.kind == "breakdown_sum"
    assert finding.message == ("haemophilia type breakdown of 20 patients: A 17 + B 3 = 20 patients, "
                               "not the 19 with haemophilia")
    # Without a stated population, A and B of a mixed cohort need not fill it.
    assert audit_figures([replace(a, events=12), b]) == []


def test_an_exhaustive_split_whose_percentages_fall_short_of_100(clean):
    from dataclasses import replace

    men, women = _clean_breakdown(clean, "sex")
    short = [replace(men, events=17, total=21, percent="80.95"), replace(women, events=3, total=21, percent="14.28")]
    [finding] = audit_figures(short)
    # 17 + 3 = 20 of 21 is reported as a count; the percentages sum to 95.23%, far below 100%.
    assert finding.message == ("sex breakdown of 21 patients: male 17 + female 3 = 20 patients, not the 21 in total; "
                               "percentages 80.95% + 14.28% = 95.23%, below 100% by more than rounding allows "
                               "(at least 99.98%)")


def test_a_not_reported_category_completes_the_split(clean):
    from dataclasses import replace

    men, women = _clean_breakdown(clean, "sex")
    split = [replace(f, total=21, percent=None) for f in (men, women)]
    unknown = replace(women, events=1, total=21, percent=None, outcome="not reported")
    assert [f.kind for f in audit_figures(split)] == ["breakdown_sum"]
    assert audit_figures([*split, unknown]) == []
