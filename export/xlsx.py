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
from decimal import Decimal
from typing import Iterable, Iterator, Optional, Sequence
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.page import PageMargins
from openpyxl.xml.functions import Element, SubElement
from openpyxl.worksheet.worksheet import Worksheet

from model import collector

from . import ExportError, atomic_target, printable
from .grid import Grid
from .sheet_layout import (BODY_SIZE, MARGINS, TITLE_SIZE, TOP_ROWS, frame_heights,
                           prints_on_one_page, row_heights, unit_right_columns)
from .sheet_layout import LINE_HEIGHT, MAX_ROW, MIN_ROW  # noqa: F401 - read as export.xlsx.X
from .tables import iter_grids
from .memory import give_back_heap
from .xlsx_fast import (_SHEET_FILE, SheetsFirstWriter, _SheetFile, _append_rows, _write_sheet_file,
                         drop_workbook, stream_into)

FONT_NAME = "宋体"

_thin = Side(style="thin", color="000000")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_H = {"left": "left", "center": "center", "right": "right"}


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


class _SharedStyle(StyleArray):
    """A style array shared by many cells: never changed, so its hash is computed once
    (openpyxl looks the style up by hash for every cell it writes)."""

    #: the ``s`` attribute of its cells once the first one is written (``_StyleCache.s_attr``)
    s = None

    def __hash__(self):
        h = self.__dict__.get("_hash")
        if h is None:
            h = self.__dict__["_hash"] = hash(tuple(self))
        return h


class _StyleCache:
    """Cell styles of one workbook, built once per combination and shared by every cell.

    Assigning openpyxl style objects cell by cell hashes them every time, which is slow
    for a report with many projects. The workbook is written in write-only mode, where
    a cell is written as soon as its row is appended and never changed afterwards, so
    its cells can share one prepared style array.
    """

    def __init__(self, ws) -> None:
        self._ws = ws
        self._arrays: dict[tuple, object] = {}
        self._s_attrs: dict[object, str] = {}
        #: sheet layout → the XML around the rows of its sheets (``_write_sheet_file``)
        self.frames: dict[tuple, Optional[tuple[bytes, bytes, bytes]]] = {}

    def s_attr(self, arr) -> str:
        """The ``s`` attribute a cell of style ``arr`` is written with (its id in the
        workbook's cell styles, given when first written, as openpyxl gives it), or “” for
        a cell without style."""
        s = self._s_attrs.get(arr)
        if s is None:
            s = self._s_attrs[arr] = (f' s="{self._ws.parent._cell_styles.add(arr)}"' if any(arr) else "")
        if isinstance(arr, _SharedStyle):
            arr.s = s           # the arrays of a cache belong to its workbook alone
        return s

    def line(self, bold: bool, size: float, horizontal: str, wrap: bool):
        """The style of a line above or below the body (annex label, title, unit, footer):
        no border, vertically centred."""
        key = ("line", bold, size, horizontal, wrap)
        arr = self._arrays.get(key)
        if arr is None:
            xc = WriteOnlyCell(self._ws)
            xc.font = _font(bold=bold, size=size)
            xc.alignment = (Alignment(horizontal=horizontal, vertical="center", wrap_text=True) if wrap
                            else Alignment(horizontal=horizontal, vertical="center"))
            arr = self._arrays[key] = _SharedStyle(xc._style)
        return arr

    def get(self, bold: bool, horizontal: str, number_format: str):
        key = (bold, horizontal, number_format)
        arr = self._arrays.get(key)
        if arr is None:
            xc = WriteOnlyCell(self._ws)
            xc.font = _font(bold=bold)
            xc.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True,
                                     indent=0 if horizontal == "center" else 1)
            xc.border = BORDER
            xc.number_format = number_format
            arr = self._arrays[key] = _SharedStyle(xc._style)
        return arr

    def border_only(self):
        arr = self._arrays.get(None)
        if arr is None:
            xc = WriteOnlyCell(self._ws)
            xc.font = _font()
            xc.alignment = Alignment(vertical="center", wrap_text=True)
            xc.border = BORDER
            arr = self._arrays[None] = _SharedStyle(xc._style)
        return arr


def _ref(r1: int, c1: int, r2: int, c2: int) -> str:
    return f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}"


