"""Linked indicators (``model.links``, SPEC §3.8).

- ``link.not_computable``: a linked indicator whose ratio cannot be computed (a zero or missing
  denominator, a missing figure): its 实际完成值 is empty until the budget pages are filled in.
- ``link.unknown``: a link to a ratio this program does not know (a file from another version).
- ``link.disagrees``: an unlinked 部门整体 indicator named like a linkable ratio whose typed value
  differs from the computed one (a 提示 offering to link it).
- ``link.available``: such an indicator with no value typed yet.
"""
from __future__ import annotations

from typing import Optional

from ..links import agrees, disagreement, linkable_rows, spec, value
from ..report import Report
from ..severity import INFO, WARNING
from .base import Sink, _clip

RULES: dict[str, str] = {
    "link.not_computable": WARNING,
    "link.unknown": WARNING,
    "link.disagrees": INFO,
    "link.available": INFO,
}

LINK_ACTION = "可在此处或指标表中右键选择“关联预算数据”，由程序计算实际完成值"

#: the 提示 the 审核 panel can fix with “关联预算数据” (they sit on ``dept.indicators[i].actual``)
LINK_FIXABLE = ("link.disagrees", "link.available")


def _label(table_label: str, i: int, name: str) -> str:
    return f"{table_label}第 {i + 1} 行" + (f"“{_clip(name, 24)}”" if name.strip() else "")


def _check_linked(report: Report, rows, base: str, table_label: str, out: Sink) -> None:
    for i, ind in enumerate(rows):
        if not ind.link:
            continue
        where = f"{base}[{i}].actual"
        label = _label(table_label, i, ind.name)
        if spec(ind.link) is None:
            out.add("link.unknown", where, f"{label}关联的比率“{_clip(ind.link)}”本程序无法计算，"
                                           "请取消关联后填写实际完成值")
            continue
        v = value(report, ind.link)
        if v is not None and v.rate is None:
            out.add("link.not_computable", where,
                    f"{label}的实际完成值由{v.spec.name}计算，但{v.why_not()}，无法计算；"
                    f"请在“{v.spec.page}”页补填，或取消关联后手工填写")


def check_links(report: Report, out: Sink, scored: Optional[Report] = None) -> None:
    """The linked rows' findings and the department rows that could be linked. ``scored``: the
    report as scored (``links.effective_report``), which replaces exactly the projects holding a
    linked row — given, only those are looked through (not every project's indicators)."""
    _check_linked(report, report.dept.indicators, "dept.indicators", "部门整体指标", out)
    if scored is None:
        holding = [k for k, p in enumerate(report.projects) if any(ind.link for ind in p.indicators)]
    elif scored is report or scored.projects is report.projects:
        holding = []
    else:
        holding = [k for k, (p, q) in enumerate(zip(scored.projects, report.projects)) if p is not q]
    for k in holding:
        p = report.projects[k]
        name = _clip(p.name) or f"第 {k + 1} 个"
        _check_linked(report, p.indicators, f"projects[{k}].indicators", f"项目“{name}”指标", out)
    rows = report.dept.indicators
    for i, v in linkable_rows(report, rows):
        ind = rows[i]
        where = f"dept.indicators[{i}].actual"
        if v.rate is None:
            continue
        if not ind.actual.strip():
            out.add("link.available", where,
                    f"{_label('部门整体指标', i, ind.name)}的实际完成值可由预算数据计算（{v.text}）；{LINK_ACTION}")
        elif not agrees(v, ind.actual):
            out.add("link.disagrees", where, f"{disagreement(ind.name, ind.actual, v)}（{v.explanation()}）；"
                                             f"{LINK_ACTION}")

