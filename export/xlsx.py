"""Render the annex grids of ``export.tables`` as one print-ready Excel workbook.

One sheet per grid. Numbers are numeric cells with a number format (the values
are computed by ``model``; no Excel formulas), user text is always a text cell
(a name starting with “=” never becomes a formula). Every sheet prints on A4,
one page wide, with the header rows repeated, “第 N 页 共 M 页” in the footer and
row heights that show the whole wrapped text, so it reads and prints the same
in Excel, WPS and LibreOffice.
"""
from __future__ import annotations

import os
from copy import copy
from decimal import Decimal
from typing import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from . import ExportError, atomic_target, printable
from .grid import Grid, estimate_lines
from .tables import build_all

FONT_NAME = "宋体"
BODY_SIZE = 10
TITLE_SIZE = 16
LINE_HEIGHT = 13.0        # points per text line at 10 pt
ROW_PADDING = 4.0         # points above and below the text
MIN_ROW = 17.0            # points
MAX_ROW = 409.0           # Excel's limit

_thin = Side(style="thin", color="000000")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_H = {"left": "left", "center": "center", "right": "right"}

#: rows above the body: annex label, title, unit line
TOP_ROWS = 3


def _font(bold: bool = False, size: float = BODY_SIZE) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold)


#: Excel keeps at most this many characters in a cell
CELL_MAX = 32767
TRUNCATED = "……（以下内容超出 Excel 单元格长度上限，未能写入）"
_ILLEGAL = ILLEGAL_CHARACTERS_RE


def cell_text(text: str) -> str:
    """``text`` as Excel can store it: control characters dropped, length within the cell limit."""
    text = _ILLEGAL.sub("", text)
    if len(text) > CELL_MAX:
        text = text[:CELL_MAX - len(TRUNCATED)] + TRUNCATED
    return text


def _put_text(cell, text: str) -> None:
    """Write ``text`` as a text cell, whatever it starts with (“=” never makes a formula)."""
    text = cell_text(text)
    cell.value = text
    if text:
        cell.data_type = "s"


def _merge(ws: Worksheet, r1: int, c1: int, r2: int, c2: int) -> None:
    if r1 != r2 or c1 != c2:
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)


def _merge_body(ws: Worksheet, r1: int, c1: int, r2: int, c2: int) -> list[MergedCell]:
    """Merge a body range and return its covered cells, to be styled by the caller.

    ``Worksheet.merge_cells`` also restyles the edge cells of every range, which takes
    most of the time of a large workbook and is undone here anyway (every cell of a
    body range gets the full border), so the range is registered directly.
    """
    mcr = MergedCellRange(ws, f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}")
    ranges = ws.merged_cells.ranges
    if isinstance(ranges, set):
        ranges.add(mcr)          # the grid's cells never overlap: skip the overlap scan
    else:
        ws.merged_cells.add(mcr)
    out = []
    for r in range(r1, r2 + 1):
        for c in range(c1, c2 + 1):
            if r == r1 and c == c1:
                continue
            mc = MergedCell(ws, row=r, column=c)
            ws._cells[(r, c)] = mc
            out.append(mc)
    return out


def row_heights(grid: Grid) -> list[float]:
    """Heights in points of every body row so each cell's wrapped text shows whole."""
    n = grid.nrows
    lines = [1] * n
    widths = grid.col_widths
    multi = []
    for c in grid.cells:
        width = sum(widths[c.col:c.col + c.colspan])
        need = estimate_lines(c.text, width) if c.text else 1
        if c.rowspan == 1:
            lines[c.row] = max(lines[c.row], need)
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


class _StyleCache:
    """Body cell styles of one workbook, built once per combination and copied to each cell.

    Assigning openpyxl style objects cell by cell hashes them every time, which is slow
    for a report with many projects; copying a prepared style array is not.
    """

    def __init__(self) -> None:
        self._arrays: dict[tuple, object] = {}

    def apply(self, xc, bold: bool, horizontal: str, number_format: str) -> None:
        key = (bold, horizontal, number_format)
        arr = self._arrays.get(key)
        if arr is None:
            xc.font = _font(bold=bold)
            xc.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True,
                                     indent=0 if horizontal == "center" else 1)
            xc.border = BORDER
            xc.number_format = number_format
            self._arrays[key] = copy(xc._style)
        else:
            xc._style = copy(arr)

    def border_only(self, xc) -> None:
        arr = self._arrays.get(None)
        if arr is None:
            xc.font = _font()
            xc.alignment = Alignment(vertical="center", wrap_text=True)
            xc.border = BORDER
            self._arrays[None] = copy(xc._style)
        else:
            xc._style = copy(arr)


def _style_cache(ws: Worksheet) -> _StyleCache:
    wb = ws.parent
    cache = getattr(wb, "_jxzp_styles", None)
    if cache is None:
        cache = _StyleCache()
        wb._jxzp_styles = cache
    return cache


