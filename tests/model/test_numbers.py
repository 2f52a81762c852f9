"""Reading what people type, and rounding/formatting (SPEC §2, §3, §4 “Input”)."""
from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.numbers import (LIMIT, NumberError, Quantity, convert, fmt_decimal, fmt_money, fmt_plain,
                           fmt_rate, normalize, parse_date, parse_decimal, parse_int, parse_money,
                           parse_quantity, rate_percent, round_half_up, units_compatible,
                           years_mentioned)


# --------------------------------------------------------------------------- rounding

@pytest.mark.parametrize("value, places, expected", [
    ("2.675", 2, "2.68"),       # a binary float would give 2.67
    ("0.125", 2, "0.13"),
    ("1.005", 2, "1.01"),
    ("2.5", 0, "3"),
    ("3.5", 0, "4"),            # not banker's rounding
    ("-2.5", 0, "-3"),          # ties go away from zero for negatives too (like Excel ROUND)
    ("-2.675", 2, "-2.68"),
    ("-2.4", 0, "-2"),
    ("9.955", 2, "9.96"),
    ("99.995", 2, "100.00"),
    ("0.95833", 4, "0.9583"),
])
def test_round_half_up(value, places, expected):
    assert str(round_half_up(D(value), places)) == expected


def test_round_half_up_never_gives_negative_zero_and_handles_huge_values():
    assert str(round_half_up(D("-0.001"), 2)) == "0.00"
    assert str(round_half_up(D("-0.004"), 2)) == "0.00"
    assert round_half_up(D("1E+30"), 2) == D("1E+30")   # no InvalidOperation from a 28-digit context


def test_formatting():
    assert fmt_decimal(D("85.5")) == "85.50"
    assert fmt_decimal(D("-0.001")) == "0.00"
    assert fmt_decimal(None) == ""
    assert fmt_decimal(None, empty="—") == "—"
    assert fmt_money(D("252.645")) == "252.65"
    assert fmt_decimal(D("9.583"), 1) == "9.6"
    assert fmt_plain(D("85.5300")) == "85.53"
    assert fmt_plain(D("1E+3")) == "1000"
    assert fmt_plain(D("-0")) == "0"
    assert fmt_plain(D("0.00")) == "0"
    assert fmt_plain(None, empty="—") == "—"


def test_fmt_rate_and_rate_percent():
    assert fmt_rate(D("252.65") / (D("180.07") + D("73.72"))) == "99.55%"
    assert fmt_rate(D(7) / D(8)) == "87.50%"
    assert fmt_rate(D(1)) == "100.00%"
    assert fmt_rate(D("1.15") / D("1.2")) == "95.83%"
    assert fmt_rate(None) == "—"
    assert fmt_rate(None, empty="") == ""
    assert rate_percent(D("0.99549")) == D("99.55")
    assert rate_percent(None) is None


# --------------------------------------------------------------------------- bare numbers

@pytest.mark.parametrize("text, expected", [
    ("85.53", "85.53"),
    ("１２３．４５", "123.45"),
    ("1,234.5", "1234.5"),
    ("1,234,567.89", "1234567.89"),
    ("１，２３４．５", "1234.5"),
    ("1 234.5", "1234.5"),      # a space as a thousands separator
    ("  85.53 ", "85.53"),
    ("-3", "-3"),
    ("−3", "-3"),               # U+2212 minus sign
    ("+5", "5"),
    ("- 5", "-5"),
    (".5", "0.5"),
    ("5.", "5"),
    ("-0", "0"),
    ("85。53", "85.53"),        # full stop typed with a Chinese input method
])
def test_parse_decimal_accepts(text, expected):
    assert parse_decimal(text) == D(expected)


@pytest.mark.parametrize("text, why", [
    ("189.67190.2", "2 个小数点"),
    ("1.2.3", "2 个小数点"),
    ("1,23,4", "逗号"),
    ("1234,5", "逗号"),
    ("12a3", "不能识别的字符“a”"),
    ("--5", "正负号"),
    ("5-", "正负号"),
    ("12-31", "正负号"),
    ("85 90", "空格"),
    ("1e5", "不能识别的字符“e”"),
    ("NaN", "不能识别的字符"),
    ("Infinity", "不能识别的字符"),
    ("٣", "不能识别的字符"),     # only 0-9 are digits
    ("", "请输入数字"),
    ("   ", "请输入数字"),
    (".", "不是有效的数字"),
    ("+", "不是有效的数字"),
    ("85.53万元", "万元"),      # a bare number field: units belong to parse_money/parse_quantity
    ("1" * 16, "过大"),
    ("1" * 300, "过长"),
])
def test_parse_decimal_rejects_with_a_chinese_reason(text, why):
    with pytest.raises(NumberError) as e:
        parse_decimal(text)
    assert why in str(e.value)


