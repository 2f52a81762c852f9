"""Editors bound to a path of the document.

Each editor shows the value at its path, writes through ``Document.set_value``
(so every edit is undoable) and follows the document when an undo, a redo or
another view changes that value. Number editors accept what ``model.numbers``
parses and refuse the rest: the document keeps its old value and the field
shows why (red border, the reason in the tooltip and in ``inputError``).
Escape puts the stored value back.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable, Optional

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (QComboBox, QLabel, QLineEdit, QPlainTextEdit, QSpinBox,
                               QToolTip, QWidget)

from model import numbers, store
from model.numbers import NumberError

from .document import Document

ERROR_STYLE = "border: 2px solid #d32f2f; background: #fff3f3;"


def fmt_money_edit(value: Optional[Decimal]) -> str:
    """Money as shown in an editor: two decimals, or all of them when the user typed more."""
    if value is None:
        return ""
    if value != value.to_integral_value() and value.normalize().as_tuple().exponent < -2:
        return numbers.fmt_plain(value)
    return numbers.fmt_money(value)


def fmt_int_edit(value: Optional[int]) -> str:
    return "" if value is None else str(value)


def _undo_kind(event: QKeyEvent) -> str:
    """"undo"/"redo" when the key is one of the undo/redo shortcuts, else ""."""
    if event.matches(QKeySequence.StandardKey.Undo):
        return "undo"
    if event.matches(QKeySequence.StandardKey.Redo):
        return "redo"
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    ctrl = Qt.KeyboardModifier.ControlModifier
    if event.key() == Qt.Key.Key_Y and mods == ctrl:
        return "redo"
    if event.key() == Qt.Key.Key_Z and mods == ctrl | Qt.KeyboardModifier.ShiftModifier:
        return "redo"
    return ""


class DocumentUndoKeys(QObject):
    """Send Ctrl+Z / Ctrl+Y typed in a text field to the document's undo stack.

    Text widgets have an undo of their own; with two undo histories a Ctrl+Z
    in a field would undo inside the field and push that as a new edit. The
    document's stack is the only history, so the keys (and the context-menu
    entries) go there.
    """

    def __init__(self, doc: "Document", parent: QObject):
        super().__init__(parent)
        self.doc = doc

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and _undo_kind(event):
            event.accept()          # the field takes the key, so the window's action does not fire too
            return True
        if kind == QEvent.Type.KeyPress and _undo_kind(event):
            self.doc.undo() if _undo_kind(event) == "undo" else self.doc.redo()
            return True
        return False


def route_undo_to_document(widget: QWidget, doc: "Document") -> None:
    widget.installEventFilter(DocumentUndoKeys(doc, widget))


def _context_menu(widget, event: QContextMenuEvent) -> None:
    """The standard cut/copy/paste menu without the field's own undo/redo."""
    menu = widget.createStandardContextMenu()
    for action in menu.actions():
        if action.objectName() in ("edit-undo", "edit-redo"):
            menu.removeAction(action)
    menu.exec(event.globalPos())
    menu.deleteLater()


def offers_document_files(event) -> bool:
    """A drag or drop that carries at least one local .jxzp file."""
    mime = event.mimeData()
    return mime is not None and mime.hasUrls() and any(
        u.isLocalFile() and u.toLocalFile().lower().endswith(store.SUFFIX) for u in mime.urls())


class _DocumentDrops:
    """Mixin for fields that accept dropped text: a dropped .jxzp file is opened by the
    window (as when it is dropped anywhere else on it), not inserted as text."""

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt API
        if offers_document_files(event):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt API
        if offers_document_files(event):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt API
        if offers_document_files(event):
            window = self.window()
            if window is not self and hasattr(window, "open_path"):
                window.dropEvent(event)
            else:
                event.ignore()
        else:
            super().dropEvent(event)


