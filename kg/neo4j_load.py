"""Load a build (``DIR/graph.json``) into Neo4j.

The load is idempotent and document-atomic:

* a uniqueness constraint on ``id`` is created for every node label of the
  ontology (plus indexes on ``Task.doc`` and on the ``doc`` property of every
  relationship type) before anything is written;
* every document is written in ONE transaction: its ``Document`` node, its
  ``Task`` nodes, every relationship whose ``doc`` is that document (plus the
  ``FROM`` edges of its tasks), and the entity nodes those relationships touch
  (``MERGE`` on ``id``, properties replaced);
* before a document is written, its old ``Task`` nodes and every relationship
  with ``doc`` = that document are deleted in the same transaction, so a
  document whose text or extraction changed is replaced while shared entities
  are kept; a failure rolls the whole document back;
* a document whose sub-graph is unchanged since the last load (same
  ``graph_sha1`` on its ``Document`` node) is skipped unless ``force=True``;
* relationships without a document (``PART_OF`` of the administrative
  hierarchy, ...) and nodes touched by no document are written in a final
  transaction, which also removes entity nodes that are no longer in the build
  and have no relationship left.

Relationships without a document are ``MERGE``d on (source, target, type,
``key``); a document's relationships are ``CREATE``d in its transaction right
after all relationships with that ``doc`` were deleted, which is equivalent and
much faster.  ``key`` (the networkx multigraph key) is stored as a property; an
edge that has no ``doc`` but touches a Task/Document gets that document as
``doc``.  Labels and relationship types are put into Cypher text only after
checking them against the ontology's whitelist; all values are parameters.
"""
from __future__ import annotations

import hashlib
import json
import math
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Iterable

from kg.errors import KgError
from kg.model import ENTITY_LABELS, NODE_LABELS, REL_TYPES
from kg.schema import EDGE_INDEXED, INDEXED

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_BATCH_SIZE = 1000

LABELS = frozenset(NODE_LABELS)
TYPES = frozenset(REL_TYPES)


class InjectedFailure(RuntimeError):
    """Raised by the ``fail_after_batches`` test hook."""


# Test hook: called before every batch with (document or None, batch number).
# Tests may monkeypatch it to raise; ``fail_after_batches`` uses it too.
def before_batch(doc: str | None, batch_no: int) -> None:  # pragma: no cover - hook
    return None


# --------------------------------------------------------------------------- reading

def read_graph(build_dir: str | Path) -> dict:
    """Read ``build_dir/graph.json`` (node-link JSON, ``edges`` or ``links``)."""
    build = Path(build_dir)
    if not build.is_dir():
        raise KgError(f"build directory not found: {build}")
    path = build / "graph.json"
    if not path.is_file():
        raise KgError(f"{path} not found (run `kg build ... --out {build}` first)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KgError(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict) or "nodes" not in data:
        raise KgError(f"{path} is not node-link JSON (no 'nodes')")
    edges = data.get("edges", data.get("links"))
    if edges is None:
        raise KgError(f"{path} is not node-link JSON (no 'edges' or 'links')")
    return {"nodes": data["nodes"], "edges": edges, "graph": data.get("graph", {})}


def _clean_value(value: Any) -> Any:
    """A Neo4j property value, or None to drop it."""
    if value is None:
        return None
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (list, tuple, set)):
        items = [v for v in value if v is not None]
        if all(isinstance(v, str) for v in items):
            return list(items)
        if all(isinstance(v, bool) for v in items):
            return list(items)
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in items):
            return list(items) if all(isinstance(v, int) for v in items) else [float(v) for v in items]
        # mixed or nested lists: Neo4j lists must be homogeneous
        return [v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in items]
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _props(raw: dict, drop: Iterable[str]) -> dict:
    out = {}
    skip = set(drop)
    for k, v in raw.items():
        if k in skip:
            continue
        v = _clean_value(v)
        if v is not None:
            out[str(k)] = v
    return out


