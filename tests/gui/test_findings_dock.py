"""The 审核 panel: the findings model, where-path → tab mapping, navigation, status bar."""
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication

from gui.document import Document
from gui.locations import tab_for
from gui.findings_list import FindingsModel, location_text
from gui.mainwindow import MainWindow
from model.checks import ERROR, INFO, WARNING, Finding

FINDINGS = [
    Finding(ERROR, "balance.basic", "budget.basic.executed", "基本支出 200.00 ≠ 人员经费 150.00 ＋ 公用经费 40.00"),
    Finding(WARNING, "staff.over", "staff.actual_staff", "实际在职人数 9 人超过编制数 8 人"),
    Finding(WARNING, "info.phone", "info.phone", "联系电话“12”不是电话号码"),
    Finding(INFO, "text.year", "sections[5]", "第六部分提到 2023年"),
]


def test_findings_model_passes_modeltester(qapp, qtmodeltester):
    model = FindingsModel()
    model.set_findings(FINDINGS)
    qtmodeltester.check(model, force_py=True)
    model.set_findings([])
    qtmodeltester.check(model, force_py=True)


def test_findings_grouped_by_severity_with_counts(qapp):
    model = FindingsModel()
    model.set_findings(list(reversed(FINDINGS)))
    groups = [model.index(i, 0).data() for i in range(model.rowCount())]
    assert groups == ["错误（1）", "警告（2）", "提示（1）"]
    warn = model.index(1, 0)
    assert model.rowCount(warn) == 2
    assert model.index(1, 0, warn).data() == "实际在职人数 9 人超过编制数 8 人"
    assert model.index(1, 1, warn).data() == "机构与人员"
    assert model.index(1, 0, warn).data(FindingsModel.WhereRole) == "staff.actual_staff"
    assert not model.index(0, 0).data(Qt.ItemDataRole.DecorationRole).isNull()
    assert model.count(WARNING) == 2 and model.count(INFO) == 1


@pytest.mark.parametrize("where, tab", [
    ("info.phone", "info"), ("profile", "info"), ("staff.actual_staff", "staff"),
    ("budget.sources.general.budget", "budget"), ("budget.personnel_items[2].executed", "budget"),
    ("sections[0]", "section-0"), ("sections[9]", "section-9"), ("dept.goal", "dept"),
    ("dept.indicators[3].actual", "dept"), ("projects[1].indicators[0].note", "projects"),
    ("projects[0].total.budget", "projects"), ("report", None),
])
def test_where_paths_map_to_tabs(where, tab):
    assert tab_for(where) == tab


def test_location_text(sample_report):
    doc = Document(sample_report)
    assert location_text("sections[5]") == "第六部分"
    assert location_text("projects[0].indicators[1].actual", doc) == "项目 1“困难职工帮扶” › 第 2 行"
    assert location_text("budget.sources.general.budget") == "预算与执行 › 一般公共预算 › 预算数"
    assert location_text("report") == "整个文件"


@pytest.fixture
def window(qtbot, sample_report):
    win = MainWindow(Document(sample_report), findings_delay_ms=0)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.findings.refreshed_once)     # the first pass follows the first paint
    return win


def _index_of(win, where):
    model = win.findings.model
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        for r in range(model.rowCount(group)):
            idx = model.index(r, 0, group)
            if idx.data(FindingsModel.WhereRole) == where:
                return idx
    raise AssertionError(f"no finding at {where}")


def _press_enter_on(qtbot, win, where):
    view = win.findings.view
    view.setCurrentIndex(_index_of(win, where))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)


def test_finding_navigates_to_its_tab_and_field(qtbot, window):
    doc = window.doc
    with qtbot.waitSignal(window.findings.refreshed):
        doc.set_value("staff.actual_staff", 9)         # more staff than posts → a warning
        doc.set_value("info.phone", "12")               # not a phone number → a warning
    window.activateWindow()
    _press_enter_on(qtbot, window, "staff.actual_staff")
    assert window.tabs.tabText(window.tabs.currentIndex()) == "机构与人员"
    field = window.pages["staff"].fields["staff.actual_staff"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    assert field.selectedText() == "9"

    _press_enter_on(qtbot, window, "sections[1]")     # 第二部分 is empty → a warning
    assert window.tabs.tabText(window.tabs.currentIndex()) == "二、公共预算"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.pages["section-1"].editor)

    window.findings.view.doubleClicked.emit(_index_of(window, "info.phone"))   # double-click
    assert window.tabs.tabText(window.tabs.currentIndex()) == "基础信息"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.pages["info"].fields["info.phone"])


def test_findings_dock_all_clear_and_counts(qtbot):
    from pathlib import Path
    from model import store
    sample = Path(__file__).resolve().parents[2] / "resources" / "samples" / "示例-某县总工会-2024.jxzp"
    win = MainWindow(Document(store.load(sample)), findings_delay_ms=0)
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: win.findings.refreshed_once)      # the first pass follows the first paint
    assert win.doc.summary().findings == []
    assert win.findings.stack.currentWidget() is win.findings.all_clear
    assert win.errors_label.text() == "错误 0" and win.warnings_label.text() == "警告 0"
    with qtbot.waitSignal(win.findings.refreshed):
        win.doc.set_value("info.phone", "12")
    assert win.findings.stack.currentWidget() is win.findings.view
    assert win.findings.summary_label.text().startswith("错误 0 个，警告 1 个")
    assert win.warnings_label.text() == "警告 1"
    assert win.findings.model.index(0, 0).data() == "警告（1）"


