"""What every tab page has in common: a title, and ``focus_path`` to show a field."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ..document import Document
from ..widgets import focus_widget


class FormPage(QScrollArea):
    """A scrollable page of fields, each registered under its document path."""

    title = ""
    max_width = 820   # forms read badly across a whole wide screen

    def __init__(self, doc: Document, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.doc = doc
        self.fields: dict[str, QWidget] = {}
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget()
        self.body.setObjectName("pageBody")
        row = QHBoxLayout(self.body)
        row.setContentsMargins(24, 16, 24, 16)
        column = QWidget()
        column.setMaximumWidth(self.max_width)
        self.outer = QVBoxLayout(column)
        self.outer.setContentsMargins(0, 0, 0, 0)
        self.outer.setSpacing(12)
        row.addWidget(column, 1)
        row.addStretch(0)
        self.setWidget(self.body)

    def heading(self, text: str, hint: str = "") -> None:
        label = QLabel(text)
        f = label.font()
        f.setPointSizeF(f.pointSizeF() * 1.35)
        f.setBold(True)
        label.setFont(f)
        self.outer.addWidget(label)
        if hint:
            h = QLabel(hint)
            h.setWordWrap(True)
            h.setForegroundRole(h.foregroundRole())
            h.setStyleSheet("color: palette(placeholder-text);")
            self.outer.addWidget(h)

    def register(self, path: str, widget: QWidget) -> QWidget:
        self.fields[path] = widget
        return widget

    def focus_path(self, path: str) -> bool:
        """Show and focus the field for ``path`` (or the closest enclosing one)."""
        p = path
        while p:
            w = self.fields.get(p)
            if w is not None:
                focus_widget(w)
                return True
            cut = max(p.rfind("."), p.rfind("["))
            p = p[:cut] if cut > 0 else ""
        return False


def note_label(text: str) -> QLabel:
    lab = QLabel(text)
    lab.setWordWrap(True)
    lab.setStyleSheet("color: palette(placeholder-text);")
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return lab
