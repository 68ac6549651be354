"""The NER pipeline, framed as a spaCy ``Language``.

A blank Chinese pipeline (character segmenter: offline, no model) with three
class components, run by ``nlp.pipe(texts)``; each declares what it assigns
and requires (``nlp.analyze_pipes()`` shows it):

- ``kg_model_ner``   reads ``doc.text``; writes the span group ``model``
                     (the project's HanLP model, or a pretrained HanLP model),
                     tagging a whole batch of docs in one call (``pipe``)
- ``kg_rule_ner``    reads ``doc.text``; writes one span group per rule layer,
                     ``agency_grammar``, ``gazetteer`` and ``name_grammar``
                     (grammars and word lists of kg/data)
- ``kg_select_ents`` reads every layer's group; writes ``doc.ents`` and each
                     entity's ``span._.kg_layer``, choosing with the span filter
                     registered as ``kg.select_spans.v1`` (``select`` below)

A span's layer is the group it lives in; the rule that found it rides in
``span.id_`` (provenance), a restored canonical name (市、东海县人民政府) in
``span.kb_id_``.

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
from typing import Callable, Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from kg.model import Layer, Mention
from kg.ner import rules as rule_ner

# Span group of each layer the pipeline writes.
GROUPS = {Layer.MODEL: "model", Layer.AGENCY_GRAMMAR: "agency_grammar", Layer.GAZETTEER: "gazetteer",
          Layer.NAME_GRAMMAR: "name_grammar"}
RULE_LAYERS = (Layer.AGENCY_GRAMMAR, Layer.GAZETTEER, Layer.NAME_GRAMMAR)
# The order selection sees candidates in (it breaks ties between rule spans
# of equal length, rank, start and label).
CANDIDATE_ORDER = (Layer.AGENCY_GRAMMAR, Layer.NAME_GRAMMAR, Layer.GAZETTEER, Layer.MODEL)

# Labels the model may add where no rule fired. Place is left to the
# gazetteers: the CLUENER "address" class the model learnt Place from marks
# street addresses and generic locations (measured: Place precision 0.35
# with model Places, see the closing note of issue 3).
MODEL_LABELS = ("Agency", "Enterprise", "Organization", "Project")
# Labels whose model spans go before rule spans (see module docstring).
MODEL_FIRST_LABELS = ("Project",)
# Labels whose name-grammar spans need the project model's support.
RULE_NEEDS_MODEL = ("Project", "Place")

if not Span.has_extension("kg_layer"):
    Span.set_extension("kg_layer", default=None)


def _needs_support(m: Mention) -> bool:
    return m.label in RULE_NEEDS_MODEL and m.layer == Layer.NAME_GRAMMAR


def _trimmed(m: Mention, text: str) -> Mention:
    a, b = rule_ner.trim_model_project(text, m.start, m.end)
    label = rule_ner.model_project_label(text[a:b])
    if (a, b, label) == (m.start, m.end, m.label):
        return m
    return Mention(a, b, text[a:b], label, name=m.name, source=m.source, layer=m.layer)


def select(cands: list[Mention], text: str = "", project_model: bool = False) -> list[Mention]:
    """Choose non-overlapping entities from rule and model candidates (see the
    module docstring). ``project_model``: the candidates include the project
    model's spans, so its Project spans lead and rule Project spans need them."""
    def tier(m: Mention) -> int:
        if m.layer != Layer.MODEL:
            return 1
        return 0 if project_model and m.label in MODEL_FIRST_LABELS else 2

    def plausible(m: Mention) -> bool:
        return tier(m) != 2 or rule_ner.model_span_ok(text, m.start, m.end, m.label)

    if project_model:
        cands = [_trimmed(m, text) if m.layer == Layer.MODEL and m.label in MODEL_FIRST_LABELS else m
                 for m in cands]
        # Where a rule names exactly the same characters as something else (连云区海州湾集团
        # an enterprise by its suffix, 呼伦贝尔市委 an agency, 瑞金医院 a known
        # hospital), the rule's label stands: the model's Project class also fires
        # on other names. Place-suffix spans (田园小镇, 滨河新区) are too weak to.
        ruled = {(m.start, m.end): m.label for m in cands
                 if m.layer != Layer.MODEL and not (m.layer == Layer.NAME_GRAMMAR and m.label == "Place")}
        cands = [m for m in cands if not (m.layer == Layer.MODEL and m.label in MODEL_FIRST_LABELS
                                          and ruled.get((m.start, m.end), m.label) != m.label)]
        model_chars = {i for m in cands if m.layer == Layer.MODEL for i in range(m.start, m.end)}
        cands = [m for m in cands if not _needs_support(m) or model_chars.intersection(range(m.start, m.end))]
    cands = [m for m in cands if plausible(m)]
    # Titles in 《》 are not entities, and nothing inside them is (ONTOLOGY.md).
    inside_titles = {i for t in re.finditer(r"《[^《》]*》", text) for i in range(t.start(), t.end())}
    cands = [m for m in cands if m.start not in inside_titles]
    chosen: list[Mention] = []
    taken: set[int] = set()
    for m in sorted(cands, key=lambda m: (tier(m), -(m.end - m.start), m.layer.rank, m.start, m.label)):
        if m.end <= m.start or rule_ner.is_rejected(m.text, m.label, m.layer):
            continue
        if m.layer == Layer.MODEL and (m.label not in MODEL_LABELS or not rule_ner.balanced(m.text)):
            continue        # (an unbalanced model span still supports a rule span)
        if any(i in taken for i in range(m.start, m.end)):
            continue
        chosen.append(m)
        taken.update(range(m.start, m.end))
    return sorted(chosen, key=lambda m: m.start)


