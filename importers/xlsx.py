"""Read an Excel workbook (.xlsx) of annex tables as filled in by hand.

The package is bounded first (``safety.check_package``); then openpyxl loads it
with cached values only (``data_only=True``: formulas are never evaluated).
openpyxl parses worksheets with defusedxml when it is installed (it is a
dependency), and this module refuses any XML part with a DTD before that.
Normal (not read-only) mode is used because merged ranges are only known
there; the size checks keep that affordable.

Each worksheet becomes a ``SourceGrid`` (merged ranges filled with their
top-left text); ``importers.tables`` finds the annex tables in them.
"""
from __future__ import annotations

import os
import warnings
import zipfile

from .errors import ImportError_
from .grid import SourceGrid, value_text
from .safety import MAX_SHEET_ROWS, XLSX, check_package
from .tables import AnnexData, read_grids

MAX_COLS = 200          # columns read from one sheet
MAX_GRID_CELLS = 300_000  # rows × columns of one sheet's used range


def _col_letter(c: int) -> str:
    s = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        s = chr(65 + rem) + s
    return s


def load_grids(path: str) -> tuple[list[SourceGrid], list[str]]:
    """Every visible worksheet of the workbook as a grid, and notes for the review list."""
    name = os.path.basename(path)
    stats = check_package(path, XLSX)
    notes = []
    if stats.uncached_formulas:
        notes.append(f"Excel 文件“{name}”中有 {stats.uncached_formulas} 个公式单元格没有保存计算结果"
                     "（文件可能由其他程序生成），这些单元格按空白导入；请在 Excel 中打开、保存后再导入")
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path, data_only=True, read_only=False, keep_links=False)
    except ImportError_:
        raise
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError,
            EOFError, AttributeError, IndexError) as e:
        raise ImportError_(f"Excel 文件“{name}”已损坏或格式不正确，无法读取（{type(e).__name__}）") from None
    except Exception as e:  # defusedxml refusals and XML syntax errors have many types
        if type(e).__module__.startswith(("defusedxml", "xml", "lxml")):
            raise ImportError_(f"Excel 文件“{name}”的内部 XML 无法安全读取，未导入") from None
        raise ImportError_(f"Excel 文件“{name}”无法读取（{type(e).__name__}）") from None
    grids = []
    try:
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue
            grids.append(_sheet_grid(ws, name))
    finally:
        wb.close()
    return grids, notes


def _used_range(ws) -> tuple[int, int]:
    """Rows and columns up to the last cell that holds a value or starts a merged range
    (formatting far away, e.g. a border on row 5000, does not count)."""
    cells = getattr(ws, "_cells", None)
    if not isinstance(cells, dict):
        return ws.max_row or 0, ws.max_column or 0
    nrows = ncols = 0
    for (r, c), cell in cells.items():
        if cell.value is not None and not (isinstance(cell.value, str) and not cell.value.strip()):
            nrows, ncols = max(nrows, r), max(ncols, c)
    for rng in ws.merged_cells.ranges:
        if (rng.min_row, rng.min_col) in cells and cells[(rng.min_row, rng.min_col)].value is not None:
            nrows, ncols = max(nrows, rng.max_row), max(ncols, rng.max_col)
    return nrows, ncols


def _sheet_grid(ws, book: str) -> SourceGrid:
    nrows, ncols = _used_range(ws)
    ncols = min(ncols, MAX_COLS)
    if nrows > MAX_SHEET_ROWS or nrows * max(ncols, 1) > MAX_GRID_CELLS:
        raise ImportError_(f"“{book}”的工作表“{ws.title}”过大（{nrows} 行 × {ncols} 列），不像是附件表，未导入")
    cells = [["" for _ in range(ncols)] for _ in range(nrows)]
    anchors = [[(r, c) for c in range(ncols)] for r in range(nrows)]
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=nrows, max_col=ncols)):
        for c, cell in enumerate(row):
            v = getattr(cell, "value", None)
            if v is not None:
                cells[r][c] = value_text(v, getattr(cell, "number_format", "") or "")
    for rng in ws.merged_cells.ranges:
        r0, c0 = rng.min_row - 1, rng.min_col - 1
        if r0 >= nrows or c0 >= ncols:
            continue
        top = cells[r0][c0]
        for r in range(r0, min(rng.max_row, nrows)):
            for c in range(c0, min(rng.max_col, ncols)):
                cells[r][c] = top
                anchors[r][c] = (r0, c0)
    return SourceGrid(
        label=f"工作表“{ws.title}”",
        cells=cells, anchors=anchors,
        row_names=[f"第{r + 1}行" for r in range(nrows)],
        col_names=[f"{_col_letter(c)}列" for c in range(ncols)],
    )


def read_workbook(path: str) -> AnnexData:
    """Everything the workbook's annex tables hold."""
    grids, notes = load_grids(path)
    data = read_grids(grids)
    for note in notes:
        data.review(note, "workbook.note")
    return data
