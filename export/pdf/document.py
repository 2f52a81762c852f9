"""The document: page templates (body, portrait and landscape annex pages, folios), the story
of the body and the annex grids, each grid laid out only when the layout reaches it."""
from __future__ import annotations

from typing import Optional, Sequence

from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate

from export.fonts import FontReport
from export.grid import Grid
from export.pdf import annex, text
from export.pdf.geometry import (ANNEX_BOTTOM, ANNEX_MARGIN, BOTTOM, FOLIO_GAP, FOLIO_SIZE, LEFT,
                                 PAGE_W, RIGHT, TEXT_H, TEXT_W, TOP)
from export.pdf.report_body import body_story
from export.pdf.styles import Styles
from model.report import Report

class LazyAnnex(Flowable):
    """Stands in the story for one annex grid until the layout reaches it; ``ReportDoc`` then puts
    the grid's flowables (its page tables, cut and measured) in its place. So only the grid
    being laid out is held as tables: the ones before it were drawn and dropped, the ones after
    it are still plain grids. (Building every page's table before writing held them all: about
    +260 MB at 500 projects.)"""

    def __init__(self, grid: Grid, st: "Styles", frame_w: float, frame_h: float):
        super().__init__()
        self.grid, self.st, self.frame_w, self.frame_h = grid, st, frame_w, frame_h

    def expand(self) -> list[Flowable]:
        # the set lines kept for re-measuring are those of the grid being laid out (the cells
        # of the grids before it keep their own lines while they wait to be drawn)
        text.clear_caches()
        return annex.annex_story(self.grid, self.st, self.frame_w, self.frame_h)

    def wrap(self, availWidth, availHeight):  # noqa: N802 - reportlab API (never laid out itself)
        return 0, 0

    def draw(self) -> None:  # pragma: no cover - replaced before it is laid out
        pass


class ReportDoc(BaseDocTemplate):
    def handle_flowable(self, flowables) -> None:
        """Expand a ``LazyAnnex`` at the head of the story into its grid's flowables (the build
        loop then lays them out as usual), else lay out the head as reportlab does."""
        if flowables and isinstance(flowables[0], LazyAnnex):
            flowables[0:1] = flowables[0].expand()
            return
        super().handle_flowable(flowables)

    def __init__(self, filename: str, fonts: FontReport, **kw):
        super().__init__(filename, pagesize=A4, leftMargin=LEFT, rightMargin=RIGHT,
                         topMargin=TOP, bottomMargin=BOTTOM, initialFontName=fonts.name("body"),
                         **kw)
        self.fonts = fonts
        body = Frame(LEFT, BOTTOM, TEXT_W, TEXT_H, id="body",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        pw, ph = A4
        lw, lh = landscape(A4)
        annex_p = Frame(ANNEX_MARGIN, ANNEX_BOTTOM, pw - 2 * ANNEX_MARGIN,
                        ph - ANNEX_MARGIN - ANNEX_BOTTOM, id="annex-p",
                        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        annex_l = Frame(ANNEX_MARGIN, ANNEX_BOTTOM, lw - 2 * ANNEX_MARGIN,
                        lh - ANNEX_MARGIN - ANNEX_BOTTOM, id="annex-l",
                        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("body", [body], onPage=self._folio_body, pagesize=A4),
            PageTemplate("annex-p", [annex_p], onPage=self._folio_annex, pagesize=A4),
            PageTemplate("annex-l", [annex_l], onPage=self._folio_annex, pagesize=landscape(A4)),
        ])

    def _folio(self, canv, page_w: float, left: float, right: float, y: float) -> None:
        n = canv.getPageNumber()
        text = f"— {n} —"
        canv.saveState()
        canv.setFont(self.fonts.name("table"), FOLIO_SIZE)
        if n % 2:
            canv.drawRightString(page_w - right - FOLIO_SIZE, y, text)
        else:
            canv.drawString(left + FOLIO_SIZE, y, text)
        canv.restoreState()

    def _folio_body(self, canv, doc) -> None:
        # the dash sits 7 mm below the text block; the dash is ~0.35 em above the baseline
        y = BOTTOM - FOLIO_GAP - 0.35 * FOLIO_SIZE
        self._folio(canv, PAGE_W, LEFT, RIGHT, y)

    def _folio_annex(self, canv, doc) -> None:
        w = canv._pagesize[0]
        y = ANNEX_BOTTOM - FOLIO_GAP - 0.35 * FOLIO_SIZE
        self._folio(canv, w, ANNEX_MARGIN, ANNEX_MARGIN, y)


def build_story(report: Report, fonts: FontReport, grids: Optional[Sequence[Grid]],
                lazy: bool = False) -> list[Flowable]:
    """The body, then every annex grid on pages of its own. ``lazy``: each grid is a
    ``LazyAnnex`` that ``ReportDoc`` expands when the layout reaches it (what ``write_pdf`` does);
    else its flowables are made here."""
    st = Styles(fonts)
    story = body_story(report, st)
    pw, ph = A4
    lw, lh = landscape(A4)
    for grid in grids or []:
        if grid.landscape:
            story.append(NextPageTemplate("annex-l"))
            fw, fh = lw - 2 * ANNEX_MARGIN, lh - ANNEX_MARGIN - ANNEX_BOTTOM
        else:
            story.append(NextPageTemplate("annex-p"))
            fw, fh = pw - 2 * ANNEX_MARGIN, ph - ANNEX_MARGIN - ANNEX_BOTTOM
        story.append(PageBreak())
        if lazy:
            story.append(LazyAnnex(grid, st, fw, fh))
        else:
            story.extend(annex.annex_story(grid, st, fw, fh))
    return story
