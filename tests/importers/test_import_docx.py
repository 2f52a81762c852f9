"""Word reports in the outline variants real counties use: text lands in the right sections."""
from __future__ import annotations

from decimal import Decimal as D

import docx
import pytest

import importers
from importers.docx import Block, match_section, split_sections
from import_fixtures import UNIT, build_report_mixed, build_report_numbered, build_workbook
from model import summary


def _sections(result):
    return result.report.sections


@pytest.fixture(scope="module")
def numbered(tmp_path_factory):
    path = build_report_numbered(tmp_path_factory.mktemp("docx") / "上年报告.docx")
    return importers.import_paths([str(path)])


def test_title_gives_year_and_unit(numbered):
    assert numbered.report.info.year == 2024
    assert numbered.report.info.unit_name == UNIT


def test_numbered_outline_with_renamed_sections(numbered):
    s = _sections(numbered)
    # 部门概况 → 一; the preamble goes to the top of 一 and to review
    assert s[0].split("\n") == [
        "按照县财政局关于开展部门整体支出绩效自评的通知要求，我会对本年度整体支出开展了自评，现将有关情况报告如下：",
        "（一）职能职责。",
        "县总工会负责指导全县各级工会开展工作，维护职工合法权益，组织职工参与经济社会建设。",
        "（二）机构设置",
        "机关内设办公室、财务资产股和综合业务股，行政编制7个，事业编制11个。",
    ]
    assert any("引言" in line for line in numbered.review)
    # 部门整体支出管理及使用情况分析 → 二, sub-headings kept
    assert s[1].split("\n")[0] == "（一）基本支出"
    assert "全年项目支出31万元，用于春节送温暖和驻村帮扶工作。" in s[1]
    # 绩效情况分析 → 六; “1．预算执行率99.55%。” stays inside 六 (not taken for 二)
    assert s[5].split("\n")[:2] == ["（一）运行成本方面。", "1．预算执行率99.55%。"]
    assert s[5].endswith("全年走访慰问困难职工757人，组织技能竞赛5场。")
    # 存在的主要问题与不足 + 产生问题的主要原因 → 七, the second heading kept verbatim as a line
    assert s[6].split("\n") == [
        "服务职工的方式还不够多样，新就业形态劳动者入会覆盖面不够广。",
        "五、产生问题的主要原因",
        "（一）基层工会力量较弱。",
        "（二）经费保障渠道单一。",
    ]
    assert any("已合并" in line and "五、产生问题的主要原因" in line for line in numbered.review)
    # 下步努力方向和改进措施 → 八
    assert s[7] == "（一）拓宽服务渠道，推进线上服务平台建设。\n（二）加强基层工会规范化建设，扩大入会覆盖面。"
    # an unmatched top-level section → 十 and review; nothing lost
    assert s[9] == "七、工会经费收缴情况\n全年收缴工会经费按时足额上解。"
    assert any("七、工会经费收缴情况" in line and "第十部分" in line for line in numbered.review)
    # sections with no text are reported
    assert any("三、政府性基金预算支出情况" in line for line in numbered.review)
    assert s[2] == s[3] == s[4] == s[8] == ""


def test_signoff_is_listed_not_lost(numbered):
    assert any("落款“2025年3月15日”" in line for line in numbered.skipped)
    assert all("2025年3月15日" not in s for s in numbered.report.sections)


def test_staff_split_from_the_text(tmp_path):
    xlsx = build_workbook(tmp_path / "a.xlsx")
    report_path = build_report_numbered(tmp_path / "r.docx")
    res = importers.import_paths([str(xlsx), str(report_path)])
    assert (res.report.staff.admin_posts, res.report.staff.institution_posts) == (7, 11)
    assert not any("附件2只有编制总数" in line for line in res.review)
    assert res.report.budget.executed == D("252.65")        # from the workbook
    assert res.report.sections[6].startswith("服务职工的方式")  # from the report
    summary.summarize(res.report)


def test_mixed_outline_needs_a_year(tmp_path):
    path = build_report_mixed(tmp_path / "r.docx")
    with pytest.raises(importers.YearNotFound) as e:
        importers.import_paths([str(path)])
    assert "--year" in str(e.value)
    res = importers.import_paths([str(path)], year=2024)
    s = res.report.sections
    assert s[0] == "本会是全县工会组织的领导机关，内设办公室一个。"
    # “2、” after a Heading-style first heading; “项目支出情况” is a sub-heading of 二
    assert s[1] == "（一）基本支出情况\n基本支出用于人员工资和日常办公。\n项目支出情况\n项目支出用于职工文体活动。"
    assert s[2] == s[3] == s[4] == "本会无此项支出。"     # “政府性基金预算支出情况。” with a full stop
    assert s[5] == "一是职工文体活动参与人数达3000人次。\n二是开展普法宣传12场次。"   # bold heading
    assert s[6] == "活动经费依赖财政拨款，自筹能力不足。"
    assert s[7] == "（一）加强预算绩效目标管理。"
    assert s[8] == "自评得分95.19分，等级为优，结果将在门户网站公开。"
    assert s[9] == "无。"
    assert any("附件4" in line for line in res.skipped)


