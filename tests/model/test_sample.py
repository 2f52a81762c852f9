"""The sample report is internally consistent, independently of the 审核 rules."""
import re
from decimal import Decimal as D

import pytest

from model.checks import ERROR
from model.numbers import fmt_decimal
from model.profiles import get_profile
from model.report import PROJECT_CATEGORIES
from model.scoring import score_report
from model.summary import summarize
from resources.samples.build_sample import build_sample


@pytest.fixture(scope="module")
def r():
    return build_sample()


def _sum(values):
    return sum((v or D(0) for v in values), D(0))


def test_deterministic(r):
    assert build_sample() == r


def test_budget_balances(r):
    b = r.budget
    for field in ("budget", "executed"):
        assert _sum(getattr(i, field) for i in b.personnel_items) == getattr(b.personnel, field)
        assert _sum(getattr(i, field) for i in b.public_items) == getattr(b.public, field)
    for field in ("prior", "initial", "budget", "executed"):
        assert getattr(b.personnel, field) + getattr(b.public, field) == getattr(b.basic, field)
        assert _sum(getattr(p.total, field) for p in r.projects) == getattr(b.project_spending, field)
        assert _sum(getattr(a, field) for a in b.sources.values()) == \
            getattr(b.basic, field) + getattr(b.project_spending, field)
        c = b.controls
        assert getattr(c["cars"], field) == getattr(c["car_purchase"], field) + getattr(c["car_operation"], field)
        assert getattr(c["three_public"], field) == \
            getattr(c["cars"], field) + getattr(c["overseas"], field) + getattr(c["reception"], field)
    assert b.derived_full_year() == b.basic.budget + b.project_spending.budget == D("427.71")
    assert b.executed == b.basic.executed + b.project_spending.executed == D("422.28")
    assert b.prior_executed == b.basic.prior + b.project_spending.prior
    for p in r.projects:
        assert p.category in PROJECT_CATEGORIES
        for field in ("prior", "initial", "budget", "executed"):
            assert getattr(p.total, field) == \
                getattr(p.fiscal, field) + getattr(p.carried, field) + getattr(p.other, field), p.name
        assert p.total.executed <= p.total.budget


def test_indicator_tables_weigh_100_under_hunan(r):
    profile = get_profile("hunan")
    assert r.profile == "hunan"
    scores = score_report(r)
    assert scores.profile.id == profile.id
    tables = [scores.department, *scores.projects]
    rows = [r.dept.indicators] + [p.indicators for p in r.projects]
    for t, inds in zip(tables, rows):
        assert t.weight_total == 100
        for block in t.blocks:
            assert block.row_weight == block.weight
            assert 2 <= len(block.rows) <= 4
        names = [i.name for i in inds]
        assert len(names) == len(set(names))
        assert all(not row.problems for row in t.rows)
        for ind, row in zip(inds, t.rows):
            assert not row.flagged or ind.note, ind.name
    assert [t.total for t in tables] == [D("99.68"), D("99.84"), D("98.47"), D("99.60")]


def test_section_nine_quotes_the_computed_score(r):
    t = score_report(r).department
    assert f"自评得分{fmt_decimal(t.total, 2)}分" in r.sections[8]
    assert f"自评等级为“{t.grade}”" in r.sections[8]


def test_text_money_figures_come_from_the_data(r):
    b = r.budget
    figures = {b.initial, b.additions, b.reductions, b.carryover, b.full_year_budget(), b.executed}
    for a in (b.basic, b.personnel, b.public, b.project_spending, *b.sources.values(), *b.controls.values()):
        figures |= {a.prior, a.budget, a.executed}
    for p in r.projects:
        for a in (p.total, p.fiscal, p.carried, p.other):
            figures |= {a.prior, a.budget, a.executed}
    figures.discard(None)
    for text in r.sections + [b.savings_measures]:
        for number in re.findall(r"(\d+(?:\.\d+)?)万元", text):
            assert D(number) in figures, number


def test_required_texts_present(r):
    for i in (0, 1, 5, 6, 7, 8):
        assert len(r.sections[i]) > 100
    for i in (2, 3, 4, 9):
        assert r.sections[i].startswith(("无", "本单位本年度无"))
    assert r.info.preparer and r.info.phone and r.info.fill_date
    assert r.staff.actual_staff <= r.staff.total_posts


def test_no_error_level_finding(r):
    s = summarize(r)
    assert not [f for f in s.findings if f.severity == ERROR]


def test_sample_links_its_control_rates_and_they_agree(r):
    from model import links
    from model.checks import run_checks
    linked = {i.name: i.link for i in r.dept.indicators if i.link}
    assert linked == {"公用经费控制率": "public_funds_control", "“三公”经费控制率": "three_public_control"}
    for ind in r.dept.indicators:
        if ind.link:
            assert links.effective_actual(r, ind) == ind.actual     # the stored value is the computed one
    assert run_checks(r) == []
