"""Tasks: one object per work item of a document, with what an analyst reads
off it.

Reads the relations of one document (whose task spans are final, from
``relations.extract_document``); makes the relations that name the same span
share one ``Task`` and describes it: its text, section path, numbered item,
deadline phrase (到2025年底前…) and quantified targets (建成4个…). The rule and
confidence of a task are those of the first relation that named it.
"""
from __future__ import annotations

import re

from kg.model import Document, Relation, Task

DEADLINE = re.compile(
    r"(?:力争|争取|确保|计划|预计)?(?:到|于|在|至)?(?:20\d{2}|二〇[一二三四五六七八九〇]{2})年"
    r"(?:底|末|年底|前|上半年|下半年|[一二三四]季度|\d{1,2}月(?:底|前)?)?(?:前|底)?"
    r"(?:完成|开工|建成|投产|实现|达到|基本建成)?")
TARGET = re.compile(
    r"(?:达到|突破|超过|完成|新增|培育|建成|增长|提高到|提升至|控制在|不低于|不少于|累计)"
    r"[^，。；]{0,14}?\d+(?:\.\d+)?\s*(?:%|万|亿|个|家|人次|人|项|辆|条|座|亩|吨|公里|千米|场|期|所|户|元)")


def deadline_of(text: str) -> str:
    """The first deadline phrase of a task (到2025年底, 2024年6月底前), or ""."""
    hits = [m.group(0) for m in DEADLINE.finditer(text)
            if re.match(r"(?:力争|争取|确保|计划|预计|到|于|在|至)", m.group(0))
            or re.search(r"(前|底|完成|开工|建成|投产|实现)$", m.group(0))]
    return hits[0] if hits else ""


def targets_of(text: str) -> list[str]:
    """Quantified targets stated in a task (建成4个, 增长8%)."""
    return [m.group(0) for m in TARGET.finditer(text)]


def collect_tasks(doc: Document, relations: list[Relation]) -> list[Task]:
    """One described Task per task span, in order of first mention; the
    relations are rewired to it."""
    tasks: dict[tuple[int, int], Task] = {}
    for r in relations:
        task = r.task
        if task is None:
            continue
        key = (task.start, task.end)
        if key not in tasks:
            text = doc.text[task.start:task.end]
            sent = task.sentence
            tasks[key] = Task(task.start, task.end, text, sent,
                              section=sent.section if sent else "", item=sent.item if sent else "",
                              deadline=deadline_of(text), targets=targets_of(text),
                              rule=r.rule, confidence=r.confidence)
        if r.tail is task:
            r.tail = tasks[key]
        else:
            r.head = tasks[key]
    return list(tasks.values())
