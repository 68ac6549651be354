"""The rule files as typed, validated data.

``kg/data/rules/ownership.yaml`` (who owns a task) and
``kg/data/rules/entities.yaml`` (the rule layer of NER) are read once each,
through these models. Every model forbids unknown keys, so a typo in a key
(``lead_marker:`` for ``lead_markers:``) is an error naming the file and the
key instead of a check silently switched off; ``tests/test_config.py`` checks
that every key is read somewhere in the code.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kg.errors import KgError
from kg.model import ENTITY_LABELS, Form

__all__ = ["Form", "OwnershipRules", "EntityRules", "ownership_rules", "entity_rules"]

RULES_DIR = Path(__file__).resolve().parent / "data" / "rules"

EntityLabel = Literal[ENTITY_LABELS]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rule(_Strict):
    id: str
    confidence: float = Field(ge=0, le=1)


# ----------------------------------------------------------------- ownership.yaml
class ParentheticalRules(_Strict):
    lead: Rule
    support: Rule
    first_listed_lead: Rule
    first_listed_support: Rule
    shared: Rule


class Parenthetical(_Strict):
    lead_markers: list[str]
    support_markers: list[str]
    shared_markers: list[str]
    first_listed_leads: list[str]
    rules: ParentheticalRules

    @property
    def markers(self) -> list[str]:
        """Every word that makes a parenthesis an assignment."""
        return self.lead_markers + self.support_markers + self.shared_markers


class InlineRule(Rule):
    role: Literal["LEADS", "SUPPORTS"]
    form: Literal[Form.MARKER, Form.SUBJECT]
    after: list[str]


class YouRule(Rule):
    verbs: list[str]


class JoinedRule(Rule):
    triggers: list[str]


class PlaceSubjectRule(Rule):
    acting_endings: list[str]        # places that can act: 县, 区, 镇, 开发区…
    government_suffix: str           # 东海县 → 东海县人民政府
    zone_suffix: str                 # 开发区 → 开发区管理委员会
    zone_endings: list[str]


class CooperationRule(Rule):
    verbs: list[str]


class LocatedIn(_Strict):
    name_prefix: Rule
    jurisdiction: Rule


class PartOf(_Strict):
    adcode: Rule
    department: Rule
    parent_bodies: list[str]         # 连云港市商务局 is part of 连云港市人民政府
    government_bodies: list[str]     # a name ending so is no department


class OwnershipRules(_Strict):
    version: int
    parenthetical: Parenthetical
    inline: list[InlineRule]
    clause_openers: list[str]        # regular expressions
    you: YouRule
    joined: JoinedRule
    place_subject: PlaceSubjectRule
    framing_after: list[str]
    cooperation: CooperationRule
    involves: Rule
    located_in: LocatedIn
    part_of: PartOf
    task_source: Rule

    @property
    def subject_rule(self) -> InlineRule:
        return next(r for r in self.inline if r.form == Form.SUBJECT)


# ----------------------------------------------------------------- entities.yaml
class SuffixRule(_Strict):
    id: str
    label: EntityLabel
    min_len: int
    max_len: int
    suffixes: list[str]
    bare_suffix: bool = False
    generic_words_flags: list[str] = []
    generic_words_max_len: int = 0
    generic_stem_flags: list[str] = []
    generic_max_len: int = 0
    anchor_flags: list[str] = []
    anchor_exempt_suffixes: list[str] = []
    anchor_exempt_min_stem: int = 99
    anchor_exempt_reject: str = "$^"
    stem_reject_flags: list[str] = []


class QuotedProject(_Strict):
    id: str
    tail_max: int
    suffixes: list[str]


class BrandedPlaces(_Strict):
    id: str
    prefixes: list[str]


class ModelProjectTrim(_Strict):
    clause_breaks: str
    trailing_actions: list[str]


class GenericContext(_Strict):
    contains: list[str]
    ends_with: list[str]


class EntityRules(_Strict):
    version: int
    left_trim: list[str]
    name_breakers: str
    pos_strip_flags: list[str]
    pos_strip_words: list[str]
    cut_words: list[str]
    place_reject_context: list[str]
    place_area_words: list[str]
    suffix_rules: list[SuffixRule]
    quoted_project: QuotedProject
    branded_places: BrandedPlaces
    reject_exact: list[str]
    reject_regex: list[str]
    agency_branches: list[str]
    unprefixed_agency_endings: list[str]
    generic_context: GenericContext
    model_span_generic_prefixes: list[str]
    mass_organizations: str
    kind_words: list[str]
    model_project_trim: ModelProjectTrim
    model_project_relabel: dict[EntityLabel, list[str]]
    model_span_endings: dict[EntityLabel, list[str]]


def _load(model: type[BaseModel], path: Path):
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise KgError(f"{path}: cannot read ({exc})") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise KgError(f"{path}: {where}: {first['msg']} ({exc.error_count()} problem(s))") from None


@functools.lru_cache(maxsize=None)
def ownership_rules(path: Path = RULES_DIR / "ownership.yaml") -> OwnershipRules:
    return _load(OwnershipRules, path)


@functools.lru_cache(maxsize=None)
def entity_rules(path: Path = RULES_DIR / "entities.yaml") -> EntityRules:
    return _load(EntityRules, path)
