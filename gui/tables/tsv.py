"""Tab-separated text as Excel puts it on the clipboard, and back.

Excel writes rows separated by ``\\r\\n``, cells by tabs, and quotes a cell
that contains a tab, a line break or a quote (doubling the quotes inside).
"""
from __future__ import annotations


def parse_tsv(text: str) -> list[list[str]]:
    """Rows of cells. A trailing line break does not make an empty last row."""
    rows: list[list[str]] = []
    row: list[str] = []
    cell: list[str] = []
    i, n = 0, len(text)
    at_cell_start = True
    while i < n:
        c = text[i]
        if at_cell_start and c == '"':
            # a quoted cell: up to the closing quote, "" is a literal quote
            j = i + 1
            buf: list[str] = []
            closed = False
            while j < n:
                if text[j] == '"':
                    if j + 1 < n and text[j + 1] == '"':
                        buf.append('"')
                        j += 2
                        continue
                    closed = True
                    j += 1
                    break
                buf.append(text[j])
                j += 1
            if closed and (j >= n or text[j] in "\t\r\n"):
                cell = buf
                i = j
                at_cell_start = False
                continue
            # not a well-formed quoted cell: take the quote literally
        at_cell_start = False
        if c == "\t":
            row.append("".join(cell))
            cell = []
            at_cell_start = True
        elif c in "\r\n":
            row.append("".join(cell))
            rows.append(row)
            row, cell = [], []
            at_cell_start = True
            if c == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
        else:
            cell.append(c)
        i += 1
    if cell or row or not at_cell_start:
        row.append("".join(cell))
        rows.append(row)
    return rows


def _quote(cell: str) -> str:
    if any(ch in cell for ch in '\t\r\n"'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def to_tsv(rows: list[list[str]]) -> str:
    """Rows of cells as Excel-compatible TSV (``\\r\\n`` after every row)."""
    return "".join("\t".join(_quote(c) for c in row) + "\r\n" for row in rows)
