"""An annex grid's flowables: its label, title and subtitle, the page tables, the footer line;
or the whole annex on one page scaled down (``export.pdf.fit``)."""
from __future__ import annotations

import re
from typing import Optional

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from export.grid import Grid
from export.linebreak import Style
from export.pdf.fit import FitPage
from export.pdf.geometry import ANNEX_TITLE_SIZE, BODY_SIZE
from export.pdf.grid_tables import TableBuilder
from export.pdf.styles import Styles
from export.pdf.text import CJKText
from export.sheet_layout import prints_on_one_page

def footer_line(text: str, font: str, width: float) -> Flowable:
    """The footer line (填表人 … 单位负责人签字：), on one line when at all possible:
    narrower gaps between the fields first, then a slightly smaller size."""
    text = text.strip()
    for size in (11.0, 10.5, 10.0):
        for gap in (3, 2, 1):
            t = re.sub("[\u3000 ]{2,}", "\u3000" * gap, text)
            if pdfmetrics.stringWidth(t, font, size) <= width:
                return CJKText([(t, Style(font, size))], leading=17, align="left", base_space=0.0)
    return CJKText([(text, Style(font, 10.0))], leading=17, align="left", base_space=0.0)


def surely_over_a_page(grid: Grid, heights: list[float], first_cap: float) -> bool:
    """Whether ``TableBuilder.pages`` is sure to cut the grid into more than one page: its
    rows set as one table are taller than the first page and the first cut cannot be moved
    to the end by the repeated-header rule."""
    return may_be_cut(grid) and sum(heights) > first_cap


def may_be_cut(grid: Grid) -> bool:
    """Whether rows taller than the first page make ``TableBuilder.pages`` cut the grid: it has
    two rows or more and its first cut cannot be moved to the end by the repeated-header rule."""
    n = grid.nrows
    rep = grid.repeated
    return not (n < 2 or (rep and min(rep[1], n) + 1 >= n))


def annex_story(grid: Grid, st: Styles, frame_w: float, frame_h: float,
                fit: bool = True, trial: bool = False) -> list[Flowable]:
    """The annex table's flowables: over as many pages as it takes, or (``fit``) on one page
    scaled down when ``export.sheet_layout.prints_on_one_page`` says the workbook prints it on
    one page — the PDF and the workbook go by the same answer. ``trial``: only whether it takes
    one page matters; one that surely takes more is not cut (a ``PageBreak`` says so)."""
    story: list[Flowable] = []
    pre: list[Flowable] = []
    label_style = Style(st.fonts.name("heading"), BODY_SIZE)     # 3号黑体, as GB/T 9704
    title_style = Style(st.fonts.name("title"), ANNEX_TITLE_SIZE)
    sub_font = st.table
    if grid.annex_label:
        pre.append(CJKText([(grid.annex_label, label_style)], leading=22, align="left", base_space=0))
    if grid.title:
        pre.append(CJKText([(grid.title, title_style)], leading=ANNEX_TITLE_SIZE * 1.45,
                           align="center", base_space=0))
    if grid.subtitle_left or grid.subtitle_right:
        sub_style = Style(sub_font, 11.0)
        left = CJKText([(grid.subtitle_left, sub_style)], leading=16, align="left", base_space=0.0,
                       hang=False) if grid.subtitle_left else ""
        right = CJKText([(grid.subtitle_right, sub_style)], leading=16, align="right",
                        base_space=0.0, hang=False) if grid.subtitle_right else ""
        sub = Table([[left, right]],
                    colWidths=[frame_w * 0.7, frame_w * 0.3],
                    style=TableStyle([("FONTNAME", (0, 0), (-1, -1), sub_font),
                                      ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                      ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                      ("TOPPADDING", (0, 0), (-1, -1), 2),
                                      ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
        if sub.wrap(frame_w, frame_h)[1] > frame_h / 2:
            # a 单位名称 of a thousand characters: its lines run on over the page(s) before the
            # table instead of one table row taller than a page
            pre.extend(f for f in (left, right) if f)
        else:
            pre.append(sub)
    footer: Optional[Flowable] = None
    if grid.footer:
        footer = footer_line(grid.footer, sub_font, frame_w)
    pre_h = sum(f.wrap(frame_w, frame_h)[1] for f in pre)
    if pre_h > frame_h / 2:      # the table starts on a page of its own
        pre.append(PageBreak())
        pre_h = 0.0
    footer_h = footer.wrap(frame_w, frame_h)[1] + 6 if footer is not None else 0.0
    tb = TableBuilder(grid, st, frame_w)
    slack = 4.0
    first_cap = frame_h - pre_h - slack
    may_fit = bool(fit and not trial and prints_on_one_page(grid))
    if trial:
        if pre and isinstance(pre[-1], PageBreak):
            return [PageBreak()]
        # measuring stops as soon as the rows so far are surely over the page
        heights = tb.row_heights(stop_above=first_cap if may_be_cut(grid) else None)
        if heights is None or surely_over_a_page(grid, heights, first_cap):
            return [PageBreak()]
    elif may_fit:
        heights = tb.row_heights()
    else:
        heights = None
    if may_fit and surely_over_a_page(grid, heights, first_cap):
        # it will not fit on its first page as set: try one page scaled down before cutting
        # (and measuring) pages that would be thrown away
        fitted = FitPage.of(grid, st, frame_w, frame_h, FitPage.floor(grid), sum(heights))
        if fitted is not None:
            return [fitted]
        may_fit = False
    pages = tb.pages(first_cap, frame_h - slack, footer_h, heights)
    if len(pages) > 1 and may_fit:
        fitted = FitPage.of(grid, st, frame_w, frame_h, FitPage.floor(grid), sum(heights))
        if fitted is not None:
            return [fitted]
    story.extend(pre)
    for i, rows in enumerate(pages):
        if i:
            story.append(PageBreak())
        # pages are cut here; only a single row taller than a page is split by reportlab
        # (inside the row; reportlab's repeatRows misbehaves together with splitInRow)
        story.append(tb.page_tables[i])
    if footer is not None:
        story.append(Spacer(1, 6))
        story.append(footer)
    return story
