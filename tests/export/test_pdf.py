"""The PDF export: text, fonts, pagination, repeated headers, line breaking, errors."""
from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal as D
from pathlib import Path

import pytest

from export import ExportError, export_all
from export.body import heading_text
from export.fonts import CID_FALLBACK, cid_fonts, find_fonts
from export.grid import Grid
from export.linebreak import NO_END, NO_START, check_lines
from export.pdf import LINES_PER_PAGE, export, write_pdf
from export.tables import build_all
from model.numbers import fmt_decimal
from model.report import SECTION_COUNT, Indicator, Project, Amounts
from model.scoring import score_report

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdffonts"),
                                reason="poppler-utils not installed")


def pdftext(path: Path, first: int | None = None, last: int | None = None, layout: bool = False) -> str:
    cmd = ["pdftotext", "-enc", "UTF-8"]
    if layout:
        cmd.append("-layout")
    if first:
        cmd += ["-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    return subprocess.run(cmd + [str(path), "-"], capture_output=True, check=True).stdout.decode("utf-8")


def pages_text(path: Path, layout: bool = False) -> list[str]:
    """The text of every page (pdftotext separates pages with form feeds)."""
    pages = pdftext(path, layout=layout).split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_count(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout.decode()
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def page_size(path: Path, page: int) -> tuple[float, float]:
    out = subprocess.run(["pdfinfo", "-f", str(page), "-l", str(page), str(path)],
                         capture_output=True, check=True).stdout.decode()
    m = re.search(r"Page\s+%d size:\s+([\d.]+) x ([\d.]+)" % page, out)
    return float(m.group(1)), float(m.group(2))


def fonts_table(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True).stdout.decode()
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


@pytest.fixture(scope="module")
def truetype_fonts():
    fonts = find_fonts()
    if fonts.uses_fallback:
        pytest.skip("no TrueType CJK font installed")
    return fonts


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory, truetype_fonts):
    from tests.export.conftest import make_report
    report = make_report()
    report.sections[3] = ""            # an empty section prints “无。”
    path = tmp_path_factory.mktemp("pdf") / "报告.pdf"
    used = write_pdf(report, path, fonts=truetype_fonts)
    return report, path, used


def test_text_has_title_sections_annexes_and_scores(sample_pdf):
    report, path, _ = sample_pdf
    text = squash(pdftext(path))
    assert "2024年度某某县总工会部门整体支出绩效自评报告" in text
    pos = [text.index(heading_text(i)) for i in range(SECTION_COUNT)]
    assert pos == sorted(pos)                          # the ten headings, in order
    assert "四、国有资本经营预算支出情况无。" in text
    for grid in build_all(report):
        assert squash(grid.title) in text
        assert squash(grid.annex_label) in text
    scores = score_report(report)
    for table in (scores.department, *scores.projects):
        assert fmt_decimal(table.total, 2) in text
    assert "某某县总工会2025年3月10日" in text           # the sign-off
    assert "—1—" in text                               # page number
    # the footer keeps the blanks between its fields
    assert re.search(r"填表人：李明\s{2,}填报日期：", pdftext(path, layout=True))


def test_body_page_geometry(sample_pdf):
    _, path, _ = sample_pdf
    assert page_size(path, 1) == pytest.approx((595.28, 841.89), abs=0.5)
    # 附件3 is landscape
    n = page_count(path)
    sizes = [page_size(path, p) for p in range(1, n + 1)]
    assert (841.89, 595.28) in [tuple(round(v, 2) for v in s) for s in sizes]


def test_truetype_fonts_are_embedded_subsets(sample_pdf):
    _, path, used = sample_pdf
    rows = fonts_table(path)
    assert rows
    for row in rows:
        name = row[0]
        assert re.match(r"^[A-Z]{6}\+", name), name
        assert row[-5:-2] == ["yes", "yes", "yes"], row   # emb sub uni
    assert not used.uses_fallback


def test_cid_fallback_when_no_font_is_found(tmp_path, report):
    path = tmp_path / "cid.pdf"
    used = write_pdf(report, path, fonts=find_fonts(windows_dir=tmp_path, fc_list=lambda: ""))
    assert used.uses_fallback and used.name("body") == CID_FALLBACK
    rows = fonts_table(path)
    assert [r[0] for r in rows] == [CID_FALLBACK]
    text = squash(pdftext(path))
    assert "部门整体支出绩效自评报告" in text and "一、部门（单位）基本情况" in text


def test_export_lines_name_the_fonts(tmp_path, report, truetype_fonts):
    path = tmp_path / "v.pdf"
    lines = list(export(report, path, verbose=True, fonts=truetype_fonts))
    assert lines[0].startswith("已导出 PDF")
    assert any(line.strip().startswith("字体 正文（仿宋）：") for line in lines)
    assert any(line.strip().startswith("字体 二级标题（楷体）：") for line in lines)
    quiet = list(export(report, path, verbose=False, fonts=truetype_fonts))
    assert not any(line.strip().startswith("字体") for line in quiet)
    fallback = list(export(report, tmp_path / "c.pdf", fonts=cid_fonts()))
    assert any("STSong-Light" in line for line in fallback)


def test_export_all_writes_pdf_and_xlsx_in_one_call(tmp_path, report):
    pdf, xlsx = tmp_path / "a.pdf", tmp_path / "a.xlsx"
    lines = list(export_all(report, xlsx=str(xlsx), pdf=str(pdf), verbose=True))
    assert pdf.stat().st_size > 1000 and xlsx.stat().st_size > 1000
    assert any("PDF" in line for line in lines) and any("Excel" in line for line in lines)
    assert any(line.strip().startswith("字体 ") for line in lines)


def test_unwritable_path_raises_export_error(tmp_path, report):
    with pytest.raises(ExportError, match="不存在"):
        write_pdf(report, tmp_path / "没有这个文件夹" / "a.pdf", fonts=cid_fonts())
    with pytest.raises(ExportError, match="文件夹"):
        write_pdf(report, tmp_path, fonts=cid_fonts())
    assert list(tmp_path.iterdir()) == []               # no temporary file left behind


# --------------------------------------------------------------------------- line breaking

def _breaking_text() -> list[str]:
    """Paragraphs that put every closing mark at a line start and every opening mark at a
    line end of the 26-character first line (28 characters a line, two indented)."""
    paras = []
    for mark in "，。、；：？！）》」”’":
        paras.append("测" * 26 + mark + "试" * 20)
    for mark in "（《「“‘":
        paras.append("测" * 25 + mark + "试" * 20)
    return paras


def test_line_breaking_rules_hold_in_the_pdf(tmp_path, truetype_fonts):
    from tests.export.conftest import make_report
    report = make_report()
    report.sections[0] = "\n".join(_breaking_text())
    path = tmp_path / "lb.pdf"
    write_pdf(report, path, fonts=truetype_fonts, grids=[])
    lines = [ln.strip() for ln in pdftext(path).splitlines() if ln.strip()]
    body = [ln for ln in lines if re.fullmatch(r"[测试，。、；：？！）》」”’（《「“‘]+", ln)]
    assert len(body) >= 2 * 17
    for ln in body:
        assert ln[0] not in NO_START, ln
        assert ln[-1] not in NO_END, ln
    # every paragraph starts with 26 characters of its own on the first line at most
    assert check_lines(body) == []


# --------------------------------------------------------------------------- long report

def _long_report():
    from tests.export.conftest import make_report
    r = make_report()
    sentence = "本单位严格执行预算管理制度，加强资金使用监管（含项目资金），确保“专款专用”。"
    for i in range(SECTION_COUNT):
        paras = []
        while sum(len(p) for p in paras) < 3000:
            paras.append(("（一）总体情况。" if len(paras) % 5 == 0 else "") + sentence * 4)
        r.sections[i] = "\n".join(paras)
    p = Project(name="长项目", competent_dept="某某县总工会", implementer="某某县总工会")
    p.total = Amounts(initial=D("100"), budget=D("100"), executed=D("99"))
    blocks = [("成本指标", "经济成本指标", 20), ("产出指标", "数量指标", 40),
              ("效益指标", "社会效益指标", 20), ("满意度指标", "服务对象满意度指标", 10)]
    per = 15
    for l1, l2, w in blocks:
        for k in range(per):
            p.indicators.append(Indicator(level1=l1, level2=l2, name=f"{l1}第{k + 1}项",
                                          target="≥10个", actual="10个",
                                          weight=(D(w) / per).quantize(D("0.0001"))))
    r.projects.append(p)
    return r


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory, truetype_fonts):
    r = _long_report()
    path = tmp_path_factory.mktemp("long") / "long.pdf"
    write_pdf(r, path, fonts=truetype_fonts)
    return r, path


