"""A neutral table: a 2-D list of cell strings plus merge information.

Both an Excel worksheet and a Word table become a ``SourceGrid`` so that one
reader (``importers.tables``) finds the annex tables in either.

Every cell of a merged range holds the range's (top-left) text, and
``anchors[r][c]`` names the range's top-left corner, so two cells belong to the
same merged range exactly when their anchors are equal.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Optional

from model.dates import format_date
from model.numbers import round_half_up


@dataclass
class SourceGrid:
    label: str                                   # “工作表“附件3”” / “Word 第 2 个表格”
    cells: list[list[str]]
    anchors: list[list[tuple[int, int]]] = field(default_factory=list)
    row_names: list[str] = field(default_factory=list)   # how row i is called in messages
    col_names: list[str] = field(default_factory=list)   # how column j is called in messages
    context: list[str] = field(default_factory=list)     # title lines found outside the grid

    def __post_init__(self):
        width = max((len(r) for r in self.cells), default=0)
        for row in self.cells:
            row.extend([""] * (width - len(row)))
        if not self.anchors:
            self.anchors = [[(r, c) for c in range(width)] for r in range(len(self.cells))]
        if not self.row_names:
            self.row_names = [f"第{r + 1}行" for r in range(len(self.cells))]
        if not self.col_names:
            self.col_names = [f"第{c + 1}列" for c in range(width)]

    @property
    def nrows(self) -> int:
        return len(self.cells)

    @property
    def ncols(self) -> int:
        return len(self.cells[0]) if self.cells else 0

    def text(self, r: int, c: int) -> str:
        if 0 <= r < self.nrows and 0 <= c < self.ncols:
            return self.cells[r][c]
        return ""

    def same_range(self, a: tuple[int, int], b: tuple[int, int]) -> bool:
        return self.anchors[a[0]][a[1]] == self.anchors[b[0]][b[1]]

    def is_continuation(self, r: int, c: int) -> bool:
        """The cell is covered by a merged range that starts in an earlier row."""
        return self.anchors[r][c][0] < r

    def where(self, r: int, c: Optional[int] = None) -> str:
        if c is None:
            return f"{self.label}{self.row_names[r]}"
        return f"{self.label}{self.row_names[r]}{self.col_names[c]}"

    def row_cells(self, r: int) -> list[tuple[int, str]]:
        """(column, text) of row r, left to right, one per merged range (its first column), empty ones too."""
        out: list[tuple[int, str]] = []
        seen: set[tuple[int, int]] = set()
        for c in range(self.ncols):
            a = self.anchors[r][c]
            if a not in seen:
                seen.add(a)
                out.append((c, self.cells[r][c]))
        return out

    def row_texts(self, r: int) -> list[str]:
        """The distinct non-empty texts of row r, left to right (a merged range counts once)."""
        return [t for _, t in self.row_cells(r) if t]


# --------------------------------------------------------------------------- cell values → text

def decimal_text(value: Decimal) -> str:
    """A number as people write it: no exponent, no binary noise, no trailing zeros."""
    d = round_half_up(value, 6)
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def value_text(value, number_format: str = "") -> str:
    """A spreadsheet cell's cached value as the text a person sees (approximately)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return format_date(value.date())
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, (int, float, Decimal)):
        try:
            d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation:
            return str(value)
        if not d.is_finite():
            return ""
        if "%" in (number_format or ""):
            return decimal_text(d * 100) + "%"
        return decimal_text(d)
    return clean_text(str(value))


_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
# control and invisible format characters (keeps \n and \t)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e"
                      "\u2060-\u2064\ufeff\ufff9-\ufffb\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Strip, unify line breaks, collapse runs of spaces; keep the words as typed."""
    t = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    t = _CONTROL.sub("", t)
    lines = [_SPACES.sub(" ", line).strip() for line in t.split("\n")]
    return "\n".join(line for line in lines if line)


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """A label reduced for matching: NFKC, no spaces, unified quotes and brackets."""
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"\s+", "", t)
    t = t.replace("“", "").replace("”", "").replace('"', "").replace("‘", "").replace("’", "")
    t = t.replace("'", "").replace("〔", "(").replace("〕", ")").replace("【", "(").replace("】", ")")
    return t
