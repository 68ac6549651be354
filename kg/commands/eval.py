"""kg eval GOLD.jsonl | kg eval --cluener dev.json: precision/recall/F1."""
from __future__ import annotations

import json
from pathlib import Path

from kg.errors import KgError

# Published CLUENER2020 test F1 (Xu et al., 2020) for comparison.
PUBLISHED = {"BiLSTM-CRF": {"government": 77.3, "company": 72.3},
             "BERT-base": {"government": 87.0, "company": 81.4}}


def add_parser(sub) -> None:
    p = sub.add_parser("eval", help="score entities and owners against a gold set, or the model on CLUENER dev")
    p.add_argument("gold", nargs="?", metavar="GOLD.jsonl", help="gold sentences (kg extract format)")
    p.add_argument("--cluener", metavar="DEV.json", help="score the NER model on CLUENER2020 dev")
    p.add_argument("--assignments", metavar="DIR",
                   help="build DIR/docs and score (task, unit, role) against DIR/*.jsonl")
    p.add_argument("--ner", default="project", help="project | none | hanlp:<pretrained id>")
    p.add_argument("--errors", metavar="FILE", help="write per-sentence errors as JSON lines")
    p.set_defaults(func=run)


def first_listed_in_source(gold: dict, gold_path: Path) -> bool:
    """Whether the gold sentence's source document states 列第一位者为牵头单位
    before the sentence: document context that `kg build` has and a lone
    sentence lacks. A source path (``seeds/…``, ``corpus/…``) is looked up under
    the repository, its ``data/`` folder and the gold file's folder."""
    from kg.config import ownership_rules
    source = gold.get("source")
    if not source:
        return False
    root = Path(__file__).resolve().parents[2]
    for base in (root, root / "data", gold_path.parent):
        f = base / source
        if f.is_file():
            text = f.read_text(encoding="utf-8", errors="replace")
            pos = text.find(gold["text"][:12])
            conv = min((text.find(p) for p in ownership_rules().parenthetical.first_listed_leads if p in text),
                       default=-1)
            return conv != -1 and (pos == -1 or conv <= pos + len(gold["text"]))
    return False


def run_assignments(folder: Path, ner: str, errors_path: str | None) -> dict:
    """Build folder/docs with `kg build`'s own code and score its LEADS/SUPPORTS
    edges against the hand-read assignments in folder/*.jsonl."""
    import tempfile

    from kg.build import build
    from kg.evaluate import format_table, score_assignments
    from kg.outputs import graph_json
    gold_files = sorted(folder.glob("*.jsonl"))
    if not gold_files or not (folder / "docs").is_dir():
        raise KgError(f"{folder}: needs *.jsonl gold files and a docs/ folder")
    gold = []
    for f in gold_files:
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    gold.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise KgError(f"{f}:{n}: not JSON ({exc.msg})") from None
    with tempfile.TemporaryDirectory() as tmp:
        graph, extractions, errors = build([str(folder / "docs")], Path(tmp), ner=ner, progress=False)
        if errors:
            raise KgError(errors[0])
        texts = {ex.doc.id: ex.doc.text for ex in extractions}
        result = score_assignments(gold, json.loads(graph_json(graph)), texts)
    print(f"{len(extractions)} documents, {result['items']} work items with assignments, NER: {ner}")
    for p in result["problems"]:
        print(f"warning: {p}")
    print(format_table("assignments", result["roles"]))
    print(format_table("per document", result["docs"]))
    print(f"owner edges on tasks outside the gold work items (not scored): {result['unscored']}")
    if errors_path:
        _write_errors(errors_path, result["errors"])
    return result


def _write_errors(path: str, errors: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for e in errors:
            fh.write(json.dumps(e, ensure_ascii=False) + "\n")


def run(args) -> int:
    if not args.gold and not args.cluener and not args.assignments:
        raise KgError("give GOLD.jsonl, --assignments DIR or --cluener DEV.json")
    if args.assignments:
        run_assignments(Path(args.assignments), args.ner, args.errors)
    if args.gold:
        from kg.commands.extract import extract_records, read_records
        from kg.evaluate import format_table, score
        gold = read_records(Path(args.gold))
        bad = [g for g in gold if "error" in g]
        if bad:
            raise KgError(f"{args.gold}: {bad[0]['error']}")
        pred = extract_records([{"id": g["id"], "text": g["text"], "doc_place": g.get("doc_place", ""),
                                 "first_listed_leads": first_listed_in_source(g, Path(args.gold))}
                                for g in gold], args.ner)
        result = score(gold, pred)
        print(f"{len(gold)} sentences, NER: {args.ner}")
        print(format_table("entities", result["entities"]))
        if result["owners_scored"]:
            print(format_table("owners", result["owners"]))
        else:
            print("owners: not scored (the gold lines carry no relations)")
        if args.errors:
            _write_errors(args.errors, result["errors"])
    if args.cluener:
        from kg.ner.cluener_eval import evaluate_cluener
        from kg.ner.pipeline import load_tagger
        tagger = load_tagger(args.ner)
        if tagger is None:
            raise KgError("--cluener needs a model (not --ner none)")
        res = evaluate_cluener(args.cluener, tagger._predict)
        print(f"CLUENER dev ({args.cluener}), model: {args.ner}")
        print(f"{'label':<14} {'P':>6} {'R':>6} {'F1':>6}   published test F1: BiLSTM-CRF / BERT-base")
        for lab in ("government", "company", "organization"):
            r = res[lab]
            pub = " / ".join(str(PUBLISHED[m].get(lab, "—")) for m in ("BiLSTM-CRF", "BERT-base"))
            print(f"{lab:<14} {100 * r['precision']:6.1f} {100 * r['recall']:6.1f} {100 * r['f1']:6.1f}   {pub}")
    return 0
