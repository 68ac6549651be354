"""Rule-based relation extraction within one sentence.

Reads a sentence's text and its resolved mentions (offsets into that text);
returns ``Relation``s with rule ids and confidences from
``kg/data/rules/ownership.yaml``. LEADS/SUPPORTS tails are task spans
(start/end into the same text); the caller shifts offsets to the document.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import yaml

from kg.model import ACTOR_LABELS, Mention, Relation
from kg.ner import gazetteer as gz

_CLAUSE_BOUNDARY = "，,；;：:。！？!?\n"
_JOINERS = ("、", "和", "及", "以及", "与", "，")


@functools.lru_cache(maxsize=1)
def rules() -> dict:
    with open(gz.DATA / "rules" / "ownership.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def has_first_listed_convention(text: str) -> bool:
    return any(p in text for p in rules()["parenthetical"]["first_listed_leads"])


@dataclass
class Context:
    first_listed_leads: bool = False      # the document's convention, once stated
    government_of: callable = None        # Place mention → canonical actor name


def _is_actor(m: Mention) -> bool:
    return m.label in ACTOR_LABELS


def _strip_end(text: str, a: int, b: int) -> tuple[int, int]:
    while b > a and text[b - 1] in "。；;，,：: ":
        b -= 1
    while a < b and text[a] in "，,：: ":
        a += 1
    return a, b


def _closing_parenthesis(text: str) -> tuple[int, int] | None:
    """The span (including brackets) of a parenthesis that closes the sentence."""
    t = text.rstrip("。；; \n")
    if not t.endswith(("）", ")")):
        return None
    depth = 0
    for i in range(len(t) - 1, -1, -1):
        if t[i] in "）)":
            depth += 1
        elif t[i] in "（(":
            depth -= 1
            if depth == 0:
                return i, len(t)
    return None


def _groups(text: str, actors: list[Mention]) -> list[list[Mention]]:
    """Consecutive actors joined by 、/和/及 form one group (listed together)."""
    groups: list[list[Mention]] = []
    ordered = sorted(actors, key=lambda m: m.start)
    for i, m in enumerate(ordered):
        between = text[groups[-1][-1].end:m.start] if groups else None
        if between in ("", "、", "和", "及", "以及", "，", ",") or (
                between in ("与", "同") and re.match(r"(?:等[^，。；]{0,4})?(?:共同|联合|一起|合作|携手)", text[m.end:])):
            groups[-1].append(m)
        else:
            groups.append([m])
    return groups


def _after_group(text: str, group: list[Mention]) -> tuple[str, int]:
    """Text right after a group, skipping 等/等部门/等单位 (the trigger window)."""
    i = group[-1].end
    m = re.match(r"(?:等(?:[\u4e00-\u9fff\d]{0,6}?(?:部门|单位|机构|企业|高校|医院))?(?:和(?:部门|单位))?"
                 r"|(?:及其|及|和)(?:有关|相关|所属)?(?:部门|单位))", text[i:])
    if m:
        i += m.end()
    return text[i:i + 12], i


def _at_clause_start(text: str, pos: int) -> bool:
    j = pos
    while j > 0 and text[j - 1] in " 　":
        j -= 1
    if j == 0 or text[j - 1] in _CLAUSE_BOUNDARY or text[j - 1] in "（(":
        return True
    # 一是、二是, 同时、此外 and time phrases before the subject.
    prefix = re.search(r"(?:^|[，,；;。：:])([^，,；;。：:]{0,12})$", text[:j])
    lead = prefix.group(1) if prefix else ""
    return bool(re.fullmatch(r"(?:[一二三四五六七八九十]+是|同时|此外|另外|其中|今年以来|近年来|目前|截至目前|下一步|"
                             r"\d{4}年(?:\d{1,2}月)?(?:以来)?|今年|去年|[（(]?[一二三四五六七八九十\d]+[）)、.]?|"
                             r"第[一二三四五六七八九十百零\d]+条\s*(?:【[^】]*】)?|\d{1,2}月(?:初|底|中旬|上旬|下旬)?|"
                             r"[（(][一二三四五六七八九十\d]+[）)]\s*[^，,；;。]{0,10}[。.]?)", lead))


def _in_framing(text: str, group: list[Mention]) -> bool:
    after = text[group[-1].end:group[-1].end + 8]
    before = text[max(0, group[0].start - 2):group[0].start]
    return "在" in before and any(after.lstrip("的").startswith(w) or w in after
                                  for w in rules()["framing_after"])


def extract(text: str, mentions: list[Mention], ctx: Context,
            task_span: tuple[int, int] | None = None) -> list[Relation]:
    """All relations in one sentence. ``task_span`` overrides the task span of
    parenthetical assignments (the whole numbered item they close)."""
    rels: list[Relation] = []
    paren = _closing_parenthesis(text)
    actors = [m for m in mentions if _is_actor(m)]
    owned: set[int] = set()
    if paren:
        rels += _parenthetical(text, paren, actors, ctx, task_span)
    if not any(r.rule.startswith("paren.") for r in rels):
        rels += _inline(text, mentions, ctx)
    for r in rels:
        if r.head is not None:
            owned.add(id(r.head))
    rels += _involves(text, mentions, rels, owned)
    rels += _cooperation(text, actors)
    return _dedupe(rels)


def _rel(type_, head, a, b, rule, text):
    a, b = _strip_end(text, a, b)
    return Relation(type_, head, None, a, b, rule["id"], rule["confidence"])


def _parenthetical(text, paren, actors, ctx, task_span) -> list[Relation]:
    cfg = rules()["parenthetical"]
    pa, pb = paren
    inside = [m for m in actors if pa < m.start and m.end <= pb]
    if not inside:
        return []
    ta, tb = task_span if task_span else (0, pa)
    if tb <= ta:
        ta, tb = 0, pa
    segments = re.split(r"(?<=[，,；;。])", text[pa + 1:pb - 1])
    rels: list[Relation] = []
    pos = pa + 1
    has_lead = any(any(k in s for k in cfg["lead_markers"]) for s in segments)
    # Units listed before their marker in an earlier segment (A、B，C按职责分工负责)
    # wait for it; a label-style marker (配合单位：B，C) also covers what follows.
    pending: list[Mention] = []
    label_role = None
    for seg in segments:
        seg_actors = [m for m in inside if pos <= m.start < pos + len(seg)]
        local = text[pos:pos + len(seg)]
        pos += len(seg)
        is_lead = any(k in local for k in cfg["lead_markers"]) and not local.startswith(tuple(cfg["support_markers"]))
        is_support = any(k in local for k in cfg["support_markers"])
        is_shared = any(k in local for k in cfg["shared_markers"])
        if not (is_lead or is_support or is_shared):
            pending += seg_actors
            continue
        group, pending = pending + seg_actors, []
        if not group:
            continue
        if is_lead:
            role = "lead"
        elif is_support and (has_lead or rels):
            role = "support"
        else:
            role = "shared"
        rels += _assign(role, group, ta, tb, ctx, bool(rels), cfg, text)
        first = seg_actors[0].start - (pos - len(seg)) if seg_actors else len(local)
        label_role = role if re.match(r"[^，,、]{0,6}[：:]", local) and first > local.find("：") >= 0 else None
    if pending and label_role:
        rels += _assign(label_role, pending, ta, tb, ctx, True, cfg, text)
    return rels


def _assign(role, group, ta, tb, ctx, after_others, cfg, text) -> list[Relation]:
    r = cfg["rules"]
    if role == "lead":
        return [_rel("LEADS", m, ta, tb, r["lead"], text) for m in group]
    if role == "support":
        return [_rel("SUPPORTS", m, ta, tb, r["support"], text) for m in group]
    if ctx.first_listed_leads and not after_others:
        return ([_rel("LEADS", group[0], ta, tb, r["first_listed_lead"], text)]
                + [_rel("SUPPORTS", m, ta, tb, r["first_listed_support"], text) for m in group[1:]])
    if ctx.first_listed_leads:
        return [_rel("SUPPORTS", m, ta, tb, r["first_listed_support"], text) for m in group]
    return [_rel("LEADS", m, ta, tb, r["shared"], text) for m in group]


def _inline(text, mentions, ctx) -> list[Relation]:
    cfg = rules()
    rels: list[Relation] = []
    actors = [m for m in mentions if _is_actor(m)]
    groups = _groups(text, actors)
    # 由X负责: X leads the whole sentence.
    you = cfg["you"]
    for g in groups:
        if text[max(0, g[0].start - 1):g[0].start] == "由":
            window, _ = _after_group(text, g)
            if any(window.startswith(v) for v in you["verbs"]):
                for m in g:
                    rels.append(_rel("LEADS", m, 0, len(text), you, text))
    done = {id(r.head) for r in rels}
    for gi, g in enumerate(groups):
        if any(id(m) in done for m in g) or _in_framing(text, g):
            continue
        window, after = _after_group(text, g)
        for rule in cfg["inline"]:
            trig = next((t for t in sorted(rule["after"], key=len, reverse=True) if window.startswith(t)), None)
            if trig is None:
                continue
            if rule.get("clause_start") and not _at_clause_start(text, g[0].start):
                continue
            end = len(text)
            for m in g:
                rels.append(_rel(rule["role"], m, after, end, rule, text))
            if rule["role"] == "LEADS":
                rels += _joined_supporters(text, groups[gi + 1:], after, end, rule)
            done.update(id(m) for m in g)
            break
    rels += _place_subjects(text, mentions, ctx, done)
    return rels


def _joined_supporters(text, later_groups, task_a, task_b, lead_rule) -> list[Relation]:
    """X牵头，联合Y / X会同Y / X与Y: Y supports X's task."""
    joined = rules()["joined"]
    out = []
    for g in later_groups:
        before = text[max(0, g[0].start - 4):g[0].start]
        if any(before.endswith(t) for t in joined["triggers"]) or (
                lead_rule["id"] == "lead.huitong" and before.endswith("会同")):
            for m in g:
                out.append(_rel("SUPPORTS", m, task_a, task_b, joined, text))
        elif before.endswith("与") and text[g[-1].end:g[-1].end + 2] in ("共同", "一起", "联合", "合作"):
            for m in g:
                out.append(_rel("SUPPORTS", m, task_a, task_b, joined, text))
    return out


