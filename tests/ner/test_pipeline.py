"""Precedence between the project model's spans and rule spans (kg.ner.pipeline.select)."""
from kg.model import Layer, Mention
from kg.ner.pipeline import select
from kg.ner.rules import unwrap_quotes

TEXT = "推进中韩（盐城）产业园建设，实施秸秆综合利用项目。"


def _m(text, label, layer, source=""):
    a = TEXT.index(text)
    return Mention(a, a + len(text), text, label, source=source, layer=layer)


def test_the_pipeline_writes_one_span_group_per_layer_and_tags_each_entity_with_its_layer():
    from kg.ner.pipeline import GROUPS, build_nlp
    doc = next(build_nlp("none").pipe(["连云港市商务局牵头，赣马镇抢抓机遇，建设江苏海洋大学。"]))
    assert set(doc.spans) == set(GROUPS.values())
    assert [s.text for s in doc.spans["agency_grammar"]] == ["连云港市商务局"]
    assert "江苏海洋大学" in [s.text for s in doc.spans["name_grammar"]]
    # a span's layer is the group it lives in; the chosen entity carries it
    layers = {e.text: e._.kg_layer for e in doc.ents}
    assert layers == {"连云港市商务局": "agency_grammar", "赣马镇": "gazetteer", "江苏海洋大学": "name_grammar"}
    analysis = build_nlp("none").analyze_pipes(pretty=False)["summary"]
    assert analysis["kg_select_ents"]["requires"] == ["doc.spans"]
    assert "doc.ents" in analysis["kg_select_ents"]["assigns"]


def test_model_project_span_wins_over_a_shorter_rule_span():
    cands = [_m("韩（盐城）产业园", "Project", Layer.NAME_GRAMMAR, "ent.project.suffix"),
             _m("盐城", "Place", Layer.GAZETTEER, "gazetteer.place"),
             _m("中韩（盐城）产业园", "Project", Layer.MODEL, "model")]
    got = [(m.text, m.label) for m in select(cands, TEXT, project_model=True)]
    assert got == [("中韩（盐城）产业园", "Project")]


def test_grammar_project_needs_the_models_support_only_with_the_project_model():
    rule = _m("秸秆综合利用项目", "Project", Layer.NAME_GRAMMAR, "ent.project.suffix")
    assert select([rule], TEXT, project_model=True) == []
    assert [m.text for m in select([rule], TEXT, project_model=False)] == ["秸秆综合利用项目"]
    # any model span over some of its characters is support
    support = _m("秸秆", "Place", Layer.MODEL, "model")
    assert [m.text for m in select([rule, support], TEXT, project_model=True)] == ["秸秆综合利用项目"]


def test_gazetteer_projects_need_no_support():
    text = "积极参加进博会。"
    m = Mention(4, 7, "进博会", "Project", source="gazetteer.project", layer=Layer.GAZETTEER)
    assert [x.text for x in select([m], text, project_model=True)] == ["进博会"]


def test_model_spans_lose_wrapping_and_unmatched_quotes():
    def cut(text, a, b):
        a, b = unwrap_quotes(text, a, b)
        return text[a:b]
    assert cut("深化“信用广东”建设", 2, 7) == "信用广东"          # “信用广东 swallowed the opening quote
    assert cut("打造“镜花缘小镇”", 2, 9) == "镜花缘小镇"
    assert cut("实施“633”人才工程", 2, 11) == "“633”人才工程"     # quotes inside a name stay
    # the model left the opening quote of a name that begins with a quoted part
    assert cut("以“花果香”特色小镇建设为抓手", 2, 10) == "“花果香”特色小镇"


def _model_projects(text, *spans):
    cands = [Mention(text.index(s), text.index(s) + len(s), s, "Project", source="model", layer=Layer.MODEL)
             for s in spans]
    return [(m.text, m.label) for m in select(cands, text, project_model=True)]


def test_model_project_spans_are_cut_back_to_the_name():
    assert _model_projects("进展顺利,中网科技云计算基地进入设备安装阶段",
                           "顺利,中网科技云计算基地") == [("中网科技云计算基地", "Project")]
    assert _model_projects("扶持康益药业做大高效乳酸菌项目。",
                           "康益药业做大高效乳酸菌项目") == [("高效乳酸菌项目", "Project")]
    assert _model_projects("加快推进金色大厅改造等工程建设。", "金色大厅改造") == [("金色大厅", "Project")]


def test_a_model_project_span_that_ends_like_another_label_takes_that_label():
    # an enterprise ending: it becomes a model Enterprise span (kept: it ends like one)
    assert _model_projects("华德牧业等机械装备制造企业", "华德牧业") == [("华德牧业", "Enterprise")]
    # a town: model Place spans are not used, so nothing is left
    assert _model_projects("推进奋斗镇创建国家级环境优美乡镇", "奋斗镇") == []


def test_a_rule_label_on_exactly_the_same_characters_beats_the_models_project():
    text = "推动瑞金医院、华东疗养院项目落地。"
    cands = [Mention(2, 6, "瑞金医院", "Project", source="model", layer=Layer.MODEL),
             Mention(2, 6, "瑞金医院", "Organization", source="gazetteer.organization", layer=Layer.GAZETTEER)]
    assert [(m.text, m.label) for m in select(cands, text, project_model=True)] == [("瑞金医院", "Organization")]