def test_long_body_has_22_lines_a_page(long_pdf):
    _, path = long_pdf
    full_pages = 0
    texts = pages_text(path, layout=True)
    for page in range(2, 12):
        lines = [ln for ln in texts[page - 1].splitlines() if ln.strip()]
        lines = [ln for ln in lines if not re.fullmatch(r"\s*—\s*\d+\s*—\s*", ln)]
        assert len(lines) <= LINES_PER_PAGE
        full_pages += len(lines) == LINES_PER_PAGE
        for ln in lines:                                  # 28 characters a line at most
            assert len(ln.strip()) <= 29, ln              # (+1 for a hanging mark)
    assert full_pages >= 8


def test_long_indicator_table_repeats_its_header_on_every_page(long_pdf):
    report, path = long_pdf
    texts = [squash(t) for t in pages_text(path)]
    assert len(texts) == page_count(path)
    grid = build_all(report)[-1]
    assert grid.landscape
    first = next(i for i, t in enumerate(texts) if "项目支出名称长项目" in t)
    # the pages with indicator rows: the first 一级指标 block keeps the header row above it,
    # so every one of them starts with the header (the first one may come after the project's
    # figures, on the next page)
    pages = [i for i, t in enumerate(texts) if re.search("(成本|产出|效益|满意度)指标第", t)]
    assert len(pages) >= 3 and pages[0] in (first, first + 1)   # 60 indicators: several pages
    assert pages == list(range(pages[0], pages[-1] + 1))
    for p in pages:
        text = texts[p]
        assert "一级指标" in text and "三级指标" in text and "偏差原因分析及改进措施" in text
    # every indicator printed exactly once
    all_text = "".join(texts[first:pages[-1] + 1])
    for l1, _ in (("成本指标", 0), ("产出指标", 0), ("效益指标", 0), ("满意度指标", 0)):
        for k in range(1, 16):
            assert all_text.count(f"{l1}第{k}项") == 1, (l1, k)
    assert "单位负责人签字" in texts[pages[-1]]


