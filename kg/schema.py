"""The graph's declared properties: what each node label and relationship
type carries, in the order ``graph.json`` writes them (the order also fixes
GraphML's key ids). ``graph.py`` builds nodes and edges with these
functions, ``outputs.py`` reads ``OWNER_FIELDS``, the Neo4j loader indexes
``INDEXED`` and the viewer's tooltips show ``PROVENANCE_CAPTIONS``; a test checks a
build against it. docs/FORMATS.md documents each field.
"""
from __future__ import annotations

from kg.model import ENTITY_LABELS, Relation, Task

ENTITY_PROPERTIES = ("label", "name", "aliases")            # + adcode for a division
PLACE_PROPERTIES = ENTITY_PROPERTIES + ("adcode",)
TASK_PROPERTIES = ("label", "name", "aliases", "text", "doc", "start", "end", "section", "sentence",
                   "deadline", "targets", "rule", "confidence")
DOCUMENT_PROPERTIES = ("label", "name", "aliases", "title", "place", "sha1")

NODE_PROPERTIES: dict[str, tuple[str, ...]] = {
    **{label: ENTITY_PROPERTIES for label in ENTITY_LABELS},
    "Place": PLACE_PROPERTIES,
    "Task": TASK_PROPERTIES,
    "Document": DOCUMENT_PROPERTIES,
}
# Optional node properties (present when known).
OPTIONAL_NODE_PROPERTIES = {"Place": ("adcode",)}

PROVENANCE = ("doc", "sentence", "start", "end", "rule", "confidence")
NAME_PROVENANCE = ("doc", "start", "end", "sentence", "rule", "confidence")     # LOCATED_IN by the name
EDGE_PROPERTIES: dict[str, tuple[str, ...]] = {
    "LEADS": PROVENANCE,
    "SUPPORTS": PROVENANCE,
    "INVOLVES": PROVENANCE,
    "COOPERATES_WITH": PROVENANCE,
    "LOCATED_IN": NAME_PROVENANCE,
    "PART_OF": ("rule", "confidence"),
    "MENTIONED_IN": ("doc", "count"),
    "FROM": ("doc", "start", "end", "sentence", "rule", "confidence"),
}

OWNER_FIELDS = ["actor", "actor_label", "role", "task", "doc", "section", "start", "end", "rule", "confidence"]

# Properties the Neo4j loader indexes beside the key constraint on id: a
# task's document, every entity's name, and every relationship's document.
INDEXED: dict[str, tuple[str, ...]] = {"Task": ("doc",), **{label: ("name",) for label in ENTITY_LABELS}}
EDGE_INDEXED: tuple[str, ...] = ("doc",)
# Where a node was stated, as the viewer's tooltip shows it: property → caption.
PROVENANCE_CAPTIONS = (("doc", "document"), ("section", "section"), ("sentence", "sentence"))


def task_node(doc_id: str, task: Task) -> dict:
    values = {"label": "Task", "name": task.text[:40], "aliases": set(), "text": task.text, "doc": doc_id,
              "start": task.start, "end": task.end, "section": task.section,
              "sentence": task.sentence.text if task.sentence else "", "deadline": task.deadline,
              "targets": list(task.targets), "rule": task.rule, "confidence": task.confidence}
    return {k: values[k] for k in TASK_PROPERTIES}


def document_node(doc_id: str, title: str, place: str, sha1: str) -> dict:
    values = {"label": "Document", "name": doc_id, "aliases": {doc_id}, "title": title, "place": place,
              "sha1": sha1}
    return {k: values[k] for k in DOCUMENT_PROPERTIES}


def edge_properties(type_: str, doc_id: str | None, relation: Relation | None = None, task: Task | None = None,
                    **extra) -> dict:
    """The declared properties of an edge of ``type_``: provenance from the
    relation (or the task, for FROM), ``extra`` for the rest (``count``)."""
    values = dict(extra, doc=doc_id)
    if relation is not None:
        values.update(sentence=relation.sentence.text if relation.sentence else "", start=relation.start,
                      end=relation.end, rule=relation.rule, confidence=relation.confidence)
    if task is not None:
        values.update(sentence=task.sentence.text if task.sentence else "", start=task.start, end=task.end)
    return {k: values[k] for k in EDGE_PROPERTIES[type_]}