def _blocks(lines):
    return [Block(text=t) for t in lines]


def test_unnumbered_headings_and_missing_sections():
    """An outline like the reports that skip numbers and leave out 七 entirely."""
    out = split_sections(_blocks([
        "部门整体支出绩效自评报告",
        "部门、单位基本情况",
        "（一）部门职能职责",
        "负责全区工会工作的组织和指导。",
        "二、一般公共预算支出情况",
        "基本支出主要用于人员和运转。",
        "项目支出情况",
        "项目支出主要用于职工活动。",
        "政府性基金预算支出情况。",
        "我会无政府性基金预算支出",
        "国有资本经营预算支出情况",
        "我会无国有资本经营预算支出",
        "六、部门整体支出绩效情况",
        "1．预算执行率100%",
        "全年各项工作按计划完成。",
        "八、下一步改进措施",
        "（一）深化职工服务",
        "继续做好困难职工帮扶。",
        "某区总工会",
    ]))
    s = out.sections
    assert s[0] == "（一）部门职能职责\n负责全区工会工作的组织和指导。"
    assert s[1] == "基本支出主要用于人员和运转。\n项目支出情况\n项目支出主要用于职工活动。"
    assert s[2] == "我会无政府性基金预算支出"
    assert s[3] == "我会无国有资本经营预算支出"
    assert s[5] == "1．预算执行率100%\n全年各项工作按计划完成。"
    assert s[6] == ""
    assert s[7] == "（一）深化职工服务\n继续做好困难职工帮扶。"
    assert out.unit_name == "某区总工会"
    assert any("七、存在的问题及原因分析" in line for line in out.review)
    assert not any("已合并" in line for line in out.review)   # an unnumbered sub-heading is no merge


def test_no_heading_at_all_goes_to_ten_and_review():
    out = split_sections(_blocks(["今年我们做了很多工作，成效明显。", "明年继续努力。"]))
    assert out.sections[9] == "今年我们做了很多工作，成效明显。\n明年继续努力。"
    assert any("第十部分" in line for line in out.review)


@pytest.mark.parametrize("heading, index", [
    ("一、部门概况", 0), ("部门（单位）基本情况", 0), ("部门、单位基本情况", 0), ("1、部门基本情况", 0),
    ("二、一般公共预算支出情况", 1), ("部门整体支出管理及使用情况分析", 1),
    ("三、政府性基金预算支出情况", 2), ("四、国有资本经营预算支出情况", 3), ("五、社会保险基金预算支出情况", 4),
    ("六、部门整体支出绩效情况", 5), ("三、部门整体支出绩效情况分析", 5),
    ("存在的主要问题与不足", 6), ("七、存在的问题及原因分析", 6), ("五、产生问题的主要原因", 6),
    ("六、下步努力方向和改进措施", 7), ("八、下一步改进措施", 7),
    ("九、部门整体支出绩效自评结果拟应用和公开情况", 8), ("绩效自评结果拟应用和公开情况", 8),
    ("十、其他需要说明的情况", 9), ("（十）其他需要说明的情况", 9),
    ("工会经费收缴情况说明书附录", None),
])
def test_heading_meanings(heading, index):
    assert match_section(heading) == index


def test_annex_table_inside_the_report(tmp_path):
    path = build_report_numbered(tmp_path / "r.docx", with_annex_table=True)
    res = importers.import_paths([str(path)])
    inds = res.report.dept.indicators
    assert [(i.level1, i.level2, i.name, i.target, i.actual, i.weight) for i in inds] == [
        ("产出指标", "数量指标", "慰问困难职工人数", "≥700人", "757人", D("20")),
        ("产出指标", "质量指标", "资金发放准确率", "100%", "100%", D("20")),
    ]
    # the table's title, label and footer are not body text
    assert all("整体支出绩效自评表" not in s and "填表人" not in s for s in res.report.sections)
    assert res.report.info.phone == "0737-5201234"


def test_ordinary_table_becomes_text(tmp_path):
    d = docx.Document()
    d.add_paragraph("2024年度白沙县文化馆部门整体支出绩效自评报告")
    d.add_paragraph("一、部门基本情况")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "科室", "人数"
    t.cell(1, 0).text, t.cell(1, 1).text = "办公室", "3"
    d.add_paragraph("以上为人员分布。")
    path = tmp_path / "t.docx"
    d.save(path)
    res = importers.import_paths([str(path)])
    assert res.report.info.unit_name == "白沙县文化馆"
    assert res.report.sections[0] == "科室 | 人数\n办公室 | 3\n以上为人员分布。"
    assert any("不是附件表" in line for line in res.review)