class _Bound:
    """Mixin: follow the document's value at ``path``."""

    doc: Document
    path: str

    def _bind(self, doc: Document, path: str) -> None:
        self.doc = doc
        self.path = path
        doc.changed.connect(self._on_changed)
        doc.reset.connect(self.refresh)

    def _on_changed(self, path: str, structure: bool) -> None:
        if path == self.path or (structure and self.path.startswith(path)):
            self.refresh()

    def refresh(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class ParsedLineEdit(_DocumentDrops, QLineEdit, _Bound):
    """A one-line editor whose text is parsed into the stored value on Enter or focus-out."""

    #: a Chinese message when the typed text was refused, "" when it was accepted
    inputError = Signal(str)

    def __init__(self, doc: Document, path: str, parse: Callable[[str], Any],
                 fmt: Callable[[Any], str], label: str = "", parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._parse, self._fmt, self.label = parse, fmt, label
        self.error = ""
        self._tip_before_error = ""
        self._bind(doc, path)
        route_undo_to_document(self, doc)
        self.editingFinished.connect(self.commit)
        self.textEdited.connect(lambda _t: self._set_error("") if self.error else None)
        self.refresh()

    def stored_text(self) -> str:
        return self._fmt(self.doc.value(self.path))

    def refresh(self) -> None:
        self._set_error("")
        text = self.stored_text()
        if self.text() != text:
            self.setText(text)
            self.setCursorPosition(0)

    def commit(self) -> bool:
        """Parse and store the text; False (old value kept, message shown) when it is refused."""
        text = self.text()
        if text == self.stored_text():
            self._set_error("")
            return True
        try:
            value = self._parse(text)
        except NumberError as e:
            self._set_error(str(e))
            return False
        what = f"修改{self.label}" if self.label else "修改"
        if not self.doc.set_value(self.path, value, what):
            self.refresh()   # same value typed differently: show it the standard way
        else:
            self._set_error("")
            self.setText(self.stored_text())
        return True

    def _set_error(self, message: str) -> None:
        if message == self.error:
            return
        if message and not self.error:
            self._tip_before_error = self.toolTip()
        self.error = message
        self.setStyleSheet(ERROR_STYLE if message else "")
        # the field's own tooltip comes back once the input is fixed
        self.setToolTip(f"输入有误，未保存：{message}\n（按 Esc 恢复原值）" if message else self._tip_before_error)
        if message and self.isVisible() and QGuiApplication.platformName() not in ("offscreen", "minimal"):
            QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), message, self)
        self.inputError.emit(message)
        self.doc.inputError.emit(message)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape and self.text() != self.stored_text():
            self.refresh()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            # Enter stores the value and moves on, as in a paper form; a refused value stays put
            if self.commit():
                self.focusNextChild()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt API
        _context_menu(self, event)


