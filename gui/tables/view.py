"""A spreadsheet-like table view: Enter moves down, Ctrl+C/Ctrl+V as tab-separated text, Delete clears.

Works with any model that offers ``copy_block(top, left, bottom, right)``,
``paste_block(top, left, cells)`` and ``clear_cells(cells)`` (the grid models
in this package).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QComboBox, QTableView

from .tsv import parse_tsv, to_tsv


def is_alt_arrow(event) -> bool:
    """Alt+Down / Alt+Up: open (or close) a drop-down, as everywhere in the system."""
    return (event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
            and event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.AltModifier)


class GridView(QTableView):
    #: a message for the user (e.g. nothing to paste)
    message = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setWordWrap(True)
        self.setAlternatingRowColors(False)
        self.verticalHeader().setDefaultSectionSize(28)
        self.setTabKeyNavigation(True)
        self._placeholder = ""

    # ------------------------------------------------------------ empty table
    def placeholder_text(self) -> str:
        return self._placeholder

    def set_placeholder_text(self, text: str) -> None:
        """What an empty table says in its blank area (how to fill it), like a line edit's placeholder."""
        self._placeholder = text
        self.viewport().update()

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        model = self.model()
        if not self._placeholder or model is None or model.rowCount() > 0:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        rect = self.viewport().rect().adjusted(16, 16, -16, -16)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._placeholder)
        painter.end()

    # ------------------------------------------------------------ navigation
    def move_down(self) -> None:
        cur = self.currentIndex()
        model = self.model()
        if not cur.isValid() or model is None:
            return
        nxt = model.index(cur.row() + 1, cur.column())
        if nxt.isValid():
            self.setCurrentIndex(nxt)
            self.scrollTo(nxt)

    def closeEditor(self, editor, hint) -> None:  # noqa: N802
        # Enter commits with SubmitModelCache: then go one row down, like a spreadsheet
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            self.move_down()

    # ------------------------------------------------------------ drop-downs
    def has_dropdown(self, index) -> bool:
        """Whether the cell is edited with a drop-down list (its delegate says so)."""
        delegate = self.itemDelegateForIndex(index) if index.isValid() else None
        check = getattr(delegate, "has_dropdown", None)
        return bool(check and check(index)
                    and self.model().flags(index) & Qt.ItemFlag.ItemIsEditable)

    def open_dropdown(self) -> bool:
        """Start editing the current cell and open its drop-down list (Alt+Down)."""
        index = self.currentIndex()
        if not self.has_dropdown(index):
            return False
        if self.state() != QAbstractItemView.State.EditingState:
            self.edit(index)
        editor = self.indexWidget(index)
        if not isinstance(editor, QComboBox):
            return False
        editor.setFocus()
        editor.showPopup()
        return True

    def event(self, event) -> bool:  # noqa: D401 - Qt API
        # on a cell with a drop-down, Alt+Down is the cell's (open the list), not the
        # 下移 shortcut of the grid's toolbar
        if (event.type() == QEvent.Type.ShortcutOverride and is_alt_arrow(event)
                and event.key() == Qt.Key.Key_Down and self.has_dropdown(self.currentIndex())):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if is_alt_arrow(event) and event.key() == Qt.Key.Key_Down and self.open_dropdown():
            return
        if self.state() != QAbstractItemView.State.EditingState:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.move_down()
                return
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy_selection()
                return
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste()
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.clear_selection_cells()
                return
        super().keyPressEvent(event)

    # ------------------------------------------------------------ clipboard
    def selected_cells(self) -> list[tuple[int, int]]:
        cells = {(i.row(), i.column()) for i in self.selectionModel().selectedIndexes()} \
            if self.selectionModel() else set()
        if not cells and self.currentIndex().isValid():
            cells = {(self.currentIndex().row(), self.currentIndex().column())}
        return sorted(cells)

    def selection_rect(self):
        cells = self.selected_cells()
        if not cells:
            return None
        rows = [r for r, _ in cells]
        cols = [c for _, c in cells]
        return min(rows), min(cols), max(rows), max(cols)

    def copy_selection(self) -> str:
        rect = self.selection_rect()
        model = self.model()
        if rect is None or model is None:
            return ""
        text = to_tsv(model.copy_block(*rect))
        QGuiApplication.clipboard().setText(text)
        return text

    def paste(self, text: str | None = None) -> None:
        model = self.model()
        if model is None:
            return
        if text is None:
            text = QGuiApplication.clipboard().text()
        cells = parse_tsv(text or "")
        if not cells:
            self.message.emit("剪贴板中没有可粘贴的内容")
            return
        cur = self.currentIndex()
        rect = self.selection_rect()
        top, left = (rect[0], rect[1]) if rect else (cur.row(), cur.column()) if cur.isValid() else (0, 0)
        if len(cells) == 1 and len(cells[0]) == 1 and rect and (rect[0], rect[1]) != (rect[2], rect[3]):
            # one value into a selected range: fill every selected cell
            value = cells[0][0]
            cells = [[value] * (rect[3] - rect[1] + 1) for _ in range(rect[2] - rect[0] + 1)]
        top = max(top, 0)
        left = max(left, 0)
        model.paste_block(top, left, cells)
        bottom = min(top + len(cells) - 1, model.rowCount() - 1)
        right = min(left + max(len(r) for r in cells) - 1, model.columnCount() - 1)
        if bottom >= top and right >= left:
            sel = self.selectionModel()
            self.setCurrentIndex(model.index(top, left))
            from PySide6.QtCore import QItemSelection
            sel.select(QItemSelection(model.index(top, left), model.index(bottom, right)),
                       QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def clear_selection_cells(self) -> None:
        model = self.model()
        if model is None:
            return
        cells = [(r, c) for r, c in self.selected_cells()
                 if model.flags(model.index(r, c)) & Qt.ItemFlag.ItemIsEditable]
        if cells:
            model.clear_cells(cells)

    def select_cell(self, row: int, col: int) -> bool:
        model = self.model()
        if model is None:
            return False
        idx = model.index(row, col)
        if not idx.isValid():
            return False
        self.setCurrentIndex(idx)
        self.selectionModel().select(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(idx)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        return True
