"""Extraction of one document: structure → NER → resolution → relations.

Reads a ``Document`` (normalised text); returns an ``Extraction`` whose
mentions and relations carry offsets into ``Document.text``.
"""
from __future__ import annotations

import re
from dataclasses import replace

from kg.model import Document, Extraction, Mention, Relation, Sentence
from kg.ner.pipeline import recognize
from kg.relations import Context, _closing_parenthesis, extract as extract_relations, \
    has_first_listed_convention
from kg.resolve import Jurisdiction, detect_place, government_of, jurisdiction_from_place, \
    resolve_mentions
from kg.structure import heading_rank, structure


def extract_sentences(texts: list[str], jur: Jurisdiction, model: str = "project",
                      first_listed_from: int | None = None,
                      task_spans: list[tuple[int, int] | None] | None = None,
                      first_listed: list[bool] | None = None,
                      ) -> list[tuple[list[Mention], list[Relation]]]:
    """Mentions and relations per sentence, offsets relative to each sentence.
    The document convention 列第一位者为牵头单位 applies from sentence
    ``first_listed_from`` on, or where ``first_listed[i]`` is true."""
    all_mentions = recognize(texts, model)
    ctx = Context(government_of=lambda m: government_of(m, jur))
    out = []
    for i, (text, mentions) in enumerate(zip(texts, all_mentions)):
        resolve_mentions(mentions, text, jur)
        ctx.first_listed_leads = (first_listed_from is not None and i >= first_listed_from) or bool(
            first_listed and first_listed[i]) or has_first_listed_convention(text)
        span = task_spans[i] if task_spans else None
        out.append((mentions, extract_relations(text, mentions, ctx, span)))
    return out


def extract_document(doc: Document, model: str = "project") -> Extraction:
    if not doc.sentences:
        structure(doc)
    if not doc.place:
        doc.place = detect_place(doc)
    jur = jurisdiction_from_place(doc.place)
    if jur.name:
        doc.place = jur.city + jur.county if jur.county else jur.name
    doc.title = _title(doc)
    texts = [s.text for s in doc.sentences]
    first = next((i for i, t in enumerate(texts) if has_first_listed_convention(t)), None)
    per_sentence = extract_sentences(texts, jur, model, first)
    ex = Extraction(doc)
    # End of the last assignment parenthesis per numbered item: an item with
    # several （…负责） holds several work items, each starting after the last.
    assigned_until: dict[int, int] = {}
    for sent, (mentions, rels) in zip(doc.sentences, per_sentence):
        shift = sent.start
        moved: dict[int, Mention] = {}
        for m in mentions:
            moved[id(m)] = replace(m, start=m.start + shift, end=m.end + shift)
            ex.mentions.append(moved[id(m)])
        item_start = _item_start(doc, sent)
        paren = _closing_parenthesis(sent.text)
        for r in rels:
            head = moved.get(id(r.head)) if r.head is not None else None
            if r.head is not None and head is None:     # a derived actor (place subject)
                head = replace(r.head, start=r.head.start + shift, end=r.head.end + shift)
            tail = moved.get(id(r.tail)) if r.tail is not None else None
            a, b = r.start + shift, r.end + shift
            if r.rule.startswith("paren.") and paren and item_start is not None:
                # The assignment closes a numbered item: the task is the whole
                # item, or what follows the item's previous assignment.
                a, b = max(item_start, assigned_until.get(item_start, 0)), sent.start + paren[0]
                while a < b and doc.text[a] in "。；; ":
                    a += 1
                while b > a and doc.text[b - 1] in "。；; ":
                    b -= 1
            ex.relations.append(Relation(r.type, head, tail, a, b, r.rule, r.confidence, sent))
        if paren and item_start is not None and any(r.rule.startswith("paren.") for r in rels):
            assigned_until[item_start] = sent.start + paren[1]
    return ex


def _item_start(doc: Document, sent: Sentence) -> int | None:
    """Start of the numbered item (paragraph opening with 1. / （一） / 一、) that
    the sentence ends, after its number; None when the paragraph is no item."""
    para_start = doc.text.rfind("\n", 0, sent.start) + 1
    line = doc.text[para_start:doc.text.find("\n", sent.start) if "\n" in doc.text[sent.start:] else len(doc.text)]
    hit = heading_rank(line)
    if not hit:
        return None
    a = para_start + len(hit[1])
    while a < sent.start and doc.text[a] in " \t":
        a += 1
    return a


def _title(doc: Document) -> str:
    for line in doc.text.split("\n"):
        line = line.strip()
        if len(line) >= 4 and re.search(r"[\u4e00-\u9fff]", line):
            return line[:80]
    return doc.id


DEADLINE = re.compile(
    r"(?:力争|争取|确保|计划|预计)?(?:到|于|在|至)?(?:20\d{2}|二〇[一二三四五六七八九〇]{2})年"
    r"(?:底|末|年底|前|上半年|下半年|[一二三四]季度|\d{1,2}月(?:底|前)?)?(?:前|底)?"
    r"(?:完成|开工|建成|投产|实现|达到|基本建成)?")
TARGET = re.compile(
    r"(?:达到|突破|超过|完成|新增|培育|建成|增长|提高到|提升至|控制在|不低于|不少于|累计)"
    r"[^，。；]{0,14}?\d+(?:\.\d+)?\s*(?:%|万|亿|个|家|人次|人|项|辆|条|座|亩|吨|公里|千米|场|期|所|户|元)")


def deadline_of(text: str) -> str:
    hits = [m.group(0) for m in DEADLINE.finditer(text)
            if re.match(r"(?:力争|争取|确保|计划|预计|到|于|在|至)", m.group(0)) or re.search(r"(前|底|完成|开工|建成|投产|实现)$", m.group(0))]
    return hits[0] if hits else ""


def targets_of(text: str) -> list[str]:
    return [m.group(0) for m in TARGET.finditer(text)]
