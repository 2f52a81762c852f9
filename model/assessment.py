"""The finance bureau's 考核评分表 for a unit's 自评工作 (SPEC §9), as a data file.

``resources/assessment/*.json`` holds the table: items with their points, rubric and,
where the file can tell, an automatic check (``auto.check``):

* ``completeness`` — −``per_missing`` for each empty body section listed in ``sections``
  and each missing annex (附件2 without its budget figures, 附件3 without indicators,
  附件4 of a project without indicators);
* ``indicator_tables`` — −``weight_deduction`` per table with a finding of ``weight_rules``
  (weights off the rule set), −``level3_deduction`` per table with a row not refined to
  the third level (一级/二级/三级指标 missing);
* ``only_words`` — 0 when every sentence of ``section`` is about ``words`` (“资金不足”,
  “加大投入” …), else left to the reviewer;
* ``deadline`` — full points when 填报日期 is on or before the deadline, 0 when later,
  left to the reviewer when either is unknown.

Items without ``auto`` (and auto items that cannot be judged) have ``score`` None: the
reviewer scores them with the rubric. The file is validated in plain Python; every
problem is a ``AssessmentError`` whose Chinese message names the field.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional, Sequence

from .dates import parse_day
from .report import SECTIONS, Report
from .rounding import round_half_up

TABLE_DIR = Path(__file__).resolve().parent.parent / "resources" / "assessment"
SCHEMA = "jxzp-assessment"
VERSION = 1
DEFAULT_TABLE = "county2024"
CHECKS = ("completeness", "indicator_tables", "only_words", "deadline")

#: where one point of a list ends: a sentence end, or a comma before the next point (“一是……，二是……”)
_SENTENCE_END = re.compile(r"[。；;！!？?\n]+|[，,、]\s*(?=[一二三四五六七八九十]是|其次|此外|另外|再次|最后)")
_NUMBERING = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]|[一二三四五六七八九十]是)\s*")
_TABLE_OF = re.compile(r"(dept|projects\[\d+\])(?:[.\[]|$)")


class AssessmentError(Exception):
    """A 考核评分表 file that cannot be used; ``str(e)`` is Chinese."""


@dataclass(frozen=True)
class Item:
    """One item of a 考核评分表: its group, name, points and rubric (``auto``: how it is scored from the file)."""
    id: str
    group: str
    name: str
    points: Decimal
    rubric: str
    auto: Optional[dict] = None


@dataclass(frozen=True)
class Table:
    """A 考核评分表: its items in order."""
    id: str
    name: str
    description: str
    items: tuple[Item, ...]

    @property
    def total(self) -> Decimal:
        return sum((i.points for i in self.items), Decimal(0))


@dataclass(frozen=True)
class ItemResult:
    """An item's score (None: left to the reviewer) and the reason for it."""
    item: Item
    score: Optional[Decimal]     # None: for the reviewer
    reason: str
    auto: bool                   # scored from the file

    def to_json(self) -> dict:
        return {"id": self.item.id, "score": None if self.score is None else format(self.score, "f"),
                "reason": self.reason, "auto": self.auto}


# --------------------------------------------------------------------------- loading

def _text(data: dict, key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise AssessmentError(f"{where}缺少“{key}”（应为非空文字）")
    return value


def _points(value, where: str) -> Decimal:
    try:
        d = Decimal(str(value)) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    except InvalidOperation:
        d = None
    if d is None or not d.is_finite() or d < 0:
        raise AssessmentError(f"{where}的“points”应为不小于 0 的数字（写成字符串，如 \"10\"）")
    return d


def _words(value, where: str, key: str = "words") -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(w, str) and w for w in value):
        raise AssessmentError(f"{where}的“{key}”应为非空的文字列表")
    return value


def _section(value, where: str, key: str = "section") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= len(SECTIONS):
        raise AssessmentError(f"{where}的“{key}”应为 1—{len(SECTIONS)} 之间的正文部分序号")
    return value


