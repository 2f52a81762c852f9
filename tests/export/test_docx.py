"""The Word export of the report body: texts, heading order, fonts, layout, LibreOffice."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from export import ExportError, export_all
from export.body import heading_text
from export.docx import build_document, export, title_font, write_docx
from model.report import SECTION_COUNT


def east_asia(run_or_style) -> str | None:
    rpr = run_or_style.element.rPr
    if rpr is None or rpr.rFonts is None:
        return None
    return rpr.rFonts.get(qn("w:eastAsia"))


@pytest.fixture
def body_report(report):
    report.sections[0] = ("某某县总工会是党领导的职工群众组织。\n"
                          "（一）职能职责\n"
                          "（二）机构设置。本单位内设机构4个。\n"
                          "1.维护职工权益。全年办理维权案件12件。\n"
                          "2、帮扶困难职工")
    report.sections[2] = ""                 # empty → 无。
    return report


@pytest.fixture
def docx_file(tmp_path, body_report):
    path = tmp_path / "报告.docx"
    write_docx(body_report, path)
    return path


def test_texts_and_heading_order(docx_file, body_report):
    doc = Document(str(docx_file))
    paras = doc.paragraphs
    assert paras[0].text.replace("\n", "") == "2024年度某某县总工会部门整体支出绩效自评报告"
    assert paras[0].alignment == WD_ALIGN_PARAGRAPH.CENTER or \
        paras[0].style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    headings = [p.text for p in paras if p.style.name == "Heading 1"]
    assert headings == [heading_text(i) for i in range(SECTION_COUNT)]
    texts = [p.text for p in paras]
    i3 = texts.index("三、政府性基金预算支出情况")
    assert texts[i3 + 1] == "无。"
    # level-2 and level-3 headings
    h2 = [p.text for p in paras if p.style.name == "Heading 2"]
    assert h2 == ["（一）职能职责", "（一）基本支出情况", "（二）项目支出情况"]   # section 二 has two
    assert [p.text for p in paras if p.style.name == "Heading 3"] == ["2、帮扶困难职工"]
    # the sign-off: unit name then date, right-aligned, at the end
    assert texts[-2:] == ["某某县总工会", "2025年3月10日"]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.RIGHT for p in paras[-2:])
    # the date starts right of the unit name: a smaller right indent
    assert paras[-1].paragraph_format.right_indent < paras[-2].paragraph_format.right_indent


def test_fonts_sizes_and_spacing(docx_file):
    doc = Document(str(docx_file))
    normal = doc.styles["Normal"]
    assert east_asia(normal) == "仿宋"
    assert normal.font.size == Pt(16)
    pf = normal.paragraph_format
    assert pf.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert pf.line_spacing == Pt(28.95)
    ind = normal.element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"
    assert east_asia(doc.styles["Heading 1"]) == "黑体"
    assert east_asia(doc.styles["Heading 2"]) == "楷体"
    assert doc.styles["Heading 3"].font.bold is True
    title_style = doc.paragraphs[0].style
    assert title_style.font.size == Pt(22)
    assert east_asia(title_style) == title_font()
    # lead phrases inside paragraphs
    p2 = next(p for p in doc.paragraphs if p.text.startswith("（二）机构设置"))
    assert p2.runs[0].text == "（二）机构设置。" and east_asia(p2.runs[0]) == "楷体"
    assert east_asia(p2.runs[1]) is None                     # body font from the style
    p3 = next(p for p in doc.paragraphs if p.text.startswith("1.维护职工权益"))
    assert p3.runs[0].text == "1.维护职工权益。" and p3.runs[0].bold is True
    assert not p3.runs[1].bold


def test_page_setup_and_page_number_field(docx_file):
    doc = Document(str(docx_file))
    sec = doc.sections[0]
    mm = pytest.approx
    assert (sec.page_width.mm, sec.page_height.mm) == (mm(210, abs=0.1), mm(297, abs=0.1))
    assert (sec.top_margin.mm, sec.left_margin.mm) == (mm(37, abs=0.1), mm(28, abs=0.1))
    assert sec.page_width.mm - sec.left_margin.mm - sec.right_margin.mm == mm(156, abs=0.1)
    assert sec.page_height.mm - sec.top_margin.mm - sec.bottom_margin.mm == mm(225, abs=0.1)
    grid = sec._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, align in ((sec.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                          (sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0]
        assert p.alignment == align
        xml = p._p.xml
        assert "PAGE" in "".join(t.text or "" for t in p._p.iter(qn("w:instrText")))
        assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert all(east_asia(r) == "宋体" and r.font.size == Pt(14) for r in p.runs if r.text.strip())


def test_long_title_breaks_after_the_unit_name(body_report):
    body_report.info.unit_name = "某某县人力资源和社会保障局"
    doc = build_document(body_report, windows_dir=None)
    title = doc.paragraphs[0]
    assert "\n" in title.text
    first, second = title.text.split("\n")
    assert first == "2024年度某某县人力资源和社会保障局" and second == "部门整体支出绩效自评报告"


def test_title_font_prefers_xiaobiaosong_when_installed(tmp_path):
    assert title_font(tmp_path) == "黑体"
    (tmp_path / "FZXBSJW.TTF").write_bytes(b"")
    assert title_font(tmp_path) == "方正小标宋简体"


def test_export_lines_and_errors(tmp_path, body_report):
    lines = list(export(body_report, tmp_path / "a.docx", verbose=True))
    assert lines[0].startswith("已导出 Word（正文）")
    assert any("仿宋" in line for line in lines[1:])
    out = list(export_all(body_report, docx=str(tmp_path / "b.docx")))
    assert (tmp_path / "b.docx").stat().st_size > 5000 and out
    with pytest.raises(ExportError, match="不存在"):
        write_docx(body_report, tmp_path / "缺少" / "a.docx")


@pytest.mark.libreoffice
@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftotext"),
                    reason="LibreOffice or poppler-utils not installed")
def test_libreoffice_opens_and_prints_it(tmp_path, docx_file):
    out = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(out), str(docx_file)],
                   capture_output=True, timeout=120, check=True)
    pdf = out / (docx_file.stem + ".pdf")
    assert pdf.exists()
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                              check=True).stdout.decode("utf-8"))
    assert "部门整体支出绩效自评报告" in text
    pos = [text.index(heading_text(i)) for i in range(SECTION_COUNT)]
    assert pos == sorted(pos)
    assert "—1—" in text                                     # the PAGE field was evaluated
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True).stdout.decode()
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert (round(w), round(h)) == (595, 842)
