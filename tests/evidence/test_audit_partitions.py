"""The partition table: which categories exclude one another, and its validating loader."""

from __future__ import annotations

import pytest

from evidence.audit.breakdowns import percent_sum_bounds
from evidence.audit.partitions import PartitionTable, load_partitions
from evidence.errors import ExtractionError


@pytest.mark.parametrize(("label", "expected"), [
    ("male", ("sex", "male")),
    ("Women", ("sex", "female")),
    ("female", ("sex", "female")),  # 'male' inside 'female' is not a word of its own
    ("haemophilia B", ("haemophilia_type", "B")),
    ("A", ("haemophilia_type", "A")),
    ("grade III", ("grade", "III")),
    ("II", ("grade", "II")),
])
def test_labels_name_one_member(label, expected):
    partition, member = load_partitions().classify(label)
    assert (partition.id, member.name) == expected


@pytest.mark.parametrize("label", [
    "anaemia",                    # a complication: overlapping lists are never partitions
    "grade I-II",                 # two members at once
    "grade I/II",
    "grades I and II",
    "men with haemophilia A",     # a cross-tabulation: two partitions at once
    "a fever",                    # a label must be the whole outcome
])
def test_labels_that_name_no_single_member(label):
    assert load_partitions().classify(label) is None


def test_population_is_named_by_the_population_word_not_by_a_member():
    haemophilia = {p.id: p for p in load_partitions().partitions}["haemophilia_type"]
    assert haemophilia.names_population("with haemophilia")
    assert not haemophilia.names_population("haemophilia A")
    assert haemophilia.names_population("Patients with haemophilia, n")
    # a qualified part of the population is not the population the A/B split divides
    assert not haemophilia.names_population("Severe haemophilia")
    assert not haemophilia.names_population("haemophilia with inhibitors")


def _table(**partition_changes):
    partition = {"id": "sex", "exhaustive": True,
                 "members": {"male": {"phrases": ["men"]}, "female": {"phrases": ["women"]}}}
    partition.update(partition_changes)
    return {"version": 1, "missing": [], "partitions": [partition]}


def test_unknown_keys_are_rejected_by_name():
    with pytest.raises(ExtractionError, match=r"partitions.json: partition 'sex': unknown key\(s\) 'exhaustve'; "
                                              r"allowed keys are exhaustive, id, members, population"):
        PartitionTable.from_dict(_table(exhaustve=True))


def test_an_exhaustive_partition_cannot_also_name_a_population():
    with pytest.raises(ExtractionError, match="partition 'sex' is exhaustive, so it cannot also name a population"):
        PartitionTable.from_dict(_table(population=["adults"]))


def test_a_partition_needs_two_members():
    with pytest.raises(ExtractionError, match=r"partition 'sex' needs at least two members \(got 1\)"):
        PartitionTable.from_dict(_table(members={"male": {"phrases": ["men"]}}))


@pytest.mark.parametrize(("decimals", "convention", "bounds"), [
    ([2, 2], "rounded", ("99.99", "100.01")),
    ([1, 1, 1], "truncated", ("99.7", "100")),
    ([0, 0], None, ("98", "101")),
])
def test_percent_sum_bounds_follow_the_number_of_categories_and_decimals(decimals, convention, bounds):
    from fractions import Fraction

    assert percent_sum_bounds(decimals, convention) == tuple(Fraction(b) for b in bounds)
