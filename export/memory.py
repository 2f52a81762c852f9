"""Giving an export's memory back to the system once its file is written.

The window lives on after an export; without this it would keep the export's peak for the
rest of the session: CPython frees the export's objects, but glibc keeps the freed heap in
its arenas unless asked to return it.
"""
from __future__ import annotations

import contextlib
import gc
import sys
import threading


def give_back_heap(collect: bool = True) -> None:
    """Collect the objects an export left (cycles included) and return freed heap pages to
    the system (glibc's ``malloc_trim``; elsewhere only the collection).

    The collection runs only on the main thread with the collector enabled: the window runs
    exports on a worker thread with the collector held (``gui.fileio``), since a collection
    there could destroy Qt objects of the main thread; the export's cycles are then collected
    once the thread is done, and only the trim happens here. ``collect=False``: the trim alone
    (an export whose objects go with their last reference: a full collection costs more than
    it frees)."""
    if collect and gc.isenabled() and threading.current_thread() is threading.main_thread():
        gc.collect()
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):   # not glibc: nothing to trim
            pass


#: young objects between two collections while an export lays out its pages (Python's default
#: is 700: the layout makes millions of short-lived objects, and every tenth young collection
#: walks the older ones too — ≈ 8 % of a large PDF export)
EXPORT_GEN0 = 50_000


@contextlib.contextmanager
def fewer_collections(gen0: int = EXPORT_GEN0):
    """Collect cycles less often inside the block (the thresholds are put back afterwards)."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], gen0), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)
