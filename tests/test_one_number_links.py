"""One number, one source for linked indicators: the computed 实际完成值 and the score it gives
are the same in the grid, ``check --json``, the xlsx cells and the PDF text.

The reports are those of ``tests/test_one_number.py`` with linked rows added to the department
table (a stale typed value underneath, which no surface may show) and drawn budget figures.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from model import links
from model.paragraphs import self_score
from model.report import Indicator, Report
from model.scoring import ReportScores, score_report
from tests.test_one_number import (NINE, _examples, _row_order, _squash, check_grid, check_json_and_findings,
                                   check_pdf, check_xlsx, reports)

_IDS = ("public_funds_control", "three_public_control", "staff_control", "budget_adjustment", "execution")
_MONEY = st.sampled_from([D(0), D("1.2"), D("1.15"), D("11.6"), D("10"), D("29.8"), D("250")])


@st.composite
def linked_reports(draw) -> Report:
    r = draw(reports())
    b = r.budget
    b.public.initial, b.public.executed = draw(_MONEY), draw(_MONEY)
    t = b.controls["three_public"]
    t.initial, t.executed = draw(_MONEY), draw(_MONEY)
    r.staff.institution_posts, r.staff.actual_staff = draw(st.integers(0, 9)), draw(st.integers(0, 9))
    for link_id in draw(st.lists(st.sampled_from(_IDS), min_size=1, max_size=3, unique=True)):
        r.dept.indicators.insert(draw(st.integers(0, len(r.dept.indicators))), Indicator(
            "成本指标", "经济成本指标", links.spec(link_id).name, draw(st.sampled_from(("≤", "≥", ""))),
            draw(st.sampled_from(("≤100%", "≥95%", "≤10%", "100%"))),
            draw(st.sampled_from(("", "1.00%", "100%", "未完成"))),       # stale: never shown
            draw(st.sampled_from((D(5), D("2.5"), D(10)))), link=link_id))
    r.sections[NINE] = self_score(r) or ""
    return r


def _computed(r: Report) -> list[tuple[int, str]]:
    """(row, computed 实际完成值) of every linked department row."""
    return [(i, links.value(r, ind.link).text) for i, ind in enumerate(r.dept.indicators) if ind.link]


def check_linked_grid(r: Report, s: ReportScores) -> None:
    from PySide6.QtCore import Qt

    from gui.document import Document
    from gui.tables.indicators import COL_ACTUAL, COL_SCORE, IndicatorTableModel

    doc = Document(r)
    check_grid(doc, r, s)
    m = IndicatorTableModel(doc, "dept.indicators")
    for i, text in _computed(r):
        assert m.data(m.index(i, COL_ACTUAL), Qt.ItemDataRole.DisplayRole) == (text or "—")
        assert s.department.rows[i].actual.text == text
        assert m.data(m.index(i, COL_SCORE)) == f"{s.department.rows[i].score:.{s.places}f}"


def check_linked_xlsx(r: Report, s: ReportScores, path: Path) -> None:
    from openpyxl import load_workbook

    check_xlsx(r, s, path)
    rows = [[c.value for c in row] for row in load_workbook(path).worksheets[1].iter_rows()]
    head = next(k for k, row in enumerate(rows) if row[7] == "得分" and row[1] == "一级指标")
    end = next(k for k, row in enumerate(rows) if row[0] == "总分")
    printed = [row[5] or "" for row in rows[head + 1:end] if row[7] not in (None, "")]
    order = _row_order(s.department)
    for i, text in _computed(r):
        assert printed[order.index(i)] == text


@_examples(10)
@given(r=linked_reports())
def test_grid_and_check_json_show_the_computed_value_and_its_score(qapp, r):
    s = score_report(r)
    check_linked_grid(r, s)
    with tempfile.TemporaryDirectory() as tmp:
        check_json_and_findings(r, s, Path(tmp))


@_examples(2)
@given(r=linked_reports())
def test_xlsx_prints_the_computed_value_and_its_score(r):
    s = score_report(r)
    with tempfile.TemporaryDirectory() as tmp:
        check_linked_xlsx(r, s, Path(tmp) / "r.xlsx")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext is not installed")
@_examples(1)
@given(r=linked_reports())
def test_pdf_prints_the_computed_value_and_its_score(r):
    assume(any(text for _i, text in _computed(r)))
    s = score_report(r)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.pdf"
        check_pdf(r, s, path)
        text = _squash(subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                                      text=True, encoding="utf-8").stdout)
    for _i, computed in _computed(r):
        assert not computed or re.search(rf"(?<![\d.]){re.escape(computed)}", text), computed
