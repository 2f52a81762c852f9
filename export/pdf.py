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

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, KeepTogether, NextPageTemplate,
                                PageBreak, PageTemplate, Spacer, Table, TableStyle)
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.tables import spanFixDim

from export import ExportError, atomic_target, printable
from export.body import (HEADING, LEAD_BOLD, LEAD_KAI, Block, section_blocks, sign_date,
                         signature_offsets, title_lines, title_of)
from export.fonts import FontReport, find_fonts, registered_fonts, release_fonts
from export.memory import fewer_collections, give_back_heap
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
CELL_LEADING = 13.0
CELL_PAD = 3.0
CELL_TOP = 2.0
CELL_BOTTOM = 2.5
ANNEX_TITLE_SIZE = 18.0


# --------------------------------------------------------------------------- CJK text flowable

_WIDTHS: dict[tuple[str, str, float], float] = {}
_BROKEN: dict[tuple, list[Line]] = {}
#: the measured atoms of each paragraph's runs (they do not depend on the width it is set in)
_ATOMS: dict[tuple, list] = {}


def _width(text: str, style: Style) -> float:
    key = (text, style.font, style.size)
    w = _WIDTHS.get(key)
    if w is None:
        if len(_WIDTHS) > 200_000:
            _WIDTHS.clear()
        w = _WIDTHS[key] = pdfmetrics.stringWidth(text, style.font, style.size)
    return w


def _break(runs: tuple, avail: float, first: float, base: float, hang: bool) -> list[Line]:
    """Line breaking, memoised: table cells are set again for every page measured."""
    key = (runs, round(avail, 3), round(first, 3), base, hang)
    lines = _BROKEN.get(key)
    if lines is None:
        if len(_BROKEN) > 20_000:
            _BROKEN.clear()
            _ATOMS.clear()
        atoms = _ATOMS.get(runs)
        if atoms is None:
            atoms = _ATOMS[runs] = atomize(runs, _width)
        lines = _BROKEN[key] = break_lines(atoms, avail, first, base,
                                           hang=hang, width_of=_width)
    return lines


def _groups(line: Line) -> list[tuple[Style, str, float]]:
    """The line's consecutive atoms of one style as (style, text, width), worked out once
    per line (set lines are shared: a header cell repeated on every page, a table measured
    before it is drawn)."""
    groups = line.__dict__.get("_groups")
    if groups is None:
        groups = []
        for a in line.atoms:
            if groups and (groups[-1][0] is a.style or groups[-1][0] == a.style):
                st, txt, w = groups[-1]
                groups[-1] = (st, txt + a.text, w + a.width)
            else:
                groups.append((a.style, a.text, a.width))
        line._groups = groups
    return groups


class CJKText(Flowable):
    """A paragraph set by ``export.linebreak`` on a fixed line grid.

    ``align``: "justify" (body), "left", "center" or "right". ``indent``: first-line indent;
    ``right_indent``: space kept free at the right. Splits between lines across pages.
    """

    def __init__(self, runs: Sequence[tuple[str, Style]], leading: float = LINE,
                 indent: float = 0.0, align: str = "justify", base_space: float = GRID_SPACE,
                 right_indent: float = 0.0, keep_with_next: bool = False,
                 hang: Optional[bool] = None,
                 _lines: Optional[list[Line]] = None, _first: bool = True):
        super().__init__()
        self.runs = list(runs)
        self.leading = leading
        self.indent = indent
        self.align = align
        self.base_space = base_space
        self.right_indent = right_indent
        self.keepWithNext = keep_with_next
        #: closing marks may hang past the line end (body text, as Word does)
        self.hang = (align == "justify") if hang is None else hang
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
            self._lines = _break(tuple(self.runs), avail, avail - self.indent, self.base_space,
                                 self.hang)
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
                    self.right_indent, False, self.hang, lines[:k], self._first)
        b = CJKText(self.runs, self.leading, self.indent, self.align, self.base_space,
                    self.right_indent, self.keepWithNext, self.hang, lines[k:], False)
        return [a, b]

    def draw(self):
        c = self.canv
        lines = self.lines(self.width)
        text = None
        for n, line in enumerate(lines):
            if not line.atoms:
                continue
            groups = _groups(line)
            size = max(g[0].size for g in groups)
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
            text = self._draw_line(c, groups, x, baseline, cs, text)
        if text is not None:
            c.drawText(text)

    @staticmethod
    def _draw_line(c, groups: list[tuple[Style, str, float]], x: float, y: float, cs: float,
                   text=None):
        """Draw one line (its ``_groups``); plain runs go into the text object ``text``
        (started here when None), which is returned for the next lines: one text object per
        paragraph rather than one per run."""
        for style, txt, w in groups:
            if style.bold:
                if text is not None:
                    c.drawText(text)
                    text = None
                c.setFont(style.font, style.size)
                c.saveState()
                c.setLineWidth(style.size * 0.035)
                c.setStrokeColor(colors.black)
                c.drawString(x, y, txt, mode=2, charSpace=cs)
                c.restoreState()
            else:
                if text is None:
                    text = c.beginText()
                    text._jx_font = text._jx_cs = None
                text.setTextOrigin(x, y)
                # font and character spacing hold inside one text object: set them only
                # when they change
                font = (style.font, style.size)
                if text._jx_font != font:
                    text.setFont(style.font, style.size)
                    text._jx_font = font
                if text._jx_cs != cs:
                    text.setCharSpace(cs)
                    text._jx_cs = cs
                text.textOut(txt)
            x += w + cs * len(txt)
        return text


