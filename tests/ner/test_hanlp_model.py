"""The project's own HanLP NER model: shipped model loads offline and tags plausibly;
training is deterministic."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import torch

os.environ.setdefault("HF_HUB_OFFLINE", "1")

hanlp = pytest.importorskip("hanlp")

from kg.ner import hanlp_model as hm  # noqa: E402
from kg.ner.training_data import CLUENER_DIR, PLACEHOLDER, build_training_files  # noqa: E402

SHIPPED = hm.DEFAULT_MODEL_DIR


@pytest.fixture(scope="module")
def tagger():
    if not (SHIPPED / "model.pt").is_file():
        pytest.skip("shipped NER model not built (run `kg train-ner`)")
    return hm.load(SHIPPED)


def test_shipped_model_files_are_small_and_complete():
    if not (SHIPPED / "model.pt").is_file():
        pytest.skip("shipped NER model not built")
    names = {p.name for p in SHIPPED.iterdir()}
    assert set(hm.MODEL_FILES) <= names
    assert sum(p.stat().st_size for p in SHIPPED.iterdir()) < 20 * 1024 * 1024


def test_loads_with_hanlp_load_from_package_path():
    if not (SHIPPED / "model.pt").is_file():
        pytest.skip("shipped NER model not built")
    component = hanlp.load(str(SHIPPED), devices=-1, verbose=False)
    assert isinstance(component, hm.KgCharNER)
    assert component.model.crf.batch_first is True          # the CRF fix survives loading
    out = component.predict([list("市商务局牵头推进电商发展。")])
    assert isinstance(out, list) and len(out) == 1


def test_agency_span_in_government_sentence(tagger):
    [spans] = tagger.predict(["市商务局牵头推进电商发展。"])
    assert (0, 4, "Agency") in spans


def test_agency_and_enterprise_in_sentence(tagger):
    text = "连云港市商务局与上海电气集团签订合作协议。"
    [spans] = tagger.predict([text])
    found = {(text[s:e], label) for s, e, label in spans}
    assert ("连云港市商务局", "Agency") in found
    assert ("上海电气集团", "Enterprise") in found


def test_offsets_refer_to_original_text_with_whitespace(tagger):
    texts = ["连云港市 商务局\t与上海电气签订合作协议。", "", "  \n", "市商务局牵头推进电商发展。" * 30]
    out = tagger.predict(texts)
    assert len(out) == 4 and out[1] == [] and out[2] == []
    for text, spans in zip(texts, out):
        for s, e, label in spans:
            assert 0 <= s < e <= len(text)
            assert label in {"Agency", "Enterprise", "Organization", "Project", "Place"}
            assert PLACEHOLDER not in text[s:e]
    # offsets after a space stay aligned: an Agency span ends right after 商务局
    assert any(label == "Agency" and e == texts[0].index("商务局") + 3 for s, e, label in out[0])
    # long input is segmented, yet every repetition is found at its own offset
    agency_starts = {s for s, e, label in out[3] if label == "Agency"}
    assert len(agency_starts) >= 25


def _state(save_dir: Path) -> dict:
    return torch.load(save_dir / "model.pt", map_location="cpu", weights_only=True)


@pytest.mark.skipif(not (CLUENER_DIR / "train.json").is_file(), reason="CLUENER not available")
def test_training_is_deterministic(tmp_path):
    train_tsv, dev_tsv = build_training_files(tmp_path / "data", sample=200, dev_sample=50)
    texts = ["市商务局牵头推进电商发展。", "连云港市商务局与上海电气签订合作协议。"]
    states, preds = [], []
    for run in ("a", "b"):
        hm.train(train_tsv, dev_tsv, tmp_path / run, seed=7, epochs=1, threads=1, verbose=False)
        states.append(_state(tmp_path / run))
        preds.append(hm.load(tmp_path / run).predict(texts))
    assert states[0].keys() == states[1].keys()
    for k in states[0]:
        assert torch.equal(states[0][k], states[1][k]), k
    assert preds[0] == preds[1]
    # a different seed gives a different model (the seed is actually used)
    hm.train(train_tsv, dev_tsv, tmp_path / "c", seed=8, epochs=1, threads=1, verbose=False)
    other = _state(tmp_path / "c")
    assert any(not torch.equal(states[0][k], other[k]) for k in other)
