"""Scores against a gold JSON-lines file in the `kg extract` format.

Entities: exact (start, end, type) matches, micro and per label. Spans listed
under a line's ``optional`` are neither rewarded nor penalised.
Owners: per sentence, (actor, role) pairs for LEADS/SUPPORTS. A predicted
pair matches a gold pair with the same role whose head has the same
canonical name or the same span (canonical names are a resolution choice;
the span says the same actor was found).
"""
from __future__ import annotations

from collections import Counter

from kg.model import ENTITY_LABELS


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "pred": n_pred, "gold": n_gold}


def score(gold: list[dict], pred: list[dict]) -> dict:
    pred_by_id = {p["id"]: p for p in pred}
    tp, n_pred, n_gold = Counter(), Counter(), Counter()
    otp, opred, ogold = Counter(), Counter(), Counter()
    errors = []
    for g in gold:
        p = pred_by_id.get(g["id"], {"entities": [], "relations": []})
        optional = {(o["start"], o["end"]) for o in g.get("optional", [])}
        gset = {(e["start"], e["end"], e["type"]) for e in g["entities"]}
        pset = {(e["start"], e["end"], e["type"]) for e in p["entities"]
                if (e["start"], e["end"]) not in optional}
        for s in gset:
            n_gold[s[2]] += 1
        for s in pset:
            n_pred[s[2]] += 1
        for s in gset & pset:
            tp[s[2]] += 1
        miss = sorted(gset - pset)
        extra = sorted(pset - gset)
        # Owners.
        gold_pairs = [(r["type"], r["head"]["name"], (r["head"]["start"], r["head"]["end"]))
                      for r in g.get("relations", []) if r["type"] in ("LEADS", "SUPPORTS")]
        gold_pairs = list(dict.fromkeys(gold_pairs))
        pred_pairs = list(dict.fromkeys(
            (r["type"], r["head"]["name"], (r["head"]["start"], r["head"]["end"]))
            for r in p["relations"] if r["type"] in ("LEADS", "SUPPORTS")))
        unmatched = list(gold_pairs)
        owner_fp = []
        # A gold line without "relations" is entity-only gold: its owners are not scored.
        for role, name, span in (pred_pairs if "relations" in g else []):
            opred[role] += 1
            hit = next((x for x in unmatched if x[0] == role and (x[1] == name or x[2] == span)), None)
            if hit:
                unmatched.remove(hit)
                otp[role] += 1
            else:
                owner_fp.append((role, name))
        for role, _, _ in gold_pairs:
            ogold[role] += 1
        if miss or extra or unmatched or owner_fp:
            errors.append({"id": g["id"], "text": g["text"],
                           "missed": [(g["text"][a:b], t) for a, b, t in miss],
                           "spurious": [(g["text"][a:b], t) for a, b, t in extra],
                           "owners_missed": [(r, n) for r, n, _ in unmatched], "owners_spurious": owner_fp})
    result = {"entities": {lab: prf(tp[lab], n_pred[lab], n_gold[lab]) for lab in ENTITY_LABELS},
              "owners": {role: prf(otp[role], opred[role], ogold[role]) for role in ("LEADS", "SUPPORTS")},
              "errors": errors}
    result["entities"]["micro"] = prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    result["owners"]["micro"] = prf(sum(otp.values()), sum(opred.values()), sum(ogold.values()))
    result["owners_scored"] = any("relations" in g for g in gold)
    return result


def format_table(title: str, rows: dict) -> str:
    w = max([14, len(title)] + [len(n) for n in rows])
    lines = [f"{title:<{w}} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}"]
    for name, r in rows.items():
        lines.append(f"{name:<{w}} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} {r['gold']:6d} {r['pred']:6d}")
    return "\n".join(lines)


def _names_match(unit: str, node: dict, jur) -> bool:
    from kg.resolve import canonical_agency
    names = {node["name"], *node.get("aliases", [])}
    return unit in names or canonical_agency(unit, jur) == node["name"]


