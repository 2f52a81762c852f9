"""The report's own score precision (SPEC §3.8 last bullet): saved, validated, applied everywhere."""
from __future__ import annotations

import json
import re
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import store
from model.checks import run_checks
from model.numbers import round_half_up
from model.paragraphs import self_score
from model.profiles import get_profile, profile_for
from model.report import DocumentError, from_dict, new_report, to_dict
from model.scoring import score_report
from model.summary import summarize
from tests.model.test_checks import passing_report


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def test_profile_for_applies_the_report_precision_and_keeps_the_rest():
    r = new_report(2024)
    base = get_profile(r.profile)
    assert profile_for(r) is base
    for places in (0, 1, 2):
        r.score_places = places
        p = profile_for(r)
        assert p.settings.score_places == places
        assert (p.id, p.blocks, p.execution_weight) == (base.id, base.blocks, base.execution_weight)
        assert (p.settings.over_threshold, p.settings.bands) == (base.settings.over_threshold, base.settings.bands)
        assert profile_for(r) is p               # one object per precision: score caches hit


@pytest.mark.parametrize("places", [None, 0, 1, 2])
def test_saved_and_loaded(tmp_path, places):
    r = passing_report()
    r.score_places = places
    path = tmp_path / "a.jxzp"
    store.save(r, path)
    assert json.loads(path.read_text(encoding="utf-8"))["report"]["score_places"] == places
    assert store.load(path).score_places == places


@pytest.mark.parametrize("bad", [3, -1, 4, "1", 1.0, True, [1]])
def test_invalid_precision_is_refused_in_chinese(bad):
    data = to_dict(new_report(2024))
    data["score_places"] = bad
    with pytest.raises(DocumentError) as e:
        from_dict(data)
    assert "得分小数位数" in str(e.value) or "score_places" in str(e.value)
    text = json.dumps({"format": "jxzp", "schema": store.SCHEMA_VERSION, "report": data}, ensure_ascii=False)
    with pytest.raises(store.StoreError):
        store.loads(text)


@settings(max_examples=25, deadline=None)
@given(st.sampled_from((0, 1, 2)), st.lists(st.integers(0, 400), min_size=3, max_size=3))
def test_every_score_json_text_and_finding_has_the_precision(places, actuals):
    r = passing_report()
    r.score_places = places
    rows = r.dept.indicators      # ≤11.60万元, ≥500人次 and ≥95% rows get off-target actual values
    rows[0].actual = f"{D(actuals[0]) / 20}万元"
    rows[1].actual = f"{actuals[1]}人次"
    rows[5].actual = f"{D(actuals[2]) / 4}%"
    s = summarize(r)
    tables = [s.department, *s.projects]
    for t in tables:
        for value in (t.total, t.indicator_score, t.execution.score, *(row.score for row in t.rows)):
            assert value == round_half_up(value, places)
    j = s.to_json()
    for table in (j["department"], *j["projects"]):
        for key in ("total", "execution_score", "indicator_score"):
            assert _decimals(table[key]) == places, (key, table[key])
    for line in s.to_text().splitlines():
        for m in re.finditer(r"(?:得分|总分) (\d+(?:\.\d+)?)", line):
            assert _decimals(m.group(1)) == places, line
    sentence = self_score(r)
    dept_total = score_report(r).department.total
    assert f"得分为{dept_total:f}分" in sentence and _decimals(f"{dept_total:f}") == places


def test_execution_findings_print_scores_at_the_precision():
    r = passing_report()
    r.score_places = 1
    r.budget.executed = D("200.00")       # 200 ÷ 253.79 = 78.81 % → a low-rate finding
    r.budget.basic.executed = D("195.44")
    r.budget.personnel.executed, r.budget.public.executed = D("183.84"), D("11.60")
    low = [f for f in run_checks(r) if f.rule == "execution.low"]
    assert low and "执行率得分 7.9 分（满分 10.0 分）" in low[0].message


def test_grade_follows_the_rounded_total():
    """The grade is read from the total at the report's precision."""
    r = passing_report()
    at2 = score_report(r).department
    r.score_places = 0
    at0 = score_report(r).department
    assert at0.total == round_half_up(at0.total, 0)
    assert at0.grade == ("优" if at0.total >= 90 else "良" if at0.total >= 80 else "中" if at0.total >= 60 else "差")
    assert abs(at0.total - at2.total) <= D(len(r.dept.indicators) + 1) / 2
