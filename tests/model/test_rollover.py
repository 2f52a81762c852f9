import copy
from decimal import Decimal as D

import pytest

from model import store
from model.report import CONTROL_ROWS, SOURCES, Amounts, Indicator, Project, new_report, to_dict
from model.rollover import RolloverError, advance_years, roll_over
from model.scoring import score_report
from resources.samples.build_sample import build_sample


@pytest.fixture(scope="module")
def sample():
    return build_sample()


@pytest.fixture(scope="module")
def rolled(sample):
    return roll_over(sample)


def test_does_not_mutate_old(sample):
    before = to_dict(sample)
    new, _ = roll_over(sample)
    assert to_dict(sample) == before
    # and the new document shares no mutable part with the old one
    new.projects[0].indicators[0].name = "改过的名字"
    new.budget.personnel_items[0].name = "改过"
    new.budget.controls["office"].prior = D("999")
    assert to_dict(sample) == before


def test_basic_info_and_staff(sample, rolled):
    new, _ = rolled
    assert new.info.year == 2025
    assert new.info.fill_date == ""
    assert new.info.unit_name == "青溪县总工会"
    assert new.info.preparer == sample.info.preparer
    assert new.info.phone == sample.info.phone
    assert new.info.head == sample.info.head
    assert new.staff == sample.staff
    assert new.profile == sample.profile
    assert new.rolled_over_from == 2024


def test_explicit_year_and_bad_years(sample):
    new, review = roll_over(sample, 2026)
    assert new.info.year == 2026
    assert new.projects[0].indicators[6].target == "2026年2月9日之前完成"
    with pytest.raises(RolloverError, match="应晚于"):
        roll_over(sample, 2024)
    with pytest.raises(RolloverError, match="应晚于"):
        roll_over(sample, 2020)
    with pytest.raises(RolloverError, match="不合理"):
        roll_over(sample, 3000)


def test_sections_keep_only_first(sample, rolled):
    new, _ = rolled
    assert new.sections[0] == sample.sections[0]     # no year mention in the sample's section 一
    assert "职能职责" in new.sections[0]
    assert new.sections[1:] == [""] * 9
    assert len(new.sections) == 10


def test_amounts_carried_into_prior(sample, rolled):
    new, _ = rolled
    ob, nb = sample.budget, new.budget
    assert nb.prior_executed == ob.executed == D("422.28")
    for name in ("initial", "additions", "reductions", "carryover", "full_year", "executed"):
        assert getattr(nb, name) is None, name
    lines = [(ob.basic, nb.basic), (ob.personnel, nb.personnel), (ob.public, nb.public),
             (ob.project_spending, nb.project_spending)]
    lines += [(ob.sources[k], nb.sources[k]) for k, _ in SOURCES]
    lines += [(ob.controls[k], nb.controls[k]) for k, _ in CONTROL_ROWS]
    for op, np_ in zip(sample.projects, new.projects):
        lines += [(op.total, np_.total), (op.fiscal, np_.fiscal), (op.carried, np_.carried),
                  (op.other, np_.other)]
    for old_line, new_line in lines:
        assert new_line == Amounts(prior=old_line.executed)
    assert nb.basic.prior == D("262.22")
    assert nb.controls["three_public"].prior == D("2.83")
    assert new.projects[0].total.prior == D("88.60")
    assert nb.project_spending.prior == D("160.06")


def test_items_keep_names_clear_amounts(sample, rolled):
    new, _ = rolled
    assert [i.name for i in new.budget.personnel_items] == [i.name for i in sample.budget.personnel_items]
    assert [i.name for i in new.budget.public_items] == [i.name for i in sample.budget.public_items]
    for item in (*new.budget.personnel_items, *new.budget.public_items):
        assert item.budget is None and item.executed is None
    b = new.budget.buildings
    assert (b.approved_area, b.actual_area, b.budget_investment, b.actual_investment) == (None,) * 4
    assert new.budget.savings_measures == sample.budget.savings_measures


def test_projects_and_indicators(sample, rolled):
    new, _ = rolled
    assert [p.name for p in new.projects] == [p.name for p in sample.projects]
    assert [p.category for p in new.projects] == ["专项资金", "业务经费", "专项资金"]
    for op, np_ in zip(sample.projects, new.projects):
        assert np_.goal == op.goal
        assert np_.implementer == op.implementer
        assert np_.achievement == ""
        assert np_.execution_note == ""
        assert np_.execution_weight == op.execution_weight
        assert len(np_.indicators) == len(op.indicators)
        for oi, ni in zip(op.indicators, np_.indicators):
            assert (ni.level1, ni.level2, ni.name, ni.nature, ni.weight) == \
                (oi.level1, oi.level2, oi.name, oi.nature, oi.weight)
            assert (ni.actual, ni.grade, ni.manual_score, ni.note) == ("", "", None, "")
    assert new.projects[0].indicators[1].target == "≤1500元"
    assert new.projects[0].indicators[6].target == "2025年2月9日之前完成"
    assert new.dept.goal == sample.dept.goal
    assert new.dept.achievement == "" and new.dept.execution_note == ""
    assert [i.target for i in new.dept.indicators][7] == "2025年12月31日之前完成"
    assert all(i.actual == "" and i.note == "" for i in new.dept.indicators)
    # weights still add up to 100 with the execution weight
    t = score_report(new).department
    assert t.weight_total == 100
    assert t.total == 0   # nothing achieved yet, nothing computable


