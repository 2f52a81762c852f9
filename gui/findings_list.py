"""The list of the 审核 panel: a two-level tree (错误/警告/提示 → findings) with the message and
a readable location of each finding. Entries of the review list (提示 “请复核：…”) have a context
menu “标记为已复核” (``markReviewed``); a 提示 offering a link to the budget data has
“关联预算数据” (``linkBudget``).

Loaded with the panel's first pass, after the window's first paint.
"""
from __future__ import annotations

import re
from typing import Any, Optional

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QStyle, QTreeView

from model.report import CONTROL_ROWS, SECTIONS, SOURCES
from model.severity import ERROR, INFO, SEVERITY_LABELS, WARNING, Finding

from .document import Document
from .locations import BUDGET_TAB, DEPT_INDICATOR_RE, DEPT_TAB, INFO_TAB, PROJECT_RE, PROJECTS_TAB, STAFF_TAB, tab_for

SEVERITIES = (ERROR, WARNING, INFO)
_ICONS = {ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
          WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
          INFO: QStyle.StandardPixmap.SP_MessageBoxInformation}


_BUDGET_WORDS = {
    "initial": "年初预算数", "additions": "年中追加数", "reductions": "年中调减数", "carryover": "上年结转数",
    "full_year": "全年预算数", "executed": "全年执行数", "prior_executed": "上年决算数", "basic": "基本支出",
    "personnel": "人员经费", "public": "公用经费", "project_spending": "项目支出", "buildings": "楼堂馆所",
    "savings_measures": "厉行节约保障措施",
    "personnel_items": "人员经费明细", "public_items": "公用经费明细", "budget": "预算数", "prior": "上年决算数",
}
_SOURCE_WORDS = dict(SOURCES)
_CONTROL_WORDS = {k: v.replace("其中：", "") for k, v in CONTROL_ROWS}


def location_text(where: str, doc: Optional[Document] = None) -> str:
    """A short readable place: “基础信息”, “第六部分”, “项目 2 › 指标 3” …"""
    tab = tab_for(where)
    if tab == INFO_TAB:
        return "基础信息"
    if tab == STAFF_TAB:
        return "机构与人员"
    if tab == BUDGET_TAB:
        parts = [p for p in re.split(r"[.\[\]]+", where)[1:] if p]
        words = []
        for p in parts:
            if p.isdigit():
                words.append(f"第 {int(p) + 1} 行")
            else:
                words.append(_SOURCE_WORDS.get(p) or _CONTROL_WORDS.get(p) or _BUDGET_WORDS.get(p, ""))
        words = [w for w in words if w]
        return "预算与执行" + (" › " + " › ".join(words[:3]) if words else "")
    if tab and tab.startswith("section-"):
        return f"第{SECTIONS[int(tab[8:])][0]}部分"
    if tab == DEPT_TAB:
        m = DEPT_INDICATOR_RE.match(where)
        return "部门整体绩效指标" + (f" › 第 {int(m.group(1)) + 1} 行" if m else "")
    if tab == PROJECTS_TAB:
        m = PROJECT_RE.match(where)
        if not m:
            return "项目"
        i = int(m.group(1))
        name = ""
        if doc is not None and i < len(doc.report.projects):
            name = doc.report.projects[i].name
        text = f"项目 {i + 1}" + (f"“{name}”" if name else "")
        if m.group(2) is not None:
            text += f" › 第 {int(m.group(2)) + 1} 行"
        return text
    return "整个文件"


# enum members looked up once: reading ``Qt.ItemDataRole.DisplayRole`` goes through Python's enum
# machinery each time, and the view asks for every visible cell's roles after each 审核 pass
_DISPLAY = Qt.ItemDataRole.DisplayRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_FONT = Qt.ItemDataRole.FontRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_HORIZONTAL = Qt.Orientation.Horizontal
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_FINDING_FLAGS = _ROW_FLAGS | Qt.ItemFlag.ItemNeverHasChildren


