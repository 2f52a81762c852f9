"""A realistic report for the export tests (a county trade union, 2024).

Three projects with indicators in several blocks, qualitative and 时效 rows,
a project whose 全年预算数 is 0, and user texts that start with = + - @.
"""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from model.report import Amounts, Indicator, LineItem, Project, Report, new_report


def _ind(l1, l2, name, target, actual, weight, note="", grade="", nature="", manual=None):
    return Indicator(level1=l1, level2=l2, name=name, target=target, actual=actual,
                     weight=D(weight), note=note, grade=grade, nature=nature,
                     manual_score=None if manual is None else D(manual))


def make_report() -> Report:
    r = new_report(2024, "某某县总工会")
    i = r.info
    i.budget_code = "301001"
    i.competent_dept = "某某县总工会"
    i.unit_nature = "群团组织"
    i.preparer = "李明"
    i.phone = "0737-4221234"
    i.fill_date = "2025-03-10"
    i.head = "王强"
    s = r.staff
    s.internal_units = "办公室、组织宣传部、权益保障部、经费审查委员会办公室"
    s.admin_posts, s.institution_posts, s.other_posts = 6, 2, 0
    s.actual_staff = 7
    s.retirees = 5
    s.official_cars = 1
    b = r.budget
    b.initial = D("180.07")
    b.additions = D("73.72")
    b.reductions = D("0")
    b.carryover = D("0")
    b.executed = D("252.65")
    b.prior_executed = D("236.4")
    b.sources["general"] = Amounts(initial=D("180.07"), budget=D("253.79"), executed=D("252.65"))
    b.basic = Amounts(prior=D("160.22"), initial=D("170.07"), budget=D("172.79"), executed=D("172.15"))
    b.personnel = Amounts(prior=D("148.6"), initial=D("158.47"), budget=D("161.19"), executed=D("160.55"))
    b.public = Amounts(prior=D("11.62"), initial=D("11.6"), budget=D("11.6"), executed=D("11.6"))
    b.personnel_items = [LineItem("基本工资", D("60.2"), D("60.2"))]
    b.public_items = [LineItem("办公费", D("3.2"), D("3.1"))]
    b.project_spending = Amounts(prior=D("76.18"), initial=D("10"), budget=D("81"), executed=D("80.5"))
    c = b.controls
    c["office"] = Amounts(prior=D("3.3"), initial=D("3.2"), executed=D("3.1"))
    c["utilities_travel"] = Amounts(prior=D("2.1"), initial=D("2"), executed=D("1.96"))
    c["meetings_training"] = Amounts(prior=D("1.5"), initial=D("1.5"), executed=D("1.42"))
    c["three_public"] = Amounts(prior=D("1.2"), initial=D("1.2"), executed=D("1.15"))
    c["cars"] = Amounts(prior=D("1"), initial=D("1"), executed=D("0.98"))
    c["car_purchase"] = Amounts(prior=D("0"), initial=D("0"), executed=D("0"))
    c["car_operation"] = Amounts(prior=D("1"), initial=D("1"), executed=D("0.98"))
    c["overseas"] = Amounts(prior=D("0"), initial=D("0"), executed=D("0"))
    c["reception"] = Amounts(prior=D("0.2"), initial=D("0.2"), executed=D("0.17"))
    c["procurement"] = Amounts(prior=D("5.6"), initial=D("6"), executed=D("5.8"))
    c["basic_adjustment"] = Amounts(prior=D("0"), initial=D("2.72"), executed=D("2.72"))
    b.buildings.approved_area = D("0")
    b.savings_measures = ("严格执行中央八项规定精神，压减一般性支出；公务接待实行公函制度和清单管理，"
                          "公务用车统一调度、定点维修加油。")
    r.dept.goal = ("围绕县委中心工作，做好职工权益维护、困难职工帮扶、职工技能提升和工会组织建设，"
                   "全年完成困难职工帮扶 300 人次以上。")
    r.dept.achievement = "各项工作任务按计划完成，帮扶困难职工 326 人次，举办职工技能竞赛 3 场。"
    r.dept.indicators = [
        _ind("成本指标", "经济成本指标", "“三公”经费控制", "≤1.2万元", "1.15万元", "10"),
        _ind("成本指标", "经济成本指标", "公用经费控制", "≤11.6万元", "11.6万元", "10"),
        _ind("产出指标", "数量指标", "困难职工帮扶人次", "≥300人次", "326人次", "15"),
        _ind("产出指标", "质量指标", "帮扶资金发放准确率", "100%", "98%", "10",
             note="-个别帮扶对象信息变更未及时核实，下年度建立季度复核机制"),
        _ind("产出指标", "时效指标", "帮扶资金发放及时性", "2024年12月31日之前完成", "2024年12月20日", "15"),
        _ind("效益指标", "社会效益指标", "职工队伍稳定性", "有效提升", "有效提升", "10", nature="定性"),
        _ind("效益指标", "可持续影响指标", "工会组织覆盖面", "持续扩大", "有所扩大", "10", nature="定性",
             grade="部分达成年度指标并具有一定效果", note="新业态劳动者入会工作进展偏慢"),
        _ind("满意度指标", "服务对象满意度指标", "职工满意度", "≥90%", "95%", "10"),
    ]
    p1 = Project(name="夏送清凉活动", competent_dept="某某县总工会", implementer="某某县总工会",
                 category="业务经费")
    p1.total = Amounts(prior=D("15"), initial=D("1.2"), budget=D("1.2"), executed=D("1.15"))
    p1.fiscal = Amounts(initial=D("1.2"), budget=D("1.2"), executed=D("1.15"))
    p1.goal = "为高温一线职工送去防暑降温物资，覆盖 20 家以上企业。"
    p1.achievement = "走访慰问 24 家企业，发放防暑物资 1200 份。"
    p1.indicators = [
        _ind("成本指标", "经济成本指标", "活动成本", "≤1.2万元", "1.15万元", "20"),
        _ind("产出指标", "数量指标", "慰问企业数", "≥20家", "24家", "20"),
        _ind("产出指标", "时效指标", "活动完成时间", "2024年8月31日之前完成", "2024年8月15日", "20"),
        _ind("效益指标", "社会效益指标", "职工获得感", "明显增强", "明显增强", "20", nature="定性"),
        _ind("满意度指标", "服务对象满意度指标", "一线职工满意度", "≥95%", "93%", "10",
             note="=部分物资品类单一，下年度征求职工意见后采购"),
    ]
    p2 = Project(name="=SUM(A1:A9) 职工技能竞赛/培训[专项]", competent_dept="某某县总工会",
                 implementer="+县职工服务中心", category="专项资金")
    p2.total = Amounts(prior=D("40"), initial=D("0"), budget=D("60"), executed=D("59.35"))
    p2.fiscal = Amounts(initial=D("0"), budget=D("60"), executed=D("59.35"))
    p2.goal = "@举办职工技能竞赛 3 场，培训职工 500 人次。"
    p2.achievement = "举办竞赛 3 场，培训职工 520 人次。"
    p2.indicators = [
        _ind("成本指标", "经济成本指标", "竞赛培训成本", "≤60万元", "59.35万元", "20"),
        _ind("产出指标", "数量指标", "竞赛场次", "≥3场", "3场", "10"),
        _ind("产出指标", "数量指标", "培训人次", "≥500人次", "520人次", "10"),
        _ind("产出指标", "质量指标", "培训合格率", "≥95%", "96%", "20"),
        _ind("效益指标", "社会效益指标", "职工技能水平", "有效提升", "有效提升", "20", nature="定性"),
        _ind("满意度指标", "服务对象满意度指标", "参训职工满意度", "≥90%", "92%", "10"),
    ]
    p3 = Project(name="困难职工帮扶（上年结转）", competent_dept="某某县总工会", implementer="某某县总工会",
                 category="业务经费")
    p3.total = Amounts(prior=D("21.18"), initial=D("0"), budget=D("0"), executed=D("0"))
    p3.goal = "结转资金用于困难职工帮扶。"
    p3.achievement = "资金已在上年度使用完毕，本年度无支出。"
    p3.indicators = [
        _ind("产出指标", "数量指标", "帮扶人次", "≥50人次", "", "40"),
        _ind("效益指标", "社会效益指标", "困难职工生活改善", "有所改善", "", "40", nature="定性"),
        _ind("满意度指标", "服务对象满意度指标", "受助职工满意度", "≥90%", "", "10"),
    ]
    r.projects = [p1, p2, p3]
    r.sections = [
        "某某县总工会是党领导的职工自愿结合的工人阶级群众组织。\n本单位内设办公室等 4 个机构。",
        "（一）基本支出情况\n2024年基本支出172.15万元。\n（二）项目支出情况\n2024年项目支出80.50万元。",
        "无", "无", "无",
        "部门整体支出绩效目标基本完成。",
        "=预算编制的精细化程度有待提高。",
        "+加强预算执行监控。",
        "自评得分 96.94 分，等级为优。",
        "无",
    ]
    return r


@pytest.fixture(scope="session")
def export_report_factory():
    """``make_report`` as a fixture, for module-scoped fixtures (test modules must not
    import conftest by name: several test folders have one)."""
    return make_report


@pytest.fixture
def report() -> Report:
    return make_report()


def pytest_configure(config):
    config.addinivalue_line("markers", "libreoffice: converts the workbook with LibreOffice (one conversion)")
