"""``kg query NAME``: run a query of the Cypher library (or ad-hoc Cypher)."""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys

from kg.neo4j_load import DEFAULT_URI


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "query", help="run a named query of the Cypher library against Neo4j",
        description="Run kg/cypher/NAME.cypher with its default parameters, overridden by "
                    "--param; or ad-hoc Cypher with --cypher; or list the library.")
    p.add_argument("name", nargs="?", metavar="NAME", help="query name (see --list)")
    p.add_argument("--list", action="store_true", help="list the queries and their questions")
    p.add_argument("--cypher", metavar="TEXT", help="run this Cypher instead of a named query")
    p.add_argument("--param", "-p", action="append", default=[], metavar="KEY=VALUE",
                   help="set a parameter (repeatable)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help="output format (default: %(default)s); json = a list of row objects")
    p.add_argument("--show", action="store_true", help="print the query and its parameters, do not run")
    p.add_argument("--uri", default=os.environ.get("NEO4J_URI", DEFAULT_URI),
                   help="Bolt URI (default: $NEO4J_URI or %(default)s)")
    p.add_argument("--user", default=os.environ.get("NEO4J_USER"), help="default: $NEO4J_USER")
    p.add_argument("--password", default=os.environ.get("NEO4J_PASSWORD"),
                   help="default: $NEO4J_PASSWORD")
    p.add_argument("--database", default=os.environ.get("NEO4J_DATABASE"),
                   help="default: $NEO4J_DATABASE or the server's default")
    p.set_defaults(func=run)


def _params(items: list[str]) -> dict[str, str]:
    from kg.errors import KgError
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise KgError(f"--param wants KEY=VALUE, got {item!r}")
        out[key.strip()] = value
    return out


def run(args: argparse.Namespace) -> int:
    from kg import cypher_library as lib
    from kg.errors import KgError

    if args.list:
        queries = lib.load_library()
        width = max((len(n) for n in queries), default=0)
        for name, q in queries.items():
            params = ", ".join(f"{k}={v}" for k, v in q.params.items())
            print(f"{name:<{width}}  {q.question}" + (f"  [{params}]" if params else ""))
        return 0
    overrides = _params(args.param)
    if args.cypher:
        if args.name:
            raise KgError("give either NAME or --cypher, not both")
        query = args.cypher
        values = {k: lib.parse_value(v) for k, v in overrides.items()}
    elif args.name:
        query = lib.get(args.name)
        values = query.bind(overrides)
    else:
        raise KgError("give a query NAME, --cypher TEXT or --list")
    if args.show:
        print(query if isinstance(query, str) else query.cypher)
        print(json.dumps(values, ensure_ascii=False))
        return 0

    from kg.neo4j_load import connect
    driver = connect(args.uri, args.user, args.password)
    try:
        if isinstance(query, str):
            cols, rows = lib.run(driver, query, values, database=args.database)
        else:
            cols, rows = lib.run(driver, query, overrides, database=args.database)
    finally:
        driver.close()
    try:
        write(rows, cols, args.format, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. `kg query ... | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _width(text: str) -> int:
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _truncate(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = _width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def write(rows: list[dict], cols: list[str], fmt: str, out) -> None:
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=1)
        out.write("\n")
        return
    if fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(cols)
        for row in rows:
            w.writerow([_cell(row.get(c)) for c in cols])
        return
    cells = [[_cell(row.get(c)).replace("\n", " ") for c in cols] for row in rows]
    cells = [[_truncate(c, 60) for c in line] for line in cells]
    widths = [max([_width(c)] + [_width(line[i]) for line in cells]) for i, c in enumerate(cols)]

    def fmt_line(values):
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()

    out.write(fmt_line(cols) + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for line in cells:
        out.write(fmt_line(line) + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
