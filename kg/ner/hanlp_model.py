"""The project's own character-level HanLP NER model (BiLSTM-CRF, trained from scratch).

No pretrained HanLP resources are needed: the model uses a randomly initialised
character embedding (integer ``embed``) and is trained on CLUENER2020 mapped to
the ontology labels (see :mod:`kg.ner.training_data`).

Two HanLP 2.1.5 quirks are handled here:

* ``RNNTaggingModel`` builds ``CRF(n_out, crf_constraints)``, i.e. it passes
  ``None`` where ``batch_first`` belongs, so the CRF treats batches as
  time-major and learns nothing useful.  :class:`KgCharNER` sets
  ``model.crf.batch_first = True`` in :meth:`KgCharNER.build_model`, which runs
  both when training and when loading a saved model.  The class must stay in
  this module: a saved HanLP model records its class path
  (``kg.ner.hanlp_model.KgCharNER``) in ``config.json``.
* HanLP's TSV reader splits on whitespace and so drops whitespace tokens; all
  whitespace characters are mapped to :data:`~kg.ner.training_data.PLACEHOLDER`
  for training and prediction (one character for one, so offsets are kept).

Usage::

    from kg.ner.hanlp_model import load
    tagger = load()                       # the shipped model (kg/data/models/ner)
    tagger.predict(["市商务局牵头推进电商发展。"])
    # -> [[(0, 4, 'Agency')]]
"""
from __future__ import annotations

import logging
import os
import random
import re
import time
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import torch
from torch import nn

import hanlp
from hanlp.components.ner.rnn_ner import RNNNamedEntityRecognizer
from hanlp.utils.time_util import CountdownTimer

from kg.ner.training_data import LABELS, PLACEHOLDER, to_tokens

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "models" / "ner"

#: Hyper-parameters of the shipped model (see ``kg train-ner``).
DEFAULT_HPARAMS = dict(
    embed=128,
    rnn_hidden=256,
    rnn_input=None,
    drop=0.5,
    lr=2e-3,
    batch_size=32,
    crf=True,
    optimizer="adam",
    tagging_scheme="BIO",
    anneal_factor=0.5,
    anneal_patience=2,
    patience=100,
)
DEFAULT_SEED = 1
DEFAULT_THREADS = 2

#: Files of a saved model that are needed to load it.
MODEL_FILES = ("config.json", "vocabs.json", "model.pt")

Span = tuple[int, int, str]


class KgCharNER(RNNNamedEntityRecognizer):
    """``RNNNamedEntityRecognizer`` with the CRF ``batch_first`` fix and a faster training loop."""

    def build_model(self, **kwargs) -> nn.Module:
        model = super().build_model(**kwargs)
        if getattr(model, "crf", None) is not None:
            model.crf.batch_first = True
        return model

    def fit_dataloader(self, trn, criterion, optimizer, metric, logger: logging.Logger, ratio_width=None,
                       **kwargs):
        # Same as RNNTagger.fit_dataloader, minus the per-batch Viterbi decoding used only
        # for a running training-set score (it costs a large share of each epoch on CPU).
        self.model.train()
        timer = CountdownTimer(len(trn))
        total_loss = 0.0
        for idx, batch in enumerate(trn):
            optimizer.zero_grad()
            out, mask = self.feed_batch(batch)
            loss = self.compute_loss(criterion, out, batch["tag_id"], mask)
            loss.backward()
            nn.utils.clip_grad_norm_(self.model.parameters(), 5.0)
            optimizer.step()
            total_loss += loss.item()
            timer.log(f"loss: {total_loss / (idx + 1):.4f}", ratio_percentage=False, logger=logger,
                      ratio_width=ratio_width)
            del loss, out, mask


