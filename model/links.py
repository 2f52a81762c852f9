"""Linked indicators (SPEC §3.7, §3.8 last paragraph).

An indicator whose 三级指标 is a ratio of the report's own data (公用经费控制率, 在职人员控制率,
预算执行率 …) may be *linked* to that ratio (``Indicator.link`` holds the ratio id): its
实际完成值 is then computed from the budget and staff pages, never typed.

Which ratios can be linked, their Chinese names, the other names they go by in real tables
and the labels of their operands are data (``resources/links.json``). How each is computed is
``model.ratios`` (and the 执行率 of ``model.scoring_rows``): this module only names the
operands again, to explain the value in a tooltip.

One number, one source: ``effective_report`` is the report as it is scored and printed — a
linked indicator's ``actual`` replaced by the computed rate (``fmt_rate``: “100.00%”, empty
when the denominator is 0 or a figure is missing). ``model.scoring.score_report`` scores that
view, ``model.checks`` checks it and the exporters print it; the grid shows
``effective_actual``.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import AbstractSet, Callable, Optional, Sequence, Union

from . import ratios
from .numbers import NumberError, fmt_decimal, fmt_rate, normalize, parse_quantity, rate_percent, round_half_up
from .report import Indicator, Report
from .scoring_rows import execution_rate

LINKS_FILE = Path(__file__).resolve().parent.parent / "resources" / "links.json"

Operand = Union[Decimal, int, None]


class LinksError(Exception):
    """The links file cannot be used; ``str(e)`` is Chinese."""


@dataclass(frozen=True)
class LinkSpec:
    """A ratio an indicator can be linked to."""
    id: str
    name: str                       # 公用经费控制率
    aliases: tuple[str, ...]        # other names of the same indicator in real tables
    numerator: str                  # 公用经费决算数
    denominator: str                # 公用经费预算数
    page: str                       # the page its figures are typed on

    def names(self) -> tuple[str, ...]:
        return (self.name,) + self.aliases


def _control(key: str) -> Callable[[Report], tuple[Operand, Operand]]:
    def operands(r: Report) -> tuple[Operand, Operand]:
        a = r.budget.controls[key]
        return a.executed, getattr(a, ratios.BASE_BUDGET)
    return operands


def _line(attr: str) -> Callable[[Report], tuple[Operand, Operand]]:
    def operands(r: Report) -> tuple[Operand, Operand]:
        a = getattr(r.budget, attr)
        return a.executed, getattr(a, ratios.BASE_BUDGET)
    return operands


def _three_public_change(r: Report) -> tuple[Operand, Operand]:
    t = r.budget.controls["three_public"]
    this_year = getattr(t, ratios.BASE_BUDGET)
    return (None if this_year is None or t.prior is None else this_year - t.prior), t.prior


def _adjustment(r: Report) -> tuple[Operand, Operand]:
    b = r.budget
    moved = None if b.additions is None and b.reductions is None \
        else (b.additions or Decimal(0)) + (b.reductions or Decimal(0))
    return moved, b.initial


def _execution_operands(r: Report) -> tuple[Operand, Operand]:
    return r.budget.executed, r.budget.full_year_budget()


#: ratio id → (the value, from model.ratios / model.scoring_rows; its operands, for the explanation)
_RATIOS: dict[str, tuple[Callable[[Report], ratios.Ratio], Callable[[Report], tuple[Operand, Operand]]]] = {
    "public_funds_control": (ratios.public_funds_control_rate, _line("public")),
    "personnel_control": (lambda r: ratios.ratio(*_line("personnel")(r)), _line("personnel")),
    "three_public_control": (ratios.three_public_control_rate, _control("three_public")),
    "three_public_change": (ratios.three_public_change_rate, _three_public_change),
    "staff_control": (ratios.staff_control_rate, lambda r: (r.staff.actual_staff, r.staff.total_posts)),
    "budget_adjustment": (ratios.budget_adjustment_rate, _adjustment),
    "execution": (lambda r: execution_rate(r.budget.full_year_budget(), r.budget.executed), _execution_operands),
    "procurement": (ratios.procurement_rate, _control("procurement")),
    "scale_control": (ratios.scale_control_rate,
                      lambda r: (r.budget.buildings.actual_area, r.budget.buildings.approved_area)),
    "investment_control": (ratios.investment_control_rate,
                           lambda r: (r.budget.buildings.actual_investment, r.budget.buildings.budget_investment)),
}


def parse_links(data) -> tuple[LinkSpec, ...]:
    """The specs of a decoded links file; every id must be one this module can compute."""
    if not isinstance(data, dict) or not isinstance(data.get("links"), list):
        raise LinksError("关联比率文件格式不正确：缺少 links 列表")
    out = []
    for i, item in enumerate(data["links"], 1):
        if not isinstance(item, dict):
            raise LinksError(f"关联比率文件第 {i} 条格式不正确")
        texts = {}
        for key in ("id", "name", "numerator", "denominator", "page"):
            value = item.get(key)
            if not isinstance(value, str) or not value.strip():
                raise LinksError(f"关联比率文件第 {i} 条缺少“{key}”")
            texts[key] = value.strip()
        if texts["id"] not in _RATIOS:
            raise LinksError(f"关联比率文件第 {i} 条的比率“{texts['id']}”无法计算")
        aliases = item.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise LinksError(f"关联比率文件第 {i} 条的“aliases”应为名称列表")
        out.append(LinkSpec(texts["id"], texts["name"], tuple(a.strip() for a in aliases),
                            texts["numerator"], texts["denominator"], texts["page"]))
    return tuple(out)


@lru_cache(maxsize=1)
def specs() -> tuple[LinkSpec, ...]:
    """Every linkable ratio, in the order of ``resources/links.json``."""
    return parse_links(json.loads(LINKS_FILE.read_text(encoding="utf-8")))


def spec(link_id: str) -> Optional[LinkSpec]:
    return next((s for s in specs() if s.id == link_id), None)


def name_key(name: str) -> str:
    """An indicator name compared loosely: width, spaces and quotation marks do not count."""
    t = normalize(name or "")
    for ch in " \"'“”‘’「」『』":
        t = t.replace(ch, "")
    return t


@lru_cache(maxsize=1)
def _by_name() -> dict[str, str]:
    return {name_key(n): s.id for s in specs() for n in s.names()}


def match(name: str) -> Optional[str]:
    """The ratio id an indicator of this name can be linked to, or None."""
    return _by_name().get(name_key(name))


# --------------------------------------------------------------------------- values

def _operand_text(value: Operand) -> str:
    if value is None:
        return "未填写"
    if isinstance(value, int):
        return str(value)
    return fmt_decimal(value, 2)


@dataclass(frozen=True)
class LinkValue:
    """A linked ratio computed from one report."""
    spec: LinkSpec
    rate: Optional[Decimal]          # the ratio (0.9955); None when it cannot be computed
    numerator: Operand
    denominator: Operand

    @property
    def text(self) -> str:
        """The 实际完成值 as printed: ``100.00%``; empty when not computable."""
        return fmt_rate(self.rate, "")

    def why_not(self) -> str:
        """Why the ratio cannot be computed (Chinese), or “”."""
        if self.rate is not None:
            return ""
        s = self.spec
        missing = [label for label, v in ((s.numerator, self.numerator), (s.denominator, self.denominator))
                   if v is None]
        if missing:
            return f"{'、'.join(missing)}未填写"
        return f"{s.denominator}为 {_operand_text(self.denominator)}，分母为 0"

    def explanation(self) -> str:
        """“由预算与执行页计算：公用经费决算数 11.60 ÷ 公用经费预算数 11.60 = 100.00%”."""
        s = self.spec
        head = f"由{s.page}页计算：{s.numerator} {_operand_text(self.numerator)} ÷ " \
               f"{s.denominator} {_operand_text(self.denominator)}"
        if self.rate is None:
            return f"{head}，无法计算（{self.why_not()}）"
        return f"{head} = {self.text}"


def value(report: Report, link_id: str) -> Optional[LinkValue]:
    """The linked ratio ``link_id`` of ``report``; None for an id this program does not know."""
    s = spec(link_id)
    if s is None:
        return None
    compute, operands = _RATIOS[link_id]
    num, den = operands(report)
    return LinkValue(s, compute(report), num, den)


def effective_actual(report: Report, ind: Indicator) -> str:
    """The 实际完成值 that counts: the computed one for a linked indicator, else as typed."""
    if not ind.link:
        return ind.actual
    v = value(report, ind.link)
    return ind.actual if v is None else v.text


def _effective_rows(report: Report, rows: list[Indicator]) -> Optional[list[Indicator]]:
    if not any(ind.link for ind in rows):
        return None
    return [dataclasses.replace(ind, actual=effective_actual(report, ind)) if ind.link else ind
            for ind in rows]


def effective_report(report: Report, previous: Optional[Report] = None,
                     touched: Optional[AbstractSet[int]] = None) -> Report:
    """``report`` as it is scored, checked and printed: every linked 实际完成值 replaced by the
    computed one. The same object when nothing is linked; else a shallow copy sharing every
    part that holds no linked indicator (the document itself is never changed).

    ``previous`` (this function's result for the same report before some edits) and ``touched``
    (the indexes of the projects those edits may have changed; None: anything): a project
    outside ``touched`` that ``previous`` shares unchanged held no linked indicator then and
    holds none now, so its rows are not looked through again (an edit of one project does not
    walk every project's indicators). A project that holds one is always worked out afresh: its
    computed values follow the budget pages."""
    dept_rows = _effective_rows(report, report.dept.indicators)
    projects = None
    reuse = (previous is not None and touched is not None
             and len(previous.projects) == len(report.projects))
    old = previous.projects if reuse else None
    for i, p in enumerate(report.projects):
        if reuse and i not in touched and old[i] is p:
            continue                     # held no linked indicator and was not edited since
        rows = _effective_rows(report, p.indicators)
        if rows is not None:
            if projects is None:
                projects = list(report.projects)
            projects[i] = dataclasses.replace(p, indicators=rows)
    if dept_rows is None and projects is None:
        return report
    dept = report.dept if dept_rows is None else dataclasses.replace(report.dept, indicators=dept_rows)
    return dataclasses.replace(report, dept=dept, projects=report.projects if projects is None else projects)


# --------------------------------------------------------------------------- typed values

def typed_percent(text: str) -> Optional[Decimal]:
    """A typed 实际完成值 in percent (“95%”, “９５．００％”), or None when it is not a percentage."""
    try:
        q = parse_quantity(text or "")
    except NumberError:
        return None
    if q.value is None or q.unit != "%":
        return None
    return q.value


def agrees(v: LinkValue, typed: str) -> bool:
    """The typed value is the computed one to the printed precision (two percent decimals)."""
    p = typed_percent(typed)
    return p is not None and v.rate is not None and round_half_up(p, 2) == rate_percent(v.rate)


def typed_text(typed: str) -> str:
    """A typed value as the messages quote it (“95.00%”; other text as typed)."""
    p = typed_percent(typed)
    return f"{fmt_decimal(p, 2)}%" if p is not None else f"“{typed.strip()}”"


def disagreement(name: str, typed: str, v: LinkValue) -> str:
    """“指标‘公用经费控制率’填报值 95.00% 与预算数据计算值 100.00% 不一致”."""
    computed = v.text or "—"
    return f"指标‘{name.strip()}’填报值 {typed_text(typed)} 与预算数据计算值 {computed} 不一致"


def linkable_rows(report: Report, rows: Sequence[Indicator]) -> list[tuple[int, LinkValue]]:
    """(row, computed value) of the unlinked rows whose name names a linkable ratio."""
    out = []
    for i, ind in enumerate(rows):
        if not ind.link:
            link_id = match(ind.name)
            if link_id:
                v = value(report, link_id)
                if v is not None:
                    out.append((i, v))
    return out
