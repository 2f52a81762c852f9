"""Execution rates and indicator tables (SPEC §4), for the department and every project.

- ``execution.*``: the 预算执行率 of a table — missing figures, a zero budget, over 100 %, below the
  rule set's ``execution_low`` (else that of ``resources/vocabulary.json``), below its
  ``execution_note_below`` without explanation, and (when the rule set says so) a 年中追加/调减
  without its own explanation.
- ``indicator.*``: the table against its weight profile (一级/二级 names, block and total weights,
  the execution weight) and each row (missing fields, unreadable values, unit and nature
  mismatches, manual scores outside the weight or the grade's band, missing grades and notes,
  duplicate names). Long lists of one small gap are grouped (``group_limit``). Under a free split
  (``split: free``) only the total is fixed. Every rule of the rule set that changed a score (a
  偏离 deduction, a cap, a weight spread) is a 提示 (``indicator.adjustment``).
- ``required.goal`` / ``required.project_name`` / ``required.indicators``.
- Years in a table's rows and goals: ``model.rules.years``.

The findings of a table are kept with the scored table (``base.memo_of``): the scoring hands
back the same ``TableResult`` for an unchanged table, so an edit elsewhere reuses them.
"""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Optional, Sequence

from ..numbers import NumberError, fmt_decimal, fmt_rate, parse_quantity, rate_percent
from ..profiles import Profile, Settings
from ..report import GRADES, Indicator, Report
from ..scoring import DATE, QUALITATIVE, ExecutionResult, TableResult
from ..severity import ERROR, INFO, WARNING
from .base import COLUMN_LABELS, HUNDRED, LABELS, THRESHOLDS, Collector, Sink, _clip, _fixed_message, _group, _m, _row_numbers, memo_of
from .years import check_goal_years, group_years, row_year_entries, row_years

RULES: dict[str, str] = {
    "execution.missing": WARNING,
    "execution.zero_budget": WARNING,      # 提示 once the explanation is written
    "execution.over": WARNING,
    "execution.low": WARNING,
    "execution.note": WARNING,
    "execution.adjustment_note": WARNING,
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
    "indicator.adjustment": INFO,
    "required.goal": WARNING,
    "required.project_name": WARNING,
    "required.indicators": WARNING,
}



def _percent_text(fraction: Decimal) -> str:
    """0.9 → “90” for a threshold written in a message."""
    return f"{(fraction * HUNDRED).normalize():f}"

#: findings kept with one scored table (different owners of an equal table, labels, notes)
_MEMO_ENTRIES = 8


def _remember(table: TableResult, key: tuple, out: Sink, compute) -> None:
    """Replay the findings stored with ``table`` under ``key``, or compute and store them."""
    memo = memo_of(table)
    items = memo.get(key)
    if items is None:
        sub = Collector(out.rules)
        compute(sub)
        if len(memo) >= _MEMO_ENTRIES:
            memo.clear()
        items = memo[key] = tuple(sub.items)
    out.items.extend(items)


def _has_note(note: str, achievement: str) -> bool:
    # the dedicated field; a report imported from Word often explains it in 实际完成情况 instead
    return bool(note.strip()) or "执行率" in achievement


def _check_execution(out: Collector, table: TableResult, label: str, budget_where: str,
                     executed_where: str, note_where: str, has_note: bool, settings: Settings) -> None:
    """The execution-rate findings of one table, kept with the scored table."""
    _remember(table, ("execution", label, budget_where, executed_where, note_where, has_note, settings), out,
              lambda sub: _execution_rules(sub, table.execution, label, budget_where, executed_where,
                                           note_where, has_note, settings))


def _execution_rules(out: Collector, e: ExecutionResult, label: str, budget_where: str, executed_where: str,
                     note_where: str, has_note: bool, settings: Settings) -> None:
    places = settings.score_places
    if e.budget is None or e.executed is None:
        missing = "、".join(n for n, v in ((settings.budget_label, e.budget), (COLUMN_LABELS["executed"], e.executed)) if v is None)
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
    low = settings.execution_low if settings.execution_low is not None else THRESHOLDS.execution_low
    shown = percent / HUNDRED
    if shown < low:
        out.add("execution.low", executed_where,
                f"{label}预算执行率仅 {calc}，低于 {_percent_text(low)}%，执行率得分 {fmt_decimal(e.score, places)} 分"
                f"（满分 {fmt_decimal(e.weight, places)} 分），请重点说明原因和改进措施")
    if shown < settings.execution_note_below and not has_note:
        out.add("execution.note", note_where,
                f"{label}预算执行率 {calc}，未达到 {_percent_text(settings.execution_note_below)}%，"
                "请填写执行偏差说明（偏差原因及改进措施）")


def _check_adjustment_note(out: Collector, report: Report, settings: Settings) -> None:
    """A rule set that wants every 年中追加/调减 explained: the 执行偏差说明 must mention it."""
    b = report.budget
    scalars = LABELS["budget_scalars"]
    moved = [(scalars[key], v) for key, v in (("additions", b.additions), ("reductions", b.reductions)) if v]
    if not settings.adjustment_note or not moved:
        return
    note = report.dept.execution_note
    if any(w in note for w in settings.adjustment_words):
        return
    figures = "、".join(f"{lbl} {_m(v)} 万元" for lbl, v in moved)
    out.add("execution.adjustment_note", "dept.execution_note",
            f"部门整体有{figures}，本规则集要求单独说明年中预算调整的原因；请在执行偏差说明中写明"
            f"（说明中应提到“{'”或“'.join(settings.adjustment_words)}”）")


