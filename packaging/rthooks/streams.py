# PyInstaller runtime hook: a windowed Windows program has no console, and its
# sys.stdout / sys.stderr are None; the program writes messages to them (a
# subcommand run from the window build, a start-up error), so they get a sink
# that drops the text instead of raising AttributeError.
import os
import sys

for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8", errors="replace"))
del _name
