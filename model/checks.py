"""审核: every consistency rule of SPEC §4 → a list of findings.

A ``Finding`` has a severity (``ERROR``/``WARNING``/``INFO``), a stable rule id
(``balance.basic``, ``indicator.block_weight`` …), a location ``where`` and a
Chinese message that quotes the numbers involved.

The rules live in ``model/rules/``, one module per family over ``rules/base.py``:
``completeness`` (profile, 基础信息, required sections), ``balances``, ``sanity``, ``indicators``
(execution rates and indicator tables), ``links`` (linked indicators), ``years`` and ``text``
(text against data); the open entries of the review list left by import and roll-over are ``review``
(``model.review``). Each family declares the rule ids it produces; ``RULES`` joins them. Labels and thresholds are data in
``resources/vocabulary.json`` (``model.vocabulary``) and the weight profiles (``model.profiles``).

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

from typing import AbstractSet, Iterable, Optional

from .profiles import profile_for
from .report import Report
from .rules import balances, completeness, indicators, links, printed, review, sanity, text, years
from .rules.base import Collector
from .rules.completeness import phone_ok  # noqa: F401 - re-exported
from .scoring import EVERYTHING, ReportScores, score_report
from .severity import ERROR, INFO, SEVERITY_LABELS, SEVERITY_ORDER, WARNING, Finding  # noqa: F401 - re-exported

__all__ = ["run_checks", "IncrementalChecks", "RULES", "FAMILIES", "Finding", "ERROR", "WARNING", "INFO", "SEVERITY_LABELS",
           "SEVERITY_ORDER", "phone_ok"]

#: the rule families, each with the rule ids it produces (``module.RULES``)
FAMILIES = (completeness, balances, sanity, indicators, links, years, text, printed, review)

#: Every rule id with its severity (a rule whose severity depends on the case lists the usual one).
RULES: dict[str, str] = {rule: severity for family in FAMILIES for rule, severity in family.RULES.items()}
assert len(RULES) == sum(len(family.RULES) for family in FAMILIES), "a rule id declared by two families"


def run_checks(report: Report, scores: Optional[ReportScores] = None) -> list[Finding]:
    """All findings for the report. ``scores`` (a ``scoring.ReportScores``) may be passed to reuse them."""
    return IncrementalChecks().run(report, scores)


class IncrementalChecks:
    """The findings of one report, kept per project between passes.

    The rules fall into report-wide ones (基础信息, the budget's balances and amounts, the
    department's table, the text) that run on every pass, and per-project ones (a project's
    funds, amounts, execution, goal, indicator table and blank printed cells) that read only that
    project, its scored table, the rule set and the year. ``run(report, scores, touched)`` re-runs the
    per-project rules only for the projects in ``touched`` (the union of the edits'
    ``scoring.edit_scope`` since the last pass; ``EVERYTHING`` re-runs all) and returns the
    same list, in the same order, as ``run_checks``.
    """

    def __init__(self) -> None:
        self._key: Optional[tuple] = None
        self._tables: tuple = ()
        self._report: Optional[Report] = None
        #: per project: (its balances, its amounts, its table's findings, its blank printed cells)
        self._parts: list[tuple[tuple[Finding, ...], ...]] = []

    def run(self, report: Report, scores: Optional[ReportScores] = None,
            touched: Optional[AbstractSet[int]] = EVERYTHING) -> list[Finding]:
        if scores is None:
            scores = score_report(report)
        scored = scores.scored               # linked 实际完成值 as scored (model.links)
        profile = profile_for(report)
        settings = profile.settings
        key = (profile, report.year, len(report.projects))
        tables = scores.projects
        if touched is EVERYTHING or key != self._key or report is not self._report:
            todo: Iterable[int] = range(len(report.projects))
            self._parts = [((), (), (), ())] * len(report.projects)
        else:
            # a project whose scored table is another object changed too (scores are reused
            # per table, so this is an identity test per project)
            old = self._tables
            todo = sorted({i for i in touched if 0 <= i < len(tables)}
                          | {i for i in range(len(tables)) if tables[i] is not old[i]})
        self._key, self._tables, self._report = key, tables, report
        blank_cells = printed.project_cells(report) if todo else ()
        for i in todo:
            p = scored.projects[i]
            funds, amounts, table, blank = Collector(RULES), Collector(RULES), Collector(RULES), Collector(RULES)
            balances.check_project_funds(funds, i, p, settings.tolerance)
            sanity.check_project_amounts(amounts, i, p, settings.large_amount, settings.tolerance)
            indicators.check_project(scored, i, p, tables[i], profile, table)
            printed.check_project_printed(report, blank_cells[i], blank)
            self._parts[i] = (tuple(funds.items), tuple(amounts.items), tuple(table.items), tuple(blank.items))
        out = Collector(RULES)
        items = out.items
        completeness.check_completeness(report, profile, out)
        balances.check_balances(report, profile, out, projects=False)
        for part in self._parts:
            items.extend(part[0])
        sanity.check_budget_amounts(report, profile, out)
        for part in self._parts:
            items.extend(part[1])
        sanity.check_staff(report, out)
        indicators.check_department(scored, scores.department, profile, out)
        for part in self._parts:
            items.extend(part[2])
        links.check_links(report, out, scored)
        text.check_text(report, scores, profile, out)
        printed.check_printed(report, out, projects=False)
        for part in self._parts:
            items.extend(part[3])
        review.check_review(report, out)     # the open entries of the review list (import, roll-over)
        return items
