"""The annex tables of SPEC §5, each built once from the document as a ``Grid``.

``export/xlsx.py`` and ``export/pdf.py`` render these grids; neither lays a
table out itself. Every figure comes from ``model``: amounts as stored,
rates from ``model.ratios`` / ``model.scoring``, scores and totals from
``model.scoring``, all formatted with ``model.numbers``.

Column widths are in character units (a CJK character ≈ 2 units), sized so a
county officer's usual texts fit; long texts wrap inside their cells.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator, Optional, Sequence

from model.links import effective_actual
from model.dates import printed_date
from model.numbers import fmt_decimal, fmt_plain, fmt_rate, round_half_up
from model.report import CONTROL_ROWS, PROJECT_CATEGORIES, Amounts, Indicator, Project, Report
from model.scoring import ReportScores, TableResult, printed_target, score_report

from .grid import CENTER, LEFT, RIGHT, Cell, Grid

MONEY_FORMAT = "0.00_ "
RATE_FORMAT = "0.00%"
WEIGHT_FORMAT = "General"
COUNT_FORMAT = "0"
DASH = "—"

#: Sheet names may not hold these characters (Excel rule).
_SHEET_BAD = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
SHEET_MAX = 31

# --------------------------------------------------------------------------- helpers


def _score_format(places: int) -> str:
    return "0" if places <= 0 else "0." + "0" * places


def _rate_format(places: int) -> str:
    return _score_format(places) + "%"


def money_cell(grid: Grid, row: int, col: int, value: Optional[Decimal], **kw) -> Cell:
    """An amount in 万元 with two decimals; empty when not entered."""
    if value is None:
        return grid.add(row, col, "", **kw)
    return grid.add(row, col, fmt_decimal(value, 2), align=RIGHT, value=round_half_up(value, 2),
                    number_format=MONEY_FORMAT, **kw)


def rate_cell(grid: Grid, row: int, col: int, rate: Optional[Decimal], **kw) -> Cell:
    """A ratio as ``99.55%``; “—” when not computable."""
    if rate is None:
        return grid.add(row, col, DASH, **kw)
    return grid.add(row, col, fmt_rate(rate), value=round_half_up(rate, 4), number_format=RATE_FORMAT,
                    **kw)


def weight_cell(grid: Grid, row: int, col: int, weight: Optional[Decimal], **kw) -> Cell:
    """A 分值 as typed (10, 2.5)."""
    if weight is None:
        return grid.add(row, col, "", **kw)
    return grid.add(row, col, fmt_plain(weight), value=weight, number_format=WEIGHT_FORMAT, **kw)


def score_cell(grid: Grid, row: int, col: int, score: Decimal, places: int, **kw) -> Cell:
    d = round_half_up(score, places)
    return grid.add(row, col, fmt_decimal(d, places), value=d, number_format=_score_format(places), **kw)


def count_cell(grid: Grid, row: int, col: int, value: Optional[int], **kw) -> Cell:
    if value is None:
        return grid.add(row, col, "", **kw)
    return grid.add(row, col, str(value), value=Decimal(value), number_format=COUNT_FORMAT, **kw)


def text_cell(grid: Grid, row: int, col: int, text: str, **kw) -> Cell:
    """User-typed text: left aligned, always written as text."""
    kw.setdefault("align", LEFT)
    return grid.add(row, col, text or "", user_text=True, **kw)


def _sum(values: Sequence[Optional[Decimal]]) -> Optional[Decimal]:
    given = [v for v in values if v is not None]
    return sum(given, Decimal(0)) if given else None


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _fit_sheet_name(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` UTF-16 units (Excel counts an emoji as two), with no apostrophe
    or space at either end (Excel refuses a name that starts or ends with an apostrophe)."""
    def trim(t: str) -> str:
        while t != t.strip().strip("'"):
            t = t.strip().strip("'")
        return t
    text = trim(text)
    while _utf16_len(text) > limit:
        text = trim(text[:-1])
    return text


