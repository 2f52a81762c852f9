"""Scores of whole tables and of the whole report (SPEC §3.2–3.6): one ``ReportScores``.

The rule: a number the user sees in two places comes from one value. ``score_report``
scores the report with its own rule set (``profiles.profile_for``: the report's score
precision applied) and its own year, once per revision; the grid, the 项目 list, the
status bar, 审核, the CLI and every exporter read that value. The per-row arithmetic
lives in ``model.scoring_rows``; nothing outside ``model/scoring*`` scores a table.

Tables are cached on the content of their rows (plus weights, budget, rule set and
year), so re-scoring a report after one edit only re-scores the table that changed.
A caller that knows what an edit touched (the GUI document: ``edit_scope`` of every
changed path) passes the previous ``ReportScores`` and the touched projects: the other
projects' tables are then reused without reading their rows at all, which keeps one
edit's cost independent of the number of projects. A project's table may depend only
on that project, the rule set and the year; the department's table and the ratios
are always re-read (through the content-keyed cache), whatever the edit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import AbstractSet, Optional, Sequence

from .links import effective_report
from .profiles import Profile, profile_for
from .ratios import Ratios, all_ratios
from .report import Indicator, Project, Report
from .scoring_adjust import finish_table
from .scoring_rows import (DATE, INVALID, NUMBER, QUALITATIVE, ZERO, Adjustment, BlockResult, ExecutionResult,
                           IndicatorResult, TableResult, _score_cached, execution, execution_rate, is_unfilled,
                           execution_score, grade_cutoffs, grade_of, grade_rule_text, printed_target,
                           quantitative_score, round_score, score_indicator)

__all__ = ["DATE", "INVALID", "NUMBER", "QUALITATIVE", "Adjustment", "BlockResult", "ExecutionResult", "IndicatorResult",
           "TableResult", "ReportScores", "execution_rate", "execution_score", "grade_cutoffs", "grade_of",
           "grade_rule_text", "printed_target", "quantitative_score", "round_score", "score_indicator",
           "score_table", "score_report", "department_budget", "Ratios", "edit_scope", "EVERYTHING"]


def score_table(indicators: Sequence[Indicator], execution_weight: Optional[Decimal],
                budget: Optional[Decimal], executed: Optional[Decimal],
                profile: Profile, year: Optional[int]) -> TableResult:
    """One indicator table: execution score, row scores, block and level-2 subtotals, total, grade.

    ``profile`` and ``year`` are required: the report's rule set and year (``score_report``
    passes both; the importer passes the rule set it is settling). Blocks come in the
    profile's order, then any other 一级指标 in the order they first appear; level-2 groups
    likewise (profile order, then first appearance).
    """
    rows_key = tuple((ind.level1, ind.level2, ind.nature or "", ind.target or "", ind.actual or "",
                      ind.weight, ind.grade or "", ind.manual_score, is_unfilled(ind)) for ind in indicators)
    return _score_table_cached(rows_key, execution_weight, budget, executed, profile, year)


@lru_cache(maxsize=2048)
def _score_table_cached(rows_key: tuple, execution_weight: Optional[Decimal], budget: Optional[Decimal],
                        executed: Optional[Decimal], profile: Profile,
                        year: Optional[int]) -> TableResult:
    settings = profile.settings
    places = settings.score_places
    exe = execution(execution_weight, budget, executed, places, settings.rate_places)
    rows = tuple(_score_cached(nature, target, actual, weight, grade, manual, settings, year, unfilled)
                 for _l1, _l2, nature, target, actual, weight, grade, manual, unfilled in rows_key)
    # one pass: rows per 一级 and per (一级, 二级), in order of first appearance
    by_l1: dict[str, list[int]] = {}
    by_l2: dict[str, dict[str, list[int]]] = {}
    for i, (level1, level2, *_rest) in enumerate(rows_key):
        by_l1.setdefault(level1, []).append(i)
        by_l2.setdefault(level1, {}).setdefault(level2, []).append(i)
    order = list(profile.level1_names) + [n for n in by_l1 if profile.block(n) is None]
    blocks = []
    for name in order:
        idx = tuple(by_l1.get(name, ()))
        pb = profile.block(name)
        groups = by_l2.get(name, {})
        l2_order = [n for n in (pb.level2 if pb else ()) if n in groups]
        l2_order += [n for n in groups if n not in l2_order]
        level2 = tuple(
            (l2, sum((rows[i].weight for i in groups[l2]), ZERO),
             sum((rows[i].score for i in groups[l2]), ZERO), tuple(groups[l2]))
            for l2 in l2_order)
        blocks.append(BlockResult(
            name, pb.weight if pb else None,
            sum((rows[i].weight for i in idx), ZERO),
            sum((rows[i].score for i in idx), ZERO), idx, level2))
    return finish_table(exe, rows, blocks, profile)   # free split, spread, caps (model.scoring_adjust)


def department_budget(report: Report) -> tuple[Optional[Decimal], Optional[Decimal]]:
    """(全年预算数, 全年执行数) of the department as a whole."""
    return report.budget.full_year_budget(), report.budget.executed


def _project_table(project: Project, profile: Profile, year: Optional[int]) -> TableResult:
    return score_table(project.indicators, project.execution_weight, project.total.budget,
                       project.total.executed, profile, year)


@dataclass(frozen=True)
class ReportScores:
    """Every score of a report, computed once from the report, its rule set and its year.

    ``department`` and ``projects`` (one per ``report.projects``, same order) hold the rows,
    flags, block and level-2 subtotals, totals, grades and execution rates and scores;
    ``ratios`` the rates of the 基础数据表 (控制率, 调整率 …).
    """
    year: int
    profile: Profile
    department: TableResult
    projects: tuple[TableResult, ...]
    ratios: Ratios
    #: a table with no rows (an indicator grid addressing nothing shows this one)
    empty: TableResult = field(compare=False, repr=False, default=None)  # type: ignore[assignment]
    #: the report as it was scored: every linked 实际完成值 computed (``links.effective_report``);
    #: the report itself when nothing is linked. 审核 reads the rows from it.
    scored: Report = field(compare=False, repr=False, default=None)  # type: ignore[assignment]

    @property
    def places(self) -> int:
        """Decimals of every score (the report's precision, else the rule set's)."""
        return self.profile.settings.score_places

    def project(self, index: int) -> TableResult:
        return self.projects[index]

    def for_list(self, list_path: str) -> TableResult:
        """The table whose rows are the indicator list at ``list_path`` (``dept.indicators``,
        ``projects[2].indicators``); ``empty`` for any other path."""
        if list_path == "dept.indicators":
            return self.department
        if list_path.startswith("projects[") and list_path.endswith("].indicators"):
            inner = list_path[len("projects["):-len("].indicators")]
            if inner.isdigit() and int(inner) < len(self.projects):
                return self.projects[int(inner)]
        return self.empty


#: ``edit_scope`` of an edit that may change anything (the year, the rule set, the list of projects)
EVERYTHING = None


def edit_scope(path: str, structure: bool = False) -> Optional[frozenset]:
    """The projects (their indices) whose table or per-project findings an edit of ``path`` can
    change, or ``EVERYTHING``.

    ``projects[3].indicators[2].actual``, ``projects[3].indicators`` (a row inserted) → {3};
    ``dept.…``, ``sections[…]`` and ``staff.…`` → no project; ``projects`` itself (a project
    added, removed or moved), ``info.…`` (the year), ``profile``, ``budget.…`` and any other
    path → everything."""
    if path.startswith("projects["):
        end = path.find("]")
        inner = path[len("projects["):end]
        if end > 0 and inner.isdigit() and path[end + 1:end + 2] == ".":
            return frozenset((int(inner),))
        return EVERYTHING
    if path.startswith(("dept.", "sections[", "staff.")) or path in ("dept", "staff"):
        return frozenset()
    return EVERYTHING


def score_report(report: Report, previous: Optional[ReportScores] = None,
                 touched: Optional[AbstractSet[int]] = EVERYTHING) -> ReportScores:
    """The one ``ReportScores`` of ``report``: its own rule set (``profile_for``) and its year.

    ``previous`` (the scores of this report before some edits) and ``touched`` (the union of the
    edits' ``edit_scope``; ``EVERYTHING`` by default): the tables of projects outside ``touched``
    are taken from ``previous`` as they are, when the rule set, the year and the number of
    projects are unchanged. The result equals a full ``score_report(report)``.

    Linked indicators are scored with their computed 实际完成值 (``links.effective_report``); a
    project holding one depends on the budget and staff pages too, so it is re-scored on every
    pass, whatever the edits touched."""
    same_shape = previous is not None and len(previous.projects) == len(report.projects)
    linked = effective_report(report, previous.scored if same_shape and touched is not EVERYTHING else None,
                              touched)
    if touched is not EVERYTHING and linked is not report:
        # a project holding a linked indicator follows the budget and staff pages: re-scored
        # on every pass (with the projects the edits touched), the others reused
        held = {i for i, (p, q) in enumerate(zip(linked.projects, report.projects)) if p is not q}
        if held:
            touched = set(touched) | held
    report = linked
    profile = profile_for(report)
    year = report.year
    budget, executed = department_budget(report)
    dept = score_table(report.dept.indicators, report.dept.execution_weight, budget, executed, profile, year)
    if (previous is not None and touched is not EVERYTHING and previous.year == year
            and previous.profile is profile and len(previous.projects) == len(report.projects)):
        old = previous.projects
        projects = tuple(_project_table(p, profile, year) if i in touched else old[i]
                         for i, p in enumerate(report.projects)) if touched else old
    else:
        projects = tuple(_project_table(p, profile, year) for p in report.projects)
    empty = score_table((), profile.execution_weight, None, None, profile, year)
    return ReportScores(year, profile, dept, projects, all_ratios(report), empty, report)
