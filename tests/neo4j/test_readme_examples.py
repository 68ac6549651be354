"""Every command the README shows runs as written.

The README's ``bash`` blocks are read; each ``.venv/bin/kg …`` line is run with
this interpreter's ``kg`` in a scratch folder that holds what a clone holds
(``seeds``, ``data``, ``notebooks``) and a ``my-documents`` folder (one seed
document), with ``NEO4J_URI`` pointing at the test server. Lines for Docker
(``docker compose``, ``cp .env.example .env``: validated by
test_docker_compose.py) and the two setup/test scripts (running now) are
not run; any other kind of line fails the test, so a new example cannot
slip past it.
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys


from neo4j_testlib import REPO, forget_loaded

README = REPO / "README.md"
NOT_RUN = ("scripts/setup", "scripts/test", "docker compose", "cp .env.example .env")


def readme_commands() -> list[str]:
    text = README.read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if line:
                commands += [c.strip() for c in line.split("&&")]
    return commands


def test_the_readme_shows_the_examples_this_test_runs():
    commands = readme_commands()
    assert any(c.startswith(".venv/bin/kg query agency_tasks") for c in commands)
    assert any(c.startswith(".venv/bin/kg build my-documents") for c in commands)
    assert any(c.startswith(".venv/bin/kg train-ner") for c in commands)


def test_every_readme_command_runs_as_written(empty_db, neo4j_uri, tmp_path):
    for name in ("seeds", "data", "notebooks"):
        (tmp_path / name).symlink_to(REPO / name)
    (tmp_path / "my-documents").mkdir()
    shutil.copy(REPO / "seeds" / "001_0d03b848f9f901be.txt", tmp_path / "my-documents")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["NEO4J_URI"] = neo4j_uri
    ran = []
    try:
        for command in readme_commands():
            if command.startswith(NOT_RUN) or command.startswith("export "):
                continue        # the test server replaces the Docker service and its variables
            words = shlex.split(command)
            if words[0] == ".venv/bin/jupyter":
                assert words[1] == "lab" and (tmp_path / words[2]).is_file(), command
                jupyter = REPO / ".venv" / "bin" / "jupyter"
                proc = subprocess.run([str(jupyter), "lab", "--version"], capture_output=True, text=True)
                assert proc.returncode == 0, f"{command}: the notebook extra is not installed"
                continue
            assert words[0] == ".venv/bin/kg", f"README command not covered by this test: {command}"
            proc = subprocess.run([sys.executable, "-m", "kg.cli", *words[1:]], cwd=tmp_path, env=env,
                                  capture_output=True, text=True, timeout=900)
            assert proc.returncode == 0, f"{command} failed ({proc.returncode}):\n{proc.stderr[-2000:]}"
            ran.append((command, proc.stdout))
    finally:
        forget_loaded()         # the database now holds the README's builds
    outputs = dict(ran)
    agency_queries = [out for cmd, out in ran if cmd.startswith(".venv/bin/kg query agency_tasks")]
    assert agency_queries and all("连云港市商务局" in out for out in agency_queries)
    assert (tmp_path / "my-build" / "viewer.html").is_file()
    assert (tmp_path / "build" / "ner-data" / "model-s200" / "model.pt").is_file()
    assert outputs[".venv/bin/kg --version"].startswith("kg ")
