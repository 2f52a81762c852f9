"""Roll a report over to the next year (SPEC §7, first bullet).

``roll_over(old)`` builds the document for year N+1 from the year-N document:

* kept: 基础信息 (year advanced, 填报日期 cleared), 机构与人员, the text of
  section 一, the 厉行节约保障措施 text, the 年度总体目标 (预期目标) of the
  department and of every project, the project list (names, categories,
  主管部门, 实施单位) and every indicator table's rows (levels, names, 性质,
  targets, weights);
* cleared: actual values, grades, manual scores, deviation notes, 实际完成情况,
  执行率偏差说明, sections 二–十, every this-year amount and the 楼堂馆所 figures;
* carried: last year's 本年决算数 (``executed``) becomes the new 上年决算数
  (``prior``) on every ``Amounts`` line, and ``budget.executed`` becomes
  ``budget.prior_executed``.

Every mention of the old year in carried text and targets (“2024年”,
“2024年12月31日之前完成”, “2024-12-31”, “２０２４年”, “二〇二四年”) is advanced to the new
year; each change is returned as a Chinese review line (where: old → new).
The old document is never modified.

The new document's review list (``Report.review``, ``model.review``) gets every year change,
every carried 上年决算数 and every carried 年度指标值, each pointing at its field, so they stay
in 审核 as 提示 until marked reviewed; open entries of the old document's list are kept (an
import rolled over in one step keeps the import's), reviewed ones are dropped.
"""
from __future__ import annotations

import copy
import re
from typing import Callable, Optional

from .numbers import fmt_decimal
from .review import add_items, anchor_rows
from .report import CONTROL_ROWS, MAX_YEAR, MIN_YEAR, SECTIONS, SOURCES, Amounts, Indicator, Report, ReviewItem
#: a short field is shown whole in the review list; a longer one as a snippet
SHORT_TEXT = 40
CONTEXT = 12

_CN_DIGITS = "〇一二三四五六七八九"
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


class RolloverError(ValueError):
    """A roll-over that makes no sense (e.g. to the same or an earlier year); ``str(e)`` is Chinese."""


# --------------------------------------------------------------------------- year replacement

def _cn_year(year: int) -> str:
    return "".join(_CN_DIGITS[int(c)] for c in str(year))


def _fw_year(year: int) -> str:
    return str(year).translate(_FULL_WIDTH)


def _year_pattern(year: int) -> re.Pattern:
    """The old year as a year mention: before 年 / 年度, or as the year of a date 2024-12-31."""
    y = str(year)
    fw = _fw_year(year)
    cn = _cn_year(year)
    return re.compile(
        rf"(?<![\d０-９]){y}(?=\s*年)"                     # 2024年, 2024 年度
        rf"|(?<![\d０-９]){y}(?=[-./]\d{{1,2}}[-./]\d{{1,2}})"  # 2024-12-31, 2024.6.30
        rf"|(?<![\d０-９]){fw}(?=\s*年)"                    # ２０２４年 (full-width digits)
        rf"|(?<![〇一二三四五六七八九零]){cn}(?=年)"            # 二〇二四年
    )


_LEAP_DAY = re.compile(r"(?P<y>\d{4})(?P<a>\s*年\s*0?2\s*月\s*)29(?=\s*日)"
                       r"|(?P<y2>\d{4})(?P<b>[-./]0?2[-./])29(?!\d)")


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _fix_leap_days(text: str, new_year: int) -> str:
    """2月29日 in a year that has none becomes 2月28日."""
    if _is_leap(new_year):
        return text

    def repl(m: re.Match) -> str:
        if m.group("y") is not None:
            return m.group("y") + m.group("a") + ("28" if int(m.group("y")) == new_year else "29")
        return m.group("y2") + m.group("b") + ("28" if int(m.group("y2")) == new_year else "29")

    return _LEAP_DAY.sub(repl, text)


def advance_years(text: str, old_year: int, new_year: int) -> str:
    """``text`` with every mention of ``old_year`` as a year replaced by ``new_year``."""
    if not text:
        return text
    pattern = _year_pattern(old_year)
    spelled = {_cn_year(old_year): _cn_year(new_year), _fw_year(old_year): _fw_year(new_year)}

    def repl(m: re.Match) -> str:
        return spelled.get(m.group(0), str(new_year))

    out = pattern.sub(repl, text)
    if out != text:
        out = _fix_leap_days(out, new_year)
    return out


