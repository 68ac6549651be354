"""Training data for the project's own character-level HanLP NER model.

The model is trained on CLUENER2020 (mapped onto the ontology labels) plus,
optionally, silver-labelled sentences from government documents.

Label mapping (CLUENER -> ontology), see ``CLUENER_TO_ONTOLOGY``:

* ``government``   -> ``Agency``
* ``company``      -> ``Enterprise``
* ``organization`` -> ``Organization``
* ``address``      -> ``Place``
* ``scene``        -> ``Place``.  Decision: CLUENER "scene" is mostly tourist
  sites and natural features (泸沽湖, 香山, 永定河, 青城山风景名胜区,
  南海子公园, 德国汉堡码头).  The ontology's ``Place`` explicitly includes
  "a port or other named location", so these are Places; dropping them to
  ``O`` would teach the model that such named locations are *not* entities,
  which contradicts the ontology.  The cost is a little noise (a few generic
  spans such as 博物馆/美术馆 are annotated as scene in CLUENER); the
  gazetteer/rule layer and the silver data are expected to dominate ``Place``
  decisions anyway, and the CLUENER evaluation does not score ``Place``.
* ``name``, ``position``, ``book``, ``game``, ``movie`` -> dropped (``O``):
  people are not extracted and titles in 《》 are not entities.

``Project`` gets no CLUENER data; it comes from the hand-annotated training
set (``data/ner/train_gold.jsonl``, :func:`read_annotated`: government
sentences annotated by reading, following ``data/dev/GUIDE.md``, disjoint from
the development set) and, optionally, the silver hook
(:func:`set_silver_examples` / the ``silver`` argument of
:func:`build_training_files`).

TSV format: one character and one BIO tag per line, separated by a tab, a blank
line between sentences.  HanLP's TSV reader splits lines on whitespace, so every
whitespace character is replaced by :data:`PLACEHOLDER` (one character for one
character, so offsets are unchanged); prediction does the same.
"""
from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Iterable, Sequence

from kg.model import ENTITY_LABELS

PLACEHOLDER = "□"
LABELS = ENTITY_LABELS

CLUENER_TO_ONTOLOGY = {
    "government": "Agency",
    "company": "Enterprise",
    "organization": "Organization",
    "address": "Place",
    "scene": "Place",
}

DEFAULT_CACHE_DIR = Path("build/ner-data")
# CLUENER2020 train/dev ship with the repository (data/cluener/README.md);
# an installed package without the repository passes its own copy by option.
CLUENER_DIR = Path(__file__).resolve().parents[2] / "data" / "cluener"

Span = tuple[int, int, str]          # (start, end_exclusive, label)
Example = tuple[str, list[Span]]     # (text, spans)

# Silver-labelled government sentences; filled by the rule/gazetteer layer.
_SILVER: list[Example] = []


def normalize_char(ch: str) -> str:
    """Map a character to the token HanLP sees (whitespace -> placeholder)."""
    return PLACEHOLDER if ch.isspace() else ch


def to_tokens(text: str) -> list[str]:
    return [normalize_char(c) for c in text]


# --------------------------------------------------------------------------- CLUENER
def cluener_spans(record: dict, mapping: dict[str, str] = CLUENER_TO_ONTOLOGY) -> list[Span]:
    """Ontology spans of one CLUENER record (end exclusive), unmapped labels dropped."""
    spans = []
    for ctype, mentions in (record.get("label") or {}).items():
        label = mapping.get(ctype)
        if label is None:
            continue
        for _surface, positions in mentions.items():
            for start, end_incl in positions:
                spans.append((int(start), int(end_incl) + 1, label))
    return spans


def read_cluener(path: str | Path, mapping: dict[str, str] = CLUENER_TO_ONTOLOGY) -> list[Example]:
    examples = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            record = json.loads(line)
            examples.append((record["text"], cluener_spans(record, mapping)))
    return examples


