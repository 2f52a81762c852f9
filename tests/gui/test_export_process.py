"""The export and print dialogs write through a separate process (``export.process``): the same
outcome as before, 停止导出, and the in-thread export when no process can be started."""
from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from export import process
from gui import export_dialog, fileio, io_actions
from gui.mainwindow import MainWindow, live_windows

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints\(\)$")


@pytest.fixture
def opened(monkeypatch):
    urls = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: urls.append(QUrl(url)) or True))
    return urls


@pytest.fixture
def no_questions(monkeypatch):
    monkeypatch.setattr(export_dialog, "ask_export_with_errors", lambda parent, errors: True)


@pytest.fixture
def window(qtbot, sample_report, no_questions):
    w = MainWindow(findings_delay_ms=0)
    qtbot.addWidget(w)
    w.doc.new(sample_report)
    yield w
    for other in live_windows():
        if other is not w:
            qtbot.addWidget(other)


def _dialog(window, folder, formats):
    dlg = io_actions.export_dialog(window)
    dlg.folder.setText(str(folder))
    dlg.base.setText("报告")
    dlg.set_formats(set(formats))
    return dlg


def _export(qtbot, dlg):
    threads = []
    with qtbot.waitSignal(dlg.finished_export, timeout=60000) as blocker:
        dlg.export_button.click()
        threads.append(dlg.thread)
        assert dlg.stop_button.isVisible() and dlg.stop_button.isEnabled()
        assert not dlg.close_button.isEnabled()
    assert not dlg.stop_button.isVisible()
    return blocker.args[0], threads[0]


def test_dialog_exports_through_a_separate_process(qtbot, window, tmp_path):
    loaded_before = {m for m in ("reportlab", "openpyxl") if m in sys.modules}
    dlg = _dialog(window, tmp_path, {"xlsx", "pdf"})
    outcome, thread = _export(qtbot, dlg)
    assert outcome.ok, outcome.error
    assert thread.mode == "process" and thread.fallback_reason is None
    assert [k for k, _ in outcome.files] == ["xlsx", "pdf"]
    assert (tmp_path / "报告.pdf").read_bytes().startswith(b"%PDF") and (tmp_path / "报告.xlsx").is_file()
    assert outcome.notes["xlsx"].endswith("张工作表")
    assert dlg.result.status.text().startswith("已导出 2 个文件")
    assert dlg.result.fonts_box.isVisibleTo(dlg) and dlg.result.fonts.rows      # the child's fonts, shown
    # the export's libraries were loaded by the child only, not by the window
    assert {m for m in ("reportlab", "openpyxl") if m in sys.modules} == loaded_before
    dlg.close()


def test_the_export_writes_the_report_as_it_was_when_started(qtbot, window, tmp_path):
    dlg = _dialog(window, tmp_path, {"txt"})
    unit = window.doc.report.info.unit_name
    with qtbot.waitSignal(dlg.finished_export, timeout=60000) as blocker:
        dlg.export_button.click()
        window.doc.report.info.unit_name = "改过的单位"       # an edit while the file is written
    assert blocker.args[0].ok
    text = (tmp_path / "报告.txt").read_text(encoding="utf-8")
    assert unit in text and "改过的单位" not in text
    window.doc.report.info.unit_name = unit
    dlg.close()


def test_stop_ends_the_export_and_keeps_no_half_file(qtbot, window, tmp_path):
    dlg = _dialog(window, tmp_path, {"pdf", "docx", "txt"})
    with qtbot.waitSignal(dlg.finished_export, timeout=60000) as blocker:
        dlg.export_button.click()
        assert dlg.stop_export() is True
        assert not dlg.stop_button.isEnabled() and dlg.progress.label.text() == "正在停止导出……"
        assert dlg.stop_export() is False                   # once is enough
    outcome = blocker.args[0]
    assert outcome.error == fileio.CANCELLED
    assert dlg.result.status.text().startswith("导出未完成：已停止导出")
    written = {p for _, p in outcome.files}
    for _key, target in dlg.plan().targets():
        assert target.exists() == (target in written)
    assert "报告.txt" not in {p.name for p in written}      # stopped before the last file
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert dlg.close_button.isEnabled() and dlg.export_button.isEnabled()
    dlg.close()


def test_without_a_process_the_thread_exports_as_before(qtbot, window, tmp_path, monkeypatch):
    def blocked():
        raise OSError("blocked")
    monkeypatch.setattr(process, "_context", blocked)
    dlg = _dialog(window, tmp_path, {"xlsx", "txt"})
    outcome, thread = _export(qtbot, dlg)
    assert outcome.ok, outcome.error
    assert thread.mode == "thread" and "blocked" in thread.fallback_reason
    assert [p.name for _, p in outcome.files] == ["报告.xlsx", "报告.txt"]
    dlg.close()


def test_stop_in_the_thread_stops_before_the_next_file(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr(fileio.ExportThread, "use_process", False)
    dlg = _dialog(window, tmp_path, {"xlsx", "txt"})
    with qtbot.waitSignal(dlg.finished_export, timeout=60000) as blocker:
        dlg.export_button.click()
        dlg.stop_export()
    outcome = blocker.args[0]
    assert outcome.error == fileio.CANCELLED and dlg.thread is None
    assert not (tmp_path / "报告.txt").exists()
    dlg.close()


def test_print_writes_through_the_process_and_opens_the_pdf(qtbot, window, opened):
    dlg = io_actions.print_dialog(window)
    threads = []
    with qtbot.waitSignal(dlg.finished_export, timeout=60000) as blocker:
        dlg.go_button.click()
        threads.append(dlg.thread)
        assert dlg.stop_button.isVisible()
    outcome = blocker.args[0]
    assert outcome.ok and threads[0].mode == "process"
    pdf = outcome.files[0][1]
    assert pdf.read_bytes().startswith(b"%PDF") and opened and opened[0].toLocalFile() == str(pdf)
    pdf.unlink()
    dlg.close()


def test_a_document_that_does_not_pickle_is_exported_by_the_thread(qtbot, window, tmp_path, monkeypatch):
    def unpicklable(report, scores=None):
        raise TypeError("cannot pickle '_thread.lock' object")
    monkeypatch.setattr(process, "snapshot", unpicklable)
    dlg = _dialog(window, tmp_path, {"txt"})
    outcome, thread = _export(qtbot, dlg)
    assert outcome.ok, outcome.error
    assert thread.mode == "thread" and "pickle" in thread.fallback_reason
    assert (tmp_path / "报告.txt").is_file()
    dlg.close()
