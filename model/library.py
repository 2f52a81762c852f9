"""The indicator library: commonly used indicator rows to pick from.

``resources/library/indicators.json`` holds suggestions grouped by scope
(部门整体, 工会项目, 通用项目): 一级/二级/三级 names, 指标性质, a target, its unit
and a suggested 分值. Targets of 时效 rows may contain ``{year}``, replaced by
the report year when the row is taken into a table. An entry with a ``link`` (a ratio id of
``resources/links.json``) can be linked: taken into a table, its 实际完成值 is computed.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from . import links
from .numbers import normalize
from .report import NATURES, Indicator

LIBRARY_FILE = Path(__file__).resolve().parent.parent / "resources" / "library" / "indicators.json"

#: natures a library entry may have: the table's natures plus 时效 (a date target)
ENTRY_NATURES = NATURES + ("时效",)


class LibraryError(Exception):
    """The library file cannot be read; ``str(e)`` is Chinese."""


@dataclass(frozen=True)
class LibraryEntry:
    """One indicator of the library: its scope, levels, name, nature, target and unit."""
    scope: str              # 部门整体 / 工会项目 / 通用项目
    level1: str
    level2: str
    name: str               # 三级指标
    nature: str             # one of ENTRY_NATURES
    target: str             # the value without comparator and unit ("95"), a date text or a qualitative text
    unit: str = ""
    weight: Optional[Decimal] = None
    hint: str = ""          # what the indicator measures, shown in the picker
    link: str = ""          # the ratio id (``model.links``) the row is linked to when taken

    def target_text(self, year: int) -> str:
        """The 年度指标值 as it goes into a table: ``≥95%``, ``2024年12月31日之前完成``, ``效果明显``."""
        target = self.target.replace("{year}", str(year))
        if self.nature in ("≥", ">", "≤", "<", "="):
            return f"{self.nature}{target}{self.unit}"
        return target

    def to_indicator(self, year: int) -> Indicator:
        nature = self.nature if self.nature in NATURES else ""
        return Indicator(level1=self.level1, level2=self.level2, name=self.name, nature=nature,
                         target=self.target_text(year), weight=self.weight, link=self.link)

    def matches(self, words: Iterable[str]) -> bool:
        hay = normalize(" ".join((self.scope, self.level1, self.level2, self.name, self.hint))).lower()
        return all(w in hay for w in words)


def _entry(data: dict, where: str) -> LibraryEntry:
    if not isinstance(data, dict):
        raise LibraryError(f"指标库第 {where} 条格式不正确")
    def text(key: str, required: bool = True) -> str:
        value = data.get(key, "")
        if not isinstance(value, str) or (required and not value.strip()):
            raise LibraryError(f"指标库第 {where} 条缺少“{key}”")
        return value.strip()
    nature = text("nature")
    if nature not in ENTRY_NATURES:
        raise LibraryError(f"指标库第 {where} 条的指标性质“{nature}”无法识别")
    weight = data.get("weight")
    try:
        w = None if weight in (None, "") else Decimal(str(weight))
    except InvalidOperation:
        raise LibraryError(f"指标库第 {where} 条的分值“{weight}”无法识别") from None
    link = text("link", False)
    if link and links.spec(link) is None:
        raise LibraryError(f"指标库第 {where} 条的关联比率“{link}”无法识别")
    return LibraryEntry(text("scope"), text("level1"), text("level2"), text("name"), nature,
                        text("target"), text("unit", False), w, text("hint", False), link)


def parse_library(data) -> tuple[LibraryEntry, ...]:
    """Entries from the decoded JSON (``{"entries": [...]}``)."""
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise LibraryError("指标库文件格式不正确：缺少 entries 列表")
    return tuple(_entry(e, str(i + 1)) for i, e in enumerate(data["entries"]))


@lru_cache(maxsize=4)
def load_library(path: Optional[Path] = None) -> tuple[LibraryEntry, ...]:
    """All entries of the library file (the built-in one by default)."""
    p = Path(path) if path else LIBRARY_FILE
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except OSError as e:
        raise LibraryError(f"无法读取指标库文件 {p.name}：{e.strerror or e}") from None
    except ValueError:
        raise LibraryError(f"指标库文件 {p.name} 不是有效的 JSON") from None
    return parse_library(data)


def scopes(entries: Iterable[LibraryEntry]) -> list[str]:
    return list(dict.fromkeys(e.scope for e in entries))


def filter_entries(entries: Iterable[LibraryEntry], text: str = "", scope: str = "",
                   level1: str = "") -> list[LibraryEntry]:
    """Entries whose names contain every word of ``text`` (case- and width-insensitive)."""
    words = [w for w in normalize(text).lower().split() if w]
    return [e for e in entries
            if (not scope or e.scope == scope) and (not level1 or e.level1 == level1)
            and e.matches(words)]
