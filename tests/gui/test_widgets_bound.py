"""Bound editors: bad numbers refused with a visible message; undo restores text and numbers."""
from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt

from gui.document import Document
from gui.widgets import IntEdit, MoneyEdit, PlainTextEdit, TextLineEdit
from model.report import new_report

from typing_helpers import type_text


def _doc():
    r = new_report(2024, "某局")
    r.budget.executed = D("85.53")
    r.staff.actual_staff = 7
    return Document(r)


def test_bad_money_is_refused_with_message_and_old_value_kept(qtbot):
    doc = _doc()
    edit = MoneyEdit(doc, "budget.executed", "全年执行数")
    qtbot.addWidget(edit)
    assert edit.text() == "85.53"
    edit.clear()
    qtbot.keyClicks(edit, "189.67190.2")
    with qtbot.waitSignal(edit.inputError) as sig:
        qtbot.keyClick(edit, Qt.Key.Key_Return)            # Enter: refused, the field keeps the focus
    assert "小数点" in sig.args[0]
    assert doc.report.budget.executed == D("85.53")          # old value kept
    assert doc.undo_stack.count() == 0
    assert "小数点" in edit.error and "小数点" in edit.toolTip()
    assert "#d32f2f" in edit.styleSheet()                      # red border
    assert edit.text() == "189.67190.2"                        # what was typed stays visible to fix
    qtbot.keyClick(edit, Qt.Key.Key_Escape)                    # Esc puts the stored value back
    assert edit.text() == "85.53" and edit.error == "" and edit.styleSheet() == ""


def test_a_fields_own_tooltip_comes_back_after_refused_input_is_fixed(qtbot):
    doc = _doc()
    edit = MoneyEdit(doc, "budget.executed", "全年执行数")
    qtbot.addWidget(edit)
    edit.setToolTip("全年实际支出")
    edit.clear()
    qtbot.keyClicks(edit, "1.2.3")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert "小数点" in edit.toolTip()
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert edit.error == "" and edit.toolTip() == "全年实际支出"
    qtbot.keyClicks(edit, "x")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.error
    edit.clear()
    qtbot.keyClicks(edit, "90")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert doc.report.budget.executed == D("90") and edit.toolTip() == "全年实际支出"


def test_money_accepts_units_and_full_width(qtbot):
    doc = _doc()
    edit = MoneyEdit(doc, "budget.executed")
    qtbot.addWidget(edit)
    edit.setText("８５３，０００元")
    assert edit.commit()
    assert doc.report.budget.executed == D("85.3")
    assert edit.text() == "85.30"
    edit.setText("1.23456万元")                  # kept to 4 decimals and shown in full
    assert edit.commit()
    assert doc.report.budget.executed == D("1.2346") and edit.text() == "1.2346"
    edit.setText("")                              # empty = not entered
    assert edit.commit() and doc.report.budget.executed is None


def test_int_edit_refuses_fraction_and_undo_restores_number(qtbot):
    doc = _doc()
    edit = IntEdit(doc, "staff.actual_staff", "实际在职人数")
    qtbot.addWidget(edit)
    edit.setText("7.5")
    assert not edit.commit()
    assert "整数" in edit.error and doc.report.staff.actual_staff == 7
    edit.setText("９人")
    assert edit.commit() and doc.report.staff.actual_staff == 9
    doc.undo()
    assert doc.report.staff.actual_staff == 7
    assert edit.text() == "7" and edit.error == ""
    doc.redo()
    assert edit.text() == "9"


def test_typing_merges_into_one_undo_step_and_undo_restores_text(qtbot):
    doc = _doc()
    doc.report.sections[0] = "原有内容。"
    edit = PlainTextEdit(doc, "sections[0]", "正文")
    qtbot.addWidget(edit)
    cursor = edit.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    edit.setTextCursor(cursor)
    type_text(edit, "新增一句")
    assert doc.report.sections[0] == "原有内容。新增一句"
    assert doc.undo_stack.count() == 1                       # typing merged
    doc.undo()
    assert doc.report.sections[0] == "原有内容。"
    assert edit.toPlainText() == "原有内容。"
    assert doc.undo_stack.count() == 1 and doc.undo_stack.canRedo()   # the editor did not re-push
    doc.redo()
    assert edit.toPlainText() == "原有内容。新增一句"


def test_leaving_a_field_starts_a_new_undo_step(qtbot):
    doc = _doc()
    edit = TextLineEdit(doc, "info.unit_name", "单位名称")
    qtbot.addWidget(edit)
    type_text(edit, "县")
    doc.seal()                                   # what focus-out does
    type_text(edit, "总工会")
    assert doc.report.info.unit_name == "某局县总工会"
    assert doc.undo_stack.count() == 2
    doc.undo()
    assert doc.report.info.unit_name == "某局县" and edit.text() == "某局县"