def _write_merges(ws, refs: list[str]) -> None:
    """Register the merged ranges of a sheet whose rows are all appended.

    The grid's ranges never overlap. Handing the sheet writer the finished
    ``<mergeCells>`` element spares openpyxl building and parsing a range object per
    merged cell twice; without that hook (another openpyxl) the ranges are registered
    the public way, skipping the quadratic overlap scan of ``MultiCellRange.add``.
    """
    if not refs:
        return
    writer = getattr(ws, "_writer", None)
    if writer is not None and hasattr(writer, "write_merged_cells") and hasattr(writer, "xf"):
        el = Element("mergeCells", count=str(len(refs)))
        for ref in refs:
            SubElement(el, "mergeCell", ref=ref)
        writer.write_merged_cells = lambda: writer.xf.send(el)
        return
    ranges = ws.merged_cells.ranges
    for ref in refs:
        if isinstance(ranges, set):
            ranges.add(CellRange(ref))
        else:
            ws.merged_cells.add(ref)


#: height → the attributes openpyxl writes for a row of that height
_ROW_ATTRS: dict[float, dict] = {}


def _set_heights(ws, first: int, heights: Sequence[float]) -> None:
    """Row heights of the body rows, from row ``first`` on.

    A write-only sheet only reads the attributes of each row's dimension as it writes
    the row, so rows of the same height share one prepared mapping of those attributes
    instead of a RowDimension object each (built and read back once per row otherwise).
    """
    dims = ws.row_dimensions
    for i, h in enumerate(heights):
        attrs = _ROW_ATTRS.get(h)
        if attrs is None:
            attrs = _ROW_ATTRS[h] = dict(RowDimension(ws, index=1, ht=h))
            attrs.pop("r", None)
        dict.__setitem__(dims, first + i, attrs)


