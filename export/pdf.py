"""The whole report as a PDF: the body in official-document form, then the annex tables.

Body page (GB/T 9704-2012): A4, top margin 37 mm, left 28 mm, text block 156 × 225 mm,
16 pt 仿宋 on a grid of 22 lines × 28 characters (fixed line spacing 28.95 pt), first-line
indent of two characters, 一、 headings in 黑体, （一） lead phrases in 楷体, 1. lead phrases
in bold 仿宋, the title in 22 pt centred, the unit name and date at the end, page numbers
“— N —” in 14 pt 宋体 (odd pages right, even pages left, one character in).

The body is set line by line by ``export.linebreak`` (Chinese line-breaking rules,
justified lines). Each annex table (``export.tables.build_all``) starts on a new page,
landscape where the grid says so; the body rows are paginated here so that merged cells
that cross a page break are continued (their text repeated) and the grid's header rows
are repeated at the top of every continuation page.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Iterator, Optional, Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, KeepTogether, NextPageTemplate,
                                PageBreak, PageTemplate, Paragraph, Spacer, Table, TableStyle)
from reportlab.platypus.doctemplate import LayoutError

from export import ExportError, atomic_target
from export.body import (HEADING, LEAD_BOLD, LEAD_KAI, Block, section_blocks, sign_date,
                         signature_offsets, title_lines, title_of)
from export.fonts import FontReport, find_fonts
from export.grid import Grid
from export.linebreak import Line, Style, atomize, break_lines
from model.report import Report

# --------------------------------------------------------------------------- page geometry

PAGE_W, PAGE_H = A4
TOP = 37 * mm
LEFT = 28 * mm
TEXT_W = 156 * mm
TEXT_H = 225 * mm
BOTTOM = PAGE_H - TOP - TEXT_H          # 35 mm
RIGHT = PAGE_W - LEFT - TEXT_W          # 26 mm

BODY_SIZE = 16.0                        # 3号
LINE = 28.95                            # fixed line spacing: 22 lines in 225 mm
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
#: character spacing that sets exactly 28 full-width characters in the text block
GRID_SPACE = (TEXT_W - CHARS_PER_LINE * BODY_SIZE) / (CHARS_PER_LINE - 1)
PITCH = BODY_SIZE + GRID_SPACE
INDENT = 2 * PITCH                      # two-character first-line indent

TITLE_SIZE = 22.0                       # 2号
TITLE_LINE = 36.0
FOLIO_SIZE = 14.0                       # 4号
FOLIO_GAP = 7 * mm                      # from the text block to the folio's dash

# annex pages
ANNEX_MARGIN = 18 * mm
ANNEX_BOTTOM = 22 * mm
CELL_SIZE = 10.5                        # 5号
CELL_LEADING = 13.5
CELL_PAD = 3.0
ANNEX_TITLE_SIZE = 18.0


# --------------------------------------------------------------------------- CJK text flowable

def _width(text: str, style: Style) -> float:
    return pdfmetrics.stringWidth(text, style.font, style.size)


class CJKText(Flowable):
    """A paragraph set by ``export.linebreak`` on a fixed line grid.

    ``align``: "justify" (body), "left", "center" or "right". ``indent``: first-line indent;
    ``right_indent``: space kept free at the right. Splits between lines across pages.
    """

    def __init__(self, runs: Sequence[tuple[str, Style]], leading: float = LINE,
                 indent: float = 0.0, align: str = "justify", base_space: float = GRID_SPACE,
                 right_indent: float = 0.0, keep_with_next: bool = False,
                 _lines: Optional[list[Line]] = None, _first: bool = True):
        super().__init__()
        self.runs = list(runs)
        self.leading = leading
        self.indent = indent
        self.align = align
        self.base_space = base_space
        self.right_indent = right_indent
        self.keepWithNext = keep_with_next
        self._lines = _lines
        self._fixed = _lines is not None
        self._first = _first
        self._wrapped_for: Optional[float] = None

    def text(self) -> str:
        return "".join(t for t, _ in self.runs)

    def lines(self, width: float) -> list[Line]:
        if self._fixed:
            return self._lines or []
        if self._wrapped_for != width:
            avail = width - self.right_indent
            self._lines = break_lines(atomize(self.runs, _width), avail, avail - self.indent,
                                      self.base_space, hang=self.align == "justify",
                                      width_of=_width)
            self._wrapped_for = width
        return self._lines or []

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = len(self.lines(availWidth)) * self.leading
        return availWidth, self.height

    def split(self, availWidth, availHeight):
        lines = self.lines(availWidth)
        k = int((availHeight + 1e-6) // self.leading)
        if k <= 0:
            return []
        if k >= len(lines):
            return [self]
        a = CJKText(self.runs, self.leading, self.indent, self.align, self.base_space,
                    self.right_indent, False, lines[:k], self._first)
        b = CJKText(self.runs, self.leading, self.indent, self.align, self.base_space,
                    self.right_indent, self.keepWithNext, lines[k:], False)
        return [a, b]

    def draw(self):
        c = self.canv
        lines = self.lines(self.width)
        for n, line in enumerate(lines):
            if not line.atoms:
                continue
            size = max(a.style.size for a in line.atoms)
            top = self.height - n * self.leading
            # centre the ideographic em box in the line
            baseline = top - (self.leading - size) / 2 - 0.86 * size
            first = self._first and n == 0
            avail = line.available
            if self.align == "justify":
                cs = line.char_space(self.base_space)
                x = self.indent if first else 0.0
            else:
                cs = self.base_space
                used = line.set_width(cs)
                if self.align == "center":
                    x = (avail - used) / 2
                elif self.align == "right":
                    x = avail - used
                else:
                    x = self.indent if first else 0.0
            self._draw_line(c, line, x, baseline, cs)

    @staticmethod
    def _draw_line(c, line: Line, x: float, y: float, cs: float) -> None:
        # group consecutive atoms of one style into one string
        groups: list[tuple[Style, str, float]] = []
        for a in line.atoms:
            if groups and groups[-1][0] == a.style:
                st, txt, w = groups[-1]
                groups[-1] = (st, txt + a.text, w + a.width)
            else:
                groups.append((a.style, a.text, a.width))
        for style, txt, w in groups:
            c.setFont(style.font, style.size)
            if style.bold:
                c.saveState()
                c.setLineWidth(style.size * 0.035)
                c.setStrokeColor(colors.black)
                c.drawString(x, y, txt, mode=2, charSpace=cs)
                c.restoreState()
            else:
                c.drawString(x, y, txt, charSpace=cs)
            x += w + cs * len(txt)


# --------------------------------------------------------------------------- body

class _Styles:
    def __init__(self, fonts: FontReport):
        self.fonts = fonts
        self.title = Style(fonts.name("title"), TITLE_SIZE)
        self.heading = Style(fonts.name("heading"), BODY_SIZE)
        self.kai = Style(fonts.name("kai"), BODY_SIZE)
        self.body = Style(fonts.name("body"), BODY_SIZE)
        self.bold = Style(fonts.name("body"), BODY_SIZE, bold=True)
        self.table = fonts.name("table")
        self.table_bold = fonts.name("heading")


def _block_flowable(block: Block, st: _Styles) -> Flowable:
    if block.kind == HEADING:
        return CJKText([(block.text, st.heading)], indent=INDENT, keep_with_next=True)
    runs: list[tuple[str, Style]] = []
    if block.lead:
        runs.append((block.lead, st.kai if block.lead_style == LEAD_KAI else st.bold))
    if block.rest:
        runs.append((block.rest, st.body))
    whole_heading = block.lead and not block.rest
    return CJKText(runs, indent=INDENT, keep_with_next=bool(whole_heading))


def body_story(report: Report, st: _Styles) -> list[Flowable]:
    story: list[Flowable] = []
    title = title_of(report)
    split_after = f"{report.year}年度{report.info.unit_name.strip()}"
    max_units = TEXT_W / TITLE_SIZE - 1
    for line in title_lines(title, max_units, split_after):
        story.append(CJKText([(line, st.title)], leading=TITLE_LINE, align="center", base_space=0.0))
    story.append(Spacer(1, LINE))
    for block in section_blocks(report):
        story.append(_block_flowable(block, st))
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


# --------------------------------------------------------------------------- annex tables

def _cell_style(name: str, font: str, align: str) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=CELL_SIZE, leading=CELL_LEADING,
                          alignment={"left": TA_LEFT, "right": TA_RIGHT}.get(align, TA_CENTER),
                          wordWrap="CJK", splitLongWords=True)


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _footer_markup(text: str) -> str:
    """The footer line with its blanks kept (runs of spaces are not collapsed) and a
    blank for the signature after “签字：”."""
    text = text.rstrip()
    if text.endswith(("签字：", "签字:", "签名：", "签章：")):
        text += "\u3000" * 8
    out = escape(text).replace("\u3000", "&nbsp;&nbsp;")
    return re.sub(r" {2,}", lambda m: "&nbsp;" * len(m.group(0)), out)


class _TableBuilder:
    """Turns a Grid into page-sized reportlab Tables."""

    def __init__(self, grid: Grid, st: _Styles, width: float):
        self.grid = grid
        self.st = st
        self.width = width
        total = sum(grid.col_widths) or 1
        self.col_widths = [width * w / total for w in grid.col_widths]
        self._styles: dict[tuple[str, bool], ParagraphStyle] = {}

    def _pstyle(self, align: str, bold: bool) -> ParagraphStyle:
        key = (align, bold)
        if key not in self._styles:
            font = self.st.table_bold if bold else self.st.table
            self._styles[key] = _cell_style(f"cell-{align}-{bold}", font, align)
        return self._styles[key]

    def table(self, rows: Sequence[int], split_in_row: bool = False) -> Table:
        """A Table of the given grid rows (in order); spans are clipped to the rows present
        and a merged cell continued from an earlier page repeats its text."""
        g = self.grid
        pos = {r: i for i, r in enumerate(rows)}
        data = [["" for _ in range(g.ncols)] for _ in rows]
        cmds: list[tuple] = [
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3.0),
        ]
        for cell in g.cells:
            present = [pos[r] for r in range(cell.row, cell.row + cell.rowspan) if r in pos]
            if not present:
                continue
            # a span may only be clipped, never broken into pieces in one table
            first, last = present[0], present[-1]
            if last - first + 1 != len(present):
                last = first
            col_end = min(cell.col + cell.colspan, g.ncols) - 1
            if cell.col >= g.ncols:
                continue
            data[first][cell.col] = _para(cell.text, self._pstyle(cell.align, cell.bold))
            if last > first or col_end > cell.col:
                cmds.append(("SPAN", (cell.col, first), (col_end, last)))
        return Table(data, colWidths=self.col_widths, style=TableStyle(cmds), repeatRows=0,
                     splitByRow=1, splitInRow=1 if split_in_row else 0, hAlign="CENTER")

    def row_heights(self) -> list[float]:
        t = self.table(range(self.grid.nrows))
        t.wrap(self.width, 1e7)
        return list(t._rowHeights)

    def pages(self, first_cap: float, next_cap: float, footer_h: float) -> list[list[int]]:
        """The grid's rows split into pages (each list includes the repeated header rows).

        A page never ends with the header rows (they move down with the first row after
        them); the footer line stays on the page of the last rows.
        """
        g = self.grid
        n = g.nrows
        if n == 0:
            return []
        heights = self.row_heights()
        rep = g.repeated
        s, e = (rep[0], min(rep[1], n)) if rep else (0, 0)
        rep_rows = list(range(s, e))
        rep_h = sum(heights[r] for r in rep_rows)

        pages: list[list[int]] = []
        cur: list[int] = []
        used, cap, added = 0.0, first_cap, 0
        r = 0
        while r < n:
            h = heights[r]
            if added and used + h > cap:
                if rep_rows and s < r <= e:
                    # the header rows must not end a page: move them to the next one
                    if s in cur and cur.index(s) > 0 and added > r - s:
                        k = cur.index(s)
                        pages.append(cur[:k])
                        cur = cur[k:]
                        used = sum(heights[x] for x in cur)
                        cap, added = next_cap, len(cur)
                        continue
                else:
                    pages.append(cur)
                    cap = next_cap
                    cur = list(rep_rows) if rep_rows and r >= e else []
                    used = rep_h if cur else 0.0
                    added = 0
                    continue
            cur.append(r)
            used += h
            added += 1
            r += 1
        # keep the footer with the last rows
        if footer_h and used + footer_h > cap and added > 1:
            moved: list[int] = []
            while used + footer_h > cap and added > 1:
                x = cur.pop()
                used -= heights[x]
                added -= 1
                moved.insert(0, x)
                if rep_rows and cur and cur[-1] == e - 1 and s in cur and cur.index(s) > 0 and added > len(rep_rows):
                    while cur and cur[-1] >= s and added > 1:   # header rows move down too
                        x = cur.pop()
                        used -= heights[x]
                        added -= 1
                        moved.insert(0, x)
                    break
            pages.append(cur)
            cur = (list(rep_rows) if rep_rows and moved[0] >= e else []) + moved
        pages.append(cur)
        return pages


def annex_story(grid: Grid, st: _Styles, frame_w: float, frame_h: float) -> list[Flowable]:
    story: list[Flowable] = []
    pre: list[Flowable] = []
    label_style = Style(st.fonts.name("heading"), 14.0)
    title_style = Style(st.fonts.name("title"), ANNEX_TITLE_SIZE)
    sub_font = st.table
    if grid.annex_label:
        pre.append(CJKText([(grid.annex_label, label_style)], leading=22, align="left", base_space=0))
    if grid.title:
        pre.append(CJKText([(grid.title, title_style)], leading=ANNEX_TITLE_SIZE * 1.45,
                           align="center", base_space=0))
    if grid.subtitle_left or grid.subtitle_right:
        ps_l = ParagraphStyle("sub-l", fontName=sub_font, fontSize=11, leading=15, alignment=TA_LEFT,
                              wordWrap="CJK")
        ps_r = ParagraphStyle("sub-r", parent=ps_l, alignment=TA_RIGHT)
        sub = Table([[_para(grid.subtitle_left, ps_l), _para(grid.subtitle_right, ps_r)]],
                    colWidths=[frame_w * 0.7, frame_w * 0.3],
                    style=TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                                      ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                      ("TOPPADDING", (0, 0), (-1, -1), 2),
                                      ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
        pre.append(sub)
    footer: Optional[Flowable] = None
    if grid.footer:
        fs = ParagraphStyle("foot", fontName=sub_font, fontSize=11, leading=15, alignment=TA_LEFT,
                            wordWrap="CJK", spaceBefore=6)
        footer = Paragraph(_footer_markup(grid.footer), fs)

    pre_h = sum(f.wrap(frame_w, frame_h)[1] for f in pre)
    footer_h = (footer.wrap(frame_w, frame_h)[1] + 6) if footer is not None else 0.0
    tb = _TableBuilder(grid, st, frame_w)
    slack = 4.0
    pages = tb.pages(frame_h - pre_h - slack, frame_h - slack, footer_h)
    story.extend(pre)
    for i, rows in enumerate(pages):
        if i:
            story.append(PageBreak())
        story.append(tb.table(rows, split_in_row=True))
    if footer is not None:
        story.append(footer)
    return story


# --------------------------------------------------------------------------- document

class _Doc(BaseDocTemplate):
    def __init__(self, filename: str, fonts: FontReport, **kw):
        super().__init__(filename, pagesize=A4, leftMargin=LEFT, rightMargin=RIGHT,
                         topMargin=TOP, bottomMargin=BOTTOM, initialFontName=fonts.name("body"),
                         **kw)
        self.fonts = fonts
        body = Frame(LEFT, BOTTOM, TEXT_W, TEXT_H, id="body",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        pw, ph = A4
        lw, lh = landscape(A4)
        annex_p = Frame(ANNEX_MARGIN, ANNEX_BOTTOM, pw - 2 * ANNEX_MARGIN,
                        ph - ANNEX_MARGIN - ANNEX_BOTTOM, id="annex-p",
                        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        annex_l = Frame(ANNEX_MARGIN, ANNEX_BOTTOM, lw - 2 * ANNEX_MARGIN,
                        lh - ANNEX_MARGIN - ANNEX_BOTTOM, id="annex-l",
                        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("body", [body], onPage=self._folio_body, pagesize=A4),
            PageTemplate("annex-p", [annex_p], onPage=self._folio_annex, pagesize=A4),
            PageTemplate("annex-l", [annex_l], onPage=self._folio_annex, pagesize=landscape(A4)),
        ])

    def _folio(self, canv, page_w: float, left: float, right: float, y: float) -> None:
        n = canv.getPageNumber()
        text = f"— {n} —"
        canv.saveState()
        canv.setFont(self.fonts.name("table"), FOLIO_SIZE)
        if n % 2:
            canv.drawRightString(page_w - right - FOLIO_SIZE, y, text)
        else:
            canv.drawString(left + FOLIO_SIZE, y, text)
        canv.restoreState()

    def _folio_body(self, canv, doc) -> None:
        # the dash sits 7 mm below the text block; the dash is ~0.35 em above the baseline
        y = BOTTOM - FOLIO_GAP - 0.35 * FOLIO_SIZE
        self._folio(canv, PAGE_W, LEFT, RIGHT, y)

    def _folio_annex(self, canv, doc) -> None:
        w = canv._pagesize[0]
        y = ANNEX_BOTTOM - FOLIO_GAP - 0.35 * FOLIO_SIZE
        self._folio(canv, w, ANNEX_MARGIN, ANNEX_MARGIN, y)


def build_story(report: Report, fonts: FontReport, grids: Optional[Sequence[Grid]]) -> list[Flowable]:
    st = _Styles(fonts)
    story = body_story(report, st)
    pw, ph = A4
    lw, lh = landscape(A4)
    for grid in grids or []:
        if grid.landscape:
            story.append(NextPageTemplate("annex-l"))
            fw, fh = lw - 2 * ANNEX_MARGIN, lh - ANNEX_MARGIN - ANNEX_BOTTOM
        else:
            story.append(NextPageTemplate("annex-p"))
            fw, fh = pw - 2 * ANNEX_MARGIN, ph - ANNEX_MARGIN - ANNEX_BOTTOM
        story.append(PageBreak())
        story.extend(annex_story(grid, st, fw, fh))
    return story


def write_pdf(report: Report, path: str | os.PathLike, fonts: Optional[FontReport] = None,
              grids: Optional[Sequence[Grid]] = None) -> FontReport:
    """Write the report body and its annex tables to ``path``; return the fonts used.

    ``grids`` defaults to ``export.tables.build_all(report)``. Raises ``ExportError``.
    """
    if fonts is None:
        fonts = find_fonts()
    if grids is None:
        from export.tables import build_all
        grids = build_all(report)
    title = title_of(report)
    with atomic_target(path, "PDF 文件") as tmp:
        doc = _Doc(str(tmp), fonts, title=title, author=report.info.unit_name.strip(),
                   subject="部门整体支出绩效自评报告", creator="绩效自评填报")
        try:
            doc.build(build_story(report, fonts, grids))
        except LayoutError as e:
            raise ExportError(f"PDF 排版失败：有内容无法放入页面（{e}）") from None
    return fonts


def export(report: Report, path: str | os.PathLike, verbose: bool = False,
           fonts: Optional[FontReport] = None) -> Iterator[str]:
    """``export_all``'s PDF step: write the file, yield the Chinese result lines."""
    used = write_pdf(report, path, fonts=fonts)
    yield f"已导出 PDF（正文+附表）：{Path(path)}"
    if used.uses_fallback:
        yield ("提示：未找到可嵌入的中文字体，PDF 使用阅读器内置宋体（STSong-Light）；"
               "在其他电脑上显示效果可能不同")
    if verbose:
        yield from used.lines()
