"""The annex workbook as counties fill it in: every value lands where it belongs, exactly."""
from __future__ import annotations

from decimal import Decimal as D

import openpyxl
import pytest

import importers
from importers.grid import SourceGrid
from importers.tables import read_grids, split_level1, split_level2
from import_fixtures import UNIT, build_workbook
from model import summary
from model.report import Amounts, Report
from model.profiles import Settings
from model.scoring import score_indicator, score_report, score_table


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    path = build_workbook(tmp_path_factory.mktemp("xlsx") / "上年附件表.xlsx")
    return importers.import_paths([str(path)])


def test_year_unit_and_footer(imported):
    r = imported.report
    assert imported.year_detected == 2024 and r.info.year == 2024
    assert r.info.unit_name == UNIT
    assert (r.info.preparer, r.info.fill_date, r.info.phone) == ("周晓", "2025-03-12", "0737-5201234")
    assert r.info.head == ""          # the signature stays blank


def test_annex2_staff_and_control_rows(imported):
    r = imported.report
    assert r.staff.total_posts == 18 and r.staff.actual_staff == 17   # “17 名” read as 17
    b = r.budget
    # “222.79” stored as text is a number; the blank column B of the label does not matter
    assert b.basic == Amounts(prior=D("210.5"), initial=D("179.07"), budget=D("222.79"), executed=D("221.65"))
    # 附件2's {年}年预算数 column is the 年初 budget (SPEC §5.1)
    assert b.public == Amounts(prior=D("12.3"), initial=D("11.6"), executed=D("11.6"))
    c = b.controls
    assert (c["office"].prior, c["office"].initial, c["office"].executed) == (D("3"), D("2.5"), D("2.4"))
    assert c["utilities_travel"].executed == D("1.85")
    assert c["meetings_training"].executed == D("0.96")
    assert (c["three_public"].prior, c["three_public"].initial, c["three_public"].executed) == \
        (D("0.62"), D("0.5"), D("0.28"))
    assert c["reception"].executed == D("0.28")            # “0.28万元”
    assert c["cars"] == Amounts() and c["car_purchase"] == Amounts()   # “—” is empty, not 0
    assert (c["overseas"].initial, c["overseas"].executed) == (D("0"), D("0"))
    assert (c["procurement"].prior, c["procurement"].initial, c["procurement"].executed) == \
        (D("5"), D("6"), D("5.8"))
    assert c["basic_adjustment"].executed == D("0")
    assert b.project_spending == Amounts(prior=D("25"), initial=D("1"), budget=D("31"), executed=D("31"))
    assert b.savings_measures.startswith("严格执行公务接待标准")
    assert b.buildings.approved_area is None   # “—”


def test_annex2_projects_by_category(imported):
    projects = {p.name: p for p in imported.report.projects}
    # the order of the 附件4 tables; a project only listed in 附件2 follows
    assert list(projects) == ["春节送温暖资金", "职工服务阵地建设补助", "驻村帮扶第一书记专项工作经费"]
    assert projects["驻村帮扶第一书记专项工作经费"].category == "业务经费"
    # no 附件4: 附件2's figure is its 年初; its 全年预算数 is not in the tables, and the user is told
    assert projects["驻村帮扶第一书记专项工作经费"].total == Amounts(prior=D("5"), initial=D("1"), executed=D("1"))
    assert any("驻村帮扶第一书记专项工作经费" in line and "没有附件4" in line for line in imported.review)
    assert projects["春节送温暖资金"].category == "专项资金"
    assert projects["春节送温暖资金"].total.prior == D("20")
    assert projects["职工服务阵地建设补助"].category == "专项资金"


def test_annex3_budget_and_sources(imported):
    b = imported.report.budget
    assert (b.initial, b.full_year, b.executed) == (D("180.07"), D("253.79"), D("252.65"))
    assert b.sources["general"] == Amounts(initial=D("180.07"), budget=D("253.79"), executed=D("252.65"))
    assert b.sources["gov_fund"] == Amounts()
    assert b.sources["special_account"].executed == D("0")
    assert imported.report.dept.execution_weight == D("10")


