"""The sample report: 2024年度 青溪县总工会 (an invented county unit).

``build_sample()`` returns the ``Report``; running the module writes
``resources/samples/示例-某县总工会-2024.jxzp``:

    python -m resources.samples.build_sample [OUTPUT.jxzp]

Every figure is chosen so the document is internally consistent: by source and
by nature the budget adds up, itemised 人员经费/公用经费 add up to their totals,
the 三公 sub-rows add up, the projects add up to 项目支出, each indicator
table weighs 100 under the 湖南 profile, and every money figure, rate and score
quoted in the text is formatted from the same data (so section 九 quotes the
computed score and grade).
"""
from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

from model import ratios
from model.numbers import fmt_decimal, fmt_rate
from model.report import Amounts, Indicator, LineItem, Project, Report, new_report
from model.scoring import score_report

YEAR = 2024
UNIT = "青溪县总工会"
SAMPLE_PATH = Path(__file__).resolve().parent / "示例-某县总工会-2024.jxzp"
SAVED_AT = "2025-03-18T16:30:00"   # fixed, so regenerating gives the same bytes

D = Decimal
ZERO = D("0.00")


def m(value: Decimal) -> str:
    """Money as printed in the text: two decimals."""
    return fmt_decimal(value, 2)


def total(values) -> Decimal:
    return sum(values, D(0))


def amounts(prior=None, initial=None, budget=None, executed=None) -> Amounts:
    conv = lambda v: None if v is None else D(v)  # noqa: E731
    return Amounts(conv(prior), conv(initial), conv(budget), conv(executed))


def ind(level1: str, level2: str, name: str, target: str, actual: str, weight: str,
        nature: str = "", grade: str = "", note: str = "", link: str = "") -> Indicator:
    return Indicator(level1=level1, level2=level2, name=name, nature=nature, target=target,
                     actual=actual, weight=D(weight), grade=grade, note=note, link=link)


COST, OUTPUT, EFFECT, SATISFACTION = "成本指标", "产出指标", "效益指标", "满意度指标"
ECON_COST, SOCIAL_COST = "经济成本指标", "社会成本指标"
QUANTITY, QUALITY, TIMELINESS = "数量指标", "质量指标", "时效指标"
SOCIAL, SUSTAINABLE = "社会效益指标", "可持续影响指标"
SERVED = "服务对象满意度指标"
ACHIEVED = "达成年度指标"

# --------------------------------------------------------------------------- figures (万元)

#: 人员经费 items: name, 全年预算数, 全年执行数
PERSONNEL_ITEMS = (
    ("基本工资", "78.40", "78.40"),
    ("津贴补贴", "52.66", "52.66"),
    ("奖金", "6.80", "6.80"),
    ("绩效工资", "24.30", "24.30"),
    ("机关事业单位基本养老保险缴费", "21.18", "21.18"),
    ("职业年金缴费", "8.47", "8.47"),
    ("职工基本医疗保险缴费", "11.92", "11.92"),
    ("住房公积金", "15.88", "15.88"),
    ("其他对个人和家庭的补助", "9.60", "9.31"),
)
#: 公用经费 items
PUBLIC_ITEMS = (
    ("办公费", "6.20", "6.05"),
    ("印刷费", "1.50", "1.42"),
    ("水费", "0.60", "0.58"),
    ("电费", "2.40", "2.36"),
    ("邮电费", "1.20", "1.15"),
    ("物业管理费", "3.60", "3.60"),
    ("差旅费", "3.00", "2.74"),
    ("维修(护)费", "1.50", "1.28"),
    ("培训费", "2.00", "1.86"),
    ("会议费", "1.20", "0.96"),
    ("公务接待费", "0.80", "0.62"),
    ("公务用车运行维护费", "2.40", "2.21"),
    ("工会经费", "2.30", "2.30"),
    ("其他交通费用", "4.20", "4.20"),
    ("其他商品和服务支出", "2.10", "1.97"),
)
PERSONNEL_PRIOR = D("221.45")
PUBLIC_PRIOR = D("36.80")


def _items(rows) -> list[LineItem]:
    return [LineItem(name, D(b), D(e)) for name, b, e in rows]


def _item(rows, name) -> tuple[Decimal, Decimal]:
    for n, b, e in rows:
        if n == name:
            return D(b), D(e)
    raise KeyError(name)


