"""The gazetteer layer (layer ``gazetteer``): divisions, regions, towns and
known names from ``kg/data/gazetteers``, adjacent divisions as one address
(江苏省东海县), and a place with its area word (长三角地区)."""
from __future__ import annotations

import functools
import re

from kg.config import entity_rules
from kg.model import Layer, Mention
from kg.ner import gazetteer as gz
from kg.ner.char_features import word_starts
from kg.ner.rules.common import _alt

@functools.lru_cache(maxsize=1)
def _gazetteer_regex() -> re.Pattern:
    words = set(gz.place_index()) | set(gz.regions()) | set(gz.towns()) | set(gz.known_entities())
    return re.compile(_alt(w for w in words if len(w) >= 2))


@functools.lru_cache(maxsize=1)
def _place_reject_context() -> list[re.Pattern]:
    return [re.compile(r) for r in entity_rules().place_reject_context]


def find_gazetteer(text: str) -> list[Mention]:
    out = []
    known = gz.known_entities()
    for m in _gazetteer_regex().finditer(text):
        w = m.group(0)
        label = known.get(w, "Place")
        if label == "Place" and any((r := rx.match(text, m.start())) and r.end() == m.end()
                                    for rx in _place_reject_context()):
            continue
        if label == "Place" and not {m.start(), m.end()} & word_starts(text):
            continue        # inside words on both sides: 发展中国家, 搬迁安置
        out.append(Mention(m.start(), m.end(), w, label, source="gazetteer." + label.lower(),
                           layer=Layer.GAZETTEER))
    return out


def _nested_places(text: str, found: list[Mention]) -> list[Mention]:
    """江苏省东海县, 北京市西城区: adjacent divisions written as one address
    are one (maximal) Place span."""
    places = sorted((m for m in found if m.layer == Layer.GAZETTEER and m.label == "Place"), key=lambda m: m.start)
    out = []
    for i, m in enumerate(places):
        end, j = m.end, i + 1
        while j < len(places) and places[j].start == end:
            end = places[j].end
            j += 1
        if j > i + 1:
            out.append(Mention(m.start, end, text[m.start:end], "Place", source="gazetteer.place",
                               layer=Layer.GAZETTEER))
    return out


def _place_areas(text: str, found: list[Mention]) -> list[Mention]:
    """长三角地区, 广州地区, 长三角城市群: a place and the area word after it
    are one Place (entities.yaml: place_area_words)."""
    words = tuple(entity_rules().place_area_words)
    return [Mention(m.start, m.end + len(w), m.text + w, "Place", source="gazetteer.place", layer=Layer.GAZETTEER)
            for m in found if m.label == "Place"
            for w in words if text.startswith(w, m.end) and m.end + len(w) in word_starts(text)]


