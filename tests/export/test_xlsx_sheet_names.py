"""Sheets are made without openpyxl's duplicate-name scan: the names are the ones
``clean_sheet_name`` gave, unique as Excel compares them, and a saved workbook has them."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from bench.generate import make_report
from export import tables, xlsx

names = st.lists(st.sampled_from(("同名", "同名", "Sheet", "sheet", "History", "附件2 基础数据表", "a" * 40,
                                  "x'", "[项目]", "项目(2)")), min_size=1, max_size=8)


@settings(max_examples=25, deadline=None)
@given(names)
def test_workbook_sheets_have_the_clean_names(project_names):
    report = make_report(len(project_names), 4, 4, 10)
    for p, name in zip(report.projects, project_names):
        p.name = name
    grids = tables.build_all(report)
    wb = xlsx.build_workbook(grids)
    assert wb.sheetnames == [g.sheet_name for g in grids]
    assert len({n.lower() for n in wb.sheetnames}) == len(grids)
    assert all(ws.parent is wb for ws in wb.worksheets)
    xlsx._discard(wb)


def test_saved_workbook_reads_back_with_those_names(tmp_path):
    report = make_report(5, 4, 4, 10)
    for p in report.projects:
        p.name = "同名项目"
    path = tmp_path / "out.xlsx"
    written = xlsx.write_xlsx(report, path)
    assert load_workbook(path, read_only=True).sheetnames == written
    assert len(set(written)) == 7