# --------------------------------------------------------------------------- projects

def _project_relief() -> Project:
    p = Project(
        name="职工帮扶救助及“送温暖”专项资金",
        competent_dept=UNIT, implementer=UNIT, category="专项资金",
        total=amounts("85.20", "60.00", "90.00", "88.60"),
        fiscal=amounts("75.20", "60.00", "80.00", "78.60"),
        carried=amounts("10.00", "0.00", "10.00", "10.00"),
        other=amounts("0.00", "0.00", "0.00", "0.00"),
        goal=("对建档困难职工实施分类帮扶，做好元旦春节“送温暖”慰问和金秋助学工作，"
              "春节前完成慰问金发放，帮扶对象识别精准，资金足额发放到户到人，"
              "困难职工基本生活得到保障。"),
        achievement=("全年走访慰问困难职工468户，资助困难职工子女63人；慰问金于春节前全部发放到位，"
                     "对象经基层工会初审、县总工会复核并公示，无一例错发漏发；"
                     "常态化帮扶机制运行平稳，受助职工满意度97.3%。"),
        execution_note="年底前有2户困难职工因户籍迁出不再符合帮扶条件，对应资金未支出，按规定结转下年使用。",
    )
    p.indicators = [
        ind(COST, ECON_COST, "项目支出成本控制", "≤90万元", "88.60万元", "7"),
        ind(COST, ECON_COST, "户均慰问标准", "≤1500元", "1410元", "7"),
        ind(COST, SOCIAL_COST, "帮扶对象信息泄露事件", "≤0次", "0次", "6"),
        ind(OUTPUT, QUANTITY, "春节“送温暖”慰问困难职工", "≥450户", "468户", "10"),
        ind(OUTPUT, QUANTITY, "金秋助学资助困难职工子女", "≥60人", "63人", "10"),
        ind(OUTPUT, QUALITY, "帮扶对象精准识别率", "=100%", "100%", "10"),
        ind(OUTPUT, TIMELINESS, "慰问金发放时间", "2024年2月9日之前完成", "2024年2月5日", "10"),
        ind(EFFECT, SOCIAL, "困难职工基本生活保障", "有效保障", "有效保障", "10", "定性", ACHIEVED),
        ind(EFFECT, SUSTAINABLE, "常态化帮扶机制", "持续运行", "持续运行", "10", "定性", ACHIEVED),
        ind(SATISFACTION, SERVED, "受助职工满意度", "≥95%", "97.3%", "6"),
        ind(SATISFACTION, SERVED, "基层工会满意度", "≥90%", "93.5%", "4"),
    ]
    return p


def _project_contests() -> Project:
    p = Project(
        name="职工文体活动及劳动技能竞赛经费",
        competent_dept=UNIT, implementer=UNIT, category="业务经费",
        total=amounts("40.80", "50.00", "45.00", "44.10"),
        fiscal=amounts("30.80", "38.00", "33.00", "32.10"),
        carried=amounts("0.00", "0.00", "0.00", "0.00"),
        other=amounts("10.00", "12.00", "12.00", "12.00"),
        goal=("围绕县域主导产业举办劳动技能竞赛不少于8场，组织职工运动会和群众性文体活动，"
              "参与职工不少于3000人次，以赛促学、以赛促训，提升职工技能素质，丰富职工文化生活。"),
        achievement=("全年举办电工、焊工、茶艺、养老护理等劳动技能竞赛8场，举办第六届职工运动会，"
                     "参与职工3260人次；竞赛获奖职工中晋升技能等级的比例为26%，"
                     "低于30%的目标，主要原因是部分工种的职业技能等级认定在次年开展。"),
        execution_note="部分竞赛场地由承办企业无偿提供，场地租赁费用低于预算，结余资金按规定收回。",
    )
    p.indicators = [
        ind(COST, ECON_COST, "职工运动会组织成本", "≤12万元", "11.60万元", "10"),
        ind(COST, ECON_COST, "单场技能竞赛平均成本", "≤3万元", "2.85万元", "10"),
        ind(OUTPUT, QUANTITY, "举办劳动技能竞赛", "≥8场", "8场", "10"),
        ind(OUTPUT, QUANTITY, "参与职工人次", "≥3000人次", "3260人次", "10"),
        ind(OUTPUT, QUALITY, "获奖职工晋升技能等级比例", "≥30%", "26%", "10",
            note=("部分工种的职业技能等级认定安排在次年上半年，获奖职工尚未全部参加认定。"
                  "下一步将与人社部门提前对接认定计划，竞赛结束后及时组织获奖职工参评。")),
        ind(OUTPUT, TIMELINESS, "竞赛活动完成时间", "2024年11月30日之前完成", "2024年11月22日", "10"),
        ind(EFFECT, SOCIAL, "职工技能素质", "明显提升", "明显提升", "10", "定性", ACHIEVED),
        ind(EFFECT, SUSTAINABLE, "职工文体活动常态化", "形成品牌", "形成品牌", "10", "定性", ACHIEVED),
        ind(SATISFACTION, SERVED, "参赛职工满意度", "≥90%", "95%", "5"),
        ind(SATISFACTION, SERVED, "基层工会满意度", "≥90%", "93%", "5"),
    ]
    return p


