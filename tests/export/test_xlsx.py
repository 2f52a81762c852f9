"""The Excel workbook read back with openpyxl, converted by LibreOffice, and the CLI."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import xml.etree.ElementTree as ET
import zipfile

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

import export
from export import tables, xlsx
from export.grid import estimate_lines
from model import store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def book(tmp_path_factory, export_report_factory):
    """The sample report's workbook, written once and read back (tests only read it)."""
    make_report = export_report_factory
    path = tmp_path_factory.mktemp("book") / "附表.xlsx"
    names = xlsx.write_xlsx(make_report(), path)
    return names, openpyxl.load_workbook(path), path


def merged_range_of(ws, coord: str):
    for rng in ws.merged_cells.ranges:
        if coord in rng:
            return rng
    return None


def find(ws, text: str):
    for row in ws.iter_rows():
        for c in row:
            if c.value == text:
                return c
    raise AssertionError(f"{text!r} not on {ws.title}")


def test_sheets_and_titles(book):
    names, wb, _ = book
    assert wb.sheetnames == names == [
        "附件2 基础数据表", "附件3 整体支出自评表", "附件4-1 夏送清凉活动",
        "附件4-2 =SUM(A1A9) 职工技能竞赛培训专项", "附件4-3 困难职工帮扶（上年结转）"]
    a2, a3, a41 = wb.worksheets[:3]
    assert a2["A1"].value == "附件2"
    assert a2["A2"].value == "2024年度部门（单位）整体支出绩效评价基础数据表"
    assert a3["A2"].value == "2024年度部门（单位）整体支出绩效自评表"
    assert a41["A1"].value == "附件4-1" and a41["A2"].value == "2024年度项目支出绩效自评表"
    assert a2["A3"].value == "单位名称：某某县总工会" and a2["F3"].value == "单位：万元"
    assert str(merged_range_of(a2, "A2")) == "A2:G2"
    assert str(merged_range_of(a3, "A2")) == "A2:I2"
    footer = find(a3, next(v for v in (c.value for c in a3["A"]) if v and str(v).startswith("填表人")))
    assert "填报日期：2025年3月10日" in footer.value and "单位负责人签字：" in footer.value
    assert str(merged_range_of(a3, footer.coordinate)) == f"A{footer.row}:I{footer.row}"


def test_numbers_are_numeric_cells(book):
    _, wb, _ = book
    a3 = wb.worksheets[1]
    total = find(a3, "年度资金总额")
    r = total.row
    assert [a3.cell(r, c).value for c in range(4, 10)] == [180.07, 253.79, 252.65, 10, 0.9955, 9.96]
    assert a3.cell(r, 8).number_format == "0.00%" and a3.cell(r, 9).number_format == "0.00"
    assert a3.cell(r, 4).number_format == "0.00_ " and a3.cell(r, 4).data_type == "n"
    grand = find(a3, "总分")
    assert a3.cell(grand.row, 7).value == 100 and a3.cell(grand.row, 8).value == 96.76
    assert a3.cell(grand.row, 9).value == "自评等级：优"
    q = find(a3, "帮扶资金发放准确率")
    assert a3.cell(q.row, 8).value == 9.8 and a3.cell(q.row, 8).number_format == "0.00"
    a2 = wb.worksheets[0]
    staff = find(a2, "编制数")
    assert a2.cell(staff.row + 1, 2).value == 8 and a2.cell(staff.row + 1, 4).value == 7
    assert a2.cell(staff.row + 1, 6).value == 0.875 and a2.cell(staff.row + 1, 6).number_format == "0.00%"
    # no formulas anywhere: the figures are values computed by the model
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)


def test_zero_budget_execution_rate_dash(book):
    _, wb, _ = book
    ws = wb.worksheets[4]
    total = find(ws, "年度资金总额")
    assert [ws.cell(total.row, c).value for c in range(4, 10)] == [0, 0, 0, 10, "—", 0]


def test_merged_indicator_cells_with_weight(book):
    _, wb, _ = book
    a3 = wb.worksheets[1]
    out = find(a3, "产出指标\n（40分）")
    assert out.column == 2
    rng = merged_range_of(a3, out.coordinate)
    assert (rng.min_row, rng.max_row, rng.min_col, rng.max_col) == (out.row, out.row + 2, 2, 2)
    assert [a3.cell(out.row + i, 3).value for i in range(3)] == ["数量指标", "质量指标", "时效指标"]
    perf = find(a3, "绩效指标")
    rng = merged_range_of(a3, perf.coordinate)
    assert rng.max_row - rng.min_row + 1 == 9       # header + 8 indicator rows
    block = merged_range_of(a3, find(a3, "年度预算申请\n（万元）").coordinate)
    assert block.max_row - block.min_row + 1 == 8


