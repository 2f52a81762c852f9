"""Report bodies built in code, with the expected section of every paragraph known by construction.

A body is drawn by the hypothesis strategy ``bodies()`` over the choices real county
reports make: how headings are numbered (一、 / 1、 / 1. / （一） / 第一部分 / none /
Heading-1 style / bold only; numbered consecutively or with the standard numbers and
gaps), how they are worded, which sections are missing, merged (a second heading
feeding the same section) or added (a heading that fits none of the ten), numbered
list items in any style (also the headings' own style, and short sub-headings numbered
like the headings: “一、部门概况” / “一、职能职责” / “二、机构设置情况” / “二、一般公共预算支出情况”), run-in “无”, a paragraph
ending in “表” with or without a table after it, a title or none, a preamble, a
sign-off. Units, names, numbers and sentences are invented.

``Body.blocks()`` gives the ``Block`` list ``split_sections`` reads; ``Body.save(path)``
writes the same body as a real .docx; ``Body.expected`` is, per section, the lines the
section must hold in order.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from hypothesis import strategies as st

from importers.docx import Block
from importers.grid import SourceGrid

#: "mixed": standard 一、二、… numbers with some headings left unnumbered (as some counties do)
HEADING_STYLES = ("cn", "cn_dot", "arabic", "arabic_dot", "paren", "paren_ascii", "part", "none", "heading1", "bold",
                  "mixed")
SAME_LEVEL = {"paren_ascii": "paren"}
ITEM_STYLES = ("paren", "arabic", "arabic_dot", "cn_is", "paren_arabic")

WORDINGS: dict[int, tuple[str, ...]] = {
    0: ("部门（单位）基本情况", "部门概况", "部门基本情况", "单位基本情况", "部门、单位基本情况", "基本概况"),
    1: ("一般公共预算支出情况", "部门整体支出管理及使用情况分析", "部门整体支出管理及使用情况", "预算执行情况"),
    2: ("政府性基金预算支出情况",),
    3: ("国有资本经营预算支出情况",),
    4: ("社会保险基金预算支出情况",),
    5: ("部门整体支出绩效情况", "部门整体支出绩效情况分析", "绩效目标完成情况", "整体支出绩效分析"),
    6: ("存在的问题及原因分析", "存在的主要问题", "存在的主要问题与不足", "存在问题"),
    7: ("下一步改进措施", "下步努力方向和改进措施", "改进措施及建议", "下一步工作打算"),
    8: ("部门整体支出绩效自评结果拟应用和公开情况", "绩效自评结果拟应用和公开情况", "评价结果应用及公开情况"),
    9: ("其他需要说明的情况", "其他需要说明的事项"),
}
#: a second heading that feeds the same section (kept as a line)
SECOND_HEADINGS = {6: ("产生问题的主要原因", "问题产生的原因"), 5: ("履职效能情况",)}
#: headings that fit none of the ten sections (they and their text go to 十)
EXTRA_HEADINGS = ("水库移民后期扶持情况", "文物安全巡查工作", "信息化建设推进情况", "档案整理归集工作")

UNITS = ("云溪县农业农村局", "石门镇人民政府", "青岚县档案馆", "白鹭湖区总工会", "松涧县水利局", "枫桥县文化馆")
VERBS = ("大力推进", "持续加强", "认真落实", "扎实开展", "进一步规范", "稳步推进", "着力完善")
OBJECTS = ("职工文化建设", "预算绩效管理", "资产管理制度", "档案信息化建设", "基层服务阵地建设", "农田水利设施管护",
           "公共文化服务", "财务内控制度")
#: item objects that contain section words (a list item must still not become a heading)
TRAP_OBJECTS = ("绩效自评结果应用", "存在问题整改", "社会保险基金缴纳", "下一步工作计划", "项目支出情况通报",
                "政府性基金项目管理")
SUBHEADINGS: dict[int, tuple[str, ...]] = {
    0: ("职能职责", "机构设置情况", "人员编制情况"),
    1: ("基本支出情况", "项目支出情况"),
    5: ("运行成本方面", "管理效率方面", "履职效能方面", "预算执行情况"),
    6: ("绩效目标设置不够细化",),
    7: ("强化绩效结果应用", "加强预算执行管理"),
}
#: sub-headings whose words name another section: always numbered (unnumbered they could be either)
CROSS_SUBHEADINGS = {"预算执行情况": 1, "强化绩效结果应用": 8, "加强预算执行管理": None}
NONE_TEXTS = ("无。", "无", "本单位无此项支出。", "我局无此项预算支出。")
CN = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    if n <= 10:
        return CN[n - 1]
    if n < 20:
        return "十" + CN[n - 11]
    return CN[n // 10 - 1] + "十" + (CN[n % 10 - 1] if n % 10 else "")


def number_prefix(style: str, n: int) -> str:
    return {
        "cn": f"{cn_number(n)}、", "arabic": f"{n}、", "arabic_dot": f"{n}.", "paren": f"（{cn_number(n)}）",
        "cn_dot": f"{cn_number(n)}．", "paren_ascii": f"({cn_number(n)})",
        "part": f"第{cn_number(n)}部分 ", "paren_arabic": f"({n})", "cn_is": f"{cn_number(n)}是",
    }.get(style, "")


@dataclass
class Para:
    text: str = ""
    style: str = ""
    bold: bool = False
    grid: Optional[SourceGrid] = None
    role: str = "content"      # content, heading, title, signoff, label, runin, table


@dataclass
class Body:
    variant: str
    paras: list[Para] = field(default_factory=list)
    expected: list[list[str]] = field(default_factory=lambda: [[] for _ in range(10)])
    #: for each section, the opening source heading (the part before a run-in text)
    headings: list[list[str]] = field(default_factory=lambda: [[] for _ in range(10)])
    year: Optional[int] = None
    unit: str = ""
    body_year: int = 0

    def blocks(self) -> list[Block]:
        return [Block(text=p.text, style=p.style, bold=p.bold, grid=p.grid) for p in self.paras]

    def save(self, path: Path) -> Path:
        import docx
        doc = docx.Document()
        for p in self.paras:
            if p.grid is not None:
                t = doc.add_table(rows=len(p.grid.cells), cols=len(p.grid.cells[0]))
                for r, row in enumerate(p.grid.cells):
                    for c, v in enumerate(row):
                        t.cell(r, c).text = v
                continue
            para = doc.add_paragraph(style=p.style or None)
            run = para.add_run(p.text)
            if p.bold:
                run.bold = True
        doc.save(path)
        return path


def _sentence(rng: random.Random, year: int) -> str:
    n = rng.randint(2, 98)
    return rng.choice(((
        f"{year}年全年完成{rng.choice(OBJECTS)}任务{n}项，各项工作按计划推进。",
        f"全年共支出{n}.{rng.randint(10, 99)}万元，主要用于{rng.choice(OBJECTS)}。",
        f"截至{year}年底，累计服务群众{n * 37}人次，群众满意度达{90 + n % 10}%。",
        f"一是{rng.choice(VERBS)}{rng.choice(OBJECTS)}，全年开展专题活动{n}场。",
        f"本单位内设股室{n % 7 + 2}个，在职人员{n}人，其中行政编制{n % 9}名。",
        f"资金使用符合规定，未发现挤占挪用情况，预算执行率为9{n % 10}.{n}%。",
    )))


def _item(rng: random.Random, style: str, n: int) -> str:
    obj = rng.choice((TRAP_OBJECTS if rng.randint(0, 3) == 0 else OBJECTS))
    return f"{number_prefix(style, n)}{rng.choice(VERBS)}{obj}。"


def _table(rng: random.Random, number: int) -> SourceGrid:
    rows = [["科目", "金额（万元）"]] + [[rng.choice(OBJECTS) + f"{i}", f"{rng.randint(1, 90)}.5"]
                                      for i in range(rng.randint(1, 3))]
    return SourceGrid(f"Word 第 {number} 个表格", rows, [[(r, c) for c in range(2)] for r in range(len(rows))])


def table_lines(grid: SourceGrid) -> list[str]:
    return [" | ".join(dict.fromkeys(t for t in row if t)) for row in grid.cells]


@st.composite
def bodies(draw, heading_style: Optional[str] = None, with_title: Optional[bool] = None,
           same_style_subheadings: Optional[bool] = None) -> Body:
    hs = heading_style or draw(st.sampled_from(HEADING_STYLES))
    # the text-level choices come from one drawn seed (fast); the structure from draws above
    rng = random.Random(draw(st.integers(0, 2 ** 32 - 1)))
    year = rng.randint(2019, 2026)
    unit = rng.choice(UNITS)
    body = Body(variant=hs, unit=unit, body_year=year)
    add = body.paras.append
    # title
    title = draw(st.sampled_from(("none", "one", "two", "no_year"))) if with_title is None else \
        ("one" if with_title else "none")
    if (rng.random() < 0.5):
        add(Para("附件4", role="label"))
    if title == "one":
        add(Para(f"{year}年度{unit}部门整体支出绩效自评报告", role="title",
                 style=rng.choice(("", "Title"))))
        body.year = year
    elif title == "two":
        add(Para(unit, role="title"))
        add(Para(f"{year}年度部门整体支出绩效自评报告", role="title"))
        body.year = year
    elif title == "no_year":
        add(Para("部门整体支出绩效自评报告", role="title"))
    if (rng.random() < 0.5):
        pre = f"根据县财政局关于开展{year}年度绩效自评工作的通知要求，我单位对整体支出进行了自评，现报告如下："
        add(Para(pre))
        body.expected[0].append(pre)
    # which sections, in which order
    present = [i for i in range(10) if i == 0 or rng.randint(0, 5) > 0]
    extra_at = rng.choice(([None] + list(range(1, len(present) + 1)))) \
        if hs not in ("none", "bold", "mixed") else None
    outline: list[tuple[str, int]] = [("sec", i) for i in present]
    if extra_at is not None:
        outline.insert(extra_at, ("extra", 9))
    seconds = {i for i in present if i in SECOND_HEADINGS and hs != "mixed" and rng.randint(0, 2) == 0}
    # numbered 1, 2, 3 … over the headings present, or with the standard numbers (gaps where a
    # section is missing); a report that adds or doubles sections numbers them consecutively
    consecutive = hs != "mixed" and ((rng.random() < 0.5) or extra_at is not None or bool(seconds))
    counter = 0
    # Heading-1 or bold headings may also carry numbers
    styled_numbers = rng.choice(("", "", "cn", "arabic")) if hs in ("heading1", "bold") else ""
    # items: short sub-headings never use the headings' own style; sentence items may
    base = SAME_LEVEL.get(hs, hs)     # “(一)” is read like “（一）”
    head_numbers = (base, styled_numbers)
    sub_style = rng.choice(([s for s in ITEM_STYLES if s not in head_numbers + ("cn_is",)
                                      and not ("arabic_dot" in head_numbers and s == "arabic")
                                      and not ("arabic" in head_numbers and s == "arabic_dot")]))
    if same_style_subheadings is None:
        same_style_subheadings = rng.randint(0, 3) == 0
    # (with gaps in the heading numbers, or with second or added headings, “二、机构设置情况” under
    # “一、部门概况” could be a sub-heading or a heading by numbers alone: not promised)
    plain = consecutive and extra_at is None and not seconds
    if same_style_subheadings and base in ("cn", "arabic", "arabic_dot", "paren") and plain:
        sub_style = base    # “一、职能职责” under “一、部门概况”: only the run of numbers tells them apart
    own = (base,) if base in ("cn", "arabic", "arabic_dot", "paren") else ("cn",) if hs == "mixed" else ()
    item_style = rng.choice((ITEM_STYLES + own))
    tables = 0
    # all numbered headings end in “。” (“一、部门概况。”)
    full_stop = base in ("cn", "arabic", "paren", "part") and rng.randint(0, 5) == 0

    def heading(n: int, words: str) -> Para:
        if hs == "heading1":
            return Para(number_prefix(styled_numbers, n) + words, style="Heading 1", role="heading")
        if hs == "bold":
            return Para(number_prefix(styled_numbers, n) + words, bold=True, role="heading")
        if hs == "none" or (hs == "mixed" and rng.randint(0, 2) == 0):
            return Para(words + rng.choice(("", "", "。")), role="heading")
        end = "。" if full_stop else rng.choice(("", "", "", "："))
        return Para(number_prefix("cn" if hs == "mixed" else hs, n) + words + end, role="heading")

    for kind, sec in outline:
        counter += 1
        n = counter if consecutive else sec + 1
        if kind == "extra":
            # (with a full stop, “……工作。” reads like a list item: only “……情况。” is promised)
            h = heading(n, rng.choice([e for e in EXTRA_HEADINGS if e.endswith("情况") or not full_stop]))
            h.role = "kept"
            add(h)
            body.expected[9].append(h.text)
            for _ in range(rng.randint(1, 2)):
                t = _sentence(rng, year)
                add(Para(t))
                body.expected[9].append(t)
            continue
        words = rng.choice(WORDINGS[sec])
        h = heading(n, words)
        if sec in (2, 3, 4, 9) and (rng.random() < 0.5):
            # often “无”: as its own paragraph or run in after the heading
            none = rng.choice(NONE_TEXTS)
            how = rng.choice(("own", "colon", "spaces"))
            if how == "own" or hs in ("heading1",):
                add(h)
                body.headings[sec].append(h.text)
                add(Para(none))
            else:
                sep = "：" if how == "colon" else rng.choice(("   ", " "))
                head = h.text.rstrip("。：")
                if full_stop:
                    head = h.text[:-1]
                add(Para(head + sep + none, style=h.style, bold=h.bold, role="runin"))
                body.headings[sec].append(head)
            body.expected[sec].append(none)
            continue
        add(h)
        body.headings[sec].append(h.text)
        lines = body.expected[sec]
        for k, sub in enumerate(rng.sample(SUBHEADINGS.get(sec, ("",)), rng.randint(0, min(2, len(SUBHEADINGS.get(sec, ("",))))))):
            if not sub:
                continue
            # a sub-heading naming an earlier section (“预算执行情况” in 六) may go unnumbered once
            # that section has been opened; one naming a later section is numbered
            target = CROSS_SUBHEADINGS.get(sub, sec)
            opened = target is None or target == sec or (target < sec and target in present)
            # under Heading-1 headings a sub-heading may be styled Heading 2 (then it may name any section)
            styled_sub = hs == "heading1" and rng.random() < 0.5
            numbered = (not opened and not styled_sub) or rng.randint(0, 3) > 0
            t = (number_prefix(sub_style, k + 1) if numbered else "") + sub
            add(Para(t, style="Heading 2" if styled_sub else ""))
            lines.append(t)
            t = _sentence(rng, year)
            add(Para(t))
            lines.append(t)
        if (rng.random() < 0.5):
            for k in range(rng.randint(1, 5)):
                t = _item(rng, item_style, k + 1)
                add(Para(t))
                lines.append(t)
        if sec == 7 and (rng.random() < 0.5):
            # plans name the next year
            t = f"{year + 1}年，我们将{rng.choice(VERBS)}{rng.choice(OBJECTS)}。"
            add(Para(t))
            lines.append(t)
        for _ in range(rng.randint(0 if lines else 1, 2)):
            t = _sentence(rng, year)
            add(Para(t))
            lines.append(t)
        if rng.randint(0, 4) == 0:
            # a paragraph ending in “表”: a table title only when a table follows
            with_table = (rng.random() < 0.5)
            t = rng.choice(("各项支出的构成见下表", "具体指标完成情况详见绩效自评表", "分项数据详见附表"))
            add(Para(t))
            lines.append(t)
            if with_table:
                tables += 1
                g = _table(rng, tables)
                add(Para(grid=g, role="table"))
                lines.extend(table_lines(g))
        if sec in seconds:
            counter += 1
            second = heading(counter, rng.choice(SECOND_HEADINGS[sec]))
            second.role = "kept"
            add(second)
            lines.append(second.text)
            for k in range(rng.randint(1, 2)):
                t = _sentence(rng, year)
                add(Para(t))
                lines.append(t)
    signoff = rng.choice(("none", "unit_date", "date"))
    if signoff == "unit_date":
        add(Para(unit, role="signoff"))
    if signoff != "none":
        add(Para(f"{year + 1}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日", role="signoff"))
    return body
