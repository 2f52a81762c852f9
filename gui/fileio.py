"""Exports and imports for the editor, kept out of the widgets.

Together with ``gui/document.py`` this is the only GUI module that calls
``export`` and ``importers``. Everything here is plain Python plus two QThreads
(``ExportThread``, ``ImportThread``), so the dialogs only collect choices and show outcomes:

* ``ExportPlan`` (folder, base name, formats) → ``run_export`` → ``ExportOutcome``
  (files written, fonts the PDF used, the Chinese error if one stopped it); they live in
  ``export.jobs`` (no Qt) and are re-exported here;
* ``ExportThread`` has ``run_export`` run on a snapshot of the report in a separate process
  (``export.process``; in the thread itself when no process can be started), so a large
  report is written while the window stays responsive and the export's memory goes with
  the process;
* ``print_copy_path`` names the PDF that 打印 writes to the user's temp folder;
* ``run_import`` wraps ``importers.import_paths`` and also answers when the year
  could not be read from the files (the dialog then asks for it); ``ImportThread``
  runs it off the GUI thread and can be cancelled; ``roll_over_import`` makes the
  next year's report of what was read (生成本年度报告).
"""
from __future__ import annotations

import copy
import gc
import os
import pickle
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Optional, Sequence

from PySide6.QtCore import QStandardPaths, QThread, Signal

# the plan, the outcome and writing them have no Qt: the export process runs them too
from export.jobs import (CANCELLED, DEFAULT_FORMATS, FORMAT_BY_KEY, FORMATS, Cancelled,  # noqa: F401
                         ExportFormat, ExportOutcome, ExportPlan, run_export, safe_file_name)
from model import collector
from model.report import Report

# --------------------------------------------------------------------------- names


def default_base_name(report: Report, path: Optional[Path] = None) -> str:
    """The document's name: its file's name, else “2024年度青溪县总工会绩效自评”."""
    if path is not None:
        return safe_file_name(Path(path).stem) or "绩效自评"
    unit = report.info.unit_name.strip()
    return safe_file_name(f"{report.info.year}年度{unit}绩效自评")


def documents_dir() -> Path:
    loc = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(loc) if loc and Path(loc).is_dir() else Path.home()


def font_rows(fonts) -> list[tuple[str, str, bool]]:
    """(role label, font and how it is used, is a fallback) for every role of a FontReport."""
    from export.fonts import ROLE_LABELS, ROLES
    rows = []
    for role in ROLES:
        choice = fonts.choices.get(role) if fonts is not None else None
        if choice is None:
            continue
        if choice.is_cid:
            how = f"{choice.family}（阅读器内置宋体，未嵌入）"
        else:
            how = f"{choice.family}（{Path(choice.path).name}，已嵌入）"
        rows.append((ROLE_LABELS[role], how, choice.is_cid))
    return rows


_EXPORT_LOCK = threading.Lock()


def _hold_gc() -> None:
    """No cyclic garbage collection while a worker thread runs.

    Python collects cycles in whichever thread happens to allocate; a collection
    in the worker would destroy Qt objects (timers, widgets) of the main thread
    there. Existing garbage is collected first, in the main thread. The hold is the
    one the model's bulk operations take (``model.collector``), so neither starts the
    collector while the other still needs it held.
    """
    if collector.holds() == 0:
        gc.collect()
    collector.hold()


def _release_gc() -> None:
    collector.release()


