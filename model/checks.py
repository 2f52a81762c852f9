"""审核: every consistency rule of SPEC §4 → a list of findings.

A ``Finding`` has a severity (``ERROR``/``WARNING``/``INFO``), a stable rule id
(``balance.basic``, ``indicator.block_weight`` …), a location ``where`` and a
Chinese message that quotes the numbers involved.

The rule families move to ``model/rules/`` one by one (``rules/base.py`` holds what they
share); the text-against-data family is there already (``rules/text*.py``).

``where`` is the attribute path of the field in the document, so the GUI can
jump to it and the CLI can print it:

    info.phone                       staff.actual_staff
    budget.executed                  budget.sources.general.budget
    budget.basic.executed            budget.personnel_items[2].executed
    budget.controls.three_public.budget
    budget.buildings.actual_area     budget.savings_measures
    dept.goal                        dept.indicators                (the whole table)
    dept.indicators[3].actual        (columns: level1 level2 name nature target
                                      actual weight grade manual_score note)
    projects[1].total.budget         projects[1].indicators[0].note
    sections[6]                      (0-based: sections[0] is 一)
    profile                          (the weight profile of the file)

Severities follow one rule of thumb:

- 错误 (``ERROR``): the figures contradict each other or the rules, so a printed
  table would be wrong — balances, weights, band violations, a score above its
  weight, unreadable numbers, a score or grade in section 九 that differs from
  the computed one, negative amounts.
- 警告 (``WARNING``): something is missing or suspicious and needs a look or an
  explanation — empty required sections and fields, missing indicator values,
  flagged rows without a note, execution rates off 100 %, wrong years, a rate
  quoted in the text that no computation gives. Completeness is a warning, not
  an error, on purpose: a report being drafted is incomplete for days, and its
  list should not be red all that time; the figures it has must still agree.
- 提示 (``INFO``): worth a second look but often fine — money figures in the
  text that match no figure of the report, mentions of last year after a
  roll-over, amounts so large they were probably typed in 元.

Long lists of the same small gap in one table (a rolled-over table has every
actual value empty) are grouped into one finding that names the rows.
"""
from __future__ import annotations

import unicodedata
from decimal import Decimal
from functools import lru_cache
from typing import Optional, Sequence

from .lazyre import LazyPattern
from .numbers import (NumberError, fmt_decimal, fmt_rate, parse_date, parse_quantity, rate_percent,
                      years_mentioned)
from .profiles import Profile, is_known, profile_for
from .report import (CONTROL_ROWS, GRADES, SECTIONS, SOURCES, Amounts, Indicator, Report)
from .rules.base import COLUMN_LABELS, COLUMNS, HUNDRED, ZERO, _clip, _cn_num, _m, _section_label, _sum
from .rules.text import check_text
from .scoring import (DATE, QUALITATIVE, ExecutionResult, ReportScores, TableResult,
                      execution_rate, score_report)
from .severity import ERROR, INFO, SEVERITY_LABELS, SEVERITY_ORDER, WARNING, Finding  # noqa: F401 - re-exported


#: Every rule id with its severity (a rule whose severity depends on the case lists the usual one).
RULES: dict[str, str] = {
    "profile.unknown": WARNING,
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
    "execution.missing": WARNING,
    "execution.zero_budget": WARNING,      # 提示 once the explanation is written
    "execution.over": WARNING,
    "execution.low": WARNING,
    "execution.note": WARNING,
    "indicator.execution_weight": ERROR,
    "indicator.block_weight": ERROR,
    "indicator.empty_block": ERROR,
    "indicator.unknown_level1": ERROR,
    "indicator.unknown_level2": INFO,
    "indicator.total_weight": ERROR,
    "indicator.blank_row": WARNING,
    "indicator.missing_name": WARNING,
    "indicator.missing_target": WARNING,
    "indicator.missing_actual": WARNING,
    "indicator.missing_weight": WARNING,
    "indicator.invalid": ERROR,
    "indicator.unit_mismatch": ERROR,
    "indicator.nature_mismatch": ERROR,
    "indicator.score_above_weight": ERROR,
    "indicator.band": ERROR,
    "indicator.grade_missing": WARNING,
    "indicator.note_missing": WARNING,
    "indicator.duplicate": WARNING,
    "year.indicator": WARNING,
    "year.goal": WARNING,
    "year.rollover_text": INFO,
    "text.money_unknown": INFO,
    "text.money_mismatch": WARNING,
    "text.number_typo": WARNING,
    "text.rate_mismatch": WARNING,
    "text.score_mismatch": ERROR,
    "text.grade_mismatch": ERROR,
    "text.score_missing": INFO,
    "required.section": WARNING,
    "required.section_none": INFO,
    "required.info": WARNING,
    "required.goal": WARNING,
    "required.project_name": WARNING,
    "required.indicators": WARNING,
    "info.phone": WARNING,
    "info.date": WARNING,
    "sanity.negative": ERROR,
    "sanity.executed_over_budget": WARNING,
    "sanity.staff_over_posts": WARNING,
    "sanity.part_over_total": WARNING,
    "sanity.large_amount": INFO,
}

