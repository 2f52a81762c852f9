"""Scores, flags, totals and grades (SPEC §3.2–3.6)."""
from decimal import Decimal as D

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from model.numbers import fmt_plain, fmt_rate
from model.profiles import Settings, get_profile, profile_from_dict
from model.report import GRADES, Indicator, Project, new_report
from model.scoring import (DATE, INVALID, NUMBER, QUALITATIVE, execution, execution_rate, execution_score,
                           grade_of, quantitative_score, score_indicator, score_report, score_table)

ACHIEVED, PARTIAL, FAILED = GRADES


def row(target="", actual="", weight="10", **kw) -> Indicator:
    return Indicator(target=target, actual=actual, weight=None if weight is None else D(weight), **kw)


def score(target, actual, weight="10", **kw):
    return score_indicator(row(target, actual, weight, **kw), Settings(), None)


# --------------------------------------------------------------------------- §3.2 execution

def test_execution_worked_fact_budget_sum():
    budget = D("180.07") + D("73.72")
    e = execution(D(10), budget, D("252.65"), 2)
    assert fmt_rate(e.rate) == "99.55%"
    assert e.score == D("9.96")          # 10 × 99.55%
    assert not e.over_spent


def test_execution_worked_fact_small_project():
    e = execution(D(10), D("1.2"), D("1.15"), 2)
    assert fmt_rate(e.rate) == "95.83%"
    assert e.score == D("9.58")


def test_execution_score_uses_the_printed_rate():
    # 99549 / 100000 = 99.549 % → printed 99.55 %; 10 × 99.55 % = 9.955 → 9.96.
    # Computing from the unrounded rate would give 9.9549 → 9.95, contradicting the printed rate.
    e = execution(D(10), D(100000), D(99549), 2)
    assert fmt_rate(e.rate) == "99.55%"
    assert e.score == D("9.96")
    assert round(D(10) * e.rate, 2) == D("9.95")   # what the naive formula would have printed


def test_execution_zero_budget_is_not_computable():
    e = execution(D(10), D(0), D("5"), 2)
    assert e.rate is None and fmt_rate(e.rate) == "—"
    assert e.score == D("0.00")
    assert not e.over_spent
    assert execution_rate(D(0), D(0)) is None
    assert execution_rate(None, D(1)) is None
    assert execution_rate(D(1), None) is None
    assert execution_rate(D(-5), D(1)) is None


def test_execution_over_100_percent_is_capped_and_marked():
    e = execution(D(10), D(100), D(120), 2)
    assert fmt_rate(e.rate) == "120.00%"
    assert e.score == D("10.00")
    assert e.over_spent


def test_execution_missing_weight_or_negative_spending():
    assert execution_score(None, D(100), D(50), 2) == D("0.00")
    assert execution_score(D(10), D(100), D(-5), 2) == D("0.00")
    assert execution(None, D(100), D(50), 2).weight == 0


# --------------------------------------------------------------------------- §3.3 quantitative

def test_at_least_target_missed_is_proportional():
    r = score("≥96%", "95%")
    assert r.kind == NUMBER and r.nature == "≥"
    assert r.score == D("9.90")            # 10 × 95 / 96 = 9.8958…
    assert r.flagged and not r.over_achieved
    assert not r.problems


def test_at_least_target_met_and_over_achieved():
    met = score("≥96%", "98%")
    assert met.score == D("10.00") and not met.flagged
    over = score("≥96%", "120%")            # 120 > 96 × 1.2 = 115.2
    assert over.score == D("10.00") and over.over_achieved and over.flagged
    assert "偏低" in over.reasons[0]
    edge = score("≥100人次", "120人次")      # exactly 20 % over is not beyond the threshold
    assert edge.score == D("10.00") and not edge.over_achieved and not edge.flagged


def test_over_achievement_threshold_comes_from_the_settings():
    strict = Settings(over_threshold=D("0.05"))
    r = score_indicator(row("≥100人次", "110人次"), strict, None)
    assert r.over_achieved and r.score == D("10.00")
    assert not score("≥100人次", "110人次").over_achieved