def test_implied_figures_are_filled_and_listed(imported):
    b = imported.report.budget
    # 人员经费 = 基本支出 − 公用经费; the 全年−年初 gap as 年中追加数
    assert b.personnel == Amounts(prior=D("198.2"), initial=D("167.47"), executed=D("210.05"))
    assert b.additions == D("73.72") and b.reductions is None and b.carryover is None
    assert b.derived_full_year() == b.full_year
    assert b.prior_executed == D("235.5")     # 210.5 + 25
    assert any("基本支出 − 公用经费" in line for line in imported.review)
    assert any("年中追加数" in line for line in imported.review)


def test_imported_workbook_balances(imported):
    """The county's figures add up, so the import raises no balance finding."""
    from model.checks import run_checks
    findings = [f for f in run_checks(imported.report) if f.rule.startswith("balance")]
    # only the project listed in 附件2 alone lacks its 全年预算数 (listed for review): 31 ≠ 30 + 0
    assert [(f.rule, f.where) for f in findings] == [("balance.projects", "budget.project_spending.budget")], findings


def test_annex3_goal_texts(imported):
    dept = imported.report.dept
    assert dept.goal == "保障机关正常运转，做好困难职工帮扶和职工服务工作。"
    assert dept.achievement == "机关运转正常，春节慰问困难职工757人，举办技能竞赛5场。"


def test_annex3_indicator_rows(imported):
    inds = imported.report.dept.indicators
    got = [(i.level1, i.level2, i.name, i.target, i.actual, i.weight) for i in inds]
    assert got == [
        ("成本指标", "经济成本指标", "公用经费支出", "≤11.6万元", "11.6万元", D("10")),
        ("成本指标", "经济成本指标", "“三公”经费支出", "≤0.5 万元", "0.28", D("10")),
        ("产出指标", "数量指标", "慰问困难职工人数", "≥700人", "757人", D("15")),
        # 一级/二级 blank below: carried from the row above; the blank row is skipped
        ("产出指标", "数量指标", "开展职工技能竞赛场次", "≥6场", "5 场", D("10")),
        ("产出指标", "质量指标", "慰问资金发放准确率", "=100%", "100%", D("5")),
        # a real Excel date cell as the target
        ("产出指标", "时效指标", "送温暖资金发放完成时间", "2024年2月8日", "2024年2月5日", D("10")),
        ("效益指标", "社会效益指标", "职工合法权益保障", "有效提升", "有效提升", D("10")),
        ("效益指标", "可持续影响指标", "工会服务阵地作用", "长期发挥", "基本发挥", D("10")),
        # 0.95 formatted as a percentage is “95%”
        ("满意度指标", "服务对象满意度指标", "职工满意度", "≥96%", "95%", D("10")),
    ]
    assert inds[1].note == "接待次数较上年减少，按从严原则扣1分"
    assert inds[3].note.startswith("受场地改造影响")


def test_typed_scores_become_manual_only_when_they_differ(imported):
    inds = imported.report.dept.indicators
    manual = {i.name: i.manual_score for i in inds if i.manual_score is not None}
    # 0.28 ≤ 0.5 scores 10, but the county typed 9; 基本发挥 typed 8 of 10 (达成 band, default 10)
    assert manual == {"“三公”经费支出": D("9"), "工会服务阵地作用": D("8")}
    # typed 8.33 and 9.9 equal the computed scores: no override
    assert score_indicator(inds[3], Settings(), None).score == D("8.33")
    assert score_indicator(inds[8], Settings(), None).score == D("9.90")
    assert any("“三公”经费支出”9、“工会服务阵地作用”8的得分与按规则计算的不同" in line for line in imported.review)
    assert inds[7].grade == "达成年度指标"
    assert score_indicator(inds[7], Settings(), None).manual and score_indicator(inds[7], Settings(), None).score == D("8.00")


def test_department_total_matches_the_typed_total(imported):
    t = score_report(imported.report).department
    assert t.execution.score == D("9.96")
    assert t.total == D("95.19")
    assert not any("总分" in line for line in imported.review)
    assert imported.report.profile == "hunan"


