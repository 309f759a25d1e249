"""Category sets whose members exclude one another, read from ``partitions.json``.

A *partition* is a variable whose categories cannot overlap (sex; haemophilia A or B; grades of
one scale). Only figures that fall into one are summed by the breakdown audit: complications,
symptoms and risk factors overlap freely and are never summed. ``exhaustive`` says the members
cover everyone (every patient is male or female); ``population`` names who a non-exhaustive
partition covers (haemophilia A and B together make up the patients with haemophilia).

A member is recognised by ``phrases``, found anywhere in a figure's outcome as whole words, or by
``labels``, which must be the whole outcome ("A" in "(A17, B3)", "II" in a grade list).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from evidence.errors import ExtractionError
from extractors.rule_files import check_keys, read_json_rules

__all__ = ["Member", "Partition", "PartitionTable", "load_partitions"]

RESOURCE = "partitions.json"


@lru_cache(maxsize=None)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w/-])(?:{alternatives})(?![\w/-])", re.IGNORECASE)


# "grade I and II", "A/B", "I-II": a category joining members is no single member.
_JOINED = re.compile(r"\b(?:and|or|to)\b|[,/&+–]|\w-\w")


# Words that name who is counted without narrowing the population ("patients with haemophilia, n (%)").
_POPULATION_FILLER = re.compile(r"\b(?:patients?|persons?|people|subjects?|participants?|cases?|all|with|n)\b")


def _normal(label: str) -> str:
    return " ".join(label.lower().split())


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ExtractionError(f"{RESOURCE}: {where} must be a list of non-empty strings (got {value!r})")
    return tuple(_normal(v) for v in value)


@dataclass(frozen=True)
class Member:
    """One category of a partition and the words that name it."""

    name: str
    phrases: tuple[str, ...]
    labels: tuple[str, ...]

    def __post_init__(self) -> None:
        if not (self.phrases or self.labels):
            raise ExtractionError(f"{RESOURCE}: member {self.name!r} needs at least one phrase or label")

    def names(self, label: str) -> bool:
        normal = _normal(label)
        if normal in self.labels:
            return True
        pattern = _phrase_pattern(self.phrases)
        return bool(pattern and pattern.search(normal))


@dataclass(frozen=True)
class Partition:
    """Mutually exclusive categories of one variable."""

    id: str
    members: tuple[Member, ...]
    exhaustive: bool = False
    population: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if len(self.members) < 2:
            raise ExtractionError(f"{RESOURCE}: partition {self.id!r} needs at least two members (got {len(self.members)})")
        if self.exhaustive and self.population:
            raise ExtractionError(f"{RESOURCE}: partition {self.id!r} is exhaustive, so it cannot also name a population")

    def names_population(self, label: str | None) -> bool:
        """True for 'patients with haemophilia', not for 'haemophilia A' (a member) nor for
        'severe haemophilia' (a qualified part of the population)."""
        if not label:
            return False
        pattern = _phrase_pattern(self.population)
        if not pattern or not pattern.search(_normal(label)) or any(m.names(label) for m in self.members):
            return False
        rest = _POPULATION_FILLER.sub(" ", pattern.sub(" ", _normal(label)))
        return not re.search(r"[a-z]", rest)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Partition:
        where = f"partition {data.get('id')!r}"
        check_keys(data, {"id", "exhaustive", "population", "members"}, f"{RESOURCE}: {where}")
        if not isinstance(data.get("id"), str) or not isinstance(data.get("members"), dict):
            raise ExtractionError(f"{RESOURCE}: {where} needs a string 'id' and a 'members' object")
        members = []
        for name, spec in data["members"].items():
            if not isinstance(spec, dict):
                raise ExtractionError(f"{RESOURCE}: member {name!r} of {where} must be an object (got {spec!r})")
            check_keys(spec, {"phrases", "labels"}, f"{RESOURCE}: member {name!r} of {where}")
            members.append(Member(name=name, phrases=_strings(spec.get("phrases", []), f"{name}.phrases"),
                                  labels=_strings(spec.get("labels", []), f"{name}.labels")))
        exhaustive = data.get("exhaustive", False)
        if not isinstance(exhaustive, bool):
            raise ExtractionError(f"{RESOURCE}: 'exhaustive' of {where} must be true or false (got {exhaustive!r})")
        return cls(id=data["id"], members=tuple(members), exhaustive=exhaustive,
                   population=_strings(data.get("population", []), f"{where} population"))


@dataclass(frozen=True)
class PartitionTable:
    """All partitions, plus the labels of a 'not known' category any of them may carry."""

    partitions: tuple[Partition, ...]
    missing: tuple[str, ...] = ()

    def classify(self, label: str) -> tuple[Partition, Member] | None:
        """The single (partition, member) a label names; None when it names none, or several."""
        if _JOINED.search(label):
            return None
        hits = [(p, m) for p in self.partitions for m in p.members if m.names(label)]
        return hits[0] if len(hits) == 1 else None

    def is_missing(self, label: str) -> bool:
        return _normal(label) in self.missing

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PartitionTable:
        check_keys(data, {"version", "missing", "partitions"}, RESOURCE)
        if data.get("version") != 1:
            raise ExtractionError(f"{RESOURCE}: version must be 1 (got {data.get('version')!r})")
        partitions = data.get("partitions")
        if not isinstance(partitions, list):
            raise ExtractionError(f"{RESOURCE}: 'partitions' must be a list (got {partitions!r})")
        table = tuple(Partition.from_dict(p) for p in partitions)
        ids = [p.id for p in table]
        if len(set(ids)) != len(ids):
            raise ExtractionError(f"{RESOURCE}: partition ids must be unique (got {', '.join(ids)})")
        return cls(partitions=table, missing=_strings(data.get("missing", []), "missing"))


@lru_cache(maxsize=1)
def load_partitions() -> PartitionTable:
    """The partition table shipped with evidence."""
    return PartitionTable.from_dict(read_json_rules(resources.files("evidence.audit").joinpath(RESOURCE), RESOURCE))
