"""The Cypher library (kg/cypher/*.cypher) and `kg query`, on the mini build and the seeds."""
from __future__ import annotations

import json

import pytest

from neo4j_testlib import kg_cli
from kg import cypher_library as lib

LIBRARY = lib.load_library()
DOC1 = "001_0d03b848f9f901be.txt"


def test_library_headers():
    assert len(LIBRARY) >= 12
    for name, q in LIBRARY.items():
        assert q.question.endswith("?"), name
        text = q.path.read_text(encoding="utf-8")
        for param in q.params:
            assert f"${param}" in q.cypher, (name, param)
        for used in set(__import__("re").findall(r"\$([A-Za-z_]\w*)", q.cypher)):
            assert used in q.params, (name, used)
        assert text.startswith("// question:"), name
    must = {"agency_tasks", "task_owners", "co_owners", "tasks_without_lead", "place_rollup",
            "agency_neighbourhood", "entity_documents", "shortest_connection",
            "tasks_per_agency_per_document", "schema_overview", "top_actors",
            "tasks_with_deadlines"}
    assert must <= set(LIBRARY)


def test_parse_header_and_coercion():
    q = lib.parse("// question: Q?\n// param: a = 连云港市商务局\n// param: n = 5\n"
                  "// param: flag = false\n// a note\nRETURN $a, $n, $flag;\n", "x")
    assert q.params == {"a": "连云港市商务局", "n": 5, "flag": False}
    assert q.cypher == "RETURN $a, $n, $flag" and q.notes == "a note"
    assert q.bind({"n": "7", "flag": "true"}) == {"a": "连云港市商务局", "n": 7, "flag": True}
    with pytest.raises(Exception, match="no parameter"):
        q.bind({"zzz": "1"})


# ---------------------------------------------------------------- mini build


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_every_query_returns_rows_on_minibuild(mini_db, name):
    cols, rows = lib.run(mini_db, LIBRARY[name])
    assert rows, name


def test_minibuild_facts(mini_db):
    rows = lib.run_named(mini_db, "task_owners")
    assert any("连云港市邮政管理局" in r["leads"] and "无人快递车" in r["task"] for r in rows)
    rows = lib.run_named(mini_db, "agency_tasks")
    assert any(r["role"] == "LEADS" and r["doc"] == DOC1 for r in rows)
    rows = lib.run_named(mini_db, "place_rollup")
    assert {"城北物流园区", "东海水晶产业园"} <= {r["name"] for r in rows}
    rows = lib.run_named(mini_db, "place_rollup", {"place": "江苏省"})
    assert {"长三角（东台）康养基地项目", "东海水晶产业园"} <= {r["name"] for r in rows}


def test_kg_query_json_and_csv(mini_db, neo4j_uri):
    env = {"NEO4J_URI": neo4j_uri}
    out = kg_cli("query", "agency_tasks", "--param", "agency=连云港市邮政管理局",
                 "--format", "json", env=env).stdout
    rows = json.loads(out)
    assert isinstance(rows, list) and rows
    assert rows[0]["actor"] == "连云港市邮政管理局" and rows[0]["role"] == "LEADS"
    assert "无人快递车" in rows[0]["task"]
    out = kg_cli("query", "--cypher", "MATCH (a:Agency) WHERE a.name = $n RETURN a.name AS name",
                 "-p", "n=连云港市商务局", "--format", "csv", env=env).stdout
    assert out.splitlines() == ["name", "连云港市商务局"]
    listing = kg_cli("query", "--list").stdout
    assert all(name in listing for name in LIBRARY)
    table = kg_cli("query", "schema_overview", env=env).stdout
    assert "LEADS" in table and "rows)" in table
    bad = kg_cli("query", "no_such_query", env=env, check=False)
    assert bad.returncode == 2 and "no query named" in bad.stderr


def test_kg_query_from_other_cwd(mini_db, neo4j_uri, tmp_path):
    import os
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "query", "top_actors", "--format", "json",
                           "--uri", neo4j_uri], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "KG_CYPHER_DIR": ""})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)


# ---------------------------------------------------------------- seeds


@pytest.mark.seeds
@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_every_query_returns_rows_on_seeds(seeds_db, name):
    cols, rows = lib.run(seeds_db, LIBRARY[name])
    assert rows, f"{name} returned no rows with its defaults on the seeds build"


@pytest.mark.seeds
def test_seeds_postal_bureau_leads_unmanned_delivery(seeds_db):
    rows = lib.run_named(seeds_db, "task_owners", {"keyword": "无人快递车"})
    assert any("连云港市邮政管理局" in r["leads"] for r in rows), rows
    rows = lib.run_named(seeds_db, "agency_tasks", {"agency": "连云港市邮政管理局", "role": "LEADS"})
    assert any("无人快递车" in r["task"] and r["doc"] == DOC1 for r in rows), rows


@pytest.mark.seeds
def test_seeds_commerce_bureau_leads_in_doc1(seeds_db):
    rows = lib.run_named(seeds_db, "agency_tasks", {"agency": "市商务局", "role": "LEADS"})
    assert any(r["actor"].startswith("连云港") and r["doc"] == DOC1 for r in rows), rows
    rows = lib.run_named(seeds_db, "tasks_per_agency_per_document")
    assert any(r["actor"] == "连云港市商务局" and r["doc"] == DOC1 and r["leads"] >= 1 for r in rows)
    rows = lib.run_named(seeds_db, "entity_documents", {"name": "连云港市商务局"})
    assert any(r["doc"] == DOC1 and r["mentions"] >= 1 for r in rows)
    rows = lib.run_named(seeds_db, "agency_neighbourhood", {"agency": "连云港市商务局"})
    assert any(r["type"] == "LEADS" and r["source"] == "连云港市商务局" for r in rows)


@pytest.mark.seeds
def test_seeds_load_matches_graph_json(seeds_db, seeds_build):
    g = json.loads((seeds_build / "graph.json").read_text(encoding="utf-8"))
    edges = g.get("edges", g.get("links"))
    rec = seeds_db.execute_query("MATCH (n) WITH count(n) AS n MATCH ()-[r]->() "
                                 "RETURN n, count(r) AS r").records[0]
    assert (rec["n"], rec["r"]) == (len(g["nodes"]), len(edges))


@pytest.mark.seeds
def test_seeds_kg_query_json(seeds_db, neo4j_uri):
    out = kg_cli("query", "task_owners", "--format", "json", env={"NEO4J_URI": neo4j_uri}).stdout
    rows = json.loads(out)
    assert any("连云港市邮政管理局" in r["leads"] for r in rows)
