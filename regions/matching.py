"""The one name-matching function every import uses to find a region from a name in a file.

Official tables write the same unit many ways (domain.md §1): 嘉兴经济技术开发区（国际商务区）,
嘉兴经济技术开发区(国际商务区), 经开区, "嘉兴\n港区", 海宁 / 海宁市. Matching normalises width
(NFKC: full-width brackets → half-width), drops every whitespace (spaces, newlines inside
cells), then tries the names and aliases exactly, then without the 县/市/区 suffix. It returns
the region or a result that says clearly that (and why) it could not match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

_SPACE = re.compile(r"\s+")
_SUFFIXES = ("县", "市", "区")


class NamedRegion(Protocol):
    pk: int
    name: str
    aliases: list[str]


def normalize_name(raw: str) -> str:
    """Canonical form of a unit name: half-width, no whitespace anywhere, no decoration."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = _SPACE.sub("", text)
    return text.strip("*※:：")


def _without_suffix(name: str) -> str:
    if len(name) > 2 and name.endswith(_SUFFIXES):
        return name[:-1]
    return name


@dataclass(frozen=True)
class MatchResult:
    name: str  # as written in the file
    region: NamedRegion | None
    problem: str = ""  # why it did not match (empty when it did)

    @property
    def matched(self) -> bool:
        return self.region is not None


class RegionMatcher:
    """Index of regions by every normalised name and alias; build once per import."""

    def __init__(self, regions: Iterable[NamedRegion]) -> None:
        self._exact: dict[str, list[NamedRegion]] = {}
        self._loose: dict[str, list[NamedRegion]] = {}
        for region in regions:
            for name in [region.name, *(region.aliases or [])]:
                key = normalize_name(name)
                if not key:
                    continue
                self._add(self._exact, key, region)
                self._add(self._loose, _without_suffix(key), region)

    @staticmethod
    def _add(index: dict[str, list[NamedRegion]], key: str, region: NamedRegion) -> None:
        bucket = index.setdefault(key, [])
        if all(r.pk != region.pk for r in bucket):
            bucket.append(region)

    def match(self, raw: str) -> MatchResult:
        key = normalize_name(raw)
        if not key:
            return MatchResult(raw, None, "名称为空")
        for index, probe in ((self._exact, key), (self._loose, _without_suffix(key))):
            found = index.get(probe, [])
            if len(found) == 1:
                return MatchResult(raw, found[0])
            if len(found) > 1:
                names = "、".join(r.name for r in found)
                return MatchResult(raw, None, f"“{raw}”同时对应多个地区：{names}")
        return MatchResult(raw, None, f"无法识别的地区名称“{raw}”")


def match_region_name(raw: str, regions: Iterable[NamedRegion]) -> MatchResult:
    """Match one name against the given regions (build a RegionMatcher for many names)."""
    return RegionMatcher(regions).match(raw)
