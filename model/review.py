"""The review list (请复核): what an import or a roll-over asks the user to look at, kept in the file.

Each entry is a ``model.report.ReviewItem`` (kind, text, where, reviewed) in ``Report.review``.
Until the user marks an entry reviewed it is a 提示 finding of 审核 (rule ``review.item``,
``model.rules.review``) that points at its place, so the GUI can jump there; marking it sets ``reviewed`` (an ordinary,
undoable edit of ``review[i].reviewed``) and it leaves the list. Reviewed entries stay in the file.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
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


#: the Chinese names of the kinds of entries (``kind_label``)
KINDS_FILE = Path(__file__).resolve().parent.parent / "resources" / "review_kinds.json"


@lru_cache(maxsize=1)
def _kind_names() -> tuple[dict[str, str], str]:
    data = json.loads(KINDS_FILE.read_text(encoding="utf-8"))
    return dict(data["kinds"]), data["other"]


def kind_label(kind: str) -> str:
    """The Chinese name of an entry's kind: its own name, else that of its longest prefix ending in “.”."""
    names, other = _kind_names()
    if kind in names:
        return names[kind]
    prefixes = [k for k in names if k.endswith(".") and kind.startswith(k)]
    return names[max(prefixes, key=len)] if prefixes else other


def counts_by_kind(items: Iterable[ReviewItem]) -> list[tuple[str, int]]:
    """(kind name, how many) of the entries not yet reviewed, in order of first appearance."""
    out: dict[str, int] = {}
    for it in items:
        if not it.reviewed:
            label = kind_label(it.kind)
            out[label] = out.get(label, 0) + 1
    return list(out.items())


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


#: a path into one indicator row: (the table, the row, the rest)
_ROW = re.compile(r"^(.*\.indicators)\[(\d+)\](.*)$")


def _resolves(report: Report, where: str) -> bool:
    try:
        paths.get(report, where)
        return True
    except paths.PathError:
        return False


def place(report: Report, where: str, anchor: str = "") -> str:
    """Where an entry points now: ``where``; for an indicator row with an ``anchor`` (its name),
    the row of that name in the same table wherever rows have moved (the table itself when
    there is none); ``FALLBACK_WHERE`` when the place does not exist."""
    if not where:
        return FALLBACK_WHERE
    m = _ROW.match(where) if anchor else None
    if m is not None and _resolves(report, m.group(1)):
        rows = paths.get(report, m.group(1))
        i = int(m.group(2))
        if not (i < len(rows) and getattr(rows[i], "name", None) == anchor):
            hit = next((k for k, r in enumerate(rows) if getattr(r, "name", None) == anchor), None)
            if hit is None:
                return m.group(1)
            where = f"{m.group(1)}[{hit}]{m.group(3)}"
    return where if _resolves(report, where) else FALLBACK_WHERE


def anchor_rows(report: Report, items: Iterable[ReviewItem]) -> None:
    """Give every entry pointing into a named indicator row of ``report`` that row's name as anchor."""
    for it in items:
        m = _ROW.match(it.where)
        if m is None or not _resolves(report, m.group(1)):
            continue
        rows = paths.get(report, m.group(1))
        i = int(m.group(2))
        if i < len(rows):
            it.anchor = getattr(rows[i], "name", "") or ""


def message(it: ReviewItem) -> str:
    return PREFIX + it.text


def index_for(report: Report, finding: Finding) -> Optional[int]:
    """The index in ``report.review`` of the open entry a ``review.item`` finding shows, or None."""
    if finding.rule != RULE:
        return None
    for i, it in open_items(report):
        if message(it) == finding.message and place(report, it.where, it.anchor) == finding.where:
            return i
    return None
