"""Rule sets in words: what a rule set does, what switching to another one changes.

Used by ``python main.py profiles`` and by the 基础信息 page (the rule-set picker).
"""
from __future__ import annotations

import dataclasses
from decimal import Decimal

from ..numbers import fmt_decimal, fmt_plain
from ..report import Report
from . import (EMPTY_SPREAD, EQUAL_AS_GE, OVER_DEDUCT, OVER_SUGGEST, Profile, get_profile, list_profiles,
               load_errors)


def _n(d: Decimal) -> str:
    return fmt_plain(d.normalize())


def _pct(fraction: Decimal) -> str:
    return _n(fraction * 100) + "%"


def weight_text(p: Profile) -> str:
    """“预算执行率 10 分，产出指标 50 分，…，合计 100 分” (a free split says who divides the rest)."""
    if p.free_split:
        return (f"预算执行率 {_n(p.execution_weight)} 分，绩效指标 {_n(p.indicator_total)} 分由单位在"
                f"{'、'.join(p.level1_names)}之间自行分配，合计 {_n(p.total_weight)} 分")
    blocks = "，".join(f"{b.name} {_n(b.weight)} 分" for b in p.blocks)
    return f"预算执行率 {_n(p.execution_weight)} 分，{blocks}，合计 {_n(p.total_weight)} 分"


def rule_lines(p: Profile) -> list[str]:
    """The special rules of a rule set, one short Chinese sentence each (weights not included)."""
    s = p.settings
    lines = ["“=”指标：按“≥”计分" if s.equal_rule == EQUAL_AS_GE else "“=”指标：按偏离目标的比例扣分"]
    bound = f" {_pct(s.over_threshold)} {'及' if s.over_inclusive else ''}以上"
    if s.over_action == OVER_DEDUCT:
        lines.append(f"超额完成：超过目标{bound}为偏离，扣 {_n(s.over_points)} 分")
    elif s.over_action == OVER_SUGGEST:
        lines.append(f"超额完成：超过目标{bound}为偏离，建议扣 {_n(s.over_points)} 分（由填报人确认）")
    else:
        lines.append(f"超额完成：超过目标{bound}须说明原因，不扣分")
    if s.caps:
        bands = "；".join(f"{f'低于 {_pct(c.high)}' if c.low == 0 else f'{_pct(c.low)}—{_pct(c.high)}'}"
                         f" 最高 {_n(c.cap)} 分" for c in s.caps)
        lines.append(f"执行率封顶总分：{bands}")
    spread = [b.name for b in p.blocks if b.if_empty == EMPTY_SPREAD]
    if spread:
        lines.append(f"{'、'.join(spread)}无三级指标时，其分值按比例分配至其他一级指标")
    lines.append(f"执行率低于 {_pct(s.execution_note_below)} 须说明原因（执行率分母为{s.budget_label}）")
    if s.adjustment_note:
        lines.append("年中追加、调减预算须单独说明")
    lines.append(f"得分保留 {s.score_places} 位小数，执行率保留 {s.rate_places} 位小数")
    return lines


def listing() -> list[str]:
    """``python main.py profiles``: id, name, source of every rule set, then the files refused."""
    out = []
    for p in list_profiles():
        out.append(f"{p.id}\t{p.name}\t{p.source_label}")
        out.append(f"\t{weight_text(p)}")
        out.extend(f"\t{line}" for line in rule_lines(p))
    errors = load_errors()
    if errors:
        out.append("")
        out.append(f"无法使用的规则集文件（{len(errors)} 个）：")
        out.extend(f"\t{e}" for e in errors)
    return out


def change_lines(report: Report, new_id: str) -> list[str]:
    """What switching ``report`` to the rule set ``new_id`` changes: weights, special rules,
    and the 自评得分 (department and projects) before → after."""
    from ..scoring import score_report      # scoring imports this package
    old, new = get_profile(report.profile), get_profile(new_id)
    lines = []
    if weight_text(old) != weight_text(new):
        lines.append(f"分值：{weight_text(old)} → {weight_text(new)}")
    before, after = rule_lines(old), rule_lines(new)
    lines.extend(f"规则：{line}" for line in after if line not in before)
    s0 = score_report(report)
    s1 = score_report(dataclasses.replace(report, profile=new_id))
    lines.append(f"部门整体自评得分：{fmt_decimal(s0.department.total, s0.places)} 分（{s0.department.grade}）→ "
                 f"{fmt_decimal(s1.department.total, s1.places)} 分（{s1.department.grade}）")
    changed = [(p.name.strip() or f"第 {i + 1} 个项目", a, b)
               for i, (p, a, b) in enumerate(zip(report.projects, s0.projects, s1.projects)) if a.total != b.total]
    for name, a, b in changed[:5]:
        lines.append(f"项目“{name}”：{fmt_decimal(a.total, s0.places)} → {fmt_decimal(b.total, s1.places)} 分")
    if len(changed) > 5:
        lines.append(f"另有 {len(changed) - 5} 个项目的得分有变化")
    return lines
