"""Adjustments: what a rule of the rule set did to a score, and the over-achievement rule.

Every rule that changes a row's or a table's score (a 偏离 deduction, a cap by 执行率, a
weight spread) leaves an ``Adjustment``; the grid tooltip, 审核 and the printed table's
偏差 column read them from ``ReportScores`` (``TableResult.all_adjustments``).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from .numbers import fmt_plain
from .profiles import OVER_DEDUCT, OVER_SUGGEST, Settings

ZERO = Decimal(0)
ONE = Decimal(1)


@dataclass(frozen=True)
class Adjustment:
    """A rule of the rule set that changed (or suggests changing) a score.

    ``rule``: a stable id (``over.deduct``, ``over.suggest``, ``cap.execution``,
    ``spread.empty_block``); ``text``: what happened, in Chinese; ``delta``: the points the
    score changed by (negative for a deduction, 0 for a suggestion).
    """
    rule: str
    text: str
    delta: Decimal



def is_over(nature: str, a: Decimal, b: Decimal, threshold: Decimal, inclusive: bool = False) -> bool:
    if nature in ("≥", ">"):
        return a > 0 and ((b >= a * (ONE + threshold)) if inclusive else (b > a * (ONE + threshold)))
    if nature in ("≤", "<"):
        return a > 0 and ((b <= a * (ONE - threshold)) if inclusive else (b < a * (ONE - threshold)))
    return False


def _percent(fraction: Decimal) -> str:
    return fmt_plain((fraction * 100).normalize())


def over_adjustment(settings: Settings, upward: bool, raw: Decimal) -> tuple[Decimal, Optional[Adjustment]]:
    """The score after the rule set's over-achievement action, and the adjustment it leaves."""
    points = settings.over_points
    side = "超目标" if upward else "低于目标"
    bound = f"{_percent(settings.over_threshold)}%{'及' if settings.over_inclusive else ''}以上"
    if settings.over_action == OVER_DEDUCT:
        after = max(ZERO, raw - points)
        return after, Adjustment("over.deduct", f"偏离（{side}{bound}）扣{fmt_plain(points.normalize())}分",
                                 after - raw)
    if settings.over_action == OVER_SUGGEST:
        return raw, Adjustment("over.suggest", f"偏离（{side}{bound}），建议扣{fmt_plain(points.normalize())}分"
                                               "（如认可，请在得分列手工填写）", ZERO)
    return raw, None
