"""`kg eval GOLD.jsonl`: the per-label table an analyst reads, on gold with and without relations."""
import json
import re

from kgtest import run_kg

TEXT = "连云港市商务局牵头推进项目建设。"


def _table(stdout: str) -> dict[str, tuple[float, float, float, int, int]]:
    rows = {}
    for m in re.finditer(r"^(\w+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)\s+(\d+)$", stdout, re.M):
        rows.setdefault(m.group(1), tuple(float(x) for x in m.group(2, 3, 4)) + (int(m.group(5)), int(m.group(6))))
    return rows


def _gold(tmp_path, relations: bool):
    line = {"id": "s1", "text": TEXT,
            # the second span is one no extractor finds: recall must drop to 1/2
            "entities": [{"text": "连云港市商务局", "type": "Agency", "start": 0, "end": 7},
                         {"text": "牵头推进", "type": "Project", "start": 7, "end": 11}]}
    if relations:
        line["relations"] = []
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_eval_prints_per_label_and_micro_scores(tmp_path):
    proc = run_kg("eval", _gold(tmp_path, relations=True), "--ner", "none",
                  "--errors", tmp_path / "errors.jsonl")
    rows = _table(proc.stdout)
    assert rows["Agency"][:3] == (1.0, 1.0, 1.0)
    assert rows["Project"][1] == 0.0 and rows["Project"][3] == 1
    assert rows["micro"][1] == 0.5 and rows["micro"][3] == 2
    assert "LEADS" in proc.stdout                # owners are scored when gold has relations
    errors = [json.loads(x) for x in (tmp_path / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert errors[0]["missed"] == [["牵头推进", "Project"]]


def test_entity_only_gold_is_scored_without_owners(tmp_path):
    proc = run_kg("eval", _gold(tmp_path, relations=False), "--ner", "none")
    assert _table(proc.stdout)["micro"][1] == 0.5
    assert "owners: not scored" in proc.stdout
