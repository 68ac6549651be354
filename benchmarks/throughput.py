"""NER-only and full-extractor throughput (characters per second).

    .venv/bin/python benchmarks/throughput.py [CORPUS ...] [--ner project|none]

Prints one line per corpus folder (default: seeds/; data/corpus/ holds 48 more
government documents). A folder that does not exist is named in one line and
skipped. Not a test.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.extract import extract_document
from kg.ingest import iter_input_files, load_document
from kg.ner.char_features import word_features
from kg.ner.pipeline import load_tagger, recognize
from kg.structure import structure

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpora", nargs="*", type=Path, default=[ROOT / "seeds"], metavar="CORPUS",
                    help="folders of documents (default: seeds/)")
    ap.add_argument("--ner", default="project")
    args = ap.parse_args()
    load_tagger(args.ner)
    # Warm up once (jieba's dictionary, the compiled gazetteer grammars), so
    # neither timed pass pays for loading; each pass starts with a cold
    # sentence cache so the second does not profit from the first.
    recognize(["连云港市商务局牵头推进电商发展。"], args.ner)
    for folder in args.corpora:
        name = str(folder)
        if not folder.exists():
            print(f"{name}: not found, skipped")
            continue
        docs = [structure(load_document(f)) for f in iter_input_files([str(folder)])]
        chars = sum(len(d.text) for d in docs)
        word_features.cache_clear()
        t0 = time.perf_counter()
        for d in docs:
            recognize([s.text for s in d.sentences], args.ner)
        ner_s = time.perf_counter() - t0
        word_features.cache_clear()
        t0 = time.perf_counter()
        for d in docs:
            extract_document(d, args.ner)
        full_s = time.perf_counter() - t0
        print(f"{name}: {len(docs)} documents, {chars} characters; NER ({args.ner}) {chars / ner_s:,.0f} chars/s; "
              f"full extractor {chars / full_s:,.0f} chars/s")


if __name__ == "__main__":
    main()