class _Plan:
    """The graph split into per-document units plus a final unit."""

    def __init__(self, graph: dict, build_dir: Path):
        self.nodes: dict[str, dict] = {}
        self.label: dict[str, str] = {}
        for n in graph["nodes"]:
            nid = n.get("id")
            label = n.get("label")
            if not isinstance(nid, str) or not nid:
                raise KgError(f"graph.json: node without an id: {str(n)[:120]}")
            if label not in LABELS:
                raise KgError(f"graph.json: node {nid!r} has unknown label {label!r} "
                              f"(expected one of {', '.join(NODE_LABELS)})")
            props = _props(n, drop=("label",))
            props["id"] = nid
            self.nodes[nid] = props
            self.label[nid] = label

        # which document each Task / Document node belongs to
        owner: dict[str, str] = {}
        self.documents: list[str] = []
        self.document_node: dict[str, str] = {}   # doc -> id of its Document node
        for nid, props in self.nodes.items():
            if self.label[nid] == "Document":
                doc = str(props.get("name") or nid.split(":", 1)[-1])
                props.setdefault("name", doc)
                if "sha1" not in props:
                    text_path = build_dir / "docs" / doc
                    if text_path.is_file():
                        props["sha1"] = hashlib.sha1(text_path.read_bytes()).hexdigest()
                owner[nid] = doc
                self.document_node[doc] = nid
                self.documents.append(doc)
        for nid, props in self.nodes.items():
            if self.label[nid] == "Task":
                doc = props.get("doc")
                if not isinstance(doc, str) or not doc:
                    raise KgError(f"graph.json: task {nid!r} has no 'doc'")
                owner[nid] = doc
                if doc not in self.documents:
                    self.documents.append(doc)

        self.doc_nodes: dict[str, list[str]] = defaultdict(list)   # Document + Tasks
        for nid, doc in owner.items():
            self.doc_nodes[doc].append(nid)
        self.doc_edges: dict[str, list[dict]] = defaultdict(list)
        self.final_edges: list[dict] = []
        for e in graph["edges"]:
            src, tgt, typ = e.get("source"), e.get("target"), e.get("type")
            if typ not in TYPES:
                raise KgError(f"graph.json: edge {src!r} -> {tgt!r} has unknown type {typ!r} "
                              f"(expected one of {', '.join(REL_TYPES)})")
            for end in (src, tgt):
                if end not in self.nodes:
                    raise KgError(f"graph.json: {typ} edge refers to unknown node {end!r}")
            props = _props(e, drop=("source", "target", "type"))
            if "key" not in props:
                props["key"] = 0
            row = {"s": src, "t": tgt, "key": props["key"], "doc": props.get("doc"),
                   "props": props, "type": typ}
            doc = props.get("doc")
            if not isinstance(doc, str) or not doc:
                doc = owner.get(src) or owner.get(tgt)
                if doc:  # e.g. FROM without provenance: tag it so a reload can delete it
                    props["doc"] = doc
                    row["doc"] = doc
            if doc:
                if doc not in self.documents:
                    self.documents.append(doc)
                self.doc_edges[doc].append(row)
            else:
                self.final_edges.append(row)

        self.touched: set[str] = set()   # nodes written by some document unit
        for doc in self.documents:
            self.touched.update(self.doc_nodes.get(doc, ()))
            for row in self.doc_edges.get(doc, ()):
                self.touched.add(row["s"])
                self.touched.add(row["t"])

    def unit_nodes(self, doc: str) -> list[str]:
        ids = list(dict.fromkeys(
            [*self.doc_nodes.get(doc, ())]
            + [x for row in self.doc_edges.get(doc, ()) for x in (row["s"], row["t"])]))
        return ids

    def final_nodes(self) -> list[str]:
        ids = [n for n in self.nodes if n not in self.touched]
        for row in self.final_edges:
            ids.extend((row["s"], row["t"]))
        return list(dict.fromkeys(ids))

    def unit_hash(self, doc: str) -> str:
        h = hashlib.sha1()
        for nid in sorted(self.unit_nodes(doc)):
            h.update(json.dumps([self.label[nid], self.nodes[nid]], ensure_ascii=False,
                                sort_keys=True).encode("utf-8"))
        for row in sorted(self.doc_edges.get(doc, ()),
                          key=lambda r: (r["type"], r["s"], r["t"], str(r["key"]))):
            h.update(json.dumps([row["type"], row["s"], row["t"], row["props"]],
                                ensure_ascii=False, sort_keys=True).encode("utf-8"))
        return h.hexdigest()


# --------------------------------------------------------------------------- Cypher

def _label(label: str) -> str:
    if label not in LABELS:
        raise KgError(f"refusing to use unknown label {label!r}")
    return label


def _rtype(rtype: str) -> str:
    if rtype not in TYPES:
        raise KgError(f"refusing to use unknown relationship type {rtype!r}")
    return rtype


def schema_statements() -> list[str]:
    stmts = [f"CREATE CONSTRAINT {_label(l).lower()}_id IF NOT EXISTS "
             f"FOR (n:{_label(l)}) REQUIRE n.id IS UNIQUE" for l in NODE_LABELS]
    stmts += [f"CREATE INDEX {_label(l).lower()}_{p} IF NOT EXISTS FOR (n:{_label(l)}) ON (n.{p})"
              for l, props in INDEXED.items() for p in props]
    stmts += [f"CREATE INDEX rel_{_rtype(t).lower()}_{p} IF NOT EXISTS "
              f"FOR ()-[r:{_rtype(t)}]-() ON (r.{p})" for t in REL_TYPES for p in EDGE_INDEXED]
    return stmts


