"""Dates in what people type (时效 targets, 填报日期, years named in a text), and the text
normalisation that numbers and dates share. ``model.numbers`` re-exports all of it.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Optional

from .lazyre import LazyPattern

MAX_QUANTITY_TEXT = 500    # longer target/actual text is kept as text, never parsed
PLACEHOLDER_YEAR = 2000    # year of a date typed without one (a leap year, so 2月29日 exists)

_SYMBOLS = (("≧", "≥"), ("⩾", "≥"), (">=", "≥"), ("=>", "≥"), ("≦", "≤"), ("⩽", "≤"),
            ("<=", "≤"), ("=<", "≤"), ("==", "="), ("≥=", "≥"), ("≤=", "≤"))


def normalize(text: str) -> str:
    """Full-width → half-width, unify comparison and minus signs, trim."""
    t = unicodedata.normalize("NFKC", text)
    t = t.replace("\u2212", "-").replace("\u2010", "-").replace("\u2011", "-")
    for a, b in _SYMBOLS:
        t = t.replace(a, b)
    t = t.replace("，", ",").replace("。", ".")
    t = re.sub(r"\s+", " ", t).strip()
    return t


_Y = r"(?<![0-9])(?P<y>(?:19|20|21)[0-9]{2})"
_PART = r"(?P<part>上旬|中旬|下旬|初|底|末|中)"
_DATE_PATTERNS: tuple[LazyPattern, ...] = tuple(LazyPattern(p) for p in (
    # 2024年12月31日 / 2024年12月底 / 2024年12月
    _Y + r" ?年 ?(?P<m>[0-9]{1,2}) ?月(?: ?(?P<d>[0-9]{1,2}) ?[日号]| ?" + _PART + r")?",
    # 2024-12-31, 2024.12.31, 2024/12/31
    _Y + r"(?P<sep>[-./])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})(?![0-9])",
    # 2024-12, 2024/12
    _Y + r"[-/](?P<m>[0-9]{1,2})(?![0-9./-])",
    # 2024年第三季度
    _Y + r" ?年 ?第?(?P<q>[一二三四1-4]) ?季度",
    # 2024年底, 2024年末, 2024年内, 2024年度内, 2024年 (alone)
    _Y + r" ?年度? ?(?P<ye>底|末|内|$)",
    # yearless: 12月31日, 12月底, 12月
    r"(?<![0-9年./-])(?P<m>[0-9]{1,2}) ?月(?: ?(?P<d>[0-9]{1,2}) ?[日号]| ?" + _PART + r"|份)?",
    # yearless: 年底, 年末, 年内
    r"(?<![0-9])(?:本|当)?年(?:度)?(?P<ye>底|末|内)",
))
_QUARTERS = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}
# words that may surround a date in a 时效 value; anything else makes the text a sentence
_DATE_WORDS = LazyPattern(
    r"之前|以前|前|截至|截止|之内|以内|内|完成|完工|竣工|验收|办结|结束|实施|启动|开展|举办|拨付|发放|支付|"
    r"兑现|到位|全部|已经|已|于|在|按时|按期|如期|提前|前期|的|并|止|及时|任务|工作|资金|项目|"
    r"[-~至到—–,;:. ]")
_DEADLINE_WORDS = LazyPattern(r"前|截至|截止|以内|之内|内")
_BRACKETS = LazyPattern(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〔[^〔〕]*〕")


def _days_in_month(y: int, m: int) -> int:
    """Days of month ``m`` of year ``y`` in the Gregorian calendar (``calendar.monthrange(y, m)[1]``
    without importing ``calendar``, which loads ``locale``)."""
    if m == 2:
        return 29 if y % 4 == 0 and (y % 100 != 0 or y % 400 == 0) else 28
    return 30 if m in (4, 6, 9, 11) else 31


def _safe_date(y: int, m: int, d: Optional[int]) -> Optional[date]:
    if not 1 <= m <= 12:
        return None
    last = _days_in_month(y, m)
    if d is None:
        d = last
    if not 1 <= d <= last:
        return None
    return date(y, m, d)


def _scan_dates(t: str) -> tuple[list[tuple[date, bool]], str]:
    """All dates in normalised text ``t`` (in order, with year_given) and the text left over."""
    found: list[tuple[int, int, date, bool]] = []
    taken = [False] * len(t)
    for pat in _DATE_PATTERNS:
        for m in pat.finditer(t):
            if any(taken[m.start():m.end()]) or m.end() == m.start():
                continue
            g = m.groupdict()
            year_given = bool(g.get("y"))
            y = int(g["y"]) if year_given else PLACEHOLDER_YEAR
            if g.get("q"):
                mo, day = _QUARTERS[g["q"]], None
            elif g.get("m"):
                mo = int(g["m"])
                day = int(g["d"]) if g.get("d") else None
                part = g.get("part")
                if day is None and part in ("上旬", "初"):
                    day = 10
                elif day is None and part in ("中旬", "中"):
                    day = 20
            else:   # year end
                mo, day = 12, 31
            d = _safe_date(y, mo, day)
            if d is None:
                continue
            found.append((m.start(), m.end(), d, year_given))
            for i in range(m.start(), m.end()):
                taken[i] = True
    found.sort()
    # a yearless date after a dated one takes its year (2024年1月至12月)
    out: list[tuple[date, bool]] = []
    last_year: Optional[int] = None
    for _s, _e, d, given in found:
        if given:
            last_year = d.year
        elif last_year is not None:
            d = _safe_date(last_year, d.month, d.day) or _safe_date(last_year, d.month, None)
            given = True
        out.append((d, given))
    rest = "".join(c for c, used in zip(t, taken) if not used)
    return out, rest


def parse_date(text: str, year: Optional[int] = None) -> Optional[date]:
    """The deadline named anywhere in the text, or None.

    ``2024年12月31日之前完成``, ``2024-6-30``, ``2024.12.31``, ``2024年底前``, ``2024年1月至12月``
    (the last date of a range) → a date. A date without a year is read in ``year``;
    without ``year`` such a date is ignored (None).
    """
    if not isinstance(text, str) or len(text) > MAX_QUANTITY_TEXT:
        return None
    t = _BRACKETS.sub(" ", normalize(text))
    dates, _rest = _scan_dates(t)
    for d, given in reversed(dates):
        if given:
            return d
        if year is not None:
            return _safe_date(year, d.month, d.day) or _safe_date(year, d.month, None)
    return None


_Y0 = r"^(?P<y>(?:19|20|21)[0-9]{2})"
#: a day typed on its own: 2026年3月15日, 2026-03-15 / 2026.3.15 / 2026/3/15, 20260315
_DAY_PATTERNS: tuple[LazyPattern, ...] = tuple(LazyPattern(p) for p in (
    _Y0 + r" ?年 ?(?P<m>[0-9]{1,2}) ?月 ?(?P<d>[0-9]{1,2}) ?[日号]?$",
    _Y0 + r" ?(?P<sep>[-./])(?P<m>[0-9]{1,2}) ?(?P=sep) ?(?P<d>[0-9]{1,2})$",
    _Y0 + r"(?P<m>[0-9]{2})(?P<d>[0-9]{2})$",
))


def parse_day(text: str) -> Optional[date]:
    """The calendar day a date field holds when typed: ``2026-03-15``, ``2026年3月15日``,
    ``2026.3.15``, ``2026/3/15``, ``20260315`` (full-width digits too); None for anything else
    (a month, a sentence, 2月30日)."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    t = normalize(text)
    for pat in _DAY_PATTERNS:
        m = pat.match(t)
        if m:
            return _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return None


def years_mentioned(text: str) -> list[int]:
    """Every ``YYYY年`` (and ``YYYY-MM-DD``-style date) mentioned in the text, in order."""
    t = normalize(text)
    found: list[tuple[int, int]] = [(m.start(), int(m.group(1)))
                                    for m in re.finditer(r"(?<![0-9])((?:19|20|21)[0-9]{2}) ?年", t)]
    for m in re.finditer(r"(?<![0-9])((?:19|20|21)[0-9]{2})([-./])[0-9]{1,2}\2[0-9]{1,2}(?![0-9])", t):
        found.append((m.start(), int(m.group(1))))
    return [y for _pos, y in sorted(found)]


# --------------------------------------------------------------------------- printed dates



def format_date(d: date) -> str:
    """A date as every printed surface shows it: ``2025年3月18日`` (no leading zeros)."""
    return f"{d.year}年{d.month}月{d.day}日"


def printed_date(text: str) -> str:
    """A typed date (填报日期) as it is printed: a full date in ``format_date``'s form, any
    other text (``2025年3月``) as typed, trimmed."""
    d = parse_day(text)
    return format_date(d) if d is not None else (text or "").strip()
