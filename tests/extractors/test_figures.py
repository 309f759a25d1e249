"""One sentence per pattern family: the figure, its exact span, unit, outcome, concept and rule.

A cohort sentence, when a test needs one, comes first; only figures of the last sentence are
checked.
"""

from __future__ import annotations

import pytest

from extractors.figures import extract_figures_from_text

EPISODES = "We reviewed 44 episodes in 20 patients. "
TWENTY_EIGHT = "A total of 28 patients were included. "


def read(sentence: str, cohort: str = ""):
    text = cohort + sentence
    figures = [f for f in extract_figures_from_text(text) if f.start >= len(cohort)]
    return text, figures


def only(sentence: str, cohort: str = ""):
    text, figures = read(sentence, cohort)
    assert len(figures) == 1, figures
    return text, figures[0]


@pytest.mark.parametrize(("sentence", "span", "rule"), [
    ("Femoral neuropathy was present in 28 of the 44 episodes.", "28 of the 44 episodes", "count.of_total"),
    ("Femoral neuropathy was present in 28 out of 44 episodes.", "28 out of 44 episodes", "count.of_total"),
    ("Femoral neuropathy was present in 28/44 episodes.", "28/44 episodes", "count.slash"),
    ("Femoral neuropathy occurred in 63.6% (28/44) of episodes.", "63.6% (28/44)", "count.percent_of_total"),
])
def test_explicit_totals(sentence, span, rule):
    text, figure = only(sentence)
    assert (figure.events, figure.total, figure.unit) == (28, 44, "episodes")
    assert text[figure.start:figure.end] == span
    assert figure.rule == rule
    assert figure.concept == "femoral_neuropathy"
    assert figure.outcome == "Femoral neuropathy"
    assert "denominator_inferred" not in figure.flags


def test_count_total_and_percent_in_one_bracket():
    text, figure = only("Femoral neuropathy was common (28/44, 63.6%).", EPISODES)
    assert (figure.events, figure.total, figure.unit, figure.percent) == (28, 44, "episodes", "63.6")
    assert text[figure.start:figure.end] == "(28/44, 63.6%)"
    assert figure.rule == "count.slash_percent"


def test_percentage_keeps_its_printed_decimals_and_finds_the_cohort():
    text, figure = only("Femoral nerve involvement was found in 25 (89.28%).", TWENTY_EIGHT)
    assert (figure.events, figure.total, figure.unit, figure.percent) == (25, 28, "patients", "89.28")
    assert text[figure.start:figure.end] == "25 (89.28%)"
    assert figure.flags == ("denominator_inferred",)
    assert figure.denominator_quote == "A total of 28 patients were included."
    assert figure.concept == "femoral_neuropathy"


def test_count_unit_and_percentage():
    text, figure = only("Femoral nerve involvement was found in 25 patients (89.3%).", TWENTY_EIGHT)
    assert (figure.events, figure.total, figure.percent) == (25, 28, "89.3")
    assert text[figure.start:figure.end] == "25 patients (89.3%)"
    assert figure.rule == "count.unit_percent"


def test_percentage_then_n():
    text, figure = only("Femoral nerve involvement was seen in 89.3% (n = 25).", TWENTY_EIGHT)
    assert (figure.events, figure.total, figure.percent) == (25, 28, "89.3")
    assert text[figure.start:figure.end] == "89.3% (n = 25)"
    assert figure.rule == "count.percent_n"


def test_percentage_chooses_episodes_or_patients():
    text, figures = read("Femoral neuropathy occurred in 28 (63.6%), and eleven patients (55%) had haemophilia A.",
                         EPISODES)
    assert [(f.events, f.total, f.unit) for f in figures] == [(28, 44, "episodes"), (11, 20, "patients")]
    assert [text[f.start:f.end] for f in figures] == ["28 (63.6%)", "eleven patients (55%)"]
    assert (figures[0].concept, figures[1].concept) == ("femoral_neuropathy", "haemophilia_a")
    assert "number_word" in figures[1].flags


@pytest.mark.parametrize(("sentence", "span", "events"), [
    ("Two patients developed obturator neuropathy.", "Two patients developed", 2),
    ("Twenty-eight patients (63.6%) presented with femoral nerve palsy.", "Twenty-eight patients (63.6%)", 28),
])
def test_number_words(sentence, span, events):
    cohort = "The series comprised 44 patients. "
    text, figure = only(sentence, cohort)
    assert (figure.events, figure.total, figure.unit) == (events, 44, "patients")
    assert text[figure.start:figure.end] == span
    assert "number_word" in figure.flags


