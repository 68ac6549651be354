import inspect

import pytest

from kgtest import SEEDS, run_kg

# A test is end-to-end when it runs the kg command, a build, the Neo4j test
# server or the browser; `pytest -m "not e2e"` runs the fast unit tests alone.
E2E_FIXTURES = {"seeds_build", "neo4j_uri", "driver", "empty_db", "seeds_db", "mini_db"}
E2E_MODULES = {"test_viewer.py", "test_notebook.py"}


def _runs_kg(source: str) -> bool:
    return "run_kg(" in source or "kg_cli(" in source


def pytest_collection_modifyitems(items):
    for item in items:
        function = getattr(item, "function", None)
        if function is None:
            continue
        source = inspect.getsource(function)
        # helpers of the test's module that run kg (def _build(...): run_kg("build", ...))
        helpers = [name for name, f in vars(item.module).items()
                   if inspect.isfunction(f) and not name.startswith("test_") and f.__module__ == item.module.__name__
                   and _runs_kg(inspect.getsource(f))]
        if (E2E_FIXTURES & set(item.fixturenames) or item.path.name in E2E_MODULES or _runs_kg(source)
                or any(f"{h}(" in source for h in helpers)):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory):
    """`kg build seeds` once per test session, with the shipped model."""
    out = tmp_path_factory.mktemp("seeds-build")
    proc = run_kg("build", SEEDS, "--out", out, "--no-progress")
    return out, proc.stdout
