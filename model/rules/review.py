"""The review list (SPEC §7 roll-over, import): every entry of ``Report.review`` not yet marked
reviewed is a 提示 at the place it names (``model.review``), so the GUI can jump there."""
from __future__ import annotations

from ..report import Report
from ..review import message, open_items, place
from ..severity import INFO
from .base import Sink

RULES: dict[str, str] = {
    "review.item": INFO,
}


def check_review(report: Report, out: Sink) -> None:
    """Every open entry as a 提示 finding at its place."""
    for _i, it in open_items(report):
        out.add("review.item", place(report, it.where, it.anchor), message(it))
