"""Self-contained interactive HTML viewer for the knowledge graph.

``write_viewer(G, path, title)`` writes one HTML file that opens offline in any
recent browser: the vis-network library that pyvis ships (JS and CSS) is
inlined, and the page references no URL at all (no CDN, no bootstrap, no
tom-select).  The nodes, edges and network options are assembled with
:class:`pyvis.network.Network`; the page itself comes from the template in this
module rather than pyvis's own template, because that one pulls bootstrap from
a CDN and its select/filter menus break on non-ASCII labels.

What the page offers
--------------------
* Node colour and shape by label (Agency, Enterprise, Organization, Project,
  Place, Task, Document); edge colour by relationship type.  The side panel is
  both the legend and the filter: one checkbox per node label and per
  relationship type, with counts, hides or shows those nodes/edges (through a
  ``vis.DataSet`` update, so the layout stays put).  An edge is shown only
  when its type and both its end nodes are shown.
* **Default visibility**: ``Document`` nodes and the ``MENTIONED_IN`` and
  ``FROM`` edges are hidden when the page opens (they connect almost every
  node to a handful of document hubs and drown the actor–task structure).
  A Task's tooltip still names its document and sentence; tick the boxes to
  show them.  See ``DEFAULT_HIDDEN_LABELS`` / ``DEFAULT_HIDDEN_TYPES``.
* A search box: case-insensitive substring match on a node's ``name`` and
  ``aliases`` (works for Chinese; IME composition is waited for).  Matching
  visible nodes are selected and the view zooms to them; matches that are
  hidden by a filter are counted but not selected.  A list of matches lets
  one jump to each.
* Tooltips (and a details panel on click) give the canonical name, label,
  aliases, adcode and, for a Task, its document, section, sentence and
  offsets; an edge gives its type, rule, confidence, document and sentence.
  Tooltips are plain strings, which vis-network renders as text, and every
  piece of the UI built from graph data uses ``textContent``; the JSON
  embedded in the page escapes ``<``, ``>`` and ``&`` so no name can close the
  ``<script>`` element.

Layout and size
---------------
The layout is computed here, in Python, and the page runs with physics
disabled, so a graph of several thousand nodes opens at once.  The layout is
a Fruchterman–Reingold force layout (numpy, fixed seed) of the structural
graph -- every edge except ``MENTIONED_IN``/``FROM`` -- done per connected
component; the components are then packed in rows, largest first, with
singletons (Documents included) in a grid after them; a last pass pushes
apart nodes that would sit on each other's labels.  Its cost grows with
the square of the largest component, so the number of iterations drops for
large components (a few seconds for a 2,500-node graph on one core; quality
degrades gracefully), and a component of more than ``_FR_MAX_NODES`` nodes
is placed on a sunflower spiral by degree instead (hubs in the middle): the
page stays usable, the picture is less informative.

Output is deterministic: nodes and edges are sorted, the seed is fixed,
coordinates are rounded to whole pixels and nothing time-dependent is
written, so the same graph gives a byte-identical file.

The page exposes ``window.kgNetwork`` (the ``vis.Network``), ``window.kgNodes``
and ``window.kgEdges`` (the DataSets), ``window.kgSearch(query)`` (returns the
selected ids) and ``window.kgDrawCount`` (incremented on every
``afterDrawing`` event) for tests and for scripting from the console.
"""
from __future__ import annotations

import html
import json
import math
import re
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from .model import NODE_LABELS, REL_TYPES

__all__ = ["write_viewer", "render_viewer", "NODE_STYLE", "EDGE_COLORS",
           "DEFAULT_HIDDEN_LABELS", "DEFAULT_HIDDEN_TYPES"]

DEFAULT_TITLE = "知识图谱 · Knowledge graph"

# label -> (colour, vis shape, base size)
NODE_STYLE: dict[str, tuple[str, str, int]] = {
    "Agency": ("#3b6fb6", "dot", 14),
    "Enterprise": ("#f28e2b", "diamond", 13),
    "Organization": ("#2e9e48", "triangle", 13),
    "Project": ("#a05cc2", "star", 14),
    "Place": ("#8c6d31", "square", 11),
    "Task": ("#9aa3ad", "dot", 7),
    "Document": ("#4aa3a0", "box", 10),
}
_OTHER_NODE_STYLE = ("#777777", "dot", 10)

