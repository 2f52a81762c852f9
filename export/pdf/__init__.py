"""The whole report as a PDF: the body in official-document form, then the annex tables.

Body page (GB/T 9704-2012): A4, top margin 37 mm, left 28 mm, text block 156 × 225 mm,
16 pt 仿宋 on a grid of 22 lines × 28 characters (fixed line spacing 28.95 pt), first-line
indent of two characters, 一、 headings in 黑体, （一） lead phrases in 楷体, 1. lead phrases
in bold 仿宋, the title in 22 pt centred, the unit name and date at the end, page numbers
“— N —” in 14 pt 宋体 (odd pages right, even pages left, one character in).

The body is set line by line by ``export.linebreak`` (Chinese line-breaking rules,
justified lines). Each annex table (``export.tables.build_all``) starts on a new page,
landscape where the grid says so; the body rows are paginated here so that merged cells
that cross a page break are continued (their text repeated) and the grid's header rows
are repeated at the top of every continuation page.

The parts: ``geometry`` (page and type sizes), ``text`` (the CJK paragraph flowable),
``styles`` and ``report_body`` (the body), ``grid_tables`` (an annex grid → page tables),
``fit`` (an annex on one page scaled down), ``annex`` (an annex's flowables), ``document``
(page templates, the story, the lazy layout of the annex grids).
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Iterator, Optional, Sequence

from reportlab.platypus import Table
from reportlab.platypus.doctemplate import LayoutError

from export import ExportError, atomic_target, printable
from export.body import title_of
from export.fonts import FontReport, find_fonts, registered_fonts, release_fonts
from export.grid import Grid
from export.memory import fewer_collections, give_back_heap
from export.pdf import text
from export.pdf.annex import annex_story, footer_line, surely_over_a_page
from export.pdf.document import LazyAnnex, ReportDoc, build_story
from export.pdf.fit import FitPage
from export.pdf.geometry import (ANNEX_BOTTOM, ANNEX_MARGIN, BODY_SIZE, CELL_SIZE, LINE,  # noqa: F401
                                 LINES_PER_PAGE, TEXT_H, TEXT_W)
from export.pdf.grid_tables import PageTable, TableBuilder, cell_text
from export.pdf.report_body import body_story
from export.pdf.styles import Styles
from export.pdf.text import CJKText, KeepLines
from model.report import Report

# the names these had when the export was one module (tests and callers use some of them)
_Styles, _TableBuilder, _FitPage, _PageTable = Styles, TableBuilder, FitPage, PageTable
_LazyAnnex, _Doc, _surely_over_a_page, _footer = LazyAnnex, ReportDoc, surely_over_a_page, footer_line

__all__ = ["write_pdf", "export", "build_story", "annex_story", "CJKText", "KeepLines",
           "ExportError", "FontReport", "Grid", "Table", "body_story", "cell_text", "title_of"]


def write_pdf(report: Report, path: str | os.PathLike, fonts: Optional[FontReport] = None,
              grids: Optional[Sequence[Grid]] = None, scores=None) -> FontReport:
    """Write the report body and its annex tables to ``path``; return the fonts used.

    ``grids`` defaults to ``export.tables.build_all(report, scores)``. Raises ``ExportError``.
    The annex grids are laid out one at a time (``LazyAnnex``); once the file is written, the
    memory the export used (its fonts too, when it looked them up itself) is handed back to the
    system (the window lives on after it).
    """
    had = registered_fonts()
    try:
        with fewer_collections():
            return _write_pdf(report, path, fonts, grids, scores)
    finally:
        _give_back_memory(had)


def _give_back_memory(had_fonts: frozenset) -> None:
    """Drop the line-setting caches and the fonts this export registered (those registered
    before it, as a caller's ``fonts``, stay), collect the export's objects and return the
    freed heap to the system (glibc keeps freed memory in its arenas otherwise: the window
    would hold the export's peak for the rest of the session)."""
    text.clear_caches(everything=True)
    release_fonts(had_fonts)
    give_back_heap()


def _write_pdf(report: Report, path: str | os.PathLike, fonts: Optional[FontReport],
               grids: Optional[Sequence[Grid]], scores) -> FontReport:
    report = printable(report)
    if fonts is None:
        fonts = find_fonts()
    if grids is None:
        from export.tables import build_all
        grids = build_all(report, scores)
    title = title_of(report)
    with atomic_target(path, "PDF 文件") as tmp:
        doc = ReportDoc(str(tmp), fonts, title=title, author=report.info.unit_name.strip(),
                   subject="部门整体支出绩效自评报告", creator="绩效自评填报")
        try:
            doc.build(build_story(report, fonts, grids, lazy=True))
        except LayoutError as e:   # reportlab's text names its objects: not for the user
            where = re.search(r"on page (\d+)", str(e))
            page = f"（第 {where.group(1)} 页附近）" if where else ""
            raise ExportError(f"PDF 排版失败：有一处内容{page}在一页中放不下，"
                              "请缩短过长的文字（如单位名称、单元格内容）后重试") from None
    return fonts


def export(report: Report, path: str | os.PathLike, verbose: bool = False,
           fonts: Optional[FontReport] = None) -> Iterator[str]:
    """``export_all``'s PDF step: write the file, yield the Chinese result lines."""
    used = write_pdf(report, path, fonts=fonts)
    yield f"已导出 PDF（正文+附表）：{Path(path)}"
    if used.uses_fallback:
        yield ("提示：未找到可嵌入的中文字体，PDF 使用阅读器内置宋体（STSong-Light）；"
               "在其他电脑上显示效果可能不同")
    if verbose:
        yield from ("  " + line for line in used.lines())
