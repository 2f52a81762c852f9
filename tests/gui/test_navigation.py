"""The navigation tree: every page reachable on the office screen, projects as children kept in
sync (undo included), keyboard use, jumping to findings, the 审核 panel's height, maximised start."""
import copy
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from gui.document import Document
from gui.mainwindow import FINDINGS_HEIGHT, PREFERRED_SIZE, MainWindow, too_small_for
from gui.navigation import project_title
from model import store
from model.report import Project

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "示例-某县总工会-2024.jxzp"
#: logical window sizes of the office screens: 1366×768 at 100 % and at 125 % (1920×1080 at 125 % or
#: 150 % gives 1536×864 or 1280×720 logical pixels, between these two)
SCREENS = [(1366, 768), (round(1366 / 1.25), round(768 / 1.25))]


def _settle(qtbot):
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(1)


def _window(qtbot, report, size=None):
    win = MainWindow(Document(report), findings_delay_ms=0)
    qtbot.addWidget(win)
    win.doc.autosave_timer.stop()
    if size:
        win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.findings.refreshed_once)
    return win


@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_item_and_every_fund_row_is_visible_on_office_screens(qtbot, size):
    win = _window(qtbot, store.load(SAMPLE), size)
    assert (win.width(), win.height()) == size
    nav = win.nav
    items = nav.all_items()
    assert len(items) == 3 + 1 + 10 + 1 + 1 + len(win.doc.report.projects)
    for item in items:
        nav.scrollToItem(item)
        rect = nav.visualItemRect(item)
        assert nav.viewport().rect().contains(rect), item.text(0)
        if item.data(0, Qt.ItemDataRole.UserRole + 1) < 0:
            # a page's title is not cut (elided) at this width
            assert nav.fontMetrics().horizontalAdvance(item.text(0)) <= rect.width(), item.text(0)
        else:
            # a long project name is shortened in the middle; the whole name is in the tooltip
            name = win.doc.report.projects[item.data(0, Qt.ItemDataRole.UserRole + 1)].name
            assert item.toolTip(0).startswith(name)
        nav.setCurrentItem(item)
        _settle(qtbot)
        key = item.data(0, Qt.ItemDataRole.UserRole)
        shown = win.tab_key(win.tabs.currentIndex())
        assert shown == (key if key != "sections" else "section-0")
    # the whole tree fits: no scrolling needed to see the pages of the report
    assert nav.verticalScrollBar().maximum() == 0
    page = win.pages["projects"]
    for i in range(len(win.doc.report.projects)):
        nav.setCurrentItem(nav.item_for("projects", i))
        _settle(qtbot)
        assert page.current == i
        page.scroll.verticalScrollBar().setValue(0)
        _settle(qtbot)
        view = page.funds_view
        model = view.model()
        assert model.rowCount() == 5
        for row in range(model.rowCount()):
            cell = view.visualRect(model.index(row, 0))
            assert view.viewport().rect().contains(cell), (size, row)
        # and the table itself is on screen, not a strip in a scrolled pane
        assert view.visibleRegion().boundingRect() == view.rect(), size
        assert page.details_scroll.verticalScrollBar().maximum() == 0


def test_arrow_keys_walk_the_tree_and_show_the_pages(qtbot, sample_report):
    win = _window(qtbot, sample_report)
    nav = win.nav
    nav.setFocus()
    assert win.tab_key(win.tabs.currentIndex()) == "info"
    seen = []
    for _ in range(20):
        qtbot.keyClick(nav, Qt.Key.Key_Down)
        seen.append(win.tab_key(win.tabs.currentIndex()))
    assert seen[:4] == ["staff", "budget", "section-0", "section-0"]       # 正文, then its first part
    assert seen[4:13] == [f"section-{i}" for i in range(1, 10)]
    assert seen[13:15] == ["dept", "projects"]
    assert win.pages["projects"].current == len(sample_report.projects) - 1
    # Ctrl+PgUp / Ctrl+PgDown step through the pages and the tree follows
    win.act_prev_tab.trigger()
    assert nav.currentItem() is nav.item_for("dept")


def test_findings_select_the_item_of_their_page_and_project(qtbot, sample_report):
    report = sample_report
    report.projects.append(Project(name="第二个项目"))
    win = _window(qtbot, report)
    nav = win.nav
    assert win.navigate("projects[1].indicators")
    assert nav.currentItem() is nav.item_for("projects", 1)
    assert win.navigate("sections[6]")
    assert nav.currentItem() is nav.item_for("section-6")
    assert win.navigate("projects[0].goal")
    assert nav.currentItem() is nav.item_for("projects", 0)
    # choosing another project in the page's own list moves the tree along
    page = win.pages["projects"]
    page.list_view.setCurrentIndex(page.list_model.index(1, 0))
    assert nav.currentItem() is nav.item_for("projects", 1)
    assert win.select_tab("staff") and nav.currentItem() is nav.item_for("staff")


OPS = st.lists(st.one_of(st.tuples(st.just("add"), st.integers(0, 5)),
                         st.tuples(st.just("remove"), st.integers(0, 5)),
                         st.tuples(st.just("rename"), st.integers(0, 5), st.text("项目甲乙丙 12", max_size=8)),
                         st.tuples(st.just("move"), st.integers(0, 5)),
                         st.tuples(st.just("undo"),), st.tuples(st.just("redo"),)), max_size=8)


