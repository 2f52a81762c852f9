"""Our own printed forms read back: export the sample to .xlsx/.docx, import, compare.

The annex tables carry 上年决算数/本年预算数/本年决算数 (附件2), 年初/全年/执行数 (附件3/4),
goals, indicator rows and the footer; the Word body carries the ten sections.
Everything they carry must come back exactly.
"""
from __future__ import annotations

import pytest

import importers
from model.dates import parse_day
from model.report import CONTROL_ROWS, SOURCES
from model.scoring import score_report

export = pytest.importorskip("export")
build_sample = pytest.importorskip("resources.samples.build_sample").build_sample


@pytest.fixture(scope="module")
def roundtrip(tmp_path_factory):
    d = tmp_path_factory.mktemp("roundtrip")
    original = build_sample()
    xlsx, docx = d / "附件表.xlsx", d / "报告.docx"
    list(export.export_all(original, xlsx=str(xlsx), docx=str(docx)))
    return original, importers.import_paths([str(xlsx), str(docx)])


def _amounts(a, fields=("prior", "initial", "budget", "executed")):
    return tuple(getattr(a, f) for f in fields)


def test_info_and_sections(roundtrip):
    original, res = roundtrip
    r = res.report
    assert (r.info.year, r.info.unit_name) == (original.info.year, original.info.unit_name)
    assert (r.info.preparer, r.info.phone) == (original.info.preparer, original.info.phone)
    # the date prints as 2025年3月18日 whatever way it was typed: the same day comes back
    assert parse_day(r.info.fill_date) == parse_day(original.info.fill_date) is not None
    assert r.sections == original.sections
    assert r.staff.total_posts == original.staff.total_posts
    assert r.staff.actual_staff == original.staff.actual_staff


def test_budget_figures(roundtrip):
    original, res = roundtrip
    a, b = original.budget, res.report.budget
    assert b.initial == a.initial
    assert b.full_year_budget() == a.full_year_budget()
    assert b.executed == a.executed
    for key in ("general", "gov_fund", "special_account", "other"):
        assert _amounts(b.sources[key], ("initial", "budget", "executed")) == \
            _amounts(a.sources[key], ("initial", "budget", "executed")), key
    for part in ("basic", "project_spending"):     # 附件2 (上年, 年初, 执行) and 附件3 (年初, 全年, 执行)
        assert _amounts(getattr(b, part), ("prior", "initial", "budget", "executed")) == \
            _amounts(getattr(a, part), ("prior", "initial", "budget", "executed")), part
    # 附件2 prints the 年初 budget in its {年}年预算数 column (SPEC §5.1)
    assert _amounts(b.public, ("prior", "initial", "executed")) == _amounts(a.public, ("prior", "initial", "executed"))
    for key, label in CONTROL_ROWS:
        assert _amounts(b.controls[key], ("prior", "initial", "executed")) == \
            _amounts(a.controls[key], ("prior", "initial", "executed")), label
    assert b.savings_measures == a.savings_measures
    assert {k for k, _ in SOURCES} == set(b.sources)


def test_projects_and_indicators(roundtrip):
    original, res = roundtrip
    r = res.report
    assert original.dept.execution_note and r.dept.execution_note == original.dept.execution_note
    assert [p.name for p in r.projects] == [p.name for p in original.projects]
    for p, q in zip(original.projects, r.projects):
        assert q.category == p.category
        assert (q.competent_dept, q.implementer, q.goal, q.achievement, q.execution_note) == \
            (p.competent_dept, p.implementer, p.goal, p.achievement, p.execution_note)
        for part in ("total", "fiscal", "carried", "other"):
            assert _amounts(getattr(q, part), ("initial", "budget", "executed")) == \
                _amounts(getattr(p, part), ("initial", "budget", "executed")), (p.name, part)
        assert q.total.prior == p.total.prior
    tables = [(original.dept.indicators, r.dept.indicators)] + \
        [(p.indicators, q.indicators) for p, q in zip(original.projects, r.projects)]
    for old, new in tables:
        assert [(i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.note) for i in new] == \
            [(i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.note) for i in old]


def test_scores_come_back_without_manual_overrides(roundtrip):
    original, res = roundtrip
    before, after = score_report(original), score_report(res.report)
    assert after.department.total == before.department.total
    assert [t.total for t in after.projects] == [t.total for t in before.projects]
    manual_before = sum(i.manual_score is not None for i in original.dept.indicators)
    manual_after = sum(i.manual_score is not None for i in res.report.dept.indicators)
    assert manual_after == manual_before
    assert not any("总分" in line for line in res.review)