class FindingsModel(QAbstractItemModel):
    """Severity groups (top level) → findings (children). Columns: 问题, 位置."""

    HEADERS = ("问题", "位置")
    FindingRole = Qt.ItemDataRole.UserRole + 1
    WhereRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent=None, doc: Optional[Document] = None):
        super().__init__(parent)
        self._doc = doc
        self._groups: list[tuple[str, list[Finding]]] = []
        self._shown: Optional[list[Finding]] = None

    def set_findings(self, findings: list[Finding]) -> bool:
        """Show ``findings``; returns False (and leaves the view alone) when they are the
        ones already shown, as after most edits of a large report."""
        if findings == self._shown:
            return False
        self._shown = list(findings)
        by_severity: dict[str, list[Finding]] = {sev: [] for sev in SEVERITIES}
        for f in findings:
            items = by_severity.get(f.severity)
            if items is not None:
                items.append(f)
        groups = [(sev, items) for sev, items in by_severity.items() if items]
        if [sev for sev, _ in groups] != [sev for sev, _ in self._groups]:
            self.beginResetModel()
            self._groups = groups
            self.endResetModel()
            return True
        for g, (new, (_sev, old)) in enumerate(zip((items for _, items in groups), self._groups)):
            if new != old:
                self._update_group(g, old, new)
        return True

    def _update_group(self, g: int, old: list[Finding], new: list[Finding]) -> None:
        """Turn group ``g``'s list ``old`` into ``new`` in place with the fewest signals: the rows
        before and after the part that differs stay (an edit changes a few findings of one
        table, which sit together), the differing rows are changed, removed or inserted. A
        model reset would make the view lay out every row of every group again."""
        n_old, n_new = len(old), len(new)
        limit = min(n_old, n_new)
        head = 0
        while head < limit and old[head] == new[head]:
            head += 1
        tail = 0
        while tail < limit - head and old[n_old - 1 - tail] == new[n_new - 1 - tail]:
            tail += 1
        k_old, k_new = n_old - head - tail, n_new - head - tail
        same = min(k_old, k_new)
        parent = self.index(g, 0)
        if same:
            old[head:head + same] = new[head:head + same]
            self.dataChanged.emit(self.index(head, 0, parent), self.index(head + same - 1, 1, parent))
        start = head + same
        if k_old > same:
            self.beginRemoveRows(parent, start, head + k_old - 1)
            del old[start:head + k_old]
            self.endRemoveRows()
        if k_new > same:
            self.beginInsertRows(parent, start, head + k_new - 1)
            old[start:start] = new[start:head + k_new]
            self.endInsertRows()
        self.dataChanged.emit(parent, parent)      # the group's count

    def count(self, severity: str) -> int:
        for sev, items in self._groups:
            if sev == severity:
                return len(items)
        return 0

    # -- structure: internalId 0 = a group, g + 1 = a finding of group g ------------
    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:
        # (the tree view asks for every finding's index at each relayout: few calls here)
        if parent.isValid():
            if parent.internalId() or parent.column() or not 0 <= column < 2 or row < 0:
                return QModelIndex()
            g = parent.row()
            groups = self._groups
            if g >= len(groups) or row >= len(groups[g][1]):
                return QModelIndex()
            return self.createIndex(row, column, g + 1)
        if not 0 <= column < 2 or not 0 <= row < len(self._groups):
            return QModelIndex()
        return self.createIndex(row, column, 0)

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() != 0 or parent.column() != 0:
            return 0
        return len(self._groups[parent.row()][1]) if parent.row() < len(self._groups) else 0

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return len(self.HEADERS)

    def finding(self, index: QModelIndex) -> Optional[Finding]:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self._groups[index.internalId() - 1][1][index.row()]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            sev, items = self._groups[index.row()]
            if role == _DISPLAY and index.column() == 0:
                return f"{SEVERITY_LABELS[sev]}（{len(items)}）"
            if role == _DECORATION and index.column() == 0:
                style = QApplication.style()
                return style.standardIcon(_ICONS[sev]) if style is not None else None
            if role == _FONT and index.column() == 0:
                from PySide6.QtGui import QFont
                f = QFont()
                f.setBold(True)
                return f
            return None
        f = self._groups[index.internalId() - 1][1][index.row()]
        if role == _DISPLAY:
            return f.message if index.column() == 0 else location_text(f.where, self._doc)
        if role == _TOOLTIP:
            return f"{f.message}\n位置：{location_text(f.where, self._doc)}（{f.where}）\n规则：{f.rule}\n双击或按回车跳转"
        if role == self.FindingRole:
            return f
        if role == self.WhereRole:
            return f.where
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == _HORIZONTAL and role == _DISPLAY \
                and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return _NO_FLAGS
        # a finding never has children: the tree view then does not ask for its row count
        # when it lays out the list (one call less per finding)
        return _FINDING_FLAGS if index.internalId() else _ROW_FLAGS


