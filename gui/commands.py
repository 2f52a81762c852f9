"""Undoable edits: one small QUndoCommand per kind of edit, calling plain model code.

Every command addresses the document by an attribute path (``model.paths``) and
tells the document which path changed, so views refresh only what they show.
"""
from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from PySide6.QtGui import QUndoCommand

from model import paths

MERGE_SET_VALUE = 1001


class SetValueCommand(QUndoCommand):
    """Set one field. Consecutive edits of the same text field merge into one step."""

    def __init__(self, doc, path: str, new: Any, text: str = "", merge: bool = False):
        super().__init__(text or "修改")
        self.doc = doc
        self.path = path
        self.new = new
        self.old = paths.get(doc.report, path)
        self.merge = merge
        self.sealed = False   # set when the typing run ends (focus left, undo …)

    def redo(self) -> None:
        paths.set(self.doc.report, self.path, copy.deepcopy(self.new))
        self.doc.notify(self.path)

    def undo(self) -> None:
        paths.set(self.doc.report, self.path, copy.deepcopy(self.old))
        self.doc.notify(self.path)

    def id(self) -> int:  # noqa: A003 - Qt API
        return MERGE_SET_VALUE if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt API
        if (not isinstance(other, SetValueCommand) or not other.merge or self.sealed
                or other.path != self.path):
            return False
        self.new = other.new
        return True


class InsertItemCommand(QUndoCommand):
    """Insert an item into a list of the document (an indicator row, a project …)."""

    def __init__(self, doc, list_path: str, index: int, item: Any, text: str = ""):
        super().__init__(text or "插入")
        self.doc, self.list_path, self.index, self.item = doc, list_path, index, item

    def redo(self) -> None:
        paths.get(self.doc.report, self.list_path).insert(self.index, copy.deepcopy(self.item))
        self.doc.notify(self.list_path, structure=True)

    def undo(self) -> None:
        del paths.get(self.doc.report, self.list_path)[self.index]
        self.doc.notify(self.list_path, structure=True)


class RemoveItemCommand(QUndoCommand):
    def __init__(self, doc, list_path: str, index: int, text: str = ""):
        super().__init__(text or "删除")
        self.doc, self.list_path, self.index = doc, list_path, index
        self.item = copy.deepcopy(paths.get(doc.report, list_path)[index])

    def redo(self) -> None:
        del paths.get(self.doc.report, self.list_path)[self.index]
        self.doc.notify(self.list_path, structure=True)

    def undo(self) -> None:
        paths.get(self.doc.report, self.list_path).insert(self.index, copy.deepcopy(self.item))
        self.doc.notify(self.list_path, structure=True)


class MoveItemCommand(QUndoCommand):
    """Move the item at ``src`` so that it ends at index ``dst``."""

    def __init__(self, doc, list_path: str, src: int, dst: int, text: str = ""):
        super().__init__(text or "移动")
        self.doc, self.list_path, self.src, self.dst = doc, list_path, src, dst

    def _move(self, a: int, b: int) -> None:
        lst = paths.get(self.doc.report, self.list_path)
        lst.insert(b, lst.pop(a))
        self.doc.notify(self.list_path, structure=True)

    def redo(self) -> None:
        self._move(self.src, self.dst)

    def undo(self) -> None:
        self._move(self.dst, self.src)


class ReplaceReportCommand(QUndoCommand):
    """Swap the whole report of a document (导入 → 替换当前文档); undo brings the old one back."""

    def __init__(self, doc, report: Any, text: str = ""):
        super().__init__(text or "替换文档")
        self.doc = doc
        self.other = report

    def _swap(self) -> None:
        self.other = self.doc.exchange_report(self.other)

    def redo(self) -> None:
        self._swap()

    def undo(self) -> None:
        self._swap()


