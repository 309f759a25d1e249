"""Outcome phrases to concept ids: synonyms, spellings, and never a wrong concept."""

from __future__ import annotations

import pytest

from evidence.errors import ExtractionError
from extractors.concepts import ConceptVocabulary, load_concepts, normalize_concept, normalize_text, slugify


@pytest.mark.parametrize(("phrase", "concept"), [
    ("Femoral neuropathy", "femoral_neuropathy"),
    ("femoral nerve palsy", "femoral_neuropathy"),
    ("Femoral nerve involvement", "femoral_neuropathy"),
    ("compression of the femoral nerve", "femoral_neuropathy"),
    ("femoral nerve compression", "femoral_neuropathy"),
    ("lateral femoral cutaneous nerve involvement", "lateral_femoral_cutaneous_neuropathy"),
    ("injury to the lateral cutaneous nerve of the thigh", "lateral_femoral_cutaneous_neuropathy"),
    ("meralgia paresthetica", "lateral_femoral_cutaneous_neuropathy"),
    ("Meralgia paraesthetica", "lateral_femoral_cutaneous_neuropathy"),
    ("obturator nerve palsy", "obturator_neuropathy"),
    ("haemophilia", "haemophilia"),
    ("haemophilia A", "haemophilia_a"),
    ("Hemophilia B", "haemophilia_b"),
    ("severe haemophilia", "severe_haemophilia"),
    ("haemophilia as a cause", "haemophilia"),
    ("inhibitors", "inhibitors"),
    ("on anticoagulants", "anticoagulant_use"),
    ("warfarin", "warfarin"),
    ("Heparin (LMWH or UFH)", "heparin"),
    ("a direct oral anticoagulant", "direct_oral_anticoagulant"),
    ("anticoagulated patients", "anticoagulant_use"),
    ("complete recovery", "complete_recovery"),
    ("no recovery", "no_recovery"),
    ("more than one episode", "recurrence"),
    ("obturator deficits", "obturator_neuropathy"),
    ("genitofemoral deficits", "genitofemoral_neuropathy"),
    ("anticoagulation therapy", "anticoagulant_use"),
    ("died", "mortality"),
    ("in-hospital death", "mortality"),
    ("surgical drainage", "surgery"),
    ("surgical evacuation", "surgery"),
    ("transcatheter arterial embolisation", "embolization"),
    ("Embolization", "embolization"),
    ("treated conservatively", "conservative_treatment"),
    ("red cell transfusion", "transfusion"),
    ("complete recovery of nerve function", "complete_recovery"),
    ("recovered fully", "complete_recovery"),
    ("partial recovery", "partial_recovery"),
    ("rebleeding", "recurrence"),
    ("quadriceps weakness", "quadriceps_weakness"),
    ("more than 50% pain reduction", "pain_reduction"),
    ("Male", "male_sex"),
    ("men", "male_sex"),
    ("coagulation dysfunction", "coagulation_dysfunction"),
    ("a history of minor trauma", "trauma"),
])
def test_vocabulary_concepts(phrase, concept):
    assert normalize_concept(phrase) == concept


@pytest.mark.parametrize(("phrase", "slug"), [
    ("Deep-vein thrombosis", "deep_vein_thrombosis"),
    ("women", "women"),
    ("a wound haematoma", "wound_hematoma"),
    ("acute kidney injury", "acute_kidney_injury"),
    ("surgical site infection", "surgical_site_infection"),
    ("Bilateral haematomas", "bilateral_hematoma"),
    ("bilateral haematoma", "bilateral_hematoma"),
    ("other or unknown causes", "other_or_unknown_cause"),
    ("grades II", "grade_ii"),
    ("diabetes mellitus", "diabetes_mellitus"),
    ("", "unspecified"),
])
def test_unknown_outcomes_keep_a_slug_never_a_wrong_concept(phrase, slug):
    assert normalize_concept(phrase) == slug


def test_spelling_is_folded_both_ways():
    assert normalize_text("Haemorrhage, oedema; randomised") == normalize_text("hemorrhage edema randomized")
    assert normalize_text("Femoral neuropathies") == "femoral neuropathy"


def test_longest_term_decides():
    # "femoral" alone would say femoral neuropathy; the longer cutaneous-nerve term wins.
    assert normalize_concept("lateral femoral cutaneous nerve palsy") == "lateral_femoral_cutaneous_neuropathy"


def test_slugify_drops_leading_fillers():
    assert slugify("The overall complication rate") == "overall_complication_rate"


def test_slugify_keeps_no_numbers_auxiliaries_or_edge_fillers():
    assert slugify("was present in 12 of these 14 patients") == "present_in_of_these_patient"
    assert slugify("and") == "unspecified"


def test_a_drug_is_not_filed_under_its_class():
    # Warfarin in 17 of 36 patients is not the anticoagulant use of another paper: pooling them mixes a drug
    # with its class, so each drug keeps a concept of its own.
    assert {normalize_concept(p) for p in ("warfarin", "heparin", "anticoagulant therapy")} == {
        "warfarin", "heparin", "anticoagulant_use"}


def test_every_required_concept_id_is_in_the_vocabulary():
    ids = {c.id for c in load_concepts().concepts}
    assert {"femoral_neuropathy", "lateral_femoral_cutaneous_neuropathy", "obturator_neuropathy", "haemophilia",
            "inhibitors", "anticoagulant_use", "trauma", "coagulation_dysfunction", "mortality", "surgery",
            "embolization", "conservative_treatment", "transfusion", "complete_recovery", "partial_recovery",
            "recurrence", "quadriceps_weakness", "pain_reduction", "male_sex"} <= ids


@pytest.mark.parametrize(("data", "message"), [
    ({"version": "1", "concepts": [{"id": "x", "label": "X", "terms": ["x"], "synonyms": []}]},
     "concepts.json concept 'x': unknown key(s) 'synonyms'; allowed keys are exclude, id, label, terms"),
    ({"version": "1", "concepts": [], "extra": 1}, "concepts.json: unknown key(s) 'extra'; allowed keys are concepts, version"),
    ({"version": "1", "concepts": [{"id": "Bad Id", "label": "X", "terms": ["x"]}]},
     "concepts.json: concept id must be lowercase letters, digits and '_' (got 'Bad Id')"),
    ({"version": "1", "concepts": [{"id": "x", "label": "X", "terms": []}]},
     "concepts.json concept 'x': 'terms' must be a non-empty list of words (got [])"),
    ({"version": "1", "concepts": [{"id": "x", "label": "X", "terms": ["a"]}, {"id": "x", "label": "Y", "terms": ["b"]}]},
     "concepts.json: concept ids must be unique (repeated: x)"),
])
def test_vocabulary_loader_rejects_bad_files(data, message):
    with pytest.raises(ExtractionError) as error:
        ConceptVocabulary.from_dict(data)
    assert str(error.value) == message


def test_excluded_phrases_keep_drug_classes_out_of_a_concept():
    assert normalize_concept("patients with inhibitors") == "inhibitors"
    assert normalize_concept("MAO-B inhibitors") == "mao_b_inhibitor"
    assert normalize_concept("proton pump inhibitors") == "proton_pump_inhibitor"
