"""The report body as a Word document (正文), in the same GB/T 9704 layout as the PDF.

A4, top margin 37 mm, left 28 mm, text block 156 × 225 mm with a document grid of 22 lines
× 28 characters; body 仿宋 16 pt, fixed line spacing 28.95 pt, first-line indent of two
characters; section headings (Heading 1) in 黑体; whole-paragraph （一） headings (Heading 2)
in 楷体 and 1. headings (Heading 3) in bold 仿宋 — lead phrases inside a paragraph get the
same fonts as runs; the title 22 pt centred; the unit name and date at the end; page numbers
“— N —” in 14 pt 宋体 from a PAGE field, odd pages right and even pages left.

Chinese font names are written to ``w:eastAsia`` so that Word uses them for Chinese text.
"""
from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Iterator, Optional

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from export import atomic_target, printable
from export.body import (HEADING, LEAD_KAI, Block, section_blocks, sign_date,
                         signature_offsets, title_lines, title_of)
from export.fonts import default_windows_dirs
from model.report import Report

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
KAI_FONT = "楷体"
SONG_FONT = "宋体"
TITLE_FONT_PREFERRED = "方正小标宋简体"

BODY_PT = 16
TITLE_PT = 22
FOLIO_PT = 14
LINE_PT = 28.95
TITLE_LINE_PT = 36
TEXT_W_MM = 156
CHARS = 28
#: Word's line grid pitch in twips
LINE_PITCH = round(LINE_PT * 20)
PITCH_PT = TEXT_W_MM / 25.4 * 72 / CHARS
#: condensed character spacing (twentieths of a point) so that 28 characters fill a line:
#: 16 pt − 0.25 pt = 15.75 pt a character, 28 × 15.75 = 441 pt ≤ 442.2 pt
CHAR_SPACING = -5


def title_font(windows_dir: Optional[os.PathLike | str] = "auto") -> str:
    """方正小标宋简体 when installed (Windows), else 黑体."""
    if windows_dir == "auto":
        wdirs = default_windows_dirs()
    else:
        wdirs = [] if windows_dir is None else [Path(windows_dir)]
    for wdir in wdirs:
        if (Path(wdir) / "FZXBSJW.TTF").exists() or any(
                p.name.lower() == "fzxbsjw.ttf" for p in _listdir(Path(wdir))):
            return TITLE_FONT_PREFERRED
    return HEADING_FONT


def _listdir(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


# --------------------------------------------------------------------------- low-level helpers

def set_font(target, name: str) -> None:
    """Set a run's or style's font for Latin and East Asian text (w:eastAsia)."""
    target.font.name = name                 # creates w:rFonts in its schema position
    rfonts = target.element.get_or_add_rPr().find(qn("w:rFonts"))
    # theme fonts win over named ones in Word: drop them
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def _condense(style) -> None:
    """Character spacing of a style (w:spacing in w:rPr)."""
    rpr = style.element.get_or_add_rPr()
    el = rpr.find(qn("w:spacing"))
    if el is None:
        el = OxmlElement("w:spacing")
        _insert_before(rpr, el, _RPR_AFTER_SPACING)
    el.set(qn("w:val"), str(CHAR_SPACING))


#: rPr children that follow w:spacing in the schema order
_RPR_AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u",
                      "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
                      "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


#: pPr children that follow w:snapToGrid in the schema order
_PPR_AFTER_SNAP = ("w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                   "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                   "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
                   "w:sectPr", "w:pPrChange")


def _insert_before(parent, child, successors: tuple[str, ...]) -> None:
    """Insert ``child`` before the first existing successor (keeps the schema order)."""
    tags = {qn(t) for t in successors}
    for i, existing in enumerate(parent):
        if existing.tag in tags:
            parent.insert(i, child)
            return
    parent.append(child)


def _fixed_lines(pf, points: float) -> None:
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(points)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)


def _indent_chars(paragraph_format_element, first_line_chars: int) -> None:
    """First-line indent in characters (w:firstLineChars), as Word's “首行缩进 2 字符”."""
    ind = paragraph_format_element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(first_line_chars * 100))
    ind.set(qn("w:firstLine"), str(round(first_line_chars * BODY_PT * 20)))


def _outline_level(style, level: int) -> None:
    style.element.get_or_add_pPr().get_or_add_outlineLvl().set(qn("w:val"), str(level))


def _doc_grid(section) -> None:
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    # a line grid only: a character grid is laid out differently by Word and LibreOffice;
    # 28 characters a line come from the character spacing of the styles instead
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH))


