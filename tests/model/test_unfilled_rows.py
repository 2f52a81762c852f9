"""A placeholder row (neither 三级指标 name nor 年度指标值) is unfilled, not deviating: no flag, no
printed 0.00, but 审核 still asks for it (one rule in the model for the grid and the print)."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from export import tables
from model import profiles
from model.checks import run_checks
from model.report import Indicator, new_report
from model.scoring import score_report

PROFILES = [p.id for p in profiles.list_profiles()]
texts = st.sampled_from(["", "  ", "≥95%", "98%", "按时完成", "好"])


@settings(max_examples=60, deadline=None)
@given(pid=st.sampled_from(PROFILES), name=st.sampled_from(["", " ", "培训人次"]), target=texts,
       actual=texts, weight=st.sampled_from([None, D(0), D(5), D("6.67")]))
def test_unfilled_exactly_when_neither_name_nor_target(pid, name, target, actual, weight):
    r = new_report(2025, "某局", profile=pid, skeleton=False)
    r.dept.indicators = [Indicator(level1="产出指标", level2="数量指标", name=name, target=target,
                                   actual=actual, weight=weight)]
    res = score_report(r).department.rows[0]
    unfilled = not name.strip() and not target.strip()
    assert res.unfilled == unfilled
    if unfilled:
        assert not res.flagged and res.reasons == ()
    elif not actual.strip():
        assert res.flagged      # a named or targeted row without an actual value still deviates


@pytest.mark.parametrize("pid", PROFILES)
def test_new_report_skeleton_is_unfilled_not_flagged_and_still_warned(pid):
    r = new_report(2025, "某局", profile=pid)
    t = score_report(r).department
    assert t.rows and all(res.unfilled and not res.flagged for res in t.rows)
    findings = run_checks(r)
    codes = {f.rule for f in findings}
    assert {"indicator.missing_name", "indicator.missing_target"} <= codes
    assert not [f for f in findings if f.where.startswith("dept.indicators") and f.where.endswith(".note")]
    # the printed 得分 of a placeholder row is blank, the 总分 row still prints
    grid = tables.build_all(r)[1]
    names = {ind.level2 for ind in r.dept.indicators}
    total = [c for c in grid.cells if c.text == "总分"]
    assert total and [c.text for c in grid.cells if c.row == total[0].row and c.col == 7] == ["0.00"]
    rows_of = {c.row for c in grid.cells if c.col == 2 and c.text in names}
    assert rows_of and all(c.text == "" for c in grid.cells if c.col == 7 and c.row in rows_of)


def test_filling_the_name_turns_a_placeholder_into_a_flagged_row():
    r = new_report(2025, "某局")
    r.dept.indicators[0].name = "培训人次"
    rows = score_report(r).department.rows
    assert not rows[0].unfilled and rows[0].flagged and "未填写实际完成值" in rows[0].reasons
    assert all(res.unfilled for res in rows[1:])
