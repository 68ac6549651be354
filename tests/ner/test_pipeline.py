"""Precedence between the project model's spans and rule spans (kg.ner.pipeline.select)."""
from kg.model import Mention
from kg.ner.pipeline import select
from kg.ner.rules import unwrap_quotes

TEXT = "推进中韩（盐城）产业园建设，实施秸秆综合利用项目。"


def _m(text, label, source):
    a = TEXT.index(text)
    return Mention(a, a + len(text), text, label, source=source)


def test_model_project_span_wins_over_a_shorter_rule_span():
    cands = [_m("韩（盐城）产业园", "Project", "ent.project.suffix"),
             _m("盐城", "Place", "gazetteer.place"),
             _m("中韩（盐城）产业园", "Project", "model")]
    got = [(m.text, m.label) for m in select(cands, TEXT, project_model=True)]
    assert got == [("中韩（盐城）产业园", "Project")]


def test_grammar_project_needs_the_models_support_only_with_the_project_model():
    rule = _m("秸秆综合利用项目", "Project", "ent.project.suffix")
    assert select([rule], TEXT, project_model=True) == []
    assert [m.text for m in select([rule], TEXT, project_model=False)] == ["秸秆综合利用项目"]
    # any model span over some of its characters is support
    support = _m("秸秆", "Place", "model")
    assert [m.text for m in select([rule, support], TEXT, project_model=True)] == ["秸秆综合利用项目"]


def test_gazetteer_projects_need_no_support():
    text = "积极参加进博会。"
    m = Mention(4, 7, "进博会", "Project", source="gazetteer.project")
    assert [x.text for x in select([m], text, project_model=True)] == ["进博会"]


def test_model_spans_lose_wrapping_and_unmatched_quotes():
    def cut(text, a, b):
        a, b = unwrap_quotes(text, a, b)
        return text[a:b]
    assert cut("深化“信用广东”建设", 2, 7) == "信用广东"          # “信用广东 swallowed the opening quote
    assert cut("打造“镜花缘小镇”", 2, 9) == "镜花缘小镇"
    assert cut("实施“633”人才工程", 2, 11) == "“633”人才工程"     # quotes inside a name stay
