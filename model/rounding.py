"""Rounding (四舍五入, ``ROUND_HALF_UP``) and the display formats of numbers, money and rates.

``model.numbers`` re-exports all of it; this module has no dependencies of its own.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Optional

HUNDRED = Decimal(100)

_CONTEXT = Context(prec=28)
_QUANTUM = {p: Decimal(1).scaleb(-p) for p in range(9)}


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """四舍五入 to ``places`` decimals (ties away from zero, also for negatives: −2.5 → −3).

    Works for any finite magnitude (the precision is widened as needed); −0 becomes 0.
    """
    q = _QUANTUM.get(places) or Decimal(1).scaleb(-places)
    if value.is_finite() and value.adjusted() + places < 25:
        ctx = _CONTEXT
    else:   # very large values: widen the precision so quantize cannot overflow it
        ctx = Context(prec=max(28, value.adjusted() + places + 3))
    d = value.quantize(q, rounding=ROUND_HALF_UP, context=ctx)
    if d == 0:
        d = abs(d)
    return d


def fmt_decimal(value: Optional[Decimal], places: int = 2, empty: str = "") -> str:
    """``Decimal('85.5')`` → ``'85.50'``; ``None`` → ``empty``."""
    if value is None:
        return empty
    return format(round_half_up(value, places), "f")


fmt_money = fmt_decimal


def fmt_plain(value: Optional[Decimal], empty: str = "") -> str:
    """A stored number as the user typed it, without exponent or trailing zeros beyond need.

    ``parse_decimal(fmt_plain(x)) == x`` for every ``x`` a report may store (``check_value``).
    """
    if value is None:
        return empty
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text


def fmt_rate(rate: Optional[Decimal], empty: str = "—", places: int = 2) -> str:
    """A ratio (0.9955) → ``'99.55%'`` (``places`` percent decimals); ``None`` → ``'—'``."""
    if rate is None:
        return empty
    return fmt_decimal(rate * HUNDRED, places) + "%"


def rate_percent(rate: Optional[Decimal]) -> Optional[Decimal]:
    """A ratio → percent with two decimals (``Decimal('99.55')``)."""
    return None if rate is None else round_half_up(rate * HUNDRED, 2)
