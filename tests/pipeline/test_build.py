import csv
import json
import re
from pathlib import Path

from kgtest import run_kg


def _graph(out):
    return json.loads((Path(out) / "graph.json").read_text(encoding="utf-8"))


def _owner_rows(out):
    with open(Path(out) / "owners.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_build_writes_every_contract_output(seeds_build):
    out, stdout = seeds_build
    for name in ("graph.json", "owners.csv", "graph.graphml", "viewer.html"):
        assert (out / name).stat().st_size > 0, name
    docs = sorted(p.name for p in (out / "docs").iterdir())
    assert "001_0d03b848f9f901be.txt.txt" in docs
    assert "documents: 4 built, 0 failed" in stdout
    assert re.search(r"nodes: .*Agency \d+.*Task \d+", stdout)
    assert re.search(r"relationships: .*LEADS \d+", stdout)


def test_post_office_leads_the_unmanned_delivery_pilot(seeds_build):
    rows = _owner_rows(seeds_build[0])
    assert any(r["actor"] == "连云港市邮政管理局" and r["role"] == "LEADS" and "无人快递车试点" in r["task"]
               for r in rows)


def test_commerce_bureau_leads_a_task_in_document_001(seeds_build):
    rows = _owner_rows(seeds_build[0])
    assert any(r["actor"] == "连云港市商务局" and r["role"] == "LEADS" and r["doc"] == "001_0d03b848f9f901be.txt"
               for r in rows)


def test_the_build_records_which_code_and_model_made_it(seeds_build):
    g = _graph(seeds_build[0])
    version = run_kg("--version").stdout
    attrs = g["graph"]
    assert attrs["ner"] == "project"
    assert f"kg {attrs['kg_version']};" in version
    assert attrs["ner_model_sha256"] in version and attrs["ner_model_trained_on"] in version
    graphml = (seeds_build[0] / "graph.graphml").read_text(encoding="utf-8")
    assert attrs["ner_model_sha256"] in graphml


def test_every_node_and_edge_has_exactly_the_declared_properties(seeds_build):
    from kg import schema
    g = _graph(seeds_build[0])
    for n in g["nodes"]:
        declared = set(schema.NODE_PROPERTIES[n["label"]]) | {"id"}
        optional = set(schema.OPTIONAL_NODE_PROPERTIES.get(n["label"], ()))
        assert declared - optional <= set(n) <= declared, n["id"]
    for e in g["edges"]:
        assert set(e) == set(schema.EDGE_PROPERTIES[e["type"]]) | {"source", "target", "type", "key"}, e


def test_every_node_and_link_follows_the_contract(seeds_build):
    g = _graph(seeds_build[0])
    labels = {"Agency", "Enterprise", "Organization", "Project", "Place", "Task", "Document"}
    types = {"LEADS", "SUPPORTS", "INVOLVES", "LOCATED_IN", "PART_OF", "COOPERATES_WITH", "MENTIONED_IN", "FROM"}
    assert {n["label"] for n in g["nodes"]} == labels
    for n in g["nodes"]:
        assert n["id"] and n["name"] and isinstance(n["aliases"], list)
    for e in g["edges"]:
        assert e["type"] in types
        if e["type"] in ("LEADS", "SUPPORTS", "INVOLVES"):
            assert {"doc", "sentence", "start", "end", "rule", "confidence"} <= set(e)


def test_task_offsets_point_at_the_task_text_in_docs(seeds_build):
    out = seeds_build[0]
    tasks = [n for n in _graph(out)["nodes"] if n["label"] == "Task"]
    assert len(tasks) > 50
    for t in tasks:
        text = (out / "docs" / f"{t['doc']}.txt").read_text(encoding="utf-8")
        assert 0 <= t["start"] < t["end"] <= len(text)
        assert text[t["start"]:t["end"]] == t["text"]
        assert t["section"] is not None


def test_parallel_build_gives_identical_output(seeds_build, tmp_path):
    run_kg("build", "seeds", "--out", tmp_path,
           "--jobs", "2", "--no-progress")
    for name in ("graph.json", "owners.csv", "graph.graphml", "viewer.html"):
        assert (tmp_path / name).read_bytes() == (seeds_build[0] / name).read_bytes(), name


def test_a_bad_file_is_reported_and_the_others_still_build(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("连云港市商务局工作报告\n市商务局牵头推进电商产业发展。\n", encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    out = tmp_path / "out"
    proc = run_kg("build", src, "--out", out, "--no-progress", check=False)
    assert proc.returncode != 0
    err_lines = [l for l in proc.stderr.splitlines() if l.startswith("kg: error:")]
    assert any("empty.txt" in l and "empty" in l for l in err_lines)
    assert any("binary.txt" in l and "binary" in l for l in err_lines)
    assert "documents: 1 built, 2 failed" in proc.stdout
    rows = _owner_rows(out)
    assert any(r["actor"] == "连云港市商务局" and r["role"] == "LEADS" for r in rows)
