"""Rows of the 审核 panel's model, for tests."""
from __future__ import annotations

from gui.findings_list import FindingsModel


def finding_rows(model, rules) -> list:
    """(index, finding) of every finding in ``model`` whose rule is in ``rules``, in list order."""
    out = []
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        for r in range(model.rowCount(group)):
            idx = model.index(r, 0, group)
            f = idx.data(FindingsModel.FindingRole)
            if f.rule in rules:
                out.append((idx, f))
    return out
