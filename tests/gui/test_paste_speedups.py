"""What the faster paste keeps exact: the batch's own path parsing and copies, the grid's kept
cell sizes (the row heights Qt measures itself), and the navigation tree's counts when only the
items whose counts moved are decorated again."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QApplication, QStyledItemDelegate

from bench.generate import make_report
from gui import commands
from gui.document import Document
from gui.navigation import NavigationTree
from gui.pages.indicator_editor import IndicatorEditor
from gui.tables.indicators import COL_ACTUAL, COL_NAME, COL_NOTE, COL_SCORE
from model import paths
from model.report import Indicator, Project
from model.severity import ERROR, INFO, WARNING, Finding

# ---------------------------------------------------------------------------- paths and copies

step = st.one_of(st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}", fullmatch=True),
                 st.integers(0, 120).map(lambda i: f"[{i}]"), st.just("."),
                 st.sampled_from(["[", "]", "[x]", "-", " ", "中", "[-1]", "0"]))


@settings(max_examples=400, deadline=None)
@given(st.lists(step, max_size=8).map("".join))
def test_a_path_parses_as_token_by_token(path):
    try:
        expected = paths.parse_tokens(path)
    except paths.PathError:
        with pytest.raises(paths.PathError):
            paths.parse(path)
        return
    assert paths.parse(path) == expected


def test_a_copy_is_a_deep_copy():
    row = Indicator(name="培训人次", weight=Decimal("10"), manual_score=None)
    copied = commands._copy(row)
    assert copied == row and copied is not row
    project = Project(name="甲", indicators=[row])
    deep = commands._copy(project)
    assert deep == project and deep.indicators[0] is not row and deep.total is not project.total
    assert commands._copy("文字") == "文字" and commands._copy(None) is None
    nested = {"a": [1, [2]]}
    assert commands._copy(nested) == nested and commands._copy(nested)["a"] is not nested["a"]


# ---------------------------------------------------------------------------- row heights

def _heights(editor) -> list[int]:
    view = editor.view
    view.resizeRowsToContents()
    return [view.rowHeight(r) for r in range(editor.model.rowCount())]


@pytest.mark.qt_log_ignore("propagateSizeHints")     # (the offscreen platform, a tool bar shown alone)
def test_the_kept_cell_sizes_give_the_heights_qt_measures(qtbot):
    report = make_report(2, 12, 4, 40, seed=5)
    rows = report.projects[0].indicators
    rows[1].name = "一个很长的三级指标名称，" * 6
    rows[2].note = "偏差原因：" + "材料价格上涨，工期顺延。" * 8
    rows[3].manual_score = Decimal("3")
    rows[4].actual = ""
    rows[5].note = "两行\n说明"
    doc = Document(report)
    doc.autosave_timer.stop()
    editor = IndicatorEditor(doc, "projects[0].indicators")
    qtbot.addWidget(editor)
    editor.resize(1000, 700)
    editor.show()
    qtbot.waitExposed(editor)
    cached = _heights(editor)
    plain = QStyledItemDelegate(editor.view)
    editor.view.setItemDelegate(plain)
    assert _heights(editor) == cached
    assert len(set(cached)) > 1                       # some rows wrap: the test measures something
    editor.view.setItemDelegate(editor.delegate)
    # an edit, a narrower column and a paste of new text: still Qt's own heights
    editor.model.setData(editor.model.index(6, COL_NOTE), "新的说明" * 30)
    editor.view.setColumnWidth(COL_NAME, 90)
    editor.view.setCurrentIndex(editor.model.index(editor.model.rowCount() - 1, 0))
    editor.view.paste("".join(f"产出指标\t数量指标\t粘贴指标{k}{'很长' * (k % 7) * 5}\t\t≥90%\t{80 + k}%\t0.5\r\n"
                              for k in range(20)))
    QApplication.processEvents()
    cached = _heights(editor)
    editor.view.setItemDelegate(plain)
    assert _heights(editor) == cached
    for col in (COL_ACTUAL, COL_SCORE):
        assert editor.view.columnWidth(col) > 0


# ---------------------------------------------------------------------------- navigation counts

def _finding(severity, where):
    return Finding(severity, "test.rule", where, "说明")


def _looks(tree) -> list[tuple]:
    return [(i.text(0), i.toolTip(0), i.foreground(0).color().name(), i.icon(0).isNull())
            for i in tree.all_items()]


PLACES = ["info.unit_name", "budget.initial", "sections[2]", "sections[9]", "dept.indicators[1].actual",
          "projects[0].name", "projects[1].indicators[3].actual", "projects[2].goal", "projects[7].name",
          "staff.actual_staff", "nowhere"]
found = st.lists(st.tuples(st.sampled_from([ERROR, WARNING, INFO]), st.sampled_from(PLACES)), max_size=25)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(passes=st.lists(found, min_size=1, max_size=5))
def test_the_tree_shows_the_counts_of_the_last_pass(qtbot, passes):
    report = make_report(3, 8, 6, 40, seed=11)
    doc = Document(report)
    doc.autosave_timer.stop()
    pages = [("info", "基础信息", ""), ("budget", "预算与执行", "")] + \
        [(f"section-{i}", f"第{i}部分", "") for i in range(10)] + \
        [("dept", "部门整体", ""), ("staff", "机构与人员", ""), ("projects", "项目", "")]
    tree = NavigationTree(doc, pages)
    qtbot.addWidget(tree)
    for findings in passes:
        tree.set_findings([_finding(s, w) for s, w in findings])
    fresh = NavigationTree(doc, pages)
    qtbot.addWidget(fresh)
    fresh.set_findings([_finding(s, w) for s, w in passes[-1]])
    assert _looks(tree) == _looks(fresh)
    # a project added and renamed afterwards keeps its counts shown
    doc.insert_item("projects", 3, Project(name="新项目"))
    tree.set_findings([_finding(ERROR, "projects[3].name")])
    assert tree.project_items()[3].text(0).endswith("（1）")


# ---------------------------------------------------------------------------- the project list

def test_the_project_list_is_not_laid_out_again_for_a_change_of_indicator_rows(qtbot):
    """A row pasted into a project's table changes only the list's tooltip (read when shown);
    a dataChanged would make the word-wrapped list measure every project again."""
    from gui.pages.projects import ProjectListModel
    doc = Document(make_report(3, 8, 6, 40, seed=11))
    doc.autosave_timer.stop()
    model = ProjectListModel(doc)
    changed: list = []
    model.dataChanged.connect(lambda a, b, *_r: changed.append((a.row(), b.row())))
    with doc.batch("粘贴"):
        doc.insert_item("projects[1].indicators", 0, Indicator(name="新指标"))
        doc.set_value("projects[1].indicators[0].actual", "95%")
    assert changed == []
    assert "绩效指标 9 行" in model.data(model.index(1, 0), 3)      # ToolTipRole
    doc.set_value("projects[1].name", "改名后的项目")
    assert changed == [(1, 1)]
