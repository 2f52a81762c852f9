"""Blank printed cells: every value cell of an annex table that would print blank.

A new report can print 附件2/3/4 with empty 编制数, 三公 rows, 收入性质 rows … while nothing else
is wrong. Each such cell is reported, naming the printed cell (annex, row and column) and the
fix (fill in 0 or “无”), at the field the GUI jumps to:

- ``printed.blank`` (警告): a cell that the form expects filled in;
- ``printed.blank_normal`` (提示): a cell that is often blank for a reason (no 楼堂馆所 completed
  this year, no 政府性基金, a new project without 上年决算数) but still prints blank.

The printed cells are data, ``resources/printed_cells.json`` (annex, row and column labels, the
field(s) behind each cell); the annex tables of ``export/tables.py`` tag the same cells with
``Cell.source`` and ``tests/model/test_printed_cells.py`` holds the two together. Cells whose
blank another rule already reports (单位名称, 全年预算数, 目标 …) are listed there as ``covered``.
One finding per printed row and severity lists the row's blank columns.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from .. import paths as doc_paths
from ..report import Report
from ..severity import INFO, WARNING
from .base import Sink

RULES: dict[str, str] = {
    "printed.blank": WARNING,
    "printed.blank_normal": INFO,
}

CELLS_FILE = Path(__file__).resolve().parent.parent.parent / "resources" / "printed_cells.json"
_LEVELS = {"warning": WARNING, "info": INFO}
_FIXES = {"0": "没有的请填 0", "无": "没有的请填“无”"}


@dataclass(frozen=True)
class PrintedCell:
    """One value cell of an annex table: where it prints and the field(s) it prints."""
    annex: str                 # 附件2, 附件3, 附件4-1 …
    row: str                   # the printed row label (a project's name for its 附件2 row)
    col: str                   # the printed column label; "" when the row has one value
    paths: tuple[str, ...]     # the document field(s) behind it (a sum: every field it adds up)
    severity: str              # WARNING, or INFO where blank is often normal
    fix: str                   # “0” or “无”: what to fill in when there is nothing
    project: Optional[int] = None   # the project whose fields it prints (its 附件2 row, its 附件4)


@lru_cache(maxsize=1)
def cell_data() -> dict[str, Any]:
    """``resources/printed_cells.json``, read once."""
    with open(CELLS_FILE, encoding="utf-8") as f:
        return json.load(f)


def _expand(entry: dict, year: int, names: tuple[str, ...]) -> list[PrintedCell]:
    data = cell_data()
    level = _LEVELS[entry["level"]]
    per_project = any("{i}" in p for p in (*entry.get("paths", ()), *entry.get("amounts", ())))
    targets = list(enumerate(names)) if per_project else [(None, None)]
    out: list[PrintedCell] = []
    for i, project_name in targets:
        def fill(text: str) -> str:
            if i is None:
                return text.format(year=year, prev=year - 1)
            name = project_name or f"第 {i + 1} 个项目"
            return text.format(year=year, prev=year - 1, i=i, n=i + 1, project=name)
        annex, row = fill(entry["annex"]), fill(entry["row"])
        if "amounts" in entry:
            info_cols = set(entry.get("info_columns", ()))
            for field, label in data["columns"][entry["columns"]]:
                out.append(PrintedCell(annex, row, fill(label),
                                       tuple(f"{fill(p)}.{field}" for p in entry["amounts"]),
                                       INFO if field in info_cols else level, entry["fix"], i))
        else:
            out.append(PrintedCell(annex, row, fill(entry.get("col", "")),
                                   tuple(fill(p) for p in entry["paths"]), level, entry["fix"], i))
    return out


def printed_cells(report: Report) -> list[PrintedCell]:
    """Every value cell this rule watches in the report's annex tables, in print order (the
    附件4 entries of one project together, project after project). The list depends only on
    the year and the projects' names: it is made once for them."""
    return list(_cells_for(report.info.year, tuple(p.name.strip() for p in report.projects)))


@lru_cache(maxsize=64)
def _cells_for(year: int, names: tuple[str, ...]) -> tuple[PrintedCell, ...]:
    entries = cell_data()["cells"]
    once = [c for e in entries if "{n}" not in e["annex"] for c in _expand(e, year, names)]
    per_table = [c for e in entries if "{n}" in e["annex"] for c in _expand(e, year, names)]
    return tuple(once + sorted(per_table, key=lambda c: int(c.annex.rsplit("-", 1)[1])))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@lru_cache(maxsize=1 << 16)     # every field path of a report of 1 500 projects
def _parts(path: str) -> tuple:
    return tuple(doc_paths.parse(path))


def _value(report: Report, path: str) -> Any:
    obj: Any = report
    for part in _parts(path):
        if isinstance(part, int) or isinstance(obj, dict):
            obj = obj[part]
        else:
            obj = getattr(obj, part)
    return obj


def is_blank(report: Report, cell: PrintedCell) -> bool:
    """Whether the cell prints blank: every field behind it is empty."""
    return all(_blank(_value(report, p)) for p in cell.paths)


def blank_cells(report: Report) -> list[PrintedCell]:
    return [c for c in printed_cells(report) if is_blank(report, c)]


def _message(annex: str, row: str, cols: list[str], fix: str) -> str:
    cols = [c for c in cols if c]
    if not cols:
        where = f"{annex}‘{row}’"
    else:
        where = f"{annex}‘{row}’行" + ("的" if len(cols) > 1 else "") + "".join(f"‘{c}’" for c in cols)
    return f"{where}为空，打印时为空白；{_FIXES.get(fix, '请填写')}"


def _report(report: Report, cells, out: Sink) -> None:
    groups: dict[tuple[str, str, str], list[PrintedCell]] = {}
    for cell in cells:
        if is_blank(report, cell):
            groups.setdefault((cell.annex, cell.row, cell.severity), []).append(cell)
    for (annex, row, severity), found in groups.items():
        rule = "printed.blank" if severity == WARNING else "printed.blank_normal"
        out.add(rule, found[0].paths[0], _message(annex, row, [c.col for c in found], found[0].fix))


@lru_cache(maxsize=64)
def _split(year: int, names: tuple[str, ...]) -> tuple[tuple[PrintedCell, ...], tuple[tuple[PrintedCell, ...], ...]]:
    """The cells of the report as a whole, and those of each project."""
    cells = _cells_for(year, names)
    return (tuple(c for c in cells if c.project is None),
            tuple(tuple(c for c in cells if c.project == i) for i in range(len(names))))


def _names(report: Report) -> tuple[str, ...]:
    return tuple(p.name.strip() for p in report.projects)


def check_printed(report: Report, out: Sink, projects: bool = True) -> None:
    """The blank printed cells of the report-wide rows; with ``projects`` also every project's
    (in project order, as ``check_project_printed`` gives them one project at a time)."""
    whole, per_project = _split(report.info.year, _names(report))
    _report(report, whole, out)
    if projects:
        for cells in per_project:
            _report(report, cells, out)


def project_cells(report: Report) -> tuple[tuple[PrintedCell, ...], ...]:
    """Each project's printed cells (its 附件2 row and its 附件4), made once per pass."""
    return _split(report.info.year, _names(report))[1]


def check_project_printed(report: Report, cells: tuple[PrintedCell, ...], out: Sink) -> None:
    """The blank printed cells of one project, ``cells`` being its entry of ``project_cells``."""
    _report(report, cells, out)
