"""Blank printed cells (``model.rules.printed``): the cells listed in resources/printed_cells.json
are the value cells the annex grids of ``export/tables.py`` print (``Cell.source``), every blank
one is a finding naming the printed cell, and filling a field removes its finding."""
from __future__ import annotations

import re
from decimal import Decimal as D

from hypothesis import given, settings, strategies as st

from export.tables import build_all
from model import paths
from model.checks import RULES, run_checks
from model.report import PROJECT_CATEGORIES, Project, new_report
from model.rules.printed import blank_cells, cell_data, is_blank, printed_cells
from model.severity import INFO, WARNING

PROJECTS = st.lists(st.tuples(st.sampled_from(PROJECT_CATEGORIES), st.sampled_from(["", "项目甲", "夏送清凉"])),
                    max_size=3)


def report_with(projects, year: int = 2024):
    r = new_report(year, "某县测试局")
    for category, name in projects:
        r.projects.append(Project(name=name, category=category))
    return r


def _plain(text: str) -> str:
    return re.sub(r"[\s\u3000]", "", text)


def grid_sources(report):
    """{(annex, source): (grid, cell)} of every tagged value cell of the report's annex grids."""
    out = {}
    for grid in build_all(report):
        for cell in grid.cells:
            if cell.source:
                assert (grid.annex_label, cell.source) not in out
                out[grid.annex_label, cell.source] = (grid, cell)
    return out


def covered(report) -> dict[tuple[str, str], str]:
    out = {}
    for e in cell_data()["covered"]:
        for i in range(len(report.projects)) if "{i}" in e["path"] else [None]:
            n = None if i is None else i + 1
            out[e["annex"].format(n=n), e["path"].format(i=i)] = e["by"]
    return out


@settings(max_examples=15, deadline=None)
@given(PROJECTS, st.integers(2000, 2100))
def test_the_list_is_the_grids_value_cells(projects, year):
    r = report_with(projects, year)
    tagged = grid_sources(r)
    listed = {(c.annex, "|".join(c.paths)): c for c in printed_cells(r)}
    cover = covered(r)
    # every tagged cell is listed or reported by another rule; every listed cell is printed
    assert set(tagged) == set(listed) | set(cover)
    assert not set(listed) & set(cover)
    for key, c in listed.items():
        grid, cell = tagged[key]
        assert c.annex == grid.annex_label
        row_texts = {_plain(x.text) for x in grid.cells if x.row <= cell.row < x.row + x.rowspan}
        col_texts = {_plain(x.text) for x in grid.cells if x.col <= cell.col < x.col + x.colspan}
        unnamed = re.fullmatch(r"第 \d+ 个项目", c.row)       # a project without a name prints none
        assert unnamed or any(t.startswith(_plain(c.row)) for t in row_texts), (c, row_texts)
        assert not c.col or _plain(c.col) in col_texts, (c, col_texts)
        # a cell prints blank exactly when the rule says so (a new report: all of them)
        assert (cell.text.strip() == "") == is_blank(r, c)
    # the covered cells' blanks are reported by their own rules
    found = {f.rule for f in run_checks(r)}
    for key, rule in cover.items():
        assert rule in RULES
        if not tagged[key][1].text.strip():
            assert rule in found, key


def test_a_new_report_lists_every_blank_printed_cell():
    r = report_with([("业务经费", "项目甲")])
    blank = blank_cells(r)
    assert blank == printed_cells(r)                       # nothing is filled in yet
    findings = [f for f in run_checks(r) if f.rule.startswith("printed.")]
    for c in blank:
        [f] = [f for f in findings if f.message.startswith(f"{c.annex}‘{c.row}’")
               and (f.severity == c.severity)]
        assert not c.col or f"‘{c.col}’" in f.message
        assert "打印时为空白" in f.message
        assert ("没有的请填 0" if c.fix == "0" else "没有的请填“无”" if c.fix == "无" else "请填写") in f.message
        assert f.where in {cc.paths[0] for cc in blank if (cc.annex, cc.row) == (c.annex, c.row)}
    msgs = " ".join(f.message for f in findings)
    for word in ("编制数", "实际在职人数", "“三公”经费", "一般公共预算", "2023年决算数", "厉行节约保障措施"):
        assert word in msgs
    assert {f.severity for f in findings} == {WARNING, INFO}
    assert next(f for f in findings if "编制数" in f.message).where == "staff.admin_posts"


def test_the_sample_prints_no_blank_cell():
    from resources.samples.build_sample import build_sample
    r = build_sample()
    assert blank_cells(r) == []
    assert not [f for f in run_checks(r) if f.rule.startswith("printed.")]


def _fill(r, path: str):
    old = paths.get(r, path)
    if isinstance(old, str):
        return "无"
    return 0 if path.startswith("staff.") else D(0)


def test_filling_each_field_removes_its_finding():
    r = report_with([("业务经费", "项目甲"), ("专项资金", "")])
    cells = printed_cells(r)
    for c in cells:
        for path in c.paths:
            r2 = report_with([("业务经费", "项目甲"), ("专项资金", "")])
            paths.set(r2, path, _fill(r2, path))
            # that cell (and any other printing the same field) no longer prints blank
            assert blank_cells(r2) == [x for x in cells if path not in x.paths], path
            same_row = [f for f in run_checks(r2) if f.rule.startswith("printed.")
                        and f.message.startswith(f"{c.annex}‘{c.row}’")]
            if c.col:
                assert all(f"‘{c.col}’" not in f.message for f in same_row), path
            else:
                assert not same_row, path