def test_enter_stores_and_moves_to_the_next_field(qtbot):
    from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
    doc = _doc()
    box = QWidget()
    lay = QVBoxLayout(box)
    first = MoneyEdit(doc, "budget.executed")
    second = IntEdit(doc, "staff.actual_staff")
    lay.addWidget(first)
    lay.addWidget(second)
    qtbot.addWidget(box)
    box.setMinimumSize(200, 100)
    box.show()
    qtbot.waitExposed(box)
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    first.setText("90")
    qtbot.keyClick(first, Qt.Key.Key_Return)
    assert doc.report.budget.executed == D("90")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is second)
    second.setText("x")
    qtbot.keyClick(second, Qt.Key.Key_Return)
    assert second.hasFocus() and second.error


def test_ctrl_z_in_a_field_undoes_in_the_document(qtbot):
    doc = _doc()
    doc.report.sections[0] = "甲"
    edit = PlainTextEdit(doc, "sections[0]", "正文")
    line = TextLineEdit(doc, "info.unit_name", "单位名称")
    qtbot.addWidget(edit)
    qtbot.addWidget(line)
    cursor = edit.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    edit.setTextCursor(cursor)
    type_text(edit, "乙")
    doc.seal()
    type_text(line, "县")
    assert doc.undo_stack.count() == 2
    qtbot.keyClick(line, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.report.info.unit_name == "某局" and line.text() == "某局"
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.report.sections[0] == "甲" and edit.toPlainText() == "甲"
    assert doc.undo_stack.count() == 2 and doc.undo_stack.index() == 0      # nothing new was pushed
    qtbot.keyClick(edit, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert edit.toPlainText() == "甲乙"
    qtbot.keyClick(line, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert line.text() == "某局县"


def test_wheel_over_an_unfocused_spin_box_does_not_change_it(qtbot):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication
    from gui.widgets import IntSpinEdit
    doc = _doc()
    spin = IntSpinEdit(doc, "info.year", 1900, 2200, "年度")
    qtbot.addWidget(spin)
    wheel = QWheelEvent(QPointF(5, 5), QPointF(5, 5), QPoint(0, 0), QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(spin, wheel)
    assert doc.report.info.year == 2024 and doc.undo_stack.count() == 0


@pytest.mark.qt_log_ignore(r"^This plugin does not support (grabbing the keyboard|grabbing the mouse|raise\(\)|propagateSizeHints\(\))$")
def test_empty_date_opens_its_calendar_in_the_reports_filing_period(qtbot):
    from PySide6.QtCore import QDate, QPoint

    from gui.date_field import DateTextEdit
    doc = _doc()
    edit = DateTextEdit(doc, "info.fill_date", "填报日期")
    qtbot.addWidget(edit)
    edit.show()
    qtbot.waitExposed(edit)
    assert edit.text() == "（未填写）"
    # the arrow at the right end opens the calendar popup
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() - 6, edit.height() // 2))
    calendar = edit.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    today = QDate.currentDate()
    year = doc.report.info.year
    # at today while today is in the report's year or the year after (when reports are filed),
    # else at the start of the year after the report's year
    expected = (today.year(), today.month()) if today.year() in (year, year + 1) else (year + 1, 1)
    assert (calendar.yearShown(), calendar.monthShown()) == expected
    assert doc.report.info.fill_date == ""                     # opening it stores nothing


def test_a_refused_number_is_reported_in_the_window_status_bar(qtbot, sample_report):
    from gui.mainwindow import MainWindow
    win = MainWindow(Document(sample_report), findings_delay_ms=0)
    qtbot.addWidget(win)
    edit = win.pages["budget"].fields["budget.executed"]
    edit.setText("189.67190.2")
    assert not edit.commit()
    assert win.statusBar().currentMessage().startswith("输入有误，未保存：")
    assert "小数点" in win.statusBar().currentMessage()
    edit.setText("85.53")
    assert edit.commit()
    assert win.statusBar().currentMessage() == ""


def test_stored_dates_are_read_as_the_general_date_reader_reads_them():
    from model import numbers
    from gui.date_field import _iso_date
    for text in ("2025-03-18", "2024-02-29", "1900-01-01", "2199-12-31"):
        assert _iso_date(text) == numbers.parse_date(text)
    for text in ("2025-02-30", "2025-3-18", "２０２５-03-18", "2025/03/18", "", "2025-03-18 "):
        assert _iso_date(text) is None