def test_respectively_pairs_counts_with_categories():
    text, figures = read("The haematoma was grade II, III and IV in five, 11 and 10 patients, respectively.", EPISODES)
    assert [(f.events, f.total, f.unit, f.outcome) for f in figures] == [
        (5, 20, "patients", "grade II"), (11, 20, "patients", "grade III"), (10, 20, "patients", "grade IV")]
    assert [text[f.start:f.end] for f in figures] == ["five", "11", "10"]
    assert len({f.breakdown for f in figures}) == 1 and figures[0].breakdown is not None
    assert all("respectively" in f.flags for f in figures)


def test_respectively_shares_the_noun_of_the_last_category():
    text, figures = read("Femoral, obturator and lateral femoral cutaneous neuropathies were seen in 28, 3 and 2 "
                         "episodes, respectively.", EPISODES)
    assert [(f.events, f.concept) for f in figures] == [
        (28, "femoral_neuropathy"), (3, "obturator_neuropathy"), (2, "lateral_femoral_cutaneous_neuropathy")]


def test_letter_list_splits_haemophilia_a_and_b():
    text, figures = read("We included 20 patients with haemophilia (A17, B3).")
    assert [(f.events, f.total, f.unit, f.outcome) for f in figures] == [
        (17, 20, "patients", "haemophilia A"), (3, 20, "patients", "haemophilia B")]
    assert [text[f.start:f.end] for f in figures] == ["A17", "B3"]
    assert [f.concept for f in figures] == ["haemophilia_a", "haemophilia_b"]
    assert figures[0].breakdown == figures[1].breakdown is not None


def test_n_equals_after_a_characteristic():
    text, figure = only("Patients with inhibitors (n = 7) bled more often.", TWENTY_EIGHT)
    assert (figure.events, figure.total, figure.concept) == (7, 28, "inhibitors")
    assert text[figure.start:figure.end] == "(n = 7)"
    assert figure.rule == "count.n_equals"


def test_sex_breakdown_sums_to_the_cohort():
    text, figures = read("There were 17 men and 11 women.", TWENTY_EIGHT)
    assert [(f.events, f.total, f.outcome) for f in figures] == [(17, 28, "men"), (11, 28, "women")]
    assert figures[0].concept == "male_sex"
    assert figures[0].breakdown == figures[1].breakdown


@pytest.mark.parametrize(("sentence", "cohort", "span", "total", "concept"), [
    ("No patient developed obturator neuropathy.", TWENTY_EIGHT, "No patient developed", 28, "obturator_neuropathy"),
    ("None of the 20 patients died.", "", "None of the 20 patients", 20, "mortality"),
    ("There were no deaths.", TWENTY_EIGHT, "no deaths", 28, "mortality"),
])
def test_zero_events_in_words(sentence, cohort, span, total, concept):
    text, figure = only(sentence, cohort)
    assert (figure.events, figure.total, figure.concept) == (0, total, concept)
    assert text[figure.start:figure.end] == span
    assert "zero_events" in figure.flags


def test_percentage_only_is_turned_into_a_count():
    text, figure = only("Femoral neuropathy complicated 63.6% of the episodes.", EPISODES)
    assert (figure.events, figure.total, figure.unit) == (28, 44, "episodes")
    assert text[figure.start:figure.end] == "63.6% of the episodes"
    assert "percent_only" in figure.flags


def test_percentage_that_fits_no_cohort_is_kept_and_flagged():
    text, figure = only("Male 24 (46.15%).", TWENTY_EIGHT)
    assert (figure.events, figure.total, figure.percent) == (24, 28, "46.15")
    assert "percent_mismatch" in figure.flags
    assert figure.concept == "male_sex"


def test_sentence_opening_with_its_own_denominator():
    text, figure = only("Of the 120 patients, 36 (30%) relapsed at 6 months.")
    assert (figure.events, figure.total, figure.unit) == (36, 120, "patients")
    assert figure.timepoint == "6 months"
    assert figure.outcome == "relapsed"
    assert figure.concept == "recurrence"
    assert "denominator_inferred" not in figure.flags


