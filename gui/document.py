"""The open document: report + path + QUndoStack (+ autosave and lock); signals.

Widgets edit the report only through this object (``set_value``,
``insert_item``, ``remove_item``, ``move_item`` or a ``macro``), so every edit is
undoable and every view hears of it through ``changed``.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from model import paths
from model.report import Report, new_report
from model.summary import Summary, summarize

from .commands import InsertItemCommand, MoveItemCommand, RemoveItemCommand, SetValueCommand


class Document(QObject):
    #: (path, structure): a field (structure=False) or a list's rows (True) changed
    changed = Signal(str, bool)
    #: the whole report was replaced (new/open/import)
    reset = Signal()
    #: the file path changed (save as / open)
    pathChanged = Signal(object)

    def __init__(self, report: Optional[Report] = None, path: Optional[Path] = None, parent=None):
        super().__init__(parent)
        self.report: Report = report or new_report(2024)
        self.path: Optional[Path] = Path(path) if path else None
        self.undo_stack = QUndoStack(self)
        self._revision = 0
        self._summary: Optional[Summary] = None
        self._summary_rev = -1

    # -- edits ---------------------------------------------------------------
    def notify(self, path: str, structure: bool = False) -> None:
        self._revision += 1
        self.changed.emit(path, structure)

    @property
    def revision(self) -> int:
        return self._revision

    def value(self, path: str) -> Any:
        return paths.get(self.report, path)

    def set_value(self, path: str, value: Any, text: str = "", merge: bool = False) -> bool:
        """Push an undoable edit; returns False (and pushes nothing) when the value is unchanged."""
        if paths.get(self.report, path) == value:
            return False
        self.undo_stack.push(SetValueCommand(self, path, value, text, merge))
        return True

    def insert_item(self, list_path: str, index: int, item: Any, text: str = "") -> None:
        self.undo_stack.push(InsertItemCommand(self, list_path, index, item, text))

    def remove_item(self, list_path: str, index: int, text: str = "") -> None:
        self.undo_stack.push(RemoveItemCommand(self, list_path, index, text))

    def move_item(self, list_path: str, src: int, dst: int, text: str = "") -> None:
        if src != dst:
            self.undo_stack.push(MoveItemCommand(self, list_path, src, dst, text))

    @contextmanager
    def macro(self, text: str):
        """Group several edits into one undo step."""
        self.undo_stack.beginMacro(text)
        try:
            yield
        finally:
            self.undo_stack.endMacro()

    def replace_report(self, report: Report, path: Optional[Path] = None) -> None:
        self.report = report
        self.path = Path(path) if path else None
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self._revision += 1
        self.reset.emit()
        self.pathChanged.emit(self.path)

    # -- derived -------------------------------------------------------------
    def summary(self) -> Summary:
        """Scores and findings of the current report (recomputed once per revision)."""
        if self._summary_rev != self._revision or self._summary is None:
            self._summary = summarize(self.report)
            self._summary_rev = self._revision
        return self._summary

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()
