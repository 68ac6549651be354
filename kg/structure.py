"""Headings and sentences with character offsets.

Reads ``Document.text``; writes ``Document.headings`` and ``Document.sentences``
(each sentence carries its section path, " > "-joined heading titles, and the
numbered item it belongs to).

Heading ranks (smaller = outer): 第X编/章 1, 第X节 2, 第X条 3, 一、 4, 专栏 4,
（一） 5, 1. / 1、 6, （1） 7. A heading opens where a line starts with its
marker; a line such as "（一）加大稳岗支持力度。对不裁员…" is both a heading
(title up to the first 。) and the start of the sentences that follow.
"""
from __future__ import annotations

import functools
import re

from kg.config import ownership_rules
from kg.model import Document, Heading, Sentence

CN_NUM = "一二三四五六七八九十百零〇两"
HEADING_PATTERNS: list[tuple[int, re.Pattern]] = [
    (1, re.compile(rf"^第[{CN_NUM}\d]+[编章](?=\s|[^\s，。]|$)")),
    (2, re.compile(rf"^第[{CN_NUM}\d]+节")),
    (3, re.compile(rf"^第[{CN_NUM}\d]+条(?=\s|【|[^\s，。、])")),
    (4, re.compile(rf"^[{CN_NUM}]+、")),
    (4, re.compile(r"^专栏\s*\d*")),
    (5, re.compile(rf"^[（(][{CN_NUM}]+[）)]")),
    (6, re.compile(r"^\d{1,2}(?:\.(?!\d)|、|．)")),
    (7, re.compile(r"^[（(]\d{1,2}[）)]")),
]
_TITLE_END = re.compile(r"[。；！？]")
_SENT_END = "。！？；!?;"
_OPEN = "（(“‘《【「『〔"
_CLOSE = "）)”’》】」』〕"


def heading_rank(line: str) -> tuple[int, str] | None:
    for rank, pattern in HEADING_PATTERNS:
        m = pattern.match(line)
        if m:
            return rank, m.group(0)
    return None


def is_heading_line(line: str) -> bool:
    # "1." followed by a long paragraph is still a heading (numbered item);
    # a bare year such as "2025" matches no pattern.
    return heading_rank(line) is not None


def _title(line: str) -> str:
    m = _TITLE_END.search(line)
    title = line[: m.start()] if m else line
    return title[:40].strip()


def find_headings(text: str) -> list[Heading]:
    headings = []
    pos = 0
    for line in text.split("\n"):
        hit = heading_rank(line) if line else None
        if hit:
            headings.append(Heading(pos, pos + len(_title(line)), hit[0], _title(line), hit[1]))
        pos += len(line) + 1
    return headings


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans in text[start:end]. Splits at 。！？； and newlines, never
    inside brackets or quotes; a parenthesis that follows a sentence end
    (an assignment such as （A牵头，B负责）) stays with the sentence before it."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    depth = 0
    s = start
    i = start
    while i < end:
        ch = text[i]
        if ch == "\n":
            if i > s:
                spans.append((s, i))
            s = i + 1
            depth = 0
        elif ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in _SENT_END and depth == 0:
            j = i + 1
            while j < end and text[j] in "”’」』":
                j += 1
            j = _after_assignment(text, j, end)
            spans.append((s, j))
            s = j
            i = j
            continue
        i += 1
    if s < end:
        spans.append((s, end))
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        # Trim whitespace so offsets point at text.
        while a < b and text[a] in " \t":
            a += 1
        while b > a and text[b - 1] in " \t":
            b -= 1
        if a >= b:
            continue
        piece = text[a:b]
        if merged and piece[0] in "（(" and text[merged[-1][1]:a].strip() == "" \
                and "\n" not in text[merged[-1][1]:a] and _is_closing_parenthetical(piece):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


@functools.lru_cache(maxsize=1)
def _assignment() -> re.Pattern:
    """Words that make a parenthesis an assignment of the work before it: the
    markers of ownership.yaml's parenthetical rules, so the sentence splitter
    and the relation rules agree on what an assignment is."""
    markers = sorted(set(ownership_rules().parenthetical.markers), key=lambda w: (-len(w), w))
    return re.compile("|".join(map(re.escape, markers)))


def _after_assignment(text: str, j: int, end: int) -> int:
    """A sentence end followed by an assignment parenthesis and more text
    (…减少浪费。（商务部指导）支持发展…): the parenthesis closes the sentence
    before it, not the one after. Returns the new sentence end."""
    if j >= end or text[j] not in "（(":
        return j
    depth = 0
    for k in range(j, min(end, j + 300)):
        if text[k] in "（(":
            depth += 1
        elif text[k] in "）)":
            depth -= 1
            if depth == 0:
                if not _assignment().search(text[j:k]):
                    return j
                k += 1
                while k < end and text[k] in "。；;":
                    k += 1
                return k
    return j


def _is_closing_parenthetical(piece: str) -> bool:
    depth = 0
    for i, ch in enumerate(piece):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth -= 1
            if depth == 0:
                return piece[i + 1:].strip("。；; ") == ""
    return False


def structure(doc: Document) -> Document:
    doc.headings = find_headings(doc.text)
    stack: list[Heading] = []
    by_start = {h.start: h for h in doc.headings}
    sentences = []
    pos = 0
    for line in doc.text.split("\n"):
        h = by_start.get(pos)
        if h is not None and line:
            if h.level == 4 and any(x.level == 3 for x in stack):
                # 一、 after an article (第X条): the regulation has ended (a
                # bulletin goes on with a report); its chapters close too.
                stack.clear()
            while stack and stack[-1].level >= h.level:
                stack.pop()
            stack.append(h)
        section = " > ".join(x.title for x in stack)
        # A paragraph that opens with a number (1. / （一） / 一、 / 第五条) is a
        # numbered item; its text starts after the number.
        number = h.number if h is not None and line else ""
        for a, b in split_sentences(doc.text, pos, pos + len(line)):
            item, item_start = "", None
            if number:
                item, item_start = number.strip(), pos + len(number)
                while item_start < a and doc.text[item_start] in " \t":
                    item_start += 1
            sentences.append(Sentence(a, b, doc.text[a:b], section, item, item_start))
        pos += len(line) + 1
    doc.sentences = sentences
    return doc
