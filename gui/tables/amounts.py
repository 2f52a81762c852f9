"""Money tables: fixed rows of amounts (by source, by nature, control rows, project funds)
and editable lists of line items (人员经费/公用经费 明细).

Both adapt the document: every cell is a document path, edits go through
``Document.set_value`` and sums/rates are computed on display. A bad number is
refused with a Chinese message (``inputRejected``) and the old value stays.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Optional, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from model import paths
from model.numbers import NumberError, fmt_money, parse_money
from model.report import LineItem

from ..balances import by_column

SUM_BACKGROUND = QColor("#EEF2F7")
MISMATCH_FOREGROUND = QColor("#B3261E")
COMPUTED_FOREGROUND = QColor("#4A4A4A")

Values = dict[str, Optional[Decimal]]


@dataclass(frozen=True)
class AmountColumn:
    """A money column (``attr`` under each row's path) or a computed one (``compute(values)``)."""
    header: str
    attr: str = ""
    compute: Optional[Callable[[Values], str]] = None
    tip: str = ""

    @property
    def editable(self) -> bool:
        return bool(self.attr) and self.compute is None


@dataclass(frozen=True)
class AmountRow:
    label: str
    prefix: str = ""          # e.g. ``budget.sources.general``; "" = a label-only row
    tip: str = ""


def sum_values(items: Sequence[Values], attrs: Sequence[str]) -> Values:
    out: Values = {}
    for a in attrs:
        vals = [v.get(a) for v in items if v.get(a) is not None]
        out[a] = sum(vals, Decimal(0)) if vals else None
    return out


class _MoneyGrid(QAbstractTableModel):
    """What both money models share: parsing, messages, clipboard, document signals."""

    inputRejected = Signal(str)
    #: sums or computed cells may have changed
    totalsChanged = Signal()

    def __init__(self, doc, parent=None):
        super().__init__(parent)
        self.doc = doc
        doc.changed.connect(self._on_changed)
        doc.reset.connect(self._reset)

    # subclasses: cell_path(row, col) -> str | None, label(row, col) for messages, watched(path) -> bool

    def _reset(self) -> None:
        self.beginResetModel()
        self.endResetModel()
        self.totalsChanged.emit()

    def parse(self, text: Any, what: str) -> Optional[Decimal]:
        try:
            return parse_money("" if text is None else str(text))
        except NumberError as e:
            raise ValueError(f"{what}：{e}") from None

    def write(self, row: int, col: int, value: Any) -> bool:
        path = self.cell_path(row, col)
        if path is None:
            return False
        what = self.cell_label(row, col)
        if self.is_money(col):
            try:
                new = self.parse(value, what)
            except ValueError as e:
                old = self.doc.value(path)
                self.inputRejected.emit(f"{e}" + (f"；已保留原值 {fmt_money(old)}" if old is not None else "；未作修改"))
                return False
        else:
            new = "" if value is None else str(value).strip()
        self.doc.set_value(path, new, f"修改{what}")
        return True

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        return self.write(index.row(), index.column(), value)

    def copy_block(self, top: int, left: int, bottom: int, right: int) -> list[list[str]]:
        return [[str(self.data(self.index(r, c), Qt.ItemDataRole.EditRole) or "") for c in range(left, right + 1)]
                for r in range(top, bottom + 1)]

    def paste_block(self, top: int, left: int, cells: list[list[str]]) -> list[str]:
        errors: list[str] = []
        edits = []
        for i, row_cells in enumerate(cells):
            for j, text in enumerate(row_cells):
                r, c = top + i, left + j
                if r >= self.rowCount() or c >= self.columnCount():
                    continue
                if not self.flags(self.index(r, c)) & Qt.ItemFlag.ItemIsEditable:
                    continue
                path = self.cell_path(r, c)
                if self.is_money(c):
                    try:
                        edits.append((path, self.parse(text, self.cell_label(r, c))))
                    except ValueError as e:
                        errors.append(str(e))
                else:
                    edits.append((path, text.strip()))
        if edits:
            with self.doc.macro("粘贴"):
                for path, v in edits:
                    self.doc.set_value(path, v, "粘贴")
        if errors:
            self.inputRejected.emit("以下单元格未粘贴，已保留原值：" + "；".join(errors[:3])
                                    + (f"……另有 {len(errors) - 3} 处" if len(errors) > 3 else ""))
        return errors

    def clear_cells(self, cells) -> None:
        edits = []
        for r, c in cells:
            path = self.cell_path(r, c)
            if path is None:
                continue
            empty = None if self.is_money(c) else ""
            if self.doc.value(path) != empty:
                edits.append((path, empty))
        if edits:
            with self.doc.macro("清除内容"):
                for path, v in edits:
                    self.doc.set_value(path, v, "清除内容")

    def _on_changed(self, path: str, structure: bool) -> None:
        if self.resets_on(path, structure):
            self._reset()
            return
        if self.watched(path):
            if self.rowCount() and self.columnCount():
                self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
            self.totalsChanged.emit()

    def resets_on(self, path: str, structure: bool) -> bool:  # pragma: no cover - overridden
        return False


class AmountsTableModel(_MoneyGrid):
    """Fixed rows × money columns, with an optional sum row checked against a target.

    Column 0 is the row label. ``sum_of`` lists the rows added up in the sum
    row (all rows by default); ``sum_findings()`` gives, per column attr, the 审核 message
    when the sum and its total disagree (``gui.balances``): the cell is shown red with the
    message as its tooltip.
    """

    def __init__(self, doc, rows: Sequence[AmountRow], columns: Sequence[AmountColumn],
                 sum_label: str = "", sum_of: Optional[Sequence[int]] = None,
                 sum_findings: Optional[Callable[[], dict[str, str]]] = None,
                 watch: Sequence[str] = (), label_header: str = "项目", parent=None):
        super().__init__(doc, parent)
        self._rows = list(rows)
        self.columns = list(columns)
        self.sum_label = sum_label
        self._sum_of = list(sum_of) if sum_of is not None else None
        self.sum_findings = sum_findings
        self.watch = tuple(watch)
        self.label_header = label_header
        self._values_cache: dict[tuple, Values] = {}

    # ------------------------------------------------------------ structure
    @property
    def rows(self) -> list[AmountRow]:
        return self._rows

    def set_rows(self, rows: Sequence[AmountRow], watch: Optional[Sequence[str]] = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._values_cache.clear()
        if watch is not None:
            self.watch = tuple(watch)
        self.endResetModel()
        self.totalsChanged.emit()

    @property
    def sum_row(self) -> int:
        """Index of the sum row, or -1."""
        return len(self._rows) if self.sum_label else -1

    @property
    def money_attrs(self) -> list[str]:
        return [c.attr for c in self.columns if c.editable]

    def is_money(self, col: int) -> bool:
        return col >= 1 and self.columns[col - 1].editable

    def cell_path(self, row: int, col: int) -> Optional[str]:
        if not (0 <= row < len(self._rows)) or col < 1 or col > len(self.columns):
            return None
        c = self.columns[col - 1]
        r = self._rows[row]
        if not c.editable or not r.prefix:
            return None
        return f"{r.prefix}.{c.attr}"

    def cell_label(self, row: int, col: int) -> str:
        label = self._rows[row].label.replace("其中：", "") if row < len(self._rows) else self.sum_label
        return f"{label}{self.columns[col - 1].header}" if col >= 1 else label

    def row_values(self, row: int) -> Values:
        key = (self.doc.revision, id(self.doc.report), row)
        cached = self._values_cache.get(key)
        if cached is None:
            if len(self._values_cache) > 64:
                self._values_cache.clear()
            cached = self._values_cache[key] = self._row_values(row)
        return cached

    def _row_values(self, row: int) -> Values:
        if row == self.sum_row:
            return self.sum_values()
        r = self._rows[row]
        out: Values = {}
        for a in self.money_attrs:
            try:
                out[a] = paths.get(self.doc.report, f"{r.prefix}.{a}") if r.prefix else None
            except paths.PathError:
                out[a] = None
        return out

    def sum_values(self) -> Values:
        idx = self._sum_of if self._sum_of is not None else range(len(self._rows))
        return sum_values([self.row_values(i) for i in idx if i < len(self._rows)], self.money_attrs)

    def sum_mismatches(self) -> dict[str, str]:
        """attr → the 审核 message where the sum row differs from its total."""
        if not self.sum_label or self.sum_findings is None:
            return {}
        return self.sum_findings()

    # ------------------------------------------------------------ Qt API
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows) + (1 if self.sum_label else 0)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns) + 1

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.label_header if section == 0 else self.columns[section - 1].header
        if role == Qt.ItemDataRole.ToolTipRole and section > 0:
            return self.columns[section - 1].tip or None
        return None

    def flags(self, index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.cell_path(index.row(), index.column()) is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if not (0 <= row < self.rowCount() and 0 <= col < self.columnCount()):
            return None
        is_sum = row == self.sum_row
        R = Qt.ItemDataRole
        if role in (R.DisplayRole, R.EditRole):
            if col == 0:
                return self.sum_label if is_sum else self._rows[row].label
            c = self.columns[col - 1]
            if c.compute is not None:
                return c.compute(self.row_values(row))
            if not is_sum and not self._rows[row].prefix:
                return ""
            return fmt_money(self.row_values(row).get(c.attr))
        if role == R.TextAlignmentRole:
            if col == 0:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == R.BackgroundRole and is_sum:
            return QBrush(SUM_BACKGROUND)
        if role == R.FontRole and is_sum:
            f = QFont()
            f.setBold(True)
            return f
        mism = self.sum_mismatches() if is_sum and col >= 1 else {}
        attr = self.columns[col - 1].attr if col >= 1 else ""
        if role == R.ForegroundRole:
            if is_sum and attr in mism:
                return QBrush(MISMATCH_FOREGROUND)
            if col >= 1 and self.columns[col - 1].compute is not None:
                return QBrush(COMPUTED_FOREGROUND)
            return None
        if role == R.ToolTipRole:
            if is_sum and attr in mism:
                return mism[attr]
            if col == 0 and not is_sum and self._rows[row].tip:
                return self._rows[row].tip
            if col >= 1 and self.columns[col - 1].compute is not None:
                return self.columns[col - 1].tip or "自动计算"
            return None
        return None

    # ------------------------------------------------------------ signals
    def resets_on(self, path: str, structure: bool) -> bool:
        return False

    def watched(self, path: str) -> bool:
        if any(path == w or path.startswith(w + ".") or path.startswith(w + "[") for w in self.watch):
            return True
        return any(r.prefix and (path == r.prefix or path.startswith(r.prefix + ".")) for r in self._rows)


@dataclass(frozen=True)
class ItemColumn:
    header: str
    attr: str
    money: bool = True


LINE_ITEM_COLUMNS = (ItemColumn("明细项目", "name", False), ItemColumn("预算数", "budget"),
                     ItemColumn("执行数", "executed"))


class LineItemsModel(_MoneyGrid):
    """An editable list of ``LineItem`` (name, 预算数, 执行数) with a sum row checked against a total."""

    def __init__(self, doc, list_path: str, total_path: str = "", total_label: str = "",
                 columns: Sequence[ItemColumn] = LINE_ITEM_COLUMNS, parent=None):
        super().__init__(doc, parent)
        self.list_path = list_path
        self.total_path = total_path    # an Amounts path whose budget/executed the sum must equal
        self.total_label = total_label
        self.columns = list(columns)

    def items(self) -> list[LineItem]:
        try:
            return paths.get(self.doc.report, self.list_path)
        except paths.PathError:
            return []

    @property
    def sum_row(self) -> int:
        return len(self.items())

    def is_money(self, col: int) -> bool:
        return self.columns[col].money

    def cell_path(self, row: int, col: int) -> Optional[str]:
        if 0 <= row < len(self.items()) and 0 <= col < len(self.columns):
            return f"{self.list_path}[{row}].{self.columns[col].attr}"
        return None

    def cell_label(self, row: int, col: int) -> str:
        items = self.items()
        name = items[row].name if row < len(items) and items[row].name else f"第 {row + 1} 行"
        return f"{name}{self.columns[col].header}"

    def sums(self) -> Values:
        return sum_values([{c.attr: getattr(i, c.attr) for c in self.columns if c.money} for i in self.items()],
                          [c.attr for c in self.columns if c.money])

    def totals(self) -> Values:
        if not self.total_path:
            return {}
        try:
            t = paths.get(self.doc.report, self.total_path)
        except paths.PathError:
            return {}
        return {c.attr: getattr(t, c.attr, None) for c in self.columns if c.money}

    def mismatches(self) -> dict[str, str]:
        """attr → the 审核 message where the items do not add up to the total (``gui.balances``)."""
        if not self.total_path:
            return {}
        return by_column(self.doc, "balance." + self.list_path.rsplit(".", 1)[-1], self.total_path)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.items()) + 1

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header if 0 <= section < len(self.columns) else None
        if 0 <= section < self.rowCount():
            return "" if section == self.sum_row else str(section + 1)
        return None

    def flags(self, index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.row() < self.sum_row else base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if not (0 <= row < self.rowCount() and 0 <= col < len(self.columns)):
            return None
        c = self.columns[col]
        is_sum = row == self.sum_row
        R = Qt.ItemDataRole
        if role in (R.DisplayRole, R.EditRole):
            if is_sum:
                if not c.money:
                    return "合计" if role == R.DisplayRole else ""
                return fmt_money(self.sums().get(c.attr))
            value = getattr(self.items()[row], c.attr)
            return fmt_money(value) if c.money else value
        if role == R.TextAlignmentRole:
            return int((Qt.AlignmentFlag.AlignRight if c.money else Qt.AlignmentFlag.AlignLeft)
                       | Qt.AlignmentFlag.AlignVCenter)
        if is_sum:
            mism = self.mismatches()
            if role == R.BackgroundRole:
                return QBrush(SUM_BACKGROUND)
            if role == R.FontRole:
                f = QFont()
                f.setBold(True)
                return f
            if role == R.ForegroundRole and c.attr in mism:
                return QBrush(MISMATCH_FOREGROUND)
            if role == R.ToolTipRole and c.attr in mism:
                return mism[c.attr]
        return None

    # ------------------------------------------------------------ rows
    def add_item(self, row: Optional[int] = None, name: str = "") -> int:
        n = len(self.items())
        row = n if row is None else max(0, min(row, n))
        self.doc.insert_item(self.list_path, row, LineItem(name=name), "添加明细")
        return row

    def remove_items(self, rows) -> None:
        rows = sorted({r for r in rows if 0 <= r < len(self.items())}, reverse=True)
        if not rows:
            return
        with self.doc.macro("删除明细"):
            for r in rows:
                self.doc.remove_item(self.list_path, r, "删除明细")

    def paste_block(self, top: int, left: int, cells: list[list[str]]) -> list[str]:
        """Paste, adding line items when the block reaches past the last one (one undo step)."""
        need = top + len(cells) - len(self.items())
        with self.doc.macro("粘贴明细"):
            for _ in range(max(0, need)):
                self.doc.insert_item(self.list_path, len(self.items()), LineItem(), "粘贴明细")
            return super().paste_block(top, left, cells)

    def resets_on(self, path: str, structure: bool) -> bool:
        lp = self.list_path
        return (path == lp and structure) or lp.startswith(path + ".") or lp.startswith(path + "[")

    def watched(self, path: str) -> bool:
        return path.startswith(self.list_path + "[") or (
            bool(self.total_path) and path.startswith(self.total_path))
