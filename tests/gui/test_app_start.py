"""The first window of ``python main.py [FILE]``: a file that needs no question is open at the
first paint; otherwise the window shows first and the questions follow."""
import pytest
from PySide6.QtCore import QEvent, QObject

from gui import recovery
from gui.app import start_window
from gui.document import Document
from gui.mainwindow import live_windows
from model import store


@pytest.fixture
def sample_file(tmp_path, sample_report):
    path = tmp_path / "某县总工会.jxzp"
    store.save(sample_report, path)
    return path


def _close_all():
    for w in live_windows():
        w.doc.close()
        w.close()


def test_the_file_is_open_when_the_window_first_paints(qtbot, sample_file, sample_report):
    seen = []

    class Watch(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 - Qt API
            if event.type() == QEvent.Type.Paint and not seen:
                seen.append(obj.pages["info"].fields["info.unit_name"].text())
            return False

    win, start = start_window(str(sample_file))
    watch = Watch()
    win.installEventFilter(watch)
    try:
        assert win.isVisible() and win.doc.path == sample_file
        qtbot.waitUntil(lambda: bool(seen))
        assert seen == [sample_report.info.unit_name] and seen[0]
        start()                                     # nothing left to ask or open
        assert len(live_windows()) == 1 and win.doc.path == sample_file
    finally:
        win.removeEventFilter(watch)
        _close_all()


def test_with_unsaved_work_waiting_the_offer_comes_first(qtbot, dialogs, sample_file, sample_report):
    crashed = Document()
    crashed.open_file(sample_file)
    crashed.set_value("info.head", "未保存的修改")
    crashed.abandon()                              # its session ended without saving
    assert recovery.pending()
    win, start = start_window(str(sample_file))
    try:
        assert win.doc.path is None                 # not opened before the question
        start()
        assert dialogs.calls and dialogs.calls[0][0] == "recover"
        assert any(w.doc.path == sample_file for w in live_windows())
    finally:
        _close_all()


def test_a_damaged_file_is_reported_once(qtbot, dialogs, tmp_path):
    bad = tmp_path / "坏文件.jxzp"
    bad.write_text("{ not json", encoding="utf-8")
    win, start = start_window(str(bad))
    try:
        start()
        assert len(dialogs.errors) == 1 and win.doc.path is None
    finally:
        _close_all()