class KeepLines(Flowable):
    """Headings kept with the first line of the paragraph that follows them.

    All flowables but the last stay whole on one page; the last (a CJKText) may split,
    but at least one of its lines stays with the headings. Unlike reportlab's
    keepWithNext, a long paragraph after a heading does not push both to the next page.
    """

    def __init__(self, flowables: Sequence[Flowable]):
        super().__init__()
        self.flowables = list(flowables)

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self._sizes = [f.wrap(availWidth, availHeight) for f in self.flowables]
        self.height = sum(h for _, h in self._sizes)
        return availWidth, self.height

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        if self.height <= availHeight + 1e-6:
            return [self]
        heads, last = self.flowables[:-1], self.flowables[-1]
        heads_h = sum(h for _, h in self._sizes[:-1])
        min_last = getattr(last, "leading", 0.0) or self._sizes[-1][1]
        if heads_h + min_last > availHeight + 1e-6:
            return []
        parts = last.split(availWidth, availHeight - heads_h)
        if not parts:
            return []
        return [*heads, *parts]

    def draw(self):
        y = self.height
        for f, (_, h) in zip(self.flowables, self._sizes):
            y -= h
            f.drawOn(self.canv, 0, y)


# --------------------------------------------------------------------------- body

class _Styles:
    def __init__(self, fonts: FontReport):
        self.fonts = fonts
        # without a 黑体 of its own (the CID fallback), titles and headings are set bold
        plain = fonts["heading"].name == fonts["body"].name
        self.title = Style(fonts.name("title"), TITLE_SIZE,
                           bold=fonts["title"].name == fonts["body"].name)
        self.heading = Style(fonts.name("heading"), BODY_SIZE, bold=plain)
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
    pending: list[Flowable] = []      # headings waiting for the paragraph they introduce
    for block in section_blocks(report):
        f = _block_flowable(block, st)
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


# --------------------------------------------------------------------------- annex tables

_CELL_STYLES: dict[tuple[str, bool], Style] = {}


def _cell_text(text: str, font: str, align: str, bold: bool = False) -> Flowable | str:
    """A table cell: set by the Chinese line breaker, wrapped to the cell width."""
    if not text.strip():
        return ""
    # long texts (goals, notes) are justified; short labels keep their natural spacing
    if align == "left" and len(text) > 30:
        align = "justify"
    style = _CELL_STYLES.get((font, bold))
    if style is None:
        style = _CELL_STYLES[font, bold] = Style(font, CELL_SIZE, bold)
    return CJKText([(text, style)], leading=CELL_LEADING,
                   align=align, base_space=0.0, hang=False)


class _PageTable(Table):
    """One page of an annex table. It is measured while the pages are cut; wrapping it again
    at the same width (as the page layout does) returns that size instead of setting every
    cell again."""

    _measured_width: Optional[float] = None

    def wrap(self, availWidth, availHeight):
        if self._measured_width == availWidth:
            self.availWidth = availWidth
            return self._width, self._height
        size = super().wrap(availWidth, availHeight)
        self._measured_width = availWidth
        return size