def clean_sheet_name(name: str, taken: set[str]) -> str:
    """A legal, unique sheet name of at most 31 characters; adds it, lower-cased, to ``taken``
    (the lower-cased names given so far: one set lookup per name, not a new set of every
    name for each sheet of a report with 1 500 projects).

    Drops ``[]:*?/\\`` and control characters, apostrophes at either end, cuts to 31
    UTF-16 units, avoids Excel's reserved name “History” and names already taken
    (compared case-insensitively, as Excel does).
    """
    base = _fit_sheet_name(_SHEET_BAD.sub("", name), SHEET_MAX) or "附表"
    candidate, n = base, 2
    while candidate.lower() in taken or candidate.lower() == "history":
        suffix = f"({n})"
        candidate = (_fit_sheet_name(base, SHEET_MAX - len(suffix)) or "附表") + suffix
        n += 1
    taken.add(candidate.lower())
    return candidate


def footer_line(report: Report) -> str:
    i = report.info
    gap = "\u3000" * 3
    return (f"填表人：{i.preparer.strip()}{gap}填报日期：{printed_date(i.fill_date)}{gap}"
            f"联系电话：{i.phone.strip()}{gap}单位负责人签字：{gap * 2}")


def _unit_line(report: Report) -> str:
    return f"单位名称：{report.info.unit_name.strip()}"


# --------------------------------------------------------------------------- 附件2

ANNEX2_WIDTHS = [34.0, 11.0, 11.0, 11.0, 11.0, 11.0, 11.0]
#: the ``Amounts`` fields printed in 附件2's {年−1}年决算数 | {年}年预算数 | {年}年决算数 columns
ANNEX2_FIELDS = ("prior", "initial", "executed")


def build_annex2(report: Report, sheet_name: str = "附件2 基础数据表",
                 scores: Optional[ReportScores] = None) -> Grid:
    """附件2 部门（单位）整体支出绩效评价基础数据表 (SPEC §5.1); the rates are ``scores.ratios``."""
    rs = (scores or score_report(report)).ratios
    y = report.year
    g = Grid(key="annex2", sheet_name=sheet_name,
             title=f"{y}年度部门（单位）整体支出绩效评价基础数据表",
             ncols=7, col_widths=list(ANNEX2_WIDTHS), annex_label="附件2",
             subtitle_left=_unit_line(report), subtitle_right="单位：万元",
             header_rows=0, landscape=False, footer=footer_line(report))
    b = report.budget
    s = report.staff
    r = 0
    # 财政供养人员情况
    g.add(r, 0, "财政供养人员情况（人）", rowspan=2, bold=True)
    g.add(r, 1, "编制数", colspan=2, bold=True)
    g.add(r, 3, f"{y}年实际在职人数", colspan=2, bold=True)
    g.add(r, 5, "控制率", colspan=2, bold=True)
    r += 1
    count_cell(g, r, 1, s.total_posts, colspan=2,
               source="staff.admin_posts|staff.institution_posts|staff.other_posts")
    count_cell(g, r, 3, s.actual_staff, colspan=2, source="staff.actual_staff")
    rate_cell(g, r, 5, rs.staff_control, colspan=2)
    r += 1
    g.keep_together.append((0, r + 1))     # staffing with the 经费 header row
    # 经费控制情况
    g.add(r, 0, "经费控制情况（万元）", bold=True)
    g.add(r, 1, f"{y - 1}年决算数", colspan=2, bold=True)
    g.add(r, 3, f"{y}年预算数", colspan=2, bold=True)
    g.add(r, 5, f"{y}年决算数", colspan=2, bold=True)
    g.repeat_rows = (r, r + 1)             # the 经费 column heads on continuation pages
    r += 1

    def amount_row(label: str, a: Optional[Amounts], *, bold: bool = False, user: bool = False,
                   values: Optional[tuple] = None, path: str = "") -> None:
        nonlocal r
        if user:
            text_cell(g, r, 0, label)
        else:
            g.add(r, 0, label, align=LEFT, bold=bold)
        # the {年}年预算数 column is the 年初 budget (SPEC §5.1), not 全年预算数
        prior, budget, executed = values if values is not None else (
            tuple(getattr(a, f) for f in ANNEX2_FIELDS) if a is not None else (None, None, None))
        for col, v, f in zip((1, 3, 5), (prior, budget, executed), ANNEX2_FIELDS):
            money_cell(g, r, col, v, colspan=2, bold=bold, source=f"{path}.{f}" if path else "")
        r += 1

    c = b.controls
    amount_row("一、部门基本支出", b.basic, bold=True, path="budget.basic")
    amount_row("其中：公用经费", b.public, path="budget.public")
    for key in ("office", "utilities_travel", "meetings_training", "three_public", "cars",
                "car_purchase", "car_operation", "overseas", "reception"):
        amount_row(_CONTROL_LABELS[key], c[key], path=f"budget.controls.{key}")
    amount_row("二、部门项目支出", b.project_spending, bold=True, path="budget.project_spending")
    for n, cat in enumerate(PROJECT_CATEGORIES, 1):
        projects = [(i, p) for i, p in enumerate(report.projects) if p.category == cat]
        if cat == PROJECT_CATEGORIES[0]:
            # a project of an unknown category is listed with the first one
            projects += [(i, p) for i, p in enumerate(report.projects)
                         if p.category not in PROJECT_CATEGORIES]
        label = f"{n}、{cat}（{_CATEGORY_NOTES[cat]}）"
        totals = tuple(_sum([getattr(p.total, f) for _, p in projects]) for f in ANNEX2_FIELDS)
        amount_row(label, None, values=totals)
        if not projects:
            amount_row("", None)
        for i, p in projects:
            amount_row(f"\u3000\u3000{p.name.strip()}", p.total, user=True,
                       path=f"projects[{i}].total")
    amount_row("政府采购金额", c["procurement"], path="budget.controls.procurement")
    amount_row("部门基本支出预算调整", c["basic_adjustment"], path="budget.controls.basic_adjustment")
    # 楼堂馆所
    bl = b.buildings
    g.keep_together.append((r, r + 3))     # 楼堂馆所 header, values and 厉行节约
    g.add(r, 0, f"楼堂馆所控制情况（{y}年完工项目）", rowspan=2, bold=True)
    for col, label in enumerate(("批复规模\n（㎡）", "实际规模\n（㎡）", "规模控制率",
                                 "预算投资\n（万元）", "实际投资\n（万元）", "投资概算\n控制率"), 1):
        g.add(r, col, label, bold=True)
    r += 1
    money_cell(g, r, 1, bl.approved_area, source="budget.buildings.approved_area")
    money_cell(g, r, 2, bl.actual_area, source="budget.buildings.actual_area")
    rate_cell(g, r, 3, rs.scale_control)
    money_cell(g, r, 4, bl.budget_investment, source="budget.buildings.budget_investment")
    money_cell(g, r, 5, bl.actual_investment, source="budget.buildings.actual_investment")
    rate_cell(g, r, 6, rs.investment_control)
    r += 1
    # 厉行节约保障措施
    g.add(r, 0, "厉行节约保障措施", bold=True)
    text_cell(g, r, 1, b.savings_measures.strip(), colspan=6, source="budget.savings_measures")
    return g