def _page_field(paragraph) -> None:
    """Append a PAGE field (begin / instrText / separate / result / end) to the paragraph."""
    def run_with(child):
        r = paragraph.add_run()
        r._r.append(child)
        return r

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run_with(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    paragraph.add_run("1")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _folio(footer, align) -> None:
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.alignment = align
    pf = p.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        pf.right_indent = Pt(FOLIO_PT)      # 单页码居右空一字
    else:
        pf.left_indent = Pt(FOLIO_PT)       # 双页码居左空一字
    p.add_run("— ")
    _page_field(p)
    p.add_run(" —")
    for r in p.runs:
        set_font(r, SONG_FONT)
        r.font.size = Pt(FOLIO_PT)


def _doc_defaults(doc) -> None:
    """Document defaults: 16 pt 仿宋, Chinese language. The character grid is measured
    from the default size, so it must be the body size for 28 characters a line."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), str(BODY_PT * 2))
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is not None:
        for attr in ("w:eastAsiaTheme", "w:asciiTheme", "w:hAnsiTheme"):
            rfonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
            rfonts.set(qn(attr), BODY_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


# --------------------------------------------------------------------------- document

def _setup(doc, title_face: str) -> None:
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    sec.header_distance = Mm(15)
    sec.footer_distance = Mm(24)
    _doc_grid(sec)

    _doc_defaults(doc)
    styles = doc.styles
    normal = styles["Normal"]
    set_font(normal, BODY_FONT)
    normal.font.size = Pt(BODY_PT)
    normal.font.color.rgb = RGBColor(0, 0, 0)
    _condense(normal)
    pf = normal.paragraph_format
    _fixed_lines(pf, LINE_PT)
    pf.widow_control = False
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _indent_chars(normal.element, 2)

    for name, face, bold, level in (("Heading 1", HEADING_FONT, False, 0),
                                    ("Heading 2", KAI_FONT, False, 1),
                                    ("Heading 3", BODY_FONT, True, 2)):
        st = styles[name]
        set_font(st, face)
        st.font.size = Pt(BODY_PT)
        st.font.bold = bold
        st.font.italic = False
        st.font.color.rgb = RGBColor(0, 0, 0)
        _condense(st)
        spf = st.paragraph_format
        _fixed_lines(spf, LINE_PT)
        spf.keep_with_next = True
        spf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _indent_chars(st.element, 2)
        _outline_level(st, level)

    if "报告标题" not in [s.name for s in styles]:
        t = styles.add_style("报告标题", WD_STYLE_TYPE.PARAGRAPH)
        t.base_style = normal
    t = styles["报告标题"]
    set_font(t, title_face)
    t.font.size = Pt(TITLE_PT)
    tpf = t.paragraph_format
    _fixed_lines(tpf, TITLE_LINE_PT)
    tpf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tpf.first_line_indent = Pt(0)
    # the 22 pt title keeps its own line height: not snapped to the 28.95 pt body grid
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    _insert_before(t.element.get_or_add_pPr(), snap, _PPR_AFTER_SNAP)
    ind = t.element.get_or_add_pPr().find(qn("w:ind"))
    if ind is not None:
        ind.set(qn("w:firstLineChars"), "0")
        ind.set(qn("w:firstLine"), "0")

    doc.settings.odd_and_even_pages_header_footer = True
    _folio(sec.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _folio(sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)


def _add_block(doc, block: Block) -> None:
    if block.kind == HEADING:
        doc.add_paragraph(block.text, style="Heading 1")
        return
    if block.lead and not block.rest:
        doc.add_paragraph(block.text, style="Heading 2" if block.lead_style == LEAD_KAI else "Heading 3")
        return
    p = doc.add_paragraph(style="Normal")
    if block.lead:
        r = p.add_run(block.lead)
        if block.lead_style == LEAD_KAI:
            set_font(r, KAI_FONT)
        else:
            r.bold = True
    if block.rest:
        p.add_run(block.rest)


def _no_indent(p) -> None:
    ind = p._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), "0")
    ind.set(qn("w:firstLine"), "0")


def build_document(report: Report, windows_dir: Optional[os.PathLike | str] = "auto"):
    """The python-docx Document of the report body."""
    doc = Document()
    _setup(doc, title_font(windows_dir))
    doc.core_properties.title = title_of(report)
    doc.core_properties.author = report.info.unit_name.strip()
    doc.core_properties.subject = "部门整体支出绩效自评报告"

    # the default template starts with one empty paragraph: use it for the title
    title = title_of(report)
    unit = report.info.unit_name.strip()
    first = f"{report.year}年度{unit}"
    body = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    body.style = doc.styles["报告标题"]
    # balanced lines, broken after the unit name when possible; line breaks keep the title
    # one paragraph
    lines = title_lines(title, TEXT_W_MM / 25.4 * 72 / TITLE_PT - 1, first)
    for k, line in enumerate(lines):
        run = body.add_run(line)
        if k < len(lines) - 1:
            run.add_break()
    doc.add_paragraph(style="Normal")        # one blank line under the title

    for block in section_blocks(report):
        _add_block(doc, block)

    date = sign_date(report)
    r_unit, r_date = signature_offsets(unit, date)
    doc.add_paragraph(style="Normal")
    for text, right in ((unit, r_unit), (date, r_date)):
        if not text:
            continue
        p = doc.add_paragraph(text, style="Normal")
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _no_indent(p)
        p.paragraph_format.right_indent = Pt(right * PITCH_PT)
        p.paragraph_format.keep_with_next = text == unit
    return doc


def write_docx(report: Report, path: str | os.PathLike) -> None:
    """Write the report body as a .docx; raises ``ExportError`` (Chinese) on failure."""
    doc = build_document(printable(report))
    # the package is zipped in memory and written in one go: a write that fails (a full disk)
    # then fails in our hands, not later inside a half-written zip archive
    data = io.BytesIO()
    doc.save(data)
    with atomic_target(path, "Word 文件") as tmp:
        with open(tmp, "wb") as f:
            f.write(data.getbuffer())


def export(report: Report, path: str | os.PathLike, verbose: bool = False) -> Iterator[str]:
    """``export_all``'s Word step: write the file, yield the Chinese result lines."""
    write_docx(report, path)
    yield f"已导出 Word（正文）：{Path(path)}"
    if verbose:
        yield (f"  Word 字体：标题 {title_font()}，一级标题 {HEADING_FONT}，二级标题 {KAI_FONT}，"
               f"正文 {BODY_FONT}，页码 {SONG_FONT}（在打开文件的电脑上需装有这些字体）")