def test_parse_decimal_rejects_non_text():
    for value in (None, 5, 1.5, b"5"):
        with pytest.raises(NumberError):
            parse_decimal(value)


def test_normalize_full_width_and_signs():
    assert normalize("＞＝９６％") == "≥96%"
    assert normalize("≦5") == "≤5"
    assert normalize("＜＝5") == "≤5"
    assert normalize("\u3000９６  ％ ") == "96 %"


# --------------------------------------------------------------------------- money and counts

@pytest.mark.parametrize("text, expected", [
    ("85.53", D("85.53")),
    ("85.53万元", D("85.53")),
    ("85.53 万元", D("85.53")),
    ("８５．５３万元", D("85.53")),
    ("853,000元", D("85.3")),
    ("1元", D("0.0001")),
    ("0.5元", D("0.0001")),          # 0.00005 万元 → 4 places, half up
    ("3.5亿元", D("35000")),
    ("1万", D("1")),
    ("12.34567", D("12.3457")),
    ("", None), ("—", None), ("-", None), ("无", None), (None, None),
])
def test_parse_money(text, expected):
    assert parse_money(text) == expected


@pytest.mark.parametrize("text", ["189.67190.2万元", "12a3", "1" * 11, "1,23万元"])
def test_parse_money_rejects(text):
    with pytest.raises(NumberError):
        parse_money(text)


def test_parse_money_error_names_the_problem():
    with pytest.raises(NumberError, match="2 个小数点"):
        parse_money("189.67190.2万元")


@pytest.mark.parametrize("text, expected", [
    ("32", 32), ("32名", 32), ("３２人", 32), ("1,000人次", 1000), ("18.0", 18), ("", None),
    (None, None), ("—", None),
])
def test_parse_int(text, expected):
    assert parse_int(text) == expected


@pytest.mark.parametrize("text, why", [("32.5", "整数"), ("3 2", "空格"), ("12a", "不能识别")])
def test_parse_int_rejects(text, why):
    with pytest.raises(NumberError, match=why):
        parse_int(text)
    with pytest.raises(NumberError):
        parse_int(32)


# --------------------------------------------------------------------------- quantities

@pytest.mark.parametrize("text, comparator, value, unit", [
    ("85.53", "", "85.53", ""),
    ("85.53万元", "", "85.53", "万元"),
    ("１２３．４５", "", "123.45", ""),
    ("1,234.5", "", "1234.5", ""),
    ("≥96%", "≥", "96", "%"),
    ("≤110.71 万元", "≤", "110.71", "万元"),
    ("=100%", "=", "100", "%"),
    ("32名", "", "32", "人"),
    ("９６％", "", "96", "%"),
    ("96 %", "", "96", "%"),
    ("不低于95%", "≥", "95", "%"),
    ("100人次以上", "≥", "100", "人次"),
    ("≥ 1,000 人次", "≥", "1000", "人次"),
    ("＞＝96％", "≥", "96", "%"),
    (">=96%", "≥", "96", "%"),
    ("≧96%", "≥", "96", "%"),
    ("＜5天", "<", "5", "天"),
    ("大于或等于96%", "≥", "96", "%"),
    ("不超过110万元", "≤", "110", "万元"),
    ("控制在110万元以内", "≤", "110", "万元"),
    ("110万元以内", "≤", "110", "万元"),
    ("5天内", "≤", "5", "天"),
    ("95%以上", "≥", "95", "%"),
    ("95%及以上", "≥", "95", "%"),
    ("≥96％以上", "≥", "96", "%"),
    ("≥96%（含）", "≥", "96", "%"),
    ("1200人次（全年）", "", "1200", "人次"),
    ("95%完成", "", "95", "%"),
    ("达到95%", "≥", "95", "%"),
    ("完成率100%", "", "100", "%"),
    ("满意度≥90%", "≥", "90", "%"),
    ("约50人左右", "", "50", "人"),
    ("3个乡镇", "", "3", "个"),
    ("5所", "", "5", "个"),
    ("25场次", "", "25", "场"),
    ("3万人次", "", "30000", "人次"),
    ("1万", "", "1", "万元"),
    ("10㎡", "", "10", "㎡"),
    ("1000m²", "", "1000", "㎡"),
    ("300平方米", "", "300", "㎡"),
    ("0.5‰", "", "0.5", "‰"),
    ("10元/人", "", "10", "元/人"),
    ("-5%", "", "-5", "%"),
    ("0", "", "0", ""),
])
def test_parse_quantity_numbers(text, comparator, value, unit):
    q = parse_quantity(text)
    assert (q.comparator, q.value, q.unit) == (comparator, D(value), unit)
    assert q.is_number and not q.is_date and not q.is_text
    assert q.text == text