def test_hand_built_grid_spans_and_landscape(tmp_path, report, truetype_fonts):
    g = Grid(key="t", sheet_name="t", title="测试表格标题", ncols=3, col_widths=[10, 20, 30],
             annex_label="附件9", subtitle_left="单位名称：测试单位", subtitle_right="单位：万元",
             header_rows=1, landscape=True, footer="填表人：甲　　　单位负责人签字：")
    g.add(0, 0, "表头一")
    g.add(0, 1, "表头二", colspan=2)
    for r in range(1, 120):
        g.add(r, 0, f"第{r}行")
        g.add(r, 1, "数值")
        g.add(r, 2, f"{r}.00")
    path = tmp_path / "g.pdf"
    write_pdf(report, path, fonts=truetype_fonts, grids=[g])
    texts = [squash(t) for t in pages_text(path)]
    n = len(texts)
    first = next(i for i, t in enumerate(texts) if "附件9" in t)
    assert page_size(path, first + 1) == pytest.approx((841.89, 595.28), abs=0.5)
    assert n - first >= 3
    for t in texts[first:]:
        assert "表头二" in t
    text = "".join(texts[first:])
    assert all(text.count(f"第{r}行") == 1 for r in range(1, 120))
    assert "单位负责人签字" in texts[-1]


