"""Ratios for the 基础数据表 and section 六 (SPEC §3.7).

Every ratio is a ``Decimal`` fraction or ``None`` when its denominator is zero
or a figure is missing (shown as “—”). ``numbers.fmt_rate`` prints them.

Which “预算” figure: the 经费控制 ratios (公用经费控制率, “三公”经费控制率 and 变动率,
政府采购执行率) belong to the 基础数据表 and are read from its {年}年预算数 column, which
is the 年初 budget (``Amounts.initial``, SPEC §5.1), never 全年预算数 (``Amounts.budget``):
the rate printed beside the table is then the quotient of the figures printed in it, and a
年中追加 does not make a controlled cost look under-spent. ``BASE_BUDGET`` names that field.
The 预算执行率 of the 自评表 is the other budget figure (全年预算数, ``model.scoring``).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from .report import Report

Ratio = Optional[Decimal]

#: the ``Amounts`` field the 基础数据表 ratios divide by: the 年初 budget (its {年}年预算数 column)
BASE_BUDGET = "initial"


def ratio(numerator: Optional[Decimal], denominator: Optional[Decimal]) -> Ratio:
    """numerator ÷ denominator, or None when either is missing or the denominator is 0."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return Decimal(numerator) / Decimal(denominator)


def staff_control_rate(report: Report) -> Ratio:
    """在职人员控制率 = 实际在职人数 ÷ 编制数."""
    s = report.staff
    total = s.total_posts
    return ratio(None if s.actual_staff is None else Decimal(s.actual_staff),
                 None if total is None else Decimal(total))


def public_funds_control_rate(report: Report) -> Ratio:
    """公用经费控制率 = 公用经费决算数 ÷ 公用经费预算数 (年初, as 附件2 prints it)."""
    p = report.budget.public
    return ratio(p.executed, getattr(p, BASE_BUDGET))


def three_public_change_rate(report: Report) -> Ratio:
    """“三公”经费变动率 = (本年三公预算 − 上年三公预算) ÷ 上年三公预算.

    SPEC §3.7 names the prior year's *budget*; the file keeps 上年决算数 for every
    control row, which is what the 基础数据表 prints beside this year's budget,
    so the prior figure used is the 上年决算数 column; this year's is the 年初 budget of
    the {年}年预算数 column.
    """
    t = report.budget.controls["three_public"]
    this_year = getattr(t, BASE_BUDGET)
    if this_year is None or t.prior is None:
        return None
    return ratio(this_year - t.prior, t.prior)


def three_public_change_note(report: Report) -> str:
    """A note for the “—” of the change rate when both years are 0."""
    t = report.budget.controls["three_public"]
    this_year = getattr(t, BASE_BUDGET)
    if t.prior == 0 and this_year == 0:
        return "上年与本年“三公”经费均为0，没有变动（变动率视为0%），分母为0故显示为“—”"
    if t.prior == 0 and this_year:
        return "上年“三公”经费为0，无法计算变动率，显示为“—”"
    return ""


def three_public_control_rate(report: Report) -> Ratio:
    """“三公”经费控制率 = 三公决算 ÷ 三公预算 (年初, as 附件2 prints it)."""
    t = report.budget.controls["three_public"]
    return ratio(t.executed, getattr(t, BASE_BUDGET))


def budget_adjustment_rate(report: Report) -> Ratio:
    """预算调整率 = (追加 + 调减) ÷ 年初预算."""
    b = report.budget
    if b.additions is None and b.reductions is None:
        return None
    return ratio((b.additions or Decimal(0)) + (b.reductions or Decimal(0)), b.initial)


def procurement_rate(report: Report) -> Ratio:
    """政府采购执行率 = 实际采购金额 ÷ 采购预算 (年初, as 附件2 prints it)."""
    p = report.budget.controls["procurement"]
    return ratio(p.executed, getattr(p, BASE_BUDGET))


def scale_control_rate(report: Report) -> Ratio:
    """规模控制率 = 实际规模 ÷ 批复规模."""
    b = report.budget.buildings
    return ratio(b.actual_area, b.approved_area)


def investment_control_rate(report: Report) -> Ratio:
    """投资概算控制率 = 实际投资 ÷ 预算投资."""
    b = report.budget.buildings
    return ratio(b.actual_investment, b.budget_investment)


@dataclass(frozen=True)
class Ratios:
    """Every ratio of the 基础数据表."""
    staff_control: Ratio
    public_funds_control: Ratio
    three_public_change: Ratio
    three_public_control: Ratio
    budget_adjustment: Ratio
    procurement: Ratio
    scale_control: Ratio
    investment_control: Ratio


def all_ratios(report: Report) -> Ratios:
    return Ratios(
        staff_control_rate(report), public_funds_control_rate(report),
        three_public_change_rate(report), three_public_control_rate(report),
        budget_adjustment_rate(report), procurement_rate(report),
        scale_control_rate(report), investment_control_rate(report),
    )
