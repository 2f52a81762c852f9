"""One printed form for dates: ``model.dates.format_date`` / ``printed_date``."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, strategies as st

from model.dates import format_date, parse_day, printed_date

DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2199, 12, 31))
FULLWIDTH = str.maketrans("0123456789-./", "０１２３４５６７８９－．／")


def spellings(d: dt.date) -> list[str]:
    y, m, day = d.year, d.month, d.day
    out = [d.isoformat(), f"{y}-{m}-{day}", f"{y}.{m}.{day}", f"{y}/{m:02d}/{day:02d}",
           f"{y}年{m}月{day}日", f"{y}年{m:02d}月{day:02d}日", f" {y} 年 {m} 月 {day} 日 ", f"{y}年{m}月{day}号"]
    return out + [s.translate(FULLWIDTH) for s in out[:3]]


@given(DATES)
def test_every_spelling_of_a_parse_day_prints_one_way(d):
    want = f"{d.year}年{d.month}月{d.day}日"
    assert format_date(d) == want
    for text in spellings(d):
        assert parse_day(text) == d, text
        assert printed_date(text) == want, text


@given(st.sampled_from(["2025年3月", "2025年3月底", "三月十八日", "待定", "", "  ", "2025-02-30",
                        "2025-13-01", "2025-3-18 上午"]))
def test_anything_else_prints_as_typed(text):
    assert parse_day(text) is None
    assert printed_date(text) == text.strip()