class FindingsView(QTreeView):
    activatedFinding = Signal(str)
    #: “标记为已复核” chosen for these findings (entries of the review list)
    markReviewed = Signal(list)
    #: “关联预算数据” chosen for these findings (link.disagrees / link.available 提示)
    linkBudget = Signal(list)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setUniformRowHeights(True)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.doubleClicked.connect(self._activate)

    def selected_findings(self) -> list[Finding]:
        """The findings of the selected rows (the current one when nothing is selected)."""
        sel = self.selectionModel()
        rows = sel.selectedRows(0) if sel is not None else []
        if not rows and self.currentIndex().isValid():
            rows = [self.currentIndex().sibling(self.currentIndex().row(), 0)]
        out = []
        for index in rows:
            f = index.data(FindingsModel.FindingRole)
            if f is not None and f not in out:
                out.append(f)
        return out

    def selected_review_findings(self) -> list[Finding]:
        """The selected findings that are entries of the review list (they can be marked reviewed)."""
        from model.review import RULE
        return [f for f in self.selected_findings() if f.rule == RULE]

    def selected_link_findings(self) -> list[Finding]:
        """The selected 提示 that offer to link an indicator to the budget data (``link.disagrees`` …)."""
        from model.rules.links import LINK_FIXABLE
        return [f for f in self.selected_findings() if f.rule in LINK_FIXABLE]

    def context_menu(self):
        """The menu of the selected findings: 标记为已复核, 关联预算数据; None when neither applies."""
        chosen = self.selected_review_findings()
        linkable = self.selected_link_findings()
        if not chosen and not linkable:
            return None
        from PySide6.QtWidgets import QMenu
        menu = QMenu(self)
        for found, text, signal in ((chosen, "标记为已复核", self.markReviewed),
                                    (linkable, "关联预算数据", self.linkBudget)):
            if found:
                act = menu.addAction(text + (f"（{len(found)} 项）" if len(found) > 1 else ""))
                act.triggered.connect(lambda *_, s=signal, f=found: s.emit(f))
        return menu

    def contextMenuEvent(self, event) -> None:  # noqa: N802 - Qt API
        index = self.indexAt(event.pos())
        if index.isValid() and not self.selectionModel().isSelected(index):
            self.setCurrentIndex(index)
        menu = self.context_menu()
        if menu is not None:
            menu.exec(event.globalPos())

    #: width of the 位置 column in average characters (a location such as
    #: 项目支出 › 项目“……” › 第 12 行 实际完成值 fits; a longer one is elided in the middle)
    LOCATION_CHARS = 30

    def fit_columns(self) -> None:
        """问题 takes the room left, 位置 a fixed width the user can drag. Neither is sized to its
        contents: that measured every finding's text again after every 审核 pass (a relayout
        that grew with the list), and the rows have one height, so only the visible rows are
        ever measured or painted."""
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, header.ResizeMode.Stretch)
        header.setSectionResizeMode(1, header.ResizeMode.Interactive)
        header.resizeSection(1, self.fontMetrics().averageCharWidth() * self.LOCATION_CHARS)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)

    def _activate(self, index: QModelIndex) -> None:
        where = index.sibling(index.row(), 0).data(FindingsModel.WhereRole)
        if where is not None:
            self.activatedFinding.emit(where)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._activate(self.currentIndex())
            return
        super().keyPressEvent(event)
