"""Sentence boundaries for clinical prose, and the spaCy component that sets them."""

from __future__ import annotations

import pytest

from extractors.figures import figure_pipeline
from extractors.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize("text", [
    "As shown by Smith et al. in 2019, bleeding recurred.",
    "Recovery was faster after surgery vs. conservative care.",
    "The haematoma is shown in Fig. 2 and in Table 1.",
    "The mean volume was 182.5 mL in this group.",
    "Patients with inhibitors (n = 7) bled more often.",
    "The odds ratio was 2.1 (95% CI 1.2-3.4) for neuropathy.",
    "Recovery was complete (see Results. Table 2) in most.",
    "Drugs, e.g. warfarin, were stopped.",
])
def test_no_split_inside_clinical_abbreviations_and_numbers(text):
    assert sentences(text) == [text]


def test_splits_after_a_full_stop_before_a_capital():
    assert sentences("We reviewed 44 episodes. Femoral neuropathy was common.") == [
        "We reviewed 44 episodes.", "Femoral neuropathy was common."]


def test_a_heading_line_is_its_own_sentence():
    text = "Bleeding stopped in all.\nResults\nFemoral neuropathy was present in 28 of 44 episodes."
    assert sentences(text) == ["Bleeding stopped in all.", "Results",
                               "Femoral neuropathy was present in 28 of 44 episodes."]


def test_a_blank_line_inside_a_sentence_is_a_column_break():
    text = "Recovery was complete in\n\n23 of the 28 episodes.\n\nConclusion follows."
    assert sentences(text) == ["Recovery was complete in\n\n23 of the 28 episodes.", "Conclusion follows."]


def test_offsets_index_the_original_text():
    text = "  First one here.   Second one there.  "
    assert split_sentences(text) == [(2, 17), (20, 37)]


def test_component_marks_the_same_sentences_on_a_doc():
    doc = figure_pipeline()("Smith et al. reviewed 44 episodes. Eleven (55%) had haemophilia A.")
    assert [s.text for s in doc.sents] == ["Smith et al. reviewed 44 episodes.", "Eleven (55%) had haemophilia A."]


def test_pipeline_is_blank_english_with_our_components():
    nlp = figure_pipeline()
    assert nlp.pipe_names == ["evidence_sentences_v1", "evidence_cohort_figures_v1"]
    assert nlp.lang == "en"
    assert figure_pipeline() is nlp
