"""Small crafted Office files, built in code: the packages of issue 14, point 3.

Each builder writes a minimal but valid package (what Excel or Word would open
far enough to choke on) and returns its path. Sizes are those of the attacks:
a few KB on disk.
"""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Iterable, Optional
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _col(c: int) -> str:
    s = ""
    while c:
        c, rem = divmod(c - 1, 26)
        s = chr(65 + rem) + s
    return s


def cell_ref(r: int, c: int) -> str:
    """1-based (row, column) → “B3”."""
    return f"{_col(c)}{r}"


def write_xlsx(path: Path, sheets: list[bytes], shared: Optional[list[str]] = None,
               sheet_names: Optional[list[str]] = None, encoding: str = "utf-8") -> Path:
    """A workbook whose worksheets are the given XML parts (named as ``sheet_names``)."""
    names = sheet_names or [f"xl/worksheets/sheet{i + 1}.xml" for i in range(len(sheets))]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr("[Content_Types].xml",
                    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
                    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
                    'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
                    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                    + "".join(f'<Override PartName="/{n}" ContentType="application/vnd.openxmlformats-'
                              'officedocument.spreadsheetml.worksheet+xml"/>' for n in names)
                    + ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                       'officedocument.spreadsheetml.sharedStrings+xml"/>' if shared is not None else "")
                    + "</Types>")
        zf.writestr("_rels/.rels",
                    f'<?xml version="1.0"?><Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
                    f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        zf.writestr("xl/workbook.xml",
                    f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
                    + "".join(f'<sheet name="表{i + 1}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                              for i in range(len(sheets)))
                    + "</sheets></workbook>")
        rels = "".join(f'<Relationship Id="rId{i + 1}" Type="{REL}/worksheet" Target="/{n}"/>'
                       for i, n in enumerate(names))
        if shared is not None:
            rels += f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
            zf.writestr("xl/sharedStrings.xml",
                        f'<?xml version="1.0"?><sst xmlns="{MAIN}" count="{len(shared)}" '
                        f'uniqueCount="{len(shared)}">'
                        + "".join(f"<si><t>{escape(s)}</t></si>" for s in shared) + "</sst>")
        zf.writestr("xl/_rels/workbook.xml.rels",
                    f'<?xml version="1.0"?><Relationships xmlns="{PKG_REL}">{rels}</Relationships>')
        for n, xml in zip(names, sheets):
            zf.writestr(n, xml.decode("utf-8").encode(encoding) if encoding != "utf-8" else xml)
    return path


def sheet_xml(cells: dict[tuple[int, int], object], merges: Iterable[str] = (),
              shared_cells: Iterable[tuple[int, int]] = (), rows_only: int = 0) -> bytes:
    """A worksheet: ``cells`` {(row, col): text or number} (1-based), ``merges`` as “A1:B2”,
    ``shared_cells`` holding shared string 0, ``rows_only`` extra empty rows after the last."""
    by_row: dict[int, list[str]] = {}
    for (r, c), v in sorted(cells.items()):
        if isinstance(v, str):
            xml = f'<c r="{cell_ref(r, c)}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
        else:
            xml = f'<c r="{cell_ref(r, c)}"><v>{v}</v></c>'
        by_row.setdefault(r, []).append(xml)
    for r, c in shared_cells:
        by_row.setdefault(r, []).append(f'<c r="{cell_ref(r, c)}" t="s"><v>0</v></c>')
    rows = "".join(f'<row r="{r}">{"".join(cs)}</row>' for r, cs in sorted(by_row.items()))
    last = max(by_row, default=0)
    rows += "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(last + 1, last + 1 + rows_only))
    merges = list(merges)
    merge_xml = (f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges)
                 + "</mergeCells>") if merges else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData>'
            f"{merge_xml}</worksheet>").encode()


def docx_from(document_xml: bytes, path: Path, document_name: str = "word/document.xml") -> Path:
    """A Word package around ``document_xml`` (stored as ``document_name``)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml",
                    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
                    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
                    'ContentType="application/xml"/>'
                    f'<Override PartName="/{document_name}" ContentType="application/vnd.openxmlformats-'
                    'officedocument.wordprocessingml.document.main+xml"/></Types>')
        zf.writestr("_rels/.rels",
                    f'<?xml version="1.0"?><Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
                    f'Type="{REL}/officeDocument" Target="{document_name}"/></Relationships>')
        if document_name != "word/document.xml":   # what sniff() looks for: an empty decoy
            zf.writestr("word/document.xml", "")
        zf.writestr(document_name, document_xml)
    return path


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>"


def document_xml(body: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'
            f"{paragraph('2024年度部门整体支出绩效自评报告')}{paragraph('一、部门基本情况')}"
            f"{paragraph('本单位负责全县职工服务工作。')}{body}</w:body></w:document>").encode()


def table_xml(rows: list[list[str]], grid_cols: int) -> str:
    """A Word table; each row is a list of raw ``<w:tc>`` contents (use ``tc``)."""
    grid = "".join('<w:gridCol w:w="1000"/>' for _ in range(grid_cols))
    return (f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>"
            + "".join("<w:tr>" + "".join(row) + "</w:tr>" for row in rows) + "</w:tbl>")


def tc(text: str = "", span: Optional[int] = None, vmerge: Optional[str] = None) -> str:
    pr = ""
    if span is not None:
        pr += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        pr += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        pr += "<w:vMerge/>"
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{paragraph(text)}</w:tc>"