EDGE_COLORS: dict[str, str] = {
    "LEADS": "#d62728",
    "SUPPORTS": "#ff9f1c",
    "INVOLVES": "#2ca02c",
    "LOCATED_IN": "#8c564b",
    "PART_OF": "#7b4ea3",
    "COOPERATES_WITH": "#17becf",
    "MENTIONED_IN": "#bdbdbd",
    "FROM": "#8a8a8a",
}
_OTHER_EDGE_COLOR = "#999999"

DEFAULT_HIDDEN_LABELS = ("Document",)
DEFAULT_HIDDEN_TYPES = ("MENTIONED_IN", "FROM")
# Edges left out of the layout (they would pull everything onto document hubs).
_LAYOUT_IGNORED_TYPES = frozenset(("MENTIONED_IN", "FROM"))

_SEED = 20240601
_FR_MAX_NODES = 12000
_SPREAD_MAX_NODES = 4000
_TASK_LABEL_CHARS = 16
_TOOLTIP_TEXT_CHARS = 400


# --------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------
def _s(value: Any) -> str:
    """A value as display text ('' for None)."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, ".4g")
    return str(value)


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _aliases(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        # graphml round trips may store lists as JSON or '|'-joined strings
        try:
            parsed = json.loads(value)
            if isinstance(parsed, list):
                return [str(a) for a in parsed]
        except ValueError:
            pass
        return [a for a in value.split("|") if a]
    try:
        return [str(a) for a in value]
    except TypeError:
        return [str(value)]


def _node_label(data: dict) -> str:
    return _s(data.get("label")) or "Unknown"


def _node_name(node_id: str, data: dict) -> str:
    name = _s(data.get("name"))
    if not name and data.get("label") == "Task":
        name = _s(data.get("text"))
    if not name and data.get("label") == "Document":
        name = _s(data.get("title"))
    if not name:
        name = node_id.split(":", 1)[-1] if ":" in node_id else node_id
    return name


def _node_tooltip(node_id: str, data: dict, name: str, aliases: list[str]) -> str:
    label = _node_label(data)
    lines = [name if label != "Task" else _clip(name, _TOOLTIP_TEXT_CHARS), label]
    other = [a for a in aliases if a != name]
    if other:
        lines.append("别名 aliases: " + "、".join(other))
    if data.get("adcode") not in (None, ""):
        lines.append("adcode: " + _s(data.get("adcode")))
    if label == "Task":
        text = _s(data.get("text"))
        if text and text != name:
            lines.append("text: " + _clip(text, _TOOLTIP_TEXT_CHARS))
    if label == "Document" and data.get("title"):
        lines.append("title: " + _s(data.get("title")))
    for key, caption in (("doc", "document"), ("section", "section"),
                         ("sentence", "sentence")):
        if data.get(key) not in (None, ""):
            lines.append(f"{caption}: " + _clip(_s(data[key]), _TOOLTIP_TEXT_CHARS))
    if data.get("start") not in (None, "") and data.get("end") not in (None, ""):
        lines.append(f"offsets: {_s(data['start'])}–{_s(data['end'])}")
    lines.append("id: " + node_id)
    return "\n".join(lines)


def _edge_tooltip(etype: str, src_name: str, dst_name: str, data: dict) -> str:
    lines = [etype, f"{_clip(src_name, 60)} → {_clip(dst_name, 60)}"]
    for key in ("rule", "confidence", "count", "doc", "section", "sentence"):
        if data.get(key) not in (None, ""):
            lines.append(f"{key}: " + _clip(_s(data[key]), _TOOLTIP_TEXT_CHARS))
    if data.get("start") not in (None, "") and data.get("end") not in (None, ""):
        lines.append(f"offsets: {_s(data['start'])}–{_s(data['end'])}")
    return "\n".join(lines)


def _ordered(known: tuple[str, ...], present: set[str]) -> list[str]:
    return [k for k in known if k in present] + sorted(present - set(known))


def _script_json(obj: Any) -> str:
    """JSON that is safe inside a <script> element."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("\u2028", "\\u2028")
            .replace("\u2029", "\\u2029"))


