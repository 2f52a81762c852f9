"""The budget page: money tables with sum rows, refused numbers, ratios, line items, focus."""
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gui.document import Document
from model.checks import run_checks
from gui.pages.budget import BudgetPage
from gui.tables.amounts import AmountColumn, AmountRow, AmountsTableModel, LineItemsModel
from gui.tables.tsv import to_tsv

from tables_data import sample_report


@pytest.fixture
def page(qtbot):
    doc = Document(sample_report())
    p = BudgetPage(doc)
    qtbot.addWidget(p)
    p.resize(1400, 900)
    p.show()
    qtbot.waitExposed(p)
    return p


def text(model, row, col, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, col), role)


def model_messages(doc, rule):
    """What the 审核 rules say for ``rule`` about the document now."""
    return [f.message for f in run_checks(doc.report) if f.rule == rule]


def test_models_pass_modeltester(qtmodeltester, page):
    for m in (page.sources_model, page.nature_model, page.controls_model, page.personnel_model,
              page.public_model):
        qtmodeltester.check(m, force_py=True)
    empty = AmountsTableModel(page.doc, [AmountRow("空", "")], [AmountColumn("预算数", "budget")], "合计")
    qtmodeltester.check(empty, force_py=True)
    qtmodeltester.check(LineItemsModel(page.doc, "projects[9].x"), force_py=True)


def test_source_edit_updates_sum_row_and_check(qtbot, page):
    m = page.sources_model
    sum_row = m.sum_row
    assert text(m, sum_row, 0) == "合计"
    # 一般公共预算 233.79 + 其他 20 = 253.79 = 全年预算数: no mismatch
    assert text(m, sum_row, 3) == "253.79"
    assert text(m, sum_row, 3, Qt.ItemDataRole.ForegroundRole) is None
    with qtbot.waitSignal(m.dataChanged):
        assert m.setData(m.index(1, 3), "10")          # 政府性基金预算 全年预算数
    assert page.doc.report.budget.sources["gov_fund"].budget == D(10)
    assert text(m, sum_row, 3) == "263.79"
    assert text(m, sum_row, 3, Qt.ItemDataRole.ForegroundRole) is not None
    # the message is the 审核 finding's, word for word
    [found] = model_messages(page.doc, "balance.sources.budget")
    assert "相差 10.00 万元" in found and "= 263.79 万元" in found
    assert text(m, sum_row, 3, Qt.ItemDataRole.ToolTipRole) == found
    assert page.sources_note.isVisible() and page.sources_note.text() == found
    # 执行率 column of the edited row: no execution yet
    assert text(m, 1, 5) == "—"
    page.doc.undo_stack.undo()
    assert text(m, sum_row, 3) == "253.79"
    assert not page.sources_note.isVisible()


def test_bad_amount_refused_with_message(qtbot, page):
    m = page.sources_model
    with qtbot.waitSignal(m.inputRejected) as blocker:
        assert not m.setData(m.index(0, 3), "189.67190.2")
    assert "小数点" in blocker.args[0] and "已保留原值 233.79" in blocker.args[0]
    assert page.sources_box.message.isVisible()
    assert page.doc.report.budget.sources["general"].budget == D("233.79")


def test_totals_and_ratio_labels(qtbot, page):
    doc = page.doc
    assert "执行率（全年执行数 ÷ 全年预算数）：99.55%" in page.rates_label.text()
    assert "预算调整率（（追加 + 调减）÷ 年初预算）：40.94%" in page.rates_label.text()
    assert "253.79" in page.money["full_year"].placeholderText()
    page.money["executed"].setText("253.79")
    page.money["executed"].commit()
    assert doc.report.budget.executed == D("253.79")
    assert "100.00%" in page.rates_label.text()
    # a typed 全年预算数 that differs from the components is pointed out
    doc.set_value("budget.full_year", D("260"))
    [found] = model_messages(doc, "balance.full_year")
    assert page.full_year_note.text() == found and "253.79" in found and "相差 6.21 万元" in found
    assert "97.61%" in page.rates_label.text()


