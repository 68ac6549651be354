"""The rule files are validated data: every key is known (a typo is an error
that names the file and the key), and every key is read by some code."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from kg import config
from kg.errors import KgError

KG = Path(config.__file__).resolve().parent


def _fields(model: type[BaseModel], seen=None) -> set[str]:
    seen = set() if seen is None else seen
    out = set()
    for name, info in model.model_fields.items():
        out.add(name)
        for arg in _types(info.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel) and arg not in seen:
                seen.add(arg)
                out |= _fields(arg, seen)
    return out


def _types(annotation) -> list:
    args = getattr(annotation, "__args__", ()) or ()
    return [annotation, *[t for a in args for t in _types(a)]]


def test_the_shipped_rule_files_load():
    assert config.ownership_rules().parenthetical.lead_markers
    assert config.entity_rules().suffix_rules


@pytest.mark.parametrize("model", [config.OwnershipRules, config.EntityRules])
def test_every_key_of_the_rule_files_is_read_by_the_code(model):
    code = "\n".join(p.read_text(encoding="utf-8") for p in KG.rglob("*.py") if p.name != "config.py")
    unread = sorted(f for f in _fields(model) - {"version"}
                    if not re.search(rf"\.{f}\b|[\"']{f}[\"']", code))
    assert not unread, f"keys no code reads: {unread}"


def test_a_misspelt_key_is_an_error_naming_file_and_key(tmp_path):
    good = (config.RULES_DIR / "ownership.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "ownership.yaml"
    bad.write_text(good.replace("  lead_markers:", "  lead_marker:", 1), encoding="utf-8")
    with pytest.raises(KgError) as err:
        config.ownership_rules(bad)
    message = str(err.value)
    assert str(bad) in message and "lead_marker" in message and "\n" not in message


def test_a_confidence_out_of_range_is_an_error(tmp_path):
    good = (config.RULES_DIR / "ownership.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "ownership.yaml"
    bad.write_text(good.replace("confidence: 0.95", "confidence: 9.5", 1), encoding="utf-8")
    with pytest.raises(KgError, match="confidence"):
        config.ownership_rules(bad)
