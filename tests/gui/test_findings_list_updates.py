"""The 审核 list model follows a new list of findings with row changes, not a reset.

Random sequences of finding lists (findings kept, changed, added, removed, severity groups
appearing and going) are shown one after another; after each the model holds exactly the new
list, grouped by severity, and Qt's model tester checks every signal on the way.
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from gui.findings_list import FindingsModel
from model.severity import ERROR, INFO, WARNING, Finding

POOL = [Finding(sev, "rule.x", f"projects[{i}].indicators[0].actual", f"消息{i}")
        for i in range(12) for sev in (ERROR, WARNING, INFO)]

lists = st.lists(st.lists(st.sampled_from(POOL), max_size=20, unique=True), min_size=1, max_size=8)


def shown(model: FindingsModel) -> list[tuple[str, list[Finding]]]:
    out = []
    for g in range(model.rowCount()):
        parent = model.index(g, 0)
        items = [model.index(r, 0, parent).data(FindingsModel.FindingRole) for r in range(model.rowCount(parent))]
        out.append((items[0].severity if items else "", items))
    return out


def grouped(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    return [(sev, [f for f in findings if f.severity == sev]) for sev in (ERROR, WARNING, INFO)
            if any(f.severity == sev for f in findings)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lists)
def test_model_holds_each_new_list(qapp, sequence):
    model = FindingsModel()
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    resets: list = []
    model.modelReset.connect(lambda: resets.append(1))
    groups_before: list = []
    for findings in sequence:
        model.set_findings(findings)
        assert shown(model) == grouped(findings)
        groups_now = [sev for sev, _ in grouped(findings)]
        # a reset only when the severity groups themselves change
        if groups_now == groups_before:
            assert not resets
        resets.clear()
        groups_before = groups_now
        for g, (sev, items) in enumerate(grouped(findings)):
            assert model.index(g, 0).data(Qt.ItemDataRole.DisplayRole).endswith(f"（{len(items)}）")
    del tester
