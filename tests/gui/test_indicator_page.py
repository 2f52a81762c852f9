"""The department indicator page: typing in the grid, messages, paste, library, focus."""
from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox, QLineEdit, QMessageBox, QPlainTextEdit

from gui.document import Document
from gui.pages import library_dialog
from gui.pages.indicators import DeptIndicatorPage, split_indicator_path
from gui.tables.indicators import (COL_ACTUAL, COL_GRADE, COL_LEVEL1, COL_NAME, COL_NOTE, COL_SCORE,
                                   COL_TARGET, COL_WEIGHT)
from gui.tables.tsv import to_tsv
from model.library import filter_entries, load_library
from model.report import GRADES

from tables_data import sample_report
from typing_helpers import type_text


@pytest.fixture
def page(qtbot):
    doc = Document(sample_report())
    p = DeptIndicatorPage(doc)
    qtbot.addWidget(p)
    p.resize(1400, 900)
    p.show()
    qtbot.waitExposed(p)
    return p


def score(page, row):
    return page.model.data(page.model.index(row, COL_SCORE))


def type_into_cell(qtbot, page, row, col, text):
    view = page.view
    view.select_cell(row, col)
    view.edit(view.currentIndex())
    editor = QApplication.focusWidget()
    assert isinstance(editor, (QLineEdit, QComboBox, QPlainTextEdit)), editor
    if isinstance(editor, QLineEdit):
        editor.selectAll()
    type_text(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.view.state() != QAbstractItemView.State.EditingState)
    return editor


def note_findings(doc, row):
    return [f for f in doc.summary().findings if f.where.startswith(f"dept.indicators[{row}]")
            and "偏差" in f.message]


def test_typing_target_and_actual_scores_and_flags(qtbot, page):
    doc = page.doc
    type_into_cell(qtbot, page, 2, COL_TARGET, "≥96%")
    # Enter moved down, like a spreadsheet
    assert page.view.currentIndex().row() == 3 and page.view.currentIndex().column() == COL_TARGET
    type_into_cell(qtbot, page, 2, COL_ACTUAL, "95%")
    assert doc.report.dept.indicators[2].target == "≥96%"
    assert doc.report.dept.indicators[2].actual == "95%"
    assert score(page, 2) == "9.90"
    assert page.model.row_result(2).flagged
    assert "第 3、4 行" in page.editor.summary_label.text() or "第 3" in page.editor.summary_label.text()
    type_into_cell(qtbot, page, 2, COL_NOTE, "个别对象外出务工")
    assert doc.report.dept.indicators[2].note == "个别对象外出务工"
    assert page.model.row_result(2).flagged
    assert page.model.data(page.model.index(2, COL_NOTE)) == "个别对象外出务工"


def _checks_available() -> bool:
    from model.checks import run_checks
    from model.report import Indicator, new_report
    r = new_report(2024)
    r.dept.indicators = [Indicator("产出指标", "数量指标", "x", "", "≥10个", "5个", D(10))]
    return bool(run_checks(r))


@pytest.mark.skipif(not _checks_available(), reason="审核规则（model.checks）尚未合入本分支")
def test_note_in_grid_clears_the_finding(qtbot, page):
    doc = page.doc
    type_into_cell(qtbot, page, 2, COL_ACTUAL, "280人次")
    assert page.model.row_result(2).flagged
    assert note_findings(doc, 2), "a flagged row without a note must be a finding"
    type_into_cell(qtbot, page, 2, COL_NOTE, "个别对象外出务工")
    assert page.model.row_result(2).flagged
    assert not note_findings(doc, 2)


def test_bad_weight_shows_message_and_keeps_value(qtbot, page):
    type_into_cell(qtbot, page, 3, COL_WEIGHT, "189.67190.2")
    assert page.editor.message.isVisible()
    assert "小数点" in page.editor.message.text()
    assert page.doc.report.dept.indicators[3].weight == D(10)
    assert page.model.data(page.model.index(3, COL_WEIGHT)) == "10"


def test_undo_restores_typed_cell(qtbot, page):
    type_into_cell(qtbot, page, 0, COL_ACTUAL, "120%")
    assert page.doc.report.dept.indicators[0].actual == "120%"
    page.doc.undo_stack.undo()
    assert page.model.data(page.model.index(0, COL_ACTUAL)) == "86.4%"