def _auto(raw, where: str) -> Optional[dict]:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise AssessmentError(f"{where}的“auto”应为对象")
    check = raw.get("check")
    if check not in CHECKS:
        raise AssessmentError(f"{where}的“auto.check”应为 {'、'.join(CHECKS)} 之一，实际为“{check}”")
    where = f"{where}的 auto"
    if check == "completeness":
        _points(raw.get("per_missing"), where + "（per_missing）")
        sections = raw.get("sections")
        if not isinstance(sections, list):
            raise AssessmentError(f"{where}的“sections”应为正文部分序号的列表")
        for s in sections:
            _section(s, where, "sections")
    elif check == "indicator_tables":
        _words(raw.get("weight_rules"), where, "weight_rules")
        _points(raw.get("weight_deduction"), where + "（weight_deduction）")
        _points(raw.get("level3_deduction"), where + "（level3_deduction）")
    elif check == "only_words":
        _section(raw.get("section"), where)
        _words(raw.get("words"), where)
    return dict(raw)


def table_from_dict(data) -> Table:
    if not isinstance(data, dict):
        raise AssessmentError("考核评分表文件的内容应为一个 JSON 对象")
    if data.get("schema") != SCHEMA:
        raise AssessmentError(f"“schema”应为“{SCHEMA}”")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise AssessmentError("“version”应为正整数")
    if version > VERSION:
        raise AssessmentError(f"“version”为 {version}，本程序只支持到 {VERSION}，请升级程序")
    tid = _text(data, "id", "考核评分表")
    name = _text(data, "name", "考核评分表")
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise AssessmentError("“items”应为非空的评分项目列表")
    items: list[Item] = []
    seen: set[str] = set()
    for n, raw in enumerate(raw_items, 1):
        where = f"第 {n} 个评分项目"
        if not isinstance(raw, dict):
            raise AssessmentError(f"{where}应为对象")
        iid = _text(raw, "id", where)
        if iid in seen:
            raise AssessmentError(f"{where}的“id”“{iid}”重复")
        seen.add(iid)
        where = f"评分项目“{iid}”"
        items.append(Item(iid, _text(raw, "group", where), _text(raw, "name", where),
                          _points(raw.get("points"), where), _text(raw, "rubric", where),
                          _auto(raw.get("auto"), where)))
    table = Table(tid, name, str(data.get("description", "")), tuple(items))
    if table.total != 100:
        raise AssessmentError(f"各评分项目的“points”合计应为 100，实际为 {table.total}")
    return table


@lru_cache(maxsize=None)
def load_table(table_id: str = DEFAULT_TABLE) -> Table:
    path = TABLE_DIR / f"{table_id}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AssessmentError(f"找不到考核评分表“{table_id}”（{path}）") from None
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise AssessmentError(f"考核评分表“{path.name}”无法读取（{type(e).__name__}）") from None
    try:
        return table_from_dict(data)
    except AssessmentError as e:
        raise AssessmentError(f"考核评分表“{path.name}”有误：{e}") from None


# --------------------------------------------------------------------------- evaluation

def _sentences(text: str) -> list[str]:
    out = []
    for part in _SENTENCE_END.split(text or ""):
        s = _NUMBERING.sub("", part.strip()).strip()
        if len(s) >= 4 and not s.endswith(("：", ":")):
            out.append(s)
    return out


def _section_label(n: int) -> str:
    return f"第{SECTIONS[n - 1][0]}部分“{SECTIONS[n - 1][1]}”"


def missing_parts(report: Report, sections: Iterable[int]) -> list[str]:
    """The empty body sections and missing annexes, as they are named to the user."""
    out = [_section_label(n) for n in sections
           if n <= len(report.sections) and not report.sections[n - 1].strip()]
    b = report.budget
    if b.full_year_budget() is None and b.executed is None:
        out.append("附件2（没有全年预算数和全年执行数）")
    if not report.dept.indicators:
        out.append("附件3（部门整体没有绩效指标）")
    for i, p in enumerate(report.projects, 1):
        if not p.indicators:
            out.append(f"附件4 项目“{p.name or i}”（没有绩效指标）")
    return out


def _tables(report: Report) -> list[tuple[str, str, list]]:
    """(where-prefix, label, indicators) of every indicator table."""
    out = [("dept.indicators", "附件3 部门整体", report.dept.indicators)]
    out += [(f"projects[{i}].indicators", f"附件4 项目“{p.name or i + 1}”", p.indicators)
            for i, p in enumerate(report.projects)]
    return out


def _not_third_level(indicators: Sequence) -> bool:
    for ind in indicators:
        blank = not any((ind.level1, ind.level2, ind.name, ind.target, ind.actual, ind.weight is not None))
        if not blank and not (ind.level1.strip() and ind.level2.strip() and ind.name.strip()):
            return True
    return False