def _project_stations() -> Project:
    p = Project(
        name="户外劳动者服务站点建设补助",
        competent_dept=UNIT, implementer="青溪县总工会、各乡镇（街道）工会", category="专项资金",
        total=amounts("22.30", "20.00", "28.50", "27.36"),
        fiscal=amounts("22.30", "20.00", "28.50", "27.36"),
        carried=amounts("0.00", "0.00", "0.00", "0.00"),
        other=amounts("0.00", "0.00", "0.00", "0.00"),
        goal=("依托乡镇（街道）便民服务中心、银行网点和加油站等场所，新建或规范提升户外劳动者"
              "服务站点10个，配齐饮水、休息、充电、应急药箱等设施，10月底前建成投入使用。"),
        achievement=("建成并验收户外劳动者服务站点10个，全部按标准配齐设施并挂牌运行，"
                     "全年服务环卫工人、快递员、网约车司机等户外劳动者23600人次。"),
        execution_note="站点设备通过政府采购集中购置，采购价格低于预算单价，形成少量结余。",
    )
    p.indicators = [
        ind(COST, ECON_COST, "单个站点补助标准", "≤2.5万元", "2.5万元", "10"),
        ind(COST, ECON_COST, "项目支出成本控制", "≤28.5万元", "27.36万元", "10"),
        ind(OUTPUT, QUANTITY, "新建或提升服务站点", "≥10个", "10个", "15"),
        ind(OUTPUT, QUALITY, "站点验收合格率", "=100%", "100%", "15"),
        ind(OUTPUT, TIMELINESS, "站点建成投用时间", "2024年10月31日之前完成", "2024年10月25日", "10"),
        ind(EFFECT, SOCIAL, "服务户外劳动者人次", "≥20000人次", "23600人次", "10"),
        ind(EFFECT, SUSTAINABLE, "站点长效运营", "长效运营", "长效运营", "10", "定性", ACHIEVED),
        ind(SATISFACTION, SERVED, "户外劳动者满意度", "≥90%", "96.5%", "5"),
        ind(SATISFACTION, SERVED, "站点所在单位满意度", "≥90%", "95%", "5"),
    ]
    return p


# --------------------------------------------------------------------------- the report

