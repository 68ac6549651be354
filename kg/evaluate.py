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
                      for r in g["relations"] if r["type"] in ("LEADS", "SUPPORTS")]
        gold_pairs = list(dict.fromkeys(gold_pairs))
        pred_pairs = list(dict.fromkeys(
            (r["type"], r["head"]["name"], (r["head"]["start"], r["head"]["end"]))
            for r in p["relations"] if r["type"] in ("LEADS", "SUPPORTS")))
        unmatched = list(gold_pairs)
        owner_fp = []
        for role, name, span in pred_pairs:
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
    return result


def format_table(title: str, rows: dict) -> str:
    lines = [f"{title:<14} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}"]
    for name, r in rows.items():
        lines.append(f"{name:<14} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} {r['gold']:6d} {r['pred']:6d}")
    return "\n".join(lines)
