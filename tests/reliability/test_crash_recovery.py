"""Crash while editing, end to end.

A separate program process opens a file in the real main window, the user's
edits are typed as key presses into a form field, a money field and a 正文
editor, and nothing else is done: the auto-save timer alone writes the recovery
file. The process is then killed with SIGKILL — no close event, no ``abandon``,
no clean-up of any kind. A fresh main window then offers the work back, and the
recovered document shows every edit in its widgets; saving it writes them to the
file, which had stayed untouched until then.

(tests/gui/test_recovery.py covers the parts separately: a crash after an
explicit ``autosave()`` without a window, and a window dropped through
``abandon()``.)
"""
import os
import signal
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from fuzz_support import answers, user_data  # noqa: F401 - fixtures
from model import store
from model.report import new_report

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

SESSION = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from pathlib import Path
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication
    app = QApplication([])

    def type_chinese(widget, text):
        # what an input method does when the user picks the characters
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)

    from gui import recovery
    from gui.mainwindow import MainWindow
    win = MainWindow(autosave_ms=150, findings_delay_ms=0)
    win.show()
    win.open_path(Path({file!r}))
    assert win.doc.path == Path({file!r}), "file did not open"

    win.select_tab("info")
    head = win.pages["info"].fields["info.head"]
    head.setFocus()
    head.selectAll()
    type_chinese(head, "崩溃前输入的负责人")

    win.select_tab("budget")
    executed = win.pages["budget"].fields["budget.executed"]
    executed.setFocus()
    executed.selectAll()
    type_chinese(executed, "１２３.４５")          # full-width digits from the input method
    QTest.keyClick(executed, Qt.Key.Key_Return)

    win.select_tab("section-7")
    editor = win.pages["section-7"].editor
    editor.setFocus()
    QTest.keyClick(editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_chinese(editor, "崩溃前写下的措施。")

    def wait_for_autosave():
        f = win.doc.recovery_file
        if f.exists():
            try:
                _, r = recovery.load_entry(f)
            except Exception:
                r = None
            if r is not None and r.sections[7].endswith("崩溃前写下的措施。"):
                print("AUTOSAVED", f, flush=True)
                return
        QTimer.singleShot(20, wait_for_autosave)

    def give_up():
        print("NO AUTOSAVE within 20 s", flush=True)
        app.exit(1)

    QTimer.singleShot(0, wait_for_autosave)
    QTimer.singleShot(20000, give_up)
    app.exec()
""")


def test_killed_window_gives_its_edits_back(qtbot, answers, tmp_path):
    original = new_report(2024, "某县总工会")
    original.info.head = "王强"
    original.budget.executed = Decimal("100")
    original.sections[7] = "原有的第八部分。"
    path = tmp_path / "崩溃 测试 报告.jxzp"
    store.save(original, path)
    before = path.read_bytes()

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-c", SESSION.format(root=str(ROOT), file=str(path))],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()       # blocks until the auto-save timer has written the edits
        if not line.startswith("AUTOSAVED"):
            proc.kill()
            pytest.fail("the session did not auto-save: " + line + proc.stderr.read())
        proc.kill()                          # SIGKILL: the program gets no chance to clean up
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    assert path.read_bytes() == before      # the file itself was never written by the session

    from gui import recovery
    from gui.mainwindow import MainWindow
    assert [e.original for e in recovery.pending()] == [path]
    win = MainWindow(findings_delay_ms=0)
    qtbot.addWidget(win)
    assert win.offer_recovery() == [win]
    assert answers["calls"][-1][:2] == ("recover", path.name)
    doc = win.doc
    assert doc.path == path and doc.modified and win.isWindowModified()
    assert doc.report.info.head == "崩溃前输入的负责人"
    assert doc.report.budget.executed == Decimal("123.45")
    assert doc.report.sections[7] == "原有的第八部分。崩溃前写下的措施。"
    # the widgets show the recovered work
    assert win.pages["info"].fields["info.head"].text() == "崩溃前输入的负责人"
    assert win.pages["budget"].fields["budget.executed"].text().replace(",", "") == "123.45"
    assert win.pages["section-7"].editor.toPlainText() == "原有的第八部分。崩溃前写下的措施。"
    assert recovery.pending() == []
    assert win.save()
    saved = store.load(path)
    assert (saved.info.head, saved.budget.executed, saved.sections[7]) == \
        ("崩溃前输入的负责人", Decimal("123.45"), "原有的第八部分。崩溃前写下的措施。")
    assert not doc.recovery_file.exists()
    doc.close()
