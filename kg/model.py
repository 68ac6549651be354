"""The one data model passed between stages.

Offsets are always character offsets into ``Document.text`` (the normalised
text that ``kg build`` stores as ``docs/<doc>.txt``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Node labels and relationship types of docs/ONTOLOGY.md.
ENTITY_LABELS = ("Agency", "Enterprise", "Organization", "Project", "Place")
ACTOR_LABELS = ("Agency", "Enterprise", "Organization")
NODE_LABELS = ENTITY_LABELS + ("Task", "Document")
REL_TYPES = ("LEADS", "SUPPORTS", "INVOLVES", "LOCATED_IN", "PART_OF",
             "COOPERATES_WITH", "MENTIONED_IN", "FROM")


@dataclass
class Heading:
    start: int
    end: int
    level: int          # 1 = outermost (章/一、), larger = deeper
    title: str


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    section: str = ""   # heading path, " > "-joined


@dataclass
class Document:
    id: str                   # file name without folders
    path: str
    text: str                 # normalised text; all offsets refer to it
    title: str = ""
    place: str = ""           # jurisdiction, e.g. 连云港市 ("" = unknown)
    headings: list[Heading] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Mention:
    """An entity mention: an exact span of a document or sentence."""
    start: int
    end: int
    text: str
    label: str                # one of ENTITY_LABELS
    name: str = ""            # canonical name (set by resolution)
    source: str = ""          # which layer found it: rule id or "model"
    adcode: str = ""


@dataclass
class Relation:
    type: str                 # one of REL_TYPES
    head: Mention | None      # actor / subject mention (None for Task heads)
    tail: Mention | None      # object mention (None when the tail is a task)
    start: int                # task span (LEADS/SUPPORTS/INVOLVES) or evidence span
    end: int
    rule: str
    confidence: float
    sentence: Sentence | None = None


@dataclass
class Extraction:
    """Everything extracted from one document."""
    doc: Document
    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
