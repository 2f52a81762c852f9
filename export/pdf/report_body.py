"""The report body as flowables: title lines, sections, headings kept with their paragraph,
the sign-off."""
from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from export.body import (HEADING, LEAD_KAI, Block, section_blocks, sign_date, signature_offsets,
                         title_lines, title_of)
from export.linebreak import Style
from export.pdf.geometry import INDENT, LINE, PITCH, TEXT_W, TITLE_LINE, TITLE_SIZE
from export.pdf.styles import Styles
from export.pdf.text import CJKText, KeepLines
from model.report import Report

def block_flowable(block: Block, st: Styles) -> Flowable:
    if block.kind == HEADING:
        return CJKText([(block.text, st.heading)], indent=INDENT, keep_with_next=True)
    runs: list[tuple[str, Style]] = []
    if block.lead:
        runs.append((block.lead, st.kai if block.lead_style == LEAD_KAI else st.bold))
    if block.rest:
        runs.append((block.rest, st.body))
    whole_heading = block.lead and not block.rest
    return CJKText(runs, indent=INDENT, keep_with_next=bool(whole_heading))


def body_story(report: Report, st: Styles) -> list[Flowable]:
    story: list[Flowable] = []
    title = title_of(report)
    split_after = f"{report.year}年度{report.info.unit_name.strip()}"
    max_units = TEXT_W / TITLE_SIZE - 1
    for line in title_lines(title, max_units, split_after):
        story.append(CJKText([(line, st.title)], leading=TITLE_LINE, align="center", base_space=0.0))
    story.append(Spacer(1, LINE))
    pending: list[Flowable] = []      # headings waiting for the paragraph they introduce
    for block in section_blocks(report):
        f = block_flowable(block, st)
        if getattr(f, "keepWithNext", False):
            f.keepWithNext = False
            pending.append(f)
            continue
        story.append(KeepLines([*pending, f]) if pending else f)
        pending = []
    story.extend(pending)
    # sign-off: unit name, and the date below it (GB/T 9704 7.3.5.2)
    unit = report.info.unit_name.strip()
    date = sign_date(report)
    r_unit, r_date = signature_offsets(unit, date)
    sign: list[Flowable] = [Spacer(1, LINE)]
    if unit:
        sign.append(CJKText([(unit, st.body)], align="right", right_indent=r_unit * PITCH))
    sign.append(CJKText([(date, st.body)], align="right", right_indent=r_date * PITCH))
    story.append(KeepTogether(sign))
    return story
