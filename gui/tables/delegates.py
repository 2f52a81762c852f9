"""Cell editors for the grids: combo boxes for names and grades, a wrapping note editor.

Numbers are typed into plain line edits; the models refuse what does not parse
(with a Chinese message) so the old value stays.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QAbstractItemDelegate, QComboBox, QLineEdit, QPlainTextEdit, QStyle,
                               QStyledItemDelegate)

from model.report import GRADES, NATURES

from .indicators import (AUTO_NATURE, COL_GRADE, COL_LEVEL1, COL_LEVEL2, COL_NATURE, COL_NOTE,
                         NO_GRADE, IndicatorTableModel)
from .view import is_alt_arrow


class NoteEdit(QPlainTextEdit):
    """Multi-line text in a cell: Enter commits (like a spreadsheet), Alt/Shift+Enter breaks the line."""

    def __init__(self, delegate: QAbstractItemDelegate, parent=None):
        super().__init__(parent)
        self._delegate = delegate
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & (Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier):
                self.insertPlainText("\n")
                return
            self._delegate.commitData.emit(self)
            self._delegate.closeEditor.emit(self, QAbstractItemDelegate.EndEditHint.SubmitModelCache)
            return
        super().keyPressEvent(event)


def fit_popup_to_items(combo: QComboBox) -> int:
    """Make the combo's drop-down list at least as wide as its widest item; returns that width."""
    view = combo.view()
    metrics = view.fontMetrics()
    widest = max((metrics.horizontalAdvance(combo.itemText(i)) for i in range(combo.count())), default=0)
    scroll = view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    width = widest + scroll + 4 * view.frameWidth() + 24      # text, a scroll bar, frame and margins
    view.setMinimumWidth(width)
    return width


class IndicatorDelegate(QStyledItemDelegate):
    """Editors for the indicator grid (``gui.tables.indicators``)."""

    #: the columns edited with a drop-down list
    DROPDOWN_COLUMNS = (COL_LEVEL1, COL_LEVEL2, COL_NATURE, COL_GRADE)

    #: cell heights kept (a measure is ≈ 35 µs of Qt text layout and model calls; a paste of
    #: 100 rows measured 1 000 cells); cleared when it grows past this
    SIZE_CACHE = 20_000

    def __init__(self, parent=None):
        super().__init__(parent)
        self._sizes: dict[tuple, QSize] = {}
        self._sizes_font = QFont()      # the view's font the kept sizes were measured with

    def _model(self, index) -> IndicatorTableModel:
        return index.model()

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt API
        """Qt's own size of the cell, kept per view font and (column width, ``size_key``):
        the same inputs give the same size, so measuring the rows after a paste or an undo
        lays out only the texts not seen before."""
        model = index.model()
        size_key = getattr(model, "size_key", None)
        if size_key is None:
            return super().sizeHint(option, index)
        if option.font != self._sizes_font:
            self._sizes.clear()
            self._sizes_font = QFont(option.font)
        # (option.features.value: int() of the flag crashes PySide 6.11)
        key = (option.rect.width(), option.features.value, size_key(index.row(), index.column()))
        size = self._sizes.get(key)
        if size is None:
            if len(self._sizes) >= self.SIZE_CACHE:
                self._sizes.clear()
            size = self._sizes[key] = super().sizeHint(option, index)
        return size         # (handed to Qt by value: the kept one is not changed)

    def has_dropdown(self, index) -> bool:
        """Whether the cell's editor is a drop-down (Alt+Down on the cell opens it: ``GridView``)."""
        return index.isValid() and index.column() in self.DROPDOWN_COLUMNS

    def createEditor(self, parent, option, index):  # noqa: N802
        editor = self._create_editor(parent, option, index)
        if isinstance(editor, QComboBox):
            fit_popup_to_items(editor)
        return editor

    def _create_editor(self, parent, option, index):
        col = index.column()
        model = self._model(index)
        if col in (COL_LEVEL1, COL_LEVEL2):
            combo = QComboBox(parent)
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            profile = model.profile()
            if col == COL_LEVEL1:
                names = list(profile.level1_names)
                for ind in model.indicators():
                    if ind.level1 and ind.level1 not in names:
                        names.append(ind.level1)
            else:
                block = profile.block(model.indicator(index.row()).level1)
                names = list(block.level2) if block else [n for b in profile.blocks for n in b.level2]
            combo.addItems(names)
            return combo
        if col == COL_NATURE:
            combo = QComboBox(parent)
            combo.addItem(AUTO_NATURE, "")
            for n in NATURES:
                combo.addItem(n, n)
            combo.setToolTip("留空（按指标值）时：数字按 ≥ 计分，日期按时效计分，文字按定性计分")
            return combo
        if col == COL_GRADE:
            combo = QComboBox(parent)
            combo.addItem(NO_GRADE, "")
            for g in GRADES:
                combo.addItem(g, g)
            return combo
        if col == COL_NOTE:
            return NoteEdit(self, parent)
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor, index) -> None:  # noqa: N802
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QComboBox):
            if editor.isEditable():
                i = editor.findText(text)
                if i >= 0:
                    editor.setCurrentIndex(i)
                editor.setEditText(text)
            else:
                i = editor.findData(text)
                editor.setCurrentIndex(max(i, 0))
            return
        if isinstance(editor, NoteEdit):
            editor.setPlainText(text)
            editor.moveCursor(editor.textCursor().MoveOperation.End)
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor, model, index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            value = editor.currentText() if editor.isEditable() else editor.currentData()
            model.setData(index, value or "", Qt.ItemDataRole.EditRole)
            return
        if isinstance(editor, NoteEdit):
            model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)

    def updateEditorGeometry(self, editor, option, index) -> None:  # noqa: N802
        if isinstance(editor, NoteEdit):
            rect = option.rect
            rect.setHeight(max(rect.height(), 90))
            editor.setGeometry(rect)
            return
        super().updateEditorGeometry(editor, option, index)

    def eventFilter(self, editor, event) -> bool:  # noqa: N802
        # Alt+Down / Alt+Up in a drop-down editor open its list, not the grid's 上移/下移
        if (isinstance(editor, QComboBox) and event.type() == QEvent.Type.ShortcutOverride
                and is_alt_arrow(event)):
            event.accept()
            return True
        # an editable combo: Enter in its line edit commits like any other cell
        if (isinstance(editor, QComboBox) and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not (editor.view() and editor.view().isVisible())):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.SubmitModelCache)
            return True
        return super().eventFilter(editor, event)


class MoneyDelegate(QStyledItemDelegate):
    """A right-aligned line edit for amounts in 万元; the model parses and refuses bad numbers."""

    def createEditor(self, parent, option, index):  # noqa: N802
        editor = super().createEditor(parent, option, index)
        model = index.model()
        if isinstance(editor, QLineEdit) and getattr(model, "is_money", None) and model.is_money(index.column()):
            editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            editor.setPlaceholderText("万元")
        return editor
