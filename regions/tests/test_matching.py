"""Matching unit names as official tables write them to regions (domain.md §1, regions/matching.py).

The cases are every way the three seed notices (嘉经信投资〔2019〕15号, the 2019–2021 smart
transformation plan, the 2021 review / 2022 plan) write a unit, plus the variants domain.md
names: half-width brackets, stray spaces and newlines inside cells, names without 县/市/区.
The regions are those of data/regions-jiaxing.csv (the `regions` fixture).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from regions.choices import RegionKind
from regions.matching import RegionMatcher, match_region_name, normalize_name
from regions.models import Region

CITY, ETDZ, PORT = "330400", "330400-ETDZ", "330400-PORT"

# (as written, expected region code, where it is written)
SEED_FORMS = [
    # 2019 work points, the target decomposition table (unit rows) and the addressees.
    ("嘉善县", "330421", "2019 table"),
    ("平湖市", "330482", "2019 table"),
    ("海盐县", "330424", "2019 table"),
    ("海宁市", "330481", "2019 table"),
    ("桐乡市", "330483", "2019 table"),
    ("南湖区", "330402", "2019 table"),
    ("秀洲区", "330411", "2019 table"),
    ("嘉兴经济技术开发区（国际商务区）", ETDZ, "2019 table and addressees"),
    ("嘉兴港区", PORT, "2019 table and addressees"),
    ("\t嘉善县\n", "330421", "2019 table cell as pasted: tab before, newline after"),
    # 2019 work points, running text: “省级…激励市县（海宁、桐乡、嘉善）”.
    ("海宁", "330481", "2019 text"),
    ("桐乡", "330483", "2019 text"),
    ("嘉善", "330421", "2019 text"),
    # 2019–2021 smart transformation plan, the header row of its table.
    ("全市", CITY, "2019-2021 table header"),
    ("嘉兴\n港区", PORT, "2019-2021 table header, split over two lines"),
    # 2021 review / 2022 plan, running text.
    ("南湖", "330402", "2021 review: 南湖、嘉善、桐乡3个省级数字经济创新发展试验区"),
    ("秀洲", "330411", "2021 review: 秀洲桃园数字小镇"),
    ("平湖", "330482", "2021 review: 平湖生物医药产业园"),
    ("嘉兴经济技术开发区", ETDZ, "2021 review: 嘉兴经济技术开发区高创园"),
    ("嘉兴市", CITY, "2021 review title: 嘉兴市经信工作"),
]

VARIANTS = [
    ("经开区", ETDZ, "short name used in official tables"),
    ("嘉兴经济技术开发区(国际商务区)", ETDZ, "half-width brackets"),
    ("嘉兴经济技术开发区（国际商务区)", ETDZ, "mixed brackets"),
    ("嘉兴经济技术开发区\n（国际商务区）", ETDZ, "newline inside the cell"),
    (" 海宁市 ", "330481", "spaces around"),
    ("海 宁 市", "330481", "spaces inside"),
    ("海宁市\u3000", "330481", "full-width space"),
    ("海盐", "330424", "without 县"),
    ("海宁县", "330481", "wrong suffix still finds the unit by its stem"),
    ("嘉兴", CITY, "the city without 市"),
    ("港区", PORT, "short name of the port zone"),
]


@pytest.fixture
def matcher(regions: dict[str, Region]) -> RegionMatcher:
    return RegionMatcher(Region.objects.all())


@pytest.mark.parametrize(("raw", "code", "source"), SEED_FORMS + VARIANTS)
def test_every_form_matches_its_unit(matcher, raw, code, source):
    result = matcher.match(raw)
    assert result.matched, f"{raw!r} ({source}): {result.problem}"
    assert result.region.code == code, f"{raw!r} ({source}) matched {result.region.code}"
    assert result.name == raw  # the result keeps the name as written, for messages
    assert result.problem == ""


def test_the_nine_units_of_the_2019_table_are_nine_different_regions(matcher):
    units = [raw for raw, _code, source in SEED_FORMS if source.startswith("2019 table") and not raw.startswith("\t")]
    matched = {matcher.match(raw).region.code for raw in units}
    assert len(units) == len(matched) == 9


def test_the_one_function_matches_like_the_index(regions):
    result = match_region_name("嘉兴\n港区", Region.objects.all())
    assert result.matched and result.region.code == PORT


@pytest.mark.parametrize("raw", ["乌镇", "濮院", "湖州市", "嘉兴高新区"])
def test_an_unknown_name_says_which_name(matcher, raw):
    result = matcher.match(raw)
    assert not result.matched
    assert result.region is None
    assert raw in result.problem
    assert "无法识别" in result.problem


@pytest.mark.parametrize("raw", ["", "  ", "\n\t"])
def test_an_empty_name_says_it_is_empty(matcher, raw):
    result = matcher.match(raw)
    assert not result.matched
    assert "为空" in result.problem


def test_an_ambiguous_alias_says_so_and_names_the_candidates(regions):
    """Two 高新区 (Jiaxing's and Huzhou's) once the province holds more than one city."""
    add = Region.objects.add_child
    add(
        regions[CITY],
        {"code": "330400-HTZ", "name": "嘉兴秀洲高新技术产业开发区", "kind": RegionKind.ZONE, "aliases": ["高新区"]},
    )
    huzhou = add(regions["330000"], {"code": "330500", "name": "湖州市", "kind": RegionKind.CITY})
    add(
        huzhou,
        {"code": "330500-HTZ", "name": "湖州莫干山高新技术产业开发区", "kind": RegionKind.ZONE, "aliases": ["高新区"]},
    )

    result = RegionMatcher(Region.objects.all()).match("高新区")

    assert not result.matched
    assert "高新区" in result.problem
    assert "多个" in result.problem
    assert "嘉兴秀洲高新技术产业开发区" in result.problem
    assert "湖州莫干山高新技术产业开发区" in result.problem


@dataclass
class NamedRegion:
    pk: int
    name: str
    aliases: list[str] = field(default_factory=list)


def test_an_exact_name_wins_over_a_suffix_less_match_and_a_stem_alone_can_be_ambiguous():
    """海宁 was 海宁县 until 1986: a tree holding both finds each by its full name, not by the stem."""
    city, county = NamedRegion(1, "海宁市"), NamedRegion(2, "海宁县")
    matcher = RegionMatcher([city, county])
    assert matcher.match("海宁市").region is city
    assert matcher.match("海宁县").region is county
    ambiguous = matcher.match("海宁区")
    assert not ambiguous.matched
    assert "海宁市" in ambiguous.problem and "海宁县" in ambiguous.problem


def test_normalisation_is_width_and_whitespace_insensitive():
    assert normalize_name("嘉兴经济技术开发区（国际商务区）") == "嘉兴经济技术开发区(国际商务区)"
    assert normalize_name(" 嘉兴\r\n港　区 ") == "嘉兴港区"


SEEDS = Path(os.environ.get("JINGXIN_SEEDS", "/work/shared/seeds"))


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed notices not found at {SEEDS}")
def test_every_seed_form_is_really_written_in_a_seed_notice():
    """Keeps SEED_FORMS honest: each entry occurs, as written, in one of the three notices."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    missing = [raw for raw, _code, _source in SEED_FORMS if raw.strip("\t\n") not in text]
    assert not missing, missing