@pytest.mark.parametrize(("sentence", "subgroup", "timepoint"), [
    ("Complete recovery was seen in 12 of 20 patients with inhibitors after 1 year.", "patients with inhibitors", "1 year"),
    ("Among haemophilia B patients, femoral neuropathy occurred in 3 of 4 episodes at baseline.",
     "haemophilia B patients", "baseline"),
    ("Pain reduction at one week was reported by 18 of 28 patients.", None, "1 week"),
])
def test_subgroup_and_timepoint(sentence, subgroup, timepoint):
    _, figure = only(sentence)
    assert (figure.subgroup, figure.timepoint) == (subgroup, timepoint)


def test_two_arms_in_one_sentence_keep_their_own_subgroup():
    text, figures = read("The primary outcome occurred in 23 of 150 (15.3%) in the intervention arm and 38 of 148 "
                         "(25.7%) in the control arm.", "We randomised 298 patients. ")
    assert [(f.events, f.total, f.subgroup, f.outcome) for f in figures] == [
        (23, 150, "intervention arm", "primary outcome"), (38, 148, "control arm", "primary outcome")]


@pytest.mark.parametrize("sentence", [
    "The mean age was 45 years (range 18-72).",
    "The difference was significant (p = 0.03).",
    "The odds ratio was 2.1 (95% CI 1.2-3.4).",
    "Enoxaparin 40 mg was given once daily for 5 days.",
    "The study ran from January 2015 to December 2019.",
    "Similar findings have been reported previously [12, 14].",
    "Baseline characteristics are shown in Table 2.",
    "Median haemoglobin was 8.4 g/dL (IQR 7.1-9.6).",
    "The median follow-up was 24 months (range 6-60).",
    "Blood pressure was 90/60 mmHg on arrival.",
    "The visual analogue scale score fell from 8/10 to 3/10.",
    "Ethics approval was granted on 12/05/2019.",
    "Sensitivity and specificity were 92% and 88%, respectively.",
    "Page 2 of 19",
])
def test_hard_negatives_give_nothing(sentence):
    assert read(sentence, TWENTY_EIGHT)[1] == []


@pytest.mark.parametrize("sentence", [
    "Smith et al. found femoral neuropathy in 12 of 20 patients [7].",
    "Femoral neuropathy was found in 12 of 20 patients (Smith, 2019).",
    "In an earlier series, femoral neuropathy was found in 12 of 20 patients [7].",
])
def test_another_papers_figure_is_read_and_flagged(sentence):
    text, figure = only(sentence, TWENTY_EIGHT)
    assert (figure.events, figure.total, figure.concept) == (12, 20, "femoral_neuropathy")
    assert text[figure.start:figure.end].startswith("12 of 20")
    assert "cites_other_work" in figure.flags


def test_a_citing_sentence_about_our_own_data_is_not_flagged():
    _, figure = only("As in Smith et al. [7], femoral neuropathy was found in 12 of 20 patients in our series.")
    assert (figure.events, figure.total) == (12, 20)
    assert "cites_other_work" not in figure.flags


def test_never_reads_a_cohort_statement_as_a_figure():
    assert extract_figures_from_text("We reviewed 44 episodes in 20 patients. A total of 28 patients were included.") == ()


def test_a_list_continues_with_bare_counts():
    text, figures = read("The anticoagulant was warfarin in 17 patients, a direct oral anticoagulant in 11 and "
                         "heparin in 8 (Table 1).", "We included 36 patients. ")
    assert [(f.events, f.total, f.outcome, f.rule) for f in figures] == [
        (17, 36, "warfarin", "count.in_units"),
        (11, 36, "direct oral anticoagulant", "count.in_list"),
        (8, 36, "heparin", "count.in_list")]
    assert [text[f.start:f.end] for f in figures[1:]] == ["in 11", "in 8"]
    assert [f.concept for f in figures] == ["warfarin", "direct_oral_anticoagulant", "heparin"]


def test_bare_counts_with_a_verb_and_with_a_category():
    text, figures = read("Twenty-four patients were studied: 19 with haemophilia A and five with haemophilia B; "
                         "9 underwent embolization.")
    assert [(f.events, f.total, f.outcome, f.rule) for f in figures] == [
        (19, 24, "haemophilia A", "count.with"), (5, 24, "haemophilia B", "count.with"),
        (9, 24, "embolization", "count.verb")]


