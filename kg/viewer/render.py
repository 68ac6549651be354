"""The page: ``page.html`` (beside this module) with the vis-network library
that pyvis ships inlined, the graph data as escaped JSON, and the title."""
from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path

import networkx as nx

from kg.viewer.network import _build_network, _script_json
from kg.viewer.style import DEFAULT_TITLE

_PAGE_FILE = Path(__file__).resolve().parent / "page.html"


@functools.lru_cache(maxsize=1)
def _page() -> str:
    return _PAGE_FILE.read_text(encoding="utf-8")


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
    return re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], _page())


def write_viewer(G: nx.MultiDiGraph, path: str | Path, title: str = DEFAULT_TITLE) -> None:
    """Write the self-contained viewer for ``G`` to ``path`` (UTF-8)."""
    page = render_viewer(G, title)
    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(page)
