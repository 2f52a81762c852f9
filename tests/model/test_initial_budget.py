"""年初 (``Amounts.initial``) and 全年 (``Amounts.budget``) kept apart, and the schema-1 migration.

附件2's {年}年预算数 column is the 年初 budget (SPEC §5.1); a schema-1 file kept that figure in
``budget``. A 全年预算数 of 0 makes the 执行率 “—”, whatever the 年初 budget.
"""
from __future__ import annotations

import copy
import json
from decimal import Decimal as D

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import main
from model import ratios, store
from model.checks import ERROR, run_checks
from model.report import CONTROL_ROWS, Amounts, Project, new_report, to_dict
from model.scoring import score_report
from model.summary import summarize

from tests.model.test_checks import passing_report

ANNEX2_LINES = ("basic", "personnel", "public", "project_spending")
CONTROL_KEYS = [k for k, _ in CONTROL_ROWS]

money = st.decimals(min_value=0, max_value=99999, places=2, allow_nan=False, allow_infinity=False)
maybe_money = st.none() | money


@st.composite
def amounts(draw) -> Amounts:
    return Amounts(draw(maybe_money), draw(maybe_money), draw(maybe_money), draw(maybe_money))


@st.composite
def schema1_files(draw) -> tuple[dict, str]:
    """A schema-1 file dict of one shape: controls only, projects only, or both."""
    shape = draw(st.sampled_from(("controls", "projects", "both")))
    r = new_report(2024, "青溪县总工会")
    if shape in ("controls", "both"):
        for key in draw(st.lists(st.sampled_from(CONTROL_KEYS), min_size=1, unique=True)):
            r.budget.controls[key] = draw(amounts())
        for line in draw(st.lists(st.sampled_from(ANNEX2_LINES), unique=True)):
            setattr(r.budget, line, draw(amounts()))
    if shape in ("projects", "both"):
        for i in range(draw(st.integers(1, 4))):
            r.projects.append(Project(name=f"项目{i + 1}", total=draw(amounts()), fiscal=draw(amounts())))
    data = {"format": "jxzp", "schema": 1, "saved_at": "2025-03-01T10:00:00", "report": to_dict(r)}
    del data["report"]["score_places"]          # schema 1 had no such field
    return data, shape


def _load(data: dict):
    return store.loads(json.dumps(data, ensure_ascii=False))


def _amounts_of(raw: dict) -> Amounts:
    return Amounts(*(None if raw.get(f) is None else D(raw[f]) for f in ("prior", "initial", "budget", "executed")))


# --------------------------------------------------------------------------- migration

def test_schema_version_is_three_with_migrations_from_one_and_two():
    assert store.SCHEMA_VERSION == 3
    assert 1 in store.MIGRATIONS and 2 in store.MIGRATIONS
    assert json.loads(store.dumps(new_report(2024)))["schema"] == 3


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schema1_files())
def test_migration_fills_initial_from_the_old_annex2_figure(case):
    data, _shape = case
    old = copy.deepcopy(data["report"])
    r = _load(data)
    for line in ANNEX2_LINES:       # copied: budget stays 全年预算数 for 附件3
        before, after = _amounts_of(old["budget"][line]), getattr(r.budget, line)
        assert after.initial == (before.initial if before.initial is not None else before.budget)
        assert (after.prior, after.budget, after.executed) == (before.prior, before.budget, before.executed)
    for key in CONTROL_KEYS:        # moved: a control row has only the 附件2 budget
        before, after = _amounts_of(old["budget"]["controls"][key]), r.budget.controls[key]
        if before.initial is None:
            assert (after.initial, after.budget) == (before.budget, None)
        else:
            assert after == before
        assert (after.prior, after.executed) == (before.prior, before.executed)
    for raw, p in zip(old["projects"], r.projects):
        before = _amounts_of(raw["total"])
        assert p.total.initial == (before.initial if before.initial is not None else before.budget)
        assert p.total.budget == before.budget
        assert p.fiscal == _amounts_of(raw["fiscal"])       # not printed in 附件2: untouched
    for key, a in r.budget.sources.items():
        assert a == _amounts_of(old["budget"]["sources"][key])
    assert r.score_places is None


@settings(max_examples=25, deadline=None)
@given(schema1_files())
def test_migrated_file_saves_as_current_schema_and_reloads_equal(case):
    data, _shape = case
    r = _load(data)
    text = store.dumps(r)
    assert json.loads(text)["schema"] == store.SCHEMA_VERSION
    assert store.loads(text) == r          # no second migration on a current file


def test_migration_of_damaged_shapes_does_not_crash():
    for budget in ({"controls": []}, {"controls": {"office": "x"}}, {"basic": 3}, []):
        data = {"format": "jxzp", "schema": 1, "report": {"budget": budget, "projects": [None, {"total": []}]}}
        try:
            _load(data)
        except store.StoreError as e:
            assert "内容有误" in str(e) or "转换" in str(e)


# --------------------------------------------------------------------------- no check mixes 年初 and 全年

