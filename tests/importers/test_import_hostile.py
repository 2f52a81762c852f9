"""Hostile and foreign files end in a Chinese message, quickly, with bounded memory."""
from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

import importers
from importers import safety
from import_fixtures import build_report_numbered, build_workbook

LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
          + b"".join(b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b']>\n')


def _rewrite(src: Path, dst: Path, replace: dict):
    """Copy an Office package, replacing some parts (bytes, or a function writing to a stream)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
        for info in zin.infolist():
            if info.filename in replace:
                value = replace[info.filename]
                if callable(value):
                    with zout.open(info.filename, "w", force_zip64=True) as f:
                        value(f)
                else:
                    zout.writestr(info.filename, value)
            else:
                zout.writestr(info, zin.read(info.filename))
    return dst


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    return build_workbook(tmp_path_factory.mktemp("hostile") / "ok.xlsx")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return build_report_numbered(tmp_path_factory.mktemp("hostile") / "ok.docx")


@pytest.fixture(scope="module")
def zip_bomb(workbook, tmp_path_factory):
    """A valid workbook whose first sheet is 200 MB of XML, a few hundred KB on disk."""
    def bomb(f):
        chunk = b'<row r="1"><c r="A1" t="n"><v>1</v></c></row>' * 23000   # ~1 MB
        f.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main"><sheetData>')
        for _ in range(200):
            f.write(chunk)
        f.write(b"</sheetData></worksheet>")
    path = _rewrite(workbook, tmp_path_factory.mktemp("bomb") / "bomb.xlsx",
                    {"xl/worksheets/sheet1.xml": bomb})
    assert path.stat().st_size < 3 * 1024 * 1024
    return path


def _refused(paths, *needles, seconds=2.0):
    start = time.perf_counter()
    with pytest.raises(importers.ImportError_) as e:
        importers.import_paths([str(p) for p in paths])
    elapsed = time.perf_counter() - start
    msg = str(e.value)
    assert elapsed < seconds, f"took {elapsed:.2f} s"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in msg)
    for n in needles:
        assert n in msg, msg
    return msg


def test_zip_bomb_is_refused_quickly_with_little_memory(zip_bomb):
    tracemalloc.start()
    try:
        msg = _refused([zip_bomb], "超出可导入的大小")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "sheet1.xml" in msg
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


def test_zip_bomb_with_a_lying_directory(workbook, tmp_path):
    """The central directory claims a small part; the bounded reader still stops."""
    def big(f):
        chunk = b"<row/>" * 200_000
        for _ in range(30):
            f.write(chunk)   # 36 MB, over the per-part limit
    path = _rewrite(workbook, tmp_path / "liar.xlsx", {"xl/worksheets/sheet1.xml": big})
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size > safety.MAX_XML_PART
    # patch the uncompressed size in the local header and the central directory to 1 KB
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    local = info.header_offset
    assert data[local:local + 4] == b"PK\x03\x04"
    data[local + 22:local + 26] = struct.pack("<I", 1024)
    central = data.index(b"PK\x01\x02", data.index(name, local + 30 + len(name)) - 46)
    assert data[central + 46:central + 46 + len(name)] == name
    data[central + 24:central + 28] = struct.pack("<I", 1024)
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo("xl/worksheets/sheet1.xml").file_size == 1024
    _refused([path], "损坏")


def test_entity_bomb_in_a_sheet(workbook, tmp_path):
    sheet = LAUGHS + (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                      b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
                      b"</sheetData></worksheet>")
    path = _rewrite(workbook, tmp_path / "laughs.xlsx", {"xl/worksheets/sheet1.xml": sheet})
    _refused([path], "DTD")


def test_openpyxl_itself_refuses_entities(workbook, tmp_path):
    """The second line of defence: openpyxl parses sheets with defusedxml."""
    import defusedxml
    assert openpyxl.DEFUSEDXML is True
    sheet = LAUGHS + (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                      b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
                      b"</sheetData></worksheet>")
    path = _rewrite(workbook, tmp_path / "laughs.xlsx", {"xl/worksheets/sheet1.xml": sheet})
    with pytest.raises(ValueError) as e:
        openpyxl.load_workbook(path, data_only=True)
    assert isinstance(e.value.__cause__, defusedxml.DefusedXmlException)


def test_entity_bomb_in_the_word_document(report, tmp_path):
    with zipfile.ZipFile(report) as zf:
        body = zf.read("word/document.xml")
    start = body.index(b"<w:document")
    evil = LAUGHS.replace(b"lolz", b"w:document") + body[start:].replace(
        b"<w:t>", b"<w:t>&lol9;", 1)
    path = _rewrite(report, tmp_path / "laughs.docx", {"word/document.xml": evil})
    _refused([path], "DTD")


def test_large_sheet_by_row_count(workbook, tmp_path):
    """12 000 small rows: small on disk and under the byte limit, refused by the row count."""
    def rows(f):
        f.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
        for i in range(1, 12_001):
            f.write(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i))
        f.write(b"</sheetData></worksheet>")
    path = _rewrite(workbook, tmp_path / "rows.xlsx", {"xl/worksheets/sheet2.xml": rows})
    assert path.stat().st_size < 1024 * 1024
    _refused([path], "10000 行")


def test_large_sheet_of_50_mb(workbook, tmp_path):
    def big(f):
        chunk = b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"x" * 1000 + b"</t></is></c></row>"
        f.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
        for _ in range(50_000):
            f.write(chunk)
        f.write(b"</sheetData></worksheet>")
    path = _rewrite(workbook, tmp_path / "big.xlsx", {"xl/worksheets/sheet3.xml": big})
    assert path.stat().st_size < 2 * 1024 * 1024
    _refused([path], "超出可导入的大小")


def test_docx_that_is_a_png(tmp_path):
    path = tmp_path / "报告.docx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
    _refused([path], "图片")


def test_xlsx_that_is_a_text_file(tmp_path):
    path = tmp_path / "附件表.xlsx"
    path.write_text("单位名称,金额\n县总工会,252.65\n", encoding="utf-8")
    _refused([path], "不是 Word（.docx）或 Excel（.xlsx）文件")


def test_empty_file(tmp_path):
    path = tmp_path / "空.xlsx"
    path.write_bytes(b"")
    _refused([path], "空的")


@pytest.mark.parametrize("name", ["加密.xlsx", "旧版.xls", "旧版.doc", "加密.docx"])
def test_ole_files(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096)
    _refused([path], "可能是加密或旧版 .xls/.doc 文件，请另存为 .xlsx/.docx")


def test_truncated_zip(workbook, tmp_path):
    path = tmp_path / "断.xlsx"
    path.write_bytes(workbook.read_bytes()[:3000])
    _refused([path], "损坏")


def test_zip_that_is_neither(tmp_path):
    path = tmp_path / "x.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "你好")
    _refused([path], "不是 Word")


def test_missing_file_and_folder(tmp_path):
    _refused([tmp_path / "没有.xlsx"], "找不到文件")
    _refused([tmp_path], "文件夹")


def test_two_workbooks(workbook):
    _refused([workbook, workbook], "一次只能导入一个 Excel 附件表")


def test_workbook_with_broken_xml(workbook, tmp_path):
    path = _rewrite(workbook, tmp_path / "bad.xlsx", {"xl/workbook.xml": b"<workbook><sheets>"})
    _refused([path], "Excel 文件")


def test_word_with_broken_xml(report, tmp_path):
    path = _rewrite(report, tmp_path / "bad.docx", {"word/document.xml": b"<w:document"})
    _refused([path], "Word 文件")


def test_many_parts(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(safety.MAX_PARTS + 1):
            zf.writestr(f"xl/x{i}.bin", b"")
    path = tmp_path / "parts.xlsx"
    path.write_bytes(buf.getvalue())
    _refused([path], "部件")


def test_foreign_workbook_without_annex_tables(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "采购清单"
    wb.active["B2"] = 12
    path = tmp_path / "清单.xlsx"
    wb.save(path)
    _refused([path], "既没有找到附件表")


@pytest.mark.parametrize("style", ["Heading1", "Normal", None])
def test_too_many_paragraphs_names_the_file(report, tmp_path, monkeypatch, style):
    """The message names the file, not the style of the last paragraph read (issue 14)."""
    import importers.docx as word
    monkeypatch.setattr(word, "MAX_PARAGRAPHS", 20)
    with zipfile.ZipFile(report) as zf:
        body = zf.read("word/document.xml")
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>'.encode() if style else b""
    extra = b"<w:p>" + ppr + "<w:r><w:t>正文</w:t></w:r></w:p>".encode()
    body = body.replace(b"<w:body>", b"<w:body>" + extra * 30, 1)
    path = _rewrite(report, tmp_path / "段落过多.docx", {"word/document.xml": body})
    msg = _refused([path], "段落过多.docx", "段落超过 20 个")
    assert "Heading" not in msg and "Normal" not in msg