_CONTROL_LABELS = dict(CONTROL_ROWS)
_CATEGORY_NOTES = {"业务经费": "一个项目一行", "运行维护经费": "一个专项一行", "专项资金": "一个项目一行"}


# --------------------------------------------------------------------------- 附件3 / 附件4 parts

#: 区块 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
PERF_WIDTHS = [13.0, 12.0, 14.0, 22.0, 13.0, 13.0, 7.0, 8.0, 29.0]
PERF_COLS = len(PERF_WIDTHS)


def _budget_header(g: Grid, r: int, scores: ReportScores, label_left: str = "") -> None:
    """The budget block's header; the 执行率 denominator is named as the rule set names it."""
    g.add(r, 1, label_left, colspan=2, bold=True)
    budget_label = scores.profile.settings.budget_label
    for col, label in enumerate(("年初预算数", budget_label, "全年执行数", "分值", "执行率", "得分"), 3):
        g.add(r, col, label, bold=True)


def _execution_row(g: Grid, r: int, label: str, initial: Optional[Decimal], t: TableResult,
                   places: int, sources: tuple[str, str, str] = ("", "", "")) -> None:
    e = t.execution
    g.add(r, 1, label, colspan=2, align=LEFT)
    for col, v, source in zip((3, 4, 5), (initial, e.budget, e.executed), sources):
        money_cell(g, r, col, v, source=source)
    weight_cell(g, r, 6, e.weight)
    if e.rate is None:
        rate_cell(g, r, 7, None)
    else:                           # as the rule set prints it (``rate_places``), the rate scored
        g.add(r, 7, e.rate_text, value=e.shown_rate, number_format=_rate_format(e.rate_places))
    score_cell(g, r, 8, e.score, places)


