"""Helpers shared by the tests (importable: tests/ is on sys.path)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
KG = [sys.executable, "-m", "kg.cli"]


def run_kg(*args, check=True, **kw):
    proc = subprocess.run(KG + [str(a) for a in args], capture_output=True, text=True, cwd=ROOT, **kw)
    if check and proc.returncode != 0:
        raise AssertionError(f"kg {' '.join(map(str, args))} failed ({proc.returncode}):\n{proc.stderr}")
    return proc
