"""The indicator skeleton a new report starts with, and spreading a block's weight over rows.

``skeleton_rows(profile)`` gives one placeholder row per second-level indicator of every
first-level block of the rule set (SPEC §3.1, §5.2): 一级 and 二级 filled, the block's
weight spread evenly over its second-level rows, the 三级指标 name, target and actual
value left for the user. The 审核 rules ask for the missing names and values
(``indicator.missing_name`` …), so a skeleton row is never silently printed as finished.

``spread(total, n)`` splits a weight into ``n`` parts to two decimals (ROUND_HALF_UP), the
remainder on the last part, so the parts add up to ``total`` exactly.

``fit_to_rule_set(ind, profile)`` puts a library indicator into the rule set's blocks (the
library files 成本指标 as a first-level block; some rule sets have it under 产出指标).

``spread_insert(rows, at, items, profile)`` is what choosing several library indicators
for one second-level block offers: the rows of the table with ``items`` inserted, the empty
placeholders of that block dropped and the block's weight spread over its named rows.
"""
from __future__ import annotations

import copy
import dataclasses
from decimal import Decimal
from typing import Optional, Sequence

from .profiles import Profile, get_profile
from .report import Indicator, Report
from .rounding import round_half_up

#: decimals of a spread weight
SPREAD_PLACES = 2


def _tidy(value: Decimal) -> Decimal:
    """6.00 → 6, 6.67 stays: whole weights print as whole numbers."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def spread(total: Decimal, n: int, places: int = SPREAD_PLACES) -> list[Decimal]:
    """``total`` split into ``n`` even parts (四舍五入 to ``places``), the remainder on the last one."""
    if n <= 0:
        return []
    part = round_half_up(total / n, places)
    parts = [part] * (n - 1)
    parts.append(total - part * (n - 1))
    return [_tidy(p) for p in parts]


def skeleton_rows(profile: Profile) -> list[Indicator]:
    """One placeholder row per second-level indicator of each block (a block without a
    second-level list gets one row); the weights add up to each block's weight."""
    rows: list[Indicator] = []
    for block in profile.blocks:
        names = list(block.level2) or [""]
        for level2, weight in zip(names, spread(block.weight, len(names))):
            rows.append(Indicator(level1=block.name, level2=level2, weight=weight))
    return rows


def apply_skeleton(report: Report) -> None:
    """Give ``report``'s department table the skeleton of its rule set (and the rule set's
    execution weight)."""
    profile = get_profile(report.profile)
    report.dept.execution_weight = profile.execution_weight
    report.dept.indicators = skeleton_rows(profile)


def fit_to_rule_set(ind: Indicator, profile: Profile) -> Indicator:
    """A library indicator placed in ``profile``'s blocks: when its 一级指标 is not a block of the
    rule set but one block lists it as a second-level indicator (成本指标 under 财政部通用's
    产出指标), it moves there (一级 = that block, 二级 = its old 一级); otherwise it stays as it is."""
    if profile.block(ind.level1) is not None:
        return ind
    for block in profile.blocks:
        if ind.level1 in block.level2:
            return dataclasses.replace(ind, level1=block.name, level2=ind.level1)
    return ind


def skeleton_for_switch(report: Report, new_id: str) -> Optional[list[Indicator]]:
    """The rule set ``new_id``'s skeleton for the department table when that table still holds
    only unfilled placeholder rows (a new report nobody has started), so that switching the rule
    set brings its own blocks and weights; None when the user has typed anything there, when the
    table is empty or when it already is that skeleton."""
    rows = report.dept.indicators
    if not rows or not all(is_placeholder(r) for r in rows):
        return None
    new = skeleton_rows(get_profile(new_id))
    return None if new == list(rows) else new


def is_placeholder(ind: Indicator) -> bool:
    """A skeleton row nobody has filled: no name, target, actual value, note or score."""
    return not (ind.name.strip() or ind.target.strip() or ind.actual.strip() or ind.note.strip()
                or ind.grade or ind.manual_score is not None)


def _weight_of(rows: Sequence[Indicator]) -> Decimal:
    return sum((r.weight for r in rows if r.weight is not None), Decimal(0))


def block_weight(rows: Sequence[Indicator], level1: str, level2: str, profile: Profile) -> Optional[Decimal]:
    """The weight of the second-level block (level1, level2) of a table: what its rows carry now,
    else what its first-level block has not given to other rows; None when there is none."""
    same = [r for r in rows if r.level1 == level1 and r.level2 == level2]
    own = _weight_of(same)
    if own > 0:
        return own
    block = profile.block(level1)
    if block is None:
        return None
    rest = block.weight - _weight_of([r for r in rows if r.level1 == level1 and r.level2 != level2])
    return rest if rest > 0 else None


def spread_groups(rows: Sequence[Indicator], items: Sequence[Indicator],
                  profile: Profile) -> list[tuple[str, str, Decimal, int]]:
    """(level1, level2, weight, rows after the insert) for every second-level block that gets two
    or more of ``items`` and has a weight to spread."""
    counts: dict[tuple[str, str], int] = {}
    for it in items:
        counts[(it.level1, it.level2)] = counts.get((it.level1, it.level2), 0) + 1
    out = []
    for (l1, l2), n in counts.items():
        if n < 2 or not l1.strip():
            continue
        weight = block_weight(rows, l1, l2, profile)
        if weight is None:
            continue
        kept = sum(1 for r in rows if r.level1 == l1 and r.level2 == l2 and not is_placeholder(r))
        out.append((l1, l2, weight, kept + n))
    return out


def spread_insert(rows: Sequence[Indicator], at: int, items: Sequence[Indicator],
                  profile: Profile) -> list[Indicator]:
    """The table after inserting ``items`` before row ``at``, with every block of
    ``spread_groups`` evenly weighted and its empty placeholders removed. ``rows`` is not changed."""
    groups = spread_groups(rows, items, profile)
    keys = {(l1, l2): w for l1, l2, w, _n in groups}
    at = max(0, min(at, len(rows)))
    new = [copy.deepcopy(i) for i in items]
    fresh = {id(i) for i in new}
    table = [copy.deepcopy(r) for r in rows[:at]] + new + [copy.deepcopy(r) for r in rows[at:]]
    table = [r for r in table if id(r) in fresh or not ((r.level1, r.level2) in keys and is_placeholder(r))]
    for (l1, l2), weight in keys.items():
        members = [r for r in table if r.level1 == l1 and r.level2 == l2]
        for r, w in zip(members, spread(weight, len(members))):
            r.weight = w
    return table