def _base() -> Report:
    r = new_report(YEAR, UNIT, "hunan")
    info = r.info
    info.budget_code = "601001"
    info.competent_dept = UNIT
    info.unit_nature = "群团组织"
    info.preparer = "周晓岚"
    info.phone = "0739-5550123"
    info.fill_date = "2025-03-18"
    info.head = "刘建国"

    s = r.staff
    s.internal_units = ("办公室、组织宣传部（加挂女职工部牌子）、权益保障部、经费审查委员会办公室；"
                        "下设公益一类事业单位青溪县职工服务中心")
    s.admin_posts, s.institution_posts, s.other_posts = 9, 4, 0
    s.actual_staff = 12
    s.retired_cadres, s.retirees = 0, 11
    s.contract_staff = 6
    s.official_cars = 1

    b = r.budget
    b.personnel_items = _items(PERSONNEL_ITEMS)
    b.public_items = _items(PUBLIC_ITEMS)
    pers_b, pers_e = total(i.budget for i in b.personnel_items), total(i.executed for i in b.personnel_items)
    pub_b, pub_e = total(i.budget for i in b.public_items), total(i.executed for i in b.public_items)
    b.personnel = Amounts(PERSONNEL_PRIOR, pers_b, pers_b, pers_e)
    b.public = Amounts(PUBLIC_PRIOR, pub_b, pub_b, pub_e)
    b.basic = Amounts(PERSONNEL_PRIOR + PUBLIC_PRIOR, pers_b + pub_b, pers_b + pub_b, pers_e + pub_e)

    r.projects = [_project_relief(), _project_contests(), _project_stations()]
    proj = r.projects
    b.project_spending = Amounts(total(p.total.prior for p in proj), total(p.total.initial for p in proj),
                                 total(p.total.budget for p in proj), total(p.total.executed for p in proj))

    # 年初 + 追加 − 调减 + 结转 = 全年预算数
    b.initial = b.basic.initial + b.project_spending.initial
    b.additions = D("28.50")     # 送温暖 +20.00, 服务站点 +8.50
    b.reductions = D("5.00")     # 一场市级竞赛并入市总工会统一组织
    b.carryover = D("10.00")     # 上年结转的帮扶资金
    b.executed = b.basic.executed + b.project_spending.executed
    b.prior_executed = b.basic.prior + b.project_spending.prior

    full = b.derived_full_year()
    other = Amounts(D("22.00"), D("22.00"), D("22.00"), D("22.00"))   # 工会经费返还等单位资金
    b.sources["general"] = Amounts(b.prior_executed - other.prior, b.initial - other.initial,
                                   full - other.budget, b.executed - other.executed)
    b.sources["other"] = other
    for key in ("gov_fund", "state_capital", "social_insurance", "special_account"):
        b.sources[key] = amounts("0.00", "0.00", "0.00", "0.00")

    c = b.controls
    office = _item(PUBLIC_ITEMS, "办公费")
    util = [_item(PUBLIC_ITEMS, n) for n in ("水费", "电费", "差旅费")]
    meet = [_item(PUBLIC_ITEMS, n) for n in ("会议费", "培训费")]
    car = _item(PUBLIC_ITEMS, "公务用车运行维护费")
    reception = _item(PUBLIC_ITEMS, "公务接待费")
    c["office"] = Amounts(D("6.40"), office[0], office[0], office[1])
    c["utilities_travel"] = Amounts(D("6.12"), total(x[0] for x in util), total(x[0] for x in util),
                                    total(x[1] for x in util))
    c["meetings_training"] = Amounts(D("3.05"), total(x[0] for x in meet), total(x[0] for x in meet),
                                     total(x[1] for x in meet))
    c["car_purchase"] = amounts("0.00", "0.00", "0.00", "0.00")
    c["car_operation"] = Amounts(D("2.58"), car[0], car[0], car[1])
    c["cars"] = Amounts(c["car_purchase"].prior + c["car_operation"].prior, car[0], car[0], car[1])
    c["overseas"] = amounts("0.00", "0.00", "0.00", "0.00")
    c["reception"] = Amounts(D("0.91"), reception[0], reception[0], reception[1])
    c["three_public"] = Amounts(
        *(total(getattr(c[k], f) for k in ("cars", "overseas", "reception"))
          for f in ("prior", "initial", "budget", "executed")))
    c["procurement"] = amounts("21.30", "18.60", "18.60", "17.95")
    c["basic_adjustment"] = amounts("0.00", "0.00", "0.00", "0.00")
    bl = b.buildings
    bl.approved_area = bl.actual_area = bl.budget_investment = bl.actual_investment = ZERO
    b.savings_measures = (
        "严格执行中央八项规定及其实施细则精神和省、市、县关于厉行节约的各项规定，落实党政机关过紧日子要求。"
        "“三公”经费实行预算总额控制和事前审批，公务接待执行接待清单制度，公务用车实行派车登记和定点维修、定点加油；"
        "会议、培训从严控制规模和天数，能合并的合并召开；办公用品按需采购、统一保管；"
        f"本年度无楼堂馆所建设项目，“三公”经费支出{m(c['three_public'].executed)}万元，"
        f"控制在预算{m(c['three_public'].budget)}万元以内。")
    return r


