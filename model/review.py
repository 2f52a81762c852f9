"""The review list (请复核): what an import or a roll-over asks the user to look at, kept in the file.

Each entry is a ``model.report.ReviewItem`` (kind, text, where, reviewed) in ``Report.review``.
Until the user marks an entry reviewed it is a 提示 finding of 审核 (rule ``review.item``,
``model.rules.review``) that points at its place, so the GUI can jump there; marking it sets ``reviewed`` (an ordinary,
undoable edit of ``review[i].reviewed``) and it leaves the list. Reviewed entries stay in the file.
"""
from __future__ import annotations

from typing import Iterable, Optional

from . import paths
from .report import Report, ReviewItem
from .severity import Finding

#: the rule id of an open entry's finding (``model.rules.review``)
RULE = "review.item"

#: where an entry whose own place does not exist (any more) points: the 基础信息 page
FALLBACK_WHERE = "info"

#: what every entry's message starts with, so it reads as a request in the 审核 list
PREFIX = "请复核："


def item(kind: str, text: str, where: str = "") -> ReviewItem:
    return ReviewItem(kind=kind, text=text, where=where)


def add_items(report: Report, items: Iterable[ReviewItem]) -> int:
    """Append ``items`` to the report's list, skipping any already there (same kind, text and
    place); returns how many were added."""
    seen = {(i.kind, i.text, i.where) for i in report.review}
    added = 0
    for it in items:
        key = (it.kind, it.text, it.where)
        if key in seen:
            continue
        seen.add(key)
        report.review.append(it)
        added += 1
    return added


def open_items(report: Report) -> list[tuple[int, ReviewItem]]:
    """(index, entry) of every entry not yet marked reviewed."""
    return [(i, it) for i, it in enumerate(report.review) if not it.reviewed]


def open_count(report: Report) -> int:
    return sum(1 for it in report.review if not it.reviewed)


def place(report: Report, where: str) -> str:
    """``where`` if it addresses something in the report, else ``FALLBACK_WHERE``."""
    if where:
        try:
            paths.get(report, where)
            return where
        except paths.PathError:
            pass
    return FALLBACK_WHERE


def message(it: ReviewItem) -> str:
    return PREFIX + it.text


def index_for(report: Report, finding: Finding) -> Optional[int]:
    """The index in ``report.review`` of the open entry a ``review.item`` finding shows, or None."""
    if finding.rule != RULE:
        return None
    for i, it in open_items(report):
        if message(it) == finding.message and place(report, it.where) == finding.where:
            return i
    return None