#: the ``Amounts`` fields printed in the 年初预算数 | 全年预算数 | 全年执行数 columns of 附件3/4
PERF_FIELDS = ("initial", "budget", "executed")


def _sources(paths: Sequence[str]) -> tuple[str, ...]:
    """The ``Cell.source`` of each of ``PERF_FIELDS`` for a row that prints the sum of ``paths``."""
    return tuple("|".join(f"{p}.{f}" for p in paths) for f in PERF_FIELDS)


def _plain_amount_row(g: Grid, r: int, label: str, a: tuple, label_col: int = 1,
                      label_span: int = 2, paths: Sequence[str] = ()) -> None:
    g.add(r, label_col, label, colspan=label_span, align=LEFT)
    for col, v, source in zip((3, 4, 5), a, _sources(paths) if paths else ("", "", "")):
        money_cell(g, r, col, v, source=source)
    g.add(r, 6, "", colspan=3)


def _execution_note_row(g: Grid, r: int, note: str) -> int:
    """The 执行偏差说明 under the budget block, printed only when the user wrote one."""
    if not note.strip():
        return r
    g.add(r, 0, "执行偏差说明", bold=True)
    text_cell(g, r, 1, note.strip(), colspan=8)
    return r + 1


def _goal_rows(g: Grid, r: int, goal: str, achievement: str, path: str) -> int:
    g.keep_together.append((r, r + 2))
    g.add(r, 0, "年度总体目标", rowspan=2, bold=True)
    g.add(r, 1, "预期目标", colspan=4, bold=True)
    g.add(r, 5, "实际完成情况", colspan=4, bold=True)
    text_cell(g, r + 1, 1, goal.strip(), colspan=4, source=f"{path}.goal")
    text_cell(g, r + 1, 5, achievement.strip(), colspan=4, source=f"{path}.achievement")
    return r + 2


def _ordered_rows(t: TableResult) -> list[tuple[str, Optional[Decimal], Decimal, list[tuple[str, list[int]]]]]:
    """Blocks in profile order: (一级 name, its weight, the weight spread to it, [(二级 name, row indices)]).

    The weight printed is the sum of the block's rows plus what the rule set spread to it from
    an empty block, so the printed table adds up to its 总分 row even when the rows do not match
    the profile (审核 reports that mismatch).
    """
    out = []
    for blk in t.blocks:
        groups = [(name, list(rows)) for name, _w, _s, rows in blk.level2]
        out.append((blk.name, blk.row_weight + blk.spread_weight, blk.spread_weight, groups))
    return out


def _block_label(name: str, weight: Optional[Decimal], spread: Decimal) -> str:
    """The 一级指标 cell: “产出指标（45分）”, with the share spread to it named
    (“（45分，含分配5分）”), as the grid's summary line says it."""
    label = name.strip()
    if weight is None or not label:
        return label
    extra = f"，含分配{fmt_plain(spread)}分" if spread else ""
    return f"{label}\n（{fmt_plain(weight)}分{extra}）"


def _deviation_text(text: str, adjustments) -> str:
    """The 偏差原因 cell: what the user wrote, then every rule of the rule set that changed the score."""
    return "\n".join([t for t in (text.strip(),) if t] + [a.text for a in adjustments])


