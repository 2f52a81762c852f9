"""Read last year's Word report (.docx): paragraphs and tables in body order.

The splitting into the ten sections (headings by meaning, list items, run-in text,
the title and sign-off) is in ``importers.body``; its names are re-exported here.
"""
from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass, field
from typing import Optional

from model.report import SECTIONS

from .errors import ImportError_
from .grid import SourceGrid, clean_text
from .safety import DOCX, GridBudget, check_package, checkpoint

MAX_PARAGRAPHS = 50_000



@dataclass
class Block:
    """One body element in order: a paragraph or a table."""
    text: str = ""
    style: str = ""
    bold: bool = False
    grid: Optional[SourceGrid] = None


@dataclass
class DocxContent:
    sections: list[str]
    year: Optional[int] = None
    unit_name: str = ""
    grids: list[SourceGrid] = field(default_factory=list)
    taken: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    #: for each section, the source headings that fed it (for the summary)
    headings: list[list[str]] = field(default_factory=lambda: [[] for _ in SECTIONS])
    #: the year most “YYYY年” mentions in the body name, and how many name it (a report without a title)
    body_year: Optional[int] = None
    body_year_mentions: int = 0


# --------------------------------------------------------------------------- reading the file

def load_blocks(path: str) -> list[Block]:
    name = os.path.basename(path)
    check_package(path, DOCX)
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    try:
        document = docx.Document(path)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError,
            AttributeError, IndexError, TypeError) as e:
        raise ImportError_(f"Word 文件“{name}”已损坏或格式不正确，无法读取（{type(e).__name__}）") from None
    except Exception as e:  # lxml syntax errors and the like
        if type(e).__module__.startswith(("lxml", "xml", "docx")):
            raise ImportError_(f"Word 文件“{name}”的内部 XML 无法读取，未导入") from None
        raise ImportError_(f"Word 文件“{name}”无法读取（{type(e).__name__}）") from None
    from docx.text.paragraph import Paragraph
    blocks: list[Block] = []
    body = document.element.body
    n_tables = 0
    styles = _StyleTable(document)
    budget = GridBudget(name)
    for child in _block_elements(body):
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(child, document)
            style_name, style_bold = styles.of(child)
            text = clean_text(p.text)
            # boldness only matters for short lines (heading candidates)
            bold = _is_bold(p, style_bold) if 0 < len(text) <= 40 else False
            blocks.append(Block(text=text, style=style_name, bold=bold))
        elif tag == "tbl":
            checkpoint()
            n_tables += 1
            blocks.append(Block(grid=_table_grid(child, n_tables, budget)))
        if len(blocks) > MAX_PARAGRAPHS:
            raise ImportError_(f"Word 文件“{name}”的段落超过 {MAX_PARAGRAPHS} 个，不像是自评报告，未导入")
        if len(blocks) % 1024 == 0:
            checkpoint()
    return blocks


def _block_elements(parent, depth: int = 0):
    """Paragraphs and tables in body order, also inside content controls (w:sdt), which
    templates use for cover pages and tables of contents."""
    for child in parent.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if tag in ("p", "tbl"):
            yield child
        elif tag in ("sdt", "sdtContent", "customXml") and depth < 8:
            yield from _block_elements(child, depth + 1)


class _StyleTable:
    """Paragraph style names and boldness, looked up once (python-docx's ``Paragraph.style``
    scans every style on each call, which is quadratic on long reports)."""

    def __init__(self, document):
        self.by_id: dict[str, tuple[str, bool]] = {}
        self.default = ("", False)
        try:
            from docx.enum.style import WD_STYLE_TYPE
            for st in document.styles:
                if st.type != WD_STYLE_TYPE.PARAGRAPH:
                    continue
                try:
                    bold = bool(st.font.bold)
                except (AttributeError, ValueError):
                    bold = False
                self.by_id[st.style_id] = (st.name or "", bold)
            d = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
            if d is not None:
                self.default = self.by_id.get(d.style_id, ("", False))
        except (KeyError, AttributeError, ValueError, TypeError):
            pass

    def of(self, p_element) -> tuple[str, bool]:
        try:
            ppr = p_element.pPr
            sid = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
        except (AttributeError, ValueError):
            sid = None
        if sid is None:
            return self.default
        return self.by_id.get(sid, self.default)


