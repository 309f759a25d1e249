"""The rule file loader, and the extractor's promise never to raise on any text."""

from __future__ import annotations

import copy
import json
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.papers import PAPERS
from corpus.papers.model import Para
from evidence.errors import ExtractionError
from extractors.figure_rules import FigureRule, FigureRules, literal_form, load_figure_rules
from extractors.figures import extract_figures_from_text
from extractors.phrases import phrase_reader
from extractors.sentence_figures import SentenceMatcher

GOLD = Path(__file__).resolve().parents[1] / "data" / "gold" / "sentences.jsonl"
RAW = json.loads(resources.files("extractors").joinpath("rules", "figures.json").read_text(encoding="utf-8"))


def with_rule(**changes) -> dict:
    data = copy.deepcopy(RAW)
    data["rules"][0].update(changes)
    return data


def test_packaged_rules_load_with_unique_ids():
    rules = load_figure_rules()
    ids = [r.id for r in rules.rules + rules.cohort_rules]
    assert len(ids) == len(set(ids)) and "count.of_total" in ids
    assert rules.unit("Patient") == "patients" and rules.unit("haematoma") == "haematomas"


@pytest.mark.parametrize(("data", "message"), [
    (with_rule(weight=2), "figures.json rule 'count.percent_of_total': unknown key(s) 'weight'; "
                          "allowed keys are description, family, id, pattern, prefilter, requires"),
    (with_rule(family="guess"), "figures.json rule 'count.percent_of_total': 'family' must be one of explicit, "
                                "inferred, pair, letter_list, respectively, zero, percent_only, percent_list, arm_list, "
                                "cohort (got 'guess')"),
    (with_rule(pattern="(?P<ev>{NUM}"), None),
    (with_rule(pattern="{NUMBER}"), "figures.json rule 'count.percent_of_total': unknown placeholder {NUMBER}; "
                                    "known placeholders are {COUNT}, {DEN}, {ITEM}, {NUM}, {PCT}, {STRONG}, {UNIT}, "
                                    "{VERB}, {WORD}, {ZERO}"),
    (with_rule(requires="%"), "figures.json rule 'count.percent_of_total': 'requires' must be a list of non-empty "
                              "strings (got '%')"),
    (with_rule(prefilter="(%"), "figures.json rule 'count.percent_of_total': prefilter does not compile (missing ), "
                                "unterminated subpattern at position 0); fix the regular expression in the rule file"),
    ({**RAW, "colour": "red"}, None),
])
def test_loader_rejects_bad_rules(data, message):
    with pytest.raises(ExtractionError) as error:
        FigureRules.from_dict(data)
    if message is None:
        assert "figures.json" in str(error.value)
    else:
        assert str(error.value) == message


def test_duplicate_rule_ids_are_refused():
    data = copy.deepcopy(RAW)
    data["rules"].append(copy.deepcopy(data["rules"][0]))
    with pytest.raises(ExtractionError, match=r"rule ids must be unique \(repeated: count.percent_of_total\)"):
        FigureRules.from_dict(data)


CLINICAL = st.sampled_from([
    "28 of the 44", "(28/44, 63.6%)", "25 (89.28%)", "n = 7", "(A17, B3)", "respectively", "none of the",
    "no patient developed", "Twenty-eight", "eleven", "patients", "episodes", "et al.", "Fig. 2", "95% CI",
    "(", ")", "%", "/", ",", ".", "\n\n", "Table 1", "[12]", "0", "1,855", "100%", "101%", "  ", "Of the 120 patients,",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(CLINICAL, st.text(max_size=12)), max_size=14).map(" ".join))
def test_extractor_never_raises_and_spans_index_the_text(text):
    for figure in extract_figures_from_text(text):
        assert 0 <= figure.start <= figure.end <= len(text)
        assert 0 <= figure.events <= figure.total


def test_extraction_is_deterministic():
    text = "We reviewed 44 episodes in 20 patients. Femoral neuropathy occurred in 28 (63.6%)."
    assert extract_figures_from_text(text) == extract_figures_from_text(text)


