"""Rule and gazetteer NER: the layers that sit beside the HanLP model.

Reads a sentence's text; returns candidate ``Mention``s (offsets into that
text) with their ``layer`` and, as provenance, ``source`` = the rule id.
Grammars and word lists are data (``kg/data/gazetteers/``,
``kg/data/rules/entities.yaml`` through ``kg.config``). One module per
concern:

- ``common``: name runs, cut words, word boundaries, trims, reject lists;
- ``agency``: the agency grammar;
- ``places``: the gazetteer layer;
- ``names``: suffix, quoted and branded-place grammars;
- ``model_spans``: checks and repairs of the model's spans.
"""
from __future__ import annotations

from kg.model import Mention
from kg.ner.rules.agency import find_agencies
from kg.ner.rules.common import balanced, is_rejected, name_pieces, pos_trim, trim_left
from kg.ner.rules.model_spans import model_project_label, model_span_ok, trim_model_project, unwrap_quotes
from kg.ner.rules.names import find_branded_places, find_quoted_projects, find_suffix_entities
from kg.ner.rules.places import _nested_places, _place_areas, find_gazetteer

__all__ = ["rule_mentions", "balanced", "is_rejected", "name_pieces", "pos_trim", "trim_left",
           "model_project_label", "model_span_ok", "trim_model_project", "unwrap_quotes",
           "find_agencies", "find_gazetteer", "find_suffix_entities", "find_quoted_projects", "find_branded_places"]


def rule_mentions(text: str) -> list[Mention]:
    """All rule/gazetteer candidates, overlapping; ``select`` picks among them.
    A candidate with an unclosed bracket or quote (淘宝(连云港) is cut out of a
    longer name and dropped."""
    gazetteer = find_gazetteer(text)
    gazetteer += _place_areas(text, gazetteer)
    found = (find_agencies(text) + find_quoted_projects(text) + find_suffix_entities(text)
             + find_branded_places(text) + gazetteer + _nested_places(text, gazetteer))
    return [m for m in found if balanced(m.text)]
