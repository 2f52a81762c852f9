"""An annex grid as page-sized reportlab Tables: every cell a CJK paragraph, the rows cut into
pages (merged cells continued, header rows repeated), the row heights worked out as reportlab
does without building the whole grid as one table."""
from __future__ import annotations

from typing import Optional, Sequence

from reportlab.lib import colors
from reportlab.platypus import Flowable, Table, TableStyle
from reportlab.platypus.tables import spanFixDim

from export.grid import Grid
from export.linebreak import Style
from export.pdf.geometry import CELL_BOTTOM, CELL_LEADING, CELL_PAD, CELL_SIZE, CELL_TOP
from export.pdf.styles import Styles
from export.pdf.text import CJKText

_CELL_STYLES: dict[tuple[str, bool], Style] = {}


def cell_text(text: str, font: str, align: str, bold: bool = False) -> Flowable | str:
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


class PageTable(Table):
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

    def draw(self):
        """As ``Table.draw`` (backgrounds, cells, then the grid lines), but the text of every
        cell that is a CJK paragraph goes into one text object for the whole table, placed by
        the cell's position (left, vertically centred, as ``Table._drawCell`` places it),
        instead of a graphics state, a translation and a text object per cell. Other cells
        are drawn by reportlab; empty ones print nothing and are skipped."""
        if getattr(self, "_renderCB", None):
            return super().draw()
        c = self.canv
        c.saveState()
        self._curweight = self._curcolor = self._curcellstyle = None
        self._makeShadow()
        self._makeRoundedCornersClip()
        self._drawBkgrnd()
        text = None
        for value, style, x, y, w, h in self._cells():
            para = value
            if isinstance(value, (tuple, list)) and len(value) == 1:
                para = value[0]             # reportlab holds a flowable cell as a 1-tuple
            if (type(para) is CJKText and style.alignment == "LEFT" and style.valign == "MIDDLE"
                    and not style.href and not style.destination):
                cur = self._curcellstyle
                if cur is not style:         # the cell style's colour and font, as _drawCell
                    if cur is None or style.color != cur.color:
                        if text is not None:
                            c.drawText(text)
                            text = None
                        c.setFillColor(style.color)
                    if (cur is None or style.leading != cur.leading
                            or style.fontname != cur.fontname or style.fontsize != cur.fontsize):
                        if text is not None:
                            c.drawText(text)
                            text = None
                        c.setFont(style.fontname, style.fontsize, style.leading)
                    self._curcellstyle = style
                _, th = para.wrap(w - style.leftPadding - style.rightPadding,
                                   h - style.topPadding - style.bottomPadding)
                top = y + (h + style.bottomPadding - style.topPadding + th) / 2.0
                text = para.draw_at(c, x + style.leftPadding, top - th, text)
            elif not (type(value) is str and not value):
                if text is not None:
                    c.drawText(text)
                    text = None
                self._drawCell(value, style, (x, y), (w, h))
        if text is not None:
            c.drawText(text)
        self._drawLines()
        c.restoreState()

    def _cells(self):
        """(value, style, x, y, width, height) of every cell drawn, in ``Table.draw``'s order."""
        values, styles = self._cellvalues, self._cellStyles
        if self._spanCmds:
            rects = self._spanRects
            for r in range(self._nrows):
                for col in range(self._ncols):
                    rect = rects[col, r]
                    if rect is not None:
                        yield (values[r][col], styles[r][col], *rect)
        else:
            for row, row_styles, y, h in zip(values, styles, self._rowpositions[1:],
                                             self._rowHeights):
                for value, style, x, w in zip(row, row_styles, self._colpositions[:-1],
                                              self._colWidths):
                    yield value, style, x, y, w, h


class TableBuilder:
    """Turns a Grid into page-sized reportlab Tables."""

    def __init__(self, grid: Grid, st: Styles, width: float):
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
            f = self._cells[k] = cell_text(cell.text, font, cell.align, fake_bold)
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

    def table(self, rows: Sequence[int], split_in_row: bool = False,
              set_heights: bool = False) -> Table:
        """A Table of the given grid rows (in order); spans are clipped to the rows present
        and a merged cell continued from an earlier page repeats its text. ``set_heights``:
        the table is given its row heights, worked out here as reportlab would work them out
        (``_heights``), so that reportlab does not measure its cells again."""
        data, spans = self._layout(rows)
        heights = self._heights(data, spans) if set_heights else None
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
        return PageTable(data, colWidths=self.col_widths, rowHeights=heights, style=TableStyle(cmds),
                         repeatRows=0, splitByRow=1, splitInRow=1 if split_in_row else 0,
                         hAlign="CENTER")

    def row_heights(self, stop_above: Optional[float] = None) -> Optional[list[float]]:
        """The row heights of the whole grid set as one table, as reportlab's Table computes
        them (``Table._calc_height``: the tallest cell of each row, then the height of merged
        cells spread over the rows they span) without building that table.

        ``stop_above``: None as soon as the rows measured so far are taller than this (merged
        cells only ever make rows taller, so the whole table is taller too), without setting
        the cells of the rows after them."""
        data, spans = self._layout(range(self.grid.nrows))
        return self._heights(data, spans, stop_above)

    def _heights(self, data: list[list], spans: list[tuple[int, int, int, int]],
                 stop_above: Optional[float] = None) -> Optional[list[float]]:
        """The row heights of a table of ``data`` with ``spans`` (see ``row_heights``)."""
        n, ncols = len(data), self.grid.ncols
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
        so_far = 0.0
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
            if stop_above is not None:
                so_far += h
                if so_far > stop_above:
                    return None
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
                table = self.table([*prefix, *range(start, end)], split_in_row=True,
                                   set_heights=True)
                _, h = table.wrap(self.width, 1e7)
                if h <= need:
                    break
                if end - start > 1:
                    shorter = cut(start, end - 1)
                    if start < shorter < end:
                        end = shorter
                        continue
                # one row taller than a page: reportlab splits inside it, with the heights
                # it measures itself
                table = self.table([*prefix, *range(start, end)], split_in_row=True)
                table.wrap(self.width, 1e7)
                break
            pages.append([*prefix, *range(start, end)])
            self.page_tables.append(table)     # the last one measured is the page's table
            start, cap = end, next_cap
        return pages
