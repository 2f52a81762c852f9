"""Parse what people type into numbers, and format numbers for display.

Every rounding in the project goes through ``round_half_up`` (四舍五入).

``parse_decimal("1,234.5")`` → ``Decimal("1234.5")``
``parse_money("85.53万元")`` → ``Decimal("85.53")``
``parse_quantity("≤110.71 万元")`` → ``Quantity(comparator="≤", value=Decimal("110.71"), unit="万元")``
``parse_quantity("2024年12月31日之前完成")`` → a Quantity with ``date=date(2024, 12, 31)``

Anything that cannot be read raises ``NumberError`` whose text is a Chinese
sentence saying why (e.g. for ``189.67190.2``: two decimal points).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Optional

HUNDRED = Decimal(100)
MAX_INPUT = 200  # characters: longer text is not a number anyone typed


class NumberError(ValueError):
    """Text that is not a number; ``str(e)`` is a Chinese explanation."""


# --------------------------------------------------------------------------- rounding / formatting

def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """四舍五入 to ``places`` decimals."""
    q = Decimal(1).scaleb(-places)
    return value.quantize(q, rounding=ROUND_HALF_UP)


def fmt_decimal(value: Optional[Decimal], places: int = 2, empty: str = "") -> str:
    """``Decimal('85.5')`` → ``'85.50'``; ``None`` → ``empty``."""
    if value is None:
        return empty
    d = round_half_up(value, places)
    if d == 0:
        d = abs(d)
    return format(d, "f")


fmt_money = fmt_decimal


def fmt_plain(value: Optional[Decimal], empty: str = "") -> str:
    """A stored number as the user typed it, without exponent or trailing zeros beyond need."""
    if value is None:
        return empty
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def fmt_rate(rate: Optional[Decimal], empty: str = "—") -> str:
    """A ratio (0.9955) → ``'99.55%'``; ``None`` → ``'—'``."""
    if rate is None:
        return empty
    return fmt_decimal(rate * HUNDRED, 2) + "%"


def rate_percent(rate: Optional[Decimal]) -> Optional[Decimal]:
    """A ratio → percent with two decimals (``Decimal('99.55')``)."""
    return None if rate is None else round_half_up(rate * HUNDRED, 2)


# --------------------------------------------------------------------------- normalisation

_COMPARATOR_WORDS = (
    ("大于或等于", "≥"), ("大于等于", "≥"), ("不低于", "≥"), ("不少于", "≥"), ("不小于", "≥"),
    ("至少", "≥"), ("以上", "≥"),
    ("小于或等于", "≤"), ("小于等于", "≤"), ("不高于", "≤"), ("不多于", "≤"), ("不大于", "≤"),
    ("不超过", "≤"), ("控制在", "≤"), ("以内", "≤"), ("以下", "≤"),
    ("大于", ">"), ("高于", ">"), ("超过", ">"), ("小于", "<"), ("低于", "<"), ("等于", "="),
)
_SYMBOLS = {"≧": "≥", "⩾": "≥", ">=": "≥", "≦": "≤", "⩽": "≤", "<=": "≤", "＝": "=", "==": "="}


def normalize(text: str) -> str:
    """Full-width → half-width, unify comparison signs, drop spaces inside."""
    t = unicodedata.normalize("NFKC", text)
    for a, b in _SYMBOLS.items():
        t = t.replace(a, b)
    t = t.replace("，", ",").replace("。", ".")
    t = t.replace("\u3000", " ").strip()
    return t


# --------------------------------------------------------------------------- plain numbers

_NUM_RE = re.compile(r"[+-]?(?:\d[\d,]*)?(?:\.\d+)?")
_GOOD_NUM = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+")


def _number_core(t: str, original: str) -> Decimal:
    t = t.replace(" ", "")
    if not t:
        raise NumberError("请输入数字")
    if t.count(".") > 1:
        raise NumberError(f"“{original}”中有 {t.count('.')} 个小数点，不是一个有效的数字，请检查是否把两个数连在了一起")
    if t.count("-") + t.count("+") > 1 or (len(t) > 1 and ("-" in t[1:] or "+" in t[1:])):
        raise NumberError(f"“{original}”中的正负号位置不对")
    if not _GOOD_NUM.fullmatch(t):
        if "," in t:
            raise NumberError(f"“{original}”中的千分位逗号位置不对")
        bad = "".join(sorted({c for c in t if not (c.isdigit() or c in ".,+-")}))
        if bad:
            raise NumberError(f"“{original}”中含有不能识别的字符“{bad}”")
        raise NumberError(f"“{original}”不是有效的数字")
    try:
        d = Decimal(t.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - regex guards this
        raise NumberError(f"“{original}”不是有效的数字") from None
    if d == 0:
        d = abs(d)
    return d


def parse_decimal(text: str) -> Decimal:
    """A bare number: ``85.53``, ``１２３．４５``, ``1,234.5``, ``-3``."""
    if not isinstance(text, str):
        raise NumberError("请输入数字")
    if len(text) > MAX_INPUT:
        raise NumberError("输入过长，不是一个数字")
    return _number_core(normalize(text), text.strip())


_MONEY_UNITS = {"万元": Decimal(1), "万": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000),
                "千元": Decimal("0.1")}


def parse_money(text: str, places: int = 4) -> Optional[Decimal]:
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
    for unit, f in sorted(_MONEY_UNITS.items(), key=lambda kv: -len(kv[0])):
        if t.endswith(unit):
            t = t[: -len(unit)].strip()
            factor = f
            break
    value = _number_core(t, text.strip()) * factor
    if abs(value) >= Decimal("1e10"):
        raise NumberError(f"“{text.strip()}”数值过大")
    if value.as_tuple().exponent < -places:
        value = round_half_up(value, places)
    return value


def parse_int(text: str) -> Optional[int]:
    """A count: ``32``, ``32名``, ``３２人``. Empty → None."""
    if text is None:
        return None
    t = normalize(text)
    if t in ("", "-", "—", "/"):
        return None
    t = re.sub(r"(名|人|个|辆|台|家|次|人次)$", "", t).strip()
    d = _number_core(t, text.strip())
    if d != d.to_integral_value():
        raise NumberError(f"“{text.strip()}”应为整数")
    if abs(d) > 10 ** 9:
        raise NumberError(f"“{text.strip()}”数值过大")
    return int(d)


# --------------------------------------------------------------------------- quantities

@dataclass(frozen=True)
class Quantity:
    """A parsed 年度指标值 / 实际完成值.

    ``comparator`` is one of ``≥ > ≤ < =`` or ``""``; ``value`` the number (or None);
    ``unit`` the unit text (``%``, ``万元``, ``人次`` …); ``date`` when the text is a
    date (时效); ``text`` what was typed. ``is_text`` when no number could be found
    (qualitative text like 效果明显).
    """
    text: str
    comparator: str = ""
    value: Optional[Decimal] = None
    unit: str = ""
    date: Optional[date] = None

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


_DATE_RE = re.compile(
    r"(?P<y>(?:19|20|21)\d{2})\s*(?:年|[-./])\s*(?P<m>\d{1,2})\s*(?:月|[-./])"
    r"(?:\s*(?P<d>\d{1,2})\s*日?)?")
_MONTH_END_RE = re.compile(r"(?P<y>(?:19|20|21)\d{2})\s*年\s*(?:(?P<m>\d{1,2})\s*月)?\s*(?:底|末)")
_YEAR_RE = re.compile(r"(?:19|20|21)\d{2}(?=\s*年)")
_UNIT_RE = re.compile(r"^[%‰a-zA-Z\u4e00-\u9fff㎡m²³/·]+$")
_LEADING_CMP = re.compile(r"^(≥|≤|>|<|=)")


def _month_end(y: int, m: int) -> date:
    import calendar
    return date(y, m, calendar.monthrange(y, m)[1])


def parse_date(text: str) -> Optional[date]:
    """The first date in the text: ``2024年12月31日之前完成``, ``2024-6-30``, ``2024年底前`` → date."""
    t = normalize(text)
    m = _DATE_RE.search(t)
    if m:
        y, mo = int(m.group("y")), int(m.group("m"))
        if not 1 <= mo <= 12:
            return None
        if m.group("d"):
            try:
                return date(y, mo, int(m.group("d")))
            except ValueError:
                return None
        return _month_end(y, mo)
    m = _MONTH_END_RE.search(t)
    if m:
        y = int(m.group("y"))
        mo = int(m.group("m") or 12)
        if 1 <= mo <= 12:
            return _month_end(y, mo)
    return None


def years_mentioned(text: str) -> list[int]:
    """Every ``YYYY年`` (and dates) mentioned in the text, in order."""
    t = normalize(text)
    found = [int(y) for y in _YEAR_RE.findall(t)]
    for m in re.finditer(r"(?<!\d)((?:19|20|21)\d{2})[-./]\d{1,2}[-./]\d{1,2}", t):
        found.append(int(m.group(1)))
    return found


def parse_quantity(text: str) -> Quantity:
    """Parse a target or actual value.

    Numbers keep their comparator and unit; dates become ``date``; free text
    (效果明显) becomes a text quantity. Malformed numbers (two decimal points)
    raise ``NumberError``.
    """
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise NumberError("请输入文字或数字")
    original = text
    if len(text) > 500:
        return Quantity(text=original)
    t = normalize(text)
    if not t:
        return Quantity(text=original)
    d = parse_date(t)
    if d is not None:
        cmp_ = "≤" if re.search(r"前|以前|之前|截至|截止|底前|内", t) else ""
        return Quantity(text=original, comparator=cmp_, date=d)
    # comparator: a leading sign or a word
    comparator = ""
    body = t
    m = _LEADING_CMP.match(body)
    if m:
        comparator = m.group(1)
        body = body[m.end():].strip()
    else:
        for word, sym in _COMPARATOR_WORDS:
            if body.startswith(word):
                comparator, body = sym, body[len(word):].strip()
                break
            if body.endswith(word) and word in ("以上", "以内", "以下"):
                comparator, body = sym, body[: -len(word)].strip()
                break
    # number followed by a unit
    nm = re.match(r"^([+-]?[\d,.]*\d[\d,.]*)\s*(.*)$", body)
    if not nm:
        return Quantity(text=original, comparator="")
    num_text, rest = nm.group(1), nm.group(2).strip()
    # a trailing word like 以上 after the unit
    for word, sym in _COMPARATOR_WORDS:
        if word in ("以上", "以内", "以下") and rest.endswith(word):
            rest = rest[: -len(word)].strip()
            comparator = comparator or sym
    if rest and not _UNIT_RE.match(rest):
        # "32名职工" is fine as a unit-ish tail; text with digits inside is not a number
        if re.search(r"\d", rest):
            if re.match(r"^[\d.,]", rest) or "." in num_text and rest[:1] in ".":
                raise NumberError(f"“{original.strip()}”不是有效的数字")
            return Quantity(text=original, comparator="")
    value = _number_core(num_text, original.strip())
    return Quantity(text=original, comparator=comparator, value=value, unit=_norm_unit(rest))


def _norm_unit(unit: str) -> str:
    u = unit.strip()
    return {"％": "%", "m2": "㎡", "m²": "㎡", "平方米": "㎡", "万": "万元", "名": "人", "位": "人",
            "项": "个", "所": "个", "辆": "台"}.get(u, u)


def units_compatible(a: str, b: str) -> bool:
    """Units match when equal, or when one side is missing."""
    return not a or not b or _norm_unit(a) == _norm_unit(b)
