"""Relations: who leads, supports, involves, co-operates, by rule.

Reads a sentence's text and its resolved mentions (offsets into that text)
and the rules of ``kg/data/rules/ownership.yaml`` (``kg.config``); returns
``Relation``s whose tasks are ``Task`` spans. Each relation carries its
``form`` (the grammar that stated it) and its rule id and confidence as
provenance.

- ``extract_sentence``: one sentence on its own (``kg extract``).
- ``extract_document``: every sentence of a document, with the document's
  context: its 列第一位者为牵头单位 convention once stated, and numbered items
  whose closing assignment （A牵头，B配合） owns the whole item (or what follows
  the item's previous assignment). Offsets are shifted to the document and
  the task spans returned are final.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace

from kg.config import Form, InlineRule, OwnershipRules, Rule, ownership_rules
from kg.model import ACTOR_LABELS, Document, Layer, Mention, Relation, Task

_CLAUSE_BOUNDARY = "，,；;：:。！？!?\n"


def has_first_listed_convention(text: str, rules: OwnershipRules | None = None) -> bool:
    rules = rules or ownership_rules()
    return any(p in text for p in rules.parenthetical.first_listed_leads)


def government_of(place_name: str, rules: OwnershipRules | None = None) -> str:
    """The body that acts for a place: 东海县 → 东海县人民政府; 开发区 → …管理委员会."""
    cfg = (rules or ownership_rules()).place_subject
    if place_name.endswith(tuple(cfg.zone_endings)):
        return place_name + cfg.zone_suffix
    return place_name + cfg.government_suffix


@dataclass
class Context:
    """What a sentence's relations depend on beyond its own text."""
    first_listed_leads: bool = False      # the document's convention, once stated
    rules: OwnershipRules = field(default_factory=ownership_rules)


def _is_actor(m: Mention) -> bool:
    return m.label in ACTOR_LABELS


def _strip_end(text: str, a: int, b: int) -> tuple[int, int]:
    while b > a and text[b - 1] in "。；;，,：: ":
        b -= 1
    while a < b and text[a] in "，,：: ":
        a += 1
    return a, b


def closing_parenthesis(text: str) -> tuple[int, int] | None:
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
    for m in ordered:
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


@functools.lru_cache(maxsize=4)
def _openers(patterns: tuple[str, ...]) -> re.Pattern:
    return re.compile("(?:" + "|".join(patterns) + ")")


def _at_clause_start(text: str, pos: int, rules: OwnershipRules) -> bool:
    j = pos
    while j > 0 and text[j - 1] in " 　":
        j -= 1
    if j == 0 or text[j - 1] in _CLAUSE_BOUNDARY or text[j - 1] in "（(":
        return True
    # 一是、二是, 同时、此外 and time phrases before the subject (clause_openers).
    prefix = re.search(r"(?:^|[，,；;。：:])([^，,；;。：:]{0,12})$", text[:j])
    lead = prefix.group(1) if prefix else ""
    return bool(_openers(tuple(rules.clause_openers)).fullmatch(lead))


def _in_framing(text: str, group: list[Mention], rules: OwnershipRules) -> bool:
    after = text[group[-1].end:group[-1].end + 8]
    before = text[max(0, group[0].start - 2):group[0].start]
    return "在" in before and any(after.lstrip("的").startswith(w) or w in after for w in rules.framing_after)


# ------------------------------------------------------------------ one sentence
def extract_sentence(text: str, mentions: list[Mention], ctx: Context) -> list[Relation]:
    """All relations in one sentence; offsets into ``text``."""
    rels: list[Relation] = []
    paren = closing_parenthesis(text)
    actors = [m for m in mentions if _is_actor(m)]
    if paren:
        rels += _parenthetical(text, paren, actors, ctx)
    if not any(r.form == Form.PARENTHETICAL for r in rels):
        rels += _inline(text, mentions, ctx)
    owned = {id(r.head) for r in rels}
    rels += _involves(mentions, rels, owned, ctx.rules.involves)
    rels += _cooperation(text, actors, ctx.rules)
    return _dedupe(rels)


def _owner(type_: str, head: Mention, a: int, b: int, form: Form, rule: Rule, text: str) -> Relation:
    a, b = _strip_end(text, a, b)
    return Relation(type_, head, Task(a, b, text[a:b]), a, b, form, rule.id, rule.confidence)