def _node_query(label: str) -> str:
    return (f"UNWIND $rows AS row MERGE (n:{_label(label)} {{id: row.id}}) "
            f"SET n = row")


def _edge_query(rtype: str, src_label: str, tgt_label: str, create: bool) -> str:
    """``create``: inside a document's transaction, after its old relationships were
    deleted (so MERGE would only cost time); otherwise MERGE on (source, target, type, key)."""
    verb = "CREATE" if create else "MERGE"
    return (f"UNWIND $rows AS row "
            f"MATCH (a:{_label(src_label)} {{id: row.s}}) "
            f"MATCH (b:{_label(tgt_label)} {{id: row.t}}) "
            f"{verb} (a)-[r:{_rtype(rtype)} {{key: row.key}}]->(b) "
            f"SET r = row.props")


# --------------------------------------------------------------------------- driver

def connect(uri: str | None = None, user: str | None = None, password: str | None = None):
    """An open, verified ``neo4j.Driver``; clear ``KgError`` otherwise."""
    import neo4j
    from neo4j import exceptions as nx

    uri = uri or DEFAULT_URI
    auth = None
    if user or password:
        auth = (user or "neo4j", password or "")
    try:
        driver = neo4j.GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF")
    except (ValueError, nx.ConfigurationError) as exc:
        raise KgError(f"bad Neo4j URI {uri!r}: {exc}") from None
    try:
        driver.verify_connectivity()
    except nx.AuthError:
        driver.close()
        who = f"user {auth[0]!r}" if auth else "no credentials"
        raise KgError(f"Neo4j at {uri} rejected the credentials ({who}); "
                      f"check --user/--password or NEO4J_USER/NEO4J_PASSWORD") from None
    except (nx.ServiceUnavailable, OSError) as exc:
        driver.close()
        raise KgError(f"cannot reach Neo4j at {uri} ({_first_line(exc)}); "
                      f"is the server running? (--uri or NEO4J_URI)") from None
    except nx.Neo4jError as exc:
        driver.close()
        raise KgError(f"Neo4j at {uri}: {_first_line(exc)}") from None
    return driver


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:300].rstrip(": ")


# --------------------------------------------------------------------------- loading

def _chunks(rows: list, size: int):
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


class _Batcher:
    def __init__(self, batch_size: int, fail_after_batches: int | None,
                 on_batch: Callable[[str | None, int], None] | None):
        self.batch_size = max(1, int(batch_size))
        self.fail_after = fail_after_batches
        self.on_batch = on_batch
        self.batches = 0

    def run(self, tx, query: str, rows: list, doc: str | None) -> None:
        for chunk in _chunks(rows, self.batch_size):
            if self.fail_after is not None and self.batches >= self.fail_after:
                raise InjectedFailure(f"injected failure after {self.batches} batches "
                                      f"(document {doc or '<final>'})")
            before_batch(doc, self.batches)
            if self.on_batch:
                self.on_batch(doc, self.batches)
            tx.run(query, rows=chunk).consume()
            self.batches += 1


def _write_nodes(tx, plan: _Plan, ids: list[str], batcher: _Batcher, doc: str | None) -> int:
    by_label: dict[str, list[dict]] = defaultdict(list)
    for nid in ids:
        by_label[plan.label[nid]].append(plan.nodes[nid])
    order = ["Document", "Task", *ENTITY_LABELS]
    for label in sorted(by_label, key=lambda l: order.index(l) if l in order else 99):
        batcher.run(tx, _node_query(label), by_label[label], doc)
    return len(ids)


def _write_edges(tx, plan: _Plan, rows: list[dict], batcher: _Batcher, doc: str | None) -> int:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        groups[(row["type"], plan.label[row["s"]], plan.label[row["t"]])].append(
            {"s": row["s"], "t": row["t"], "key": row["key"], "props": row["props"]})
    for (rtype, sl, tl), group in sorted(groups.items()):
        batcher.run(tx, _edge_query(rtype, sl, tl, create=doc is not None), group, doc)
    return len(rows)


def _delete_document(tx, doc: str) -> int:
    deleted = 0
    for rtype in REL_TYPES:
        rec = tx.run(f"MATCH ()-[r:{_rtype(rtype)}]->() WHERE r.doc = $doc "
                     f"DELETE r RETURN count(*) AS n", doc=doc).single()
        deleted += rec["n"]
    rec = tx.run("MATCH (t:Task) WHERE t.doc = $doc DETACH DELETE t RETURN count(*) AS n",
                 doc=doc).single()
    return rec["n"]


