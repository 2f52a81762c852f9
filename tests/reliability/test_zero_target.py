"""Issue 14, point 6 (SPEC §3.3): a ≤ or < target of 0 — an actual of 0 (or less) scores the
full weight w, any actual above 0 scores 0; for every weight, typed as a sign, as words or
as the 指标性质 column."""
from decimal import Decimal

from hypothesis import given, settings, strategies as st

from model.report import Indicator
from model.profiles import Settings
from model.scoring import quantitative_score, round_score, score_indicator

weights = st.integers(0, 10 ** 6).map(lambda n: Decimal(n) / 100)
# (target, 指标性质 column, unit of the actual)
ZERO_TARGETS = [("<0", "", ""), ("≤0", "", ""), ("＜０", "", ""), ("小于0", "", ""), ("不超过0起", "", "起"),
                ("0", "<", ""), ("0起", "≤", "起"), ("<0%", "", "%"), ("≤0万元", "", "万元"), ("<0起", "", "起")]


@settings(max_examples=200, deadline=None)
@given(nature=st.sampled_from(["≤", "<"]), w=weights,
       b=st.integers(-10 ** 6, 10 ** 6).map(lambda n: Decimal(n) / 1000))
def test_zero_target_scores_w_when_nothing_happened_and_0_otherwise(nature, w, b):
    raw, met = quantitative_score(nature, Decimal(0), b, w)
    if b <= 0:
        assert raw == w and met
    else:
        assert raw == 0 and not met


@settings(max_examples=100, deadline=None)
@given(target=st.sampled_from(ZERO_TARGETS), w=weights, zero=st.sampled_from(["0", "０", "0.00"]))
def test_zero_target_rows_score_the_full_weight(target, w, zero):
    text, nature, unit = target
    actual = zero + unit
    res = score_indicator(Indicator(target=text, actual=actual, nature=nature, weight=w), Settings(), None)
    assert res.score == round_score(w, w, 2), (text, nature, actual, res)


@settings(max_examples=60, deadline=None)
@given(target=st.sampled_from(ZERO_TARGETS), w=weights.filter(lambda x: x > 0), n=st.integers(1, 1000))
def test_zero_target_rows_with_something_score_0(target, w, n):
    text, nature, unit = target
    res = score_indicator(Indicator(target=text, actual=f"{n}{unit}", nature=nature, weight=w), Settings(), None)
    assert res.score == 0, (text, nature, n, res)
