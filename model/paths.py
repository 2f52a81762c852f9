"""Attribute paths into the document: ``projects[1].indicators[0].actual``.

The same paths are a finding's ``where`` and the address of an undoable edit.
"""
from __future__ import annotations

from typing import Any

from .lazyre import LazyPattern

_TOKEN = LazyPattern(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\.")


class PathError(KeyError):
    pass


def parse(path: str) -> list[str | int]:
    """``"projects[1].total.budget"`` → ``["projects", 1, "total", "budget"]``."""
    parts: list[str | int] = []
    pos = 0
    while pos < len(path):
        m = _TOKEN.match(path, pos)
        if not m:
            raise PathError(path)
        if m.group(1):
            parts.append(m.group(1))
        elif m.group(2):
            parts.append(int(m.group(2)))
        pos = m.end()
    return parts


def join(parts: list[str | int]) -> str:
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + p
    return out


def _step(obj: Any, part: str | int) -> Any:
    if isinstance(part, int):
        return obj[part]
    if isinstance(obj, dict):
        return obj[part]
    return getattr(obj, part)


def get(root: Any, path: str) -> Any:
    obj = root
    try:
        for part in parse(path):
            obj = _step(obj, part)
    except (AttributeError, IndexError, KeyError, TypeError):
        raise PathError(path) from None
    return obj


def set(root: Any, path: str, value: Any) -> Any:  # noqa: A001 - mirrors get()
    """Set the value at ``path``; returns the previous value."""
    parts = parse(path)
    if not parts:
        raise PathError(path)
    parent = root
    try:
        for part in parts[:-1]:
            parent = _step(parent, part)
        last = parts[-1]
        if isinstance(last, int) or isinstance(parent, dict):
            old = parent[last]
            parent[last] = value
        else:
            old = getattr(parent, last)
            setattr(parent, last, value)
    except (AttributeError, IndexError, KeyError, TypeError):
        raise PathError(path) from None
    return old


def prefix_of(path: str, length: int) -> str:
    return join(parse(path)[:length])
