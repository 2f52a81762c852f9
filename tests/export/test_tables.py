"""The annex grids: layout, labels and every computed figure (SPEC §5)."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from export import tables
from export.grid import Grid
from model.report import Amounts, Indicator, Project
from model.scoring import score_report


def texts(grid: Grid) -> list[str]:
    return grid.texts()


def row_texts(grid: Grid, row: int) -> list[str]:
    return [c.text for c in sorted(grid.cells, key=lambda c: c.col) if c.row == row]


def find(grid: Grid, text: str):
    hits = [c for c in grid.cells if c.text == text]
    assert hits, f"{text!r} not in {grid.key}"
    return hits[0]


def right_of(grid: Grid, text: str, steps: int = 1):
    """The cell ``steps`` cells to the right of the cell holding ``text``."""
    c = find(grid, text)
    col = c.col + c.colspan
    cell = grid.cell_at(c.row, col)
    for _ in range(steps - 1):
        col = cell.col + cell.colspan
        cell = grid.cell_at(c.row, col)
    return cell


def assert_tiled(grid: Grid) -> None:
    """Every body position is covered by exactly one cell: no holes, no overlaps."""
    seen: dict[tuple[int, int], object] = {}
    for c in grid.cells:
        assert c.row >= 0 and c.col >= 0 and c.col + c.colspan <= grid.ncols, (grid.key, c)
        for r in range(c.row, c.row + c.rowspan):
            for k in range(c.col, c.col + c.colspan):
                assert (r, k) not in seen, f"{grid.key}: overlap at {(r, k)}: {c} / {seen[(r, k)]}"
                seen[(r, k)] = c
    for r in range(grid.nrows):
        for k in range(grid.ncols):
            assert (r, k) in seen, f"{grid.key}: hole at {(r, k)}"


def test_build_all_order_and_sheet_names(report):
    grids = tables.build_all(report)
    assert [g.key for g in grids] == ["annex2", "annex3", "annex4-1", "annex4-2", "annex4-3"]
    names = [g.sheet_name for g in grids]
    assert names[:3] == ["附件2 基础数据表", "附件3 整体支出自评表", "附件4-1 夏送清凉活动"]
    assert len(set(names)) == len(names)
    for n in names:
        assert len(n) <= 31 and not set(n) & set("[]:*?/\\")
    assert names[3].startswith("附件4-2 =SUM(A1A9)")
    for g in grids:
        assert_tiled(g)
        assert len(g.col_widths) == g.ncols


def test_clean_sheet_name_unique_and_short():
    taken: set[str] = set()
    long = "附件4-1 " + "很长的项目名称" * 10
    a = tables.clean_sheet_name(long, taken)
    b = tables.clean_sheet_name(long, taken)
    c = tables.clean_sheet_name("a[b]:c*d?e/f\\g", taken)
    assert len(a) == 31 and len(b) <= 31 and a != b and b.endswith("(2)")
    assert c == "abcdefg"
    assert tables.clean_sheet_name("[]:", taken) == "附表"


def test_annex2_layout_and_figures(report):
    g = tables.build_annex2(report)
    assert g.title == "2024年度部门（单位）整体支出绩效评价基础数据表"
    assert g.annex_label == "附件2" and g.subtitle_left == "单位名称：某某县总工会"
    assert g.subtitle_right == "单位：万元" and not g.landscape
    assert g.footer.startswith("填表人：李明") and "填报日期：2025年3月10日" in g.footer
    assert "联系电话：0737-4221234" in g.footer and g.footer.rstrip("\u3000").endswith("单位负责人签字：")
    # staffing: 8 posts, 7 staff → 87.50 %
    staff = find(g, "财政供养人员情况（人）")
    assert staff.rowspan == 2
    assert row_texts(g, staff.row + 1) == ["8", "7", "87.50%"]
    rate = g.cell_at(staff.row + 1, 5)
    assert rate.value == D("0.875") and rate.number_format == "0.00%"
    assert row_texts(g, find(g, "经费控制情况（万元）").row)[1:] == ["2023年决算数", "2024年预算数", "2024年决算数"]
    # the 2024年预算数 column is the 年初 budget (170.07), not 全年预算数 (172.79)
    assert row_texts(g, find(g, "一、部门基本支出").row)[1:] == ["160.22", "170.07", "172.15"]
    assert row_texts(g, find(g, "“三公”经费").row)[1:] == ["1.20", "1.20", "1.15"]
    # projects expand under their category, with the category's sum
    cat1 = find(g, "1、业务经费（一个项目一行）")
    assert row_texts(g, cat1.row)[1:] == ["36.18", "1.20", "1.15"]
    assert row_texts(g, cat1.row + 1)[0] == "\u3000\u3000夏送清凉活动"
    assert row_texts(g, cat1.row + 2)[0] == "\u3000\u3000困难职工帮扶（上年结转）"
    cat2 = find(g, "2、运行维护经费（一个专项一行）")
    assert cat2.row == cat1.row + 3
    assert row_texts(g, cat2.row + 1) == ["", "", "", ""]            # the empty category's blank row
    cat3 = find(g, "3、专项资金（一个项目一行）")
    assert cat3.row == cat2.row + 2
    injected = g.cell_at(cat3.row + 1, 0)
    assert injected.text.endswith("=SUM(A1:A9) 职工技能竞赛/培训[专项]") and injected.user_text
    order = [c.text for c in sorted(g.cells, key=lambda c: c.row) if c.col == 0 and c.text]
    assert order.index("政府采购金额") > order.index("3、专项资金（一个项目一行）")
    assert order[-3:] == ["部门基本支出预算调整", "楼堂馆所控制情况（2024年完工项目）", "厉行节约保障措施"]
    # 楼堂馆所: approved area 0 → rates not computable
    bld = find(g, "楼堂馆所控制情况（2024年完工项目）")
    assert row_texts(g, bld.row)[1:] == ["批复规模\n（㎡）", "实际规模\n（㎡）", "规模控制率", "预算投资\n（万元）",
                                         "实际投资\n（万元）", "投资概算\n控制率"]
    assert row_texts(g, bld.row + 1) == ["0.00", "", "—", "", "", "—"]
    assert right_of(g, "厉行节约保障措施").text.startswith("严格执行中央八项规定精神")


def test_annex2_buildings_rates(report):
    bl = report.budget.buildings
    bl.approved_area, bl.actual_area = D("1200"), D("1150")
    bl.budget_investment, bl.actual_investment = D("300"), D("310.5")
    g = tables.build_annex2(report)
    bld = find(g, "楼堂馆所控制情况（2024年完工项目）")
    assert row_texts(g, bld.row + 1) == ["1200.00", "1150.00", "95.83%", "300.00", "310.50", "103.50%"]


def test_annex3_budget_block(report):
    g = tables.build_annex3(report)
    assert g.title == "2024年度部门（单位）整体支出绩效自评表" and g.landscape
    assert right_of(g, "预算单位名称").text == "某某县总工会"
    head = find(g, "年初预算数")
    assert row_texts(g, head.row)[2:] == ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    total = find(g, "年度资金总额")
    # SPEC §3.2 worked fact: 252.65 ÷ (180.07 + 73.72) = 99.55 % → 9.96 of 10
    assert row_texts(g, total.row)[1:] == ["180.07", "253.79", "252.65", "10", "99.55%", "9.96"]
    assert g.cell_at(total.row, 8).value == D("9.96")
    assert g.cell_at(total.row, 7).value == D("0.9955")
    block = find(g, "年度预算申请\n（万元）")
    assert block.row == head.row and block.rowspan == 8
    src = find(g, "按收入性质分")
    assert src.rowspan == 4
    assert row_texts(g, src.row)[1:5] == ["一般公共预算", "180.07", "253.79", "252.65"]
    assert [g.cell_at(src.row + i, 2).text for i in range(4)] == [
        "一般公共预算", "政府性基金拨款", "纳入专户管理的非税收入拨款", "其他"]
    nat = find(g, "按支出性质分")
    assert row_texts(g, nat.row)[1:5] == ["基本支出", "170.07", "172.79", "172.15"]
    assert row_texts(g, nat.row + 1)[:4] == ["项目支出", "10.00", "81.00", "80.50"]
    goal = find(g, "年度总体目标")
    assert row_texts(g, goal.row)[1:] == ["预期目标", "实际完成情况"]
    assert row_texts(g, goal.row + 1)[0].startswith("围绕县委中心工作")


def test_annex3_indicator_grid(report):
    g = tables.build_annex3(report)
    t = score_report(report).department
    head = find(g, "一级指标")
    assert row_texts(g, head.row)[1:] == ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值",
                                          "分值", "得分", "偏差原因分析及改进措施"]
    assert g.repeated == (head.row, head.row + 1)
    perf = find(g, "绩效指标")
    assert perf.row == head.row and perf.rowspan == 1 + len(report.dept.indicators)
    out = find(g, "产出指标\n（40分）")
    assert out.col == 1 and out.row == head.row + 3 and out.rowspan == 3
    assert find(g, "成本指标\n（20分）").rowspan == 2
    assert find(g, "满意度指标\n（10分）").rowspan == 1
    econ = find(g, "经济成本指标")
    assert econ.rowspan == 2 and econ.col == 2
    # the quality row: 98 % of a 100 % target → 9.80 of 10, with its note kept as text
    q = find(g, "帮扶资金发放准确率")
    assert row_texts(g, q.row)[-6:] == ["帮扶资金发放准确率", "100%", "98%", "10", "9.80",
                                        "-个别帮扶对象信息变更未及时核实，下年度建立季度复核机制"]
    assert g.cell_at(q.row, 7).value == D("9.80") and g.cell_at(q.row, 8).user_text
    # qualitative partly achieved: 70 % of 10
    cov = find(g, "工会组织覆盖面")
    assert g.cell_at(cov.row, 7).text == "7.00"
    timely = find(g, "帮扶资金发放及时性")
    assert row_texts(g, timely.row)[-5:-1] == ["2024年12月31日之前完成", "2024年12月20日", "15", "15.00"]
    total = find(g, "总分")
    assert total.colspan == 6
    assert row_texts(g, total.row) == ["总分", "100", "96.76", "自评等级：优"]
    assert g.cell_at(total.row, 7).value == t.total == D("96.76")
    # every indicator score in the grid is the model's
    scores = sorted(c.value for c in g.cells if c.col == 7 and c.row > head.row and c.row < total.row)
    assert scores == sorted(r.score for r in t.rows)


def test_annex4_project(report):
    g = tables.build_annex4(report, 0)
    assert g.title == "2024年度项目支出绩效自评表" and g.annex_label == "附件4-1"
    assert g.sheet_name == "附件4-1 夏送清凉活动"
    assert right_of(g, "项目支出名称").text == "夏送清凉活动"
    assert row_texts(g, find(g, "主管部门").row) == ["主管部门", "某某县总工会", "实施单位", "某某县总工会"]
    total = find(g, "年度资金总额")
    # SPEC §3.2 worked fact: 1.15 ÷ 1.2 = 95.83 % → 9.58 of 10
    assert row_texts(g, total.row)[1:] == ["1.20", "1.20", "1.15", "10", "95.83%", "9.58"]
    assert [g.cell_at(total.row + i, 1).text for i in (1, 2, 3)] == ["其中：当年财政拨款", "上年结转资金", "其他资金"]
    assert find(g, "项目资金\n（万元）").rowspan == 5
    assert find(g, "成本指标\n（20分）").rowspan == 1
    assert find(g, "产出指标\n（40分）").rowspan == 2
    assert row_texts(g, find(g, "总分").row) == ["总分", "100", "99.37", "自评等级：优"]


def test_annex4_zero_budget_rate_is_dash(report):
    g = tables.build_annex4(report, 2)
    total = find(g, "年度资金总额")
    cells = row_texts(g, total.row)
    assert cells[1:] == ["0.00", "0.00", "0.00", "10", "—", "0.00"]
    rate = g.cell_at(total.row, 7)
    assert rate.value is None and rate.number_format is None
    # the profile's 成本指标 block has no row in this project: it prints as one blank row,
    # weighing what its rows weigh, so the printed weights add up to the 总分 row
    cost = find(g, "成本指标\n（0分）")
    assert cost.rowspan == 1 and row_texts(g, cost.row)[1:] == [""] * 7


def test_user_texts_are_marked(report):
    g = tables.build_annex4(report, 1)
    assert right_of(g, "项目支出名称").user_text
    assert right_of(g, "实施单位").text == "+县职工服务中心"
    assert find(g, "@举办职工技能竞赛 3 场，培训职工 500 人次。").user_text


def test_unknown_level1_and_category(report):
    p = Project(name="其他工作", category="自定义类别")
    p.total = Amounts(budget=D("2"), executed=D("2"))
    p.indicators = [Indicator(level1="自定义指标", level2="", name="专项工作", target="≥1次", actual="1次",
                              weight=D("5"))]
    report.projects.append(p)
    grids = tables.build_all(report)
    a2 = grids[0]
    cat1 = find(a2, "1、业务经费（一个项目一行）")
    assert row_texts(a2, cat1.row + 3)[0] == "\u3000\u3000其他工作"     # listed, never dropped
    a4 = grids[-1]
    assert_tiled(a4)
    assert find(a4, "自定义指标\n（5分）").rowspan == 1


def test_no_projects_and_empty_report():
    from model.report import new_report
    r = new_report(2025, "")
    grids = tables.build_all(r)
    assert [g.key for g in grids] == ["annex2", "annex3"]
    for g in grids:
        assert_tiled(g)
    a2 = grids[0]
    for cat in ("1、业务经费（一个项目一行）", "2、运行维护经费（一个专项一行）", "3、专项资金（一个项目一行）"):
        assert row_texts(a2, find(a2, cat).row + 1) == ["", "", "", ""]
    a3 = grids[1]
    total = find(a3, "年度资金总额")
    assert row_texts(a3, total.row)[1:] == ["", "", "", "10", "—", "0.00"]
    # the rule set's skeleton rows carry the weights: the 分值 column adds up to 100
    assert row_texts(a3, find(a3, "总分").row) == ["总分", "100", "0.00", "自评等级：差"]
    assert find(a3, "产出指标\n（40分）").rowspan == 3
    assert find(a3, "数量指标").rowspan == 1
    # a table without rows still prints its blocks, with 0 分
    bare = tables.build_all(new_report(2025, "", skeleton=False))[1]
    assert row_texts(bare, find(bare, "总分").row) == ["总分", "10", "0.00", "自评等级：差"]
    assert find(bare, "产出指标\n（0分）").rowspan == 1


@pytest.mark.parametrize("places,expected", [(1, "10.0"), (2, "9.96")])
def test_score_precision_follows_profile(report, monkeypatch, places, expected):
    from dataclasses import replace

    from model import profiles, scoring
    base = profiles.get_profile("hunan")
    prof = replace(base, settings=replace(base.settings, score_places=places))
    monkeypatch.setattr(scoring, "profile_for", lambda _report: prof)   # the one place scores get it
    g = tables.build_annex3(report)
    cell = right_of(g, "年度资金总额", 6)
    assert cell.text == expected and cell.number_format == ("0.0" if places == 1 else "0.00")


def test_sample_report_grids_agree_with_the_model():
    """On the shipped sample: every score, rate and sum printed is the model's."""
    from model.numbers import fmt_decimal, fmt_rate
    from model.profiles import get_profile
    from resources.samples.build_sample import build_sample

    r = build_sample()
    grids = tables.build_all(r)
    assert len(grids) == 2 + len(r.projects)
    for g in grids:
        assert_tiled(g)
    scores = score_report(r)
    dept = scores.department
    a3 = grids[1]
    assert row_texts(a3, find(a3, "总分").row)[2] == fmt_decimal(dept.total, 2)
    exe = row_texts(a3, find(a3, "年度资金总额").row)
    assert exe[-2:] == [fmt_rate(dept.execution.rate), fmt_decimal(dept.execution.score, 2)]
    profile = get_profile(r.profile)
    for i, (p, g) in enumerate(zip(r.projects, grids[2:])):
        t = scores.projects[i]
        assert g.annex_label == f"附件4-{i + 1}"
        assert right_of(g, "项目支出名称").text == p.name
        assert row_texts(g, find(g, "总分").row)[2] == fmt_decimal(t.total, 2)
        for ind, res in zip(p.indicators, t.rows):
            row = find(g, ind.name).row
            assert g.cell_at(row, 7).value == res.score
    # every project is listed once in 附件2 under its category
    a2 = grids[0]
    listed = [c.text.strip("\u3000") for c in a2.cells if c.col == 0 and c.text.startswith("\u3000\u3000")]
    assert sorted(listed) == sorted(p.name for p in r.projects)


