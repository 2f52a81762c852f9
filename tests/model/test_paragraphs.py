from decimal import Decimal as D

from model import paragraphs
from model.report import Indicator, Project, new_report


def _report():
    r = new_report(2024, "县总工会")
    s = r.staff
    s.admin_posts, s.institution_posts, s.actual_staff, s.retirees, s.official_cars = 5, 3, 7, 4, 0
    s.internal_units = "办公室、财务室、组宣部"
    b = r.budget
    b.initial, b.additions, b.executed = D("180.07"), D("73.72"), D("252.65")
    b.basic.executed, b.personnel.executed, b.public.executed = D("200"), D("150"), D("50")
    b.sources["general"].budget, b.sources["general"].executed = D("253.79"), D("252.65")
    b.project_spending.executed = D("52.65")
    return r


def test_staffing_sentence():
    text = paragraphs.generate(_report(), 0)
    assert "内设办公室、财务室、组宣部3个机构" in text
    assert "核定编制8名（其中行政编制5名、事业编制3名）" in text
    assert "2024年末实有在职人员7名，在职人员控制率87.50%" in text
    assert "另有退休人员4名" in text and "无公务用车" in text


def test_staffing_single_kind_and_empty():
    r = new_report(2024, "某局")
    assert paragraphs.staffing(r) is None
    r.staff.admin_posts = 18
    r.staff.actual_staff = 18
    text = paragraphs.staffing(r)
    assert text.startswith("某局核定行政编制18名，") and "控制率100.00%" in text


def test_general_budget_amounts_and_shares():
    text = paragraphs.generate(_report(), 1)
    lines = text.split("\n")
    assert lines[0] == "2024年度一般公共预算全年预算数253.79万元，执行数252.65万元，执行率99.55%。"
    assert "基本支出200.00万元，占全年支出的79.16%" in lines[1]
    assert "人员经费150.00万元，占基本支出的75.00%" in lines[1]
    assert "公用经费50.00万元，占基本支出的25.00%" in lines[1]
    assert "项目支出52.65万元，占全年支出的20.84%" in lines[2]


def test_project_spending_falls_back_to_projects():
    r = _report()
    r.budget.project_spending.executed = None
    p1, p2 = Project(name="甲"), Project(name="乙")
    p1.total.executed, p2.total.executed = D("30"), D("22.65")
    r.projects = [p1, p2]
    text = paragraphs.general_budget(r)
    assert "项目支出52.65万元" in text and "共实施项目2个" in text


def test_zero_sources_say_none():
    r = _report()
    assert paragraphs.generate(r, 2) == "本年度无政府性基金预算支出。"
    assert paragraphs.generate(r, 3) == "本年度无国有资本经营预算支出。"
    r.budget.sources["social_insurance"].budget = D("0")
    assert paragraphs.generate(r, 4) == "本年度无社会保险基金预算支出。"
    r.budget.sources["gov_fund"].budget = D("12")
    r.budget.sources["gov_fund"].executed = D("11.4")
    assert paragraphs.generate(r, 2) == "2024年度政府性基金预算全年预算数12.00万元，执行数11.40万元，执行率95.00%。"


def test_self_score_quotes_computed_score_and_grade():
    r = _report()
    r.dept.indicators = [Indicator(level1="产出指标", level2="数量指标", name="培训人次", nature="≥",
                                   target="≥100人次", actual="120人次", weight=D("90"))]
    text = paragraphs.generate(r, 8)
    # 99.55% × 10 = 9.96 (rate as printed) + 90 = 99.96
    assert "自评得分为99.96分" in text and "自评等级为“优”" in text


def test_self_score_none_without_data():
    assert paragraphs.self_score(new_report(2024)) is None


def test_performance_and_user_written_sections():
    text = paragraphs.generate(_report(), 5)
    assert "预算执行率99.55%" in text and "在职人员控制率87.50%" in text
    assert paragraphs.generate(_report(), 6) is None
    assert paragraphs.generate(_report(), 7) is None