# --------------------------------------------------------------------------- hand-annotated
def read_annotated(path: str | Path) -> list[Example]:
    """Hand-annotated sentences in the dev-set format (``{"text", "entities":
    [{"start", "end", "type"}, ...]}`` per line); entity offsets are checked."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            d = json.loads(line)
            text = d["text"]
            for e in d["entities"]:
                if text[e["start"]:e["end"]] != e["text"]:
                    raise ValueError(f"{path}:{n}: entity {e['text']!r} does not match its offsets")
            out.append((text, [(e["start"], e["end"], e["type"]) for e in d["entities"]]))
    return validate_examples(out)


# --------------------------------------------------------------------------- silver hook
def set_silver_examples(examples: Iterable[Example]) -> None:
    """Register silver-labelled sentences ``[(text, [(start, end, label)])]``.

    ``end`` is exclusive; labels must be ontology NER labels (:data:`LABELS`).
    ``kg train-ner --silver`` fills this from ``data/ner/silver.jsonl`` (the
    rule/gazetteer layer over ``seeds/`` and ``data/corpus/``).  They are appended to the CLUENER training data by
    :func:`build_training_files` (unless a ``silver`` list is passed explicitly).
    """
    _SILVER.clear()
    _SILVER.extend(validate_examples(examples))


def silver_examples() -> list[Example]:
    """The currently registered silver examples (empty until some are set)."""
    return list(_SILVER)


def validate_examples(examples: Iterable[Example]) -> list[Example]:
    out = []
    for text, spans in examples:
        clean = []
        for start, end, label in spans:
            if label not in LABELS:
                raise ValueError(f"unknown NER label {label!r} in {text!r}")
            if not (0 <= start < end <= len(text)):
                raise ValueError(f"bad span ({start}, {end}) in {text!r}")
            clean.append((int(start), int(end), label))
        out.append((text, clean))
    return out


# --------------------------------------------------------------------------- TSV
def bio_tags(text: str, spans: Sequence[Span]) -> list[str]:
    """BIO tags for ``text``.  Overlapping spans: longer (then earlier) span wins."""
    tags = ["O"] * len(text)
    taken = [False] * len(text)
    for start, end, label in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if any(taken[start:end]):
            continue
        for i in range(start, end):
            taken[i] = True
            tags[i] = ("B-" if i == start else "I-") + label
    return tags


def write_tsv(examples: Iterable[Example], path: str | Path) -> int:
    """Write examples as a char-level BIO TSV; returns the number of sentences."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for text, spans in examples:
            if not text:
                continue
            for ch, tag in zip(to_tokens(text), bio_tags(text, spans)):
                fh.write(f"{ch}\t{tag}\n")
            fh.write("\n")
            n += 1
    return n


def build_training_files(out_dir: str | Path = DEFAULT_CACHE_DIR,
                         cluener_train: str | Path = CLUENER_DIR / "train.json",
                         cluener_dev: str | Path = CLUENER_DIR / "dev.json",
                         silver: Sequence[Example] | None = None,
                         annotated: Sequence[Example] = (),
                         annotated_repeat: int = 1,
                         sample: int | None = None,
                         dev_sample: int | None = None,
                         sample_seed: int = 0) -> tuple[Path, Path]:
    """Write ``train.tsv`` and ``dev.tsv`` into ``out_dir``; return their paths.

    ``silver`` defaults to :func:`silver_examples`.  ``annotated`` (the
    hand-annotated government sentences) is appended ``annotated_repeat``
    times: it is small beside CLUENER, and repeating it weights the in-domain
    style up without changing the sampler.  ``sample`` keeps a fixed
    random sample (``random.Random(sample_seed)``) of that many training
    sentences (silver included), ``dev_sample`` the first N dev sentences.
    """
    out_dir = Path(out_dir)
    train = read_cluener(cluener_train)
    train += validate_examples(silver if silver is not None else silver_examples())
    train += validate_examples(annotated) * annotated_repeat
    if sample:
        rng = random.Random(sample_seed)
        idx = sorted(rng.sample(range(len(train)), min(sample, len(train))))
        train = [train[i] for i in idx]
    dev = read_cluener(cluener_dev)
    if dev_sample:
        dev = dev[:dev_sample]
    suffix = f"-s{sample}" if sample else ""
    train_tsv = out_dir / f"train{suffix}.tsv"
    dev_tsv = out_dir / f"dev{'-s%d' % dev_sample if dev_sample else ''}.tsv"
    write_tsv(train, train_tsv)
    write_tsv(dev, dev_tsv)
    return train_tsv, dev_tsv