def _place_subjects(text, mentions, ctx, done) -> list[Relation]:
    cfg = rules()["place_subject"]
    subject_verbs = next(r for r in rules()["inline"] if r["id"] == "lead.subject")["after"]
    out = []
    for m in mentions:
        if m.label != "Place" or ctx.government_of is None:
            continue
        if not re.search(r"(县|区|镇|乡|街道|开发区|高新区|新区|片区|园区|示范区|试验区)$", m.name or m.text):
            continue
        if not _at_clause_start(text, m.start):
            continue
        window = text[m.end:m.end + 6]
        if not any(window.startswith(v) for v in subject_verbs):
            continue
        actor = Mention(m.start, m.end, m.text, "Agency", name=ctx.government_of(m), source="place_subject")
        out.append(_rel("LEADS", actor, m.end, len(text), cfg, text))
    return out


def _involves(text, mentions, rels, owned) -> list[Relation]:
    cfg = rules()["involves"]
    out = []
    tasks = {(r.start, r.end) for r in rels if r.type in ("LEADS", "SUPPORTS")}
    for a, b in sorted(tasks):
        for m in mentions:
            if id(m) in owned or m.label not in ("Project", "Enterprise", "Organization", "Place"):
                continue
            if a <= m.start and m.end <= b:
                out.append(Relation("INVOLVES", None, m, a, b, cfg["id"], cfg["confidence"]))
    return out


def _cooperation(text, actors) -> list[Relation]:
    cfg = rules()["cooperation"]
    out = []
    for i, x in enumerate(sorted(actors, key=lambda m: m.start)):
        for y in sorted(actors, key=lambda m: m.start)[i + 1:]:
            between = text[x.end:y.start]
            after = text[y.end:y.end + 12]
            if between in ("与", "和", "同", "、") and any(v in after for v in cfg["verbs"]):
                out.append(Relation("COOPERATES_WITH", x, y, x.start, min(len(text), y.end + 12),
                                    cfg["id"], cfg["confidence"]))
    return out


def _dedupe(rels: list[Relation]) -> list[Relation]:
    seen = set()
    out = []
    for r in rels:
        key = (r.type, id(r.head) if r.head else None, id(r.tail) if r.tail else None, r.start, r.end)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out
