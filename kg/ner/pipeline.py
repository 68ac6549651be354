"""The NER pipeline, framed as a spaCy ``Language``.

A blank Chinese pipeline (character segmenter: offline, no model) with three
components, each declaring what it reads and writes:

- ``kg_model_ner``   reads ``doc.text``; writes ``doc.spans["model"]``
                     (the project's HanLP model, or a pretrained HanLP model)
- ``kg_rule_ner``    reads ``doc.text``; writes ``doc.spans["rules"]``
                     (gazetteers and grammars from kg/data, incl. an EntityRuler-
                     style phrase list of well-known names)
- ``kg_select_ents`` reads both span groups; writes ``doc.ents``

Precedence (``kg_select_ents``): candidates that are generic references are
dropped, and so is anything inside a 《title》. Then, in this order, each
span is placed unless it overlaps one already placed:

1. the project model's Project spans (``MODEL_FIRST_LABELS``). The model
   learnt Project from the hand-annotated government sentences
   (``data/ner/train_gold.jsonl``) and draws better project boundaries than
   the suffix grammar; measured on the dev set, Project F1 0.56 → 0.65.
   They are first cut back to the name (``rules.trim_model_project``) and
   relabelled when they end like another label's name
   (``rules.model_project_label``: 华德牧业 → Enterprise); one that a rule
   names with another label on exactly the same characters yields to it
   (瑞金医院). Measured on the dev set with the current model, these steps
   and the opening-quote repair of ``rules.unwrap_quotes`` take Project F1
   0.701 → 0.757 (trim 0.721, same-span rule label 0.731, relabel 0.746);
2. rule spans, longest first (on equal length agency grammar > gazetteer >
   suffix grammar). With the project model, a suffix-grammar Project or
   Place span needs a model span over some of its characters
   (``RULE_NEEDS_MODEL``): the grammar over-generates descriptions
   (秸秆综合利用项目, 5G试点, 卫生乡镇) that the model leaves alone (Project
   precision 0.66 → 0.80, Place 0.74 → 0.77). Gazetteer and agency-grammar
   spans need no support;
3. model spans of Agency/Enterprise/Organization/Project that end like
   names of their label (``rules.model_span_ok``) fill what is left.

Measured on the development set
(``kg eval data/dev/gold.jsonl``), letting the longest span win regardless of
source cost entity F1, because the model's spans overrun rule-found names. Elliptical coordination
(市、东海县人民政府) keeps its restored ``name`` through ``Span.kb_id_``.
"""
from __future__ import annotations

import functools
import re

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.model import Mention
from kg.ner import rules as rule_ner

_SOURCE_RANK = {"agency": 0, "gazetteer": 1, "ent": 2, "place_subject": 3, "model": 4}


# Labels the model may add where no rule fired. Place is left to the
# gazetteers: the CLUENER "address" class the model learnt Place from marks
# street addresses and generic locations (measured: Place precision 0.35
# with model Places, see the closing note of issue 3).
MODEL_LABELS = ("Agency", "Enterprise", "Organization", "Project")
# Labels whose model spans go before rule spans (see module docstring).
MODEL_FIRST_LABELS = ("Project",)
# Labels whose suffix-grammar spans need the project model's support.
RULE_NEEDS_MODEL = ("Project", "Place")


def _rank(source: str) -> int:
    return _SOURCE_RANK.get(source.split(".")[0], 5)


def _needs_support(m: Mention) -> bool:
    return m.label in RULE_NEEDS_MODEL and m.source.startswith("ent.")


def _trimmed(m: Mention, text: str) -> Mention:
    a, b = rule_ner.trim_model_project(text, m.start, m.end)
    label = rule_ner.model_project_label(text[a:b])
    if (a, b, label) == (m.start, m.end, m.label):
        return m
    return Mention(a, b, text[a:b], label, name=m.name, source=m.source)


def select(cands: list[Mention], text: str = "", project_model: bool = False) -> list[Mention]:
    """Choose non-overlapping entities from rule and model candidates (see the
    module docstring). ``project_model``: the candidates include the project
    model's spans, so its Project spans lead and rule Project spans need them."""
    def tier(m: Mention) -> int:
        if m.source != "model":
            return 1
        return 0 if project_model and m.label in MODEL_FIRST_LABELS else 2

    def plausible(m: Mention) -> bool:
        return tier(m) != 2 or rule_ner.model_span_ok(text, m.start, m.end, m.label)

    if project_model:
        cands = [_trimmed(m, text) if m.source == "model" and m.label in MODEL_FIRST_LABELS else m
                 for m in cands]
        # Where a rule names exactly the same characters as something else (连云区海州湾集团
        # an enterprise by its suffix, 呼伦贝尔市委 an agency, 瑞金医院 a known
        # hospital), the rule's label stands: the model's Project class also fires
        # on other names. Place-suffix spans (田园小镇, 滨河新区) are too weak to.
        ruled = {(m.start, m.end): m.label for m in cands
                 if m.source != "model" and not m.source.startswith("ent.place")}
        cands = [m for m in cands if not (m.source == "model" and m.label in MODEL_FIRST_LABELS
                                          and ruled.get((m.start, m.end), m.label) != m.label)]
        model_chars = {i for m in cands if m.source == "model" for i in range(m.start, m.end)}
        cands = [m for m in cands if not _needs_support(m) or model_chars.intersection(range(m.start, m.end))]
    cands = [m for m in cands if plausible(m)]
    # Titles in 《》 are not entities, and nothing inside them is (ONTOLOGY.md).
    inside_titles = {i for t in re.finditer(r"《[^《》]*》", text) for i in range(t.start(), t.end())}
    cands = [m for m in cands if m.start not in inside_titles]
    chosen: list[Mention] = []
    taken: set[int] = set()
    for m in sorted(cands, key=lambda m: (tier(m), -(m.end - m.start), _rank(m.source), m.start, m.label)):
        if m.end <= m.start or rule_ner.is_rejected(m.text, m.label, m.source):
            continue
        if m.source == "model" and (m.label not in MODEL_LABELS or not rule_ner.balanced(m.text)):
            continue        # (an unbalanced model span still supports a rule span)
        if any(i in taken for i in range(m.start, m.end)):
            continue
        chosen.append(m)
        taken.update(range(m.start, m.end))
    return sorted(chosen, key=lambda m: m.start)


