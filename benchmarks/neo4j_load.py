"""Benchmark ``kg load``: replicate a build (default: the seeds) N times (distinct document ids), load it
into a throwaway Neo4j (scripts/neo4j-test-server) and print relationships per second.

    .venv/bin/python benchmarks/neo4j_load.py [CORPUS ...] [--copies 50] [--batch-size 1000]
        [--build DIR] [--uri bolt://...]

Without --build, the CORPUS folders (default: seeds/) are built first (``kg build``;
``--ner none`` when the NER model is missing); a folder that does not exist is named in
one line and the benchmark stops.  Without --uri (or $NEO4J_URI), a test server is started and stopped.
Entities are shared between the copies (as the same agencies recur across documents);
documents, tasks and every relationship with a ``doc`` are copied.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.neo4j_load import DEFAULT_BATCH_SIZE, load  # noqa: E402


def build_corpus(corpora: list[Path], out: Path) -> Path:
    missing = [str(c) for c in corpora if not c.exists()]
    if missing:
        sys.exit(f"{', '.join(missing)}: not found; give folders of documents (default: seeds/)")
    cmd = [sys.executable, "-m", "kg.cli", "build", *map(str, corpora), "--out", str(out), "--no-progress"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0 and "NER model is missing" in proc.stderr:
        proc = subprocess.run(cmd + ["--ner", "none"], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"kg build {' '.join(map(str, corpora))} failed:\n{proc.stderr}")
    return out


def replicate(build: Path, copies: int, out: Path) -> dict:
    g = json.loads((build / "graph.json").read_text(encoding="utf-8"))
    edges_key = "edges" if "edges" in g else "links"
    nodes, edges = g["nodes"], g[edges_key]
    docs = sorted({n["name"] for n in nodes if n["label"] == "Document"}
                  | {n["doc"] for n in nodes if n["label"] == "Task"})

    def rename(value: str, i: int) -> str:
        for d in docs:
            if d in value:
                return value.replace(d, f"c{i:03d}_{d}")
        return value

    per_doc_nodes = [n for n in nodes if n["label"] in ("Task", "Document")]
    shared_nodes = [n for n in nodes if n["label"] not in ("Task", "Document")]
    per_doc_edges = [e for e in edges if e.get("doc")]
    shared_edges = [e for e in edges if not e.get("doc")]
    out_nodes = list(shared_nodes)
    out_edges = list(shared_edges)
    for i in range(copies):
        for n in per_doc_nodes:
            m = dict(n)
            m["id"] = rename(n["id"], i)
            for k in ("doc", "name"):
                if isinstance(m.get(k), str):
                    m[k] = rename(m[k], i)
            out_nodes.append(m)
        for e in per_doc_edges:
            f = dict(e)
            f["source"], f["target"], f["doc"] = (rename(e["source"], i), rename(e["target"], i),
                                                  rename(e["doc"], i))
            out_edges.append(f)
    g["nodes"], g[edges_key] = out_nodes, out_edges
    out.mkdir(parents=True, exist_ok=True)
    (out / "graph.json").write_text(json.dumps(g, ensure_ascii=False), encoding="utf-8")
    return {"documents": len(docs) * copies, "nodes": len(out_nodes), "relationships": len(out_edges)}


def start_server() -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([str(REPO / "scripts" / "neo4j-test-server"), "--stdin"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    t0 = time.perf_counter()
    line = proc.stdout.readline()
    if not line.startswith("NEO4J_URI="):
        proc.kill()
        sys.exit("neo4j-test-server did not start")
    print(f"test server started in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return proc, line.strip().split("=", 1)[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpora", nargs="*", type=Path, default=[REPO / "seeds"], metavar="CORPUS",
                    help="folders of documents to build and replicate (default: seeds/)")
    ap.add_argument("--copies", type=int, default=50)
    ap.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    ap.add_argument("--build", type=Path, help="a build to replicate (default: build the CORPUS folders)")
    ap.add_argument("--uri", default=os.environ.get("NEO4J_URI"),
                    help="use this server (its database is NOT wiped); default: start a test server")
    ap.add_argument("--user", default=os.environ.get("NEO4J_USER"))
    ap.add_argument("--password", default=os.environ.get("NEO4J_PASSWORD"))
    ap.add_argument("--progress", action="store_true")
    args = ap.parse_args()

    server = None
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        tmp = Path(tmp)
        build = args.build or build_corpus(args.corpora, tmp / "corpus")
        sizes = replicate(build, args.copies, tmp / "replicated")
        print(f"replicated {build} x{args.copies}: {sizes['documents']} documents, "
              f"{sizes['nodes']} nodes, {sizes['relationships']} relationships")
        uri = args.uri
        if not uri:
            server, uri = start_server()
        try:
            first = load(tmp / "replicated", uri, args.user, args.password,
                         batch_size=args.batch_size, progress=args.progress)
            again = load(tmp / "replicated", uri, args.user, args.password,
                         batch_size=args.batch_size, progress=args.progress)
            forced = load(tmp / "replicated", uri, args.user, args.password,
                          batch_size=args.batch_size, progress=args.progress, force=True)
        finally:
            if server is not None:
                server.stdin.close()
                server.terminate()
                server.wait(timeout=60)
    for what, c in (("first load", first), ("unchanged reload", again), ("forced reload", forced)):
        rate = c["relationships"] / c["seconds"] if c["seconds"] else float("nan")
        print(f"{what:>16}: {c['documents']} documents written ({c['documents_skipped']} skipped), "
              f"{c['relationships']} relationships in {c['seconds']:.1f} s = "
              f"{rate:,.0f} relationships/s; batch size {c['batch_size']}, {c['batches']} batches")
    print(f"database: {forced['db_nodes']} nodes, {forced['db_relationships']} relationships")
    return 0


if __name__ == "__main__":
    sys.exit(main())
