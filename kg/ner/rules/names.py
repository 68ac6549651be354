"""The name grammars (layer ``name_grammar``): names known by their form:
a suffix (…有限公司, …产业园, …镇), quotes (“黄海明珠人才计划”), or a theme
and a place (平安盐城), with the stem checks ``entities.yaml`` asks for."""
from __future__ import annotations

import functools
import re

from kg.config import entity_rules
from kg.model import Layer, Mention
from kg.ner import gazetteer as gz
from kg.ner.char_features import word_starts
from kg.ner.rules.common import CJK, _alt, _skip_split_word, is_rejected, name_pieces, pos_trim, trim_left
from kg.ner.rules.places import _gazetteer_regex

# What may follow a project suffix inside the name: a phase or a bracketed place.
_PROJECT_TAIL = r"(?:[一二三四五六七八九十\d]+期|[（(][^（）()]{1,8}[）)])"


@functools.lru_cache(maxsize=1)
def _suffix_rules() -> list[tuple[dict, re.Pattern]]:
    # Greedy: the last suffix in a piece ends the name (华东疗养院项目).
    # A phase after a project name belongs to it: 海洋装备产业园一期, 海州体育馆二期.
    # So does a bracketed place after it: 全球公共安全合作论坛(连云港).
    return [(rule, re.compile(rf".*(?:{_alt(rule.suffixes)})" + (f"{_PROJECT_TAIL}?" if rule.label == "Project" else "")))
            for rule in entity_rules().suffix_rules]


def _stem_ok(text: str, a: int, b: int, suffix: str, rule: dict) -> bool:
    """The checks a suffix rule asks for (entities.yaml) on the stem, the part
    of the candidate text[a:b] before its suffix:
    - stem_reject_flags (towns): 赣马镇, 城里村 yes; 利用镇(区), 倒逼村(干部), 一古镇
      no: the suffix must end the word and the stem must not begin with a verb,
      adverb, numeral or other word class that no place name begins with;
    - generic_words_flags: a stem of ordinary words only names a kind
      (跨国公司, 公立医院), unless a level prefix makes it one body (市电信公司);
    - anchor_flags: the stem needs a name anchor (a place, quote, digits, a
      proper or unknown word);
    - generic_stem_flags: a short candidate whose stem is one ordinary word is
      generic (资金项目, 物流平台)."""
    if not (rule.stem_reject_flags or rule.generic_words_flags or rule.anchor_flags or rule.generic_stem_flags):
        return True
    span, stem = text[a:b], text[a:b - len(suffix)]
    tokens = list(gz.jieba_posseg().cut(stem))
    if rule.stem_reject_flags:
        if b < len(text) and text[b] in "区干民集级里委务容貌":
            return False
        if not tokens or tokens[0].flag in set(rule.stem_reject_flags):
            return False
    if (rule.generic_words_flags and len(span) <= rule.generic_words_max_len
            and span[:1] not in "省市县区镇第" and stem
            and all(t.flag in set(rule.generic_words_flags) for t in tokens)):
        return False
    exempt = (suffix.startswith(tuple(rule.anchor_exempt_suffixes))
              and len(stem) >= rule.anchor_exempt_min_stem
              and not re.search(rule.anchor_exempt_reject, stem))
    if rule.anchor_flags and not exempt and not _has_name_anchor(stem, tokens, rule):
        return False
    if (rule.generic_stem_flags and len(span) <= rule.generic_max_len
            and len(tokens) == 1 and tokens[0].flag in set(rule.generic_stem_flags)):
        return False
    return True


def _has_name_anchor(stem: str, tokens, rule: dict) -> bool:
    if re.search(r"[A-Za-z0-9“”\"（(]", stem) or _gazetteer_regex().search(stem):
        return True
    flags, words = set(rule.anchor_flags), gz.jieba_word_flags()
    return any(t.flag in flags or (len(t.word) > 1 and t.word not in words) for t in tokens)


def find_suffix_entities(text: str) -> list[Mention]:
    out = []
    pieces = name_pieces(text)
    for rule, rx in _suffix_rules():
        for pa, pb in pieces:
            m = rx.match(text, pa, pb)
            if not m:
                continue
            a, b = m.span()
            a = _skip_split_word(text, a, b)
            if b - a < rule.min_len:
                continue
            a += trim_left(text[a:b], rule.min_len)
            core = re.sub(_PROJECT_TAIL + "$", "", text[a:b])
            suffix = next((x for x in sorted(rule.suffixes, key=len, reverse=True) if core.endswith(x)), None)
            if suffix is None:
                continue
            suffix += text[a + len(core):b]
            a += pos_trim(text[a:b], len(suffix), rule.bare_suffix)
            span = text[a:b]
            if not (rule.min_len <= len(span) <= rule.max_len) or is_rejected(span):
                continue
            if span == suffix and not rule.bare_suffix:
                continue        # 实验室, 博物馆 alone name a kind, not one body
            if not _stem_ok(text, a, b, suffix, rule):
                continue
            if b not in word_starts(text):
                continue        # the suffix begins a longer word: 大学生, 中心城区
            out.append(Mention(a, b, span, rule.label, source=rule.id, layer=Layer.NAME_GRAMMAR))
    return out


@functools.lru_cache(maxsize=1)
def _quoted_regex() -> re.Pattern:
    q = entity_rules().quoted_project
    project = next(r for r in entity_rules().suffix_rules if r.label == "Project")
    tail = rf"[{CJK}A-Za-z0-9（）()]{{0,{q.tail_max}}}?(?:{_alt(project.suffixes)})"
    return re.compile(rf"[“\"]([^“”\"]{{2,20}})[”\"]((?:{_alt(q.suffixes)})|{tail})?")


def find_quoted_projects(text: str) -> list[Mention]:
    rule_id = entity_rules().quoted_project.id
    suffixes = tuple(entity_rules().quoted_project.suffixes)
    out = []
    for m in _quoted_regex().finditer(text):
        inner, tail = m.group(1), m.group(2)
        if tail:      # “633”人才工程: the name includes the quotes
            if is_rejected(tail) and tail in suffixes:
                continue
            out.append(Mention(m.start(), m.end(), m.group(0), "Project", source=rule_id, layer=Layer.NAME_GRAMMAR))
        elif inner.endswith(suffixes) and not is_rejected(inner):
            out.append(Mention(m.start(1), m.end(1), inner, "Project", source=rule_id, layer=Layer.NAME_GRAMMAR))
    return out


@functools.lru_cache(maxsize=1)
def _branded_place_regex() -> re.Pattern:
    cfg = entity_rules().branded_places
    names = [n for n in gz.place_index() if len(n) >= 2] + list(gz.regions())
    return re.compile(rf"(?:{_alt(cfg.prefixes)})(?:{_alt(names)})(?:(?![{CJK}])|(?=建设|创建|品牌|行动))")


def find_branded_places(text: str) -> list[Mention]:
    """数字广东, 平安盐城, 健康中国: a campaign named by a theme and a place."""
    rule_id = entity_rules().branded_places.id
    return [Mention(m.start(), m.end(), m.group(0), "Project", source=rule_id, layer=Layer.NAME_GRAMMAR)
            for m in _branded_place_regex().finditer(text)]


