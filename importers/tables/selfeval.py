"""附件3 部门（单位）整体支出绩效自评表 and 附件4 项目支出绩效自评表.

Both are a money block (``money.MoneyBlock``), the 年度总体目标 and an indicator
table (``indicators.IndicatorTable``); they differ in what the money lines mean:
the department's sources and natures, or a project's funding rows.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Optional

from model.report import Amounts, Project

from ..grid import key
from .base import ACHIEVEMENT_WORDS, GOAL_WORDS, is_known_label, show
from .common import TableForm
from .indicators import IndicatorTable
from .money import (AMOUNTS, SOURCE_LABELS, MoneyBlock, MoneyLine, clean_line_label, describe,
                    funding_kinds, split_stacked)
from .segments import is_project_label
from .vocabulary import words as vocab

_TOTAL_WORDS = vocab("money_total_words")


def _is_note_line(line: MoneyLine) -> bool:
    return bool(re.search(r"偏差(说明|原因)", line.label)) and set(line.values) == {"note"}


def _is_total_label(label: str) -> bool:
    lk = clean_line_label(label)
    return not lk or any(w in lk for w in _TOTAL_WORDS)


class SelfEvaluation(TableForm):
    """What 附件3 and 附件4 share: the money block, the goals, the indicator table."""

    def indicator_header(self) -> Optional[tuple[int, dict[str, int]]]:
        return IndicatorTable.find_header(self)

    def money_end(self, ih) -> int:
        """The money block ends at the goal rows, else at the indicator header, else at the table's end."""
        end = ih[0] if ih else self.seg.r1
        goal_pos = self.find(lambda t: "年度总体目标" in key(t) or key(t).startswith("预期目标"), self.seg.r0, end)
        return min(end, goal_pos[0]) if goal_pos else end

    def money_lines(self, ih) -> Optional[list[MoneyLine]]:
        end = self.money_end(ih)
        self.block_rows = f"第{self.seg.r0 + 1}—{end}行"
        lines = MoneyBlock(self, self.seg.r0, end).read()
        if lines is None:
            self.d.skip(f"{self.where_table}{self.block_rows}中没有找到预算资金（年初预算数/全年预算数/"
                        "全年执行数），预算数据未导入", "block.unreadable")
        return lines

    def put_amounts(self, target: Amounts, values: dict, what: str, r: int) -> None:
        for role in AMOUNTS:
            if values.get(role) is not None:
                self.put(target, role, values[role], what, r)

    def note_single(self, line: MoneyLine) -> None:
        if line.single:
            self.d.review(f"{self.g.where(line.row)}“{line.label}”只有一个金额 {show(line.values.get('executed'))}"
                          "（合并单元格），已按“全年执行数”导入，请核对", "money.single")

    def printed_execution(self, line: MoneyLine, kind: str, label: str, project) -> None:
        """Keep a printed 执行率得分 for the check once the precision is known."""
        typed = line.values.get("score")
        if isinstance(typed, Decimal):
            self.d.printed_scores.append(("execution", typed))
            self.d.printed_totals.append((kind, f"{self.g.where(line.row)}{label}的预算执行率得分", typed, project))

    def goals(self, start: int, end: int) -> tuple[str, str]:
        """预期目标 and 实际完成情况: under their labels, right of them, or after “：” in the label cell."""
        g = self.g
        goal = achievement = ""

        def labelled(words):
            def pred(t: str) -> bool:
                k = key(t)
                return k.rstrip(":") in words or any(k.startswith(w + ":") and len(k) > len(w) + 1 for w in words)
            return pred

        def value(pos) -> str:
            r, c = pos
            inline = re.match(r"^[^:：]{2,12}[:：]\s*(.+)$", g.cells[r][c].strip(), re.S)
            if inline:
                return inline.group(1).strip()
            for rr in range(r + 1, min(end, r + 4)):
                if g.same_range((r, c), (rr, c)):
                    continue
                t = g.text(rr, c)
                if t and not is_known_label(t):
                    return t
                break
            t, _ = self.right_of(r, c)
            if t and not is_known_label(t):
                return t
            return ""
        pos_goal = self.find(labelled(GOAL_WORDS), start, end)
        pos_ach = self.find(labelled(ACHIEVEMENT_WORDS), start, end)
        if pos_goal:
            goal = value(pos_goal)
        if pos_ach:
            achievement = value(pos_ach)
        if not pos_goal and not pos_ach:
            pos = self.find(lambda t: key(t).rstrip(":") in ("年度总体目标", "总体目标", "年度绩效目标"), start, end)
            if pos:
                t = self.label_value(*pos)
                if t and not is_known_label(t):
                    goal = t
        return goal, achievement

    def indicators(self, ih):
        return IndicatorTable(self, *ih).read()

    def add_line(self, line: MoneyLine, targets: list[str], names: list[str], sums: dict, merged: dict) -> bool:
        """Add a money line's amounts to ``targets`` (one, or several named in one merged label cell,
        whose amounts are then stacked one per line or all 0). False when several targets share a
        figure that cannot be split; that line is listed under 未导入."""
        if len(targets) == 1:
            parts = {role: [v] for role, v in line.values.items() if role in AMOUNTS and isinstance(v, Decimal)}
        else:
            parts = {role: split_stacked(v, len(targets)) for role, v in line.values.items()
                     if role in AMOUNTS and v is not None}
            for role, value in line.values.items():
                if role in parts and isinstance(value, Decimal) and value == 0:
                    parts[role] = [value] * len(targets)     # nothing for either: 0 for each
            if not parts or any(p is None for p in parts.values()):
                if any(line.values.get(k) is not None for k in AMOUNTS):
                    self.d.skip(f"{self.g.where(line.row)}“{line.label}”一个单元格中有几类资金，金额无法分开，未导入"
                                f"（{describe(line.values)}）", "money.merged_labels")
                return False
        for i, target in enumerate(targets):
            for role, vals in parts.items():
                if vals[i] is not None:
                    sums.setdefault(target, {}).setdefault(role, Decimal(0))
                    sums[target][role] += vals[i]
            merged.setdefault(target, []).append(names[i])
        return True

    def finish(self, took: list[str]) -> None:
        self.d.take(f"{self.where_table}：" + ("、".join(took) if took else "没有读到数据"))


