"""Auto-save to a recovery file and the offer to restore it after a crash."""
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from gui import recovery
from gui.document import Document, lock_holder, lock_path
from gui.mainwindow import MainWindow, live_windows
from model import store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def sample_file(tmp_path, sample_report):
    path = tmp_path / "某县总工会.jxzp"
    store.save(sample_report, path)
    return path


def test_autosave_timer_writes_recovery_file_and_clean_save_removes_it(qtbot, sample_file):
    doc = Document()
    doc.open_file(sample_file)
    doc.set_autosave_interval(20)
    assert doc.autosave() is None                         # nothing unsaved: nothing written
    doc.set_value("info.head", "赵六")
    qtbot.waitUntil(lambda: doc.recovery_file.exists(), timeout=2000)
    entry, report = recovery.load_entry(doc.recovery_file)
    assert report.info.head == "赵六" and entry.original == sample_file
    assert doc.recovery_file.parent == recovery.recovery_dir()
    assert str(recovery.recovery_dir()).startswith(os.environ["JXZP_DATA_DIR"])
    assert recovery.pending() == []                       # a live session's file is not offered
    doc.save()
    assert not doc.recovery_file.exists()
    doc.close()


def test_untitled_document_recovery_name(qtbot):
    doc = Document()
    doc.set_value("info.unit_name", "某局")
    path = doc.autosave()
    assert path.name.startswith(f"untitled-{os.getpid()}-") and path.suffix == ".recovery"
    doc.undo()                                            # back to clean: the file goes away
    doc.autosave()
    assert not path.exists()
    doc.close()


def test_untitled_recovery_file_goes_when_a_file_is_opened_in_its_place(qtbot, sample_file):
    doc = Document()
    doc.set_value("info.unit_name", "某局")
    path = doc.autosave()
    assert path.exists()
    doc.open_file(sample_file)                            # the window's untitled draft is replaced
    assert not path.exists()
    assert doc.recovery_file != path
    doc.close()


def test_opening_a_file_in_an_untouched_window_writes_nothing(qtbot, sample_file):
    before = set(recovery.recovery_dir().glob("*")) if recovery.recovery_dir().exists() else set()
    doc = Document()
    doc.open_file(sample_file)
    after = set(recovery.recovery_dir().glob("*")) if recovery.recovery_dir().exists() else set()
    assert after == before
    doc.close()


CRASHING_SESSION = textwrap.dedent("""
    import os, sys
    sys.path.insert(0, {root!r})
    from PySide6.QtCore import QCoreApplication
    app = QCoreApplication([])
    from gui.document import Document
    from pathlib import Path
    doc = Document()
    doc.open_file(Path({file!r}))
    doc.set_value("info.head", "崩溃前的修改")
    doc.set_value("sections[7]", "下一步将加强预算执行进度管理。", merge=True)
    assert doc.autosave() is not None
    os._exit(3)    # a crash: no clean-up, lock and recovery file stay behind
""")


def test_recovery_offered_after_a_crash(qtbot, dialogs, sample_file):
    script = CRASHING_SESSION.format(root=str(ROOT), file=str(sample_file))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, timeout=60)
    assert result.returncode == 3, result.stderr.decode()
    assert lock_path(sample_file).exists()                # left behind by the crash …
    assert lock_holder(sample_file) is None               # … but stale: its process is gone
    pending = recovery.pending()
    assert [e.original for e in pending] == [sample_file]

    dialogs.recover = "recover"
    win = MainWindow(findings_delay_ms=0)
    qtbot.addWidget(win)
    used = win.offer_recovery()
    assert used == [win]
    assert dialogs.calls[-1][:2] == ("recover", sample_file.name)
    doc = win.doc
    assert doc.report.info.head == "崩溃前的修改"
    assert doc.report.sections[7] == "下一步将加强预算执行进度管理。"
    assert win.pages["section-7"].editor.toPlainText() == "下一步将加强预算执行进度管理。"
    assert doc.path == sample_file and doc.modified and win.isWindowModified()
    assert doc.has_lock and lock_holder(sample_file)      # the stale lock was taken over
    assert recovery.pending() == []                       # offered once; now owned by this session
    assert doc.recovery_file.exists()
    assert store.load(sample_file).info.head == "王强"    # the file itself is untouched until saved
    win.act_save.trigger()
    assert store.load(sample_file).info.head == "崩溃前的修改"
    assert not doc.recovery_file.exists()


