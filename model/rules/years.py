"""Years (SPEC §4): a year other than the report's in an indicator row or a goal.

- ``year.indicator``: the 年度指标值 or 实际完成值 of a row names another year (a table copied
  from last year's report); grouped per table like the other row gaps.
- ``year.goal``: the department's or a project's 预期目标 names another year.

Mentions of last year in the 正文 after a roll-over (``year.rollover_text``) are found with the
other text rules (``model.rules.text``).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from ..numbers import years_mentioned
from ..report import Report
from ..severity import WARNING
from .base import Sink, _clip, _fixed_message, _group

RULES: dict[str, str] = {
    "year.indicator": WARNING,
    "year.goal": WARNING,
}


@lru_cache(maxsize=8192)
def _other_years(text: str, year: int) -> tuple[int, ...]:
    """Years (``YYYY年`` or a date) in the text other than ``year`` (pure: cached on the text)."""
    if not text:
        return ()
    return tuple(dict.fromkeys(y for y in years_mentioned(text) if y != year))


@lru_cache(maxsize=16384)
def row_years(target: str, actual: str, year: int) -> Optional[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Years other than ``year`` in a row's target and actual value, or None when there are none."""
    t, a = _other_years(target, year), _other_years(actual, year)
    return (t, a) if t or a else None


def row_year_entries(entries: list, i: int, where: str, label: str, target: str, actual: str, year: int) -> None:
    """Append the year gaps of row ``i`` to ``entries`` (grouped later by ``group_years``)."""
    t_years, a_years = row_years(target, actual, year) or ((), ())
    for field, text, what, other in (("target", target, "年度指标值", t_years),
                                     ("actual", actual, "实际完成值", a_years)):
        if other:
            entries.append((i, f"{where}.{field}", _fixed_message,
                            f"{label}的{what}“{_clip(text, 30)}”中的年份 "
                            f"{'、'.join(str(y) for y in other)} 与报告年度 {year} 不符"))


def group_years(out: Sink, entries: list, table_label: str, year: int) -> None:
    _group(out, "year.indicator", entries, table_label, f"的年度指标值或实际完成值中的年份与报告年度 {year} 不符")


def check_goal_years(out: Sink, report: Report, where: str, label: str, text: str) -> None:
    other = _other_years(text, report.year)
    if other:
        out.add("year.goal", where,
                f"{label}中提到 {'、'.join(f'{y}年' for y in other)}，与报告年度 {report.year} 不符，请核对")
