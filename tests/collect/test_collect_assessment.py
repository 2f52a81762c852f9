"""The 考核评分表: every automatic item with a case that triggers it and one that does not."""
from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from model import assessment as a
from model.checks import run_checks
from tests.collect.collect_support import report_for

FUNDS = "由于资金不足，部分活动未能开展。经费紧张，职工培训次数减少。"
MIXED = "由于资金不足，部分活动未能开展。绩效目标设置不够细化，部分指标难以量化考核。"
MORE_MONEY = "建议财政加大资金投入。争取增加经费，保障项目实施。"
CONCRETE = "建议财政加大资金投入。下一步将细化绩效目标，每季度开展一次绩效监控。"


def _results(report, deadline=None, table=None) -> dict[str, a.ItemResult]:
    return {r.item.id: r for r in a.assess(report, run_checks(report), deadline, table)}


@pytest.fixture(scope="module")
def base():
    r = report_for("青溪县总工会", seed=5)
    r.sections[6] = MIXED
    r.sections[7] = CONCRETE
    return r


def test_the_built_in_table_is_the_county_table_of_the_spec():
    t = a.load_table()
    groups = {}
    for item in t.items:
        groups[item.group] = groups.get(item.group, Decimal(0)) + item.points
    assert groups == {"布置工作": 10, "实施评价": 20, "自评报告": 70}
    points = {i.id: i.points for i in t.items}
    assert (points["completeness"], points["self_table"], points["problems"], points["suggestions"]) == (15, 20, 20, 15)
    assert all(i.rubric for i in t.items)


def test_a_complete_clean_report_gets_the_automatic_items_full_and_leaves_the_rest_to_the_reviewer(base):
    res = _results(base)
    assert res["completeness"].score == 15 and res["completeness"].auto
    assert res["self_table"].score == 20
    for manual in ("arrange", "organise", "on_time", "problems", "suggestions"):
        assert res[manual].score is None and not res[manual].auto
    total, open_items = a.total(list(res.values()))
    assert (total, open_items) == (35, 5)
    assert a.total(list(res.values()), {"arrange": Decimal(8), "organise": Decimal("12.5")}) == (Decimal("55.5"), 3)


@settings(max_examples=8, deadline=None)
@given(st.sets(st.integers(0, 9), max_size=10), st.booleans(), st.booleans())
def test_completeness_deducts_two_per_missing_part(base, empty_sections, no_dept_table, no_project_table):
    r = copy.deepcopy(base)
    for n in empty_sections:
        r.sections[n] = "  "
    if no_dept_table:
        r.dept.indicators = []
    if no_project_table:
        r.projects[0].indicators = []
    missing = len(empty_sections) + no_dept_table + no_project_table
    res = _results(r)["completeness"]
    assert res.score == max(Decimal(0), 15 - 2 * missing)
    if missing:
        assert f"缺少 {missing} 部分" in res.reason
        assert ("附件3" in res.reason) == no_dept_table and ("附件4" in res.reason) == no_project_table
    else:
        assert res.reason == "正文各部分和附件齐全"


def test_self_table_weights_off_the_rule_set_and_rows_not_refined(base):
    r = copy.deepcopy(base)
    r.dept.indicators[0].weight += 3
    res = _results(r)["self_table"]
    assert res.score == 15 and "分值设置不符合指标体系" in res.reason and "附件3 部门整体" in res.reason
    r.projects[0].indicators[1].level2 = ""
    res = _results(r)["self_table"]
    assert res.score == 10 and "指标未细化到三级指标" in res.reason and "附件4 项目" in res.reason
    r = copy.deepcopy(base)
    r.projects[0].indicators[0].name = ""
    assert _results(r)["self_table"].score == 15


@pytest.mark.parametrize("section,item,only,mixed", [(6, "problems", FUNDS, MIXED),
                                                    (7, "suggestions", MORE_MONEY, CONCRETE)])
def test_sections_seven_and_eight_only_about_money_score_zero(base, section, item, only, mixed):
    r = copy.deepcopy(base)
    r.sections[section] = "存在的问题如下：\n" + only
    res = _results(r)[item]
    assert res.score == 0 and res.auto and "按评分标准不得分" in res.reason
    r.sections[section] = mixed
    res = _results(r)[item]
    assert res.score is None and not res.auto
    # several points in one sentence count one by one: one of them is not about money
    r.sections[section] = only.split("。")[0] + "，二是绩效自评工作人员专业能力不足。"
    assert _results(r)[item].score is None
    r.sections[section] = ""
    assert _results(r)[item].score == 0


def test_the_money_words_are_data_not_code(base):
    raw = json.loads((a.TABLE_DIR / "county2024.json").read_text(encoding="utf-8"))
    for item in raw["items"]:
        if item["id"] == "problems":
            item["auto"]["words"] = ["人手不足"]
    table = a.table_from_dict(raw)
    r = copy.deepcopy(base)
    r.sections[6] = FUNDS
    assert _results(r, table=table)["problems"].score is None
    r.sections[6] = "人手不足，工作量大。专职人员人手不足。"
    assert _results(r, table=table)["problems"].score == 0


def test_late_submission_when_a_deadline_is_set(base):
    r = copy.deepcopy(base)
    r.info.fill_date = "2025-03-20"
    assert _results(r, date(2025, 3, 20))["on_time"].score == 5
    late = _results(r, date(2025, 3, 19))["on_time"]
    assert late.score == 0 and "逾期报送" in late.reason
    assert _results(r)["on_time"].score is None
    r.info.fill_date = ""
    assert "未填写可识别的填报日期" in _results(r, date(2025, 3, 19))["on_time"].reason


@pytest.mark.parametrize("change,message", [
    (lambda d: d.pop("schema"), "“schema”应为“jxzp-assessment”"),
    (lambda d: d.update(version=9), "“version”为 9"),
    (lambda d: d["items"][0].pop("rubric"), "评分项目“arrange”缺少“rubric”"),
    (lambda d: d["items"][0].update(points="十"), "评分项目“arrange”的“points”"),
    (lambda d: d["items"][1].update(id="arrange"), "“id”“arrange”重复"),
    (lambda d: d["items"][0].update(points="11"), "合计应为 100，实际为 101"),
    (lambda d: d["items"][2]["auto"].update(check="guess"), "“auto.check”应为"),
    (lambda d: d["items"][5]["auto"].update(section=11), "的“section”应为 1—10"),
    (lambda d: d["items"][5]["auto"].update(words=[]), "的“words”应为非空的文字列表"),
    (lambda d: d["items"][4]["auto"].update(weight_rules="x"), "的“weight_rules”应为非空的文字列表"),
])
def test_a_damaged_table_file_is_refused_with_the_field_named(change, message):
    raw = json.loads((a.TABLE_DIR / "county2024.json").read_text(encoding="utf-8"))
    change(raw)
    with pytest.raises(a.AssessmentError, match=message):
        a.table_from_dict(raw)
