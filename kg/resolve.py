"""Entity resolution: canonical names, jurisdiction, adcodes.

Identity (ONTOLOGY.md): label + canonical name. The canonical name expands
abbreviations (发改委 → 发展和改革委员会) and resolves a bare level prefix with
the document's jurisdiction (市商务局 in a 连云港 document → 连云港市商务局),
so two cities' 市商务局 never merge. Every surface form is kept as an alias.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kg.model import Document, Layer, Mention
from kg.ner import gazetteer as gz

_LEVEL_CHARS = "省市县区"


@dataclass(frozen=True)
class Jurisdiction:
    province: str = ""
    city: str = ""
    county: str = ""

    @property
    def name(self) -> str:
        return self.county or self.city or self.province

    def for_level(self, level: str) -> str:
        if level == "省":
            return self.province
        if level == "市":
            # A county-level city document: 市 is the county-level city itself.
            if self.county.endswith("市"):
                return self.county
            return self.city
        if level in ("县", "区"):
            return self.county if self.county.endswith(level) else ""
        return ""


def _division_by_name(name: str, near: Jurisdiction | None = None) -> gz.Division | None:
    cands = gz.place_index().get(name, [])
    if not cands:
        return None
    if near and len(cands) > 1:
        for want in (near.city, near.province):
            for d in cands:
                if any(x.name == want for x in parent_chain(d.adcode)):
                    return d
    return cands[0]


def jurisdiction_from_place(place: str) -> Jurisdiction:
    """'连云港市海州区', '海州区', '连云港', '江苏省' → Jurisdiction."""
    if not place:
        return Jurisdiction()
    found: list[gz.Division] = []
    rest = place
    while rest:
        for k in range(min(len(rest), 12), 1, -1):
            d = _division_by_name(rest[:k], _jur_of(found[-1]) if found else None)
            if d:
                found.append(d)
                rest = rest[k:]
                break
        else:
            break
    return _jur_of(found[-1]) if found else Jurisdiction()


def _jur_of(d: gz.Division) -> Jurisdiction:
    by_level = {x.level: x.name for x in parent_chain(d.adcode)}
    return Jurisdiction(by_level.get("province", ""), by_level.get("city", ""), by_level.get("county", ""))


def detect_place(doc: Document) -> str:
    """The issuer's jurisdiction: the first division named in the title lines,
    else the most frequent city/county named in the document ('' if national)."""
    head = doc.text[:300]
    if re.search(r"国务院|中共中央|国家发展改革委|全国人民代表大会", head[:120]):
        return ""
    index = gz.place_index()
    lines = [l for l in head.split("\n") if l.strip()][:4]
    for line in lines:
        names = _places_in(line, index)
        if names:
            # 连云港市海州区: take the most specific consecutive chain.
            return "".join(names[:2]) if len(names) > 1 and line.find(names[1]) == line.find(names[0]) + len(names[0]) else names[0]
    counts = Counter(_places_in(doc.text[:20000], index))
    cities = [(n, c) for n, c in counts.most_common() if index[n][0].level in ("city", "county")]
    return index[cities[0][0]][0].name if cities and cities[0][1] >= 3 else ""


def _places_in(text: str, index) -> list[str]:
    out = []
    i = 0
    while i < len(text):
        for k in range(min(12, len(text) - i), 1, -1):
            if text[i:i + k] in index:
                out.append(text[i:i + k])
                i += k
                break
        else:
            i += 1
    return out


def _split_place_prefix(name: str) -> tuple[str, str]:
    """连云港市商务局 → ('连云港市', '商务局'); 连云港商务局 → ('连云港', '商务局')."""
    index = gz.place_index()
    best = ""
    for k in range(min(len(name) - 1, 12), 1, -1):
        if name[:k] in index:
            best = name[:k]
            break
    if not best:
        for zone, kind in gz.regions().items():
            if kind == "zone" and name.startswith(zone) and len(zone) > len(best) and len(name) > len(zone):
                best = zone
    return best, name[len(best):]


def expand_abbreviation(body: str) -> str:
    for short, full in gz.abbreviations():
        if body == short:
            return full
    for short, full in gz.abbreviations():
        if len(short) >= 2 and body.endswith(short) and not body.endswith(full):
            return body[: -len(short)] + full
    return body


def canonical_agency(surface: str, jur: Jurisdiction, inherited_level: str = "") -> str:
    youth = re.fullmatch(r"团([省市县区])委", surface)
    if youth:       # 团市委 is the Youth League's city committee, not 市委
        owner = jur.for_level(youth.group(1))
        return f"共青团{owner or youth.group(1)}委员会"
    place, body = _split_place_prefix(surface)
    if place:
        d = _division_by_name(place, jur)
        full_place = d.name if d else place
        # 连云港市 + 人大常委会 → the body keeps a level char only if the place had none.
        return full_place + expand_abbreviation(body.lstrip(_LEVEL_CHARS) if d and body[:1] in _LEVEL_CHARS and d.name.endswith(body[:1]) else body)
    level = surface[:1] if surface[:1] in _LEVEL_CHARS else ""
    if not level and inherited_level:
        level, surface = inherited_level, inherited_level + surface
    if level:
        body = expand_abbreviation(surface[1:])
        owner = jur.for_level(level)
        return (owner + body) if owner else (level + body)
    return expand_abbreviation(surface)


def canonical_place(surface: str, jur: Jurisdiction) -> tuple[str, str]:
    """→ (canonical name, adcode or '')."""
    d = _division_by_name(surface, jur)
    if d:
        return d.name, d.adcode
    # 江苏省东海县: the last division named (in the context of the first).
    for k in range(2, len(surface) - 1):
        head, tail = _division_by_name(surface[:k], jur), _division_by_name(surface[k:], jur)
        if head and tail and tail.adcode.startswith(head.adcode[:2]):
            return tail.name, tail.adcode
    return surface, ""


def resolve_mentions(mentions: list[Mention], text: str, jur: Jurisdiction) -> None:
    """Set ``name`` (and ``adcode``) of each mention in place. ``text`` is the
    text the offsets refer to (used for coordination: 省科技厅、工业和信息化厅)."""
    ordered = sorted(mentions, key=lambda m: m.start)
    prev: Mention | None = None
    prev_level = ""     # the level prefix of the previous agency, own or inherited
    for m in ordered:
        # Mass organisations found by the agency grammar (团市委, 市总工会)
        # are named like agencies.
        if m.label == "Agency" or m.layer == Layer.AGENCY_GRAMMAR:
            surface = m.name or m.text
            inherited = ""
            if (prev is not None and (prev.label == "Agency" or prev.layer == Layer.AGENCY_GRAMMAR) and text[prev.end:m.start] in ("、", "和", "及")
                    and surface[:1] not in _LEVEL_CHARS and not _split_place_prefix(surface)[0]
                    and prev_level and not _is_national(surface)):
                inherited = prev_level
            m.name = canonical_agency(surface, jur, inherited)
            prev_level = inherited or (surface[:1] if surface[:1] in "省市县区" else "")
        elif m.label == "Place":
            m.name, m.adcode = canonical_place(m.text, jur)
            prev_level = ""
        else:
            name = m.text.strip("“”\"") if m.text.startswith("“") and m.text.endswith("”") else m.text
            # 市电信公司 in a 连云港 document → 连云港市电信公司 (same rule as agencies).
            if name[:1] in _LEVEL_CHARS and len(name) > 3 and jur.for_level(name[:1]):
                name = jur.for_level(name[:1]) + name[1:]
            m.name = name
            prev_level = ""
        prev = m


def _is_national(name: str) -> bool:
    """A national body by its form (ministries, 总局/总署, 国家…), which a
    level prefix earlier in a list does not reach. Short names that
    provinces share (统计局, 能源局, 医保局) are not national by form."""
    return bool(re.search(r"^(国家|中国|中央|全国|国务院|人民银行)|(总局|总署|部)$", name))


def parent_chain(adcode: str) -> list[gz.Division]:
    """The division itself, then its parents up to the province."""
    divs = gz.divisions()
    chain = []
    code = adcode
    while code and code in divs:
        chain.append(divs[code])
        code = divs[code].parent
    return chain
