"""Training-data builder and CLUENER evaluation for the HanLP NER model."""
from __future__ import annotations

import json

import pytest

from kg.ner.cluener_eval import evaluate_cluener
from kg.ner.training_data import (PLACEHOLDER, bio_tags, cluener_spans, set_silver_examples,
                                  silver_examples, write_tsv, build_training_files)


def test_cluener_mapping_and_end_exclusive():
    rec = {"text": "浙商银行在杭州西湖举办活动，市政府出席，叶老桂发言",
           "label": {"company": {"浙商银行": [[0, 3]]}, "address": {"杭州": [[5, 6]]},
                     "scene": {"西湖": [[7, 8]]}, "government": {"市政府": [[14, 16]]},
                     "name": {"叶老桂": [[20, 22]]}}}
    spans = sorted(cluener_spans(rec))
    assert spans == [(0, 4, "Enterprise"), (5, 7, "Place"), (7, 9, "Place"), (14, 17, "Agency")]


def test_bio_and_whitespace_placeholder(tmp_path):
    text = "上海 电气"
    path = tmp_path / "x.tsv"
    write_tsv([(text, [(0, 5, "Enterprise")])], path)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[:5] == ["上\tB-Enterprise", "海\tI-Enterprise", f"{PLACEHOLDER}\tI-Enterprise",
                         "电\tI-Enterprise", "气\tI-Enterprise"]
    assert lines[5] == ""
    # overlapping spans: the longer one wins
    assert bio_tags("连云港市商务局", [(0, 3, "Place"), (0, 7, "Agency")])[0] == "B-Agency"


def test_silver_hook(tmp_path):
    cluener = tmp_path / "c.json"
    cluener.write_text(json.dumps({"text": "工行", "label": {"company": {"工行": [[0, 1]]}}},
                                  ensure_ascii=False) + "\n", encoding="utf-8")
    try:
        set_silver_examples([("市商务局牵头推进城北物流园区建设。", [(0, 4, "Agency"), (8, 14, "Project")])])
        assert len(silver_examples()) == 1
        train, dev = build_training_files(tmp_path / "out", cluener_train=cluener, cluener_dev=cluener)
        body = train.read_text(encoding="utf-8")
        assert "城\tB-Project" in body and "工\tB-Enterprise" in body
        with pytest.raises(ValueError):
            set_silver_examples([("abc", [(0, 2, "Person")])])
    finally:
        set_silver_examples([])


def test_evaluate_cluener_scores(tmp_path):
    dev = tmp_path / "dev.json"
    recs = [{"text": "市政府和上海电气", "label": {"government": {"市政府": [[0, 2]]}, "company": {"上海电气": [[4, 7]]}}},
            {"text": "北京大学", "label": {"organization": {"北京大学": [[0, 3]]}}}]
    dev.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n", encoding="utf-8")

    class Fake:
        def predict(self, texts):
            return [[(0, 3, "Agency"), (4, 6, "Enterprise")], [(0, 4, "Organization")]]

    r = evaluate_cluener(dev, Fake())
    assert r["government"]["f1"] == 1.0
    assert r["company"]["f1"] == 0.0 and r["company"]["predicted"] == 1
    assert r["organization"]["f1"] == 1.0
    assert r["overall"]["tp"] == 2 and r["overall"]["gold"] == 3 and r["overall"]["predicted"] == 3


def test_frozen_silver_sentences_are_valid_and_leave_the_dev_set_out():
    from kg.model import ENTITY_LABELS
    from kg.ner.silver import _dev_keys, _key, read_silver
    silver = read_silver()
    assert len(silver) > 3000
    dev = _dev_keys()
    assert len(dev) > 300
    assert not [t for t, _ in silver if _key(t) in dev]
    for text, spans in silver:
        assert spans
        for a, b, label in spans:
            assert 0 <= a < b <= len(text) and label in ENTITY_LABELS
    labels = {label for _, spans in silver for _, _, label in spans}
    assert labels == set(ENTITY_LABELS)


def _squeezed(text: str) -> str:
    from kg.normalize import normalize_line
    return "".join(normalize_line(text).split())


def test_annotated_training_set_is_valid_and_disjoint_from_the_dev_set():
    """The hand-annotated training sentences must not leak dev sentences
    (not even as a part of a longer sentence), or the dev figures lie."""
    from kg.commands.train_ner import ANNOTATED_FILE
    from kg.model import ENTITY_LABELS
    from kg.ner.silver import DEV_GOLD
    from kg.ner.training_data import read_annotated
    annotated = read_annotated(ANNOTATED_FILE)       # raises on a span that does not match its text
    assert len(annotated) > 2000
    labels = {label for _, spans in annotated for _, _, label in spans}
    assert labels == set(ENTITY_LABELS)
    dev = [_squeezed(json.loads(line)["text"]) for line in DEV_GOLD.read_text(encoding="utf-8").splitlines()
           if line.strip()]
    long_dev = [d for d in dev if len(d) >= 20]
    dev_set = set(dev)
    for text, _ in annotated:
        t = _squeezed(text)
        assert t not in dev_set, text
        if len(t) >= 20:
            assert not [d for d in long_dev if d in t or t in d], text


def test_read_annotated_rejects_offsets_that_do_not_match(tmp_path):
    from kg.ner.training_data import read_annotated
    good = {"text": "市商务局牵头推进城北物流园区建设。",
            "entities": [{"text": "市商务局", "type": "Agency", "start": 0, "end": 4},
                         {"text": "城北物流园区", "type": "Project", "start": 8, "end": 14}]}
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n", encoding="utf-8")
    assert read_annotated(path) == [(good["text"], [(0, 4, "Agency"), (8, 14, "Project")])]
    bad = dict(good, entities=[dict(good["entities"][1], start=7, end=13)])
    path.write_text(json.dumps(bad, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="a.jsonl:1"):
        read_annotated(path)
