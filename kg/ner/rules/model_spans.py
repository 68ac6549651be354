"""Repairs and checks for the NER model's spans: whether a model span ends
like a name of its label, cutting model Project spans back to the name,
relabelling by the ending, and quotes that wrap a name."""
from __future__ import annotations

import functools
import re

from kg.config import entity_rules
from kg.ner.rules.common import _alt, _cut_regex, _generic_context, _word_boundaries, is_rejected, name_pieces, \
    pos_trim, trim_left

@functools.lru_cache(maxsize=None)
def _ending_patterns(key: str) -> dict[str, re.Pattern]:
    """Label → compiled "ends with one of these" pattern, for a label → endings
    table of entities.yaml."""
    return {label: re.compile(rf"(?:{_alt(ends)})$") for label, ends in getattr(entity_rules(), key).items()}


def _model_endings() -> dict[str, re.Pattern]:
    return _ending_patterns("model_span_endings")


@functools.lru_cache(maxsize=1)
def _model_project_trim() -> tuple[re.Pattern, re.Pattern]:
    cfg = entity_rules().model_project_trim
    return (re.compile(rf"[^{re.escape(cfg.clause_breaks)}]+"),
            re.compile(rf"(?:{_alt(cfg.trailing_actions)})$"))


@functools.lru_cache(maxsize=1)
def _kind_words() -> re.Pattern:
    return re.compile(rf"(?:{_alt(entity_rules().kind_words)})+")


def model_span_ok(text: str, a: int, b: int, label: str) -> bool:
    """Whether a model span is a plausible name (see entities.yaml:
    model_span_endings): it ends like names of its label, has a name part
    before that ending, does not start with a verb or preposition, and is
    not generic (各…, 有关…, 省级…)."""
    span = text[a:b]
    ending = _model_endings().get(label)
    hit = ending.search(span) if ending else None
    if hit is None:
        return False
    body = span[: hit.start()]
    if len(body) < 2 or span.startswith(tuple(entity_rules().model_span_generic_prefixes)):
        return False
    if trim_left(span, 2) or is_rejected(span, label):
        return False
    if _kind_words().fullmatch(body):
        return False        # 二级甲等医院, 第三方配送公司: a kind of body, not one
    # The rule layer's own name boundaries hold for model spans too: no
    # breaker or cut verb inside (资金由失业保险, 学校晋级标准化学校), no verb
    # or adverb in front (提高幼儿园).
    if name_pieces(span) != [(0, len(span))] or pos_trim(span, len(hit.group(0))):
        return False
    return not (label == "Agency" and _generic_context(text, a))


def trim_model_project(text: str, a: int, b: int) -> tuple[int, int]:
    """Project spans of the model run past the name where government prose
    runs clauses together; cut them back to the name (entities.yaml,
    model_project_trim):

    - a clause break inside the span ends the name: keep the last clause that
      ends like a project (中国“一带一路”信用论坛海拉尔分论坛,中俄蒙双边 → the
      forum), else the last clause (顺利,中网科技云计算基地 → the base);
    - a cut verb inside it (a word of its own) starts the name after it
      (康益药业做大高效乳酸菌项目 → 高效乳酸菌项目);
    - an action word after the name is not part of it (金色大厅改造 → 金色大厅).
    An empty result (a == b) means no name is left."""
    clause_rx, tail_rx = _model_project_trim()
    span = text[a:b]
    clauses = [(m.start(), m.end()) for m in clause_rx.finditer(span)]
    if len(clauses) > 1:
        ending = _model_endings()["Project"]
        named = [c for c in clauses if ending.search(span[c[0]:c[1]])]
        ca, cb = (named or clauses)[-1]
        a, b, span = a + ca, a + cb, span[ca:cb]
    bounds, start = None, 0
    for cut in _cut_regex().finditer(span):
        if bounds is None:
            bounds = _word_boundaries(span, 0)
        if cut.start() in bounds and cut.end() in bounds and len(span) - cut.end() >= 2:
            start = cut.end()
    a, span = a + start, span[start:]
    tail = tail_rx.search(span)
    if tail and tail.start() >= 3:
        b = a + tail.start()
    a += trim_left(text[a:b], 2)
    return a, b


def model_project_label(span: str) -> str:
    """The label a model Project span's ending gives it: Project when it ends
    like a project, else the label whose names end so (华德牧业, 爱购超市 →
    Enterprise; 瑞金医院 → Organization; 大丰港, 奋斗镇 → Place), else Project
    (entities.yaml: model_project_relabel)."""
    if _model_endings()["Project"].search(span):
        return "Project"
    for label, ending in _ending_patterns("model_project_relabel").items():
        if ending.search(span):
            return label
    return "Project"


_OPEN_QUOTES, _CLOSE_QUOTES = "“\"「‘", "”\"」’"


def unwrap_quotes(text: str, a: int, b: int) -> tuple[int, int]:
    """A model span loses quotes that merely wrap the name (“镜花缘小镇” →
    镜花缘小镇) and an unmatched opening or closing quote it swallowed
    (“信用广东 of “信用广东”建设); quotes inside a longer name (“633”人才工程)
    stay (data/dev/GUIDE.md)."""
    span = text[a:b]
    # A name that opens with a quoted part (“花果香”特色小镇) keeps its opening
    # quote when the model left it outside.
    for o, c in (("“", "”"), ("「", "」"), ("‘", "’"), ('"', '"')):
        if o == c:
            unmatched = span.count(o) % 2 == 1 and span[:1] != o
        else:
            unmatched = c in span and o not in span[: span.index(c)]
        if unmatched and c in span[:-1]:
            k = text.rfind(o, max(0, a - 20), a)
            if k >= 0 and c not in text[k + 1:a]:
                a, span = k, text[k:b]
            break
    if (len(span) > 2 and span[0] in _OPEN_QUOTES and span[-1] in _CLOSE_QUOTES
            and not any(c in span[1:-1] for c in _OPEN_QUOTES + _CLOSE_QUOTES)):
        return a + 1, b - 1
    if span[:1] in _OPEN_QUOTES and not any(c in span[1:] for c in _CLOSE_QUOTES):
        a += 1
        span = text[a:b]
    if span[-1:] in _CLOSE_QUOTES and not any(c in span[:-1] for c in _OPEN_QUOTES):
        b -= 1
    return a, b


