"""Scores and findings of a whole report, as the CLI prints them (text or JSON)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from . import collector
from .checks import ERROR, INFO, SEVERITY_LABELS, SEVERITY_ORDER, WARNING, Finding, run_checks
from .numbers import fmt_decimal, fmt_rate, rate_percent
from .profiles import profile_for
from .report import Report
from .scoring import ReportScores, TableResult, score_report


def _s(value: Optional[Decimal], places: int = 2) -> Optional[str]:
    return None if value is None else fmt_decimal(value, places)


def table_json(name: str, t: TableResult, places: int) -> dict:
    rate = rate_percent(t.execution.rate)
    return {
        "name": name,
        "budget": _s(t.execution.budget),
        "executed": _s(t.execution.executed),
        "execution_rate": None if rate is None else format(rate, "f"),
        "execution_score": _s(t.execution.score, places),
        "indicator_score": _s(t.indicator_score, places),
        "total": _s(t.total, places),
        "grade": t.grade,
    }


@dataclass
class Summary:
    """A report with its scores and 审核 findings."""
    report: Report
    department: TableResult
    projects: tuple[TableResult, ...]
    findings: list[Finding]
    scores: Optional[ReportScores] = None

    @property
    def has_errors(self) -> bool:
        return any(f.severity == ERROR for f in self.findings)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def _places(self) -> int:
        return self.scores.places if self.scores is not None else profile_for(self.report).settings.score_places

    def to_json(self) -> dict:
        places = self._places()
        return {
            "year": self.report.info.year,
            "unit": self.report.info.unit_name,
            "department": table_json(self.report.info.unit_name or "部门整体", self.department, places),
            "projects": [table_json(p.name, t, places)
                         for p, t in zip(self.report.projects, self.projects)],
            "findings": [f.to_json() for f in self.findings],
        }

    def to_text(self) -> str:
        places = self._places()
        r = self.report
        lines = [f"{r.info.year}年度 {r.info.unit_name or '（未填写单位名称）'} 部门整体支出绩效自评", ""]

        def table_line(label: str, t: TableResult) -> str:
            e = t.execution
            return (f"{label}：全年预算数 {fmt_decimal(e.budget, 2, '—')} 万元，"
                    f"全年执行数 {fmt_decimal(e.executed, 2, '—')} 万元，执行率 {fmt_rate(e.rate)}，"
                    f"执行率得分 {fmt_decimal(e.score, places)}，指标得分 {fmt_decimal(t.indicator_score, places)}，"
                    f"总分 {fmt_decimal(t.total, places)}，等级 {t.grade}")

        lines.append(table_line("部门整体", self.department))
        for p, t in zip(r.projects, self.projects):
            lines.append(table_line(f"项目“{p.name}”", t))
        lines.append("")
        if not self.findings:
            lines.append("审核通过：没有发现问题。")
        else:
            lines.append(f"审核结果：错误 {self.count(ERROR)} 个，警告 {self.count(WARNING)} 个，"
                         f"提示 {self.count(INFO)} 个")
            for f in self.findings:
                lines.append(f"[{SEVERITY_LABELS[f.severity]}] {f.rule} @ {f.where}：{f.message}")
        return "\n".join(lines)


def summarize(report: Report, scores: Optional[ReportScores] = None,
              findings: Optional[list[Finding]] = None) -> Summary:
    """Scores and findings; ``scores`` is the report's ``ReportScores`` when the caller holds it
    (the GUI document does, once per revision), else it is computed here; likewise ``findings``
    (``run_checks``' list; the document keeps them per project with ``checks.IncrementalChecks``)."""
    with collector.held():      # a whole pass builds only what it keeps (model.collector)
        if scores is None:
            scores = score_report(report)
        if findings is None:
            findings = run_checks(report, scores)
        findings = sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])
    return Summary(report, scores.department, scores.projects, findings, scores)
