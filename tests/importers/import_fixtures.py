"""Last year's files as a county fills them in by hand, built in code.

The workbook holds 附件2 (with 三公 rows and project rows), 附件3 (merged 一级/二级
cells, a title over two rows, an extra blank column, a blank row in the middle,
numbers stored as text, “—”, units inside cells, a real Excel date cell, 一级 names
with weights in two spellings) and two 附件4 (one project whose 全年预算数 is 0).
The Word reports follow the outline variants of real county reports with our own
sentences.
"""
from __future__ import annotations

import datetime
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

UNIT = "青石县总工会"


def _put(ws, row: int, col: int, value, merge_to: tuple[int, int] | None = None, fmt: str | None = None):
    cell = ws.cell(row=row, column=col, value=value)
    if fmt:
        cell.number_format = fmt
    if merge_to:
        ws.merge_cells(start_row=row, start_column=col, end_row=merge_to[0], end_column=merge_to[1])
    return cell


def _row(ws, row: int, col: int, values):
    for i, v in enumerate(values):
        if v is not None:
            cell = ws.cell(row=row, column=col + i, value=v)
            if isinstance(v, str) and v.startswith("="):
                cell.data_type = "s"   # typed as text, as a cell formatted 文本 keeps it


def annex2(ws):
    """The {年}年预算数 column holds the 年初 budget (SPEC §5.1): 基本支出 + 项目支出 here equal
    附件3's 年初预算数, while a project's 附件4 may give another 全年预算数."""
    ws.title = "附件2"
    _put(ws, 1, 1, "附件2")
    _put(ws, 2, 1, "2024年度部门（单位）整体支出绩效评价基础数据表", (2, 7))
    _put(ws, 3, 1, f"单位名称：{UNIT}")
    _put(ws, 3, 6, "单位：万元")
    _put(ws, 4, 1, "财政供养人员情况（人）", (5, 1))
    _row(ws, 4, 2, ["编制数", "2024年实际在职人数", "控制率"])
    _row(ws, 5, 2, ["18", "17 名", "94.44%"])
    _put(ws, 6, 1, "经费控制情况（万元）", (27, 1))
    _row(ws, 6, 3, ["2023年决算数", "2024年预算数", "2024年决算数"])
    rows = [
        ("一、部门基本支出", 210.5, "179.07", 221.65),
        ("其中：公用经费", 12.3, 11.6, 11.6),
        ("其中：办公经费", 3, 2.5, 2.4),
        ("水费、电费、差旅费", 2.1, 1.9, 1.85),
        ("会议费、培训费", 1.2, 1, 0.96),
        ("“三公”经费", 0.62, 0.5, 0.28),
        ("1、公务用车购置和维护经费", "—", "—", "—"),
        ("其中：公务用车购置", "—", "—", "—"),
        ("公务用车运行维护", "—", "—", "—"),
        ("2、出国经费", 0, 0, 0),
        ("3、公务接待", 0.62, 0.5, "0.28万元"),
        ("二、部门项目支出", 25, 1, 31),
        ("1、业务经费（一个项目一行）", None, None, None),
        ("驻村帮扶第一书记专项工作经费", 5, 1, 1),
        ("2、运行维护经费（一个专项一行）", None, None, None),
        ("", None, None, None),
        ("3、专项资金（一个项目一行）", None, None, None),
        ("春节送温暖资金", 20, 0, 30),
        ("职工服务阵地建设补助", None, 0, 0),
        ("政府采购金额", 5, 6, 5.8),
        ("部门基本支出预算调整", 0, 0, 0),
    ]
    for i, (label, *vals) in enumerate(rows):
        r = 7 + i
        if label:
            _put(ws, r, 2, label)
        _row(ws, r, 3, vals)
    r = 28
    _put(ws, r, 1, "楼堂馆所控制情况（2024年完工项目）", (r + 1, 1))
    _row(ws, r, 2, ["批复规模（㎡）", "实际规模（㎡）", "规模控制率", "预算投资（万元）", "实际投资（万元）", "投资概算控制率"])
    _row(ws, r + 1, 2, ["—", "—", "—", "—", "—", "—"])
    _put(ws, r + 2, 1, "厉行节约保障措施")
    _put(ws, r + 2, 2, "严格执行公务接待标准，办公用品集中采购，会议培训从简。", (r + 2, 7))
    _put(ws, r + 3, 1, "填表人：周晓  填报日期：2025-03-12  联系电话：0737-5201234  单位负责人签字：")


