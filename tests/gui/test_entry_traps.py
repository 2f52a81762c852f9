"""Data-entry traps: typed dates, the calendar's first page, outlines that follow an edit at
once, Alt+Down on a grid's drop-down cell, 正文 undo by typing bursts, wide drop-down lists."""
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QVBoxLayout, QWidget

from gui.document import Document
from gui.mainwindow import MainWindow
from gui.pages.section import BURST_PAUSE_S, SectionEditor, inserted_text
from gui.date_field import DateTextEdit
from model.dates import parse_day
from model.report import new_report

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support", r"^edit: editing failed")

DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))
FORMS = (lambda d: f"{d:%Y-%m-%d}", lambda d: f"{d.year}年{d.month}月{d.day}日",
         lambda d: f"{d.year}.{d.month}.{d.day}", lambda d: f"{d.year}/{d.month}/{d.day}",
         lambda d: f"{d.year}-{d.month}-{d.day}", lambda d: f"{d:%Y%m%d}",
         lambda d: f"{d.year} 年 {d.month} 月 {d.day} 日")


@given(day=DAYS, form=st.sampled_from(FORMS))
def test_typed_days_are_read_in_every_usual_form(day, form):
    assert parse_day(form(day)) == day


@pytest.mark.parametrize("text", ["2026年3月", "2026-03", "2026-02-30", "2026.13.1", "三月十五日", "2026-3/15",
                                  "2026年3月15日前完成", "", "15.3.2026"])
def test_what_is_not_one_day_is_not_read(text):
    assert parse_day(text) is None


@pytest.fixture
def date_form(qtbot):
    doc = Document(new_report(2025, "某局"))
    box = QWidget()
    lay = QVBoxLayout(box)
    edit = DateTextEdit(doc, "info.fill_date", "填报日期")
    other = QLineEdit()
    lay.addWidget(edit)
    lay.addWidget(other)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    edit.box = box          # the form lives as long as the test holds the field
    return doc, edit, other


def _type_into(qtbot, edit, text):
    edit.setFocus()
    edit.lineEdit().selectAll()
    if text.isascii():
        qtbot.keyClicks(edit, text)        # typed key by key
    else:
        edit.lineEdit().insert(text)       # what an input method commits


def test_date_field_accepts_a_typed_date(date_form, qtbot):
    doc, edit, other = date_form

    @settings(max_examples=12, deadline=None)
    @given(day=DAYS, form=st.sampled_from(FORMS), by_enter=st.booleans())
    def run(day, form, by_enter):
        doc.set_value("info.fill_date", "")
        _type_into(qtbot, edit, form(day))
        if by_enter:
            qtbot.keyClick(edit, Qt.Key.Key_Return)
        else:
            other.setFocus()
        assert doc.report.info.fill_date == f"{day:%Y-%m-%d}"
        assert edit.date() == QDate(day.year, day.month, day.day)
        assert edit.lineEdit().text() == f"{day.year}年{day.month}月{day.day}日"
        assert edit.error == ""

    run()


def test_date_field_refuses_what_it_cannot_read_and_keeps_the_date(date_form, qtbot):
    doc, edit, other = date_form
    doc.set_value("info.fill_date", "2026-03-15")
    messages = []
    doc.inputError.connect(messages.append)
    _type_into(qtbot, edit, "2026-02-30")
    other.setFocus()
    assert doc.report.info.fill_date == "2026-03-15"
    assert edit.lineEdit().text() == "2026年3月15日"
    assert messages and "无法识别" in messages[-1] and "2026-02-30" in messages[-1]
    # an emptied field clears the date, and shows that it has none
    edit.setFocus()
    edit.lineEdit().clear()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert doc.report.info.fill_date == "" and messages[-1] == ""
    assert edit.lineEdit().text() == "（未填写）"
    edit.setFocus()
    other.setFocus()          # passing through an empty field changes nothing
    assert edit.lineEdit().text() == "（未填写）" and doc.report.info.fill_date == ""
    # Esc puts back what was there before the typing
    doc.set_value("info.fill_date", "2026-03-15")
    _type_into(qtbot, edit, "2027")
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert edit.lineEdit().text() == "2026年3月15日" and doc.report.info.fill_date == "2026-03-15"


@pytest.mark.parametrize("offset", [-3, 0, 1, 4])
def test_calendar_of_an_empty_date_opens_in_the_reports_filing_period(qtbot, offset):
    today = QDate.currentDate()
    year = today.year() - 1 + offset     # offset 0/1: today is in the report's year or the one after
    doc = Document(new_report(year, "某局"))
    edit = DateTextEdit(doc, "info.fill_date", "填报日期")
    qtbot.addWidget(edit)
    edit.show()
    qtbot.waitExposed(edit)
    # the arrow at the right end opens the calendar popup
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() - 6, edit.height() // 2))
    calendar = edit.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    shown = (calendar.yearShown(), calendar.monthShown())
    if today.year() in (year, year + 1):
        assert shown == (today.year(), today.month())
    else:
        assert shown == (year + 1, 1)
    assert doc.report.info.fill_date == ""


@pytest.mark.parametrize("text, warned", [("12", True), ("0731-84512345", False), ("1380013", True),
                                           ("13800138000", False)])
