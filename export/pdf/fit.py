"""An annex laid out on one page scaled down, as a spreadsheet printed “fit to one page”."""
from __future__ import annotations

from typing import Optional, Sequence

from reportlab.platypus import Flowable, PageBreak

from export.grid import Grid
from export.pdf.grid_tables import TableBuilder
from export.pdf.styles import Styles

class FitPage(Flowable):
    """Flowables set at the frame's width and drawn scaled down by ``scale`` so that together
    they fill no more than one page (as a spreadsheet printed “fit to one page”)."""

    def __init__(self, flowables: Sequence[Flowable], inner_w: float, sizes: list[float],
                 scale: float):
        super().__init__()
        self.flowables = list(flowables)
        self.inner_w = inner_w
        self.sizes = sizes
        self.scale = scale

    FIT_STEP = 0.025
    #: the PDF keeps the workbook's “one page” down to this share of the grid's smallest scale
    #: (the workbook's row heights are an estimate; the PDF's are measured)
    FLOOR_SHARE = 0.8

    @classmethod
    def floor(cls, grid: Grid) -> float:
        """The smallest scale the PDF sets a grid the workbook prints on one page at."""
        return (grid.fit_min_scale or 1.0) * cls.FLOOR_SHARE

    @classmethod
    def of(cls, grid: Grid, st: "Styles", frame_w: float, frame_h: float,
           min_scale: float, total_h: Optional[float] = None) -> Optional["FitPage"]:
        """The grid's annex on one page at the largest scale (in steps of ``FIT_STEP``, none
        below ``min_scale``) at which it fits, laid out on a page 1/scale as large (so texts
        wrap less, as in a spreadsheet printed “fit to one page”); None when it does not fit."""
        from export.pdf.annex import annex_story      # the annex module imports this one

        def one_page(scale: float) -> Optional[list[Flowable]]:
            story = annex_story(grid, st, frame_w / scale, frame_h / scale, fit=False,
                                trial=True)
            return None if any(isinstance(f, PageBreak) for f in story) else story

        # start from the scale at which the table as set for the page would fit, then step
        # up while the wider layout still fits (or down until it fits)
        if total_h is None:
            total_h = sum(TableBuilder(grid, st, frame_w).row_heights())
        guess = frame_h / max(total_h + frame_h * 0.2, 1.0)
        step = cls.FIT_STEP
        scale = min(1.0, max(min_scale, step * int(guess / step)))
        story = one_page(scale)
        while story is None and scale - step >= min_scale - 1e-9:
            scale -= step
            story = one_page(scale)
        if story is None:
            return None
        while scale + step <= 1.0 + 1e-9:
            wider = one_page(scale + step)
            if wider is None:
                break
            scale, story = scale + step, wider
        width = frame_w / scale
        return cls(story, width, [f.wrap(width, 1e7)[1] for f in story], scale)

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = sum(self.sizes) * self.scale
        return availWidth, self.height

    def draw(self):
        c = self.canv
        c.saveState()
        c.translate((self.width - self.inner_w * self.scale) / 2, 0)
        c.scale(self.scale, self.scale)
        y = sum(self.sizes)
        for f, h in zip(self.flowables, self.sizes):
            y -= h
            f.drawOn(c, 0, y)
        c.restoreState()