@spacy.registry.misc("kg.select_spans.v1")
def make_span_filter(project_model: bool = True) -> Callable[[list[Mention], str], list[Mention]]:
    """The precedence of ``select`` as a span filter for ``kg_select_ents``."""
    return functools.partial(select, project_model=project_model)


def _to_span(doc: Doc, m: Mention) -> Span | None:
    # The rule id rides in the span's own id: a Span extension attribute is
    # keyed by offsets, so a model span and a rule span over the same
    # characters would share (and overwrite) one value. Only the chosen,
    # non-overlapping entities carry one (kg_layer).
    return doc.char_span(m.start, m.end, label=m.label, kb_id=m.name or "", span_id=m.source,
                         alignment_mode="expand")


def _to_spans(doc: Doc, mentions: Iterable[Mention]) -> list[Span]:
    return [s for s in (_to_span(doc, m) for m in mentions) if s is not None]


def _candidates(doc: Doc) -> list[Mention]:
    return [Mention(s.start_char, s.end_char, s.text, s.label_, name=s.kb_id_, source=s.id_, layer=layer)
            for layer in CANDIDATE_ORDER for s in doc.spans.get(GROUPS[layer], [])]


@Language.factory("kg_model_ner", assigns=["doc.spans"], default_config={"model": "project", "batch_size": 1000})
class ModelNER:
    """The NER model's spans, a batch of docs per model call."""

    def __init__(self, nlp: Language, name: str, model: str, batch_size: int):
        self.name = name
        self.tagger = load_tagger(model)
        self.batch_size = batch_size

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size or self.batch_size):
            found = self.tagger.mentions([d.text for d in batch]) if self.tagger else [[] for _ in batch]
            for doc, mentions in zip(batch, found):
                doc.spans[GROUPS[Layer.MODEL]] = _to_spans(doc, mentions)
                yield doc


@Language.factory("kg_rule_ner", assigns=["doc.spans"])
class RuleNER:
    """Candidates of the rule layers (overlapping; selection decides)."""

    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        found = rule_ner.rule_mentions(doc.text)
        for layer in RULE_LAYERS:
            doc.spans[GROUPS[layer]] = _to_spans(doc, [m for m in found if m.layer == layer])
        return doc


@Language.factory("kg_select_ents", assigns=["doc.ents", "span._.kg_layer"], requires=["doc.spans"],
                  default_config={"spans_filter": {"@misc": "kg.select_spans.v1", "project_model": True}})
class SelectEntities:
    """``doc.ents`` from every layer's spans, by the span filter's precedence."""

    def __init__(self, nlp: Language, name: str, spans_filter: Callable[[list[Mention], str], list[Mention]]):
        self.name = name
        self.spans_filter = spans_filter

    def __call__(self, doc: Doc) -> Doc:
        chosen = self.spans_filter(_candidates(doc), doc.text)
        ents = []
        for m in chosen:
            span = _to_span(doc, m)
            if span is not None:
                span._.kg_layer = m.layer.value
                ents.append(span)
        doc.ents = ents
        return doc


class ModelTagger:
    """Adapter from a HanLP tagger to Mentions, batched."""

    def __init__(self, predict):
        self._predict = predict

    def mentions(self, texts: list[str]) -> list[list[Mention]]:
        out = []
        for text, spans in zip(texts, self._predict(texts)):
            spans = [rule_ner.unwrap_quotes(text, a, b) + (label,) for a, b, label in spans]
            out.append([Mention(a, b, text[a:b], label, source="model", layer=Layer.MODEL)
                        for a, b, label in spans if a < b])
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
    nlp.add_pipe("kg_select_ents",
                 config={"spans_filter": {"@misc": "kg.select_spans.v1", "project_model": model == "project"}})
    return nlp


def recognize(texts: list[str], model: str = "project") -> list[list[Mention]]:
    """Entity mentions (offsets into each text) for a batch of texts."""
    nlp = build_nlp(model)
    return [[Mention(e.start_char, e.end_char, e.text, e.label_, name=e.kb_id_, source=e.id_,
                     layer=Layer(e._.kg_layer)) for e in doc.ents]
            for doc in nlp.pipe(texts)]