def annex3(ws):
    """Starts in column B (an extra blank column A); title spread over rows 2–3."""
    ws.title = "整体自评"
    _put(ws, 2, 2, "2024年度部门（单位）", (2, 10))
    _put(ws, 3, 2, "整体支出绩效自评表", (3, 10))
    _put(ws, 4, 2, "预算单位名称")
    _put(ws, 4, 3, UNIT, (4, 10))
    _put(ws, 5, 2, "年度预算申请（万元）", (12, 2))
    _row(ws, 5, 4, ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    _put(ws, 6, 3, "年度资金总额")
    _row(ws, 6, 4, ["180.07", "253.79", 252.65, 10])
    _put(ws, 6, 8, 0.9955, fmt="0.00%")
    _put(ws, 6, 9, 9.96)
    _row(ws, 7, 3, ["其中：一般公共预算", 180.07, 253.79, 252.65])
    _row(ws, 8, 3, ["政府性基金拨款", "—", "—", "—"])
    _row(ws, 9, 3, ["纳入专户管理的非税收入拨款", 0, 0, 0])
    _row(ws, 10, 3, ["其他", None, None, None])
    _row(ws, 11, 3, ["按支出性质分：基本支出", 179.07, "222.79", "221.65"])
    _row(ws, 12, 3, ["项目支出", 1, 31, 31])
    _put(ws, 13, 2, "年度总体目标", (14, 2))
    _put(ws, 13, 3, "预期目标", (13, 6))
    _put(ws, 13, 7, "实际完成情况", (13, 10))
    _put(ws, 14, 3, "保障机关正常运转，做好困难职工帮扶和职工服务工作。", (14, 6))
    _put(ws, 14, 7, "机关运转正常，春节慰问困难职工757人，举办技能竞赛5场。", (14, 10))
    # row 15 left blank on purpose
    _put(ws, 16, 2, "绩效指标", (31, 2))
    _row(ws, 16, 3, ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"])
    _put(ws, 17, 3, "成本指标（20分）", (18, 3))
    _put(ws, 17, 4, "经济成本指标", (18, 4))
    _row(ws, 17, 5, ["公用经费支出", "≤11.6万元", "11.6万元", 10, 10])
    _row(ws, 18, 5, ["“三公”经费支出", "≤0.5 万元", "0.28", 10, 9, "接待次数较上年减少，按从严原则扣1分"])
    # 产出 block: weight after a space, 一级/二级 blank below instead of merged
    _row(ws, 19, 3, ["产出指标 40", "数量指标", "慰问困难职工人数", "≥700人", "757人", 15, 15])
    _row(ws, 20, 5, ["开展职工技能竞赛场次", "≥6场", "5 场", "10", "8.33", "受场地改造影响少办一场，下年提前安排"])
    # row 21: a blank row in the middle of the grid
    _row(ws, 22, 4, ["质量指标", "慰问资金发放准确率", "=100%", "100%", 5, 5])
    _row(ws, 23, 4, ["时效指标", "送温暖资金发放完成时间"])
    _put(ws, 23, 6, datetime.datetime(2024, 2, 8), fmt="yyyy-mm-dd")
    _row(ws, 23, 7, ["2024年2月5日", 10, 10])
    _put(ws, 24, 3, "效益指标（20分）", (25, 3))
    _row(ws, 24, 4, ["社会效益指标", "职工合法权益保障", "有效提升", "有效提升", 10, 10])
    _row(ws, 25, 4, ["可持续影响指标", "工会服务阵地作用", "长期发挥", "基本发挥", 10, 8, "部分阵地开放时间不足"])
    _put(ws, 26, 3, "满意度指标（10分）")
    _row(ws, 26, 4, ["服务对象满意度指标", "职工满意度", "≥96%"])
    _put(ws, 26, 7, 0.95, fmt="0%")
    _row(ws, 26, 8, [10, 9.9, "个别基层工会反映活动通知较晚"])
    _put(ws, 32, 2, "总分", (32, 8))
    _put(ws, 32, 9, 95.19)
    _put(ws, 33, 2, "填表人：周晓      填报日期：2025-03-12      联系电话：0737-5201234      单位负责人签字：",
         (33, 10))
    ws.column_dimensions[get_column_letter(1)].width = 3


def annex4(ws, name: str, budget, executed, indicators, total_score, goal, achievement, extra_title=None):
    ws.cell(row=1, column=1, value="附件4")
    _put(ws, 2, 1, extra_title or "2024年度项目支出绩效自评表", (2, 9))
    _put(ws, 3, 1, "项目支出名称")
    _put(ws, 3, 2, name, (3, 9))
    _row(ws, 4, 1, ["主管部门", UNIT, None, None, None, "实施单位", UNIT])
    ws.merge_cells("B4:E4")
    ws.merge_cells("G4:I4")
    _put(ws, 5, 1, "项目资金（万元）", (9, 1))
    _row(ws, 5, 3, ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    _row(ws, 6, 2, ["年度资金总额", 0, budget, executed, 10, "—" if not budget else "100%",
                    0 if not budget else 10])
    _row(ws, 7, 2, ["其中：当年财政拨款", 0, budget, executed])
    _row(ws, 8, 2, ["上年结转资金", "—", "—", "—"])
    _row(ws, 9, 2, ["其他资金", None, None, None])
    _put(ws, 10, 1, "年度总体目标", (11, 1))
    _put(ws, 10, 2, "预期目标", (10, 5))
    _put(ws, 10, 6, "实际完成情况", (10, 9))
    _put(ws, 11, 2, goal, (11, 5))
    _put(ws, 11, 6, achievement, (11, 9))
    _put(ws, 12, 1, "绩效指标", (12 + len(indicators), 1))
    _row(ws, 12, 2, ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                     "偏差原因分析及改进措施"])
    for i, row in enumerate(indicators):
        _row(ws, 13 + i, 2, row)
    r = 13 + len(indicators)
    _put(ws, r, 1, "总分", (r, 7))
    _put(ws, r, 8, total_score)
    _put(ws, r + 1, 1, "填表人：周晓  填报日期：2025-03-12  联系电话：0737-5201234  单位负责人签字：")


PROJECT1_ROWS = [
    ["成本指标（20分）", "经济成本指标", "人均慰问标准", "≤1500元", "1500元", 20, 20],
    ["产出指标（40分）", "数量指标", "慰问困难职工人数", "≥700人", "757人", 20, 20],
    [None, "时效指标", "慰问完成时间", "2024年2月9日之前完成", "2024年2月5日", 20, 20],
    ["效益指标（20分）", "社会效益指标", "困难职工生活改善", "效果明显", "效果明显", 20, 20],
    ["满意度指标（10分）", "服务对象满意度指标", "受助职工满意度", "≥95%", "98%", 10, 10],
]
PROJECT2_ROWS = [
    ["成本指标（20分）", "经济成本指标", "阵地建设补助标准", "≤2万元/个", "0", 20, 20],
    ["产出指标（40分）", "数量指标", "新建职工服务阵地", "≥2个", "0个", 40, 0, "省级补助资金未下达，项目顺延"],
    ["效益指标（20分）", "社会效益指标", "职工服务覆盖面", "逐步扩大", "未实施", 20, 5, "项目未实施"],
    ["满意度指标（10分）", "服务对象满意度指标", "职工满意度", "≥90%", "—", 10, 0, "项目未实施，未开展调查"],
]


def build_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    annex2(wb.active)
    annex3(wb.create_sheet())
    annex4(wb.create_sheet("附件4-1"), "春节送温暖资金", 30, 30, PROJECT1_ROWS, 100,
           "春节前慰问困难职工不少于700人。", "慰问困难职工757人，资金全部发放到位。")
    annex4(wb.create_sheet("附件4-2"), "职工服务阵地建设补助", 0, 0, PROJECT2_ROWS, 25,
           "新建职工服务阵地2个。", "补助资金未下达，项目未实施。")
    notes = wb.create_sheet("填表说明")
    notes["A1"] = "本表由单位财务人员填写，金额单位为万元。"
    wb.save(path)
    return path


# --------------------------------------------------------------------------- Word reports

def _p(doc, text, style=None, bold=False):
    p = doc.add_paragraph(style=style)
    run = p.add_run(text)
    if bold:
        run.bold = True
    return p


def build_report_numbered(path: Path, with_annex_table: bool = False) -> Path:
    """一、 numbering, “部门概况”, problems split over two headings, “下步努力方向和改进措施”."""
    import docx
    doc = docx.Document()
    _p(doc, f"{UNIT}2024年度部门整体支出绩效自评报告", bold=True)
    _p(doc, "按照县财政局关于开展部门整体支出绩效自评的通知要求，我会对本年度整体支出开展了自评，现将有关情况报告如下：")
    _p(doc, "一、部门概况")
    _p(doc, "（一）职能职责。")
    _p(doc, "县总工会负责指导全县各级工会开展工作，维护职工合法权益，组织职工参与经济社会建设。")
    _p(doc, "（二）机构设置")
    _p(doc, "机关内设办公室、财务资产股和综合业务股，行政编制7个，事业编制11个。")
    _p(doc, "二、部门整体支出管理及使用情况分析")
    _p(doc, "（一）基本支出")
    _p(doc, "全年基本支出221.65万元，其中人员经费210.05万元，公用经费11.6万元。")
    _p(doc, "（二）项目支出")
    _p(doc, "全年项目支出31万元，用于春节送温暖和驻村帮扶工作。")
    _p(doc, "三、部门整体支出绩效情况分析")
    _p(doc, "（一）运行成本方面。")
    _p(doc, "1．预算执行率99.55%。")
    _p(doc, "全年预算253.79万元，实际支出252.65万元。")
    _p(doc, "2．公用经费控制率100%。")
    _p(doc, "（二）履职效能方面。")
    _p(doc, "全年走访慰问困难职工757人，组织技能竞赛5场。")
    _p(doc, "四、存在的主要问题与不足")
    _p(doc, "服务职工的方式还不够多样，新就业形态劳动者入会覆盖面不够广。")
    _p(doc, "五、产生问题的主要原因")
    _p(doc, "（一）基层工会力量较弱。")
    _p(doc, "（二）经费保障渠道单一。")
    _p(doc, "六、下步努力方向和改进措施")
    _p(doc, "（一）拓宽服务渠道，推进线上服务平台建设。")
    _p(doc, "（二）加强基层工会规范化建设，扩大入会覆盖面。")
    _p(doc, "七、工会经费收缴情况")
    _p(doc, "全年收缴工会经费按时足额上解。")
    if with_annex_table:
        _p(doc, "附件3")
        _p(doc, "2024年度部门（单位）整体支出绩效自评表")
        t = doc.add_table(rows=5, cols=6)
        t.cell(0, 0).text = "预算单位名称"
        t.cell(0, 1).merge(t.cell(0, 5)).text = UNIT
        for c, h in enumerate(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值"]):
            t.cell(1, c).text = h
        a = t.cell(2, 0).merge(t.cell(3, 0))
        a.text = "产出指标（40分）"
        for r, vals in ((2, ["数量指标", "慰问困难职工人数", "≥700人", "757人", "20"]),
                        (3, ["质量指标", "资金发放准确率", "100%", "100%", "20"])):
            for c, v in enumerate(vals, start=1):
                t.cell(r, c).text = v
        t.cell(4, 0).text = "总分"
        _p(doc, "填表人：周晓  联系电话：0737-5201234")
    _p(doc, UNIT)
    _p(doc, "2025年3月15日")
    doc.save(path)
    return path


def build_report_mixed(path: Path) -> Path:
    """Headings unnumbered or 1、/Heading styles, “部门（单位）基本情况”, one merged problem section."""
    import docx
    doc = docx.Document()
    _p(doc, "附件4")
    _p(doc, "部门整体支出绩效自评报告", style="Title")
    _p(doc, "部门（单位）基本情况", style="Heading 1")
    _p(doc, "本会是全县工会组织的领导机关，内设办公室一个。")
    _p(doc, "2、一般公共预算支出情况")
    _p(doc, "（一）基本支出情况")
    _p(doc, "基本支出用于人员工资和日常办公。")
    _p(doc, "项目支出情况")
    _p(doc, "项目支出用于职工文体活动。")
    _p(doc, "政府性基金预算支出情况。")
    _p(doc, "本会无此项支出。")
    _p(doc, "国有资本经营预算支出情况")
    _p(doc, "本会无此项支出。")
    _p(doc, "社会保险基金预算支出情况")
    _p(doc, "本会无此项支出。")
    _p(doc, "部门整体支出绩效情况", bold=True)
    _p(doc, "一是职工文体活动参与人数达3000人次。")
    _p(doc, "二是开展普法宣传12场次。")
    _p(doc, "存在的问题及原因分析", style="Heading 1")
    _p(doc, "活动经费依赖财政拨款，自筹能力不足。")
    _p(doc, "下一步改进措施", style="Heading 1")
    _p(doc, "（一）加强预算绩效目标管理。")
    _p(doc, "绩效自评结果拟应用和公开情况", style="Heading 1")
    _p(doc, "自评得分95.19分，等级为优，结果将在门户网站公开。")
    _p(doc, "其他需要说明的情况", style="Heading 1")
    _p(doc, "无。")
    doc.save(path)
    return path
