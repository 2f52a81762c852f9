"""What every benchmark case shares: the result row, the timers, the case registry, child processes.

A *floor* is honest only when it does the same work measured the same way as ours: in the same
process state (both warm, in one process, interleaved) or both as whole processes started
afresh (cold: nothing warmed up by the other side, since each runs in its own new
interpreter). Every row says which in ``floor_is``, printed beside its ratio.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent


@dataclass
class Result:
    name: str
    ours: float                 # seconds (or MB for memory cases)
    floor: Optional[float]      # same unit; None when the case has an absolute target
    target: str
    ok: Optional[bool]
    unit: str = "ms"
    note: str = ""
    floor_is: str = ""          # what the floor is and how both sides were measured

    @property
    def ratio(self) -> Optional[float]:
        if self.floor in (None, 0):
            return None
        return self.ours / self.floor


@dataclass
class Context:
    large: object
    typical: object
    repeat: int
    tmp: str
    quick: bool
    cache: dict
    notes: list


CASES: list[tuple[str, Callable[..., object]]] = []


def case(name: str):
    def wrap(fn):
        CASES.append((name, fn))
        return fn
    return wrap


def median_time(fn: Callable[[], object], repeat: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def paired(ours: Callable[[], object], floor: Callable[[], object], repeat: int,
           warmup: int = 1) -> tuple[float, float]:
    """Medians of ``ours`` and ``floor``, run alternately so that load from other processes
    on a shared machine falls on both alike."""
    for _ in range(warmup):
        ours()
        floor()
    a, b = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        ours()
        t1 = time.perf_counter()
        floor()
        t2 = time.perf_counter()
        a.append(t1 - t0)
        b.append(t2 - t1)
    return statistics.median(a), statistics.median(b)


def child_env() -> dict:
    """The environment of a measured child: offscreen Qt, compiled modules cached in a scratch
    folder (as an installed program has them), settings and recovery files in a scratch folder."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "jxzp-bench-pycache")
    return env


def run_process(argv: list[str], timeout: float = 1800) -> dict:
    """Run ``python bench/proc_child.py SCRIPT ARGS…`` (``argv`` = [SCRIPT, ARGS…]): the script as
    ``__main__`` in a fresh interpreter. Returns ``wall`` (seconds from spawning the process to
    its exit) and ``peak_mb`` (the child's own ``VmHWM``)."""
    env = child_env()
    scratch = tempfile.mkdtemp(prefix="jxzp-bench-")
    env["XDG_CONFIG_HOME"] = env["XDG_DATA_HOME"] = env["XDG_CACHE_HOME"] = env["HOME"] = scratch
    mem = Path(scratch) / "mem.json"
    env["JXZP_BENCH_MEM"] = str(mem)
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, str(BENCH / "proc_child.py"), *argv], cwd=str(ROOT), env=env,
                       capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError(f"{Path(argv[0]).name} exited {p.returncode}: {(p.stderr or p.stdout).strip()[-600:]}")
    data = json.loads(mem.read_text()) if mem.exists() else {}
    import shutil
    shutil.rmtree(scratch, ignore_errors=True)
    return {"wall": wall, "peak_mb": data.get("peak_mb", float("nan"))}


def paired_processes(sides: dict[str, Callable[[], float]], repeat: int, warmup: int = 1) -> dict[str, list]:
    """Each side (a function returning its measurement) run in turn, ``repeat`` rounds after
    ``warmup`` rounds, so that load from other processes falls on all alike."""
    for _ in range(warmup):
        for fn in sides.values():
            fn()
    out: dict[str, list] = {k: [] for k in sides}
    for _ in range(repeat):
        for k, fn in sides.items():
            out[k].append(fn())
    return out


# --------------------------------------------------------------------------- one edit, as the GUI makes it