class Annex3(SelfEvaluation):
    def body(self) -> None:
        rep = self.report
        took: list[str] = []
        name = self.unit_name()
        if name:
            self.put(rep.info, "unit_name", name, "预算单位名称", self.seg.r0)
            took.append(f"预算单位名称“{name}”")
        ih = self.indicator_header()
        lines = self.money_lines(ih)
        if lines is not None:
            took += self._money(lines)
        goal, ach = self.goals(self.seg.r0, ih[0] if ih else self.seg.r1)
        self.put(rep.dept, "goal", goal, "年度总体目标（预期目标）", self.seg.r0)
        self.put(rep.dept, "achievement", ach, "年度总体目标（实际完成情况）", self.seg.r0)
        if goal or ach:
            took.append("年度总体目标")
        if ih:
            inds, total, weight = self.indicators(ih)
            if rep.dept.indicators:
                self.d.skip(f"{self.where_table}：部门整体指标已从前面的表格读入，此表的 {len(inds)} 条指标未导入")
            else:
                rep.dept.indicators = inds
                if weight is not None:
                    rep.dept.execution_weight = weight
                took.append(f"绩效指标 {len(inds)} 条")
                if total is not None:
                    self.d.printed_totals.append(("dept_total", f"{self.where_table}的总分", total, None))
        else:
            self.d.skip(f"{self.where_table}中没有找到“一级指标/三级指标/年度指标值”表头，指标未导入", "block.unreadable")
        self.finish(took)

    def _money(self, lines: list[MoneyLine]) -> list[str]:
        b, dept = self.report.budget, self.report.dept
        took: list[str] = []
        total_done = False
        sums: dict[str, dict[str, Decimal]] = {}
        merged: dict[str, list[str]] = {}
        for line in lines:
            if line.pairs:
                for plabel, value, pr, pc in line.pairs:
                    src = None
                    if not self._nature(plabel, {"executed": value}, pr):
                        src = _source_of(plabel)
                        if src is None or value is None:
                            continue
                        sums.setdefault(src, {}).setdefault("executed", Decimal(0))
                        sums[src]["executed"] += value
                        merged.setdefault(src, []).append(plabel)
                    if value is not None:
                        self.d.review(f"{self.g.where(pr)}“{plabel}”只有一个金额 {show(value)}，已按“全年执行数”导入，请核对",
                                      "money.single")
                continue
            if _is_note_line(line):
                self.put(dept, "execution_note", line.values["note"], "执行率偏差原因", line.row)
                continue
            if not total_done and _is_total_label(line.label) and any(line.values.get(k) is not None for k in AMOUNTS):
                total_done = True
                v = line.values
                self.put(b, "initial", v.get("initial"), "年初预算数", line.row)
                self.put(b, "full_year", v.get("budget"), "全年预算数", line.row)
                self.put(b, "executed", v.get("executed"), "全年执行数", line.row)
                if v.get("weight") is not None:
                    dept.execution_weight = v["weight"]
                self.put(dept, "execution_note", v.get("note"), "执行率偏差原因", line.row)
                self.printed_execution(line, "dept_exec", "部门整体", None)
                took.append("年度预算（年初、全年、执行数）")
                continue
            self.note_single(line)
            if self._nature(line.label, line.values, line.row):
                continue
            parts = _label_parts(line.label)
            srcs = [_source_of(part) for part in parts]
            if srcs and all(srcs):
                self.add_line(line, srcs, parts, sums, merged)
                continue
            if any(v is not None for v in line.values.values()):
                self.d.skip(f"{self.g.where(line.row)}“{line.label}”不是已知的预算行，未导入")
        if not total_done:
            self.d.skip(f"{self.where_table}{self.block_rows}的预算资金块没有“年度资金总额”一行，"
                        "全年预算数和执行数未导入", "block.unreadable")
        for src, roles in sums.items():
            target = b.sources[src]
            for role, value in roles.items():
                self.put(target, role, value, f"附件3“{'、'.join(merged[src])}”", self.seg.r0)
            if len(merged[src]) > 1:
                self.d.review(f"附件3的“{'、'.join(merged[src])}”合计记入收入来源“{_SOURCE_NAMES[src]}”，请核对",
                              "money.sources_merged")
        if sums:
            took.append("按收入性质分 " + "、".join(_SOURCE_NAMES[s] for s in sums))
        return took

    def _nature(self, label: str, values: dict, r: int) -> bool:
        b = self.report.budget
        lk = clean_line_label(label)
        if lk.startswith("基本支出"):
            target = b.basic
        elif lk.startswith("项目支出"):
            target = b.project_spending
        else:
            return False
        self.put_amounts(target, {k: v for k, v in values.items() if isinstance(v, Decimal)}, f"附件3“{label}”", r)
        return True