@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_balanced_initial_column_adds_no_finding(data):
    """年初 figures that balance among themselves but differ from 全年 (and 执行) in any way
    raise nothing: a 年中追加/调减 makes the columns differ normally."""
    base = passing_report()
    r = passing_report()
    b = r.budget
    draw = data.draw
    small = st.decimals(min_value=0, max_value=9999, places=2)     # below the “typed in 元” hint
    personnel, public = draw(small), draw(small)
    projects = [draw(small) for _ in r.projects]
    b.personnel.initial, b.public.initial = personnel, public
    b.basic.initial = personnel + public
    for p, value in zip(r.projects, projects):
        p.total.initial = p.fiscal.initial = value
    b.project_spending.initial = sum(projects, D(0))
    b.initial = b.basic.initial + b.project_spending.initial
    b.sources["general"].initial = b.initial
    # the department's 年中追加/调减 explain its own 全年 − 年初 (SPEC §2 still checks that sum)
    b.full_year = base.budget.full_year_budget()
    gap = b.full_year - b.initial
    b.additions, b.reductions, b.carryover = max(gap, D(0)), max(-gap, D(0)), D(0)

    def keyed(rep):
        return sorted((f.rule, f.where) for f in run_checks(rep) if not f.rule.startswith("text."))
    assert keyed(r) == keyed(base)
    assert not [f for f in run_checks(r) if f.severity == ERROR]


def test_a_project_budget_of_zero_with_an_initial_budget_is_not_an_error():
    r = passing_report()
    p = r.projects[0]
    p.total.initial = p.fiscal.initial = D("3.00")
    p.total.budget = p.fiscal.budget = D(0)
    findings = run_checks(r)
    errors = [f for f in findings if f.severity == ERROR and f.where.startswith("projects[0]")]
    assert errors == []
    zero = [f for f in findings if f.rule == "execution.zero_budget"]
    assert zero and "—" in zero[0].message


def test_control_rows_are_held_to_their_initial_budget_only():
    r = passing_report()
    c = r.budget.controls["office"]
    c.initial, c.budget, c.executed = D("3.00"), D("2.00"), D("2.90")    # a stale 全年 figure is ignored
    assert not [f for f in run_checks(r) if f.rule == "sanity.executed_over_budget"]


# --------------------------------------------------------------------------- ratios read the 年初 column

@settings(max_examples=60, deadline=None)
@given(money, money, maybe_money)
def test_control_ratios_divide_by_the_initial_column(initial, executed, full_year):
    r = new_report(2024)
    for a in (r.budget.public, r.budget.controls["three_public"], r.budget.controls["procurement"]):
        a.initial, a.executed, a.budget = initial, executed, full_year
    expected = ratios.ratio(executed, initial)
    assert ratios.public_funds_control_rate(r) == expected
    assert ratios.three_public_control_rate(r) == expected
    assert ratios.procurement_rate(r) == expected


# --------------------------------------------------------------------------- 全年预算数 0 → “—”

@settings(max_examples=40, deadline=None)
@given(st.decimals(min_value=D("0.01"), max_value=9999, places=2), maybe_money)
def test_zero_full_year_budget_gives_no_rate_in_model_and_json(initial, executed):
    r = passing_report()
    p = r.projects[0]
    p.total.initial, p.total.budget, p.total.executed = initial, D(0), executed
    t = score_report(r).projects[0]
    assert t.execution.rate is None and t.execution.score == 0
    j = summarize(r).to_json()["projects"][0]
    assert j["execution_rate"] is None
    assert j["execution_score"] == "0.00"
    assert "执行率 —" in summarize(r).to_text()


def test_cli_check_json_prints_null_rate(tmp_path, capsys):
    r = passing_report()
    p = r.projects[1]
    p.total.initial, p.total.budget, p.total.executed = D("1.56"), D(0), D(0)
    path = tmp_path / "zero.jxzp"
    store.save(r, path)
    main.main(["check", str(path), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert out["projects"][1]["execution_rate"] is None
    assert out["projects"][0]["execution_rate"] == "100.00"


def test_a_typical_old_file_opens_without_new_errors():
    """Schema 1's budget page typed 全年 for 基本支出/项目支出 and no 年初; once migrated, that figure
    is in the 年初 column: the gaps it leaves there are warnings that say how to fix them."""
    from resources.samples.build_sample import build_sample
    r = build_sample()
    before = {(f.rule, f.where) for f in run_checks(r)}
    raw = to_dict(r)
    del raw["score_places"]
    for line in ANNEX2_LINES:
        raw["budget"][line]["initial"] = None
    for c in raw["budget"]["controls"].values():
        c["initial"] = None
    migrated = _load({"format": "jxzp", "schema": 1, "report": raw})
    new = [f for f in run_checks(migrated) if (f.rule, f.where) not in before]
    assert new, "the sample's 年初 and 全年 differ, so the migrated 年初 column has gaps"
    assert all(f.severity != ERROR for f in new)
    assert {f.where for f in new} <= {"budget.initial", "budget.project_spending.initial"}
    assert all("请改为年初预算数" in f.message for f in new)