def test_keep_together_groups(report):
    g = tables.build_annex3(report)
    head = find(g, "一级指标").row
    out = find(g, "产出指标\n（40分）")
    assert (out.row, out.row + out.rowspan) in g.keep_together
    cost = find(g, "成本指标\n（20分）")
    assert (head, cost.row + cost.rowspan) in g.keep_together          # header stays with the first block
    total = find(g, "总分").row
    assert (total - 2, total + 1) in g.keep_together
    budget = find(g, "年度预算申请\n（万元）")
    assert (budget.row, budget.row + budget.rowspan) in g.keep_together
    for a, b in g.keep_together:
        assert 0 <= a < b <= g.nrows


def test_text_measures():
    from export.grid import estimate_lines, text_units
    assert text_units("≥96%") == 5 and text_units("产出指标") == 8 and text_units("9.96") == 4
    assert text_units("“三公”经费") == 12
    assert estimate_lines("", 10) == 1
    assert estimate_lines("产出指标（40分）", 30) == 1
    assert estimate_lines("产出指标\n（40分）", 30) == 2
    assert estimate_lines("字" * 28, 29) == 2          # 56 units in 28 usable units
    assert estimate_lines("字" * 14, 29) == 1


def test_repeated_rows_property():
    g = Grid(key="k", sheet_name="s", title="t", ncols=1, col_widths=[10])
    assert g.repeated is None
    g.header_rows = 2
    assert g.repeated == (0, 2)
    g.repeat_rows = (5, 6)
    assert g.repeated == (5, 6)


