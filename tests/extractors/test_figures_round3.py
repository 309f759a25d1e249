"""Defects found on real papers: arm breakdowns, reviews, false counts, table units, junk outcomes."""

from __future__ import annotations

import hashlib

from evidence.schema import DocumentMetadata, Page, ParsedDocument, Section, Table
from extractors.concepts import singular, slugify
from extractors.figures import extract_figures, extract_figures_from_text


def document(pages: list[str], *, title: str | None = None, sections: tuple[Section, ...] = (),
             tables: tuple[Table, ...] = ()) -> ParsedDocument:
    return ParsedDocument(
        source="paper.pdf", sha256=hashlib.sha256("|".join(pages).encode()).hexdigest(), file_type="pdf",
        size_bytes=100, metadata=DocumentMetadata(title=title),
        pages=tuple(Page(number=i, text=t) for i, t in enumerate(pages, start=1)), sections=sections, tables=tables)


def read(text: str) -> list[tuple]:
    return [(text[f.start:f.end], f.events, f.total, f.unit, f.concept, f.subgroup)
            for f in extract_figures_from_text(text)]


# -- 1. a count split across the arms ---------------------------------------------------------

def test_count_split_across_arms_gives_the_whole_cohort_and_each_arm_its_own_size():
    context = "Of the 58 patients enrolled, 41 were in the conservative group and 17 in the surgical group."
    sentence = "Four patients died during follow-up: three in the conservative group and one in the surgical group."
    found = [f for f in read(f"{context} {sentence}") if f[0] in sentence]
    assert found == [
        ("Four patients died", 4, 58, "patients", "mortality", None),
        ("three in the conservative group", 3, 41, "patients", "mortality", "conservative group"),
        ("one in the surgical group", 1, 17, "patients", "mortality", "surgical group"),
    ]


def test_arms_without_stated_sizes_are_not_given_the_whole_cohort():
    text = "We treated 58 patients. Two patients relapsed: one in the early group and one in the late group."
    assert read(text) == [("Two patients relapsed", 2, 58, "patients", "recurrence", None)]


def test_zero_count_of_a_named_arm_takes_that_arm_size():
    text = ("Ten infants were randomized, seven to the treatment group and 3 to the control group. "
            "None of the infants in the control group developed sepsis.")
    (figure,) = [f for f in extract_figures_from_text(text) if f.events == 0]
    assert (figure.events, figure.total, figure.unit, figure.subgroup) == (0, 3, "infants", "control group")


def test_zero_count_of_an_arm_sized_only_by_a_power_calculation_is_not_read():
    text = ("We randomized 7 infants. The control group (n = 50) would have a power of 80% to detect a difference. "
            "None of the infants in the control group developed sepsis.")
    assert [f for f in extract_figures_from_text(text) if f.events == 0] == []


# -- 2. reviews -------------------------------------------------------------------------------

def test_every_figure_of_a_review_is_another_papers():
    doc = document(["The mixed series included 28 patients. In the mixed series, 89.3% (n = 25) had femoral involvement."],
                   title="Femoral palsy after iliopsoas haematoma: a narrative review")
    (figure,) = extract_figures(doc)
    assert (figure.events, figure.total) == (25, 28)
    assert "cites_other_work" in figure.flags and "review_article" in figure.flags


def test_a_pooled_percentage_of_a_review_is_not_given_a_study_size():
    doc = document(["Two of these studies included 50 patients or fewer. At 6 months 30% of patients had CIPN."],
                   title="Incidence of chemotherapy-induced neuropathy: a systematic review and meta-analysis")
    assert [(f.events, f.total) for f in extract_figures(doc)] == []


def test_a_retrospective_review_of_own_patients_is_not_a_review_article():
    doc = document(["Of 28 patients, 25 (89.3%) had femoral involvement."],
                   title="Iliopsoas haematoma: a retrospective review of 28 patients")
    (figure,) = extract_figures(doc)
    assert (figure.events, figure.total, figure.flags) == (25, 28, ())


