"""HanLP's pretrained NER models behind ``--ner hanlp:<id>``.

HanLP downloads these from its own servers on first use (into ``~/.hanlp``, or
``$HANLP_HOME``); that is the only place in kg where something may be
downloaded, and only when the user names such a model. Where the servers are
unreachable the load fails with one line that says so; a model file copied
into HanLP's cache by hand is used without any network.

``<id>`` is a name from ``hanlp.pretrained.ner`` or ``hanlp.pretrained.mtl``
(``MSRA_NER_ELECTRA_SMALL_ZH``, ``CLOSE_TOK_POS_NER_SRL_DEP_SDP_CON_ELECTRA_SMALL_ZH``),
or a URL or local path that ``hanlp.load`` accepts.

Label mapping onto the ontology (MSRA and OntoNotes tag sets):
NS / GPE / LOC / FAC → Place; NT / ORG → Agency, Enterprise or Organization by
the name's ending (局/委/政府… → Agency, 公司/集团/银行… → Enterprise, else
Organization); persons, dates, numbers and the rest are dropped.
"""
from __future__ import annotations

import contextlib
import io
import re

from kg.errors import KgError

PLACE_TAGS = {"NS", "GPE", "LOC", "FAC", "LOCATION"}
ORG_TAGS = {"NT", "ORG", "ORGANIZATION"}

_AGENCY_END = re.compile(r"(局|委|厅|办|部|署|政府|党委|法院|检察院|人大|政协|委员会|管委会|办公室|办公厅|领导小组)$")
_ENTERPRISE_END = re.compile(r"(公司|集团|银行|分行|支行|证券|保险|厂|店|超市|合作社)$")


def map_label(tag: str, text: str) -> str | None:
    """A HanLP NER tag (with its span text) → an ontology label, or None."""
    tag = tag.upper()
    if tag in PLACE_TAGS:
        return "Place"
    if tag in ORG_TAGS:
        if _AGENCY_END.search(text):
            return "Agency"
        if _ENTERPRISE_END.search(text):
            return "Enterprise"
        return "Organization"
    return None


def resolve_identifier(identifier: str) -> str:
    import hanlp.pretrained.mtl as mtl
    import hanlp.pretrained.ner as ner
    for module in (ner, mtl):
        if hasattr(module, identifier):
            return getattr(module, identifier)
    if "/" in identifier or identifier.startswith(("http:", "https:")):
        return identifier
    names = sorted(n for m in (ner, mtl) for n in dir(m) if n.isupper() and n.endswith("_ZH"))
    raise KgError(f"unknown HanLP pretrained model {identifier!r}; Chinese models: {', '.join(names)}")


class PretrainedTagger:
    """Character-offset NER over a HanLP pretrained NER or multi-task model."""

    def __init__(self, component, identifier: str):
        self._component = component
        self._mtl = "mtl" in type(component).__module__.lower() or hasattr(component, "tasks")
        self.identifier = identifier

    def predict(self, texts: list[str]) -> list[list[tuple[int, int, str]]]:
        if not texts:
            return []
        if self._mtl:
            return [self._from_mtl(text, self._component(text)) for text in texts]
        # Single-task NER models take characters and return (text, tag, start, end)
        # with character offsets.
        out = []
        for text, spans in zip(texts, self._component([list(t) for t in texts])):
            out.append(self._keep(text, [(a, b, tag) for _, tag, a, b in spans]))
        return out

    def _from_mtl(self, text: str, doc) -> list[tuple[int, int, str]]:
        tokens = next((doc[k] for k in doc if k.startswith("tok")), None)
        ner_key = next((k for k in doc if k.startswith("ner")), None)
        if tokens is None or ner_key is None:
            return []
        # Token offsets → character offsets (tokens are substrings in order).
        starts, pos = [], 0
        for tok in tokens:
            pos = text.find(tok, pos)
            starts.append(pos)
            pos += len(tok)
        spans = []
        for _, tag, a, b in doc[ner_key]:
            ca, cb = starts[a], starts[b - 1] + len(tokens[b - 1])
            spans.append((ca, cb, tag))
        return self._keep(text, spans)

    @staticmethod
    def _keep(text: str, spans) -> list[tuple[int, int, str]]:
        out = []
        for a, b, tag in spans:
            label = map_label(tag, text[a:b])
            if label and 0 <= a < b <= len(text):
                out.append((a, b, label))
        return out


def load(identifier: str) -> PretrainedTagger:
    url = resolve_identifier(identifier)
    import hanlp
    noise = io.StringIO()
    try:
        # HanLP prints a multi-line, coloured download report; kg reports one line.
        with contextlib.redirect_stderr(noise), contextlib.redirect_stdout(noise):
            component = hanlp.load(url)
    except (Exception, SystemExit) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if re.search(r"resolve|Connection|Max retries|timed out|Network|URLError|HTTP", reason, re.I):
            reason = "HanLP's download server cannot be reached from this machine"
        raise KgError(f"HanLP pretrained model {identifier} ({url}) could not be loaded: {reason[:200]}. "
                      "Copy the model into ~/.hanlp by hand, or use --ner project (the shipped model) "
                      "or --ner none") from None
    return PretrainedTagger(component, identifier)
