"""The form readers on small grids: each layout of the money block, titles, units, the
table kinds that are not annexes, placeholder rows and the county's score precision."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from importers.grid import SourceGrid
from importers.tables import OTHER, REVIEW, SKIPPED, TAKEN, complete, read_grids, segments
from model.profiles import get_profile
from model.report import Amounts
from model.scoring import score_table


def grid(rows, merges=(), label="工作表“表”"):
    cells = [list(r) for r in rows]
    width = max(len(r) for r in cells)
    for r in cells:
        r.extend([""] * (width - len(r)))
    anchors = [[(r, c) for c in range(width)] for r in range(len(cells))]
    for r0, c0, r1, c1 in merges:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                cells[r][c] = cells[r0][c0]
                anchors[r][c] = (r0, c0)
    return SourceGrid(label, cells, anchors)


def read(*grids):
    data = read_grids(list(grids))
    complete(data)
    return data


PAIR_PROJECT = [
    ["项目支出绩效评价自评表"],
    ["（2022年度）"],
    ["项目名称", "乡镇道路养护"],
    ["主管部门", "石门镇人民政府", "", "", "", "", "实施单位", "石门镇农业综合服务中心"],
    ["项目资金（万元）", "年初预算数", "96.40", "全年预算数", "101.25", "全年执行数", "99.87", "分值", "10", "执行率",
     "98.64%", "得分", "9.9"],
    ["其中：财政资金", "年初预算数", "90", "全年预算数", "95", "全年执行数", "94"],
    ["单位资金", "年初预算数", "6.4", "全年预算数", "6.25", "全年执行数", "5.87"],
    ["年度总体目标", "预期目标", "养护道路20公里", "", "", "", "实际完成情况", "养护道路21公里"],
    ["一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "度量单位", "实际完成值", "分值", "得分", "评分标准",
     "偏差原因分析及改进措施"],
    ["产出指标", "数量指标", "养护里程", "≥", "20", "公里", "21", "40", "40", "完成得满分，每少1公里扣2分"],
    ["", "", "指标1"],
    ["效益指标", "社会效益指标", "通行条件改善", "定性", "明显改善", "", "明显改善", "40", "40"],
    ["满意度指标", "服务对象满意度", "群众满意度", "≥", "90", "%", "92", "10", "9.7", "", "个别路段施工期绕行"],
    ["……"],
    ["总分", "", "", "", "", "", "", "100", "99.6"],
]


def test_label_value_pairs_on_one_row():
    data = read(grid(PAIR_PROJECT))
    p = data.report.projects[0]
    assert p.name == "乡镇道路养护"
    assert (p.competent_dept, p.implementer) == ("石门镇人民政府", "石门镇农业综合服务中心")
    assert p.total == Amounts(initial=D("96.40"), budget=D("101.25"), executed=D("99.87"))
    assert p.fiscal == Amounts(initial=D("90"), budget=D("95"), executed=D("94"))
    assert p.other == Amounts(initial=D("6.4"), budget=D("6.25"), executed=D("5.87"))
    assert p.execution_weight == D("10")
    assert data.years == [2022]                      # the year on its own line under the title


def test_separate_nature_and_unit_columns_and_a_criteria_column():
    p = read(grid(PAIR_PROJECT)).report.projects[0]
    first = p.indicators[0]
    assert (first.name, first.nature, first.target, first.actual) == ("养护里程", "≥", "20公里", "21公里")
    # the 评分标准 column is text, never the 得分: the rule's score stands
    assert first.manual_score is None
    assert [i.name for i in p.indicators] == ["养护里程", "通行条件改善", "群众满意度"]   # no “指标1”, no “……”
    assert p.indicators[2].note == "个别路段施工期绕行"


def test_one_decimal_scores_are_the_countys_precision():
    data = read(grid(PAIR_PROJECT))
    assert data.report.score_places == 1
    p = data.report.projects[0]
    # 9.7 is a real deduction (the rule gives 10); 9.9 is the rule's 9.864 at one decimal: not an override
    assert [i.manual_score for i in p.indicators] == [None, None, D("9.7")]
    profile = get_profile("hunan")
    import dataclasses
    one = dataclasses.replace(profile, settings=dataclasses.replace(profile.settings, score_places=1))
    t = _project_table(p, one)
    assert (t.execution.score, t.total) == (D("9.9"), D("99.6"))
    assert not any("总分" in n.text for n in data.notes if n.kind == REVIEW)
    assert any("模板占位行" in n.text for n in data.notes if n.kind == TAKEN)


TWO_ROW_HEADER = [
    ["部门整体支出绩效自评表（部门整体）"],
    ["2023年度"],
    ["部门", "桐林县农业农村局"],
    ["年度预算申请（万元）", "", "年初", "全年", "全年", "分值", "执行率", "得分"],
    ["", "", "预算数", "预算数", "执行数", "", "", ""],
    ["", "年度资金总额", "500", "520.5", "515.2", "10", "98.98%", "9.90"],
    ["", "财政资金", "450", "470", "466"],
    ["", "财政专户管理资金", "20", "20", "19.2"],
    ["", "单位资金", "10", "10.5", "10"],
    ["", "其他资金", "20", "20", "20"],
    ["", "按支出性质分：基本支出", "300", "300", "298"],
    ["", "项目支出", "200", "220.5", "217.2"],
    ["年度总体目标", "预期目标", "培训农民500人次", "实际完成情况", "培训农民520人次"],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["", "产出指标", "数量指标", "培训农民", "≥500人次", "520人次", "50", "50"],
    ["", "效益指标", "社会效益指标", "农民增收", "明显", "明显", "30", "30"],
    ["", "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "93%", "10", "10"],
    ["总分", "", "", "", "", "", "100", "99.90"],
]


def test_header_over_two_rows_with_four_funding_rows():
    data = read(grid(TWO_ROW_HEADER, merges=[(3, 0, 11, 0)]))
    r = data.report
    b = r.budget
    assert r.info.unit_name == "桐林县农业农村局"        # under “部门”
    assert data.years == [2023]
    assert (b.initial, b.full_year, b.executed) == (D("500"), D("520.5"), D("515.2"))
    assert b.sources["general"] == Amounts(initial=D("450"), budget=D("470"), executed=D("466"))
    assert b.sources["special_account"] == Amounts(initial=D("20"), budget=D("20"), executed=D("19.2"))
    # 单位资金 and 其他资金 share one source of the model: added up and listed for review
    assert b.sources["other"] == Amounts(initial=D("30"), budget=D("30.5"), executed=D("30"))
    assert any("单位资金、其他资金" in n.text for n in data.notes if n.kind == REVIEW)
    assert b.basic == Amounts(initial=D("300"), budget=D("300"), executed=D("298"))
    assert b.project_spending == Amounts(initial=D("200"), budget=D("220.5"), executed=D("217.2"))
    assert data.report.score_places is None          # 9.90 / 99.90: the usual two decimals
    assert not any("总分" in n.text for n in data.notes if n.kind == REVIEW)


def test_two_line_header_cells():
    rows = [list(r) for r in TWO_ROW_HEADER]
    rows[3] = ["年度预算申请（万元）", "", "年初\n预算数", "全年\n预算数", "全年\n执行数", "分值", "执行率", "得分"]
    del rows[4]
    b = read(grid(rows, merges=[(3, 0, 10, 0)])).report.budget
    assert (b.initial, b.full_year, b.executed) == (D("500"), D("520.5"), D("515.2"))


ZERO_BUDGET = [
    ["2024年度项目支出绩效自评表"],
    ["项目名称", "春耕备耕补助"],
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["", "年度资金总额", "30", "0", "0", "10", "—", "0"],
    ["", "其中：当年财政拨款", "30", "0", "0"],
    ["", "上年结转资金 其他资金", "", "", ""],
    ["年度总体目标", "预期目标", "补助100户", "实际完成情况", "资金收回，未实施"],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["", "产出指标", "数量指标", "补助户数", "≥100户", "0户", "90", "0"],
    ["总分", "", "", "", "", "", "100", "0"],
]


def test_zero_full_year_budget_gives_no_rate():
    p = read(grid(ZERO_BUDGET, merges=[(2, 0, 5, 0)])).report.projects[0]
    assert p.total == Amounts(initial=D("30"), budget=D("0"), executed=D("0"))
    t = _project_table(p, get_profile("hunan"))
    assert t.execution.rate is None and t.execution.score == D("0.00")


def test_two_funding_labels_in_one_cell():
    rows = [list(r) for r in ZERO_BUDGET]
    rows[3] = ["", "年度资金总额", "30", "38", "36", "10", "94.74%", "9.47"]
    rows[4] = ["", "其中：当年财政拨款", "30", "30", "29"]
    rows[5] = ["", "上年结转资金\n其他资金", "", "5\n3", "4\n3"]
    p = read(grid(rows, merges=[(2, 0, 5, 0)])).report.projects[0]
    assert p.carried == Amounts(budget=D("5"), executed=D("4"))
    assert p.other == Amounts(budget=D("3"), executed=D("3"))
    rows[5] = ["", "上年结转资金 其他资金", "", "8", "7"]   # one figure for two kinds: cannot be split
    data = read(grid(rows, merges=[(2, 0, 5, 0)]))
    p = data.report.projects[0]
    assert p.carried == Amounts() and p.other == Amounts()
    assert any("第6行" in n.text and "无法分开" in n.text for n in data.notes if n.kind == SKIPPED)


def test_unreadable_money_block_is_listed_with_its_row():
    rows = [list(r) for r in ZERO_BUDGET]
    rows[2] = ["项目资金（万元）", "", "金额", "", "", "", "", ""]
    data = read(grid(rows, label="工作表“附件4”"))
    assert any(n.text.startswith("工作表“附件4”") and "第1—6行" in n.text and "未导入" in n.text
               for n in data.notes if n.kind == SKIPPED)
    assert data.report.projects[0].total == Amounts()
    rows[3:6] = [["", "说明", "资金情况见附表"]] * 3            # nothing that looks like money at all
    data = read(grid(rows, label="工作表“附件4”"))
    assert any("第1—6行中没有找到预算资金" in n.text for n in data.notes if n.kind == SKIPPED)


@pytest.mark.parametrize("rows", [
    [["城关镇2023年度部门整体支出绩效自评工作考核评分表"], ["考核内容", "分值", "评分标准", "得分"],
     ["布置工作", "10", "按时布置得10分", "10"], ["自评报告完整性", "15", "每缺一项扣2分", "13"]],
    [["考核内容", "分值", "评分标准", "得分"], ["实施评价", "20", "按要求开展得20分", "18"],
     ["自评报告", "70", "内容完整", "65"]],
    [["2024年度项目支出绩效目标申报表"], ["项目名称", "农村公路建设"], ["一级指标", "二级指标", "三级指标", "指标值"],
     ["产出指标", "数量指标", "新建公路", "≥10公里"]],
    [["项目名称", "农村公路建设"], ["一级指标", "二级指标", "三级指标", "指标值"],
     ["产出指标", "数量指标", "新建公路", "≥10公里"]],
])
def test_tables_that_are_not_annexes_are_not_read_as_annexes(rows):
    g = grid(rows)
    assert [s.kind for s in segments(g, others=True)] == [OTHER]
    assert segments(g) == []                         # a Word table like this stays body text
    data = read(g)
    assert data.report.projects == [] and data.report.dept.indicators == []
    assert any("不是附件2/3/4" in n.text for n in data.notes if n.kind == SKIPPED)


def test_a_scoring_table_stacked_under_an_annex_does_not_swallow_it():
    rows = PAIR_PROJECT + [[""], ["部门整体支出绩效自评工作考核评分表"], ["考核内容", "分值", "评分标准", "得分"],
                           ["布置工作", "10", "按时布置得10分", "10"]]
    data = read(grid(rows))
    assert [s.kind for s in segments(grid(rows), others=True)][-1] == OTHER
    assert [i.name for i in data.report.projects[0].indicators] == ["养护里程", "通行条件改善", "群众满意度"]


@pytest.mark.parametrize("label,value", [("单位名称：", "平江乡人民政府"), ("预算单位", "平江乡人民政府"),
                                         ("部门", "平江乡人民政府"), ("单位名称", "平江乡人民政府")])
def test_the_unit_under_its_many_labels(label, value):
    rows = [list(r) for r in TWO_ROW_HEADER]
    rows[2] = [label + value] if label.endswith("：") else [label, value]
    assert read(grid(rows)).report.info.unit_name == value


def test_whole_point_scores_need_evidence():
    rows = [list(r) for r in PAIR_PROJECT]
    rows[4] = ["项目资金（万元）", "年初预算数", "100", "全年预算数", "100", "全年执行数", "97", "分值", "10", "执行率",
               "97%", "得分", "10"]
    rows[12] = ["满意度指标", "服务对象满意度", "群众满意度", "≥", "90", "%", "89", "10", "10"]
    rows[14] = ["总分", "", "", "", "", "", "", "100", "100"]
    # 9.7 and 9.89 printed as 10: whole points
    data = read(grid(rows))
    assert data.report.score_places == 0
    assert [i.manual_score for i in data.report.projects[0].indicators] == [None, None, None]
    rows[12] = ["满意度指标", "服务对象满意度", "群众满意度", "≥", "90", "%", "92", "10", "10"]
    rows[4][12] = "9.7"
    assert read(grid(rows)).report.score_places == 1


def _project_table(p, profile, year=None):
    """A project's table scored alone (no report around it: no report year)."""
    return score_table(p.indicators, p.execution_weight, p.total.budget, p.total.executed, profile, year)
