"""Rule and gazetteer NER: the layer that sits on top of the HanLP model.

Reads a sentence's text; returns candidate ``Mention``s (offsets into that
text) with ``source`` = the rule id. Grammars and word lists are data
(``kg/data/gazetteers/``, ``kg/data/rules/entities.yaml``).
"""
from __future__ import annotations

import functools
import re

import yaml

from kg.model import Mention
from kg.ner.char_features import word_starts
from kg.ner import gazetteer as gz

CJK = "\u3400-\u4dbf\u4e00-\u9fff"
LEVELS = ("自治区", "街道", "省", "市", "县", "区", "镇", "乡", "州", "盟", "旗")


@functools.lru_cache(maxsize=1)
def entity_rules() -> dict:
    with open(gz.DATA / "rules" / "entities.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@functools.lru_cache(maxsize=1)
def _agency_regexes() -> list[tuple[str, re.Pattern]]:
    """The agency grammars, matched separately so the longest wins:
    level? stem+ suffix (市商务局) | level body (市人民政府, 市委政法委) |
    whole names, optionally with a regional branch (中国证监会广东监管局) |
    a bare body right after a listed agency (省法院、检察院)."""
    stems, suffixes = gz.agency_stems(), gz.agency_suffixes()
    whole, prefixed = gz.named_agencies()
    levels = _alt(LEVELS)
    provinces = _alt(d.name for d in gz.divisions().values() if d.level != "county")
    short = _alt(gz.short_name(d.name) for d in gz.divisions().values() if d.level != "county")
    branch = _alt(entity_rules()["agency_branches"])
    return [
        ("grammar", re.compile(rf"(?P<level>{levels}|国家|中央)?(?:{_alt(stems)})+(?:{_alt(suffixes)})")),
        ("prefixed", re.compile(rf"(?P<level>{levels})(?:{_alt(prefixed)})")),
        ("whole", re.compile(rf"(?:{_alt(whole)})(?:(?:{provinces}|{short})(?:{branch}))?")),
        ("bare", re.compile(rf"(?<=、)(?:{_alt(prefixed)})")),
    ]


@functools.lru_cache(maxsize=1)
def _place_prefix_regex() -> re.Pattern:
    """A place name (full, or short for province/city) that may stand in front of
    a department or body: 连云港市商务局, 海州区人民政府, 盐城黄海新区管委会."""
    names = list(gz.place_index()) + [n for n, k in gz.regions().items() if k == "zone"]
    return re.compile(rf"(?:{_alt(names)})$")


@functools.lru_cache(maxsize=1)
def _gazetteer_regex() -> re.Pattern:
    words = set(gz.place_index()) | set(gz.regions()) | set(gz.towns()) | set(gz.known_entities())
    return re.compile(_alt(w for w in words if len(w) >= 2))


@functools.lru_cache(maxsize=1)
def _name_run_regex() -> re.Pattern:
    """A run of name characters: Chinese (minus breakers), ASCII letters and
    digits, and short bracketed parts such as 长三角（东台）."""
    breakers = re.escape(entity_rules()["name_breakers"])
    return re.compile(rf"(?:(?![{breakers}])[{CJK}A-Za-z0-9·]|（[^（）]{{1,8}}）|\([^()]{{1,8}}\))+")


@functools.lru_cache(maxsize=1)
def _cut_regex() -> re.Pattern:
    # Quantities end or begin no name: 连云港白塔埠空军机场1个军用运输机场, 3亿元柘汪…项目.
    quantity = r"\d+(?:\.\d+)?(?:多|余)?(?:个|家|座|条|项|批|所|亿元|万元|千元|元|亿|万|平方米|平米|亩|吨|辆|台|套|人|名|年)"
    return re.compile(quantity + "|" + _alt(entity_rules()["cut_words"]))


# What may follow a project suffix inside the name: a phase or a bracketed place.
_PROJECT_TAIL = r"(?:[一二三四五六七八九十\d]+期|[（(][^（）()]{1,8}[）)])"


@functools.lru_cache(maxsize=1)
def _suffix_rules() -> list[tuple[dict, re.Pattern]]:
    # Greedy: the last suffix in a piece ends the name (华东疗养院项目).
    # A phase after a project name belongs to it: 海洋装备产业园一期, 海州体育馆二期.
    # So does a bracketed place after it: 全球公共安全合作论坛(连云港).
    return [(rule, re.compile(rf".*(?:{_alt(rule['suffixes'])})" + (f"{_PROJECT_TAIL}?" if rule["label"] == "Project" else "")))
            for rule in entity_rules()["suffix_rules"]]


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
    return sorted(set(entity_rules()["left_trim"]), key=lambda w: (-len(w), w))


@functools.lru_cache(maxsize=1)
def _reject() -> tuple[frozenset, list[re.Pattern]]:
    cfg = entity_rules()
    return (frozenset(cfg["reject_exact"]) | gz.generic_references(),
            [re.compile(r) for r in cfg["reject_regex"]])


def is_rejected(text: str, label: str = "", source: str = "") -> bool:
    """Generic references are never entities; the suffix-grammar reject list
    (重点项目, …部门, 全国…) does not apply to what the agency grammar found
    (工业和信息化部门, 全国总工会)."""
    if label == "Agency" or source.startswith("agency"):
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


def find_agencies(text: str) -> list[Mention]:
    cands = []
    for kind, rx in _agency_regexes():
        for m in rx.finditer(text):
            level = m.groupdict().get("level")
            if kind == "grammar" and not level:
                # An unprefixed stem+suffix (工业和信息化厅 after 省科技厅、) is a name
                # only with a ministry-like suffix; 商务部门 etc. count too.
                if not re.search(r"(委员会|委|厅|局|部门|部|署|办公室|管委会|总队)$", m.group(0)):
                    continue
            cands.append((m.start(), m.end(), kind, level))
    chosen: list[tuple] = []
    taken: set[int] = set()
    for c in sorted(cands, key=lambda c: (c[0] - c[1], c[0])):     # longest first
        if not taken.intersection(range(c[0], c[1])):
            chosen.append(c)
            taken.update(range(c[0], c[1]))
    chosen.sort()
    ends = {c[1] for c in chosen}
    out = []
    for a, b, kind, level in chosen:
        if kind == "bare" and a - 1 not in ends:
            continue        # 检察院 alone is generic; after 省法院、 it is 省检察院
        # Extend left over a place name: 连云港市商务局, 海州区人民政府.
        pm = _place_prefix_regex().search(text[max(0, a - 12):a])
        if pm:
            a = a - (len(pm.group(0)))
        elif (level and len(level) == 1
              and (pl := _place_prefix_regex().search(text[max(0, a - 12):a + 1])) and len(pl.group(0)) > 1):
            # ... or a place name whose level character opens the match:
            # 东海县 + 县科技部门, 灌云县 + 县人社局.
            a = a + 1 - len(pl.group(0))
        elif kind == "prefixed" and level in ("区", "县", "镇", "乡", "街道", "州", "盟", "旗"):
            # 海州区人民政府 is found as 区人民政府 + place; a bare 区/县 body
            # whose left neighbour is a name character belongs to an unknown
            # place name (赣马镇党委): take the 2–3 Chinese characters before it.
            k = a
            while k > 0 and a - k < 3 and re.match(rf"[{CJK}]", text[k - 1]) and text[k - 1] not in "的和与及在对是为由将、":
                k -= 1
            if a - k >= 2:
                a = k
        span = text[a:b]
        if _generic_context(text, a):
            continue
        if span in gz.generic_references():
            continue
        label = "Organization" if _mass_organization().search(span) else "Agency"
        source = {"grammar": "agency.grammar", "prefixed": "agency.body", "bare": "agency.body"}.get(
            kind, "agency.gazetteer")
        prev = out[-1] if out else None
        if (prev and prev.end == a and prev.label == label == "Agency" and not level and kind == "grammar"
                and re.match(rf"[{CJK}]", span)):
            # A unit of the body just named, with no level or place of its own,
            # is one name with it: 市委 + 审计委员会 → 市委审计委员会.
            out[-1] = Mention(prev.start, b, text[prev.start:b], label, source=prev.source)
            continue
        out.append(Mention(a, b, span, label, source=source))
    return _elliptical(text, out)


@functools.lru_cache(maxsize=1)
def _mass_organization() -> re.Pattern:
    return re.compile(entity_rules()["mass_organizations"])


@functools.lru_cache(maxsize=None)
def _ending_patterns(key: str) -> dict[str, re.Pattern]:
    """Label → compiled "ends with one of these" pattern, for a label → endings
    table of entities.yaml."""
    return {label: re.compile(rf"(?:{_alt(ends)})$") for label, ends in entity_rules()[key].items()}


def _model_endings() -> dict[str, re.Pattern]:
    return _ending_patterns("model_span_endings")


@functools.lru_cache(maxsize=1)
def _model_project_trim() -> tuple[re.Pattern, re.Pattern]:
    cfg = entity_rules()["model_project_trim"]
    return (re.compile(rf"[^{re.escape(cfg['clause_breaks'])}]+"),
            re.compile(rf"(?:{_alt(cfg['trailing_actions'])})$"))


@functools.lru_cache(maxsize=1)
def _kind_words() -> re.Pattern:
    return re.compile(rf"(?:{_alt(entity_rules()['kind_words'])})+")


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
    if len(body) < 2 or re.search(r"^(省级|市级|县级|区级|国家有关|有关|相关|各|本|我)", span):
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


def _generic_context(text: str, a: int) -> bool:
    """各地级以上市人民政府, 国务院各部委, 有关部门: the name run before the
    match makes it generic."""
    left = re.search(rf"[{CJK}]{{0,8}}$", text[max(0, a - 8):a]).group(0)
    return "各" in left or left.endswith(("有关", "相关", "所在", "直辖"))


def _elliptical(text: str, found: list[Mention]) -> list[Mention]:
    """市、东海县人民政府 → 市 (named 市人民政府) + 东海县人民政府."""
    extra = []
    for m in found:
        k = m.start
        while k >= 2 and text[k - 1] == "、" and text[k - 2] in "省市县区":
            head = text[k - 2]
            if k >= 3 and re.match(rf"[{CJK}]", text[k - 3]) and text[k - 3] not in "、，。；：（":
                break
            # The shared head: what follows the place/level part of m.
            body = re.sub(r"^.*?(省|市|县|区)", "", m.text, count=1)
            extra.append(Mention(k - 2, k - 1, head, "Agency", name=head + body, source="agency.elliptical"))
            k -= 2
    return found + extra


@functools.lru_cache(maxsize=1)
def _place_reject_context() -> list[re.Pattern]:
    return [re.compile(r) for r in entity_rules().get("place_reject_context", [])]


def find_gazetteer(text: str) -> list[Mention]:
    out = []
    known = gz.known_entities()
    for m in _gazetteer_regex().finditer(text):
        w = m.group(0)
        label = known.get(w, "Place")
        if label == "Place" and any((r := rx.match(text, m.start())) and r.end() == m.end()
                                    for rx in _place_reject_context()):
            continue
        if label == "Place" and not {m.start(), m.end()} & word_starts(text):
            continue        # inside words on both sides: 发展中国家, 搬迁安置
        out.append(Mention(m.start(), m.end(), w, label, source="gazetteer." + label.lower()))
    return out


def pos_trim(span: str, suffix_len: int, bare: bool = False) -> int:
    """Characters to drop from the left of a suffix-grammar candidate: leading
    words that jieba tags as verbs, adverbs, prepositions, conjunctions,
    pronouns, time words or particles (突出高新区 → 高新区, 借助连云港日报 →
    连云港日报). jieba's dictionary ships with it: offline."""
    strip_flags = set(entity_rules()["pos_strip_flags"])
    strip_words = set(entity_rules()["pos_strip_words"])
    cut = 0
    for tok in gz.jieba_posseg().cut(span):
        if len(span) - cut - len(tok.word) < suffix_len + (0 if bare else 1):
            break
        if tok.flag in strip_flags or tok.word in strip_words:
            cut += len(tok.word)
        else:
            break
    return cut


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
    if not any(k in rule for k in ("stem_reject_flags", "generic_words_flags", "anchor_flags", "generic_stem_flags")):
        return True
    span, stem = text[a:b], text[a:b - len(suffix)]
    tokens = list(gz.jieba_posseg().cut(stem))
    if rule.get("stem_reject_flags"):
        if b < len(text) and text[b] in "区干民集级里委务容貌":
            return False
        if not tokens or tokens[0].flag in set(rule["stem_reject_flags"]):
            return False
    if (rule.get("generic_words_flags") and len(span) <= rule["generic_words_max_len"]
            and span[:1] not in "省市县区镇第" and stem
            and all(t.flag in set(rule["generic_words_flags"]) for t in tokens)):
        return False
    exempt = (suffix.startswith(tuple(rule.get("anchor_exempt_suffixes", ())))
              and len(stem) >= rule.get("anchor_exempt_min_stem", 99)
              and not re.search(rule.get("anchor_exempt_reject", "$^"), stem))
    if rule.get("anchor_flags") and not exempt and not _has_name_anchor(stem, tokens, rule):
        return False
    if (rule.get("generic_stem_flags") and len(span) <= rule["generic_max_len"]
            and len(tokens) == 1 and tokens[0].flag in set(rule["generic_stem_flags"])):
        return False
    return True


def _has_name_anchor(stem: str, tokens, rule: dict) -> bool:
    if re.search(r"[A-Za-z0-9“”\"（(]", stem) or _gazetteer_regex().search(stem):
        return True
    flags, words = set(rule["anchor_flags"]), gz.jieba_word_flags()
    return any(t.flag in flags or (len(t.word) > 1 and t.word not in words) for t in tokens)


def _skip_split_word(text: str, a: int, b: int) -> int:
    """A name run that begins inside a function word the breaker characters
    split (其|中市电信公司: 其中) begins after that word. Unknown words
    (和双良|公司 to jieba) are left alone."""
    starts = word_starts(text)
    if a in starts:
        return a
    w0 = max((k for k in starts if k < a), default=0)
    w1 = min(k for k in starts if k > a)
    if gz.jieba_word_flags().get(text[w0:w1]) in set(entity_rules()["pos_strip_flags"]):
        return min(w1, b)
    return a


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
            if b - a < rule["min_len"]:
                continue
            a += trim_left(text[a:b], rule["min_len"])
            core = re.sub(_PROJECT_TAIL + "$", "", text[a:b])
            suffix = next((x for x in sorted(rule["suffixes"], key=len, reverse=True) if core.endswith(x)), None)
            if suffix is None:
                continue
            suffix += text[a + len(core):b]
            a += pos_trim(text[a:b], len(suffix), bool(rule.get("bare_suffix")))
            span = text[a:b]
            if not (rule["min_len"] <= len(span) <= rule["max_len"]) or is_rejected(span):
                continue
            if span == suffix and not rule.get("bare_suffix"):
                continue        # 实验室, 博物馆 alone name a kind, not one body
            if not _stem_ok(text, a, b, suffix, rule):
                continue
            if b not in word_starts(text):
                continue        # the suffix begins a longer word: 大学生, 中心城区
            out.append(Mention(a, b, span, rule["label"], source=rule["id"]))
    return out


@functools.lru_cache(maxsize=1)
def _quoted_regex() -> re.Pattern:
    q = entity_rules()["quoted_project"]
    project = next(r for r in entity_rules()["suffix_rules"] if r["label"] == "Project")
    tail = rf"[{CJK}A-Za-z0-9（）()]{{0,{q['tail_max']}}}?(?:{_alt(project['suffixes'])})"
    return re.compile(rf"[“\"]([^“”\"]{{2,20}})[”\"]((?:{_alt(q['suffixes'])})|{tail})?")


def find_quoted_projects(text: str) -> list[Mention]:
    rule_id = entity_rules()["quoted_project"]["id"]
    suffixes = tuple(entity_rules()["quoted_project"]["suffixes"])
    out = []
    for m in _quoted_regex().finditer(text):
        inner, tail = m.group(1), m.group(2)
        if tail:      # “633”人才工程: the name includes the quotes
            if is_rejected(tail) and tail in suffixes:
                continue
            out.append(Mention(m.start(), m.end(), m.group(0), "Project", source=rule_id))
        elif inner.endswith(suffixes) and not is_rejected(inner):
            out.append(Mention(m.start(1), m.end(1), inner, "Project", source=rule_id))
    return out


def _nested_places(text: str, found: list[Mention]) -> list[Mention]:
    """江苏省东海县, 北京市西城区: adjacent divisions written as one address
    are one (maximal) Place span."""
    places = sorted((m for m in found if m.source == "gazetteer.place"), key=lambda m: m.start)
    out = []
    for i, m in enumerate(places):
        end, j = m.end, i + 1
        while j < len(places) and places[j].start == end:
            end = places[j].end
            j += 1
        if j > i + 1:
            out.append(Mention(m.start, end, text[m.start:end], "Place", source="gazetteer.place"))
    return out


def _place_areas(text: str, found: list[Mention]) -> list[Mention]:
    """长三角地区, 广州地区, 长三角城市群: a place and the area word after it
    are one Place (entities.yaml: place_area_words)."""
    words = tuple(entity_rules()["place_area_words"])
    return [Mention(m.start, m.end + len(w), m.text + w, "Place", source="gazetteer.place")
            for m in found if m.label == "Place"
            for w in words if text.startswith(w, m.end) and m.end + len(w) in word_starts(text)]


@functools.lru_cache(maxsize=1)
def _branded_place_regex() -> re.Pattern:
    cfg = entity_rules()["branded_places"]
    names = [n for n in gz.place_index() if len(n) >= 2] + list(gz.regions())
    return re.compile(rf"(?:{_alt(cfg['prefixes'])})(?:{_alt(names)})(?:(?![{CJK}])|(?=建设|创建|品牌|行动))")


def find_branded_places(text: str) -> list[Mention]:
    """数字广东, 平安盐城, 健康中国: a campaign named by a theme and a place."""
    rule_id = entity_rules()["branded_places"]["id"]
    return [Mention(m.start(), m.end(), m.group(0), "Project", source=rule_id)
            for m in _branded_place_regex().finditer(text)]


def balanced(span: str) -> bool:
    return all(span.count(o) == span.count(c) for o, c in ("（）", "()", "“”", "《》"))


def rule_mentions(text: str) -> list[Mention]:
    """All rule/gazetteer candidates, overlapping; ``select`` picks among them.
    A candidate with an unclosed bracket or quote (淘宝(连云港) is cut out of a
    longer name and dropped."""
    gazetteer = find_gazetteer(text)
    gazetteer += _place_areas(text, gazetteer)
    found = (find_agencies(text) + find_quoted_projects(text) + find_suffix_entities(text)
             + find_branded_places(text) + gazetteer + _nested_places(text, gazetteer))
    return [m for m in found if balanced(m.text)]