class _TableBuilder:
    """Turns a Grid into page-sized reportlab Tables."""

    def __init__(self, grid: Grid, st: _Styles, width: float):
        self.grid = grid
        self.st = st
        self.width = width
        total = sum(grid.col_widths) or 1
        self.col_widths = [width * w / total for w in grid.col_widths]
        #: the Table of each page cut by ``pages`` (measured at ``width``)
        self.page_tables: list[Table] = []
        self._cells: dict[int, Flowable | str] = {}
        self._by_row: Optional[list[list[int]]] = None

    def _cell(self, k: int) -> Flowable | str:
        """The flowable of grid cell ``k``, made once: its text is set once per width, and
        a header row repeated on every page shares it."""
        f = self._cells.get(k)
        if f is None:
            cell = self.grid.cells[k]
            font = self.st.table_bold if cell.bold else self.st.table
            fake_bold = cell.bold and self.st.table_bold == self.st.table
            f = self._cells[k] = _cell_text(cell.text, font, cell.align, fake_bold)
        return f

    def _layout(self, rows: Sequence[int]) -> tuple[list[list], list[tuple[int, int, int, int]]]:
        """The cell values and the spans (col0, row0, col1, row1) of a table of ``rows``."""
        g = self.grid
        pos = {r: i for i, r in enumerate(rows)}
        data: list[list] = [["" for _ in range(g.ncols)] for _ in pos]
        spans: list[tuple[int, int, int, int]] = []
        if self._by_row is None:
            n = g.nrows
            self._by_row = [[] for _ in range(n)]
            for k, cell in enumerate(g.cells):
                for r in range(max(cell.row, 0), min(cell.row + cell.rowspan, n)):
                    self._by_row[r].append(k)
        # the cells over these rows, in the grid's order
        by_row = self._by_row
        ks = sorted({k for r in pos if 0 <= r < len(by_row) for k in by_row[r]})
        for k in ks:
            cell = g.cells[k]
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
            data[first][cell.col] = self._cell(k)
            if last > first or col_end > cell.col:
                spans.append((cell.col, first, col_end, last))
        return data, spans

    def table(self, rows: Sequence[int], split_in_row: bool = False) -> Table:
        """A Table of the given grid rows (in order); spans are clipped to the rows present
        and a merged cell continued from an earlier page repeats its text."""
        data, spans = self._layout(rows)
        cmds: list[tuple] = [
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("FONTNAME", (0, 0), (-1, -1), self.st.table),   # empty cells too
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("TOPPADDING", (0, 0), (-1, -1), CELL_TOP),
            ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_BOTTOM),
        ]
        cmds.extend(("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in spans)
        return _PageTable(data, colWidths=self.col_widths, style=TableStyle(cmds), repeatRows=0,
                          splitByRow=1, splitInRow=1 if split_in_row else 0, hAlign="CENTER")

    def row_heights(self) -> list[float]:
        """The row heights of the whole grid set as one table, as reportlab's Table computes
        them (``Table._calc_height``: the tallest cell of each row, then the height of merged
        cells spread over the rows they span) without building that table."""
        n, ncols = self.grid.nrows, self.grid.ncols
        data, spans = self._layout(range(n))
        W = self.col_widths
        colpos = [0]
        x = 0
        for w in W:
            x = x + w
            colpos.append(x)
        # as Table._calcSpanRanges: every cell a span covers is hidden but its first one
        # (a later span hides the first cell of an earlier one it covers)
        ranges: dict[tuple[int, int], Optional[tuple[int, int, int, int]]] = {}
        row_span: set[tuple[int, int]] = set()      # in a span over several rows
        for c0, r0, c1, r1 in spans:
            for y in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    ranges[c, y] = None
                    if r0 != r1:
                        row_span.add((c, y))
            ranges[c0, r0] = (c0, r0, c1, r1)
        pad_h = CELL_BOTTOM + CELL_TOP
        empty_h = 12 + pad_h                        # reportlab's default cell leading
        H: list[float] = []
        cons: dict[tuple[int, int], float] = {}
        for i, V in enumerate(data):
            h = 0
            for j in range(ncols):
                span = ranges.get((j, i), (j, i, j, i))
                hid = span is None
                if hid and (j, i) in row_span:
                    continue
                v = V[j]
                if isinstance(v, Flowable):
                    if hid:
                        continue
                    w = W[j]
                    if span[0] != span[2]:
                        w = max(colpos[span[2] + 1] - colpos[span[0]], w)
                    t = v.wrap(w - CELL_PAD - CELL_PAD, 0)[1]
                    t += pad_h
                else:
                    t = empty_h
                if span is not None and span[1] != span[3]:
                    key = span[1], span[3]
                    cons[key] = max(cons.get(key, t), t)
                    t = 0
                if t > h:
                    h = t
            H.append(h)
        if cons:
            spanFixDim([None] * n, H, cons)
        return H

    def pages(self, first_cap: float, next_cap: float, footer_h: float,
              heights: Optional[list[float]] = None) -> list[list[int]]:
        """The grid's rows split into pages (each list includes the repeated header rows).

        Each page is measured as the Table it will be (clipped spans can make rows taller
        than in the whole table). A page never ends with the header rows; the footer line
        stays on the page of the last rows; a page does not end inside a ``keep_together``
        range (a 一级指标 block, 总分 with the row above it …) that fits on one page.
        """
        g = self.grid
        n = g.nrows
        if n == 0:
            return []
        self.page_tables = []
        if heights is None:
            heights = self.row_heights()
        rep = g.repeated
        s, e = (rep[0], min(rep[1], n)) if rep else (0, 0)
        rep_rows = list(range(s, e))

        def header_rule(start: int, end: int) -> int:
            if rep_rows and s < end <= e:
                return s if s > start else min(e + 1, n)
            return end

        def fits_on_a_page(a: int, b: int) -> bool:
            """Rows [a, b) fit on one continuation page (with its repeated header, and the
            footer when they are the last rows)."""
            head = sum(heights[r] for r in rep_rows) if a >= e else 0.0
            return head + sum(heights[a:b]) + (footer_h if b == n else 0.0) <= next_cap

        keeps = sorted({(a, min(b, n)) for a, b in g.keep_together if 0 <= a < min(b, n) - 1
                        and fits_on_a_page(a, min(b, n))})

        def keep_rule(start: int, end: int) -> int:
            """A cut inside a range kept together moves up to the range's first row, as long
            as the page keeps a row of its own above it."""
            moved = True
            while moved:
                moved = False
                for a, b in keeps:
                    if a < end < b and start < a:
                        end, moved = a, True
            return end

        def cut(start: int, end: int) -> int:
            kept = header_rule(start, keep_rule(start, end))
            return kept if kept > start else header_rule(start, end)

        pages: list[list[int]] = []
        start, cap = 0, first_cap
        while start < n:
            prefix = rep_rows if (pages and rep_rows and start >= e) else []
            used = sum(heights[r] for r in prefix)
            end = start
            while end < n and (end == start or used + heights[end] <= cap):
                used += heights[end]
                end += 1
            if end < n:
                end = cut(start, end)
            while True:
                need = cap - (footer_h if end == n else 0.0)
                table = self.table([*prefix, *range(start, end)], split_in_row=True)
                _, h = table.wrap(self.width, 1e7)
                if h <= need or end - start <= 1:
                    break
                shorter = cut(start, end - 1)
                if shorter <= start or shorter >= end:
                    break       # one row taller than a page: reportlab splits inside it
                end = shorter
            pages.append([*prefix, *range(start, end)])
            self.page_tables.append(table)     # the last one measured is the page's table
            start, cap = end, next_cap
        return pages


def _footer(text: str, font: str, width: float) -> Flowable:
    """The footer line (填表人 … 单位负责人签字：), on one line when at all possible:
    narrower gaps between the fields first, then a slightly smaller size."""
    text = text.strip()
    for size in (11.0, 10.5, 10.0):
        for gap in (3, 2, 1):
            t = re.sub("[\u3000 ]{2,}", "\u3000" * gap, text)
            if pdfmetrics.stringWidth(t, font, size) <= width:
                return CJKText([(t, Style(font, size))], leading=17, align="left", base_space=0.0)
    return CJKText([(text, Style(font, 10.0))], leading=17, align="left", base_space=0.0)


class _FitPage(Flowable):
    """Flowables set at the frame's width and drawn scaled down by ``scale`` so that together
    they fill no more than one page (as a spreadsheet printed “fit to one page”)."""

    def __init__(self, flowables: Sequence[Flowable], inner_w: float, sizes: list[float],
                 scale: float):
        super().__init__()
        self.flowables = list(flowables)
        self.inner_w = inner_w
        self.sizes = sizes
        self.scale = scale

    FIT_STEP = 0.025

    @classmethod
    def of(cls, grid: Grid, st: "_Styles", frame_w: float, frame_h: float,
           min_scale: float, total_h: Optional[float] = None) -> Optional["_FitPage"]:
        """The grid's annex on one page at the largest scale (in steps of ``FIT_STEP``, none
        below ``min_scale``) at which it fits, laid out on a page 1/scale as large (so texts
        wrap less, as in a spreadsheet printed “fit to one page”); None when it does not fit."""
        def one_page(scale: float) -> Optional[list[Flowable]]:
            story = annex_story(grid, st, frame_w / scale, frame_h / scale, fit=False,
                                trial=True)
            return None if any(isinstance(f, PageBreak) for f in story) else story

        # start from the scale at which the table as set for the page would fit, then step
        # up while the wider layout still fits (or down until it fits)
        if total_h is None:
            total_h = sum(_TableBuilder(grid, st, frame_w).row_heights())
        guess = frame_h / max(total_h + frame_h * 0.2, 1.0)
        step = cls.FIT_STEP
        scale = min(1.0, max(min_scale, step * int(guess / step)))
        story = one_page(scale)
        while story is None and scale - step >= min_scale - 1e-9:
            scale -= step
            story = one_page(scale)
        if story is None:
            return None
        while scale + step <= 1.0 + 1e-9:
            wider = one_page(scale + step)
            if wider is None:
                break
            scale, story = scale + step, wider
        width = frame_w / scale
        return cls(story, width, [f.wrap(width, 1e7)[1] for f in story], scale)

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = sum(self.sizes) * self.scale
        return availWidth, self.height

    def draw(self):
        c = self.canv
        c.saveState()
        c.translate((self.width - self.inner_w * self.scale) / 2, 0)
        c.scale(self.scale, self.scale)
        y = sum(self.sizes)
        for f, h in zip(self.flowables, self.sizes):
            y -= h
            f.drawOn(c, 0, y)
        c.restoreState()


def _surely_over_a_page(grid: Grid, heights: list[float], first_cap: float) -> bool:
    """Whether ``_TableBuilder.pages`` is sure to cut the grid into more than one page: its
    rows set as one table are taller than the first page and the first cut cannot be moved
    to the end by the repeated-header rule."""
    n = len(heights)
    rep = grid.repeated
    if n < 2 or (rep and min(rep[1], n) + 1 >= n):
        return False
    return sum(heights) > first_cap


def annex_story(grid: Grid, st: _Styles, frame_w: float, frame_h: float,
                fit: bool = True, trial: bool = False) -> list[Flowable]:
    """The annex table's flowables: over as many pages as it takes, or (``fit`` and the grid's
    ``fit_min_scale``) on one page scaled down when it fits that way. ``trial``: only whether
    it takes one page matters; one that surely takes more is not cut (a ``PageBreak`` says so)."""
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
        footer = _footer(grid.footer, sub_font, frame_w)
    pre_h = sum(f.wrap(frame_w, frame_h)[1] for f in pre)
    if pre_h > frame_h / 2:      # the table starts on a page of its own
        pre.append(PageBreak())
        pre_h = 0.0
    footer_h = footer.wrap(frame_w, frame_h)[1] + 6 if footer is not None else 0.0
    tb = _TableBuilder(grid, st, frame_w)
    slack = 4.0
    first_cap = frame_h - pre_h - slack
    may_fit = bool(fit and grid.fit_min_scale and pre_h)
    heights = tb.row_heights() if may_fit or trial else None
    if trial and (pre and isinstance(pre[-1], PageBreak)
                  or _surely_over_a_page(grid, heights, first_cap)):
        return [PageBreak()]
    if may_fit and _surely_over_a_page(grid, heights, first_cap):
        # it will not fit on its first page as set: try one page scaled down before cutting
        # (and measuring) pages that would be thrown away
        fitted = _FitPage.of(grid, st, frame_w, frame_h, grid.fit_min_scale, sum(heights))
        if fitted is not None:
            return [fitted]
        may_fit = False
    pages = tb.pages(first_cap, frame_h - slack, footer_h, heights)
    if len(pages) > 1 and may_fit:
        fitted = _FitPage.of(grid, st, frame_w, frame_h, grid.fit_min_scale, sum(heights))
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


# --------------------------------------------------------------------------- document

class _LazyAnnex(Flowable):
    """Stands in the story for one annex grid until the layout reaches it; ``_Doc`` then puts
    the grid's flowables (its page tables, cut and measured) in its place. So only the grid
    being laid out is held as tables: the ones before it were drawn and dropped, the ones after
    it are still plain grids. (Building every page's table before writing held them all: about
    +260 MB at 500 projects.)"""

    def __init__(self, grid: Grid, st: "_Styles", frame_w: float, frame_h: float):
        super().__init__()
        self.grid, self.st, self.frame_w, self.frame_h = grid, st, frame_w, frame_h

    def expand(self) -> list[Flowable]:
        # the set lines kept for re-measuring are those of the grid being laid out (the cells
        # of the grids before it keep their own lines while they wait to be drawn)
        _BROKEN.clear()
        _ATOMS.clear()
        return annex_story(self.grid, self.st, self.frame_w, self.frame_h)

    def wrap(self, availWidth, availHeight):  # noqa: N802 - reportlab API (never laid out itself)
        return 0, 0

    def draw(self) -> None:  # pragma: no cover - replaced before it is laid out
        pass


class _Doc(BaseDocTemplate):
    def handle_flowable(self, flowables) -> None:
        """Expand a ``_LazyAnnex`` at the head of the story into its grid's flowables (the build
        loop then lays them out as usual), else lay out the head as reportlab does."""
        if flowables and isinstance(flowables[0], _LazyAnnex):
            flowables[0:1] = flowables[0].expand()
            return
        super().handle_flowable(flowables)

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


def build_story(report: Report, fonts: FontReport, grids: Optional[Sequence[Grid]],
                lazy: bool = False) -> list[Flowable]:
    """The body, then every annex grid on pages of its own. ``lazy``: each grid is a
    ``_LazyAnnex`` that ``_Doc`` expands when the layout reaches it (what ``write_pdf`` does);
    else its flowables are made here."""
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
        if lazy:
            story.append(_LazyAnnex(grid, st, fw, fh))
        else:
            story.extend(annex_story(grid, st, fw, fh))
    return story


def write_pdf(report: Report, path: str | os.PathLike, fonts: Optional[FontReport] = None,
              grids: Optional[Sequence[Grid]] = None, scores=None) -> FontReport:
    """Write the report body and its annex tables to ``path``; return the fonts used.

    ``grids`` defaults to ``export.tables.build_all(report, scores)``. Raises ``ExportError``.
    The annex grids are laid out one at a time (``_LazyAnnex``); once the file is written, the
    memory the export used (its fonts too, when it looked them up itself) is handed back to the
    system (the window lives on after it).
    """
    had = registered_fonts()
    try:
        with fewer_collections():
            return _write_pdf(report, path, fonts, grids, scores)
    finally:
        _give_back_memory(had)


def _give_back_memory(had_fonts: frozenset) -> None:
    """Drop the line-setting caches and the fonts this export registered (those registered
    before it, as a caller's ``fonts``, stay), collect the export's objects and return the
    freed heap to the system (glibc keeps freed memory in its arenas otherwise: the window
    would hold the export's peak for the rest of the session)."""
    _BROKEN.clear()
    _ATOMS.clear()
    _WIDTHS.clear()
    release_fonts(had_fonts)
    give_back_heap()


def _write_pdf(report: Report, path: str | os.PathLike, fonts: Optional[FontReport],
               grids: Optional[Sequence[Grid]], scores) -> FontReport:
    report = printable(report)
    if fonts is None:
        fonts = find_fonts()
    if grids is None:
        from export.tables import build_all
        grids = build_all(report, scores)
    title = title_of(report)
    with atomic_target(path, "PDF 文件") as tmp:
        doc = _Doc(str(tmp), fonts, title=title, author=report.info.unit_name.strip(),
                   subject="部门整体支出绩效自评报告", creator="绩效自评填报")
        try:
            doc.build(build_story(report, fonts, grids, lazy=True))
        except LayoutError as e:   # reportlab's text names its objects: not for the user
            where = re.search(r"on page (\d+)", str(e))
            page = f"（第 {where.group(1)} 页附近）" if where else ""
            raise ExportError(f"PDF 排版失败：有一处内容{page}在一页中放不下，"
                              "请缩短过长的文字（如单位名称、单元格内容）后重试") from None
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
        yield from ("  " + line for line in used.lines())
