"""Exports and imports for the editor, kept out of the widgets.

Together with ``gui/document.py`` this is the only GUI module that calls
``export`` and ``importers``. Everything here is plain Python plus two QThreads
(``ExportThread``, ``ImportThread``), so the dialogs only collect choices and show outcomes:

* ``ExportPlan`` (folder, base name, formats) → ``run_export`` → ``ExportOutcome``
  (files written, fonts the PDF used, the Chinese error if one stopped it);
* ``ExportThread`` runs ``run_export`` on a deep copy of the report, so a large
  report is written while the window stays responsive;
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
import re
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Optional, Sequence

from PySide6.QtCore import QStandardPaths, QThread, Signal

from model.report import Report

# --------------------------------------------------------------------------- formats


@dataclass(frozen=True)
class ExportFormat:
    key: str
    label: str
    suffix: str
    description: str


FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("xlsx", "Excel 附表", ".xlsx",
                 "附件2 基础数据表、附件3 整体支出自评表、每个项目一张附件4，可在 Excel/WPS 中修改和打印"),
    ExportFormat("pdf", "PDF（正文+附表）", ".pdf",
                 "报告正文按公文格式排版，后附全部附表；用于打印、盖章扫描或报送"),
    ExportFormat("docx", "Word 正文", ".docx",
                 "报告正文（公文格式），可在 Word/WPS 中继续修改"),
    ExportFormat("txt", "纯文本", ".txt",
                 "报告正文的文字，便于粘贴到其他系统"),
)
FORMAT_BY_KEY = {f.key: f for f in FORMATS}
DEFAULT_FORMATS = ("xlsx", "pdf")

_ILLEGAL_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_file_name(name: str) -> str:
    """``name`` usable as a Windows file name: forbidden characters become “_”."""
    name = _ILLEGAL_NAME.sub("_", name).strip().rstrip(". ")
    if name.upper() in _RESERVED:
        name += "_"
    return name


def default_base_name(report: Report, path: Optional[Path] = None) -> str:
    """The document's name: its file's name, else “2024年度青溪县总工会绩效自评”."""
    if path is not None:
        return safe_file_name(Path(path).stem) or "绩效自评"
    unit = report.info.unit_name.strip()
    return safe_file_name(f"{report.info.year}年度{unit}绩效自评")


def documents_dir() -> Path:
    loc = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(loc) if loc and Path(loc).is_dir() else Path.home()


@dataclass
class ExportPlan:
    folder: Path
    base: str
    formats: tuple[str, ...]

    def problem(self) -> Optional[str]:
        """Why this plan cannot run (Chinese), or None."""
        if not self.formats:
            return "请至少选择一种要导出的格式"
        if not self.base.strip():
            return "请填写文件名"
        if safe_file_name(self.base) != self.base.strip():
            return "文件名不能包含 \\ / : * ? \" < > | 这些字符，也不能以句点结尾"
        if not str(self.folder).strip():
            return "请选择保存的文件夹"
        if not Path(self.folder).is_dir():
            return f"文件夹“{self.folder}”不存在"
        return None

    def targets(self) -> list[tuple[str, Path]]:
        base = self.base.strip()
        return [(key, Path(self.folder) / f"{base}{FORMAT_BY_KEY[key].suffix}")
                for key in (f.key for f in FORMATS) if key in self.formats]

    def existing(self) -> list[Path]:
        return [p for _, p in self.targets() if p.exists()]


@dataclass
class ExportOutcome:
    files: list[tuple[str, Path]] = field(default_factory=list)   # (format key, file) written
    fonts: object = None              # export.fonts.FontReport of the PDF, when one was written
    notes: dict[str, str] = field(default_factory=dict)   # format key → “4 张工作表”
    details: dict[str, str] = field(default_factory=dict)  # format key → longer text (tooltip)
    error: Optional[str] = None       # Chinese; files written before the failure stay
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


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


def _write_one(report: Report, key: str, path: Path, outcome: ExportOutcome, scores=None) -> None:
    if key == "xlsx":
        from export.xlsx import write_xlsx
        sheets = write_xlsx(report, path, scores)
        outcome.notes[key] = f"{len(sheets)} 张工作表"
        outcome.details[key] = "工作表：" + "、".join(sheets)
    elif key == "pdf":
        from export.pdf import write_pdf
        outcome.fonts = write_pdf(report, path, scores=scores)
    elif key == "docx":
        from export.docx import write_docx
        write_docx(report, path)
    elif key == "txt":
        from export.txt import write_txt
        write_txt(report, path)
    else:  # pragma: no cover - the dialog only offers FORMATS
        raise ValueError(key)
    outcome.files.append((key, path))


def run_export(report: Report, plan: ExportPlan,
               on_step: Optional[Callable[[str, Path], None]] = None, scores=None) -> ExportOutcome:
    """Write every file of ``plan``; never raises (a failure is ``outcome.error``).

    ``on_step(key, path)`` is called before each file is written; ``scores`` is the report's
    ``ReportScores`` (the document's, so the files print what the window shows).
    """
    from export import ExportError
    outcome = ExportOutcome()
    start = time.perf_counter()
    for key, path in plan.targets():
        if on_step is not None:
            on_step(key, path)
        try:
            _write_one(report, key, path, outcome, scores)
        except ExportError as e:
            outcome.error = str(e)
            break
        except MemoryError:
            outcome.error = "内存不足，无法完成导出。请关闭其他程序后重试"
            break
        except Exception as e:  # noqa: BLE001 - shown to the user instead of a traceback
            what = FORMAT_BY_KEY[key].label
            outcome.error = f"导出{what}时出错：{e.__class__.__name__}：{e}"
            break
    outcome.seconds = time.perf_counter() - start
    return outcome


_gc_holds = 0
_EXPORT_LOCK = threading.Lock()


def _hold_gc() -> None:
    """No cyclic garbage collection while an export thread runs.

    Python collects cycles in whichever thread happens to allocate; a collection
    in the worker would destroy Qt objects (timers, widgets) of the main thread
    there. Existing garbage is collected first, in the main thread.
    """
    global _gc_holds
    if _gc_holds == 0:
        gc.collect()
        gc.disable()
    _gc_holds += 1


def _release_gc() -> None:
    global _gc_holds
    _gc_holds = max(0, _gc_holds - 1)
    if _gc_holds == 0:
        gc.enable()


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
    """Runs ``run_export`` on its own deep copy of the report; ``done(ExportOutcome)`` at the end.

    ``done`` is delivered in the main thread; the thread has finished by then
    (the receivers ``wait()`` for it).
    """

    done = Signal(object)
    #: the file about to be written: “正在写入 PDF（正文+附表）：…”
    step = Signal(str)

    def __init__(self, report: Report, plan: ExportPlan, parent=None, scores=None):
        super().__init__(parent)
        self.report = copy.deepcopy(report)   # the user may keep editing meanwhile
        self.scores = scores                  # immutable: the scores of this very revision
        self.plan = plan
        self.outcome: Optional[ExportOutcome] = None

    def join(self) -> None:
        """Wait for the thread to end and let the garbage collector run again."""
        self.wait()
        self._release()

    def run(self) -> None:  # noqa: D401 - QThread API
        with _EXPORT_LOCK:     # one export at a time: the PDF fonts and caches are shared
            self.outcome = run_export(self.report, self.plan, self._step, self.scores)
        self.done.emit(self.outcome)

    def _step(self, key: str, path: Path) -> None:
        label = FORMAT_BY_KEY[key].label
        space = " " if label[:1].isascii() else ""
        self.step.emit(f"正在写入{space}{label}：{path.name}……")


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
