"""Small crafted Office files never hang or eat memory (issue 14, point 3).

Each attack is built in code, a few KB on disk, and must end in a document or an
``ImportError_`` in Chinese within ``fuzz_support.SECONDS`` and with bounded
memory (tracemalloc peak of the import, and growth of the process's high-water
mark). Before the bounds, these files took 200 s (20 000 overlapping merged
ranges), 3 GB (one merged range over the whole sheet), hung (a 9.9 MB shared
string in 10 000 cells), 2.8 GB (a Word cell spanning 4·10⁸ columns), 46 s and a
RecursionError (a vertically merged Word column over 1 050 rows), and 650 MB (a
worksheet stored under a name not ending in .xml, skipped by the checks).
"""
from __future__ import annotations

import random
import threading
import zipfile

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

import importers
from fuzz_support import bounded, is_chinese
from import_fixtures import build_workbook
from importers import safety
from importers.docx import MAX_TABLE_COLS, load_blocks
from importers.xlsx import load_grids
from office_attacks import (cell_ref, docx_from, document_xml, paragraph, sheet_xml, table_xml, tc,
                            write_xlsx)

MB = 2 ** 20
#: the tracemalloc peak allowed to one crafted file (the limit of fuzz_support is 200 MB)
PEAK = 60 * MB


def refused(path, *needles, peak=PEAK, trace=True) -> str:
    with bounded(path.name, peak=peak, trace=trace):
        with pytest.raises(importers.ImportError_) as e:
            importers.import_paths([str(path)], year=2024)
    msg = str(e.value)
    assert is_chinese(msg), msg
    for n in needles:
        assert n in msg, msg
    return msg


SMALL_TABLE = {(r, c): f"值{r}-{c}" for r in range(1, 4) for c in range(1, 5)}


# --------------------------------------------------------------------------- merged ranges

def test_20000_overlapping_merged_ranges(tmp_path):
    path = write_xlsx(tmp_path / "重叠.xlsx",
                      [sheet_xml({(1, 1): "附件3", (200, 50): "x"}, [f"A1:{cell_ref(200, 50)}"] * 20_000)])
    assert path.stat().st_size < 6 * 1024
    refused(path, "合并单元格超过 5000 处")


@pytest.mark.parametrize("count", [3, 500, safety.MAX_SHEET_MERGES])
def test_overlapping_merged_ranges_under_the_cap_cost_no_quadratic_work(tmp_path, count):
    """Up to the cap, overlap is found from the clipped areas before any cell is filled."""
    merges = [f"A{i % 100 + 1}:{cell_ref(200, 50)}" for i in range(count)]
    path = write_xlsx(tmp_path / "重叠.xlsx", [sheet_xml({(1, 1): "附件3", (200, 50): "x"}, merges)])
    refused(path, "合并单元格相互重叠", trace=False)


def test_one_merged_range_over_the_whole_sheet_is_clipped_to_the_used_range(tmp_path):
    path = write_xlsx(tmp_path / "整表合并.xlsx", [sheet_xml(SMALL_TABLE, ["A1:XFD1048576"])])
    assert path.stat().st_size < 2 * 1024
    with bounded("whole-sheet merge", peak=PEAK, trace=True):
        (grid,), _ = load_grids(str(path))
    assert (grid.nrows, grid.ncols) == (3, 4)
    assert {a for row in grid.anchors for a in row} == {(0, 0)}
    assert {t for row in grid.cells for t in row} == {"值1-1"}
    refused(path, "没有找到附件表")        # and the import ends as for any foreign sheet


