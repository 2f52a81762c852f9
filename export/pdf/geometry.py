"""Page geometry and type sizes of the printed report (body: GB/T 9704-2012; annex tables)."""
from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

PAGE_W, PAGE_H = A4
TOP = 37 * mm
LEFT = 28 * mm
TEXT_W = 156 * mm
TEXT_H = 225 * mm
BOTTOM = PAGE_H - TOP - TEXT_H          # 35 mm
RIGHT = PAGE_W - LEFT - TEXT_W          # 26 mm

BODY_SIZE = 16.0                        # 3号
LINE = 28.95                            # fixed line spacing: 22 lines in 225 mm
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
#: character spacing that sets exactly 28 full-width characters in the text block
GRID_SPACE = (TEXT_W - CHARS_PER_LINE * BODY_SIZE) / (CHARS_PER_LINE - 1)
PITCH = BODY_SIZE + GRID_SPACE
INDENT = 2 * PITCH                      # two-character first-line indent

TITLE_SIZE = 22.0                       # 2号
TITLE_LINE = 36.0
FOLIO_SIZE = 14.0                       # 4号
FOLIO_GAP = 7 * mm                      # from the text block to the folio's dash

# annex pages
ANNEX_MARGIN = 18 * mm
ANNEX_BOTTOM = 22 * mm
CELL_SIZE = 10.5                        # 5号
CELL_LEADING = 13.0
CELL_PAD = 3.0
CELL_TOP = 2.0
CELL_BOTTOM = 2.5
ANNEX_TITLE_SIZE = 18.0