def _department(r: Report) -> None:
    b = r.budget
    c = b.controls
    full = b.full_year_budget()
    d = r.dept
    d.goal = (
        "围绕县委、县政府中心工作和上级工会部署，做好困难职工帮扶救助和“送温暖”工作，"
        "帮扶困难职工不少于600人；新建或规范提升户外劳动者服务站点10个；"
        "推进基层工会组建和规范化建设，依法维护职工合法权益，劳动争议调处成功率达到90%以上；"
        "严格控制“三公”经费和一般性支出，预算执行率不低于95%。")
    d.achievement = (
        f"全年支出{m(b.executed)}万元，预算执行率{fmt_rate(ratios.ratio(b.executed, full))}。"
        "帮扶困难职工628人，帮扶资金于年底前全部发放；建成户外劳动者服务站点10个；"
        "基层工会规范化建设有序推进；受理职工劳动争议调解申请48件，调解成功42件，成功率87.5%，"
        "略低于目标；职工群众满意度保持在90%以上。")
    d.execution_note = ("预算执行率未达到100%，主要是退休人员生活补助按实际人数发放、公用经费压减一般性支出，"
                        "以及项目采购价格低于预算形成结余。下一步将提高预算编制的精准度。")
    d.indicators = [
        # linked: the 实际完成值 is computed from the 预算与执行 page (the typed value is what it gives)
        ind(COST, ECON_COST, "公用经费控制率", "≤100%",
            fmt_rate(ratios.public_funds_control_rate(r)), "5", link="public_funds_control"),
        ind(COST, ECON_COST, "“三公”经费控制率", "≤100%",
            fmt_rate(ratios.three_public_control_rate(r)), "5", link="three_public_control"),
        ind(COST, ECON_COST, "基本支出", f"≤{m(b.basic.budget)}万元", f"{m(b.basic.executed)}万元", "5"),
        ind(COST, SOCIAL_COST, "项目支出", f"≤{m(b.project_spending.budget)}万元",
            f"{m(b.project_spending.executed)}万元", "5"),
        ind(OUTPUT, QUANTITY, "帮扶困难职工人数", "≥600人", "628人", "10"),
        ind(OUTPUT, QUANTITY, "新建或提升户外劳动者服务站点", "≥10个", "10个", "10"),
        ind(OUTPUT, QUALITY, "帮扶资金发放准确率", "=100%", "100%", "10"),
        ind(OUTPUT, TIMELINESS, "帮扶资金发放完成时间", "2024年12月31日之前完成", "2024年12月20日", "10"),
        ind(EFFECT, SOCIAL, "职工合法权益维护", "有效维护", "有效维护", "7", "定性", ACHIEVED),
        ind(EFFECT, SOCIAL, "劳动争议调处成功率", "≥90%", "87.5%", "7",
            note=("部分争议涉及欠薪主体下落不明、证据不足，调解未能达成一致，已引导当事人通过仲裁、诉讼途径解决。"
                  "下一步将加强与人社、司法部门的联动，提前介入、分类化解。")),
        ind(EFFECT, SUSTAINABLE, "工会服务体系建设", "持续完善", "持续完善", "6", "定性", ACHIEVED),
        ind(SATISFACTION, SERVED, "职工群众满意度", "≥90%", "95.6%", "5"),
        ind(SATISFACTION, SERVED, "困难职工满意度", "≥90%", "96.2%", "5"),
    ]
    assert c["three_public"].executed is not None