def test_greater_than_strict():
    assert score(">100", "100", nature=">").score == D("10.00")   # w × B ÷ A with B = A
    assert score(">100", "50").score == D("5.00")


@pytest.mark.parametrize("actual, expected", [
    ("100", "10.00"),     # met
    ("80", "10.00"),      # met (and 20 % below: not beyond the threshold)
    ("150", "5.00"),      # A < B < 2A: 10 × (1 − 50/100)
    ("110.5", "8.95"),
    ("199.99", "0.00"),   # 10 × 0.0001 = 0.001 → 0.00
    ("200", "0.00"),      # B ≥ 2A
    ("500", "0.00"),
])
def test_at_most_target(actual, expected):
    r = score("≤100万元", actual + "万元")
    assert r.nature == "≤"
    assert r.score == D(expected)


def test_at_most_target_far_under_is_flagged():
    r = score("≤100万元", "70万元")
    assert r.score == D("10.00") and r.over_achieved and r.flagged
    assert "偏高" in r.reasons[0]


def test_at_most_zero_target():
    assert score("≤0", "0").score == D("10.00")
    assert score("≤0起", "0起").score == D("10.00")
    assert score("≤0", "1").score == D("0.00")
    assert score("≤0", "-1").score == D("10.00")


@pytest.mark.parametrize("target, actual, expected", [
    ("=100%", "100%", "10.00"),
    ("=100%", "90%", "9.00"),
    ("=100%", "110%", "9.00"),
    ("=100%", "250%", "0.00"),
    ("=0", "0", "10.00"),
    ("=0", "1", "0.00"),
    ("=-10", "-12", "8.00"),      # |A| as the base: a negative target is no free pass
])
def test_equal_target(target, actual, expected):
    r = score(target, actual)
    assert r.nature == "="
    assert r.score == D(expected)


def test_target_without_comparator_reads_as_at_least():
    r = score("100%", "95%")
    assert r.nature == "≥" and r.score == D("9.50")
    assert score("100", "95", nature="=").nature == "="


def test_nature_against_the_sign_in_the_target_is_a_problem():
    r = score("≥96%", "95%", nature="≤")
    assert r.nature == "≤" and r.score == D("10.00")
    assert any("不一致" in p for p in r.problems)
    assert not score("≥96%", "95%", nature=">").problems


def test_units_must_match():
    r = score("96%", "95人")
    assert r.score == D("0.00") and r.flagged
    assert r.problems == ("计量单位不一致：指标值为“%”，实际完成值为“人”，无法比较",)
    assert score("≥96%", "95").score == D("9.90")          # a bare actual takes the target's unit
    assert score("≥30名", "30人").score == D("10.00")       # 名 = 人
    assert score("≤110.71万元", "1,107,100元").score == D("10.00")   # converted
    assert score("≥100人次", "100人").problems               # 人 is not 人次


def test_percent_typed_as_a_ratio_is_a_problem():
    r = score("≥96%", "0.95")
    assert r.score == D("0.00")
    assert "95%" in r.problems[0]


def test_actual_not_a_number():
    r = score("≥96%", "已完成")
    assert r.kind == NUMBER and r.score == D("0.00")
    assert "不是数字" in r.problems[0]


def test_malformed_numbers_are_problems_not_crashes():
    r = score("≥96%", "189.67190.2")
    assert r.kind == INVALID and r.score == D("0.00") and r.flagged
    assert "小数点" in r.problems[0]
    r = score("189.67190.2万元", "5万元")
    assert r.kind == INVALID and r.problems[0].startswith("年度指标值有误")


def test_empty_actual_scores_zero_and_flags():
    for target in ("≥96%", "效果明显", "2024年12月31日之前完成"):
        r = score(target, "", grade=ACHIEVED)
        assert r.score == D("0.00") and r.flagged
        assert "未填写实际完成值" in r.reasons


def test_missing_target_and_weight():
    r = score("", "95%")
    assert "未填写年度指标值" in r.problems and r.score == D("0.00")
    r = score("≥96%", "98%", weight=None)
    assert "未填写分值" in r.problems and r.weight == 0 and r.score == D("0.00")
    r = score("≥96%", "98%", weight="-5")
    assert any("负数" in p for p in r.problems) and r.weight == 0