def test_grade_combo(qtbot, page):
    row = 6
    view = page.view
    view.select_cell(row, COL_GRADE)
    view.edit(view.currentIndex())
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(GRADES[2]))
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    assert page.doc.report.dept.indicators[row].grade == GRADES[2]
    assert score(page, row) == "3.00"


def test_level1_combo_offers_profile_blocks(qtbot, page):
    view = page.view
    view.select_cell(0, COL_LEVEL1)
    view.edit(view.currentIndex())
    combo = QApplication.focusWidget().parentWidget() if isinstance(QApplication.focusWidget(), QLineEdit) \
        else QApplication.focusWidget()
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())][:4] == ["成本指标", "产出指标", "效益指标", "满意度指标"]
    combo.setEditText("自定义指标")
    qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    assert page.doc.report.dept.indicators[0].level1 == "自定义指标"
    assert "不在指标体系中" in page.editor.summary_label.text()


def test_paste_3x4_block_from_clipboard_is_one_undo_step(qtbot, page):
    doc = page.doc
    text = to_tsv([["产出指标", "数量指标", "技能竞赛场次", "≥"],
                   ["产出指标", "质量指标", "培训合格率", "="],
                   ["满意度指标", "服务对象满意度指标", "劳模满意度", "≥"]])
    QGuiApplication.clipboard().setText(text)
    page.view.select_cell(8, COL_LEVEL1)
    before = doc.undo_stack.count()
    page.editor.act_paste.trigger()
    assert page.model.rowCount() == 11
    assert [i.name for i in doc.report.dept.indicators[8:]] == ["技能竞赛场次", "培训合格率", "劳模满意度"]
    assert doc.report.dept.indicators[9].nature == "="
    assert doc.undo_stack.count() == before + 1
    doc.undo_stack.undo()
    assert page.model.rowCount() == 9
    assert doc.report.dept.indicators[8].name == "职工满意度"


def test_copy_selection_as_tsv(qtbot, page):
    page.view.select_cell(2, COL_NAME)
    text = page.view.copy_selection()
    assert text == "困难职工帮扶人次\r\n"
    assert QGuiApplication.clipboard().text() == text


