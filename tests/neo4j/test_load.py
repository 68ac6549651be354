"""kg.neo4j_load against a throwaway Neo4j, with the hand-made mini build."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.neo4j_load import InjectedFailure, load

DOC1 = "001_0d03b848f9f901be.txt"
DOC3 = "003_499075d3d9c84eba.txt"


def snapshot(driver) -> dict:
    """Everything in the database, as comparable sets."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS s, type(r) AS t, b.id AS o, properties(r) AS props")
    return {
        "nodes": sorted(json.dumps([sorted(r["labels"]), r["props"]], ensure_ascii=False, sort_keys=True)
                        for r in nodes),
        "rels": sorted(json.dumps([r["s"], r["t"], r["o"], r["props"]], ensure_ascii=False, sort_keys=True)
                       for r in rels),
    }


def counts(driver) -> tuple[int, int]:
    rec = driver.execute_query("MATCH (n) WITH count(n) AS n MATCH ()-[r]->() "
                               "RETURN n, count(r) AS r").records[0]
    return rec["n"], rec["r"]


def graph_of(build: Path) -> dict:
    return json.loads((build / "graph.json").read_text(encoding="utf-8"))


def test_load_writes_the_whole_graph(empty_db, neo4j_uri, minibuild):
    g = graph_of(minibuild)
    result = load(minibuild, neo4j_uri, progress=False, batch_size=3)
    assert result["documents"] == 2
    assert counts(empty_db) == (len(g["nodes"]), len(g["edges"]))
    assert (result["db_nodes"], result["db_relationships"]) == counts(empty_db)

    # constraints on id for every label
    rows, _, _ = empty_db.execute_query("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type")
    constrained = {r["labelsOrTypes"][0] for r in rows if r["properties"] == ["id"]}
    assert {"Agency", "Enterprise", "Organization", "Project", "Place", "Task", "Document"} <= constrained

    # properties: lists stay lists, keys are stored, None dropped, labels applied
    rec = empty_db.execute_query(
        "MATCH (a:Agency {id: 'Agency:连云港市邮政管理局'})-[r:LEADS]->(t:Task) "
        "RETURN a.aliases AS aliases, r.key AS key, r.doc AS doc, t.targets AS targets, "
        "t.text AS text").records[0]
    assert rec["aliases"] == ["连云港市邮政管理局"]
    assert rec["key"] == 0 and rec["doc"] == DOC1
    assert isinstance(rec["targets"], list)
    assert "无人快递车" in rec["text"]
    doc = empty_db.execute_query("MATCH (d:Document {name: $d}) RETURN d", d=DOC1).records[0]["d"]
    assert doc["sha1"] and doc["graph_sha1"] and doc["place"] == "连云港市"


def test_reload_is_idempotent(empty_db, neo4j_uri, minibuild):
    load(minibuild, neo4j_uri, progress=False)
    first = snapshot(empty_db)
    again = load(minibuild, neo4j_uri, progress=False)
    assert again["documents_skipped"] == 2
    assert snapshot(empty_db) == first
    forced = load(minibuild, neo4j_uri, progress=False, force=True, batch_size=2)
    assert forced["documents"] == 2 and forced["tasks_deleted"] > 0
    assert snapshot(empty_db) == first