def load(build_dir: str | Path, uri: str | None = None, user: str | None = None,
         password: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
         progress: bool = True, *, force: bool = False, prune: bool = True,
         fail_after_batches: int | None = None,
         on_batch: Callable[[str | None, int], None] | None = None,
         database: str | None = None) -> dict:
    """Load ``build_dir/graph.json`` into the Neo4j at ``uri``; return counts.

    ``force`` reloads documents whose sub-graph is unchanged; ``prune`` removes
    entity nodes that are neither in this build nor connected to anything.
    ``fail_after_batches`` (tests) raises :class:`InjectedFailure` before the
    batch with that number (0-based, counted over the whole load); ``on_batch``
    is called before every batch with (document, batch number).
    """
    from neo4j import exceptions as nx

    build = Path(build_dir)
    plan = _Plan(read_graph(build), build)
    batcher = _Batcher(batch_size, fail_after_batches, on_batch)
    counts = {"documents": 0, "documents_skipped": 0, "nodes": 0, "relationships": 0,
              "tasks_deleted": 0, "batches": 0, "batch_size": batcher.batch_size}
    started = time.perf_counter()

    driver = connect(uri, user, password)
    try:
        session_kw = {"database": database} if database else {}
        with driver.session(**session_kw) as session:
            try:
                for stmt in schema_statements():
                    session.run(stmt).consume()
                existing = {r["doc"]: r["h"] for r in session.run(
                    "MATCH (d:Document) RETURN d.name AS doc, d.graph_sha1 AS h")}
            except nx.Neo4jError as exc:
                raise KgError(f"cannot create the schema: {_first_line(exc)}") from None

            bar = _progress(len(plan.documents) + 1, progress)
            try:
                for doc in plan.documents:
                    bar.set_postfix_str(doc[:40], refresh=False)
                    digest = plan.unit_hash(doc)
                    if not force and existing.get(doc) == digest:
                        counts["documents_skipped"] += 1
                        bar.update(1)
                        continue
                    node_ids = plan.unit_nodes(doc)
                    doc_id = plan.document_node.get(doc)
                    if doc_id:
                        plan.nodes[doc_id]["graph_sha1"] = digest
                    edges = plan.doc_edges.get(doc, [])

                    def work(tx, doc=doc, node_ids=node_ids, edges=edges):
                        deleted = _delete_document(tx, doc)
                        n = _write_nodes(tx, plan, node_ids, batcher, doc)
                        r = _write_edges(tx, plan, edges, batcher, doc)
                        return deleted, n, r

                    deleted, n, r = _write(session, work, f"document {doc}")
                    counts["documents"] += 1
                    counts["tasks_deleted"] += deleted
                    counts["nodes"] += n
                    counts["relationships"] += r
                    bar.update(1)

                bar.set_postfix_str("<no document>", refresh=False)
                final_ids = plan.final_nodes()
                keep_ids = list(plan.nodes)

                def final(tx):
                    n = _write_nodes(tx, plan, final_ids, batcher, None)
                    r = _write_edges(tx, plan, plan.final_edges, batcher, None)
                    pruned = 0
                    if prune:
                        for label in ENTITY_LABELS:
                            rec = tx.run(
                                f"MATCH (n:{_label(label)}) WHERE NOT (n)--() "
                                f"AND NOT n.id IN $keep DELETE n RETURN count(*) AS n",
                                keep=keep_ids).single()
                            pruned += rec["n"]
                    return n, r, pruned

                n, r, pruned = _write(session, final, "relationships without a document")
                counts["nodes"] += n
                counts["relationships"] += r
                counts["entities_pruned"] = pruned
                bar.update(1)
            finally:
                bar.close()

            rec = session.run("MATCH (n) WITH count(n) AS nodes "
                              "MATCH ()-[r]->() RETURN nodes, count(r) AS rels").single()
            counts["db_nodes"] = rec["nodes"]
            counts["db_relationships"] = rec["rels"]
    except nx.ServiceUnavailable as exc:
        raise KgError(f"lost the connection to Neo4j at {uri or DEFAULT_URI}: "
                      f"{_first_line(exc)}") from None
    finally:
        driver.close()
    counts["batches"] = batcher.batches
    counts["seconds"] = round(time.perf_counter() - started, 3)
    return counts


def _write(session, work, what: str):
    from neo4j import exceptions as nx
    try:
        return session.execute_write(work)
    except InjectedFailure:
        raise
    except nx.ServiceUnavailable:
        raise
    except nx.Neo4jError as exc:
        raise KgError(f"writing {what} failed (rolled back): {_first_line(exc)}") from None


class _NoBar:
    def update(self, n=1):
        pass

    def set_postfix_str(self, s, refresh=True):
        pass

    def close(self):
        pass


def _progress(total: int, enabled: bool):
    if not enabled:
        return _NoBar()
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover
        return _NoBar()
    return tqdm(total=total, unit="doc", desc="neo4j load", leave=False)
