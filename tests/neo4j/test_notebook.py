"""Execute notebooks/analyst.ipynb with nbclient against the test server loaded with the
seeds (the mini build while `kg build` is unavailable)."""
from __future__ import annotations

import json


import pytest

from neo4j_testlib import MINIBUILD, REPO, ensure_loaded

NOTEBOOK = REPO / "notebooks" / "analyst.ipynb"


def test_notebook_is_saved_without_outputs():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None


@pytest.fixture
def loaded_db(request, driver, neo4j_uri):
    try:
        build = request.getfixturevalue("seeds_build")
    except pytest.skip.Exception:
        build = MINIBUILD
    ensure_loaded(driver, neo4j_uri, build)
    return build


def test_notebook_runs(loaded_db, neo4j_uri, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    monkeypatch.setenv("NEO4J_URI", neo4j_uri)
    monkeypatch.delenv("NEO4J_USER", raising=False)
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    monkeypatch.delenv("NEO4J_DATABASE", raising=False)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()

    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = "\n".join(o.get("data", {}).get("text/html", "") for o in outputs)
    text = "\n".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert f"connected to {neo4j_uri}" in text
    assert "LEADS" in html                            # schema overview table
    assert "连云港市邮政管理局" in html                # task_owners for 无人快递车
    assert "<iframe srcdoc=" in html and "vis-network" in html   # inline pyvis graph
    assert "连云港市商务局" in html
