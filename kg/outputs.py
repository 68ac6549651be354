"""Write a build: graph.json, docs/<doc>.txt, owners.csv, graph.graphml, viewer.html.

Files are written to temporary names and renamed into place, so an
interrupted build never leaves a half-written output next to good ones.
"""
from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import networkx as nx

from kg.model import Document
from kg.schema import OWNER_FIELDS


def _atomic_write(path: Path, data: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write(data)
    os.replace(tmp, path)


def graph_json(g: nx.MultiDiGraph) -> str:
    data = nx.node_link_data(g, edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def owners_rows(g: nx.MultiDiGraph) -> list[dict]:
    rows = []
    for src, dst, attrs in g.edges(data=True):
        if attrs["type"] not in ("LEADS", "SUPPORTS"):
            continue
        actor, task = g.nodes[src], g.nodes[dst]
        rows.append({"actor": actor["name"], "actor_label": actor["label"], "role": attrs["type"],
                     "task": task["text"], "doc": task["doc"], "section": task.get("section", ""),
                     "start": task["start"], "end": task["end"], "rule": attrs["rule"],
                     "confidence": attrs["confidence"]})
    rows.sort(key=lambda r: (r["doc"], r["start"], r["end"], r["role"], r["actor"]))
    return rows


def owners_csv(g: nx.MultiDiGraph) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=OWNER_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(owners_rows(g))
    return buf.getvalue()


def graphml(g: nx.MultiDiGraph) -> str:
    """GraphML has no list type: lists are joined with '|'."""
    h = nx.MultiDiGraph(**g.graph)
    for nid, attrs in g.nodes(data=True):
        h.add_node(nid, **{k: ("|".join(v) if isinstance(v, list) else v) for k, v in attrs.items()})
    for src, dst, key, attrs in g.edges(keys=True, data=True):
        h.add_edge(src, dst, key=key, **attrs)
    return "\n".join(nx.generate_graphml(h)) + "\n"


def doc_text_names(doc_id: str) -> list[str]:
    """CONTRACTS.md names the text file ``docs/<doc>.txt`` with ``doc`` the input
    file name (``001_x.txt``). We write exactly that (``001_x.txt.txt``) and,
    where the input name itself ends in .txt, also ``docs/001_x.txt``, so both
    readings of the contract find the text."""
    names = [f"{doc_id}.txt"]
    if Path(doc_id).suffix.lower() == ".txt":
        names.append(doc_id)
    return names


def write_build(g: nx.MultiDiGraph, docs: list[Document], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        for name in doc_text_names(doc.id):
            _atomic_write(out / "docs" / name, doc.text)
    _atomic_write(out / "graph.json", graph_json(g))
    _atomic_write(out / "owners.csv", owners_csv(g))
    _atomic_write(out / "graph.graphml", graphml(g))
    from kg.viewer import write_viewer
    tmp = out / ".viewer.html.tmp"
    write_viewer(g, tmp, title=f"Knowledge graph: {len(docs)} documents")
    os.replace(tmp, out / "viewer.html")