def _snippets(old: str, new: str, old_year: int) -> list[tuple[str, str]]:
    """(old snippet, new snippet) around each change of a long text."""
    pattern = _year_pattern(old_year)
    pairs: list[tuple[str, str]] = []
    # a year is replaced by a year of the same length (and 29 by 28), so positions line up
    for m in pattern.finditer(old):
        start = max(0, m.start() - CONTEXT)
        end = min(len(old), m.end() + CONTEXT)
        a = old[start:end]
        b = new[start:end]
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(old) else ""
        pairs.append((f"{prefix}{_one_line(a)}{suffix}", f"{prefix}{_one_line(b)}{suffix}"))
    return pairs


def _one_line(text: str) -> str:
    return re.sub(r"\s*\n\s*", " ", text).strip()


# --------------------------------------------------------------------------- roll-over

class _Roller:
    def __init__(self, old_year: int, new_year: int):
        self.old_year = old_year
        self.new_year = new_year
        self.review: list[str] = []
        self.items: list[ReviewItem] = []

    def _note(self, kind: str, line: str, path: str) -> None:
        self.items.append(ReviewItem(kind=kind, text=line, where=path))

    def text(self, value: str, where: str, path: str = "") -> str:
        """Advance the year mentions of one carried text field (at ``path``), recording each change."""
        new = advance_years(value, self.old_year, self.new_year)
        if new == value:
            return value
        if len(value) <= SHORT_TEXT and "\n" not in value:
            lines = [f"{where}：“{value}” → “{new}”"]
        else:
            lines = [f"{where}：“{a}” → “{b}”" for a, b in _snippets(value, new, self.old_year)]
        self.review += lines
        for line in lines:
            self._note("rollover.year", f"{line}（年份已自动改为 {self.new_year}）", path)
        return new

    def amount(self, a: Amounts, where: str, path: str) -> None:
        """本年决算数 → 上年决算数 on one line, listed for review when there was one."""
        _carry(a)
        if a.prior:       # a carried 0 needs no second look
            self._note("rollover.amount", f"{where}：上年决算数 {fmt_decimal(a.prior, 2)} 万元取自 {self.old_year} "
                       "年的全年执行数，请与本年决算报表的上年数核对", f"{path}.prior")

    def indicators(self, rows: list[Indicator], where: Callable[[Indicator, int], str], path: str) -> None:
        for i, ind in enumerate(rows):
            label = where(ind, i)
            at = f"{path}[{i}]"
            ind.level1 = self.text(ind.level1, f"{label}一级指标", f"{at}.level1")
            ind.level2 = self.text(ind.level2, f"{label}二级指标", f"{at}.level2")
            name = ind.name
            ind.name = self.text(ind.name, f"{label}三级指标", f"{at}.name")
            if ind.name != name:
                label = where(ind, i)
            target = ind.target
            ind.target = self.text(ind.target, f"{label}年度指标值", f"{at}.target")
            if ind.target.strip() and ind.target == target:   # a changed one is listed already
                self._note("rollover.target", f"{label}年度指标值“{ind.target}”沿用上年，请核对本年目标",
                           f"{at}.target")
            ind.actual = ""
            ind.grade = ""
            ind.manual_score = None
            ind.note = ""


def _carry(a: Amounts) -> None:
    """本年决算数 → 上年决算数; this year's figures cleared."""
    a.prior = a.executed
    a.initial = None
    a.budget = None
    a.executed = None


def _indicator_label(table: str) -> Callable[[Indicator, int], str]:
    def label(ind: Indicator, i: int) -> str:
        name = ind.name.strip() or f"第 {i + 1} 行"
        return f"{table}·指标“{name}”·"
    return label


