"""The open document: report + path + QUndoStack + autosave + lock; signals.

Widgets edit the report only through this object (``set_value``,
``insert_item``, ``remove_item``, ``move_item`` or a ``macro``), so every edit is
undoable and every view hears of it through ``changed``.

Files are opened and saved only here (``open_file``, ``save``, ``new``,
``roll_over_from``), never by widgets:

* while a file is open, ``<name>.jxzp.lock`` (QLockFile) next to it tells a
  second window or a second copy of the program that the file is in use
  (``lock_holder``); a lock left by a crashed program is stale and taken over;
* unsaved work is written every ``autosave_interval`` ms to a recovery file
  (``gui.recovery_slot``), removed again after a clean save or close.
"""
from __future__ import annotations

import copy
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import shiboken6
from PySide6.QtCore import QLockFile, QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from model import paths, store
from model.report import Report, new_report

from .recovery_slot import RecoverySlot

if TYPE_CHECKING:
    from .commands import BatchCommand
    from model.scoring import ReportScores
    from model.summary import Summary

LOCK_SUFFIX = ".lock"
DEFAULT_AUTOSAVE_MS = 60_000
#: undo steps kept: enough for a day's corrections, and the history (which holds the old
#: and new value of every step, whole 正文 texts included) cannot grow without bound
UNDO_LIMIT = 1000


def lock_path(path: Path) -> Path:
    return Path(path).with_name(Path(path).name + LOCK_SUFFIX)


def _new_lock(path: Path) -> QLockFile:
    lock = QLockFile(str(lock_path(path)))
    lock.setStaleLockTime(0)   # long-lived lock: only a dead owner makes it stale
    return lock


def lock_holder(path: Path) -> Optional[str]:
    """Who else has ``path`` open (a Chinese description), or None when it is free.

    A lock left by a program that crashed is stale and counts as free.
    """
    if not lock_path(path).exists():
        return None     # no lock file: free (probing would write, sync and remove one)
    probe = _new_lock(path)
    if probe.tryLock(0):
        probe.unlock()
        return None
    if probe.error() != QLockFile.LockError.LockFailedError:
        return None   # cannot create a lock there (read-only folder): nobody can
    info = probe.getLockInfo()
    if isinstance(info, tuple) and len(info) == 3:
        pid, host, app = info
        return f"计算机“{host}”上的程序（{app}，进程 {pid}）"
    return "另一个窗口或程序"


