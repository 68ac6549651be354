"""kg extract IN.jsonl -o OUT.jsonl: sentence-level entities and relations (CONTRACTS.md)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from kg.errors import KgError
from kg.model import Task


def add_parser(sub) -> None:
    p = sub.add_parser("extract", help="sentence-level extraction, JSON lines in and out")
    p.add_argument("input", metavar="IN.jsonl")
    p.add_argument("-o", "--output", required=True, metavar="OUT.jsonl")
    p.add_argument("--ner", default="project", help="project | none | hanlp:<pretrained id>")
    p.set_defaults(func=run)


def _mention_json(m, with_type=True) -> dict:
    d = {"text": m.text, "type": m.label} if with_type else {"text": m.text}
    d.update(name=m.name or m.text, start=m.start, end=m.end)
    if with_type and m.adcode:
        d["adcode"] = m.adcode
    return d


def extract_records(records: list[dict], ner: str = "project") -> list[dict]:
    """One output object per input record, same order (CONTRACTS.md)."""
    from kg.extract import extract_sentences
    from kg.resolve import jurisdiction_from_place

    out: list[dict | None] = [None] * len(records)
    # Batch sentences that share a jurisdiction (the model tags a batch at once).
    groups: dict[str, list[int]] = {}
    for i, rec in enumerate(records):
        if "error" in rec:
            out[i] = {"id": rec.get("id"), "entities": [], "relations": [], "error": rec["error"]}
        else:
            groups.setdefault(rec.get("doc_place") or "", []).append(i)
    for place, idx in groups.items():
        jur = jurisdiction_from_place(place)
        texts = [records[i]["text"] for i in idx]
        # Optional extension: "first_listed_leads": true says the sentence's
        # document stated 列第一位者为牵头单位 earlier (kg build tracks this itself).
        flags = [bool(records[i].get("first_listed_leads")) for i in idx]
        results = extract_sentences(texts, jur, ner, first_listed=flags)
        for i, (mentions, rels) in zip(idx, results):
            out[i] = {"id": records[i].get("id"),
                      "entities": [_mention_json(m) for m in mentions],
                      "relations": [_relation_json(r, records[i]["text"]) for r in rels]}
    return out


def _relation_json(r, text: str) -> dict:
    """A relation as docs/FORMATS.md gives it: a Task end is its span."""
    def end_json(x) -> dict:
        if isinstance(x, Task):
            return {"text": text[x.start:x.end], "start": x.start, "end": x.end}
        return _mention_json(x, with_type=False)
    return {"type": r.type, "rule": r.rule, "confidence": r.confidence,
            "head": end_json(r.head), "tail": end_json(r.tail)}


def read_records(path: Path) -> list[dict]:
    records = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise KgError(f"{path}: cannot read ({exc})") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        rec = None
        try:
            rec = json.loads(line)
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                raise ValueError("an object with a string 'text' is required")
        except ValueError as exc:
            rec = {"id": rec.get("id") if isinstance(rec, dict) else None, "error": f"line {n}: {exc}"}
        records.append(rec)
    return records


def run(args) -> int:
    records = read_records(Path(args.input))
    results = extract_records(records, args.ner)
    out = Path(args.output)
    tmp = out.with_name(f".{out.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for r in results:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    tmp.replace(out)
    failed = sum(1 for r in results if "error" in r)
    print(f"{len(results)} sentences, {failed} with errors → {out}", file=sys.stderr)
    return 0