def _sections(r: Report) -> None:
    b = r.budget
    c = b.controls
    p1, p2, p3 = r.projects
    full = b.full_year_budget()
    rate = fmt_rate(ratios.ratio(b.executed, full))
    posts = r.staff.total_posts
    s = r.sections

    s[0] = "\n".join((
        "（一）职能职责",
        "青溪县总工会是全县各级工会组织和广大职工的群众组织领导机关，在中共青溪县委和上级工会的领导下，"
        "依照《中华人民共和国工会法》和《中国工会章程》开展工作，主要职责是：",
        "1.坚持党对工会工作的全面领导，团结动员全县职工围绕县域经济社会发展建功立业，"
        "组织开展劳动竞赛、技能比武、合理化建议和职工技术创新活动。",
        "2.代表和维护职工合法权益，参与协调劳动关系，推动集体协商和职工代表大会制度落实，"
        "参与劳动争议调处和涉及职工切身利益的政策制定。",
        "3.做好困难职工帮扶、元旦春节“送温暖”、金秋助学、职工医疗互助等服务工作，"
        "建设户外劳动者服务站点和职工之家等工会服务阵地。",
        "4.指导基层工会组建和规范化建设，加强工会干部培训，负责工会经费收缴、管理和经费审查工作。",
        "5.开展职工思想政治引领和文化体育活动，做好劳动模范的推荐、管理和服务工作，完成县委、县政府和上级工会交办的其他任务。",
        "（二）机构设置及人员情况",
        f"本单位内设{r.staff.internal_units}。本单位为一级预算单位，职工服务中心不单独核算，其收支纳入本级预算。",
        f"核定编制{posts}名，其中行政编制{r.staff.admin_posts}名、事业编制{r.staff.institution_posts}名；"
        f"年末实际在职人员{r.staff.actual_staff}名，退休人员{r.staff.retirees}名，社会化工会工作者{r.staff.contract_staff}名；"
        f"实有公务用车{r.staff.official_cars}辆。",
        "（三）年度工作任务",
        "本年度围绕“强引领、保权益、优服务、建阵地”的思路，重点做好困难职工帮扶救助、"
        "劳动技能竞赛、户外劳动者服务站点建设、基层工会规范化建设和职工劳动争议调处五个方面的工作。",
    ))

    s[1] = "\n".join((
        f"本年度年初预算{m(b.initial)}万元，年中追加{m(b.additions)}万元、调减{m(b.reductions)}万元，"
        f"加上年结转{m(b.carryover)}万元，全年预算数{m(full)}万元。全年支出{m(b.executed)}万元，"
        f"预算执行率{rate}。按收入性质分，一般公共预算支出{m(b.sources['general'].executed)}万元，"
        f"单位资金支出{m(b.sources['other'].executed)}万元。",
        "（一）基本支出情况",
        f"基本支出调整后预算{m(b.basic.budget)}万元，实际支出{m(b.basic.executed)}万元。"
        f"其中人员经费支出{m(b.personnel.executed)}万元，主要用于在职人员工资福利、社会保障缴费、"
        "住房公积金和退休人员生活补助；"
        f"公用经费支出{m(b.public.executed)}万元，主要用于办公、水电、物业管理、差旅、培训和公务用车运行维护等日常运转。",
        f"“三公”经费支出{m(c['three_public'].executed)}万元，其中公务用车运行维护费{m(c['car_operation'].executed)}万元、"
        f"公务接待费{m(c['reception'].executed)}万元，未发生因公出国（境）费用和公务用车购置费用。",
        "（二）项目支出情况",
        f"项目支出调整后预算{m(b.project_spending.budget)}万元，实际支出{m(b.project_spending.executed)}万元，共3个项目：",
        f"1.{p1.name}：安排资金{m(p1.total.budget)}万元（含上年结转{m(p1.carried.budget)}万元），"
        f"支出{m(p1.total.executed)}万元，用于困难职工春节慰问、金秋助学和日常帮扶救助。",
        f"2.{p2.name}：安排资金{m(p2.total.budget)}万元，支出{m(p2.total.executed)}万元，"
        "用于劳动技能竞赛奖励、场地器材租赁和职工运动会组织。",
        f"3.{p3.name}：安排资金{m(p3.total.budget)}万元，支出{m(p3.total.executed)}万元，"
        "用于新建和规范提升户外劳动者服务站点的设施设备补助。",
    ))
    s[2] = "本单位本年度无政府性基金预算支出。"
    s[3] = "本单位本年度无国有资本经营预算支出。"
    s[4] = "本单位本年度无社会保险基金预算支出。"

    s[5] = "\n".join((
        "（一）运行成本",
        f"公用经费控制率{fmt_rate(ratios.public_funds_control_rate(r))}，"
        f"“三公”经费控制率{fmt_rate(ratios.three_public_control_rate(r))}，“三公”经费支出比上年决算有所下降。"
        f"在职人员控制率{fmt_rate(ratios.staff_control_rate(r))}，人员规模控制在编制以内。",
        "（二）管理效率",
        f"预算执行率{rate}，预算调整率{fmt_rate(ratios.budget_adjustment_rate(r))}。"
        f"政府采购预算{m(c['procurement'].budget)}万元，实际采购{m(c['procurement'].executed)}万元，"
        f"政府采购执行率{fmt_rate(ratios.procurement_rate(r))}。"
        "修订完善了财务报销、资产管理和项目资金管理制度，重大支出经党组会议集体研究，"
        "帮扶资金实行基层申报、县级复核、张榜公示、银行代发的闭环管理。",
        "（三）履职效能",
        "全年帮扶困难职工628人，其中春节“送温暖”慰问468户、金秋助学63人；"
        "举办劳动技能竞赛8场，参与职工3260人次；建成户外劳动者服务站点10个并全部投入使用；"
        "调解职工劳动争议42件，推动一批欠薪问题得到解决。",
        "（四）社会效应",
        "户外劳动者服务站点全年服务23600人次，“冷可纳凉、热可饮水、累可歇脚”的服务得到环卫工人和快递员的普遍认可；"
        "劳动技能竞赛带动一批青年职工参加技能培训；第三方电话回访显示职工群众满意度95.6%，困难职工满意度96.2%。",
    ))

    s[6] = "\n".join((
        "（一）预算编制的精准度有待提高。年中追加和调减预算的情况仍然存在，"
        "部分项目在年初编制预算时对活动规模和上级配套资金测算不够充分，导致预算调整。",
        "（二）个别绩效指标设置不够合理。劳动技能竞赛项目中“获奖职工晋升技能等级比例”未考虑职业技能等级认定的时间安排，"
        "年内无法全部体现，指标值未能完成。",
        "（三）劳动争议调处能力还需加强。部分争议涉及欠薪主体下落不明、用工关系复杂，"
        "仅靠工会调解难以化解，调处成功率略低于年度目标。",
        "（四）绩效管理的专业力量不足。财务人员同时承担多项工作，对绩效目标编制和绩效监控的专业把握不够。",
    ))

    s[7] = "\n".join((
        "（一）提高预算编制质量。编制下年度预算时提前摸清帮扶对象、竞赛场次和站点建设计划，"
        "与上级工会对接配套资金，尽量减少年中调整。",
        "（二）科学设置绩效指标。对照项目实施周期设置可在年度内衡量的指标，"
        "对跨年度完成的内容改用过程性指标，并在年中开展绩效运行监控，及时纠偏。",
        "（三）完善劳动争议多元化解机制。加强与人社、司法、法院的联动，推行“工会+法院+人社”联合调解，"
        "对疑难争议提前介入、分类处理。",
        "（四）加强绩效管理能力建设。组织财务和业务人员参加预算绩效管理培训，"
        "把绩效目标编制、运行监控和自评工作落实到具体岗位。",
    ))

    s[9] = "无。"


