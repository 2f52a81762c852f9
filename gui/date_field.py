"""The 填报日期 field: a date stored as text “YYYY-MM-DD”, typed in the usual ways or picked from
a calendar that opens in the report's filing period."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Optional

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDateEdit, QWidget

from model import numbers
from model.dates import parse_day

from .document import Document
from .widgets import _Bound, route_undo_to_document, wheel_only_when_focused

if TYPE_CHECKING:
    from PySide6.QtCore import QDateTime


def _iso_date(text: str) -> Optional[date]:
    """The date of “YYYY-MM-DD” (what the date field stores) without the general date reader."""
    if len(text) == 10 and text[4] == text[7] == "-" and text.replace("-", "").isascii():
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    return None


class DateTextEdit(QDateEdit, _Bound):
    """A date stored as text “YYYY-MM-DD” (empty until the user picks or types one).

    Besides the calendar and the arrow keys, a date can be typed whole in the usual ways
    (2026-03-15, 2026年3月15日, 2026.3.15, 2026/3/15: ``model.dates.parse_day``); emptying the
    field clears the date. What cannot be read is refused with a message and the old date stays.
    """

    #: a Chinese message when the typed text was refused, "" when it was accepted
    inputError = Signal(str)

    def __init__(self, doc: Document, path: str, label: str = "", parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.label = label
        self.error = ""
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy年M月d日")
        self.setMinimumDate(QDate(1900, 1, 1))
        self.setSpecialValueText("（未填写）")
        # a typed date is read when it is complete (Enter, focus out), not at every key:
        # 2026-03-1 on the way to 2026-03-15 is not the date meant
        self.setKeyboardTracking(False)
        self._updating = False
        self._bind(doc, path)
        route_undo_to_document(self, doc)
        wheel_only_when_focused(self)
        self._calendar_watched = False
        self.dateChanged.connect(self._store)
        self.refresh()

    # -- typed text ----------------------------------------------------------
    def _typed(self, text: str) -> Optional[QDate]:
        """The date ``text`` means: the minimum (no date) for an empty field, None when unreadable."""
        t = text.strip()
        if not t or t == self.specialValueText():
            return self.minimumDate()
        d = parse_day(t)
        return QDate(d.year, d.month, d.day) if d is not None else None

    def validate(self, text: str, pos: int):  # noqa: D401 - Qt API
        if self._typed(text) is not None:
            return QValidator.State.Acceptable, text, pos
        # anything short may still become a date while it is being typed
        return (QValidator.State.Intermediate if len(text) <= 24 else QValidator.State.Invalid), text, pos

    def fixup(self, text: str) -> str:
        return text

    def dateTimeFromText(self, text: str) -> QDateTime:  # noqa: N802 - Qt API
        d = self._typed(text)
        if d is None:
            return super().dateTimeFromText(text)
        from PySide6.QtCore import QDateTime, QTime   # made when first typed into, not at start-up
        return QDateTime(d, QTime(0, 0))

    def shown_text(self) -> str:
        """What the field shows for its date (“（未填写）” for none)."""
        if self.date() == self.minimumDate():
            return self.specialValueText()
        return self.textFromDateTime(self.dateTime())

    def commit_text(self) -> bool:
        """Store what was typed; False (old date kept, message shown) when it cannot be read."""
        text = self.lineEdit().text()
        d = self._typed(text)
        if d is None:
            self._set_error(f"{self.label or '日期'}“{text.strip()}”无法识别，请写成 2026-03-15、"
                            "2026年3月15日 或 2026.3.15")
            self.refresh(force=True)
            return False
        self._set_error("")
        if d != self.date():
            self.setDate(d)
        else:
            self.refresh(force=True)
        return True

    def _set_error(self, message: str) -> None:
        if message == self.error:
            return
        self.error = message
        self.inputError.emit(message)
        self.doc.inputError.emit(message)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.lineEdit().text() != self.shown_text() or self.error:
            self.commit_text()
        super().focusOutEvent(event)

    # -- the calendar --------------------------------------------------------
    def _watch_calendar(self) -> None:
        """An empty date opens the calendar in the report's filing period, not at the year 1900.
        The calendar is made when it is first about to open (a mouse press or a key), not with
        the field."""
        if not self._calendar_watched:
            self._calendar_watched = True
            self.calendarWidget().installEventFilter(self)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._watch_calendar()
        super().mousePressEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._watch_calendar()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            if self.commit_text():
                self.focusNextChild()
            return
        if event.key() == Qt.Key.Key_Escape and self.lineEdit().text() != self.shown_text():
            self._set_error("")
            self.refresh(force=True)
            return
        super().keyPressEvent(event)

    def calendar_page(self) -> tuple[int, int]:
        """(year, month) an empty date's calendar opens at: today while today is in the report's
        year or the year after (when reports are filed), else January of the year after."""
        today = QDate.currentDate()
        year = getattr(getattr(self.doc.report, "info", None), "year", None)
        if not isinstance(year, int) or today.year() in (year, year + 1):
            return today.year(), today.month()
        return year + 1, 1

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if obj is self.calendarWidget() and event.type() == QEvent.Type.Show and self.date() == self.minimumDate():
            obj.setCurrentPage(*self.calendar_page())
        return super().eventFilter(obj, event)

    def _store(self, d: QDate) -> None:
        if self._updating:
            return
        self._set_error("")
        text = "" if d == self.minimumDate() else d.toString("yyyy-MM-dd")
        self.doc.set_value(self.path, text, f"修改{self.label}" if self.label else "修改")

    def refresh(self, force: bool = False) -> None:
        text = self.doc.value(self.path) or ""
        d = _iso_date(text) or (numbers.parse_date(text) if text else None)
        q = QDate(d.year, d.month, d.day) if d else self.minimumDate()
        if q == self.date() and not force:
            return
        self._updating = True
        try:
            self.setDate(q)
            if force:
                self.lineEdit().setText(self.shown_text())
        finally:
            self._updating = False
