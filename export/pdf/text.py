"""The CJK text flowable: a paragraph set by ``export.linebreak`` on a fixed line grid, and
headings kept with the first line of the paragraph after them.

The set lines are memoised (``_BROKEN``, with each paragraph's measured atoms in ``_ATOMS``): a
table cell is set again for every page and every trial scale it is measured at.
"""
from __future__ import annotations

from typing import Optional, Sequence

from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from export.linebreak import Line, Style, atomize, break_lines
from export.pdf.geometry import GRID_SPACE, LINE

_WIDTHS: dict[tuple[str, str, float], float] = {}
_BROKEN: dict[tuple, list[Line]] = {}
#: the measured atoms of each paragraph's runs (they do not depend on the width it is set in)
_ATOMS: dict[tuple, list] = {}
#: a paragraph of one run of at most ``SHORT`` characters (a label, a number, a header cell:
#: the same in every project's table) keeps its atoms and set lines across grids, in these
SHORT = 30
_SHORT_BROKEN: dict[tuple, list[Line]] = {}
_SHORT_ATOMS: dict[tuple, list] = {}
#: entries kept before a cache starts again (bounds the memory of a very large report)
MAX_LONG, MAX_SHORT = 20_000, 10_000


def clear_caches(everything: bool = False) -> None:
    """Forget the set lines and measured atoms of long paragraphs (those of the grid laid out
    last); ``everything``: the short paragraphs' and the measured strings too (the export is
    done)."""
    _BROKEN.clear()
    _ATOMS.clear()
    if everything:
        _SHORT_BROKEN.clear()
        _SHORT_ATOMS.clear()
        _WIDTHS.clear()


def _width(text: str, style: Style) -> float:
    key = (text, style.font, style.size)
    w = _WIDTHS.get(key)
    if w is None:
        if len(_WIDTHS) > 200_000:
            _WIDTHS.clear()
        w = _WIDTHS[key] = pdfmetrics.stringWidth(text, style.font, style.size)
    return w


def _break(runs: tuple, avail: float, first: float, base: float, hang: bool) -> list[Line]:
    """Line breaking, memoised: table cells are set again for every page measured, and the
    short ones again in every grid."""
    key = (runs, round(avail, 3), round(first, 3), base, hang)
    if len(runs) == 1 and len(runs[0][0]) <= SHORT:
        broken, measured, most = _SHORT_BROKEN, _SHORT_ATOMS, MAX_SHORT
    else:
        broken, measured, most = _BROKEN, _ATOMS, MAX_LONG
    lines = broken.get(key)
    if lines is None:
        if len(broken) > most:
            broken.clear()
            measured.clear()
        atoms = measured.get(runs)
        if atoms is None:
            atoms = measured[runs] = atomize(runs, _width)
        lines = broken[key] = break_lines(atoms, avail, first, base,
                                          hang=hang, width_of=_width)
    return lines


def _groups(line: Line) -> list[tuple[Style, str, float]]:
    """The line's consecutive atoms of one style as (style, text, width), worked out once
    per line (set lines are shared: a header cell repeated on every page, a table measured
    before it is drawn)."""
    groups = line.__dict__.get("_groups")
    if groups is None:
        atoms = line.atoms
        style = atoms[0].style if atoms else None
        if all(a.style is style for a in atoms):       # one run (a cell, most body lines)
            groups = line._groups = [(style, "".join(a.text for a in atoms),
                                      sum(a.width for a in atoms))] if atoms else []
            return groups
        groups = []
        for a in line.atoms:
            if groups and (groups[-1][0] is a.style or groups[-1][0] == a.style):
                st, txt, w = groups[-1]
                groups[-1] = (st, txt + a.text, w + a.width)
            else:
                groups.append((a.style, a.text, a.width))
        line._groups = groups
    return groups


