"""The number parser under hostile text (extends tests/model/test_numbers.py, which
covers random text and number-like characters): text at and just over the length
limits, built from the pieces that make the parser's regular expressions
backtrack (digits, commas, dots, signs, years, dates, units, comparators),
surrogates and control characters, and a year argument anywhere in range. Every
call ends in a value or a ``NumberError`` with a Chinese message, quickly."""
from __future__ import annotations

import time
from decimal import Decimal

from hypothesis import given, settings, strategies as st

from fuzz_support import is_chinese
from model.numbers import (LIMIT, MAX_INPUT, MAX_QUANTITY_TEXT, NumberError, Quantity, fmt_decimal, fmt_money,
                           fmt_plain, parse_date, parse_decimal, parse_int, parse_money, parse_quantity,
                           round_half_up, years_mentioned)

PIECES = ["1", "9", "0", ",", ".", "-", "+", " ", "，", "。", "１", "２０２４", "2024年", "12月", "31日", "底",
          "前", "之前", "-", "/", "≥", "≤", ">=", "<", "%", "％", "万元", "元", "亿元", "人次", "个", "天",
          "e", "E", "x", "(", ")", "（", "）", "约", "实际完成", "率", "\u3000", "\t", "\ud800", "\x00",
          "\u200b", "\u202e", "𠀀", "🧧", "⁰", "½", "٣", "۳", "Ⅻ", "十", "万"]
CALLS = (parse_decimal, parse_money, parse_int, parse_quantity, parse_date)


def _call(fn, text, *args):
    t0 = time.perf_counter()
    try:
        value = fn(text, *args)
    except NumberError as e:
        assert is_chinese(str(e)), (fn.__name__, text[:60], str(e))
        value = None
    elapsed = time.perf_counter() - t0
    assert elapsed < 0.5, (fn.__name__, len(text), elapsed)
    return value


def _check_number(value):
    if isinstance(value, Decimal):
        assert value.is_finite() and abs(value) < LIMIT
        assert not (value == 0 and value.is_signed()), "negative zero came out of the parser"
        # whatever was accepted also prints
        fmt_money(value), fmt_plain(value), fmt_decimal(value, 2), round_half_up(value, 2)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(PIECES), max_size=120), st.one_of(st.none(), st.integers(1900, 2200)))
def test_piecewise_text(pieces, year):
    text = "".join(pieces)
    for fn in CALLS:
        value = _call(fn, text, year) if fn in (parse_quantity, parse_date) else _call(fn, text)
        _check_number(value)
        if isinstance(value, Quantity) and value.value is not None:
            _check_number(value.value)
    years = years_mentioned(text)
    assert all(1900 <= y <= 2199 for y in years)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.sampled_from(PIECES), st.sampled_from([MAX_INPUT - 1, MAX_INPUT, MAX_INPUT + 1,
                                                 MAX_QUANTITY_TEXT - 1, MAX_QUANTITY_TEXT,
                                                 MAX_QUANTITY_TEXT + 1, 100_000]))
def test_text_at_the_length_limits(piece, length):
    text = (piece * (length // max(1, len(piece)) + 1))[:length]
    for fn in CALLS:
        _check_number(_call(fn, text))


def test_huge_text_is_refused_fast():
    for text in ("1" * 1_000_000, "1," * 500_000, "2024年12月31日" * 50_000, "≥" + "9" * 10 ** 6 + "%",
                 "-" * 10 ** 6 + "1", "0." + "0" * 10 ** 6 + "1"):
        for fn in CALLS:
            _call(fn, text)
    t0 = time.perf_counter()
    years = years_mentioned("2024年完成。" * 50_000)      # a 正文 section pasted many times
    assert len(years) == 50_000 and time.perf_counter() - t0 < 2


def test_negative_zero_is_plain_zero():
    for text in ("-0", "-0.00", "－０", "-0万元", "-.0"):
        for fn in (parse_decimal, parse_money):
            v = _call(fn, text)
            if v is not None:
                assert v == 0 and not v.is_signed(), (text, v)
        q = _call(parse_quantity, text)
        if q is not None and q.value is not None:
            assert not q.value.is_signed(), (text, q.value)
    assert fmt_money(Decimal("-0.001")) in ("0.00", "0")
    assert not fmt_plain(Decimal("-0")).startswith("-")