def _file_borders(path: Path, sheet_index: int) -> dict[str, bool]:
    """Cell reference → whether the cell's style in the file has thin borders on all four sides.

    Read from the XML itself: openpyxl, when loading, rebuilds the borders of merged cells
    from the top-left cell and so would hide what the file really holds.
    """
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(path) as z:
        styles = ET.fromstring(z.read("xl/styles.xml"))
        sheet = ET.fromstring(z.read(f"xl/worksheets/sheet{sheet_index + 1}.xml"))
    borders = []
    for b in styles.find("m:borders", ns):
        borders.append(all((b.find(f"m:{side}", ns) is not None
                            and b.find(f"m:{side}", ns).get("style") == "thin")
                           for side in ("left", "right", "top", "bottom")))
    xfs = [borders[int(xf.get("borderId", 0))] for xf in styles.find("m:cellXfs", ns)]
    return {c.get("r"): xfs[int(c.get("s", 0))] for c in sheet.iter(f"{{{ns['m']}}}c")}


def test_borders_on_every_cell_of_merged_ranges(book):
    _, wb, path = book
    for i, ws in enumerate(wb.worksheets):
        full = _file_borders(path, i)
        top, bottom = 4, ws.max_row - 1            # the footer line has no border
        for r in range(top, bottom + 1):
            for col in range(1, ws.max_column + 1):
                ref = f"{get_column_letter(col)}{r}"
                assert full.get(ref), (ws.title, ref)
        assert not full.get(f"A{ws.max_row}") and not full.get("A2")
        merged = [rng for rng in ws.merged_cells.ranges if rng.min_row >= top and rng.max_row <= bottom]
        assert len(merged) > 10


def test_print_settings(book):
    _, wb, _ = book
    for i, ws in enumerate(wb.worksheets):
        ps = ws.page_setup
        assert int(ps.paperSize) == 9                 # A4
        assert ps.orientation == ("portrait" if i == 0 else "landscape")
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        # 附件4 of the export report's projects fit one page; 附件2/3 run over pages
        assert ps.fitToWidth == 1 and ps.fitToHeight == (0 if i < 2 else 1)
        assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
        assert ws.print_area.endswith(f"$A$1:${'G' if i == 0 else 'I'}${ws.max_row}")
        assert 0.3 <= ws.page_margins.left <= 1 and 0.3 <= ws.page_margins.top <= 1.2
    a3 = wb.worksheets[1]
    head = find(a3, "一级指标")
    assert a3.print_title_rows == f"${head.row}:${head.row}"
    a2 = wb.worksheets[0]
    heads = find(a2, "经费控制情况（万元）")
    assert a2.print_title_rows == f"${heads.row}:${heads.row}"


def test_control_characters_and_huge_texts(report, tmp_path):
    report.projects[0].indicators[0].note = "复制自文档\x07的说明\x0b第二行"
    report.dept.goal = "长" * 40000
    path = tmp_path / "a.xlsx"
    xlsx.write_xlsx(report, path)
    wb = openpyxl.load_workbook(path)
    assert find(wb.worksheets[2], "复制自文档的说明第二行").data_type == "s"
    a3 = wb.worksheets[1]
    goal = next(c for row in a3.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("长长"))
    assert len(goal.value) == xlsx.CELL_MAX and goal.value.endswith(xlsx.TRUNCATED)
    assert a3.row_dimensions[goal.row].height == xlsx.MAX_ROW


def test_fonts_wrap_and_row_heights(book, report):
    _, wb, _ = book
    grids = tables.build_all(report)
    for ws, grid in zip(wb.worksheets, grids):
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    assert c.font.name == "宋体", (ws.title, c.coordinate)
        assert ws["A2"].font.bold and ws["A2"].font.sz >= 14
        for cell in grid.cells:
            x = ws.cell(4 + cell.row, 1 + cell.col)
            assert x.alignment.wrap_text
            if cell.rowspan == 1 and cell.text:
                width = sum(ws.column_dimensions[chr(65 + k)].width
                            for k in range(cell.col, cell.col + cell.colspan))
                lines = estimate_lines(cell.text, width)
                assert ws.row_dimensions[x.row].height >= lines * xlsx.LINE_HEIGHT, (ws.title, cell.text)
    a2 = wb.worksheets[0]
    savings = find(a2, "厉行节约保障措施")
    assert a2.row_dimensions[savings.row].height > xlsx.MIN_ROW        # two lines of text
    assert a2.column_dimensions["A"].width == tables.ANNEX2_WIDTHS[0]