def test_add_insert_move_delete_rows(qtbot, page, monkeypatch):
    doc = page.doc
    ed = page.editor
    page.view.select_cell(3, COL_NAME)
    ed.act_insert.trigger()
    assert page.model.rowCount() == 10
    assert doc.report.dept.indicators[3].name == "" and doc.report.dept.indicators[3].level1 == "产出指标"
    # an empty row goes without asking
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("asked for an empty row"))
    ed.act_delete.trigger()
    assert page.model.rowCount() == 9
    # a filled row asks; "No" keeps it
    answers = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: answers.append(a[2]) or QMessageBox.StandardButton.No)
    page.view.select_cell(3, COL_NAME)
    ed.act_delete.trigger()
    assert page.model.rowCount() == 9 and "送温暖慰问覆盖率" in answers[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    ed.act_delete.trigger()
    assert page.model.rowCount() == 8
    assert "送温暖慰问覆盖率" not in [i.name for i in doc.report.dept.indicators]
    doc.undo_stack.undo()
    assert doc.report.dept.indicators[3].name == "送温暖慰问覆盖率"
    page.view.select_cell(3, COL_NAME)
    ed.act_up.trigger()
    assert doc.report.dept.indicators[2].name == "送温暖慰问覆盖率"
    assert page.view.currentIndex().row() == 2
    ed.act_down.trigger()
    assert doc.report.dept.indicators[3].name == "送温暖慰问覆盖率"
    n = page.model.rowCount()
    ed.act_add.trigger()
    assert page.model.rowCount() == n + 1 and page.view.currentIndex().row() == n


def test_library_pick_inserts_row(qtbot, page):
    entries = load_library()
    wanted = filter_entries(entries, "职工满意度", scope="工会项目")
    assert wanted and wanted[0].name == "职工满意度"
    page.editor.pick_entries = lambda *a, **k: wanted[:1]
    page.view.select_cell(2, COL_NAME)
    page.editor.act_library.trigger()
    row = page.doc.report.dept.indicators[2]
    assert (row.level1, row.name, row.target, row.weight) == ("满意度指标", "职工满意度", "≥90%", D(5))
    assert page.view.currentIndex().row() == 2 and page.view.currentIndex().column() == COL_ACTUAL


def test_library_dialog_filters_and_returns_choice(qtbot, qtmodeltester):
    entries = load_library()
    dlg = library_dialog.LibraryDialog(entries, 2025, default_scope="工会项目")
    qtbot.addWidget(dlg)
    qtmodeltester.check(dlg.model, force_py=True)
    assert not dlg.ok_button.isEnabled()
    dlg.filter_edit.setText("送温暖")
    names = [dlg.model.entry(r).name for r in range(dlg.model.rowCount())]
    assert names and all("送温暖" in n for n in names)
    dlg.select_rows([0])
    assert dlg.ok_button.isEnabled() and dlg.chosen()[0].name == names[0]
    # a 时效 target gets the report year
    dlg.filter_edit.setText("送温暖活动完成时间")
    assert dlg.model.data(dlg.model.index(0, 4)) == "2025年2月10日之前完成"


def test_focus_path_selects_cell(qtbot, page):
    assert split_indicator_path("dept.indicators[3].note") == ("dept.indicators", 3, "note")
    assert page.focus_path("dept.indicators[3].note")
    cur = page.view.currentIndex()
    assert (cur.row(), cur.column()) == (3, COL_NOTE)
    assert page.focus_path("dept.indicators[1].manual_score")
    assert page.view.currentIndex().column() == COL_SCORE
    assert page.focus_path("dept.goal")
    assert page.focus_path("dept.execution_note")
    qtbot.waitUntil(page.execution_note.hasFocus)
    assert not page.focus_path("dept.indicators[30].note")
    assert not page.focus_path("budget.initial")


def test_execution_box_follows_budget(qtbot, page):
    assert page.execution.values["rate"].text() == "99.55%"
    assert page.execution.values["score"].text() == "9.96"
    page.doc.set_value("budget.executed", D("260"))
    assert page.execution.values["rate"].text() == "102.45%"
    assert page.execution.values["score"].text() == "10.00"
    assert "超过 100%" in page.execution.note.text()


def test_manual_score_and_restore_action(qtbot, page):
    type_into_cell(qtbot, page, 3, COL_SCORE, "9")
    assert page.doc.report.dept.indicators[3].manual_score == D(9)
    assert "手工得分 1 行" in page.editor.summary_label.text()
    assert page.editor.act_clear_manual.isEnabled()
    page.view.select_cell(3, COL_SCORE)
    page.editor.act_clear_manual.trigger()
    assert page.doc.report.dept.indicators[3].manual_score is None
    assert score(page, 3) == "9.90"


def test_keys_enter_moves_down_delete_clears(qtbot, page):
    view = page.view
    view.select_cell(1, COL_ACTUAL)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert view.currentIndex().row() == 2
    before = page.doc.undo_stack.count()
    view.select_cell(2, COL_ACTUAL)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert page.doc.report.dept.indicators[2].actual == ""
    assert page.model.row_result(2).flagged            # an empty actual value is flagged
    assert page.doc.undo_stack.count() == before + 1
    page.doc.undo_stack.undo()
    assert page.doc.report.dept.indicators[2].actual == "326人次"


def test_one_value_pasted_into_a_selection_fills_it(qtbot, page):
    from PySide6.QtCore import QItemSelection, QItemSelectionModel
    m = page.model
    sel = page.view.selectionModel()
    sel.select(QItemSelection(m.index(0, COL_WEIGHT), m.index(2, COL_WEIGHT)),
               QItemSelectionModel.SelectionFlag.ClearAndSelect)
    page.view.paste("8\r\n")
    assert [i.weight for i in page.doc.report.dept.indicators[:3]] == [D(8)] * 3
    assert "分值合计" in page.editor.summary_label.text()      # blocks no longer add up


def test_manual_score_outside_grade_band_is_marked(page):
    m = page.model
    row = 6                                             # 部分达成 → band 60 %–80 % of 10
    assert m.setData(m.index(row, COL_SCORE), "9.5")
    res = m.row_result(row)
    assert res.band_violation
    tip = m.data(m.index(row, COL_SCORE), Qt.ItemDataRole.ToolTipRole)
    assert "不在“部分达成年度指标并具有一定效果”对应的区间" in tip
    assert m.data(m.index(row, COL_SCORE), Qt.ItemDataRole.DecorationRole) is not None