def _parenthetical(text, paren, actors, ctx: Context) -> list[Relation]:
    cfg = ctx.rules.parenthetical
    pa, pb = paren
    inside = [m for m in actors if pa < m.start and m.end <= pb]
    if not inside:
        return []
    segments = re.split(r"(?<=[，,；;。])", text[pa + 1:pb - 1])
    rels: list[Relation] = []
    pos = pa + 1
    has_lead = any(any(k in s for k in cfg.lead_markers) for s in segments)
    # Units listed before their marker in an earlier segment (A、B，C按职责分工负责)
    # wait for it; a label-style marker (配合单位：B，C) also covers what follows.
    pending: list[Mention] = []
    label_role = None
    for seg in segments:
        seg_actors = [m for m in inside if pos <= m.start < pos + len(seg)]
        local = text[pos:pos + len(seg)]
        pos += len(seg)
        is_lead = any(k in local for k in cfg.lead_markers) and not local.startswith(tuple(cfg.support_markers))
        is_support = any(k in local for k in cfg.support_markers)
        is_shared = any(k in local for k in cfg.shared_markers)
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
        rels += _assign(role, group, pa, ctx, bool(rels), text)
        first = seg_actors[0].start - (pos - len(seg)) if seg_actors else len(local)
        label_role = role if re.match(r"[^，,、]{0,6}[：:]", local) and first > local.find("：") >= 0 else None
    if pending and label_role:
        rels += _assign(label_role, pending, pa, ctx, True, text)
    return rels


def _assign(role, group, task_end, ctx: Context, after_others, text) -> list[Relation]:
    """The task of a sentence-closing assignment is the sentence before it;
    ``extract_document`` widens it to the numbered item."""
    r = ctx.rules.parenthetical.rules

    def rel(type_, m, rule):
        return _owner(type_, m, 0, task_end, Form.PARENTHETICAL, rule, text)
    if role == "lead":
        return [rel("LEADS", m, r.lead) for m in group]
    if role == "support":
        return [rel("SUPPORTS", m, r.support) for m in group]
    if ctx.first_listed_leads and not after_others:
        return [rel("LEADS", group[0], r.first_listed_lead)] + [rel("SUPPORTS", m, r.first_listed_support)
                                                                 for m in group[1:]]
    if ctx.first_listed_leads:
        return [rel("SUPPORTS", m, r.first_listed_support) for m in group]
    return [rel("LEADS", m, r.shared) for m in group]


def _inline(text, mentions, ctx: Context) -> list[Relation]:
    rules = ctx.rules
    rels: list[Relation] = []
    actors = [m for m in mentions if _is_actor(m)]
    groups = _groups(text, actors)
    # 由X负责: X leads the whole sentence.
    for g in groups:
        if text[max(0, g[0].start - 1):g[0].start] == "由":
            window, _ = _after_group(text, g)
            if any(window.startswith(v) for v in rules.you.verbs):
                for m in g:
                    rels.append(_owner("LEADS", m, 0, len(text), Form.YOU, rules.you, text))
    done = {id(r.head) for r in rels}
    for gi, g in enumerate(groups):
        if any(id(m) in done for m in g) or _in_framing(text, g, rules):
            continue
        window, after = _after_group(text, g)
        for rule in rules.inline:
            trig = next((t for t in sorted(rule.after, key=len, reverse=True) if window.startswith(t)), None)
            if trig is None:
                continue
            if rule.form == Form.SUBJECT and not _at_clause_start(text, g[0].start, rules):
                continue
            end = len(text)
            for m in g:
                rels.append(_owner(rule.role, m, after, end, rule.form, rule, text))
            if rule.role == "LEADS":
                rels += _joined_supporters(text, groups[gi + 1:], after, end, rules)
            done.update(id(m) for m in g)
            break
    rels += _place_subjects(text, mentions, ctx, rules.subject_rule)
    return rels


def _joined_supporters(text, later_groups, task_a, task_b, rules: OwnershipRules) -> list[Relation]:
    """X牵头，联合Y / X会同Y / X与Y共同…: Y supports X's task."""
    joined = rules.joined
    out = []
    for g in later_groups:
        before = text[max(0, g[0].start - 4):g[0].start]
        if any(before.endswith(t) for t in joined.triggers) or (
                before.endswith("与") and text[g[-1].end:g[-1].end + 2] in ("共同", "一起", "联合", "合作")):
            out += [_owner("SUPPORTS", m, task_a, task_b, Form.JOINED, joined, text) for m in g]
    return out


