"""The neutral grid: one annex table as cells with spans and styles.

``export/tables.py`` builds each annex table once as a ``Grid``; ``export/xlsx.py``
and ``export/pdf/`` render the same grids. Nothing here knows about openpyxl or
reportlab.

Coordinates are 0-based (row, col) inside the bordered body. The title, the
"单位名称：… 单位：万元" line and the footer line are separate fields, printed
above and below the body.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from decimal import Decimal
from typing import Optional

LEFT = "left"
CENTER = "center"
RIGHT = "right"


@dataclass(slots=True)
class Cell:
    row: int
    col: int
    text: str = ""                     # what is printed (already formatted: "98.05%", "9.58")
    rowspan: int = 1
    colspan: int = 1
    align: str = CENTER                # LEFT / CENTER / RIGHT
    bold: bool = False
    value: Optional[Decimal] = None    # the number behind ``text``, for spreadsheet number cells
    number_format: Optional[str] = None  # spreadsheet format for ``value``: "0.00", "0.00%", "0"
    #: True for user-typed text (names, notes): always written as text, never as a formula
    user_text: bool = False
    #: the document field(s) this cell prints (“|” between the fields a sum adds up); "" for
    #: labels and computed figures (``model.rules.printed`` checks these cells for blanks)
    source: str = ""


@dataclass
class Grid:
    key: str                           # "annex2", "annex3", "annex4-1" …
    sheet_name: str                    # cleaned, unique, ≤ 31 characters
    title: str
    ncols: int
    col_widths: list[float]            # relative widths in characters (CJK character = 2)
    cells: list[Cell] = field(default_factory=list)
    annex_label: str = ""              # "附件2" printed above the title
    subtitle_left: str = ""            # "单位名称：××县总工会"
    subtitle_right: str = ""           # "单位：万元"
    header_rows: int = 0               # body rows repeated at the top of continuation pages
    landscape: bool = False
    footer: str = ""                   # "填表人：…  填报日期：…  联系电话：…  单位负责人签字："
    #: body rows [start, end) repeated at the top of continuation pages; when None,
    #: the first ``header_rows`` rows are repeated (nothing when 0)
    repeat_rows: Optional[tuple[int, int]] = None
    #: body row ranges [start, end) that should not be split across pages when they fit on one
    #: (a 一级指标 block, the budget block, the 总分 row with the rows above it …)
    keep_together: list[tuple[int, int]] = field(default_factory=list)
    #: print the whole table on one page, scaled down to no less than ``fit_min_scale``, when it
    #: fits that way (Excel's “fit to one page”); otherwise it runs over pages at full size
    fit_min_scale: Optional[float] = None

    @property
    def repeated(self) -> Optional[tuple[int, int]]:
        """The body rows [start, end) to repeat on continuation pages, or None."""
        if self.repeat_rows is not None:
            return self.repeat_rows
        return (0, self.header_rows) if self.header_rows else None

    @property
    def nrows(self) -> int:
        return max((c.row + c.rowspan for c in self.cells), default=0)

    def add(self, row: int, col: int, text: str = "", **kw) -> Cell:
        cell = Cell(row, col, text, **kw)
        self.cells.append(cell)
        return cell

    def cell_at(self, row: int, col: int) -> Optional[Cell]:
        """The cell whose top-left corner is (row, col)."""
        for c in self.cells:
            if c.row == row and c.col == col:
                return c
        return None

    def covering(self, row: int, col: int) -> Optional[Cell]:
        """The cell (merged or not) that covers (row, col)."""
        for c in self.cells:
            if c.row <= row < c.row + c.rowspan and c.col <= col < c.col + c.colspan:
                return c
        return None

    def texts(self) -> list[str]:
        """Every non-empty text of the grid, title and footer included (for tests)."""
        out = [t for t in (self.annex_label, self.title, self.subtitle_left, self.subtitle_right) if t]
        out += [c.text for c in sorted(self.cells, key=lambda c: (c.row, c.col)) if c.text]
        if self.footer:
            out.append(self.footer)
        return out


# --------------------------------------------------------------------------- text measures

def char_units(ch: str) -> float:
    """Printed width of one character in column units (a CJK character ≈ 2, a digit ≈ 1)."""
    o = ord(ch)
    if o < 0x1100:
        return 1.0
    if (0x1100 <= o <= 0x115F or 0x2E80 <= o <= 0xA4CF or 0xAC00 <= o <= 0xD7A3
            or 0xF900 <= o <= 0xFAFF or 0xFE30 <= o <= 0xFE4F or 0xFF00 <= o <= 0xFF60
            or 0xFFE0 <= o <= 0xFFE6 or 0x20000 <= o <= 0x3FFFD or 0x2010 <= o <= 0x2027
            or 0x2030 <= o <= 0x2033 or 0x2103 <= o <= 0x2109 or 0x2190 <= o <= 0x21FF
            or 0x2200 <= o <= 0x22FF or 0x2460 <= o <= 0x24FF or 0x25A0 <= o <= 0x25FF
            or 0x3000 <= o <= 0x303F or 0x33A1 == o):
        return 2.0
    return 1.0


def text_units(text: str) -> float:
    """Printed width of a one-line text in column units."""
    return sum(char_units(ch) for ch in text)


@lru_cache(maxsize=8192)
def estimate_lines(text: str, width_units: float) -> int:
    """How many lines ``text`` takes when wrapped in a cell ``width_units`` wide.

    Paragraph breaks are kept; each paragraph wraps character by character, which
    is how CJK text wraps (a little pessimistic for Latin words).
    """
    if not text:
        return 1
    usable = max(width_units - 1.0, 2.0)    # cell padding
    lines = 0
    for para in text.split("\n"):
        w = text_units(para)
        lines += max(1, int(-(-w // usable)))
    return lines
