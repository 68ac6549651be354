"""The one data model passed between stages.

Offsets are character offsets into ``Document.text`` (the normalised text
that ``kg build`` stores as ``docs/<doc>.txt``), except inside the
sentence-level stages (NER, resolution, ``relations.extract_sentence``),
whose offsets are into the sentence and which ``relations.extract_document``
shifts to the document.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field

# Node labels and relationship types of docs/ONTOLOGY.md.
ENTITY_LABELS = ("Agency", "Enterprise", "Organization", "Project", "Place")
ACTOR_LABELS = ("Agency", "Enterprise", "Organization")
NODE_LABELS = ENTITY_LABELS + ("Task", "Document")
REL_TYPES = ("LEADS", "SUPPORTS", "INVOLVES", "LOCATED_IN", "PART_OF",
             "COOPERATES_WITH", "MENTIONED_IN", "FROM")
# Relationships whose tail is a Task (LEADS, SUPPORTS) or whose head is one.
OWNER_TYPES = ("LEADS", "SUPPORTS")

__all__ = ["ENTITY_LABELS", "ACTOR_LABELS", "NODE_LABELS", "REL_TYPES", "OWNER_TYPES", "Form", "Layer",
           "Heading", "Sentence", "Document", "Mention", "Task", "Relation", "Extraction"]


class Form(str, enum.Enum):
    """How a sentence states a relation: the grammar a rule reads, independent
    of the rule's id (which is provenance only)."""
    PARENTHETICAL = "parenthetical"      # …工作。（A牵头，B配合）
    MARKER = "marker"                    # A牵头/负责/配合… (a marker after the actor)
    SUBJECT = "subject"                  # A要/将/开展… at the head of a clause
    YOU = "you"                          # 由A负责…
    JOINED = "joined"                    # A牵头，联合B… (B supports)
    PLACE_SUBJECT = "place_subject"      # 赣马镇抢抓… (the place's government)
    COOPERATION = "cooperation"          # A与B签订…
    INVOLVES = "involves"                # an entity inside a task
    JURISDICTION = "jurisdiction"        # LOCATED_IN stated by the resolved name
    HIERARCHY = "hierarchy"              # PART_OF
    SOURCE = "source"                    # Task FROM Document


class Layer(str, enum.Enum):
    """Which part of NER found a mention; selection ranks candidates by it
    (on equal length: agency grammar > gazetteer > name grammar)."""
    AGENCY_GRAMMAR = "agency_grammar"    # 市商务局, 海州区人民政府, 市、县人民政府
    GAZETTEER = "gazetteer"              # places, regions, towns, known names
    NAME_GRAMMAR = "name_grammar"        # suffixes (…有限公司, …产业园), quoted and branded names
    PLACE_SUBJECT = "place_subject"      # a place acting, credited to its government (relations)
    MODEL = "model"                      # the NER model

    @property
    def rank(self) -> int:
        return _LAYER_RANK[self]


_LAYER_RANK = {layer: i for i, layer in enumerate(Layer)}


@dataclass
class Heading:
    start: int
    end: int
    level: int          # 1 = outermost (章/一、), larger = deeper
    title: str
    number: str = ""    # the marker that opens it: 第五条, 一、, （一）, 1.


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    section: str = ""   # heading path, " > "-joined
    # The numbered item (a paragraph opening with 1. / （一） / 一、) the
    # sentence belongs to: its number and where its text starts, after the
    # number (a document offset); "" / None outside items.
    item: str = ""
    item_start: int | None = None


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
    source: str = ""          # provenance: the id of the rule that found it, or "model"
    adcode: str = ""
    layer: Layer = Layer.MODEL


@dataclass
class Task:
    """One work item: the span that states what is to be done or was done."""
    start: int
    end: int
    text: str
    sentence: Sentence | None = None
    section: str = ""
    item: str = ""
    deadline: str = ""        # 2025年底前 … ("" when none is stated)
    targets: list[str] = field(default_factory=list)   # 建成4个 …
    rule: str = ""            # the rule of the first relation that named the task
    confidence: float = 0.0


@dataclass
class Relation:
    """A relationship with provenance. LEADS/SUPPORTS: Mention → Task;
    INVOLVES: Task → Mention; COOPERATES_WITH, LOCATED_IN, PART_OF: Mention →
    Mention. ``start``/``end`` is the evidence span: the task for relations
    with a task, else the words that state the relation."""
    type: str                 # one of REL_TYPES
    head: Mention | Task
    tail: Mention | Task
    start: int
    end: int
    form: Form
    rule: str                 # provenance only
    confidence: float
    sentence: Sentence | None = None

    @property
    def task(self) -> Task | None:
        return self.tail if isinstance(self.tail, Task) else self.head if isinstance(self.head, Task) else None


@dataclass
class Extraction:
    """Everything extracted from one document."""
    doc: Document
    mentions: list[Mention] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
