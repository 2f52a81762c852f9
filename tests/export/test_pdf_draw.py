"""How the annex tables are drawn and their cells set.

A page table draws its paragraph cells as one text object (no graphics state per cell) and
prints exactly what reportlab's own ``Table.draw`` prints; the set lines of short paragraphs
(labels, numbers, header cells) are kept from one grid to the next and forgotten once the
export is done.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Table

import export.pdf as pdf
from bench.generate import make_report
from export.fonts import find_fonts
from export.linebreak import Style
from export.pdf import text as pdftext
from export.pdf.grid_tables import PageTable, cell_text
from export.pdf.text import CJKText

poppler = pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("pdftotext")),
                             reason="poppler-utils not installed")


def _pixels(path: Path, out: Path) -> list[bytes]:
    out.mkdir()
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(out / "p")], check=True)
    return [p.read_bytes() for p in sorted(out.glob("*.png"))]


@poppler
def test_page_tables_print_what_reportlabs_table_draw_prints(tmp_path, monkeypatch):
    """Every page (spans, continued cells, repeated headers, a 附件4 fitted to one page) has the
    same pixels whether the tables are drawn by ``PageTable.draw`` or by ``Table.draw``."""
    report = make_report(2, 12, 6, 60, seed=5)
    fonts = find_fonts()
    pdf.write_pdf(report, tmp_path / "ours.pdf", fonts=fonts)
    monkeypatch.setattr(PageTable, "draw", Table.draw)
    pdf.write_pdf(report, tmp_path / "reportlab.pdf", fonts=fonts)
    ours, theirs = _pixels(tmp_path / "ours.pdf", tmp_path / "a"), _pixels(tmp_path / "reportlab.pdf", tmp_path / "b")
    assert len(ours) == len(theirs) > 3
    assert ours == theirs


def _drawn(table: Table, tmp_path: Path, monkeypatch) -> tuple[int, int]:
    """(text objects, saved graphics states) while ``table`` is drawn."""
    counts = {"text": 0, "save": 0}
    real_text, real_save = rl_canvas.Canvas.drawText, rl_canvas.Canvas.saveState

    def draw_text(self, t):
        counts["text"] += 1
        return real_text(self, t)

    def save_state(self):
        counts["save"] += 1
        return real_save(self)
    c = rl_canvas.Canvas(str(tmp_path / "t.pdf"))
    table.wrapOn(c, 400, 700)
    monkeypatch.setattr(rl_canvas.Canvas, "drawText", draw_text)
    monkeypatch.setattr(rl_canvas.Canvas, "saveState", save_state)
    table.drawOn(c, 50, 50)
    monkeypatch.undo()
    c.save()
    return counts["text"], counts["save"]


def _cells(font: str) -> list[list]:
    return [[cell_text("一级指标", font, "center"), cell_text("产出指标（40分）", font, "left")],
            [cell_text("实际完成值" * 12, font, "left"), ""]]


def test_paragraph_cells_share_one_text_object(tmp_path, monkeypatch):
    font = find_fonts().name("table")
    data = _cells(font)
    ours = PageTable(data, colWidths=[150, 150],
                     style=[("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("SPAN", (0, 1), (1, 1))])
    theirs = Table(_cells(font), colWidths=[150, 150],
                   style=[("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("SPAN", (0, 1), (1, 1))])
    texts, saves = _drawn(ours, tmp_path, monkeypatch)
    their_texts, their_saves = _drawn(theirs, tmp_path, monkeypatch)
    assert texts == 1
    assert their_texts == 3 and their_saves == saves + 3          # reportlab: one per cell


@poppler
def test_other_cells_are_drawn_by_reportlab(tmp_path):
    """A cell that is not a paragraph (a plain string, a paragraph not vertically centred) is
    still printed, where reportlab prints it."""
    font = find_fonts().name("table")
    table = PageTable([["plain text", cell_text("顶端对齐", font, "left")],
                       [cell_text("居中对齐", font, "left"), ""]], colWidths=[150, 150],
                      style=[("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("VALIGN", (1, 0), (1, 0), "TOP"),
                             ("FONTNAME", (0, 0), (-1, -1), font)])
    c = rl_canvas.Canvas(str(tmp_path / "t.pdf"))
    table.wrapOn(c, 400, 700)
    table.drawOn(c, 50, 600)
    c.save()
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / "t.pdf"), "-"],
                         capture_output=True, check=True).stdout.decode("utf-8")
    for word in ("plain text", "顶端对齐", "居中对齐"):
        assert word in out


def test_short_paragraphs_keep_their_lines_from_grid_to_grid():
    pdftext.clear_caches(everything=True)
    style = Style(find_fonts().name("table"), 10.5)
    label = CJKText([("产出指标", style)], leading=13, align="center", base_space=0.0, hang=False)
    goal = CJKText([("年度目标" * 10, style)], leading=13, align="justify", base_space=0.0, hang=False)
    short_lines, long_lines = label.lines(100.0), goal.lines(100.0)
    pdftext.clear_caches()          # the next grid is laid out
    again = CJKText([("产出指标", style)], leading=13, align="center", base_space=0.0, hang=False)
    assert again.lines(100.0) is short_lines
    goal_again = CJKText([("年度目标" * 10, style)], leading=13, align="justify", base_space=0.0, hang=False)
    assert goal_again.lines(100.0) is not long_lines
    assert [ln.text for ln in goal_again.lines(100.0)] == [ln.text for ln in long_lines]
    pdftext.clear_caches(everything=True)
    assert not (pdftext._SHORT_BROKEN or pdftext._SHORT_ATOMS or pdftext._BROKEN or pdftext._WIDTHS)


def test_the_short_paragraph_cache_is_bounded(monkeypatch):
    pdftext.clear_caches(everything=True)
    monkeypatch.setattr(pdftext, "MAX_SHORT", 5)
    style = Style(find_fonts().name("table"), 10.5)
    for k in range(20):
        CJKText([(f"{k}.00", style)], leading=13, base_space=0.0).lines(80.0)
    assert len(pdftext._SHORT_BROKEN) <= 6 and len(pdftext._SHORT_ATOMS) <= 6
    pdftext.clear_caches(everything=True)


def test_an_export_leaves_no_set_lines_behind(tmp_path):
    pdf.write_pdf(make_report(1, 4, 4, 20), tmp_path / "a.pdf")
    assert not (pdftext._SHORT_BROKEN or pdftext._SHORT_ATOMS or pdftext._BROKEN
                or pdftext._ATOMS or pdftext._WIDTHS)


def test_row_heights_stop_early_only_when_the_table_is_surely_taller():
    """``row_heights(stop_above=…)`` gives the full heights, or None only when the whole table is
    taller than the limit; a low limit sets fewer cells."""
    from export.pdf import _Styles, _TableBuilder
    from export.tables import build_all
    st = _Styles(find_fonts())
    report = make_report(2, 14, 6, 40, seed=7)
    calls = {"n": 0}
    real = CJKText.wrap

    def counting(self, w, h):
        calls["n"] += 1
        return real(self, w, h)
    stopped = 0
    for grid in build_all(report):
        full = _TableBuilder(grid, st, 700.0).row_heights()
        total = sum(full)
        for part in (0.1, 0.5, 0.99, 1.0, 1.01, 2.0):
            got = _TableBuilder(grid, st, 700.0).row_heights(stop_above=total * part)
            if got is None:
                stopped += 1
                assert total > total * part
            else:
                assert got == full
        CJKText.wrap = counting
        try:
            calls["n"] = 0
            _TableBuilder(grid, st, 700.0).row_heights()
            all_cells = calls["n"]
            calls["n"] = 0
            _TableBuilder(grid, st, 700.0).row_heights(stop_above=total * 0.1)
        finally:
            CJKText.wrap = real
        if grid.nrows > 10:
            assert calls["n"] < all_cells
    assert stopped >= 3


@pytest.mark.parametrize("shape", [(3, 12, 6, 40, 11), (1, 40, 30, 20, 12), (2, 30, 4, 400, 13)])
def test_page_tables_get_the_heights_reportlab_would_measure(shape):
    """Each page table is handed row heights worked out without reportlab; they are the
    heights (and the table the height) reportlab measures for the same table, to the bit."""
    from export.pdf import _Styles, _TableBuilder
    from export.tables import build_all
    projects, per_project, dept, chars, seed = shape
    st = _Styles(find_fonts())
    checked = 0
    for grid in build_all(make_report(projects, per_project, dept, chars, seed=seed)):
        for width, cap in ((700.0, 400.0), (520.0, 700.0), (1000.0, 300.0)):
            tb = _TableBuilder(grid, st, width)
            pages = tb.pages(cap * 0.8, cap, 20.0)
            for rows, table in zip(pages, tb.page_tables):
                measured = tb.table(rows, split_in_row=True)
                _, h = measured.wrap(width, 1e7)
                if table._argH[0] is None:       # one row taller than a page: reportlab's own
                    continue
                assert table._argH == measured._rowHeights
                assert table.wrap(width, 1e7)[1] == h
                checked += 1
    assert checked > 20