def _adjustment_findings(out: Collector, table: TableResult, table_label: str, base: str, places: int) -> None:
    """One 提示 per rule of the rule set that changed a score of the table."""
    for i, r in enumerate(table.rows):
        for a in r.adjustments:
            out.add("indicator.adjustment", f"{base}[{i}].manual_score",
                    f"{table_label}第 {i + 1} 行：{a.text}（得分 {fmt_decimal(r.score, places)} 分）")
    for a in table.adjustments:
        out.add("indicator.adjustment", base,
                f"{table_label}：{a.text}，总分 {fmt_decimal(table.total, places)} 分")


def _indicator_label(table_label: str, i: int, ind: Indicator) -> str:
    return _row_label(table_label, i, ind.name)


def _row_label(table_label: str, i: int, name: str) -> str:
    name = _clip(name, 24)
    return f"{table_label}第 {i + 1} 行" + (f"“{name}”" if name else "")


def _parse_error(text: str) -> Optional[str]:
    try:
        parse_quantity(text)
    except NumberError as e:
        return str(e)
    return None


def _check_table(out: Collector, report: Report, indicators: Sequence[Indicator], table: TableResult,
                 profile: Profile, prefix: str, table_label: str, execution_weight: Optional[Decimal],
                 owner_label: str) -> None:
    """Weights, rows and years of one indicator table (``prefix`` = ``dept`` or ``projects[i]``).

    Everything these rules read is in the scored table (targets, actual values, weights, grades,
    manual scores, 一级/二级) except the names and notes, so the findings are kept with the table
    and reused while the names, the notes and the labels are unchanged.
    """
    key = (prefix, table_label, owner_label, report.year, execution_weight, profile,
           tuple([(ind.name, ind.note) for ind in indicators]))
    _remember(table, key, out, lambda sub: _table_rules(sub, report, indicators, table, profile, prefix,
                                                        table_label, execution_weight, owner_label))


def _table_rules(out: Collector, report: Report, indicators: Sequence[Indicator], table: TableResult,
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
    _adjustment_findings(out, table, table_label, base, places)
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
                f"{fmt_decimal(profile.total_weight, places)} 分"
                + (f"（绩效指标合计 {fmt_decimal(profile.indicator_total, places)} 分，由单位在"
                   f"{'、'.join(profile.level1_names)}之间自行分配）" if profile.free_split else ""))
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
            if key and actual.strip() and not row_years(target, actual, year):
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
        row_year_entries(years, i, where, label, target, actual, year)
    _group(out, "indicator.blank_row", blank, table_label, "是空行，请填写或删除")
    _group(out, "indicator.missing_name", no_name, table_label, "未填写三级指标名称")
    _group(out, "indicator.missing_weight", no_weight, table_label, "未填写分值")
    _group(out, "indicator.missing_target", no_target, table_label, "未填写年度指标值")
    _group(out, "indicator.missing_actual", no_actual, table_label, "未填写实际完成值")
    _group(out, "indicator.grade_missing", no_grade, table_label, "需要选择定性等级")
    _group(out, "indicator.note_missing", no_note, table_label, "有偏差但未填写偏差原因分析及改进措施")
    group_years(out, years, table_label, year)


#: the field of a row that a scoring problem code points at
_CODE_FIELDS = {"target": "target", "actual": "actual", "unit": "actual", "weight": "weight",
                "manual": "manual_score", "grade": "grade", "nature": "nature"}


def _row_problems(out: Collector, ind: Indicator, r, where: str, label: str, places: int, settings) -> None:
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


def _duplicate(out: Collector, table_label: str, base: str, first: int, i: int, name: str) -> None:
    out.add("indicator.duplicate", f"{base}[{i}].name",
            f"{table_label}第 {i + 1} 行与第 {first + 1} 行的三级指标名称重复（“{_clip(name, 24)}”）")


def check_department(report: Report, table: TableResult, profile: Profile, out: Collector) -> None:
    d = report.dept
    has_note = _has_note(d.execution_note, d.achievement)
    _check_execution(out, table, "部门整体", "budget.full_year" if report.budget.full_year is not None
                     or not report.budget.components_given() else "budget.initial",
                     "budget.executed", "dept.execution_note", has_note, profile.settings)
    _check_adjustment_note(out, report, profile.settings)
    for field, label in LABELS["goal"].items():
        if not getattr(d, field).strip():
            out.add("required.goal", f"dept.{field}", f"部门整体未填写{label}")
    check_goal_years(out, report, "dept.goal", "部门整体年度总体目标（预期目标）", d.goal)
    _check_table(out, report, d.indicators, table, profile, "dept", "部门整体指标", d.execution_weight,
                 "部门整体")


def check_project(report: Report, i: int, p, table: TableResult, profile: Profile, out: Collector) -> None:
    prefix = f"projects[{i}]"
    name = _clip(p.name) or f"第 {i + 1} 个"
    label = f"项目“{name}”"
    if not p.name.strip():
        out.add("required.project_name", f"{prefix}.name", f"第 {i + 1} 个项目未填写项目名称")
    _check_execution(out, table, label, f"{prefix}.total.budget", f"{prefix}.total.executed",
                     f"{prefix}.execution_note", _has_note(p.execution_note, p.achievement),
                     profile.settings)
    if not p.goal.strip():
        out.add("required.goal", f"{prefix}.goal", f"{label}未填写预期目标")
    check_goal_years(out, report, f"{prefix}.goal", f"{label}的预期目标", p.goal)
    _check_table(out, report, p.indicators, table, profile, prefix, f"{label}指标", p.execution_weight, label)