def locate_assignments(gold: list[dict], texts: dict[str, str]) -> tuple[list[dict], list[str]]:
    """Gold work items (doc, task anchor, clause) → spans in the normalised
    text, in file order: from the anchor to the end of its assignment clause."""
    from kg.normalize import normalize_line
    items: dict[tuple, dict] = {}
    for g in gold:
        items.setdefault((g["doc"], g["task"], g["clause"]), {"doc": g["doc"], "task": g["task"],
                                                             "clause": g["clause"], "units": []})
        items[(g["doc"], g["task"], g["clause"])]["units"].append((g["unit"], g["role"]))
    located, problems, cursor = [], [], {}
    for (doc, anchor, clause), item in items.items():
        text = texts.get(doc)
        if text is None:
            problems.append(f"{doc}: document not in the build")
            continue
        a_norm, c_norm = normalize_line(anchor), normalize_line(clause)
        a = text.find(a_norm, cursor.get(doc, 0))
        if a == -1:
            a = text.find(a_norm)
        c = text.find(c_norm, a) if a != -1 else -1
        if a == -1 or c == -1:
            problems.append(f"{doc}: work item {anchor!r} {clause!r} not found in the normalised text")
            continue
        cursor[doc] = c
        item.update(start=a, end=c + len(c_norm))
        located.append(item)
    return located, problems


def score_assignments(gold: list[dict], graph: dict, texts: dict[str, str]) -> dict:
    """(task, unit, role) F1 for documents whose parentheses assign work.

    A predicted LEADS/SUPPORTS edge belongs to the gold work item its Task
    overlaps most; edges on tasks that overlap no gold work item are outside
    the gold's scope and counted separately (`unscored`). A predicted actor
    matches a gold unit when the unit is the actor's canonical name, one of
    its aliases, or resolves to its canonical name in the document's
    jurisdiction."""
    from kg.resolve import jurisdiction_from_place
    nodes = {n["id"]: n for n in graph["nodes"]}
    jur = {n["name"]: jurisdiction_from_place(n.get("place", "")) for n in graph["nodes"]
           if n["label"] == "Document"}
    items, problems = locate_assignments(gold, texts)
    by_doc: dict[str, list[int]] = {}
    for i, it in enumerate(items):
        by_doc.setdefault(it["doc"], []).append(i)
    predicted: dict[int, set] = {}
    unscored = 0
    for e in graph["edges"]:
        if e["type"] not in ("LEADS", "SUPPORTS"):
            continue
        task = nodes[e["target"]]
        best, overlap = None, 0
        for i in by_doc.get(task["doc"], []):
            ov = min(task["end"], items[i]["end"]) - max(task["start"], items[i]["start"])
            if ov > overlap:
                best, overlap = i, ov
        if best is None:
            unscored += 1
            continue
        predicted.setdefault(best, set()).add((e["source"], "lead" if e["type"] == "LEADS" else "support"))
    tp, n_pred, n_gold = Counter(), Counter(), Counter()
    errors, per_doc = [], {}
    for i, it in enumerate(items):
        j = jur.get(it["doc"]) or jurisdiction_from_place("")
        gold_units = list(dict.fromkeys(it["units"]))
        preds = sorted(predicted.get(i, set()))
        unmatched, spurious = list(gold_units), []
        for node_id, role in preds:
            n_pred[role] += 1
            hit = next((u for u in unmatched if u[1] == role and _names_match(u[0], nodes[node_id], j)), None)
            if hit:
                unmatched.remove(hit)
                tp[role] += 1
            else:
                spurious.append((nodes[node_id]["name"], role))
        for _, role in gold_units:
            n_gold[role] += 1
        d = per_doc.setdefault(it["doc"], Counter())
        d["gold"] += len(gold_units)
        d["pred"] += len(preds)
        d["tp"] += len(gold_units) - len(unmatched)
        if unmatched or spurious:
            errors.append({"doc": it["doc"], "task": it["task"], "clause": it["clause"],
                           "missed": unmatched, "spurious": spurious})
    rows = {role: prf(tp[role], n_pred[role], n_gold[role]) for role in ("lead", "support")}
    rows["micro"] = prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    return {"roles": rows, "docs": {d: prf(c["tp"], c["pred"], c["gold"]) for d, c in sorted(per_doc.items())},
            "items": len(items), "unscored": unscored, "problems": problems, "errors": errors}
