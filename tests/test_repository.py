"""A clone is the whole product: nothing in the repository points outside it,
and what a new user runs first (``kg --version``, ``kg --help``, a training
run without its data) answers in full sentences.

The path check greps every file git tracks or would add (``git ls-files``) for absolute paths
of a machine's own folders and for the sibling "shared" folder of the
development machine: a user's clone has neither.
"""
from __future__ import annotations

import json
import re
import subprocess

import pytest

from kgtest import ROOT, run_kg

# Built from pieces so that this file does not match itself.
_SHARED = "../" + "shared"
_MACHINE_DIRS = "|".join(["work", "root", "home", "Users", "mnt", "opt", "srv", "tmp", "var/folders"])
MACHINE_PATH = re.compile(r"(?<![\w.~-])/(?:" + _MACHINE_DIRS + r")/[\w.-]|[A-Za-z]:\\\\?(?:Users|work)\\")


def _tracked_files() -> list:
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [ROOT / p for p in out.decode("utf-8").split("\0") if p]


def test_no_tracked_file_names_a_path_outside_the_repository():
    offenders = []
    for path in _tracked_files():
        if not path.is_file() or path.suffix in {".pt", ".png", ".jpg", ".docx", ".pdf", ".xlsx"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for n, line in enumerate(text.splitlines(), 1):
            if _SHARED in line or MACHINE_PATH.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()[:120]}")
    assert not offenders, "paths outside the repository:\n" + "\n".join(offenders[:30])


def test_the_path_check_catches_what_it_is_for():
    assert MACHINE_PATH.search('CLUENER_DIR = Path("/work/' + 'shared/benchmarks/cluener")')
    assert MACHINE_PATH.search("data in /home/" + "alice/cluener")
    assert not MACHINE_PATH.search("tests launch /usr/bin/chromium")
    assert not MACHINE_PATH.search("see docs/FORMATS.md and data/cluener/")


def test_data_the_product_needs_ships_with_it():
    for rel in ("data/cluener/train.json", "data/cluener/dev.json", "data/cluener/README.md",
                "data/corpus/SOURCES.md", "docs/FORMATS.md", "docs/ONTOLOGY.md"):
        assert (ROOT / rel).is_file(), rel
    # Every gold and training source resolves inside the clone.
    for gold in ("data/dev/gold.jsonl", "data/ner/train_gold.jsonl"):
        sources = {json.loads(line).get("source", "") for line in
                   (ROOT / gold).read_text(encoding="utf-8").splitlines() if line.strip()}
        missing = [s for s in sources if s and not ((ROOT / s).is_file() or (ROOT / "data" / s).is_file())]
        assert not missing, f"{gold}: sources not in the repository: {missing[:5]}"


def test_version_names_the_package_and_the_shipped_model():
    info = json.loads((ROOT / "kg/data/models/ner/training_info.json").read_text(encoding="utf-8"))
    out = run_kg("--version").stdout.strip()
    assert out.startswith("kg 0.")
    assert info["model_sha256"][:12] in out
    assert info["trained_on"] in out


def test_help_describes_the_tool_in_a_finished_sentence():
    out = run_kg("--help").stdout
    description = out.split("\n\n")[1].replace("\n", " ").strip()
    assert description.endswith(".") and "LEADS" in description


def test_train_ner_without_cluener_says_what_is_missing_in_one_line(tmp_path):
    proc = run_kg("train-ner", "--cluener", tmp_path / "nowhere", "--work-dir", tmp_path / "w", check=False)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "train.json" in lines[0] and "--cluener" in lines[0] and "nowhere" in lines[0]
    assert not (tmp_path / "w").exists()
