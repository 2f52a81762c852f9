"""年初 vs 全年 on the budget and project pages, a zero 全年预算数, and the 得分小数位 choice."""
from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt

from gui.document import Document
from gui.mainwindow import MainWindow, live_windows
from gui.pages.budget import BudgetPage
from gui.pages.info import InfoPage
from gui.pages.projects import ProjectsPage
from gui.tables.indicators import COL_SCORE, IndicatorTableModel
from model.numbers import fmt_decimal
from model.report import CONTROL_ROWS
from model.scoring import score_report
from model.summary import summarize

from tables_data import sample_report


def show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(1400, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def text(model, row, col, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, col), role)


# --------------------------------------------------------------------------- budget page

@pytest.mark.parametrize("row,line", [(0, "basic"), (1, "personnel"), (2, "public"), (3, "project_spending")])
def test_nature_table_types_initial_and_full_year_apart(qtbot, row, line):
    page = show(qtbot, BudgetPage(Document(sample_report())))
    m, doc = page.nature_model, page.doc
    before = getattr(doc.report.budget, line).budget
    assert m.setData(m.index(row, 2), "12.34")
    a = getattr(doc.report.budget, line)
    assert (a.initial, a.budget) == (D("12.34"), before)
    assert text(m, row, 2) == "12.34"
    assert m.setData(m.index(row, 3), "56.7")
    assert (a.initial, a.budget) == (D("12.34"), D("56.7"))
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert (a.initial, a.budget) == (None, before)


def test_controls_table_edits_the_annex2_initial_column(qtbot):
    page = show(qtbot, BudgetPage(Document(sample_report())))
    m = page.controls_model
    assert m.headerData(2, Qt.Orientation.Horizontal) == "本年预算数（年初）"
    row = [k for k, _ in CONTROL_ROWS].index("procurement")
    assert m.setData(m.index(row, 2), "20")
    assert m.setData(m.index(row, 3), "19")
    c = page.doc.report.budget.controls["procurement"]
    assert (c.initial, c.budget, c.executed) == (D(20), None, D(19))
    assert "政府采购执行率：95.00%" in page.controls_note.text()


# --------------------------------------------------------------------------- 全年预算数 0

@pytest.fixture
def zero_budget_doc():
    doc = Document(sample_report(projects=2))
    p = doc.report.projects[1]
    p.total.initial, p.total.budget, p.total.executed = D("45"), D(0), D("3")
    return doc


