"""How tall an annex sheet is and whether it prints on one page: the one estimate the workbook
and the PDF both go by, so the two never disagree on whether a 附件4 is one page.

Row heights are what the workbook sets (each cell's wrapped text shown whole at 10 pt); the
scale is Excel's “fit to one page” on A4 with the workbook's margins. Plain Python: no
openpyxl, no reportlab.
"""
from __future__ import annotations

from typing import Optional

from .grid import Grid, estimate_lines

BODY_SIZE = 10
TITLE_SIZE = 16
LINE_HEIGHT = 13.0        # points per text line at 10 pt
ROW_PADDING = 4.0         # points above and below the text
MIN_ROW = 17.0            # points
MAX_ROW = 409.0           # Excel's limit

#: rows above the body: annex label, title, unit line
TOP_ROWS = 3

#: page margins in inches (left, right, top, bottom)
MARGINS = (0.55, 0.55, 0.7, 0.75)
A4_POINTS = (595.3, 841.9)


def row_heights(grid: Grid, nrows: Optional[int] = None) -> list[float]:
    """Heights in points of every body row so each cell's wrapped text shows whole
    (``nrows``: ``grid.nrows`` when the caller has it)."""
    n = grid.nrows if nrows is None else nrows
    lines = [1] * n
    widths = grid.col_widths
    spans: dict[tuple[int, int], float] = {}    # (column, colspan) → width
    multi = []
    for c in grid.cells:
        if not c.text:
            need = 1
        else:
            key = (c.col, c.colspan)
            width = spans.get(key)
            if width is None:
                width = spans[key] = sum(widths[c.col:c.col + c.colspan])
            need = estimate_lines(c.text, width)
        if c.rowspan == 1:
            if need > lines[c.row]:
                lines[c.row] = need
        else:
            multi.append((c, need))
    heights = [max(MIN_ROW, k * LINE_HEIGHT + ROW_PADDING) for k in lines]
    for c, need in multi:
        rows = range(c.row, c.row + c.rowspan)
        have = sum(heights[i] for i in rows)
        want = need * LINE_HEIGHT + ROW_PADDING
        if want > have:
            extra = (want - have) / c.rowspan
            for i in rows:
                heights[i] += extra
    return [min(MAX_ROW, round(h, 1)) for h in heights]


def unit_right_columns(grid: Grid) -> int:
    """How many of the last columns the unit line's right part (subtitle_right) spans."""
    return 2 if grid.ncols > 3 else 1


def frame_heights(grid: Grid) -> tuple[float, float, float, Optional[float]]:
    """Heights in points of the rows around the body: annex label, title, unit line, and the
    footer line (None when the grid has no footer)."""
    total_width = sum(grid.col_widths)
    title_lines = estimate_lines(grid.title, total_width * BODY_SIZE / TITLE_SIZE)
    left_width = sum(grid.col_widths[:grid.ncols - unit_right_columns(grid)])
    unit = max(22, estimate_lines(grid.subtitle_left, left_width) * LINE_HEIGHT + 8)
    footer = (max(30, estimate_lines(grid.footer, total_width) * LINE_HEIGHT + 16)
              if grid.footer else None)
    return 20, max(32, title_lines * 22 + 10), unit, footer


def sheet_height(grid: Grid, body: Optional[list[float]] = None) -> float:
    """The whole sheet's height in points: the rows above the body, the body (``body``: its row
    heights when the caller has them) and the footer line."""
    label, title, unit, footer = frame_heights(grid)
    if body is None:
        body = row_heights(grid)
    return label + title + unit + sum(body) + (footer or 0.0)


def print_scale(grid: Grid, height: float) -> float:
    """The scale at which the whole sheet (``height`` points high, the grid's columns wide)
    prints on one A4 page in the grid's orientation."""
    short, long_ = A4_POINTS
    page_w, page_h = (long_, short) if grid.landscape else (short, long_)
    left, right, top, bottom = MARGINS
    # a column of width w shows w digits of 7 px plus 5 px of padding (at 96 dpi)
    sheet_w = sum((w * 7 + 5) * 0.75 for w in grid.col_widths)
    return min((page_w - (left + right) * 72) / sheet_w,
               (page_h - (top + bottom) * 72) / max(height, 1.0), 1.0)


def prints_on_one_page(grid: Grid, body: Optional[list[float]] = None) -> bool:
    """Whether the grid is printed on one page scaled down: it asks for it (``fit_min_scale``)
    and its sheet fits on one page at that scale or larger. The workbook's “fit to one page”
    and the PDF's one-page annex both follow this answer."""
    if grid.fit_min_scale is None:
        return False
    return print_scale(grid, sheet_height(grid, body)) >= grid.fit_min_scale