def _matches_both_ways(text: str) -> tuple[list, list]:
    rules = load_figure_rules()
    starts = rules.number_starts(text)
    full, anchored = [], []
    for rule in rules.rules + rules.cohort_rules:
        full += [(rule.id, m.span(), m.groupdict()) for m in rule.regex.finditer(text) if m.end() > m.start()]
        anchored += [(rule.id, m.span(), m.groupdict()) for m in rule.finditer(text, starts)]
    return full, anchored


def test_rules_that_start_at_a_number_are_recognised_from_their_patterns():
    anchored = {r.id for r in load_figure_rules().rules + load_figure_rules().cohort_rules if r.starts_at_number}
    assert {"count.of_total", "count.slash", "count.percent_of_total", "count.respectively", "cohort.nested"} <= anchored
    assert not anchored & {"count.letter_list", "count.in_units", "cohort.active", "cohort.lead", "zero.none_of"}


def _clinical_texts() -> list[str]:
    texts = [json.loads(line)["sentence"] for line in GOLD.read_text(encoding="utf-8").splitlines()]
    texts += [block.text for paper in PAPERS for block in paper.body if isinstance(block, Para)]
    return texts + ["twenty one of 44 patients", "Twenty-eight of forty-four episodes", "1,855 of 2,014 limbs (92.1%)",
                    "in 2014/15, 12/28 patients", "p=0.03; 7/10 (70%) and 3 of 9", "none 3 of 4 noone one of two",
                    "We operated on 12 patients.", "We Prospectively Enrolled 40 patients.",
                    "WE İNCLUDED 40 PATIENTS", "We aſſeſſed 40 patients in TOTAL",
                    "Pain was reported in 45%, weakness in 30% and numbness in 12.5% of patients.",
                    "Quadriceps weakness in 71.4 %\nand sensory loss in 64·3 %  of the patients",
                    "Thigh pain IN 45%, and weakness IN 30% OF PATIENTS", "episodes (N=44)", "patients ( n =28 )"]


def test_a_rule_matches_only_texts_holding_one_of_its_required_literals():
    rules = load_figure_rules()
    for text in _clinical_texts():
        for rule in rules.rules + rules.cohort_rules:
            if rule.regex.search(text):
                assert rule.applies(literal_form(text)), (rule.id, text)


@pytest.mark.parametrize("pattern, anchored", [
    (r"(?P<ev>{COUNT})\s+of\s+(?P<tot>{NUM})", True),
    (r"(?<!page\s)(?P<ev>{NUM})/(?P<tot>{DEN})", True),
    (r"(?P<pct>{PCT})\s?%", False),  # "1234%": a full scan finds "234%", a number start is at "1"
    (r"(?<![\d.])(?P<pct>{PCT})\s?%", True),
    (r"\bin\s+(?P<ev>{COUNT})", False),
])
def test_only_patterns_that_open_with_a_whole_number_are_tried_where_numbers_start(pattern, anchored):
    rules = load_figure_rules()
    rule = FigureRule.from_dict({"id": "t", "family": "explicit", "description": "t", "pattern": pattern}, rules.macros)
    assert rule.starts_at_number is anchored
    text = "rose by 1234% in 12 of 40"
    assert [m.span() for m in rule.finditer(text, rules.number_starts(text))] == \
        [m.span() for m in rule.regex.finditer(text)]


def test_matching_only_where_numbers_start_finds_what_a_full_scan_finds():
    full, anchored = _matches_both_ways("\n".join(_clinical_texts()))
    assert len(full) > 300 and anchored == full


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(CLINICAL, st.text(max_size=12)), max_size=14).map(" ".join))
def test_number_anchored_matching_agrees_with_a_full_scan_on_any_text(text):
    full, anchored = _matches_both_ways(text)
    assert anchored == full


@pytest.mark.parametrize("sentence", ["We operated on 12 patients.", "WE OPERATED ON 12 PATIENTS.",
                                      "In total, we operated\non 12 patients."])
def test_we_operated_on_states_a_cohort(sentence):
    _, cohorts = SentenceMatcher(load_figure_rules(), phrase_reader()).matches(sentence)
    assert [(c.rule, c.size, c.unit) for c in cohorts] == [("cohort.active", 12, "patients")]