def test_zero_full_year_budget_shows_a_dash_on_the_projects_page(qtbot, zero_budget_doc):
    page = show(qtbot, ProjectsPage(zero_budget_doc))
    page.select_project(1)
    fm = page.funds_model
    rate_col = fm.columnCount() - 1
    assert fm.headerData(rate_col, Qt.Orientation.Horizontal) == "执行率"
    assert text(fm, 0, rate_col) == "—"
    assert text(fm, 0, 2) == "45.00" and text(fm, 0, 3) == "0.00"
    assert page.execution.values["rate"].text() == "—"
    assert page.execution.values["score"].text() == "0.00"
    assert "执行率无法计算" in page.execution.note.text()
    assert page.editor.model.summary()[0].detail == "执行率 —"
    tip = page.list_model.data(page.list_model.index(1, 0), Qt.ItemDataRole.ToolTipRole)
    assert "执行率 —" in tip
    tip0 = page.list_model.data(page.list_model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert "执行率 96.00%" in tip0


def test_zero_full_year_budget_finding_says_dash(zero_budget_doc):
    s = summarize(zero_budget_doc.report)
    f = [f for f in s.findings if f.rule == "execution.zero_budget"]
    assert f and f[0].where.startswith("projects[1]") and "“—”" in f[0].message
    assert s.to_json()["projects"][1]["execution_rate"] is None


# --------------------------------------------------------------------------- 得分小数位

def test_score_places_choice_is_undoable(qtbot):
    doc = Document(sample_report())
    page = show(qtbot, InfoPage(doc))
    box = page.score_places
    assert [box.itemText(i) for i in range(box.count())] == ["按指标体系（2 位）", "2 位", "1 位", "整数"]
    assert box.currentIndex() == 0
    box.activated.emit(2)
    assert doc.report.score_places == 1
    box.activated.emit(3)
    assert doc.report.score_places == 0 and box.currentText() == "整数"
    doc.undo()
    assert doc.report.score_places == 1 and box.currentText() == "1 位"
    doc.undo()
    assert doc.report.score_places is None and box.currentIndex() == 0
    doc.redo()
    assert doc.report.score_places == 1 and box.currentText() == "1 位"


@pytest.mark.parametrize("places", [0, 1, 2])
def test_grid_prints_and_compares_scores_at_the_report_precision(qapp, places):
    doc = Document(sample_report())
    model = IndicatorTableModel(doc, "dept.indicators")
    doc.set_value("score_places", places)
    t = score_report(doc.report).department
    for row, res in enumerate(t.rows):
        shown = text(model, row, COL_SCORE)
        assert shown == fmt_decimal(res.score, places)
        assert ("." not in shown) if places == 0 else len(shown.split(".")[1]) == places
    assert model.result().total == t.total == summarize(doc.report).department.total
    # re-typing the computed score as printed at this precision keeps it computed
    for row, res in enumerate(t.rows):
        if res.manual:
            continue
        assert model.setData(model.index(row, COL_SCORE), fmt_decimal(res.computed, places))
        assert doc.report.dept.indicators[row].manual_score is None, row
    # one hundredth off at two places is a manual score
    row = next(i for i, r in enumerate(t.rows) if not r.manual and r.computed > 1)
    other = t.rows[row].computed - D("0.01")
    assert model.setData(model.index(row, COL_SCORE), f"{other:f}")
    assert doc.report.dept.indicators[row].manual_score == other


def test_grid_value_matches_json_at_one_decimal(qapp):
    """The 送温暖慰问覆盖率 row: 10 × 95 ÷ 96 = 9.8958 → 9.9 at one decimal."""
    doc = Document(sample_report())
    doc.set_value("score_places", 1)
    model = IndicatorTableModel(doc, "dept.indicators")
    assert text(model, 3, COL_SCORE) == "9.9"
    assert model.setData(model.index(3, COL_SCORE), "9.9")
    assert doc.report.dept.indicators[3].manual_score is None
    j = summarize(doc.report).to_json()
    assert j["department"]["total"] == fmt_decimal(model.result().total, 1)


def test_status_bar_follows_the_precision(qtbot):
    doc = Document(sample_report())
    win = MainWindow(doc, findings_delay_ms=0)
    qtbot.addWidget(win)
    try:
        win.pages["info"].score_places.activated.emit(2)      # 1 位
        total = score_report(doc.report).department.total
        qtbot.waitUntil(lambda: win.score_label.text() == f"自评得分：{fmt_decimal(total, 1)}")
    finally:
        for w in live_windows():
            if w is not win:
                qtbot.addWidget(w)


def test_sources_table_types_the_initial_budget_checked_against_the_department_total(qtbot):
    page = show(qtbot, BudgetPage(Document(sample_report())))
    m, doc = page.sources_model, page.doc
    assert [m.headerData(c, Qt.Orientation.Horizontal) for c in range(1, 6)] == \
        ["上年决算数", "年初预算数", "全年预算数", "执行数", "执行率"]
    assert m.setData(m.index(0, 2), "160.07")        # 一般公共预算 年初
    assert m.setData(m.index(5, 2), "20")            # 单位资金/其他资金 年初
    general = doc.report.budget.sources["general"]
    assert (general.initial, general.budget) == (D("160.07"), D("233.79"))
    assert text(m, m.sum_row, 2) == "180.07"         # = 年初预算数: no mismatch
    assert text(m, m.sum_row, 2, Qt.ItemDataRole.ForegroundRole) is None
    assert text(m, 0, 5) == "99.51%"                 # 232.65 ÷ 233.79: the 全年 column
    assert m.setData(m.index(5, 2), "30")
    assert page.sources_note.text() == ("年初预算数 180.07 万元 ≠ 一般公共预算 160.07 万元 + 单位资金/其他资金 "
                                        "30.00 万元 = 190.07 万元，相差 10.00 万元")


def test_rule_set_choice_names_its_own_precision(qtbot, monkeypatch):
    from dataclasses import replace

    from model import profiles
    real = profiles.get_profile
    one_place = replace(real("mof"), settings=replace(real("mof").settings, score_places=1))
    monkeypatch.setattr(profiles, "get_profile", lambda pid: one_place if pid == "mof" else real(pid))
    doc = Document(sample_report())
    page = show(qtbot, InfoPage(doc))
    assert page.score_places.itemText(0) == "按指标体系（2 位）"
    doc.set_value("profile", "mof")
    assert page.score_places.itemText(0) == "按指标体系（1 位）"
    assert profiles.profile_for(doc.report).settings.score_places == 1
    page.score_places.activated.emit(1)       # 2 位 overrides the rule set
    assert profiles.profile_for(doc.report).settings.score_places == 2
