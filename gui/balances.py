"""The model's balance findings (``balance.*`` rules of ``model.checks``) for the money tables.

Pages and table models never compare a sum with its total themselves: whether 合计 and 总数
agree, and what the message says, is what the 审核 rules found for the document's current
revision (``Document.summary()``, computed once per revision and shared with the 审核 panel).
"""
from __future__ import annotations

from typing import Callable, Optional

BALANCE = "balance."


def balance_findings(doc, rule: str = BALANCE, where: Optional[Callable[[str], bool]] = None) -> list:
    """The document's current findings of ``rule`` (a rule id or a prefix ending in "."),
    optionally only those whose location satisfies ``where``."""
    out = []
    for f in doc.summary().findings:
        if (f.rule == rule or (rule.endswith(".") and f.rule.startswith(rule))) and (where is None or where(f.where)):
            out.append(f)
    return out


def by_column(doc, rule: str, prefix: str) -> dict[str, str]:
    """column attr → message of the ``rule`` findings located at ``<prefix>.<attr>``."""
    out: dict[str, str] = {}
    for f in balance_findings(doc, rule, lambda w: w.startswith(prefix + ".")):
        out.setdefault(f.where[len(prefix) + 1:], f.message)
    return out


__all__ = ["balance_findings", "by_column"]