# --------------------------------------------------------------------------
# layout
# --------------------------------------------------------------------------
def _fruchterman_reingold(n: int, edges: np.ndarray, seed: int) -> np.ndarray:
    """Dense FR layout in the unit square; repulsion computed in row blocks."""
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    if n == 1:
        return pos
    k = 1.0 / math.sqrt(n)
    # cost ~ n^2 per iteration: keep n^2 * iterations around 4e8 (a few seconds)
    iterations = int(max(10, min(50, 4e8 / (n * n))))
    temp = 0.1
    cool = temp / (iterations + 1)
    block = max(1, 1_000_000 // n)
    k2 = k * k
    src, dst = (edges[:, 0], edges[:, 1]) if len(edges) else (None, None)
    for _ in range(iterations):
        x = pos[:, 0]
        y = pos[:, 1]
        disp = np.zeros((n, 2))
        for s in range(0, n, block):
            dx = x[s:s + block, None] - x[None, :]
            dy = y[s:s + block, None] - y[None, :]
            d2 = dx * dx
            d2 += dy * dy
            np.maximum(d2, 1e-9, out=d2)
            np.divide(k2, d2, out=d2)
            disp[s:s + block, 0] += (dx * d2).sum(axis=1)
            disp[s:s + block, 1] += (dy * d2).sum(axis=1)
        if src is not None:
            delta = pos[src] - pos[dst]
            dist = np.sqrt((delta * delta).sum(axis=1))
            force = delta * (dist / k)[:, None]
            np.subtract.at(disp, src, force)
            np.add.at(disp, dst, force)
        length = np.sqrt((disp * disp).sum(axis=1))
        np.maximum(length, 1e-9, out=length)
        pos += disp * (np.minimum(length, temp) / length)[:, None]
        temp -= cool
    return pos


def _spread(coords: np.ndarray, dmin: float, rounds: int = 40) -> np.ndarray:
    """Push apart nodes closer than ``dmin`` (pixels) so labels stay readable."""
    n = len(coords)
    if n < 2 or n > _SPREAD_MAX_NODES:
        return coords
    pos = coords.copy()
    block = max(1, 1_000_000 // n)
    # a fixed tiny offset per node breaks ties between coincident points
    jitter = np.stack([np.cos(np.arange(n) * 2.399963), np.sin(np.arange(n) * 2.399963)], axis=1)
    for _ in range(rounds):
        x = pos[:, 0]
        y = pos[:, 1]
        move = np.zeros_like(pos)
        worst = 0.0
        for s in range(0, n, block):
            dx = x[s:s + block, None] - x[None, :]
            dy = y[s:s + block, None] - y[None, :]
            d = np.sqrt(dx * dx + dy * dy)
            rows = np.arange(s, min(n, s + block))
            d[rows - s, rows] = np.inf
            overlap = np.clip(dmin - d, 0.0, None)
            if not overlap.any():
                continue
            worst = max(worst, float(overlap.max()))
            safe = np.maximum(d, 1e-6)
            push = overlap / safe * 0.5
            move[s:s + block, 0] += (dx * push).sum(axis=1)
            move[s:s + block, 1] += (dy * push).sum(axis=1)
            stuck = (overlap > 0) & (d < 1e-6)
            if stuck.any():
                move[s:s + block] += jitter[rows] * stuck.sum(axis=1)[:, None] * dmin * 0.1
        if worst < 1.0:
            break
        pos += move
    return pos


def _layout(node_ids: list[str], edges: list[tuple[str, str]],
            spacing: float = 110.0) -> dict[str, tuple[int, int]]:
    """Deterministic positions (whole pixels) for every node."""
    if not node_ids:
        return {}
    H = nx.Graph()
    H.add_nodes_from(node_ids)
    H.add_edges_from((u, v) for u, v in edges if u != v)
    comps = [sorted(c) for c in nx.connected_components(H)]
    comps.sort(key=lambda c: (-len(c), c[0]))

    boxes = []  # (ids, local coords array, width, height)
    for ci, comp in enumerate(comps):
        n = len(comp)
        if n == 1:
            coords = np.zeros((1, 2))
        elif n > _FR_MAX_NODES:
            deg = dict(H.degree(comp))
            order = sorted(comp, key=lambda v: (-deg[v], v))
            rank = {v: i for i, v in enumerate(order)}
            idx = np.array([rank[v] for v in comp], dtype=np.float64)
            r = spacing * 0.6 * np.sqrt(idx + 0.5)
            a = idx * (math.pi * (3.0 - math.sqrt(5.0)))
            coords = np.stack([r * np.cos(a), r * np.sin(a)], axis=1)
        else:
            index = {v: i for i, v in enumerate(comp)}
            e = sorted({(min(index[u], index[v]), max(index[u], index[v]))
                        for u, v in H.subgraph(comp).edges()})
            raw = _fruchterman_reingold(n, np.array(e, dtype=np.int64).reshape(-1, 2),
                                        _SEED + ci)
            raw -= raw.mean(axis=0)
            radius = float(np.sqrt((raw ** 2).sum(axis=1)).max()) or 1.0
            target = spacing * math.sqrt(n) * 0.6 + spacing * 0.5
            # labels are wide: ask for more room horizontally than vertically
            aspect = np.array([0.6, 1.0])
            coords = _spread(raw * (target / radius) * aspect, spacing * 0.9) / aspect
        lo = coords.min(axis=0)
        coords = coords - lo
        w, h = (coords.max(axis=0) + spacing).tolist()
        boxes.append((comp, coords, w, h))

    total_area = sum(w * h for _, _, w, h in boxes)
    row_width = max(max(w for _, _, w, _ in boxes), math.sqrt(total_area) * 1.4)
    pos: dict[str, tuple[int, int]] = {}
    x = y = row_h = 0.0
    for comp, coords, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h, 0.0
        for v, (cx, cy) in zip(comp, coords.tolist()):
            pos[v] = (cx + x, cy + y)
        x += w
        row_h = max(row_h, h)
    # centre on the origin, whole pixels
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    mx, my = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return {v: (int(round(px - mx)), int(round(py - my))) for v, (px, py) in pos.items()}


# --------------------------------------------------------------------------
# building the pyvis network
# --------------------------------------------------------------------------
def _edge_sort_key(item: tuple) -> tuple:
    u, v, key, data = item
    return (u, v, _s(data.get("type")), _s(data.get("rule")), _s(data.get("doc")),
            _s(data.get("start")), _s(data.get("sentence")), _s(key))


def _build_network(G: nx.Graph):
    from pyvis.edge import Edge
    from pyvis.network import Network
    from pyvis.node import Node

    net = Network(height="100%", width="100%", directed=True,
                  cdn_resources="in_line")

    node_ids = sorted(str(n) for n in G.nodes)
    orig = {str(n): n for n in G.nodes}
    node_data = {nid: dict(G.nodes[orig[nid]]) for nid in node_ids}

    if G.is_multigraph():
        raw_edges = [(str(u), str(v), k, dict(d)) for u, v, k, d in G.edges(keys=True, data=True)]
    else:
        raw_edges = [(str(u), str(v), "", dict(d)) for u, v, d in G.edges(data=True)]
    raw_edges.sort(key=_edge_sort_key)

    layout_edges = [(u, v) for u, v, _, d in raw_edges
                    if _s(d.get("type")) not in _LAYOUT_IGNORED_TYPES]
    pos = _layout(node_ids, layout_edges)

    degree: dict[str, int] = {nid: 0 for nid in node_ids}
    for u, v, _, d in raw_edges:
        if _s(d.get("type")) not in _LAYOUT_IGNORED_TYPES:
            degree[u] += 1
            degree[v] += 1

    names: dict[str, str] = {}
    label_counts: dict[str, int] = {}
    # pyvis' add_node/add_edge check membership in a list (O(n) per call);
    # ids are unique here, so the pyvis Node/Edge objects are appended directly.
    for nid in node_ids:
        data = node_data[nid]
        label = _node_label(data)
        label_counts[label] = label_counts.get(label, 0) + 1
        color, shape, size = NODE_STYLE.get(label, _OTHER_NODE_STYLE)
        name = _node_name(nid, data)
        names[nid] = name
        aliases = _aliases(data.get("aliases"))
        shown = _clip(name, _TASK_LABEL_CHARS) if label in ("Task", "Document") else name
        if label != "Task":
            size = int(round(size + min(16.0, 3.0 * math.sqrt(degree[nid]))))
        x, y = pos[nid]
        node = Node(nid, shape, label=shown, color=color, size=size, x=x, y=y,
                    title=_node_tooltip(nid, data, name, aliases),
                    kgLabel=label, kgName=name,
                    kgAliases=sorted(set(a for a in aliases if a)))
        net.nodes.append(node.options)
        net.node_ids.append(nid)
        net.node_map[nid] = node.options

    type_counts: dict[str, int] = {}
    pair_seen: dict[tuple[str, str], int] = {}
    small = len(raw_edges) <= 3000
    for i, (u, v, _, data) in enumerate(raw_edges):
        etype = _s(data.get("type")) or "UNTYPED"
        type_counts[etype] = type_counts.get(etype, 0) + 1
        pair = (min(u, v), max(u, v))
        nth = pair_seen.get(pair, 0)
        pair_seen[pair] = nth + 1
        opts: dict[str, Any] = {
            "id": f"e{i}",
            "color": EDGE_COLORS.get(etype, _OTHER_EDGE_COLOR),
            "title": _edge_tooltip(etype, names[u], names[v], data),
            "kgType": etype,
        }
        if small and nth:  # fan out parallel edges between the same two nodes
            opts["smooth"] = {"enabled": True, "type": "curvedCW" if nth % 2 else "curvedCCW",
                              "roundness": round(0.15 * ((nth + 1) // 2), 2)}
        edge = Edge(u, v, True, **opts)
        net.edges.append(edge.options)

    n_edges = len(raw_edges)
    net.options = {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "nodes": {
            "borderWidth": 1,
            "font": {"size": 14, "color": "#222222", "strokeWidth": 3,
                     "strokeColor": "#ffffff",
                     "face": "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',"
                             "'PingFang SC','WenQuanYi Zen Hei',sans-serif"},
            "scaling": {"label": {"drawThreshold": 7}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "smooth": False,
            "width": 1,
            "selectionWidth": 2,
            "hoverWidth": 0.5,
            "color": {"inherit": False, "opacity": 0.8},
        },
        "interaction": {
            "hover": n_edges <= 5000,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": n_edges > 2000,
            "hideEdgesOnZoom": n_edges > 2000,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": True,
        },
    }
    meta = {
        "labels": [
            {"name": lb, "count": label_counts[lb],
             "color": NODE_STYLE.get(lb, _OTHER_NODE_STYLE)[0],
             "shape": NODE_STYLE.get(lb, _OTHER_NODE_STYLE)[1],
             "hidden": lb in DEFAULT_HIDDEN_LABELS}
            for lb in _ordered(NODE_LABELS, set(label_counts))
        ],
        "types": [
            {"name": t, "count": type_counts[t],
             "color": EDGE_COLORS.get(t, _OTHER_EDGE_COLOR),
             "hidden": t in DEFAULT_HIDDEN_TYPES}
            for t in _ordered(REL_TYPES, set(type_counts))
        ],
    }
    return net, meta


# --------------------------------------------------------------------------
# page
# --------------------------------------------------------------------------
_PAGE = r"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>@@TITLE@@</title>
<style>@@VIS_CSS@@</style>
<style>
html, body { margin: 0; padding: 0; height: 100%; }
body { font-family: 'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',
       'WenQuanYi Zen Hei',system-ui,sans-serif; font-size: 13px; color: #222; }
#kg-app { display: flex; height: 100vh; width: 100vw; }
#kg-side { width: 280px; min-width: 220px; flex: none; overflow-y: auto; box-sizing: border-box;
           padding: 10px 12px; border-right: 1px solid #ddd; background: #fafafa; }
#kg-network { flex: 1 1 auto; position: relative; min-width: 0; background: #fff; }
#kg-side h1 { font-size: 16px; margin: 0 0 4px 0; }
#kg-side h2 { font-size: 13px; margin: 12px 0 4px 0; color: #555; text-transform: uppercase;
              letter-spacing: .04em; }
#kg-stats { color: #666; margin-bottom: 8px; }
#kg-search { width: 100%; box-sizing: border-box; padding: 6px 8px; font-size: 14px;
             border: 1px solid #bbb; border-radius: 4px; }
#kg-search-status { color: #666; margin: 4px 0; min-height: 1em; }
#kg-results { list-style: none; margin: 0; padding: 0; max-height: 160px; overflow-y: auto; }
#kg-results li { padding: 2px 4px; cursor: pointer; border-radius: 3px; white-space: nowrap;
                 overflow: hidden; text-overflow: ellipsis; }
#kg-results li:hover { background: #e8eef8; }
#kg-results li.kg-hidden { color: #999; }
.kg-row { display: flex; align-items: center; gap: 6px; padding: 2px 0; cursor: pointer; }
.kg-row input { margin: 0; }
.kg-row svg { flex: none; }
.kg-count { color: #888; margin-left: auto; }
.kg-buttons { display: flex; gap: 6px; margin-top: 10px; }
.kg-buttons button { flex: 1; padding: 4px; font-size: 12px; cursor: pointer; }
#kg-details { white-space: pre-wrap; word-break: break-all; background: #fff;
              border: 1px solid #ddd; border-radius: 4px; padding: 6px; min-height: 2em;
              max-height: 35vh; overflow-y: auto; color: #333; }
div.vis-tooltip { white-space: pre-wrap; max-width: 460px; word-break: break-all;
                  font-family: inherit; font-size: 13px; }
@media (max-width: 700px) {
  #kg-app { flex-direction: column; }
  #kg-side { width: 100%; max-height: 42vh; border-right: none; border-bottom: 1px solid #ddd; }
}
</style>
<script>@@VIS_JS@@</script>
</head>
<body>
<div id="kg-app">
  <div id="kg-side">
    <h1 id="kg-title">@@TITLE@@</h1>
    <div id="kg-stats"></div>
    <input id="kg-search" type="search" placeholder="搜索名称 / search name…" autocomplete="off">
    <div id="kg-search-status"></div>
    <ul id="kg-results"></ul>
    <h2>节点 Nodes</h2>
    <div id="kg-label-filters"></div>
    <h2>关系 Relationships</h2>
    <div id="kg-type-filters"></div>
    <div class="kg-buttons">
      <button type="button" id="kg-fit">适应 Fit</button>
      <button type="button" id="kg-clear">清除 Clear</button>
    </div>
    <h2>详情 Details</h2>
    <div id="kg-details">点击节点或关系查看详情 — click a node or edge.</div>
  </div>
  <div id="kg-network"></div>
</div>
<script id="kg-data" type="application/json">@@DATA@@</script>
<script>
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var SVGNS = "http" + "://www.w3.org/2000/svg";
  var nodes = new vis.DataSet(DATA.nodes);
  var edges = new vis.DataSet(DATA.edges);
  var labelShown = {}, typeShown = {};
  DATA.meta.labels.forEach(function (l) { labelShown[l.name] = !l.hidden; });
  DATA.meta.types.forEach(function (t) { typeShown[t.name] = !t.hidden; });
  var nodeById = {};
  DATA.nodes.forEach(function (n) { nodeById[n.id] = n; });

  function nodeVisible(id) {
    var n = nodeById[id];
    return !!n && labelShown[n.kgLabel] !== false;
  }
  function applyFilters() {
    var nu = [], eu = [];
    DATA.nodes.forEach(function (n) {
      var h = !nodeVisible(n.id);
      if (n.hidden !== h) { n.hidden = h; nu.push({id: n.id, hidden: h}); }
    });
    DATA.edges.forEach(function (e) {
      var h = !(typeShown[e.kgType] !== false && nodeVisible(e.from) && nodeVisible(e.to));
      if (e.hidden !== h) { e.hidden = h; eu.push({id: e.id, hidden: h}); }
    });
    if (nu.length) nodes.update(nu);
    if (eu.length) edges.update(eu);
    updateStats();
  }
  function updateStats() {
    var vn = 0, ve = 0;
    DATA.nodes.forEach(function (n) { if (!n.hidden) vn++; });
    DATA.edges.forEach(function (e) { if (!e.hidden) ve++; });
    document.getElementById("kg-stats").textContent =
      vn + " / " + DATA.nodes.length + " nodes, " + ve + " / " + DATA.edges.length + " edges shown";
  }

  function svgEl(tag, attrs) {
    var el = document.createElementNS(SVGNS, tag);
    Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    return el;
  }
  function shapeIcon(shape, color) {
    var svg = svgEl("svg", {width: 16, height: 16, viewBox: "0 0 16 16"});
    var a = {fill: color, stroke: "#333", "stroke-width": 0.8};
    var el;
    if (shape === "diamond") { a.points = "8,1 15,8 8,15 1,8"; el = svgEl("polygon", a); }
    else if (shape === "triangle") { a.points = "8,1.5 15,14 1,14"; el = svgEl("polygon", a); }
    else if (shape === "star") {
      a.points = "8,0.8 10,6 15.4,6 11,9.3 12.7,14.8 8,11.5 3.3,14.8 5,9.3 0.6,6 6,6";
      el = svgEl("polygon", a);
    }
    else if (shape === "square") { a.x = 2; a.y = 2; a.width = 12; a.height = 12; el = svgEl("rect", a); }
    else if (shape === "box") { a.x = 1; a.y = 4; a.width = 14; a.height = 8; a.rx = 2; el = svgEl("rect", a); }
    else { a.cx = 8; a.cy = 8; a.r = (shape === "small") ? 4 : 6; el = svgEl("circle", a); }
    svg.appendChild(el);
    return svg;
  }
  function lineIcon(color) {
    var svg = svgEl("svg", {width: 26, height: 12, viewBox: "0 0 26 12"});
    svg.appendChild(svgEl("line", {x1: 1, y1: 6, x2: 19, y2: 6, stroke: color, "stroke-width": 2.5}));
    svg.appendChild(svgEl("polygon", {points: "18,2 25,6 18,10", fill: color}));
    return svg;
  }
  function filterRow(container, item, icon, shownMap, kind) {
    var label = document.createElement("label");
    label.className = "kg-row";
    var cb = document.createElement("input");
    cb.type = "checkbox";
    cb.checked = shownMap[item.name];
    cb.setAttribute("data-kind", kind);
    cb.setAttribute("data-name", item.name);
    cb.addEventListener("change", function () { shownMap[item.name] = cb.checked; applyFilters(); });
    var text = document.createElement("span");
    text.textContent = item.name;
    var count = document.createElement("span");
    count.className = "kg-count";
    count.textContent = String(item.count);
    label.appendChild(cb); label.appendChild(icon); label.appendChild(text); label.appendChild(count);
    container.appendChild(label);
  }
  var lf = document.getElementById("kg-label-filters");
  DATA.meta.labels.forEach(function (l) {
    filterRow(lf, l, shapeIcon(l.name === "Task" ? "small" : l.shape, l.color), labelShown, "label");
  });
  var tf = document.getElementById("kg-type-filters");
  DATA.meta.types.forEach(function (t) { filterRow(tf, t, lineIcon(t.color), typeShown, "type"); });

  applyFilters();

  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, DATA.options);
  window.kgNetwork = network;
  window.kgNodes = nodes;
  window.kgEdges = edges;
  window.kgDrawCount = 0;
  network.on("afterDrawing", function () { window.kgDrawCount++; });

  var details = document.getElementById("kg-details");
  network.on("click", function (p) {
    if (p.nodes.length) details.textContent = nodeById[p.nodes[0]].title;
    else if (p.edges.length) details.textContent = edges.get(p.edges[0]).title;
  });

  // ---- search -----------------------------------------------------------
  var input = document.getElementById("kg-search");
  var status = document.getElementById("kg-search-status");
  var results = document.getElementById("kg-results");
  var haystack = DATA.nodes.map(function (n) {
    return [n.kgName].concat(n.kgAliases || []).join("\n").toLowerCase();
  });
  function focusNodes(ids) {
    if (!ids.length) return;
    if (ids.length === 1) {
      network.focus(ids[0], {scale: Math.max(network.getScale(), 1.0),
                             animation: {duration: 300, easingFunction: "easeInOutQuad"}});
    } else {
      network.fit({nodes: ids, animation: {duration: 300, easingFunction: "easeInOutQuad"}});
    }
  }
  function kgSearch(query) {
    var q = (query || "").trim().toLowerCase();
    while (results.firstChild) results.removeChild(results.firstChild);
    if (!q) { network.unselectAll(); status.textContent = ""; return []; }
    var shown = [], hidden = [];
    for (var i = 0; i < DATA.nodes.length; i++) {
      if (haystack[i].indexOf(q) !== -1) {
        var n = DATA.nodes[i];
        (n.hidden ? hidden : shown).push(n);
      }
    }
    // exact name matches first, then shorter names
    var rank = function (a, b) {
      var ea = a.kgName.toLowerCase() === q ? 0 : 1, eb = b.kgName.toLowerCase() === q ? 0 : 1;
      return ea - eb || a.kgName.length - b.kgName.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    };
    shown.sort(rank); hidden.sort(rank);
    var ids = shown.map(function (n) { return n.id; });
    network.selectNodes(ids, false);
    focusNodes(ids);
    var msg = shown.length + " match" + (shown.length === 1 ? "" : "es");
    if (hidden.length) msg += " (+" + hidden.length + " hidden by filters)";
    status.textContent = msg;
    shown.concat(hidden).slice(0, 50).forEach(function (n) {
      var li = document.createElement("li");
      li.textContent = n.kgName + " · " + n.kgLabel;
      li.title = n.id;
      if (n.hidden) li.className = "kg-hidden";
      li.addEventListener("click", function () {
        if (n.hidden) return;
        network.selectNodes([n.id], false);
        focusNodes([n.id]);
        details.textContent = n.title;
      });
      results.appendChild(li);
    });
    if (shown.length === 1) details.textContent = shown[0].title;
    return ids;
  }
  window.kgSearch = kgSearch;
  var composing = false;
  input.addEventListener("compositionstart", function () { composing = true; });
  input.addEventListener("compositionend", function () { composing = false; kgSearch(input.value); });
  input.addEventListener("input", function (e) {
    if (composing || e.isComposing) return;
    kgSearch(input.value);
  });
  input.addEventListener("keydown", function (e) { if (e.key === "Enter") kgSearch(input.value); });

  document.getElementById("kg-fit").addEventListener("click", function () { network.fit(); });
  document.getElementById("kg-clear").addEventListener("click", function () {
    input.value = ""; kgSearch("");
  });
})();
</script>
</body>
</html>
"""


def _vis_assets() -> tuple[str, str]:
    import pyvis

    base = Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2"
    js = (base / "vis-network.min.js").read_text(encoding="utf-8")
    css = (base / "vis-network.css").read_text(encoding="utf-8")
    # both are inlined; make sure neither can end its element early
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    css = re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)
    return js, css


def render_viewer(G: nx.Graph, title: str = DEFAULT_TITLE) -> str:
    """The viewer page for ``G`` as a string (see the module docstring)."""
    net, meta = _build_network(G)
    nodes, edges, _heading, _h, _w, options = net.get_network_data()
    data = {"nodes": nodes, "edges": edges, "options": json.loads(options), "meta": meta}
    js, css = _vis_assets()
    parts = {
        "TITLE": html.escape(title, quote=True),
        "VIS_CSS": css,
        "VIS_JS": js,
        "DATA": _script_json(data),
    }
    # one pass, so inserted text is never scanned for further markers
    return re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], _PAGE)


def write_viewer(G: nx.MultiDiGraph, path: str | Path, title: str = DEFAULT_TITLE) -> None:
    """Write the self-contained viewer for ``G`` to ``path`` (UTF-8)."""
    page = render_viewer(G, title)
    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(page)
