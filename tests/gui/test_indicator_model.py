"""The indicator grid model: scores from model.scoring, flags, undoable edits, paste."""
from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt

from gui.document import Document
from gui.tables.indicators import (COL_ACTUAL, COL_GRADE, COL_LEVEL1, COL_NAME, COL_NATURE, COL_NOTE,
                                   COL_SCORE, COL_TARGET, COL_WEIGHT, FLAG_BACKGROUND, MISSING_NOTE,
                                   IndicatorTableModel)
from gui.tables.tsv import parse_tsv, to_tsv
from model.report import GRADES, Indicator

from tables_data import ind, sample_report

DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def doc(qapp):
    return Document(sample_report())


@pytest.fixture
def model(doc):
    return IndicatorTableModel(doc, "dept.indicators")


def cell(model, row, col, role=DISPLAY):
    return model.data(model.index(row, col), role)


def test_model_passes_modeltester(qtmodeltester, model):
    qtmodeltester.check(model, force_py=True)


def test_project_model_and_empty_model_pass_modeltester(qtmodeltester, doc):
    qtmodeltester.check(IndicatorTableModel(doc, "projects[1].indicators"), force_py=True)
    qtmodeltester.check(IndicatorTableModel(doc, ""), force_py=True)
    qtmodeltester.check(IndicatorTableModel(doc, "projects[9].indicators"), force_py=True)


def test_rows_and_headers(model):
    assert model.rowCount() == 9
    assert model.headerData(COL_NOTE, Qt.Orientation.Horizontal) == "偏差原因分析及改进措施"
    assert cell(model, 2, COL_NAME) == "困难职工帮扶人次"
    assert cell(model, 2, COL_SCORE) == "10.00"
    # the nature derived from the target is shown, greyed
    assert cell(model, 2, COL_NATURE) == "≥"
    assert cell(model, 5, COL_NATURE) == "时效"
    assert cell(model, 2, COL_NATURE, Qt.ItemDataRole.ForegroundRole) is not None


def test_typing_actual_changes_score_and_flag(qtbot, doc, model):
    row = 2  # 困难职工帮扶人次 ≥300人次, weight 10
    idx = model.index(row, COL_ACTUAL)
    with qtbot.waitSignal(model.dataChanged) as blocker:
        assert model.setData(idx, "270人次")
    top, bottom = blocker.args[0], blocker.args[1]
    assert top.row() == bottom.row() == row and bottom.column() >= COL_SCORE
    assert cell(model, row, COL_SCORE) == "9.00"
    assert cell(model, row, COL_LEVEL1, Qt.ItemDataRole.BackgroundRole).color() == FLAG_BACKGROUND
    assert cell(model, row, COL_SCORE, Qt.ItemDataRole.DecorationRole) is not None
    tip = cell(model, row, COL_SCORE, Qt.ItemDataRole.ToolTipRole)
    assert "低于分值" in tip and MISSING_NOTE in tip
    assert doc.report.dept.indicators[row].actual == "270人次"


def test_target_and_actual_96_95_gives_990_flagged(doc, model):
    model.setData(model.index(0, COL_TARGET), "≥96%")
    model.setData(model.index(0, COL_ACTUAL), "95%")
    assert cell(model, 0, COL_SCORE) == "9.90"
    res = model.row_result(0)
    assert res.flagged and res.score == D("9.90")
    assert cell(model, 0, COL_NOTE) == "（需填写偏差原因分析及改进措施）"
    # the note cell's edit text stays empty: the hint is not data
    assert cell(model, 0, COL_NOTE, Qt.ItemDataRole.EditRole) == ""
    model.setData(model.index(0, COL_NOTE), "部分慰问对象外出务工，春节后补发。")
    assert model.row_result(0).flagged           # still flagged: the score is below the weight
    assert MISSING_NOTE not in cell(model, 0, COL_SCORE, Qt.ItemDataRole.ToolTipRole)
    assert cell(model, 0, COL_NOTE) == "部分慰问对象外出务工，春节后补发。"


