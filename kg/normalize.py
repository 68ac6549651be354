"""Repair what PDF/HTML extraction leaves in government text.

Reads raw text, returns the normalised text that every offset refers to:
- full-width ASCII letters/digits/space become half-width; half-width
  punctuation touching Chinese becomes full-width (meaning is kept);
- stray spaces between Chinese characters (方洋集 团 → 方洋集团) and between
  Chinese and digits (2024 年 → 2024年) are removed;
- page numbers and running headers are dropped;
- hard line breaks inside a sentence are rejoined;
- markdown-ish bullets ("- ") that converters prepend are dropped.
Paragraphs are separated by a single newline.
"""
from __future__ import annotations

import re
from collections import Counter

from kg.structure import is_heading_line

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "，。、；：？！“”‘’（）《》【】—…·「」『』〔〕"
_CJK_RE = re.compile(f"[{CJK}]")

# Half-width → full-width punctuation when it touches Chinese text.
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_TERMINAL = tuple("。！？；：…”’）)」』】》") + ("!", "?", ";", ":")

_SPACE_BETWEEN = re.compile(
    f"(?<=[{CJK}{CJK_PUNCT}0-9%])[ \t\u00a0\u3000]+(?=[{CJK}{CJK_PUNCT}])"
    f"|(?<=[{CJK}{CJK_PUNCT}])[ \t\u00a0\u3000]+(?=[0-9%])")
_PAGE_NUMBER = re.compile(r"^[\-—–·\s]*(第\s*)?\d{1,4}(\s*页)?[\-—–·\s]*$|^-\s*\d+\s*-$")
_BULLET = re.compile(r"^[-•▪●◆■]\s+")


def _to_halfwidth(ch: str) -> str:
    code = ord(ch)
    if ch == "\u3000":
        return " "
    # Full-width digits and Latin letters only: full-width punctuation carries
    # meaning in Chinese typesetting and stays.
    if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A or ch == "％":
        return chr(code - 0xFEE0)
    return ch


def normalize_line(line: str) -> str:
    line = "".join(_to_halfwidth(c) for c in line).strip()
    line = _BULLET.sub("", line)
    line = _SPACE_BETWEEN.sub("", line)
    # Half-width punctuation next to Chinese → full-width.
    chars = list(line)
    for i, ch in enumerate(chars):
        if ch in _HALF_TO_FULL:
            before = chars[i - 1] if i > 0 else ""
            after = chars[i + 1] if i + 1 < len(chars) else ""
            if ch == "(" or ch == ")":
                # Parentheses: convert when the bracketed content is Chinese.
                if _paren_is_chinese(line, i):
                    chars[i] = _HALF_TO_FULL[ch]
            elif _CJK_RE.match(before or " ") or _CJK_RE.match(after or " ") or (
                    ch in ",;:" and before in "）”" ):
                chars[i] = _HALF_TO_FULL[ch]
    line = "".join(chars)
    return _SPACE_BETWEEN.sub("", line)


def _paren_is_chinese(line: str, i: int) -> bool:
    if line[i] == "(":
        close = line.find(")", i)
        inner = line[i + 1: close if close != -1 else len(line)]
    else:
        open_ = line.rfind("(", 0, i)
        inner = line[open_ + 1 if open_ != -1 else 0: i]
    return bool(_CJK_RE.search(inner))


def normalize_text(raw: str) -> str:
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    lines = [normalize_line(l) for l in raw.split("\n")]
    counts = Counter(l for l in lines if l)
    kept: list[str] = []
    for line in lines:
        if not line:
            kept.append("")
            continue
        if _PAGE_NUMBER.match(line):
            continue
        if _is_running_header(line, counts):
            continue
        kept.append(line)
    return "\n".join(_join_broken_lines(kept)).strip("\n") + "\n"


def _is_running_header(line: str, counts: Counter) -> bool:
    # A short line repeated on many pages, with no sentence punctuation.
    return (counts[line] >= 4 and len(line) <= 40 and not is_heading_line(line)
            and not any(p in line for p in "。，；：:,"))


def _join_broken_lines(lines: list[str]) -> list[str]:
    """Rejoin paragraphs that a PDF broke at the page width.

    A line that ends without terminal punctuation, is long (a title or heading
    is short), and is followed (across at most two blank lines) by a line that
    is not a heading, continues in that line.
    """
    out: list[str] = []
    pending_blank = 0
    for line in lines:
        if not line:
            pending_blank += 1
            continue
        if out and _continues(out[-1], line, pending_blank):
            prev = out[-1]
            sep = " " if (prev[-1].isascii() and prev[-1].isalnum() and line[0].isascii()
                          and line[0].isalnum()) else ""
            out[-1] = prev + sep + line
        else:
            out.append(line)
        pending_blank = 0
    return out


def _continues(prev: str, line: str, blanks: int) -> bool:
    if blanks > 2 or prev.endswith(_TERMINAL) or is_heading_line(line):
        return False
    if is_heading_line(prev) and len(prev) < 30:
        return False
    if len(prev) < 25:
        return False
    # The next line starts mid-sentence: Chinese character or closing punctuation.
    return bool(_CJK_RE.match(line[0])) or line[0] in "，、。；：）”"