_SOURCE_NAMES = {"general": "一般公共预算", "gov_fund": "政府性基金预算", "state_capital": "国有资本经营预算",
                 "social_insurance": "社会保险基金预算", "special_account": "纳入专户管理的非税收入",
                 "other": "单位资金/其他资金"}


def _label_parts(label: str) -> list[str]:
    parts = [p for p in re.split(r"[\s/、]+", label.strip()) if p]
    return parts if len(parts) > 1 and all(_source_of(p) or funding_kinds(p) for p in parts) else [label]


def _source_of(label: str) -> Optional[str]:
    lk = clean_line_label(label)
    if not lk or lk.startswith(("基本支出", "项目支出")):
        return None
    for src, words in SOURCE_LABELS:
        if any(lk.startswith(w) for w in words):
            return src
    return None


class Annex4(SelfEvaluation):
    def body(self) -> None:
        rep = self.report
        took: list[str] = []
        pos = self.find(is_project_label)
        name = self.label_value(*pos) if pos else ""
        if not name:
            self.d.skip(f"{self.where_table}第{self.seg.r0 + 1}行起没有找到项目名称，此表未导入", "block.unreadable")
            return
        project = self.d.project_named(name)
        if project is None:
            project = Project(name=name)
            rep.projects.append(project)
            took.append(f"项目“{name}”")
        elif id(project) in self.d.annex4_order:          # a second 附件4 for the same project
            if project.indicators:
                self.d.skip(f"{self.where_table}：项目“{name}”的指标已从前面的表格读入，此表未导入")
                return
            took.append(f"项目“{name}”（同名项目的另一张表）")
        else:
            took.append(f"项目“{name}”（附件2中已列出）")
        if id(project) not in self.d.annex4_order:
            self.d.annex4_order.append(id(project))
        for labels, attr in ((("主管部门",), "competent_dept"), (("实施单位", "项目单位", "项目实施单位"), "implementer")):
            p2 = self.find(lambda t, lb=labels: key(t).rstrip(":") in lb)
            if p2:
                v = self.label_value(*p2)
                if v and not is_known_label(v):
                    self.put(project, attr, v, labels[0], p2[0])
        unit = self.unit_name(("预算单位名称", "单位名称", "预算单位", "部门(单位)名称", "部门名称", "部门"))
        if unit and not rep.info.unit_name:
            rep.info.unit_name = unit
        ih = self.indicator_header()
        # an 附件2 figure for this project is its 年初 (SPEC §5.1); 附件4 gives its 全年预算数
        from_annex2, project.total.initial = project.total.initial, None
        lines = self.money_lines(ih)
        if lines is not None:
            n = self._money(project, lines)
            if n:
                took.append(f"项目资金 {n} 行")
        if from_annex2 is not None:
            if project.total.initial not in (None, from_annex2):
                self.d.review(f"项目“{name}”：附件2的本年预算数 {show(from_annex2)} 与附件4的年初预算数 "
                              f"{show(project.total.initial)} 不一致，年初预算数按附件2记为 {show(from_annex2)}",
                              "project.initial_conflict", project)
            project.total.initial = from_annex2
        goal, ach = self.goals(self.seg.r0, ih[0] if ih else self.seg.r1)
        self.put(project, "goal", goal, f"项目“{name}”预期目标", self.seg.r0)
        self.put(project, "achievement", ach, f"项目“{name}”实际完成情况", self.seg.r0)
        if goal or ach:
            took.append("年度总体目标")
        if ih:
            inds, total, weight = self.indicators(ih)
            project.indicators = inds
            if weight is not None:
                project.execution_weight = weight
            took.append(f"绩效指标 {len(inds)} 条")
            if total is not None:
                self.d.printed_totals.append(("project_total", f"{self.where_table}（项目“{name}”）的总分", total,
                                              project))
        else:
            self.d.skip(f"{self.where_table}中没有找到指标表头，项目“{name}”的指标未导入", "block.unreadable")
        self.finish(took)

    def _money(self, project: Project, lines: list[MoneyLine]) -> int:
        name = project.name
        n = 0
        total_done = False
        sums: dict[str, dict[str, Decimal]] = {}
        merged: dict[str, list[str]] = {}
        for line in lines:
            if line.pairs:
                continue
            if _is_note_line(line):
                self.put(project, "execution_note", line.values["note"], f"项目“{name}”执行率偏差原因", line.row)
                continue
            kinds = funding_kinds(line.label)
            if not kinds and not total_done and _is_total_label(line.label) \
                    and any(line.values.get(k) is not None for k in AMOUNTS):
                total_done = True
                self.note_single(line)
                self.put_amounts(project.total, line.values, f"项目“{name}”年度资金总额", line.row)
                if line.values.get("weight") is not None:
                    project.execution_weight = line.values["weight"]
                self.put(project, "execution_note", line.values.get("note"), f"项目“{name}”执行率偏差原因", line.row)
                self.printed_execution(line, "project_exec", f"项目“{name}”", project)
                n += 1
                continue
            if not kinds:
                if any(v is not None for v in line.values.values()):
                    self.d.skip(f"{self.g.where(line.row)}“{line.label}”不是已知的项目资金行，未导入")
                continue
            self.note_single(line)
            names = [clean_line_label(line.label)] if len(kinds) == 1 else [_FUNDING_NAMES[k] for k in kinds]
            if self.add_line(line, kinds, names, sums, merged):
                n += 1
        if not total_done and lines:
            self.d.skip(f"{self.where_table}{self.block_rows}项目“{name}”的资金块没有“年度资金总额”一行，"
                        "全年预算数和执行数未导入", "block.unreadable")
        for kind, roles in sums.items():
            target = getattr(project, kind)
            for role, value in roles.items():
                self.put(target, role, value, f"项目“{name}”{'、'.join(merged[kind])}", self.seg.r0)
            if len(merged[kind]) > 1:
                self.d.review(f"项目“{name}”的“{'、'.join(merged[kind])}”合计记入“{_FUNDING_NAMES[kind]}”，请核对",
                              "money.funding_merged")
        return n


_FUNDING_NAMES = {"fiscal": "当年财政拨款", "carried": "上年结转资金", "other": "其他资金"}