def test_bad_weight_refused_and_old_value_kept(qtbot, doc, model):
    idx = model.index(3, COL_WEIGHT)
    with qtbot.waitSignal(model.inputRejected) as blocker:
        assert not model.setData(idx, "189.67190.2")
    assert "小数点" in blocker.args[0] and "已保留原值“10”" in blocker.args[0]
    assert doc.report.dept.indicators[3].weight == D(10)
    assert cell(model, 3, COL_WEIGHT) == "10"
    assert doc.undo_stack.count() == 0
    with qtbot.waitSignal(model.inputRejected):
        assert not model.setData(idx, "-5")
    assert model.setData(idx, "７.5")          # full-width digits are fine
    assert doc.report.dept.indicators[3].weight == D("7.5")


def test_undo_restores_cell(doc, model):
    model.setData(model.index(4, COL_ACTUAL), "80%")
    assert cell(model, 4, COL_SCORE) == "8.42"        # 10 × 80 ÷ 95
    doc.undo_stack.undo()
    assert cell(model, 4, COL_ACTUAL) == "97.2%"
    assert cell(model, 4, COL_SCORE) == "10.00"
    doc.undo_stack.redo()
    assert cell(model, 4, COL_ACTUAL) == "80%"


def test_manual_score_marked_and_cleared(doc, model):
    idx = model.index(3, COL_SCORE)
    # re-entering the computed score does not make it manual
    assert model.setData(idx, "9.90")
    assert doc.report.dept.indicators[3].manual_score is None
    assert model.setData(idx, "9.5")
    assert doc.report.dept.indicators[3].manual_score == D("9.5")
    assert cell(model, 3, COL_SCORE) == "9.50"
    assert cell(model, 3, COL_SCORE, Qt.ItemDataRole.FontRole).italic()
    assert "手工得分 9.50（计算得分 9.90）" in cell(model, 3, COL_SCORE, Qt.ItemDataRole.ToolTipRole)
    assert model.clear_manual_score([3]) == 1
    assert doc.report.dept.indicators[3].manual_score is None
    assert cell(model, 3, COL_SCORE) == "9.90"
    assert cell(model, 3, COL_SCORE, Qt.ItemDataRole.FontRole) is None
    # typing an empty score also clears it
    model.setData(idx, "8")
    model.setData(idx, "")
    assert doc.report.dept.indicators[3].manual_score is None


