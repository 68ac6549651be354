"""Gazetteers as data: administrative divisions (from cpca's GB/T 2260 table),
named regions, towns, agency stems/suffixes and generic references.

Everything here is loaded once and cached; nothing is downloaded.
"""
from __future__ import annotations

import csv
import functools
import importlib.util
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kg.errors import KgError

DATA = Path(str(resources.files("kg") / "data"))

_LEVEL_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州",
                   "自治县", "地区", "省", "市", "县", "区", "盟", "旗")


@dataclass(frozen=True)
class Division:
    name: str          # full name, e.g. 连云港市
    adcode: str        # 6-digit GB/T 2260 code
    level: str         # province | city | county
    parent: str        # adcode of the parent ("" for provinces)
    lon: float
    lat: float


def read_list(path: Path) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def read_tsv(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in read_list(path)]


@functools.lru_cache(maxsize=1)
def divisions() -> dict[str, Division]:
    """adcode → Division, from cpca's table (provinces, cities, counties)."""
    # Locate cpca's data file without importing cpca: its __init__ needs
    # pkg_resources, which recent setuptools (and fresh venvs) no longer have.
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise KgError("cpca is not installed: run scripts/setup")
    table = Path(list(spec.submodule_search_locations)[0]) / "resources" / "adcodes.csv"
    out: dict[str, Division] = {}
    with open(table, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["adcode"][:6]
            if code.endswith("0000"):
                level, parent = "province", ""
            elif code.endswith("00"):
                level, parent = "city", code[:2] + "0000"
            else:
                level, parent = "county", code[:4] + "00"
            out[code] = Division(row["name"], code, level, parent,
                                 float(row["longitude"] or 0), float(row["latitude"] or 0))
    # Counties of municipalities and directly administered counties have a
    # parent code that is not in the table: attach them to the province.
    for code, d in list(out.items()):
        if d.parent and d.parent not in out:
            out[code] = Division(d.name, d.adcode, d.level, code[:2] + "0000", d.lon, d.lat)
    return out


def short_name(name: str) -> str:
    for suf in _LEVEL_SUFFIXES:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return name


@functools.lru_cache(maxsize=1)
def place_index() -> dict[str, list[Division]]:
    """Surface form → divisions it may denote. Full names always; short forms
    (连云港, 江苏) for provinces and cities; for counties only when jieba's
    dictionary knows the short form as a place name (ns: 海州, 赣榆, 灌南) and
    not as an ordinary word (东方, 城关, 新华 are not short names here)."""
    index: dict[str, list[Division]] = {}
    flags = jieba_word_flags()
    for d in sorted(divisions().values(), key=lambda d: d.adcode):
        index.setdefault(d.name, []).append(d)
        s = short_name(d.name)
        if s == d.name or len(s) < 2:
            continue
        if d.level in ("province", "city") or (flags.get(s) == "ns" and s not in _COUNTY_SHORT_STOP):
            index.setdefault(s, []).append(d)
    return index


# County short forms that are far more often something else in policy text.
_COUNTY_SHORT_STOP = frozenset("""东方 南方 北方 西方 中原 东海 南海 北海 城关 新华 长安 永定 安定 和平 平安 太平 长城 江南
江北 河东 河西 城中 城北 城南 城东 城西 新城 开发 龙湖 金山 红旗 白山 青山 东山 西山 南山 北山 中山 东区 西区 南区 北区
东港 新区 高新 普陀 黄浦 朝阳 海淀 长宁 静安 宝山 江都 高港 沙河 桥东 桥西 铁西 铁东 市中 郊区 矿区 城区""".split())


@functools.lru_cache(maxsize=1)
def jieba_posseg():
    """jieba's part-of-speech tagger, quiet; its dictionary ships with it (offline)."""
    import logging

    import jieba
    import jieba.posseg
    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg


@functools.lru_cache(maxsize=1)
def jieba_word_flags() -> dict[str, str]:
    """Word → part-of-speech flag from jieba's bundled dictionary."""
    return dict(jieba_posseg().dt.word_tag_tab)


@functools.lru_cache(maxsize=1)
def regions() -> dict[str, str]:
    return {row[0]: (row[1] if len(row) > 1 else "") for row in read_tsv(DATA / "gazetteers" / "regions.txt")}


@functools.lru_cache(maxsize=1)
def towns() -> dict[str, tuple[str, str]]:
    """town → (county, city) for towns the code table lacks."""
    return {r[0]: (r[1], r[2]) for r in read_tsv(DATA / "gazetteers" / "towns.tsv")}


@functools.lru_cache(maxsize=1)
def agency_stems() -> list[str]:
    return sorted(set(read_list(DATA / "gazetteers" / "agency_stems.txt")), key=lambda s: (-len(s), s))


@functools.lru_cache(maxsize=1)
def agency_suffixes() -> list[str]:
    return sorted(set(read_list(DATA / "gazetteers" / "agency_suffixes.txt")), key=lambda s: (-len(s), s))


@functools.lru_cache(maxsize=1)
def named_agencies() -> tuple[list[str], list[str]]:
    """(bodies named as a whole, bodies that need a level/place prefix)."""
    whole, prefixed = [], []
    for name in read_list(DATA / "gazetteers" / "agencies.txt"):
        (prefixed if name.startswith("*") else whole).append(name.lstrip("*"))
    return whole, prefixed


@functools.lru_cache(maxsize=1)
def generic_references() -> frozenset[str]:
    return frozenset(read_list(DATA / "gazetteers" / "generic_references.txt"))


@functools.lru_cache(maxsize=1)
def abbreviations() -> list[tuple[str, str]]:
    """(short stem, full stem), longest short form first."""
    rows = read_tsv(DATA / "gazetteers" / "abbreviations.tsv")
    return sorted(((r[0], r[1]) for r in rows), key=lambda r: (-len(r[0]), r[0]))


@functools.lru_cache(maxsize=1)
def known_entities() -> dict[str, str]:
    """Well-known names (short forms included) → label, from entities.tsv."""
    return {r[0]: r[1] for r in read_tsv(DATA / "gazetteers" / "entities.tsv")}
