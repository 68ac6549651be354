"""The rule and gazetteer layer: spans an analyst would expect, and generic kinds left out."""
from __future__ import annotations

from kg.ner import rules
from kg.ner.pipeline import recognize


def found(text: str) -> set[tuple[str, str]]:
    return {(m.text, m.label) for m in recognize([text], "none")[0]}


def test_a_cut_word_inside_a_longer_word_does_not_split_a_name():
    # 由 inside 自由贸易, 创成 across 科创|成果
    assert ("中国（江苏）自由贸易试验区", "Place") in found("作为新批准的中国（江苏）自由贸易试验区重要组成部分，")
    assert ("中国(江苏)自由贸易试验区连云港片区", "Place") in found("中国(江苏)自由贸易试验区连云港片区等发展")
    assert ("上海科创成果转化基地", "Project") in found("推进上海科创成果转化基地建设。")


def test_a_verb_that_ends_a_longer_word_still_cuts():
    assert ("呼伦贝尔工业园区", "Project") in found("大力支持呼伦贝尔工业园区建设。")


def test_one_character_trims_keep_words_whole():
    assert rules.trim_left("全国三级医院", 3) == 0          # 全 of 全国 stays
    assert rules.trim_left("在连云港港", 3) == 1


def test_national_mass_organisations_are_organizations():
    got = found("全国总工会、全国工商联、全国妇联按职责分工负责。")
    assert {("全国总工会", "Organization"), ("全国工商联", "Organization"), ("全国妇联", "Organization")} <= got


def test_events_known_by_short_names_are_projects():
    got = found("成功举办进博会、广交会、服贸会。")
    assert {("进博会", "Project"), ("广交会", "Project"), ("服贸会", "Project")} <= got


def test_a_bare_kind_or_a_list_number_is_not_a_name():
    assert not {t for t, _ in found("打造实验室、研究院、孵化器、博物馆。")}
    assert all(not t.startswith("（") for t, _ in found("（一）推进连云港徐圩石化产业基地建设。"))


def test_model_spans_that_name_a_kind_of_body_are_dropped():
    for text in ("创建二级甲等医院。", "引进第三方配送公司。", "国外航空公司执飞"):
        label = "Organization" if "医院" in text else "Enterprise"
        a = 2 if text[0] in "创引" else 0
        b = text.index("公司") + 2 if "公司" in text else text.index("医院") + 2
        assert not rules.model_span_ok(text, a, b, label), text[a:b]
    assert rules.model_span_ok("引进晨鸣公司。", 2, 6, "Enterprise")


def test_campaigns_named_by_theme_and_place_are_projects():
    got = found("深化平安盐城、法治盐城建设。")
    assert {("平安盐城", "Project"), ("法治盐城", "Project")} <= got


def test_a_bracketed_place_after_a_project_belongs_to_it_and_no_span_has_an_open_bracket():
    got = found("成功举办全球公共安全合作论坛(连云港)。")
    assert ("全球公共安全合作论坛(连云港)", "Project") in got
    for text in ("建设淘宝(连云港)产地学习中心。", "推进上合组织(连云港)国际物流园建设。"):
        assert all(t.count("(") == t.count(")") for t, _ in found(text))


def test_agency_names_take_their_county_and_their_units():
    assert ("东海县科技部门", "Agency") in found("东海县科技部门负责。")
    assert ("灌云县人社局", "Agency") in found("灌云县人社局牵头。")
    assert ("市委审计委员会", "Agency") in found("市委审计委员会要加强统筹。")
    # two bodies, each with its own level, stay two
    assert {("市委", "Agency"), ("市政府", "Agency")} <= found("市委市政府高度重视。")


def test_congress_working_bodies_and_office_short_names_are_one_agency():
    assert ("市人大常委会预算工委", "Agency") in found("市人大常委会预算工委对全市预算执行情况开展监督。")
    assert ("市人大常委会农经委", "Agency") in found("听取市人大常委会农经委关于高标准农田建设的报告。")
    assert ("连云港市政府督查室", "Agency") in found("连云港市政府督查室主动担当作为。")
    assert ("市政府办", "Agency") in found("以市政府办名义印发通知。")


def test_centre_as_a_modifier_and_china_in_set_phrases_are_not_entities():
    got = found("积极申请中央预算内投资，坚持中国特色社会主义，推进中国式现代化。")
    assert not {t for t, _ in got}, got
    assert ("中国", "Place") in found("与中国签署合作协议。")
    assert ("党中央", "Agency") in found("党中央高度重视。")


def test_a_verb_inside_a_name_run_ends_the_name():
    got = found("云台农场结合园博园建设，赣榆区拥有冷库390家。")
    assert not any("结合" in t or "拥有" in t for t, _ in got), got


def test_a_known_place_inside_other_words_is_no_place():
    assert not any(lab == "Place" for _, lab in found("深化同广大发展中国家的传统友谊，做好居民的搬迁安置。"))
    assert ("广州地区", "Place") in found("加强与广州地区高校的合作。")
    assert ("长三角城市群", "Place") in found("对接长三角城市群。")


def test_party_committees_and_generic_bodies():
    assert ("民盟市委会", "Agency") in found("民盟市委会、市农科院等单位参加。")
    # 直辖市人民政府 in a list of kinds of government is no named body
    assert not found("省、自治区、直辖市人民政府要在本意见印发之日起落实。")


def test_a_name_run_starting_inside_a_function_word_begins_after_it():
    got = found("5G试验基站，其中市电信公司建成4个。")
    assert ("市电信公司", "Enterprise") in got and not any(t.startswith("中") for t, _ in got)
    assert not any(lab == "Organization" for _, lab in found("引进更多高素质大学生。"))
