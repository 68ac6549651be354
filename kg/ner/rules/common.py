"""What every rule layer shares: name runs and where a verb cuts them, word
boundaries from jieba, left trims, the reject lists, and generic contexts
(各…, 有关…). Lexicons come from ``entities.yaml`` (``kg.config``)."""
from __future__ import annotations

import functools
import re

from kg.config import entity_rules
from kg.model import Layer
from kg.ner import gazetteer as gz
from kg.ner.char_features import word_starts

CJK = "\u3400-\u4dbf\u4e00-\u9fff"
LEVELS = ("自治区", "街道", "省", "市", "县", "区", "镇", "乡", "州", "盟", "旗")




def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@functools.lru_cache(maxsize=1)
def _name_run_regex() -> re.Pattern:
    """A run of name characters: Chinese (minus breakers), ASCII letters and
    digits, and short bracketed parts such as 长三角（东台）."""
    breakers = re.escape(entity_rules().name_breakers)
    return re.compile(rf"(?:(?![{breakers}])[{CJK}A-Za-z0-9·]|（[^（）]{{1,8}}）|\([^()]{{1,8}}\))+")


@functools.lru_cache(maxsize=1)
def _cut_regex() -> re.Pattern:
    # Quantities end or begin no name: 连云港白塔埠空军机场1个军用运输机场, 3亿元柘汪…项目.
    quantity = r"\d+(?:\.\d+)?(?:多|余)?(?:个|家|座|条|项|批|所|亿元|万元|千元|元|亿|万|平方米|平米|亩|吨|辆|台|套|人|名|年)"
    return re.compile(quantity + "|" + _alt(entity_rules().cut_words))


def _word_boundaries(run: str, offset: int) -> set[int]:
    bounds, k = {offset}, offset
    for word in gz.jieba_posseg().cut(run):
        k += len(word.word)
        bounds.add(k)
    return bounds


def name_pieces(text: str) -> list[tuple[int, int]]:
    """Name runs split where a verb stands inside them (…学院共建连云港… → two).
    A cut word counts only where it is a word of the run: 由 inside 自由贸易
    and 创成 across 科创|成果 cut nothing."""
    pieces = []
    for run in _name_run_regex().finditer(text):
        a = run.start()
        bounds = None
        for cut in _cut_regex().finditer(text, run.start(), run.end()):
            if bounds is None:
                bounds = _word_boundaries(run.group(0), run.start())
            # A verb may end a longer jieba word (大力|支持 is one: 大力支持), a
            # single character must be a word of its own.
            if cut.end() not in bounds or (cut.end() - cut.start() == 1 and cut.start() not in bounds):
                continue
            if cut.start() > a:
                pieces.append((a, cut.start()))
            a = cut.end()
        if a < run.end():
            pieces.append((a, run.end()))
    return pieces


@functools.lru_cache(maxsize=1)
def _left_trim() -> list[str]:
    return sorted(set(entity_rules().left_trim), key=lambda w: (-len(w), w))


@functools.lru_cache(maxsize=1)
def _reject() -> tuple[frozenset, list[re.Pattern]]:
    cfg = entity_rules()
    return (frozenset(cfg.reject_exact) | gz.generic_references(),
            [re.compile(r) for r in cfg.reject_regex])


def is_rejected(text: str, label: str = "", layer: Layer | None = None) -> bool:
    """Generic references are never entities; the suffix-grammar reject list
    (重点项目, …部门, 全国…) does not apply to what the agency grammar found
    (工业和信息化部门, 全国总工会)."""
    if label == "Agency" or layer == Layer.AGENCY_GRAMMAR:
        return text in gz.generic_references()
    exact, patterns = _reject()
    return text in exact or any(p.search(text) for p in patterns)


def trim_left(span: str, min_len: int) -> int:
    """How many characters of verbs/prepositions a greedy name run swallowed
    on its left (推动瑞金医院 → 2); never trims below ``min_len``. A leading
    list number (（一）, (3)) goes too. A one-character word is trimmed only
    where it is a word of its own (全 of 全国, 中 of 中韩 stay)."""
    enumerator = re.match(r"[（(][一二三四五六七八九十\d]{1,3}[）)]", span)
    cut = enumerator.end() if enumerator and len(span) - enumerator.end() >= min_len else 0
    while True:
        for w in _left_trim():
            if span.startswith(w, cut) and len(span) - cut - len(w) >= min_len:
                if len(w) == 1 and len(next(gz.jieba_posseg().cut(span[cut:])).word) > 1:
                    continue
                cut += len(w)
                break
        else:
            return cut


def pos_trim(span: str, suffix_len: int, bare: bool = False) -> int:
    """Characters to drop from the left of a suffix-grammar candidate: leading
    words that jieba tags as verbs, adverbs, prepositions, conjunctions,
    pronouns, time words or particles (突出高新区 → 高新区, 借助连云港日报 →
    连云港日报). jieba's dictionary ships with it: offline."""
    strip_flags = set(entity_rules().pos_strip_flags)
    strip_words = set(entity_rules().pos_strip_words)
    cut = 0
    for tok in gz.jieba_posseg().cut(span):
        if len(span) - cut - len(tok.word) < suffix_len + (0 if bare else 1):
            break
        if tok.flag in strip_flags or tok.word in strip_words:
            cut += len(tok.word)
        else:
            break
    return cut


def _skip_split_word(text: str, a: int, b: int) -> int:
    """A name run that begins inside a function word the breaker characters
    split (其|中市电信公司: 其中) begins after that word. Unknown words
    (和双良|公司 to jieba) are left alone."""
    starts = word_starts(text)
    if a in starts:
        return a
    w0 = max((k for k in starts if k < a), default=0)
    w1 = min(k for k in starts if k > a)
    if gz.jieba_word_flags().get(text[w0:w1]) in set(entity_rules().pos_strip_flags):
        return min(w1, b)
    return a


def _generic_context(text: str, a: int) -> bool:
    """各地级以上市人民政府, 国务院各部委, 有关部门: the name run before the
    match makes it generic."""
    left = re.search(rf"[{CJK}]{{0,8}}$", text[max(0, a - 8):a]).group(0)
    cfg = entity_rules().generic_context
    return any(w in left for w in cfg.contains) or left.endswith(tuple(cfg.ends_with))


def balanced(span: str) -> bool:
    return all(span.count(o) == span.count(c) for o, c in ("（）", "()", "“”", "《》"))