def test_first_heading_can_say_systematic_review():
    text = "Of 120 patients, 36 (30%) relapsed."
    doc = document([text], sections=(Section("front", "Systematic Review", 1, 0, 1, len(text)),))
    (figure,) = extract_figures(doc)
    assert figure.flags == ("cites_other_work", "review_article")


# -- 3. false figures -------------------------------------------------------------------------

def test_gestational_age_notation_is_not_a_fraction():
    assert read("We studied 40 infants born at 34 0/7 to 36 6/7 weeks' gestation.") == []


def test_a_median_of_sessions_is_not_a_count():
    assert read("We enrolled 30 women, who attended a median of only four of 14 sessions.") == []


def test_percentage_chooses_the_stated_cohort_it_fits():
    text = ("We enrolled 2251 participants, and a total of 2276 respondents completed the survey. "
            "Preeclampsia was reported by 103 participants (4.5%).")
    assert read(text) == [("103 participants (4.5%)", 103, 2276, "participants", "preeclampsia", None)]


def test_percentage_of_an_arm_takes_the_arm_size_it_fits():
    text = ("There were 2142 women (1075 Lifestyle Advice; 1067 Standard Care) available for analysis. "
            "The questionnaire was returned by 945 women (87.9%) in the Lifestyle Advice group.")
    found = [f for f in extract_figures_from_text(text) if f.events == 945]
    assert [(f.events, f.total, f.unit, f.subgroup) for f in found] == [(945, 1075, "women", "Lifestyle Advice group")]
    assert "percent_mismatch" not in found[0].flags


# -- 4. table units ---------------------------------------------------------------------------

def test_table_unit_comes_from_caption_not_row_label():
    table = Table(page=1, index=0, caption="Table 2. Outcomes in 120 women", rows=(
        ("Outcome", "n (%)"), ("Antenatal visits missed", "12 (10.0)")))
    (figure,) = extract_figures(document(["We enrolled 120 women."], tables=(table,)))
    assert (figure.events, figure.total, figure.unit, figure.flags) == (12, 120, "women", ("denominator_inferred",))


def test_table_unit_never_taken_from_a_word_the_caption_only_mentions():
    table = Table(page=1, index=0, caption="Table 1. Characteristics at trial entry", rows=(
        ("Characteristic", "Total (n = 50)"), ("Smoker, n (%)", "12 (24.0)")))
    (figure,) = extract_figures(document(["We randomized 50 participants."], tables=(table,)))
    assert (figure.events, figure.total, figure.unit) == (12, 50, "participants")
    assert "unit_assumed" in figure.flags


# -- 5. junk outcome names --------------------------------------------------------------------

def test_slugs_keep_whole_words():
    assert (singular("headaches"), singular("approaches"), singular("branches")) == ("headache", "approach", "branch")
    assert slugify("Headaches") == "headache"


def test_bare_other_row_is_named_by_its_row_group():
    table = Table(page=1, index=0, caption="Table 1. Characteristics of 40 patients", rows=(
        ("Characteristic", "n (%)"), ("Race", ""), ("White", "30 (75.0)"), ("Other", "10 (25.0)")))
    figures = extract_figures(document(["We included 40 patients."], tables=(table,)))
    assert [(f.events, f.total, f.concept) for f in figures] == [(30, 40, "white"), (10, 40, "other_race")]


def test_bare_total_row_without_group_is_dropped():
    table = Table(page=1, index=0, caption="Table 3. Adverse events reported during the first year", rows=(
        ("Event", "n (%)"), ("Nausea", "8 (20.0)"), ("Total", "40 (100.0)")))
    figures = extract_figures(document(["We included 40 patients."], tables=(table,)))
    assert [(f.events, f.total, f.concept) for f in figures] == [(8, 40, "nausea")]


def test_quantifier_and_list_words_are_not_outcomes():
    text = ("We surveyed 2000 respondents. Most (640, 32.0%) were aged 40-49 years, "
            "followed by 520 (26.0%) aged 50-59 years.")
    assert [f.concept for f in extract_figures_from_text(text)] == []