def render_grid(ws: Worksheet, grid: Grid) -> None:
    """Lay ``grid`` out on ``ws`` with its title, unit line, body, footer and print settings."""
    ncols = grid.ncols
    last_col = get_column_letter(ncols)
    for i, w in enumerate(grid.col_widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w

    # annex label, title, unit line
    c = ws.cell(1, 1)
    _put_text(c, grid.annex_label)
    c.font = _font(bold=True, size=12)
    c.alignment = Alignment(horizontal="left", vertical="center")
    _merge(ws, 1, 1, 1, ncols)
    ws.row_dimensions[1].height = 20
    c = ws.cell(2, 1)
    _put_text(c, grid.title)
    c.font = _font(bold=True, size=TITLE_SIZE)
    c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    _merge(ws, 2, 1, 2, ncols)
    total_width = sum(grid.col_widths)
    title_lines = estimate_lines(grid.title, total_width * BODY_SIZE / TITLE_SIZE)
    ws.row_dimensions[2].height = max(32, title_lines * 22 + 10)
    right_cols = 2 if ncols > 3 else 1
    c = ws.cell(3, 1)
    _put_text(c, grid.subtitle_left)
    c.font = _font()
    c.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
    _merge(ws, 3, 1, 3, ncols - right_cols)
    c = ws.cell(3, ncols - right_cols + 1)
    _put_text(c, grid.subtitle_right)
    c.font = _font()
    c.alignment = Alignment(horizontal="right", vertical="center")
    _merge(ws, 3, ncols - right_cols + 1, 3, ncols)
    left_width = sum(grid.col_widths[:ncols - right_cols])
    ws.row_dimensions[3].height = max(22, estimate_lines(grid.subtitle_left, left_width) * LINE_HEIGHT + 8)

    # body
    top = TOP_ROWS + 1
    styles = _style_cache(ws)
    covered: set[tuple[int, int]] = set()
    for cell in grid.cells:
        r, col = top + cell.row, 1 + cell.col
        xc = ws.cell(r, col)
        fmt = "General"
        if cell.value is not None and not cell.user_text:
            xc.value = cell.value if isinstance(cell.value, Decimal) else Decimal(cell.value)
            fmt = cell.number_format or "General"
        else:
            _put_text(xc, cell.text)
        styles.apply(xc, cell.bold, _H.get(cell.align, "center"), fmt)
        r2, c2 = r + cell.rowspan - 1, col + cell.colspan - 1
        covered.add((r, col))
        if r2 != r or c2 != col:
            for mc in _merge_body(ws, r, col, r2, c2):
                covered.add((mc.row, mc.column))
                styles.border_only(mc)        # borders on every cell of a merged range
    nrows = grid.nrows
    for i, h in enumerate(row_heights(grid)):
        ws.row_dimensions[top + i].height = h
    # positions no grid cell covers still get a border (a well-built grid has none)
    for rr in range(top, top + nrows):
        for cc in range(1, ncols + 1):
            if (rr, cc) not in covered:
                styles.border_only(ws.cell(rr, cc))

    # footer line: left, with room for the signature
    frow = top + nrows
    last_row = frow
    if grid.footer:
        c = ws.cell(frow, 1)
        _put_text(c, grid.footer)
        c.font = _font()
        c.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
        _merge(ws, frow, 1, frow, ncols)
        ws.row_dimensions[frow].height = max(30, estimate_lines(grid.footer, total_width) * LINE_HEIGHT + 16)
    else:
        last_row = frow - 1

    _print_setup(ws, grid, top, last_row, last_col)


def _print_setup(ws: Worksheet, grid: Grid, top: int, last_row: int, last_col: str) -> None:
    ps = ws.page_setup
    ps.paperSize = ws.PAPERSIZE_A4
    ps.orientation = ws.ORIENTATION_LANDSCAPE if grid.landscape else ws.ORIENTATION_PORTRAIT
    ps.fitToWidth = 1
    ps.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.55, right=0.55, top=0.7, bottom=0.75, header=0.3, footer=0.35)
    rep = grid.repeated
    if rep:
        ws.print_title_rows = f"{top + rep[0]}:{top + rep[1] - 1}"
    ws.print_area = f"A1:{last_col}{last_row}"
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.oddFooter.center.size = 9
    ws.oddFooter.center.font = f"{FONT_NAME},常规"
    ws.evenFooter.center.text = "第 &P 页 共 &N 页"
    ws.sheet_view.showGridLines = False


def build_workbook(grids: Sequence[Grid]) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    for grid in grids:
        ws = wb.create_sheet(grid.sheet_name)
        render_grid(ws, grid)
    if grids:
        wb.active = 0
    wb.properties.creator = "绩效自评填报"
    return wb


def write_xlsx(report, path: str | os.PathLike) -> list[str]:
    """Write the annex tables of ``report`` to ``path``; return the sheet names.

    Raises ``ExportError`` (Chinese) when the file cannot be written.
    """
    grids = build_all(printable(report))
    wb = build_workbook(grids)
    if grids:
        wb.properties.title = grids[0].title
    with atomic_target(path, "Excel 文件") as tmp:
        try:
            wb.save(tmp)
        except OSError:
            raise
        except Exception as e:  # openpyxl raises plain exceptions for unwritable content
            raise ExportError(f"生成 Excel 文件失败：{e}") from None
    return [g.sheet_name for g in grids]
