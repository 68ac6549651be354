"""The build driver: files → extractions → one graph → the build's files.

``build()`` is what ``kg build``, ``kg eval --assignments`` and the
benchmarks run. Documents are extracted one by one (or by ``jobs`` worker
processes); a document that fails is reported and the others still build;
PART_OF is inferred once over the whole corpus (``kg.hierarchy``).
"""
from __future__ import annotations

import multiprocessing
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from kg.errors import KgError


def _extract_one(args: tuple[str, str, str]):
    """Worker: load and extract one file. Returns (extraction, None) or (None, error)."""
    path, place, model = args
    from kg.extract import extract_document
    from kg.ingest import load_document
    try:
        return extract_document(load_document(Path(path), place), model), None
    except KgError as exc:
        return None, str(exc)
    except Exception as exc:  # one bad document must not stop the others
        return None, f"{path}: extraction failed ({type(exc).__name__}: {exc})"


def build(paths: list[str], out: Path, jobs: int = 1, ner: str = "project", place: str = "",
          progress: bool = True):
    from tqdm import tqdm

    from kg import hierarchy
    from kg.graph import build_graph
    from kg.ingest import iter_input_files
    from kg.outputs import write_build
    from kg.version import build_attributes

    files = iter_input_files(paths)
    if not files:
        raise KgError(f"no documents found in {' '.join(paths)}")
    if ner != "none":
        from kg.ner.pipeline import load_tagger
        load_tagger(ner)        # fail early, with one line, if the model is unavailable
    tasks = [(str(f), place, ner) for f in files]
    bar = tqdm(total=len(tasks), unit="doc", disable=not progress or len(tasks) < 2, file=sys.stderr)
    results = []
    if jobs > 1 and len(tasks) > 1:
        # spawn, not fork: a forked child inherits torch's thread pools and hangs.
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            for r in pool.map(_extract_one, tasks):
                results.append(r)
                bar.update()
    else:
        for t in tasks:
            results.append(_extract_one(t))
            bar.update()
    bar.close()
    extractions = [ex for ex, err in results if ex is not None]
    errors = [err for ex, err in results if err is not None]
    seen: dict[str, str] = {}
    for ex in list(extractions):
        if ex.doc.id in seen:
            errors.append(f"{ex.doc.path}: same file name as {seen[ex.doc.id]}; document ids must be unique")
            extractions.remove(ex)
        else:
            seen[ex.doc.id] = ex.doc.path
    graph = build_graph(extractions, hierarchy.part_of(hierarchy.entities(extractions)))
    graph.graph.update(build_attributes(ner))
    if extractions:
        write_build(graph, [ex.doc for ex in extractions], out)
    return graph, extractions, errors


def summary(graph, n_docs: int, errors: list[str], seconds: float) -> str:
    labels = Counter(d["label"] for _, d in graph.nodes(data=True))
    types = Counter(d["type"] for _, _, d in graph.edges(data=True))
    tasks = [n for n, d in graph.nodes(data=True) if d["label"] == "Task"]
    led = {v for u, v, d in graph.edges(data=True) if d["type"] == "LEADS"}
    lines = [f"documents: {n_docs} built, {len(errors)} failed",
             "nodes: " + ", ".join(f"{k} {labels[k]}" for k in sorted(labels)) + f" (total {graph.number_of_nodes()})",
             "relationships: " + ", ".join(f"{k} {types[k]}" for k in sorted(types))
             + f" (total {graph.number_of_edges()})",
             f"tasks with a LEADS owner: {len(led)} of {len(tasks)}",
             f"seconds: {seconds:.1f}"]
    if errors:
        lines.append("failed: " + "; ".join(errors))
    return "\n".join(lines)
