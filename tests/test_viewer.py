"""Tests of kg/viewer.py: static checks of the HTML and a real headless browser.

The browser tests drive Debian's /usr/bin/chromium through the `playwright`
package (its driver ships in the wheel; playwright's own browser download is
not used).  A missing browser or playwright is a failure, not a skip:
``scripts/install-browser`` installs chromium, the ``test`` extra playwright.
"""
from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from viewer_demo import DOC, XSS, big_graph, demo_graph  # noqa: E402

from kg.viewer import render_viewer, write_viewer  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
SWJ = "Agency:连云港市商务局"
GXJ = "Agency:连云港市工业和信息化局"


# ---------------------------------------------------------------------------
# static checks
# ---------------------------------------------------------------------------
class _Refs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str]] = []
        self.tags: list[str] = []
        self.meta_charset: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "srcset", "poster", "data", "action", "formaction"):
                self.refs.append((tag, name, value or ""))
            if tag == "meta" and name == "charset":
                self.meta_charset.append(value or "")


def _is_remote(url: str) -> bool:
    u = url.strip().lower()
    return u.startswith(("http:", "https:", "//", "ftp:", "ws:", "wss:"))


@pytest.fixture(scope="module")
def demo_html(tmp_path_factory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("viewer") / "demo.html"
    write_viewer(demo_graph(), path, title="演示 Demo")
    return path, path.read_bytes().decode("utf-8")


def test_no_external_resources(demo_html):
    _, text = demo_html
    parser = _Refs()
    parser.feed(text)
    remote = [r for r in parser.refs if _is_remote(r[2])]
    assert remote == [], remote
    # no attribute-level remote reference even where the parser would not see it
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", text, re.I)
    assert not re.search(r"@import\s+(?:url\()?\s*['\"]?\s*(?:https?:)?//", text, re.I)
    assert not re.search(r"url\(\s*['\"]?\s*(?:https?:)?//", text, re.I)
    for cdn in ("cdnjs", "jsdelivr", "unpkg", "bootstrap", "tom-select", "TomSelect"):
        assert cdn not in text, cdn
    # vis-network is inlined, not linked
    assert "<link" not in text.lower()
    assert "vis-network" in text and "DataSet" in text


def test_utf8_and_charset(demo_html):
    path, text = demo_html
    raw = path.read_bytes()
    raw.decode("utf-8")  # strict
    parser = _Refs()
    parser.feed(text)
    assert [c.lower() for c in parser.meta_charset] == ["utf-8"]
    assert text.index('<meta charset="utf-8">') < 200
    assert "连云港市商务局".encode("utf-8") in raw
    assert "<title>演示 Demo</title>" in text


def test_script_content_is_escaped(demo_html):
    _, text = demo_html
    # the raw markup of the evil name never reaches the page
    assert XSS not in text
    assert "<b>bold</b>" not in text
    # exactly three script elements: vis-network, the data, the app
    parser = _Refs()
    parser.feed(text)
    assert parser.tags.count("script") == 3
    assert len(re.findall(r"</script", text, re.I)) == 3
    data = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>',
                     text, re.S).group(1)
    assert "<" not in data and ">" not in data
    assert "\\u003cscript\\u003e" in data


def test_title_is_escaped(tmp_path):
    path = tmp_path / "t.html"
    write_viewer(demo_graph(), path, title=XSS)
    text = path.read_text(encoding="utf-8")
    assert XSS not in text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in text


def test_deterministic_output():
    G = demo_graph()
    H = nx.MultiDiGraph()
    H.add_nodes_from(reversed(list(G.nodes(data=True))))
    H.add_edges_from(reversed(list(G.edges(data=True))))
    a = render_viewer(G, "t")
    assert a == render_viewer(G, "t")
    assert a == render_viewer(H, "t")


def test_deterministic_big_graph():
    G = big_graph(600)
    assert render_viewer(G) == render_viewer(G)


