"""The PDF floor: a bare reportlab script, none of our code, run as a whole process.

    python bench/pdf_floor.py CELLS.json OUT.pdf

``CELLS.json`` (written by ``bench/pdf_cases.py`` from our annex grids, untimed) holds the ten
body sections, the font files of each role and every annex grid's cells with their spans and
column widths. This script builds the body as CJK-wrapped ``Paragraph``s and every grid as a
``Table`` of CJK-wrapped ``Paragraph`` cells with the same spans, the same grid lines and the
same embedded fonts, split over pages by reportlab. Reportlab splits a table only between rows
that no span crosses, so row spans are cut every ``CHUNK`` rows (a 一级指标 cell spans more
rows than a page holds).
"""
from __future__ import annotations

import json
import sys
from xml.sax.saxutils import escape

CHUNK = 8


def register_fonts(fonts: dict) -> dict:
    """role → registered name: the same TrueType faces as ours (or the same CID fallback)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont
    names: dict = {}
    done: dict = {}
    for role, (path, index) in fonts.items():
        key = (path, index)
        if key not in done:
            if path is None:
                name = "STSong-Light"
                pdfmetrics.registerFont(UnicodeCIDFont(name))
            else:
                name = f"F{len(done)}"
                pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))
            done[key] = name
        names[role] = done[key]
    return names


def build(data: dict, path: str) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate,
                                    Paragraph, Table, TableStyle)
    fonts = register_fonts(data["fonts"])
    body = ParagraphStyle("b", fontName=fonts["body"], fontSize=16, leading=28.95, wordWrap="CJK",
                          firstLineIndent=32)
    head = ParagraphStyle("h", parent=body, fontName=fonts["heading"])
    cell = ParagraphStyle("c", fontName=fonts["table"], fontSize=10.5, leading=13, wordWrap="CJK")
    title = ParagraphStyle("t", fontName=fonts["title"], fontSize=18, leading=26, alignment=1)
    doc = BaseDocTemplate(path, pagesize=A4)
    pad = dict(leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    pw, ph = A4
    lw, lh = landscape(A4)
    doc.addPageTemplates([
        PageTemplate("body", [Frame(28 * mm, 35 * mm, 156 * mm, 225 * mm, id="b", **pad)], pagesize=A4),
        PageTemplate("p", [Frame(18 * mm, 22 * mm, pw - 36 * mm, ph - 40 * mm, id="p", **pad)], pagesize=A4),
        PageTemplate("l", [Frame(18 * mm, 22 * mm, lw - 36 * mm, lh - 40 * mm, id="l", **pad)],
                     pagesize=landscape(A4)),
    ])
    story = []
    for i, text in enumerate(data["sections"]):
        story.append(Paragraph(f"第{i + 1}部分", head))
        for para in text.split("\n"):
            if para.strip():
                story.append(Paragraph(escape(para), body))
    for g in data["grids"]:
        story.append(NextPageTemplate("l" if g["landscape"] else "p"))
        story.append(PageBreak())
        fw = (lw if g["landscape"] else pw) - 36 * mm
        story.append(Paragraph(escape(g["title"]), title))
        ncols = g["ncols"]
        rows = [["" for _ in range(ncols)] for _ in range(g["nrows"])]
        cmds = [("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        for row, col, rowspan, colspan, text in g["cells"]:
            if text.strip():
                rows[row][col] = Paragraph(escape(text), cell)
            r, end = row, row + rowspan - 1
            while r <= end:
                last = min(end, (r // CHUNK + 1) * CHUNK - 1)
                if last > r or colspan > 1:
                    cmds.append(("SPAN", (col, r), (col + colspan - 1, last)))
                r = last + 1
        total = sum(g["col_widths"])
        story.append(Table(rows, colWidths=[fw * w / total for w in g["col_widths"]],
                           style=TableStyle(cmds), repeatRows=g["header_rows"], splitByRow=1))
    doc.build(story)


def main(argv: list[str]) -> int:
    with open(argv[0], encoding="utf-8") as f:
        data = json.load(f)
    build(data, argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