def test_first_pass_waits_for_the_first_paint_of_a_shown_window(qtbot, sample_report):
    from PySide6.QtCore import QEvent, QObject

    win = MainWindow(Document(sample_report), findings_delay_ms=0)
    qtbot.addWidget(win)
    order = []

    class Watch(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 - Qt API
            if event.type() == QEvent.Type.Paint and not order:
                order.append(("paint", win.findings.refreshed_once, win.score_label.text()))
                shown.append(win.findings.stack.currentWidget())
            return False

    watch = Watch()
    shown = []
    win.installEventFilter(watch)
    win.findings.refreshed.connect(lambda: order.append(("refreshed", True, win.score_label.text())))
    win.show()
    qtbot.waitUntil(lambda: win.findings.refreshed_once)
    win.removeEventFilter(watch)
    # the window painted with an empty status bar, then the scores and checks filled it
    assert order[0] == ("paint", False, "")
    assert order[1] == ("refreshed", True, "自评得分：99.96")
    # the panel said it was working, then listed the findings
    assert shown == [win.findings.pending] and win.findings.pending.text() == "正在审核…"
    assert win.findings.stack.currentWidget() is win.findings.view
    assert win.findings.model.rowCount() > 0


def test_first_pass_of_a_window_that_is_not_shown(qtbot, sample_report):
    win = MainWindow(Document(sample_report), findings_delay_ms=0)
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: win.findings.refreshed_once)
    assert win.score_label.text() == "自评得分：99.96"


def test_findings_and_status_bar_refresh_after_a_change(qtbot, window):
    assert window.score_label.text() == "自评得分：99.96"
    assert window.grade_label.text() == "等级：优"
    assert window.errors_label.text().startswith("错误 ")
    with qtbot.waitSignal(window.findings.refreshed):
        window.doc.set_value("budget.executed", None)      # no rate → execution score 0
    assert window.score_label.text() == "自评得分：90.00"
    window.doc.undo()
    qtbot.waitUntil(lambda: window.score_label.text() == "自评得分：99.96")


def test_navigation_items_with_findings_show_their_counts(qtbot, window):
    from gui.navigation import NAV_COLORS
    nav = window.nav
    staff = nav.item_for("staff")
    assert staff.text(0) == "机构与人员" and not staff.foreground(0).color().name() == NAV_COLORS[WARNING]
    with qtbot.waitSignal(window.findings.refreshed):
        window.doc.set_value("staff.actual_staff", 9)             # a warning
    assert staff.text(0) == "机构与人员（1）"
    assert staff.foreground(0).color().name() == NAV_COLORS[WARNING] and not staff.icon(0).isNull()
    assert "警告 1 个" in staff.toolTip(0)
    assert "1 个问题" in window.tabs.tabToolTip(window.tabs.indexOf(window.pages["staff"]))
    section2 = nav.item_for("section-1")                         # 二 is empty in the sample
    assert section2.text(0).startswith("二、公共预算（")
    assert section2.foreground(0).color().name() == NAV_COLORS[WARNING]
    assert section2.toolTip(0).startswith("二、一般公共预算支出情况")
    # the 正文 group counts its sections' findings
    group_count = sum(sum(nav.counts(f"section-{i}")) for i in range(10))
    assert nav.group.text(0) == f"正文（{group_count}）"
    project = nav.item_for("projects", 0)                        # weight errors in the sample project
    assert project.foreground(0).color().name() == NAV_COLORS[ERROR]
    # 项目 counts all its projects' findings
    children = [nav.counts("projects", i) for i in range(len(window.doc.report.projects))]
    assert nav.counts("projects")[0] >= sum(e for e, _ in children) > 0
    with qtbot.waitSignal(window.findings.refreshed):
        window.doc.undo()
    assert staff.text(0) == "机构与人员" and staff.icon(0).isNull() and staff.toolTip(0) == "机构与人员"


def test_fields_with_findings_are_outlined_with_the_message(qtbot, window):
    phone = window.pages["info"].fields["info.phone"]
    assert (phone.property("finding") or "") == ""
    with qtbot.waitSignal(window.findings.refreshed):
        window.doc.set_value("info.phone", "12")
    assert phone.property("finding") == "warning"
    assert "审核：联系电话“12”" in phone.toolTip()
    assert "e0a000" in window.pages["info"].body.styleSheet()
    with qtbot.waitSignal(window.findings.refreshed):
        window.doc.undo()
    assert phone.property("finding") == "" and phone.toolTip() == ""
    year = window.pages["info"].year
    assert year.toolTip().startswith("被评价的预算年度")      # its own tooltip is kept
