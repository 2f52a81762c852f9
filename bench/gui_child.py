"""The GUI side of the benchmarks, run by ``bench/run.py`` in a fresh offscreen process.

    gui_child.py bare                 # a bare QApplication + QMainWindow
    gui_child.py ours FILE            # our main window with FILE open
    gui_child.py large FILE N         # ours with FILE, then N edits of indicator cells

Each mode prints one JSON line as soon as the window's first paint is done (``bare``/``ours``:
the parent times the process from spawn to that line) or when the edits are done (``large``).
``maxrss_mb`` is the peak resident memory of this process (``ru_maxrss``).
"""
from __future__ import annotations

import time

T_START = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def maxrss_mb() -> float:
    """Peak resident memory of this process. On Linux VmHWM of /proc/self/status: the
    ``ru_maxrss`` of a child starts at its parent's peak (it is kept across fork and exec)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def emit(data: dict) -> None:
    data["maxrss_mb"] = maxrss_mb()
    sys.stdout.write(json.dumps(data) + "\n")
    sys.stdout.flush()


def wait_first_paint(app, win) -> None:
    """Return once the first Paint event of ``win`` (or a widget in it) has been delivered and
    the event loop has finished that paint pass."""
    from PySide6.QtCore import QEvent, QObject

    class PaintWatch(QObject):
        painted = False

        def eventFilter(self, obj, event):  # noqa: N802 - Qt API
            if event.type() == QEvent.Type.Paint and not self.painted:
                w = obj if hasattr(obj, "window") else None
                if w is not None and w.window() is win:
                    self.painted = True
            return False

    watch = PaintWatch()
    app.installEventFilter(watch)
    win.show()
    while not watch.painted:
        app.processEvents()
    app.processEvents()      # the rest of the same paint pass
    app.removeEventFilter(watch)


def bare() -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow
    _lap("imports")
    app = QApplication([sys.argv[0]])
    _lap("application")
    win = QMainWindow()
    win.resize(1400, 900)
    _lap("window built")
    wait_first_paint(app, win)
    _lap("first paint")
    emit({"mode": "bare", "phases": PHASES})
    return 0


PHASES: dict[str, float] = {}


def _lap(name: str) -> None:
    PHASES[name] = round((time.perf_counter() - T_START) * 1000, 1)


def _open(path: str):
    from gui.app import setup_application
    from gui.mainwindow import MainWindow
    _lap("imports")
    app = setup_application()
    _lap("application")
    win = MainWindow()
    win.restore_layout()
    _lap("window built")
    opened = win.open_path(Path(path))
    if opened is not win:
        raise SystemExit(f"could not open {path}")
    win.doc.autosave_timer.stop()
    _lap("file open")
    return app, win


def ours(path: str) -> int:
    app, win = _open(path)
    wait_first_paint(app, win)
    _lap("first paint")
    emit({"mode": "ours", "phases": PHASES})
    win.doc.close()
    return 0


def large(path: str, n: int) -> int:
    from PySide6.QtCore import Qt

    from gui.findings import PROJECTS_TAB
    from gui.tables.indicators import COL_ACTUAL
    app, win = _open(path)
    wait_first_paint(app, win)
    win.select_tab(PROJECTS_TAB)
    page = win.pages[PROJECTS_TAB]
    page.select_project(len(win.doc.report.projects) // 2)
    for _ in range(5):
        app.processEvents()
    editor = page.editor
    model, view = editor.model, editor.view
    findings_timer = win.findings.timer

    def settle() -> None:
        # let the deferred 审核 refresh run outside the measured span, as it does between keys
        deadline = time.perf_counter() + 5
        while findings_timer.isActive() and time.perf_counter() < deadline:
            app.processEvents()
        app.processEvents()

    settle()
    rows = model.rowCount()
    typing, refresh = [], []
    for i in range(n + 2):
        index = model.index((i * 5) % rows, COL_ACTUAL)
        text = f"{70 + i % 30}%"
        t0 = time.perf_counter()
        ok = model.setData(index, text, Qt.ItemDataRole.EditRole)
        app.processEvents()
        view.viewport().repaint()
        t1 = time.perf_counter()
        if not ok or model.data(index) != text:
            raise SystemExit(f"edit not applied: {model.data(index)!r} != {text!r}")
        t2 = time.perf_counter()
        win.findings.refresh()
        t3 = time.perf_counter()
        settle()
        if i >= 2:             # the first edits warm the caches
            typing.append(t1 - t0)
            refresh.append(t3 - t2)
    emit({"mode": "large", "typing": typing, "findings_refresh": statistics.median(refresh),
          "rows": rows})
    win.doc.close()
    return 0


def main(argv: list[str]) -> int:
    mode = argv[0]
    if mode == "bare":
        return bare()
    if mode == "ours":
        return ours(argv[1])
    if mode == "large":
        return large(argv[1], int(argv[2]))
    raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