def test_nature_table_and_project_sum(page):
    doc = page.doc
    note = page.nature_note.text()
    assert "各项目合计（共 2 个）" in note and "全年执行数 96.00" in note
    assert "与项目支出不一致" in note        # 项目支出 92.45 against Σ projects 96.00
    assert model_messages(doc, "balance.projects") and all(f in note for f in model_messages(doc, "balance.projects"))
    m = page.nature_model
    assert [m.headerData(c, Qt.Orientation.Horizontal) for c in range(1, 5)] == \
        ["上年决算数", "年初预算数", "全年预算数", "全年执行数"]
    for col, value in ((1, "80"), (3, "100"), (4, "96")):
        assert m.setData(m.index(3, col), value)
    assert doc.report.budget.project_spending.executed == D(96)
    assert doc.report.budget.project_spending.budget == D(100)
    note = page.nature_note.text()
    assert "各项目合计（共 2 个）" in note and "与项目支出不一致" not in note
    # 基本支出 160.20 + 项目支出 96 = 256.20 against 全年执行数 252.65
    executed = [f for f in model_messages(doc, "balance.executed") if f.startswith("全年执行数")]
    assert len(executed) == 1 and "= 256.20 万元" in executed[0] and executed[0] in note
    m.setData(m.index(0, 4), "156.65")
    assert not any(f.startswith("全年执行数") for f in model_messages(doc, "balance.executed"))
    assert "全年执行数 252.65" not in page.nature_note.text()
    # 人员经费 + 公用经费 = 160.20 ≠ 基本支出 156.65
    basic = model_messages(doc, "balance.basic")
    assert basic and all(f in page.nature_note.text() for f in basic)
    assert any("基本支出全年执行数 156.65 万元" in f and "= 160.20 万元" in f for f in basic)


def test_line_items_add_edit_remove(qtbot, page, monkeypatch):
    box = page.personnel_box
    m = page.personnel_model
    assert m.rowCount() == 4                  # 3 items + 合计
    assert text(m, 3, 1) == "130.50" and "一致" in box.sum_note.text()
    box.add("奖金")
    assert page.doc.report.budget.personnel_items[3].name == "奖金"
    assert m.setData(m.index(3, 1), "5")
    assert text(m, 4, 1) == "135.50"
    [found] = model_messages(page.doc, "balance.personnel_items")
    assert "相差 5.00 万元" in found and box.sum_note.text() == found
    assert text(m, 4, 1, Qt.ItemDataRole.ToolTipRole) == found
    assert text(m, 4, 1, Qt.ItemDataRole.ForegroundRole) is not None
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    box.view.select_cell(3, 0)
    box.remove_selected()
    assert len(page.doc.report.budget.personnel_items) == 3
    assert text(m, 3, 1) == "130.50"


def test_line_items_paste_adds_rows_one_step(page):
    m = page.public_model
    before = page.doc.undo_stack.count()
    m.paste_block(2, 0, [["水费", "1.2", "1.1"], ["电费", "2", "1.95"]])
    items = page.doc.report.budget.public_items
    assert [i.name for i in items] == ["办公费", "差旅费", "水费", "电费"]
    assert items[3].executed == D("1.95")
    assert page.doc.undo_stack.count() == before + 1
    page.doc.undo_stack.undo()
    assert len(page.doc.report.budget.public_items) == 2