# --------------------------------------------------------------------------- 时效

def test_date_on_time_and_late():
    ok = score("2024年12月31日之前完成", "2024年12月20日")
    assert ok.kind == DATE and ok.nature == "时效" and ok.score == D("10.00") and not ok.flagged
    assert score("2024年12月31日之前完成", "2024年12月31日").score == D("10.00")
    assert score("2024年12月31日之前完成", "2024年12月完成").score == D("10.00")
    late = score("2024年12月31日之前完成", "2025年1月5日")
    assert late.score == D("0.00") and late.flagged
    assert late.reasons == ("逾期完成（2025年1月5日晚于2024年12月31日）", "请选择定性等级")


def test_late_date_is_graded_like_a_qualitative_row():
    late = score("2024年12月31日之前完成", "2025年1月5日", grade=PARTIAL)
    assert late.score == D("7.00") and late.grade == PARTIAL and late.flagged
    manual = score("2024年12月31日之前完成", "2025年1月5日", grade=PARTIAL, manual_score=D("6.5"))
    assert manual.score == D("6.50") and manual.manual and not manual.band_violation
    bad = score("2024年12月31日之前完成", "2025年1月5日", grade=PARTIAL, manual_score=D("9"))
    assert bad.band_violation and bad.score == D("9.00")


def test_date_words():
    assert score("2024年12月31日之前完成", "按时完成").score == D("10.00")
    assert score("2024年12月31日之前完成", "已提前完成").score == D("10.00")
    late = score("2024年12月31日之前完成", "未按时完成")
    assert late.score == D("0.00") and "未按时完成" in late.reasons
    assert score("2024年12月31日之前完成", "延期完成").score == D("0.00")
    unknown = score("2024年12月31日之前完成", "已完成")
    assert unknown.score == D("0.00") and "请选择定性等级" in unknown.reasons
    assert score("2024年12月31日之前完成", "已完成", grade=ACHIEVED).score == D("10.00")


def test_actual_sentence_with_a_date():
    r = score("2024年12月31日之前完成", "项目于2024年11月举办第三届活动并验收")
    assert r.score == D("10.00")


def test_dates_without_year_take_the_report_year():
    target = row("12月底前完成", "2024年12月1日")
    assert score_indicator(target, Settings(), 2024).score == D("10.00")
    assert score_indicator(target, Settings(), 2023).score == D("0.00")     # 2024-12-01 is after 2023-12-31
    assert score_indicator(target, Settings(), None).score == D("10.00")                # no year: the actual's year
    both = row("12月底前", "11月20日")
    assert score_indicator(both, Settings(), None).score == D("10.00")
    assert score_indicator(row("6月30日前", "7月2日"), Settings(), None).score == D("0.00")
    assert score_indicator(row("2024年6月30日前", "6月20日"), Settings(), None).score == D("10.00")


# --------------------------------------------------------------------------- §3.4 qualitative

def test_qualitative_grade_defaults():
    assert score("效果明显", "效果明显").score == D("10.00")              # equals the target: 达成
    assert score("效果明显", "效果明显").grade == ACHIEVED
    assert score("效果明显", "较好", grade=ACHIEVED).score == D("10.00")
    assert score("效果明显", "一般", grade=PARTIAL).score == D("7.00")
    assert score("效果明显", "较差", grade=FAILED).score == D("3.00")
    assert score("效果明显", "较差", grade=FAILED, weight="5").score == D("1.50")
    r = score("≥96%", "较好", nature="定性", grade=PARTIAL)
    assert r.kind == QUALITATIVE and r.score == D("7.00")


def test_qualitative_without_grade():
    r = score("效果明显", "有所提升")
    assert r.score == D("0.00") and "请选择定性等级" in r.reasons


def test_grades_below_achieved_are_flagged():
    assert not score("效果明显", "较好", grade=ACHIEVED).flagged
    r = score("效果明显", "一般", grade=PARTIAL)
    assert r.flagged and f"定性等级为“{PARTIAL}”" in r.reasons