def test_of_these_points_back_to_the_count_before():
    text, figures = read("Of these patients, four underwent surgical decompression.",
                         "We included 28 patients. Nine patients had a complete femoral nerve palsy. ")
    assert [(f.events, f.total, f.concept) for f in figures] == [(4, 9, "surgery")]


def test_a_percentage_can_be_of_a_count_read_earlier():
    text, figures = read("Recovery was complete in 15 limbs (71.4%).",
                         "We reviewed 32 limbs in 30 patients. Femoral nerve palsy was present in 21 of 32 limbs. ")
    assert [(f.events, f.total, f.unit, f.flags) for f in figures] == [(15, 21, "limbs", ("denominator_inferred",))]


# Sentences the audit found unread; each must keep what the audit checks (percent, breakdown).
THIRTY_TWO = "We reviewed 32 patients. "


def test_a_bracketed_sex_count_keeps_its_printed_percent_for_the_audit():
    text, figure = only("The cohort comprised 28 patients (male 24, 46.15%), aged 14 to 71 years.")
    assert text[figure.start:figure.end] == "(male 24, 46.15%)"
    assert (figure.events, figure.total, figure.concept, figure.percent) == (24, 28, "male_sex", "46.15")
    assert "percent_mismatch" in figure.flags


def test_a_sex_breakdown_with_verbs_is_one_breakdown_of_the_cohort():
    text, figures = read("Nineteen were men and 11 were women.", "We included 30 patients. ")
    assert [text[f.start:f.end] for f in figures] == ["Nineteen were men", "11 were women"]
    assert [(f.events, f.total, f.concept) for f in figures] == [(19, 30, "male_sex"), (11, 30, "women")]
    assert figures[0].breakdown == figures[1].breakdown is not None


def test_a_sex_breakdown_with_percentages():
    text, figures = read("17 (85%) were men and 3 (15%) women.", "We included 20 patients. ")
    assert [text[f.start:f.end] for f in figures] == ["17 (85%) were men", "3 (15%) women"]
    assert [(f.events, f.total, f.percent) for f in figures] == [(17, 20, "85"), (3, 20, "15")]
    assert figures[0].breakdown == figures[1].breakdown is not None


def test_labelled_categories_of_one_head_are_one_breakdown():
    text, figures = read("Haemophilia A affected 25 patients (78.1%) and haemophilia B 7 patients (28.1%).", THIRTY_TWO)
    assert [text[f.start:f.end] for f in figures] == ["25 patients (78.1%)", "7 patients (28.1%)"]
    assert [(f.events, f.total, f.outcome, f.concept) for f in figures] == [
        (25, 32, "Haemophilia A", "haemophilia_a"), (7, 32, "haemophilia B", "haemophilia_b")]
    assert figures[0].breakdown == figures[1].breakdown is not None
    # 7 of 32 is 21.9%, not 28.1%: the audit must see it.
    assert "percent_mismatch" in figures[1].flags


def test_a_list_of_percentages_of_one_cohort_is_one_breakdown():
    text, figures = read("Haematomas were grade I in 31.3%, grade II in 37.5% and grade III in 40.6% of patients.",
                         THIRTY_TWO)
    assert [text[f.start:f.end] for f in figures] == ["31.3%", "37.5%", "40.6%"]
    assert [(f.events, f.total, f.outcome, f.percent) for f in figures] == [
        (10, 32, "grade I", "31.3"), (12, 32, "grade II", "37.5"), (13, 32, "grade III", "40.6")]
    assert len({f.breakdown for f in figures}) == 1 and figures[0].breakdown is not None
    assert all("percent_only" in f.flags for f in figures)


def test_an_appositive_count_takes_the_outcome_before_it():
    text, figure = only("Coagulation dysfunction, present in 18 patients (64.28%), was the leading risk factor.",
                        "We reviewed 28 patients. ")
    assert text[figure.start:figure.end] == "18 patients (64.28%)"
    assert (figure.events, figure.total, figure.outcome, figure.concept) == (
        18, 28, "Coagulation dysfunction", "coagulation_dysfunction")


def test_list_items_without_a_verb_name_their_own_category():
    text, figures = read("Of 234 participants, 98 (41.9%) were overweight, 45 (19.2%) obese and 91 (38.9%) of normal weight.")
    assert [text[f.start:f.end] for f in figures] == ["98 (41.9%)", "45 (19.2%)", "91 (38.9%)"]
    assert [(f.events, f.total, f.outcome) for f in figures] == [
        (98, 234, "overweight"), (45, 234, "obese"), (91, 234, "normal weight")]