def _is_bold(p, style_bold: bool) -> bool:
    try:
        runs = [r for r in p.runs if r.text.strip()]
        if not runs:
            return False
        return all(r.bold or (r.bold is None and style_bold) for r in runs)
    except (AttributeError, ValueError):
        return False


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_TABLE_ROWS = 2000     # rows read from one table
MAX_TABLE_COLS = 200      # grid columns read from one table


def _int_attr(element, child: str, default: int) -> int:
    """w:val of ``child`` under ``element`` as a non-negative int (default when absent or bad)."""
    if element is None:
        return default
    sub = element.find(_W + child)
    if sub is None:
        return default
    try:
        return max(0, int(sub.get(_W + "val", default)))
    except (TypeError, ValueError):
        return default


def _table_grid(tbl, number: int, budget: GridBudget) -> SourceGrid:
    """A Word table (its ``w:tbl`` element) as a grid, read from the XML in one pass.

    Like python-docx's ``row.cells``: a cell spanning n grid columns (w:gridSpan)
    appears n times, and a cell continuing a vertical merge (w:vMerge) is the cell
    it continues. But a span is clipped to the table's real columns (w:tblGrid, at
    most ``MAX_TABLE_COLS``), vertical merges are resolved row by row from the row
    above (python-docx recurses once per merged row), and every cell placed is
    counted against the file's ``budget``.
    """
    grid = tbl.find(_W + "tblGrid")
    n_grid = len(grid.findall(_W + "gridCol")) if grid is not None else 0
    limit = min(n_grid, MAX_TABLE_COLS) if n_grid else MAX_TABLE_COLS
    where = f"第 {number} 个表格"
    cells: list[list[str]] = []
    anchors: list[list[tuple[int, int]]] = []
    above: dict[int, tuple[tuple[int, int], str]] = {}   # grid offset → (anchor, text) in the row above
    for r, tr in enumerate(tbl.iterchildren(_W + "tr")):
        if r >= MAX_TABLE_ROWS:
            break
        if r % 64 == 0:
            checkpoint()
        texts: list[str] = []
        anch: list[tuple[int, int]] = []
        here: dict[int, tuple[tuple[int, int], str]] = {}
        offset = _int_attr(tr.find(_W + "trPr"), "gridBefore", 0)
        for tc in tr.iterchildren(_W + "tc"):
            if len(texts) >= MAX_TABLE_COLS:
                break
            pr = tc.find(_W + "tcPr")
            span = max(1, min(_int_attr(pr, "gridSpan", 1), limit - offset))
            vmerge = pr.find(_W + "vMerge") if pr is not None else None
            continues = vmerge is not None and vmerge.get(_W + "val", "continue") == "continue"
            if continues and offset in above:
                anchor, text = above[offset]
            else:
                text = budget.cell("\n".join(p.text for p in tc.iterchildren(_W + "p")),
                                   f"Word {where}第 {r + 1} 行的单元格")
                text = clean_text(text)
                anchor = (r, len(texts))
            here[offset] = (anchor, text)
            span = min(span, MAX_TABLE_COLS - len(texts))
            budget.place(len(text), span)
            texts.extend([text] * span)
            anch.extend([anchor] * span)
            offset += span
        cells.append(texts)
        anchors.append(anch)
        above = here
    width = max((len(r) for r in cells), default=0)
    for r, row in enumerate(anchors):
        row.extend((r, c) for c in range(len(row), width))
    return SourceGrid(label=f"Word {where}", cells=cells, anchors=anchors,
                      row_names=[f"第{r + 1}行" for r in range(len(cells))],
                      col_names=[f"第{c + 1}列" for c in range(width)])



# the splitting lives in importers.body (which imports Block from here)
_BODY_NAMES = ("numbering", "match_section", "split_sections", "_run_in", "_heading_candidate", "_number_of",
               "SECTION_RULES", "body_year")


def __getattr__(name: str):
    if name in _BODY_NAMES:
        from . import body
        return getattr(body, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def read_report(path: str) -> DocxContent:
    """The sections, title facts and annex-table grids of a .docx report."""
    from .body import split_sections
    return split_sections(load_blocks(path))
