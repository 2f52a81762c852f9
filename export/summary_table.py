"""The 汇总表: every collected report on one print-ready sheet, a summary sheet and the 考核评分.

Built as ``export.grid.Grid``s and written by ``export.xlsx`` like the annex tables:
merged title, borders, the header row repeated on every printed page, A4 landscape
fitted to the page width.
"""
from __future__ import annotations

import os
from decimal import Decimal
from typing import Optional, Sequence

from export.grid import LEFT, Grid
from export.tables import count_cell, money_cell, rate_cell, score_cell, text_cell
from model.rounding import fmt_plain, round_half_up
from model.scoring_rows import grade_cutoffs

from model.collection.db import Entry

HEADERS = ("序号", "单位", "主管部门", "年度", "全年预算数", "全年执行数", "执行率", "自评得分", "等级",
           "错误", "警告", "项目数")
WIDTHS = [5, 26, 20, 6, 12, 12, 9, 9, 5, 5, 5, 6]
LOWEST = 5       # units listed under 执行率最低


def _d(text: Optional[str]) -> Optional[Decimal]:
    return None if text is None else Decimal(text)


def _rate(e: Entry) -> Optional[Decimal]:
    return None if e.rate is None else Decimal(e.rate) / 100


def _years(entries: Sequence[Entry]) -> str:
    years = sorted({e.year for e in entries})
    if not years:
        return ""
    return f"{years[0]}年度" if len(years) == 1 else f"{years[0]}—{years[-1]}年度"


def list_grid(entries: Sequence[Entry], title_unit: str = "") -> Grid:
    g = Grid("collect", "汇总表", f"{_years(entries)}部门整体支出绩效自评汇总表", len(HEADERS), list(WIDTHS),
             subtitle_left=f"汇总单位：{title_unit}" if title_unit else "", subtitle_right="单位：万元",
             header_rows=1, landscape=True)
    for c, h in enumerate(HEADERS):
        g.add(0, c, h, bold=True)
    for i, e in enumerate(entries, 1):
        count_cell(g, i, 0, i)
        text_cell(g, i, 1, e.unit)
        text_cell(g, i, 2, e.dept)
        g.add(i, 3, str(e.year))
        money_cell(g, i, 4, _d(e.budget))
        money_cell(g, i, 5, _d(e.executed))
        rate_cell(g, i, 6, _rate(e))
        if e.score is None:
            g.add(i, 7, "—")
        else:
            score = Decimal(e.score)
            score_cell(g, i, 7, score, max(0, -score.as_tuple().exponent))
        g.add(i, 8, e.grade)
        count_cell(g, i, 9, e.errors)
        count_cell(g, i, 10, e.warnings)
        count_cell(g, i, 11, e.project_count)
    return g