def _change_document(build: Path) -> tuple[str, str, str]:
    """Rewrite DOC1's first task (new text and offsets) and drop its last task.
    Returns (old task id, new task id, dropped task id)."""
    g = graph_of(build)
    tasks = [n for n in g["nodes"] if n["label"] == "Task" and n["doc"] == DOC1]
    tasks.sort(key=lambda n: n["start"])
    old, dropped = dict(tasks[0]), tasks[-1]
    new_id = f"Task:{DOC1}:{old['start'] + 100}-{old['end'] + 100}"
    new_text = "市邮政管理局牵头无人快递车常态化运营,新增线路 6 条。"
    for n in g["nodes"]:
        if n["id"] == old["id"]:
            n.update(id=new_id, text=new_text, sentence=new_text,
                     start=old["start"] + 100, end=old["end"] + 100)
        if n["label"] == "Document" and n["name"] == DOC1:
            n["sha1"] = "0" * 40
    g["nodes"] = [n for n in g["nodes"] if n["id"] != dropped["id"]]
    edges = []
    for e in g["edges"]:
        if dropped["id"] in (e["source"], e["target"]):
            continue
        if e["source"] == old["id"]:
            e["source"] = new_id
        if e["target"] == old["id"]:
            e["target"] = new_id
        if e["target"] == new_id or e["source"] == new_id:
            e["sentence"] = new_text
        edges.append(e)
    g["edges"] = edges
    (build / "graph.json").write_text(json.dumps(g, ensure_ascii=False), encoding="utf-8")
    return old["id"], new_id, dropped["id"]


def test_changed_document_is_replaced(empty_db, neo4j_uri, minibuild, tmp_path):
    load(minibuild, neo4j_uri, progress=False)
    before = snapshot(empty_db)
    doc3_before = {s for s in before["rels"] if DOC3 in s}

    old_id, new_id, dropped_id = _change_document(minibuild)
    result = load(minibuild, neo4j_uri, progress=False)
    assert result["documents"] == 1 and result["documents_skipped"] == 1

    ids = {r["id"] for r in empty_db.execute_query("MATCH (t:Task) RETURN t.id AS id").records}
    assert old_id not in ids and dropped_id not in ids and new_id in ids
    # the old text's tasks and relationships are gone, the new ones are there
    rows, _, _ = empty_db.execute_query(
        "MATCH (a)-[r:LEADS]->(t:Task {doc: $doc}) WHERE t.text CONTAINS '无人快递车' "
        "RETURN a.name AS a, t.id AS t, r.sentence AS s", doc=DOC1)
    assert [(r["a"], r["t"]) for r in rows] == [("连云港市邮政管理局", new_id)]
    assert "常态化运营" in rows[0]["s"]
    # shared entities are kept (连云港市商务局 also leads other tasks; places, projects)
    for nid in ("Agency:连云港市邮政管理局", "Agency:连云港市商务局", "Place:连云港市",
                "Place:江苏省", "Project:城北物流园区"):
        assert empty_db.execute_query("MATCH (n {id: $id}) RETURN count(n) AS c",
                                      id=nid).records[0]["c"] == 1, nid
    # the other document is untouched
    after = snapshot(empty_db)
    assert {s for s in after["rels"] if DOC3 in s} == doc3_before
    # the graph equals a fresh load of the changed build
    g = graph_of(minibuild)
    assert counts(empty_db) == (len(g["nodes"]), len(g["edges"]))


def test_failure_mid_document_leaves_it_as_it_was(empty_db, neo4j_uri, minibuild):
    load(minibuild, neo4j_uri, progress=False)
    before = snapshot(empty_db)
    _change_document(minibuild)

    seen = []
    with pytest.raises(InjectedFailure):
        load(minibuild, neo4j_uri, progress=False, batch_size=1, fail_after_batches=5,
             on_batch=lambda doc, n: seen.append(doc))
    assert seen and set(seen) == {DOC1}          # it failed inside the changed document
    assert snapshot(empty_db) == before          # ... which was rolled back entirely