class _GcHoldingThread(QThread):
    """A worker thread during which the cyclic garbage collector is held (``_hold_gc``)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._holding = False
        self.finished.connect(self._release)

    def start(self, *args) -> None:  # noqa: D401 - QThread API
        if not self._holding:
            _hold_gc()
            self._holding = True
        super().start(*args)

    def _release(self) -> None:
        if self._holding:
            self._holding = False
            _release_gc()


class ExportThread(_GcHoldingThread):
    """Writes the files of ``plan`` from a snapshot of the report; ``done(ExportOutcome)`` at
    the end, delivered in the main thread once the thread has finished (the receivers
    ``wait()`` for it).

    The files are written by a separate process (``export.process``): the memory and the
    module code of the export go with it, and a crash there cannot take the window down; this
    thread only waits for it and relays its steps. When no process can be started the thread
    writes them itself (``mode`` says which: "process" or "thread"). ``cancel()`` (停止导出)
    ends the process at once (its half-written temporary files are removed; the files written
    before stay), or in a thread stops before the next file; the outcome's error is then
    ``CANCELLED``.
    """

    done = Signal(object)
    #: the file about to be written: “正在写入 PDF（正文+附表）：…”
    step = Signal(str)

    #: run exports in a separate process (False: always in this thread)
    use_process = True

    def __init__(self, report: Report, plan: ExportPlan, parent=None, scores=None):
        super().__init__(parent)
        # the user may keep editing meanwhile; the scores are those of this very revision
        from export.process import snapshot
        self.fallback_reason: Optional[str] = None   # why the process was not used
        self.copy = None             # (report, scores) for this thread, when no snapshot could be made
        try:
            self.payload: Optional[bytes] = snapshot(report, scores)
        except Exception as e:  # noqa: BLE001 - something in the document does not pickle: no process
            self.payload = None
            self.copy = (copy.deepcopy(report), scores)
            self.fallback_reason = f"{e.__class__.__name__}: {e}"
        self.plan = plan
        self.outcome: Optional[ExportOutcome] = None
        self.mode: Optional[str] = None
        self.child_peak_mb: Optional[float] = None   # the export process's peak memory (Linux)
        self.cancel_event = threading.Event()

    def cancel(self) -> None:
        """Stop the export (停止导出)."""
        self.cancel_event.set()

    def join(self) -> None:
        """Wait for the thread to end and let the garbage collector run again."""
        self.wait()
        self._release()

    def run(self) -> None:  # noqa: D401 - QThread API
        outcome = None
        if self.use_process and self.payload is not None:
            from export.process import ChildUnavailable, ExportProcess
            self.mode = "process"
            child = ExportProcess(self.payload, self.plan)
            try:
                outcome = child.run(self._step, self.cancel_event.is_set)
                self.child_peak_mb = child.peak_mb
            except ChildUnavailable as e:
                self.fallback_reason = str(e)
        if outcome is None:
            self.mode = "thread"
            with _EXPORT_LOCK:     # one in-process export at a time: the PDF fonts and caches are shared
                report, scores = pickle.loads(self.payload) if self.payload is not None else self.copy
                outcome = run_export(report, self.plan, self._step_here, scores)
                del report, scores
        self.payload = self.copy = None
        from export.memory import give_back_heap
        give_back_heap(collect=False)   # the snapshot's and the relayed messages' freed heap
        self.outcome = outcome
        self.done.emit(outcome)

    def _step(self, key: str, path: Path) -> None:
        label = FORMAT_BY_KEY[key].label
        space = " " if label[:1].isascii() else ""
        self.step.emit(f"正在写入{space}{label}：{path.name}……")

    def _step_here(self, key: str, path: Path) -> None:
        if self.cancel_event.is_set():
            raise Cancelled
        self._step(key, path)


# --------------------------------------------------------------------------- printing

PRINT_DIR_NAME = "绩效自评填报-打印"
PRINT_KEEP_S = 2 * 24 * 3600


def print_folder() -> Path:
    """The folder (in the user's temp folder) holding the PDFs written for printing."""
    loc = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.TempLocation)
    return Path(loc or tempfile.gettempdir()) / PRINT_DIR_NAME


