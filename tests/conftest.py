import pytest

from kgtest import SEEDS, run_kg


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory):
    """`kg build seeds` once per test session, with the shipped model."""
    out = tmp_path_factory.mktemp("seeds-build")
    proc = run_kg("build", SEEDS, "--out", out, "--no-progress")
    return out, proc.stdout