class CJKText(Flowable):
    """A paragraph set by ``export.linebreak`` on a fixed line grid.

    ``align``: "justify" (body), "left", "center" or "right". ``indent``: first-line indent;
    ``right_indent``: space kept free at the right. Splits between lines across pages.
    """

    def __init__(self, runs: Sequence[tuple[str, Style]], leading: float = LINE,
                 indent: float = 0.0, align: str = "justify", base_space: float = GRID_SPACE,
                 right_indent: float = 0.0, keep_with_next: bool = False,
                 hang: Optional[bool] = None,
                 _lines: Optional[list[Line]] = None, _first: bool = True):
        super().__init__()
        self.runs = list(runs)
        self._runs = tuple(self.runs)           # the key of its set lines
        self.leading = leading
        self.indent = indent
        self.align = align
        self.base_space = base_space
        self.right_indent = right_indent
        self.keepWithNext = keep_with_next
        #: closing marks may hang past the line end (body text, as Word does)
        self.hang = (align == "justify") if hang is None else hang
        self._lines = _lines
        self._fixed = _lines is not None
        self._first = _first
        self._wrapped_for: Optional[float] = None

    def text(self) -> str:
        return "".join(t for t, _ in self.runs)

    def lines(self, width: float) -> list[Line]:
        if self._fixed:
            return self._lines or []
        if self._wrapped_for != width:
            avail = width - self.right_indent
            self._lines = _break(self._runs, avail, avail - self.indent, self.base_space,
                                 self.hang)
            self._wrapped_for = width
        return self._lines or []

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = len(self.lines(availWidth)) * self.leading
        return availWidth, self.height

    def split(self, availWidth, availHeight):
        lines = self.lines(availWidth)
        k = int((availHeight + 1e-6) // self.leading)
        if k <= 0:
            return []
        if k >= len(lines):
            return [self]
        a = CJKText(self.runs, self.leading, self.indent, self.align, self.base_space,
                    self.right_indent, False, self.hang, lines[:k], self._first)
        b = CJKText(self.runs, self.leading, self.indent, self.align, self.base_space,
                    self.right_indent, self.keepWithNext, self.hang, lines[k:], False)
        return [a, b]

    def draw(self):
        text = self.draw_at(self.canv, 0.0, 0.0, None)
        if text is not None:
            self.canv.drawText(text)

    def draw_at(self, c, x0: float, y0: float, text=None):
        """Draw the paragraph (wrapped already) with its lower left corner at (x0, y0) of the
        canvas's current coordinates, into the text object ``text`` (started when None; a
        fake-bold run ends it and draws on its own), which is returned unfinished: a table
        draws all its cells' lines as one text object, without a graphics state per cell."""
        lines = self.lines(self.width)
        for n, line in enumerate(lines):
            if not line.atoms:
                continue
            groups = _groups(line)
            size = max(g[0].size for g in groups)
            top = self.height - n * self.leading
            # centre the ideographic em box in the line
            baseline = top - (self.leading - size) / 2 - 0.86 * size
            first = self._first and n == 0
            avail = line.available
            if self.align == "justify":
                cs = line.char_space(self.base_space)
                x = self.indent if first else 0.0
            else:
                cs = self.base_space
                used = line.set_width(cs)
                if self.align == "center":
                    x = (avail - used) / 2
                elif self.align == "right":
                    x = avail - used
                else:
                    x = self.indent if first else 0.0
            text = self._draw_line(c, groups, x0 + x, y0 + baseline, cs, text)
        return text

    @staticmethod
    def _draw_line(c, groups: list[tuple[Style, str, float]], x: float, y: float, cs: float,
                   text=None):
        """Draw one line (its ``_groups``); plain runs go into the text object ``text``
        (started here when None), which is returned for the next lines: one text object per
        paragraph rather than one per run."""
        for style, txt, w in groups:
            if style.bold:
                if text is not None:
                    c.drawText(text)
                    text = None
                c.setFont(style.font, style.size)
                c.saveState()
                c.setLineWidth(style.size * 0.035)
                c.setStrokeColor(colors.black)
                c.drawString(x, y, txt, mode=2, charSpace=cs)
                c.restoreState()
            else:
                if text is None:
                    text = c.beginText()
                    text._jx_font = text._jx_cs = None
                text.setTextOrigin(x, y)
                # font and character spacing hold inside one text object: set them only
                # when they change
                font = (style.font, style.size)
                if text._jx_font != font:
                    text.setFont(style.font, style.size)
                    text._jx_font = font
                if text._jx_cs != cs:
                    text.setCharSpace(cs)
                    text._jx_cs = cs
                text.textOut(txt)
            x += w + cs * len(txt)
        return text


class KeepLines(Flowable):
    """Headings kept with the first line of the paragraph that follows them.

    All flowables but the last stay whole on one page; the last (a CJKText) may split,
    but at least one of its lines stays with the headings. Unlike reportlab's
    keepWithNext, a long paragraph after a heading does not push both to the next page.
    """

    def __init__(self, flowables: Sequence[Flowable]):
        super().__init__()
        self.flowables = list(flowables)

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self._sizes = [f.wrap(availWidth, availHeight) for f in self.flowables]
        self.height = sum(h for _, h in self._sizes)
        return availWidth, self.height

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        if self.height <= availHeight + 1e-6:
            return [self]
        heads, last = self.flowables[:-1], self.flowables[-1]
        heads_h = sum(h for _, h in self._sizes[:-1])
        min_last = getattr(last, "leading", 0.0) or self._sizes[-1][1]
        if heads_h + min_last > availHeight + 1e-6:
            return []
        parts = last.split(availWidth, availHeight - heads_h)
        if not parts:
            return []
        return [*heads, *parts]

    def draw(self):
        y = self.height
        for f, (_, h) in zip(self.flowables, self._sizes):
            y -= h
            f.drawOn(self.canv, 0, y)