GROUP_LIMIT = 3          # more rows than this with the same small gap → one grouped finding
REQUIRED_SECTIONS = (0, 1, 5, 6, 7, 8)
#: said under a gap inside the 年初 column, which 附件2 prints as its 本年预算数
INITIAL_HINT = "；附件2“本年预算数”列打印年初预算数，如此处填的是全年预算数，请改为年初预算数"
SOURCE_LABELS = dict(SOURCES)
CONTROL_LABELS = {key: label.replace("其中：", "").lstrip("123、") for key, label in CONTROL_ROWS}


def _row_numbers(indices: Sequence[int], limit: int = 10) -> str:
    """0-based row indices → “1—6、9、11—12” (1-based, runs joined)."""
    runs: list[list[int]] = []
    for i in indices:
        if runs and i == runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    parts = [f"{a + 1}" if a == b else f"{a + 1}—{b + 1}" for a, b in runs]
    return "、".join(parts) if len(parts) <= limit else "、".join(parts[:limit]) + " 等"


class _Out:
    """Collects findings."""

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: list[Finding] = []

    def add(self, rule: str, where: str, message: str, severity: Optional[str] = None) -> None:
        self.items.append(Finding(severity or RULES[rule], rule, where, message))


# =========================================================================== entry point

def run_checks(report: Report, scores: Optional[ReportScores] = None) -> list[Finding]:
    """All findings for the report. ``scores`` (a ``scoring.ReportScores``) may be passed to reuse them."""
    if scores is None:
        scores = score_report(report)
    profile = profile_for(report)
    out = _Out()
    if not is_known(report.profile):
        out.add("profile.unknown", "profile",
                f"指标体系“{report.profile}”不存在，已按默认指标体系“{profile.name}”计算分值")
    _check_info(report, out)
    _check_sections(report, out)
    _check_balances(report, profile, out)
    _check_sanity(report, profile, out)
    _check_department(report, scores.department, profile, out)
    for i, (project, table) in enumerate(zip(report.projects, scores.projects)):
        _check_project(report, i, project, table, profile, out)
    check_text(report, scores, profile, out)
    return out.items


# =========================================================================== 基础信息 / 正文 completeness

_PHONE_SPLIT = LazyPattern(r"[、,，;；/]|\s{2,}")
_PHONE_STRIP = LazyPattern(r"[\s\-－—()（）]")
_PHONE_EXT = LazyPattern(r"\s*(?:转|分机|ext\.?|EXT\.?)\s*\d{1,6}$")


def phone_ok(text: str) -> bool:
    """A Chinese phone number: 0737-1234567, 07371234567, 13812345678, (0737)1234567,
    with spaces or dashes and an optional extension (转8001); several numbers separated
    by “、”/“/” are each checked."""
    parts = [p for p in _PHONE_SPLIT.split(unicodedata.normalize("NFKC", text)) if p.strip()]
    if not parts:
        return False
    for part in parts:
        digits = _PHONE_STRIP.sub("", _PHONE_EXT.sub("", part.strip()))
        if digits.startswith("+86"):
            digits = digits[3:]
        if not digits.isdigit() or not digits.isascii():
            return False
        n = len(digits)
        if digits[0] == "1":
            if n != 11:
                return False
        elif digits[0] == "0":
            if not 10 <= n <= 12:
                return False
        elif not 7 <= n <= 8:      # a local number without the area code
            return False
    return True


def _check_info(report: Report, out: _Out) -> None:
    info = report.info
    for field, label in (("unit_name", "预算单位名称"), ("preparer", "填表人"), ("phone", "联系电话"),
                         ("fill_date", "填报日期")):
        if not getattr(info, field).strip():
            out.add("required.info", f"info.{field}", f"未填写{label}（附件表的表尾要打印）")
    if info.phone.strip() and not phone_ok(info.phone):
        out.add("info.phone", "info.phone",
                f"联系电话“{_clip(info.phone)}”不像电话号码（应为 11 位手机号或带区号的座机号，"
                f"如 0737-1234567）")
    if info.fill_date.strip():
        d = parse_date(info.fill_date)
        if d is None:
            out.add("info.date", "info.fill_date",
                    f"填报日期“{_clip(info.fill_date)}”无法识别，请写成 {info.year + 1}-03-20 或 "
                    f"{info.year + 1}年3月20日")
        elif d.year < info.year:
            out.add("info.date", "info.fill_date",
                    f"填报日期 {d:%Y-%m-%d} 早于评价年度 {info.year} 年，请核对")


def _check_sections(report: Report, out: _Out) -> None:
    empty_optional = []
    texts = list(report.sections[: len(SECTIONS)]) + [""] * (len(SECTIONS) - len(report.sections))
    for i, text in enumerate(texts):
        if text.strip():
            continue
        if i in REQUIRED_SECTIONS:
            out.add("required.section", f"sections[{i}]", f"{_section_label(i)}尚未填写")
        else:
            empty_optional.append(i)
    if empty_optional:
        names = "、".join(_cn_num(i) for i in empty_optional)
        out.add("required.section_none", f"sections[{empty_optional[0]}]",
                f"正文第{names}部分为空；没有相关内容的请写“无”")


