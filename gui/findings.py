"""The 审核 panel: all findings grouped by severity; activating one goes to its place.

``FindingsDock`` refreshes the list (``gui.findings_list``) from
``Document.summary()`` a moment after each change (a short single-shot timer,
so typing stays fast) and emits ``navigate(where)`` when a finding is
double-clicked or Enter is pressed on it. The tab a finding's location belongs to
is ``gui.locations.tab_for``. Entries of the review list left by import and roll-over
(``model.review``) are 提示 findings until marked reviewed (button or context menu
“标记为已复核”, one undo step); the summary line counts the open ones. A 提示 that an
indicator could be linked to the budget data offers “关联预算数据” (one undo step).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from model.severity import ERROR, INFO, WARNING

from .document import Document

if TYPE_CHECKING:
    from model.severity import Finding

    from .findings_list import FindingsModel, FindingsView

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
        self._model: Optional[FindingsModel] = None
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(4, 2, 4, 4)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(self.summary_label, 1)
        # entries of the review list (import, roll-over) stay until marked reviewed
        self.review_button = QPushButton("标记为已复核")
        self.review_button.setToolTip("所选“请复核”提示已核对：从审核列表中移除（可撤销，保存在文件中）")
        self.review_button.setEnabled(False)
        self.review_button.hide()
        self.review_button.clicked.connect(lambda *_: self.mark_reviewed())
        head.addWidget(self.review_button)
        lay.addLayout(head)
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
    def model(self) -> FindingsModel:
        """The findings of the last pass, grouped by severity."""
        if self._model is None:
            from .findings_list import FindingsModel
            self._model = FindingsModel(self, self.doc)
        return self._model

    @property
    def view(self) -> FindingsView:
        """The list of findings."""
        if self._view is None:
            from .findings_list import FindingsView
            self._view = view = FindingsView()
            view.setModel(self.model)
            view.activatedFinding.connect(self.navigate)
            view.markReviewed.connect(self.mark_reviewed)
            view.linkBudget.connect(self.link_budget)
            view.selectionModel().selectionChanged.connect(self._update_review_button)
            view.fit_columns()
            self.stack.addWidget(view)
            self._expand_groups()
        return self._view

    def open_review_count(self) -> int:
        """Entries of the review list not yet marked reviewed."""
        from model.review import open_count
        return open_count(self.doc.report)

    def mark_reviewed(self, findings: Optional[list[Finding]] = None) -> int:
        """Mark the review-list entries these findings show (default: the selected ones) as
        reviewed, in one undo step; returns how many were marked."""
        from model.review import index_for
        if findings is None:
            findings = self.view.selected_review_findings() if self._view is not None else []
        report = self.doc.report
        rows = sorted({i for i in (index_for(report, f) for f in findings) if i is not None})
        if not rows:
            return 0
        with self.doc.macro("标记为已复核"):
            for i in rows:
                self.doc.set_value(f"review[{i}].reviewed", True, "标记为已复核")
        return len(rows)

    def link_budget(self, findings: list[Finding]) -> int:
        """Link the indicators these ``link.*`` 提示 point at to the budget data (their 实际完成值
        is then computed), in one undo step; returns how many were linked."""
        from model import paths
        from .tables.linked import LINKABLE_LIST, link_rows
        rows = []
        for f in findings:
            parts = paths.parse(f.where)        # dept.indicators[3].actual
            if len(parts) >= 3 and isinstance(parts[2], int) and paths.join(parts[:2]) == LINKABLE_LIST:
                rows.append(parts[2])
        return link_rows(self.doc, LINKABLE_LIST, rows)

    def _update_review_button(self, *_args) -> None:
        pending = self.open_review_count()
        self.review_button.setVisible(pending > 0)
        self.review_button.setEnabled(pending > 0 and self._view is not None
                                      and bool(self._view.selected_review_findings()))

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

    @property
    def window_painted(self) -> bool:
        """Whether the window has received its first Paint event."""
        return self._window_painted

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
            pending = self.open_review_count()
            self.summary_label.setText(
                # (the list's groups hold them: one walk of the findings less per severity)
                f"错误 {self.model.count(ERROR)} 个，警告 {self.model.count(WARNING)} 个，"
                f"提示 {self.model.count(INFO)} 个"
                + (f"，其中待复核 {pending} 项" if pending else "")
                + "（双击或按回车跳转到出错位置）")
            self.summary_label.show()
            self.stack.setCurrentWidget(self.view)
        else:
            self.summary_label.hide()
            self.stack.setCurrentWidget(self.all_clear)
        self._update_review_button()
        self.refreshed_once = True
        self.refreshed.emit()
