"""``kg load DIR``: load a build's graph.json into Neo4j."""
from __future__ import annotations

import argparse
import os
import sys

from kg.neo4j_load import DEFAULT_BATCH_SIZE, DEFAULT_URI


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "load", help="load a build (DIR/graph.json) into Neo4j",
        description="Load DIR/graph.json into Neo4j: one transaction per document, "
                    "idempotent (MERGE on id), a changed document replaces its old tasks "
                    "and relationships.")
    p.add_argument("build_dir", metavar="DIR", help="output folder of `kg build`")
    p.add_argument("--uri", default=os.environ.get("NEO4J_URI", DEFAULT_URI),
                   help="Bolt URI (default: $NEO4J_URI or %(default)s)")
    p.add_argument("--user", default=os.environ.get("NEO4J_USER"),
                   help="user name (default: $NEO4J_USER; none = no authentication)")
    p.add_argument("--password", default=os.environ.get("NEO4J_PASSWORD"),
                   help="password (default: $NEO4J_PASSWORD)")
    p.add_argument("--database", default=os.environ.get("NEO4J_DATABASE"),
                   help="database name (default: $NEO4J_DATABASE or the server's default)")
    p.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE,
                   help="rows per UNWIND batch (default: %(default)s)")
    p.add_argument("--force", action="store_true",
                   help="rewrite documents even when their sub-graph is unchanged")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.errors import KgError
    from kg.neo4j_load import load

    if args.batch_size < 1:
        raise KgError("--batch-size must be at least 1")
    counts = load(args.build_dir, uri=args.uri, user=args.user, password=args.password,
                  batch_size=args.batch_size, progress=not args.no_progress and sys.stderr.isatty(),
                  force=args.force, database=args.database)
    print(f"loaded {counts['documents']} documents ({counts['documents_skipped']} unchanged, "
          f"skipped): {counts['nodes']} nodes and {counts['relationships']} relationships "
          f"written in {counts['batches']} batches, {counts['seconds']:.1f} s; "
          f"database now has {counts['db_nodes']} nodes and "
          f"{counts['db_relationships']} relationships")
    return 0
