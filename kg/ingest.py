"""Read documents: .txt (UTF-8, UTF-8 BOM, GB18030/GBK), .md, .docx, .pdf, .html.

Every failure is a ``KgError`` whose message names the file and the problem,
so a build can report it on one line and go on with the other documents.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from kg.errors import KgError
from kg.model import Document
from kg.normalize import normalize_text

SUPPORTED = {".txt", ".md", ".docx", ".pdf", ".html", ".htm"}
_CJK = re.compile(r"[\u4e00-\u9fff]")


def iter_input_files(paths: list[str]) -> list[Path]:
    """Files named or found (recursively) under folders, sorted, supported types."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += [f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED]
        elif p.exists():
            files.append(p)
        else:
            raise KgError(f"{p}: no such file or folder")
    return sorted(set(files), key=lambda f: (f.name, str(f)))


def decode_bytes(data: bytes, path: Path) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if b"\x00" in data[:4096]:
        raise KgError(f"{path}: binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise KgError(f"{path}: not valid UTF-8 or GB18030 text") from None
    # GB18030 decodes almost any byte string; accept it only if it reads as Chinese.
    if len(_CJK.findall(text)) < 0.3 * len(text.strip()):
        raise KgError(f"{path}: not valid UTF-8 and does not read as GB18030 Chinese text")
    return text


def read_raw_text(path: Path) -> str:
    suffix = path.suffix.lower()
    try:
        if suffix in (".txt", ".md"):
            return decode_bytes(path.read_bytes(), path)
        if suffix == ".docx":
            return _read_docx(path)
        if suffix == ".pdf":
            return _read_pdf(path)
        if suffix in (".html", ".htm"):
            return _read_html(path)
    except KgError:
        raise
    except Exception as exc:  # parsers raise many types; the user needs one line
        raise KgError(f"{path}: cannot read {suffix[1:]} file ({type(exc).__name__}: {exc})") from None
    raise KgError(f"{path}: unsupported file type {suffix or '(none)'}")


def _read_docx(path: Path) -> str:
    import docx
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts.append("\t".join(c.text for c in row.cells))
    return "\n".join(parts)


def _read_pdf(path: Path) -> str:
    from pdfminer.high_level import extract_text
    return extract_text(str(path))


def _read_html(path: Path) -> str:
    from bs4 import BeautifulSoup
    soup = BeautifulSoup(decode_bytes(path.read_bytes(), path), "lxml")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    return soup.get_text("\n")


def read_sidecar_place(path: Path) -> str:
    """A sidecar ``<file>.meta.json`` with {"place": "连云港市"} fixes the jurisdiction."""
    meta = path.with_name(path.name + ".meta.json")
    if meta.exists():
        try:
            return json.loads(meta.read_text(encoding="utf-8")).get("place", "")
        except (ValueError, OSError) as exc:
            raise KgError(f"{meta}: unreadable sidecar ({exc})") from None
    return ""


def load_document(path: Path, place: str = "") -> Document:
    raw = read_raw_text(path)
    text = normalize_text(raw)
    if not _CJK.search(text):
        if not text.strip():
            raise KgError(f"{path}: empty document (no text)")
        raise KgError(f"{path}: no Chinese text found")
    return Document(id=path.name, path=str(path), text=text,
                    place=place or read_sidecar_place(path))
