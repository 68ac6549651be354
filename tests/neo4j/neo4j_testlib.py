"""Helpers shared by the Neo4j tests (imported by conftest.py and the test modules)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
MINIBUILD = DATA / "minibuild"
SEEDS = REPO / "seeds"


def wipe(driver) -> None:
    with driver.session() as session:  # CALL ... IN TRANSACTIONS needs an auto-commit query
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()


def kg_cli(*args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    """Run the ``kg`` command of this interpreter's environment."""
    cmd = [sys.executable, "-m", "kg.cli", *args]
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=full_env, cwd=str(REPO))
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return proc


_LOADED: dict = {"build": None}


def forget_loaded() -> None:
    _LOADED["build"] = None


def ensure_loaded(driver, uri: str, build: Path) -> None:
    """Make the database hold exactly ``build`` (wipe + load unless it already does)."""
    from kg.neo4j_load import load
    key = str(Path(build).resolve())
    if _LOADED["build"] != key:
        wipe(driver)
        _LOADED["build"] = None
        load(build, uri, progress=False)
        _LOADED["build"] = key
