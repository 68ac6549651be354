"""Extractions → one networkx ``MultiDiGraph`` (the ontology's nodes and edges).

Conversion only: every node and edge comes from a mention, task or relation
of the extractions, or from the corpus-level relations passed in
(``kg.hierarchy.part_of``).

Node ids: ``<Label>:<canonical name>`` for entities, ``Task:<doc>:<start>-<end>``,
``Document:<doc>``. Edge keys are the relationship type, so one actor has at
most one LEADS edge to a task (the most confident rule wins). Nodes and
edges are added in sorted order: the same input gives the same graph.
"""
from __future__ import annotations

import hashlib

import networkx as nx

from kg import schema
from kg.config import Form, ownership_rules
from kg.model import OWNER_TYPES, Extraction, Mention, Relation, Task


def entity_id(label: str, name: str) -> str:
    return f"{label}:{name}"


def task_id(doc: str, start: int, end: int) -> str:
    return f"Task:{doc}:{start}-{end}"


def document_id(doc: str) -> str:
    return f"Document:{doc}"


def build_graph(extractions: list[Extraction], corpus_relations: list[Relation] = ()) -> nx.MultiDiGraph:
    """The graph of the extractions, plus the corpus-level relations
    (``hierarchy.part_of``: PART_OF across documents)."""
    nodes: dict[str, dict] = {}
    edges: dict[tuple[str, str, str], dict] = {}

    def add_entity(m: Mention) -> str:
        name = m.name or m.text
        nid = entity_id(m.label, name)
        node = nodes.setdefault(nid, {"label": m.label, "name": name, "aliases": set()})
        node["aliases"].add(m.text)
        node["aliases"].add(name)
        if m.label == "Place" and m.adcode:
            node["adcode"] = m.adcode
        return nid

    def add_derived_place(m: Mention) -> str:
        """A division a name or an adcode implies: it keeps the adcode it was
        first seen with, and adds no surface form."""
        nid = entity_id("Place", m.name)
        nodes.setdefault(nid, {"label": "Place", "name": m.name, "aliases": {m.name}, "adcode": m.adcode})
        nodes[nid]["aliases"].add(m.name)
        return nid

    def add_task(doc_id: str, task: Task) -> str:
        tid = task_id(doc_id, task.start, task.end)
        if tid not in nodes:
            nodes[tid] = schema.task_node(doc_id, task)
        return tid

    def add_edge(src: str, dst: str, type_: str, props: dict) -> None:
        key = (src, dst, type_)
        old = edges.get(key)
        if old is None or props.get("confidence", 0) > old.get("confidence", 0):
            edges[key] = dict(props, type=type_)

    task_source = ownership_rules().task_source
    for ex in sorted(extractions, key=lambda e: e.doc.id):
        doc = ex.doc
        did = document_id(doc.id)
        nodes[did] = schema.document_node(doc.id, doc.title, doc.place,
                                          hashlib.sha1(doc.text.encode("utf-8")).hexdigest())
        counts: dict[str, int] = {}
        for m in ex.mentions:
            nid = add_entity(m)
            counts[nid] = counts.get(nid, 0) + 1
        for task in ex.tasks:
            add_edge(add_task(doc.id, task), did, "FROM",
                     schema.edge_properties("FROM", doc.id, task=task, rule=task_source.id,
                                            confidence=task_source.confidence))
        for r in ex.relations:
            prov = schema.edge_properties(r.type, doc.id, r)
            if r.type == "INVOLVES":
                add_edge(add_task(doc.id, r.head), add_entity(r.tail), "INVOLVES", prov)
            elif r.type in OWNER_TYPES:
                hid = add_entity(r.head)
                counts[hid] = counts.get(hid, 0) + (0 if hid in counts else 1)
                add_edge(hid, add_task(doc.id, r.tail), r.type, prov)
            elif r.form == Form.JURISDICTION:       # stated by the resolved name, not by a sentence
                add_edge(entity_id(r.head.label, r.head.name), add_derived_place(r.tail), r.type, prov)
            else:
                a, b = add_entity(r.head), add_entity(r.tail)
                add_edge(*(sorted([a, b]) if r.type == "COOPERATES_WITH" else (a, b)), r.type, prov)
        for nid, n in sorted(counts.items()):
            add_edge(nid, did, "MENTIONED_IN", schema.edge_properties("MENTIONED_IN", doc.id, count=n))
    for r in corpus_relations:      # PART_OF: no document of its own
        head = add_derived_place(r.head) if r.head.label == "Place" else entity_id(r.head.label, r.head.name)
        tail = add_derived_place(r.tail) if r.tail.label == "Place" else entity_id(r.tail.label, r.tail.name)
        add_edge(head, tail, r.type, schema.edge_properties(r.type, None, r))

    g = nx.MultiDiGraph()
    for nid in sorted(nodes):
        attrs = dict(nodes[nid])
        attrs["aliases"] = sorted(attrs["aliases"])
        g.add_node(nid, **attrs)
    for (src, dst, type_) in sorted(edges):
        g.add_edge(src, dst, key=type_, **edges[(src, dst, type_)])
    return g