def test_row_taller_than_a_page_and_odd_characters(tmp_path, report, truetype_fonts):
    g = Grid(key="t", sheet_name="t", title="巨大单元格", ncols=2, col_widths=[10, 40],
             header_rows=1, footer="填表人：甲")
    g.add(0, 0, "名称")
    g.add(0, 1, "说明")
    g.add(1, 0, "长说明")
    g.add(1, 1, "".join(f"第{k}句很长的文字，含标点。" for k in range(400)))
    g.add(2, 0, "合并", rowspan=3)
    for r in (2, 3, 4):
        g.add(r, 1, f"尾行{r}")
    report.sections[0] = "控制\x07字符\t制表<b>&amp;</b>"
    path = tmp_path / "giant.pdf"
    write_pdf(report, path, fonts=truetype_fonts, grids=[g])
    text = squash(pdftext(path))
    assert sum(f"第{k}句很长的文字" in text for k in range(400)) >= 398   # page breaks may cut one
    assert "尾行2尾行3尾行4" in text.replace("合并", "")
    assert "控制字符制表<b>&amp;</b>" in text                     # printed as typed, no markup


def test_cli_exports_pdf_and_xlsx_with_font_lines(tmp_path, report, capsys):
    import main
    from model.store import save
    src = tmp_path / "r.jxzp"
    save(report, src)
    pdf, xlsx = tmp_path / "o.pdf", tmp_path / "o.xlsx"
    rc = main.main(["export", str(src), "--pdf", str(pdf), "--xlsx", str(xlsx), "--verbose"])
    out = capsys.readouterr().out
    assert rc == 0 and pdf.exists() and xlsx.exists()
    assert "已导出 PDF" in out and "字体 正文（仿宋）" in out
    rc = main.main(["export", str(src), "--pdf", str(tmp_path / "无此目录" / "o.pdf")])
    err = capsys.readouterr().err
    assert rc != 0 and "不存在" in err and "Traceback" not in err


def _reportlab_row_heights(tb) -> list[float]:
    """The row heights reportlab's Table computes for the whole grid set as one table."""
    t = tb.table(range(tb.grid.nrows))
    t.wrap(tb.width, 1e7)
    return list(t._rowHeights)


def test_row_heights_equal_reportlabs_own(truetype_fonts):
    """The page cutting measures the rows without building the whole table: the heights
    must be exactly reportlab's, merged cells over several rows and columns included."""
    from export.pdf import _Styles, _TableBuilder
    st = _Styles(truetype_fonts)
    grids = build_all(_long_report())
    g = Grid(key="t", sheet_name="t", title="合并", ncols=4, col_widths=[10, 20, 30, 12], header_rows=2)
    g.add(0, 0, "表头", rowspan=2)
    g.add(0, 1, "横跨两列的表头", colspan=2)
    g.add(0, 3, "")
    g.add(1, 1, "子一")
    g.add(1, 2, "子二")
    g.add(2, 0, "很长的合并单元格文字，" * 12, rowspan=3)
    g.add(2, 1, "横跨两列也跨两行的单元格" * 3, colspan=2, rowspan=2)
    g.add(2, 3, "短")
    g.add(4, 1, "")
    g.add(4, 2, "末行" * 20)
    grids.append(g)
    checked = 0
    for grid in grids:
        for width in (500.0, 760.0):
            ours = _TableBuilder(grid, st, width).row_heights()
            assert ours == _reportlab_row_heights(_TableBuilder(grid, st, width)), grid.key
            checked += 1
    assert checked >= 8 and any(c.rowspan > 1 for grid in grids for c in grid.cells)


def test_a_grid_sure_to_take_more_than_a_page_does(truetype_fonts):
    """The fit to one page is tried before the pages are cut when the rows as set are taller
    than the first page: the page cutting must then indeed give more than one page (else the
    shortcut would change the output)."""
    from export.pdf import _Styles, _surely_over_a_page, _TableBuilder
    st = _Styles(truetype_fonts)
    sure = 0
    for grid in build_all(_long_report()):
        tb = _TableBuilder(grid, st, 500.0)
        heights = tb.row_heights()
        total = sum(heights)
        for part in (0.2, 0.5, 0.9, 0.999, 1.0, 1.5):
            cap = total * part
            if _surely_over_a_page(grid, heights, cap):
                sure += 1
                assert len(tb.pages(cap, max(cap, max(heights)), 0.0, heights)) > 1, (grid.key, part)
    assert sure >= 8
