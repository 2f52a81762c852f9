"""附件2 prints the 年初 budget; a 全年预算数 of 0 prints “—”; a report's score precision on paper.

Generated reports (hypothesis) for the grids; a few written files (xlsx, PDF) for the surfaces.
"""
from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from decimal import Decimal as D

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from export import tables, xlsx
from model import store
from model.numbers import fmt_decimal, round_half_up
from model.profiles import profile_for
from model.report import CONTROL_ROWS, PROJECT_CATEGORIES, Amounts, Indicator, Project, from_dict, new_report
from model.scoring import execution_score, quantitative_score, round_score, score_report
from model.summary import summarize
from tests.model.test_initial_budget import ANNEX2_LINES, amounts, schema1_files

money = st.decimals(min_value=0, max_value=99999, places=2)


def _budget_column(g) -> dict[str, str]:
    """Label of each 附件2 经费 row → the text of its {年}年预算数 cell (column 3)."""
    head = next(c for c in g.cells if c.text == "经费控制情况（万元）").row
    end = next(c for c in g.cells if c.text.startswith("楼堂馆所控制情况")).row
    out = {}
    for r in range(head + 1, end):
        label = g.cell_at(r, 0)
        out[f"{r}:{label.text if label else ''}"] = g.cell_at(r, 3).text
    return out


def _m(v) -> str:
    return "" if v is None else fmt_decimal(v, 2)


@st.composite
def annex2_reports(draw):
    r = new_report(2024, "青溪县总工会")
    for line in ANNEX2_LINES:
        setattr(r.budget, line, draw(amounts()))
    for key, _ in CONTROL_ROWS:
        r.budget.controls[key] = draw(amounts())
    for i in range(draw(st.integers(0, 4))):
        r.projects.append(Project(name=f"项目{i + 1}", category=draw(st.sampled_from(PROJECT_CATEGORIES)),
                                  total=draw(amounts())))
    return r


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(annex2_reports())
def test_annex2_budget_column_is_the_initial_budget(r):
    g = tables.build_annex2(r)
    col = {k.split(":", 1)[1]: v for k, v in _budget_column(g).items()}
    b = r.budget
    assert col["一、部门基本支出"] == _m(b.basic.initial)
    assert col["其中：公用经费"] == _m(b.public.initial)
    assert col["二、部门项目支出"] == _m(b.project_spending.initial)
    for key, label in CONTROL_ROWS:
        assert col[label] == _m(b.controls[key].initial), label
    for n, cat in enumerate(PROJECT_CATEGORIES, 1):
        given_ = [p.total.initial for p in r.projects if p.category == cat and p.total.initial is not None]
        label = next(k for k in col if k.startswith(f"{n}、{cat}"))
        assert col[label] == (_m(sum(given_, D(0))) if given_ else "")
    for p in r.projects:
        assert col[f"\u3000\u3000{p.name}"] == _m(p.total.initial)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schema1_files())
def test_old_file_prints_the_same_annex2_after_migration(case):
    data, _shape = case
    raw = data["report"]
    # where 年初 was empty, the old 附件2 printed 全年 (budget) and so must the migrated file
    for line in ANNEX2_LINES:
        raw["budget"][line]["initial"] = None
    for c in raw["budget"]["controls"].values():
        c["initial"] = None
    for p in raw["projects"]:
        p["total"]["initial"] = None
    old = from_dict(copy.deepcopy(raw))           # the document as schema 1 read it
    new = store.loads(json.dumps(data, ensure_ascii=False))
    as_before = tables.ANNEX2_FIELDS
    try:
        tables.ANNEX2_FIELDS = ("prior", "budget", "executed")    # how schema 1 printed 附件2
        before = [(c.row, c.col, c.text) for c in tables.build_annex2(old).cells]
    finally:
        tables.ANNEX2_FIELDS = as_before
    after = [(c.row, c.col, c.text) for c in tables.build_annex2(new).cells]
    assert after == before


# --------------------------------------------------------------------------- 全年预算数 0 on paper

def _zero_budget_report(initial: D, executed):
    from tests.export.conftest import make_report
    r = make_report()
    p = r.projects[0]
    p.total = Amounts(prior=D("15"), initial=initial, budget=D(0), executed=executed)
    p.fiscal = Amounts(initial=initial, budget=D(0), executed=executed)
    return r


def _execution_row(g):
    row = next(c for c in g.cells if c.text == "年度资金总额").row
    return [g.cell_at(row, c) for c in range(3, 9)]


@settings(max_examples=30, deadline=None)
@given(st.decimals(min_value=D("0.01"), max_value=9999, places=2), st.none() | money)
def test_zero_full_year_budget_prints_a_dash_in_annex4(initial, executed):
    r = _zero_budget_report(initial, executed)
    cells = _execution_row(tables.build_annex4(r, 0))
    assert [c.text for c in cells[:2]] == [_m(initial), "0.00"]
    assert cells[4].text == "—" and cells[4].value is None      # 执行率
    assert cells[5].text == "0.00"                              # 得分