def _indicator_rows(g: Grid, r: int, report: Report, indicators: Sequence[Indicator], t: TableResult,
                    places: int) -> int:
    """The indicator grid with its header row; returns the next free row. A linked 实际完成值
    is printed as computed (``model.links.effective_actual``), the value ``t`` scored."""
    start = r
    for col, label in enumerate(("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值",
                                 "分值", "得分", "偏差原因分析及改进措施"), 1):
        g.add(r, col, label, bold=True)
    g.repeat_rows = (r, r + 1)
    r += 1
    for name, weight, spread, groups in _ordered_rows(t):
        block_start = r
        if not groups:
            # a block of the profile with no indicator: one blank row keeps it visible
            g.add(r, 2, "")
            for col in range(3, 9):
                g.add(r, col, "")
            r += 1
        for l2, rows in groups:
            l2_start = r
            for i in rows:
                ind, res = indicators[i], t.rows[i]
                text_cell(g, r, 3, ind.name.strip())
                text_cell(g, r, 4, printed_target(ind), align=CENTER)
                text_cell(g, r, 5, effective_actual(report, ind).strip(), align=CENTER)
                weight_cell(g, r, 6, ind.weight)
                if res.unfilled and not res.manual:
                    g.add(r, 7, "")     # a placeholder row is not scored yet: no 0.00
                else:
                    score_cell(g, r, 7, res.score, places)
                text_cell(g, r, 8, _deviation_text(ind.note, res.adjustments))
                r += 1
            text_cell(g, l2_start, 2, l2.strip(), rowspan=r - l2_start, align=CENTER)
        # a block stays on one page; the first block also keeps the header row above it
        g.keep_together.append((start if block_start == start + 1 else block_start, r))
        text_cell(g, block_start, 1, _block_label(name, weight, spread), rowspan=r - block_start, align=CENTER)
    g.add(start, 0, "绩效指标", rowspan=r - start, bold=True)
    return r


#: rows of the table kept on the page of the 总分 row (and so of the footer line under it)
TOTAL_KEEPS_ROWS = 2
#: a 附件4 prints on one page when it fits at this scale or larger (Excel's fit to one page)
ANNEX4_FIT_SCALE = 0.7


def _total_row(g: Grid, r: int, t: TableResult, places: int) -> int:
    # never a lone 总分 row (nor the footer under it) on the last page
    g.keep_together.append((max(r - TOTAL_KEEPS_ROWS, 0), r + 1))
    g.add(r, 0, "总分", colspan=6, bold=True)
    weight_cell(g, r, 6, t.weight_total, bold=True)
    score_cell(g, r, 7, t.total, places, bold=True)
    g.add(r, 8, _deviation_text(f"自评等级：{t.grade}", t.adjustments), bold=True)
    return r + 1


def _perf_grid(key: str, sheet_name: str, title: str, annex_label: str, report: Report) -> Grid:
    return Grid(key=key, sheet_name=sheet_name, title=title, ncols=PERF_COLS,
                col_widths=list(PERF_WIDTHS), annex_label=annex_label,
                subtitle_left=_unit_line(report), subtitle_right="单位：万元",
                landscape=True, footer=footer_line(report))


# --------------------------------------------------------------------------- 附件3

#: 按收入性质分 rows of the form: label → source keys summed into it
_FORM_SOURCES = (
    ("一般公共预算", ("general",)),
    ("政府性基金拨款", ("gov_fund",)),
    ("纳入专户管理的非税收入拨款", ("special_account",)),
    ("其他", ("state_capital", "social_insurance", "other")),
)


def build_annex3(report: Report, sheet_name: str = "附件3 整体支出自评表",
                 scores: Optional[ReportScores] = None) -> Grid:
    """附件3 部门（单位）整体支出绩效自评表 (SPEC §5.2); the figures are ``scores``'
    (the report's ``ReportScores``, computed here when not given)."""
    scores = scores or score_report(report)
    places = scores.places
    t = scores.department
    b = report.budget
    g = _perf_grid("annex3", sheet_name, f"{report.year}年度部门（单位）整体支出绩效自评表", "附件3", report)
    r = 0
    g.add(r, 0, "预算单位名称", bold=True)
    text_cell(g, r, 1, report.info.unit_name.strip(), colspan=8, source="info.unit_name")
    r += 1
    budget_start = r
    _budget_header(g, r, scores)
    r += 1
    _execution_row(g, r, "年度资金总额", b.initial, t, places,
                   ("budget.initial", "budget.full_year", "budget.executed"))
    r += 1
    src_start = r
    for label, keys in _FORM_SOURCES:
        amounts = [b.sources[k] for k in keys if k in b.sources]
        values = tuple(_sum([getattr(a, f) for a in amounts]) for f in PERF_FIELDS)
        _plain_amount_row(g, r, label, values, label_col=2, label_span=1,
                          paths=[f"budget.sources.{k}" for k in keys if k in b.sources])
        r += 1
    g.add(src_start, 1, "按收入性质分", rowspan=r - src_start)
    nat_start = r
    for label, key in (("基本支出", "basic"), ("项目支出", "project_spending")):
        a = getattr(b, key)
        _plain_amount_row(g, r, label, (a.initial, a.budget, a.executed), label_col=2, label_span=1,
                          paths=[f"budget.{key}"])
        r += 1
    g.add(nat_start, 1, "按支出性质分", rowspan=r - nat_start)
    g.add(budget_start, 0, "年度预算申请\n（万元）", rowspan=r - budget_start, bold=True)
    g.keep_together.append((budget_start, r))
    r = _execution_note_row(g, r, report.dept.execution_note)
    r = _goal_rows(g, r, report.dept.goal, report.dept.achievement, "dept")
    r = _indicator_rows(g, r, report, report.dept.indicators, t, places)
    _total_row(g, r, t, places)
    return g


