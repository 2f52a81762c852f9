"""审核: a link.disagrees / link.available 提示 offers “关联预算数据” in its context menu; one undo step."""
from __future__ import annotations

import copy

import pytest

from gui.document import Document
from gui.findings import FindingsDock
from findings_helpers import finding_rows
from model.rules.links import LINK_FIXABLE
from resources.samples.build_sample import build_sample

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints\(\)$")

SAMPLE = build_sample()


def _rows(dock, rules):
    return finding_rows(dock.model, rules)


@pytest.mark.parametrize("typed", ["", "90%", "100%"])
def test_link_hint_fixed_from_the_review_panel_undoably(qtbot, typed):
    r = copy.deepcopy(SAMPLE)
    linked = [i for i, ind in enumerate(r.dept.indicators) if ind.link]
    for i in linked:                           # as typed by hand: unlinked, a value or nothing
        r.dept.indicators[i].link = ""
        r.dept.indicators[i].actual = typed
    doc = Document(r)
    dock = FindingsDock(doc, delay_ms=0)
    qtbot.addWidget(dock)
    dock.refresh()
    rows = _rows(dock, LINK_FIXABLE)
    assert sorted(f.where for _i, f in rows) == [f"dept.indicators[{i}].actual" for i in linked]
    # no review item among them: only the link action is offered, for all selected at once
    view = dock.view
    for idx, _f in rows:
        view.selectionModel().select(idx, view.selectionModel().SelectionFlag.Select
                                     | view.selectionModel().SelectionFlag.Rows)
    menu = dock.view.context_menu()
    assert [a.text() for a in menu.actions()] == [f"关联预算数据（{len(linked)} 项）"]
    menu.actions()[0].trigger()
    assert [doc.report.dept.indicators[i].link for i in linked] == ["public_funds_control", "three_public_control"]
    dock.refresh()
    assert _rows(dock, LINK_FIXABLE) == []
    doc.undo()                                 # one step back: both unlinked, the typed values kept
    assert [doc.report.dept.indicators[i].link for i in linked] == ["", ""]
    assert [doc.report.dept.indicators[i].actual for i in linked] == [typed, typed]


def test_other_findings_get_no_menu(qtbot):
    r = copy.deepcopy(SAMPLE)
    r.info.phone = "12"
    doc = Document(r)
    dock = FindingsDock(doc, delay_ms=0)
    qtbot.addWidget(dock)
    dock.refresh()
    [(idx, _f)] = _rows(dock, {"info.phone"})
    dock.view.setCurrentIndex(idx)
    assert dock.view.context_menu() is None
