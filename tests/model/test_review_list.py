"""The review list (请复核) of import and roll-over: kept in the file, a 提示 until marked reviewed."""
from __future__ import annotations

import copy
import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import paths, review, rollover, store
from model.checks import INFO, run_checks
from model.report import DocumentError, Indicator, ReviewItem, from_dict, new_report, to_dict

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "示例-某县总工会-2024.jxzp"


@pytest.fixture(scope="module")
def sample():
    return store.load(SAMPLE)


def _review_findings(report):
    return [f for f in run_checks(report) if f.rule == review.RULE]


def test_open_items_are_info_findings_at_their_place_until_reviewed(tmp_path):
    r = new_report(2025, "某局")
    review.add_items(r, [review.item("import.x", "编制数请核对", "staff.admin_posts"),
                         review.item("import.y", "没有位置的提示"),
                         review.item("import.z", "位置已不存在", "projects[7].name")])
    found = _review_findings(r)
    assert [(f.severity, f.where, f.message) for f in found] == [
        (INFO, "staff.admin_posts", "请复核：编制数请核对"),
        (INFO, "info", "请复核：没有位置的提示"),
        (INFO, "info", "请复核：位置已不存在")]
    for f in found:
        paths.get(r, f.where)                     # the GUI can jump there
    assert [review.index_for(r, f) for f in found] == [0, 1, 2]
    # marking one reviewed is an ordinary field edit; it leaves 审核 and stays so after save/load
    paths.set(r, f"review[{review.index_for(r, found[1])}].reviewed", True)
    path = tmp_path / "r.jxzp"
    store.save(r, path)
    loaded = store.load(path)
    assert [it.reviewed for it in loaded.review] == [False, True, False]
    assert [f.message for f in _review_findings(loaded)] == ["请复核：编制数请核对", "请复核：位置已不存在"]
    assert review.open_count(loaded) == 2


def test_adding_the_same_entry_twice_keeps_one():
    r = new_report(2025, skeleton=False)
    it = review.item("k", "t", "info.year")
    assert review.add_items(r, [it, copy.deepcopy(it)]) == 1
    assert review.add_items(r, [copy.deepcopy(it)]) == 0


def test_an_empty_list_is_not_written_and_a_bad_flag_is_refused():
    r = new_report(2025, skeleton=False)
    assert '"review"' not in store.dumps(r)
    data = to_dict(r)
    data["review"] = [{"kind": "k", "text": "t", "where": "", "reviewed": "yes"}]
    with pytest.raises(DocumentError, match="review\\[0\\].reviewed.*真假值"):
        from_dict(data)


@settings(max_examples=30, deadline=None)
@given(flags=st.lists(st.booleans(), max_size=12))
def test_reviewed_flags_round_trip(flags):
    r = new_report(2025, skeleton=False)
    r.review = [ReviewItem(f"k{i}", f"第 {i} 项", "info.year", f) for i, f in enumerate(flags)]
    loaded = store.loads(store.dumps(r))
    assert [it.reviewed for it in loaded.review] == flags
    assert len(_review_findings(loaded)) == flags.count(False)


# --------------------------------------------------------------------------- roll-over