class MoneyEdit(ParsedLineEdit):
    """An amount in 万元 (accepts “85.53”, “85.53万元”, “853,000元”, full-width digits)."""

    def __init__(self, doc: Document, path: str, label: str = "", parent: Optional[QWidget] = None):
        super().__init__(doc, path, numbers.parse_money, fmt_money_edit, label, parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText("万元")


class IntEdit(ParsedLineEdit):
    """A count (accepts “32”, “32人”, “３２”)."""

    def __init__(self, doc: Document, path: str, label: str = "", parent: Optional[QWidget] = None):
        super().__init__(doc, path, numbers.parse_int, fmt_int_edit, label, parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class TextLineEdit(_DocumentDrops, QLineEdit, _Bound):
    """A short text field; each edit is stored at once, typing merges into one undo step."""

    def __init__(self, doc: Document, path: str, label: str = "", parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.label = label
        self._bind(doc, path)
        route_undo_to_document(self, doc)
        self.textEdited.connect(self._store)
        self.refresh()

    def _store(self, text: str) -> None:
        self.doc.set_value(self.path, text, f"修改{self.label}" if self.label else "修改", merge=True)

    def refresh(self) -> None:
        text = self.doc.value(self.path) or ""
        if self.text() != text:
            self.setText(text)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.doc.seal()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.doc.seal()
            self.focusNextChild()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt API
        _context_menu(self, event)


class PlainTextEdit(_DocumentDrops, QPlainTextEdit, _Bound):
    """A multi-line text; typing merges into one undo step until the editor loses focus."""

    def __init__(self, doc: Document, path: str, label: str = "", parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.label = label
        self._updating = False
        self._bind(doc, path)
        self.setUndoRedoEnabled(False)
        route_undo_to_document(self, doc)
        self.textChanged.connect(self._store)
        self.setTabChangesFocus(True)
        self.refresh()

    def _store(self) -> None:
        if self._updating:
            return
        self.doc.set_value(self.path, self.toPlainText(), f"修改{self.label}" if self.label else "修改",
                           merge=True)

    def refresh(self) -> None:
        text = self.doc.value(self.path) or ""
        if self.toPlainText() == text:
            return
        cursor = self.textCursor()
        pos = cursor.position()
        self._updating = True
        try:
            self.setPlainText(text)
        finally:
            self._updating = False
        cursor = self.textCursor()
        cursor.setPosition(min(pos, len(text)))
        self.setTextCursor(cursor)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.doc.seal()
        super().focusOutEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt API
        _context_menu(self, event)


def wheel_only_when_focused(widget: QWidget) -> None:
    """Scrolling a page must not change the combo boxes and spin boxes it passes over."""
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.installEventFilter(_WHEEL_GUARD)


class _WheelGuard(QObject):
    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Wheel and isinstance(obj, QWidget) and not obj.hasFocus():
            event.ignore()
            return True
        return False


_WHEEL_GUARD = _WheelGuard()


class ComboEdit(_DocumentDrops, QComboBox, _Bound):
    """A text chosen from a list (editable: other text may be typed)."""

    def __init__(self, doc: Document, path: str, items: tuple[str, ...], label: str = "",
                 editable: bool = True, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.label = label
        self.setEditable(editable)
        self.addItems(list(items))
        self._updating = False
        self._bind(doc, path)
        wheel_only_when_focused(self)
        self.currentTextChanged.connect(self._store)
        if editable:
            self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            self.lineEdit().editingFinished.connect(lambda: self.doc.seal())
            route_undo_to_document(self.lineEdit(), doc)
            # drops land on the combo box itself, which opens a dropped .jxzp (see _DocumentDrops)
            self.lineEdit().setAcceptDrops(False)
            self.setAcceptDrops(True)
        self.refresh()

    def _store(self, text: str) -> None:
        if self._updating:
            return
        self.doc.set_value(self.path, text, f"修改{self.label}" if self.label else "修改",
                           merge=self.isEditable())

    def refresh(self) -> None:
        text = self.doc.value(self.path) or ""
        if self.currentText() == text:
            return
        self._updating = True
        try:
            idx = self.findText(text)
            if idx >= 0:
                self.setCurrentIndex(idx)
            elif self.isEditable():
                self.setCurrentIndex(-1)
                self.setEditText(text)
        finally:
            self._updating = False


class IntSpinEdit(QSpinBox, _Bound):
    """An integer in a range (the 年度)."""

    def __init__(self, doc: Document, path: str, minimum: int, maximum: int, label: str = "",
                 parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.label = label
        self.setRange(minimum, maximum)
        self._updating = False
        self.setKeyboardTracking(False)
        self._bind(doc, path)
        route_undo_to_document(self, doc)
        wheel_only_when_focused(self)
        self.valueChanged.connect(self._store)
        self.refresh()

    def _store(self, value: int) -> None:
        if not self._updating:
            self.doc.set_value(self.path, int(value), f"修改{self.label}" if self.label else "修改")

    def refresh(self) -> None:
        value = self.doc.value(self.path)
        if value is None or value == self.value():
            return
        self._updating = True
        try:
            self.setValue(int(value))
        finally:
            self._updating = False


class ValueLabel(QLabel):
    """A read-only value computed from the document, refreshed on every change."""

    def __init__(self, doc: Document, compute: Callable[[], str], parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._compute = compute
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        doc.changed.connect(lambda *_: self.refresh())
        doc.reset.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.setText(self._compute())


def reveal_widget(widget: QWidget) -> None:
    """Scroll every scroll area around ``widget`` (innermost first) so that it is in view."""
    from PySide6.QtWidgets import QScrollArea
    w = widget.parentWidget()
    while w is not None:
        if isinstance(w, QScrollArea):
            w.ensureWidgetVisible(widget)
        w = w.parentWidget()


def focus_widget(widget: QWidget) -> None:
    """Bring a field into view and give it the keyboard focus."""
    reveal_widget(widget)
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    if isinstance(widget, QLineEdit):
        widget.selectAll()


__all__ = ["MoneyEdit", "IntEdit", "ParsedLineEdit", "TextLineEdit", "PlainTextEdit", "ComboEdit",
           "IntSpinEdit", "ValueLabel", "focus_widget", "reveal_widget", "fmt_money_edit"]
