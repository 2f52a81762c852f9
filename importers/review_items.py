"""The 请复核 notes of an import as entries of the report's review list (``model.review``).

Each entry points where the user can check it: at the indicator, project or amount the note
is about (``Note.about``: the object read, located in the finished report by identity, or a
path), else at the page the note's code belongs to; what has no place points at 基础信息.
"""
from __future__ import annotations

from typing import Iterable, Optional

from model.report import Amounts, Indicator, Project, Report, ReviewItem
from model.review import anchor_rows

#: note code (or its first part) → where its entry points when the note names no object
_PLACES = {
    "staff": "staff.admin_posts",
    "unit": "info.unit_name",
    "year": "info.year",
    "footer": "info.preparer",
    "profile": "profile",
    "derived.additions": "budget.additions",
    "derived.reductions": "budget.reductions",
    "derived.personnel": "budget.personnel.executed",
    "money.sources_merged": "budget.sources",
    "score": "dept.indicators",
    "indicator": "dept.indicators",
    "body": "sections[0]",
}

#: the kind of an entry made of a note of the Word report's body reader (plain lines)
BODY_KIND = "import.body"


def _locate(report: Report, about: object) -> Optional[str]:
    """The path of ``about`` (an Indicator, Project or Amounts of ``report``, or a path) or None."""
    if about is None:
        return None
    if isinstance(about, str):
        return about
    if isinstance(about, Indicator):
        for i, ind in enumerate(report.dept.indicators):
            if ind is about:
                return f"dept.indicators[{i}].name"
        for j, p in enumerate(report.projects):
            for i, ind in enumerate(p.indicators):
                if ind is about:
                    return f"projects[{j}].indicators[{i}].name"
    if isinstance(about, Project):
        for j, p in enumerate(report.projects):
            if p is about:
                return f"projects[{j}].total.budget"
    if isinstance(about, Amounts):
        for j, p in enumerate(report.projects):
            for attr in ("total", "fiscal", "carried", "other"):
                if getattr(p, attr) is about:
                    return f"projects[{j}].{attr}.initial"
    return None


def _place(code: str) -> str:
    return _PLACES.get(code) or _PLACES.get(code.split(".")[0], "")


def review_items(report: Report, notes: Iterable, body_lines: Iterable[str] = ()) -> list[ReviewItem]:
    """Entries for the 请复核 ``notes`` (typed ``Note``\\ s) and the Word body reader's lines."""
    out = [ReviewItem(kind=f"import.{n.code}", text=n.text, where=_locate(report, n.about) or _place(n.code))
           for n in notes]
    out += [ReviewItem(kind=BODY_KIND, text=line, where=_PLACES["body"]) for line in body_lines]
    anchor_rows(report, out)
    return out