# =========================================================================== balances

def _balance(out: _Out, rule: str, where: str, total_label, total: Optional[Decimal],
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


def _check_balances(report: Report, profile: Profile, out: _Out) -> None:
    b = report.budget
    tol = profile.settings.tolerance
    for col, clabel in COLUMNS:
        # 基本支出 = 人员经费 + 公用经费
        _balance(out, "balance.basic", f"budget.basic.{col}", f"基本支出{clabel}", getattr(b.basic, col),
                 (("人员经费", getattr(b.personnel, col), 1), ("公用经费", getattr(b.public, col), 1)), tol)
    # 全年执行数 = 基本支出 + 项目支出 (and the same for the other columns of the total)
    parts = lambda col: (("基本支出", getattr(b.basic, col), 1),              # noqa: E731
                         ("项目支出", getattr(b.project_spending, col), 1))
    _balance(out, "balance.executed", "budget.executed", "全年执行数", b.executed, parts("executed"), tol)
    _balance(out, "balance.executed", "budget.prior_executed", "上年决算支出", b.prior_executed,
             parts("prior"), tol)
    full_year = b.full_year_budget()
    _balance(out, "balance.budget", "budget.full_year" if b.full_year is not None else "budget.initial",
             "全年预算数", full_year, parts("budget"), tol)
    # the 年初 column (附件2's 本年预算数): a file saved before 年初 and 全年 were kept apart may
    # hold 全年 figures there, so a gap is a warning with the way out, not an error
    _balance(out, "balance.budget", "budget.initial", "年初预算数", b.initial, parts("initial"), tol,
             WARNING, INITIAL_HINT)
    # 全年预算数 typed = 年初 + 追加 − 调减 + 结转
    if b.full_year is not None and b.components_given():
        _balance(out, "balance.full_year", "budget.full_year", "全年预算数", b.full_year,
                 (("年初预算数", b.initial, 1), ("追加", b.additions, 1), ("调减", b.reductions, -1),
                  ("上年结转", b.carryover, 1)), tol)
    # by source
    for rule, col, total, where, label in (
            ("balance.sources.budget", "budget", full_year,
             "budget.full_year" if b.full_year is not None else "budget.initial", "全年预算数"),
            ("balance.sources.budget", "initial", b.initial, "budget.initial", "年初预算数"),
            ("balance.sources.executed", "executed", b.executed, "budget.executed", "全年执行数"),
            ("balance.sources.executed", "prior", b.prior_executed, "budget.prior_executed", "上年决算支出")):
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
                        f"项目支出{clabel} {_m(total)} 万元 ≠ 各项目{clabel}合计 {_m(s)} 万元"
                        f"（{len(given)} 个项目），相差 {_m(abs(total - s))} 万元"
                        + (INITIAL_HINT if col == "initial" else ""),
                        WARNING if col == "initial" else None)
    # itemised lists
    for rule, items, amounts, key, label in (
            ("balance.personnel_items", b.personnel_items, b.personnel, "personnel", "人员经费"),
            ("balance.public_items", b.public_items, b.public, "public", "公用经费")):
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
                     f"“三公”经费{clabel}", getattr(c["three_public"], col),
                     tuple((CONTROL_LABELS[k], getattr(c[k], col), 1)
                           for k in ("cars", "overseas", "reception") if k in c), tol)
        if "cars" in c:
            _balance(out, "balance.cars", f"budget.controls.cars.{col}", f"公务用车购置和维护经费{clabel}",
                     getattr(c["cars"], col),
                     tuple((CONTROL_LABELS[k], getattr(c[k], col), 1)
                           for k in ("car_purchase", "car_operation") if k in c), tol)
    # each project: 年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金
    for i, p in enumerate(report.projects):
        for col in ("initial", "budget", "executed"):
            _balance(out, "balance.project_funds", f"projects[{i}].total.{col}",
                     lambda p=p, col=col: f"项目“{_clip(p.name)}”年度资金总额{COLUMN_LABELS[col]}",
                     getattr(p.total, col),
                     (("当年财政拨款", getattr(p.fiscal, col), 1), ("上年结转资金", getattr(p.carried, col), 1),
                      ("其他资金", getattr(p.other, col), 1)), tol)


# =========================================================================== sanity

