"""The navigation tree on the left of the main window.

Its items are the pages of the report (基础信息 … 项目); the 正文 sections are the
children of one 正文 item and each project is a child of 项目. Every item shows how
many errors and warnings the last 审核 pass found there (“（2）” after the title, a
red or amber icon and colour, the counts in the tooltip). Choosing an item (mouse or
keyboard) emits ``pageRequested(key, project)`` (``project`` is -1 except for a
project's own item); the window answers by showing that page.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Optional

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import QAbstractItemView, QStyle, QTreeWidget, QTreeWidgetItem

from model.severity import ERROR, WARNING

from .document import Document
from .locations import PROJECTS_TAB, nav_target

KEY_ROLE = Qt.ItemDataRole.UserRole
PROJECT_ROLE = Qt.ItemDataRole.UserRole + 1
TITLE_ROLE = Qt.ItemDataRole.UserRole + 2
TIP_ROLE = Qt.ItemDataRole.UserRole + 3

#: text colour of an item with errors / with warnings only
NAV_COLORS = {ERROR: "#c62828", WARNING: "#ad6800"}
SECTIONS_GROUP = "sections"
SECTIONS_TITLE = "正文"
UNNAMED_PROJECT = "（未命名项目）"
#: the changes that alter the project items: the list, a whole project, a project's name
_PROJECT_LIST = re.compile(r"^projects(\[\d+\](\.name)?)?$")


def _count_keys(where: str) -> tuple[tuple[str, int], ...]:
    """The (key, project) of every item that counts a finding at ``where``: its page, its
    project's item, and 正文 for a section."""
    target = nav_target(where)
    if target is None:
        return ()
    key, project = target
    keys = [(key, -1)]
    if project >= 0:
        keys.append((key, project))
    if key.startswith("section-"):
        keys.append((SECTIONS_GROUP, -1))
    return tuple(keys)


def project_title(index: int, name: str) -> str:
    return f"{index + 1}. {name or UNNAMED_PROJECT}"