def test_block_weight_is_what_its_rows_weigh(report):
    report.dept.indicators[2].weight = D("20")          # 产出 rows now weigh 45, the profile says 40
    g = tables.build_annex3(report)
    assert find(g, "产出指标\n（45分）").rowspan == 3
    assert row_texts(g, find(g, "总分").row)[1] == "105"


def test_execution_note_row_only_when_written(report):
    report.dept.execution_note = ""
    g = tables.build_annex3(report)
    assert not [c for c in g.cells if c.text == "执行偏差说明"]
    report.dept.execution_note = "项目采购价格低于预算，形成结余。"
    g = tables.build_annex3(report)
    label = find(g, "执行偏差说明")
    note = g.cell_at(label.row, 1)
    assert note.text == "项目采购价格低于预算，形成结余。" and note.colspan == 8 and note.user_text
    assert label.row == find(g, "年度总体目标").row - 1
    report.projects[0].execution_note = "=部分资金结转下年"
    g4 = tables.build_annex4(report, 0)
    label = find(g4, "执行偏差说明")
    assert g4.cell_at(label.row, 1).text == "=部分资金结转下年"


@pytest.mark.parametrize("nature,target,printed", [
    ("≤", "774元", "≤774元"), ("≥", "96%", "≥96%"), ("=", "100%", "=100%"),
    ("≥", "≥96%", "≥96%"), ("≤", "不高于5万元", "不高于5万元"), ("定性", "效果明显", "效果明显"),
    ("", "≥700人", "≥700人"), ("≥", "2024年12月31日之前完成", "2024年12月31日之前完成"),
])
def test_indicator_target_prints_with_its_nature(report, nature, target, printed):
    """A 指标性质 chosen apart from the target is printed with it: the sheet reads “≤774元”."""
    p = report.projects[0]
    p.indicators[0].nature, p.indicators[0].target = nature, target
    grid = tables.build_annex4(report, 0)
    assert printed in texts(grid)
