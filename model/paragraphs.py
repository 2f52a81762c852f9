"""Paragraphs of the report body generated from the data (“插入自动生成段落”).

Pure functions: each takes the report and returns one paragraph of Chinese
text, or ``None`` when the section has nothing that can be said from the data
(the user writes those parts himself). Every figure comes from the same
functions the tables use, so the text and the tables always agree.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Callable, Optional

from .numbers import fmt_money, fmt_rate
from .profiles import profile_for
from .ratios import ratio
from .report import Amounts, Report
from .scoring import score_report

ZERO = Decimal(0)


def _m(value: Optional[Decimal]) -> str:
    return f"{fmt_money(value)}万元"


def _unit(report: Report) -> str:
    return report.info.unit_name.strip() or "本单位"


def _executed_total(report: Report) -> Optional[Decimal]:
    return report.budget.executed


def project_executed(report: Report) -> Optional[Decimal]:
    """项目支出 执行数: the amount typed for the department, else the sum over the projects."""
    if report.budget.project_spending.executed is not None:
        return report.budget.project_spending.executed
    amounts = [p.total.executed for p in report.projects if p.total.executed is not None]
    return sum(amounts, ZERO) if amounts else None


# --------------------------------------------------------------------------- 一

def staffing(report: Report) -> Optional[str]:
    """一: 机构设置 and 人员编制."""
    s = report.staff
    parts: list[str] = []
    total = s.total_posts
    if total is not None:
        detail = [f"{label}{n}名" for label, n in (("行政编制", s.admin_posts),
                                                  ("事业编制", s.institution_posts),
                                                  ("其他编制", s.other_posts)) if n]
        if len(detail) == 1:
            parts.append(f"{_unit(report)}核定{detail[0]}")
        elif detail:
            parts.append(f"{_unit(report)}核定编制{total}名（其中{'、'.join(detail)}）")
        else:
            parts.append(f"{_unit(report)}核定编制{total}名")
    if s.actual_staff is not None:
        text = f"{report.info.year}年末实有在职人员{s.actual_staff}名"
        rate = score_report(report).ratios.staff_control
        if rate is not None:
            text += f"，在职人员控制率{fmt_rate(rate)}"
        parts.append(text)
    others = []
    if s.retirees:
        others.append(f"退休人员{s.retirees}名")
    if s.retired_cadres:
        others.append(f"离休人员{s.retired_cadres}名")
    if s.contract_staff:
        others.append(f"临聘及社会化工作者{s.contract_staff}名")
    if others:
        parts.append("另有" + "、".join(others))
    if s.official_cars is not None:
        parts.append(f"现有公务用车{s.official_cars}辆" if s.official_cars else "无公务用车")
    if not parts:
        return None
    text = "，".join(parts) + "。"
    units = s.internal_units.strip()
    if units:
        names = [u.strip() for u in units.replace("\n", "、").replace("，", "、").replace(",", "、").split("、")
                 if u.strip()]
        if names:
            text = f"{_unit(report)}内设{'、'.join(names)}{len(names)}个机构。" + text
    return text


# --------------------------------------------------------------------------- 二

def general_budget(report: Report) -> Optional[str]:
    """二: 基本支出 (人员经费/公用经费) and 项目支出, amounts and shares of the year's spending."""
    b = report.budget
    total = _executed_total(report)
    year = report.info.year
    general = b.sources.get("general", Amounts())
    sentences: list[str] = []
    if general.budget is not None or general.executed is not None:
        s = f"{year}年度一般公共预算"
        bits = []
        if general.budget is not None:
            bits.append(f"全年预算数{_m(general.budget)}")
        if general.executed is not None:
            bits.append(f"执行数{_m(general.executed)}")
        rate = ratio(general.executed, general.budget)
        if rate is not None:
            bits.append(f"执行率{fmt_rate(rate)}")
        sentences.append(s + "，".join(bits) + "。")
    elif total is not None:
        sentences.append(f"{year}年度全年支出{_m(total)}。")

    def share(value: Optional[Decimal]) -> str:
        r = ratio(value, total)
        return f"，占全年支出的{fmt_rate(r)}" if r is not None else ""

    if b.basic.executed is not None:
        s = f"（一）基本支出情况。基本支出{_m(b.basic.executed)}{share(b.basic.executed)}"
        inner = []
        if b.personnel.executed is not None:
            inner.append(f"人员经费{_m(b.personnel.executed)}"
                         + (f"，占基本支出的{fmt_rate(ratio(b.personnel.executed, b.basic.executed))}"
                            if ratio(b.personnel.executed, b.basic.executed) is not None else ""))
        if b.public.executed is not None:
            inner.append(f"公用经费{_m(b.public.executed)}"
                         + (f"，占基本支出的{fmt_rate(ratio(b.public.executed, b.basic.executed))}"
                            if ratio(b.public.executed, b.basic.executed) is not None else ""))
        if inner:
            s += "。其中：" + "；".join(inner)
        sentences.append(s + "。")
    proj = project_executed(report)
    if proj is not None:
        s = f"（二）项目支出情况。项目支出{_m(proj)}{share(proj)}"
        if report.projects:
            s += f"，共实施项目{len(report.projects)}个"
        sentences.append(s + "。")
    if not sentences:
        return None
    return "\n".join(sentences)


