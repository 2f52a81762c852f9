"""The 汇总 table: one row per collected report (unit and year), read-only.

``CollectTableModel`` shows ``model.collection.db.Entry`` rows; ``SORT_ROLE`` gives each cell a key
that sorts as the user expects (numbers as numbers, “—” first when ascending, names by pinyin). ``CollectFilter`` filters by
year, grade, “有错误” and a search text over unit and 主管部门.
"""
from __future__ import annotations

from decimal import Decimal
from functools import cmp_to_key
from typing import Any, Optional, Sequence

from PySide6.QtCore import QAbstractTableModel, QCollator, QLocale, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 2
ERROR_FOREGROUND = QColor("#B3261E")
DASH = "—"

#: (header, attribute of Entry or a computed key, right-aligned)
COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("单位", "unit", False), ("主管部门", "dept", False), ("年度", "year", False),
    ("全年预算数", "budget", True), ("全年执行数", "executed", True), ("执行率", "rate", True),
    ("自评得分", "score", True), ("等级", "grade", False), ("错误/警告", "findings", True),
    ("项目数", "project_count", True),
)
NUMERIC = {"budget", "executed", "rate", "score"}


def _money(text: Optional[str]) -> str:
    return DASH if text is None else f"{Decimal(text):,.2f}"


class CollectTableModel(QAbstractTableModel):
    def __init__(self, entries: Sequence = (), parent=None):
        super().__init__(parent)
        self._entries: list = []
        self._rank: dict[str, int] = {}
        self._set(entries)

    def _set(self, entries: Sequence) -> None:
        self._entries = list(entries)
        # names sort as a Chinese reader expects (by pinyin: 教育局 before 卫健局), not by code point:
        # each name's place in the collated order is its sort key, so the view sorts integers
        collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        collator.setNumericMode(True)
        names = {e.unit for e in self._entries} | {e.dept for e in self._entries}
        self._rank = {n: i for i, n in enumerate(sorted(names, key=cmp_to_key(collator.compare)))}

    def set_entries(self, entries: Sequence) -> None:
        self.beginResetModel()
        self._set(entries)
        self.endResetModel()

    def entry(self, row: int):
        return self._entries[row]

    def entries(self) -> list:
        return list(self._entries)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
                return COLUMNS[section][0]
            if orientation == Qt.Orientation.Vertical:
                return str(section + 1)
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _text(self, e, attr: str) -> str:
        if attr in ("budget", "executed"):
            return _money(getattr(e, attr))
        if attr == "rate":
            return DASH if e.rate is None else f"{e.rate}%"
        if attr == "score":
            return e.score or DASH
        if attr == "findings":
            return f"{e.errors} / {e.warnings}"
        return str(getattr(e, attr))

    def _key(self, e, attr: str) -> Any:
        if attr in NUMERIC:
            value = getattr(e, attr)
            return float("-inf") if value is None else float(value)
        if attr == "findings":
            return e.errors * 100000 + e.warnings
        if attr in ("unit", "dept"):
            return self._rank.get(getattr(e, attr), 0)
        return getattr(e, attr)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._entries)) or not (0 <= index.column() < len(COLUMNS)):
            return None
        e = self._entries[index.row()]
        _header, attr, right = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(e, attr)
        if role == SORT_ROLE:
            return self._key(e, attr)
        if role == ENTRY_ROLE:
            return index.row()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            h = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
            return int(h | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and attr == "findings" and e.errors:
            return QBrush(ERROR_FOREGROUND)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{e.path}\n收录时间：{e.collected_at}"
        return None


class CollectFilter(QSortFilterProxyModel):
    """Year, grade, has-errors and a search text (unit or 主管部门 contains it)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.year: Optional[int] = None
        self.grade: str = ""
        self.errors_only = False
        self.text = ""
        self.setSortRole(SORT_ROLE)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)                 # the row as shown, not the row in the 汇总库
        return super().headerData(section, orientation, role)

    def set_filter(self, year: Optional[int] = None, grade: str = "", errors_only: bool = False,
                   text: str = "") -> None:
        modern = hasattr(self, "beginFilterChange")      # Qt ≥ 6.9; invalidateFilter before
        if modern:
            self.beginFilterChange()
        self.year, self.grade, self.errors_only, self.text = year, grade, errors_only, text.strip()
        if modern:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:  # noqa: N802 - Qt API
        e = self.sourceModel().entry(row)
        if self.year is not None and e.year != self.year:
            return False
        if self.grade and e.grade != self.grade:
            return False
        if self.errors_only and not e.errors:
            return False
        if self.text and self.text not in e.unit and self.text not in e.dept:
            return False
        return True

    def visible_entries(self) -> list:
        model = self.sourceModel()
        return [model.entry(self.mapToSource(self.index(r, 0)).row()) for r in range(self.rowCount())]