@pytest.mark.parametrize("grade, manual, violation", [
    (ACHIEVED, "10", False), (ACHIEVED, "8", False), (ACHIEVED, "7.99", True),
    (PARTIAL, "6", False), (PARTIAL, "7.99", False), (PARTIAL, "8", True), (PARTIAL, "5.99", True),
    (FAILED, "0", False), (FAILED, "5.99", False), (FAILED, "6", True),
])
def test_manual_score_must_lie_in_the_band(grade, manual, violation):
    r = score("效果明显", "一般", grade=grade, manual_score=D(manual))
    assert r.manual and r.score == D(manual).quantize(D("0.01"))
    assert r.band_violation is violation
    assert any("区间" in p for p in r.problems) is violation


def test_unknown_grade_is_a_problem():
    r = score("效果明显", "一般", grade="优秀")
    assert any("无法识别" in p for p in r.problems) and r.grade == ""


def test_grade_on_a_numeric_row_is_ignored():
    r = score("≥96%", "98%", grade=PARTIAL)
    assert r.grade == "" and r.score == D("10.00")


# --------------------------------------------------------------------------- manual override

def test_manual_override_is_marked_and_counts():
    r = score("≥96%", "95%", manual_score=D("9.5"))
    assert r.manual and r.computed == D("9.90") and r.score == D("9.50")
    assert r.flagged
    over = score("≥96%", "95%", manual_score=D("12"))
    assert any("超过分值" in p for p in over.problems)
    neg = score("≥96%", "95%", manual_score=D("-1"))
    assert any("负数" in p for p in neg.problems)
    full = score("≥96%", "95%", manual_score=D("10"))
    assert full.manual and not full.flagged


# --------------------------------------------------------------------------- caching

def test_score_indicator_is_cached_on_row_content():
    a = score_indicator(row("≥96%", "95%"), Settings(), None)
    assert score_indicator(row("≥96%", "95%"), Settings(), None) is a
    assert score_indicator(row("≥96%", "94%"), Settings(), None) is not a
    assert score_indicator(row("≥96%", "95%"), Settings(score_places=1), None).score == D("9.9")


# --------------------------------------------------------------------------- §3.6 tables

def _table_rows():
    return [
        Indicator("成本指标", "经济成本指标", "经费控制", "≤", "≤100万元", "150万元", D(10)),    # 5
        Indicator("成本指标", "经济成本指标", "人均成本", "", "≤2万元", "2万元", D(5)),          # 5
        Indicator("成本指标", "社会成本指标", "影响", "定性", "无", "无", D(5)),                # 5
        Indicator("产出指标", "数量指标", "培训人次", "", "≥1000人次", "950人次", D(20)),        # 19
        Indicator("产出指标", "质量指标", "合格率", "", "≥96%", "95%", D(10)),                  # 9.90
        Indicator("产出指标", "时效指标", "完成时间", "", "2024年12月31日之前完成", "2024年12月1日", D(10)),
        Indicator("效益指标", "社会效益指标", "知晓率", "", "≥90%", "92%", D(20)),              # 20
        Indicator("满意度指标", "服务对象满意度指标", "满意度", "", "≥95%", "96%", D(10)),      # 10
    ]


def test_score_table_blocks_level2_total_and_grade():
    t = score_table(_table_rows(), D(10), D("1.2"), D("1.15"), get_profile("hunan"), 2024)
    assert t.execution.score == D("9.58")
    assert [r.score for r in t.rows] == [D("5.00"), D("5.00"), D("5.00"), D("19.00"), D("9.90"),
                                         D("10.00"), D("20.00"), D("10.00")]
    blocks = {b.name: b for b in t.blocks}
    assert list(blocks) == ["成本指标", "产出指标", "效益指标", "满意度指标"]
    cost = blocks["成本指标"]
    assert cost.weight == D(20) and cost.row_weight == D(20) and cost.score == D("15.00")
    assert cost.rows == (0, 1, 2)
    assert [(n, w, s, r) for n, w, s, r in cost.level2] == [
        ("经济成本指标", D(15), D("10.00"), (0, 1)), ("社会成本指标", D(5), D("5.00"), (2,))]
    out = blocks["产出指标"]
    assert out.score == D("38.90") and [x[0] for x in out.level2] == ["数量指标", "质量指标", "时效指标"]
    assert t.indicator_score == D("83.90")
    assert t.total == D("93.48")               # 9.58 + 83.90
    assert t.total == t.execution.score + sum(b.score for b in t.blocks)
    assert t.weight_total == D(100)
    assert t.grade == "优"