def _clamp(points: Decimal, deduction: Decimal) -> Decimal:
    return round_half_up(max(Decimal(0), points - deduction), 2)


def _judge(item: Item, report: Report, rules_by_where: dict[str, set[str]],
           deadline: Optional[date]) -> ItemResult:
    auto = item.auto
    if auto is None:
        return ItemResult(item, None, "需人工评分", False)
    check = auto["check"]
    if check == "completeness":
        missing = missing_parts(report, auto["sections"])
        if not missing:
            return ItemResult(item, item.points, "正文各部分和附件齐全", True)
        per = Decimal(str(auto["per_missing"]))
        return ItemResult(item, _clamp(item.points, per * len(missing)),
                          f"缺少 {len(missing)} 部分，每缺一部分扣 {per} 分：{'、'.join(missing)}", True)
    if check == "indicator_tables":
        weight_rules = set(auto["weight_rules"])
        off_weights, not_refined = [], []
        for prefix, label, indicators in _tables(report):
            if rules_by_where.get(prefix, set()) & weight_rules:
                off_weights.append(label)
            if _not_third_level(indicators):
                not_refined.append(label)
        if not off_weights and not not_refined:
            return ItemResult(item, item.points, "分值设置符合规定，全部指标细化到三级指标", True)
        wd, ld = Decimal(str(auto["weight_deduction"])), Decimal(str(auto["level3_deduction"]))
        reasons = []
        if off_weights:
            reasons.append(f"分值设置不符合指标体系（每张表扣 {wd} 分）：{'、'.join(off_weights)}")
        if not_refined:
            reasons.append(f"指标未细化到三级指标（每张表扣 {ld} 分）：{'、'.join(not_refined)}")
        return ItemResult(item, _clamp(item.points, wd * len(off_weights) + ld * len(not_refined)),
                          "；".join(reasons), True)
    if check == "only_words":
        n = auto["section"]
        sentences = _sentences(report.sections[n - 1] if n <= len(report.sections) else "")
        label = _section_label(n)
        if not sentences:
            return ItemResult(item, Decimal(0), f"{label}为空", True)
        words = auto["words"]
        if all(any(w in s for w in words) for s in sentences):
            found = sorted({w for s in sentences for w in words if w in s}, key=words.index)
            return ItemResult(item, Decimal(0), f"{label}只涉及“{'”“'.join(found)}”，按评分标准不得分", True)
        return ItemResult(item, None, f"{label}不只涉及“{words[0]}”一类内容，请按评分标准人工评分", False)
    # deadline
    if deadline is None:
        return ItemResult(item, None, "未设定报送截止日期，请人工评分", False)
    sent = parse_day(report.info.fill_date)
    if sent is None:
        return ItemResult(item, None, "报告未填写可识别的填报日期，请人工评分", False)
    if sent <= deadline:
        return ItemResult(item, item.points, f"填报日期 {sent.isoformat()} 不晚于截止日期 {deadline.isoformat()}", True)
    return ItemResult(item, Decimal(0), f"填报日期 {sent.isoformat()} 晚于截止日期 {deadline.isoformat()}，逾期报送", True)


def assess(report: Report, findings: Iterable, deadline: Optional[date] = None,
           table: Optional[Table] = None) -> list[ItemResult]:
    """Every item of the table, scored from the file where it can be (``findings``: the
    report's 审核 findings, ``model.checks.run_checks``)."""
    table = table or load_table()
    rules_by_where: dict[str, set[str]] = {}      # "dept.indicators" / "projects[2].indicators" → rule ids
    for f in findings:
        m = _TABLE_OF.match(f.where)
        if m:
            rules_by_where.setdefault(m.group(1) + ".indicators", set()).add(f.rule)
    return [_judge(item, report, rules_by_where, deadline) for item in table.items]


def total(results: Sequence[ItemResult], manual: Optional[dict[str, Optional[Decimal]]] = None
          ) -> tuple[Decimal, int]:
    """(the sum of automatic and reviewer scores, how many items still lack a score)."""
    manual = manual or {}
    s, open_items = Decimal(0), 0
    for r in results:
        score = r.score if r.score is not None else manual.get(r.item.id)
        if score is None:
            open_items += 1
        else:
            s += score
    return round_half_up(s, 2), open_items
