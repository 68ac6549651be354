"""Fixtures for the Neo4j tests.

* ``neo4j_uri`` (session): starts ``scripts/neo4j-test-server --stdin`` (a throwaway
  in-process Neo4j 5.26 with auth disabled), reads its ``NEO4J_URI=...`` line and
  stops it at the end.  The first run needs Maven to have resolved the harness
  (``scripts/neo4j-test-server --prepare``); skipped when Java is missing.
* ``driver`` (session), ``empty_db`` (function: wipes the database).
* ``minibuild``: the hand-made build in ``tests/neo4j/data/minibuild``.
* ``seeds_build`` (session): ``kg build seeds --out <tmp>``; the seeds tests are
  skipped while the ``build`` command does not exist.
* ``mini_db`` / ``seeds_db`` (function): the database holding exactly that build
  (reloaded only when another test changed the database).
"""
from __future__ import annotations

import os
import selectors
import shutil
import subprocess
import tempfile
import time
import warnings
from pathlib import Path

import pytest

from neo4j_testlib import MINIBUILD, REPO, SEEDS, ensure_loaded, forget_loaded, kg_cli, wipe

SERVER = REPO / "scripts" / "neo4j-test-server"
START_TIMEOUT = float(os.environ.get("KG_TEST_NEO4J_START_TIMEOUT", "600"))


def pytest_configure(config):
    config.addinivalue_line("markers", "seeds: needs `kg build seeds` to work")


@pytest.fixture(scope="session")
def neo4j_uri():
    if shutil.which(os.environ.get("JAVA", "java")) is None:
        pytest.skip("Java is not installed: cannot start the Neo4j test server")
    log = tempfile.NamedTemporaryFile(prefix="kg-neo4j-test-server-", suffix=".log", delete=False)
    proc = subprocess.Popen([str(SERVER), "--stdin"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=log, text=True)
    uri = None
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while uri is None and time.monotonic() < deadline:
            if not sel.select(timeout=1.0):
                if proc.poll() is not None:
                    break
                continue
            line = proc.stdout.readline()
            if not line:
                break
            if line.startswith("NEO4J_URI="):
                uri = line.strip().split("=", 1)[1]
    finally:
        sel.close()
    if uri is None:
        _stop(proc)
        log.close()
        tail = Path(log.name).read_text(errors="replace")[-3000:]
        pytest.fail(f"neo4j-test-server did not start (log {log.name}):\n{tail}")
    try:
        yield uri
    finally:
        _stop(proc)
        log.close()
        os.unlink(log.name)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        try:
            proc.stdin.close()
        except OSError:
            pass
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def driver(neo4j_uri):
    import neo4j
    drv = neo4j.GraphDatabase.driver(neo4j_uri, auth=None, notifications_min_severity="OFF")
    drv.verify_connectivity()
    yield drv
    drv.close()


@pytest.fixture
def empty_db(driver):
    forget_loaded()
    wipe(driver)
    return driver


@pytest.fixture
def minibuild(tmp_path) -> Path:
    """A writable copy of the hand-made build."""
    dst = tmp_path / "minibuild"
    shutil.copytree(MINIBUILD, dst)
    return dst


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory) -> Path:
    """``kg build seeds --out <tmp>`` (extra arguments from $KG_TEST_BUILD_ARGS).
    Falls back to ``--ner none`` (rules only) when the shipped NER model is missing."""
    out = tmp_path_factory.mktemp("seedbuild")
    extra = os.environ.get("KG_TEST_BUILD_ARGS", "").split()
    proc = kg_cli("build", str(SEEDS), "--out", str(out), *extra, check=False)
    if proc.returncode != 0 and "invalid choice: 'build'" in proc.stderr:
        pytest.skip("`kg build` is not available yet")
    if proc.returncode != 0 and "NER model is missing" in proc.stderr and "--ner" not in extra:
        warnings.warn("kg build: the NER model is missing; building the seeds with --ner none")
        proc = kg_cli("build", str(SEEDS), "--out", str(out), "--ner", "none", *extra, check=False)
    assert proc.returncode == 0, f"kg build seeds failed:\n{proc.stderr[-3000:]}"
    assert (out / "graph.json").is_file()
    return out


@pytest.fixture
def seeds_db(driver, neo4j_uri, seeds_build):
    """The database holding exactly the seeds build (loaded when it does not already)."""
    ensure_loaded(driver, neo4j_uri, seeds_build)
    return driver


@pytest.fixture
def mini_db(driver, neo4j_uri):
    """The database holding exactly the hand-made mini build."""
    ensure_loaded(driver, neo4j_uri, MINIBUILD)
    return driver