def _to_spans(doc: Doc, mentions: list[Mention]) -> list[Span]:
    spans = []
    for m in mentions:
        # The source rides in the span's own id: a Span extension attribute is
        # keyed by offsets, so a model span and a rule span over the same
        # characters would share (and overwrite) one value.
        span = doc.char_span(m.start, m.end, label=m.label, kb_id=m.name or "", span_id=m.source,
                             alignment_mode="expand")
        if span is not None:
            spans.append(span)
    return spans


def _from_spans(spans) -> list[Mention]:
    return [Mention(s.start_char, s.end_char, s.text, s.label_, name=s.kb_id_, source=s.id_)
            for s in spans]


@Language.factory("kg_rule_ner")
def make_rule_ner(nlp, name):
    def rule_ner_component(doc: Doc) -> Doc:
        doc.spans["rules"] = _to_spans(doc, rule_ner.rule_mentions(doc.text))
        return doc
    return rule_ner_component


@Language.factory("kg_model_ner", default_config={"model": "project"})
def make_model_ner(nlp, name, model: str):
    tagger = load_tagger(model)

    def model_ner_component(doc: Doc) -> Doc:
        doc.spans["model"] = _to_spans(doc, tagger.mentions([doc.text])[0]) if tagger else []
        return doc
    return model_ner_component


@Language.factory("kg_select_ents", default_config={"model": "project"})
def make_select(nlp, name, model: str):
    project_model = model == "project"

    def select_component(doc: Doc) -> Doc:
        cands = _from_spans(doc.spans.get("rules", [])) + _from_spans(doc.spans.get("model", []))
        doc.ents = [s for s in _to_spans(doc, select(cands, doc.text, project_model))]
        return doc
    return select_component


class ModelTagger:
    """Adapter from a HanLP tagger to Mentions, batched."""

    def __init__(self, predict):
        self._predict = predict

    def mentions(self, texts: list[str]) -> list[list[Mention]]:
        out = []
        for text, spans in zip(texts, self._predict(texts)):
            spans = [rule_ner.unwrap_quotes(text, a, b) + (label,) for a, b, label in spans]
            out.append([Mention(a, b, text[a:b], label, source="model") for a, b, label in spans if a < b])
        return out


@functools.lru_cache(maxsize=4)
def load_tagger(model: str) -> ModelTagger | None:
    """'project' = the shipped model; 'none' = rules only;
    'hanlp:<pretrained id>' = a HanLP pretrained model (needs its download)."""
    if model == "none":
        return None
    if model == "project":
        from kg.ner import hanlp_model
        if not all((hanlp_model.DEFAULT_MODEL_DIR / f).exists() for f in hanlp_model.MODEL_FILES):
            from kg.errors import KgError
            raise KgError(f"{hanlp_model.DEFAULT_MODEL_DIR}: the shipped NER model is missing; "
                          "reinstall, run `kg train-ner`, or use --ner none")
        tagger = hanlp_model.load()
        return ModelTagger(tagger.predict)
    if model.startswith("hanlp:"):
        from kg.ner import pretrained
        return ModelTagger(pretrained.load(model[len("hanlp:"):]).predict)
    from kg.errors import KgError
    raise KgError(f"unknown NER model {model!r}: use project, none or hanlp:<pretrained id>")


@functools.lru_cache(maxsize=4)
def build_nlp(model: str = "project") -> Language:
    nlp = spacy.blank("zh")
    nlp.add_pipe("kg_model_ner", config={"model": model})
    nlp.add_pipe("kg_rule_ner")
    nlp.add_pipe("kg_select_ents", config={"model": model})
    return nlp


def recognize(texts: list[str], model: str = "project") -> list[list[Mention]]:
    """Entity mentions (offsets into each text) for a batch of texts."""
    nlp = build_nlp(model)
    tagger = load_tagger(model)
    # The model runs batched outside spaCy's per-doc loop (far faster); its
    # spans are handed to the pipeline through doc.spans["model"].
    model_mentions = tagger.mentions(texts) if tagger else [[] for _ in texts]
    out = []
    for text, mm in zip(texts, model_mentions):
        doc = nlp.make_doc(text)
        doc.spans["model"] = _to_spans(doc, mm)
        for name, proc in nlp.pipeline:
            if name != "kg_model_ner":
                doc = proc(doc)
        out.append(_from_spans(doc.ents))
    return out
