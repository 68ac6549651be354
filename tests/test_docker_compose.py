"""docker-compose.yml: a Neo4j 5.26 Community service with APOC, ports 7474/7687, a named
data volume, a healthcheck and credentials from .env.

With a Docker client that has the compose plugin, ``docker compose config -q`` validates
the file (it needs no engine); otherwise the file is checked with PyYAML.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
COMPOSE = REPO / "docker-compose.yml"
ENV_EXAMPLE = REPO / ".env.example"


def _compose_plugin() -> bool:
    docker = shutil.which("docker")
    if not docker:
        return False
    try:
        proc = subprocess.run([docker, "compose", "version"], capture_output=True, text=True,
                              timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0


def _env_example() -> dict[str, str]:
    out = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            k, v = line.split("=", 1)
            out[k.strip()] = v.strip()
    return out


def test_env_example_has_the_credentials():
    env = _env_example()
    assert env.get("NEO4J_PASSWORD") and len(env["NEO4J_PASSWORD"]) >= 8  # neo4j's minimum
    assert env.get("NEO4J_URI", "").startswith("bolt://")
    assert ".env" in (REPO / ".gitignore").read_text().split()


@pytest.mark.skipif(not _compose_plugin(), reason="no docker compose plugin")
def test_docker_compose_config(tmp_path):
    # a copy of the project folder with .env made from .env.example: the engine is not needed
    shutil.copy(COMPOSE, tmp_path / "docker-compose.yml")
    shutil.copy(ENV_EXAMPLE, tmp_path / ".env")
    proc = subprocess.run(["docker", "compose", "config", "-q"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run(["docker", "compose", "config", "--format", "json"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    svc = json.loads(proc.stdout)["services"]["neo4j"]
    assert svc["environment"]["NEO4J_AUTH"] == f"neo4j/{_env_example()['NEO4J_PASSWORD']}"


def test_docker_compose_schema():
    yaml = pytest.importorskip("yaml")
    doc = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(doc, dict) and "version" not in doc  # obsolete key in Compose v2
    svc = doc["services"]["neo4j"]
    assert re.fullmatch(r"neo4j:5\.26(\.\d+)?-community", svc["image"])

    env = svc["environment"]
    env = dict(e.split("=", 1) for e in env) if isinstance(env, list) else env
    assert re.fullmatch(r"neo4j/\$\{NEO4J_PASSWORD(:?[?-][^}]*)?\}", env["NEO4J_AUTH"])
    assert json.loads(env["NEO4J_PLUGINS"]) == ["apoc"]
    assert "env_file" not in svc  # NEO4J_* variables of .env would become unknown settings
    for key in env:
        assert re.fullmatch(r"NEO4J_[A-Za-z0-9_]+", key), key

    ports = {str(p).split(":")[-1].split("/")[0] for p in svc["ports"]}
    assert {"7474", "7687"} <= ports
    for p in svc["ports"]:
        host = str(p).rsplit(":", 1)[0]
        assert re.fullmatch(r"(\d+|\$\{NEO4J_(HTTP|BOLT)_PORT:-\d+\})", host), p

    volumes = doc.get("volumes") or {}
    data_mounts = [v for v in svc["volumes"] if str(v).endswith(":/data")]
    assert data_mounts and data_mounts[0].split(":")[0] in volumes  # a named volume

    hc = svc["healthcheck"]
    test = hc["test"]
    test = " ".join(test) if isinstance(test, list) else test
    assert "7474" in test or "cypher-shell" in test
    for key in ("interval", "timeout", "retries"):
        assert key in hc


def test_env_interpolation_matches_env_example():
    """Every ${VAR} the compose file uses without a default is defined in .env.example."""
    text = COMPOSE.read_text(encoding="utf-8")
    env = _env_example()
    for name, op in re.findall(r"\$\{([A-Z0-9_]+)(:?[-?])?", text):
        if op in ("", ":?", "?"):
            assert name in env, name
