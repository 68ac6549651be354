from kg.model import Document
from kg.structure import split_sentences, structure

TEXT = """第一章 总则
第五条 【部门职责】市商务局负责电商产业促进工作。市场监管部门应当加强监管。
二、任务举措
（一）关于深度接轨上海方面
1. 全面深化对接合作。
一是招引更多产业项目。市级层面每两个月举办活动；重抓签约项目落地。
专栏1 重点项目
（1）城北物流园区。
"""


def test_sentences_carry_their_section_path():
    doc = structure(Document("d.txt", "d.txt", TEXT))
    by_text = {s.text: s.section for s in doc.sentences}
    assert by_text["市场监管部门应当加强监管。"] == "第一章 总则 > 第五条 【部门职责】市商务局负责电商产业促进工作"
    assert by_text["市级层面每两个月举办活动；"] == "二、任务举措 > （一）关于深度接轨上海方面 > 1. 全面深化对接合作"
    assert by_text["（1）城北物流园区。"].endswith("专栏1 重点项目 > （1）城北物流园区")


def test_sentence_offsets_point_at_their_text():
    doc = structure(Document("d.txt", "d.txt", TEXT))
    assert doc.sentences
    for s in doc.sentences:
        assert doc.text[s.start:s.end] == s.text


def test_closing_assignment_parenthesis_stays_with_its_sentence():
    text = "上述资金由失业保险基金列支。（人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同）\n"
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == [text.strip()]
