"""kg build PATH... --out DIR: documents → knowledge graph, owner table, viewer."""
from __future__ import annotations

import sys
import time
from pathlib import Path

from kg.build import build, summary


def add_parser(sub) -> None:
    p = sub.add_parser("build", help="build the knowledge graph from files or folders")
    p.add_argument("paths", nargs="+", metavar="PATH", help="documents or folders of documents")
    p.add_argument("--out", "-o", required=True, help="output folder")
    p.add_argument("--jobs", "-j", type=int, default=1, help="documents extracted in parallel (same output)")
    p.add_argument("--ner", default="project",
                   help="NER model: project (shipped, default), none (rules only), hanlp:<pretrained id>")
    p.add_argument("--place", default="", help="jurisdiction of all documents (e.g. 连云港市); "
                   "default: from a <file>.meta.json sidecar, else the document's issuer and title")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


def run(args) -> int:
    t0 = time.perf_counter()
    out = Path(args.out)
    graph, extractions, errors = build(args.paths, out, args.jobs, args.ner, args.place,
                                       progress=not args.no_progress)
    for err in errors:
        print(f"kg: error: {err}", file=sys.stderr)
    print(summary(graph, len(extractions), errors, time.perf_counter() - t0))
    if not extractions:
        print("kg: error: no document could be built; nothing written", file=sys.stderr)
    return 1 if errors else 0