def _check_amounts(out: _Out, where: str, label, a: Amounts, large: Decimal, tol: Decimal,
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
        executed, budget = (("全年执行数", "全年预算数") if against == "budget"
                            else ("本年决算数", "本年预算数（年初）"))
        out.add("sanity.executed_over_budget", f"{where}.executed",
                f"{label}{executed} {_m(a.executed)} 万元大于{budget} {_m(limit)} 万元，"
                f"超出 {_m(a.executed - limit)} 万元，请说明原因")


def _check_scalar(out: _Out, where: str, label: str, v: Optional[Decimal], large: Decimal,
                  unit: str = "万元") -> None:
    if v is None:
        return
    if v < 0:
        out.add("sanity.negative", where, f"{label} {fmt_decimal(v, 2)} {unit}为负数")
    elif unit == "万元" and v > large:
        out.add("sanity.large_amount", where,
                f"{label} {_m(v)} 万元超过 {fmt_decimal(large, 0)} 万元，是否按“元”录入了？")


def _check_sanity(report: Report, profile: Profile, out: _Out) -> None:
    b = report.budget
    large = profile.settings.large_amount
    tol = profile.settings.tolerance
    for field, label in (("initial", "年初预算数"), ("additions", "年中追加数"), ("reductions", "年中调减数"),
                         ("carryover", "上年结转数"), ("full_year", "全年预算数"), ("executed", "全年执行数"),
                         ("prior_executed", "上年决算支出")):
        _check_scalar(out, f"budget.{field}", label, getattr(b, field), large)
    for key, label in SOURCES:
        if key in b.sources:
            _check_amounts(out, f"budget.sources.{key}", label, b.sources[key], large, tol)
    for field, label in (("basic", "基本支出"), ("personnel", "人员经费"), ("public", "公用经费"),
                         ("project_spending", "项目支出")):
        _check_amounts(out, f"budget.{field}", label, getattr(b, field), large, tol)
    for field, label, items in (("personnel_items", "人员经费明细", b.personnel_items),
                                ("public_items", "公用经费明细", b.public_items)):
        for j, it in enumerate(items):
            name = f"{label}“{_clip(it.name) or f'第 {j + 1} 行'}”"
            _check_amounts(out, f"budget.{field}[{j}]", name, Amounts(budget=it.budget, executed=it.executed),
                           large, tol)
    for key, _ in CONTROL_ROWS:
        if key in b.controls:
            _check_amounts(out, f"budget.controls.{key}", CONTROL_LABELS[key], b.controls[key], large, tol,
                           over=key != "basic_adjustment", against="initial")
    # “其中” rows cannot exceed what they are part of
    parts = [("公用经费", b.public, "基本支出", b.basic, "budget.public")]
    parts += [(CONTROL_LABELS[k], b.controls[k], "公用经费", b.public, f"budget.controls.{k}")
              for k in ("office", "utilities_travel", "meetings_training") if k in b.controls]
    for label, part, whole_label, whole, where in parts:
        for col, clabel in COLUMNS:
            pv, wv = getattr(part, col), getattr(whole, col)
            if pv is not None and wv is not None and pv - wv > tol:
                out.add("sanity.part_over_total", f"{where}.{col}",
                        f"{label}{clabel} {_m(pv)} 万元大于{whole_label}{clabel} {_m(wv)} 万元，"
                        f"但它是{whole_label}的一部分，请核对")
    bl = b.buildings
    _check_scalar(out, "budget.buildings.approved_area", "楼堂馆所批复规模", bl.approved_area, large, "㎡")
    _check_scalar(out, "budget.buildings.actual_area", "楼堂馆所实际规模", bl.actual_area, large, "㎡")
    _check_scalar(out, "budget.buildings.budget_investment", "楼堂馆所预算投资", bl.budget_investment, large)
    _check_scalar(out, "budget.buildings.actual_investment", "楼堂馆所实际投资", bl.actual_investment, large)
    for i, p in enumerate(report.projects):
        name = lambda p=p, i=i: f"项目“{_clip(p.name) or f'第 {i + 1} 个'}”"   # noqa: E731
        _check_amounts(out, f"projects[{i}].total", name, p.total, large, tol, over=False)
        for field, label in (("fiscal", "当年财政拨款"), ("carried", "上年结转资金"), ("other", "其他资金")):
            _check_amounts(out, f"projects[{i}].{field}", lambda name=name, label=label: name() + label,
                           getattr(p, field), large, tol)
    s = report.staff
    for field, label in (("admin_posts", "行政编制数"), ("institution_posts", "事业编制数"),
                         ("other_posts", "其他编制数"), ("actual_staff", "实际在职人数"),
                         ("retired_cadres", "离休人数"), ("retirees", "退休人数"),
                         ("contract_staff", "临聘人数"), ("official_cars", "公务用车数")):
        v = getattr(s, field)
        if v is not None and v < 0:
            out.add("sanity.negative", f"staff.{field}", f"{label} {v} 为负数")
    posts = s.total_posts
    if posts is not None and s.actual_staff is not None and s.actual_staff > posts:
        out.add("sanity.staff_over_posts", "staff.actual_staff",
                f"实际在职人数 {s.actual_staff} 人超过编制数 {posts} 人（在职人员控制率 "
                f"{fmt_rate(Decimal(s.actual_staff) / Decimal(posts)) if posts else '—'}），请核对或说明原因")


# =========================================================================== execution and indicators

def _has_note(note: str, achievement: str) -> bool:
    # the dedicated field; a report imported from Word often explains it in 实际完成情况 instead
    return bool(note.strip()) or "执行率" in achievement


def _check_execution(out: _Out, table: TableResult, label: str, budget_where: str,
                     executed_where: str, note_where: str, has_note: bool, places: int = 2) -> None:
    e = table.execution
    out.items.extend(_execution_findings(label, budget_where, executed_where, note_where, has_note,
                                         e.weight, e.budget, e.executed, e.score, places))


@lru_cache(maxsize=4096)
def _execution_findings(label: str, budget_where: str, executed_where: str, note_where: str, has_note: bool,
                        weight: Decimal, budget: Optional[Decimal], executed: Optional[Decimal],
                        score: Decimal, places: int = 2) -> tuple[Finding, ...]:
    """The execution-rate findings of one table (cached: most tables are unchanged between runs)."""
    out = _Out()
    e = ExecutionResult(weight, budget, executed, execution_rate(budget, executed), score)
    _execution_rules(out, e, label, budget_where, executed_where, note_where, has_note, places)
    return tuple(out.items)


def _execution_rules(out: _Out, e: ExecutionResult, label: str, budget_where: str, executed_where: str,
                     note_where: str, has_note: bool, places: int = 2) -> None:
    if e.budget is None or e.executed is None:
        missing = "、".join(n for n, v in (("全年预算数", e.budget), ("全年执行数", e.executed)) if v is None)
        out.add("execution.missing", budget_where if e.budget is None else executed_where,
                f"{label}未填写{missing}，预算执行率无法计算，执行率得分为 0")
        return
    if e.budget == 0:
        if has_note:
            out.add("execution.zero_budget", budget_where,
                    f"{label}全年预算数为 0，预算执行率无法计算（显示为“—”），执行率得分为 0", INFO)
        else:
            out.add("execution.zero_budget", note_where,
                    f"{label}全年预算数为 0（全年执行数 {_m(e.executed)} 万元），预算执行率无法计算"
                    f"（显示为“—”），执行率得分为 0；请填写执行偏差说明")
        return
    rate = e.rate
    if rate is None:      # a negative budget: sanity.negative reports it
        return
    percent = rate_percent(rate)
    calc = f"{_m(e.executed)} ÷ {_m(e.budget)} = {fmt_rate(rate)}"
    if percent > HUNDRED:
        out.add("execution.over", executed_where,
                f"{label}预算执行率 {calc}，超过 100%（执行数大于预算数），执行率得分按 100% 计 "
                f"{fmt_decimal(e.score, places)} 分；超支须说明原因"
                + ("" if has_note else "，请填写执行偏差说明"))
        return
    if rate < Decimal("0.9"):
        out.add("execution.low", executed_where,
                f"{label}预算执行率仅 {calc}，低于 90%，执行率得分 {fmt_decimal(e.score, places)} 分"
                f"（满分 {fmt_decimal(e.weight, places)} 分），请重点说明原因和改进措施")
    if percent < HUNDRED and not has_note:
        out.add("execution.note", note_where,
                f"{label}预算执行率 {calc}，未达到 100%，请填写执行偏差说明（偏差原因及改进措施）")


def _indicator_label(table_label: str, i: int, ind: Indicator) -> str:
    return _row_label(table_label, i, ind.name)


def _row_label(table_label: str, i: int, name: str) -> str:
    name = _clip(name, 24)
    return f"{table_label}第 {i + 1} 行" + (f"“{name}”" if name else "")


@lru_cache(maxsize=8192)
def _other_years(text: str, year: int) -> tuple[int, ...]:
    """Years (``YYYY年`` or a date) in the text other than ``year``."""
    if not text:
        return ()
    return tuple(dict.fromkeys(y for y in years_mentioned(text) if y != year))


def _parse_error(text: str) -> Optional[str]:
    try:
        parse_quantity(text)
    except NumberError as e:
        return str(e)
    return None


def _group(out: _Out, rule: str, rows: list[tuple], table_label: str, what: str) -> None:
    """``rows``: (index, where, message function, *its arguments). Few rows → one finding each
    (the messages are built only then); many → one grouped finding naming the rows."""
    if not rows:
        return
    if len(rows) <= GROUP_LIMIT:
        for row in rows:
            out.add(rule, row[1], row[2](*row[3:]))
        return
    out.add(rule, rows[0][1], f"{table_label}有 {len(rows)} 行{what}（第 {_row_numbers([row[0] for row in rows])} 行）")


#: id(TableResult) → (the TableResult, parameters, (name, note) per row, findings). The scoring
#: caches a TableResult on the content of its rows, so an unchanged table comes back as the same
#: object; holding it here keeps its id from being reused while the entry lives.
_TABLE_MEMO: dict[int, tuple] = {}
_TABLE_MEMO_SIZE = 4096


def _check_table(out: _Out, report: Report, indicators: Sequence[Indicator], table: TableResult,
                 profile: Profile, prefix: str, table_label: str, execution_weight: Optional[Decimal],
                 owner_label: str) -> None:
    """Weights, rows and years of one indicator table (``prefix`` = ``dept`` or ``projects[i]``).

    Everything these rules read is in the scored table (targets, actual values, weights, grades,
    manual scores, 一级/二级) except the names and notes, so the findings are reused while the
    table object, the names, the notes and the labels are unchanged.
    """
    params = (prefix, table_label, owner_label, report.year, execution_weight, profile)
    texts = tuple([(ind.name, ind.note) for ind in indicators])
    entry = _TABLE_MEMO.get(id(table))
    if entry is not None and entry[0] is table and entry[1] == params and entry[2] == texts:
        out.items.extend(entry[3])
        return
    sub = _Out()
    _table_rules(sub, report, indicators, table, profile, prefix, table_label, execution_weight, owner_label)
    if len(_TABLE_MEMO) >= _TABLE_MEMO_SIZE:
        _TABLE_MEMO.clear()
    _TABLE_MEMO[id(table)] = (table, params, texts, tuple(sub.items))
    out.items.extend(sub.items)


def _table_rules(out: _Out, report: Report, indicators: Sequence[Indicator], table: TableResult,
                 profile: Profile, prefix: str, table_label: str, execution_weight: Optional[Decimal],
                 owner_label: str) -> None:
    settings = profile.settings
    places = settings.score_places
    base = f"{prefix}.indicators"
    if execution_weight != profile.execution_weight:
        given = fmt_decimal(execution_weight, places, "未填")
        out.add("indicator.execution_weight", f"{prefix}.execution_weight",
                f"{owner_label}预算执行率分值为 {given}，指标体系“{profile.name}”规定为 "
                f"{fmt_decimal(profile.execution_weight, places)} 分")
    if not indicators:
        out.add("required.indicators", base, f"{owner_label}还没有绩效指标，请录入指标表")
        return
    # --- blocks (一级指标) against the profile
    for block in table.blocks:
        if block.weight is None:
            first = block.rows[0]
            if not block.name.strip():
                msg = (f"{table_label}有 {len(block.rows)} 行未填写一级指标"
                       f"（第 {_row_numbers(block.rows)} 行）")
            else:
                msg = (f"{table_label}的一级指标“{_clip(block.name)}”不在指标体系“{profile.name}”中"
                       f"（应为 {'、'.join(profile.level1_names)}），共 {len(block.rows)} 行、"
                       f"分值 {fmt_decimal(block.row_weight, places)} 分")
            out.add("indicator.unknown_level1", f"{base}[{first}].level1", msg)
            continue
        if not block.rows:
            if block.weight > 0:
                out.add("indicator.empty_block", base,
                        f"{table_label}缺少“{block.name}”（{fmt_decimal(block.weight, places)} 分）的三级指标，"
                        f"至少需要 1 项")
            continue
        if block.row_weight != block.weight:
            out.add("indicator.block_weight", f"{base}[{block.rows[0]}].weight",
                    f"{table_label}“{block.name}”各三级指标分值合计 {fmt_decimal(block.row_weight, places)} 分，"
                    f"应为 {fmt_decimal(block.weight, places)} 分，相差 "
                    f"{fmt_decimal(abs(block.row_weight - block.weight), places)} 分")
        pb = profile.block(block.name)
        if pb is not None and pb.level2:
            for l2, _w, _s, l2_rows in block.level2:
                if l2 not in pb.level2:
                    what = f"二级指标“{_clip(l2)}”不在“{block.name}”的二级指标中" if l2.strip() \
                        else "未填写二级指标"
                    out.add("indicator.unknown_level2", f"{base}[{l2_rows[0]}].level2",
                            f"{table_label}第 {_row_numbers(l2_rows)} 行{what}"
                            f"（应为 {'、'.join(pb.level2)}）")
    if table.weight_total != profile.total_weight:
        out.add("indicator.total_weight", base,
                f"{table_label}总分值为 {fmt_decimal(table.weight_total, places)} 分（预算执行率 "
                f"{fmt_decimal(table.execution.weight, places)} 分 + 各指标 "
                f"{fmt_decimal(table.weight_total - table.execution.weight, places)} 分），应为 "
                f"{fmt_decimal(profile.total_weight, places)} 分")
    # --- rows
    year = report.year
    blank: list = []
    no_name: list = []
    no_target: list = []
    no_actual: list = []
    no_weight: list = []
    no_grade: list = []
    no_note: list = []
    years: list = []
    seen: dict[str, int] = {}
    for i, (ind, r) in enumerate(zip(indicators, table.rows)):
        name, target, actual, weight = ind.name, ind.target, ind.actual, ind.weight
        # fast path: every field filled, nothing the scoring found wrong, no foreign year;
        # scoring puts unreadable values, unit mismatches, bad grades, negative or excessive
        # scores and band violations into ``problems``
        if weight is not None and target and actual and not r.problems:
            key = name.strip()
            if key and actual.strip() and not _row_years(target, actual, year):
                if key in seen:
                    _duplicate(out, table_label, base, seen[key], i, key)
                else:
                    seen[key] = i
                if r.flagged and not ind.note.strip():
                    if not r.grade and not r.manual and (
                            r.kind == QUALITATIVE or (r.kind == DATE and r.score < r.weight)):
                        no_grade.append((i, f"{base}[{i}].grade", _grade_message, table_label, i, ind, r))
                    else:
                        no_note.append((i, f"{base}[{i}].note", _note_message, table_label, i, ind.name,
                                        r.reasons))
                continue
        where = f"{base}[{i}]"
        name_s, target_s, actual_s = name.strip(), target.strip(), actual.strip()
        if not (name_s or target_s or actual_s or weight is not None or ind.note.strip()
                or ind.level2.strip() or ind.manual_score is not None):
            blank.append((i, f"{where}.name", _fixed_message, f"{table_label}第 {i + 1} 行是空行，请填写或删除"))
            continue
        label = _indicator_label(table_label, i, ind)
        if not name_s:
            no_name.append((i, f"{where}.name", _fixed_message, f"{table_label}第 {i + 1} 行未填写三级指标名称"))
        elif name_s in seen:
            _duplicate(out, table_label, base, seen[name_s], i, name_s)
        else:
            seen[name_s] = i
        if weight is None:
            no_weight.append((i, f"{where}.weight", _fixed_message, f"{label}未填写分值"))
        if not target_s:
            no_target.append((i, f"{where}.target", _fixed_message, f"{label}未填写年度指标值"))
        if not actual_s:
            no_actual.append((i, f"{where}.actual", _fixed_message, f"{label}未填写实际完成值"))
        if r.problems:
            _row_problems(out, ind, r, where, label, places, settings)
        grade_missing = bool(actual_s and not r.grade and not r.manual
                             and (r.kind == QUALITATIVE or (r.kind == DATE and r.score < r.weight)))
        if grade_missing:
            no_grade.append((i, f"{where}.grade", _grade_message, table_label, i, ind, r))
        # deviation note (once the row can be scored)
        if r.flagged and actual_s and not grade_missing and not r.problems and not ind.note.strip():
            no_note.append((i, f"{where}.note", _note_message, table_label, i, ind.name, r.reasons))
        # years
        t_years, a_years = _row_years(target, actual, year) or ((), ())
        for field, text, what, other in (("target", target, "年度指标值", t_years),
                                         ("actual", actual, "实际完成值", a_years)):
            if other:
                years.append((i, f"{where}.{field}", _fixed_message,
                              f"{label}的{what}“{_clip(text, 30)}”中的年份 "
                              f"{'、'.join(str(y) for y in other)} 与报告年度 {year} 不符"))
    _group(out, "indicator.blank_row", blank, table_label, "是空行，请填写或删除")
    _group(out, "indicator.missing_name", no_name, table_label, "未填写三级指标名称")
    _group(out, "indicator.missing_weight", no_weight, table_label, "未填写分值")
    _group(out, "indicator.missing_target", no_target, table_label, "未填写年度指标值")
    _group(out, "indicator.missing_actual", no_actual, table_label, "未填写实际完成值")
    _group(out, "indicator.grade_missing", no_grade, table_label, "需要选择定性等级")
    _group(out, "indicator.note_missing", no_note, table_label, "有偏差但未填写偏差原因分析及改进措施")
    _group(out, "year.indicator", years, table_label, f"的年度指标值或实际完成值中的年份与报告年度 {year} 不符")



#: the field of a row that a scoring problem code points at
_CODE_FIELDS = {"target": "target", "actual": "actual", "unit": "actual", "weight": "weight",
                "manual": "manual_score", "grade": "grade", "nature": "nature"}


def _row_problems(out: _Out, ind: Indicator, r, where: str, label: str, places: int, settings) -> None:
    """Findings for what the scoring found wrong in a row (``IndicatorResult.problem_codes``)."""
    target, actual = ind.target, ind.actual
    for code, text in zip(r.problem_codes, r.problems):
        if code in ("weight.missing", "target.missing"):
            continue          # grouped per table by the caller
        if code == "target.invalid":
            out.add("indicator.invalid", f"{where}.target",
                    f"{label}的年度指标值无法识别：{_parse_error(target) or text}")
        elif code == "actual.invalid":
            out.add("indicator.invalid", f"{where}.actual",
                    f"{label}的实际完成值无法识别：{_parse_error(actual) or text}")
        elif code == "actual.not_number":
            out.add("indicator.invalid", f"{where}.actual",
                    f"{label}的实际完成值“{_clip(actual)}”不是数字，无法与年度指标值“{_clip(target)}”比较，"
                    f"得分为 0")
        elif code == "unit.mismatch":
            out.add("indicator.unit_mismatch", f"{where}.actual",
                    f"{label}的计量单位不一致：年度指标值“{_clip(target)}”为“{r.target.unit}”，"
                    f"实际完成值“{_clip(actual)}”为“{r.actual.unit}”，无法计算得分")
        elif code == "actual.percent_missing":
            out.add("indicator.unit_mismatch", f"{where}.actual", f"{label}：{text}")
        elif code == "nature.mismatch":
            out.add("indicator.nature_mismatch", f"{where}.nature", f"{label}的{text}，请改正其中之一")
        elif code == "grade.unknown":
            out.add("indicator.invalid", f"{where}.grade",
                    f"{label}的定性等级“{_clip(ind.grade)}”无法识别（应为 {'、'.join(GRADES)}）")
        elif code == "weight.negative":
            out.add("sanity.negative", f"{where}.weight",
                    f"{label}分值 {fmt_decimal(ind.weight, places)} 为负数")
        elif code == "manual.above_weight":
            out.add("indicator.score_above_weight", f"{where}.manual_score",
                    f"{label}手工得分 {fmt_decimal(ind.manual_score, places)} 分超过分值 "
                    f"{fmt_decimal(r.weight, places)} 分")
        elif code == "manual.negative":
            out.add("sanity.negative", f"{where}.manual_score",
                    f"{label}手工得分 {fmt_decimal(ind.manual_score, places)} 分为负数")
        elif code == "manual.band":
            band = settings.band(r.grade)
            w = r.weight
            out.add("indicator.band", f"{where}.manual_score",
                    f"{label}定性等级为“{r.grade}”，得分 {fmt_decimal(r.score, places)} 分不在该等级的区间 "
                    f"{fmt_decimal(w * band.low, places)}—{fmt_decimal(w * band.high, places)} 分"
                    f"{'' if band.high_inclusive else '（不含上限）'}内（分值 {fmt_decimal(w, places)} 分）")
        else:   # a problem this module does not know by name still reaches the user
            field = _CODE_FIELDS.get(code.split(".")[0], "name")
            out.add("indicator.invalid", f"{where}.{field}", f"{label}：{text}")


def _fixed_message(message: str) -> str:
    return message


def _grade_message(table_label: str, i: int, ind: Indicator, r) -> str:
    label = _indicator_label(table_label, i, ind)
    if r.kind == QUALITATIVE:
        return f"{label}为定性指标，请选择定性等级（实际完成值“{_clip(ind.actual)}”）"
    return (f"{label}未能确认按时完成（实际完成值“{_clip(ind.actual)}”，指标值“{_clip(ind.target)}”），"
            f"请选择定性等级")


@lru_cache(maxsize=4096)
def _note_message(table_label: str, i: int, name: str, reasons: tuple[str, ...]) -> str:
    return (f"{_row_label(table_label, i, name)}有偏差（{'；'.join(reasons)}），"
            f"未填写偏差原因分析及改进措施")


@lru_cache(maxsize=16384)
def _row_years(target: str, actual: str, year: int) -> Optional[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Years other than ``year`` in a row's target and actual value, or None when there are none."""
    t, a = _other_years(target, year), _other_years(actual, year)
    return (t, a) if t or a else None


def _duplicate(out: _Out, table_label: str, base: str, first: int, i: int, name: str) -> None:
    out.add("indicator.duplicate", f"{base}[{i}].name",
            f"{table_label}第 {i + 1} 行与第 {first + 1} 行的三级指标名称重复（“{_clip(name, 24)}”）")


def _check_goal_years(out: _Out, report: Report, where: str, label: str, text: str) -> None:
    other = _other_years(text, report.year)
    if other:
        out.add("year.goal", where,
                f"{label}中提到 {'、'.join(f'{y}年' for y in other)}，与报告年度 {report.year} 不符，请核对")


def _check_department(report: Report, table: TableResult, profile: Profile, out: _Out) -> None:
    d = report.dept
    has_note = _has_note(d.execution_note, d.achievement)
    _check_execution(out, table, "部门整体", "budget.full_year" if report.budget.full_year is not None
                     or not report.budget.components_given() else "budget.initial",
                     "budget.executed", "dept.execution_note", has_note, profile.settings.score_places)
    for field, label in (("goal", "年度总体目标的预期目标"), ("achievement", "年度总体目标的实际完成情况")):
        if not getattr(d, field).strip():
            out.add("required.goal", f"dept.{field}", f"部门整体未填写{label}")
    _check_goal_years(out, report, "dept.goal", "部门整体年度总体目标（预期目标）", d.goal)
    _check_table(out, report, d.indicators, table, profile, "dept", "部门整体指标", d.execution_weight,
                 "部门整体")


def _check_project(report: Report, i: int, p, table: TableResult, profile: Profile, out: _Out) -> None:
    prefix = f"projects[{i}]"
    name = _clip(p.name) or f"第 {i + 1} 个"
    label = f"项目“{name}”"
    if not p.name.strip():
        out.add("required.project_name", f"{prefix}.name", f"第 {i + 1} 个项目未填写项目名称")
    _check_execution(out, table, label, f"{prefix}.total.budget", f"{prefix}.total.executed",
                     f"{prefix}.execution_note", _has_note(p.execution_note, p.achievement),
                     profile.settings.score_places)
    if not p.goal.strip():
        out.add("required.goal", f"{prefix}.goal", f"{label}未填写预期目标")
    _check_goal_years(out, report, f"{prefix}.goal", f"{label}的预期目标", p.goal)
    _check_table(out, report, p.indicators, table, profile, prefix, f"{label}指标", p.execution_weight, label)
