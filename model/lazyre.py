"""Regular expressions compiled on first use instead of at import.

Compiling a pattern is pure Python in ``re`` and costs up to a millisecond for the larger
ones (a character class over the CJK range builds a 64 K table), so module-level
``re.compile`` calls add up to several milliseconds of start-up for patterns most of which
are needed only once a report is parsed or checked.

``LazyPattern(source, flags)`` stands in for ``re.compile(source, flags)``: the first
attribute asked for (``search``, ``finditer``, ``pattern`` …) compiles the pattern and is
then kept on the instance, so later calls cost what they cost on the compiled pattern.
"""
from __future__ import annotations

import re


class LazyPattern:
    """``re.compile(source, flags)``, done when an attribute of the pattern is first used."""

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern | None = None

    def compiled(self) -> re.Pattern:
        """The compiled pattern (compiled now if it has not been yet)."""
        c = self._compiled
        if c is None:
            c = self._compiled = re.compile(self._source, self._flags)
        return c

    def __getattr__(self, name: str):
        # only reached for names not on the instance yet: the pattern's methods and attributes
        if name.startswith("__"):
            raise AttributeError(name)
        value = getattr(self.compiled(), name)
        setattr(self, name, value)      # a bound method of the compiled pattern, kept
        return value

    def __repr__(self) -> str:
        return f"LazyPattern({self._source!r}, {self._flags!r})"