def test_every_node_gets_a_position_and_tooltip():
    import json

    G = demo_graph()
    text = render_viewer(G)
    raw = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>',
                    text, re.S).group(1)
    data = json.loads(raw)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert set(nodes) == set(G.nodes)
    assert len(data["edges"]) == G.number_of_edges()
    assert len({(n["x"], n["y"]) for n in nodes.values()}) == len(nodes)
    assert data["options"]["physics"]["enabled"] is False
    swj = nodes[SWJ]
    assert "市商务局" in swj["title"] and "Agency" in swj["title"]
    assert swj["kgAliases"] == ["市商务局", "连云港市商务局"]
    place = nodes["Place:连云港市"]
    assert "adcode: 320700" in place["title"]
    task = next(n for n in nodes.values() if n["kgLabel"] == "Task"
                and n["id"].endswith(":0-26"))
    for piece in (DOC, "一、重点任务 > （一）人才培养", "市商务局牵头,联合江苏财会职业学院共建连云港电商学院。"):
        assert piece in task["title"]
    leads = next(e for e in data["edges"] if e["kgType"] == "LEADS" and e["from"] == SWJ)
    for piece in ("LEADS", "lead.qiantou", "0.95", DOC, "市商务局牵头"):
        assert piece in leads["title"]
    # styling: colour/shape by label, colour by type, document layer hidden by default
    assert nodes[SWJ]["shape"] != nodes["Place:连云港市"]["shape"]
    assert nodes[SWJ]["color"] != nodes["Place:连云港市"]["color"]
    colors = {e["kgType"]: e["color"] for e in data["edges"]}
    assert len(set(colors.values())) == len(colors)
    hidden = {m["name"] for m in data["meta"]["types"] if m["hidden"]}
    assert hidden == {"MENTIONED_IN", "FROM"}
    assert [m["name"] for m in data["meta"]["labels"] if m["hidden"]] == ["Document"]


def test_non_multigraph_and_sparse_attributes(tmp_path):
    G = nx.DiGraph()
    G.add_node("Agency:甲", label="Agency", name="甲")  # no aliases
    G.add_node("x", label="Weird")  # unknown label, no name
    G.add_edge("Agency:甲", "x")  # no type, no provenance
    path = tmp_path / "sub" / "g.html"
    write_viewer(G, path)
    assert path.exists() and "UNTYPED" in path.read_text(encoding="utf-8")


def test_empty_graph(tmp_path):
    write_viewer(nx.MultiDiGraph(), tmp_path / "e.html")
    assert (tmp_path / "e.html").stat().st_size > 100_000


