"""The fast path of the xlsx writer: a sheet's XML written whole, behind openpyxl's back.

openpyxl's public write path builds a cell object per value and serialises it with its
generic writer; for the annex sheets (a few thousand styled cells each) that is most of the
export time. Here a sheet's rows are written as XML text once and handed to openpyxl as the
sheet's finished part (``_SheetFile``), using openpyxl 3.1's internal ``WorksheetWriter``.
This is the only module that touches openpyxl's private API. When that API is missing
(another openpyxl version), ``_SHEET_FILE`` is False and ``export.xlsx`` falls back to the
public ``ws.append`` path (``_append_rows``), which writes the same cells (tested both ways).
"""
from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from decimal import Decimal
from io import BytesIO
from typing import TYPE_CHECKING, Optional
from zipfile import ZipFile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.functions import Element

if TYPE_CHECKING:
    from .xlsx import _StyleCache

try:    # the sheet writer of openpyxl 3.1, used to write a sheet's XML whole (see _write_sheet_file)
    from openpyxl.worksheet._writer import WorksheetWriter
    from openpyxl.packaging.relationship import RelationshipList
    _SHEET_FILE = all(hasattr(WorksheetWriter, a) for a in ("write_top", "write_tail", "get_stream",
                                                             "cleanup", "write_merged_cells"))
except ImportError:
    WorksheetWriter, _SHEET_FILE = object, False


def _append_rows(ws, rows: dict[int, dict[int, tuple]], ncols: int) -> None:
    """Append the laid-out rows to the write-only sheet ``ws`` as openpyxl cells, the
    public way (the fallback of ``_write_sheet_file``)."""
    if hasattr(ws, "_values_to_row"):
        # every appended item is a prepared cell: hand them over as they are, rather than have
        # ``append`` try each one as a value first (an exception per cell)
        ws._values_to_row = _placed_cells
    for r in range(1, max(rows) + 1):
        row = rows.get(r)
        cells = []
        if row:
            for c in range(1, ncols + 1):
                entry = row.get(c)
                xc = None
                if entry is not None:
                    style, value = entry
                    xc = WriteOnlyCell(ws)
                    if isinstance(value, str):
                        from .xlsx import _put_text     # (export.xlsx imports this module)
                        _put_text(xc, value)
                    elif value is not None:
                        xc.value = value
                    xc._style = style
                    xc.row, xc.column = r, c
                cells.append(xc)
        ws.append(cells)


def _placed_cells(cells, _row_idx):
    """The cells of one appended row that are there (their row and column already set)."""
    return (c for c in cells if c is not None)


# --------------------------------------------------------------------------- sheet XML