# --------------------------------------------------------------------------- 三 四 五

def _source_paragraph(report: Report, key: str, label: str) -> Optional[str]:
    a = report.budget.sources.get(key, Amounts())
    if not (a.budget or ZERO) and not (a.executed or ZERO):
        return f"本年度无{label}支出。"
    bits = []
    if a.budget is not None:
        bits.append(f"全年预算数{_m(a.budget)}")
    if a.executed is not None:
        bits.append(f"执行数{_m(a.executed)}")
    rate = ratio(a.executed, a.budget)
    if rate is not None:
        bits.append(f"执行率{fmt_rate(rate)}")
    return f"{report.info.year}年度{label}" + "，".join(bits) + "。"


def gov_fund(report: Report) -> Optional[str]:
    return _source_paragraph(report, "gov_fund", "政府性基金预算")


def state_capital(report: Report) -> Optional[str]:
    return _source_paragraph(report, "state_capital", "国有资本经营预算")


def social_insurance(report: Report) -> Optional[str]:
    return _source_paragraph(report, "social_insurance", "社会保险基金预算")


# --------------------------------------------------------------------------- 六

def performance(report: Report) -> Optional[str]:
    """六: 运行成本 and 管理效率 figures (execution rate, control rates)."""
    dept = score_report(report).department
    r = score_report(report).ratios
    bits = []
    if dept.execution.rate is not None:
        bits.append(f"全年预算数{_m(dept.execution.budget)}，执行数{_m(dept.execution.executed)}，"
                    f"预算执行率{fmt_rate(dept.execution.rate)}")
    if r.staff_control is not None:
        bits.append(f"在职人员控制率{fmt_rate(r.staff_control)}")
    if r.public_funds_control is not None:
        bits.append(f"公用经费控制率{fmt_rate(r.public_funds_control)}")
    if r.three_public_control is not None:
        bits.append(f"“三公”经费控制率{fmt_rate(r.three_public_control)}")
    if r.procurement is not None:
        bits.append(f"政府采购执行率{fmt_rate(r.procurement)}")
    if not bits:
        return None
    return f"{report.info.year}年度，" + "；".join(bits) + "。"


# --------------------------------------------------------------------------- 九

def self_score(report: Report) -> Optional[str]:
    """九: the 自评得分 and 等级 of the department table."""
    dept = score_report(report).department
    from .skeleton import is_placeholder
    if all(is_placeholder(i) for i in report.dept.indicators) and dept.execution.rate is None:
        return None     # nothing scored yet (a new report's skeleton rows are not scores)
    places = profile_for(report).settings.score_places
    score = fmt_money(dept.total) if places == 2 else format(dept.total, "f")
    return (f"经自评，{_unit(report)}{report.info.year}年度部门整体支出绩效自评得分为{score}分，"
            f"自评等级为“{dept.grade}”。自评结果将作为完善预算管理、安排以后年度预算的重要参考，"
            "并按规定在部门门户网站或政务公开栏公开。")


# --------------------------------------------------------------------------- 十

def nothing_else(report: Report) -> Optional[str]:
    return "无其他需要说明的情况。"


#: section index (0 = 一) → generator; sections without one are written by the user.
GENERATORS: dict[int, Callable[[Report], Optional[str]]] = {
    0: staffing,
    1: general_budget,
    2: gov_fund,
    3: state_capital,
    4: social_insurance,
    5: performance,
    8: self_score,
    9: nothing_else,
}


def generate(report: Report, section: int) -> Optional[str]:
    """The generated paragraph for a section (0-based), or None."""
    fn = GENERATORS.get(section)
    return fn(report) if fn else None
