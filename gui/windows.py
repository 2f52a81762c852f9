"""The main windows of this process, without the main window class itself.

``gui.mainwindow`` registers every window it creates here; the dialogs and actions that act
on all open windows (选项, import, start-up) read the list from here, so they need not import
``gui.mainwindow`` (which imports them).
"""
from __future__ import annotations

from datetime import date

import shiboken6
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: every open main window of this process
WINDOWS: list = []


def register(window: QWidget) -> None:
    WINDOWS.append(window)


def unregister(window: QWidget) -> None:
    if window in WINDOWS:
        WINDOWS.remove(window)


def live_windows() -> list:
    """The main windows still open (dropping any whose widget is gone)."""
    WINDOWS[:] = [w for w in WINDOWS if shiboken6.isValid(w)]
    return list(WINDOWS)


def bring_to_front(w: QWidget) -> None:
    w.show()
    if QGuiApplication.platformName() not in ("offscreen", "minimal"):  # they cannot raise windows
        w.raise_()
        w.activateWindow()


def default_year() -> int:
    """The year a new report is for: the last full year."""
    return date.today().year - 1


__all__ = ["WINDOWS", "register", "unregister", "live_windows", "bring_to_front", "default_year"]