def _xml_text(text: str) -> str:
    """``text`` escaped as the XML writer escapes text content (characters outside ASCII
    become character references when the sheet is encoded)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _xml_attr(value: str) -> str:
    """``value`` escaped as the XML writer escapes an attribute value."""
    return (_xml_text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;"))


def _number_text(value: Decimal) -> str:
    """A number as openpyxl writes it (``safe_string``: 16 significant digits, nothing
    for a value a float cannot hold)."""
    text = "%.16g" % value
    return text if text[-1].isdigit() else ""


_SHEET_MARK = "jxzp-sheet-data"
_MERGE_MARK = "jxzpMergeCells"


def _sheet_frame(ws) -> Optional[tuple[bytes, bytes, bytes]]:
    """The sheet's XML around its rows, written by openpyxl's own sheet writer: the bytes
    before the rows, those between the rows and the merged ranges, and those after the
    merged ranges. None when the sheet has relationships of its own (a sheet of ours has
    none)."""
    w = WorksheetWriter(ws, out=BytesIO())
    try:
        w.write_top()
        xf = w.xf.send(True)
        with xf.element("sheetData"):
            xf.write(_SHEET_MARK)
        w.xf.send(None)
        w.write_merged_cells = lambda: w.xf.send(Element(_MERGE_MARK))
        w.write_tail()
        w.close()
        if len(w._rels):
            return None
        data = w.out.getvalue()
    finally:
        vars(w).clear()     # the writer, its stream and the hook above refer to each other
    head, mark, tail = data.partition(f"<sheetData>{_SHEET_MARK}</sheetData>".encode("ascii"))
    middle, mark2, tail = tail.partition(f"<{_MERGE_MARK}/>".encode("ascii"))
    if not mark or not mark2:
        return None
    return head, middle, tail


def _merge_cells(refs: list[str]) -> bytes:
    """The ``<mergeCells>`` element of a sheet, as openpyxl writes it (nothing without ranges)."""
    if not refs:
        return b""
    return "".join([f'<mergeCells count="{len(refs)}">', *[f'<mergeCell ref="{r}"/>' for r in refs],
                    "</mergeCells>"]).encode("ascii")


def _sheet_data(ws, rows: dict[int, dict[int, tuple]], ncols: int, styles: _StyleCache) -> bytes:
    """The ``<sheetData>`` element of the laid-out rows, byte for byte as openpyxl writes the
    same cells in a write-only sheet: inline strings, numbers formatted by ``safe_string``,
    style ids given in the order the cells are written, row attributes from
    ``ws.row_dimensions``."""
    letters = [""] + [get_column_letter(c) for c in range(1, ncols + 1)]
    dims = ws.row_dimensions
    row_attrs: dict[int, str] = {}
    s_attr = styles.s_attr
    out = ["<sheetData>"]
    add = out.append
    for r in range(1, max(rows) + 1):
        src = dims.get(r)
        if src is None:
            add(f'<row r="{r}">')
        else:
            extra = row_attrs.get(id(src))
            if extra is None:
                extra = row_attrs[id(src)] = "".join(
                    f' {k}="{_xml_attr(v)}"' for k, v in dict(src).items() if k != "r")
            add(f'<row r="{r}"{extra}>')
        row = rows.get(r)
        if row:
            for c in range(1, ncols + 1):
                entry = row.get(c)
                if entry is None:
                    continue
                style, value = entry
                s = style.s
                if s is None:
                    s = s_attr(style)
                if value is None:
                    if s:
                        add(f'<c r="{letters[c]}{r}"{s} t="n"></c>')
                elif value.__class__ is str:
                    if value:
                        space = ' xml:space="preserve"' if value != value.strip() else ""
                        add(f'<c r="{letters[c]}{r}"{s} t="inlineStr"><is><t{space}>{_xml_text(value)}</t></is></c>')
                    else:
                        add(f'<c r="{letters[c]}{r}"{s} t="inlineStr"></c>')
                else:
                    add(f'<c r="{letters[c]}{r}"{s} t="n"><v>{_number_text(value)}</v></c>')
        add("</row>")
    add("</sheetData>")
    return "".join(out).encode("ascii", "xmlcharrefreplace")


class _SheetFolder:
    """A private temporary folder for the sheet files of one workbook, removed with its
    last file (or when the workbook is dropped, or at exit). Creating files in a folder of
    their own is several times faster than next to everything else in the system's
    temporary folder."""

    def __init__(self) -> None:
        self.path = tempfile.mkdtemp(prefix="jxzp-xlsx-")
        self._files = 0
        self._left = 0
        self._remove = weakref.finalize(self, shutil.rmtree, self.path, True)

    def write(self, data: bytes) -> str:
        self._files += 1
        path = os.path.join(self.path, f"sheet{self._files}.xml")
        with open(path, "xb") as f:
            self._left += 1
            f.write(data)
        return path

    def remove(self, path: str) -> None:
        try:
            os.remove(path)
        except OSError:
            pass
        self._left -= 1
        if self._left <= 0:
            self._remove()


#: workbook → the folder of its sheet files
_FOLDERS: "weakref.WeakKeyDictionary[Workbook, _SheetFolder]" = weakref.WeakKeyDictionary()
#: workbook → the archive its sheets go into as they are laid out (``stream_into``)
_ARCHIVES: "weakref.WeakKeyDictionary[Workbook, ZipFile]" = weakref.WeakKeyDictionary()


def stream_into(wb: Workbook, archive: ZipFile) -> None:
    """Write each sheet of ``wb`` laid out from now on straight into ``archive`` (the file the
    workbook will be saved to with ``SheetsFirstWriter``), compressed at once: no temporary
    file per sheet — 1 500 projects made 1 500 of them, each created, written, read back and
    removed (slow and uneven on a busy disk, and each one looked at by a virus scanner on an
    office PC) — and no sheet's XML kept in memory."""
    _ARCHIVES[wb] = archive


