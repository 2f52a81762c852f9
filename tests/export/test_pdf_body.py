"""The body structure shared by the PDF and Word exports."""
from __future__ import annotations

import datetime as dt

from export.body import (EMPTY_SECTION, HEADING, LEAD_BOLD, LEAD_KAI, classify, section_blocks,
                         sign_date, signature_offsets, title_lines, title_of)
from model.report import SECTION_COUNT, new_report


def test_standard_numbering_whatever_the_user_typed():
    r = new_report(2024, "某单位")
    r.sections[0] = "1、部门（单位）基本情况\n本单位职能……"      # repeated title, other numbering
    r.sections[6] = "存在的问题及原因分析：\n问题一。"             # repeated, no numbering
    r.sections[7] = "　　（一）加强管理。具体措施如下。"          # full-width indent typed
    blocks = section_blocks(r)
    headings = [b.text for b in blocks if b.kind == HEADING]
    assert headings[0] == "一、部门（单位）基本情况" and len(headings) == SECTION_COUNT
    first = blocks[blocks.index(next(b for b in blocks if b.text == headings[0])) + 1]
    assert first.text == "本单位职能……"
    seven = [b.text for b in blocks][[b.text for b in blocks].index("七、存在的问题及原因分析") + 1]
    assert seven == "问题一。"
    eight = next(b for b in blocks if b.text.startswith("（一）加强管理"))
    assert eight.lead == "（一）加强管理。" and eight.lead_style == LEAD_KAI
    assert sum(b.text == EMPTY_SECTION for b in blocks) == SECTION_COUNT - 3


def test_classify_leads():
    b = classify("（二）项目支出情况")
    assert b.lead == b.text and b.lead_style == LEAD_KAI and b.rest == ""
    b = classify("1.困难职工帮扶。全年帮扶326人次。")
    assert b.lead == "1.困难职工帮扶。" and b.lead_style == LEAD_BOLD
    b = classify("2、职工技能竞赛：举办3场")
    assert b.lead == "2、职工技能竞赛：" and b.rest == "举办3场"
    assert classify("1.5万元用于帮扶。").lead == ""                 # a decimal, not a heading
    long = "（三）" + "很长的说明文字" * 10
    assert classify(long).lead == "（三）"                          # no short lead phrase
    assert classify("普通段落。").lead == ""


def test_title_and_title_lines():
    r = new_report(2024, "某某县人力资源和社会保障局")
    title = title_of(r)
    assert title == "2024年度某某县人力资源和社会保障局部门整体支出绩效自评报告"
    lines = title_lines(title, 19, "2024年度某某县人力资源和社会保障局")
    assert lines == ["2024年度某某县人力资源和社会保障局", "部门整体支出绩效自评报告"]
    assert title_lines("2024年度某局部门报告", 19) == ["2024年度某局部门报告"]
    long = "2024年度" + "某" * 40 + "部门整体支出绩效自评报告"
    lines = title_lines(long, 19, "2024年度" + "某" * 40)
    assert "".join(lines) == long and len(lines) >= 3


def test_sign_date_and_offsets():
    r = new_report(2024, "某单位")
    assert sign_date(r, today=dt.date(2025, 3, 20)) == "2025年3月20日"
    r.info.fill_date = "2025-03-08"
    assert sign_date(r) == "2025年3月8日"
    r.info.fill_date = "２０２５年３月８日"
    assert sign_date(r) == "2025年3月8日"
    r.info.fill_date = "2025年3月"
    assert sign_date(r) == "2025年3月"                              # kept as typed
    # unit longer than the date: unit 2 chars from the right, date starts 2 chars further right
    ru, rd = signature_offsets("某某县人力资源和社会保障局", "2025年3月8日")
    assert ru == 2 and rd == ru + 13 - 2 - 6          # digits count half a character
    # date longer than the unit: date 2 chars from the right, unit moves left
    ru, rd = signature_offsets("某局", "2025年12月31日")
    assert rd == 2 and ru == rd + 7 + 2 - 2