def test_user_text_never_becomes_a_formula(book):
    _, wb, _ = book
    ws = wb.worksheets[3]
    name = "=SUM(A1:A9) 职工技能竞赛/培训[专项]"
    c = find(ws, name)
    assert c.data_type == "s" and c.value == name
    for text in ("+县职工服务中心", "@举办职工技能竞赛 3 场，培训职工 500 人次。"):
        c = find(ws, text)
        assert c.data_type == "s" and c.value == text
    a3 = wb.worksheets[1]
    c = find(a3, "-个别帮扶对象信息变更未及时核实，下年度建立季度复核机制")
    assert c.data_type == "s"
    a41 = wb.worksheets[2]
    assert find(a41, "=部分物资品类单一，下年度征求职工意见后采购").data_type == "s"
    a2 = wb.worksheets[0]
    assert find(a2, "\u3000\u3000" + name).data_type == "s"


def _xml_parts(path: Path) -> dict[str, bytes]:
    """Every part of a workbook file but the document properties (they hold the time)."""
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if not n.startswith("docProps/")}


def _openpyxl_temp_files() -> set[str]:
    import tempfile
    tmp = Path(tempfile.gettempdir())
    return {p.name for p in [*tmp.glob("openpyxl.*"), *tmp.glob("jxzp-xlsx-*")]}


@pytest.fixture(autouse=True)
def _private_tempdir(tmp_path_factory, monkeypatch):
    """Each test sees its own temporary folder, so files other processes put in /tmp do not count."""
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path_factory.mktemp("tempdir")))