def test_failure_in_second_document_keeps_first(empty_db, neo4j_uri, minibuild):
    docs = []

    def boom(doc, n):
        docs.append(doc)
        if len(set(docs)) == 2 and docs.count(doc) == 3:
            raise InjectedFailure("boom")

    with pytest.raises(InjectedFailure):
        load(minibuild, neo4j_uri, progress=False, batch_size=1, on_batch=boom)
    first, second = list(dict.fromkeys(docs))
    rows, _, _ = empty_db.execute_query(
        "MATCH (t:Task) RETURN t.doc AS doc, count(*) AS n")
    per_doc = {r["doc"]: r["n"] for r in rows}
    g = graph_of(minibuild)
    expected_first = sum(1 for n in g["nodes"] if n["label"] == "Task" and n["doc"] == first)
    assert per_doc == {first: expected_first}
    assert empty_db.execute_query(
        "MATCH ()-[r]->() WHERE r.doc = $d RETURN count(r) AS c", d=second).records[0]["c"] == 0
    assert empty_db.execute_query(
        "MATCH (d:Document {name: $d}) RETURN count(d) AS c", d=second).records[0]["c"] == 0
    # and a clean reload completes the graph
    load(minibuild, neo4j_uri, progress=False)
    assert counts(empty_db) == (len(g["nodes"]), len(g["edges"]))


def test_edges_without_doc_go_last(empty_db, neo4j_uri, minibuild):
    order = []
    load(minibuild, neo4j_uri, progress=False, on_batch=lambda doc, n: order.append(doc))
    assert order[-1] is None
    first_none = order.index(None)
    assert all(d is None for d in order[first_none:])
    part_of = empty_db.execute_query(
        "MATCH (:Place {name: '东海县'})-[:PART_OF]->(:Place {name: '连云港市'})-[:PART_OF]->"
        "(:Place {name: '江苏省'}) RETURN count(*) AS c").records[0]["c"]
    assert part_of == 1


def test_errors_are_one_line_kg_errors(tmp_path, neo4j_uri, monkeypatch):
    with pytest.raises(KgError, match="build directory not found"):
        load(tmp_path / "nope", neo4j_uri, progress=False)
    with pytest.raises(KgError, match="graph.json not found"):
        load(tmp_path, neo4j_uri, progress=False)
    (tmp_path / "graph.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(KgError, match="cannot read"):
        load(tmp_path, neo4j_uri, progress=False)
    (tmp_path / "graph.json").write_text(json.dumps({"nodes": [], "links": []}), encoding="utf-8")

    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free_port = s.getsockname()[1]
    with pytest.raises(KgError, match="cannot reach Neo4j") as exc:
        load(tmp_path, f"bolt://127.0.0.1:{free_port}", progress=False)
    assert "\n" not in str(exc.value)

    from neo4j import exceptions as nx
    import neo4j

    class FakeDriver:
        def verify_connectivity(self):
            raise nx.AuthError("The client is unauthorized due to authentication failure.")

        def close(self):
            pass

    monkeypatch.setattr(neo4j.GraphDatabase, "driver", lambda *a, **k: FakeDriver())
    with pytest.raises(KgError, match="rejected the credentials"):
        load(tmp_path, neo4j_uri, user="neo4j", password="wrong", progress=False)


def test_bad_label_is_refused(empty_db, neo4j_uri, tmp_path):
    g = {"directed": True, "multigraph": True, "graph": {},
         "nodes": [{"id": "X:1", "label": "Bad`) DETACH DELETE n //", "name": "x", "aliases": []}],
         "links": []}
    (tmp_path / "graph.json").write_text(json.dumps(g), encoding="utf-8")
    with pytest.raises(KgError, match="unknown label"):
        load(tmp_path, neo4j_uri, progress=False)


def test_cli_load(empty_db, neo4j_uri, minibuild):
    from neo4j_testlib import kg_cli
    proc = kg_cli("load", str(minibuild), "--uri", neo4j_uri, "--batch-size", "5")
    assert "loaded 2 documents" in proc.stdout
    g = graph_of(minibuild)
    assert counts(empty_db) == (len(g["nodes"]), len(g["edges"]))
    bad = kg_cli("load", str(minibuild / "nope"), "--uri", neo4j_uri, check=False)
    assert bad.returncode == 2 and bad.stderr.startswith("kg: error: build directory not found")
