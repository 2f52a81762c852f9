"""The desktop editor (PySide6)."""
import ctypes
import sys

# PySide6 6.12 on CPython < 3.12 drops a reference to None (and to True/False) each time
# Qt calls a Python override of a void virtual method (QUndoCommand.redo/undo,
# QWidget.resizeEvent …). After a few thousand edits, undos or resizes the count reaches
# zero and the interpreter aborts ("deallocating None"), losing unsaved work. From 3.12 on
# these objects are immortal (PEP 683) and the defect is harmless; before that, give them
# a reference count no session can use up.
if sys.version_info < (3, 12) and sys.implementation.name == "cpython":
    for _obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(_obj)).value += 1 << 40
    del _obj
