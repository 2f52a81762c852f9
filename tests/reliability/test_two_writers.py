"""Issue 14, point 4: two writers, and file systems without hard links.

* The ``.bak`` is made under a temporary name (hard link, or a copy where hard links are
  unavailable: ``os.link`` raising, as on FAT/exFAT and some SMB shares) and renamed over
  the old one: an existing ``.bak`` is never opened for writing, so one that shares its
  data with another file (a hard link, as two copies saving at once can leave) is never
  truncated.
* A save that cannot keep its ``.bak`` still saves, and says so (``store.save`` returns the
  warning; the window shows it instead of a plain 已保存; the CLI prints it).
* Two processes saving one file over and over: every read of the live file and of the
  ``.bak`` meanwhile is a complete document.
(Two copies of the program keeping separate recovery files: ``test_recovery_files.py``.)
"""
import errno
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from fuzz_support import answers, user_data  # noqa: F401 - fixtures
from model import store
from model.report import new_report

ROOT = Path(__file__).resolve().parents[2]


def _no_links(monkeypatch):
    def refuse(src, dst, *a, **k):
        raise OSError(errno.EPERM, "Operation not permitted")
    monkeypatch.setattr(os, "link", refuse)


def _report(name: str):
    r = new_report(2024, name)
    r.sections[0] = name * 200
    return r


@pytest.mark.parametrize("links", [True, False], ids=["hard-links", "no-hard-links"])
def test_bak_is_renamed_into_place_never_written_in_place(tmp_path, monkeypatch, links):
    p = tmp_path / "r.jxzp"
    store.save(_report("第一版"), p)
    witness = tmp_path / "witness"
    witness.write_bytes(b"another file's data")
    os.link(witness, store.backup_path(p))          # the .bak shares its data with another file
    if not links:
        _no_links(monkeypatch)
    first = p.read_bytes()
    assert store.save(_report("第二版"), p) is None
    assert witness.read_bytes() == b"another file's data"       # not truncated, not overwritten
    assert store.backup_path(p).read_bytes() == first
    assert store.load(p).info.unit_name == "第二版"
    assert store.save(_report("第三版"), p) is None
    assert store.load(store.backup_path(p)).info.unit_name == "第二版"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["r.jxzp", "r.jxzp.bak", "witness"]


def _full_disk_for_copies(monkeypatch):
    def no_space(src, dst, *a, **k):
        with open(dst, "wb") as f:                 # part of the copy lands, then the disk is full
            f.write(b"{")
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(shutil, "copy2", no_space)


def test_without_hard_links_and_space_the_save_reports_the_missing_bak(tmp_path, monkeypatch):
    p = tmp_path / "r.jxzp"
    store.save(_report("第一版"), p)
    store.save(_report("第二版"), p)
    old_bak = store.backup_path(p).read_bytes()
    _no_links(monkeypatch)
    _full_disk_for_copies(monkeypatch)
    warning = store.save(_report("第三版"), p)
    assert warning and "未能保留上一版备份" in warning and "已保存" in warning
    assert store.load(p).info.unit_name == "第三版"
    assert store.backup_path(p).read_bytes() == old_bak      # the old .bak stays whole
    assert sorted(x.name for x in tmp_path.iterdir()) == ["r.jxzp", "r.jxzp.bak"]


def test_main_window_does_not_say_saved_silently_without_its_bak(qtbot, answers, tmp_path, monkeypatch):
    from gui.mainwindow import MainWindow
    p = tmp_path / "r.jxzp"
    store.save(_report("第一版"), p)
    win = MainWindow(findings_delay_ms=0)
    qtbot.addWidget(win)
    win.open_path(p)
    win.doc.set_value("info.head", "新负责人")
    _no_links(monkeypatch)
    _full_disk_for_copies(monkeypatch)
    assert win.save()
    assert store.load(p).info.head == "新负责人" and not win.doc.modified
    assert answers["errors"] and "未能保留上一版备份" in answers["errors"][-1]
    assert "未能保留备份" in win.statusBar().currentMessage()
    monkeypatch.undo()
    win.doc.set_value("info.head", "再改")
    answers["errors"].clear()
    assert win.save()
    assert answers["errors"] == [] and win.statusBar().currentMessage().startswith("已保存：")
    win.doc.close()


def test_cli_prints_the_missing_bak(tmp_path, monkeypatch, capsys):
    import main
    p = tmp_path / "r.jxzp"
    store.save(_report("旧"), p)
    _no_links(monkeypatch)
    _full_disk_for_copies(monkeypatch)
    assert main.main(["new", "-o", str(p), "--year", "2025", "--unit", "新", "--force"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("警告：") and "未能保留上一版备份" in err
    assert store.load(p).info.year == 2025


WRITER = textwrap.dedent("""
    import os, sys
    sys.path.insert(0, {root!r})
    from model import store
    from model.report import new_report
    if {no_links!r}:
        def refuse(*a, **k):
            raise OSError(1, "no links")
        os.link = refuse
    r = new_report(2024, {name!r})
    r.sections[0] = {name!r} * 3000
    print("ready", flush=True)
    sys.stdin.readline()
    for i in range({rounds}):
        r.info.head = str(i)
        store.save(r, {path!r})
""")


@pytest.mark.parametrize("no_links", [False, True], ids=["hard-links", "no-hard-links"])
def test_two_processes_saving_one_file_never_leave_it_or_its_bak_empty(tmp_path, no_links):
    p = tmp_path / "r.jxzp"
    store.save(_report("起始"), p)
    procs = [subprocess.Popen([sys.executable, "-c", WRITER.format(root=str(ROOT), name=name, path=str(p),
                                                                    no_links=no_links, rounds=60)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
             for name in ("甲", "乙")]
    try:
        for proc in procs:
            assert proc.stdout.readline().strip() == "ready"
        for proc in procs:
            proc.stdin.write("\n")
            proc.stdin.flush()
        reads = 0
        while any(proc.poll() is None for proc in procs) or reads < 20:
            for f in (p, store.backup_path(p)):
                if f.exists():
                    assert store.load(f).info.unit_name in ("起始", "甲", "乙")
                    reads += 1
    finally:
        for proc in procs:
            proc.stdin.close()
            assert proc.wait(timeout=60) == 0
    assert reads >= 20
    assert store.load(p).info.head == "59" and store.load(store.backup_path(p)).sections[0]
    assert sorted(x.name for x in tmp_path.iterdir()) == ["r.jxzp", "r.jxzp.bak"]
