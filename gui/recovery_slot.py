"""The recovery file of one open document: named on first use, written by the auto-save, locked
while the session owns it (``RecoverySlot``). The scan of the recovery folder at start-up and
the offer of what it finds are in ``gui.recovery`` (loaded when first needed, not to show the
first window); the file's format is described there.
"""
from __future__ import annotations

import itertools
import json
import os
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QLockFile

from model import store
from model.report import Report

from . import settings

SUFFIX = ".recovery"
_counter = itertools.count(1)


def recovery_dir() -> Path:
    return settings.data_dir() / "recovery"


def any_recovery_files() -> bool:
    """Whether the recovery folder holds any recovery file at all (``gui.recovery.pending``
    tells which of them wait to be offered back)."""
    folder = recovery_dir()
    return folder.is_dir() and any(folder.glob("*" + SUFFIX))


def recovery_file_for(original: Optional[Path]) -> Path:
    """The recovery file a session uses for ``original`` (None = an untitled document)."""
    if original is not None:
        import hashlib          # only here: not needed to start the program
        key = os.path.normcase(str(Path(original).resolve()))
        name = f"{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}-{os.getpid()}-{os.urandom(3).hex()}"
    else:
        name = f"untitled-{os.getpid()}-{next(_counter)}"
    return recovery_dir() / (name + SUFFIX)


def _lock_for(file: Path) -> QLockFile:
    lock = QLockFile(str(file) + ".lock")
    lock.setStaleLockTime(0)
    return lock


class RecoverySlot:
    """The recovery file of one open document, with the lock that marks it as in use."""

    def __init__(self, original: Optional[Path]):
        self.original = Path(original) if original else None
        self._lock: Optional[QLockFile] = None

    @cached_property
    def file(self) -> Path:
        """Named on first use (the first auto-save or a question about it), not when a file opens."""
        return recovery_file_for(self.original)

    def write(self, report: Report) -> Path:
        folder = self.file.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise store.StoreError(f"无法创建恢复文件夹“{folder}”：{e.strerror or e}") from None
        if self._lock is None:
            lock = _lock_for(self.file)
            if lock.tryLock(0):
                self._lock = lock
        data = {
            "original": str(self.original) if self.original else None,
            "saved_at": datetime.now().isoformat(timespec="seconds"),
            "pid": os.getpid(),
            "document": store.dumps(report),
        }
        store.write_atomic(self.file, json.dumps(data, ensure_ascii=False), keep_backup=False)
        return self.file

    def discard(self) -> None:
        """Remove the recovery file (after a clean save or close) and release its lock."""
        if self.original is None and "file" not in self.__dict__:
            self.release()      # an untitled document's file is named for this process when
            return              # first written: never named, never written
        try:
            self.file.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            pass
        self.release()

    def release(self) -> None:
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    @property
    def exists(self) -> bool:
        return self.file.exists()
