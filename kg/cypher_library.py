"""The library of named Cypher queries in ``kg/cypher/*.cypher`` (package data).

Each file starts with a comment block::

    // question: Which tasks does an agency lead or support?
    // param: agency = 连云港市商务局
    // param: limit = 50
    MATCH ...

``question`` is what the query answers; every ``param`` line names a
parameter (``$agency``) and its default value.  Defaults are typed: integers,
floats, ``true``/``false`` and ``null`` are parsed, anything else is a string
(quotes are optional and stripped).  Run with no parameters, a query uses its
defaults.  Further ``//`` lines of the header are kept as ``notes``.

The folder is ``$KG_CYPHER_DIR`` if set, else the ``cypher/`` folder of the
installed package (so an installed ``kg``, not only a checkout, has it).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KgError

_PARAM_RE = re.compile(r"^\s*//\s*param\s*:\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:=\s*(.*?))?\s*$")
_QUESTION_RE = re.compile(r"^\s*//\s*question\s*:\s*(.*?)\s*$", re.I)


@dataclass
class Query:
    name: str
    question: str
    cypher: str
    params: dict[str, Any] = field(default_factory=dict)   # name -> default
    notes: str = ""
    path: Path | None = None

    def bind(self, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
        """The parameters to run with: defaults, overridden (and coerced to the
        default's type) by ``overrides``; unknown names are an error."""
        values = dict(self.params)
        for key, value in (overrides or {}).items():
            if key not in self.params:
                known = ", ".join(self.params) or "none"
                raise KgError(f"query {self.name!r} has no parameter {key!r} (parameters: {known})")
            values[key] = coerce(value, self.params[key])
        return values


def cypher_dir() -> Path:
    env = os.environ.get("KG_CYPHER_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent / "cypher"


def parse_value(text: str | None) -> Any:
    """A default value from a header line."""
    if text is None:
        return None
    t = text.strip()
    if len(t) >= 2 and t[0] == t[-1] and t[0] in "\"'":
        return t[1:-1]
    low = t.lower()
    if low in ("null", "none", ""):
        return None
    if low in ("true", "false"):
        return low == "true"
    if re.fullmatch(r"[+-]?\d+", t):
        return int(t)
    if re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+)([eE][+-]?\d+)?", t):
        return float(t)
    return t


def coerce(value: Any, default: Any) -> Any:
    """``value`` (usually a string from the command line) in the type of ``default``."""
    if not isinstance(value, str):
        return value
    try:
        if isinstance(default, bool):
            if value.lower() in ("true", "1", "yes"):
                return True
            if value.lower() in ("false", "0", "no"):
                return False
            raise ValueError(value)
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
    except ValueError:
        raise KgError(f"parameter value {value!r} is not a {type(default).__name__}") from None
    if default is None:
        return parse_value(value)
    return value


def parse(text: str, name: str = "<query>", path: Path | None = None) -> Query:
    question = ""
    params: dict[str, Any] = {}
    notes: list[str] = []
    body: list[str] = []
    in_header = True
    for line in text.splitlines():
        stripped = line.strip()
        if in_header and (stripped.startswith("//") or not stripped):
            m = _QUESTION_RE.match(line)
            if m:
                question = m.group(1)
                continue
            m = _PARAM_RE.match(line)
            if m:
                params[m.group(1)] = parse_value(m.group(2))
                continue
            if stripped.startswith("//"):
                notes.append(stripped[2:].strip())
            continue
        in_header = False
        body.append(line)
    cypher = "\n".join(body).strip().rstrip(";").strip()
    if not cypher:
        raise KgError(f"query {name!r} has no Cypher")
    return Query(name=name, question=question, cypher=cypher, params=params,
                 notes="\n".join(n for n in notes if n), path=path)


def load_library(folder: str | Path | None = None) -> dict[str, Query]:
    """All queries of the library, by name (file name without ``.cypher``)."""
    root = Path(folder) if folder else cypher_dir()
    if not root.is_dir():
        raise KgError(f"Cypher library not found: {root} (set KG_CYPHER_DIR)")
    out = {}
    for path in sorted(root.glob("*.cypher")):
        out[path.stem] = parse(path.read_text(encoding="utf-8"), path.stem, path)
    return out


def get(name: str, folder: str | Path | None = None) -> Query:
    lib = load_library(folder)
    if name not in lib:
        raise KgError(f"no query named {name!r} in {folder or cypher_dir()} "
                      f"(try `kg query --list`)")
    return lib[name]


def to_plain(value: Any) -> Any:
    """A JSON-friendly version of a value returned by the driver."""
    from neo4j.graph import Node, Path as GPath, Relationship

    if isinstance(value, Node):
        return {"labels": sorted(value.labels), **{k: to_plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"type": value.type,
                "start": value.start_node.get("id") if value.start_node else None,
                "end": value.end_node.get("id") if value.end_node else None,
                **{k: to_plain(v) for k, v in value.items()}}
    if isinstance(value, GPath):
        return {"nodes": [to_plain(n) for n in value.nodes],
                "relationships": [to_plain(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def run(driver, query: Query | str, params: dict[str, Any] | None = None,
        database: str | None = None) -> tuple[list[str], list[dict]]:
    """Run a library query (or Cypher text) and return (columns, rows as dicts).
    Library queries run in read mode; ad-hoc Cypher text in write mode."""
    if isinstance(query, Query):
        cypher, values, routing = query.cypher, query.bind(params), "r"
    else:
        cypher, values, routing = query, dict(params or {}), "w"
    from neo4j import exceptions as nx
    try:
        kw = {"database_": database} if database else {}
        records, summary, keys = driver.execute_query(cypher, values, routing_=routing, **kw)
    except nx.CypherSyntaxError as exc:
        raise KgError(f"Cypher syntax error: {str(exc).splitlines()[0]}") from None
    except nx.ClientError as exc:
        raise KgError(f"query failed: {str(exc).splitlines()[0]}") from None
    rows = [{k: to_plain(r[k]) for k in keys} for r in records]
    return list(keys), rows


def run_named(driver, name: str, params: dict[str, Any] | None = None,
              folder: str | Path | None = None) -> list[dict]:
    """Convenience for notebooks: run library query ``name``, return rows."""
    return run(driver, get(name, folder), params)[1]


def dataframe(driver, name: str, params: dict[str, Any] | None = None,
              folder: str | Path | None = None):
    """Run library query ``name`` and return a pandas DataFrame (pandas needed)."""
    import pandas as pd
    cols, rows = run(driver, get(name, folder), params)
    return pd.DataFrame(rows, columns=cols)