class Document(QObject):
    #: (path, structure): a field (structure=False) or a list's rows (True) changed
    changed = Signal(str, bool)
    #: the whole report was replaced (new/open/import)
    reset = Signal()
    #: the file path changed (save as / open)
    pathChanged = Signal(object)
    #: unsaved-changes state changed (drives the “*” in the title)
    modifiedChanged = Signal(bool)
    #: the recovery file could not be written (Chinese message)
    autosaveFailed = Signal(str)
    #: a field of this document refused what was typed (Chinese message; "" once it is fixed)
    inputError = Signal(str)

    def __init__(self, report: Optional[Report] = None, path: Optional[Path] = None, parent=None):
        super().__init__(parent)
        self.report: Report = report or new_report(2024)
        self.path: Optional[Path] = Path(path) if path else None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self._revision = 0
        self._summary: Optional["Summary"] = None
        self._summary_rev = -1
        self._scores: Optional["ReportScores"] = None
        self._scores_key: tuple = ()
        #: projects touched since the last scores / 审核 pass (``None``: everything)
        self._pending: dict[str, Optional[frozenset]] = {"scores": None, "checks": None}
        self._checks = None     # model.checks.IncrementalChecks, made with the first 审核 pass
        self._batch: Optional[BatchCommand] = None    # the open ``batch``, if any
        self.read_only = False
        self._dirty_without_edit = False
        self._lock: Optional[QLockFile] = None
        self.save_warning: Optional[str] = None
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self._recovery = RecoverySlot(self.path)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(DEFAULT_AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        if self.path is not None:
            self._take_lock(self.path)

    def _clean_changed(self, _clean: bool) -> None:
        if not shiboken6.isValid(self.undo_stack) or not shiboken6.isValid(self):
            return   # the document is being destroyed
        self.modifiedChanged.emit(self.modified)

    # -- edits ---------------------------------------------------------------
    def notify(self, path: str, structure: bool = False) -> None:
        self._revision += 1
        self._touch(path, structure)
        self.changed.emit(path, structure)

    def touch(self, path: str) -> None:
        """An edit of ``path`` was applied and will be announced later (``batch``): what is derived
        from the report (scores, 审核) is stale from now on."""
        self._revision += 1
        self._touch(path)

    def _touch(self, path: Optional[str], structure: bool = False) -> None:
        """Remember what an edit can change, for the next scores and 审核 pass (``None``: everything)."""
        pending = self._pending
        if path is None or all(p is None for p in pending.values()):
            # everything is stale (and, until the first 审核 pass, model.scoring is not loaded)
            pending.update(dict.fromkeys(pending))
            return
        from model.scoring import EVERYTHING, edit_scope
        scope = edit_scope(path, structure)
        for key, old in pending.items():
            # (a batch touches the same project hundreds of times: no new set when it is in)
            if old is not EVERYTHING and (scope is EVERYTHING or not scope <= old):
                pending[key] = EVERYTHING if scope is EVERYTHING else old | scope

    @property
    def revision(self) -> int:
        return self._revision

    def value(self, path: str) -> Any:
        return paths.get(self.report, path)

    def set_value(self, path: str, value: Any, text: str = "", merge: bool = False) -> bool:
        """Push an undoable edit; returns False (and pushes nothing) when the value is unchanged."""
        if self._batch is not None:
            return self._batch.set_value(path, value)      # (compares, applies, records)
        if paths.get(self.report, path) == value:
            return False
        from .commands import SetValueCommand   # (commands load with the first edit)
        self.undo_stack.push(SetValueCommand(self, path, value, text, merge))
        return True

    def insert_item(self, list_path: str, index: int, item: Any, text: str = "") -> None:
        if self._batch is not None:
            self._batch.insert_item(list_path, index, item)
        else:
            from .commands import InsertItemCommand
            self.undo_stack.push(InsertItemCommand(self, list_path, index, item, text))

    def remove_item(self, list_path: str, index: int, text: str = "") -> None:
        if self._batch is not None:
            self._batch.remove_item(list_path, index)
        else:
            from .commands import RemoveItemCommand
            self.undo_stack.push(RemoveItemCommand(self, list_path, index, text))

    def move_item(self, list_path: str, src: int, dst: int, text: str = "") -> None:
        if src == dst:
            return
        if self._batch is not None:
            item = paths.get(self.report, list_path)[src]
            self._batch.remove_item(list_path, src)
            self._batch.insert_item(list_path, dst, item)
        else:
            from .commands import MoveItemCommand
            self.undo_stack.push(MoveItemCommand(self, list_path, src, dst, text))

    def set_link(self, row_path: str, link: str, actual: Any = None) -> None:
        """Link the indicator row at ``row_path`` to a ratio, or unlink it (``link`` = "", with
        ``actual`` kept as its typed value): one undoable step (``LinkIndicatorCommand``)."""
        from .commands import LinkIndicatorCommand
        self.undo_stack.push(LinkIndicatorCommand(self, row_path, link, actual))

    def replace_with(self, report: Report, text: str) -> None:
        """Put ``report`` in place of the whole report as one undoable step (导入 → 替换当前文档)."""
        self.seal()
        from .commands import ReplaceReportCommand
        self.undo_stack.push(ReplaceReportCommand(self, copy.deepcopy(report), text))

    def exchange_report(self, report: Report) -> Report:
        """Hold ``report`` instead of the current one and return the one it held (only for
        ``ReplaceReportCommand``: the undo stack and the file stay as they are)."""
        old, self.report = self.report, report
        self._revision += 1     # derived figures (scores, findings) are recomputed
        self._touch(None)
        self.reset.emit()
        return old

    @contextmanager
    def macro(self, text: str):
        """Group several edits into one undo step (inside a ``batch``: part of the batch)."""
        if self._batch is not None:
            yield
            return
        self.undo_stack.beginMacro(text)
        try:
            yield
        finally:
            self.undo_stack.endMacro()

    @contextmanager
    def batch(self, text: str):
        """Group many cell edits and row insertions/removals into one undo step that is announced
        once (``commands.BatchCommand``): views refresh and the report is re-scored once, not once
        per cell. Each edit is applied at once, so a later one sees the earlier ones. A batch
        inside a batch joins the outer one; inside a ``macro`` it is one step of the macro."""
        if self._batch is not None:
            yield
            return
        self.seal()
        from .commands import BatchCommand
        cmd = self._batch = BatchCommand(self, text)
        try:
            yield
        finally:
            self._batch = None
            if cmd.ops:     # what was applied stays undoable, even when an edit failed halfway
                cmd.applied = True
                self.undo_stack.push(cmd)

    def undo(self) -> None:
        self.seal()
        self.undo_stack.undo()

    def redo(self) -> None:
        self.seal()
        self.undo_stack.redo()

    def seal(self) -> None:
        """End the current typing run: the next text edit starts a new undo step."""
        idx = self.undo_stack.index()
        if idx > 0:
            cmd = self.undo_stack.command(idx - 1)
            if hasattr(cmd, "sealed"):
                cmd.sealed = True

    def replace_report(self, report: Report, path: Optional[Path] = None, clean: bool = True) -> None:
        """Show another report (new/open/recover); ``clean=False`` marks it as unsaved."""
        self.report = report
        self.path = Path(path) if path else None
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self._dirty_without_edit = not clean
        self._revision += 1
        self._touch(None)
        self.reset.emit()
        self.pathChanged.emit(self.path)
        self.modifiedChanged.emit(self.modified)

    # -- files -----------------------------------------------------------------
    def new(self, report: Report) -> None:
        """Start a new, untitled document."""
        self._drop_file()
        self.read_only = False
        self.replace_report(report, None, clean=False)

    def open_file(self, path: Path, read_only: bool = False) -> None:
        """Open ``path``; raises ``StoreError`` (Chinese) and leaves the document as it was.

        Unless ``read_only``, the file's lock is taken; when another program
        holds it (the user chose to open anyway) the document opens without it.
        """
        path = Path(path)
        report = store.load(path)
        self._drop_file()
        self.read_only = read_only
        if not read_only:
            self._take_lock(path)
        self._recovery = RecoverySlot(path)
        self.replace_report(report, path)

    def roll_over_from(self, old_path: Path, year: Optional[int] = None) -> list[str]:
        """A new untitled document for ``year`` carried over from last year's file.

        Returns the lines that need review; raises ``StoreError`` or ``RolloverError``.
        """
        from model import rollover
        old = store.load(Path(old_path))
        new, review = rollover.roll_over(old, year)
        self.new(new)
        return list(review)

    def recover(self, report: Report, original: Optional[Path]) -> None:
        """Show a recovered report as unsaved work for ``original`` (its file, if it had one)."""
        self._drop_file()
        self.read_only = False
        if original is not None and Path(original).exists():
            self._take_lock(Path(original))
        else:
            original = None
        self._recovery = RecoverySlot(original)
        self.replace_report(report, original, clean=False)
        self.autosave()

    def save(self, path: Optional[Path] = None) -> Path:
        """Save to ``path`` (default: the current file); raises ``StoreError``.

        ``save_warning`` is then None, or a Chinese warning that the file was saved but
        its previous version could not be kept as ``.bak`` (the window must say so).
        """
        target = Path(path) if path is not None else self.path
        if target is None:
            raise store.StoreError("请先选择保存位置")
        same = self.path is not None and _same_file(target, self.path)
        if self.read_only and same:
            raise store.StoreError(f"文件“{target.name}”以只读方式打开，请用“另存为”保存到其他文件")
        if not same:
            holder = lock_holder(target)
            if holder:
                raise store.StoreError(f"文件“{target.name}”正被{holder}打开，不能覆盖")
        self.save_warning = store.save(self.report, target)
        if not same:
            old_slot = self._recovery
            self._drop_lock()
            self.path = target
            self.read_only = False
            self._take_lock(target)
            old_slot.discard()
            self._recovery = RecoverySlot(target)
            self.pathChanged.emit(self.path)
        elif self._lock is None:
            self._take_lock(target)   # opened while another program had it: take it once free
        self._dirty_without_edit = False
        self.undo_stack.setClean()
        self._recovery.discard()
        self.modifiedChanged.emit(self.modified)
        return target

    def close(self) -> None:
        """The user closed the document (saved or discarded): drop lock and recovery file."""
        self.autosave_timer.stop()
        self._drop_file()

    def abandon(self) -> None:
        """Let go of the document without closing it, keeping unsaved work for the next start.

        Used when the session ends under the program (system shutdown or log-off):
        the unsaved state is written to the recovery file, which stays, and the
        locks are released so the next start offers it back.
        """
        self.autosave()
        self.autosave_timer.stop()
        self._recovery.release()
        self._drop_lock()

    @property
    def has_lock(self) -> bool:
        return self._lock is not None

    def _take_lock(self, path: Path) -> None:
        lock = _new_lock(path)
        if lock.tryLock(0):
            self._lock = lock
        else:
            self._lock = None

    def _drop_lock(self) -> None:
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    def _drop_file(self) -> None:
        self._drop_lock()
        self._recovery.discard()
        self._recovery = RecoverySlot(None)

    # -- autosave --------------------------------------------------------------
    def set_autosave_interval(self, ms: int) -> None:
        self.autosave_timer.setInterval(max(1, int(ms)))

    @property
    def autosave_interval(self) -> int:
        return self.autosave_timer.interval()

    @property
    def recovery_file(self) -> Path:
        return self._recovery.file

    def autosave(self) -> Optional[Path]:
        """Write unsaved work to the recovery file; returns it, or None when nothing is unsaved.

        A failure is reported through ``autosaveFailed`` (never raised: a timer called it).
        """
        if not self.modified:
            if self._recovery.exists:
                self._recovery.discard()
            return None
        if self._recovery.original != self.path:
            self._recovery.discard()
            self._recovery = RecoverySlot(self.path)
        try:
            return self._recovery.write(self.report)
        except store.StoreError as e:
            self.autosaveFailed.emit(str(e))
            return None

    # -- derived -------------------------------------------------------------
    def scores(self) -> "ReportScores":
        """The ``ReportScores`` of the current report, computed once per revision: the grid, the
        项目 list, the status bar, 审核 and the exporters all read this one value."""
        key = (self._revision, id(self.report))
        if self._scores_key != key or self._scores is None:
            from model.scoring import score_report
            previous = self._scores if self._scores_key[1:] == key[1:] else None
            self._scores = score_report(self.report, previous, self._pending["scores"])
            self._scores_key = key
            self._pending["scores"] = frozenset()
        return self._scores

    def summary(self) -> "Summary":
        """Scores and findings of the current report (recomputed once per revision)."""
        if self._summary_rev != self._revision or self._summary is None \
                or self._summary.scores is not self.scores():
            # scores and the 审核 rules are loaded with the first summary, which comes after the
            # window's first paint, not at start-up
            from model.checks import IncrementalChecks
            from model.summary import summarize
            if self._checks is None:
                self._checks = IncrementalChecks()
            scores = self.scores()
            findings = self._checks.run(self.report, scores, self._pending["checks"])
            self._pending["checks"] = frozenset()
            self._summary = summarize(self.report, scores, findings)
            self._summary_rev = self._revision
        return self._summary

    @property
    def modified(self) -> bool:
        return self._dirty_without_edit or not self.undo_stack.isClean()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return Path(a).absolute() == Path(b).absolute()
