"""Attribute paths into the document: ``projects[1].indicators[0].actual``.

The same paths are a finding's ``where`` and the address of an undoable edit.
"""
from __future__ import annotations

from typing import Any

from .lazyre import LazyPattern

_TOKEN = LazyPattern(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\.")
#: a whole path (``_TOKEN``s one after another) and its named and indexed steps
_WHOLE = LazyPattern(r"(?:[A-Za-z_][A-Za-z0-9_]*|\[\d+\]|\.)*")
_STEPS = LazyPattern(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


class PathError(KeyError):
    pass


def parse(path: str) -> list[str | int]:
    """``"projects[1].total.budget"`` → ``["projects", 1, "total", "budget"]``.

    Two calls into the regular-expression engine for a well-formed path (a paste of 100 rows
    looks up some 900 cell paths, its undo as many again); token by token otherwise, to say
    where it is not one (``parse_tokens``)."""
    if _WHOLE.fullmatch(path):
        return [int(index) if index else name for name, index in _STEPS.findall(path)]
    return parse_tokens(path)


def parse_tokens(path: str) -> list[str | int]:
    """``parse`` one token at a time; raises ``PathError`` for what is not a path."""
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


def slot(root: Any, path: str) -> tuple[Any, str | int]:
    """The object holding the last step of ``path``, and that step (``get`` and ``set`` in two
    halves: a caller reading and then writing one field looks the path up once)."""
    parts = parse(path)
    if not parts:
        raise PathError(path)
    parent = root
    try:
        for part in parts[:-1]:
            parent = _step(parent, part)
    except (AttributeError, IndexError, KeyError, TypeError):
        raise PathError(path) from None
    return parent, parts[-1]


def read(parent: Any, last: str | int, path: str) -> Any:
    """The value at ``slot``'s (parent, last) of ``path``."""
    try:
        return _step(parent, last)
    except (AttributeError, IndexError, KeyError, TypeError):
        raise PathError(path) from None


def write(parent: Any, last: str | int, value: Any, path: str) -> Any:
    """Set the value at ``slot``'s (parent, last) of ``path`` (only an existing field or item);
    returns the previous value."""
    try:
        if isinstance(last, int) or isinstance(parent, dict):
            old = parent[last]
            parent[last] = value
        else:
            old = getattr(parent, last)
            setattr(parent, last, value)
    except (AttributeError, IndexError, KeyError, TypeError):
        raise PathError(path) from None
    return old


def set(root: Any, path: str, value: Any) -> Any:  # noqa: A001 - mirrors get()
    """Set the value at ``path``; returns the previous value."""
    parent, last = slot(root, path)
    return write(parent, last, value, path)


def prefix_of(path: str, length: int) -> str:
    return join(parse(path)[:length])
