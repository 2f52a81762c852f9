"""The 审核 panel: all findings grouped by severity; activating one goes to its place.

``FindingsModel`` is a two-level tree (错误/警告/提示 → findings) with the
message and a readable location. ``FindingsDock`` refreshes it from
``Document.summary()`` a moment after each change (a short single-shot timer,
so typing stays fast) and emits ``navigate(where)`` when a finding is
double-clicked or Enter is pressed on it.
"""
from __future__ import annotations

import re
from typing import Any, Optional

from PySide6.QtCore import (QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer,
                            Signal)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QDockWidget, QLabel, QStackedWidget,
                               QStyle, QTreeView, QVBoxLayout, QWidget)

from model.severity import ERROR, INFO, SEVERITY_LABELS, WARNING, Finding
from model.report import CONTROL_ROWS, SECTIONS, SOURCES

from .document import Document

SEVERITIES = (ERROR, WARNING, INFO)
_ICONS = {ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
          WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
          INFO: QStyle.StandardPixmap.SP_MessageBoxInformation}

#: tab keys
INFO_TAB, STAFF_TAB, BUDGET_TAB, DEPT_TAB, PROJECTS_TAB = "info", "staff", "budget", "dept", "projects"

_SECTION_RE = re.compile(r"^sections\[(\d+)\]")
_PROJECT_RE = re.compile(r"^projects\[(\d+)\](?:\.indicators\[(\d+)\])?")
_DEPT_IND_RE = re.compile(r"^dept\.indicators\[(\d+)\]")


