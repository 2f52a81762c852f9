"""抽查: a reproducible random sample of the collected units.

The units of one year (the latest collected year unless given) are sorted by name and
``random.Random(seed).sample`` picks ``size`` of them, so the same database, year, size
and seed give the same units on every computer. The seed is printed and the draw is
recorded in the 汇总库 (``draws``).
"""
from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from typing import Optional

from .db import DbError, Entry, SummaryDb


@dataclass
class Draw:
    """A random draw of units for 抽查: the seed, the year and the entries drawn."""
    seed: int
    year: int
    size: int
    population: int
    entries: list[Entry]

    def lines(self) -> list[str]:
        head = (f"抽查：{self.year}年度共 {self.population} 个单位，抽取 {len(self.entries)} 个，"
                f"随机种子 {self.seed}（用同一种子可重现本次抽取）")
        return [head] + [f"  {i}. {e.unit}（自评得分 {e.score or '—'}，{e.grade}）"
                         for i, e in enumerate(self.entries, 1)]


def new_seed() -> int:
    return secrets.randbelow(1_000_000)


def pick(entries: list[Entry], size: int, seed: int, year: Optional[int] = None) -> Draw:
    """The sample of ``size`` units of ``year`` (pure: no database)."""
    if size < 1:
        raise DbError("抽查数量应为正整数")
    if not entries:
        raise DbError("汇总库中还没有报告，无法抽查")
    if year is None:
        year = max(e.year for e in entries)
    pool = sorted((e for e in entries if e.year == year), key=lambda e: e.unit)
    if not pool:
        raise DbError(f"汇总库中没有 {year} 年度的报告，无法抽查")
    chosen = random.Random(seed).sample(range(len(pool)), min(size, len(pool)))
    return Draw(seed, year, size, len(pool), [pool[i] for i in sorted(chosen)])


def draw(db: SummaryDb, size: int, seed: Optional[int] = None, year: Optional[int] = None) -> Draw:
    """Draw and record the sample."""
    result = pick(db.entries(), size, new_seed() if seed is None else seed, year)
    db.record_draw(result.seed, size, result.year, [e.unit for e in result.entries])
    return result
