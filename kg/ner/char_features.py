"""Per-character input features of the project's NER model, besides the character itself.

* **Character bigrams.** A sentence of n characters has n + 1 bigrams
  (``<s>c0``, ``c0c1``, …, ``c(n-1)</s>``); character i sees bigram i (its left
  bigram) and bigram i + 1 (its right bigram), through one embedding table.
  The bigram vocabulary is built from the training data (bigrams seen at least
  ``bigram_min_count`` times) and saved with the model in ``vocabs.json``.
* **Word position and part of speech from jieba.** Each character gets the
  position of its character in the jieba word (B/M/E/S) and the word's coarse
  part of speech (ns place, nt organisation, nr person, nz other proper noun,
  …), from jieba's own bundled dictionary (pinned version, no user words), so
  the feature is the same at training and prediction time.

Both are standard for character-level Chinese NER trained from scratch: the
character alone does not tell a model where words end, and bigrams and a
lexicon are the cheap substitutes for a pretrained encoder (which cannot be
downloaded here).
"""
from __future__ import annotations

import functools
from collections import Counter
from typing import Sequence

BOS, EOS = "<s>", "</s>"

# Coarse jieba part-of-speech flags kept apart; every other flag maps to "o".
_FLAGS = ("n", "nr", "ns", "nt", "nz", "v", "vn", "a", "d", "m", "q", "t", "f", "p", "c", "u",
          "r", "x", "eng", "j", "l", "i", "s", "o")
_POSITIONS = "BMES"
#: Number of word-feature ids, padding (0) included.
N_WORD_FEATURES = 1 + len(_FLAGS) * len(_POSITIONS)


def _coarse(flag: str) -> str:
    if flag in _FLAGS:
        return flag
    if flag in ("nrt", "nrfg"):
        return "nr"
    if flag.startswith("u"):
        return "u"
    return "o"


def _feature_id(position: str, flag: str) -> int:
    return 1 + _FLAGS.index(_coarse(flag)) * len(_POSITIONS) + _POSITIONS.index(position)


@functools.lru_cache(maxsize=20000)
def word_features(text: str) -> tuple[int, ...]:
    """One id per character of ``text``: its position in the jieba word and the word's coarse POS."""
    from kg.ner.gazetteer import jieba_posseg
    ids: list[int] = []
    for pair in jieba_posseg().cut(text):
        word, flag = pair.word, pair.flag
        if len(word) == 1:
            ids.append(_feature_id("S", flag))
        else:
            ids.append(_feature_id("B", flag))
            ids.extend(_feature_id("M", flag) for _ in range(len(word) - 2))
            ids.append(_feature_id("E", flag))
    if len(ids) != len(text):  # jieba never drops characters; guard anyway
        ids = [_feature_id("S", "o")] * len(text)
    return tuple(ids)


def bigrams(tokens: Sequence[str]) -> list[str]:
    """The n + 1 boundary-padded character bigrams of a sentence of n tokens."""
    padded = [BOS, *tokens, EOS]
    return [padded[i] + padded[i + 1] for i in range(len(padded) - 1)]


def bigram_vocabulary(sentences, min_count: int) -> list[str]:
    """Bigrams seen at least ``min_count`` times, most frequent first (ties by text: deterministic)."""
    counts: Counter = Counter()
    for tokens in sentences:
        counts.update(bigrams(tokens))
    return [b for b, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if c >= min_count]


class CharFeatures:
    """HanLP dataset transform: adds ``bigram_id`` (n + 1 ids, when a bigram
    vocabulary exists) and ``word_feature_id`` (n ids) to a sample."""

    def __init__(self, vocabs, token_key: str = "token"):
        self.vocabs = vocabs
        self.token_key = token_key

    def __call__(self, sample: dict) -> dict:
        tokens = sample[self.token_key]
        sample["word_feature_id"] = list(word_features("".join(tokens)))
        vocab = self.vocabs.get("bigram")
        if vocab is not None:
            sample["bigram_id"] = [vocab.get_idx(b) for b in bigrams(tokens)]
        return sample


@functools.lru_cache(maxsize=4096)
def word_starts(text: str) -> frozenset[int]:
    """Offsets where a jieba word starts, plus ``len(text)`` (shares the cached
    segmentation that the model's word features use)."""
    ids = word_features(text)
    return frozenset([i for i, f in enumerate(ids) if _POSITIONS[(f - 1) % len(_POSITIONS)] in "BS"]
                     + [len(text)])