def render_grid(ws, grid: Grid, styles: Optional[_StyleCache] = None) -> None:
    """Lay ``grid`` out on the write-only sheet ``ws`` with its title, unit line, body,
    footer and print settings, and write the sheet. Column widths and row heights are set
    before the rows are written, as a write-only sheet requires."""
    styles = styles or _StyleCache(ws)
    ncols = grid.ncols
    last_col = get_column_letter(ncols)
    for i, w in enumerate(grid.col_widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    # row → column → (style array, value): a text (a text cell, “” included), a Decimal
    # (a number cell) or None (an empty bordered cell)
    rows: dict[int, dict[int, tuple]] = {}
    merges: list[str] = []

    def _range(r1: int, c1: int, r2: int, c2: int) -> None:
        if r1 != r2 or c1 != c2:
            merges.append(_ref(r1, c1, r2, c2))

    def put(r: int, c: int, text: str, style) -> None:
        rows.setdefault(r, {})[c] = (style, cell_text(text))

    # annex label, title, unit line (heights as export.sheet_layout works them out)
    label_h, title_h, unit_h, footer_h = frame_heights(grid)
    put(1, 1, grid.annex_label, styles.line(True, 12, "left", False))
    _range(1, 1, 1, ncols)
    ws.row_dimensions[1].height = label_h
    put(2, 1, grid.title, styles.line(True, TITLE_SIZE, "center", True))
    _range(2, 1, 2, ncols)
    ws.row_dimensions[2].height = title_h
    right_cols = unit_right_columns(grid)
    put(3, 1, grid.subtitle_left, styles.line(False, BODY_SIZE, "left", True))
    _range(3, 1, 3, ncols - right_cols)
    put(3, ncols - right_cols + 1, grid.subtitle_right, styles.line(False, BODY_SIZE, "right", False))
    _range(3, ncols - right_cols + 1, 3, ncols)
    ws.row_dimensions[3].height = unit_h

    # body: every position gets a bordered cell, the covered cells of a merged range too
    top = TOP_ROWS + 1
    nrows = grid.nrows
    blank = (styles.border_only(), None)
    cell_styles: dict[tuple, object] = {}     # (bold, align, number format) → style array
    for cell in grid.cells:
        r, col = top + cell.row, 1 + cell.col
        value = cell.value
        if value is not None and not cell.user_text:
            if value.__class__ is not Decimal:
                value = Decimal(value)
            fmt = cell.number_format or "General"
        else:
            value = cell_text(cell.text)
            fmt = "General"
        key = (cell.bold, cell.align, fmt)
        style = cell_styles.get(key)
        if style is None:
            style = cell_styles[key] = styles.get(cell.bold, _H.get(cell.align, "center"), fmt)
        entry = (style, value)
        row = rows.get(r)
        if row is None:
            row = rows[r] = {}
        row[col] = entry
        if cell.rowspan != 1 or cell.colspan != 1:
            r2, c2 = r + cell.rowspan - 1, col + cell.colspan - 1
            _range(r, col, r2, c2)
            for rr in range(r, r2 + 1):
                covered = rows.setdefault(rr, {})
                for cc in range(col, c2 + 1):
                    if (rr != r or cc != col) and cc not in covered:
                        covered[cc] = blank
    body_heights = row_heights(grid, nrows)
    _set_heights(ws, top, body_heights)
    # positions no grid cell covers still get a border (a well-built grid has none)
    for rr in range(top, top + nrows):
        row = rows.setdefault(rr, {})
        if len(row) < ncols:
            for cc in range(1, ncols + 1):
                if cc not in row:
                    row[cc] = blank

    # footer line: left, with room for the signature
    frow = top + nrows
    last_row = frow
    if grid.footer:
        put(frow, 1, grid.footer, styles.line(False, BODY_SIZE, "left", True))
        _range(frow, 1, frow, ncols)
        ws.row_dimensions[frow].height = footer_h
    else:
        last_row = frow - 1

    _print_setup(ws, grid, top, last_row, last_col, prints_on_one_page(grid, body_heights))
    if (_SHEET_FILE and getattr(ws, "_writer", False) is None and getattr(ws, "_rows", False) is None
            and _write_sheet_file(ws, rows, ncols, merges, styles,
                                  (tuple(grid.col_widths), grid.landscape, ws.page_setup.fitToHeight))):
        return
    _append_rows(ws, rows, ncols)
    _write_merges(ws, merges)


def _print_setup(ws, grid: Grid, top: int, last_row: int, last_col: str,
                 one_page: bool = False) -> None:
    ps = ws.page_setup
    ps.paperSize = Worksheet.PAPERSIZE_A4
    ps.orientation = Worksheet.ORIENTATION_LANDSCAPE if grid.landscape else Worksheet.ORIENTATION_PORTRAIT
    ps.fitToWidth = 1
    # one page when export.sheet_layout says so (the PDF prints it on one page then too);
    # else as many pages down as it takes
    ps.fitToHeight = 1 if one_page else 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    left, right, top_m, bottom = MARGINS
    ws.page_margins = PageMargins(left=left, right=right, top=top_m, bottom=bottom, header=0.3,
                                  footer=0.35)
    rep = grid.repeated
    if rep:
        ws.print_title_rows = f"{top + rep[0]}:{top + rep[1] - 1}"
    ws.print_area = f"A1:{last_col}{last_row}"
    hf = ws.HeaderFooter
    hf.oddFooter.center.text = "第 &P 页 共 &N 页"
    hf.oddFooter.center.size = 9
    hf.oddFooter.center.font = f"{FONT_NAME},常规"
    hf.evenFooter.center.text = "第 &P 页 共 &N 页"
    ws.sheet_view.showGridLines = False


def _new_sheet(wb: Workbook, title: str):
    """``wb.create_sheet(title)`` for a title known to be legal and unique (``clean_sheet_name``
    made it): openpyxl would compare it with every sheet made before, lower-casing each name
    (1 500 projects: ≈ 1.1 million comparisons). The sheet is made without a workbook, so its
    title is taken as it is, then joined to the workbook; if this openpyxl keeps titles some
    other way, the ordinary ``create_sheet`` is used."""
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet
    try:
        ws = WriteOnlyWorksheet(None, None)
        ws._WorkbookChild__title = title
        ws._parent = wb
    except (AttributeError, TypeError):
        return wb.create_sheet(title)
    if ws.title != title or ws.parent is not wb:
        return wb.create_sheet(title)
    wb._add_sheet(ws)
    return ws


def build_workbook(grids: Iterable[Grid], archive: Optional[ZipFile] = None) -> Workbook:
    """A write-only workbook with one sheet per grid, ready to be saved once. ``grids`` may be
    an iterator: each grid is written to its sheet and let go before the next is asked for.
    The workbook's title is the first grid's. ``archive``: the zip file the workbook will be
    saved to (``_save``), which then receives each sheet as soon as it is laid out."""
    wb = Workbook(write_only=True)
    if archive is not None:
        stream_into(wb, archive)
    styles = None
    try:
        for grid in grids:
            ws = _new_sheet(wb, grid.sheet_name)
            if styles is None:
                styles = _StyleCache(ws)      # style ids belong to the workbook: shared by its sheets
                wb.properties.title = grid.title
            render_grid(ws, grid, styles)
    except BaseException:
        _discard(wb)        # the sheets written so far leave no temporary files behind
        raise
    if wb.worksheets:
        wb.active = 0
    wb.properties.creator = "绩效自评填报"
    return wb


def _discard(wb: Workbook) -> None:
    """Close the sheet streams of a write-only workbook that was not saved and remove their
    temporary files (a failed export leaves nothing behind)."""
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        try:
            ws.close()
        except Exception:
            pass
        if isinstance(writer, _SheetFile):
            writer.cleanup()
            continue
        out = getattr(writer, "out", None)
        if isinstance(out, str) and os.path.exists(out):
            try:
                os.remove(out)
            except OSError:
                pass


def _open_archive(path) -> ZipFile:
    return ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True)