def test_controls_and_buildings_ratios(page):
    doc = page.doc
    m = page.controls_model
    assert text(m, 3, 0) == "“三公”经费"
    assert "“三公”经费控制率：86.33%" in page.controls_note.text()
    assert "“三公”经费变动率：-6.25%" in page.controls_note.text()
    # sub-rows that do not add up to the 三公 total are pointed out
    m.setData(m.index(8, 2), "2")     # 3、公务接待 本年预算数
    found = model_messages(doc, "balance.three_public")
    assert found and all(f in page.controls_note.text() for f in found)
    assert "规模控制率：—" in page.buildings_label.text()
    page.money["approved_area"].setText("1200")
    page.money["approved_area"].commit()
    page.money["actual_area"].setText("1,180平方米")
    page.money["actual_area"].commit()
    assert "规模控制率：98.33%" in page.buildings_label.text()
    assert doc.report.budget.buildings.actual_area == D(1180)


def test_paste_tsv_into_controls(page):
    view = page.controls_box.view
    view.select_cell(0, 1)
    view.paste(to_tsv([["6.4", "6.2", "6.05"], ["6.12", "6", "5.68"]]))
    c = page.doc.report.budget.controls
    assert (c["office"].prior, c["office"].executed) == (D("6.4"), D("6.05"))
    assert c["utilities_travel"].initial == D(6)      # 附件2's 本年预算数 is the 年初 budget
    assert c["utilities_travel"].budget is None


def test_focus_path(page):
    assert page.focus_path("budget.sources.general.executed")
    cur = page.sources_box.view.currentIndex()
    assert (cur.row(), cur.column()) == (0, 4)
    assert page.focus_path("budget.controls.three_public.initial")
    cur = page.controls_box.view.currentIndex()
    assert (cur.row(), cur.column()) == (3, 2)
    assert page.focus_path("budget.public.executed")
    assert page.nature_box.view.currentIndex().row() == 2
    assert page.focus_path("budget.personnel_items[1].budget")
    cur = page.personnel_box.view.currentIndex()
    assert (cur.row(), cur.column()) == (1, 1)
    assert page.focus_path("budget.initial")
    assert page.focus_path("budget.buildings.actual_area")
    assert page.focus_path("budget.savings_measures")
    assert not page.focus_path("dept.goal")


def test_area_parsing():
    from gui.pages.budget import parse_area
    from model.numbers import NumberError
    assert parse_area("1200㎡") == D(1200)
    assert parse_area("１２００ 平方米") == D(1200)
    assert parse_area("") is None
    with pytest.raises(NumberError):
        parse_area("12.0.5㎡")
    with pytest.raises(NumberError):
        parse_area("-5")


CENTS = st.decimals(min_value=D("-0.03"), max_value=D("0.03"), places=3)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(gap=CENTS, items_gap=CENTS, three_gap=CENTS)
def test_the_page_flags_exactly_what_the_checks_find(page, gap, items_gap, three_gap):
    """Gaps around the model's tolerance: a sum row is red, and a note names the gap, exactly
    when ``run_checks`` reports it (the page keeps no tolerance of its own)."""
    doc = page.doc
    b = doc.report.budget
    doc.set_value("budget.sources.general.budget", D("233.79") + gap)
    doc.set_value("budget.personnel.budget", sum((i.budget for i in b.personnel_items), D(0)) + items_gap)
    doc.set_value("budget.controls.cars.initial", D("1.20"))
    doc.set_value("budget.controls.reception.initial", D("0.80"))
    doc.set_value("budget.controls.three_public.initial", D("2.00") + three_gap)
    m = page.sources_model
    sources = model_messages(doc, "balance.sources.budget")
    assert (text(m, m.sum_row, 3, Qt.ItemDataRole.ForegroundRole) is not None) == bool(sources)
    assert page.sources_note.isVisible() == bool(sources) and all(f in page.sources_note.text() for f in sources)
    items = model_messages(doc, "balance.personnel_items")
    pm = page.personnel_model
    assert (text(pm, pm.sum_row, 1, Qt.ItemDataRole.ForegroundRole) is not None) == bool(items)
    assert all(f in page.personnel_box.sum_note.text() for f in items)
    three = model_messages(doc, "balance.three_public")
    assert ("≠" in page.controls_note.text()) == bool(three)
    assert bool(three) == (abs(three_gap) > D("0.005"))
