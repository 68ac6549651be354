"""``kg train-ner``: (re)train the project's character-level HanLP NER model.

With its defaults it trains the recipe of the shipped model in
``kg/data/models/ner`` (same data, seed and two torch threads; about 27
minutes on two cores), deterministically for one torch build and CPU; the
environment is recorded in ``training_info.json`` (see MODEL.md)::

    kg train-ner

A quick run on a fixed sample (a minute or two), written beside the work
files so the shipped model is left alone::

    kg train-ner --epochs 1 --limit 200

Training data (CLUENER2020 train mapped to ontology labels, plus the
hand-annotated government sentences of ``data/ner/train_gold.jsonl`` repeated
``--annotated-repeat`` times; optionally silver sentences labelled by the rule
layer, see ``kg.ner.silver``) and the dev TSV are written to ``--work-dir`` (default
``build/ner-data``); the HanLP training directory (with ``train.log``) is
``<work-dir>/run``.  Only the files needed to load the model are copied to
``--out``, together with ``training_info.json``.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import shutil
from pathlib import Path

from kg.errors import KgError

DEFAULT_EPOCHS = 16
ANNOTATED_FILE = Path(__file__).resolve().parents[2] / "data" / "ner" / "train_gold.jsonl"
# How often the hand-annotated government sentences are repeated in the
# training file (4,513 sentences beside CLUENER's 10,748; three times would
# take training past 30 minutes on 2 cores).
DEFAULT_ANNOTATED_REPEAT = 2


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("train-ner", help="train the character-level HanLP NER model",
                              description=__doc__.split("\n")[0])
    p.add_argument("--out", default=None,
                   help="directory to save the model into (default: the package's kg/data/models/ner; "
                        "with --limit, <work-dir>/model-sN so a quick run never replaces the shipped model)")
    p.add_argument("--cluener", metavar="DIR", default=None,
                   help="folder holding CLUENER2020 train.json and dev.json (default: the repository's data/cluener)")
    p.add_argument("--epochs", type=int, default=DEFAULT_EPOCHS,
                   help=f"training epochs; the best epoch on CLUENER dev is kept (default {DEFAULT_EPOCHS})")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: the shipped model's seed)")
    p.add_argument("--limit", "--sample", dest="sample", type=int, default=None, metavar="N",
                   help="quick mode: train on a fixed random sample of N CLUENER training sentences "
                        "(and 200 dev sentences)")
    p.add_argument("--work-dir", default="build/ner-data", help="cache dir for TSVs and the training run")
    p.add_argument("--threads", type=int, default=None, help="torch threads (default 2; part of reproducibility)")
    p.add_argument("--rebuild-silver", action="store_true",
                   help="relabel data/ner/silver.jsonl with the current rules before training")
    p.add_argument("--silver-source", action="append", metavar="DIR", default=None,
                   help="documents --rebuild-silver labels (repeatable; default seeds/ and data/corpus/)")
    p.add_argument("--silver", action="store_true",
                   help="add the silver government sentences labelled by the rule layer (kg/ner/silver.py); "
                        "off by default: the hand-annotated set replaced them (see data/ner/README.md)")
    p.add_argument("--annotated", default=str(ANNOTATED_FILE),
                   help="hand-annotated government training sentences (default data/ner/train_gold.jsonl)")
    p.add_argument("--annotated-repeat", type=int, default=DEFAULT_ANNOTATED_REPEAT,
                   help=f"times the annotated sentences are repeated (default {DEFAULT_ANNOTATED_REPEAT}); 0 leaves them out")
    p.add_argument("--no-eval", action="store_true", help="skip the CLUENER dev evaluation at the end")
    p.set_defaults(func=run)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _environment() -> dict:
    """What floating-point results depend on: a model is byte-reproducible
    only with the same torch build and CPU kernel family (MODEL.md)."""
    import platform

    import hanlp
    import numpy
    import torch
    return {"python": platform.python_version(), "torch": torch.__version__,
            "torch_cpu_capability": torch.backends.cpu.get_cpu_capability(), "numpy": numpy.__version__,
            "hanlp": hanlp.__version__, "machine": platform.machine()}


def run(args) -> int:
    from kg.ner import hanlp_model as hm
    from kg.ner.training_data import CLUENER_DIR, build_training_files

    cluener = Path(args.cluener) if args.cluener else CLUENER_DIR
    missing = [n for n in ("train.json", "dev.json") if not (cluener / n).is_file()]
    if missing:
        raise KgError(f"{cluener}: CLUENER2020 {' and '.join(missing)} not found; the repository ships them in "
                      "data/cluener/, or download cluener_public.zip from https://www.cluebenchmarks.com/introduce.html "
                      "and pass its folder with --cluener DIR")
    seed = hm.DEFAULT_SEED if args.seed is None else args.seed
    threads = hm.DEFAULT_THREADS if args.threads is None else args.threads
    work = Path(args.work_dir)
    if args.out:
        out = Path(args.out)
    else:
        out = work / f"model-s{args.sample}" if args.sample else hm.DEFAULT_MODEL_DIR
    silver = []
    if (args.silver or args.rebuild_silver) and not args.sample:
        from kg.ner.silver import SILVER_FILE, read_silver, silver_examples, write_silver
        if args.rebuild_silver or not SILVER_FILE.is_file():
            sources = [Path(s) for s in args.silver_source] if args.silver_source else None
            write_silver(silver_examples(sources))
        silver = read_silver()
        print(f"silver: {len(silver)} government sentences labelled by the rule layer ({SILVER_FILE})")
    annotated = []
    if args.annotated_repeat and not args.sample:
        from kg.ner.training_data import read_annotated
        if not Path(args.annotated).is_file():
            raise KgError(f"{args.annotated}: annotated training set not found")
        annotated = read_annotated(args.annotated)
        print(f"annotated: {len(annotated)} hand-annotated government sentences x{args.annotated_repeat} ({args.annotated})")
    train_tsv, dev_tsv = build_training_files(work, cluener_train=cluener / "train.json",
                                              cluener_dev=cluener / "dev.json", silver=silver, annotated=annotated,
                                              annotated_repeat=args.annotated_repeat, sample=args.sample,
                                              dev_sample=200 if args.sample else None)
    run_dir = work / ("run" if not args.sample else f"run-s{args.sample}")
    if run_dir.exists():
        shutil.rmtree(run_dir)
    print(f"training on {train_tsv} (dev {dev_tsv}), {args.epochs} epochs, seed {seed}, {threads} threads")
    info = hm.train(train_tsv, dev_tsv, run_dir, seed=seed, epochs=args.epochs, threads=threads)

    out.mkdir(parents=True, exist_ok=True)
    for name in hm.MODEL_FILES:
        shutil.copyfile(run_dir / name, out / name)
    info["train_tsv_sha256"] = _sha256(train_tsv)
    info["train_sample"] = args.sample
    info["silver_sentences"] = len(silver)
    info["annotated_sentences"] = len(annotated)
    info["annotated_repeat"] = args.annotated_repeat if annotated else 0
    info["model_sha256"] = _sha256(out / "model.pt")
    info["trained_on"] = datetime.date.today().isoformat()
    info["environment"] = _environment()
    if not args.no_eval:
        from kg.ner.cluener_eval import evaluate_cluener
        info["cluener_dev"] = evaluate_cluener(cluener / "dev.json", hm.load(out))
    with open(out / "training_info.json", "w", encoding="utf-8") as fh:
        json.dump(info, fh, ensure_ascii=False, indent=2, sort_keys=True)
        fh.write("\n")
    print(json.dumps({k: info[k] for k in ("train_seconds", "model_sha256")}, indent=2))
    if "cluener_dev" in info:
        for k in ("government", "company", "organization", "overall", "address+scene"):
            print(f"{k:14s} F1 {info['cluener_dev'][k]['f1']:.4f}")
    print(f"saved to {out}")
    return 0
