"""The editor (PySide6)."""
import sys

# The model is pure Python; the parts the window needs at start-up are imported here, before
# PySide6. Once PySide6 is loaded, its import hook (``shibokensupport/feature.py``) reads the
# source file of every module imported after it, to see whether it mentions PySide6: for these
# ≈ 15 modules of ours and the ≈ 10 standard-library modules they bring (``dataclasses``,
# ``datetime``, ``json`` …) that is a second file read each at every start, which costs most
# when the disk cache is cold (the first start of the day).
import model.profiles.describe  # noqa: E402,F401  (also loads model.report, numbers, profiles)
import model.paths  # noqa: E402,F401
import model.severity  # noqa: E402,F401
import model.skeleton  # noqa: E402,F401
import model.store  # noqa: E402,F401


def _guard_bool_refcounts() -> None:
    """Work around a reference-count bug of PySide6 (seen in 6.12.0).

    ``SignalInstance.emit()`` returns ``True`` without taking a reference to it,
    so every signal emitted from Python code drops one reference to ``True`` (in
    some call paths ``None``). Before Python 3.12 these are ordinary objects, and
    after a few thousand edits the count reaches zero and the interpreter aborts
    (“bool_dealloc”, “none_dealloc”), taking unsaved work with it. Python 3.12
    makes them immortal (PEP 683); here they get a count no session can use up.

    ``pyproject.toml`` excludes 6.12.0, so a fresh install never patches anything; the
    guard acts only where a 6.12.x is installed anyway (an installation made before the
    exclusion keeps 6.12.0 until it is upgraded, and whether later 6.12.x releases fixed
    ``emit()`` could not be checked here);
    ``tests/reliability/test_long_session.py`` emits 200 000 signals to catch it. On
    Python ≥ 3.12 it does nothing.
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython" or hasattr(sys, "getobjects"):
        return   # immortal already, or a build whose object header is laid out differently
    import PySide6
    if not str(getattr(PySide6, "__version__", "6.12.")).startswith("6.12."):
        return   # every release the requirements allow: nothing to patch
    import ctypes
    for obj in (True, False, None):
        count = ctypes.c_ssize_t.from_address(id(obj))   # ob_refcnt, the first field of PyObject
        if count.value < 1 << 40:
            count.value += 1 << 40


_guard_bool_refcounts()
