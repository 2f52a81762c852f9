"""Linked indicators in the grid: computed, read-only, drawn apart, live with the budget page,
linked and unlinked as undoable steps, from the library or the context menu."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from gui.document import Document
from gui.pages.budget import BudgetPage
from gui.pages.indicator_editor import IndicatorEditor
from gui.pages.library_dialog import LINKED_TEXT, LibraryModel
from gui.tables import linked
from gui.tables.indicators import COL_ACTUAL, COL_NAME, COL_SCORE
from model import links
from model.library import load_library
from model.numbers import fmt_rate
from model.report import Amounts, Indicator

from tables_data import sample_report

R = Qt.ItemDataRole
PUBLIC_ROW, INITIAL_COL, EXECUTED_COL = 2, 2, 4     # the budget page's 按支出性质分 table


def _report(link: str = "public_funds_control", actual: str = "95%"):
    r = sample_report()
    r.budget.public = Amounts(prior=D("30"), initial=D("11.60"), budget=D("30"), executed=D("11.60"))
    del r.dept.indicators[1]      # the sample's own 公用经费控制率 (typed)
    r.dept.indicators.insert(0, Indicator("成本指标", "经济成本指标", "公用经费控制率", "≥", "≥95%", actual, D(5),
                                          link=link))
    return r


@pytest.fixture
def editor(qtbot):
    doc = Document(_report())
    e = IndicatorEditor(doc, "dept.indicators", "部门整体")
    qtbot.addWidget(e)
    return e


def cell(m, row, col, role=R.DisplayRole):
    return m.data(m.index(row, col), role)


def test_a_linked_cell_is_computed_read_only_and_says_where_it_comes_from(qtmodeltester, editor):
    m = editor.model
    qtmodeltester.check(m, force_py=True)
    assert cell(m, 0, COL_ACTUAL) == "100.00%" and cell(m, 0, COL_ACTUAL, R.EditRole) == "100.00%"
    assert not m.flags(m.index(0, COL_ACTUAL)) & Qt.ItemFlag.ItemIsEditable
    assert m.flags(m.index(1, COL_ACTUAL)) & Qt.ItemFlag.ItemIsEditable
    assert cell(m, 0, COL_ACTUAL, R.BackgroundRole).color() == linked.LINKED_BACKGROUND
    assert cell(m, 0, COL_ACTUAL, R.FontRole).italic()
    assert not cell(m, 0, COL_ACTUAL, R.DecorationRole).isNull()
    assert cell(m, 1, COL_ACTUAL, R.DecorationRole) is None
    assert cell(m, 0, COL_ACTUAL, R.ToolTipRole).startswith(
        "由预算与执行页计算：公用经费决算数 11.60 ÷ 公用经费预算数 11.60 = 100.00%")
    # typing or pasting into it is refused with a message, the document is unchanged
    assert not m.setData(m.index(0, COL_ACTUAL), "50%")
    errors = m.paste_block(0, COL_ACTUAL, [["50%"]])
    assert errors and "不能直接修改" in errors[0]
    m.clear_cells([(0, COL_ACTUAL)])
    assert editor.doc.report.dept.indicators[0].actual == "95%"
    assert cell(m, 0, COL_SCORE) == "5.00"


def _editor_and_budget(qtbot) -> tuple[IndicatorEditor, BudgetPage]:
    doc = Document(_report())
    editor, page = IndicatorEditor(doc, "dept.indicators", "部门整体"), BudgetPage(doc)
    qtbot.addWidget(editor)
    qtbot.addWidget(page)
    return editor, page


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(initial=st.decimals(min_value=D("0.01"), max_value=D(99), places=2),
       executed=st.decimals(min_value=D(0), max_value=D(150), places=2))
def test_editing_an_amount_on_the_budget_page_updates_the_linked_cell_and_the_score(qtbot, initial, executed):
    editor, page = _editor_and_budget(qtbot)
    m, nm = editor.model, page.nature_model
    changed: list = []
    m.dataChanged.connect(lambda top, bottom, _roles=(): changed.append((top.row(), bottom.row())))
    assert nm.setData(nm.index(PUBLIC_ROW, INITIAL_COL), str(initial))
    assert nm.setData(nm.index(PUBLIC_ROW, EXECUTED_COL), str(executed))
    if (initial, executed) != (D("11.60"), D("11.60")):
        assert changed and all(top == 0 for top, _b in changed)     # the linked row is repainted
    expected = fmt_rate(executed / initial)
    assert cell(m, 0, COL_ACTUAL) == expected
    scores = editor.doc.scores()
    row = scores.department.rows[0]
    assert row.actual.text == expected
    assert cell(m, 0, COL_SCORE) == f"{row.score:.2f}"
    assert f"= {expected}" in cell(m, 0, COL_ACTUAL, R.ToolTipRole)
    assert f"<b>{scores.department.total:.2f}</b>" in editor.summary_label.text()
    # a zero budget: not computable, shown as “—”, scored as an empty value
    with qtbot.waitSignal(m.dataChanged):
        nm.setData(nm.index(PUBLIC_ROW, INITIAL_COL), "0")
    assert cell(m, 0, COL_ACTUAL) == linked.NOT_COMPUTABLE and cell(m, 0, COL_SCORE) == "0.00"
    assert "无法计算" in cell(m, 0, COL_ACTUAL, R.ToolTipRole)


def test_link_and_unlink_from_the_context_menu_are_undoable(editor):
    m, doc = editor.model, editor.doc
    ind = doc.report.dept.indicators[0]
    ind.link = ""           # typed 95%, the budget gives 100.00%
    editor.view.select_cell(0, COL_NAME)
    editor._update_actions()
    assert editor.act_link.isEnabled() and not editor.act_unlink.isEnabled()
    assert editor.act_link in editor.view.actions() and editor.act_unlink in editor.view.actions()
    assert cell(m, 0, COL_ACTUAL) == "95%"
    editor.act_link.trigger()
    assert ind.link == "public_funds_control" and cell(m, 0, COL_ACTUAL) == "100.00%"
    assert doc.undo_stack.undoText() == "关联预算数据"
    assert editor.act_unlink.isEnabled() and not editor.act_link.isEnabled()
    doc.undo()
    assert (ind.link, cell(m, 0, COL_ACTUAL)) == ("", "95%")
    doc.redo()
    assert cell(m, 0, COL_ACTUAL) == "100.00%"
    editor.act_unlink.trigger()
    # the computed value becomes the typed one
    assert (ind.link, ind.actual, cell(m, 0, COL_ACTUAL)) == ("", "100.00%", "100.00%")
    assert m.flags(m.index(0, COL_ACTUAL)) & Qt.ItemFlag.ItemIsEditable
    doc.undo()
    assert (ind.link, ind.actual) == ("public_funds_control", "95%")
    # a row that names no ratio cannot be linked
    editor.view.select_cell(2, COL_NAME)
    editor._update_actions()
    assert not editor.act_link.isEnabled()
    editor.link_selected()
    assert "不能关联" in editor.message.text() and not doc.report.dept.indicators[2].link


def test_renaming_a_row_to_a_ratio_offers_the_link(editor):
    m = editor.model
    editor.view.select_cell(2, COL_NAME)
    assert not editor.act_link.isEnabled()
    assert m.setData(m.index(2, COL_NAME), "在职人员控制率")
    assert editor.act_link.isEnabled()


@pytest.mark.parametrize("path,linked_after", [("dept.indicators", True), ("projects[0].indicators", False)])
def test_adding_a_linkable_entry_from_the_library_links_it_in_the_department_table(qtbot, path, linked_after):
    doc = Document(_report(link=""))
    e = IndicatorEditor(doc, path, "")
    qtbot.addWidget(e)
    entry = next(x for x in load_library() if x.link == "three_public_control")
    e.pick_entries = lambda *a: [entry]
    e.view.select_cell(0, COL_NAME)
    e.pick_from_library()
    row = doc.value(path)[0]
    assert row.name == entry.name and bool(row.link) == linked_after
    if linked_after:
        assert cell(e.model, 0, COL_ACTUAL) == (links.value(doc.report, "three_public_control").text or "—")
        doc.undo()
        assert doc.value(path)[0].name == "公用经费控制率"


def test_the_library_dialog_marks_linkable_entries(qapp):
    entries = load_library()
    lm = LibraryModel(entries, 2024)
    last = lm.columnCount() - 1
    for i, e in enumerate(entries):
        assert cell(lm, i, last) == (LINKED_TEXT if e.link else "")
        assert (cell(lm, i, 3, R.DecorationRole) is not None) == bool(e.link)
        if e.link:
            assert links.spec(e.link).numerator in cell(lm, i, 3, R.ToolTipRole)
