"""Review list in the 审核 panel (count, 标记为已复核, undo, saved), 生成本年度报告 from the import
summary, and spreading a block's weight when several library indicators are picked for it."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from gui import io_actions
from gui.document import Document
from findings_helpers import finding_rows
from gui.import_dialog import ImportSummaryDialog
from gui.mainwindow import MainWindow
from gui.pages import library_dialog
from gui.pages.indicators import DeptIndicatorPage
from gui.tables.indicators import COL_NAME
from model import review, store
from model.library import filter_entries, load_library
from model.report import ReviewItem, new_report
from model.skeleton import skeleton_rows
from model.profiles import get_profile

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints\(\)$")

ITEMS = [("import.staff.total_only", "附件2只有编制总数 8，请拆分", "staff.admin_posts"),
         ("rollover.amount", "基本支出：上年决算数 120.00 万元取自上年", "budget.basic.prior"),
         ("rollover.target", "指标“培训人数”年度指标值“≥100人”沿用上年", "dept.indicators[0].target")]


def _review_rows(win):
    return finding_rows(win.findings.model, {review.RULE})


@pytest.fixture
def window(qtbot):
    r = new_report(2025, "某县某局")
    r.review = [ReviewItem(*it) for it in ITEMS]
    win = MainWindow(Document(r), findings_delay_ms=0)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.findings.refreshed_once)
    return win


def test_review_items_are_hints_marked_reviewed_undoably_and_saved(qtbot, window, tmp_path):
    dock = window.findings
    rows = _review_rows(window)
    assert [(f.severity, f.where) for _i, f in rows] == [("info", w) for _k, _t, w in ITEMS]
    assert "其中待复核 3 项" in dock.summary_label.text()
    assert dock.review_button.isVisible() and not dock.review_button.isEnabled()
    # each jumps to its place
    with qtbot.waitSignal(dock.navigate) as sig:
        dock.view.doubleClicked.emit(rows[1][0])
    assert sig.args == ["budget.basic.prior"]
    # select one, 标记为已复核: it leaves the list; one undo brings it back
    dock.view.setCurrentIndex(rows[1][0])
    assert dock.review_button.isEnabled()
    with qtbot.waitSignal(dock.refreshed):
        dock.review_button.click()
    assert [f.where for _i, f in _review_rows(window)] == ["staff.admin_posts", "dept.indicators[0].target"]
    assert "其中待复核 2 项" in dock.summary_label.text()
    assert window.doc.report.review[1].reviewed and window.doc.modified
    with qtbot.waitSignal(dock.refreshed):
        window.doc.undo()
    assert len(_review_rows(window)) == 3
    with qtbot.waitSignal(dock.refreshed):
        window.doc.redo()
    # saved and loaded: the reviewed one stays reviewed
    path = window.doc.save(tmp_path / "复核.jxzp")
    loaded = store.load(path)
    assert [it.reviewed for it in loaded.review] == [False, True, False]
    # the context menu's action marks every selected review item at once (one undo step)
    view = dock.view
    for idx, _f in _review_rows(window):
        view.selectionModel().select(idx, view.selectionModel().SelectionFlag.Select
                                     | view.selectionModel().SelectionFlag.Rows)
    chosen = view.selected_review_findings()
    assert len(chosen) == 2
    with qtbot.waitSignal(dock.refreshed):
        view.markReviewed.emit(chosen)
    assert _review_rows(window) == [] and not dock.review_button.isVisible()
    assert "待复核" not in dock.summary_label.text()
    with qtbot.waitSignal(dock.refreshed):
        window.doc.undo()
    assert len(_review_rows(window)) == 2


def test_import_summary_makes_this_years_report_in_one_step(qtbot, tmp_path):
    from test_io_actions import UNIT, build_annex3
    path = build_annex3(tmp_path / "上年附件.xlsx")
    win = MainWindow(findings_delay_ms=0)
    qtbot.addWidget(win)
    io_actions.import_paths(win, [str(path)])          # read in the worker thread, as from the menu
    qtbot.waitUntil(lambda: isinstance(win.io.dialog, ImportSummaryDialog), timeout=10000)
    dlg = win.io.dialog
    assert dlg.rollover_button.isVisible() and dlg.rollover_button.text() == "生成本年度报告"
    assert "留在“审核”面板中" in dlg.details.toPlainText()
    imported = dlg.outcome.result
    dlg.rollover_button.click()
    r = win.doc.report                                  # an untouched window takes it
    assert r.info.year == 2025 and r.rolled_over_from == 2024 and r.info.unit_name == UNIT
    assert win.doc.path is None and win.doc.modified
    assert r.budget.prior_executed == D("252.65") and r.budget.executed is None
    # the review list has the import's entries and the roll-over's
    assert [it.text for it in r.review if it.kind.startswith("import.")] == imported.review and imported.review
    assert any(it.kind == "rollover.amount" and it.where == "budget.prior_executed" for it in r.review)
    assert any(it.kind == "rollover.target" for it in r.review)
    # the status line counts the review list by kind
    from model.review import counts_by_kind
    message = win.statusBar().currentMessage()
    assert f"待复核 {len(r.review)} 项" in message
    assert all(f"{kind} {n} 项" in message for kind, n in counts_by_kind(r.review))
    qtbot.waitUntil(lambda: len(_review_rows(win)) == len(r.review))
    # undo of the choice is not needed: the imported document was not changed
    assert imported.report.info.year == 2024


@pytest.fixture
def page(qtbot):
    doc = Document(new_report(2025, "某局"))
    p = DeptIndicatorPage(doc)
    qtbot.addWidget(p)
    p.resize(1200, 800)
    p.show()
    return p


def _quantity_entries():
    entries = [e for e in filter_entries(load_library(), "") if (e.level1, e.level2) == ("产出指标", "数量指标")]
    assert len(entries) >= 3
    return entries[:3]


@pytest.mark.parametrize("agree", [True, False])
def test_library_pick_offers_to_spread_the_block_weight_in_one_undo_step(qtbot, page, monkeypatch, agree):
    asked = []
    monkeypatch.setattr(library_dialog, "ask_spread", lambda parent, groups: asked.append(groups) or agree)
    chosen = _quantity_entries()
    page.editor.pick_entries = lambda *a, **k: chosen
    doc = page.doc
    before = [(i.level1, i.level2, i.name, i.weight) for i in doc.report.dept.indicators]
    row = next(i for i, ind in enumerate(doc.report.dept.indicators) if ind.level2 == "数量指标")
    page.view.select_cell(row, COL_NAME)
    page.editor.act_library.trigger()
    assert asked == [[("产出指标", "数量指标", D("13.33"), 3)]]
    rows = doc.report.dept.indicators
    qty = [i for i in rows if i.level2 == "数量指标"]
    if agree:
        assert [i.name for i in qty] == [e.name for e in chosen]             # the placeholder is gone
        assert [i.weight for i in qty] == [D("4.44"), D("4.44"), D("4.45")]
        assert sum(i.weight for i in rows) == 90                            # every block still adds up
    else:
        assert len(qty) == 4 and qty[-1].name == ""                          # inserted as picked
    doc.undo()                                                               # one step
    assert [(i.level1, i.level2, i.name, i.weight) for i in doc.report.dept.indicators] == before
    assert before == [(i.level1, i.level2, i.name, i.weight) for i in skeleton_rows(get_profile("hunan"))]


@pytest.mark.parametrize("profile", ["hunan", "mof"])
def test_gui_new_gets_the_chosen_rule_sets_skeleton(qtbot, dialogs, profile):
    win = MainWindow(findings_delay_ms=0)
    qtbot.addWidget(win)
    dialogs.new_report = (2025, "某县某局", profile)
    w = win.new_file()
    rows = w.doc.report.dept.indicators
    assert [(i.level1, i.level2, i.weight) for i in rows] == [
        (i.level1, i.level2, i.weight) for i in skeleton_rows(get_profile(profile))]
    assert w.doc.report.profile == profile and all(i.name == "" for i in rows)
    w.findings.refresh()
    assert w.findings.model.count("error") == 0


def test_library_cost_indicators_go_under_output_where_the_rule_set_has_them_there(qtbot, monkeypatch):
    page = DeptIndicatorPage(Document(new_report(2025, "某县某局", "mof")))
    qtbot.addWidget(page)
    monkeypatch.setattr(library_dialog, "ask_spread", lambda parent, groups: True)
    chosen = [e for e in load_library() if e.link and e.level1 == "成本指标"][:2]
    page.editor.pick_entries = lambda *a, **k: chosen
    page.editor.act_library.trigger()
    rows = page.doc.report.dept.indicators
    picked = [i for i in rows if i.name in {e.name for e in chosen}]
    assert [(i.level1, i.level2, i.link) for i in picked] == [("产出指标", "成本指标", e.link) for e in chosen]
    assert [i.weight for i in picked] == [D("6.25"), D("6.25")]       # the 成本指标 placeholder's 12.50
    assert not any(f.rule == "indicator.unknown_level1" or "不在指标体系" in f.message
                   for f in page.doc.summary().findings)