def edit_paths(report) -> list[str]:
    """Cells an editing user touches in turn: actual values spread over every table."""
    out = []
    tables = [("dept", report.dept.indicators)] + [
        (f"projects[{i}]", p.indicators) for i, p in enumerate(report.projects)]
    for k in range(max(len(tables), 40)):
        prefix, rows = tables[(k * 7) % len(tables)]
        if rows:
            out.append(f"{prefix}.indicators[{(k * 3) % len(rows)}].actual")
    return out


_APP: list = []     # the QCoreApplication the Document needs, kept alive for the whole run


def recompute_time(report, repeat: int) -> tuple[float, str]:
    """Median seconds of one edit as the GUI makes it (an undoable ``Document.set_value``) and then
    every score and finding of the report (``Document.summary()``, what the 审核 list and the status
    bar show). Without the GUI package the edit is made on the model directly and ``summarize``
    is timed. Returns (median, how)."""
    from model import paths as mpaths
    from model.summary import summarize
    edits = edit_paths(report)
    state = {"i": 0}
    try:
        from PySide6.QtCore import QCoreApplication

        from gui.document import Document
        _APP.append(QCoreApplication.instance() or QCoreApplication([sys.argv[0]]))
        doc = Document(report)
        doc.autosave_timer.stop()

        def one_edit():
            state["i"] += 1
            doc.set_value(edits[state["i"] % len(edits)], f"{80 + state['i'] % 20}%")
            doc.summary()
        how = "Document.set_value + summary()"
    except ImportError:
        doc = None

        def one_edit():
            state["i"] += 1
            mpaths.set(report, edits[state["i"] % len(edits)], f"{80 + state['i'] % 20}%")
            summarize(report)
        how = "model only"
    one_edit()   # the first run fills the caches of every table, as opening a file does
    t = median_time(one_edit, repeat, warmup=3)
    if doc is not None:
        doc.autosave_timer.stop()
        doc.undo_stack.clear()
    return t, how


# --------------------------------------------------------------------------- GUI children

CHILD = Path(__file__).resolve().parent / "gui_child.py"


DROP_CACHES = Path("/proc/sys/vm/drop_caches")


def _can_drop_caches() -> bool:
    """Whether this process may empty the system's file cache (Linux, as root)."""
    return sys.platform.startswith("linux") and os.geteuid() == 0 and os.access(DROP_CACHES, os.W_OK)


def _drop_caches() -> None:
    """Empty the page cache, as after switching the computer on: the next start reads Python,
    Qt, the fonts and our files from the disk."""
    os.sync()
    DROP_CACHES.write_text("3\n")


def _child(mode: str, *args: str, timeout: float = 300, cold: bool = False) -> dict:
    """Run ``bench/gui_child.py`` offscreen in a fresh interpreter; return its JSON line plus
    ``wall`` (seconds from spawning the process to its line arriving). ``cold``: the file
    cache is emptied just before the process starts."""
    import subprocess
    # compiled modules are cached (in a scratch folder, not in the source tree), as an installed
    # program has them: both sides start from bytecode after the warm-up run
    env = child_env()
    # settings and recovery files of the child go to a scratch folder, not the user's
    scratch = tempfile.mkdtemp(prefix="jxzp-bench-")
    env["XDG_CONFIG_HOME"] = env["XDG_DATA_HOME"] = env["XDG_CACHE_HOME"] = scratch
    env["HOME"] = scratch
    if cold:
        _drop_caches()
    t0 = time.perf_counter()
    p = subprocess.Popen([sys.executable, str(CHILD), mode, *args], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env, cwd=str(ROOT))
    line = p.stdout.readline()
    wall = time.perf_counter() - t0
    out, err = p.communicate(timeout=timeout)
    import shutil
    shutil.rmtree(scratch, ignore_errors=True)
    if not line.strip():
        raise RuntimeError(f"{mode}: the child printed nothing (exit {p.returncode}): {err.strip()[-800:]}")
    data = json.loads(line)
    data["wall"] = wall
    return data