def test_sheet_xml_is_what_openpyxl_writes_for_the_same_cells(report, tmp_path, monkeypatch):
    """The rows written as text are byte for byte what openpyxl's write-only sheet writes
    cell by cell: texts with markup characters, line breaks, leading and trailing blanks,
    characters of every plane, numbers of every size, empty and merged cells."""
    from decimal import Decimal as D
    from export.grid import Grid
    plain = [chr(i) for i in range(1, 0x110000, 37)
             if not 0xD800 <= i <= 0xDFFF and not export._INVISIBLE.match(chr(i))]
    report.projects[0].indicators[0].note = " & <b>\"引号\" 'x' \r\n\t第二行\u3000"
    report.projects[0].name = "\u3000" + "".join(plain[:200])
    odd = Grid(key="odd", sheet_name="odd", title="T & <x>\r\n", ncols=4, col_widths=[10.0] * 4,
               annex_label=" 附件 ", subtitle_left="", subtitle_right="\u3000", footer="f\r")
    for r in range(0, len(plain), 500):
        odd.add(r // 500, 0, "".join(plain[r:r + 500]), user_text=True)
        odd.add(r // 500, 1, f" {plain[r]}\u2028", bold=True, align="left")
    for r, v in enumerate(["1E+2", "0.1", "-3.14159265358979323846", "1e400", "12345678901234567890",
                           "0", "-0.000001", "9.58", "0.9955"]):
        odd.add(r, 2, "", value=D(v), number_format="0.00")
        odd.add(r, 3, "#N/A" if r % 2 else "=1+1")
    odd.add(len(plain) // 500 + 1, 0, "", rowspan=3, colspan=3)
    grids = tables.build_all(report) + [odd]
    before = _openpyxl_temp_files()
    files = {}
    for whole in (True, False):
        monkeypatch.setattr(xlsx, "_SHEET_FILE", whole)
        path = files[whole] = tmp_path / f"{whole}.xlsx"
        xlsx.build_workbook(grids).save(path)
    # the export's way: each sheet written into the target's archive as it is laid out
    monkeypatch.setattr(xlsx, "_SHEET_FILE", True)
    streamed = tmp_path / "streamed.xlsx"
    assert xlsx.write_grids(iter(grids), streamed) == [g.sheet_name for g in grids]
    ours, openpyxls = _xml_parts(files[True]), _xml_parts(files[False])
    assert ours.keys() == openpyxls.keys() and len(ours) > len(grids)
    for name in ours:
        assert ours[name] == openpyxls[name], name
    with zipfile.ZipFile(streamed) as z:
        names = z.namelist()
        assert len(names) == len(set(names)) and z.testzip() is None
    assert _xml_parts(streamed) == openpyxls
    assert _openpyxl_temp_files() <= before          # the sheets' temporary files are removed


def test_an_export_writes_no_temporary_sheet_files(report, tmp_path, monkeypatch):
    import tempfile
    from export import xlsx_fast
    made = []
    real = xlsx_fast._SheetFolder.write
    monkeypatch.setattr(xlsx_fast._SheetFolder, "write", lambda self, data: made.append(1) or real(self, data))
    report.projects *= 3
    out = tmp_path / "a.xlsx"
    names = xlsx.write_xlsx(report, out)
    assert made == [] and list(Path(tempfile.gettempdir()).iterdir()) == []
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == names and len(names) == 2 + len(report.projects)
    assert wb[names[-1]]["A1"].value == f"附件4-{len(report.projects)}"


def test_failed_save_leaves_no_sheet_files(report, tmp_path, monkeypatch):
    before = _openpyxl_temp_files()

    def boom(wb, filename, archive=None):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(xlsx, "_save", boom)
    with pytest.raises(export.ExportError):
        xlsx.write_xlsx(report, tmp_path / "a.xlsx")
    assert _openpyxl_temp_files() <= before
    assert list(tmp_path.iterdir()) == []


def test_failure_while_the_sheets_are_laid_out_leaves_nothing(report, tmp_path, monkeypatch):
    # the tables are built one at a time while the workbook is written (``tables.iter_grids``):
    # a failure half-way leaves neither sheet files nor a half-written target
    from export import tables
    before = _openpyxl_temp_files()
    real, made = tables.build_annex4, []

    def fails_on_the_second(report, i, name, scores):
        if made:
            raise RuntimeError("boom")
        made.append(i)
        return real(report, i, name, scores)
    monkeypatch.setattr(tables, "build_annex4", fails_on_the_second)
    with pytest.raises(RuntimeError):
        xlsx.write_xlsx(report, tmp_path / "a.xlsx")
    assert made == [0] and len(report.projects) > 1
    assert _openpyxl_temp_files() <= before
    assert list(tmp_path.iterdir()) == []


def test_tables_are_built_one_at_a_time(report, tmp_path, monkeypatch):
    # each table is written to its sheet before the next one is built
    from export import tables
    real_build, real_render, order = tables.build_annex4, xlsx.render_grid, []

    def build(report, i, name, scores):
        order.append(("build", i))
        return real_build(report, i, name, scores)

    def render(ws, grid, styles):
        order.append(("render", grid.key))
        return real_render(ws, grid, styles)
    monkeypatch.setattr(tables, "build_annex4", build)
    monkeypatch.setattr(xlsx, "render_grid", render)
    names = xlsx.write_xlsx(report, tmp_path / "a.xlsx")
    builds = [i for i, (what, _) in enumerate(order) if what == "build"]
    assert len(builds) == len(report.projects) >= 2
    for a, b in zip(builds, builds[1:]):
        assert ("render", f"annex4-{order[a][1] + 1}") in order[a:b]
    assert names == [g.sheet_name for g in tables.build_all(export.printable(report))]


def test_the_workbook_goes_with_its_last_reference(report, tmp_path, monkeypatch):
    # taken apart once saved: no sheet waits for the cyclic collector (whose first pass after a
    # large export walked every sheet's objects)
    import gc
    import weakref
    real, refs = xlsx.build_workbook, []

    def build(grids, archive=None):
        wb = real(grids, archive)
        refs.append(weakref.ref(wb))
        refs.extend(weakref.ref(ws) for ws in wb.worksheets)
        return wb
    monkeypatch.setattr(xlsx, "build_workbook", build)
    was = gc.isenabled()
    gc.disable()
    try:
        names = xlsx.write_xlsx(report, tmp_path / "a.xlsx")
        assert len(refs) == 1 + len(names) and all(r() is None for r in refs)
    finally:
        if was:
            gc.enable()
    assert openpyxl.load_workbook(tmp_path / "a.xlsx").sheetnames == names


def test_write_is_atomic_and_errors_are_chinese(report, tmp_path, monkeypatch):
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")

    def boom(wb, filename, archive=None):
        Path(filename).write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xlsx, "_save", boom)
    with pytest.raises(export.ExportError) as e:
        xlsx.write_xlsx(report, target)
    assert "Excel" in str(e.value) and "磁盘空间" in str(e.value)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]     # no temp file left
    monkeypatch.undo()
    with pytest.raises(export.ExportError, match="不存在"):
        xlsx.write_xlsx(report, tmp_path / "没有这个文件夹" / "a.xlsx")
    with pytest.raises(export.ExportError, match="文件夹"):
        xlsx.write_xlsx(report, tmp_path)


def test_replace_refused_says_file_is_open(report, tmp_path, monkeypatch):
    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(export.os, "replace", refuse)
    with pytest.raises(export.ExportError, match="正在 Excel、WPS"):
        xlsx.write_xlsx(report, tmp_path / "a.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_export_all_lines(report, tmp_path):
    out = tmp_path / "a.xlsx"
    txt = tmp_path / "a.txt"
    lines = list(export.export_all(report, xlsx=str(out), txt=str(txt)))
    assert lines == [f"已导出 Excel 附表：{out}（5 张表：附件2、附件3及 3 个项目的附件4）",
                     f"已导出正文纯文本：{txt}"]
    assert openpyxl.load_workbook(out).sheetnames[0] == "附件2 基础数据表"
    lines = list(export.export_all(report, xlsx=str(out), verbose=True))
    assert "  工作表：附件4-1 夏送清凉活动" in lines and any("宋体" in line for line in lines)


def _run_cli(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=120)


def test_cli_export_xlsx(report, tmp_path):
    src = tmp_path / "报告.jxzp"
    store.save(report, src)
    out = tmp_path / "附表.xlsx"
    res = _run_cli("export", str(src), "--xlsx", str(out))
    assert res.returncode == 0, res.stderr
    assert "已导出 Excel 附表" in res.stdout
    wb = openpyxl.load_workbook(out)
    assert wb.worksheets[1]["A2"].value == "2024年度部门（单位）整体支出绩效自评表"
    bad = tmp_path / "坏文件.jxzp"
    bad.write_bytes(b"\x00\x01 not a report")
    res = _run_cli("export", str(bad), "--xlsx", str(tmp_path / "b.xlsx"))
    assert res.returncode == 2 and "Traceback" not in res.stderr and res.stderr.strip()
    assert not (tmp_path / "b.xlsx").exists()


# --------------------------------------------------------------------------- LibreOffice

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def converted(tmp_path_factory, export_report_factory):
    """The workbook converted once to PDF by LibreOffice; (pdf path, text per page)."""
    if not SOFFICE or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice or pdftotext is not installed")
    make_report = export_report_factory
    d = tmp_path_factory.mktemp("lo")
    src = d / "annex.xlsx"
    xlsx.write_xlsx(make_report(), src)
    profile = d / "profile"
    res = subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                          "--convert-to", "pdf", "--outdir", str(d), str(src)],
                         capture_output=True, text=True, timeout=180)
    pdf = d / "annex.pdf"
    assert pdf.exists(), res.stderr
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          encoding="utf-8", check=True).stdout
    return pdf, text.split("\f")


