"""New reports start with the rule set's indicator skeleton; spreading a block's weight."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from export import tables
from model import profiles, store
from model.checks import ERROR, run_checks
from model.report import Indicator, new_report
from model.skeleton import is_placeholder, skeleton_rows, spread, spread_groups, spread_insert

PROFILES = [p.id for p in profiles.list_profiles()]


def _by_block(rows):
    out: dict[str, D] = {}
    for r in rows:
        out[r.level1] = out.get(r.level1, D(0)) + r.weight
    return out


@pytest.mark.parametrize("pid", PROFILES)
def test_skeleton_weights_add_up_per_block_and_to_100(pid):
    prof = profiles.get_profile(pid)
    rows = skeleton_rows(prof)
    assert _by_block(rows) == {b.name: b.weight for b in prof.blocks}
    assert prof.execution_weight + sum(r.weight for r in rows) == 100
    # one placeholder per second-level indicator, in the rule set's order
    assert [(r.level1, r.level2) for r in rows] == [
        (b.name, l2) for b in prof.blocks for l2 in (b.level2 or ("",))]
    assert all(is_placeholder(r) and r.name == "" for r in rows)


@st.composite
def rule_sets(draw):
    """A valid rule set: an execution weight and 1–5 blocks of 0–6 second-level names, weights
    (two decimals) adding up to 100."""
    execution = D(draw(st.integers(0, 30)))
    n = draw(st.integers(1, 5))
    rest = int(100 - execution) * 100                     # in hundredths of a point
    cuts = sorted(draw(st.lists(st.integers(1, rest - 1), min_size=n - 1, max_size=n - 1, unique=True)))
    weights = [D(b - a) / 100 for a, b in zip([0] + cuts, cuts + [rest])]
    blocks = [{"name": f"一级{i}", "weight": str(w),
               "level2": [f"二级{i}-{j}" for j in range(draw(st.integers(0, 6)))]} for i, w in enumerate(weights)]
    return profiles.profile_from_dict({"id": "gen", "name": "生成", "execution_weight": str(execution),
                                       "blocks": blocks})


@settings(max_examples=40, deadline=None)
@given(prof=rule_sets())
def test_any_rule_sets_skeleton_adds_up(prof):
    rows = skeleton_rows(prof)
    assert _by_block(rows) == {b.name: b.weight for b in prof.blocks}
    assert prof.execution_weight + sum(r.weight for r in rows) == 100
    assert all(r.weight.as_tuple().exponent >= -2 for r in rows)


@pytest.mark.parametrize("pid", PROFILES)
def test_a_new_report_has_the_skeleton_and_no_error(pid):
    r = new_report(2025, "某县某局", pid)
    prof = profiles.get_profile(pid)
    assert r.dept.execution_weight == prof.execution_weight
    assert len(r.dept.indicators) == sum(max(1, len(b.level2)) for b in prof.blocks)
    findings = run_checks(r)
    assert not [f for f in findings if f.severity == ERROR]
    # the unnamed rows are a finding that says what to fill, pointing at the first row
    names = [f for f in findings if f.rule == "indicator.missing_name"]
    assert len(names) == 1 and names[0].where == "dept.indicators[0].name"
    assert "未填写三级指标名称" in names[0].message
    # it prints: 附件3 shows each block with its weight, and the file round-trips
    a3 = tables.build_all(r)[1]
    texts = {c.text for c in a3.cells}
    for b in prof.blocks:
        assert any(t.startswith(b.name) and f"（{b.weight:f}分）" in t for t in texts)
    assert store.loads(store.dumps(r)) == r


def test_cli_new_gets_the_skeleton(tmp_path, capsys):
    import main
    out = tmp_path / "新.jxzp"
    assert main.main(["new", "-o", str(out), "--year", "2025", "--unit", "某局", "--profile", "mof"]) == 0
    r = store.load(out)
    assert [i.level2 for i in r.dept.indicators][:4] == ["数量指标", "质量指标", "时效指标", "成本指标"]


@settings(max_examples=30, deadline=None)
@given(total=st.decimals(min_value=D("0.01"), max_value=D("1000"), places=2), n=st.integers(1, 40))
def test_spread_is_even_and_exact(total, n):
    parts = spread(total, n)
    assert len(parts) == n and sum(parts) == total
    assert all(p.as_tuple().exponent >= -2 for p in parts)
    assert len(set(parts[:-1])) <= 1
    # every part is total/n rounded half up; the last one carries the remainder
    if n > 1:
        assert abs(parts[-1] - parts[0]) <= D("0.01") * n


def test_spread_rounds_half_up_with_the_remainder_last():
    assert spread(D(20), 3) == [D("6.67"), D("6.67"), D("6.66")]
    assert spread(D(40), 3) == [D("13.33"), D("13.33"), D("13.34")]
    assert spread(D(10), 4) == [D("2.50"), D("2.50"), D("2.50"), D("2.50")]
    assert spread(D(20), 4) == [D(5)] * 4


def _lib(n, level1="产出指标", level2="数量指标"):
    return [Indicator(level1=level1, level2=level2, name=f"指标{i}", target="≥1个") for i in range(n)]


@settings(max_examples=30, deadline=None)
@given(n=st.integers(2, 9), at=st.integers(0, 12), pid=st.sampled_from(PROFILES))
def test_spread_insert_replaces_the_placeholder_and_keeps_the_block_weight(n, at, pid):
    prof = profiles.get_profile(pid)
    rows = skeleton_rows(prof)
    block = prof.block("产出指标")
    l2 = block.level2[0]
    before = sum(r.weight for r in rows if r.level2 == l2 and r.level1 == block.name)
    items = _lib(n, block.name, l2)
    assert spread_groups(rows, items, prof) == [(block.name, l2, before, n)]
    table = spread_insert(rows, at, items, prof)
    members = [r for r in table if r.level1 == block.name and r.level2 == l2]
    assert [m.name for m in members] == [i.name for i in items]          # the placeholder is gone
    assert sum(m.weight for m in members) == before
    assert len(table) == len(rows) - 1 + n
    assert _by_block(table) == _by_block(rows)                           # other blocks untouched
    assert all(i.weight is None for i in items)                          # inputs not changed


def test_one_library_row_or_no_level1_is_no_spread():
    prof = profiles.get_profile("hunan")
    rows = skeleton_rows(prof)
    assert spread_groups(rows, _lib(1), prof) == []
    assert spread_groups(rows, _lib(3, level1=""), prof) == []
    # an empty table: the first-level block's weight is what is spread
    assert spread_groups([], _lib(3), prof) == [("产出指标", "数量指标", D(40), 3)]


def test_two_blocks_picked_at_once_are_both_spread_and_named_rows_share():
    prof = profiles.get_profile("hunan")
    rows = skeleton_rows(prof)
    rows[0].name = "已有成本指标"                        # a named row of 经济成本指标 keeps its place and shares
    items = _lib(2, "成本指标", "经济成本指标") + _lib(3, "效益指标", "社会效益指标")
    groups = spread_groups(rows, items, prof)
    assert groups == [("成本指标", "经济成本指标", D("6.67"), 3), ("效益指标", "社会效益指标", D(5), 3)]
    table = spread_insert(rows, 0, items, prof)
    cost = [r for r in table if r.level2 == "经济成本指标"]
    assert [r.name for r in cost] == ["指标0", "指标1", "已有成本指标"]
    assert [r.weight for r in cost] == [D("2.22"), D("2.22"), D("2.23")]
    social = [r for r in table if r.level2 == "社会效益指标"]
    assert [r.weight for r in social] == [D("1.67"), D("1.67"), D("1.66")] and sum(r.weight for r in table) == 90


@pytest.mark.parametrize("pid", PROFILES)
def test_library_indicators_are_placed_in_the_rule_sets_blocks(pid):
    from model.library import load_library
    from model.skeleton import fit_to_rule_set
    prof = profiles.get_profile(pid)
    level2_of = {l2: b.name for b in prof.blocks for l2 in b.level2}
    for e in load_library():
        ind = fit_to_rule_set(e.to_indicator(2025), prof)
        if prof.block(e.level1) is not None:
            assert (ind.level1, ind.level2) == (e.level1, e.level2)
        elif e.level1 in level2_of:     # 成本指标 is a second-level indicator of 产出指标 here
            assert (ind.level1, ind.level2) == (level2_of[e.level1], e.level1)
        assert ind.name == e.name and ind.link == e.link
    # picked for a new 财政部通用 report, the control rates take the 成本指标 placeholder's weight
    r = new_report(2025, "某局", pid)
    picked = [fit_to_rule_set(e.to_indicator(2025), prof) for e in load_library() if e.link][:2]
    rows = spread_insert(r.dept.indicators, 0, picked, prof)
    cost = [x for x in rows if x.name in {p.name for p in picked}]
    assert len(cost) == 2 and all(prof.block(x.level1) is not None for x in cost)
    assert sum(x.weight for x in rows) + prof.execution_weight == 100
