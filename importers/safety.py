"""Look at a file before any parser touches it.

``sniff`` tells what a file really is from its first bytes (not its name) and
refuses what we cannot or must not read: empty files, legacy or encrypted OLE
containers (.xls/.doc, password-protected .xlsx/.docx), PDFs, pictures, text.

``check_package`` bounds an Office (zip) package before openpyxl or python-docx
parse it: number of parts, uncompressed size of every part and of the whole,
compression ratio, rows and cells of every worksheet, and no DTD (so no XML
entity expansion) in any XML part. Only the zip's central directory is trusted
for the first checks; the XML scan decompresses in bounded chunks and stops at
the first limit, so a zip bomb costs neither time nor memory. A part is judged by
its first bytes, not its name: the parsers follow the package's relationships to
any part name, so every part that looks like XML (UTF-8 or UTF-16) is bounded and
scanned, and in a workbook every such part is counted as a possible worksheet.

The readers bound their own work as well (``GridBudget``: characters placed in
the grids, merged ranges and cells), and call ``checkpoint()`` between sheets,
tables and rows so that an import run in a worker thread can be cancelled
(``cancel_scope``).
"""
from __future__ import annotations

import codecs
import os
import re
import struct
import threading
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Optional

from .errors import ImportError_

XLSX = "xlsx"
DOCX = "docx"

MAX_FILE_BYTES = 100 * 1024 * 1024        # the file on disk
MAX_PARTS = 2000                          # entries in the package
MAX_DIRECTORY = 2 * 1024 * 1024           # bytes of the zip's central directory
MAX_XML_PART = 16 * 1024 * 1024           # one XML part, uncompressed
MAX_XLSX_TOTAL = 96 * 1024 * 1024         # whole workbook, uncompressed (ours: 86 bytes a cell; see below)
MAX_DOCX_TOTAL = 150 * 1024 * 1024        # whole report (pictures included), uncompressed
MAX_RATIO = 200                           # uncompressed ÷ compressed for one big part
MAX_SHEET_ROWS = 10_000                   # rows in one worksheet
MAX_SHEET_CELLS = 100_000                 # cells in one worksheet
MAX_SHEET_MERGES = 5_000                  # merged ranges in one worksheet
MAX_TEXT_RUN = 1024 * 1024               # bytes of XML between two tags (one text)
MAX_CELL_CHARS = 32_767                   # characters in one cell (Excel's own limit)
CHUNK = 1 << 20