def test_recovery_in_process_after_window_is_dropped(qtbot, dialogs, sample_file):
    win = MainWindow(autosave_ms=20, findings_delay_ms=0)
    qtbot.addWidget(win)
    win.open_path(sample_file)
    win.pages["info"].fields["info.head"].setText("窗口里的修改")
    win.pages["info"].fields["info.head"].textEdited.emit("窗口里的修改")
    qtbot.waitUntil(lambda: win.doc.recovery_file.exists(), timeout=2000)
    recovery_file = win.doc.recovery_file
    # the session ends under the program (log-off): the window is dropped without saving
    win.doc.abandon()
    assert recovery_file.exists()
    with qtbot.waitSignal(win.destroyed):
        win.deleteLater()

    dialogs.recover = "recover"
    other = MainWindow(findings_delay_ms=0)
    qtbot.addWidget(other)
    used = other.offer_recovery()
    assert used == [other] and other.doc.report.info.head == "窗口里的修改"
    assert other.pages["info"].fields["info.head"].text() == "窗口里的修改"
    assert other.doc.path == sample_file and other.isWindowModified()


def test_discard_removes_recovery_file(qtbot, dialogs, sample_file):
    slot = recovery.RecoverySlot(sample_file)
    report = store.load(sample_file)
    report.info.head = "不要了"
    slot.write(report)
    slot.release()                                        # as if its session had ended
    dialogs.recover = "discard"
    win = MainWindow(findings_delay_ms=0)
    qtbot.addWidget(win)
    assert win.offer_recovery() == []
    assert not slot.file.exists() and recovery.pending() == []
    assert win.doc.path is None


def test_damaged_recovery_file_is_moved_aside_not_offered(qapp):
    folder = recovery.recovery_dir()
    folder.mkdir(parents=True, exist_ok=True)
    bad = folder / ("0123456789abcdef" + recovery.SUFFIX)
    bad.write_text("{broken", encoding="utf-8")
    assert recovery.pending() == []
    entries, moved = recovery.collect()
    assert entries == [] and not bad.exists()
    assert len(moved) == 1 and moved[0].file.read_text(encoding="utf-8") == "{broken"


HOLDING_SESSION = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from PySide6.QtCore import QCoreApplication
    app = QCoreApplication([])
    from gui.document import Document
    from pathlib import Path
    doc = Document()
    doc.open_file(Path({file!r}))
    print("locked" if doc.has_lock else "not locked", flush=True)
    sys.stdin.readline()          # keep the file open until the test says so
    doc.close()
""")


def test_second_copy_of_the_program_is_warned(qtbot, dialogs, sample_file):
    script = HOLDING_SESSION.format(root=str(ROOT), file=str(sample_file))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-c", script], env=env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
        holder = lock_holder(sample_file)
        assert holder and f"进程 {proc.pid}" in holder
        dialogs.locked = "open"                             # 仍然打开
        win = MainWindow(findings_delay_ms=0)
        qtbot.addWidget(win)
        assert win.open_path(sample_file) is win
        assert dialogs.calls[-1] == ("locked", sample_file.name, holder)
        assert win.doc.path == sample_file and not win.doc.read_only and not win.doc.has_lock
    finally:
        proc.communicate("\n", timeout=30)
    assert proc.returncode == 0
    assert lock_holder(sample_file) is None
    win.doc.set_value("info.head", "另一处修改")
    win.act_save.trigger()
    assert win.doc.has_lock                                 # the file is free now: saving takes the lock
