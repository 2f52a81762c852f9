"""How the pages look: nothing clipped at the window's minimum size, no blank note lines,
placeholders on empty fields and tables, column headers that fit."""
from decimal import Decimal as D

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractScrollArea, QApplication, QGroupBox, QLabel, QLineEdit,
                               QSplitter, QToolBar, QWidget)

from gui.document import Document
from gui.mainwindow import MainWindow
from gui.pages.base import PAGE_MARGINS
from gui.pages.budget import BudgetPage
from gui.pages.indicators import DeptIndicatorPage
from gui.pages.info import InfoPage
from gui.pages.projects import ProjectsPage
from model.report import new_report


def _settle(qtbot):
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(1)


def _minimum_window(qtbot, report):
    win = MainWindow(Document(report), findings_delay_ms=0)
    qtbot.addWidget(win)
    win.doc.autosave_timer.stop()
    win.resize(win.minimumSize())
    win.show()
    qtbot.waitExposed(win)
    return win


def _label_shows_all(label: QLabel) -> bool:
    if label.wordWrap():
        return label.heightForWidth(label.width()) <= label.height()
    return label.sizeHint().width() <= label.width() + 1


def test_every_page_fits_its_tab_at_the_minimum_window_size(qtbot, sample_report):
    win = _minimum_window(qtbot, sample_report)
    assert (win.width(), win.height()) == (900, 600)
    for i in range(win.tabs.count()):
        win.tabs.setCurrentIndex(i)
        _settle(qtbot)
        slot = win.tabs.widget(i)
        page = slot.page
        # a page taller or wider than its tab is cut off at the bottom (under the 审核 panel)
        assert page.height() <= slot.height() and page.width() <= slot.width(), win.tabs.tabText(i)
    # the 审核 panel keeps its height: no page squeezes it
    assert win.findings.height() >= 100


def test_table_pages_scroll_instead_of_cutting_off_their_summary(qtbot, sample_report):
    win = _minimum_window(qtbot, sample_report)
    for title in ("部门整体绩效指标", "项目"):
        assert win.select_tab(title)
        _settle(qtbot)
        page = win.tabs.currentWidget().page
        body = page.scroll.widget()
        # the page is shorter than what it holds: a scroll bar reaches the rest
        assert body.height() > page.scroll.viewport().height()
        assert page.scroll.verticalScrollBar().maximum() > 0
        summary = page.editor.summary_label
        bottom = summary.mapTo(body, summary.rect().bottomLeft()).y()
        assert bottom <= body.height()
        # no part of the page is squeezed below what it needs (the goals overlapping the
        # execution box, say): the body is as tall as its parts
        for split in body.findChildren(QSplitter):
            for i, size in enumerate(split.sizes()):
                need = split.widget(i).minimumSizeHint()
                need = need.height() if split.orientation() == Qt.Orientation.Vertical else need.width()
                assert size >= need, (title, i, size, need)
        # and the execution-rate advice is shown whole
        note = page.execution.note
        assert note.text() and _label_shows_all(note), title


def test_execution_note_moves_below_the_numbers_on_a_narrow_page(qtbot, sample_report):
    page = DeptIndicatorPage(Document(sample_report))
    qtbot.addWidget(page)
    page.resize(1400, 800)
    page.show()
    qtbot.waitExposed(page)
    _settle(qtbot)
    box = page.execution
    note, score = box.note, box.values["score"]
    assert note.text() and note.isVisible()
    # wide: at the end of the row of numbers
    assert box.note_inline and abs(note.geometry().center().y() - score.mapTo(box, score.rect().center()).y()) < 4
    page.resize(900, 600)
    _settle(qtbot)
    # narrow: on a line of its own, whole
    assert not box.note_inline
    assert note.geometry().top() >= score.mapTo(box, score.rect().bottomLeft()).y()
    assert _label_shows_all(note)
    assert note.mapTo(page, note.rect().topRight()).x() <= page.width()


def test_indicator_table_headers_fit_at_the_minimum_window_size(qtbot, sample_report):
    win = _minimum_window(qtbot, sample_report)
    for title in ("部门整体绩效指标", "项目"):
        assert win.select_tab(title)
        _settle(qtbot)
        page = win.tabs.currentWidget().page
        header = page.editor.view.horizontalHeader()
        for col in range(page.editor.model.columnCount()):
            text = page.editor.model.headerData(col, Qt.Orientation.Horizontal)
            assert header.sectionSize(col) >= header.sectionSizeFromContents(col).width(), (title, text)


def test_budget_total_note_takes_no_line_when_empty(qtbot):
    doc = Document(new_report(2025))
    page = BudgetPage(doc)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert page.full_year_note.text() == "" and not page.full_year_note.isVisible()
    doc.set_value("budget.initial", D("100"), "修改年初预算数")
    assert "全年预算数未单独填写" in page.full_year_note.text() and page.full_year_note.isVisible()