def roll_over(old: Report, year: Optional[int] = None) -> tuple[Report, list[str]]:
    """The document for ``year`` (default: the old year + 1) and the review list (Chinese lines)."""
    old_year = old.info.year
    new_year = old_year + 1 if year is None else year
    if isinstance(new_year, bool) or not isinstance(new_year, int):
        raise RolloverError("新年度应为整数年份")
    if not MIN_YEAR <= new_year <= MAX_YEAR:
        raise RolloverError(f"新年度 {new_year} 不合理，应在 {MIN_YEAR}—{MAX_YEAR} 之间")
    if new_year <= old_year:
        raise RolloverError(f"新年度 {new_year} 应晚于原文件的年度 {old_year}")

    new = copy.deepcopy(old)
    r = _Roller(old_year, new_year)

    # 基础信息
    info = new.info
    info.year = new_year
    info.fill_date = ""
    info.unit_name = r.text(info.unit_name, "基础信息·预算单位名称", "info.unit_name")
    info.competent_dept = r.text(info.competent_dept, "基础信息·主管部门", "info.competent_dept")

    # 机构与人员
    new.staff.internal_units = r.text(new.staff.internal_units, "机构与人员·内设机构", "staff.internal_units")

    # 正文: section 一 is carried, the rest is this year's to write
    first = SECTIONS[0]
    carried = new.sections[0] if new.sections else ""
    new.sections = [r.text(carried, f"正文{first[0]}、{first[1]}", "sections[0]")] + [""] * (len(SECTIONS) - 1)

    # 预算与执行
    b = new.budget
    b.prior_executed = old.budget.executed
    if b.prior_executed:
        r._note("rollover.amount", f"预算与执行·上年决算支出 {fmt_decimal(b.prior_executed, 2)} 万元取自 {old_year} "
                "年的全年执行数，请与本年决算报表的上年数核对", "budget.prior_executed")
    b.initial = b.additions = b.reductions = b.carryover = b.full_year = b.executed = None
    source_names, control_names = dict(SOURCES), dict(CONTROL_ROWS)
    for key in [k for k, _ in SOURCES] + [k for k in b.sources if k not in source_names]:
        r.amount(b.sources[key], f"预算与执行·{source_names.get(key, key)}", f"budget.sources.{key}")
    for a, attr, label in ((b.basic, "basic", "基本支出"), (b.personnel, "personnel", "人员经费"),
                           (b.public, "public", "公用经费"), (b.project_spending, "project_spending", "项目支出")):
        r.amount(a, f"预算与执行·{label}", f"budget.{attr}")
    for key in [k for k, _ in CONTROL_ROWS] + [k for k in b.controls if k not in control_names]:
        r.amount(b.controls[key], f"预算与执行·{control_names.get(key, key).replace('其中：', '')}",
                 f"budget.controls.{key}")
    for item in (*b.personnel_items, *b.public_items):
        item.budget = None
        item.executed = None
    b.buildings.approved_area = b.buildings.actual_area = None
    b.buildings.budget_investment = b.buildings.actual_investment = None
    b.savings_measures = r.text(b.savings_measures, "基础数据表·厉行节约保障措施", "budget.savings_measures")

    # 部门整体
    new.dept.goal = r.text(new.dept.goal, "部门整体·年度总体目标", "dept.goal")
    new.dept.achievement = ""
    new.dept.execution_note = ""
    r.indicators(new.dept.indicators, _indicator_label("部门整体"), "dept.indicators")

    # 项目
    for i, p in enumerate(new.projects):
        label = f"项目“{p.name.strip() or f'第 {i + 1} 个'}”"
        name = p.name
        p.name = r.text(p.name, f"{label}·项目名称", f"projects[{i}].name")
        if p.name != name:
            label = f"项目“{p.name.strip()}”"
        p.competent_dept = r.text(p.competent_dept, f"{label}·主管部门", f"projects[{i}].competent_dept")
        p.implementer = r.text(p.implementer, f"{label}·实施单位", f"projects[{i}].implementer")
        for attr, what in (("total", "年度资金总额"), ("fiscal", "当年财政拨款"), ("carried", "上年结转资金"),
                           ("other", "其他资金")):
            r.amount(getattr(p, attr), f"{label}·{what}", f"projects[{i}].{attr}")
        p.goal = r.text(p.goal, f"{label}·年度总体目标", f"projects[{i}].goal")
        p.achievement = ""
        p.execution_note = ""
        r.indicators(p.indicators, _indicator_label(label), f"projects[{i}].indicators")

    new.rolled_over_from = old_year
    new.review = [it for it in new.review if not it.reviewed]
    anchor_rows(new, r.items)
    add_items(new, r.items)
    return new, r.review
