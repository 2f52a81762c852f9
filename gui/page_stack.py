"""The pages of the main window: ``PageSlot`` (a page built on first use), ``PageStack`` (one
page shown at a time; it answers the tab-widget questions the rest of the program asks) and
``Pages`` (``window.pages[key]``)."""
from __future__ import annotations

import weakref
from collections.abc import Mapping
from typing import Callable, Iterator, Optional

from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget


class PageSlot(QWidget):
    """What the stack holds for one page: the page itself, built into it on first use."""

    def __init__(self, key: str, factory: Callable[[], QWidget]):
        super().__init__()
        self.key = key
        self.page: Optional[QWidget] = None
        self._factory = factory
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def build(self) -> QWidget:
        if self.page is None:
            page = self._factory()
            self._layout.addWidget(page)
            page.show()
            self.page = page
            self._factory = None
        return self.page


class PageStack(QStackedWidget):
    """The pages of the main window, one shown at a time (the navigation tree picks it).

    It answers the tab-widget questions the rest of the program asks (``count``,
    ``tabText``, ``tabToolTip``, ``indexOf``, ``setCurrentWidget``), and a page and the
    slot that holds it count as one."""

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._titles: list[str] = []
        self._tips: list[str] = []

    def addTab(self, slot: QWidget, title: str) -> int:  # noqa: N802 - tab-widget API
        self._titles.append(title)
        self._tips.append("")
        return self.addWidget(slot)

    def tabText(self, index: int) -> str:  # noqa: N802 - tab-widget API
        return self._titles[index] if 0 <= index < len(self._titles) else ""

    def setTabToolTip(self, index: int, tip: str) -> None:  # noqa: N802 - tab-widget API
        if 0 <= index < len(self._tips):
            self._tips[index] = tip

    def tabToolTip(self, index: int) -> str:  # noqa: N802 - tab-widget API
        return self._tips[index] if 0 <= index < len(self._tips) else ""

    def _slot(self, w: QWidget) -> QWidget:
        for i in range(self.count()):
            slot = self.widget(i)
            if isinstance(slot, PageSlot) and slot.page is w:
                return slot
        return w

    def indexOf(self, w: QWidget) -> int:  # noqa: N802 - Qt API
        return super().indexOf(self._slot(w))

    def setCurrentWidget(self, w: QWidget) -> None:  # noqa: N802 - Qt API
        super().setCurrentWidget(self._slot(w))


class Pages(Mapping):
    """``window.pages[key]``: a page, built when first asked for."""

    def __init__(self, window: QWidget):
        """``window``: the main window, whose ``_slots`` hold the pages."""
        # no strong reference: the window's Python object must go when Qt deletes the window
        self._window = weakref.ref(window)

    def _all(self) -> dict[str, PageSlot]:
        window = self._window()
        return window._slots if window is not None else {}

    def __getitem__(self, key: str) -> QWidget:
        return self._all()[key].build()

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def built(self) -> dict[str, QWidget]:
        """The pages built so far (without building the others)."""
        return {k: s.page for k, s in self._all().items() if s.page is not None}