def test_project_funds_message_hidden_until_input_is_refused(qtbot, sample_report):
    page = ProjectsPage(Document(sample_report))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert not page.funds_message.isVisible()
    fm = page.funds_model
    assert not fm.setData(fm.index(0, 4), "50.1.2")
    assert page.funds_message.isVisible() and page.funds_message.text()
    assert fm.setData(fm.index(0, 4), "50")
    assert not page.funds_message.isVisible()


def test_empty_info_fields_have_placeholders(qtbot):
    page = InfoPage(Document(new_report(2025)))
    qtbot.addWidget(page)
    checked = 0
    for path, w in page.fields.items():
        edit = w if isinstance(w, QLineEdit) else getattr(w, "lineEdit", lambda: None)()
        if isinstance(edit, QLineEdit) and not edit.text() and not edit.isReadOnly():
            assert edit.placeholderText(), path
            checked += 1
    assert checked >= 5      # 预算编码, 主管部门, 单位性质, 填表人, 联系电话, 单位负责人


def test_empty_indicator_table_says_how_to_fill_it(qtbot):
    page = DeptIndicatorPage(Document(new_report(2025, skeleton=False)))
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitExposed(page)
    view = page.editor.view
    assert page.editor.model.rowCount() == 0
    assert "添加指标" in view.placeholder_text() and "从指标库选取" in view.placeholder_text()
    with_text = view.viewport().grab().toImage()
    hint = view.placeholder_text()
    view.set_placeholder_text("")
    blank = view.viewport().grab().toImage()
    assert with_text != blank           # the hint is painted into the empty grid
    view.set_placeholder_text(hint)


def test_every_page_button_explains_itself(qtbot, sample_report):
    win = MainWindow(Document(sample_report), findings_delay_ms=0)
    qtbot.addWidget(win)
    win.doc.autosave_timer.stop()
    win.show()
    qtbot.waitExposed(win)
    missing = []
    for i in range(win.tabs.count()):
        win.tabs.setCurrentIndex(i)
        _settle(qtbot)
        page = win.tabs.widget(i).page
        for b in page.findChildren(QAbstractButton):
            # a toolbar's buttons show their action's tooltip; a table's corner button has no text
            if b.isVisibleTo(page) and b.text() and not isinstance(b.parent(), QToolBar) and not b.toolTip():
                missing.append(f"{win.tabs.tabText(i)}：{b.text()}")
    assert missing == []


def test_every_page_has_the_same_margins(qtbot, sample_report):
    win = MainWindow(Document(sample_report), findings_delay_ms=0)
    qtbot.addWidget(win)
    win.doc.autosave_timer.stop()
    win.show()
    qtbot.waitExposed(win)
    lefts, tops = {}, {}
    for i in range(win.tabs.count()):
        win.tabs.setCurrentIndex(i)
        _settle(qtbot)
        slot = win.tabs.widget(i)
        shown = [w for w in slot.page.findChildren(QWidget)
                 if w.isVisibleTo(slot.page) and isinstance(w, (QLabel, QGroupBox, QAbstractScrollArea))
                 and not isinstance(w.parent(), QAbstractScrollArea)      # not a scroll area's viewport
                 and w is not getattr(slot.page, "scroll", None)]
        corners = [w.mapTo(slot, QPoint(0, 0)) for w in shown]
        lefts[win.tabs.tabText(i)] = min(p.x() for p in corners)
        tops[win.tabs.tabText(i)] = min(p.y() for p in corners)
    assert set(lefts.values()) == {PAGE_MARGINS[0]}, lefts
    assert set(tops.values()) == {PAGE_MARGINS[1]}, tops


def test_going_to_a_finding_scrolls_a_small_page_to_it(qtbot, sample_report):
    win = _minimum_window(qtbot, sample_report)
    for title, path in (("部门整体绩效指标", "dept.indicators[3].note"),
                        ("项目", "projects[0].indicators[2].actual"),
                        ("项目", "projects[0].goal")):
        assert win.select_tab(title)
        _settle(qtbot)
        page = win.tabs.currentWidget().page
        page.scroll.verticalScrollBar().setValue(0)
        _settle(qtbot)
        assert page.focus_path(path)
        _settle(qtbot)
        if ".indicators[" in path:
            view = page.editor.view
            cell = view.visualRect(view.currentIndex())
            shown = view.viewport().visibleRegion().intersected(cell).boundingRect()
            assert shown == cell, (path, cell, shown)     # the whole cell is on screen
        else:
            w = QApplication.focusWidget()
            assert w is page.goal_edit
            assert w.visibleRegion().boundingRect().height() >= min(w.height(), 40), path