# What a whole workbook may hold follows from the memory its import takes. Measured on the
# workbooks our own exporter writes (150, 500 and 1 500 projects of 25 indicators; peak VmHWM
# of the import above the process before it): 374–391 bytes per worksheet cell, and per cell
# 11.1 characters placed into the grids and 2.1 grid cells (a merged range fills every cell it
# covers). A department's workbook of 1 500 projects holds 504 513 cells, 5.6 million
# characters and 1.07 million grid cells in 41 MB of XML; a workbook at these limits, twice
# that, costs ≈ 400 MB. A decompression bomb is stopped before this by the sizes and ratios
# above (the package is scanned in bounded chunks); these stop a file that is small enough
# but absurdly full.
IMPORT_BYTES_PER_CELL = 400               # peak memory of an import per worksheet cell (measured, rounded up)
MAX_IMPORT_MEMORY = 400 * 1024 * 1024     # what one import may take
MAX_BOOK_CELLS = MAX_IMPORT_MEMORY // IMPORT_BYTES_PER_CELL   # cells in the whole workbook (1 048 576)
MAX_GRID_CHARS = 16 * MAX_BOOK_CELLS      # characters placed into all grids of one file (16 777 216)
MAX_GRID_AREA = 5 * MAX_BOOK_CELLS // 2   # cells of all grids of one file, empty ones included (2 621 440)

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _human(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def sniff(path: str) -> str:
    """``XLSX`` or ``DOCX`` for a readable Office Open XML file; ImportError_ otherwise."""
    name = os.path.basename(path)
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as f:
            head = f.read(8)
    except FileNotFoundError:
        raise ImportError_(f"找不到文件“{path}”") from None
    except IsADirectoryError:
        raise ImportError_(f"“{path}”是一个文件夹，不是文件") from None
    except OSError as e:
        raise ImportError_(f"无法读取文件“{name}”：{e.strerror or e}") from None
    if size == 0:
        raise ImportError_(f"文件“{name}”是空的（0 字节），没有可导入的内容")
    if size > MAX_FILE_BYTES:
        raise ImportError_(f"文件“{name}”过大（{_human(size)}），不像是自评报告或附件表，未导入")
    if head.startswith(_OLE[:4]):
        raise ImportError_(
            f"文件“{name}”可能是加密或旧版 .xls/.doc 文件，请另存为 .xlsx/.docx，"
            "如有打开密码请先取消密码，再导入")
    if head.startswith(b"{\\rtf"):
        raise ImportError_(f"文件“{name}”是 RTF 格式，请在 Word 中另存为 .docx 后再导入")
    if head.startswith(b"%PDF"):
        raise ImportError_(f"文件“{name}”是 PDF 文件，无法导入；请使用原始的 Word（.docx）或 Excel（.xlsx）文件")
    if head.startswith(b"\x89PNG") or head.startswith(b"\xff\xd8\xff") or head[:4] in (b"GIF8", b"BM\x00\x00"):
        raise ImportError_(f"文件“{name}”是一张图片，不是 Word 或 Excel 文件")
    if not head.startswith(b"PK\x03\x04"):
        low = head.lower()
        if low.startswith(b"<") or b"<htm" in low or b"<?xm" in low:
            raise ImportError_(f"文件“{name}”是网页或 XML 格式，请在 Excel/Word 中另存为 .xlsx/.docx 后再导入")
        raise ImportError_(f"文件“{name}”不是 Word（.docx）或 Excel（.xlsx）文件，无法导入")
    entries, cd_size = _directory_size(path)
    if entries > MAX_PARTS or cd_size > MAX_DIRECTORY:
        raise ImportError_(f"文件“{name}”内部包含 {entries} 个部件，结构异常（可能是恶意构造的文件），未导入")
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ImportError_(f"文件“{name}”已损坏（压缩包结构无法读取），无法导入") from None
    if "xl/workbook.xml" in names or any(n.lower() == "xl/workbook.xml" for n in names):
        return XLSX
    if "word/document.xml" in names or any(n.lower() == "word/document.xml" for n in names):
        return DOCX
    if any(n.lower().endswith("content.xml") for n in names) and "mimetype" in names:
        raise ImportError_(f"文件“{name}”是 WPS/LibreOffice 的 ODF 格式，请另存为 .xlsx/.docx 后再导入")
    raise ImportError_(f"文件“{name}”是压缩包，但不是 Word（.docx）或 Excel（.xlsx）文件")


def _directory_size(path: str) -> tuple[int, int]:
    """(entries, bytes) of the zip's central directory, read from its end record without
    letting ``zipfile`` build an object per entry first (a directory of millions of
    entries would cost gigabytes). Unknown → (0, 0); zipfile then judges the file."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            tail_len = min(size, 65536 + 22)
            f.seek(size - tail_len)
            tail = f.read(tail_len)
            pos = tail.rfind(b"PK\x05\x06")
            if pos < 0 or len(tail) < pos + 22:
                return 0, 0
            entries, cd_size = struct.unpack("<HI", tail[pos + 10:pos + 16])
            if entries == 0xFFFF or cd_size == 0xFFFFFFFF:
                loc = tail.rfind(b"PK\x06\x07", 0, pos)
                if loc >= 0 and len(tail) >= loc + 20:
                    (rec_offset,) = struct.unpack("<Q", tail[loc + 8:loc + 16])
                    if rec_offset < size:
                        f.seek(rec_offset)
                        rec = f.read(56)
                        if rec[:4] == b"PK\x06\x06" and len(rec) >= 48:
                            entries, cd_size = struct.unpack("<QQ", rec[32:48])
            return entries, cd_size
    except (OSError, struct.error):
        return 0, 0


@dataclass
class PackageStats:
    parts: int = 0
    uncompressed: int = 0
    sheet_cells: int = 0
    uncached_formulas: int = 0    # formula cells saved without a computed value


_ROW_RE = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL_RE = re.compile(rb"<(?:\w+:)?c[\s>/]")
_MERGE_RE = re.compile(rb"<(?:\w+:)?mergeCell[\s>/]")
_DTD_RE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_UNCACHED_RE = re.compile(rb"(?:</(?:\w+:)?f>|<(?:\w+:)?f\b[^>]*/>)\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>")


def check_package(path: str, kind: str) -> PackageStats:
    """Refuse a package whose size or content could exhaust time or memory."""
    name = os.path.basename(path)
    total_limit = MAX_XLSX_TOTAL if kind == XLSX else MAX_DOCX_TOTAL
    stats = PackageStats()
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            stats.parts = len(infos)
            if len(infos) > MAX_PARTS:
                raise ImportError_(f"文件“{name}”内部包含 {len(infos)} 个部件，结构异常，未导入")
            for info in infos:
                stats.uncompressed += info.file_size
                if info.flag_bits & 0x1:
                    raise ImportError_(f"文件“{name}”内容已加密，请先取消密码再导入")
                if info.filename.lower().endswith((".xml", ".rels")) and info.file_size > MAX_XML_PART:
                    _too_big(name, info)
                if info.file_size > 1024 * 1024 and info.compress_size \
                        and info.file_size / info.compress_size > MAX_RATIO:
                    raise ImportError_(
                        f"文件“{name}”的压缩比异常（{info.filename} 解压后放大 "
                        f"{info.file_size // max(info.compress_size, 1)} 倍），可能是恶意构造的文件，未导入")
            if stats.uncompressed > total_limit:
                raise ImportError_(
                    f"文件“{name}”解压后共 {_human(stats.uncompressed)}，超出可导入的大小"
                    f"（上限 {_human(total_limit)}），未导入")
            for info in infos:
                if info.is_dir():
                    continue
                checkpoint()
                encoding = _xml_encoding(zf, info)
                if encoding is None:      # a picture or other binary part: no XML parser reads it
                    continue
                if info.file_size > MAX_XML_PART:     # XML by its content, whatever its name
                    _too_big(name, info)
                _scan_xml(zf, info, name, kind == XLSX, stats, encoding)
    except ImportError_:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, RuntimeError,
            NotImplementedError, zlib.error):   # zlib.error: a damaged compressed part
        raise ImportError_(f"文件“{name}”已损坏（压缩包内容无法读取），无法导入") from None
    return stats


def _too_big(name: str, info: zipfile.ZipInfo) -> None:
    raise ImportError_(
        f"文件“{name}”中的“{info.filename}”解压后达 {_human(info.file_size)}，"
        "超出可导入的大小（可能是异常或恶意构造的文件），未导入")


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def _xml_encoding(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Optional[str]:
    """The encoding of a part that an XML parser would read, or None for a binary part
    (judged from its first bytes: a part's name says nothing about what it holds)."""
    with zf.open(info) as fh:
        head = fh.read(512)
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    if head[:2] == b"<\x00" or head[:2] == b"\x00<" or (head[:1] in b" \t\r\n" and b"\x00" in head[:8]):
        return "utf-16-be" if head[:1] == b"\x00" else "utf-16-le"
    stripped = head.lstrip(b" \t\r\n")
    if not stripped or stripped[:1] == b"<":
        return "utf-8"
    return None


def _scan_xml(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, count_cells: bool,
              stats: PackageStats, encoding: str = "utf-8") -> None:
    rows = cells = merges = read = run = 0
    tail = b""
    # a UTF-16/32 part is scanned as UTF-8, so that the patterns below see it
    decoder = None if encoding == "utf-8" else codecs.getincrementaldecoder(encoding)("replace")
    with zf.open(info) as fh:
        while True:
            checkpoint()
            chunk = fh.read(CHUNK)
            if not chunk:
                break
            read += len(chunk)
            if read > MAX_XML_PART:   # the directory lied about the size
                raise ImportError_(f"文件“{name}”中的“{info.filename}”超出可导入的大小，未导入")
            if decoder is not None:
                chunk = decoder.decode(chunk).encode("utf-8")
            run = _text_run(chunk, run, name, info)
            data = tail + chunk
            if _DTD_RE.search(data):
                raise ImportError_(
                    f"文件“{name}”中的“{info.filename}”含有 DTD/实体声明（正常的 Office 文件没有），"
                    "可能是恶意构造的文件，未导入")
            if count_cells:
                # count on the new bytes only (the tail was counted before)
                rows += len(_ROW_RE.findall(data)) - len(_ROW_RE.findall(tail))
                cells += len(_CELL_RE.findall(data)) - len(_CELL_RE.findall(tail))
                merges += len(_MERGE_RE.findall(data)) - len(_MERGE_RE.findall(tail))
                stats.uncached_formulas += len(_UNCACHED_RE.findall(data)) - len(_UNCACHED_RE.findall(tail))
                if rows > MAX_SHEET_ROWS or cells > MAX_SHEET_CELLS:
                    raise ImportError_(
                        f"文件“{name}”中有一张工作表超过 {MAX_SHEET_ROWS} 行或 {MAX_SHEET_CELLS} 个单元格，"
                        "不像是附件表，未导入；请只保留附件2、附件3、附件4 所在的工作表后再导入")
                if merges > MAX_SHEET_MERGES:
                    raise ImportError_(
                        f"文件“{name}”中有一张工作表的合并单元格超过 {MAX_SHEET_MERGES} 处，"
                        "不像是附件表（可能是异常或恶意构造的文件），未导入")
            tail = data[-64:]
    stats.sheet_cells += cells
    if stats.sheet_cells > MAX_BOOK_CELLS:
        raise ImportError_(f"文件“{name}”的单元格总数超过 {MAX_BOOK_CELLS} 个，不像是附件表，未导入")


def _text_run(chunk: bytes, run: int, name: str, info: zipfile.ZipInfo) -> int:
    """Refuse a text of more than ``MAX_TEXT_RUN`` bytes between two tags (a shared string
    of megabytes, meant to be repeated in thousands of cells) before a parser reads it;
    ``run`` is the length of the text still open at the end of the previous chunk."""
    pieces = chunk.split(b"<")
    if len(pieces) == 1:
        run += len(chunk)
        longest = 0
    else:
        longest = max(run + len(pieces[0]), max(map(len, pieces[1:-1]), default=0))
        run = len(pieces[-1])
    if max(run, longest) > MAX_TEXT_RUN:
        raise ImportError_(
            f"文件“{name}”中的“{info.filename}”含有一段超过 {_human(MAX_TEXT_RUN)} 的连续文字，"
            "远超单元格或段落的正常长度（可能是异常或恶意构造的文件），未导入")
    return run


# --------------------------------------------------------------------------- bounded work

class GridBudget:
    """The work a reader may do building the grids of one file.

    ``cell(text, where)`` refuses a cell longer than Excel allows; ``place(n, count)``
    counts ``n`` characters put into ``count`` grid cells (a merged range repeats its
    text in every cell it covers) and ``area(n)`` the cells of a new grid. Past
    ``MAX_GRID_CHARS`` characters or ``MAX_GRID_AREA`` cells the file is refused, so
    a long text repeated in thousands of cells, or thousands of sheets each spanning
    a large empty range, stop early instead of filling memory.
    """

    def __init__(self, name: str, chars: int = MAX_GRID_CHARS, cells: int = MAX_GRID_AREA):
        self.name = name
        self.char_limit, self.cell_limit = chars, cells
        self.chars = self.cells = 0

    def cell(self, text: str, where: str) -> str:
        if len(text) > MAX_CELL_CHARS:
            raise ImportError_(
                f"文件“{self.name}”中{where}的文字长达 {len(text)} 个字符，超过单元格的上限"
                f"（{MAX_CELL_CHARS} 个），不像是附件表或报告（可能是异常或恶意构造的文件），未导入")
        return text

    def place(self, chars: int, count: int = 1) -> None:
        self.chars += chars * count
        if self.chars > self.char_limit:
            raise ImportError_(
                f"文件“{self.name}”的表格中文字总量超过 {self.char_limit} 个字符（含合并单元格重复的文字），"
                "不像是附件表或报告（可能是异常或恶意构造的文件），未导入")
        self.area(count)

    def area(self, cells: int) -> None:
        self.cells += cells
        if self.cells > self.cell_limit:
            raise ImportError_(
                f"文件“{self.name}”的表格共超过 {self.cell_limit} 个单元格，不像是附件表或报告"
                "（可能是异常或恶意构造的文件），未导入")


class ImportCancelled(ImportError_):
    """The user cancelled the import (raised by ``checkpoint`` inside a ``cancel_scope``)."""

    def __init__(self, message: str = "导入已取消"):
        super().__init__(message)


_local = threading.local()


@contextmanager
def cancel_scope(event: threading.Event):
    """Within the block (in this thread), ``checkpoint()`` raises ``ImportCancelled`` once
    ``event`` is set."""
    previous = getattr(_local, "cancel", None)
    _local.cancel = event
    try:
        yield event
    finally:
        _local.cancel = previous


def checkpoint() -> None:
    """Stop here if the import running in this thread has been cancelled (cheap)."""
    event = getattr(_local, "cancel", None)
    if event is not None and event.is_set():
        raise ImportCancelled()