class LinkIndicatorCommand(QUndoCommand):
    """Link an indicator row to a ratio of the report's data, or unlink it (``link`` = "").

    Linking keeps the typed 实际完成值 underneath (undo and a later unlink find it); unlinking
    writes ``actual`` (the value computed at that moment) as the typed value.
    """

    def __init__(self, doc, row_path: str, link: str, actual: Any = None, text: str = ""):
        super().__init__(text or ("关联预算数据" if link else "取消关联"))
        self.doc, self.row_path = doc, row_path
        ind = paths.get(doc.report, row_path)
        self.old = (ind.link, ind.actual)
        self.new = (link, ind.actual if actual is None else actual)

    def _apply(self, values: tuple[str, str]) -> None:
        ind = paths.get(self.doc.report, self.row_path)
        ind.link, ind.actual = values
        self.doc.notify(f"{self.row_path}.actual")

    def redo(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)


def _list_of(path: str) -> str:
    """The list a path lies in (``projects[2].indicators[5].actual`` → ``projects[2].indicators``),
    or "" for a path inside no list item."""
    end = path.rfind("[")
    return path[:end] if end > 0 else ""


#: the values of a cell: immutable, so a copy of one is the value itself
_ATOMIC = frozenset((str, int, float, bool, type(None), Decimal))


def _copy(value: Any) -> Any:
    """``copy.deepcopy(value)``, without its machinery for what needs none: an immutable value is
    itself, an object whose fields are all immutable (an indicator row) a shallow copy."""
    kind = type(value)
    if kind in _ATOMIC:
        return value
    fields = getattr(value, "__dict__", None)
    if fields is not None and kind.__module__ == "model.report" and not hasattr(kind, "__slots__") \
            and all(type(v) in _ATOMIC for v in fields.values()):
        return copy.copy(value)
    return copy.deepcopy(value)


class BatchCommand(QUndoCommand):
    """Many edits (a paste of 100 rows, a block cleared) as one undo step.

    The edits are applied as they are made (``Document.batch``: a later cell may depend on an
    earlier one), recorded here, and announced once when the batch ends: each list they touched
    gets one structure change (its views reset once), any other field one change; the scores and
    the 审核 list are then recomputed once, not once per cell. Undo and redo apply every recorded
    edit in turn and announce once likewise.
    """

    def __init__(self, doc, text: str = ""):
        super().__init__(text or "修改")
        self.doc = doc
        #: ("set", path, old, new) / ("insert", list, index, item) / ("remove", list, index, item)
        self.ops: list[tuple] = []
        self.applied = False      # the edits were applied while recorded: the first redo only announces

    # -- recording (the document applies each edit through these while the batch is open)
    def set_value(self, path: str, value: Any) -> bool:
        """Apply and record an edit of ``path``; False (nothing recorded) when it holds ``value``
        already. The path is looked up once (it was parsed three times per cell)."""
        parent, last = paths.slot(self.doc.report, path)
        old = paths.read(parent, last, path)
        if old == value:
            return False
        self.ops.append(("set", path, _copy(old), _copy(value)))
        paths.write(parent, last, _copy(value), path)
        self.doc.touch(path)
        return True

    def insert_item(self, list_path: str, index: int, item: Any) -> None:
        self._do(("insert", list_path, index, _copy(item)))

    def remove_item(self, list_path: str, index: int) -> None:
        self._do(("remove", list_path, index, _copy(paths.get(self.doc.report, list_path)[index])))

    def _do(self, op: tuple) -> None:
        self.ops.append(op)
        self._apply(op, forward=True)
        self.doc.touch(op[1])

    def _apply(self, op: tuple, forward: bool) -> None:
        kind, path, a, b = op
        report = self.doc.report
        if kind == "set":
            parent, last = paths.slot(report, path)
            paths.write(parent, last, _copy(b if forward else a), path)
        elif (kind == "insert") == forward:
            paths.get(report, path).insert(a, _copy(b))
        else:
            del paths.get(report, path)[a]

    def _announce(self) -> None:
        lists: dict[str, None] = {}
        fields: dict[str, None] = {}
        for kind, path, _a, _b in self.ops:
            owner = path if kind != "set" else _list_of(path)
            if owner:
                lists[owner] = None
            else:
                fields[path] = None
        for path in fields:
            self.doc.notify(path)
        for path in lists:
            self.doc.notify(path, structure=True)

    def redo(self) -> None:
        if not self.applied:
            for op in self.ops:
                self._apply(op, forward=True)
        self.applied = False
        self._announce()

    def undo(self) -> None:
        for op in reversed(self.ops):
            self._apply(op, forward=False)
        self._announce()
