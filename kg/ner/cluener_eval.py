"""Entity-level evaluation of an NER tagger on CLUENER2020 dev (for ``kg eval --cluener``).

Gold spans are the CLUENER mentions of ``government``, ``company`` and
``organization`` (every listed position, end made exclusive), mapped to the
ontology labels Agency / Enterprise / Organization as in
:data:`kg.ner.training_data.CLUENER_TO_ONTOLOGY`.  A prediction is correct when
start, end and label all match exactly.  ``Place`` (address + scene) is scored
too, under ``"address+scene"``, for information; it is not part of ``overall``.
"""
from __future__ import annotations

import json
from pathlib import Path

from kg.ner.training_data import CLUENER_TO_ONTOLOGY

SCORED = ("government", "company", "organization")
EXTRA = {"address+scene": "Place"}


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "tp": tp, "predicted": n_pred, "gold": n_gold}


def _tagger_predict(tagger, texts):
    if hasattr(tagger, "component"):          # kg.ner.hanlp_model.NerTagger
        return tagger.predict(texts)
    if callable(getattr(tagger, "predict", None)):
        try:
            from kg.ner.hanlp_model import KgCharNER, NerTagger
            if isinstance(tagger, KgCharNER):  # a bare HanLP component
                return NerTagger(tagger).predict(texts)
        except ImportError:  # pragma: no cover
            pass
        return tagger.predict(texts)
    return tagger(texts)


def evaluate_cluener(dev_json_path: str | Path, tagger) -> dict:
    """Per-label and micro-overall precision/recall/F1 on CLUENER dev.

    ``tagger`` is anything with ``predict(texts) -> [[(start, end, label)]]`` (e.g. the
    object returned by :func:`kg.ner.hanlp_model.load`), or a callable doing the same.
    Returns ``{"government": {...}, "company": {...}, "organization": {...},
    "overall": {...}, "address+scene": {...}, "sentences": n}``.
    """
    texts, gold = [], []
    with open(dev_json_path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            texts.append(rec["text"])
            spans = set()
            for ctype, mentions in (rec.get("label") or {}).items():
                label = CLUENER_TO_ONTOLOGY.get(ctype)
                if label is None:
                    continue
                for positions in mentions.values():
                    for s, e in positions:
                        spans.add((int(s), int(e) + 1, label))
            gold.append(spans)
    pred = [set(map(tuple, p)) for p in _tagger_predict(tagger, texts)]

    groups = {c: CLUENER_TO_ONTOLOGY[c] for c in SCORED}
    groups.update(EXTRA)
    result: dict = {}
    totals = [0, 0, 0]
    for name, label in groups.items():
        tp = n_pred = n_gold = 0
        for g, p in zip(gold, pred):
            g_l = {s for s in g if s[2] == label}
            p_l = {s for s in p if s[2] == label}
            tp += len(g_l & p_l)
            n_pred += len(p_l)
            n_gold += len(g_l)
        result[name] = _prf(tp, n_pred, n_gold)
        if name in SCORED:
            totals[0] += tp
            totals[1] += n_pred
            totals[2] += n_gold
    result["overall"] = _prf(*totals)
    result["sentences"] = len(texts)
    return result