RECT = st.tuples(st.integers(1, 12), st.integers(1, 8), st.integers(0, 1_048_564), st.integers(0, 16_376))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rects=st.lists(RECT, max_size=30))
@example(rects=[(10, 1, 1, 0), (1, 1, 9, 0)])     # A10:A11 is one cell once clipped to row 10
def test_merged_ranges_property(tmp_path, rects):
    """Any merged ranges, overlapping or far outside the data: refused, or every range that
    starts inside the used range covers exactly its clipped area (the first range wins)."""
    cells = {(r, c): f"{r}:{c}" for r in range(1, 11) for c in range(1, 7)}
    merges = [f"{cell_ref(r, c)}:{cell_ref(r + dr, c + dc)}" for r, c, dr, dc in rects]
    path = write_xlsx(tmp_path / "合并.xlsx", [sheet_xml(cells, merges)])
    with bounded("merges", seconds=2):
        try:
            (grid,), _ = load_grids(str(path))
        except importers.ImportError_ as e:
            assert is_chinese(str(e)) and "重叠" in str(e)
            clipped = sum((min(r + dr, 10) - r + 1) * (min(c + dc, 6) - c + 1)
                          for r, c, dr, dc in rects if r <= 10 and c <= 6)
            assert clipped > 60
            return
    assert (grid.nrows, grid.ncols) == (10, 6)
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    for r, c, dr, dc in rects:
        if r > 10 or c > 6 or (r - 1, c - 1) in covered or (min(r + dr, 10), min(c + dc, 6)) == (r, c):
            continue        # outside, starting in a cell already taken, or one cell once clipped: no merge
        for rr in range(r - 1, min(r + dr, 10)):
            for cc in range(c - 1, min(c + dc, 6)):
                covered.setdefault((rr, cc), (r - 1, c - 1))
    for rr in range(10):
        for cc in range(6):
            a = covered.get((rr, cc), (rr, cc))
            assert grid.anchors[rr][cc] == a
            assert grid.cells[rr][cc] == f"{a[0] + 1}:{a[1] + 1}"


# --------------------------------------------------------------------------- long texts

