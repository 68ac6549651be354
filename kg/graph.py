"""Extractions → one networkx ``MultiDiGraph`` (the ontology's nodes and edges).

Node ids: ``<Label>:<canonical name>`` for entities, ``Task:<doc>:<start>-<end>``,
``Document:<doc>``. Edge keys are the relationship type, so one actor has at
most one LEADS edge to a task (the most confident rule wins). Nodes and
edges are added in sorted order: the same input gives the same graph.
"""
from __future__ import annotations

import hashlib
import re

import networkx as nx

from kg.extract import deadline_of, targets_of
from kg.model import Extraction, Mention
from kg.ner import gazetteer as gz
from kg.resolve import parent_chain

_GOVERNMENT_BODIES = re.compile(r"(人民政府|人民代表大会常务委员会|政治协商会议|委员会|委|纪律检查委员会监察委员会)$")


def entity_id(label: str, name: str) -> str:
    return f"{label}:{name}"


def task_id(doc: str, start: int, end: int) -> str:
    return f"Task:{doc}:{start}-{end}"


def document_id(doc: str) -> str:
    return f"Document:{doc}"


def build_graph(extractions: list[Extraction]) -> nx.MultiDiGraph:
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

    def add_edge(src: str, dst: str, type_: str, props: dict) -> None:
        key = (src, dst, type_)
        old = edges.get(key)
        if old is None or props.get("confidence", 0) > old.get("confidence", 0):
            edges[key] = dict(props, type=type_)

    for ex in sorted(extractions, key=lambda e: e.doc.id):
        doc = ex.doc
        did = document_id(doc.id)
        nodes[did] = {"label": "Document", "name": doc.id, "aliases": {doc.id}, "title": doc.title,
                      "place": doc.place, "sha1": hashlib.sha1(doc.text.encode("utf-8")).hexdigest()}
        counts: dict[str, int] = {}
        for m in ex.mentions:
            nid = add_entity(m)
            counts[nid] = counts.get(nid, 0) + 1
        for r in ex.relations:
            prov = {"doc": doc.id, "sentence": r.sentence.text if r.sentence else "",
                    "start": r.start, "end": r.end, "rule": r.rule, "confidence": r.confidence}
            if r.type in ("LEADS", "SUPPORTS", "INVOLVES"):
                tid = task_id(doc.id, r.start, r.end)
                if tid not in nodes:
                    text = doc.text[r.start:r.end]
                    nodes[tid] = {"label": "Task", "name": text[:40], "aliases": set(), "text": text,
                                  "doc": doc.id, "start": r.start, "end": r.end,
                                  "section": r.sentence.section if r.sentence else "",
                                  "sentence": prov["sentence"], "deadline": deadline_of(text),
                                  "targets": targets_of(text), "rule": r.rule, "confidence": r.confidence}
                    add_edge(tid, did, "FROM", {"doc": doc.id, "start": r.start, "end": r.end,
                                                "sentence": prov["sentence"], "rule": "task.from",
                                                "confidence": 1.0})
                if r.type == "INVOLVES":
                    add_edge(tid, add_entity(r.tail), "INVOLVES", prov)
                else:
                    hid = add_entity(r.head)
                    counts[hid] = counts.get(hid, 0) + (0 if hid in counts else 1)
                    add_edge(hid, tid, r.type, prov)
            elif r.type in ("COOPERATES_WITH", "LOCATED_IN"):
                a, b = sorted([add_entity(r.head), add_entity(r.tail)]) if r.type == "COOPERATES_WITH" \
                    else (add_entity(r.head), add_entity(r.tail))
                add_edge(a, b, r.type, prov)
        for nid, n in sorted(counts.items()):
            add_edge(nid, did, "MENTIONED_IN", {"doc": doc.id, "count": n})
        _located_in_jurisdiction(ex, nodes, add_edge)
    _hierarchy(nodes, add_edge)

    g = nx.MultiDiGraph()
    for nid in sorted(nodes):
        attrs = dict(nodes[nid])
        attrs["aliases"] = sorted(attrs["aliases"])
        g.add_node(nid, **attrs)
    for (src, dst, type_) in sorted(edges):
        g.add_edge(src, dst, key=type_, **edges[(src, dst, type_)])
    return g


def _located_in_jurisdiction(ex: Extraction, nodes: dict, add_edge) -> None:
    """An agency whose canonical name starts with a division or zone is located
    there (市商务局 in a 连云港 document → 连云港市): stated by the name as
    resolved with the document's jurisdiction."""
    index = gz.place_index()
    for m in ex.mentions:
        if m.label not in ("Agency", "Enterprise", "Organization", "Project") or not m.name:
            continue
        for k in range(min(len(m.name) - 1, 12), 1, -1):
            prefix = m.name[:k]
            if prefix in index and len(m.name) > k:
                d = index[prefix][0]
                if m.label != "Agency" and d.level == "county" and len(prefix) <= 2:
                    break
                pid = entity_id("Place", d.name)
                nodes.setdefault(pid, {"label": "Place", "name": d.name, "aliases": set(), "adcode": d.adcode})
                nodes[pid]["aliases"].add(d.name)
                rule = "located.jurisdiction" if m.label == "Agency" else "located.name_prefix"
                add_edge(entity_id(m.label, m.name), pid, "LOCATED_IN",
                         {"doc": ex.doc.id, "start": m.start, "end": m.end, "sentence": "",
                          "rule": rule, "confidence": 0.9})
                break


def _hierarchy(nodes: dict, add_edge) -> None:
    """PART_OF: places up their administrative chain (adcodes), towns to their
    county, departments to their government or committee."""
    divs = gz.divisions()
    towns = gz.towns()
    by_name = {d.name: d for d in divs.values()}
    for nid in sorted(nodes):
        n = nodes[nid]
        if n["label"] == "Place":
            chain = parent_chain(n.get("adcode", ""))
            if not chain and n["name"] in towns:
                county, city = towns[n["name"]]
                d = next((x for x in divs.values() if x.name == county and by_name.get(city)
                          and x.parent == by_name[city].adcode), None)
                if d:
                    chain = [None] + parent_chain(d.adcode)
            prev = nid
            for d in chain[1:]:
                pid = entity_id("Place", d.name)
                nodes.setdefault(pid, {"label": "Place", "name": d.name, "aliases": {d.name}, "adcode": d.adcode})
                add_edge(prev, pid, "PART_OF", {"rule": "part_of.adcode", "confidence": 1.0})
                prev = pid
        elif n["label"] == "Agency":
            parent = _parent_body(n["name"], nodes)
            if parent:
                add_edge(nid, parent, "PART_OF", {"rule": "part_of.department", "confidence": 0.8})


def _parent_body(name: str, nodes: dict) -> str | None:
    """连云港市商务局 → Agency:连云港市人民政府 (when that node exists);
    连云港市人民代表大会常务委员会办公室 → …人民代表大会常务委员会."""
    for body in ("人民代表大会常务委员会", "人民政府", "委"):
        i = name.find(body)
        if 0 < i and i + len(body) < len(name):
            pid = entity_id("Agency", name[: i + len(body)])
            if pid in nodes:
                return pid
    index = gz.place_index()
    for k in range(min(len(name) - 1, 12), 1, -1):
        if name[:k] in index and not _GOVERNMENT_BODIES.search(name):
            pid = entity_id("Agency", name[:k] + "人民政府")
            if pid in nodes:
                return pid
            break
    return None