@pytest.mark.libreoffice
def test_libreoffice_pdf_has_every_table(converted):
    pdf, pages = converted
    text = "\n".join(pages)
    flat = "".join(text.split())
    for s in ("2024年度部门（单位）整体支出绩效评价基础数据表", "2024年度部门（单位）整体支出绩效自评表",
              "2024年度项目支出绩效自评表", "单位名称：某某县总工会", "财政供养人员情况", "87.50%",
              "一、部门基本支出", "172.15", "夏送清凉活动", "楼堂馆所控制情况", "厉行节约保障措施",
              "年度资金总额", "99.55%", "9.96", "95.83%", "9.58", "偏差原因分析及改进措施", "96.76",
              "99.37", "=SUM(A1:A9)", "+县职工服务中心", "填表人：李明", "单位负责人签字", "自评等级：优"):
        assert s in flat, s
    assert "产出指标" in flat and "（40分）" in flat
    assert "###" not in text
    assert "第1页共" in flat
    # the zero-budget project prints “—” for its rate
    last = "".join(pages[-2 if not pages[-1].strip() else -1].split())
    assert "困难职工帮扶（上年结转）" in last and "—" in last


@pytest.mark.libreoffice
def test_libreoffice_pages_fit_the_width(converted):
    pdf, pages = converted
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "3", str(pdf)], capture_output=True, text=True).stdout
    sizes = [line.split(":", 1)[1] for line in info.splitlines() if line.startswith("Page") and "size" in line]
    assert sizes[0].split()[:3] == ["595.304", "x", "841.89"]      # A4 portrait for 附件2
    assert sizes[1].split()[:3] == ["841.89", "x", "595.304"]      # A4 landscape for 附件3
    # every page of every table shows its right-most column (nothing cut at the right edge)
    for page in pages:
        flat = "".join(page.split())
        if "一级指标" in flat:
            assert "偏差原因分析及改进措施" in flat
        if "经费控制情况" in flat:
            assert "2024年决算数" in flat