def test_review_lists_every_year_change(rolled):
    _, review = rolled
    assert "部门整体·指标“帮扶资金发放完成时间”·年度指标值：“2024年12月31日之前完成” → “2025年12月31日之前完成”" in review
    assert ("项目“职工帮扶救助及“送温暖”专项资金”·指标“慰问金发放时间”·年度指标值："
            "“2024年2月9日之前完成” → “2025年2月9日之前完成”") in review
    # one line per target with a date: 1 in the department table, 1 in each project
    assert len([line for line in review if "年度指标值" in line]) == 4
    assert all(" → " in line for line in review)


def _small_report():
    r = new_report(2024, "测试单位")
    r.sections[0] = ("本单位成立于1985年。\n2024年主要任务是做好帮扶工作，二〇二四年全年完成。"
                     "日期2024-06-30前上报。")
    r.sections[5] = "2024年绩效情况良好。"
    r.dept.goal = "2024年底前完成全部任务"
    r.dept.indicators = [
        Indicator("产出指标", "时效指标", "2024年度帮扶完成时间", "", "2024年2月29日之前完成",
                  "2024年2月20日", D("10"), "", D("9"), "备注"),
    ]
    p = Project(name="2024年送温暖资金", goal="2024年春节前发放")
    p.total = Amounts(D("1"), D("2"), D("3"), D("2.5"))
    r.projects = [p]
    return r


def test_year_mentions_in_text_fields():
    r = _small_report()
    new, review = roll_over(r)
    assert new.sections[0] == ("本单位成立于1985年。\n2025年主要任务是做好帮扶工作，二〇二五年全年完成。"
                               "日期2025-06-30前上报。")
    assert new.sections[5] == ""
    assert new.dept.goal == "2025年底前完成全部任务"
    ind = new.dept.indicators[0]
    assert ind.name == "2025年度帮扶完成时间"
    # 2025 has no 29 February: the date becomes the 28th
    assert ind.target == "2025年2月28日之前完成"
    assert new.projects[0].name == "2025年送温暖资金"
    assert new.projects[0].goal == "2025年春节前发放"
    assert new.projects[0].total == Amounts(prior=D("2.5"))
    assert "部门整体·年度总体目标：“2024年底前完成全部任务” → “2025年底前完成全部任务”" in review
    assert "项目“2024年送温暖资金”·项目名称：“2024年送温暖资金” → “2025年送温暖资金”" in review
    # after the rename, later lines name the project by its new name
    assert "项目“2025年送温暖资金”·年度总体目标：“2024年春节前发放” → “2025年春节前发放”" in review
    assert ("部门整体·指标“2025年度帮扶完成时间”·年度指标值：“2024年2月29日之前完成” → “2025年2月28日之前完成”"
            in review)
    # long text: one line per mention, with a snippet around it
    first = [line for line in review if line.startswith("正文一、")]
    assert len(first) == 3
    assert any("二〇二四年" in line and "二〇二五年" in line for line in first)


def test_report_without_sections():
    r = new_report(2024)
    r.sections = []
    new, review = roll_over(r)
    assert new.sections == [""] * 10 and review == []


def test_advance_years_leaves_other_numbers():
    assert advance_years("2024年12月31日之前完成", 2024, 2025) == "2025年12月31日之前完成"
    assert advance_years("≥2024人", 2024, 2025) == "≥2024人"
    assert advance_years("12024年", 2024, 2025) == "12024年"
    assert advance_years("2023年和2024 年度", 2024, 2025) == "2023年和2025 年度"
    assert advance_years("2024.12.31", 2024, 2025) == "2025.12.31"
    assert advance_years("２０２４年１２月", 2024, 2025) == "２０２５年１２月"
    assert advance_years("１２０２４年", 2024, 2025) == "１２０２４年"
    assert advance_years("", 2024, 2025) == ""
    # a leap year keeps 29 February
    assert advance_years("2023年2月28日", 2023, 2024) == "2024年2月28日"
    assert advance_years("2024年2月29日", 2024, 2028) == "2028年2月29日"


def test_rolled_document_saves_and_loads(tmp_path, rolled):
    new, _ = rolled
    path = tmp_path / "2025.jxzp"
    store.save(new, path)
    back = store.load(path)
    assert back == new
    assert back.rolled_over_from == 2024


def test_roll_twice(sample):
    first, _ = roll_over(sample)
    second, review = roll_over(copy.deepcopy(first))
    assert second.info.year == 2026
    assert second.budget.prior_executed is None     # 2025 had no 执行数 yet
    assert second.projects[0].indicators[6].target == "2026年2月9日之前完成"
    assert review


from hypothesis import given, settings, strategies as st  # noqa: E402

from model.numbers import years_mentioned  # noqa: E402

_pieces = st.sampled_from(["2024年", "2024年12月31日之前完成", "2023年", "2024-06-30", "完成", "≥", "96%",
                           "二〇二四年", "12024年", " ", "\n", "2月29日", "2024年2月29日", "年", "２０２４年"])
_texts = st.lists(_pieces, max_size=8).map("".join)


@settings(max_examples=200, deadline=None)
@given(section=_texts, goal=_texts, target=_texts, name=_texts)
def test_old_year_never_survives_in_carried_fields(section, goal, target, name):
    r = new_report(2024, "单位")
    r.sections[0] = section
    r.dept.goal = goal
    r.dept.indicators = [Indicator("产出指标", "时效指标", name, "", target, "x", D("10"))]
    before = to_dict(r)
    new, review = roll_over(r)
    assert to_dict(r) == before
    for text in (new.sections[0], new.dept.goal, new.dept.indicators[0].target, new.dept.indicators[0].name):
        assert 2024 not in years_mentioned(text), text
    changed = sum(a != b for a, b in [(section, new.sections[0]), (goal, new.dept.goal),
                                      (target, new.dept.indicators[0].target),
                                      (name, new.dept.indicators[0].name)])
    assert (len(review) >= changed) and (changed > 0) == bool(review)