def tab_for(where: str) -> Optional[str]:
    """The tab a finding's location belongs to: info/staff/budget/dept/projects or section-<i>."""
    if where.startswith("info.") or where == "info" or where == "profile":
        return INFO_TAB
    if where.startswith("staff"):
        return STAFF_TAB
    if where.startswith("budget"):
        return BUDGET_TAB
    m = _SECTION_RE.match(where)
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
        m = _DEPT_IND_RE.match(where)
        return "部门整体绩效指标" + (f" › 第 {int(m.group(1)) + 1} 行" if m else "")
    if tab == PROJECTS_TAB:
        m = _PROJECT_RE.match(where)
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
        groups = []
        for sev in SEVERITIES:
            items = [f for f in findings if f.severity == sev]
            if items:
                groups.append((sev, items))
        self.beginResetModel()
        self._groups = groups
        self.endResetModel()
        return True

    def count(self, severity: str) -> int:
        for sev, items in self._groups:
            if sev == severity:
                return len(items)
        return 0

    # -- structure: internalId 0 = a group, g + 1 = a finding of group g ------------
    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:
        if column < 0 or column >= len(self.HEADERS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row >= len(self._groups):
                return QModelIndex()
            return self.createIndex(row, column, 0)
        if parent.internalId() != 0 or parent.column() != 0:
            return QModelIndex()
        g = parent.row()
        if g >= len(self._groups) or row >= len(self._groups[g][1]):
            return QModelIndex()
        return self.createIndex(row, column, g + 1)

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
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return f"{SEVERITY_LABELS[sev]}（{len(items)}）"
            if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
                style = QApplication.style()
                return style.standardIcon(_ICONS[sev]) if style is not None else None
            if role == Qt.ItemDataRole.FontRole and index.column() == 0:
                from PySide6.QtGui import QFont
                f = QFont()
                f.setBold(True)
                return f
            return None
        f = self._groups[index.internalId() - 1][1][index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f.message if index.column() == 0 else location_text(f.where, self._doc)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{f.message}\n位置：{location_text(f.where, self._doc)}（{f.where}）\n规则：{f.rule}\n双击或按回车跳转"
        if role == self.FindingRole:
            return f
        if role == self.WhereRole:
            return f.where
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class FindingsView(QTreeView):
    activatedFinding = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setUniformRowHeights(True)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.doubleClicked.connect(self._activate)

    def _activate(self, index: QModelIndex) -> None:
        where = index.sibling(index.row(), 0).data(FindingsModel.WhereRole)
        if where is not None:
            self.activatedFinding.emit(where)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._activate(self.currentIndex())
            return
        super().keyPressEvent(event)


class _FirstPaintWatch(QObject):
    """Calls ``callback`` once, when ``window`` itself receives its first Paint event (a filter on
    the window only, so its children's events do not pass through Python)."""

    def __init__(self, window: QWidget, callback):
        super().__init__(window)
        self._callback = callback
        window.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            callback, self._callback = self._callback, None
            self.deleteLater()
            if callback is not None:
                callback()
        return False


class FindingsDock(QDockWidget):
    """The 审核 dock; ``refreshed`` fires after each recomputation."""

    navigate = Signal(str)
    refreshed = Signal()

    def __init__(self, doc: Document, parent: Optional[QWidget] = None, delay_ms: int = 120):
        super().__init__("审核", parent)
        self.setObjectName("findingsDock")
        self.doc = doc
        self.model = FindingsModel(self, doc)
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(4, 2, 4, 4)
        self.summary_label = QLabel()
        lay.addWidget(self.summary_label)
        # until the first pass is done the panel says so; the list and the all-clear line are
        # made when first shown
        self.pending = QLabel("正在审核…")
        self.pending.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pending.setEnabled(False)
        self._view: Optional[FindingsView] = None
        self._all_clear: Optional[QLabel] = None
        self.stack = QStackedWidget()
        self.stack.addWidget(self.pending)
        lay.addWidget(self.stack)
        self.setWidget(box)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.refresh)
        doc.changed.connect(lambda *_: self.timer.start())
        doc.reset.connect(self.timer.start)
        # the first pass (scores and every check) waits until the window has painted once, so
        # that the user sees the report before it is computed; ``refreshed`` then fills the
        # status bar and tab marks. A window that is not shown gets it when the loop turns.
        self.refreshed_once = False
        self._window_painted = False
        self._paint_watch: Optional[_FirstPaintWatch] = None
        if parent is not None:
            self._paint_watch = _FirstPaintWatch(parent.window(), self._on_window_painted)
        QTimer.singleShot(0, self, self._first_refresh)

    @property
    def view(self) -> FindingsView:
        """The list of findings."""
        if self._view is None:
            self._view = view = FindingsView()
            view.setModel(self.model)
            view.activatedFinding.connect(self.navigate)
            header = view.header()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(0, header.ResizeMode.Stretch)
            header.setSectionResizeMode(1, header.ResizeMode.ResizeToContents)
            self.stack.addWidget(view)
            self._expand_groups()
        return self._view

    def _expand_groups(self) -> None:
        """Open the three severity groups (not ``expandAll``: the findings have no children)."""
        for row in range(self.model.rowCount()):
            self._view.expand(self.model.index(row, 0))

    @property
    def all_clear(self) -> QLabel:
        """What the panel shows when there is nothing to report."""
        if self._all_clear is None:
            self._all_clear = QLabel("✔ 审核通过：没有发现错误、警告或提示。")
            self._all_clear.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._all_clear.setStyleSheet("color: #2e7d32; font-size: 12pt;")
            self.stack.addWidget(self._all_clear)
        return self._all_clear

    def _on_window_painted(self) -> None:
        self._window_painted = True
        self._paint_watch = None
        if not self.refreshed_once:
            self.timer.start()          # the usual short delay, as after an edit

    def _first_refresh(self) -> None:
        if self.refreshed_once:
            return
        if self._paint_watch is not None and not self._window_painted and self.window().isVisible():
            return                      # shown but not painted yet: the first paint starts it
        self.refresh()

    def refresh(self) -> None:
        self.timer.stop()
        summary = self.doc.summary()
        if self.model.set_findings(summary.findings) and self._view is not None:
            self._expand_groups()
        if summary.findings:
            self.summary_label.setText(
                f"错误 {summary.count(ERROR)} 个，警告 {summary.count(WARNING)} 个，提示 {summary.count(INFO)} 个"
                "（双击或按回车跳转到出错位置）")
            self.summary_label.show()
            self.stack.setCurrentWidget(self.view)
        else:
            self.summary_label.hide()
            self.stack.setCurrentWidget(self.all_clear)
        self.refreshed_once = True
        self.refreshed.emit()
