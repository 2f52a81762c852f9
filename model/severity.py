"""Severities of 审核 findings and the ``Finding`` record.

Kept apart from ``model.checks`` so that code which only shows findings (the
审核 panel, the status bar) does not load every rule to know their names.
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
    """One 审核 finding: severity, rule id, where in the document, and a Chinese message."""
    severity: str   # ERROR / WARNING / INFO
    rule: str       # stable rule id
    where: str      # attribute path (see ``model.checks``)
    message: str    # Chinese, quoting the numbers

    def to_json(self) -> dict:
        return {"severity": self.severity, "rule": self.rule, "where": self.where,
                "message": self.message}
