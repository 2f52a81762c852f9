"""Shared pieces of the reliability tests: the sample report, Chinese-message
checks, and the resource bounds every input must stay within."""
from __future__ import annotations

import re
import resource
import sys
import time
import tracemalloc
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
IMPORT_FIXTURES = ROOT / "tests" / "importers"
if str(IMPORT_FIXTURES) not in sys.path:
    sys.path.append(str(IMPORT_FIXTURES))

SAMPLE = ROOT / "resources" / "samples" / "示例-某县总工会-2024.jxzp"
CJK = re.compile(r"[\u4e00-\u9fff]")

#: one input may take this long …
SECONDS = 3.0
#: … and allocate at most this much Python memory at its peak
PEAK_BYTES = 200 * 1024 * 1024


#: what the fuzz tests fed in and how it ended ("store: loaded", "import: refused", …);
#: the source of the figures in README.md
STATS: Counter = Counter()


def is_chinese(message: str) -> bool:
    return bool(CJK.search(message)) and "Traceback" not in message


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def bounded(what: str, seconds: float = SECONDS, peak: int = PEAK_BYTES, trace: bool = False):
    """Fail when the block takes longer than ``seconds`` or needs more than ``peak`` bytes of memory.

    Memory is measured as growth of the process's high-water mark (ru_maxrss,
    free to read), and with ``trace`` also as the tracemalloc peak of the block's
    Python allocations (exact, but it slows the block down several times).
    """
    rss0 = max_rss_mb()
    started_here = trace and not tracemalloc.is_tracing()
    if started_here:
        tracemalloc.start()
    if trace:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
    else:
        base = 0
    t0 = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - t0
        used = tracemalloc.get_traced_memory()[1] - base if trace else 0
        if started_here:
            tracemalloc.stop()
    assert elapsed < seconds, f"{what}: took {elapsed:.2f} s"
    assert used < peak, f"{what}: peak {used / 2**20:.0f} MB"
    grown = max_rss_mb() - rss0
    assert grown < peak / 2**20, f"{what}: the process grew by {grown:.0f} MB"


# --------------------------------------------------------------------------- fixtures
# (imported by the test modules that use them: a conftest.py here would clash with the
# other folders' conftest modules, which some tests import by name)

@pytest.fixture
def user_data(tmp_path_factory, monkeypatch):
    data = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("JXZP_DATA_DIR", str(data))
    from PySide6.QtCore import QStandardPaths
    QStandardPaths.setTestModeEnabled(True)
    return data


@pytest.fixture
def answers(user_data, monkeypatch):
    """Scripted answers to the program's questions; no real dialog opens."""
    from gui import dialogs as d
    log = {"calls": [], "errors": [], "recover": d.RECOVER}

    def ask_recover(parent, *args):
        log["calls"].append(("recover", *args))
        return log["recover"]

    monkeypatch.setattr(d, "ask_recover", ask_recover)
    monkeypatch.setattr(d, "ask_save_changes", lambda parent, *a: d.DISCARD)
    monkeypatch.setattr(d, "show_error", lambda parent, title, message: log["errors"].append(message))
    return log
