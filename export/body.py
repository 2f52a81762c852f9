"""The report body as a sequence of blocks, shared by the PDF and the Word export.

The ten sections always print with the standard numbering (“一、部门（单位）基本情况” …)
whatever the user typed; a first paragraph that merely repeats the section title is dropped.
Inside the user's text, a paragraph starting with “（一）” is a level-2 heading (楷体) and one
starting with “1.”/“1、” a level-3 heading (仿宋 bold): the lead phrase up to the first “。”
or “：” takes the heading style, the rest of the paragraph stays body text.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Optional

from model.dates import format_date, printed_date
from model.report import SECTIONS, Report

HEADING = "heading"      # 一、 section heading (黑体)
PARA = "para"            # body paragraph

LEAD_KAI = "kai"         # （一） lead phrase in 楷体
LEAD_BOLD = "bold"       # 1. lead phrase in 仿宋 bold

EMPTY_SECTION = "无。"
MAX_LEAD = 40            # a lead phrase longer than this is not treated as a heading

_LEVEL2 = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")
_LEVEL3 = re.compile(r"^\d{1,2}\s*[.．、](?!\d)")
_NUMBERING = re.compile(
    r"^(?:第[一二三四五六七八九十]+(?:部分|章|节)|[一二三四五六七八九十]+\s*[、.．]|"
    r"[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}\s*[、.．](?!\d))\s*")
_LEAD_END = re.compile(r"[。：:]")
_INDENT = " \t\u3000\u00a0"


@dataclass
class Block:
    kind: str                # HEADING or PARA
    text: str                # the whole printed text
    lead: str = ""           # for PARA: the heading part at its start ("" = none)
    lead_style: str = ""     # LEAD_KAI / LEAD_BOLD

    @property
    def rest(self) -> str:
        return self.text[len(self.lead):]


def title_of(report: Report) -> str:
    unit = report.info.unit_name.strip()
    return f"{report.year}年度{unit}部门整体支出绩效自评报告"


def heading_text(index: int) -> str:
    number, title, _ = SECTIONS[index]
    return f"{number}、{title}"


def _normalize_heading(text: str) -> str:
    t = text.strip(_INDENT)
    t = _NUMBERING.sub("", t, count=1)
    return re.sub(r"[\s\u3000：:。]+", "", t)


def _repeats_title(paragraph: str, title: str) -> bool:
    t = _normalize_heading(paragraph)
    plain = re.sub(r"（[^）]*）", "", title)
    return t in (title, plain) if t else False


def classify(paragraph: str) -> Block:
    """A body paragraph → a Block with its heading lead (if any)."""
    text = paragraph.strip(_INDENT)
    for rx, style in ((_LEVEL2, LEAD_KAI), (_LEVEL3, LEAD_BOLD)):
        m = rx.match(text)
        if not m:
            continue
        end = _LEAD_END.search(text, m.end())
        if end and end.end() <= MAX_LEAD:
            lead = text[:end.end()]
        elif len(text) <= MAX_LEAD:
            lead = text
        else:
            lead = text[:m.end()]
        return Block(PARA, text, lead, style)
    return Block(PARA, text)


def section_blocks(report: Report) -> list[Block]:
    """Headings and paragraphs of the ten sections, in order."""
    blocks: list[Block] = []
    for i, (_, title, _) in enumerate(SECTIONS):
        blocks.append(Block(HEADING, heading_text(i)))
        body = report.sections[i] if i < len(report.sections) else ""
        paras = [p.strip(_INDENT) for p in body.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        paras = [p for p in paras if p]
        if paras and _repeats_title(paras[0], title):
            paras = paras[1:]
        if not paras:
            blocks.append(Block(PARA, EMPTY_SECTION))
            continue
        blocks.extend(classify(p) for p in paras)
    return blocks


def sign_date(report: Report, today: Optional[_dt.date] = None) -> str:
    """填报日期 as “2025年3月20日” (``model.dates.printed_date``); today when not filled in."""
    typed = report.info.fill_date.strip()
    if typed:
        return printed_date(typed)
    return format_date(today or _dt.date.today())


def char_units(text: str) -> float:
    """Width of a text in character cells: CJK = 1, Latin letters and digits = ½."""
    return sum(0.5 if ord(c) < 0x2000 else 1.0 for c in text)


def signature_offsets(unit: str, date: str, right_space: float = 2.0) -> tuple[float, float]:
    """Right indents (in character cells) of the unit name and the date (GB/T 9704 7.3.5.2).

    The unit name is set 2 characters from the right; the date on the next line starts
    2 characters right of the name's first character. A date longer than that is set
    2 characters from the right and the name moves left.
    """
    wu, wd = char_units(unit), char_units(date)
    if not unit:
        return right_space, right_space
    r_unit = right_space
    r_date = r_unit + wu - 2 - wd
    if r_date < right_space:
        r_date = right_space
        r_unit = r_date + wd + 2 - wu
    return r_unit, r_date


def title_lines(title: str, max_units: float, split_after: str = "") -> list[str]:
    """Break the title into balanced lines of at most ``max_units`` character cells.

    Prefer a break after ``split_after`` (the “{年}年度{单位}” part) when both halves fit;
    otherwise lines of equal length, never starting with a closing mark.
    """
    if char_units(title) <= max_units:
        return [title]
    if split_after and title.startswith(split_after):
        a, b = split_after, title[len(split_after):]
        if a and b and char_units(a) <= max_units and char_units(b) <= max_units:
            return [a, b]
    from export.linebreak import NO_END, NO_START
    n = 2
    while True:
        target = char_units(title) / n
        lines, cur = [], ""
        for c in title:
            if cur and char_units(cur + c) > target + 0.5 and len(lines) < n - 1 \
                    and c not in NO_START and cur[-1] not in NO_END:
                lines.append(cur)
                cur = ""
            cur += c
        lines.append(cur)
        if all(char_units(x) <= max_units for x in lines) or n > 8:
            return lines
        n += 1