def test_grade_for_qualitative_row(doc, model):
    row = 6   # 困难职工生活条件改善, 部分达成 → 7.00 of 10
    assert cell(model, row, COL_SCORE) == "7.00"
    assert model.flags(model.index(row, COL_GRADE)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(model.index(row, COL_GRADE), GRADES[0])
    assert cell(model, row, COL_SCORE) == "10.00"
    assert not model.row_result(row).flagged
    assert not model.setData(model.index(row, COL_GRADE), "很好")
    # a quantitative row has no grade to pick
    assert not model.flags(model.index(2, COL_GRADE)) & Qt.ItemFlag.ItemIsEditable


def test_nature_column(doc, model):
    assert model.setData(model.index(2, COL_NATURE), "≤")
    assert doc.report.dept.indicators[2].nature == "≤"
    assert model.setData(model.index(2, COL_NATURE), ">=")      # normalised
    assert doc.report.dept.indicators[2].nature == "≥"
    assert model.setData(model.index(2, COL_NATURE), "（按指标值）")
    assert doc.report.dept.indicators[2].nature == ""
    assert not model.setData(model.index(2, COL_NATURE), "大约")


def test_summary_blocks_and_total(qtbot, doc, model):
    parts = {p.label: p for p in model.summary()}
    assert parts["预算执行率"].score == D("9.96")        # 252.65 ÷ 253.79 = 99.55%
    assert parts["产出指标"].score == D("39.90")
    assert parts["效益指标"].score == D("17.00")
    assert model.result().total == D("96.86")
    with qtbot.waitSignal(model.summaryChanged):
        doc.set_value("budget.executed", D("200"))
    assert {p.label: p for p in model.summary()}["预算执行率"].score == D("7.88")


def test_changes_elsewhere_do_not_touch_rows(qtbot, doc, model):
    with qtbot.assertNotEmitted(model.dataChanged), qtbot.assertNotEmitted(model.modelReset):
        doc.set_value("projects[0].indicators[0].actual", "49万元")
        doc.set_value("info.unit_name", "另一个单位")


def test_structure_change_resets(qtbot, doc, model):
    with qtbot.waitSignal(model.modelReset):
        doc.insert_item("dept.indicators", 0, Indicator(name="新指标"))
    assert model.rowCount() == 10 and cell(model, 0, COL_NAME) == "新指标"
    with qtbot.waitSignal(model.modelReset):
        doc.undo_stack.undo()
    assert model.rowCount() == 9


def test_paste_block_creates_rows_in_one_undo_step(doc, model):
    text = to_tsv([
        ["产出指标", "数量指标", "技能竞赛场次", "≥"],
        ["产出指标", "数量指标", "职工培训人次", ""],
        ["满意度指标", "服务对象满意度指标", "劳模满意度", "≥"],
    ])
    assert "\r\n" in text
    before = doc.undo_stack.count()
    errors = model.paste_block(8, COL_LEVEL1, parse_tsv(text))
    assert errors == []
    assert model.rowCount() == 11
    assert [i.name for i in doc.report.dept.indicators[8:]] == ["技能竞赛场次", "职工培训人次", "劳模满意度"]
    assert doc.report.dept.indicators[10].level2 == "服务对象满意度指标"
    assert doc.undo_stack.count() == before + 1
    doc.undo_stack.undo()
    assert model.rowCount() == 9
    assert doc.report.dept.indicators[8].name == "职工满意度"


def test_paste_quoted_multiline_and_bad_cells(qtbot, doc, model):
    text = '≥5场\t6场\tabc\t\t\t"第一行\r\n第二行"\r\n'
    with qtbot.waitSignal(model.inputRejected) as blocker:
        errors = model.paste_block(0, COL_TARGET, parse_tsv(text))
    assert len(errors) == 1 and "分值" in blocker.args[0]
    row = doc.report.dept.indicators[0]
    assert (row.target, row.actual, row.weight) == ("≥5场", "6场", D(10))
    assert row.note == "第一行\r\n第二行"


def test_copy_block_round_trip(model):
    block = model.copy_block(2, COL_NAME, 3, COL_WEIGHT)
    assert block == [["困难职工帮扶人次", "≥", "≥300人次", "326人次", "10"],
                     ["送温暖慰问覆盖率", "≥", "≥96%", "95%", "10"]]
    assert model.copy_block(3, COL_NOTE, 3, COL_NOTE) == [[""]]     # not the “需填写” hint


def test_clear_cells_one_step(doc, model):
    before = doc.undo_stack.count()
    model.clear_cells([(0, COL_ACTUAL), (0, COL_WEIGHT), (1, COL_ACTUAL)])
    assert doc.undo_stack.count() == before + 1
    assert doc.report.dept.indicators[0].weight is None
    assert doc.report.dept.indicators[1].actual == ""


def test_rows_remove_and_move(doc, model):
    model.move_row(0, 1)
    assert doc.report.dept.indicators[1].name == "“三公”经费控制率"
    model.remove_rows([0, 1])
    assert model.rowCount() == 7
    doc.undo_stack.undo()
    assert model.rowCount() == 9


def test_list_path_switch_and_project_removal(qtbot, doc):
    m = IndicatorTableModel(doc, "projects[1].indicators")
    assert m.rowCount() == 5
    with qtbot.waitSignal(m.modelReset):
        doc.remove_item("projects", 1)
    assert m.rowCount() == 0
    m.set_list_path("projects[0].indicators")
    assert m.rowCount() == 5
    assert m.result().execution.score == D("9.60")      # 48 ÷ 50


def test_large_document_edit_is_fine_grained(qtbot):
    from model.report import Project
    r = sample_report(projects=0)
    for i in range(150):
        r.projects.append(Project(name=f"项目{i}", indicators=[ind("产出指标", "数量指标", f"指标{j}", "≥10个",
                                                                     "10个", 4) for j in range(25)]))
    d = Document(r)
    models = [IndicatorTableModel(d, f"projects[{i}].indicators") for i in range(150)]
    received = []
    for i, m in enumerate(models):
        m.dataChanged.connect(lambda *a, i=i: received.append(i))
    models[7].setData(models[7].index(3, COL_ACTUAL), "9个")
    assert received == [7]
    assert models[7].data(models[7].index(3, COL_SCORE)) == "3.60"


def test_paste_with_header_row_maps_columns_by_name(qtbot, doc):
    m = IndicatorTableModel(doc, "projects[0].indicators")
    block = [
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ["产出指标（40分）", "数量指标", "技能竞赛场次", "≥5场", "6场", "10", "10", ""],
        ["", "", "职工培训人次", "≥500人次", "480人次", "10分", "9.6", "部分培训延至次年"],
        ["", "质量指标", "培训合格率", "≥95%", "97%", "20", "20", ""],
        ["", "", "", "", "", "", "", ""],
        ["总分", "", "", "", "", "100", "98.5", ""],
    ]
    with qtbot.waitSignal(m.notice) as blocker:
        errors = m.paste_block(5, COL_NOTE, block)      # the current column does not matter
    assert errors == []
    assert "粘贴 3 行" in blocker.args[0] and "得分" in blocker.args[0]
    rows = doc.report.projects[0].indicators[5:]
    assert [(r.level1, r.level2, r.name) for r in rows] == [
        ("产出指标", "数量指标", "技能竞赛场次"), ("产出指标", "数量指标", "职工培训人次"),
        ("产出指标", "质量指标", "培训合格率")]
    assert rows[1].weight == D(10) and rows[1].note == "部分培训延至次年"
    assert all(r.manual_score is None for r in rows)       # scores are computed, not pasted
    assert m.data(m.index(6, COL_SCORE)) == "9.60"


def test_repeated_block_names_are_shaded(qtbot, model):
    fg = Qt.ItemDataRole.ForegroundRole
    assert cell(model, 0, COL_LEVEL1, fg) is None
    assert cell(model, 1, COL_LEVEL1, fg) is not None          # 成本指标 again
    assert cell(model, 3, COL_LEVEL1, fg) is not None and cell(model, 3, 1, fg) is not None
    assert cell(model, 4, 1, fg) is None                         # 质量指标 after 数量指标
    with qtbot.waitSignal(model.dataChanged) as blocker:
        model.setData(model.index(0, COL_LEVEL1), "产出指标")
    assert blocker.args[1].row() == 1
    assert cell(model, 1, COL_LEVEL1, fg) is None


def test_placeholder_rows_look_unfilled_not_deviating(qapp):
    from gui.tables.indicators import COL_SCORE, UNFILLED_CELL, UNFILLED_TIP
    from model.report import new_report
    doc = Document(new_report(2025, "某局"))
    m = IndicatorTableModel(doc, "dept.indicators")
    R = Qt.ItemDataRole
    for row in range(m.rowCount()):
        assert cell(m, row, COL_SCORE) == UNFILLED_CELL
        assert cell(m, row, COL_NOTE) == ""
        assert cell(m, row, COL_SCORE, R.DecorationRole) is None
        assert cell(m, row, COL_NAME, R.BackgroundRole) is None
        assert cell(m, row, COL_SCORE, R.ToolTipRole) == UNFILLED_TIP
    # typing a name makes the row a real one: scored and flagged until it has an actual value
    assert m.setData(m.index(0, COL_NAME), "培训人次")
    assert cell(m, 0, COL_SCORE) == "0.00"
    assert cell(m, 0, COL_SCORE, R.DecorationRole) is not None
    assert cell(m, 1, COL_SCORE) == UNFILLED_CELL
