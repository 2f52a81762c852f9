"""Table-level rules of a rule set (SPEC §3.8): free splits, weight spreads and caps.

``finish_table`` turns a table's execution result, rows and block subtotals into its
``TableResult`` under the rule set, and leaves an ``Adjustment`` for every rule that moved
the total:

* free split (``split: free``): a block weighs what the unit gave its rows;
* ``if_empty: spread``: a weighted block with no indicator gives its weight to the other
  blocks that have indicators, in proportion to their weights; their scores are multiplied
  by (their weights + the spread weight) ÷ their weights (rounded per block);
* ``execution_caps``: the total is at most the cap of the band the printed 执行率 falls in
  (from ≤ 执行率 < to); no cap when the rate cannot be computed (“—”).
"""
from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_DOWN, Decimal
from typing import Sequence

from .numbers import fmt_decimal, fmt_plain, round_half_up
from .profiles import EMPTY_SPREAD, Profile
from .scoring_rows import (ZERO, Adjustment, BlockResult, ExecutionResult, IndicatorResult, TableResult,
                           grade_of, round_score)


def _short(name: str) -> str:
    """“满意度指标” → “满意度” for the sentences of an adjustment."""
    name = name.strip()
    return name[:-2] if name.endswith("指标") and len(name) > 2 else name


def _shares(exact: list[Decimal], total: Decimal, places: int) -> list[Decimal]:
    """``exact`` rounded to ``places`` so that they still add up to ``total`` (largest remainder)."""
    quantum = Decimal(1).scaleb(-places)
    floors = [x.quantize(quantum, rounding=ROUND_DOWN) for x in exact]
    left = int((round_half_up(total, places) - sum(floors, ZERO)) / quantum)
    order = sorted(range(len(exact)), key=lambda i: exact[i] - floors[i], reverse=True)
    for i in order[:max(left, 0)]:
        floors[i] += quantum
    return floors


def _spread(blocks: list[BlockResult], profile: Profile, places: int) -> tuple[list[BlockResult], Decimal,
                                                                                list[Adjustment]]:
    empty = [b for b in blocks if not b.rows and b.weight and b.weight > 0
             and (pb := profile.block(b.name)) is not None and pb.if_empty == EMPTY_SPREAD]
    receivers = [b for b in blocks if b.rows and b.weight and b.weight > 0 and profile.block(b.name) is not None]
    spread = sum((b.weight for b in empty), ZERO)
    if not spread or not receivers:
        return blocks, ZERO, []
    base = sum((b.weight for b in receivers), ZERO)
    factor = (base + spread) / base
    shares = _shares([spread * b.weight / base for b in receivers], spread, places)
    before = sum((b.score for b in receivers), ZERO)
    out = []
    for b in blocks:
        if b in empty:
            out.append(replace(b, weight=ZERO))
        elif b in receivers:
            share = shares[receivers.index(b)]
            # never above the block's weight plus its share at the printed precision
            out.append(replace(b, score=round_score(b.score * factor, b.weight + share, places),
                               spread_weight=share))
        else:
            out.append(b)
    after = sum((o.score for o, b in zip(out, blocks) if b in receivers), ZERO)
    text = (f"{'、'.join(_short(b.name) for b in empty)}无指标，{fmt_plain(spread)}分按比例分配至"
            f"{'、'.join(_short(b.name) for b in receivers)}（得分×{fmt_plain(base + spread)}/{fmt_plain(base)}）")
    return out, spread, [Adjustment("spread.empty_block", text, after - before)]


def _cap(execution: ExecutionResult, total: Decimal, profile: Profile) -> tuple[Decimal, list[Adjustment]]:
    settings = profile.settings
    if execution.rate is None or not settings.caps:
        return total, []
    shown = round_half_up(execution.rate, settings.rate_places + 2)
    cap = settings.cap_for(shown)
    if cap is None or total <= cap.cap:
        return total, []
    places = settings.score_places
    capped = round_half_up(cap.cap, places)
    text = f"执行率{execution.rate_text}，总分封顶{fmt_plain(cap.cap)}分（原{fmt_decimal(total, places)}分）"
    return capped, [Adjustment("cap.execution", text, capped - total)]


def finish_table(execution: ExecutionResult, rows: Sequence[IndicatorResult], blocks: Sequence[BlockResult],
                 profile: Profile) -> TableResult:
    """The ``TableResult`` of one table under ``profile``'s table-level rules."""
    places = profile.settings.score_places
    out = list(blocks)
    spread = ZERO
    adjustments: list[Adjustment] = []
    if profile.free_split:
        out = [replace(b, weight=b.row_weight) if b.weight is not None else b for b in out]
    else:
        out, spread, adjustments = _spread(out, profile, places)
    indicator_score = sum((b.score for b in out), ZERO)
    total = round_half_up(execution.score + indicator_score, places)
    total, capped = _cap(execution, total, profile)
    weight_total = execution.weight + sum((r.weight for r in rows), ZERO) + spread
    return TableResult(execution, tuple(rows), tuple(out), round_half_up(indicator_score, places), total,
                       grade_of(total), weight_total, tuple(adjustments + capped))
