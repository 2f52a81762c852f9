"""Parse what people type into numbers, and format numbers for display.

Every rounding in the project goes through ``round_half_up`` (四舍五入).

``parse_decimal("1,234.5")`` → ``Decimal("1234.5")``
``parse_money("85.53万元")`` → ``Decimal("85.53")``
``parse_quantity("≤110.71 万元")`` → ``Quantity(comparator="≤", value=Decimal("110.71"), unit="万元")``
``parse_quantity("2024年12月31日之前完成")`` → a Quantity with ``date=date(2024, 12, 31)``

Anything that cannot be read raises ``NumberError`` whose text is a Chinese
sentence saying why (e.g. for ``189.67190.2``: two decimal points).

How typed text is read (decisions, so that every caller reads it the same way):

* Full-width characters are half-width (``１２３．４５``, ``９６％``, ``＞＝``); ``，`` and ``。``
  typed with a Chinese input method count as ``,`` and ``.``. Only the digits 0–9 are digits.
* A comma must be a thousands separator (``1,234.5``); a space inside a number is accepted only
  as a thousands separator (``1 234.5``), otherwise it is two numbers (``85 90``) and refused.
* Comparators may be signs (``≥ ≤ > < =``, also ``>=``, ``≧``) or words before the number
  (``不低于``, ``不超过``, ``达到`` …) or after it (``以上``/``及以上`` → ≥, ``以内``/``以下``/``内`` → ≤;
  ``左右`` → none). A label ending in 率/度 before the number is allowed (``满意度≥90%``).
* The unit is the known unit at the start of what follows the number (``%完成`` → ``%``,
  ``个乡镇`` → ``个``); a trailing remark in brackets is ignored (``≥96%（含）``). ``名``/``位`` read
  as ``人``, ``项``/``所`` as ``个``, ``场次`` as ``场``, ``辆`` as ``台``, ``平方米``/``m²`` as ``㎡``; a
  bare ``万`` is ``万元``; ``万人次`` is 10 000 ``人次``. Money units (元/千元/万元/亿元) and ``%``/``‰``
  convert into each other (``convert``); other different units never compare.
* A number glued to garbage (``189.67190.2``, ``1,23,4``, ``12a3``, ``--5``) is an error; a sentence
  that merely contains numbers (``2024年培训100人次``) is text (a qualitative value).
* Dates: ``2024年12月31日``, ``2024-12-31``, ``2024.12.31``, ``2024/12/31``, ``2024年12月`` (month end),
  ``2024年底``/``年末``/``年内`` (31 Dec), ``2024年第三季度`` (quarter end), ``上旬``/``中旬`` (10th/20th).
  A date without a year (``12月底前``, ``6月30日前``, ``年底前``) is read in the year passed to
  ``parse_quantity(text, year=)``; without one it gets the placeholder year 2000 and
  ``Quantity.year_given`` is False (scoring then takes the year from the report or the other value).
  When a text names several dates (a range ``2024年1月至12月``, or phases) the last one is the deadline.
  ``…之前/以前/前/截至/以内/内`` makes the comparator ``≤``.
* Rounding is ROUND_HALF_UP on the absolute value: 2.675 → 2.68, 0.125 → 0.13, and for negatives
  the tie goes away from zero (−2.5 → −3, −2.675 → −2.68), like Excel's ROUND. A result of −0 is 0.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Optional, Union

from .dates import (_BRACKETS, _DATE_WORDS, _DEADLINE_WORDS, MAX_QUANTITY_TEXT, PLACEHOLDER_YEAR,  # noqa: F401
                    _days_in_month, _safe_date, _scan_dates, normalize, parse_date, years_mentioned)
from .lazyre import LazyPattern
from .rounding import HUNDRED, fmt_decimal, fmt_money, fmt_plain, fmt_rate, rate_percent, round_half_up  # noqa: F401

MAX_INPUT = 200            # characters: longer text is not a number anyone typed
LIMIT = Decimal("1e15")    # larger magnitudes in a target/actual text are typing errors

# What a number field, an importer or a command may put into a report; the loader
# (``model.report.parse_stored_decimal``) reads all of it back, so whatever is accepted here is
# saved and opened again. One definition for every caller:
#: a stored decimal (score, 分值, area, amount) is smaller than this in magnitude
MAX_MAGNITUDE = Decimal("1e12")
#: decimals a typed score or area keeps (more are rounded half-up)
MAX_PLACES = 6
#: money in 万元: smaller than this, kept to ``MONEY_PLACES`` decimals (rounded half-up)
MAX_MONEY = Decimal("1e10")
MONEY_PLACES = 4
#: a count (人数, 车辆数) is at most this in magnitude
MAX_COUNT = 10 ** 9
#: the loader also reads what earlier versions let fields accept (up to ``LIMIT``, any decimals
#: within ``MAX_INPUT`` characters), so that a file saved by them opens
READ_LIMIT = LIMIT
READ_CHARS = 200


class NumberError(ValueError):
    """Text that is not a number; ``str(e)`` is a Chinese explanation."""


# --------------------------------------------------------------------------- normalisation

# longest first: a word is tried before the words it contains
_COMPARATOR_WORDS: tuple[tuple[str, str], ...] = (
    ("大于或等于", "≥"), ("大于等于", "≥"), ("不低于", "≥"), ("不少于", "≥"), ("不小于", "≥"),
    ("高于或等于", "≥"), ("至少", "≥"), ("达到", "≥"), ("达", "≥"),
    ("小于或等于", "≤"), ("小于等于", "≤"), ("不高于", "≤"), ("不多于", "≤"), ("不大于", "≤"),
    ("不超过", "≤"), ("不超出", "≤"), ("控制在", "≤"), ("至多", "≤"), ("最多", "≤"),
    ("大于", ">"), ("高于", ">"), ("超过", ">"), ("多于", ">"),
    ("小于", "<"), ("低于", "<"), ("少于", "<"),
    ("等于", "="),
)
# words after the number (and unit)
_TRAILING_WORDS: tuple[tuple[str, str], ...] = (
    ("及以上", "≥"), ("或以上", "≥"), ("以上", "≥"),
    ("及以下", "≤"), ("或以下", "≤"), ("以下", "≤"), ("以内", "≤"), ("之内", "≤"), ("内", "≤"),
    ("左右", ""), ("上下", ""), ("完成", ""), ("已完成", ""), ("全覆盖", ""), ("覆盖", ""),
)
# words before the number that carry no comparator
_NEUTRAL_WORDS: tuple[str, ...] = (
    "实际完成", "完成", "实现", "实际", "全年", "年度", "累计", "共计", "合计", "总计", "共", "约",
    "为", "是", "计", ":",
)
_LABEL_RE = LazyPattern(r"^[\u4e00-\u9fff]{1,8}?[率度]")
_CMP_SIGNS = "≥≤><="


# --------------------------------------------------------------------------- plain numbers

_GOOD_NUM = LazyPattern(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|[+-]?\.[0-9]+")
_SPACED_NUM = LazyPattern(r"[+-]?[0-9]{1,3}(?: [0-9]{3})+(?:\.[0-9]+)?")


def _number_core(t: str, original: str) -> Decimal:
    """``t`` is normalised text that should be exactly one number."""
    t = t.strip()
    if not t:
        raise NumberError("请输入数字")
    t = re.sub(r"^([+-]) +", r"\1", t)
    dots = t.count(".")
    if dots > 1:
        raise NumberError(f"“{original}”中有 {dots} 个小数点，不是一个有效的数字，"
                          "请检查是否把两个数连在了一起")
    signs = t.count("-") + t.count("+")
    if signs > 1 or (signs == 1 and t[0] not in "+-"):
        raise NumberError(f"“{original}”中的正负号位置不对")
    bad = "".join(dict.fromkeys(c for c in t if c not in "0123456789.,+- "))
    if bad:
        raise NumberError(f"“{original}”中含有不能识别的字符“{bad}”，这里只能填数字")
    if " " in t:
        if _SPACED_NUM.fullmatch(t):
            t = t.replace(" ", "")
        else:
            raise NumberError(f"“{original}”中间有空格，像是两个数，请只填一个数")
    if not _GOOD_NUM.fullmatch(t):
        if "," in t:
            raise NumberError(f"“{original}”中的逗号位置不对：逗号只能用作千分位（如 1,234.5），"
                              "小数点请用“.”")
        raise NumberError(f"“{original}”不是有效的数字")
    try:
        d = Decimal(t.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex guards this
        raise NumberError(f"“{original}”不是有效的数字") from None
    if abs(d) >= LIMIT:
        raise NumberError(f"“{original}”数值过大")
    if d == 0:
        d = abs(d)
    return d


def check_value(value: Decimal, shown: str = "") -> Decimal:
    """``value`` as a report may store it, else ``NumberError``: more than ``MAX_PLACES``
    decimals are rounded half-up (as money is to ``MONEY_PLACES``), and the magnitude after
    that must be below ``MAX_MAGNITUDE``."""
    shown = shown or fmt_plain(value)
    if not value.is_finite():
        raise NumberError(f"“{shown}”不是有效的数字")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_PLACES:
        value = round_half_up(value, MAX_PLACES)
    if abs(value) >= MAX_MAGNITUDE:
        raise NumberError(f"“{shown}”数值过大：绝对值应小于 1 万亿（{MAX_MAGNITUDE:,f}）")
    if value == 0:
        value = abs(value)
    return value


def parse_decimal(text: str) -> Decimal:
    """A bare number: ``85.53``, ``１２３．４５``, ``1,234.5``, ``-3``. Raises ``NumberError``.

    The value is one a report can store (``check_value``).
    """
    if not isinstance(text, str):
        raise NumberError("请输入数字")
    if len(text) > MAX_INPUT:
        raise NumberError("输入过长，不是一个数字")
    shown = text.strip()
    return check_value(_number_core(normalize(text), shown), shown)


def parse_stored(text: str) -> Decimal:
    """A decimal as a .jxzp file stores it (plain digits, from ``format(d, "f")``).

    Reads everything ``parse_decimal``/``parse_money`` accept and what earlier versions
    accepted (``READ_LIMIT``, ``READ_CHARS``). Raises ``NumberError``.
    """
    t = text.strip()
    if len(t) > READ_CHARS:
        raise NumberError("数值过长")
    try:
        d = Decimal(t)
    except (InvalidOperation, ValueError):
        raise NumberError(f"数值“{t[:20]}”无法识别") from None
    if not d.is_finite():
        raise NumberError(f"数值“{t[:20]}”不是有限数")
    if abs(d) >= READ_LIMIT:
        raise NumberError(f"数值 {t[:40]} 超出允许范围")
    if d == 0:
        d = abs(d)   # no negative zero
    return d


#: money units → factor into 万元
MONEY_UNITS = {"亿元": Decimal(10000), "万元": Decimal(1), "千元": Decimal("0.1"), "元": Decimal("0.0001")}


def parse_money(text: Optional[str], places: int = MONEY_PLACES) -> Optional[Decimal]:
    """An amount in 万元: ``85.53``, ``85.53万元``, ``853,000元`` (→ 85.3). Empty → None.

    A value with more than ``places`` decimals is rounded half-up (money is kept to 4).
    """
    if text is None:
        return None
    if not isinstance(text, str):
        raise NumberError("请输入数字")
    if len(text) > MAX_INPUT:
        raise NumberError("输入过长，不是一个金额")
    t = normalize(text)
    if t in ("", "-", "—", "/", "无"):
        return None
    factor = Decimal(1)
    for unit in ("亿元", "万元", "千元", "元", "万"):
        if t.endswith(unit):
            t = t[: -len(unit)].strip()
            factor = MONEY_UNITS.get(unit, Decimal(1))
            break
    value = _number_core(t, text.strip()) * factor
    if abs(value) >= MAX_MONEY:
        raise NumberError(f"“{text.strip()}”数值过大：金额应小于 100 万亿元")
    if value.as_tuple().exponent < -places:
        value = round_half_up(value, places)
    return value


def parse_int(text: Optional[str]) -> Optional[int]:
    """A count: ``32``, ``32名``, ``３２人``, ``1,000人次``. Empty → None."""
    if text is None:
        return None
    if not isinstance(text, str):
        raise NumberError("请输入整数")
    if len(text) > MAX_INPUT:
        raise NumberError("输入过长，不是一个整数")
    t = normalize(text)
    if t in ("", "-", "—", "/", "无"):
        return None
    t = re.sub(r"(人次|名|人|个|辆|台|家|次|户|位|所|项)$", "", t).strip()
    d = _number_core(t, text.strip())
    if d != d.to_integral_value():
        raise NumberError(f"“{text.strip()}”应为整数")
    if abs(d) > MAX_COUNT:
        raise NumberError(f"“{text.strip()}”数值过大：应不超过 10 亿")
    return int(d)


# --------------------------------------------------------------------------- units

# longest first
_KNOWN_UNITS: tuple[str, ...] = tuple(sorted((
    "%", "‰", "亿元", "万元", "千元", "元", "万", "人次", "人", "名", "位", "户", "个", "家", "所",
    "次", "场次", "场", "期", "批次", "批", "项", "件", "份", "册", "套", "台", "辆", "篇", "条", "本",
    "处", "座", "间", "张", "天", "个工作日", "工作日", "个月", "月", "年", "小时", "分钟", "周",
    "公里", "km", "米", "m", "平方米", "m2", "m3", "km2", "立方米", "亩", "吨", "kg", "公斤", "分",
    "万人次", "万人", "万册", "万份", "万件", "万亩", "万吨", "人天", "课时", "学时", "元/人",
    "所次", "家次", "户次", "个百分点", "百分点", "倍", "辆次", "台次", "部",
), key=len, reverse=True))

_UNIT_ALIASES = {
    "名": "人", "位": "人", "项": "个", "所": "个", "场次": "场", "辆": "台", "平方米": "㎡",
    "m2": "㎡", "km2": "平方公里", "m3": "立方米", "万": "万元", "个工作日": "工作日", "公斤": "kg",
    "百分点": "个百分点", "日": "天",
}
_UNIT_FAMILIES: dict[str, tuple[str, Decimal]] = {
    **{u: ("money", f) for u, f in MONEY_UNITS.items()},
    "%": ("percent", Decimal(1)), "‰": ("percent", Decimal("0.1")),
}
_GENERIC_UNIT_RE = LazyPattern(r"^[A-Za-z\u4e00-\u9fff㎡/·]+$")


def _norm_unit(unit: str) -> str:
    u = unit.strip()
    return _UNIT_ALIASES.get(u, u)


def units_compatible(a: str, b: str) -> bool:
    """Units match when equal (after aliases), convertible (元/万元, %/‰), or one side is missing."""
    if not a or not b:
        return True
    a, b = _norm_unit(a), _norm_unit(b)
    if a == b:
        return True
    fa, fb = _UNIT_FAMILIES.get(a), _UNIT_FAMILIES.get(b)
    return fa is not None and fb is not None and fa[0] == fb[0]


def convert(value: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """``value`` in ``from_unit`` expressed in ``to_unit`` (units must be compatible)."""
    a, b = _norm_unit(from_unit), _norm_unit(to_unit)
    if not a or not b or a == b:
        return value
    fa, fb = _UNIT_FAMILIES.get(a), _UNIT_FAMILIES.get(b)
    if fa is None or fb is None or fa[0] != fb[0]:
        raise NumberError(f"计量单位“{from_unit}”与“{to_unit}”不能换算")
    return value * fa[1] / fb[1]


# --------------------------------------------------------------------------- quantities

@dataclass(frozen=True)
class Quantity:
    """A parsed 年度指标值 / 实际完成值.

    ``comparator`` is one of ``≥ > ≤ < =`` or ``""``; ``value`` the number (or None);
    ``unit`` the normalised unit (``%``, ``万元``, ``人次`` …); ``date`` when the text is a
    date (时效); ``text`` what was typed. ``is_text`` when no number could be found
    (qualitative text like 效果明显). ``year_given`` is False for a date typed without a
    year and read without one (its year is then ``PLACEHOLDER_YEAR``).
    """
    text: str
    comparator: str = ""
    value: Optional[Decimal] = None
    unit: str = ""
    date: Optional[date] = None
    year_given: bool = True

    @property
    def is_number(self) -> bool:
        return self.value is not None

    @property
    def is_date(self) -> bool:
        return self.date is not None

    @property
    def is_text(self) -> bool:
        return self.value is None and self.date is None and bool(self.text.strip())

    @property
    def is_empty(self) -> bool:
        return not self.text.strip()


_NUM_START = LazyPattern(r"[+-]*\.?[0-9]")
_NUM_TOKEN = LazyPattern(r"([+-]*)([0-9][0-9.,]*|\.[0-9][0-9.,]*)")
_SPACED_TOKEN = LazyPattern(r"([+-]*)([0-9]{1,3}(?: [0-9]{3})+(?:\.[0-9]+)?)(?![0-9.,])")


def _strip_prefix(prefix: str) -> Optional[str]:
    """The comparator named by the words before a number, or None when they are not such words."""
    comparator = ""
    p = prefix.strip()
    while p:
        if p[0] in _CMP_SIGNS:
            comparator = comparator or p[0]
            p = p[1:].strip()
            continue
        for word, sym in _COMPARATOR_WORDS:
            if p.startswith(word):
                comparator = comparator or sym
                p = p[len(word):].strip()
                break
        else:
            m = _LABEL_RE.match(p)
            if m:
                p = p[m.end():].strip()
                continue
            for word in _NEUTRAL_WORDS:
                if p.startswith(word):
                    p = p[len(word):].strip()
                    break
            else:
                return None
    return comparator


def _split_unit(rest: str) -> tuple[str, str, bool]:
    """(unit, trailing comparator, ok) for the text after a number."""
    r = _BRACKETS.sub("", rest).strip()
    comparator = ""
    changed = True
    while changed and r:
        changed = False
        for word, sym in _TRAILING_WORDS:
            if r.endswith(word):
                r = r[: -len(word)].strip()
                comparator = comparator or sym
                changed = True
                break
        if r and r[-1] in _CMP_SIGNS:   # "96%≥" is not a thing; leave it to fail below
            break
    if not r:
        return "", comparator, True
    for unit in _KNOWN_UNITS:
        if r.startswith(unit):
            tail = r[len(unit):].strip()
            if tail.startswith("/"):
                unit, tail = unit + "/" + tail[1:].strip(), ""
            if re.search(r"[0-9]", tail):
                return "", "", False
            return unit, comparator, True
    if _GENERIC_UNIT_RE.match(r):
        return r, comparator, True
    return "", "", False


def parse_quantity(text: Optional[str], year: Optional[int] = None) -> Quantity:
    """Parse a target or actual value.

    Numbers keep their comparator and unit; dates become ``date`` (a date without a
    year is read in ``year`` when given); free text (效果明显) becomes a text quantity.
    Malformed numbers (two decimal points, misplaced commas or signs, digits glued to
    letters) raise ``NumberError``. Results are cached (``Quantity`` is immutable).
    """
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise NumberError("请输入文字或数字")
    if year is not None and not isinstance(year, int):
        year = None
    result = _parse_quantity(text, year)
    if isinstance(result, str):
        raise NumberError(result)
    return result


@lru_cache(maxsize=32768)
def _parse_quantity(original: str, year: Optional[int]) -> Union[Quantity, str]:
    """A Quantity, or the Chinese error message."""
    if len(original) > MAX_QUANTITY_TEXT:
        return Quantity(text=original)
    t = normalize(original)
    if not t:
        return Quantity(text=original)
    shown = original.strip()

    # a date, when nothing but date words surround it
    unbracketed = _BRACKETS.sub(" ", t)
    dates, rest = _scan_dates(unbracketed)
    if dates and not re.search(r"[0-9]", rest) and not _DATE_WORDS.sub("", rest).strip():
        d, given = dates[-1]
        if not given and year is not None:
            d = _safe_date(year, d.month, d.day) or _safe_date(year, d.month, None)
            given = True
        cmp_ = "≤" if _DEADLINE_WORDS.search(unbracketed) else ""
        return Quantity(text=original, comparator=cmp_, date=d, year_given=given)

    m = _NUM_START.search(t)
    if not m:
        return Quantity(text=original)
    comparator = _strip_prefix(t[: m.start()])
    if comparator is None:
        return Quantity(text=original)       # a sentence that contains a number
    tok = _SPACED_TOKEN.match(t, m.start()) or _NUM_TOKEN.match(t, m.start())
    assert tok is not None
    signs, digits = tok.group(1), tok.group(2)
    after = t[tok.end():]
    if re.match(r" [0-9]", after):
        return f"“{shown}”中间有空格，像是两个数，请只填一个数"
    if after[:1].isascii() and after[:1].isalpha() and re.match(r"[A-Za-z]+[0-9]", after):
        unit_ok = any(after.startswith(u) and not re.match(r"[0-9]", after[len(u):] or "x")
                      for u in _KNOWN_UNITS if u.isascii())
        if not unit_ok:
            bad = re.match(r"[A-Za-z]+", after).group(0)
            return f"“{shown}”中含有不能识别的字符“{bad}”"
    if len(signs) > 1:
        return f"“{shown}”中的正负号位置不对"
    try:
        value = _number_core(signs + digits, shown)
    except NumberError as e:
        return str(e)
    if after[:1] in ("-", "+") and re.match(r"[-+][0-9]", after):
        if re.match(r"[-+][0-9.,]+$", after.strip()) and signs == "":
            return f"“{shown}”中的正负号位置不对"
        return Quantity(text=original)       # a range such as 5-10人
    unit, trailing, ok = _split_unit(after)
    if not ok:
        return Quantity(text=original)
    comparator = comparator or trailing
    unit = _norm_unit(unit)
    if unit.startswith("万") and unit != "万元" and _norm_unit(unit[1:]) in _KNOWN_UNITS + tuple(_UNIT_ALIASES.values()):
        value, unit = value * 10000, _norm_unit(unit[1:])
    return Quantity(text=original, comparator=comparator, value=value, unit=unit)