def print_copy_path(report: Report, path: Optional[Path] = None, now: Optional[datetime] = None) -> Path:
    """A new PDF name in ``print_folder()`` (created); older print copies are tidied away.

    Every print gets its own name: the PDF viewer may still hold the previous one open.
    """
    folder = print_folder()
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - PRINT_KEEP_S
    for old in folder.glob("*.pdf"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass   # still open in a viewer: next time
    stamp = (now or datetime.now()).strftime("%H%M%S")
    base = default_base_name(report, path)
    target = folder / f"{base}（打印 {stamp}）.pdf"
    n = 2
    while target.exists():
        target = folder / f"{base}（打印 {stamp}-{n}）.pdf"
        n += 1
    return target


def print_plan(report: Report, path: Optional[Path] = None) -> ExportPlan:
    target = print_copy_path(report, path)
    return ExportPlan(target.parent, target.stem, ("pdf",))


# --------------------------------------------------------------------------- import

IMPORT_FILTER_FALLBACK = "上年文件 (*.xlsx *.xlsm *.docx);;Excel 附件表 (*.xlsx *.xlsm);;Word 报告 (*.docx)"


def import_filter() -> str:
    try:
        from importers import FILE_FILTER
    except ImportError:  # pragma: no cover
        return IMPORT_FILTER_FALLBACK
    return FILE_FILTER


@dataclass
class ImportOutcome:
    """``importers.ImportResult`` plus whether the year came from the files."""
    result: object               # importers.ImportResult
    paths: list[str]
    year_known: bool             # False: the year is a guess the user must confirm

    @property
    def report(self) -> Report:
        return self.result.report


def run_import(paths: Sequence[str | os.PathLike], fallback_year: int) -> ImportOutcome:
    """Import the files; raises ``importers.ImportError_`` (Chinese) when they cannot be read.

    When the files do not say which year they are for, they are imported for
    ``fallback_year`` and ``year_known`` is False, so that the caller asks.
    """
    import importers
    paths = [os.fspath(p) for p in paths]
    try:
        return ImportOutcome(importers.import_paths(paths), paths, True)
    except importers.YearNotFound:
        outcome = ImportOutcome(importers.import_paths(paths, year=fallback_year), paths, False)
        taken = outcome.result.taken
        if taken and taken[0].startswith("评价年度"):
            taken[0] = "评价年度：文件中没有识别出，按上面选择的年度"
        return outcome


def set_import_year(outcome: ImportOutcome, year: int) -> None:
    """The year the user chose in the summary dialog."""
    result = outcome.result
    result.report.info.year = year
    if result.taken and result.taken[0].startswith("评价年度"):
        result.taken[0] = f"评价年度 {year}（按指定）"


def roll_over_import(outcome: ImportOutcome) -> tuple[Report, list[str]]:
    """生成本年度报告: the imported report rolled over to the next year (``importers.roll_over_import``);
    raises ``model.rollover.RolloverError`` (Chinese)."""
    import importers
    return importers.roll_over_import(outcome.result)


class ImportThread(_GcHoldingThread):
    """Runs ``run_import`` off the GUI thread; ``done((status, value))`` at the end, delivered
    in the main thread: ("ok", ImportOutcome), ("error", Chinese message) or ("cancelled", None).

    ``cancel()`` makes the readers stop at their next checkpoint (between sheets,
    tables and rows: ``importers.safety.cancel_scope``); an import that finishes
    anyway reports "cancelled", so its result is never used. Like the export
    thread, it holds the cyclic garbage collector while it runs.
    """

    done = Signal(object)

    def __init__(self, paths: Sequence[str | os.PathLike], fallback_year: int, parent=None):
        super().__init__(parent)
        self.paths = [os.fspath(p) for p in paths]
        self.fallback_year = fallback_year
        self.cancel_event = threading.Event()
        self.status: Optional[str] = None

    def cancel(self) -> None:
        self.cancel_event.set()

    def run(self) -> None:  # noqa: D401 - QThread API
        import importers
        from importers.safety import ImportCancelled, cancel_scope
        with cancel_scope(self.cancel_event):
            try:
                result = ("ok", run_import(self.paths, self.fallback_year))
            except ImportCancelled:
                result = ("cancelled", None)
            except importers.ImportError_ as e:
                result = ("error", str(e))
            except Exception as e:  # noqa: BLE001 - a message instead of a traceback
                result = ("error", f"读取文件时出错：{e.__class__.__name__}：{e}")
        if self.cancel_event.is_set():
            result = ("cancelled", None)
        self.status = result[0]
        self.done.emit(result)