def test_score_table_keeps_unknown_blocks_and_empty_profile_blocks():
    rows = [Indicator("其他指标", "杂项", "x", "", "≥1", "1", D(5))]
    t = score_table(rows, D(10), D(100), D(100), get_profile("mof"), None)
    names = [b.name for b in t.blocks]
    assert names == ["产出指标", "效益指标", "满意度指标", "其他指标"]
    other = t.blocks[-1]
    assert other.weight is None and other.score == D("5.00")
    assert t.blocks[0].rows == () and t.blocks[0].score == 0
    assert t.total == D("15.00") and t.grade == "差"


def test_score_table_one_decimal_profile():
    data = {"id": "onedec", "name": "一位小数", "execution_weight": "10",
            "blocks": [{"name": "产出指标", "weight": "50"}, {"name": "效益指标", "weight": "30"},
                       {"name": "满意度指标", "weight": "10"}],
            "settings": {"score_places": 1}}
    profile = profile_from_dict(data)
    rows = [Indicator("产出指标", "质量指标", "合格率", "", "≥96%", "95%", D(10)),
            Indicator("产出指标", "数量指标", "人次", "", "≥3", "2", D(10))]
    t = score_table(rows, D(10), D("1.2"), D("1.15"), profile, None)
    assert t.execution.score == D("9.6")
    assert [r.score for r in t.rows] == [D("9.9"), D("6.7")]
    assert t.total == D("26.2")
    assert str(t.total) == "26.2"


@pytest.mark.parametrize("total, grade", [
    ("100", "优"), ("90", "优"), ("90.00", "优"), ("89.99", "良"), ("80", "良"), ("79.99", "中"),
    ("60", "中"), ("59.99", "差"), ("0", "差"),
])
def test_grade_boundaries(total, grade):
    assert grade_of(D(total)) == grade


def test_grade_follows_the_printed_total():
    # row and execution scores are rounded before they are added, so the total and its grade
    # are those of the printed numbers: 99.944 % → 99.94 % → 9.99; 99.945 % → 99.95 % → 10.00
    rows = [Indicator("产出指标", "数量指标", "a", "", "≥100", "100", D(80))]
    t = score_table(rows, D(10), D(100000), D(99944), get_profile("hunan"), None)
    assert t.execution.score == D("9.99") and t.total == D("89.99") and t.grade == "良"
    t = score_table(rows, D(10), D(100000), D(99945), get_profile("hunan"), None)
    assert t.execution.score == D("10.00") and t.total == D("90.00") and t.grade == "优"


def test_score_report_department_and_projects():
    report = new_report(2024, "某县总工会")
    report.budget.initial = D("180.07")
    report.budget.additions = D("73.72")
    report.budget.executed = D("252.65")
    report.dept.indicators = _table_rows()
    p = Project(name="职工帮扶")
    p.total.budget, p.total.executed = D("1.2"), D("1.15")
    p.indicators = [Indicator("产出指标", "时效指标", "完成时间", "", "12月底前", "2025年1月10日", D(10))]
    report.projects = [p]
    scores = score_report(report)
    assert fmt_rate(scores.department.execution.rate) == "99.55%"
    assert scores.department.execution.score == D("9.96")
    assert scores.department.total == D("93.86")
    assert scores.department == score_table(report.dept.indicators, report.dept.execution_weight,
                                            report.budget.full_year_budget(), report.budget.executed,
                                            get_profile("hunan"), 2024)
    proj = scores.projects[0]
    assert proj.execution.score == D("9.58")
    assert proj.rows[0].score == D("0.00")          # 12月底前 read as 2024-12-31: late
    alone = score_table(p.indicators, p.execution_weight, p.total.budget, p.total.executed, get_profile("hunan"), None)
    assert alone.rows[0].score == D("10.00")      # without a year: the actual's year