def _place_subjects(text, mentions, ctx: Context, subject: InlineRule) -> list[Relation]:
    cfg = ctx.rules.place_subject
    out = []
    for m in mentions:
        if m.label != "Place":
            continue
        if not (m.name or m.text).endswith(tuple(cfg.acting_endings)):
            continue
        if not _at_clause_start(text, m.start, ctx.rules):
            continue
        window = text[m.end:m.end + 6]
        if not any(window.startswith(v) for v in subject.after):
            continue
        actor = Mention(m.start, m.end, m.text, "Agency", name=government_of(m.name or m.text, ctx.rules),
                        source=cfg.id, layer=Layer.PLACE_SUBJECT)
        out.append(_owner("LEADS", actor, m.end, len(text), Form.PLACE_SUBJECT, cfg, text))
    return out


def _involves(mentions, rels, owned, rule: Rule) -> list[Relation]:
    out = []
    tasks = {(r.start, r.end): r.tail for r in rels if isinstance(r.tail, Task)}
    for (a, b), task in sorted(tasks.items()):
        for m in mentions:
            if id(m) in owned or m.label not in ("Project", "Enterprise", "Organization", "Place"):
                continue
            if a <= m.start and m.end <= b:
                out.append(Relation("INVOLVES", task, m, a, b, Form.INVOLVES, rule.id, rule.confidence))
    return out


def _cooperation(text, actors, rules: OwnershipRules) -> list[Relation]:
    cfg = rules.cooperation
    out = []
    for i, x in enumerate(sorted(actors, key=lambda m: m.start)):
        for y in sorted(actors, key=lambda m: m.start)[i + 1:]:
            between = text[x.end:y.start]
            after = text[y.end:y.end + 12]
            if between in ("与", "和", "同", "、") and any(v in after for v in cfg.verbs):
                out.append(Relation("COOPERATES_WITH", x, y, x.start, min(len(text), y.end + 12),
                                    Form.COOPERATION, cfg.id, cfg.confidence))
    return out


def _dedupe(rels: list[Relation]) -> list[Relation]:
    seen = set()
    out = []
    for r in rels:
        head = None if isinstance(r.head, Task) else id(r.head)
        tail = None if isinstance(r.tail, Task) else id(r.tail)
        key = (r.type, head, tail, r.start, r.end)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


# ------------------------------------------------------------------ one document
def extract_document(doc: Document, mentions: list[list[Mention]], ctx: Context) -> list[Relation]:
    """Relations of every sentence of ``doc`` (``mentions[i]``: the resolved
    mentions of sentence i, offsets into it), shifted to document offsets,
    with final task spans. Mentions are shifted in place."""
    first = next((i for i, s in enumerate(doc.sentences) if has_first_listed_convention(s.text, ctx.rules)), None)
    out: list[Relation] = []
    # End of the last assignment parenthesis per numbered item: an item with
    # several （…负责） holds several work items, each starting after the last.
    assigned_until: dict[int, int] = {}
    for i, (sent, sent_mentions) in enumerate(zip(doc.sentences, mentions)):
        sent_ctx = replace(ctx, first_listed_leads=first is not None and i >= first)
        rels = extract_sentence(sent.text, sent_mentions, sent_ctx)
        shift = sent.start
        shifted = {id(m) for m in sent_mentions}
        for m in sent_mentions:
            m.start += shift
            m.end += shift
        paren = closing_parenthesis(sent.text)
        closes_item = paren is not None and sent.item_start is not None
        tasks: dict[tuple[int, int], Task] = {}
        for r in rels:
            a, b = r.start + shift, r.end + shift
            if r.form == Form.PARENTHETICAL and closes_item:
                # The assignment closes a numbered item: the task is the whole
                # item, or what follows the item's previous assignment.
                a, b = max(sent.item_start, assigned_until.get(sent.item_start, 0)), shift + paren[0]
                while a < b and doc.text[a] in "。；; ":
                    a += 1
                while b > a and doc.text[b - 1] in "。；; ":
                    b -= 1

            def moved(x):
                if isinstance(x, Task):
                    return tasks.setdefault((a, b), Task(a, b, doc.text[a:b], sent))
                if id(x) in shifted:
                    return x
                return replace(x, start=x.start + shift, end=x.end + shift)   # a derived actor
            out.append(Relation(r.type, moved(r.head), moved(r.tail), a, b, r.form, r.rule, r.confidence, sent))
        if closes_item and any(r.form == Form.PARENTHETICAL for r in rels):
            assigned_until[sent.item_start] = shift + paren[1]
    return out
