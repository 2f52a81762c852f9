"""What every family of 审核 rules shares: the collector, number formatting, labels, lists, columns.

A rule writes its findings into a *sink*: any object with ``add(rule, where, message, severity=None)``
(``model.checks`` passes a ``Collector``, which looks the severity up in ``RULES``). Each family
module declares the rule ids it produces in its own ``RULES``; ``model.checks`` joins them.

Labels and limits come from ``model.vocabulary`` (``resources/vocabulary.json``).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable, Mapping, Optional, Protocol, Sequence

from ..numbers import fmt_decimal
from ..report import SECTIONS
from ..severity import Finding
from ..vocabulary import VOCABULARY

ZERO = Decimal(0)
HUNDRED = Decimal(100)
THRESHOLDS = VOCABULARY.thresholds
LIST_LIMIT = THRESHOLDS.list_limit          # items quoted in one message before “等”
COLUMNS = VOCABULARY.columns
COLUMN_LABELS = dict(COLUMNS)
LABELS = VOCABULARY.labels


class Sink(Protocol):
    def add(self, rule: str, where: str, message: str, severity: Optional[str] = None) -> None: ...


class Collector:
    """Collects findings; the severity of a rule comes from ``rules`` unless one is given."""

    __slots__ = ("items", "rules")

    def __init__(self, rules: Mapping[str, str]) -> None:
        self.items: list[Finding] = []
        self.rules = rules

    def add(self, rule: str, where: str, message: str, severity: Optional[str] = None) -> None:
        self.items.append(Finding(severity or self.rules[rule], rule, where, message))


def memo_of(value) -> dict:
    """A small dict carried by a value of the scores (a ``TableResult``), for findings derived from it.

    The scoring hands back the same object for an unchanged table, so what is stored here is reused
    exactly as long as the value lives, and goes with it; no module keeps findings of its own.
    """
    memo = value.__dict__.get("_findings_memo")
    if memo is None:
        memo = {}
        object.__setattr__(value, "_findings_memo", memo)    # frozen dataclass: bypass its __setattr__
    return memo


def _row_numbers(indices: Sequence[int], limit: int = THRESHOLDS.row_list_limit) -> str:
    """0-based row indices → “1—6、9、11—12” (1-based, runs joined)."""
    runs: list[list[int]] = []
    for i in indices:
        if runs and i == runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    parts = [f"{a + 1}" if a == b else f"{a + 1}—{b + 1}" for a, b in runs]
    return "、".join(parts) if len(parts) <= limit else "、".join(parts[:limit]) + " 等"


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


def _fixed_message(message: str) -> str:
    return message


def _group(out: Sink, rule: str, rows: list[tuple], table_label: str, what: str) -> None:
    """``rows``: (index, where, message function, *its arguments). Few rows (``group_limit``) → one
    finding each (the messages are built only then); many → one grouped finding naming the rows."""
    if not rows:
        return
    if len(rows) <= THRESHOLDS.group_limit:
        for row in rows:
            out.add(rule, row[1], row[2](*row[3:]))
        return
    out.add(rule, rows[0][1], f"{table_label}有 {len(rows)} 行{what}（第 {_row_numbers([row[0] for row in rows])} 行）")
