"""Silver training sentences for the NER model: government text labelled by
the project's own gazetteer and rule layer (``--ner none``).

Labelling rules: every sentence of the seeds and of the government corpus
(``data/corpus``: division-of-labour documents, work reports, State
Council policies; ``kg train-ner --silver-source DIR`` names others) is run through the rule layer exactly as ``kg build --ner
none`` runs it (agency grammar and named bodies, place gazetteer, suffix
grammars for enterprises, organisations, projects, zones and towns, quoted
project names, precedence and stop lists of ``kg.ner.pipeline.select``).
Sentences with at least one span are kept, with all five labels. Sentences of
the development set (``data/dev/gold.jsonl``) are left out, so the dev
figures stay honest. Order is file order, so the data is deterministic.

The labelled sentences are frozen in ``data/ner/silver.jsonl`` (one
``{"text", "spans": [[start, end, label], ...]}`` per line): ``kg train-ner``
trains from that file, so the shipped model is reproducible even after the
rules improve; ``kg train-ner --rebuild-silver`` relabels with the current rules.
"""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "seeds", ROOT / "data" / "corpus"]
DEV_GOLD = ROOT / "data" / "dev" / "gold.jsonl"
SILVER_FILE = ROOT / "data" / "ner" / "silver.jsonl"


def read_silver(path: Path = SILVER_FILE) -> list[tuple[str, list]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            out.append((d["text"], [tuple(s) for s in d["spans"]]))
    return out


def write_silver(examples: list[tuple[str, list]], path: Path = SILVER_FILE) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for text, spans in examples:
            fh.write(json.dumps({"text": text, "spans": [list(s) for s in spans]}, ensure_ascii=False) + "\n")
    tmp.replace(path)


def _dev_keys() -> set[str]:
    if not DEV_GOLD.is_file():
        return set()
    keys = set()
    for line in DEV_GOLD.read_text(encoding="utf-8").splitlines():
        if line.strip():
            text = json.loads(line)["text"]
            keys.add(_key(text))
    return keys


def _key(text: str) -> str:
    # Dev texts were copied from the source and may differ in width/spacing.
    from kg.normalize import normalize_line
    return normalize_line(text).replace(" ", "")[:24]


def silver_examples(sources: list[Path] | None = None, max_len: int = 200) -> list[tuple[str, list]]:
    from kg.ingest import iter_input_files, load_document
    from kg.ner.pipeline import recognize
    from kg.structure import structure

    from kg.errors import KgError

    sources = list(sources or SOURCES)
    missing = [str(s) for s in sources if not s.exists()]
    if missing:
        raise KgError(f"silver sources not found: {', '.join(missing)} "
                      "(a clone has seeds/ and data/corpus/; name others with --silver-source)")
    dev = _dev_keys()
    texts: list[str] = []
    for f in iter_input_files([str(s) for s in sources]):
        doc = structure(load_document(f))
        for s in doc.sentences:
            if 8 <= len(s.text) <= max_len and _key(s.text) not in dev:
                texts.append(s.text)
    texts = list(dict.fromkeys(texts))          # repeated sentences once
    out = []
    for text, mentions in zip(texts, recognize(texts, "none")):
        spans = [(m.start, m.end, m.label) for m in mentions]
        if spans:
            out.append((text, spans))
    return out
