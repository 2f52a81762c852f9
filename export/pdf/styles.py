"""The text styles of the report's roles (title, headings, body, tables) in the fonts found."""
from __future__ import annotations

from export.fonts import FontReport
from export.linebreak import Style
from export.pdf.geometry import BODY_SIZE, TITLE_SIZE

class Styles:
    def __init__(self, fonts: FontReport):
        self.fonts = fonts
        # without a 黑体 of its own (the CID fallback), titles and headings are set bold
        plain = fonts["heading"].name == fonts["body"].name
        self.title = Style(fonts.name("title"), TITLE_SIZE,
                           bold=fonts["title"].name == fonts["body"].name)
        self.heading = Style(fonts.name("heading"), BODY_SIZE, bold=plain)
        self.kai = Style(fonts.name("kai"), BODY_SIZE)
        self.body = Style(fonts.name("body"), BODY_SIZE)
        self.bold = Style(fonts.name("body"), BODY_SIZE, bold=True)
        self.table = fonts.name("table")
        self.table_bold = fonts.name("heading")
