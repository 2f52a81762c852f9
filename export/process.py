"""The window's exports, run in a separate process: no Qt here, in the parent or the child.

An export imports reportlab, openpyxl and our writers (≈ 36 MB of module code and data that a
process keeps once imported), builds a large report's pages at a peak of some 100 MB, and leaves
its heap fragmented (≈ 20 MB more that glibc cannot hand back, more on a worker thread's own
malloc arena). Run in a child process, all of it goes when the child ends; the window stays
responsive, and a crash of a library cannot take the window and its unsaved work with it.

Parent: ``ExportProcess(snapshot(report, scores), plan).run(on_step, cancelled)`` starts a
``spawn`` child (a fresh interpreter, also in the frozen program: ``main.py`` calls
``multiprocessing.freeze_support()`` first), hands it the report and the plan, relays each step
and returns the child's ``ExportOutcome`` — the same one ``run_export`` gives in-process.
Raises ``ChildUnavailable`` when the child could not be started or did not get ready; the
caller then exports in-process, nothing written yet. ``cancelled()`` true: the child is ended,
its half-written temporary files are removed (the writers write to a temporary file next to the
target and rename it only when complete, so a target is never half-written), and the outcome
says ``CANCELLED``.

Child: ``_child_main`` — loads the snapshot, says it is ready, runs ``run_export`` and sends each
step and the outcome over a pipe. It never imports Qt (only ``export`` and ``model``); in the
frozen program PyInstaller's PySide6 start-up hook loads QtCore into every process it starts,
this one included (no QtGui or QtWidgets, no application, no window).

A ``spawn`` child imports the parent's main script as ``__mp_main__``: the program's ``main.py``
only defines things at its top level, as a script must for ``multiprocessing``.
"""
from __future__ import annotations

import os
import pickle
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Optional

from .jobs import CANCELLED, FORMAT_BY_KEY, ExportOutcome, ExportPlan, run_export

#: how long the child may take to start and load the report before the export runs in-process
#: instead (a fresh interpreter, or a frozen program that a virus scanner checks first)
START_TIMEOUT_S = 60.0
#: how often the waiting parent looks whether the user stopped the export
POLL_S = 0.1


class ChildUnavailable(Exception):
    """The export process could not be started or did not get ready; nothing was written."""


def snapshot(report, scores=None) -> bytes:
    """The report and its scores as they are now (the user may keep editing meanwhile)."""
    return pickle.dumps((report, scores), pickle.HIGHEST_PROTOCOL)


def _child_main(conn, snapshot_file: str, plan: ExportPlan, temp_dir: str) -> None:
    """The child process: load the snapshot, export, report every step and the outcome."""
    tempfile.tempdir = temp_dir   # libraries' scratch files (openpyxl's sheets): the parent cleans up
    try:
        with open(snapshot_file, "rb") as f:
            report, scores = pickle.load(f)
    except Exception as e:  # noqa: BLE001 - the parent then exports in-process
        conn.send(("unavailable", f"{e.__class__.__name__}: {e}"))
        conn.close()
        return
    # "qt": the Qt modules loaded here: none of ours; in the frozen program PyInstaller's start-up
    # hook for PySide6 loads QtCore in every process it starts (to embed its qt.conf), before
    # our code runs — no QtGui, no QtWidgets, no application or window
    conn.send(("ready", {"pid": os.getpid(), "qt": sorted(m for m in sys.modules if m.startswith("PySide6.Qt"))}))

    def step(key: str, path: Path) -> None:
        conn.send(("step", key, str(path)))

    outcome = run_export(report, plan, step, scores)
    conn.send(("done", outcome, _peak_mb()))
    conn.close()