def test_title_over_two_paragraphs_and_a_table_of_contents():
    out = split_sections(_blocks([
        "青石县总工会", "2024年度部门整体支出绩效自评报告", "目  录",
        "一、部门概况……………………1", "二、一般公共预算支出情况……2",
        "一、部门概况", "本会负责全县工会工作。", "二、一般公共预算支出情况", "全年支出252.65万元。",
    ]))
    assert (out.year, out.unit_name) == (2024, "青石县总工会")
    assert out.sections[0] == "本会负责全县工会工作。"
    assert out.sections[1] == "全年支出252.65万元。"
    assert sum("目录" in line for line in out.skipped) == 3
    assert not any("引言" in line for line in out.review)


def test_a_long_report_reads_in_linear_time(tmp_path):
    d = docx.Document()
    d.add_paragraph("2024年度白沙县文化馆部门整体支出绩效自评报告", style="Title")
    for i in range(4000):
        if i % 400 == 0:
            d.add_paragraph(["一、部门概况", "二、一般公共预算支出情况", "六、部门整体支出绩效情况"][i // 400 % 3],
                            style="Heading 1")
        else:
            d.add_paragraph(f"第{i}段：全年开展免费开放服务，接待群众若干人次。")
    path = tmp_path / "长.docx"
    d.save(path)
    import time
    start = time.process_time()
    res = importers.import_paths([str(path)])
    assert time.process_time() - start < 3.0
    # 3990 paragraphs, plus the wording of the 7 headings that reopen a section
    assert sum(s.count("\n") + 1 for s in res.report.sections if s) == 3990 + 7
    assert sum("已合并" in line for line in res.review) == 7


def test_arabic_numbered_outline():
    """Sections numbered 1、2、…; items “1．…” inside a section never pull text back."""
    out = split_sections(_blocks([
        "2024年度白沙县文化馆部门整体支出绩效自评报告",
        "1、部门基本情况", "本馆为公益一类事业单位。",
        "2、一般公共预算支出情况", "全年支出120万元。",
        "3、部门整体支出绩效情况", "1．项目支出情况", "项目资金全部按计划使用。", "2．履职效能",
        "4、存在的问题", "群众参与度不高。",
        "5、工作打算", "扩大免费开放。",
        "6、馆藏文物保护情况", "完成文物普查。",
        "7、其他需要说明的情况", "无。",
    ]))
    s = out.sections
    assert s[0] == "本馆为公益一类事业单位。"
    assert s[1] == "全年支出120万元。"
    assert s[5] == "1．项目支出情况\n项目资金全部按计划使用。\n2．履职效能"
    assert s[6] == "群众参与度不高。"
    assert s[7] == "扩大免费开放。"
    assert s[9] == "6、馆藏文物保护情况\n完成文物普查。\n无。"
    assert any("6、馆藏文物保护情况" in line for line in out.review)
    assert out.unit_name == "白沙县文化馆"


def test_paragraphs_inside_content_controls(tmp_path):
    """Templates wrap cover pages and parts of the body in content controls (w:sdt)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    d = docx.Document()
    d.add_paragraph("2024年度白沙县文化馆部门整体支出绩效自评报告")
    sdt = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtContent>"
        "<w:p><w:r><w:t>一、部门基本情况</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>本馆承担公共文化服务职能。</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>")
    d.element.body.insert(len(d.element.body) - 1, sdt)
    d.add_paragraph("二、一般公共预算支出情况")
    d.add_paragraph("全年支出120万元。")
    path = tmp_path / "sdt.docx"
    d.save(path)
    res = importers.import_paths([str(path)])
    assert res.report.sections[0] == "本馆承担公共文化服务职能。"
    assert res.report.sections[1] == "全年支出120万元。"


def test_headings_with_run_in_text():
    out = split_sections(_blocks([
        "2024年度白沙县文化馆部门整体支出绩效自评报告",
        "一、部门基本情况：本馆为公益一类事业单位，内设三个部室。",
        "二、一般公共预算支出情况", "全年支出120万元。",
        "三、政府性基金预算支出情况：无。",
        "八、下一步改进措施。加强预算执行监控，提高资金使用效益。",
        "十、其他需要说明的情况：无。",
    ]))
    s = out.sections
    assert s[0] == "本馆为公益一类事业单位，内设三个部室。"
    assert s[2] == "无。"
    assert s[7] == "加强预算执行监控，提高资金使用效益。"
    assert s[9] == "无。"
    assert out.headings[9] == ["十、其他需要说明的情况"]