# --------------------------------------------------------------------------- 附件4

def build_annex4(report: Report, index: int, sheet_name: Optional[str] = None,
                 scores: Optional[ReportScores] = None) -> Grid:
    """附件4 项目支出绩效自评表 for ``report.projects[index]`` (SPEC §5.3); the figures are
    ``scores``' (computed here when not given)."""
    p: Project = report.projects[index]
    scores = scores or score_report(report)
    places = scores.places
    t = scores.project(index)
    label = f"附件4-{index + 1}"
    if sheet_name is None:
        sheet_name = clean_sheet_name(f"{label} {p.name.strip()}", set())
    g = _perf_grid(f"annex4-{index + 1}", sheet_name, f"{report.year}年度项目支出绩效自评表", label, report)
    g.fit_min_scale = ANNEX4_FIT_SCALE
    r = 0
    g.add(r, 0, "项目支出名称", bold=True)
    text_cell(g, r, 1, p.name.strip(), colspan=8, source=f"projects[{index}].name")
    r += 1
    g.add(r, 0, "主管部门", bold=True)
    text_cell(g, r, 1, p.competent_dept.strip(), colspan=3, source=f"projects[{index}].competent_dept")
    g.add(r, 4, "实施单位", bold=True)
    text_cell(g, r, 5, p.implementer.strip(), colspan=4, source=f"projects[{index}].implementer")
    r += 1
    start = r
    _budget_header(g, r, scores)
    r += 1
    _execution_row(g, r, "年度资金总额", p.total.initial, t, places,
                   _sources([f"projects[{index}].total"]))
    r += 1
    for lbl, key in (("其中：当年财政拨款", "fiscal"), ("上年结转资金", "carried"), ("其他资金", "other")):
        a = getattr(p, key)
        _plain_amount_row(g, r, lbl, (a.initial, a.budget, a.executed), paths=[f"projects[{index}].{key}"])
        r += 1
    g.add(start, 0, "项目资金\n（万元）", rowspan=r - start, bold=True)
    g.keep_together.append((start, r))
    r = _execution_note_row(g, r, p.execution_note)
    r = _goal_rows(g, r, p.goal, p.achievement, f"projects[{index}]")
    r = _indicator_rows(g, r, report, p.indicators, t, places)
    _total_row(g, r, t, places)
    return g


# --------------------------------------------------------------------------- all

def build_all(report: Report, scores: Optional[ReportScores] = None) -> list[Grid]:
    """Every annex table in print order: 附件2, 附件3, one 附件4 per project, all with the
    figures of one ``ReportScores`` (the caller's, else computed once here)."""
    return list(iter_grids(report, scores))


def iter_grids(report: Report, scores: Optional[ReportScores] = None) -> Iterator[Grid]:
    """``build_all`` one table at a time, for a writer that is done with each table before it
    needs the next (the xlsx): the tables of 1 500 projects are never all in memory at once."""
    scores = scores or score_report(report)
    taken: set[str] = set()
    yield build_annex2(report, clean_sheet_name("附件2 基础数据表", taken), scores)
    yield build_annex3(report, clean_sheet_name("附件3 整体支出自评表", taken), scores)
    for i, p in enumerate(report.projects):
        name = clean_sheet_name(f"附件4-{i + 1} {p.name.strip()}", taken)
        yield build_annex4(report, i, name, scores)
