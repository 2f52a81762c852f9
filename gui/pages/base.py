"""What every tab page has in common: a title, and ``focus_path`` to show a field."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ..document import Document
from ..widgets import focus_widget


FINDING_COLORS = {"error": "#c62828", "warning": "#e0a000"}
_FINDING_CSS = "\n".join(
    f'QLineEdit[finding="{sev}"], QPlainTextEdit[finding="{sev}"], QComboBox[finding="{sev}"], '
    f'QAbstractSpinBox[finding="{sev}"] {{ border: 2px solid {color}; }}'
    for sev, color in FINDING_COLORS.items())


#: space around every page's contents (left, top, right, bottom), so all tabs line up
PAGE_MARGINS = (24, 16, 24, 16)


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
        row.setContentsMargins(*PAGE_MARGINS)
        column = QWidget()
        column.setMaximumWidth(self.max_width)
        self.outer = QVBoxLayout(column)
        self.outer.setContentsMargins(0, 0, 0, 0)
        self.outer.setSpacing(12)
        row.addWidget(column, 1)
        row.addStretch(0)
        self.setWidget(self.body)
        self.body.setStyleSheet(_FINDING_CSS)

    def show_findings(self, findings) -> None:
        """Outline the fields that have errors or warnings; their messages go in the tooltip."""
        by_path: dict[str, list] = {}
        for f in findings:
            if f.where in self.fields:
                by_path.setdefault(f.where, []).append(f)
        for path, w in self.fields.items():
            found = by_path.get(path, [])
            sevs = {f.severity for f in found}
            sev = "error" if "error" in sevs else "warning" if "warning" in sevs else ""
            if (w.property("finding") or "") != sev:
                w.setProperty("finding", sev)
                w.style().unpolish(w)
                w.style().polish(w)
            if getattr(w, "error", ""):
                continue      # a refused input explains itself
            base = w.property("baseToolTip")
            if base is None:
                base = w.toolTip()
                w.setProperty("baseToolTip", base)
            lines = [base] if base else []
            lines += [f"审核：{f.message}" for f in found]
            w.setToolTip("\n".join(lines))

    @staticmethod
    def align_forms(*forms) -> None:
        """Give the labels of several form layouts one width, so their fields line up."""
        from PySide6.QtWidgets import QFormLayout
        labels = []
        for form in forms:
            for row in range(form.rowCount()):
                item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                if item is not None and item.widget() is not None:
                    labels.append(item.widget())
        width = max((lab.sizeHint().width() for lab in labels), default=0)
        for lab in labels:
            lab.setMinimumWidth(width)

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


#: the least width the table pages (部门整体绩效指标, 项目) lay themselves out in; their height
#: is what their layout needs. A smaller window scrolls the page instead of squeezing the grid
#: or cutting off its summary
TABLE_PAGE_MIN_WIDTH = 720
#: the least room the page itself asks of the window (then it scrolls)
SCROLLED_PAGE_MIN_SIZE = (240, 160)


def page_scroll_area(body: QWidget, parent: QWidget) -> QScrollArea:
    """Wrap a table page's ``body`` so that a window smaller than the page scrolls it.

    Below the body's minimum size the page scrolls rather than being clipped. The page's own
    minimum is explicit, so the window's size constraints stay stable while labels change."""
    body.setMinimumWidth(TABLE_PAGE_MIN_WIDTH)
    parent.setMinimumSize(*SCROLLED_PAGE_MIN_SIZE)
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(body)
    return area


def note_label(text: str) -> QLabel:
    lab = QLabel(text)
    lab.setWordWrap(True)
    lab.setStyleSheet("color: palette(placeholder-text);")
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return lab
