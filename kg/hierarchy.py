"""Where things are and what they belong to: LOCATED_IN and PART_OF.

- ``located_in(extraction)``: an actor or project whose canonical name starts
  with a division is located there (市商务局 in a 连云港 document resolves to
  连云港市商务局 → 连云港市), stated by the name as resolved with the
  document's jurisdiction.
- ``part_of(entities)``, across the whole corpus: places up their
  administrative chain (adcodes; towns through their county), departments to
  the government or committee whose name they extend, when that body is
  among the entities (连云港市商务局 → 连云港市人民政府).

Rule ids and confidences come from ``ownership.yaml`` (``located_in``,
``part_of``). The derived places are ``Mention``s with ``layer`` GAZETTEER,
a name and an adcode, and no position of their own.
"""
from __future__ import annotations

from kg.config import Form, OwnershipRules, ownership_rules
from kg.model import Extraction, Layer, Mention, Relation
from kg.ner import gazetteer as gz
from kg.resolve import parent_chain

Entity = tuple[str, str]        # (label, canonical name)


def division_mention(d: gz.Division) -> Mention:
    return Mention(0, 0, d.name, "Place", name=d.name, adcode=d.adcode, layer=Layer.GAZETTEER)


def located_in(ex: Extraction, rules: OwnershipRules | None = None) -> list[Relation]:
    cfg = (rules or ownership_rules()).located_in
    index = gz.place_index()
    out = []
    for m in ex.mentions:
        if m.label not in ("Agency", "Enterprise", "Organization", "Project") or not m.name:
            continue
        for k in range(min(len(m.name) - 1, 12), 1, -1):
            prefix = m.name[:k]
            if prefix in index and len(m.name) > k:
                d = index[prefix][0]
                if m.label != "Agency" and d.level == "county" and len(prefix) <= 2:
                    break
                rule = cfg.jurisdiction if m.label == "Agency" else cfg.name_prefix
                out.append(Relation("LOCATED_IN", m, division_mention(d), m.start, m.end, Form.JURISDICTION,
                                    rule.id, rule.confidence))
                break
    return out


def entities(extractions: list[Extraction]) -> dict[Entity, str]:
    """Every entity the graph will hold, with its adcode ("" if none), as the
    graph sees them: the last adcode a mention gives a place stands; a place
    derived from a name (LOCATED_IN) keeps the adcode it was first seen with."""
    table: dict[Entity, str] = {}

    def see(m: Mention, derived: bool) -> None:
        key = (m.label, m.name or m.text)
        if derived:
            table.setdefault(key, m.adcode)
            return
        table.setdefault(key, "")
        if m.label == "Place" and m.adcode:
            table[key] = m.adcode
    for ex in sorted(extractions, key=lambda e: e.doc.id):
        for m in ex.mentions:
            see(m, False)
        for r in ex.relations:
            for x in (r.head, r.tail):
                if isinstance(x, Mention):
                    see(x, derived=r.form == Form.JURISDICTION and x is r.tail)
    return table


def part_of(entities: dict[Entity, str], rules: OwnershipRules | None = None) -> list[Relation]:
    """``entities``: every entity of the graph and its adcode ("" if none)."""
    cfg = (rules or ownership_rules()).part_of
    divs = gz.divisions()
    towns = gz.towns()
    by_name = {d.name: d for d in divs.values()}
    out = []
    for (label, name), adcode in sorted(entities.items(), key=lambda kv: f"{kv[0][0]}:{kv[0][1]}"):
        if label == "Place":
            chain = parent_chain(adcode)
            if not chain and name in towns:
                county, city = towns[name]
                d = next((x for x in divs.values() if x.name == county and by_name.get(city)
                          and x.parent == by_name[city].adcode), None)
                if d:
                    chain = [None] + parent_chain(d.adcode)
            prev = Mention(0, 0, name, "Place", name=name, adcode=adcode, layer=Layer.GAZETTEER)
            for d in chain[1:]:
                parent = division_mention(d)
                out.append(Relation("PART_OF", prev, parent, 0, 0, Form.HIERARCHY, cfg.adcode.id,
                                    cfg.adcode.confidence))
                prev = parent
        elif label == "Agency":
            parent_name = _parent_body(name, entities, cfg.parent_bodies, tuple(cfg.government_bodies))
            if parent_name:
                out.append(Relation("PART_OF", Mention(0, 0, name, "Agency", name=name),
                                    Mention(0, 0, parent_name, "Agency", name=parent_name), 0, 0,
                                    Form.HIERARCHY, cfg.department.id, cfg.department.confidence))
    return out


def _parent_body(name: str, entities: dict[Entity, str], bodies: list[str],
                 government_bodies: tuple[str, ...]) -> str | None:
    """连云港市商务局 → 连云港市人民政府 (when that agency exists);
    连云港市人民代表大会常务委员会办公室 → …人民代表大会常务委员会."""
    for body in bodies:
        i = name.find(body)
        if 0 < i and i + len(body) < len(name) and ("Agency", name[: i + len(body)]) in entities:
            return name[: i + len(body)]
    index = gz.place_index()
    for k in range(min(len(name) - 1, 12), 1, -1):
        if name[:k] in index and not name.endswith(government_bodies):
            if ("Agency", name[:k] + "人民政府") in entities:
                return name[:k] + "人民政府"
            break
    return None
