"""The project's own character-level HanLP NER model (BiLSTM-CRF, trained from scratch).

No pretrained HanLP resources are needed: the model uses randomly initialised
embeddings and is trained on CLUENER2020 mapped to the ontology labels plus
hand-annotated government sentences (see :mod:`kg.ner.training_data` and
``data/ner/README.md``). Besides the
character, each position sees its left and right character bigram and its
jieba word position and part of speech (:mod:`kg.ner.char_features`;
``bigram_embed``/``word_feature_embed`` in the config, 0 turns them off).

Two HanLP 2.1.5 quirks are handled here:

* ``RNNTaggingModel`` builds ``CRF(n_out, crf_constraints)``, i.e. it passes
  ``None`` where ``batch_first`` belongs, so the CRF treats batches as
  time-major and learns nothing useful.  :class:`KgCharNER` builds its own
  :class:`CharFeatureTaggingModel` with ``CRF(..., batch_first=True)`` (and
  sets ``model.crf.batch_first = True`` on the stock model when features are
  off), both when training and when loading a saved model.  The class must stay in
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
from hanlp.common.vocab import Vocab
from hanlp.components.ner.rnn_ner import RNNNamedEntityRecognizer
from hanlp.datasets.ner.loaders.tsv import TSVTaggingDataset
from hanlp.layers.crf.crf import CRF
from hanlp.utils.time_util import CountdownTimer
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from kg.ner.char_features import N_WORD_FEATURES, CharFeatures, bigram_vocabulary
from kg.ner.training_data import LABELS, PLACEHOLDER, to_tokens
from kg.version import MODEL_DIR as DEFAULT_MODEL_DIR


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
    bigram_embed=50,
    bigram_min_count=3,
    word_feature_embed=32,
)
DEFAULT_SEED = 1
DEFAULT_THREADS = 2

#: Files of a saved model that are needed to load it.
MODEL_FILES = ("config.json", "vocabs.json", "model.pt")

Span = tuple[int, int, str]


class CharFeatureTaggingModel(nn.Module):
    """BiLSTM-CRF over character + left/right bigram + jieba word-feature embeddings
    (see :mod:`kg.ner.char_features`)."""

    def __init__(self, n_chars: int, n_bigrams: int, n_tags: int, embed: int, bigram_embed: int,
                 word_feature_embed: int, rnn_hidden: int, drop: float, crf: bool):
        super().__init__()
        self.embed = nn.Embedding(n_chars, embed)
        self.bigram_embed = nn.Embedding(n_bigrams, bigram_embed) if bigram_embed else None
        self.word_feature_embed = nn.Embedding(N_WORD_FEATURES, word_feature_embed) if word_feature_embed else None
        n_in = embed + 2 * (bigram_embed or 0) + (word_feature_embed or 0)
        self.word_lstm = nn.LSTM(input_size=n_in, hidden_size=rnn_hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(rnn_hidden * 2, n_tags)
        self.crf = CRF(n_tags, batch_first=True) if crf else None
        self.drop = nn.Dropout(drop)
        nn.init.xavier_uniform_(self.out.weight)

    def forward(self, x: torch.Tensor, batch=None, **kwargs):
        mask = x.gt(0)
        lens = mask.sum(dim=1)
        parts = [self.embed(x)]
        if self.bigram_embed is not None:
            b = self.bigram_embed(batch["bigram_id"])        # n + 1 bigrams per sentence
            parts += [b[:, :-1], b[:, 1:]]                    # left and right bigram of each character
        if self.word_feature_embed is not None:
            parts.append(self.word_feature_embed(batch["word_feature_id"]))
        h = self.drop(torch.cat(parts, dim=-1))
        h = pack_padded_sequence(h, lens.cpu(), batch_first=True, enforce_sorted=False)
        h, _ = self.word_lstm(h)
        h, _ = pad_packed_sequence(h, batch_first=True, total_length=x.size(1))
        return self.out(self.drop(h)), mask


class KgCharNER(RNNNamedEntityRecognizer):
    """``RNNNamedEntityRecognizer`` with the CRF ``batch_first`` fix, bigram and
    word features (when its config asks for them) and a faster training loop."""

    def _uses_features(self) -> bool:
        return bool(self.config.get("bigram_embed") or self.config.get("word_feature_embed"))

    def build_dataset(self, data, transform):
        if self._uses_features():
            transform = [CharFeatures(self.vocabs, self.config.token_key), *transform]
        return TSVTaggingDataset(data, transform)

    def build_vocabs(self, dataset, logger):
        super().build_vocabs(dataset, logger)
        if self.config.get("bigram_embed"):
            self.vocabs.unlock()
            vocab = Vocab()
            for b in bigram_vocabulary((s[self.config.token_key] for s in dataset),
                                       self.config.get("bigram_min_count", DEFAULT_HPARAMS["bigram_min_count"])):
                vocab.add(b)
            self.vocabs["bigram"] = vocab
            self.vocabs.lock()

    def build_model(self, **kwargs) -> nn.Module:
        if self._uses_features():
            c = self.config
            return CharFeatureTaggingModel(
                len(self.vocabs[c.token_key]), len(self.vocabs["bigram"]) if c.get("bigram_embed") else 0,
                len(self.vocabs["tag"]), c.embed, c.get("bigram_embed") or 0, c.get("word_feature_embed") or 0,
                c.rnn_hidden, c.drop, c.crf)
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
