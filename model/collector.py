"""Holding Python's cyclic garbage collector while a large structure is built.

Opening a file, a full 审核 pass and an export each make hundreds of thousands of objects
that stay alive until the operation ends (the report, its scores and findings, the sheets'
cells) and make no garbage cycles worth finding. Left running, the collector walks them —
and everything else the program holds — again and again while they pile up: at 1 500
projects two or three full collections land inside one such operation, at 150 projects none,
so the operation's cost grew faster than the report (the scaling rows in ``bench/README.md``).
Held, nothing is walked; what the operation left is collected later, by the collector's
ordinary young-generation passes, and its few cycles with it.

Holds nest and may come from several threads (the window's import and export workers hold
it for as long as they run, since a collection in a worker could destroy the main thread's
Qt objects there): the collector is started again when the last hold ends, and only when it
ran before the first.
"""
from __future__ import annotations

import contextlib
import gc
import threading

_lock = threading.Lock()
_holds = 0
_was_enabled = False


def hold() -> None:
    """Stop cyclic collection until the matching ``release``."""
    global _holds, _was_enabled
    with _lock:
        if _holds == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holds += 1


def release() -> None:
    """End one ``hold``; the last one starts the collector again when it ran before."""
    global _holds
    with _lock:
        if _holds == 0:
            return
        _holds -= 1
        if _holds == 0 and _was_enabled:
            gc.enable()


def holds() -> int:
    """How many holds are in force (for tests)."""
    return _holds


@contextlib.contextmanager
def held():
    """The block runs with the collector held (see the module's note)."""
    hold()
    try:
        yield
    finally:
        release()