def _section_nine(r: Report) -> None:
    scores = score_report(r)
    dept = scores.department
    projects = list(zip(r.projects, scores.projects))
    places = scores.places
    lines = [
        f"经对照年度绩效目标逐项自评，本单位部门整体支出绩效自评得分{fmt_decimal(dept.total, places)}分，"
        f"自评等级为“{dept.grade}”。",
        "项目支出自评结果：" + "；".join(
            f"{p.name}{fmt_decimal(t.total, places)}分（{t.grade}）" for p, t in projects) + "。",
        "自评结果将作为编制下一年度部门预算和安排项目资金的重要参考，对执行率偏低和指标未完成的项目在下年度预算安排中从严审核；"
        "自评中发现的问题已逐项明确整改责任人和完成时限。",
        "自评报告及自评表经单位负责人审定后报送县财政局，并按政府信息公开的有关规定在县人民政府门户网站本单位栏目公开，接受社会监督。",
    ]
    r.sections[8] = "\n".join(lines)


def build_sample() -> Report:
    """The complete sample report (deterministic: same data every call)."""
    r = _base()
    _department(r)
    _sections(r)
    _section_nine(r)
    return r


def main(argv: list[str] | None = None) -> int:
    from model import store
    argv = list(sys.argv[1:] if argv is None else argv)
    out = Path(argv[0]) if argv else SAMPLE_PATH
    store.write_atomic(out, store.dumps(build_sample(), saved_at=SAVED_AT), keep_backup=False)
    sys.stdout.write(f"已生成示例文件：{out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