# --------------------------------------------------------------------------- properties

_dec = st.decimals(allow_nan=False, allow_infinity=False, min_value=-10 ** 6, max_value=10 ** 6,
                   places=3)
_weight = st.decimals(allow_nan=False, allow_infinity=False, min_value=0, max_value=100, places=2)
_nature = st.sampled_from(["≥", ">", "≤", "<", "="])


@settings(max_examples=400, deadline=None)
@given(_nature, _dec, _dec, _weight)
def test_quantitative_score_stays_within_weight(nature, a, b, w):
    raw, met = quantitative_score(nature, a, b, w)
    assert 0 <= raw <= w
    if met:
        assert raw == w


@settings(max_examples=300, deadline=None)
@given(_nature, _dec, _dec, _weight, st.sampled_from(["", "%", "万元", "人次"]))
def test_score_indicator_stays_within_weight(nature, a, b, w, unit):
    r = score_indicator(Indicator(target=f"{nature}{fmt_plain(a)}{unit}", actual=fmt_plain(b) + unit,
                                  weight=w), Settings(), None)
    assert r.kind == NUMBER and not r.problems
    assert 0 <= r.score <= w
    assert r.score == r.score.quantize(D("0.01"))


@settings(max_examples=300, deadline=None)
@given(_nature, _dec, _dec, _weight)
def test_meeting_the_target_gives_full_marks(nature, a, delta, w):
    delta = abs(delta)
    if nature == "≥":
        b = a + delta
    elif nature == ">":
        assume(delta > 0)
        b = a + delta
    elif nature == "≤":
        b = a - delta
    elif nature == "<":
        assume(delta > 0)
        b = a - delta
    else:
        b = a
    r = score_indicator(Indicator(target=f"{nature}{fmt_plain(a)}", actual=fmt_plain(b), weight=w), Settings(), None)
    assert r.score == w.quantize(D("0.01"))
    assert not r.problems


@settings(max_examples=200, deadline=None)
@given(_nature, _dec, _dec, st.decimals(allow_nan=False, allow_infinity=False, min_value=0,
                                         max_value=100, places=1))
def test_score_precision_is_respected(nature, a, b, w):
    one = Settings(score_places=1)
    r = score_indicator(Indicator(target=f"{nature}{fmt_plain(a)}", actual=fmt_plain(b), weight=w), one, None)
    assert r.score == r.score.quantize(D("0.1"))
    assert 0 <= r.score <= w


@settings(max_examples=200, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=0, max_value=10 ** 6, places=2),
       st.decimals(allow_nan=False, allow_infinity=False, min_value=-10, max_value=10 ** 6, places=2),
       _weight)
def test_execution_score_stays_within_weight(budget, executed, w):
    e = execution(w, budget, executed, 2)
    assert 0 <= e.score <= w
    if budget == 0:
        assert e.rate is None and e.score == 0


def test_broken_number_in_a_text_or_date_actual_is_just_text():
    r = score("效果明显", "3.5.1条已落实", grade=ACHIEVED)
    assert r.kind == QUALITATIVE and r.score == D("10.00") and not r.problems
    r = score("2024年12月31日之前完成", "1.2.3期均按时完成")
    assert r.kind == DATE and r.score == D("10.00") and not r.problems
    r = score("≥96%", "9.6.5%")
    assert r.kind == INVALID and r.problems[0].startswith("实际完成值有误") and r.score == D("0.00")


def test_weight_with_more_decimals_than_the_precision_never_rounds_above_itself():
    r = score("≥96%", "98%", weight="3.335")
    assert r.score == D("3.33") and r.score <= r.weight
    assert execution(D("3.335"), D(100), D(100), 2).score == D("3.33")
    r = score_indicator(row("≥96%", "98%", weight="2.35"), Settings(score_places=1), None)
    assert r.score == D("2.3")


@settings(max_examples=300, deadline=None)
@given(_nature, _dec, _dec,
       st.decimals(allow_nan=False, allow_infinity=False, min_value=0, max_value=100, places=4),
       st.integers(min_value=0, max_value=3))