# --------------------------------------------------------------------------- training
def set_determinism(seed: int, threads: int = DEFAULT_THREADS) -> None:
    """Fix every source of randomness we control (python, numpy, torch) and the thread count."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    try:
        torch.use_deterministic_algorithms(True, warn_only=True)
    except Exception:  # pragma: no cover - very old torch
        pass


def train(train_tsv: str | os.PathLike, dev_tsv: str | os.PathLike, save_dir: str | os.PathLike,
          seed: int = DEFAULT_SEED, epochs: int = 10, threads: int = DEFAULT_THREADS,
          verbose: bool = True, **hparams) -> dict:
    """Train a :class:`KgCharNER` from scratch and save it into ``save_dir``.

    The best epoch by dev span-F1 is kept.  Training is reproducible for the same
    data, seed, hyper-parameters and ``threads``.  Returns a small summary dict.
    """
    save_dir = Path(save_dir).resolve()
    save_dir.mkdir(parents=True, exist_ok=True)
    params = dict(DEFAULT_HPARAMS)
    params.update(hparams)
    set_determinism(seed, threads)
    tagger = KgCharNER()
    started = time.time()
    logger = None
    if not verbose:
        logger = logging.getLogger(f"kg.ner.train.{id(tagger)}")
        logger.addHandler(logging.NullHandler())
        logger.propagate = False
    tagger.fit(str(train_tsv), str(dev_tsv), str(save_dir), epochs=epochs, seed=seed,
                      devices=-1, logger=logger, verbose=verbose, **params)
    elapsed = time.time() - started
    return {
        "seed": seed,
        "epochs": epochs,
        "threads": threads,
        "hparams": params,
        "train_seconds": round(elapsed, 1),
    }


# --------------------------------------------------------------------------- prediction
_SENT_END = re.compile(r"(?<=[。！？；!?;\n])")


def _segments(text: str, max_len: int) -> Iterable[tuple[int, str]]:
    """Split ``text`` into (offset, piece) of at most ``max_len`` chars, at sentence ends
    where possible, else at a comma, else hard."""
    offset = 0
    for piece in _SENT_END.split(text):
        while len(piece) > max_len:
            cut = max(piece.rfind("，", 0, max_len), piece.rfind(",", 0, max_len))
            cut = cut + 1 if cut > max_len // 4 else max_len
            yield offset, piece[:cut]
            offset += cut
            piece = piece[cut:]
        if piece:
            yield offset, piece
            offset += len(piece)


class NerTagger:
    """Wraps a loaded :class:`KgCharNER`; predicts character-offset spans on raw texts."""

    def __init__(self, component: KgCharNER, batch_size: int = 128, max_len: int = 200):
        self.component = component
        self.batch_size = batch_size
        self.max_len = max_len

    def predict(self, texts: Sequence[str], batch_size: int | None = None) -> list[list[Span]]:
        """Spans ``(start, end_exclusive, label)`` per text, offsets into the original texts."""
        pieces: list[tuple[int, int, list[str]]] = []
        for i, text in enumerate(texts):
            for off, piece in _segments(text or "", self.max_len):
                if piece.strip():
                    pieces.append((i, off, to_tokens(piece)))
        results: list[list[Span]] = [[] for _ in texts]
        if not pieces:
            return results
        with torch.inference_mode():
            outputs = self.component.predict([p[2] for p in pieces], batch_size=batch_size or self.batch_size)
        for (i, off, tokens), ents in zip(pieces, outputs):
            for _surface, label, b, e in ents:
                # never start or end a span on (mapped) whitespace
                while b < e and tokens[b] == PLACEHOLDER:
                    b += 1
                while e > b and tokens[e - 1] == PLACEHOLDER:
                    e -= 1
                if label in LABELS and e > b:
                    results[i].append((off + b, off + e, label))
        for spans in results:
            spans.sort()
        return results

    __call__ = predict


def load(save_dir: str | os.PathLike | None = None, **kwargs) -> NerTagger:
    """Load a saved model (default: the shipped one) with ``hanlp.load``; offline."""
    path = Path(save_dir) if save_dir else DEFAULT_MODEL_DIR
    component = hanlp.load(str(path.resolve()), devices=-1, verbose=False)
    return NerTagger(component, **kwargs)


_DEFAULT: NerTagger | None = None


def predict(texts: Sequence[str], tagger: NerTagger | None = None) -> list[list[Span]]:
    """Tag ``texts`` with ``tagger`` (default: the shipped model, loaded once)."""
    global _DEFAULT
    if tagger is None:
        if _DEFAULT is None:
            _DEFAULT = load()
        tagger = _DEFAULT
    return tagger.predict(texts)
