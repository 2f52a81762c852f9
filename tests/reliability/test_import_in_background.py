"""导入上年 Excel/Word reads the files in a worker thread: the window keeps processing
events, 取消 drops the result at once (and stops the reader at its next checkpoint),
a file that cannot be read ends in the Chinese message, and the document is never
touched before the user chooses in the summary."""
from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest

from fuzz_support import answers, is_chinese, user_data  # noqa: F401 - fixtures
from gui import fileio, io_actions
from gui.import_dialog import ImportProgressDialog, ImportSummaryDialog, running_imports
from gui.mainwindow import MainWindow, live_windows
from import_fixtures import UNIT, build_report_numbered, build_workbook
from importers.safety import ImportCancelled
from office_attacks import cell_ref, sheet_xml, write_xlsx

#: the offscreen platform cannot pass size hints of shown dialogs on
pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints\(\)$")

WAIT = 10_000


class SlowImport:
    """``fileio.run_import`` that waits for ``gate`` before reading; records how it ended."""

    def __init__(self, monkeypatch):
        self.started, self.gate = threading.Event(), threading.Event()
        self.ended: list[str] = []
        self.real = fileio.run_import
        monkeypatch.setattr(fileio, "run_import", self)

    def __call__(self, paths, fallback_year):
        self.started.set()
        assert self.gate.wait(WAIT / 1000)
        try:
            outcome = self.real(paths, fallback_year)
        except ImportCancelled:
            self.ended.append("stopped by the reader")
            raise
        self.ended.append("read")
        return outcome


@pytest.fixture
def window(qtbot, answers):
    win = MainWindow(findings_delay_ms=0)
    qtbot.addWidget(win)
    yield win
    qtbot.waitUntil(lambda: running_imports() == 0, timeout=WAIT)   # no thread outlives a test
    # (pytest-qt closes the window itself)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("last-year")
    return {"xlsx": [build_workbook(folder / "附件表.xlsx")],
            "docx": [build_report_numbered(folder / "报告.docx")],
            "both": [folder / "附件表.xlsx", folder / "报告.docx"]}


def _closed(dlg) -> bool:
    return not shiboken6.isValid(dlg) or not dlg.isVisible()


def _ticking(window) -> list[int]:
    """A timer of the window that counts its ticks: they only come while events are processed."""
    ticks: list[int] = []
    timer = QTimer(window)
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    return ticks


@pytest.mark.parametrize("kind", ["xlsx", "docx", "both"])
def test_the_window_processes_events_while_a_slow_import_runs(qtbot, window, files, monkeypatch, kind):
    slow = SlowImport(monkeypatch)
    window.doc.set_value("info.head", "导入前的内容")
    before = window.doc.report
    dlg = io_actions.import_paths(window, [str(p) for p in files[kind]])
    assert isinstance(dlg, ImportProgressDialog) and dlg.isVisible()
    assert dlg.cancel_button.text() == "取消" and dlg.bar.maximum() == 0     # a busy bar
    assert slow.started.wait(WAIT / 1000)
    ticks = _ticking(window)
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=WAIT)    # the event loop runs meanwhile
    assert not slow.ended and window.doc.report is before
    slow.gate.set()
    qtbot.waitUntil(lambda: isinstance(window.io.dialog, ImportSummaryDialog), timeout=WAIT)
    assert slow.ended == ["read"] and _closed(dlg)
    assert window.doc.report is before and window.doc.report.info.head == "导入前的内容"
    assert window.io.dialog.outcome.report.info.unit_name == UNIT
    window.io.dialog.cancel_button.click()
    assert window.doc.report is before


def _cancel_by_button(dlg):
    dlg.cancel_button.click()


def _cancel_by_escape(dlg):
    QTest.keyClick(dlg, Qt.Key.Key_Escape)


def _cancel_by_closing(dlg):
    dlg.close()


@pytest.mark.parametrize("cancel", [_cancel_by_button, _cancel_by_escape, _cancel_by_closing],
                         ids=["button", "escape", "close"])
