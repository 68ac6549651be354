"""Per-character features of the NER model: aligned with the characters and stable."""
from __future__ import annotations

from kg.ner import char_features as cf


def test_bigrams_are_padded_so_each_character_has_a_left_and_right_one():
    assert cf.bigrams(list("市商务局")) == ["<s>市", "市商", "商务", "务局", "局</s>"]


def test_word_features_align_with_characters_and_mark_word_positions():
    text = "连云港市商务局牵头。"
    ids = cf.word_features(text)
    assert len(ids) == len(text) and all(0 < i < cf.N_WORD_FEATURES for i in ids)
    assert cf.word_features(text) == ids              # deterministic
    # 连云港市 is one jieba word: its begin, middle and end characters differ
    assert ids[1] == ids[2] and len({ids[0], ids[1], ids[3]}) == 3


def test_bigram_vocabulary_keeps_frequent_bigrams_in_a_fixed_order():
    sents = [list("市商务局"), list("市商务局"), list("省商务厅")]
    vocab = cf.bigram_vocabulary(sents, min_count=2)
    assert vocab == ["商务", "<s>市", "务局", "局</s>", "市商"]       # by count, then text
    assert cf.bigram_vocabulary(list(reversed(sents)), min_count=2) == vocab
