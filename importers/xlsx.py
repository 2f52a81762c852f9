"""Read an Excel workbook (.xlsx) of annex tables as filled in by hand.

The package is bounded first (``safety.check_package``: sizes, rows, cells and
merged ranges of every part that looks like XML, whatever its name); then
openpyxl opens it read-only with cached values only (``data_only=True``:
formulas are never evaluated). openpyxl parses worksheets with defusedxml when
it is installed (it is a dependency), and this module refuses any XML part with
a DTD before that.

Read-only mode, and openpyxl's sheet parser driven directly, because the normal
mode creates an object for every cell a merged range covers (one range
A1:XFD1048576 is 17 billion of them) and the read-only sheet pads missing rows
and columns up to whatever ``<dimension>`` claims. Here only the cells present
in the file are read; the merged ranges come from the same pass and are clipped
to the used range (the cells that hold values) before anything is filled.

Each worksheet becomes a ``SourceGrid`` (merged ranges filled with their
top-left text); ``importers.tables`` finds the annex tables in them.
"""
from __future__ import annotations

import os
import warnings
import zipfile

from .errors import ImportError_
from .grid import SourceGrid, value_text
from .safety import MAX_SHEET_ROWS, XLSX, GridBudget, check_package, checkpoint
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
    budget = GridBudget(name)
    wb = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path, data_only=True, read_only=True, keep_links=False)
            sheets = []
            for ws in wb.worksheets:
                checkpoint()
                if getattr(ws, "sheet_state", "visible") != "visible":
                    continue
                values, merges = _read_sheet(wb, ws, name, budget)
                sheets.append((ws.title, values, merges, _used_range(values)))
            # every grid's size is known before the first is built
            for title, _, _, (nrows, ncols) in sheets:
                if nrows * max(ncols, 1) > MAX_GRID_CELLS:
                    raise ImportError_(f"“{name}”的工作表“{title}”过大（{nrows} 行 × {ncols} 列），"
                                       "不像是附件表，未导入")
                budget.area(nrows * ncols)
            grids = [_sheet_grid(title, values, merges, size, name, budget)
                     for title, values, merges, size in sheets]
    except ImportError_:
        raise
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError,
            EOFError, AttributeError, IndexError) as e:
        raise ImportError_(f"Excel 文件“{name}”已损坏或格式不正确，无法读取（{type(e).__name__}）") from None
    except Exception as e:  # defusedxml refusals and XML syntax errors have many types
        if type(e).__module__.startswith(("defusedxml", "xml", "lxml")):
            raise ImportError_(f"Excel 文件“{name}”的内部 XML 无法安全读取，未导入") from None
        raise ImportError_(f"Excel 文件“{name}”无法读取（{type(e).__name__}）") from None
    finally:
        if wb is not None:
            wb.close()
    return grids, notes


def _number_format(wb, style_id) -> str:
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
    try:
        fmt_id = wb._cell_styles[int(style_id or 0)].numFmtId
    except (IndexError, ValueError, TypeError):
        return ""
    if fmt_id < BUILTIN_FORMATS_MAX_SIZE:
        return BUILTIN_FORMATS.get(fmt_id, "General")
    try:
        return wb._number_formats[fmt_id - BUILTIN_FORMATS_MAX_SIZE]
    except IndexError:
        return ""


def _read_sheet(wb, ws, book: str, budget: GridBudget):
    """({(row, col): text} of the cells holding something (0-based), the merged ranges as
    (r0, c0, r1, c1) inclusive, 0-based), reading only what the sheet's XML holds."""
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.worksheet._reader import WorkSheetParser
    values: dict[tuple[int, int], str] = {}
    with ws._get_source() as src:
        parser = WorkSheetParser(src, ws._shared_strings, data_only=True, epoch=wb.epoch,
                                 date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
        for n, (_, row) in enumerate(parser.parse()):
            if n % 256 == 0:
                checkpoint()
            for cell in row:
                v = cell.get("value")
                r, c = cell.get("row"), cell.get("column")
                if v is None or not r or not c or r > MAX_SHEET_ROWS or c > MAX_COLS:
                    continue
                if isinstance(v, str):
                    budget.cell(v, f"工作表“{ws.title}”的 {_col_letter(c - 1)}{r} 单元格")
                # the number format only matters for numbers (percentages)
                text = value_text(v, "" if isinstance(v, str) else _number_format(wb, cell.get("style_id")))
                budget.place(len(text))
                values[(r - 1, c - 1)] = text
        merges = []
        for m in getattr(parser.merged_cells, "mergeCell", None) or ():
            try:
                c0, r0, c1, r1 = range_boundaries(m.ref)
            except (ValueError, TypeError):
                continue
            if None in (c0, r0, c1, r1):
                continue
            merges.append((min(r0, r1) - 1, min(c0, c1) - 1, max(r0, r1) - 1, max(c0, c1) - 1))
    return values, merges


def _used_range(values: dict[tuple[int, int], str]) -> tuple[int, int]:
    """Rows and columns up to the last cell that holds a value (formatting far away, e.g.
    a border on row 5000, does not count; a merged range does not reach beyond it)."""
    nrows = ncols = 0
    for (r, c), text in values.items():
        if text.strip():
            nrows, ncols = max(nrows, r + 1), max(ncols, c + 1)
    return nrows, ncols


def _sheet_grid(title: str, values: dict[tuple[int, int], str], merges: list[tuple[int, int, int, int]],
                size: tuple[int, int], book: str, budget: GridBudget) -> SourceGrid:
    nrows, ncols = size
    cells = [["" for _ in range(ncols)] for _ in range(nrows)]
    anchors = [[(r, c) for c in range(ncols)] for r in range(nrows)]
    for (r, c), text in values.items():
        if r < nrows and c < ncols:
            cells[r][c] = text
    # merged ranges clipped to the used range; ranges that do not overlap cover at most the
    # grid once, so more than that is overlap (never written by Excel): refused before any
    # work is done, instead of filling the same cells over and over
    clipped = [(r0, c0, min(r1, nrows - 1), min(c1, ncols - 1))
               for r0, c0, r1, c1 in merges if r0 < nrows and c0 < ncols]
    if sum((r1 - r0 + 1) * (c1 - c0 + 1) for r0, c0, r1, c1 in clipped) > nrows * ncols:
        raise ImportError_(f"“{book}”的工作表“{title}”中的合并单元格相互重叠（正常的 Excel 文件不会这样），"
                           "可能是异常或恶意构造的文件，未导入")
    started: set[tuple[int, int]] = set()
    for n, (r0, c0, r1, c1) in enumerate(clipped):
        if n % 256 == 0:
            checkpoint()
        if (r0, c0) == (r1, c1):
            continue          # one cell: nothing to fill
        if anchors[r0][c0] != (r0, c0) or (r0, c0) in started:
            continue          # starts inside an earlier range: the earlier one wins
        top = cells[r0][c0]
        for r in range(r0, r1 + 1):
            row_cells, row_anchors = cells[r], anchors[r]
            for c in range(c0, c1 + 1):
                if row_anchors[c] == (r, c) and (r, c) not in started:
                    row_cells[c] = top
                    row_anchors[c] = (r0, c0)
        started.add((r0, c0))
        budget.place(len(top), (r1 - r0 + 1) * (c1 - c0 + 1) - 1)
    return SourceGrid(
        label=f"工作表“{title}”",
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
