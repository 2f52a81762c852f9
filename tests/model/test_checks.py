"""审核 rules (model.checks): every rule fires on a small document built to trigger it, and
stays quiet on the balanced, complete fixture report."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from model import paths
from model.checks import ERROR, INFO, RULES, WARNING, Finding, phone_ok, run_checks
from model.numbers import NumberError, parse_money
from model.report import Amounts, Indicator, LineItem, Project, Report, new_report
from model.scoring import score_report


# --------------------------------------------------------------------------- fixture builder

def _rows(prefix: str = "") -> list[Indicator]:
    """Six rows filling the 湖南 profile (成本 20, 产出 40, 效益 20, 满意度 10), all on target."""
    return [
        Indicator("成本指标", "经济成本指标", f"{prefix}公用经费控制数", "≤", "≤11.60万元", "11.60万元", D(20)),
        Indicator("产出指标", "数量指标", f"{prefix}职工培训人次", "≥", "≥500人次", "520人次", D(20)),
        Indicator("产出指标", "质量指标", f"{prefix}帮扶资金发放准确率", "=", "=100%", "100%", D(10)),
        Indicator("产出指标", "时效指标", f"{prefix}困难职工慰问完成时间", "", "2024年12月31日之前完成",
                  "2024年12月20日", D(10)),
        Indicator("效益指标", "社会效益指标", f"{prefix}职工权益保障水平", "定性", "有效提升", "有效提升", D(20)),
        Indicator("满意度指标", "服务对象满意度指标", f"{prefix}职工满意度", "≥", "≥95%", "96%", D(10)),
    ]


def _amounts(initial, budget, executed, prior=None) -> Amounts:
    return Amounts(None if prior is None else D(prior), D(initial), D(budget), D(executed))


def passing_report() -> Report:
    """A balanced, complete 2024 report: 252.65 ÷ (180.07 + 73.72) = 99.55 %, explained."""
    r = new_report(2024, "青溪县总工会")
    i = r.info
    i.competent_dept, i.unit_nature = "青溪县总工会", "群团组织"
    i.preparer, i.phone, i.fill_date, i.head = "李明", "0737-1234567", "2025-03-20", "王强"
    r.staff.institution_posts, r.staff.actual_staff = 8, 7
    b = r.budget
    b.initial, b.additions, b.reductions, b.carryover = D("180.07"), D("73.72"), D(0), D(0)
    b.full_year, b.executed = D("253.79"), D("252.65")
    b.sources["general"] = _amounts("180.07", "253.79", "252.65")
    b.personnel = _amounts("165.51", "237.63", "236.49")
    b.public = _amounts("10.00", "11.60", "11.60")
    b.basic = _amounts("175.51", "249.23", "248.09")
    b.project_spending = _amounts("4.56", "4.56", "4.56")
    b.personnel_items = [LineItem("基本工资", D("137.63"), D("136.49")),
                         LineItem("津贴补贴", D("100.00"), D("100.00"))]
    b.public_items = [LineItem("办公费", D("11.60"), D("11.60"))]
    c = b.controls
    c["office"] = Amounts(D("2.80"), None, D("3.00"), D("2.90"))
    c["three_public"] = Amounts(D("1.20"), None, D("1.20"), D("1.15"))
    c["cars"] = Amounts(D("0.80"), None, D("0.80"), D("0.78"))
    c["car_purchase"] = Amounts(D(0), None, D(0), D(0))
    c["car_operation"] = Amounts(D("0.80"), None, D("0.80"), D("0.78"))
    c["overseas"] = Amounts(D(0), None, D(0), D(0))
    c["reception"] = Amounts(D("0.40"), None, D("0.40"), D("0.37"))
    b.savings_measures = "严格执行公务接待和差旅费管理规定。"
    r.dept.goal = "围绕服务职工主线，完成年度帮扶、培训和权益维护任务。"
    r.dept.achievement = "年度目标全部完成。"
    r.dept.execution_note = "部分人员经费因人员变动未全部支出，下一步将提高预算编制的精准度。"
    r.dept.indicators = _rows()
    for name, amount, prefix in (("夏送清凉", "3.00", "送清凉"), ("职工培训", "1.56", "培训")):
        p = Project(name=name, competent_dept="青溪县总工会", implementer="青溪县总工会",
                    total=_amounts(amount, amount, amount), fiscal=_amounts(amount, amount, amount),
                    goal="按计划完成项目任务。", achievement="项目任务全部完成。", indicators=_rows(prefix))
        r.projects.append(p)
    r.sections = [
        "本单位主要职责是维护职工合法权益，内设办公室、组织部等机构，编制8人，实有在职7人。",
        "2024年全年预算253.79万元，全年支出252.65万元。基本支出248.09万元，其中人员经费236.49万元、"
        "公用经费11.60万元；项目支出4.56万元。预算执行率为99.55%，结余1.14万元。",
        "无", "无", "无",
        "部门整体支出绩效目标基本完成，职工培训520人次，职工满意度96%。",
        "预算编制的精准度还需提高。",
        "加强预算编制和执行管理。",
        "经自评，部门整体支出绩效自评得分为99.96分，等级为“优”。自评结果将在单位网站公开。",
        "无",
    ]
    return r


def rules(report: Report) -> list[Finding]:
    return run_checks(report)


def of(report: Report, rule: str) -> list[Finding]:
    return [f for f in run_checks(report) if f.rule == rule]


def one(report: Report, rule: str) -> Finding:
    found = of(report, rule)
    assert len(found) == 1, (rule, found)
    return found[0]


# --------------------------------------------------------------------------- the fixture and the whole

def complete_report() -> Report:
    """``passing_report`` with no annex cell that prints blank (``model.rules.printed``): 上年决算数,
    every 经费控制 row and the zero rows filled in, consistently with the rest."""
    r = passing_report()
    b, c = r.budget, r.budget.controls
    b.personnel.prior, b.public.prior, b.basic.prior = D("220.00"), D("10.50"), D("230.50")
    b.project_spending.prior = D("4.00")
    for key in ("office", "three_public", "cars", "car_purchase", "car_operation", "overseas", "reception"):
        c[key].initial = c[key].budget
    for key in ("utilities_travel", "meetings_training", "procurement", "basic_adjustment"):
        c[key] = Amounts(D(0), D(0), D(0), D(0))
    for key in ("gov_fund", "special_account", "other"):
        b.sources[key] = Amounts(D(0), D(0), D(0), D(0))
    b.buildings.approved_area = b.buildings.actual_area = D(0)
    b.buildings.budget_investment = b.buildings.actual_investment = D(0)
    for p, prior in zip(r.projects, ("3.00", "1.00")):
        p.total.prior = D(prior)
        p.carried, p.other = Amounts(D(0), D(0), D(0), D(0)), Amounts(D(0), D(0), D(0), D(0))
    return r


def test_passing_report_has_no_findings():
    r = complete_report()
    scores = score_report(r)
    assert scores.department.total == D("99.96")
    assert run_checks(r, scores) == []
    assert run_checks(r) == []


def test_every_finding_has_a_known_rule_and_a_reachable_place():
    r = passing_report()
    r.sections[1] = "基本支出248.76万元，另有12.34万元。"
    r.dept.indicators[1].actual = "400人次"
    r.budget.public.executed = D("11.00")
    r.projects[0].total.executed = D("3.30")
    r.staff.actual_staff = 9
    r.info.phone = "电话"
    findings = run_checks(r)
    assert len(findings) > 5
    for f in findings:
        assert f.rule in RULES
        assert f.severity in (ERROR, WARNING, INFO)
        assert f.message and f.to_json()["where"] == f.where
        paths.get(r, f.where)   # raises if the GUI could not jump there


def test_new_report_gives_a_short_helpful_list():
    # besides one finding per printed row that would print blank (model.rules.printed)
    findings = [f for f in run_checks(new_report(2024, "x")) if not f.rule.startswith("printed.")]
    assert len(findings) <= 16
    assert not [f for f in findings if f.severity == ERROR]
    ids = {f.rule for f in findings}
    # the department table starts with the rule set's skeleton: its unnamed rows are what to fill
    assert {"required.info", "required.section", "execution.missing", "indicator.missing_name",
            "required.goal", "required.section_none"} <= ids
    assert one(new_report(2024, "x"), "indicator.missing_name").where == "dept.indicators[0].name"
    assert one(new_report(2024, "x", skeleton=False), "required.indicators").where == "dept.indicators"


def test_unknown_profile():
    r = passing_report()
    r.profile = "gansu"
    f = one(r, "profile.unknown")
    assert (f.severity, f.where) == (WARNING, "profile")
    assert "gansu" in f.message and "湖南" in f.message


# --------------------------------------------------------------------------- balances

def test_basic_balance_quotes_the_numbers():
    r = passing_report()
    r.budget.basic.executed = D("248.76")
    f = one(r, "balance.basic")
    assert (f.severity, f.where) == (ERROR, "budget.basic.executed")
    assert f.message == ("基本支出全年执行数 248.76 万元 ≠ 人员经费 236.49 万元 + 公用经费 11.60 万元 = "
                         "248.09 万元，相差 0.67 万元")


def test_balance_within_tolerance_is_quiet():
    r = passing_report()
    r.budget.basic.executed = D("248.094")
    assert of(r, "balance.basic") == []
    r.budget.basic.executed = D("248.096")
    assert of(r, "balance.basic")


def test_basic_balance_needs_a_part():
    r = passing_report()
    r.budget.personnel.prior = None
    r.budget.public.prior = None
    r.budget.basic.prior = D("230")
    assert of(r, "balance.basic") == []      # nothing to compare with yet
    r.budget.public.prior = D("10")
    f = one(r, "balance.basic")
    assert f.where == "budget.basic.prior"
    assert "人员经费 未填 + 公用经费 10.00 万元 = 10.00 万元" in f.message


def test_executed_balance():
    r = passing_report()
    r.budget.executed = D("253.00")
    f = one(r, "balance.executed")
    assert (f.severity, f.where) == (ERROR, "budget.executed")
    assert f.message == ("全年执行数 253.00 万元 ≠ 基本支出 248.09 万元 + 项目支出 4.56 万元 = 252.65 万元，"
                         "相差 0.35 万元")


def test_budget_balance_by_nature():
    r = passing_report()
    r.budget.project_spending.budget = D("5.00")
    found = of(r, "balance.budget")
    assert [f.where for f in found] == ["budget.full_year"]
    assert "全年预算数 253.79 万元 ≠ 基本支出 249.23 万元 + 项目支出 5.00 万元 = 254.23 万元，相差 0.44 万元" \
        == found[0].message


def test_full_year_against_components():
    r = passing_report()
    r.budget.additions = D("73.00")
    f = one(r, "balance.full_year")
    assert (f.severity, f.where) == (ERROR, "budget.full_year")
    assert f.message == ("全年预算数 253.79 万元 ≠ 年初预算数 180.07 万元 + 追加 73.00 万元 − 调减 0.00 万元 + "
                         "上年结转 0.00 万元 = 253.07 万元，相差 0.72 万元")
    r.budget.full_year = None      # derived from the components: nothing to compare
    assert of(r, "balance.full_year") == []


def test_sources_balance_budget_and_executed():
    r = passing_report()
    r.budget.sources["gov_fund"] = Amounts(None, None, D("2.00"), D("1.00"))
    fb = one(r, "balance.sources.budget")
    assert (fb.severity, fb.where) == (ERROR, "budget.full_year")
    assert "一般公共预算 253.79 万元 + 政府性基金预算 2.00 万元 = 255.79 万元，相差 2.00 万元" in fb.message
    fe = one(r, "balance.sources.executed")
    assert fe.where == "budget.executed"
    assert fe.message == ("全年执行数 252.65 万元 ≠ 一般公共预算 252.65 万元 + 政府性基金预算 1.00 万元 = "
                          "253.65 万元，相差 1.00 万元")


def test_projects_sum_to_project_spending():
    r = passing_report()
    r.projects[1].total.executed = D("1.50")
    r.projects[1].fiscal.executed = D("1.50")
    f = one(r, "balance.projects")
    assert (f.severity, f.where) == (ERROR, "budget.project_spending.executed")
    assert f.message == "项目支出全年执行数 4.56 万元 ≠ 各项目全年执行数合计 4.50 万元（2 个项目），相差 0.06 万元"


@pytest.mark.parametrize("rule, field, amounts, label", [
    ("balance.personnel_items", "personnel_items", "personnel", "人员经费"),
    ("balance.public_items", "public_items", "public", "公用经费"),
])
def test_itemised_lists_sum_to_their_totals(rule, field, amounts, label):
    r = passing_report()
    items = getattr(r.budget, field)
    items[0].executed -= D("0.49")
    total = getattr(r.budget, amounts).executed
    f = one(r, rule)
    assert (f.severity, f.where) == (ERROR, f"budget.{amounts}.executed")
    assert f.message == (f"{label}全年执行数 {total:.2f} 万元 ≠ 明细合计 {total - D('0.49'):.2f} 万元"
                         f"（{len(items)} 项），相差 0.49 万元")


def test_three_public_and_cars():
    r = passing_report()
    r.budget.controls["reception"].executed = D("0.47")
    f = one(r, "balance.three_public")
    assert (f.severity, f.where) == (ERROR, "budget.controls.three_public.executed")
    assert "“三公”经费全年执行数 1.15 万元 ≠" in f.message and "= 1.25 万元，相差 0.10 万元" in f.message
    r = passing_report()
    r.budget.controls["car_operation"].budget = D("0.70")
    f = one(r, "balance.cars")
    assert f.where == "budget.controls.cars.budget"
    assert "公务用车购置 0.00 万元 + 公务用车运行维护 0.70 万元 = 0.70 万元，相差 0.10 万元" in f.message


def test_project_funds():
    r = passing_report()
    r.projects[0].fiscal.budget = D("2.50")
    f = one(r, "balance.project_funds")
    assert (f.severity, f.where) == (ERROR, "projects[0].total.budget")
    assert f.message == ("项目“夏送清凉”年度资金总额全年预算数 3.00 万元 ≠ 当年财政拨款 2.50 万元 + 上年结转资金 未填 + "
                         "其他资金 未填 = 2.50 万元，相差 0.50 万元")


# --------------------------------------------------------------------------- execution rate

def test_execution_missing():
    r = passing_report()
    r.projects[0].total.executed = None
    f = one(r, "execution.missing")
    assert (f.severity, f.where) == (WARNING, "projects[0].total.executed")
    assert "项目“夏送清凉”未填写全年执行数" in f.message


def test_execution_zero_budget_asks_for_an_explanation():
    r = passing_report()
    p = r.projects[0]
    p.total = _amounts("0", "0", "0")
    p.fiscal = _amounts("0", "0", "0")
    r.projects[1].total = _amounts("4.56", "4.56", "4.56")
    r.projects[1].fiscal = _amounts("4.56", "4.56", "4.56")
    f = one(r, "execution.zero_budget")
    assert (f.severity, f.where) == (WARNING, "projects[0].execution_note")
    assert "全年预算数为 0" in f.message and "“—”" in f.message
    p.execution_note = "项目年中取消。"
    f = one(r, "execution.zero_budget")
    assert (f.severity, f.where) == (INFO, "projects[0].total.budget")


def test_execution_over_100():
    r = passing_report()
    r.projects[0].total.executed = D("3.30")
    f = one(r, "execution.over")
    assert (f.severity, f.where) == (WARNING, "projects[0].total.executed")
    assert "3.30 ÷ 3.00 = 110.00%" in f.message and "10.00 分" in f.message


def test_execution_low_and_note():
    r = passing_report()
    r.projects[1].total.executed = D("1.00")
    low = one(r, "execution.low")
    assert (low.severity, low.where) == (WARNING, "projects[1].total.executed")
    assert "1.00 ÷ 1.56 = 64.10%" in low.message and "低于 90%" in low.message
    note = one(r, "execution.note")
    assert note.where == "projects[1].execution_note"
    r.projects[1].execution_note = "培训延期至次年。"
    assert of(r, "execution.note") == []
    assert of(r, "execution.low")       # a stronger warning stays while the rate is that low


def test_execution_note_for_the_department():
    r = passing_report()
    r.dept.execution_note = ""
    f = one(r, "execution.note")
    assert (f.severity, f.where) == (WARNING, "dept.execution_note")
    assert "252.65 ÷ 253.79 = 99.55%" in f.message
    r.dept.achievement = "预算执行率99.55%，个别人员经费未支出。"   # explained in 实际完成情况
    assert of(r, "execution.note") == []


# --------------------------------------------------------------------------- indicator tables

def test_execution_weight_against_profile():
    r = passing_report()
    r.dept.execution_weight = D(15)
    f = one(r, "indicator.execution_weight")
    assert (f.severity, f.where) == (ERROR, "dept.execution_weight")
    assert "15.00" in f.message and "10.00" in f.message
    t = one(r, "indicator.total_weight")
    assert "105.00" in t.message


def test_block_weight():
    r = passing_report()
    r.dept.indicators[1].weight = D(18)
    f = one(r, "indicator.block_weight")
    assert (f.severity, f.where) == (ERROR, "dept.indicators[1].weight")
    assert f.message == "部门整体指标“产出指标”各三级指标分值合计 38.00 分，应为 40.00 分，相差 2.00 分"
    t = one(r, "indicator.total_weight")
    assert (t.severity, t.where) == (ERROR, "dept.indicators")
    assert "98.00" in t.message and "100.00" in t.message


def test_empty_block_and_total():
    r = passing_report()
    del r.dept.indicators[5]          # no 满意度指标 row
    f = one(r, "indicator.empty_block")
    assert (f.severity, f.where) == (ERROR, "dept.indicators")
    assert "满意度指标" in f.message and "10.00 分" in f.message
    assert "90.00" in one(r, "indicator.total_weight").message


def test_unknown_level1_and_level2():
    r = passing_report()
    r.projects[0].indicators[0].level1 = "成本"
    f = one(r, "indicator.unknown_level1")
    assert (f.severity, f.where) == (ERROR, "projects[0].indicators[0].level1")
    assert "“成本”" in f.message and "项目“夏送清凉”指标" in f.message and "20.00" in f.message
    r = passing_report()
    r.dept.indicators[1].level2 = "数量"
    f = one(r, "indicator.unknown_level2")
    assert (f.severity, f.where) == (INFO, "dept.indicators[1].level2")
    assert "第 2 行" in f.message and "数量指标" in f.message


def test_project_without_indicators_is_one_finding():
    r = complete_report()
    r.projects[1].indicators = []
    f = one(r, "required.indicators")
    assert (f.severity, f.where) == (WARNING, "projects[1].indicators")
    assert "项目“职工培训”" in f.message
    assert [x for x in run_checks(r) if x.where.startswith("projects[1]")] == [f]


def test_blank_row():
    r = passing_report()
    r.dept.indicators.append(Indicator(level1="产出指标"))
    f = one(r, "indicator.blank_row")
    assert (f.severity, f.where) == (WARNING, "dept.indicators[6].name")
    assert "第 7 行是空行" in f.message
    assert of(r, "indicator.missing_name") == [] and of(r, "indicator.missing_actual") == []


@pytest.mark.parametrize("field, value, rule, where", [
    ("name", "", "indicator.missing_name", "dept.indicators[1].name"),
    ("target", "", "indicator.missing_target", "dept.indicators[1].target"),
    ("actual", " ", "indicator.missing_actual", "dept.indicators[1].actual"),
    ("weight", None, "indicator.missing_weight", "dept.indicators[1].weight"),
])
def test_missing_cells(field, value, rule, where):
    r = passing_report()
    setattr(r.dept.indicators[1], field, value)
    f = one(r, rule)
    assert (f.severity, f.where) == (WARNING, where)
    assert "部门整体指标第 2 行" in f.message


def test_many_missing_actuals_are_grouped():
    r = passing_report()
    for ind in r.projects[0].indicators:
        ind.actual = ""
    f = one(r, "indicator.missing_actual")
    assert f.where == "projects[0].indicators[0].actual"
    assert f.message == "项目“夏送清凉”指标有 6 行未填写实际完成值（第 1—6 行）"
    assert of(r, "indicator.note_missing") == []


def test_invalid_number_in_target():
    r = passing_report()
    r.dept.indicators[0].target = "≤189.67190.2万元"
    f = one(r, "indicator.invalid")
    assert (f.severity, f.where) == (ERROR, "dept.indicators[0].target")
    assert "189.67190.2" in f.message and "小数点" in f.message and "“公用经费控制数”" in f.message


def test_actual_not_a_number_and_bad_grade():
    r = passing_report()
    r.dept.indicators[1].actual = "很多"
    f = one(r, "indicator.invalid")
    assert (f.severity, f.where) == (ERROR, "dept.indicators[1].actual")
    assert "“很多”" in f.message and "≥500人次" in f.message
    r = passing_report()
    r.dept.indicators[4].grade = "很好"
    f = one(r, "indicator.invalid")
    assert f.where == "dept.indicators[4].grade" and "“很好”" in f.message


def test_unit_mismatch():
    r = passing_report()
    r.dept.indicators[5].actual = "96人"
    f = one(r, "indicator.unit_mismatch")
    assert (f.severity, f.where) == (ERROR, "dept.indicators[5].actual")
    assert "“%”" in f.message and "“人”" in f.message


def test_score_above_weight():
    r = passing_report()
    r.dept.indicators[5].manual_score = D(12)
    f = one(r, "indicator.score_above_weight")
    assert (f.severity, f.where) == (ERROR, "dept.indicators[5].manual_score")
    assert "12.00 分超过分值 10.00 分" in f.message
    r.dept.indicators[5].manual_score = D(9)
    assert of(r, "indicator.score_above_weight") == []


def test_qualitative_score_outside_band():
    r = passing_report()
    ind = r.dept.indicators[4]
    ind.grade, ind.manual_score = "达成年度指标", D(15)
    f = one(r, "indicator.band")
    assert (f.severity, f.where) == (ERROR, "dept.indicators[4].manual_score")
    assert "15.00" in f.message and "16.00—20.00" in f.message and "达成年度指标" in f.message
    ind.manual_score = D(17)
    assert of(r, "indicator.band") == []


def test_grade_missing():
    r = passing_report()
    r.dept.indicators[4].actual = "基本实现"
    f = one(r, "indicator.grade_missing")
    assert (f.severity, f.where) == (WARNING, "dept.indicators[4].grade")
    assert "基本实现" in f.message
    r.dept.indicators[4].grade = "部分达成年度指标并具有一定效果"
    assert of(r, "indicator.grade_missing") == []
    f = one(r, "indicator.note_missing")       # a grade below 达成 needs the note
    assert f.where == "dept.indicators[4].note"


def test_note_missing_for_a_flagged_row():
    r = passing_report()
    r.dept.indicators[1].actual = "400人次"
    f = one(r, "indicator.note_missing")
    assert (f.severity, f.where) == (WARNING, "dept.indicators[1].note")
    assert "部门整体指标第 2 行“职工培训人次”" in f.message and "16.00" in f.message and "20.00" in f.message
    r.dept.indicators[1].note = "受场地限制，部分培训推迟。"
    assert of(r, "indicator.note_missing") == []


def test_note_missing_for_over_achievement():
    r = passing_report()
    r.dept.indicators[1].actual = "800人次"
    f = one(r, "indicator.note_missing")
    assert "偏低" in f.message


def test_duplicate_names():
    r = passing_report()
    r.dept.indicators[2].name = "职工培训人次"
    f = one(r, "indicator.duplicate")
    assert (f.severity, f.where) == (WARNING, "dept.indicators[2].name")
    assert "第 3 行与第 2 行" in f.message and "职工培训人次" in f.message
    r = passing_report()        # the same name in two tables is fine
    r.projects[0].indicators[1].name = r.dept.indicators[1].name
    assert of(r, "indicator.duplicate") == []


# --------------------------------------------------------------------------- years

def test_old_year_in_indicator():
    r = passing_report()
    r.dept.indicators[3].target = "2023年12月31日之前完成"
    f = one(r, "year.indicator")
    assert (f.severity, f.where) == (WARNING, "dept.indicators[3].target")
    assert "2023" in f.message and "2024" in f.message
    r.dept.indicators[3].actual = "2023-12-20"
    assert [x.where for x in of(r, "year.indicator")] == ["dept.indicators[3].target",
                                                          "dept.indicators[3].actual"]


def test_old_year_in_goal():
    r = passing_report()
    r.projects[0].goal = "2023年7月底前完成夏送清凉慰问。"
    f = one(r, "year.goal")
    assert (f.severity, f.where) == (WARNING, "projects[0].goal")
    assert "2023年" in f.message and "2024" in f.message


def test_rollover_mentions_in_text():
    r = passing_report()
    r.sections[0] = "2023年本单位编制8人。2023年度工作目标全部完成。"
    assert of(r, "year.rollover_text") == []           # not a rolled-over file
    r.rolled_over_from = 2023
    f = one(r, "year.rollover_text")
    assert (f.severity, f.where) == (INFO, "sections[0]")
    assert "2 处" in f.message and "2023" in f.message and "2023年本单位" in f.message


# --------------------------------------------------------------------------- text against data

def test_money_unknown_lists_figures_per_section():
    r = passing_report()
    r.sections[5] += "其中帮扶支出12.34万元，慰问支出0.5万元。"
    f = one(r, "text.money_unknown")
    assert (f.severity, f.where) == (INFO, "sections[5]")
    assert "12.34万元" in f.message and "0.5万元" in f.message


def test_money_known_figures_sums_and_differences_pass():
    r = passing_report()
    r.sections[5] = ("全年预算253.79万元（年初180.07万元，追加73.72万元），支出252.65万元，结余1.14万元；"
                     "项目夏送清凉3万元，培训1.56万元，三公经费1.15万元，约253.8万元。")
    assert of(r, "text.money_unknown") == []


def test_money_mismatch_for_a_labelled_figure():
    r = passing_report()
    r.sections[1] = r.sections[1].replace("基本支出248.09万元", "基本支出248.76万元")
    f = one(r, "text.money_mismatch")
    assert (f.severity, f.where) == (WARNING, "sections[1]")
    assert "基本支出 248.76万元" in f.message and "全年执行数 248.09 万元" in f.message


def test_number_typo_in_text():
    r = passing_report()
    r.sections[1] += "其中慰问支出189.67190.2万元。"
    f = one(r, "text.number_typo")
    assert (f.severity, f.where) == (WARNING, "sections[1]")
    assert "189.67190.2万元" in f.message
    r = passing_report()
    r.sections[1] += "于2024.12.31完成。"
    assert of(r, "text.number_typo") == []


def test_rate_mismatch():
    r = passing_report()
    r.sections[5] = "1．预算执行率100%。" + r.sections[5]
    f = one(r, "text.rate_mismatch")
    assert (f.severity, f.where) == (WARNING, "sections[5]")
    assert "预算执行率100%" in f.message and "99.55%" in f.message and "252.65 ÷ 253.79" in f.message


@pytest.mark.parametrize("quoted", ["99.55%", "99.5%", "99.6%", "100%（项目）"])
def test_rate_quotes_that_match(quoted):
    r = passing_report()
    if quoted.startswith("100%"):
        r.sections[5] = "夏送清凉项目资金执行率100%。"   # a project at 100 %
    else:
        r.sections[5] = f"预算执行率为{quoted}。"
    assert of(r, "text.rate_mismatch") == []


def test_score_mismatch_in_section_nine():
    r = passing_report()
    r.sections[8] = "部门整体支出绩效自评得分为95.5分，等级为“优”。"
    f = one(r, "text.score_mismatch")
    assert (f.severity, f.where) == (ERROR, "sections[8]")
    assert "95.5" in f.message and "99.96" in f.message and "9.96" in f.message and "90.00" in f.message


@pytest.mark.parametrize("text, bad", [
    ("自评得分为99.96分", False),
    ("自评得分：99.96", False),
    ("自评得分为 99.96 分", False),
    ("综合得分为100分", True),      # “100分” claims a full score; the table gives 99.96
    ("自评得分为100.0分", True),
    ("自评得分为99.9分", True),
])
def test_score_quotes(text, bad):
    r = passing_report()
    r.sections[8] = text + "，等级为优。"
    assert bool(of(r, "text.score_mismatch")) is bad


@pytest.mark.parametrize("text, bad", [
    ("自评得分99.96分，等级为良。", True),
    ("自评得分99.96分，评价等级：良好。", True),
    ("自评得分99.96分，自评结果为“优秀”。", False),
    ("自评得分99.96分，评价等级：优。", False),
])
def test_grade_mismatch(text, bad):
    r = passing_report()
    r.sections[8] = text
    found = of(r, "text.grade_mismatch")
    if bad:
        assert len(found) == 1
        assert (found[0].severity, found[0].where) == (ERROR, "sections[8]")
        assert "“优”" in found[0].message and "99.96" in found[0].message
    else:
        assert found == []


def test_project_score_quoted_in_section_nine():
    r = passing_report()
    r.projects[0].indicators[1].actual = "400人次"
    r.projects[0].indicators[1].note = "推迟。"
    total = score_report(r).projects[0].total
    r.sections[8] = f"部门整体自评得分为99.96分，等级为优；夏送清凉项目自评得分为{total}分。"
    assert of(r, "text.score_mismatch") == []


def test_score_missing():
    r = passing_report()
    r.sections[8] = "自评结果将在单位网站公开。"
    f = one(r, "text.score_missing")
    assert (f.severity, f.where) == (INFO, "sections[8]")
    assert "99.96" in f.message and "优" in f.message


# --------------------------------------------------------------------------- completeness

def test_required_section():
    r = passing_report()
    r.sections[6] = "  \n"
    f = one(r, "required.section")
    assert (f.severity, f.where) == (WARNING, "sections[6]")
    assert "七、存在的问题及原因分析" in f.message
    r.sections[6] = "无"
    r.sections[2] = ""           # 三 is not required: one 提示 to write “无”
    assert of(r, "required.section") == []
    f = one(r, "required.section_none")
    assert (f.severity, f.where) == (INFO, "sections[2]")


@pytest.mark.parametrize("field, label", [("preparer", "填表人"), ("phone", "联系电话"),
                                          ("fill_date", "填报日期"), ("unit_name", "预算单位名称")])
def test_required_info(field, label):
    r = passing_report()
    setattr(r.info, field, "")
    f = one(r, "required.info")
    assert (f.severity, f.where, label in f.message) == (WARNING, f"info.{field}", True)


def test_required_goal_and_project_name():
    r = passing_report()
    r.dept.goal = ""
    r.projects[1].goal = ""
    assert [f.where for f in of(r, "required.goal")] == ["dept.goal", "projects[1].goal"]
    r.projects[0].name = ""
    f = one(r, "required.project_name")
    assert (f.severity, f.where) == (WARNING, "projects[0].name")


@pytest.mark.parametrize("phone", ["0737-1234567", "07371234567", "13812345678", "(0737)1234567",
                                   "0737 123 4567", "138-1234-5678", "（0737）1234567", "8123456",
                                   "0737-1234567、13812345678", "+86 138 1234 5678",
                                   "0737-1234567转8001", "０７３７－１２３４５６７"])
def test_phone_accepted(phone):
    assert phone_ok(phone)
    r = passing_report()
    r.info.phone = phone
    assert of(r, "info.phone") == []


@pytest.mark.parametrize("phone", ["0737-12345a7", "12345", "138123456789", "0737-123", "李明",
                                   "1381234567", "0737-123456789012", "转8001"])
def test_phone_rejected(phone):
    assert not phone_ok(phone)
    r = passing_report()
    r.info.phone = phone
    f = one(r, "info.phone")
    assert (f.severity, f.where) == (WARNING, "info.phone")
    assert phone[:10] in f.message


def test_fill_date():
    r = passing_report()
    r.info.fill_date = "下个月"
    f = one(r, "info.date")
    assert (f.severity, f.where) == (WARNING, "info.fill_date")
    r.info.fill_date = "2023-05-01"
    assert "2023年5月1日" in one(r, "info.date").message
    r.info.fill_date = "2025年3月20日"
    assert of(r, "info.date") == []


# --------------------------------------------------------------------------- sanity

def test_negative_amounts():
    r = passing_report()
    r.budget.reductions = D("-5")
    r.projects[0].other.executed = D("-0.5")
    r.staff.retirees = -1
    r.dept.indicators[0].weight = D(-2)
    found = of(r, "sanity.negative")
    assert {f.where for f in found} == {"budget.reductions", "projects[0].other.executed",
                                        "staff.retirees", "dept.indicators[0].weight"}
    assert all(f.severity == ERROR for f in found)
    assert any("年中调减数 -5.00 万元为负数" == f.message for f in found)


def test_executed_over_budget_per_line():
    r = passing_report()
    r.budget.controls["office"].initial = D("3.00")   # a control row's only budget: 附件2's 年初 column
    r.budget.controls["office"].executed = D("3.10")
    f = one(r, "sanity.executed_over_budget")
    assert (f.severity, f.where) == (WARNING, "budget.controls.office.executed")
    assert "3.10" in f.message and "3.00" in f.message and "0.10" in f.message
    r = passing_report()
    r.budget.sources["general"].executed = D("254.00")
    assert one(r, "sanity.executed_over_budget").where == "budget.sources.general.executed"


def test_staff_over_posts():
    r = passing_report()
    r.staff.actual_staff = 9
    f = one(r, "sanity.staff_over_posts")
    assert (f.severity, f.where) == (WARNING, "staff.actual_staff")
    assert "9 人" in f.message and "8 人" in f.message and "112.50%" in f.message
    r.staff.actual_staff = 8
    assert of(r, "sanity.staff_over_posts") == []


def test_large_amount():
    r = passing_report()
    r.budget.controls["procurement"] = Amounts(None, None, D("250000"), None)
    f = one(r, "sanity.large_amount")
    assert (f.severity, f.where) == (INFO, "budget.controls.procurement.budget")
    assert "250000.00" in f.message and "元" in f.message
    r.budget.controls["procurement"] = Amounts(None, None, D("99999"), None)
    assert of(r, "sanity.large_amount") == []


# --------------------------------------------------------------------------- SPEC §1: defects of real reports

class TestRealReportDefects:
    def test_same_figure_differs_between_sections(self):
        r = passing_report()
        r.sections[5] = "基本支出248.76万元，保障了单位正常运转。"
        assert "248.09" in one(r, "text.money_mismatch").message

    def test_rate_heading_contradicts_computation(self):
        r = passing_report()
        assert score_report(r).department.execution.rate.quantize(D("0.0001")) == D("0.9955")
        r.sections[5] = "1．预算执行率100%。年中追加73.72万元，2024年支出252.65万元。"
        assert "99.55%" in one(r, "text.rate_mismatch").message

    def test_last_years_date_in_this_years_table(self):
        r = passing_report()
        r.projects[1].indicators[3].target = "2023年12月31日之前完成"
        f = one(r, "year.indicator")
        assert f.where == "projects[1].indicators[3].target"

    def test_typo_in_number(self):
        with pytest.raises(NumberError):
            parse_money("189.67190.2万元")
        r = passing_report()
        r.projects[0].indicators[0].actual = "189.67190.2万元"
        assert one(r, "indicator.invalid").where == "projects[0].indicators[0].actual"
        r.sections[1] += "职工服务支出189.67190.2万元。"
        assert one(r, "text.number_typo")

    def test_subtotals_do_not_add_up(self):
        r = passing_report()
        r.budget.public.executed = D("12.27")
        f = one(r, "balance.basic")
        assert "相差 0.67 万元" in f.message

    def test_scores_do_not_add_up(self):
        r = passing_report()
        r.dept.indicators[1].manual_score = D(25)
        assert one(r, "indicator.score_above_weight").where == "dept.indicators[1].manual_score"
        r = passing_report()
        r.sections[8] = "自评得分为98.5分，等级为优。"
        assert one(r, "text.score_mismatch").severity == ERROR

    def test_required_section_missing(self):
        r = passing_report()
        r.sections[7] = ""
        assert one(r, "required.section").where == "sections[7]"


def test_passing_report_has_no_errors_after_roundtrip():
    from model.report import from_dict, to_dict
    r = from_dict(to_dict(passing_report()))
    assert [f for f in run_checks(r) if f.severity == ERROR] == []


# --------------------------------------------------------------------------- robustness

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

_texts = st.one_of(st.sampled_from(["", " ", "≥96%", "96%", "９６％", "2023年12月31日之前完成", "效果明显",
                                    "189.67190.2", "≤110.71 万元", "—", "0", "-5", "2024-13-45", "按时完成",
                                    "基本支出248.76万元", "执行率100%", "自评得分为95分，等级为良"]),
                   st.text(max_size=30))
_money = st.one_of(st.none(), st.decimals(min_value=-1000, max_value=10 ** 6, places=2, allow_nan=False))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.tuples(_texts, _texts, _texts, _texts, _money, _money), max_size=8),
       section=_texts, budget=_money, executed=_money, staff=st.one_of(st.none(), st.integers(-5, 50)))
def test_any_input_gives_findings_not_crashes(rows, section, budget, executed, staff):
    r = passing_report()
    r.projects[0].indicators = [Indicator(l1, "数量指标", name, "", target, actual, w, "", m)
                                for (l1, name, target, actual, w, m) in rows]
    r.projects[0].total.budget, r.projects[0].total.executed = budget, executed
    r.sections[8] = section
    r.sections[1] = section + r.sections[1]
    r.staff.actual_staff = staff
    r.rolled_over_from = 2023
    for f in run_checks(r):
        assert f.rule in RULES and f.severity in (ERROR, WARNING, INFO) and f.message
        paths.get(r, f.where)


def test_part_over_total():
    r = passing_report()
    r.budget.controls["office"].executed = D("12.00")
    f = one(r, "sanity.part_over_total")
    assert (f.severity, f.where) == (WARNING, "budget.controls.office.executed")
    assert "办公经费全年执行数 12.00 万元大于公用经费全年执行数 11.60 万元" in f.message


def test_last_years_figure_in_text():
    r = passing_report()
    r.sections[5] = "上年基本支出230.00万元。"
    assert of(r, "text.money_mismatch") == []           # no 上年 figure to compare with
    assert "230.00万元" in one(r, "text.money_unknown").message
    r.budget.basic.prior = D("231.00")
    assert "上年决算数 231.00 万元" in one(r, "text.money_mismatch").message
    r.budget.basic.prior = D("230")
    assert of(r, "text.money_mismatch") == [] and of(r, "text.money_unknown") == []


def test_findings_follow_edits_of_an_unchanged_table():
    """Findings of a table are reused between runs; every kind of edit must still show."""
    r = complete_report()
    assert run_checks(r) == []
    r.dept.indicators[1].actual = "400人次"
    assert one(r, "indicator.note_missing").where == "dept.indicators[1].note"
    r.dept.indicators[1].note = "推迟。"
    assert of(r, "indicator.note_missing") == []
    r.dept.indicators[2].name = r.dept.indicators[1].name
    assert one(r, "indicator.duplicate")
    r.dept.indicators[2].name = "新名称"
    r.dept.indicators[1].note = ""
    assert of(r, "indicator.duplicate") == [] and of(r, "indicator.note_missing")
    r.dept.indicators[1].actual = "520人次"
    assert run_checks(r) == []
    r.info.year = 2025                                   # the same table, another report year
    assert of(r, "year.indicator")


def test_mof_profile_blocks():
    r = passing_report()
    r.profile = "mof"
    found = run_checks(r)
    level1 = [f for f in found if f.rule == "indicator.unknown_level1"]
    assert len(level1) == 3       # 成本指标 is no first-level block in 财政部通用 (one per table)
    assert "“成本指标”不在指标体系“财政部通用”中" in level1[0].message
    block = [f for f in found if f.rule == "indicator.block_weight" and f.where.startswith("dept.")]
    assert [f.where for f in block] == ["dept.indicators[1].weight", "dept.indicators[4].weight"]
    assert "合计 40.00 分，应为 50.00 分" in block[0].message


def test_total_spending_quoted_in_text():
    r = passing_report()
    r.sections[5] = "全年支出253.00万元。"
    f = one(r, "text.money_mismatch")
    assert "全年支出 253.00万元" in f.message and "全年执行数 252.65 万元" in f.message
    r.sections[5] = "全年支出252.65万元，决算支出252.65万元。"
    assert of(r, "text.money_mismatch") == []


def test_nature_contradicts_target():
    r = passing_report()
    r.dept.indicators[1].nature = "≤"          # the target says ≥500人次
    f = one(r, "indicator.nature_mismatch")
    assert (f.severity, f.where) == (ERROR, "dept.indicators[1].nature")
    assert "≤" in f.message and "≥500人次" in f.message


def test_percent_sign_missing_in_actual():
    r = passing_report()
    r.dept.indicators[5].actual = "0.96"
    f = one(r, "indicator.unit_mismatch")
    assert (f.severity, f.where) == (ERROR, "dept.indicators[5].actual")
    assert "0.96" in f.message and "96%" in f.message


def test_grouped_rows_are_named_in_runs():
    r = passing_report()
    extra = [Indicator("产出指标", "数量指标", f"补充指标{k}", "≥", "≥1个", "", D(0)) for k in range(6)]
    r.dept.indicators[2:2] = extra[:3]
    r.dept.indicators.append(extra[3])
    f = one(r, "indicator.missing_actual")
    assert f.message == "部门整体指标有 4 行未填写实际完成值（第 3—5、10 行）"
    assert f.where == "dept.indicators[2].actual"


def test_a_document_without_section_texts():
    r = passing_report()
    r.sections = []
    assert [f.where for f in of(r, "required.section")] == [f"sections[{i}]" for i in (0, 1, 5, 6, 7, 8)]
