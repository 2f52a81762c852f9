"""Recovery files: unsaved work written every minute, offered back after a crash.

A recovery file sits in ``<user data folder>/recovery/`` and belongs to one
session: it is named from a hash of the document's path, the process and a
random tag (``<hash>-<pid>-<tag>.recovery``) or, for a document never saved,
``untitled-<pid>-<n>.recovery``. Two copies of the program editing one file
(after 仍然打开) therefore keep two recovery files, and both are offered back.
It is JSON::

    {"original": "/path/to/file.jxzp" | null, "saved_at": "2025-03-02T10:15:00",
     "pid": 1234, "document": "<the .jxzp text>"}

While a session owns a recovery file it holds ``<file>.lock`` (QLockFile).
After a crash the lock is stale (its process is gone), so ``pending()`` finds
the file; files of a program still running are left alone.

A recovery file that cannot be read (damaged, or written by a newer version) is
never deleted: ``collect`` moves it aside to ``<name>.unreadable-<time>.jxzp``
in the same folder and returns where it went, so the window can tell the user.
``store.load`` opens such a file once it can be read (it unwraps the document).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Optional

from model import store
from model.report import Report

# the open document's own recovery file (what the first window needs) is in recovery_slot
from .recovery_slot import SUFFIX, RecoverySlot, _lock_for, recovery_dir, recovery_file_for  # noqa: F401

UNREADABLE_TAG = ".unreadable-"


@dataclass(frozen=True)
class RecoveryEntry:
    """A recovery file found in the recovery folder: the document it belongs to and when it was written."""
    file: Path                  # the recovery file
    original: Optional[Path]    # the document's own file, None if never saved
    saved_at: datetime

    @property
    def display_name(self) -> str:
        return self.original.name if self.original else "未命名文件"

    def load(self) -> Report:
        """The recovered report; ``StoreError`` if the recovery file is unreadable."""
        return load_entry(self.file)[1]


def load_entry(file: Path) -> tuple[RecoveryEntry, Report]:
    try:
        raw = json.loads(Path(file).read_text(encoding="utf-8"))
        original = raw.get("original")
        saved_at = datetime.fromisoformat(raw["saved_at"])
        text = raw["document"]
        if not isinstance(text, str):
            raise TypeError
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise store.StoreError(f"恢复文件“{Path(file).name}”已损坏，无法读取") from None
    report = store.loads(text, "恢复文件")
    entry = RecoveryEntry(Path(file), Path(original) if isinstance(original, str) and original else None,
                          saved_at)
    return entry, report


@dataclass(frozen=True)
class MovedAside:
    """A recovery file that could not be read, kept under a new name."""
    file: Path      # where it is now
    reason: str     # why it could not be read (Chinese)
    moved: bool = True   # False: the rename failed, the file is where it was

    def message(self) -> str:
        where = "已移到" if self.moved else "仍在原处"
        return (f"有一个恢复文件无法读取（{self.reason}）。它没有被删除，{where}：\n{self.file}\n"
                "可以稍后用本程序（或更新版本的程序）打开它找回内容。")


def move_aside(file: Path, reason: str, now: Optional[datetime] = None) -> MovedAside:
    """Rename an unreadable recovery file to ``<name>.unreadable-<time>.jxzp`` (never delete it).

    When even the rename fails the file stays where it is and is reported there.
    """
    file = Path(file)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    base = file.name[: -len(SUFFIX)] if file.name.endswith(SUFFIX) else file.name
    target = file.with_name(f"{base}{UNREADABLE_TAG}{stamp}{store.SUFFIX}")
    n = 2
    while target.exists():
        target = file.with_name(f"{base}{UNREADABLE_TAG}{stamp}-{n}{store.SUFFIX}")
        n += 1
    try:
        os.replace(file, target)
    except OSError:
        return MovedAside(file, reason, moved=False)
    return MovedAside(target, reason)


def _scan(move_unreadable: bool) -> tuple[list[RecoveryEntry], list[MovedAside]]:
    folder = recovery_dir()
    if not folder.is_dir():
        return [], []
    out: list[RecoveryEntry] = []
    moved: list[MovedAside] = []
    for file in sorted(folder.glob("*" + SUFFIX)):
        lock = _lock_for(file)
        if not lock.tryLock(0):
            continue   # a live session owns it
        try:
            try:
                entry, _ = load_entry(file)
            except store.StoreError as e:
                if move_unreadable:
                    moved.append(move_aside(file, str(e)))
                continue
            out.append(entry)
        finally:
            lock.unlock()
    out.sort(key=lambda e: e.saved_at, reverse=True)
    return out, moved


def pending() -> list[RecoveryEntry]:
    """Recovery files left behind by sessions that ended without saving (newest first).

    Files still owned by a running program (their lock is held) are skipped, and so
    are unreadable ones (``collect`` moves those aside).
    """
    return _scan(False)[0]


def collect() -> tuple[list[RecoveryEntry], list[MovedAside]]:
    """``pending()``, and the unreadable recovery files, moved aside (see ``move_aside``)."""
    return _scan(True)


def discard_entry(entry: RecoveryEntry) -> None:
    lock = _lock_for(entry.file)
    if lock.tryLock(0):
        try:
            entry.file.unlink(missing_ok=True)
        finally:
            lock.unlock()