@pytest.mark.parametrize("initial,executed", [(D("3.00"), D("2.80")), (D("120.5"), None)])
def test_zero_full_year_budget_in_xlsx(tmp_path, initial, executed):
    r = _zero_budget_report(initial, executed)
    path = tmp_path / "附表.xlsx"
    names = xlsx.write_xlsx(r, path)
    ws = openpyxl.load_workbook(path)[names[2]]
    row = next(c.row for col in ws.iter_cols() for c in col if c.value == "年度资金总额")
    values = [ws.cell(row, c).value for c in range(1, ws.max_column + 1)]
    assert "—" in values and values[values.index("—") + 1] == 0
    assert not any(isinstance(v, str) and "0.00%" in v for v in values)


needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")


def _pdf_text(path, layout: bool = False) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"],
                         capture_output=True, check=True).stdout.decode("utf-8")
    return out if layout else re.sub(r"\s+", "", out)


@pytest.fixture(scope="module")
def fonts():
    from export.fonts import find_fonts
    return find_fonts()


@needs_poppler
def test_zero_full_year_budget_in_pdf(tmp_path, fonts):
    from export.pdf import write_pdf
    r = _zero_budget_report(D("3.00"), D("2.80"))
    path = tmp_path / "报告.pdf"
    write_pdf(r, path, fonts=fonts)
    rows = [line.split() for line in _pdf_text(path, layout=True).splitlines() if "年度资金总额" in line]
    # 年初 3.00 | 全年 0.00 | 执行 2.80 | 分值 10 | 执行率 — | 得分 0.00
    assert ["年度资金总额", "3.00", "0.00", "2.80", "10", "—", "0.00"] in rows
    assert not any("0.00%" in row for row in rows)


# --------------------------------------------------------------------------- score precision

@st.composite
def scored_reports(draw):
    places = draw(st.sampled_from((0, 1, 2)))
    r = new_report(2024, "青溪县总工会")
    r.score_places = places
    budget = draw(st.decimals(min_value=1, max_value=999, places=2))
    r.budget.full_year = budget
    r.budget.executed = draw(st.decimals(min_value=0, max_value=budget, places=2))
    rows = []
    for i in range(draw(st.integers(1, 6))):
        a = draw(st.integers(1, 500))
        b = draw(st.integers(0, 600))
        w = draw(st.sampled_from((D(5), D(10), D("7.5"), D(15))))
        rows.append((a, b, w))
        r.dept.indicators.append(Indicator(level1="产出指标", level2="数量指标", name=f"指标{i + 1}",
                                           target=f"≥{a}人", actual=f"{b}人", weight=w))
    return r, places, rows


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scored_reports())
def test_printed_scores_have_the_report_precision_rounded_half_up(case):
    r, places, rows = case
    g = tables.build_annex3(r)
    exe = execution_score(D(10), r.budget.full_year, r.budget.executed, places)
    assert exe == round_score(D(10) * min(round_half_up(r.budget.executed / r.budget.full_year, 4), D(1)),
                              D(10), places)
    expected = [round_score(quantitative_score("≥", D(a), D(b), w)[0], w, places) for a, b, w in rows]
    printed = [g.cell_at(next(c for c in g.cells if c.text == f"指标{i + 1}").row, 7).text
               for i in range(len(rows))]
    assert printed == [fmt_decimal(e, places) for e in expected]
    assert all(_decimals(t) == places for t in printed)
    total_row = next(c for c in g.cells if c.text == "总分").row
    total = round_half_up(exe + sum(expected, D(0)), places)
    assert g.cell_at(total_row, 7).text == fmt_decimal(total, places)
    assert g.cell_at(total_row, 7).value == total
    assert _execution_row(g)[5].text == fmt_decimal(exe, places)
    assert score_report(r).department.total == total


def _precision_one_report():
    from tests.export.conftest import make_report
    r = make_report()
    r.score_places = 1
    return r


def test_precision_one_surfaces_agree(tmp_path, fonts):
    r = _precision_one_report()
    scores = score_report(r)
    dept, first = scores.department, scores.projects[0]
    assert profile_for(r).settings.score_places == 1
    # CLI check --json
    j = summarize(r).to_json()
    assert j["department"]["total"] == fmt_decimal(dept.total, 1)
    assert j["department"]["execution_score"] == fmt_decimal(dept.execution.score, 1)
    assert j["projects"][0]["total"] == fmt_decimal(first.total, 1)
    # xlsx cells: values and one-decimal formats
    path = tmp_path / "附表.xlsx"
    names = xlsx.write_xlsx(r, path)
    book = openpyxl.load_workbook(path)
    for name, t in ((names[1], dept), (names[2], first)):
        ws = book[name]
        row = next(c.row for col in ws.iter_cols() for c in col if c.value == "总分")
        cell = next(c for c in ws[row] if isinstance(c.value, (int, float)) and c.number_format == "0.0")
        assert D(str(cell.value)) == t.total
    # PDF text
    if shutil.which("pdftotext"):
        from export.pdf import write_pdf
        pdf = tmp_path / "报告.pdf"
        write_pdf(r, pdf, fonts=fonts)
        lines = [line.split() for line in _pdf_text(pdf, layout=True).splitlines() if "总分" in line]
        for t in (dept, *scores.projects):
            assert ["总分", "100", fmt_decimal(t.total, 1), f"自评等级：{t.grade}"] in lines
