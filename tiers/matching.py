"""Finding an enterprise from the name printed in an official recognition list (domain.md §9).

Lists print names as the issuing office typed them: full- or half-width brackets, spaces, with or without
有限公司. `normalise` removes those differences; `NameIndex` answers one enterprise, none, or several
(ambiguous: reported, never guessed).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

# Longest first: "股份有限公司" must go before "有限公司" is tried.
SUFFIXES = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "股份公司", "公司")
_DROP = re.compile(r"[\s()\[\]【】〔〕<>《》\"'“”‘’·.,，。、]")


def normalise(name: str) -> str:
    """The comparable form of a company name: NFKC (full-width → half-width), no spaces, brackets or quotes,
    no legal-form suffix. "嘉兴（中国）科技 有限公司" and "嘉兴(中国)科技" give the same text."""
    text = _DROP.sub("", unicodedata.normalize("NFKC", name or ""))
    for suffix in SUFFIXES:
        if text.endswith(suffix):
            return text[: -len(suffix)] or text
    return text


def normalise_title(name: str) -> str:
    """A title as printed ("专精特新“小巨人”企业", "专精特新小巨人") in comparable form: no quotes, no 企业 suffix."""
    text = _DROP.sub("", unicodedata.normalize("NFKC", name or ""))
    return text[:-2] if text.endswith("企业") and len(text) > 2 else text


class NameIndex:
    """Enterprises by normalised name: `find(name)` → the one id, or a list of candidates when ambiguous."""

    def __init__(self, rows: Iterable[tuple[int, str]]) -> None:
        self._by: dict[str, list[int]] = defaultdict(list)
        for pk, name in rows:
            self._by[normalise(name)].append(pk)

    def candidates(self, name: str) -> list[int]:
        key = normalise(name)
        return list(self._by.get(key, [])) if key else []
