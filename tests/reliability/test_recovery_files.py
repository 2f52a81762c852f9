"""Issue 14, points 1 and 4: recovery files are never deleted unread, and never shared.

* A recovery file the program cannot read at start (damaged, cut short, from a newer
  version, holding a value the loader refuses) is moved aside to
  ``<name>.unreadable-<time>.jxzp`` next to it, and the window says where.
* Two copies of the program (or two windows after 仍然打开) editing one file keep a
  recovery file each; both sets of edits come back after a crash.
"""
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from model import store
from model.report import new_report

from fuzz_support import answers, user_data  # noqa: F401 - fixtures

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _data(user_data):
    return user_data


@pytest.fixture
def shown(answers):
    """Messages the window showed (no real dialog opens); 恢复 is answered to every offer."""
    return answers["errors"]


def _offer_in_a_window() -> list:
    from gui.mainwindow import MainWindow
    win = MainWindow(findings_delay_ms=0)
    try:
        return win.offer_recovery()
    finally:
        win.close()
        win.deleteLater()


def _valid_wrapper(text: str) -> str:
    return json.dumps({"original": None, "saved_at": "2025-03-02T10:15:00", "pid": 1, "document": text},
                      ensure_ascii=False)


def _unreadable_contents() -> dict[str, bytes]:
    good = store.dumps(new_report(2024, "某局"))
    newer = re.sub(r'"schema": \d+', '"schema": 999', good)
    huge = good.replace('"initial": null', '"initial": "1e400"', 1)
    return {
        "damaged": b"{broken",
        "empty": b"",
        "cut-short": _valid_wrapper(good).encode("utf-8")[:300],
        "newer-version": _valid_wrapper(newer).encode("utf-8"),
        "refused-value": _valid_wrapper(huge).encode("utf-8"),
        "not-utf8": b"\xff\xfe\x00garbage",
    }


@pytest.mark.parametrize("kind", sorted(_unreadable_contents()))
def test_unreadable_recovery_file_at_start_is_moved_aside_and_reported(qapp, shown, kind):
    from gui import recovery
    content = _unreadable_contents()[kind]
    folder = recovery.recovery_dir()
    folder.mkdir(parents=True, exist_ok=True)
    bad = folder / f"0123456789abcdef-1-aaaaaa{recovery.SUFFIX}"
    bad.write_bytes(content)
    assert recovery.pending() == []               # the check at start-up does not move it
    assert bad.exists()
    assert _offer_in_a_window() == []
    assert not bad.exists()
    kept = list(folder.glob(f"*{recovery.UNREADABLE_TAG}*{store.SUFFIX}"))
    assert len(kept) == 1 and kept[0].read_bytes() == content        # byte for byte, not deleted
    assert re.fullmatch(r"0123456789abcdef-1-aaaaaa\.unreadable-\d{8}-\d{6}\.jxzp", kept[0].name)
    assert len(shown) == 1 and str(kept[0]) in shown[0] and "没有被删除" in shown[0]
    assert recovery.collect() == ([], [])         # told once; the moved file is not offered again


def test_moved_aside_file_opens_once_it_is_readable(qapp):
    """A recovery file moved aside because of a newer format opens as its document."""
    from gui import recovery
    folder = recovery.recovery_dir()
    folder.mkdir(parents=True, exist_ok=True)
    r = new_report(2024, "某局")
    r.sections[0] = "恢复的正文"
    bad = folder / f"x{recovery.SUFFIX}"
    bad.write_text(_valid_wrapper(store.dumps(r)), encoding="utf-8")
    aside = recovery.move_aside(bad, "测试")
    assert store.load(aside.file).sections[0] == "恢复的正文"


def test_recovery_that_fails_when_chosen_is_moved_aside_not_deleted(qapp, shown, monkeypatch):
    from gui import recovery
    folder = recovery.recovery_dir()
    folder.mkdir(parents=True, exist_ok=True)
    good = folder / f"u{recovery.SUFFIX}"
    good.write_text(_valid_wrapper(store.dumps(new_report(2024, "某局"))), encoding="utf-8")

    def broken(self):
        raise store.StoreError("测试：读取失败")
    monkeypatch.setattr(recovery.RecoveryEntry, "load", broken)
    assert _offer_in_a_window() == []
    kept = list(folder.glob(f"u{recovery.UNREADABLE_TAG}*"))
    assert len(kept) == 1 and str(kept[0]) in shown[-1]


def test_two_documents_on_one_file_keep_separate_recovery_files(qapp, tmp_path):
    from gui import recovery
    from gui.document import Document
    path = tmp_path / "r.jxzp"
    store.save(new_report(2024, "某局"), path)
    a, b = Document(), Document()
    try:
        a.open_file(path)
        b.open_file(path)                          # 仍然打开: the second copy has no lock
        assert a.has_lock and not b.has_lock
        a.set_value("info.head", "甲的修改")
        b.set_value("info.preparer", "乙的修改")
        fa, fb = a.autosave(), b.autosave()
        assert fa != fb and fa.exists() and fb.exists()
        a.autosave()                               # writing again does not touch the other one
        assert recovery.load_entry(fb)[1].info.preparer == "乙的修改"
        assert recovery.load_entry(fa)[1].info.head == "甲的修改"
    finally:
        a.abandon()
        b.abandon()
    found = {e.file: e.load() for e in recovery.pending()}     # both offered after the "crash"
    assert set(found) == {fa, fb}
    assert found[fa].info.head == "甲的修改" and found[fb].info.preparer == "乙的修改"


SESSION = textwrap.dedent("""
    import os, sys
    sys.path.insert(0, {root!r})
    from PySide6.QtCore import QCoreApplication
    app = QCoreApplication([])
    from gui.document import Document
    from pathlib import Path
    doc = Document()
    doc.open_file(Path({file!r}))
    doc.set_value("info.head", {text!r})
    print(doc.autosave(), flush=True)
    os._exit(0)                  # a crash: nothing cleaned up
""")


def test_two_processes_on_one_file_both_leave_their_work(qapp, tmp_path, user_data):
    from gui import recovery
    path = tmp_path / "r.jxzp"
    store.save(new_report(2024, "某局"), path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", JXZP_DATA_DIR=str(user_data))
    files = []
    for text in ("第一个程序的修改", "第二个程序的修改"):
        out = subprocess.run([sys.executable, "-c", SESSION.format(root=str(ROOT), file=str(path), text=text)],
                             env=env, capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        files.append(Path(out.stdout.strip()))
    assert files[0] != files[1]
    heads = sorted(e.load().info.head for e in recovery.pending())
    assert heads == ["第一个程序的修改", "第二个程序的修改"]


def test_when_the_recovery_folder_refuses_the_rename_the_file_stays_and_is_reported(qapp, shown, monkeypatch):
    from gui import recovery
    folder = recovery.recovery_dir()
    folder.mkdir(parents=True, exist_ok=True)
    bad = folder / f"b{recovery.SUFFIX}"
    bad.write_bytes(b"{broken")

    def refuse(src, dst):
        raise PermissionError(13, "denied")
    monkeypatch.setattr(recovery.os, "replace", refuse)
    assert _offer_in_a_window() == []
    monkeypatch.undo()
    assert bad.read_bytes() == b"{broken"
    assert len(shown) == 1 and str(bad) in shown[0] and "仍在原处" in shown[0]
