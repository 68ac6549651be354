"""Small demo graphs for the viewer tests (and for looking at the page by hand).

``python tests/viewer_demo.py OUT.html [N]`` writes a demo page; with N, a
generated graph of about N nodes instead of the hand-made one.
"""
from __future__ import annotations

import random
import sys

import networkx as nx

DOC = "001_0d03b848f9f901be.txt"
XSS = "<script>window.__pwned=1</script>"


def demo_graph() -> nx.MultiDiGraph:
    """A hand-made graph with every node label and relationship type."""
    G = nx.MultiDiGraph()

    def node(label, name, **attrs):
        nid = f"{label}:{name}"
        G.add_node(nid, label=label, name=name, aliases=attrs.pop("aliases", [name]), **attrs)
        return nid

    doc = node("Document", DOC, title="连云港市推进跨境电商发展工作方案")
    swj = node("Agency", "连云港市商务局", aliases=["市商务局", "连云港市商务局"])
    gxj = node("Agency", "连云港市工业和信息化局", aliases=["市工信局"])
    gov = node("Agency", "连云港市人民政府", aliases=["市政府"])
    dx = node("Enterprise", "市电信公司")
    school = node("Organization", "江苏财会职业学院")
    college = node("Project", "连云港电商学院")
    park = node("Project", "城北物流园区")
    lyg = node("Place", "连云港市", adcode="320700", aliases=["连云港", "连云港市"])
    js = node("Place", "江苏省", adcode="320000")
    gm = node("Place", "赣马镇", adcode="320707100")
    evil = node("Organization", XSS, aliases=[XSS, "<b>bold</b> & co"])

    s1 = "市商务局牵头,联合江苏财会职业学院共建连云港电商学院。"
    t1 = f"Task:{DOC}:0-26"
    G.add_node(t1, label="Task", name="牵头,联合江苏财会职业学院共建连云港电商学院",
               text="牵头,联合江苏财会职业学院共建连云港电商学院", aliases=[],
               doc=DOC, section="一、重点任务 > （一）人才培养", sentence=s1, start=4, end=26)
    s2 = "市工信局负责推进城北物流园区建设,市电信公司配合。"
    t2 = f"Task:{DOC}:30-44"
    G.add_node(t2, label="Task", name="负责推进城北物流园区建设", text="负责推进城北物流园区建设",
               aliases=[], doc=DOC, section="一、重点任务 > （二）物流", sentence=s2,
               start=30, end=44)

    def edge(u, v, type_, **prov):
        G.add_edge(u, v, type=type_, **prov)

    edge(swj, t1, "LEADS", doc=DOC, sentence=s1, rule="lead.qiantou", confidence=0.95)
    edge(school, t1, "SUPPORTS", doc=DOC, sentence=s1, rule="support.lianhe", confidence=0.8)
    edge(t1, college, "INVOLVES", doc=DOC, sentence=s1, rule="involves.obj", confidence=0.7)
    edge(gxj, t2, "LEADS", doc=DOC, sentence=s2, rule="lead.fuze", confidence=0.9)
    edge(dx, t2, "SUPPORTS", doc=DOC, sentence=s2, rule="support.peihe", confidence=0.85)
    edge(evil, t2, "SUPPORTS", doc=DOC, sentence=XSS, rule=XSS, confidence=0.5)
    edge(t2, park, "INVOLVES", doc=DOC, sentence=s2, rule="involves.obj")
    edge(swj, lyg, "LOCATED_IN", doc=DOC, rule="loc.jurisdiction", confidence=0.6)
    edge(swj, gov, "PART_OF", rule="part.department")
    edge(gxj, gov, "PART_OF", rule="part.department")
    edge(lyg, js, "PART_OF", rule="adcode")
    edge(gm, lyg, "PART_OF", rule="adcode")
    edge(park, lyg, "LOCATED_IN", doc=DOC, rule="loc.in", confidence=0.7)
    edge(school, dx, "COOPERATES_WITH", doc=DOC, rule="coop.agreement", confidence=0.6)
    edge(swj, gxj, "COOPERATES_WITH", doc=DOC, rule="coop.joint", confidence=0.6)
    for t in (t1, t2):
        edge(t, doc, "FROM", doc=DOC)
    for n in (swj, gxj, gov, dx, school, college, park, lyg, evil):
        edge(n, doc, "MENTIONED_IN", doc=DOC, count=1)
    return G


LABELS = ["Agency", "Enterprise", "Organization", "Project", "Place"]


def big_graph(n_nodes: int = 2500, seed: int = 7) -> nx.MultiDiGraph:
    """A generated graph of about ``n_nodes`` nodes shaped like the real one."""
    rnd = random.Random(seed)
    G = nx.MultiDiGraph()
    n_docs = max(1, n_nodes // 100)
    docs = [f"Document:{i:03d}_doc.txt" for i in range(n_docs)]
    for d in docs:
        G.add_node(d, label="Document", name=d.split(":", 1)[1], aliases=[])
    n_ent = (n_nodes - n_docs) // 2
    ents = []
    for i in range(n_ent):
        label = rnd.choice(LABELS)
        name = f"{label}实体{i:04d}号"
        nid = f"{label}:{name}"
        G.add_node(nid, label=label, name=name, aliases=[name, f"别名{i}"])
        ents.append((nid, label))
    actors = [e for e, lb in ents if lb in ("Agency", "Enterprise", "Organization")]
    places = [e for e, lb in ents if lb == "Place"]
    others = [e for e, lb in ents if lb != "Place"]
    n_tasks = n_nodes - n_docs - n_ent
    for i in range(n_tasks):
        d = rnd.choice(docs)
        doc = d.split(":", 1)[1]
        tid = f"Task:{doc}:{i * 10}-{i * 10 + 8}"
        text = f"推进第{i}项重点工作任务"
        G.add_node(tid, label="Task", name=text, text=text, doc=doc, aliases=[],
                   sentence=text + "。", section="一、", start=i * 10, end=i * 10 + 8)
        G.add_edge(rnd.choice(actors), tid, type="LEADS", doc=doc, rule="lead.x", confidence=0.9)
        if rnd.random() < 0.5:
            G.add_edge(rnd.choice(actors), tid, type="SUPPORTS", doc=doc, rule="sup.x",
                       confidence=0.8)
        G.add_edge(tid, rnd.choice(ents)[0], type="INVOLVES", doc=doc, rule="inv.x")
        G.add_edge(tid, d, type="FROM", doc=doc)
    for e in others:
        if places and rnd.random() < 0.3:
            G.add_edge(e, rnd.choice(places), type="LOCATED_IN", rule="loc.x")
        G.add_edge(e, rnd.choice(docs), type="MENTIONED_IN", count=1)
    return G


if __name__ == "__main__":
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1]))
    from kg.viewer import write_viewer

    out = sys.argv[1]
    G = big_graph(int(sys.argv[2])) if len(sys.argv) > 2 else demo_graph()
    write_viewer(G, out, title="演示 Demo")
    print(out, G.number_of_nodes(), G.number_of_edges())
