import json

from kgtest import run_kg


def _build(tmp_path, files: dict, *extra):
    src = tmp_path / "in"
    src.mkdir()
    for name, text in files.items():
        (src / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    run_kg("build", src, "--out", out, "--no-progress", "--ner", "none", *extra)
    g = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    return {n["id"]: n for n in g["nodes"]}, g["edges"]


def test_same_bureau_name_in_two_cities_stays_two_nodes(tmp_path):
    nodes, _ = _build(tmp_path, {
        "lyg.txt": "连云港市电子商务发展工作方案\n市商务局牵头推进电商产业发展。\n",
        "yc.txt": "盐城市电子商务发展工作方案\n市商务局牵头推进电商产业发展。\n"})
    assert "Agency:连云港市商务局" in nodes and "Agency:盐城市商务局" in nodes
    assert "Agency:市商务局" not in nodes


def test_abbreviation_and_full_name_are_one_node_with_both_aliases(tmp_path):
    nodes, _ = _build(tmp_path, {"a.txt": "连云港市重点项目工作方案\n市发改委牵头推进项目建设。"
                                          "市发展和改革委员会负责项目调度。\n"})
    node = nodes["Agency:连云港市发展和改革委员会"]
    assert {"市发改委", "市发展和改革委员会"} <= set(node["aliases"])


def test_town_rolls_up_to_district_city_and_province_with_adcodes(tmp_path):
    nodes, edges = _build(tmp_path, {"a.txt": "连云港市赣榆区电商发展报告\n赣马镇抢抓电商发展机遇，建成电商街。\n"})
    parent = {e["source"]: e["target"] for e in edges if e["type"] == "PART_OF"}
    chain = ["Place:赣马镇"]
    while chain[-1] in parent:
        chain.append(parent[chain[-1]])
    assert chain == ["Place:赣马镇", "Place:赣榆区", "Place:连云港市", "Place:江苏省"]
    assert [nodes[c].get("adcode") for c in chain[1:]] == ["320707", "320700", "320000"]
