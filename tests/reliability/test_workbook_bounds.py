"""The whole-workbook bounds of ``importers.safety`` (cells, characters and grid cells of one
file, its uncompressed size and parts) accept what our own exporter writes for a department of
1 500 projects, with room to spare, and still refuse a workbook over them before openpyxl reads it.

What the exporter writes grows linearly with the projects (one 附件4 sheet each), so it is
measured on 2 and 4 projects and carried to 1 500; writing and importing the 1 500-project
workbook itself takes half a minute (``bench/scaling.py`` does it).
"""
from __future__ import annotations

import zipfile

import pytest

import importers
import importers.xlsx as xlsx_reader
from bench.generate import make_report
from export.xlsx import write_xlsx
from fuzz_support import bounded, is_chinese
from importers import safety
from office_attacks import sheet_xml, write_xlsx as write_crafted

#: the exporter's workbook for this many projects must be accepted …
PROJECTS = 1500
#: … with this margin under every bound (projects with more indicators, longer texts)
MARGIN = 1.5


def _what_the_import_holds(path, monkeypatch) -> dict:
    budgets = []

    class Recording(safety.GridBudget):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            budgets.append(self)

    monkeypatch.setattr(xlsx_reader, "GridBudget", Recording)
    stats = safety.check_package(str(path), safety.XLSX)
    xlsx_reader.load_grids(str(path))
    with zipfile.ZipFile(path) as zf:
        xml = sum(i.file_size for i in zf.infolist())
    return {"cells": stats.sheet_cells, "parts": stats.parts, "bytes": xml,
            "chars": budgets[0].chars, "area": budgets[0].cells}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bounds")
    paths = {}
    for n in (2, 4):
        paths[n] = folder / f"{n}.xlsx"
        write_xlsx(make_report(n, 25, 25, 3000), paths[n])
    return paths


def test_our_own_workbook_of_1500_projects_is_within_every_bound(exported, monkeypatch):
    small, large = (_what_the_import_holds(exported[n], monkeypatch) for n in (2, 4))
    at = {k: small[k] + (large[k] - small[k]) / 2 * (PROJECTS - 2) for k in small}
    assert large["cells"] > small["cells"] and large["chars"] > small["chars"]
    assert at["cells"] * MARGIN <= safety.MAX_BOOK_CELLS, at
    assert at["chars"] * MARGIN <= safety.MAX_GRID_CHARS, at
    assert at["area"] * MARGIN <= safety.MAX_GRID_AREA, at
    assert at["bytes"] * MARGIN <= safety.MAX_XLSX_TOTAL, at
    assert at["parts"] < safety.MAX_PARTS, at
    # (the old bound, 150 000 cells, refused a department's own workbook of 500 projects)
    assert small["cells"] + (large["cells"] - small["cells"]) / 2 * 498 > 150_000


def test_the_book_cell_limit_follows_the_measured_memory_per_cell():
    assert safety.MAX_BOOK_CELLS * safety.IMPORT_BYTES_PER_CELL <= safety.MAX_IMPORT_MEMORY
    assert safety.MAX_IMPORT_MEMORY <= 512 * 2 ** 20


def test_a_workbook_over_the_book_cell_limit_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    """Every sheet under its own limits, together over the file's: refused by the package scan
    (openpyxl never opens it), with little memory."""
    per_sheet = 10 * 9_000
    sheets = safety.MAX_BOOK_CELLS // per_sheet + 1
    sheet = sheet_xml({(r, c): r * 10 + c for r in range(1, 9_001) for c in range(1, 11)})
    path = write_crafted(tmp_path / "满表.xlsx", [sheet] * sheets)

    def no_parser(*_a, **_k):
        raise AssertionError("openpyxl was asked to read a workbook over the limit")

    import openpyxl
    monkeypatch.setattr(openpyxl, "load_workbook", no_parser)
    with bounded(path.name, peak=60 * 2 ** 20, seconds=30):
        with pytest.raises(importers.ImportError_) as e:
            importers.import_paths([str(path)], year=2024)
    msg = str(e.value)
    assert is_chinese(msg) and f"单元格总数超过 {safety.MAX_BOOK_CELLS} 个" in msg, msg


def test_the_same_workbook_one_sheet_less_passes_the_package_scan(tmp_path):
    per_sheet = 10 * 9_000
    sheets = safety.MAX_BOOK_CELLS // per_sheet
    sheet = sheet_xml({(r, c): r * 10 + c for r in range(1, 9_001) for c in range(1, 11)})
    path = write_crafted(tmp_path / "将满.xlsx", [sheet] * sheets)
    stats = safety.check_package(str(path), safety.XLSX)
    assert stats.sheet_cells == per_sheet * sheets <= safety.MAX_BOOK_CELLS
