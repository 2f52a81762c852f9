"""The projects page: list operations with undo, details bound to the selected project, funds, focus."""
from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gui.document import Document
from gui.pages.projects import ProjectListModel, ProjectsPage
from gui.tables.indicators import COL_ACTUAL, COL_SCORE

from tables_data import sample_report
from typing_helpers import type_text


@pytest.fixture
def page(qtbot):
    doc = Document(sample_report(projects=3))
    for i, p in enumerate(doc.report.projects):
        p.name = f"项目{'甲乙丙'[i]}"
    p = ProjectsPage(doc)
    qtbot.addWidget(p)
    p.resize(1400, 900)
    p.show()
    qtbot.waitExposed(p)
    return p


def names(page):
    return [p.name for p in page.doc.report.projects]


def listed(page):
    m = page.list_model
    return [m.data(m.index(r, 0)) for r in range(m.rowCount())]


def test_models_pass_modeltester(qtmodeltester, page):
    qtmodeltester.check(page.list_model, force_py=True)
    qtmodeltester.check(page.funds_model, force_py=True)
    qtmodeltester.check(page.editor.model, force_py=True)
    qtmodeltester.check(ProjectListModel(Document(sample_report(projects=0))), force_py=True)


def test_first_project_shown(page):
    assert page.current == 0
    assert listed(page) == ["1. 项目甲", "2. 项目乙", "3. 项目丙"]
    tip = page.list_model.data(page.list_model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert "专项资金" in tip and "自评得分 99.60（优）" in tip
    assert page.name_edit.text() == "项目甲"
    assert page.category_edit.currentText() == "专项资金"
    assert page.editor.model.list_path == "projects[0].indicators"
    assert page.execution.values["rate"].text() == "96.00%"


def test_selecting_shows_its_details(qtbot, page):
    page.doc.report.projects[1].implementer = "某街道工会"
    page.list_view.setCurrentIndex(page.list_model.index(1, 0))
    assert page.current == 1
    assert page.impl_edit.text() == "某街道工会"
    assert page.editor.model.list_path == "projects[1].indicators"
    # editing goes to the selected project
    page.name_edit.setText("")
    page.name_edit.setFocus()
    type_text(page.name_edit, "新名称")
    assert names(page)[1] == "新名称"
    assert listed(page)[1] == "2. 新名称"


def test_add_project_with_undo(qtbot, page):
    page.list_view.setCurrentIndex(page.list_model.index(0, 0))
    row = page.add_project()
    assert row == 1 and names(page)[1] == "新项目"
    assert page.current == 1 and page.name_edit.text() == "新项目"
    assert page.editor.model.rowCount() == 0
    page.doc.undo_stack.undo()
    assert names(page) == ["项目甲", "项目乙", "项目丙"]
    assert page.name_edit.text() in names(page)


def test_rename_inline_with_undo(page):
    m = page.list_model
    assert m.setData(m.index(2, 0), "  送温暖项目 ")
    assert names(page)[2] == "送温暖项目"
    assert not m.setData(m.index(2, 0), "   ")      # an empty name is refused
    page.doc.undo_stack.undo()
    assert names(page)[2] == "项目丙"


def test_move_up_down_with_undo(page):
    page.select_project(2)
    page.btn_up.click()
    assert names(page) == ["项目甲", "项目丙", "项目乙"]
    assert page.current == 1 and page.name_edit.text() == "项目丙"
    page.btn_up.click()
    assert names(page) == ["项目丙", "项目甲", "项目乙"]
    assert not page.btn_up.isEnabled()
    page.btn_down.click()
    assert names(page) == ["项目甲", "项目丙", "项目乙"]
    page.doc.undo_stack.undo()
    page.doc.undo_stack.undo()
    page.doc.undo_stack.undo()
    assert names(page) == ["项目甲", "项目乙", "项目丙"]


def test_delete_asks_and_undo(page, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    page.select_project(1)
    page.btn_delete.click()
    assert names(page) == ["项目甲", "项目乙", "项目丙"]
    assert "项目乙" in asked[0] and "5 行" in asked[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.btn_delete.click()
    assert names(page) == ["项目甲", "项目丙"]
    assert page.current == 1 and page.name_edit.text() == "项目丙"
    page.doc.undo_stack.undo()
    assert names(page) == ["项目甲", "项目乙", "项目丙"]


def test_delete_last_project_leaves_empty_state(page, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    for _ in range(3):
        page.select_project(len(names(page)) - 1)
        assert page.delete_current()
    assert names(page) == []
    assert page.stack.currentWidget() is page.empty_label
    assert page.editor.model.rowCount() == 0
    page.doc.undo_stack.undo()
    assert names(page) == ["项目甲"]
    assert page.stack.currentWidget() is page.detail_split
    assert page.name_edit.text() == "项目甲"


def test_funds_table_edit_updates_rate_and_score(qtbot, page):
    fm = page.funds_model
    assert fm.data(fm.index(0, 5)) == "96.00%"
    assert fm.setData(fm.index(0, 4), "50")             # 全年执行数 of 年度资金总额
    assert page.doc.report.projects[0].total.executed == D(50)
    assert fm.data(fm.index(0, 5)) == "100.00%"
    assert page.execution.values["score"].text() == "10.00"
    with qtbot.waitSignal(fm.inputRejected) as blocker:
        assert not fm.setData(fm.index(0, 4), "50.1.2")
    assert "小数点" in blocker.args[0]
    assert page.funds_message.text() == blocker.args[0]
    assert page.doc.report.projects[0].total.executed == D(50)
    # 资金来源合计 = 当年财政拨款 + 上年结转 + 其他: 43 + 5 = 48 executed, against 50 → red
    assert fm.data(fm.index(4, 4)) == "48.00"
    assert fm.data(fm.index(4, 4), Qt.ItemDataRole.ForegroundRole) is not None
    # the tooltip is the 审核 finding of the same figure (balance.project_funds), word for word
    assert fm.data(fm.index(4, 4), Qt.ItemDataRole.ToolTipRole) == (
        "项目“项目甲”年度资金总额全年执行数 50.00 万元 ≠ 当年财政拨款 43.00 万元 + 上年结转资金 5.00 万元 + "
        "其他资金 未填 = 48.00 万元，相差 2.00 万元")
    assert fm.data(fm.index(4, 3), Qt.ItemDataRole.ForegroundRole) is None      # 全年预算数 adds up


def test_indicator_grid_of_project(qtbot, page):
    m = page.editor.model
    page.select_project(1)
    assert m.setData(m.index(1, COL_ACTUAL), "270人次")
    assert page.doc.report.projects[1].indicators[1].actual == "270人次"
    assert m.data(m.index(1, COL_SCORE)) == "18.00"
    assert page.doc.report.projects[0].indicators[1].actual == "326人次"


def test_focus_path_selects_project_and_cell(page):
    assert page.focus_path("projects[1].indicators[0].actual")
    assert page.current == 1
    cur = page.editor.view.currentIndex()
    assert (cur.row(), cur.column()) == (0, COL_ACTUAL)
    assert page.list_view.currentIndex().row() == 1
    assert page.focus_path("projects[2].total.executed")
    assert page.current == 2
    cur = page.funds_view.currentIndex()
    assert (cur.row(), cur.column()) == (0, 4)
    assert page.focus_path("projects[0].goal")
    assert page.current == 0
    assert not page.focus_path("projects[7].name")
    assert not page.focus_path("dept.goal")


def test_library_offers_trade_union_projects_first(page):
    scopes = []
    page.editor.pick_entries = lambda entries, year, level1, scope, parent: scopes.append(scope) or []
    page.editor.act_library.trigger()
    page.doc.report.info.unit_name = "某县教育局"
    page.editor.act_library.trigger()
    assert scopes == ["工会项目", "通用项目"]