def test_outline_follows_an_edit_at_once(qtbot, sample_report, text, warned):
    # a long pause before the 审核 pass: only the immediate outline can make this pass
    win = MainWindow(Document(sample_report), findings_delay_ms=60_000)
    qtbot.addWidget(win)
    win.findings.refresh()
    phone = win.pages["info"].fields["info.phone"]
    assert (phone.property("finding") or "") == ""
    phone.setFocus()
    phone.selectAll()
    qtbot.keyClicks(phone, text)
    assert (phone.property("finding") == "warning") == warned
    # and it goes as soon as the value is right again
    phone.selectAll()
    qtbot.keyClicks(phone, "0731-84512345")
    assert (phone.property("finding") or "") == ""
    assert win.findings.timer.isActive()       # the list itself still waits for its pass


def _indicator_grid(qtbot, sample_report):
    from gui.pages.indicators import DeptIndicatorPage
    page = DeptIndicatorPage(Document(sample_report))
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitActive(page)
    return page


def _editable_row(view, col):
    model = view.model()
    return next(r for r in range(1, model.rowCount())
                if model.flags(model.index(r, col)) & Qt.ItemFlag.ItemIsEditable)


@pytest.mark.parametrize("column", ["level1", "level2", "nature"])
def test_alt_down_opens_the_dropdown_of_a_cell_and_does_not_move_the_row(qtbot, sample_report, column):
    from gui.tables import indicators as t
    col = {"level1": t.COL_LEVEL1, "level2": t.COL_LEVEL2, "nature": t.COL_NATURE, "grade": t.COL_GRADE}[column]
    page = _indicator_grid(qtbot, sample_report)
    view = page.editor.view
    before = [ind.name for ind in page.doc.report.dept.indicators]
    row = _editable_row(view, col)
    view.select_cell(row, col)
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    combo = view.indexWidget(view.model().index(row, col))
    assert isinstance(combo, QComboBox)
    qtbot.waitUntil(lambda: combo.view().isVisible())
    assert [ind.name for ind in page.doc.report.dept.indicators] == before
    combo.hidePopup()


def test_alt_down_is_left_to_the_row_move_on_a_cell_without_dropdown(qtbot, sample_report):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    from gui.tables import indicators as t
    page = _indicator_grid(qtbot, sample_report)
    view = page.editor.view

    def taken_by_cell(col):
        view.select_cell(1, col)
        event = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
        event.ignore()
        QApplication.sendEvent(view, event)
        return event.isAccepted()

    assert not taken_by_cell(t.COL_NAME) and not taken_by_cell(t.COL_TARGET)     # 下移 still works there
    assert taken_by_cell(t.COL_LEVEL1) and taken_by_cell(t.COL_NATURE)
    names = [ind.name for ind in page.doc.report.dept.indicators]
    view.select_cell(1, t.COL_NAME)
    page.editor.act_down.trigger()
    assert [ind.name for ind in page.doc.report.dept.indicators][1:3] == [names[2], names[1]]


@pytest.mark.parametrize("column", ["level1", "level2", "nature"])
def test_grid_dropdowns_are_as_wide_as_their_widest_item(qtbot, sample_report, column):
    from gui.tables import indicators as t
    col = {"level1": t.COL_LEVEL1, "level2": t.COL_LEVEL2, "nature": t.COL_NATURE, "grade": t.COL_GRADE}[column]
    page = _indicator_grid(qtbot, sample_report)
    view = page.editor.view
    index = view.model().index(_editable_row(view, col), col)
    view.setCurrentIndex(index)
    view.edit(index)
    combo = view.indexWidget(index)
    combo.showPopup()
    qtbot.waitUntil(lambda: combo.view().isVisible())
    popup = combo.view()
    metrics = popup.fontMetrics()
    for i in range(combo.count()):
        rect = popup.visualRect(combo.model().index(i, 0))
        assert metrics.horizontalAdvance(combo.itemText(i)) <= rect.width(), combo.itemText(i)
    combo.hidePopup()


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


WORD = st.text(alphabet="绩效目标完成资金到位ab", min_size=1, max_size=6)
BURST = st.tuples(st.lists(WORD, min_size=1, max_size=3), st.sampled_from(["。", "\n", "pause", "focus"]))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bursts=st.lists(BURST, min_size=1, max_size=5))
def test_one_undo_in_a_section_undoes_one_typing_burst(qtbot, bursts):
    doc = Document(new_report(2025, "某局"))
    clock = FakeClock()
    editor = SectionEditor(doc, "sections[5]", "第六部分正文", clock=clock)
    qtbot.addWidget(editor)
    states = [""]
    for words, end in bursts:
        for word in words:
            for ch in word:                        # one character at a time, as typed
                clock.now += 0.2
                editor.insertPlainText(ch)
        if end in ("。", "\n"):
            clock.now += 0.2
            editor.insertPlainText(end)
        elif end == "pause":
            clock.now += BURST_PAUSE_S + 0.5
        else:
            doc.seal()                             # what leaving the box does
        states.append(editor.toPlainText())
    assert doc.report.sections[5] == states[-1]
    for expected in reversed(states[:-1]):
        doc.undo()
        assert doc.report.sections[5] == expected
        assert editor.toPlainText() == expected
    assert not doc.undo_stack.canUndo()


@settings(max_examples=40)
@given(old=st.text(alphabet="ab。\n", max_size=8), pos=st.integers(0, 8), ins=st.text(alphabet="cd。", max_size=4))
def test_inserted_text_is_what_was_typed(old, pos, ins):
    pos = min(pos, len(old))
    new = old[:pos] + ins + old[pos:]
    got = inserted_text(old, new)
    assert len(got) == len(ins) and sorted(got) == sorted(ins) or got == ins