def summary_grid(entries: Sequence[Entry]) -> Grid:
    g = Grid("collect-summary", "汇总分析", f"{_years(entries)}部门整体支出绩效自评汇总分析", 4, [22, 30, 14, 14],
             subtitle_right="单位：万元", header_rows=0)
    r = 0
    g.add(r, 0, "一、按等级统计", bold=True, colspan=4, align=LEFT)
    r += 1
    for c, h in enumerate(("等级", "分数段", "单位数", "占比")):
        g.add(r, c, h, bold=True)
    r += 1
    n = len(entries)
    cuts = grade_cutoffs()
    upper: Optional[Decimal] = None
    for name, low in cuts:
        band = f"≥ {low}" if upper is None else (f"< {upper}" if low <= 0 else f"{low}—{upper}")
        k = sum(1 for e in entries if e.grade == name)
        g.add(r, 0, name)
        g.add(r, 1, band)
        count_cell(g, r, 2, k)
        rate_cell(g, r, 3, Decimal(k) / n if n else None)
        upper = low
        r += 1
    g.add(r, 0, "合计", bold=True)
    g.add(r, 1, "")
    count_cell(g, r, 2, n)
    rate_cell(g, r, 3, Decimal(1) if n else None)
    r += 1

    g.add(r, 0, "二、汇总指标", bold=True, colspan=4, align=LEFT)
    r += 1
    budgets = [_d(e.budget) for e in entries if e.budget is not None]
    executed = [_d(e.executed) for e in entries if e.executed is not None]
    scores = [Decimal(e.score) for e in entries if e.score is not None]
    total_budget = sum(budgets, Decimal(0))
    total_exec = sum(executed, Decimal(0))
    rows = (
        ("全年预算数合计", money_cell, total_budget if budgets else None),
        ("全年执行数合计", money_cell, total_exec if executed else None),
        ("总体执行率（执行数合计 ÷ 预算数合计）", rate_cell,
         total_exec / total_budget if budgets and executed and total_budget else None),
        ("平均执行率（各单位执行率的平均）", rate_cell, _mean([_rate(e) for e in entries if e.rate is not None])),
        ("平均自评得分", None, _mean(scores)),
        ("有错误的报告数", count_cell, sum(1 for e in entries if e.errors)),
    )
    for label, maker, value in rows:
        g.add(r, 0, label, colspan=2, align=LEFT)
        if maker is None:
            if value is None:
                g.add(r, 2, "—", colspan=2)
            else:
                score_cell(g, r, 2, round_half_up(value, 2), 2, colspan=2)
        else:
            maker(g, r, 2, value, colspan=2)
        r += 1

    g.add(r, 0, f"三、执行率最低的 {LOWEST} 个单位", bold=True, colspan=4, align=LEFT)
    r += 1
    for c, h in enumerate(("单位", "主管部门", "年度", "执行率")):
        g.add(r, c, h, bold=True)
    r += 1
    lowest = sorted((e for e in entries if e.rate is not None), key=lambda e: (Decimal(e.rate), e.unit, e.year))
    for e in lowest[:LOWEST]:
        text_cell(g, r, 0, e.unit)
        text_cell(g, r, 1, e.dept)
        g.add(r, 2, str(e.year))
        rate_cell(g, r, 3, _rate(e))
        r += 1
    if not lowest:
        g.add(r, 0, "（没有可计算执行率的报告）", colspan=4)
    return g


def assessment_grid(entries: Sequence[Entry], reviews: dict[tuple[str, int], dict[str, Optional[str]]]) -> Grid:
    """考核评分: per unit, each item's score (automatic, or the reviewer's, or 待评) and the sum so far."""
    from model.assessment import load_table
    items = load_table().items
    headers = ["序号", "单位", "年度"] + [f"{i.name}\n（{fmt_plain(i.points)}）" for i in items] + ["已评合计", "待评项"]
    g = Grid("collect-assessment", "考核评分", f"{_years(entries)}部门整体支出绩效自评工作考核评分汇总", len(headers),
             [5, 24, 6] + [9] * len(items) + [8, 6], header_rows=1, landscape=True,
             footer="“待评”为需由财政局按评分标准人工评分的项目；自动评分的理由见汇总窗口“考核评分”。")
    for c, h in enumerate(headers):
        g.add(0, c, h, bold=True)
    for r, e in enumerate(entries, 1):
        auto = {a["id"]: a["score"] for a in e.assessment}
        manual = reviews.get((e.unit, e.year), {})
        count_cell(g, r, 0, r)
        text_cell(g, r, 1, e.unit)
        g.add(r, 2, str(e.year))
        total, pending = Decimal(0), 0
        for c, item in enumerate(items, 3):
            score = auto.get(item.id) or manual.get(item.id)
            if score is None:
                g.add(r, c, "待评")
                pending += 1
            else:
                total += Decimal(score)
                score_cell(g, r, c, Decimal(score), 1)
        score_cell(g, r, 3 + len(items), total, 1)
        count_cell(g, r, 4 + len(items), pending)
    return g


def _mean(values: list) -> Optional[Decimal]:
    values = [v for v in values if v is not None]
    return sum(values, Decimal(0)) / len(values) if values else None


def write_summary_xlsx(entries: Sequence[Entry], path: str | os.PathLike, title_unit: str = "",
                       reviews: Optional[dict] = None) -> list[str]:
    """Write the 汇总表, its summary sheet and the 考核评分 sheet (``reviews``: ``SummaryDb.all_reviews()``);
    ``ExportError`` (Chinese) when it cannot be written."""
    from export.xlsx import write_grids
    return write_grids([list_grid(entries, title_unit), summary_grid(entries),
                        assessment_grid(entries, reviews or {})], path)
