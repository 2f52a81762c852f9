"""Sanity (SPEC §4): figures that are possible but suspicious, or impossible on their own.

Negative amounts and counts, amounts above the profile's ``large_amount`` (probably typed in 元),
执行数 above its budget, a “其中” row above what it is part of, more staff than posts.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Optional

from ..numbers import fmt_decimal, fmt_rate
from ..profiles import Profile
from ..report import CONTROL_ROWS, SOURCES, Amounts, Report
from ..severity import ERROR, INFO, WARNING
from ..vocabulary import VOCABULARY
from .base import COLUMN_LABELS, COLUMNS, LABELS, ZERO, Sink, _clip, _m

RULES: dict[str, str] = {
    "sanity.negative": ERROR,
    "sanity.executed_over_budget": WARNING,
    "sanity.staff_over_posts": WARNING,
    "sanity.part_over_total": WARNING,
    "sanity.large_amount": INFO,
}

CONTROL_LABELS = VOCABULARY.control_short
_LINES = LABELS["budget_lines"]
#: the 楼堂馆所 figures in ㎡ (the others are in 万元)
_AREAS = ("approved_area", "actual_area")


def _check_amounts(out: Sink, where: str, label, a: Amounts, large: Decimal, tol: Decimal,
                   over: bool = True, against: str = "budget") -> None:
    """Negative, very large and over-executed amounts of one line; ``label`` may be a function.

    ``against`` is the budget column the 执行数 is held to: 全年预算数 (``budget``), or for the
    附件2 control rows their only budget, the 年初 {年}年预算数 (``initial``). 年初 and 全年 are
    never compared with each other: a 年中追加/调减 makes them differ normally."""
    values = (a.prior, a.initial, a.budget, a.executed)
    limit = getattr(a, against)
    if all(v is None or ZERO <= v <= large for v in values) and not (
            over and limit is not None and a.executed is not None and a.executed - limit > tol):
        return
    if callable(label):
        label = label()
    for col, clabel in COLUMNS:
        v = getattr(a, col)
        if v is None:
            continue
        if v < 0:
            out.add("sanity.negative", f"{where}.{col}", f"{label}{clabel} {_m(v)} 万元为负数")
        elif v > large:
            out.add("sanity.large_amount", f"{where}.{col}",
                    f"{label}{clabel} {_m(v)} 万元超过 {fmt_decimal(large, 0)} 万元，是否按“元”录入了？")
    if over and limit is not None and a.executed is not None and a.executed - limit > tol:
        executed, budget = ((COLUMN_LABELS["executed"], COLUMN_LABELS["budget"]) if against == "budget"
                            else ("本年决算数", "本年预算数（年初）"))
        out.add("sanity.executed_over_budget", f"{where}.executed",
                f"{label}{executed} {_m(a.executed)} 万元大于{budget} {_m(limit)} 万元，"
                f"超出 {_m(a.executed - limit)} 万元，请说明原因")


def _check_scalar(out: Sink, where: str, label: str, v: Optional[Decimal], large: Decimal,
                  unit: str = "万元") -> None:
    if v is None:
        return
    if v < 0:
        out.add("sanity.negative", where, f"{label} {fmt_decimal(v, 2)} {unit}为负数")
    elif unit == "万元" and v > large:
        out.add("sanity.large_amount", where,
                f"{label} {_m(v)} 万元超过 {fmt_decimal(large, 0)} 万元，是否按“元”录入了？")


def check_sanity(report: Report, profile: Profile, out: Sink) -> None:
    """Budget, project and staff amounts, in this order (``model.checks`` runs the three parts
    itself, the middle one per project)."""
    check_budget_amounts(report, profile, out)
    large, tol = profile.settings.large_amount, profile.settings.tolerance
    for i, p in enumerate(report.projects):
        check_project_amounts(out, i, p, large, tol)
    check_staff(report, out)


def check_budget_amounts(report: Report, profile: Profile, out: Sink) -> None:
    """The department's budget lines, sources, items, control rows and buildings."""
    b = report.budget
    large = profile.settings.large_amount
    tol = profile.settings.tolerance
    for field, label in VOCABULARY.group("budget_scalars"):
        _check_scalar(out, f"budget.{field}", label, getattr(b, field), large)
    for key, label in SOURCES:
        if key in b.sources:
            _check_amounts(out, f"budget.sources.{key}", label, b.sources[key], large, tol)
    for field, label in VOCABULARY.group("budget_lines"):
        _check_amounts(out, f"budget.{field}", label, getattr(b, field), large, tol)
    for field, label in VOCABULARY.group("item_lists"):
        for j, it in enumerate(getattr(b, field)):
            name = f"{label}“{_clip(it.name) or f'第 {j + 1} 行'}”"
            _check_amounts(out, f"budget.{field}[{j}]", name, Amounts(budget=it.budget, executed=it.executed),
                           large, tol)
    for key, _ in CONTROL_ROWS:
        if key in b.controls:
            _check_amounts(out, f"budget.controls.{key}", CONTROL_LABELS[key], b.controls[key], large, tol,
                           over=key != "basic_adjustment", against="initial")
    # “其中” rows cannot exceed what they are part of
    parts = [(_LINES["public"], b.public, _LINES["basic"], b.basic, "budget.public")]
    parts += [(CONTROL_LABELS[k], b.controls[k], _LINES["public"], b.public, f"budget.controls.{k}")
              for k in ("office", "utilities_travel", "meetings_training") if k in b.controls]
    for label, part, whole_label, whole, where in parts:
        for col, clabel in COLUMNS:
            pv, wv = getattr(part, col), getattr(whole, col)
            if pv is not None and wv is not None and pv - wv > tol:
                out.add("sanity.part_over_total", f"{where}.{col}",
                        f"{label}{clabel} {_m(pv)} 万元大于{whole_label}{clabel} {_m(wv)} 万元，"
                        f"但它是{whole_label}的一部分，请核对")
    bl = b.buildings
    for field, label in VOCABULARY.group("buildings"):
        _check_scalar(out, f"budget.buildings.{field}", label, getattr(bl, field), large,
                      "㎡" if field in _AREAS else "万元")


def check_project_amounts(out: Sink, i: int, p, large: Decimal, tol: Decimal) -> None:
    """Project ``i`` alone: negative, very large and over-executed amounts of its funds."""
    name = lambda: f"项目“{_clip(p.name) or f'第 {i + 1} 个'}”"   # noqa: E731
    _check_amounts(out, f"projects[{i}].total", name, p.total, large, tol, over=False)
    for field, label in VOCABULARY.group("project_funds"):
        _check_amounts(out, f"projects[{i}].{field}", lambda label=label: name() + label,
                       getattr(p, field), large, tol)


def check_staff(report: Report, out: Sink) -> None:
    """人员 figures: negative counts, more staff than posts."""
    s = report.staff
    for field, label in VOCABULARY.group("staff"):
        v = getattr(s, field)
        if v is not None and v < 0:
            out.add("sanity.negative", f"staff.{field}", f"{label} {v} 为负数")
    posts = s.total_posts
    if posts is not None and s.actual_staff is not None and s.actual_staff > posts:
        out.add("sanity.staff_over_posts", "staff.actual_staff",
                f"实际在职人数 {s.actual_staff} 人超过编制数 {posts} 人（在职人员控制率 "
                f"{fmt_rate(Decimal(s.actual_staff) / Decimal(posts)) if posts else '—'}），请核对或说明原因")