@pytest.mark.parametrize("text, why", [
    ("189.67190.2", "2 个小数点"),
    ("189.67190.2万元", "2 个小数点"),
    ("≥189.67190.2万元", "2 个小数点"),
    ("1,23,4", "逗号"),
    ("12a3", "不能识别的字符“a”"),
    ("--5", "正负号"),
    ("12-31", "正负号"),
    ("85 90", "空格"),
    ("≥96 95%", "空格"),
])
def test_parse_quantity_rejects_malformed_numbers(text, why):
    with pytest.raises(NumberError) as e:
        parse_quantity(text)
    assert why in str(e.value)
    assert "“" in str(e.value)   # quotes what was typed


@pytest.mark.parametrize("text, expected, comparator", [
    ("2024年12月31日之前完成", date(2024, 12, 31), "≤"),
    ("2024年12月31日前", date(2024, 12, 31), "≤"),
    ("2024-12-31", date(2024, 12, 31), ""),
    ("2024.12.31", date(2024, 12, 31), ""),
    ("2024/6/30前", date(2024, 6, 30), "≤"),
    ("２０２４年６月３０日", date(2024, 6, 30), ""),
    ("2024年12月", date(2024, 12, 31), ""),
    ("2024年2月底前", date(2024, 2, 29), "≤"),
    ("2024年底前完成", date(2024, 12, 31), "≤"),
    ("2024年内", date(2024, 12, 31), "≤"),
    ("2024年第三季度", date(2024, 9, 30), ""),
    ("2024年12月上旬", date(2024, 12, 10), ""),
    ("2024年1月至12月", date(2024, 12, 31), ""),     # a range: its end is the deadline
    ("于2024年11月完成验收", date(2024, 11, 30), ""),
    ("2024年12月20日已全部拨付到位", date(2024, 12, 20), ""),
])
def test_parse_quantity_dates(text, expected, comparator):
    q = parse_quantity(text)
    assert q.is_date and not q.is_number and not q.is_text
    assert q.date == expected and q.year_given
    assert q.comparator == comparator


def test_dates_without_a_year():
    q = parse_quantity("12月底前")
    assert q.is_date and not q.year_given and (q.date.month, q.date.day) == (12, 31)
    assert q.comparator == "≤"
    q = parse_quantity("12月底前", year=2024)
    assert q.year_given and q.date == date(2024, 12, 31)
    assert parse_quantity("6月30日前", year=2025).date == date(2025, 6, 30)
    assert parse_quantity("年底前完成", year=2024).date == date(2024, 12, 31)
    assert parse_quantity("2月29日前", year=2023).date == date(2023, 2, 28)
    assert parse_date("12月底前") is None
    assert parse_date("12月底前", 2024) == date(2024, 12, 31)


def test_parse_date_is_lenient_and_takes_the_deadline():
    assert parse_date("项目于2024年12月20日举办第三届活动并验收") == date(2024, 12, 20)
    assert parse_date("2024年6月30日前启动，2024年12月31日前完成") == date(2024, 12, 31)
    assert parse_date("2024年1月至2025年3月") == date(2025, 3, 31)
    assert parse_date("2024年13月") is None
    assert parse_date("2024年2月30日") is None
    assert parse_date("效果明显") is None
    assert parse_date(None) is None


@pytest.mark.parametrize("text", [
    "效果明显", "达到预期", "有效提升", "第3季度", "2024年培训100人次", "效果明显，年内见效",
    "按时完成", "5-10人", "≈5", "NaN",
])
def test_parse_quantity_text(text):
    q = parse_quantity(text)
    assert q.is_text and q.value is None and q.date is None and q.comparator == ""


def test_parse_quantity_empty_and_odd_input():
    for text in ("", "   ", None):
        q = parse_quantity(text)
        assert q.is_empty and not q.is_text and not q.is_number
    long = "1" * 600
    assert parse_quantity(long).is_text
    with pytest.raises(NumberError):
        parse_quantity(5)
    with pytest.raises(NumberError):
        parse_quantity(["1"])     # unhashable: still a NumberError, not a TypeError


