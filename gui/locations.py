"""Where a finding points: the page keys of the main window, ``tab_for(where)`` (the page) and
``nav_target(where)`` (the navigation item: the page, and the project for a project's finding).

A leaf module (no Qt): the 审核 dock (``gui.findings``), its list (``gui.findings_list``)
and the main window all read it, so none of them needs to import another for it.
"""
from __future__ import annotations

import re
from typing import Optional

from model.report import SECTIONS

#: tab keys
INFO_TAB, STAFF_TAB, BUDGET_TAB, DEPT_TAB, PROJECTS_TAB = "info", "staff", "budget", "dept", "projects"

SECTION_RE = re.compile(r"^sections\[(\d+)\]")
PROJECT_RE = re.compile(r"^projects\[(\d+)\](?:\.indicators\[(\d+)\])?")
DEPT_INDICATOR_RE = re.compile(r"^dept\.indicators\[(\d+)\]")


def tab_for(where: str) -> Optional[str]:
    """The tab a finding's location belongs to: info/staff/budget/dept/projects or section-<i>."""
    if where.startswith("info.") or where == "info" or where == "profile":
        return INFO_TAB
    if where.startswith("staff"):
        return STAFF_TAB
    if where.startswith("budget"):
        return BUDGET_TAB
    m = SECTION_RE.match(where)
    if m:
        i = int(m.group(1))
        return f"section-{i}" if 0 <= i < len(SECTIONS) else None
    if where == "sections":
        return "section-0"
    if where.startswith("dept"):
        return DEPT_TAB
    if where.startswith("projects"):
        return PROJECTS_TAB
    return None


def nav_target(where: str) -> Optional[tuple[str, int]]:
    """The navigation item of a finding's location: (tab key, project index or -1)."""
    key = tab_for(where)
    if key is None:
        return None
    m = PROJECT_RE.match(where) if key == PROJECTS_TAB else None
    return key, int(m.group(1)) if m else -1
