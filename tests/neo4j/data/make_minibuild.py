"""Regenerate the hand-made mini build (graph.json + docs/) used by the Neo4j tests
when the seeds build is not available: ``python tests/neo4j/data/make_minibuild.py``."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

OUT = Path(__file__).with_name("minibuild")

DOCS = {
    "001_0d03b848f9f901be.txt": ("连云港市", "连云港市人民代表大会常务委员会公报", [
        "市邮政管理局牵头无人快递车试点,运营线路 4 条、投入车辆 8 辆。",
        "市商务局牵头,联合江苏财会职业学院等多方共建连云港电商学院。",
        "市商务局加强与省商务厅的沟通对接,进一步优化出口信保支持政策。",
        "东海县人民政府负责推进东海水晶产业园建设,市工业和信息化局配合。",
        "加快推进城北物流园区建设,2025年底前完成。",
    ]),
    "003_499075d3d9c84eba.txt": ("盐城市", "盐城贯彻落实省政府主要领导同志来盐调研指示要求的工作举措", [
        "市发展改革委牵头推进长三角（东台）康养基地项目建设,市商务局配合。",
        "盐城市商务局与上海电气签订合作协议。",
        "市商务局负责举办515盐城消费节。",
    ]),
}

# (doc index, sentence index) -> list of (actor label, actor name, role)
OWNERS = {
    ("001_0d03b848f9f901be.txt", 0): [("Agency", "连云港市邮政管理局", "LEADS")],
    ("001_0d03b848f9f901be.txt", 1): [("Agency", "连云港市商务局", "LEADS"),
                                       ("Organization", "江苏财会职业学院", "SUPPORTS")],
    ("001_0d03b848f9f901be.txt", 2): [("Agency", "连云港市商务局", "LEADS")],
    ("001_0d03b848f9f901be.txt", 3): [("Agency", "东海县人民政府", "LEADS"),
                                       ("Agency", "连云港市工业和信息化局", "SUPPORTS")],
    ("001_0d03b848f9f901be.txt", 4): [],
    ("003_499075d3d9c84eba.txt", 0): [("Agency", "盐城市发展和改革委员会", "LEADS"),
                                       ("Agency", "盐城市商务局", "SUPPORTS")],
    ("003_499075d3d9c84eba.txt", 1): [("Agency", "盐城市商务局", "LEADS")],
    ("003_499075d3d9c84eba.txt", 2): [("Agency", "盐城市商务局", "LEADS")],
}
INVOLVES = {
    ("001_0d03b848f9f901be.txt", 1): [("Project", "连云港电商学院")],
    ("001_0d03b848f9f901be.txt", 3): [("Project", "东海水晶产业园"), ("Place", "东海县")],
    ("001_0d03b848f9f901be.txt", 4): [("Project", "城北物流园区")],
    ("003_499075d3d9c84eba.txt", 0): [("Project", "长三角（东台）康养基地项目")],
    ("003_499075d3d9c84eba.txt", 1): [("Enterprise", "上海电气")],
    ("003_499075d3d9c84eba.txt", 2): [("Project", "515盐城消费节")],
}
PLACES = {"江苏省": ("320000", None), "连云港市": ("320700", "江苏省"),
          "东海县": ("320722", "连云港市"), "盐城市": ("320900", "江苏省"),
          "东台市": ("320981", "盐城市")}
LOCATED = {"连云港市邮政管理局": "连云港市", "连云港市商务局": "连云港市",
           "连云港市工业和信息化局": "连云港市", "东海县人民政府": "东海县",
           "东海水晶产业园": "东海县", "城北物流园区": "连云港市",
           "盐城市发展和改革委员会": "盐城市", "盐城市商务局": "盐城市",
           "长三角（东台）康养基地项目": "东台市", "515盐城消费节": "盐城市"}
COOP = [("003_499075d3d9c84eba.txt", 1, ("Agency", "盐城市商务局"), ("Enterprise", "上海电气"))]


def main() -> None:
    nodes: dict[str, dict] = {}
    edges: list[dict] = []
    keys: dict[tuple, int] = {}

    def node(label, name, **props):
        nid = f"{label}:{name}"
        if nid not in nodes:
            nodes[nid] = {"id": nid, "label": label, "name": name, "aliases": [name], **props}
        return nid

    def edge(s, t, typ, **props):
        k = keys.get((s, t), 0)
        keys[(s, t)] = k + 1
        edges.append({"source": s, "target": t, "key": k, "type": typ, **props})

    for name, (code, parent) in PLACES.items():
        node("Place", name, adcode=code)
    for name, (code, parent) in PLACES.items():
        if parent:
            edge(f"Place:{name}", f"Place:{parent}", "PART_OF", rule="admin.hierarchy", confidence=1.0)

    (OUT / "docs").mkdir(parents=True, exist_ok=True)
    for doc, (place, title, sents) in DOCS.items():
        text = title + "\n" + "\n".join(sents) + "\n"
        (OUT / "docs" / doc).write_text(text, encoding="utf-8")
        did = node("Document", doc, title=title, place=place,
                   sha1=hashlib.sha1(text.encode("utf-8")).hexdigest())
        nodes[did]["aliases"] = []
        mentions: dict[str, int] = {}
        for i, sent in enumerate(sents):
            start = text.index(sent)
            end = start + len(sent)
            tid = node("Task", f"{doc}:{start}-{end}", text=sent, doc=doc, start=start, end=end,
                       section="", sentence=sent,
                       deadline="2025年底前" if "年底前" in sent else "",
                       targets=[n for _, n in INVOLVES.get((doc, i), [])],
                       rule="hand", confidence=0.9)
            nodes[tid]["aliases"] = []
            prov = dict(doc=doc, sentence=sent, start=start, end=end, confidence=0.9)
            edge(tid, did, "FROM", doc=doc)
            for label, name, role in OWNERS[(doc, i)]:
                aid = node(label, name)
                mentions[aid] = mentions.get(aid, 0) + 1
                edge(aid, tid, role, rule=f"{role.lower()}.hand", **prov)
            for label, name in INVOLVES.get((doc, i), []):
                eid = node(label, name)
                mentions[eid] = mentions.get(eid, 0) + 1
                edge(tid, eid, "INVOLVES", rule="involves.hand", **prov)
        for d, i, (la, a), (lb, b) in COOP:
            if d == doc:
                sent = sents[i]
                start = text.index(sent)
                edge(node(la, a), node(lb, b), "COOPERATES_WITH", doc=doc, sentence=sent,
                     start=start, end=start + len(sent), rule="coop.hand", confidence=0.8)
        for name, place_name in LOCATED.items():
            nid = next((k for k in mentions if k.split(":", 1)[1] == name), None)
            if nid:
                edge(nid, f"Place:{place_name}", "LOCATED_IN", doc=doc, rule="located.jurisdiction",
                     confidence=0.7)
        mentions[f"Place:{place}"] = mentions.get(f"Place:{place}", 0) + 1
        for nid, count in mentions.items():
            edge(nid, did, "MENTIONED_IN", doc=doc, count=count)

    graph = {"directed": True, "multigraph": True, "graph": {"name": "minibuild"},
             "nodes": list(nodes.values()), "edges": edges}
    (OUT / "graph.json").write_text(json.dumps(graph, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(nodes)} nodes, {len(edges)} edges -> {OUT}")


if __name__ == "__main__":
    main()
