"""The ``kg`` command. Each sub-command lives in ``kg/commands/<name>.py`` and
exposes ``add_parser(subparsers)`` that registers itself with ``func=run``."""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

import kg.commands
from kg.errors import KgError
from kg.version import version_line

DESCRIPTION = ("Builds a knowledge graph of Chinese government documents: the agencies, enterprises, "
               "organisations, projects and places they name, and who leads (LEADS) or supports "
               "(SUPPORTS) each task; writes JSON, GraphML, an owner table and an offline viewer, "
               "and loads the graph into Neo4j.")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=version_line(),
                        help="print the package version and the shipped NER model's id, then exit")
    sub = parser.add_subparsers(dest="command", required=True)
    for info in sorted(pkgutil.iter_modules(kg.commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"kg.commands.{info.name}")
        if hasattr(module, "add_parser"):
            module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except KgError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
