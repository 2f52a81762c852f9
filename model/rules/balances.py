"""Balances (SPEC §4): totals that must equal the sum of their parts, within the profile's tolerance.

基本支出 = 人员经费 + 公用经费; 全年执行数/预算数/年初/上年 = 基本支出 + 项目支出; 全年预算数 typed =
年初 + 追加 − 调减 + 结转; the totals by income source; Σ projects = 项目支出; the itemised lists;
“三公”经费 and 公务用车; each project's 年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Optional, Sequence

from ..profiles import Profile
from ..report import SOURCES, Report
from ..severity import ERROR, WARNING
from ..vocabulary import VOCABULARY
from .base import COLUMN_LABELS, COLUMNS, LABELS, ZERO, Sink, _clip, _m, _sum

RULES: dict[str, str] = {
    "balance.basic": ERROR,
    "balance.executed": ERROR,
    "balance.budget": ERROR,
    "balance.full_year": ERROR,
    "balance.sources.budget": ERROR,
    "balance.sources.executed": ERROR,
    "balance.projects": ERROR,
    "balance.personnel_items": ERROR,
    "balance.public_items": ERROR,
    "balance.three_public": ERROR,
    "balance.cars": ERROR,
    "balance.project_funds": ERROR,
}

#: said under a gap inside the 年初 column, which 附件2 prints as its 本年预算数
INITIAL_HINT = "；附件2“本年预算数”列打印年初预算数，如此处填的是全年预算数，请改为年初预算数"
SOURCE_LABELS = dict(SOURCES)
CONTROL_LABELS = VOCABULARY.control_short
_LINES = LABELS["budget_lines"]
_SCALARS = LABELS["budget_scalars"]
_FUNDS = VOCABULARY.group("project_funds")


def _balance(out: Sink, rule: str, where: str, total_label, total: Optional[Decimal],
             parts: Sequence[tuple[str, Optional[Decimal], int]], tol: Decimal,
             severity: Optional[str] = None, hint: str = "") -> None:
    """``total`` must equal Σ sign × part. Missing parts count as 0 once any part is given;
    nothing is checked while the total or every part is missing."""
    if total is None or all(v is None for _, v, _ in parts):
        return
    expected = ZERO
    for _, v, sign in parts:
        if v is not None:
            expected += v if sign > 0 else -v
    diff = total - expected
    if abs(diff) <= tol:
        return
    if callable(total_label):
        total_label = total_label()
    terms = ""
    for k, (label, v, sign) in enumerate(parts):
        op = ("" if k == 0 else " + ") if sign > 0 else (" − " if k else "−")
        terms += f"{op}{label} {_m(v)}" + ("" if v is None else " 万元")
    out.add(rule, where,
            f"{total_label} {_m(total)} 万元 ≠ {terms} = {_m(expected)} 万元，相差 {_m(abs(diff))} 万元{hint}",
            severity)


def check_balances(report: Report, profile: Profile, out: Sink, projects: bool = True) -> None:
    """The balances of the report; ``projects=False`` leaves out the per-project ones
    (``check_project_funds``)."""
    b = report.budget
    tol = profile.settings.tolerance
    for col, clabel in COLUMNS:
        # 基本支出 = 人员经费 + 公用经费
        _balance(out, "balance.basic", f"budget.basic.{col}", f"{_LINES['basic']}{clabel}", getattr(b.basic, col),
                 tuple((_LINES[k], getattr(getattr(b, k), col), 1) for k in ("personnel", "public")), tol)
    # 全年执行数 = 基本支出 + 项目支出 (and the same for the other columns of the total)
    parts = lambda col: tuple((_LINES[k], getattr(getattr(b, k), col), 1)     # noqa: E731
                               for k in ("basic", "project_spending"))
    _balance(out, "balance.executed", "budget.executed", COLUMN_LABELS["executed"], b.executed, parts("executed"), tol)
    _balance(out, "balance.executed", "budget.prior_executed", _SCALARS["prior_executed"], b.prior_executed,
             parts("prior"), tol)
    full_year = b.full_year_budget()
    _balance(out, "balance.budget", "budget.full_year" if b.full_year is not None else "budget.initial",
             COLUMN_LABELS["budget"], full_year, parts("budget"), tol)
    # the 年初 column (附件2's 本年预算数): a file saved before 年初 and 全年 were kept apart may
    # hold 全年 figures there, so a gap is a warning with the way out, not an error
    _balance(out, "balance.budget", "budget.initial", COLUMN_LABELS["initial"], b.initial, parts("initial"), tol,
             WARNING, INITIAL_HINT)
    # 全年预算数 typed = 年初 + 追加 − 调减 + 结转
    if b.full_year is not None and b.components_given():
        _balance(out, "balance.full_year", "budget.full_year", COLUMN_LABELS["budget"], b.full_year,
                 tuple((label, getattr(b, k), -1 if k == "reductions" else 1)
                       for k, label in VOCABULARY.group("full_year_parts")), tol)
    # by source
    for rule, col, total, where, label in (
            ("balance.sources.budget", "budget", full_year,
             "budget.full_year" if b.full_year is not None else "budget.initial", COLUMN_LABELS["budget"]),
            ("balance.sources.budget", "initial", b.initial, "budget.initial", COLUMN_LABELS["initial"]),
            ("balance.sources.executed", "executed", b.executed, "budget.executed", COLUMN_LABELS["executed"]),
            ("balance.sources.executed", "prior", b.prior_executed, "budget.prior_executed",
             _SCALARS["prior_executed"])):
        src = [(SOURCE_LABELS[k], getattr(b.sources[k], col), 1) for k, _ in SOURCES if k in b.sources]
        given = [p for p in src if p[1] is not None]
        _balance(out, rule, where, label, total, given or src, tol)
    # Σ projects = 项目支出
    if report.projects:
        for col, clabel in COLUMNS:
            total = getattr(b.project_spending, col)
            values = [getattr(p.total, col) for p in report.projects]
            given = [v for v in values if v is not None]
            if total is None or not given:
                continue
            s = _sum(given)
            if abs(total - s) > tol:
                out.add("balance.projects", f"budget.project_spending.{col}",
                        f"{_LINES['project_spending']}{clabel} {_m(total)} 万元 ≠ 各项目{clabel}合计 {_m(s)} 万元"
                        f"（{len(given)} 个项目），相差 {_m(abs(total - s))} 万元"
                        + (INITIAL_HINT if col == "initial" else ""),
                        WARNING if col == "initial" else None)
    # itemised lists
    for rule, items, amounts, key in (
            ("balance.personnel_items", b.personnel_items, b.personnel, "personnel"),
            ("balance.public_items", b.public_items, b.public, "public")):
        label = _LINES[key]
        if not items:
            continue
        for col in ("budget", "executed"):
            total = getattr(amounts, col)
            values = [getattr(it, col) for it in items]
            given = [v for v in values if v is not None]
            if total is None or not given:
                continue
            s = _sum(given)
            if abs(total - s) > tol:
                out.add(rule, f"budget.{key}.{col}",
                        f"{label}{COLUMN_LABELS[col]} {_m(total)} 万元 ≠ 明细合计 {_m(s)} 万元"
                        f"（{len(given)} 项），相差 {_m(abs(total - s))} 万元")
    # 三公 = 公务用车 + 出国 + 公务接待; 公务用车 = 购置 + 运行维护
    c = b.controls
    for col, clabel in COLUMNS:
        if "three_public" in c:
            _balance(out, "balance.three_public", f"budget.controls.three_public.{col}",
                     f"{CONTROL_LABELS['three_public']}{clabel}", getattr(c["three_public"], col),
                     tuple((CONTROL_LABELS[k], getattr(c[k], col), 1)
                           for k in ("cars", "overseas", "reception") if k in c), tol)
        if "cars" in c:
            _balance(out, "balance.cars", f"budget.controls.cars.{col}", f"{CONTROL_LABELS['cars']}{clabel}",
                     getattr(c["cars"], col),
                     tuple((CONTROL_LABELS[k], getattr(c[k], col), 1)
                           for k in ("car_purchase", "car_operation") if k in c), tol)
    # each project: 年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金
    if projects:
        for i, p in enumerate(report.projects):
            check_project_funds(out, i, p, tol)


def check_project_funds(out: Sink, i: int, p, tol: Decimal) -> None:
    """Project ``i`` alone: 年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金 (what it reads is in
    the project, so ``model.checks`` re-runs it only for a project an edit touched)."""
    for col in ("initial", "budget", "executed"):
        _balance(out, "balance.project_funds", f"projects[{i}].total.{col}",
                 lambda p=p, col=col: f"项目“{_clip(p.name)}”年度资金总额{COLUMN_LABELS[col]}",
                 getattr(p.total, col),
                 tuple((label, getattr(getattr(p, k), col), 1) for k, label in _FUNDS), tol)