def _shared_string_book(tmp_path, text: str, cells: int = 10_000):
    return write_xlsx(tmp_path / "长文字.xlsx",
                      [sheet_xml({}, shared_cells=[(r, c) for r in range(1, cells // 10 + 1) for c in range(1, 11)])],
                      shared=[text])


def _varied(chars: int) -> str:
    """Text that does not compress much: random blocks longer than deflate's 32 KB window."""
    rng = random.Random(14)
    block = "".join(rng.choices("预算执行率绩效目标完成情况良好", k=40_000))
    return (block * (chars // len(block) + 1))[:chars]


def test_a_9_9_mb_shared_string_in_10000_cells(tmp_path):
    path = _shared_string_book(tmp_path, _varied(9_900_000 // 3))
    refused(path, "sharedStrings.xml", "连续文字")


def test_a_9_9_mb_repetitive_shared_string_in_10000_cells(tmp_path):
    path = _shared_string_book(tmp_path, "长" * (9_900_000 // 3))
    assert path.stat().st_size < 64 * 1024
    refused(path, "压缩比异常")


def test_a_shared_string_over_the_cell_limit(tmp_path):
    """Under the limit of one text in the XML, over Excel's limit of one cell."""
    path = _shared_string_book(tmp_path, _varied(300_000))
    refused(path, "A1 单元格", "超过单元格的上限", trace=False)


@given(length=st.integers(safety.MAX_GRID_CHARS // 10_000 + 1, safety.MAX_CELL_CHARS))
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_long_text_repeated_in_many_cells_is_counted(tmp_path, length):
    """Under the cell limit, the characters placed into the grid are what stops it (10 000 cells
    of a text long enough to pass ``MAX_GRID_CHARS``: refused within the time of any attack)."""
    assert length * 10_000 > safety.MAX_GRID_CHARS
    path = _shared_string_book(tmp_path, "字" * length)
    refused(path, "文字总量超过", trace=False)


def test_the_same_text_through_a_merged_range(tmp_path):
    text = "文" * safety.MAX_CELL_CHARS
    cells = {(1, 1): text, (400, 200): "末"}
    path = write_xlsx(tmp_path / "合并长文字.xlsx", [sheet_xml(cells, [f"A1:{cell_ref(400, 200)}"])])
    refused(path, "文字总量超过")


def test_many_sheets_of_empty_used_range(tmp_path):
    """Each sheet under the per-sheet limit (two cells far apart); together over the file's."""
    sheet = sheet_xml({(1, 1): "甲", (1500, 200): "乙"})
    path = write_xlsx(tmp_path / "多表.xlsx", [sheet] * (safety.MAX_GRID_AREA // (1500 * 200) + 1))
    refused(path, f"超过 {safety.MAX_GRID_AREA} 个单元格", trace=False)


# --------------------------------------------------------------------------- Word tables

def test_word_grid_span_of_4e8(tmp_path):
    body = table_xml([[tc("甲", span=400_000_000)], [tc("乙"), tc("丙")]], grid_cols=2)
    path = docx_from(document_xml(body), tmp_path / "跨列.docx")
    assert path.stat().st_size < 2 * 1024
    with bounded("gridSpan 4e8", peak=PEAK, trace=True):
        blocks = load_blocks(str(path))
        result = importers.import_paths([str(path)], year=2024)
    (grid,) = [b.grid for b in blocks if b.grid is not None]
    assert grid.cells == [["甲", "甲"], ["乙", "丙"]]
    assert grid.anchors[0] == [(0, 0), (0, 0)]
    assert "甲 | 乙" not in "".join(result.report.sections)


SPAN = st.one_of(st.none(), st.integers(-5, 10), st.sampled_from([400_000_000, 2 ** 40]),
                 st.sampled_from(["abc", "", "1.5"]))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(SPAN, min_size=1, max_size=6), min_size=1, max_size=6),
       grid_cols=st.integers(0, 8))
def test_word_spans_property(tmp_path, rows, grid_cols):
    """Any spans (huge, negative, not numbers): each row at most the table's real columns
    (or ``MAX_TABLE_COLS`` without a grid), plus cells beyond them."""
    def cell(span, text):
        xml = tc(text)
        if span is not None:
            xml = xml.replace("<w:tcPr>", f'<w:tcPr><w:gridSpan w:val="{span}"/>')
        return xml
    body = table_xml([[cell(s, f"{r}{c}") for c, s in enumerate(row)] for r, row in enumerate(rows)], grid_cols)
    path = docx_from(document_xml(body), tmp_path / "跨列.docx")
    with bounded("spans", seconds=2):
        (grid,) = [b.grid for b in load_blocks(str(path)) if b.grid is not None]
    limit = grid_cols or MAX_TABLE_COLS
    for r, row in enumerate(rows):
        placed = [t for t in grid.cells[r] if t]
        # spans end at the grid's last column; a cell past it still takes one column
        assert len(placed) <= min(MAX_TABLE_COLS, limit + len(row))
        texts = list(dict.fromkeys(placed))
        assert texts == [f"{r}{c}" for c in range(len(texts))]
        if grid_cols:
            assert len(texts) == len(row)


@pytest.mark.parametrize("rows", [800, 1050, 1999])
def test_word_vertical_merge_over_many_rows(tmp_path, rows):
    """Memory by the process's high-water mark (tracemalloc would slow 2 000 rows beyond 3 s)."""
    body = table_xml([[tc("合并", vmerge="restart"), tc("0")]]
                     + [[tc(vmerge="continue"), tc(str(i + 1))] for i in range(rows)], grid_cols=2)
    path = docx_from(document_xml(body), tmp_path / "纵向合并.docx")
    assert path.stat().st_size < 8 * 1024
    with bounded(f"vMerge {rows}", peak=PEAK):
        (grid,) = [b.grid for b in load_blocks(str(path)) if b.grid is not None]
        importers.import_paths([str(path)], year=2024)
    assert grid.nrows == rows + 1
    assert all(row[0] == "合并" for row in grid.cells)
    assert all(a[0] == (0, 0) for a in grid.anchors)
    assert [row[1] for row in grid.cells] == [str(i) for i in range(rows + 1)]


LAYOUT = st.lists(st.lists(st.tuples(st.integers(1, 3), st.booleans()), min_size=1, max_size=4),
                  min_size=1, max_size=8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(layout=LAYOUT)
def test_word_tables_read_as_python_docx_reads_them(tmp_path, layout):
    """On well-formed tables, the one-pass reader gives python-docx's ``row.cells``."""
    import docx
    from importers.grid import clean_text
    rows, above = [], {}
    for r, cells in enumerate(layout):
        row, offset, here = [], 0, {}
        for c, (span, cont) in enumerate(cells):
            cont = cont and above.get(offset) == span      # continue only a cell of the same width
            row.append(tc("" if cont else f"{r}/{c}", span=span, vmerge="continue" if cont else "restart"))
            here[offset] = span
            offset += span
        rows.append(row)
        above = here
    width = max(sum(s for s, _ in cells) for cells in layout)
    path = docx_from(document_xml(table_xml(rows, width)), tmp_path / "表格.docx")
    (grid,) = [b.grid for b in load_blocks(str(path)) if b.grid is not None]
    table = docx.Document(str(path)).tables[0]
    seen: dict = {}
    for r, row in enumerate(table.rows):
        cells = row.cells
        assert grid.cells[r][:len(cells)] == [clean_text(c.text) for c in cells]
        assert grid.anchors[r][:len(cells)] == [seen.setdefault(c._tc, (r, i)) for i, c in enumerate(cells)]


# --------------------------------------------------------------------------- parts not named *.xml

def test_a_sheet_not_named_xml_is_counted(tmp_path):
    path = write_xlsx(tmp_path / "改名.xlsx", [sheet_xml({(1, 1): "附件3"}, rows_only=12_000)],
                      sheet_names=["xl/worksheets/sheet1.bin"])
    refused(path, "10000 行")


def test_a_utf16_sheet_is_counted(tmp_path):
    xml = sheet_xml({(1, 1): "附件3"}, rows_only=12_000).replace(b'encoding="UTF-8"', b'encoding="UTF-16"')
    path = write_xlsx(tmp_path / "utf16.xlsx", [xml], encoding="utf-16")
    refused(path, "10000 行")


@pytest.mark.parametrize("name", ["xl/worksheets/sheet1.bin", "xl/media/image1.png", "xl/data"])
def test_a_big_sheet_under_any_name(tmp_path, name):
    """A 20 MB worksheet (varied enough to pass the ratio check) under a name of no XML."""
    rng = random.Random(3)
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{rng.randrange(10 ** 60)}</t></is></c></row>'
                   for r in range(1, 9_000))
    xml = (f'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           f"<sheetData>{rows}</sheetData>{'<!-- ' + 'x1y2' * 4_500_000 + ' -->'}</worksheet>").encode()
    path = write_xlsx(tmp_path / "大表.xlsx", [xml], sheet_names=[name])
    refused(path, name, trace=False)


def test_a_word_document_not_named_xml_with_a_dtd(tmp_path):
    body = document_xml(paragraph("正文")).replace(b"<w:document", b'<!DOCTYPE w:document [<!ENTITY a "b">]><w:document')
    path = docx_from(body, tmp_path / "改名.docx", document_name="word/main.dat")
    refused(path, "DTD")


def test_pictures_are_not_taken_for_xml(tmp_path):
    """A large binary part (a picture) is neither scanned nor held to the XML limit."""
    src = build_workbook(tmp_path / "ok.xlsx")
    path = tmp_path / "带图.xlsx"
    rng = random.Random(5)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info.filename))
        zout.writestr("xl/media/image1.png", b"\x89PNG\r\n\x1a\n" + rng.randbytes(safety.MAX_XML_PART + MB))
    with bounded("picture", seconds=3):
        result = importers.import_paths([str(path)])
    assert result.report.info.unit_name


# --------------------------------------------------------------------------- cancelling

def test_a_cancelled_import_stops_at_the_next_checkpoint(tmp_path, monkeypatch):
    src = build_workbook(tmp_path / "ok.xlsx")
    event = threading.Event()
    with safety.cancel_scope(event):
        assert importers.import_paths([str(src)]).report.info.unit_name      # not cancelled: imports
        calls = []

        def counting():
            calls.append(1)
            if len(calls) == 3:        # the user presses 取消 part-way through the reading
                event.set()
            real()
        real = safety.checkpoint
        for module in ("importers.safety", "importers.xlsx", "importers.docx"):
            monkeypatch.setattr(f"{module}.checkpoint", counting)
        with pytest.raises(safety.ImportCancelled) as e:
            importers.import_paths([str(src)])
    assert str(e.value) == "导入已取消" and len(calls) == 3
    safety.checkpoint()           # outside the scope, nothing is cancelled
    event.clear()