def test_score_within_weight_for_any_weight_and_precision(nature, a, b, w, places):
    r = score_indicator(Indicator(target=f"{nature}{fmt_plain(a)}", actual=fmt_plain(b), weight=w),
                        Settings(score_places=places), None)
    assert 0 <= r.score <= w
    assert r.score == r.score.quantize(D(1).scaleb(-places))


_pieces = st.sampled_from(["≥", "≤", "=", "<", ">", "96", "95.5", "1,000", "0", "-3", "%", "万元", "元",
                           "人次", "人", "2024年", "12月", "31日", "之前完成", "底前", "按时", "未",
                           "效果明显", "以上", "以内", "（含）", ".", ",", " ", "a", "２", "％"])
_texty = st.one_of(st.text(max_size=30), st.lists(_pieces, max_size=6).map("".join))


@settings(max_examples=250, deadline=None)
@given(st.sampled_from(["", "≥", ">", "≤", "<", "=", "定性", "x"]), _texty, _texty,
       st.one_of(st.none(), _weight), st.sampled_from(["", *GRADES, "优秀"]),
       st.one_of(st.none(), st.decimals(allow_nan=False, allow_infinity=False, min_value=-5,
                                        max_value=120, places=2)),
       st.one_of(st.none(), st.integers(min_value=1990, max_value=2100)))
def test_score_indicator_never_raises(nature, target, actual, w, grade, manual, year):
    r = score_indicator(Indicator(nature=nature, target=target, actual=actual, weight=w, grade=grade,
                                  manual_score=manual), Settings(), year)
    assert 0 <= r.computed <= (w or 0)
    assert r.flagged == bool(r.reasons)
    assert all(isinstance(p, str) and p for p in r.problems)


def test_score_table_is_cached_on_content_and_follows_edits():
    rows = _table_rows()
    profile = get_profile("hunan")
    first = score_table(rows, D(10), D("1.2"), D("1.15"), profile, 2024)
    assert score_table(_table_rows(), D(10), D("1.2"), D("1.15"), profile, 2024) is first
    rows[4].actual = "96%"
    second = score_table(rows, D(10), D("1.2"), D("1.15"), profile, 2024)
    assert second is not first
    assert second.rows[4].score == D("10.00") and second.total == first.total + D("0.10")
    assert score_table(rows, D(10), D("1.2"), D("1.16"), profile, 2024).execution.score == D("9.67")
    rows[0].level1 = "产出指标"          # moving a row to another block re-groups it
    third = score_table(rows, D(10), D("1.2"), D("1.15"), profile, 2024)
    assert third.blocks[0].rows == (1, 2) and 0 in third.blocks[1].rows


@pytest.mark.parametrize("kw, code", [
    (dict(target="≥96%", actual="98%", weight=None), "weight.missing"),
    (dict(target="≥96%", actual="98%", weight="-1"), "weight.negative"),
    (dict(target="189.67190.2", actual="98%"), "target.invalid"),
    (dict(target="", actual="98%"), "target.missing"),
    (dict(target="效果明显", actual="好", grade="优秀"), "grade.unknown"),
    (dict(target="≥96%", actual="98%", nature="≤"), "nature.mismatch"),
    (dict(target="≥96%", actual="9.8.1%"), "actual.invalid"),
    (dict(target="≥96%", actual="较好"), "actual.not_number"),
    (dict(target="≥96%", actual="98人"), "unit.mismatch"),
    (dict(target="≥96%", actual="0.98"), "actual.percent_missing"),
    (dict(target="≥96%", actual="98%", manual_score=D(11)), "manual.above_weight"),
    (dict(target="≥96%", actual="98%", manual_score=D(-1)), "manual.negative"),
    (dict(target="效果明显", actual="好", grade=ACHIEVED, manual_score=D(5)), "manual.band"),
])
def test_every_problem_has_a_stable_code(kw, code):
    kw.setdefault("weight", "10")
    r = score(**kw)
    assert code in r.problem_codes
    assert len(r.problem_codes) == len(r.problems)
    assert r.problems[r.problem_codes.index(code)]
