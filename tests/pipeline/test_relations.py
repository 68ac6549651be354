"""Ownership rules as a user sees them: who LEADS / SUPPORTS which task."""
import json
import re

from kgtest import ROOT, run_kg


def _owners(tmp_path, text: str, name="doc.txt"):
    src = tmp_path / "in"
    src.mkdir(exist_ok=True)
    (src / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    run_kg("build", src, "--out", out, "--no-progress", "--ner", "none")
    g = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    nodes = {n["id"]: n for n in g["nodes"]}
    return {(nodes[e["source"]]["name"], e["type"], nodes[e["target"]]["text"])
            for e in g["edges"] if e["type"] in ("LEADS", "SUPPORTS")}


def test_division_of_labour_assignments_are_recovered():
    """(task, unit, role) F1 on the nine division-of-labour documents of
    data/corpus, against the hand-read gold in data/dev/division_of_labour."""
    proc = run_kg("eval", "--assignments", ROOT / "data/dev/division_of_labour")
    micro = re.search(r"^micro\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)", proc.stdout, re.M)
    assert micro, proc.stdout
    assert int(micro.group(4)) >= 600            # the whole gold set was scored
    assert float(micro.group(3)) >= 0.90, proc.stdout
    assert "warning" not in proc.stdout           # every gold work item was found


def test_each_assignment_in_an_item_owns_its_own_work(tmp_path):
    owners = _owners(tmp_path, "国务院办公厅关于加快发展体育产业的意见\n"
                     "（十三）改善消费条件。加强新建体育场地设施的科学规划与布局。（体育总局、教育部负责）"
                     "完善公共安全服务体系，降低体育赛事活动安保成本。（公安部、应急部负责）\n")
    by_unit = {(u, r): t for u, r, t in owners}
    assert "体育场地" in by_unit[("教育部", "LEADS")]
    assert "安保" not in by_unit[("教育部", "LEADS")]
    assert "安保" in by_unit[("公安部", "LEADS")]
    assert "体育场地" not in by_unit[("公安部", "LEADS")]


def test_units_listed_before_a_shared_marker_all_get_its_role(tmp_path):
    owners = _owners(tmp_path, "数字广东建设2025年工作要点\n"
                     "1.推进数据共享。建设公共数据资源登记平台。（省发展改革委、商务厅、政务和数据局，省税务局按职责分工负责）\n"
                     "2.加强金融支持。（人民银行广东省分行牵头，省委金融办，广东金融监管局按职责分工负责）\n")
    units = {(u, r) for u, r, _ in owners}
    for unit in ("广东省发展和改革委员会", "广东省商务厅", "广东省政务服务和数据管理局", "广东省税务局"):
        assert (unit, "LEADS") in units, (unit, sorted(units))
    assert ("人民银行广东省分行", "LEADS") in units
    assert ("广东省委金融办", "SUPPORTS") in units
    assert len([u for u, r in units if r == "SUPPORTS"]) == 2


def test_first_listed_convention_makes_the_rest_supporters(tmp_path):
    owners = _owners(tmp_path, "国务院关于促进就业的若干意见\n"
                     "（一）加大稳岗支持力度。（人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同）\n"
                     "（二）支持创业。（财政部、人民银行、银保监会负责）\n")
    units = {(u, r) for u, r, _ in owners}
    assert ("人力资源社会保障部", "LEADS") in units and ("财政部", "SUPPORTS") in units
    assert ("财政部", "LEADS") in units and ("银保监会", "SUPPORTS") in units
    assert ("人民银行", "LEADS") not in units


def test_youth_league_committee_is_not_the_party_committee(tmp_path):
    owners = _owners(tmp_path, "广州市关于推进人才集聚工程的实施意见\n"
                     "1.青年人才项目。（牵头单位：团市委，配合单位：市人力资源和社会保障局）\n"
                     "2.组织保障。（牵头单位：市委组织部，配合单位：市编办）\n")
    units = {(u, r) for u, r, _ in owners}
    assert ("共青团广州市委员会", "LEADS") in units
    assert ("广州市委", "LEADS") not in units
    assert ("广州市委组织部", "LEADS") in units and ("广州市机构编制委员会办公室", "SUPPORTS") in units