def _abandon(archive: Optional[ZipFile]) -> None:
    """Close a failed archive's file without writing its directory (which would only fail again
    later, when the archive is garbage-collected). Does nothing the second time."""
    fp = archive.fp if archive is not None else None
    if fp is not None:
        archive.fp = None                         # ``close`` does nothing without a file
        try:
            fp.close()
        except OSError:
            pass


def _save(wb: Workbook, path, archive: Optional[ZipFile] = None) -> None:
    """``wb.save(path)``, keeping hold of the zip archive: when writing fails (a full disk),
    the archive is closed without writing its directory. ``archive``: the one the sheets were
    already written into (``build_workbook``); its opener abandons it on failure."""
    from datetime import datetime, timezone
    if wb.write_only and not wb.worksheets:
        wb.create_sheet()
    own = archive is None
    if own:
        archive = _open_archive(path)
    wb.properties.modified = datetime.now(tz=timezone.utc).replace(tzinfo=None)
    try:
        SheetsFirstWriter(wb, archive).save()
    except BaseException:
        if own:
            _abandon(archive)
        raise


def write_xlsx(report, path: str | os.PathLike, scores=None) -> list[str]:
    """Write the annex tables of ``report`` to ``path``; return the sheet names. ``scores`` is the
    report's ``ReportScores`` when the caller holds it.

    Raises ``ExportError`` (Chinese) when the file cannot be written. The memory the export
    used is given back to the system afterwards (``export.memory``).
    """
    try:
        with collector.held():
            return write_grids(iter_grids(printable(report), scores), path)
    finally:
        give_back_heap(collect=False)


def write_grids(grids: Iterable[Grid], path: str | os.PathLike) -> list[str]:
    """Write ``grids`` (one sheet each; a list or an iterator, see ``build_workbook``) to
    ``path`` atomically; return the sheet names."""
    names: list[str] = []

    def named(gs: Iterable[Grid]) -> Iterator[Grid]:
        for g in gs:
            names.append(g.sheet_name)
            yield g
    with atomic_target(path, "Excel 文件") as tmp:
        # a write-only workbook streams its rows as they are laid out: built once the target is
        # known to be writable, each sheet written into the target's archive as it is laid out
        # (``xlsx_fast.stream_into``; openpyxl's own temporary files when its internals differ),
        # saved once, discarded cleanly on failure
        archive = _open_archive(tmp) if _SHEET_FILE else None
        wb = None
        try:
            wb = build_workbook(named(grids), archive)
            try:
                _save(wb, tmp, archive)
            except OSError:
                _discard(wb)
                raise
            except Exception as e:  # openpyxl raises plain exceptions for unwritable content
                _discard(wb)
                raise ExportError(f"生成 Excel 文件失败：{e}") from None
        except BaseException:
            _abandon(archive)
            raise
        finally:
            if wb is not None:
                drop_workbook(wb)
    return names
