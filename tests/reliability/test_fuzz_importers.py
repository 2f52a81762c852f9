"""Fuzzing the Excel and Word importers with damaged copies of valid files.

The valid files are the importers' own hand-filled fixtures and the workbook and
Word report this program exports from the sample. Two kinds of damage:

* the file's bytes: flipped, inserted, deleted, truncated (mostly a broken zip);
* one XML part inside a well-formed zip: bytes flipped or cut, markup inserted
  (DOCTYPE and entities, shared-string and style indexes out of range, merged
  ranges over the whole sheet, huge attribute values, invalid UTF-8, deep
  nesting), so that the parsers really see the bad content.

Every input ends in a document or an ``ImportError_`` with a Chinese message,
within a few seconds and without the process growing by 200 MB.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import importers
from fuzz_support import SAMPLE, STATS, bounded, is_chinese
from import_fixtures import build_report_numbered, build_workbook
from model import store

SNIPPETS = [
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    b"&b;", b"&#0;", b"&#xD800;", b"&unknown;", b"<![CDATA[", b"]]>", b"<?xml version='1.0'?>",
    b'<c r="A1" t="s"><v>999999</v></c>', b'<c r="XFD1048576"><v>1</v></c>', b'<c r="A0" t="n"><v>x</v></c>',
    b'<c r="B2" s="99999" t="d"><v>not-a-date</v></c>', b'<c r="C3" t="e"><v>#REF!</v></c>',
    b'<mergeCell ref="A1:XFD1048576"/>', b'<mergeCell ref="Z9:A1"/>', b'<dimension ref="A1:XFD1048576"/>',
    b'<row r="1048577">', b'<row r="-1">', b"</row>", b"</sheetData>", b"<w:p>", b"</w:p>",
    b'<w:tbl><w:tr><w:tc><w:p><w:r><w:t>', b"</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
    b'<w:gridSpan w:val="99999"/>', b'<w:vMerge w:val="restart"/>', b'<w:numPr><w:ilvl w:val="-5"/></w:numPr>',
    b'<w:pStyle w:val="Heading99"/>', b"<w:t>" + "二〇二四年度".encode() + b"</w:t>",
    b"\xff\xfe\x00", b"\xc3\x28", b"\xed\xa0\x80", b"\x00", b"<", b">", b'"', b"'",
    b'x="' + b"A" * 100_000 + b'"', b"<a>" * 2000, b"</a>" * 2000,
]


def _fixtures(folder: Path) -> dict[str, bytes]:
    from export.docx import write_docx
    from export.xlsx import write_xlsx
    sample = store.load(SAMPLE)
    write_xlsx(sample, folder / "exported.xlsx")
    write_docx(sample, folder / "exported.docx")
    paths = [build_workbook(folder / "filled.xlsx"), build_report_numbered(folder / "filled.docx"),
             folder / "exported.xlsx", folder / "exported.docx"]
    return {p.name: p.read_bytes() for p in paths}


@pytest.fixture(scope="module")
def valid(tmp_path_factory):
    folder = tmp_path_factory.mktemp("valid")
    files = _fixtures(folder)
    for name, data in files.items():   # the undamaged files import
        p = folder / ("check-" + name)
        p.write_bytes(data)
        result = importers.import_paths([str(p)], year=2024)
        assert result.report.info.unit_name
    return files


NAMES = ["filled.xlsx", "filled.docx", "exported.xlsx", "exported.docx"]


def _import(path: Path) -> str:
    """'ok' or 'refused'; fails the test on anything else."""
    with bounded(f"import {path.name}"):   # tracemalloc would slow openpyxl down four times
        try:
            result = importers.import_paths([str(path)], year=2024)
        except importers.ImportError_ as e:
            assert is_chinese(str(e)), str(e)
            STATS["import: refused (ImportError_)"] += 1
            return "refused"
    assert 1900 <= result.report.info.year <= 2200
    assert all(isinstance(line, str) for line in result.summary_lines())
    store.loads(store.dumps(result.report))   # what was imported can be saved and opened again
    STATS["import: imported"] += 1
    return "ok"


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_bytes(valid, tmp_path, data):
    name = data.draw(st.sampled_from(NAMES), label="file")
    raw = bytearray(valid[name])
    for _ in range(data.draw(st.integers(1, 6), label="damages")):
        action = data.draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        pos = data.draw(st.integers(0, max(0, len(raw) - 1)))
        if action == "flip" and raw:
            raw[pos] ^= data.draw(st.integers(1, 255))
        elif action == "cut":
            del raw[max(4, pos):]
        elif action == "insert":
            raw[pos:pos] = data.draw(st.binary(min_size=1, max_size=16))
        elif raw:
            del raw[pos:pos + data.draw(st.integers(1, 64))]
    path = tmp_path / f"damaged-{name}"
    path.write_bytes(bytes(raw))
    _import(path)


def _rezip(data: bytes, member: str, content: bytes, stored: bool) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, content if info.filename == member else zin.read(info.filename))
    return out.getvalue()


def _members(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [n for n in z.namelist() if n.endswith((".xml", ".rels"))]


@settings(max_examples=70, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_xml_inside_a_good_zip(valid, tmp_path, data):
    name = data.draw(st.sampled_from(NAMES), label="file")
    members = _members(valid[name])
    # mostly the parts the importers read: sheets, shared strings, the document body
    main = [m for m in members if m.startswith(("xl/worksheets/", "word/document", "xl/sharedStrings",
                                                  "xl/workbook", "xl/styles"))]
    member = data.draw(st.sampled_from(main) if data.draw(st.integers(0, 3)) else st.sampled_from(members),
                       label="member")
    with zipfile.ZipFile(io.BytesIO(valid[name])) as z:
        xml = bytearray(z.read(member))
    for _ in range(data.draw(st.integers(1, 4), label="damages")):
        pos = data.draw(st.integers(0, len(xml)))
        action = data.draw(st.sampled_from(["snippet", "snippet", "flip", "cut", "delete", "swap-tag"]))
        if action == "snippet":
            xml[pos:pos] = data.draw(st.sampled_from(SNIPPETS))
        elif action == "flip" and xml:
            xml[min(pos, len(xml) - 1)] ^= data.draw(st.integers(1, 255))
        elif action == "cut":
            del xml[pos:]
        elif action == "delete":
            del xml[pos:pos + data.draw(st.integers(1, 200))]
        else:   # a tag or attribute value replaced by a number out of range
            at = xml.find(b'="', pos)
            if at >= 0:
                end = xml.find(b'"', at + 2)
                if end > 0:
                    xml[at + 2:end] = data.draw(st.sampled_from([b"-1", b"4294967296", b"1e308", b"", b"NaN"]))
    path = tmp_path / f"xml-{name}"
    path.write_bytes(_rezip(valid[name], member, bytes(xml), data.draw(st.booleans(), label="stored")))
    _import(path)


def _zlib_damaged(data: bytes, member: str) -> bytes:
    """``data`` with a byte of ``member``'s compressed stream changed so that inflating it fails."""
    import struct
    import zlib
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo(member)
    assert info.compress_type == zipfile.ZIP_DEFLATED
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26:info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    for offset in range(start + 2, start + info.compress_size):
        for value in (0xFF, 0x00, 0x55):
            raw = bytearray(data)
            raw[offset] = value
            try:
                with zipfile.ZipFile(io.BytesIO(bytes(raw))) as z:
                    z.read(member)
            except zlib.error:
                return bytes(raw)
            except zipfile.BadZipFile:
                continue
    raise AssertionError("no damage found that breaks the compressed stream")


@pytest.mark.parametrize("name, member", [("filled.xlsx", "xl/worksheets/sheet1.xml"),
                                          ("exported.docx", "word/document.xml")])
def test_damaged_compressed_stream_is_refused(valid, tmp_path, name, member):
    # found by test_damaged_bytes: zlib.error escaped from the package check
    path = tmp_path / name
    path.write_bytes(_zlib_damaged(valid[name], member))
    with pytest.raises(importers.ImportError_, match="已损坏"):
        importers.import_paths([str(path)], year=2024)