def test_project_tables(imported):
    projects = {p.name: p for p in imported.report.projects}
    p1 = projects["春节送温暖资金"]
    assert p1.competent_dept == UNIT and p1.implementer == UNIT
    assert p1.total == Amounts(prior=D("20"), initial=D("0"), budget=D("30"), executed=D("30"))
    assert p1.fiscal == Amounts(initial=D("0"), budget=D("30"), executed=D("30"))
    assert p1.carried == Amounts()
    assert p1.goal == "春节前慰问困难职工不少于700人。"
    assert [(i.level1, i.name, i.target, i.weight) for i in p1.indicators][2] == \
        ("产出指标", "慰问完成时间", "2024年2月9日之前完成", D("20"))
    assert p1.indicators[2].level2 == "时效指标"
    assert _project_table(p1, _profile()).total == D("100.00")
    p2 = projects["职工服务阵地建设补助"]
    assert p2.total.budget == D("0")
    t2 = _project_table(p2, _profile())
    assert t2.execution.rate is None and t2.execution.score == D("0.00")
    # 未实施 typed 5 of 20: the 未达成 band (default 30 % = 6) → a manual 5
    assert p2.indicators[2].grade == "未达成年度指标且效果较差"
    assert p2.indicators[2].manual_score == D("5")
    assert t2.total == D("25.00")


def _profile():
    from model.profiles import get_profile
    return get_profile("hunan")


def test_summary_lines_say_what_was_taken(imported):
    text = "\n".join(imported.summary_lines())
    assert "工作表“整体自评”的附件3 部门整体支出绩效自评表" in text
    assert "绩效指标 9 条" in text
    assert "附件2只有编制总数 18" in text
    assert "填表说明" not in text          # a sheet without an annex is simply not a table
    summary.summarize(imported.report)     # the document goes through the model


