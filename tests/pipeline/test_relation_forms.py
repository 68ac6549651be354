"""The relation stage called directly on (text, mentions), one test per form
of ownership.yaml; no model, no build. Mentions are given by hand, as NER and
resolution would hand them over."""
from __future__ import annotations

import pytest

from kg import hierarchy, relations
from kg.config import Form
from kg.extract import extract_sentences
from kg.model import Document, Extraction, Layer, Mention, Task
from kg.resolve import jurisdiction_from_place
from kg.structure import structure


def mention(text: str, surface: str, label: str = "Agency", name: str = "", nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Mention(start, start + len(surface), surface, label, name=name or surface,
                   layer=Layer.AGENCY_GRAMMAR if label == "Agency" else Layer.GAZETTEER)


def owners(text: str, *surfaces: str, labels: dict | None = None, first_listed: bool = False):
    labels = labels or {}
    ms = [mention(text, s, labels.get(s, "Agency")) for s in surfaces]
    rels = relations.extract_sentence(text, ms, relations.Context(first_listed_leads=first_listed))
    return rels, {(r.head.name, r.type, r.form) for r in rels if r.type in ("LEADS", "SUPPORTS")}


def test_parenthetical_lead_and_support():
    text = "完善招商引资政策。（市商务局牵头，市财政局、市自然资源局配合）"
    rels, got = owners(text, "市商务局", "市财政局", "市自然资源局")
    assert got == {("市商务局", "LEADS", Form.PARENTHETICAL), ("市财政局", "SUPPORTS", Form.PARENTHETICAL),
                   ("市自然资源局", "SUPPORTS", Form.PARENTHETICAL)}
    task = next(r.tail for r in rels if r.type == "LEADS")
    assert isinstance(task, Task) and task.text == "完善招商引资政策"


def test_parenthetical_label_style_covers_the_units_after_the_label():
    text = "建设青年人才驿站。（牵头单位：团市委；配合单位：市人社局，市财政局）"
    _, got = owners(text, "团市委", "市人社局", "市财政局")
    assert {(n, t) for n, t, _ in got} == {("团市委", "LEADS"), ("市人社局", "SUPPORTS"), ("市财政局", "SUPPORTS")}


def test_parenthetical_shared_marker_without_a_lead_makes_every_unit_lead():
    text = "推进数据共享。（省发展改革委、省商务厅按职责分工负责）"
    _, got = owners(text, "省发展改革委", "省商务厅")
    assert {(n, t) for n, t, _ in got} == {("省发展改革委", "LEADS"), ("省商务厅", "LEADS")}


def test_first_listed_convention_leads_with_the_first_unit_only():
    text = "支持创业。（财政部、人民银行、银保监会负责）"
    _, got = owners(text, "财政部", "人民银行", "银保监会", first_listed=True)
    assert {(n, t) for n, t, _ in got} == {("财政部", "LEADS"), ("人民银行", "SUPPORTS"), ("银保监会", "SUPPORTS")}


def test_marker_after_the_actor():
    text = "市商务局牵头推进电商发展，市邮政管理局配合做好快递进村。"
    _, got = owners(text, "市商务局", "市邮政管理局")
    assert ("市商务局", "LEADS", Form.MARKER) in got
    assert ("市邮政管理局", "SUPPORTS", Form.MARKER) in got


def test_huitong_object_supports_the_task_its_subject_leads():
    text = "市发展改革委会同市财政局制定实施细则。"
    _, got = owners(text, "市发展改革委", "市财政局")
    assert ("市发展改革委", "LEADS", Form.MARKER) in got
    assert ("市财政局", "SUPPORTS", Form.JOINED) in got


def test_joined_party_supports_the_lead():
    text = "市科技局牵头，联合市教育局开展科普活动。"
    _, got = owners(text, "市科技局", "市教育局")
    assert got == {("市科技局", "LEADS", Form.MARKER), ("市教育局", "SUPPORTS", Form.JOINED)}


def test_acting_subject_at_a_clause_start_leads():
    text = "今年以来，县财政局全面推行预算绩效管理。"
    _, got = owners(text, "县财政局")
    assert got == {("县财政局", "LEADS", Form.SUBJECT)}


def test_an_actor_inside_a_clause_is_no_subject():
    text = "加强与县财政局的沟通，推行预算绩效管理。"
    _, got = owners(text, "县财政局")
    assert got == set()


def test_you_marks_the_responsible_unit():
    text = "具体工作由市住房城乡建设局负责组织实施。"
    _, got = owners(text, "市住房城乡建设局")
    assert got == {("市住房城乡建设局", "LEADS", Form.YOU)}


def test_a_place_acting_is_its_government():
    text = "赣马镇抢抓政策机遇，推进特色小镇建设。"
    ms = [mention(text, "赣马镇", "Place")]
    rels = relations.extract_sentence(text, ms, relations.Context())
    assert [(r.head.name, r.head.layer, r.form) for r in rels if r.type == "LEADS"] == \
        [("赣马镇人民政府", Layer.PLACE_SUBJECT, Form.PLACE_SUBJECT)]


def test_framing_phrase_gives_no_owner():
    text = "在市委市政府的坚强领导下，全市经济平稳运行。"
    _, got = owners(text, "市委", "市政府")
    assert got == set()


def test_entities_inside_a_task_are_involved():
    text = "市商务局牵头推进城北物流园区建设。"
    ms = [mention(text, "市商务局"), mention(text, "城北物流园区", "Project")]
    rels = relations.extract_sentence(text, ms, relations.Context())
    involves = [r for r in rels if r.type == "INVOLVES"]
    assert [(type(r.head), r.tail.text, r.form) for r in involves] == [(Task, "城北物流园区", Form.INVOLVES)]


def test_cooperation_agreement_between_two_actors():
    text = "连云港市政府与中远海运集团签订战略合作协议。"
    ms = [mention(text, "连云港市政府"), mention(text, "中远海运集团", "Enterprise")]
    rels = relations.extract_sentence(text, ms, relations.Context())
    coop = [r for r in rels if r.type == "COOPERATES_WITH"]
    assert [(r.head.text, r.tail.text, r.form) for r in coop] == [("连云港市政府", "中远海运集团", Form.COOPERATION)]


def _document(text: str) -> Document:
    return structure(Document("d.txt", "d.txt", text))


def test_an_assignment_closing_an_item_owns_the_whole_item():
    doc = _document("（一）改善消费条件。加强体育场地设施规划。（体育总局牵头）完善安保服务。（公安部负责）\n")
    ms = []
    for s in doc.sentences:
        ms.append([mention(s.text, u) for u in ("体育总局", "公安部") if u in s.text])
    rels = relations.extract_document(doc, ms, relations.Context())
    tasks = {r.head.name: r.tail.text for r in rels if r.type == "LEADS"}
    assert tasks["体育总局"] == "改善消费条件。加强体育场地设施规划"
    assert tasks["公安部"] == "完善安保服务"
    # offsets are the document's
    lead = next(r for r in rels if r.head.name == "公安部")
    assert doc.text[lead.head.start:lead.head.end] == "公安部"
    assert doc.text[lead.start:lead.end] == "完善安保服务"


@pytest.mark.parametrize("markers", [("主责", "协办"), ("牵头", "配合")])
def test_every_parenthetical_marker_closes_the_work_before_it(markers):
    """The sentence splitter reads the markers of ownership.yaml: 主责/协办 close
    the work before the bracket exactly as 牵头/配合 do."""
    lead, support = markers
    doc = _document(f"1.推进营商环境改革。（市商务局{lead}，市财政局{support}）完善招商引资政策。"
                    "（市发展改革委牵头，市自然资源局配合）强化要素保障。\n")
    ms = [[mention(s.text, u) for u in ("市商务局", "市财政局", "市发展改革委", "市自然资源局") if u in s.text]
          for s in doc.sentences]
    rels = relations.extract_document(doc, ms, relations.Context())
    got = {(r.head.name, r.type, r.tail.text) for r in rels if r.type in ("LEADS", "SUPPORTS")}
    assert ("市商务局", "LEADS", "推进营商环境改革") in got
    assert ("市财政局", "SUPPORTS", "推进营商环境改革") in got
    assert ("市发展改革委", "LEADS", "完善招商引资政策") in got


def test_located_in_from_the_resolved_name():
    doc = Document("d.txt", "d.txt", "市商务局牵头。")
    m = Mention(0, 4, "市商务局", "Agency", name="连云港市商务局", layer=Layer.AGENCY_GRAMMAR)
    rels = hierarchy.located_in(Extraction(doc, mentions=[m]))
    assert [(r.head.name, r.tail.name, r.form) for r in rels] == [("连云港市商务局", "连云港市", Form.JURISDICTION)]


def test_part_of_places_and_departments():
    entities = {("Place", "赣榆区"): "320707", ("Agency", "连云港市商务局"): "", ("Agency", "连云港市人民政府"): ""}
    rels = hierarchy.part_of(entities)
    pairs = {(r.head.name, r.tail.name) for r in rels}
    assert ("赣榆区", "连云港市") in pairs and ("连云港市", "江苏省") in pairs
    assert ("连云港市商务局", "连云港市人民政府") in pairs
    assert all(r.form == Form.HIERARCHY for r in rels)


def test_sentence_extraction_keeps_the_kg_extract_contract():
    (mentions, rels), = extract_sentences(["市商务局牵头，联合江苏财会职业学院共建连云港电商学院。"],
                                          jurisdiction_from_place("连云港市"), "none")
    lead = next(r for r in rels if r.type == "LEADS")
    assert lead.head.name == "连云港市商务局"
    assert isinstance(lead.tail, Task) and lead.tail.text == "牵头，联合江苏财会职业学院共建连云港电商学院"  # as FORMATS.md shows