def test_people_enrolled_twice_are_not_a_cohort():
    _, figures = read("Two women were enrolled twice. Of these, one withdrew.")
    assert all(f.total != 2 for f in figures)


@pytest.mark.parametrize(("sentence", "outcome", "concept"), [
    ("After 1 year, recovery was complete in 15 limbs (71.4%).", "complete recovery", "complete_recovery"),
    ("The hematoma was related to anticoagulant use in 14 patients (43.8%).", "anticoagulant use", "anticoagulant_use"),
    ("Quadriceps weakness was recorded in 24 of the 32 patients, and the lateral cutaneous nerve of the thigh was "
     "affected as well in 6 of the 32 patients.", "lateral cutaneous nerve of the thigh",
     "lateral_femoral_cutaneous_neuropathy"),
    ("At one week, 18 (56.3%) patients reported more than 50% pain reduction.", "more than 50% pain reduction",
     "pain_reduction"),
    ("Smith et al. recorded femoral nerve palsy in 15 of 24 patients [3].", "femoral nerve palsy", "femoral_neuropathy"),
])
def test_the_outcome_is_the_clinical_phrase_not_the_clause(sentence, outcome, concept):
    _, figures = read(sentence, THIRTY_TWO)
    assert (figures[-1].outcome, figures[-1].concept) == (outcome, concept)


def test_a_degree_in_a_list_takes_the_noun_of_the_one_before():
    text, figures = read("After 1 year, recovery was complete in 15 limbs (71.4%), partial in four (19.0%) and absent "
                         "in two (9.5%).", "We studied 21 limbs. ")
    assert [(f.events, f.outcome, f.concept) for f in figures] == [
        (15, "complete recovery", "complete_recovery"), (4, "partial recovery", "partial_recovery"),
        (2, "absent recovery", "no_recovery")]


def test_respectively_categories_drop_their_timepoint_and_share_a_noun():
    text, figures = read("Complete, partial and no recovery at 6 months were recorded in six, four and one patient, "
                         "respectively.", "We included 11 patients. ")
    assert [(f.events, f.outcome, f.concept, f.timepoint) for f in figures] == [
        (6, "Complete recovery", "complete_recovery", "6 months"), (4, "partial recovery", "partial_recovery", "6 months"),
        (1, "no recovery", "no_recovery", "6 months")]


def test_a_subgroup_of_another_figure_is_not_this_ones():
    text, figures = read("Femoral nerve palsy was present in 15 of 24 patients (62.5%): in 5 of 6 patients with "
                         "inhibitors and in 10 of 18 patients without inhibitors (55.6%).")
    assert [(f.events, f.total, f.subgroup) for f in figures] == [
        (15, 24, None), (5, 6, "patients with inhibitors"), (10, 18, "patients without inhibitors")]


@pytest.mark.parametrize(("sentence", "subgroup"), [
    ("There were no deaths in either group.", None),
    ("Femoral neuropathy was present in most episodes (28/44, 63.6%).", None),
    ("Complete recovery occurred in 19 of 41 conservatively treated patients (46.3%).", "conservatively treated patients"),
    ("Mortality was 2 of 19 (10.5%) in patients with inhibitors and 1 of 25 (4.0%) in those without.",
     "patients without inhibitors"),
])
def test_subgroups_are_phrases_not_fragments(sentence, subgroup):
    _, figures = read(sentence, "Forty patients were randomised. ")
    assert figures[-1].subgroup == subgroup


def test_a_markdown_table_row_in_text_is_a_table_row():
    text, figures = read("| Characteristic | Value | |---|---| | Haemophilia A, n (%) | 19 (79.2%) | "
                         "| Femoral nerve palsy at baseline, n (%) | 15 (62.5%) |", "Twenty-four patients were included. ")
    assert [(f.quote, f.events, f.total, f.concept, f.timepoint) for f in figures] == [
        ("Haemophilia A, n (%) | 19 (79.2%)", 19, 24, "haemophilia_a", None),
        ("Femoral nerve palsy at baseline, n (%) | 15 (62.5%)", 15, 24, "femoral_neuropathy", "baseline")]