def _peak_mb() -> Optional[float]:
    """This process's peak resident memory (``VmHWM``, Linux), for the benchmarks; else None."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _temp_files(plan: ExportPlan) -> set[Path]:
    """The writers' temporary files of ``plan``'s targets now in its folder (``atomic_target``)."""
    from model.store import temp_prefix
    prefixes = tuple(temp_prefix(path.name) for _, path in plan.targets())
    try:
        return {p for p in Path(plan.folder).iterdir() if p.name.startswith(prefixes) and p.name.endswith(".tmp")}
    except OSError:
        return set()


def _context():
    """A fresh interpreter, on every system: a forked copy of the window would share its Qt."""
    import multiprocessing
    return multiprocessing.get_context("spawn")


class ExportProcess:
    """One export in a child process; ``run`` waits for it (call it off the GUI thread)."""

    #: what the child runs (a module-level function the child can import)
    entry = staticmethod(_child_main)

    def __init__(self, payload: bytes, plan: ExportPlan, start_timeout: float = START_TIMEOUT_S):
        self.payload = payload
        self.plan = plan
        self.start_timeout = start_timeout
        self.ready: Optional[dict] = None    # what the child said when it got ready (pid, Qt modules)
        self.exitcode: Optional[int] = None
        self.peak_mb: Optional[float] = None  # the child's peak resident memory, where known

    def run(self, on_step: Optional[Callable[[str, Path], None]] = None,
            cancelled: Callable[[], bool] = lambda: False) -> ExportOutcome:
        start = time.perf_counter()
        before = _temp_files(self.plan)
        temp_dir = tempfile.mkdtemp(prefix="jxzp-export-")
        conn = proc = None
        steps: list[tuple[str, Path]] = []
        outcome: Optional[ExportOutcome] = None
        ended = False                           # the child closed the pipe: it is exiting
        try:
            try:
                # the snapshot goes by file: starting the child then writes only a few kilobytes into
                # its pipe, so a child that never reads them cannot block the start
                snapshot_file = os.path.join(temp_dir, "report.pickle")
                with open(snapshot_file, "wb") as f:
                    f.write(self.payload)
                ctx = _context()
                conn, child_conn = ctx.Pipe(duplex=False)
                child = ctx.Process(target=self.entry, args=(child_conn, snapshot_file, self.plan, temp_dir),
                                    name="jxzp-export", daemon=True)
                try:
                    child.start()
                finally:
                    child_conn.close()
                proc = child
            except Exception as e:  # noqa: BLE001 - blocked, no executable, no pipe: export in-process
                raise ChildUnavailable(f"{e.__class__.__name__}: {e}") from e
            deadline = time.monotonic() + self.start_timeout
            while outcome is None:
                if not conn.poll(POLL_S):
                    if cancelled():
                        break
                    if self.ready is None and time.monotonic() > deadline:
                        raise ChildUnavailable("the export process did not start in time")
                    continue
                try:
                    message = conn.recv()
                except (EOFError, OSError):
                    ended = True                # the child ended without an outcome
                    break
                kind = message[0]
                if kind == "ready":
                    self.ready = message[1]
                elif kind == "unavailable":
                    raise ChildUnavailable(message[1])
                elif kind == "step":
                    steps.append((message[1], Path(message[2])))
                    if on_step is not None:
                        on_step(message[1], Path(message[2]))
                elif kind == "done":
                    outcome, self.peak_mb = message[1], message[2]
            if outcome is None and self.ready is None and not cancelled():
                raise ChildUnavailable(f"the export process ended before it was ready "
                                       f"(exit code {self._end(proc, outcome is not None or ended)})")
        finally:
            code = self._end(proc, outcome is not None or ended)
            if conn is not None:
                conn.close()
            for p in _temp_files(self.plan) - before:    # what an ended child was writing
                try:
                    p.unlink()
                except OSError:
                    pass
            shutil.rmtree(temp_dir, ignore_errors=True)
        if outcome is None:
            outcome = ExportOutcome(files=steps[:-1])   # each file before the last step was written
            if cancelled():
                outcome.error = CANCELLED
            else:
                what = FORMAT_BY_KEY[steps[-1][0]].label if steps else "文件"
                outcome.error = (f"导出{what}时，导出进程意外结束（退出代码 {code}），文件没有写完。"
                                 "可能是内存不足，请关闭其他程序后重试")
            outcome.seconds = time.perf_counter() - start
        return outcome

    def _end(self, proc, finished: bool) -> Optional[int]:
        """Let the child end (``finished``: it sent its outcome and is exiting) or end it at
        once, and return its exit code."""
        if proc is None:
            return None
        if self.exitcode is None:
            proc.join(timeout=10 if finished else 0)
            if proc.exitcode is None:
                proc.terminate()
                proc.join(timeout=5)
                if proc.exitcode is None:
                    proc.kill()
                    proc.join()
            self.exitcode = proc.exitcode
            proc.close()
        return self.exitcode
