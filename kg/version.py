"""Which code and which NER model made a build: ``kg --version`` and the
``graph`` attributes of ``graph.json``.

The shipped model is named by the first 12 hex digits of its ``model.pt``
sha256 and its training date from ``training_info.json`` (``trained_on``), so
an analyst holding two builds can tell whether the same model produced them.
Reading it needs no torch: hashing 16 MB takes a few milliseconds.
"""
from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from kg import __version__

#: The shipped model's folder (the same as ``kg.ner.hanlp_model.DEFAULT_MODEL_DIR``).
MODEL_DIR = Path(__file__).resolve().parent / "data" / "models" / "ner"


@functools.lru_cache(maxsize=None)
def model_id(model_dir: Path = MODEL_DIR) -> dict:
    """``{"sha256": <12 hex digits of model.pt>, "trained_on": <YYYY-MM-DD or "">}``."""
    h = hashlib.sha256()
    with open(model_dir / "model.pt", "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    info_file = model_dir / "training_info.json"
    info = json.loads(info_file.read_text(encoding="utf-8")) if info_file.is_file() else {}
    return {"sha256": h.hexdigest()[:12], "trained_on": info.get("trained_on", "")}


def build_attributes(ner: str) -> dict:
    """Graph-level attributes recorded in every build (``graph.json``'s ``graph``)."""
    attrs = {"kg_version": __version__, "ner": ner}
    if ner == "project":
        mid = model_id()
        attrs["ner_model_sha256"] = mid["sha256"]
        attrs["ner_model_trained_on"] = mid["trained_on"]
    return attrs


def version_line() -> str:
    """One line for ``kg --version``."""
    try:
        mid = model_id()
        model = f"NER model {mid['sha256']} (trained {mid['trained_on'] or 'on an unrecorded date'})"
    except OSError:
        model = "NER model missing from the package"
    return f"kg {__version__}; {model}"