def sheet_part(ws) -> Optional[str]:
    """The archive member a sheet already went into (``stream_into``), else None."""
    writer = getattr(ws, "_writer", None)
    return writer.part if isinstance(writer, _SheetFile) else None


class _SheetFile(WorksheetWriter):
    """The writer of a write-only sheet whose XML is already written whole — into the
    workbook's archive (``stream_into``), else to a temporary file: closing the sheet adds
    nothing; saving the workbook then records the sheet (``SheetsFirstWriter``) or copies
    the file into the archive and removes it."""

    part: Optional[str] = None

    def __init__(self, ws, data: bytes, rels) -> None:     # no stream of its own
        self.ws = ws
        self._rels = rels
        self.xf = None
        wb = ws.parent
        archive = _ARCHIVES.get(wb)
        if archive is not None:
            # the sheet's number is its place among the workbook's sheets, as the saving
            # writer numbers them (sheets are only ever added at the end here)
            number = len(wb._sheets)
            if wb._sheets[number - 1] is ws:
                self.part = f"xl/worksheets/sheet{number}.xml"
                archive.writestr(self.part, data)
                self.out = None
                return
        folder = _FOLDERS.get(wb)
        if folder is None or not folder._remove.alive:
            folder = _FOLDERS[wb] = _SheetFolder()
        self._folder = folder
        self.out = folder.write(data)

    def write_rows(self) -> None:
        pass

    def write_tail(self) -> None:
        pass

    def cleanup(self) -> None:
        if self.out is not None:
            self._folder.remove(self.out)
            self.out = None


def drop_workbook(wb: Workbook) -> None:
    """Take apart a workbook that is saved or discarded, so that it goes with its last
    reference. Its sheets and the workbook refer to each other (and each sheet to its writer
    and back): left whole, they wait for the cyclic collector, whose first pass after an
    export then walks every sheet's objects — 0.3 s after a 1 500-project export (20 × the
    150-project one), on whatever the user does next."""
    for ws in list(getattr(wb, "_sheets", ())):
        writer = getattr(ws, "_writer", None)
        if writer is not None and hasattr(writer, "__dict__"):
            vars(writer).clear()
        vars(ws).clear()
    vars(wb).clear()


class SheetsFirstWriter(ExcelWriter):
    """openpyxl's workbook writer for an archive that already holds the sheets written into
    it while they were laid out (``stream_into``): each such sheet is recorded (its
    relationships, its entry in the manifest) instead of being copied in again."""

    def write_worksheet(self, ws) -> None:
        part = sheet_part(ws)
        if part is None:
            return super().write_worksheet(ws)
        if part != ws.path[1:]:        # numbered otherwise than when it was written
            raise ValueError(f"工作表“{ws.title}”的位置与写入时不同")
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        if not ws.closed:
            ws.close()
        ws._rels = ws._writer._rels
        self.manifest.append(ws)
        ws._writer.cleanup()


def _write_sheet_file(ws, rows: dict[int, dict[int, tuple]], ncols: int, merges: list[str],
                      styles: _StyleCache, layout: tuple) -> bool:
    """Write the whole XML of the write-only sheet ``ws`` at once; False when it cannot
    be written that way (the sheet is then left untouched).

    Creating an openpyxl cell per position and streaming it through the sheet writer cell
    by cell is most of the cost of a large export; the rows are written here as text
    instead, the same bytes openpyxl writes for the same cells, between the parts of the
    sheet openpyxl writes itself (sheet properties, columns, print settings). Those parts
    depend only on how the sheet is set up (``layout``: its column widths and orientation;
    the print titles and area are names of the workbook), so sheets laid out alike, the
    附件4 of every project, share them: openpyxl writes them once per layout.
    """
    frames = styles.frames
    if layout not in frames:
        frames[layout] = _sheet_frame(ws)
    frame = frames[layout]
    if frame is None:
        return False
    head, middle, tail = frame
    data = _sheet_data(ws, rows, ncols, styles)
    ws._writer = _SheetFile(ws, b"".join((head, data, middle, _merge_cells(merges), tail)), RelationshipList())
    return True