# ---------------------------------------------------------------------------
# headless browser
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.exists(), (
        "Chromium is missing at /usr/bin/chromium: run scripts/install-browser "
        "(apt-get install chromium chromium-driver)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # a red test, not a skip
        pytest.fail(f"the playwright package is needed (pip install playwright): {exc}")
    with sync_playwright() as p:
        # playwright gives the browser a fresh temporary profile (user data dir)
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                              args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield b
        finally:
            b.close()


class _Page:
    """A page on a file:// URL that records errors and non-local requests."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page(viewport={"width": 1280, "height": 800})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("request", self._on_request)
        self.page.goto(path.resolve().as_uri(), wait_until="load", timeout=60_000)

    def _on_request(self, req):
        if not req.url.startswith(("file:", "data:", "blob:", "about:")):
            self.requests.append(req.url)

    def wait_drawn(self, timeout: int = 60_000):
        self.page.wait_for_function("window.kgDrawCount > 0", timeout=timeout)

    def js(self, expr: str, arg=None):
        return self.page.evaluate(expr, arg)

    def close(self):
        self.page.close()


@pytest.fixture
def demo_page(browser, demo_html):
    page = _Page(browser, demo_html[0])
    page.wait_drawn()
    yield page
    page.close()


def test_browser_draws_network(demo_page):
    G = demo_graph()
    p = demo_page
    assert p.js("document.querySelectorAll('#kg-network canvas').length") == 1
    assert p.js("window.kgNetwork.body.data.nodes.length") == G.number_of_nodes()
    assert p.js("window.kgNetwork.body.data.edges.length") == G.number_of_edges()
    size = p.js("(() => { const c = document.querySelector('#kg-network canvas');"
                " return [c.width, c.height]; })()")
    assert size[0] > 300 and size[1] > 300
    # the legend/filters were built
    assert p.js("document.querySelectorAll('#kg-label-filters input').length") == 7
    assert p.js("document.querySelectorAll('#kg-type-filters input').length") == 8
    # Documents and MENTIONED_IN/FROM start hidden
    assert p.js("window.kgNodes.get('Document:%s').hidden" % DOC) is True
    assert p.js("window.kgEdges.get({filter: e => e.kgType === 'FROM'})"
                ".every(e => e.hidden)") is True
    assert p.js(f"window.kgNodes.get('{SWJ}').hidden") is False
    # positions come from Python, physics is off
    pos = p.js(f"window.kgNetwork.getPositions(['{SWJ}'])['{SWJ}']")
    assert isinstance(pos["x"], (int, float))
    assert p.errors == [] and p.requests == []


def test_browser_search_chinese_name(demo_page):
    p = demo_page
    box = p.page.locator("#kg-search")
    box.press_sequentially("连云港市商务局")
    p.page.wait_for_function(f"window.kgNetwork.getSelectedNodes().includes('{SWJ}')",
                             timeout=10_000)
    assert p.js("window.kgNetwork.getSelectedNodes()") == [SWJ]
    assert "1 match" in p.page.inner_text("#kg-search-status")
    assert "连云港市商务局" in p.page.inner_text("#kg-details")
    # an alias finds its canonical node
    box.fill("市工信局")
    p.page.wait_for_function(f"window.kgNetwork.getSelectedNodes().includes('{GXJ}')",
                             timeout=10_000)
    # a substring selects every visible match; hidden ones are only counted
    box.fill("连云港")
    p.page.wait_for_function("window.kgNetwork.getSelectedNodes().length > 2", timeout=10_000)
    sel = set(p.js("window.kgNetwork.getSelectedNodes()"))
    assert {SWJ, GXJ, "Place:连云港市", "Project:连云港电商学院"} <= sel
    assert f"Document:{DOC}" not in sel
    box.fill("")
    p.page.wait_for_function("window.kgNetwork.getSelectedNodes().length === 0",
                             timeout=10_000)
    assert p.errors == []


def test_browser_filters(demo_page):
    p = demo_page
    agency_edges = p.js(f"window.kgEdges.get({{filter: e => e.from === '{SWJ}' && !e.hidden}})"
                        ".map(e => e.id)")
    assert agency_edges
    p.page.locator('#kg-label-filters input[data-name="Agency"]').uncheck()
    assert p.js(f"window.kgNodes.get('{SWJ}').hidden") is True
    assert p.js(f"window.kgEdges.get({json_list(agency_edges)}).every(e => e.hidden)") is True
    p.page.locator('#kg-label-filters input[data-name="Agency"]').check()
    assert p.js(f"window.kgNodes.get('{SWJ}').hidden") is False
    # relationship type filter
    p.page.locator('#kg-type-filters input[data-name="LEADS"]').uncheck()
    assert p.js("window.kgEdges.get({filter: e => e.kgType === 'LEADS'})"
                ".every(e => e.hidden)") is True
    # showing the document layer needs both the label and the edge type
    p.page.locator('#kg-label-filters input[data-name="Document"]').check()
    p.page.locator('#kg-type-filters input[data-name="MENTIONED_IN"]').check()
    assert p.js("window.kgNodes.get('Document:%s').hidden" % DOC) is False
    assert p.js("window.kgEdges.get({filter: e => e.kgType === 'MENTIONED_IN'})"
                ".every(e => !e.hidden)") is True
    assert p.errors == []


def json_list(values) -> str:
    import json
    return json.dumps(values, ensure_ascii=False)


def test_browser_escaping(browser, demo_html):
    p = _Page(browser, demo_html[0])
    try:
        p.wait_drawn()
        assert p.js("typeof window.__pwned") == "undefined"
        evil = f"Organization:{XSS}"
        # the evil node exists with its literal name, shown as text
        assert p.js("(id) => window.kgNodes.get(id).kgName", evil) == XSS
        # search for it: results list, details panel, selection
        p.page.locator("#kg-search").fill("<script>")
        p.page.wait_for_function("(id) => window.kgNetwork.getSelectedNodes().includes(id)",
                                 arg=evil, timeout=10_000)
        assert XSS in p.page.inner_text("#kg-results")
        assert XSS in p.page.inner_text("#kg-details")
        p.page.locator("#kg-results li").first.click()
        # hover it so vis-network shows its tooltip
        pos = p.js("(id) => window.kgNetwork.canvasToDOM(window.kgNetwork.getPositions([id])[id])",
                   evil)
        box = p.page.locator("#kg-network").bounding_box()
        p.page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
        p.page.wait_for_timeout(600)
        assert p.js("typeof window.__pwned") == "undefined"
        assert p.js("document.querySelectorAll('script').length") == 3
        assert p.js("document.querySelectorAll('b').length") == 0
        assert p.errors == [] and p.requests == []
    finally:
        p.close()


def test_browser_big_graph_renders(browser, tmp_path):
    G = big_graph(2500)
    assert G.number_of_nodes() == 2500
    path = tmp_path / "big.html"
    write_viewer(G, path)
    p = _Page(browser, path)
    try:
        p.wait_drawn(timeout=120_000)
        assert p.js("window.kgNetwork.body.data.nodes.length") == 2500
        assert p.js("window.kgNetwork.body.data.edges.length") == G.number_of_edges()
        # search still works at this size
        target = next(n for n, d in G.nodes(data=True) if d["label"] == "Agency")
        name = G.nodes[target]["name"]
        p.page.locator("#kg-search").fill(name)
        p.page.wait_for_function("(id) => window.kgNetwork.getSelectedNodes().includes(id)",
                                 arg=target, timeout=30_000)
        assert p.errors == [] and p.requests == []
    finally:
        p.close()