def test_cancel_drops_the_result_and_leaves_the_document(qtbot, window, files, monkeypatch, answers, cancel):
    slow = SlowImport(monkeypatch)
    window.doc.set_value("info.head", "取消前的修改")
    before, windows = window.doc.report, set(live_windows())
    dlg = io_actions.import_paths(window, [str(p) for p in files["both"]])
    reports: list = []
    dlg.thread.done.connect(reports.append)
    assert slow.started.wait(WAIT / 1000)
    cancel(dlg)
    assert _closed(dlg)                              # at once, while the reader is still busy
    assert "已取消导入" in window.statusBar().currentMessage()
    slow.gate.set()                                  # the reader goes on …
    qtbot.waitUntil(lambda: running_imports() == 0, timeout=WAIT)
    assert slow.ended == ["stopped by the reader"]   # … to its first checkpoint
    assert reports == [("cancelled", None)]
    assert not isinstance(window.io.dialog, ImportSummaryDialog)
    assert not window.findChildren(ImportSummaryDialog)
    assert window.doc.report is before and window.doc.report.info.head == "取消前的修改"
    assert window.doc.modified and set(live_windows()) == windows and answers["errors"] == []


def test_a_result_that_arrives_after_cancel_is_dropped(qtbot, window, files, monkeypatch):
    """A reader past its last checkpoint finishes anyway: its document is not shown."""
    gate, started = threading.Event(), threading.Event()
    real = fileio.run_import

    def late(paths, year):
        outcome = real(paths, year)        # read completely, then wait
        started.set()
        assert gate.wait(WAIT / 1000)
        return outcome
    monkeypatch.setattr(fileio, "run_import", late)
    before = window.doc.report
    dlg = io_actions.import_paths(window, [str(files["xlsx"][0])])
    reports: list = []
    dlg.thread.done.connect(reports.append)
    assert started.wait(WAIT / 1000)
    dlg.cancel_button.click()
    gate.set()
    qtbot.waitUntil(lambda: running_imports() == 0, timeout=WAIT)
    assert reports == [("cancelled", None)]
    assert not window.findChildren(ImportSummaryDialog) and window.doc.report is before


def _damaged(folder):
    path = folder / "损坏.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not a workbook")
    return path


def _merges(folder):
    return write_xlsx(folder / "重叠.xlsx", [sheet_xml({(1, 1): "附件3", (200, 50): "x"},
                                                     [f"A1:{cell_ref(200, 50)}"] * 20_000)])


def _long_text(folder):
    return write_xlsx(folder / "长文字.xlsx",
                      [sheet_xml({}, shared_cells=[(r, c) for r in range(1, 1001) for c in range(1, 11)])],
                      shared=["长" * 3_300_000])


@pytest.mark.parametrize("make", [_damaged, _merges, _long_text], ids=["damaged", "merges", "long-text"])
def test_a_failure_shows_the_chinese_message(qtbot, window, tmp_path, answers, make):
    path = make(tmp_path)
    window.doc.set_value("info.head", "失败前的修改")
    before = window.doc.report
    dlg = io_actions.import_paths(window, [str(path)])
    qtbot.waitUntil(lambda: bool(answers["errors"]), timeout=WAIT)
    (message,) = answers["errors"]
    assert is_chinese(message) and path.name in message, message
    assert _closed(dlg) and not window.findChildren(ImportSummaryDialog)
    assert window.doc.report is before and window.doc.report.info.head == "失败前的修改"


def test_closing_the_window_during_an_import(qtbot, files, monkeypatch, answers):
    """The busy dialog goes with its window; the reader is told to stop as well."""
    slow = SlowImport(monkeypatch)
    window = MainWindow(findings_delay_ms=0)       # closed (and deleted) here, not by pytest-qt
    window.show()
    io_actions.import_paths(window, [str(files["xlsx"][0])])
    assert slow.started.wait(WAIT / 1000)
    assert window.close()
    qtbot.waitUntil(lambda: not shiboken6.isValid(window), timeout=WAIT)
    slow.gate.set()
    qtbot.waitUntil(lambda: running_imports() == 0, timeout=WAIT)
    assert slow.ended == ["stopped by the reader"] and answers["errors"] == []