class NavigationTree(QTreeWidget):
    """The pages as a tree; ``pageRequested(key, project)`` when the user picks an item."""

    pageRequested = Signal(str, int)
    _hint_width: Optional[int] = None     # ``sizeHint``'s width, once worked out

    def __init__(self, doc: Document, pages: Iterable[tuple[str, str, str]], parent=None):
        """``pages``: (key, title, tooltip) in order; keys ``section-<i>`` go under 正文."""
        super().__init__(parent)
        self.doc = doc
        self.setObjectName("navigation")
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setRootIsDecorated(True)
        self.setIndentation(14)
        self.setUniformRowHeights(True)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("导航")
        self.setToolTip("")
        self.items: dict[str, QTreeWidgetItem] = {}
        self.group: Optional[QTreeWidgetItem] = None
        self._counts: dict[tuple[str, int], dict[str, int]] = {}
        #: the items counting a finding at each location met so far (``_count_keys``; each
        #: pass meets mostly the same locations)
        self._targets: dict[str, tuple[tuple[str, int], ...]] = {}
        for key, title, tip in pages:
            if key.startswith("section-"):
                if self.group is None:
                    self.group = self._item(None, SECTIONS_GROUP, SECTIONS_TITLE, "正文第一至第十部分")
                self.items[key] = self._item(self.group, key, title, tip)
            else:
                self.items[key] = self._item(None, key, title, tip)
        self.expandAll()
        self._sync_projects()
        self.currentItemChanged.connect(self._on_current)
        doc.changed.connect(self._on_changed)
        doc.reset.connect(self._sync_projects)

    # ------------------------------------------------------------ building
    def _item(self, parent: Optional[QTreeWidgetItem], key: str, title: str, tip: str,
              project: int = -1) -> QTreeWidgetItem:
        item = QTreeWidgetItem([title])
        item.setData(0, KEY_ROLE, key)
        item.setData(0, PROJECT_ROLE, project)
        item.setData(0, TITLE_ROLE, title)
        item.setData(0, TIP_ROLE, tip)
        item.setToolTip(0, tip or title)
        if parent is None:
            self.addTopLevelItem(item)
        else:
            parent.addChild(item)
        return item

    def project_items(self) -> list[QTreeWidgetItem]:
        parent = self.items.get(PROJECTS_TAB)
        return [parent.child(i) for i in range(parent.childCount())] if parent is not None else []

    def _sync_projects(self) -> None:
        """One child of 项目 per project, titled like the project list (kept after undo too)."""
        parent = self.items.get(PROJECTS_TAB)
        if parent is None:
            return
        projects = self.doc.report.projects
        current = self.current_target()
        blocked = self.blockSignals(True)
        try:
            while parent.childCount() > len(projects):
                parent.removeChild(parent.child(parent.childCount() - 1))
            for i, p in enumerate(projects):
                title = project_title(i, p.name)
                if i < parent.childCount():
                    child = parent.child(i)
                    child.setData(0, TITLE_ROLE, title)
                    child.setData(0, TIP_ROLE, p.name or UNNAMED_PROJECT)
                else:
                    child = self._item(parent, PROJECTS_TAB, title, p.name or UNNAMED_PROJECT, i)
            parent.setExpanded(True)
            for item in self.all_items():
                self._decorate(item)
            if current is not None and current[1] >= len(projects):
                self.select(PROJECTS_TAB, len(projects) - 1)
        finally:
            self.blockSignals(blocked)

    def _on_changed(self, path: str, structure: bool) -> None:
        if _PROJECT_LIST.match(path):
            self._sync_projects()

    # ------------------------------------------------------------ counts
    def all_items(self) -> list[QTreeWidgetItem]:
        out = []
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            out.append(top)
            out.extend(top.child(j) for j in range(top.childCount()))
        return out

    def set_findings(self, findings) -> None:
        """Count the errors and warnings of each item (a group counts its children's too)."""
        counts: dict[tuple[str, int], dict[str, int]] = {}
        targets = self._targets
        if len(targets) > 100_000:
            targets.clear()
        for f in findings:
            severity = f.severity
            if severity != ERROR and severity != WARNING:
                continue
            keys = targets.get(f.where)
            if keys is None:
                keys = targets[f.where] = _count_keys(f.where)
            for k in keys:
                c = counts.get(k)
                if c is None:
                    c = counts[k] = {ERROR: 0, WARNING: 0}
                c[severity] += 1
        old, self._counts = self._counts, counts
        # only the items whose counts moved are decorated again (a paste touches one project;
        # setting the text, colour, icon and tooltip of 1 500 project items took ≈ 70 ms)
        for k in old.keys() | counts.keys():
            if old.get(k) != counts.get(k):
                item = self._item_at(*k)
                if item is not None:
                    self._decorate(item)

    def _item_at(self, key: str, project: int) -> Optional[QTreeWidgetItem]:
        """The item that shows the counts of (key, project), if the tree has one."""
        if key == SECTIONS_GROUP:
            return self.group
        if project < 0:
            return self.items.get(key)
        parent = self.items.get(key) if key == PROJECTS_TAB else None
        return parent.child(project) if parent is not None and project < parent.childCount() else None

    def counts(self, key: str, project: int = -1) -> tuple[int, int]:
        """(errors, warnings) shown on an item."""
        c = self._counts.get((key, project), {})
        return c.get(ERROR, 0), c.get(WARNING, 0)

    def _decorate(self, item: QTreeWidgetItem) -> None:
        key, project = item.data(0, KEY_ROLE), item.data(0, PROJECT_ROLE)
        title, tip = item.data(0, TITLE_ROLE), item.data(0, TIP_ROLE)
        errors, warnings = self.counts(key, project)
        n = errors + warnings
        item.setText(0, f"{title}（{n}）" if n else title)
        sev = ERROR if errors else WARNING if warnings else None
        item.setForeground(0, QBrush(QColor(NAV_COLORS[sev])) if sev else QBrush())
        item.setIcon(0, self._icon(sev))
        parts = [f"错误 {errors} 个" if errors else "", f"警告 {warnings} 个" if warnings else ""]
        found = "，".join(p for p in parts if p)
        item.setToolTip(0, "\n".join(t for t in (tip or title, f"{found}（见审核面板）" if found else "") if t))

    def _icon(self, severity: Optional[str]) -> QIcon:
        if severity is None:
            return QIcon()
        sp = QStyle.StandardPixmap
        return self.style().standardIcon(sp.SP_MessageBoxCritical if severity == ERROR
                                         else sp.SP_MessageBoxWarning)

    # ------------------------------------------------------------ selection
    def item_for(self, key: str, project: int = -1) -> Optional[QTreeWidgetItem]:
        if key == PROJECTS_TAB and project >= 0:
            children = self.project_items()
            return children[project] if project < len(children) else self.items.get(key)
        return self.items.get(key)

    def select(self, key: str, project: int = -1) -> None:
        """Show ``key`` (and project) as the current item without asking for the page again."""
        item = self.item_for(key, project)
        current = self.currentItem()
        if item is None or item is current:
            return
        if current is not None and current is self.group and item is self.group.child(0):
            return          # 正文 shows its first part: the group item stays chosen
        blocked = self.blockSignals(True)
        try:
            self.setCurrentItem(item)
        finally:
            self.blockSignals(blocked)
        self.scrollToItem(item)

    def current_target(self) -> Optional[tuple[str, int]]:
        item = self.currentItem()
        if item is None:
            return None
        return item.data(0, KEY_ROLE), item.data(0, PROJECT_ROLE)

    def _on_current(self, item: Optional[QTreeWidgetItem], _previous) -> None:
        if item is None:
            return
        key = item.data(0, KEY_ROLE)
        if key == SECTIONS_GROUP:
            key = self.group.child(0).data(0, KEY_ROLE)
        self.pageRequested.emit(key, item.data(0, PROJECT_ROLE))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """Wide enough for the page titles with a count and an icon; long project names are
        shortened in the middle (the whole name is in the tooltip) rather than taking the page's room.

        The width is worked out once (the layouts ask for it dozens of times while the window is
        first shown) and again after a change of font or style; the page titles never change."""
        if self._hint_width is None:
            metrics = self.fontMetrics()
            pages = [item for item in self.all_items() if item.data(0, PROJECT_ROLE) < 0]
            widest = max((metrics.horizontalAdvance(f"{item.data(0, TITLE_ROLE)}（99）") for item in pages),
                         default=100)
            icon = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
            width = widest + icon + 2 * self.indentation() + 24
            self._hint_width = max(170, min(width, 230))
        return QSize(self._hint_width, super().sizeHint().height())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._hint_width = None
        super().changeEvent(event)
