"""The graph as vis-network data: nodes with label-styled colours, sizes,
positions and plain-text tooltips, edges with colours, and the legend/filter
metadata of the side panel (built with :class:`pyvis.network.Network`)."""
from __future__ import annotations

import json
import math
from typing import Any

import networkx as nx

from kg.model import NODE_LABELS, REL_TYPES
from kg.schema import PROVENANCE_CAPTIONS
from kg.viewer.layout import _layout
from kg.viewer.style import (DEFAULT_HIDDEN_LABELS, DEFAULT_HIDDEN_TYPES, EDGE_COLORS, NODE_STYLE,
                             _LAYOUT_IGNORED_TYPES, _OTHER_EDGE_COLOR, _OTHER_NODE_STYLE, _TASK_LABEL_CHARS,
                             _TOOLTIP_TEXT_CHARS)



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
    for key, caption in PROVENANCE_CAPTIONS:
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