def test_parse_quantity_is_cached_and_immutable():
    a = parse_quantity("≥96%")
    assert parse_quantity("≥96%") is a
    assert hash(a) == hash(Quantity(text="≥96%", comparator="≥", value=D(96), unit="%"))
    with pytest.raises(Exception):
        a.value = D(1)
    # an error is raised every time, with the same message
    msgs = set()
    for _ in range(2):
        with pytest.raises(NumberError) as e:
            parse_quantity("189.67190.2")
        msgs.add(str(e.value))
    assert len(msgs) == 1


def test_units():
    assert units_compatible("%", "%")
    assert units_compatible("%", "")
    assert units_compatible("名", "人")
    assert units_compatible("万元", "元")
    assert units_compatible("‰", "%")
    assert not units_compatible("%", "人")
    assert not units_compatible("人", "人次")
    assert convert(D("1107100"), "元", "万元") == D("110.71")
    assert convert(D("1.5"), "亿元", "万元") == D("15000")
    assert convert(D(5), "‰", "%") == D("0.5")
    assert convert(D(5), "人", "名") == D(5)
    with pytest.raises(NumberError, match="不能换算"):
        convert(D(5), "%", "人")


def test_years_mentioned():
    assert years_mentioned("2023年12月31日之前完成") == [2023]
    assert years_mentioned("2024-12-31 与 2023年") == [2024, 2023]
    assert years_mentioned("２０２３年") == [2023]
    assert years_mentioned("共1000人次") == []


# --------------------------------------------------------------------------- properties

finite = st.decimals(allow_nan=False, allow_infinity=False, min_value=-LIMIT + 1, max_value=LIMIT - 1,
                     places=None)


@settings(max_examples=300, deadline=None)
@given(finite)
def test_fmt_plain_parses_back_equal(x):
    """Within the stored bounds (model.numbers.MAX_MAGNITUDE, MAX_PLACES decimals, more rounded
    half-up) a number reads back equal; outside them parse_decimal refuses it (issue 14: what a
    field accepts, a file holds)."""
    from model.numbers import MAX_MAGNITUDE, MAX_PLACES
    expected = round_half_up(x, MAX_PLACES) if x.as_tuple().exponent < -MAX_PLACES else x
    if abs(expected) < MAX_MAGNITUDE:
        assert parse_decimal(fmt_plain(x)) == expected
    else:
        with pytest.raises(NumberError):
            parse_decimal(fmt_plain(x))


@settings(max_examples=300, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-10 ** 9, max_value=10 ** 9,
                   places=4))
def test_fmt_decimal_matches_round_half_up(x):
    assert D(fmt_decimal(x, 2)) == round_half_up(x, 2)
    assert abs(D(fmt_decimal(x, 2)) - x) <= D("0.005")


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_parse_decimal_raises_only_number_error(text):
    try:
        d = parse_decimal(text)
    except NumberError as e:
        assert str(e)
    else:
        assert d.is_finite() and abs(d) < LIMIT


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,+- ≥≤<>=%万元人次年月日前底，。％０１９")),
               max_size=20))
def test_number_like_text_never_crashes(text):
    for parse in (parse_decimal, parse_money, parse_int, parse_quantity):
        try:
            parse(text)
        except NumberError:
            pass


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_quantity_and_money_raise_only_number_error(text):
    for parse in (parse_quantity, parse_money, parse_int):
        try:
            parse(text)
        except NumberError:
            pass


_FULL = str.maketrans("0123456789.,%", "０１２３４５６７８９．，％")


@settings(max_examples=300, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=0, max_value=10 ** 9, places=3),
       st.sampled_from(["", "%", "≥", "≤"]))
def test_full_width_equals_half_width(x, decoration):
    text = fmt_plain(x)
    if decoration == "%":
        text += "%"
    elif decoration:
        text = decoration + text
    full = text.translate(_FULL)
    assert parse_quantity(full).value == parse_quantity(text).value == x
    assert parse_quantity(full).unit == parse_quantity(text).unit
    assert parse_decimal(fmt_plain(x).translate(_FULL)) == x


def test_days_in_month_match_the_calendar_module():
    import calendar

    from model.numbers import _days_in_month
    for year in (1, 1900, 1999, 2000, 2023, 2024, 2100, 2400, 9999):
        for month in range(1, 13):
            assert _days_in_month(year, month) == calendar.monthrange(year, month)[1], (year, month)