def test_roll_over_lists_carried_amounts_and_targets(sample):
    new, lines = rollover.roll_over(sample)
    kinds = {}
    for it in new.review:
        kinds.setdefault(it.kind, []).append(it)
        paths.get(new, it.where)                  # every entry points at a field of the new report
    amounts = {it.where: it for it in kinds["rollover.amount"]}
    # every non-zero 上年决算数 the roll-over carried is listed at its field
    assert amounts["budget.prior_executed"].text.startswith(
        f"预算与执行·上年决算支出 {sample.budget.executed:.2f} 万元取自 2024 年")
    assert "budget.basic.prior" in amounts and "budget.project_spending.prior" in amounts
    for i, p in enumerate(new.projects):
        if p.total.prior:
            assert f"projects[{i}].total.prior" in amounts
    carried = [w for w in amounts if w != "budget.prior_executed"]
    assert all(paths.get(new, w) for w in carried)          # a listed amount is never 0 or empty
    # every carried target, unchanged or advanced, is listed at its cell
    targets = {it.where for it in new.review if it.kind in ("rollover.target", "rollover.year")
               and it.where.endswith(".target")}
    want = {f"dept.indicators[{i}].target" for i, ind in enumerate(new.dept.indicators) if ind.target.strip()}
    want |= {f"projects[{j}].indicators[{i}].target" for j, p in enumerate(new.projects)
             for i, ind in enumerate(p.indicators) if ind.target.strip()}
    assert targets == want
    # year changes are entries too, and the returned lines are still the year changes only
    assert len(kinds["rollover.year"]) == len(lines) and lines
    # all of it is in 审核 as 提示
    assert len(_review_findings(new)) == len(new.review)
    assert sample.review == []                    # the old document is untouched


def test_roll_over_keeps_open_entries_and_drops_reviewed_ones():
    old = new_report(2024, "某局", skeleton=False)
    old.dept.indicators = [Indicator("产出指标", "数量指标", "培训人数", target="≥100人", weight=D(40))]
    old.review = [ReviewItem("import.a", "仍待复核", "info.year"), ReviewItem("import.b", "已复核", "", True)]
    new, _ = rollover.roll_over(old)
    assert [it.text for it in new.review[:1]] == ["仍待复核"]
    assert all(it.text != "已复核" for it in new.review)
    assert any(it.kind == "rollover.target" and it.where == "dept.indicators[0].target" for it in new.review)


def test_entries_follow_their_indicator_row_when_rows_move(sample):
    new, _ = rollover.roll_over(sample)
    rows = new.dept.indicators
    names = [r.name for r in rows]
    assert len(names) >= 3 and len(set(names)) == len(names)

    def target_places():
        return {it.anchor: review.place(new, it.where, it.anchor)
                for it in new.review if it.kind == "rollover.target" and it.where.startswith("dept.")}

    before = target_places()
    assert len(before) >= 2
    assert before == {n: f"dept.indicators[{i}].target" for i, n in enumerate(names) if n in before}
    gone = rows.pop(0)                                   # delete the first row, move the last to the top
    rows.insert(0, rows.pop())
    after = target_places()
    for i, r in enumerate(rows):
        if r.name in after:
            assert after[r.name] == f"dept.indicators[{i}].target"
    if gone.name in after:
        assert after[gone.name] == "dept.indicators"      # its row is gone: the table
    found = {f.message: f.where for f in _review_findings(new)}
    for it in new.review:
        if it.kind == "rollover.target" and it.where.startswith("dept."):
            assert found[review.message(it)] == after[it.anchor]
            assert review.index_for(new, next(f for f in _review_findings(new)
                                               if f.message == review.message(it))) == new.review.index(it)


def test_review_kinds_have_chinese_names_by_kind_then_longest_prefix():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from model.report import ReviewItem
    from model.review import counts_by_kind, kind_label
    assert kind_label("rollover.amount") == "取自上年的金额（上年决算数）"
    assert kind_label("import.link.disagrees") == "关联指标的填报值"
    assert kind_label("import.workbook.note") == "导入时的其他疑问"
    assert kind_label("something.else") == "其他"

    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.tuples(st.sampled_from(["rollover.amount", "rollover.target", "rollover.year",
                                               "import.staff.total_only", "import.x", "odd"]), st.booleans())))
    def check(entries):
        items = [ReviewItem(kind=k, text=f"第{i}项", reviewed=done) for i, (k, done) in enumerate(entries)]
        counts = counts_by_kind(items)
        assert sum(n for _k, n in counts) == sum(1 for _k, done in entries if not done)
        assert [k for k, _n in counts] == list(dict.fromkeys(kind_label(k) for k, done in entries if not done))
    check()