def test_project_items_follow_the_project_list(qtbot, sample_report):
    win = MainWindow(Document(sample_report), findings_delay_ms=0)
    qtbot.addWidget(win)
    win.doc.autosave_timer.stop()
    doc, nav = win.doc, win.nav

    @settings(max_examples=25, deadline=None)
    @given(ops=OPS)
    def run(ops):
        doc.new(copy.deepcopy(sample_report))
        for op in ops:
            n = len(doc.report.projects)
            if op[0] == "add":
                doc.insert_item("projects", min(op[1], n), Project(name=f"项目{op[1]}"), "添加项目")
            elif op[0] == "remove" and n:
                doc.remove_item("projects", op[1] % n, "删除项目")
            elif op[0] == "rename" and n:
                doc.set_value(f"projects[{op[1] % n}].name", op[2], "重命名项目")
            elif op[0] == "move" and n > 1:
                doc.move_item("projects", op[1] % n, (op[1] + 1) % n, "下移项目")
            elif op[0] == "undo":
                doc.undo()
            elif op[0] == "redo":
                doc.redo()
            titles = [item.data(0, Qt.ItemDataRole.UserRole + 2) for item in nav.project_items()]
            assert titles == [project_title(i, p.name) for i, p in enumerate(doc.report.projects)]

    run()


def test_findings_panel_is_one_line_when_all_is_clear(qtbot):
    win = _window(qtbot, store.load(SAMPLE), (1366, 768))
    dock = win.findings
    assert win.doc.summary().findings == []
    _settle(qtbot)
    line = dock.all_clear.sizeHint().height()
    assert dock.height() < 3 * line + 30
    assert dock.all_clear.visibleRegion().boundingRect().height() >= line - 2   # the line is whole
    with qtbot.waitSignal(dock.refreshed):
        win.doc.set_value("info.phone", "12")
    _settle(qtbot)
    assert dock.height() >= FINDINGS_HEIGHT - 5
    # the user's own height is kept while findings come and go
    win.resizeDocks([dock], [220], Qt.Orientation.Vertical)
    with qtbot.waitSignal(dock.refreshed):
        win.doc.set_value("info.phone", "123")
    _settle(qtbot)
    assert abs(dock.height() - 220) <= 5
    with qtbot.waitSignal(dock.refreshed):
        win.doc.undo()
        win.doc.undo()
    _settle(qtbot)
    assert dock.height() < 3 * line + 30


@settings(max_examples=40)
@given(w=st.integers(800, 2600), h=st.integers(500, 1600))
def test_too_small_screens_start_maximised(w, h):
    expected = w < PREFERRED_SIZE[0] or h < PREFERRED_SIZE[1]
    assert too_small_for(PREFERRED_SIZE, (w, h)) == expected


def test_the_window_starts_maximised_on_a_small_screen(qtbot, monkeypatch):
    from gui import app
    win = MainWindow(findings_delay_ms=0)
    qtbot.addWidget(win)
    win.doc.autosave_timer.stop()
    monkeypatch.setattr(type(win.screen()), "availableGeometry", lambda self: QRect(0, 0, 1366, 728))
    app.show_main_window(win)
    assert win.isMaximized()
    win2 = MainWindow(findings_delay_ms=0)
    qtbot.addWidget(win2)
    win2.doc.autosave_timer.stop()
    monkeypatch.setattr(type(win2.screen()), "availableGeometry", lambda self: QRect(0, 0, 2560, 1400))
    app.show_main_window(win2)
    assert win2.isVisible() and not win2.isMaximized()
    # a second window (a file opened while this one holds work) starts the same way
    win2.doc.set_value("info.phone", "0731-84512345")
    monkeypatch.setattr(type(win2.screen()), "availableGeometry", lambda self: QRect(0, 0, 1366, 728))
    win3 = win2.target_window()
    qtbot.addWidget(win3)
    win3.doc.autosave_timer.stop()
    assert win3 is not win2 and win3.isVisible() and win3.isMaximized()


@pytest.mark.parametrize("where, target", [
    ("info.phone", ("info", -1)), ("staff.actual_staff", ("staff", -1)), ("sections[3]", ("section-3", -1)),
    ("dept.indicators[2].actual", ("dept", -1)), ("projects", ("projects", -1)),
    ("projects[2].indicators[0].note", ("projects", 2)), ("projects[0].total.budget", ("projects", 0)),
    ("report", None),
])
def test_findings_map_to_navigation_items(where, target):
    from gui.locations import nav_target
    assert nav_target(where) == target


def test_tree_width_follows_a_change_of_font(qtbot, sample_report):
    """The tree's preferred width is worked out once, and again when its font changes."""
    from PySide6.QtGui import QFont

    from gui.navigation import NavigationTree
    from gui.mainwindow import PAGE_SPECS

    doc = Document(sample_report)
    tree = NavigationTree(doc, [(key, title, tip) for key, title, tip, *_ in PAGE_SPECS])
    qtbot.addWidget(tree)
    small = QFont(tree.font())
    small.setPointSizeF(6)
    tree.setFont(small)
    narrow = tree.sizeHint().width()
    assert narrow == tree.sizeHint().width() and 170 <= narrow < 230
    large = QFont(tree.font())
    large.setPointSizeF(20)
    tree.setFont(large)
    assert tree.sizeHint().width() == 230          # wider, up to the limit
    tree.setFont(small)
    assert tree.sizeHint().width() == narrow
    doc.close()
