"""Look at a file before any parser touches it.

``sniff`` tells what a file really is from its first bytes (not its name) and
refuses what we cannot or must not read: empty files, legacy or encrypted OLE
containers (.xls/.doc, password-protected .xlsx/.docx), PDFs, pictures, text.

``check_package`` bounds an Office (zip) package before openpyxl or python-docx
parse it: number of parts, uncompressed size of every part and of the whole,
compression ratio, rows and cells of every worksheet, and no DTD (so no XML
entity expansion) in any XML part. Only the zip's central directory is trusted
for the first checks; the XML scan decompresses in bounded chunks and stops at
the first limit, so a zip bomb costs neither time nor memory.
"""
from __future__ import annotations

import os
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass

from .errors import ImportError_

XLSX = "xlsx"
DOCX = "docx"

MAX_FILE_BYTES = 100 * 1024 * 1024        # the file on disk
MAX_PARTS = 2000                          # entries in the package
MAX_DIRECTORY = 2 * 1024 * 1024           # bytes of the zip's central directory
MAX_XML_PART = 16 * 1024 * 1024           # one XML part, uncompressed
MAX_XLSX_TOTAL = 60 * 1024 * 1024         # whole workbook, uncompressed
MAX_DOCX_TOTAL = 150 * 1024 * 1024        # whole report (pictures included), uncompressed
MAX_RATIO = 200                           # uncompressed ÷ compressed for one big part
MAX_SHEET_ROWS = 10_000                   # rows in one worksheet
MAX_SHEET_CELLS = 100_000                 # cells in one worksheet
MAX_BOOK_CELLS = 150_000                  # cells in the whole workbook
CHUNK = 1 << 20

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
                is_xml = info.filename.lower().endswith((".xml", ".rels"))
                if is_xml and info.file_size > MAX_XML_PART:
                    raise ImportError_(
                        f"文件“{name}”中的“{info.filename}”解压后达 {_human(info.file_size)}，"
                        "超出可导入的大小（可能是异常或恶意构造的文件），未导入")
                if info.file_size > 10 * 1024 * 1024 and info.compress_size \
                        and info.file_size / info.compress_size > MAX_RATIO:
                    raise ImportError_(
                        f"文件“{name}”的压缩比异常（{info.filename} 解压后放大 "
                        f"{info.file_size // max(info.compress_size, 1)} 倍），可能是恶意构造的文件，未导入")
            if stats.uncompressed > total_limit:
                raise ImportError_(
                    f"文件“{name}”解压后共 {_human(stats.uncompressed)}，超出可导入的大小"
                    f"（上限 {_human(total_limit)}），未导入")
            for info in infos:
                low = info.filename.lower()
                if not low.endswith((".xml", ".rels")):
                    continue
                is_sheet = kind == XLSX and low.startswith("xl/worksheets/") and low.endswith(".xml")
                _scan_xml(zf, info, name, is_sheet, stats)
    except ImportError_:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, RuntimeError,
            NotImplementedError, zlib.error):   # zlib.error: a damaged compressed part
        raise ImportError_(f"文件“{name}”已损坏（压缩包内容无法读取），无法导入") from None
    return stats


def _scan_xml(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, is_sheet: bool,
              stats: PackageStats) -> None:
    rows = cells = read = 0
    tail = b""
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(CHUNK)
            if not chunk:
                break
            read += len(chunk)
            if read > MAX_XML_PART:   # the directory lied about the size
                raise ImportError_(f"文件“{name}”中的“{info.filename}”超出可导入的大小，未导入")
            data = tail + chunk
            if _DTD_RE.search(data):
                raise ImportError_(
                    f"文件“{name}”中的“{info.filename}”含有 DTD/实体声明（正常的 Office 文件没有），"
                    "可能是恶意构造的文件，未导入")
            if is_sheet:
                # count on the new bytes only (the tail was counted before)
                rows += len(_ROW_RE.findall(data)) - len(_ROW_RE.findall(tail))
                cells += len(_CELL_RE.findall(data)) - len(_CELL_RE.findall(tail))
                stats.uncached_formulas += len(_UNCACHED_RE.findall(data)) - len(_UNCACHED_RE.findall(tail))
                if rows > MAX_SHEET_ROWS or cells > MAX_SHEET_CELLS:
                    raise ImportError_(
                        f"文件“{name}”中有一张工作表超过 {MAX_SHEET_ROWS} 行或 {MAX_SHEET_CELLS} 个单元格，"
                        "不像是附件表，未导入；请只保留附件2、附件3、附件4 所在的工作表后再导入")
            tail = data[-64:]
    stats.sheet_cells += cells
    if stats.sheet_cells > MAX_BOOK_CELLS:
        raise ImportError_(f"文件“{name}”的单元格总数超过 {MAX_BOOK_CELLS} 个，不像是附件表，未导入")