def test_other_sheets_and_unreadable_cells(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    rows = [
        ["2024年度部门整体支出绩效自评表"],
        ["预算单位名称", "白沙县教育局"],
        ["", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "100", "189.67190.2", "95", "10", "", "9.5"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标(50)", "数量", "培训人次", "≥100人次", "120人次", "50", "50"],
        ["效益指标(30)", "社会效益", "家长满意", "显著", "显著", "30", "三十"],
        ["满意度指标(10)", "服务对象满意度", "满意度", "≥90%", "92%", "10", "10"],
    ]
    for row in rows:
        ws.append(row)
    path = tmp_path / "t.xlsx"
    wb.save(path)
    res = importers.import_paths([str(path)])
    r = res.report
    assert r.info.unit_name == "白沙县教育局"
    assert r.budget.full_year is None and r.budget.executed == D("95")
    assert any("C4" in s or "C列" in s for s in res.skipped if "189.67190.2" in s)
    assert any("三十" in s for s in res.skipped)
    assert r.profile == "mof"
    assert [i.level2 for i in r.dept.indicators] == ["数量指标", "社会效益指标", "服务对象满意度指标"]


def test_grid_reader_handles_a_neutral_grid():
    """The same reader works on a plain 2-D list (as a Word table arrives)."""
    cells = [
        ["项目支出名称", "乡村学校维修", "", ""],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "维修校舍", "≥3所", "3所", "40", "40"],
    ]
    data = read_grids([SourceGrid("测试表", cells)])
    assert data.kinds == {"annex4": 1}
    p = data.report.projects[0]
    assert p.name == "乡村学校维修" and p.indicators[0].target == "≥3所"


@pytest.mark.parametrize("text, expected", [
    ("产出指标（40分）", ("产出指标", D("40"))),
    ("产出指标 40", ("产出指标", D("40"))),
    ("产出指标(40)", ("产出指标", D("40"))),
    ("一、产出指标", ("产出指标", None)),
    ("满意度指标（10分）", ("满意度指标", D("10"))),
    ("成本指标", ("成本指标", None)),
    ("效益", ("效益指标", None)),
])
def test_level1_names_are_normalised(text, expected):
    assert split_level1(text) == expected


def test_level2_names_are_normalised():
    assert split_level2("数量") == "数量指标"
    assert split_level2("服务对象满意度") == "服务对象满意度指标"
    assert split_level2("自定义指标") == "自定义指标"


def test_empty_report_has_no_tables():
    data = read_grids([SourceGrid("空表", [["说明"], ["这里没有表格"]])], into=None)
    assert data.found == 0 and data.report == Report()


def test_two_column_source_and_nature_layout(tmp_path):
    """按收入性质分 / 按支出性质分 side by side, each amount after its label."""
    wb = openpyxl.Workbook()
    ws = wb.active
    rows = [
        ["附件3"],
        ["2024年度部门（单位）整体支出绩效自评表"],
        ["预算单位名称", "白沙县文化馆"],
        ["年度预算申请（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["", "年度资金总额", "100", "120", "118", "10", "98.33%", "9.83"],
        ["", "按收入性质分：", "", "", "按支出性质分：", "", "", ""],
        ["", "其中：一般公共预算：118", "", "", "其中：基本支出：100", "", "", ""],
        ["", "政府性基金拨款：0", "", "", "项目支出：18", "", "", ""],
        ["", "纳入专户管理的非税收入拨款：", "", "", "", "", "", ""],
        ["", "其他", "—", "", "", "", "", ""],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["", "产出指标", "数量指标", "免费开放天数", "≥300天", "310天", "90", "90"],
        ["总分", "", "", "", "", "", "100", "99.83"],
    ]
    for row in rows:
        ws.append(row)
    ws.merge_cells("A4:A10")
    path = tmp_path / "双栏.xlsx"
    wb.save(path)
    res = importers.import_paths([str(path)])
    b = res.report.budget
    assert (b.initial, b.full_year, b.executed) == (D("100"), D("120"), D("118"))
    assert b.sources["general"].executed == D("118")
    assert b.sources["gov_fund"].executed == D("0")
    assert b.basic.executed == D("100") and b.project_spending.executed == D("18")
    assert b.sources["special_account"] == Amounts()
    assert sum("已按“全年执行数”导入" in line for line in res.review) == 4
    assert not res.skipped, res.skipped
    assert res.report.dept.indicators[0].actual == "310天"
    assert score_report(res.report).department.total == D("99.83")


def test_formatting_far_away_does_not_count(tmp_path):
    """A border on row 9000, column 300 (Excel keeps such cells) does not make the sheet “large”."""
    from openpyxl.styles import Border, Side
    path = build_workbook(tmp_path / "styled.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["整体自评"]
    ws.cell(row=9000, column=300).border = Border(bottom=Side(style="thin"))
    ws.cell(row=8000, column=2).value = "   "
    wb.save(path)
    res = importers.import_paths([str(path)])
    assert len(res.report.dept.indicators) == 9


def test_inline_goals_merged_amounts_and_execution_row(tmp_path):
    """“预期目标：…” inside the label cell; one amount merged over three columns;
    a 预算执行率 row inside the indicator grid gives the execution weight."""
    wb = openpyxl.Workbook()
    ws = wb.active
    rows = [
        ["2024年度项目支出绩效自评表"],
        ["项目名称", "文化惠民演出"],
        ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["", "年度资金总额", "20", "20", "19", "", "95%", ""],
        ["", "其中：财政拨款", "19", "", "", "", "", ""],
        ["年度总体目标", "预期目标：送戏下乡20场。", "", "", "实际完成情况：完成送戏下乡19场。"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ["预算执行率", "", "", "", "", "15", "14.25", ""],
        ["产出指标", "数量指标", "演出场次", "≥20场", "19场", "85", "80.75", "一场因天气取消"],
    ]
    for row in rows:
        ws.append(row)
    ws.merge_cells("C5:E5")
    path = tmp_path / "项目.xlsx"
    wb.save(path)
    res = importers.import_paths([str(path)])
    p = res.report.projects[0]
    assert p.name == "文化惠民演出"
    assert p.goal == "送戏下乡20场。" and p.achievement == "完成送戏下乡19场。"
    assert p.total == Amounts(initial=D("20"), budget=D("20"), executed=D("19"))
    assert p.fiscal == Amounts(executed=D("19"))
    assert any("合并单元格" in line for line in res.review)
    assert p.execution_weight == D("15")
    assert [i.name for i in p.indicators] == ["演出场次"]
    assert _project_table(p, _profile()).total == D("95.00")


def test_projects_listed_without_category_rows():
    cells = [
        ["2024年度部门（单位）整体支出绩效评价基础数据表", "", "", ""],
        ["经费控制情况", "2023年决算数", "2024年预算数", "2024年决算数"],
        ["一、部门基本支出", "100", "110", "108"],
        ["二、部门项目支出", "20", "30", "29"],
        ["乡村文化站建设", "20", "30", "29"],
        ["小计", "20", "30", "29"],
        ["政府采购金额", "3", "4", "4"],
    ]
    data = read_grids([SourceGrid("测试表", cells)])
    assert [(p.name, p.category, p.total.prior, p.total.initial, p.total.executed)
            for p in data.report.projects] == [("乡村文化站建设", "业务经费", D("20"), D("30"), D("29"))]
    assert data.report.budget.controls["procurement"].executed == D("4")
    assert any("没有标明类别" in line for line in data.lines("review"))
    assert any("项目 1 个" in line for line in data.lines("taken"))
    assert set(data.years) == {2024}   # from the title and the 预算数 column


def test_formulas_without_cached_values_are_reported(tmp_path):
    """A workbook written by a program that does not compute formulas: the cells read as empty."""
    path = build_workbook(tmp_path / "f.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["附件2"]
    ws["E9"] = "=E10+0.55"       # 办公经费 本年决算数 as a formula, never computed
    wb.save(path)
    res = importers.import_paths([str(path)])
    assert res.report.budget.controls["office"].executed is None
    assert res.report.budget.controls["office"].initial == D("2.5")
    assert any("1 个公式单元格没有保存计算结果" in line for line in res.review)
    ok = importers.import_paths([str(build_workbook(tmp_path / "ok.xlsx"))])
    assert not any("公式" in line for line in ok.review)


def test_all_annexes_stacked_on_one_sheet(tmp_path):
    """Some counties keep 附件2–4 one under another on a single sheet."""
    from importers.tables import complete
    from importers.xlsx import load_grids
    grids, _ = load_grids(str(build_workbook(tmp_path / "a.xlsx")))
    width = max(g.ncols for g in grids)
    cells, anchors = [], []
    for g in grids:
        base = len(cells)
        for r in range(g.nrows):
            cells.append(g.cells[r] + [""] * (width - g.ncols))
            anchors.append([(a + base, b) for a, b in g.anchors[r]]
                           + [(base + r, c) for c in range(g.ncols, width)])
        cells.append([""] * width)
        anchors.append([(len(anchors), c) for c in range(width)])
    one = read_grids([SourceGrid("工作表“合并”", cells, anchors)])
    complete(one)
    separate = read_grids(grids)
    complete(separate)
    assert one.kinds == {"annex2": 1, "annex3": 1, "annex4": 2}
    assert one.report == separate.report


def test_nature_and_unit_columns():
    cells = [
        ["2024年度部门（单位）整体支出绩效自评表"] + [""] * 8,
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "培训人次", "≥", "100", "人次", "120", "50", "50"],
        ["产出指标", "质量指标", "投诉件数", "≤", "3", "件", "5", "20", "6.67"],
        ["效益指标", "社会效益指标", "群众知晓度", "定性", "明显提高", "", "明显提高", "20", "20"],
    ]
    data = read_grids([SourceGrid("测试表", cells)])
    inds = data.report.dept.indicators
    assert [(i.nature, i.target, i.actual) for i in inds] == [
        ("≥", "100人次", "120人次"), ("≤", "3件", "5件"), ("定性", "明显提高", "明显提高")]
    assert [i.manual_score for i in inds] == [None, None, None]
    assert [score_indicator(i, Settings(), None).score for i in inds] == [D("50.00"), D("6.67"), D("20.00")]


def _project_table(p, profile, year=None):
    """A project's table scored alone (no report around it: no report year)."""
    return score_table(p.indicators, p.execution_weight, p.total.budget, p.total.executed, profile, year)
