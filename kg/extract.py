"""Extraction of one document, stage after stage, each reading what the
previous one wrote:

structure (sentences, sections, items) → NER (mentions per sentence) →
resolution (canonical names) → relations (final task spans, document
offsets) → tasks (one described Task per span) → LOCATED_IN.

Returns an ``Extraction`` whose offsets are into ``Document.text``.
``extract_sentences`` runs the sentence-level part alone (``kg extract``).
"""
from __future__ import annotations

import re

from kg import hierarchy, relations, tasks
from kg.model import Document, Extraction, Mention, Relation
from kg.ner.pipeline import recognize
from kg.resolve import Jurisdiction, detect_place, jurisdiction_from_place, resolve_mentions
from kg.structure import structure


def extract_sentences(texts: list[str], jur: Jurisdiction, model: str = "project",
                      first_listed: list[bool] | None = None,
                      ) -> list[tuple[list[Mention], list[Relation]]]:
    """Mentions and relations per sentence, offsets relative to each sentence.
    The convention 列第一位者为牵头单位 applies where ``first_listed[i]`` is
    true (the sentence's document stated it earlier) or the sentence states it."""
    out = []
    for i, (text, mentions) in enumerate(zip(texts, recognize(texts, model))):
        resolve_mentions(mentions, text, jur)
        ctx = relations.Context(first_listed_leads=bool(first_listed and first_listed[i])
                                or relations.has_first_listed_convention(text))
        out.append((mentions, relations.extract_sentence(text, mentions, ctx)))
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
    mentions = recognize([s.text for s in doc.sentences], model)
    for sent, sent_mentions in zip(doc.sentences, mentions):
        resolve_mentions(sent_mentions, sent.text, jur)
    ex = Extraction(doc)
    ex.relations = relations.extract_document(doc, mentions, relations.Context())
    ex.mentions = [m for sent_mentions in mentions for m in sent_mentions]
    ex.tasks = tasks.collect_tasks(doc, ex.relations)
    ex.relations += hierarchy.located_in(ex)
    return ex


def _title(doc: Document) -> str:
    for line in doc.text.split("\n"):
        line = line.strip()
        if len(line) >= 4 and re.search(r"[\u4e00-\u9fff]", line):
            return line[:80]
    return doc.id
