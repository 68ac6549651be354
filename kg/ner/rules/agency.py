"""The agency grammar (layer ``agency_grammar``): level? stem+ suffix
(市商务局), level body (市人民政府), named bodies with regional branches
(中国证监会广东监管局), bare bodies after a list (省法院、检察院), a place in
front (连云港市商务局), units of the body just named (市委审计委员会), and
elliptical coordination (市、东海县人民政府)."""
from __future__ import annotations

import functools
import re

from kg.config import entity_rules
from kg.model import Layer, Mention
from kg.ner import gazetteer as gz
from kg.ner.rules.common import CJK, LEVELS, _alt, _generic_context

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
    branch = _alt(entity_rules().agency_branches)
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


def find_agencies(text: str) -> list[Mention]:
    cands = []
    for kind, rx in _agency_regexes():
        for m in rx.finditer(text):
            level = m.groupdict().get("level")
            if kind == "grammar" and not level:
                # An unprefixed stem+suffix (工业和信息化厅 after 省科技厅、) is a name
                # only with a ministry-like suffix; 商务部门 etc. count too.
                if not m.group(0).endswith(tuple(entity_rules().unprefixed_agency_endings)):
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
            out[-1] = Mention(prev.start, b, text[prev.start:b], label, source=prev.source, layer=Layer.AGENCY_GRAMMAR)
            continue
        out.append(Mention(a, b, span, label, source=source, layer=Layer.AGENCY_GRAMMAR))
    return _elliptical(text, out)


@functools.lru_cache(maxsize=1)
def _mass_organization() -> re.Pattern:
    return re.compile(entity_rules().mass_organizations)


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
            extra.append(Mention(k - 2, k - 1, head, "Agency", name=head + body, source="agency.elliptical",
                                 layer=Layer.AGENCY_GRAMMAR))
            k -= 2
    return found + extra


