"""Test documents for the indicator, project and budget pages, built in code."""
from __future__ import annotations

from decimal import Decimal as D

from model.report import Amounts, Indicator, LineItem, Project, new_report


def ind(level1, level2, name, target, actual="", weight=None, nature="", grade="", note="", manual=None):
    return Indicator(level1=level1, level2=level2, name=name, nature=nature, target=target, actual=actual,
                     weight=None if weight is None else D(str(weight)), grade=grade, note=note,
                     manual_score=None if manual is None else D(str(manual)))


def dept_indicators():
    return [
        ind("成本指标", "经济成本指标", "“三公”经费控制率", "≤100%", "86.4%", 10),
        ind("成本指标", "经济成本指标", "公用经费控制率", "≤100%", "100%", 10),
        ind("产出指标", "数量指标", "困难职工帮扶人次", "≥300人次", "326人次", 10),
        ind("产出指标", "数量指标", "送温暖慰问覆盖率", "≥96%", "95%", 10),
        ind("产出指标", "质量指标", "工会经费收缴率", "≥95%", "97.2%", 10),
        ind("产出指标", "时效指标", "劳模慰问金发放", "2024年2月8日之前完成", "2024年2月6日", 10),
        ind("效益指标", "社会效益指标", "困难职工生活条件改善", "效果明显", "效果较明显", 10,
            grade="部分达成年度指标并具有一定效果",
            note="部分帮扶对象因病致困情况复杂，帮扶效果需持续跟踪；下一步建立帮扶回访台账。"),
        ind("效益指标", "可持续影响指标", "工会服务职工长效机制", "逐步健全", "逐步健全", 10),
        ind("满意度指标", "服务对象满意度指标", "职工满意度", "≥90%", "93%", 10),
    ]


def sample_report(projects: int = 2):
    r = new_report(2024, "某县总工会")
    b = r.budget
    b.initial, b.additions, b.reductions, b.carryover = D("180.07"), D("73.72"), D("0"), D("0")
    b.executed = D("252.65")
    b.prior_executed = D("238.40")
    b.sources["general"] = Amounts(prior=D("200.1"), budget=D("233.79"), executed=D("232.65"))
    b.sources["other"] = Amounts(prior=D("38.3"), budget=D("20"), executed=D("20"))
    b.basic = Amounts(prior=D("150"), budget=D("160.5"), executed=D("160.2"))
    b.personnel = Amounts(prior=D("120"), budget=D("130.5"), executed=D("130.4"))
    b.public = Amounts(prior=D("30"), budget=D("30"), executed=D("29.8"))
    b.personnel_items = [LineItem("基本工资", D("60"), D("60")), LineItem("津贴补贴", D("40.5"), D("40.4")),
                         LineItem("养老保险缴费", D("30"), D("30"))]
    b.public_items = [LineItem("办公费", D("10"), D("9.8")), LineItem("差旅费", D("20"), D("20"))]
    b.project_spending = Amounts(prior=D("88.4"), budget=D("93.29"), executed=D("92.45"))
    b.controls["three_public"] = Amounts(prior=D("3.2"), initial=D("3"), executed=D("2.59"))
    r.dept.goal = "全面完成困难职工帮扶、送温暖慰问和职工技能竞赛等年度重点工作。"
    r.dept.achievement = "全年帮扶困难职工326人次，慰问覆盖率95%，组织技能竞赛6场。"
    r.dept.indicators = dept_indicators()
    for i in range(projects):
        p = Project(name=f"困难职工帮扶项目{i + 1}", competent_dept="某县总工会", implementer="某县总工会",
                    category="专项资金")
        p.total = Amounts(prior=D("40"), initial=D("45"), budget=D("50"), executed=D("48"))
        p.fiscal = Amounts(initial=D("45"), budget=D("45"), executed=D("43"))
        p.carried = Amounts(budget=D("5"), executed=D("5"))
        p.goal = "帮扶困难职工不少于300人次。"
        p.achievement = "帮扶困难职工326人次。"
        p.indicators = [
            ind("成本指标", "经济成本指标", "项目预算控制数", "≤50万元", "48万元", 20),
            ind("产出指标", "数量指标", "困难职工帮扶人次", "≥300人次", "326人次", 20),
            ind("产出指标", "时效指标", "帮扶资金拨付及时性", "2024年12月31日之前完成", "2024年12月20日", 20),
            ind("效益指标", "社会效益指标", "困难职工生活条件改善", "效果明显", "效果明显", 20),
            ind("满意度指标", "服务对象满意度指标", "受帮扶职工满意度", "≥95%", "96%", 10),
        ]
        r.projects.append(p)
    return r
