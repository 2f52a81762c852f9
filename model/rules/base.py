"""What every family of 审核 rules shares: number formatting, section labels, lists, columns.

A rule writes its findings into a *sink*: any object with ``add(rule, where, message, severity=None)``
(``model.checks`` passes its collector, which looks the severity up in ``RULES``).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable, Optional, Protocol, Sequence

from ..numbers import fmt_decimal
from ..report import SECTIONS

ZERO = Decimal(0)
HUNDRED = Decimal(100)
LIST_LIMIT = 8           # items quoted in one message before “等”
COLUMNS = (("prior", "上年决算数"), ("initial", "年初预算数"), ("budget", "全年预算数"),
           ("executed", "全年执行数"))
COLUMN_LABELS = dict(COLUMNS)


class Sink(Protocol):
    def add(self, rule: str, where: str, message: str, severity: Optional[str] = None) -> None: ...


def _m(value: Optional[Decimal]) -> str:
    """Money as printed: 2 decimals, “未填” when missing."""
    return "未填" if value is None else fmt_decimal(value, 2)


def _cn_num(i: int) -> str:
    return SECTIONS[i][0]


def _section_label(i: int) -> str:
    return f"正文“{SECTIONS[i][0]}、{SECTIONS[i][1]}”"


def _clip(text: str, n: int = 20) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _join(items: Sequence[str], limit: int = LIST_LIMIT) -> str:
    if len(items) <= limit:
        return "、".join(items)
    return "、".join(items[:limit]) + f" 等 {len(items)} 处"


def _sum(values: Iterable[Optional[Decimal]]) -> Decimal:
    total = ZERO
    for v in values:
        if v is not None:
            total += v
    return total


#: full-width ASCII → ASCII, length-preserving (positions stay valid in the original text)
_FULLWIDTH = {0xFF01 + i: 0x21 + i for i in range(94)}
_FULLWIDTH[0x3000] = 0x20


def _norm(text: str) -> str:
    return text.translate(_FULLWIDTH)
