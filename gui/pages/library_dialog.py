"""Pick indicator rows from the library (``resources/library/indicators.json``).

Several rows picked for one second-level block (产出指标 › 数量指标 …) can share the block's
weight: ``insert_spread`` offers it (``ask_spread``) and inserts them with the weight spread
evenly (``model.skeleton``), the block's empty placeholder rows removed — one undo step.
"""
from __future__ import annotations

from typing import Optional, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout)

from model.library import LibraryEntry, filter_entries, scopes
from model.numbers import fmt_plain

LIB_HEADERS = ("适用范围", "一级指标", "二级指标", "三级指标", "年度指标值", "分值", "说明", "实际完成值")
COL_LIB_NAME = 3
#: the last column: how a linkable entry's 实际完成值 is obtained (``model.links``)
LINKED_TEXT = "由预算数据计算"
ALL = "全部"


class LibraryModel(QAbstractTableModel):
    """Read-only rows of library entries, filtered by words, scope and 一级指标."""

    def __init__(self, entries: Sequence[LibraryEntry], year: int, parent=None):
        super().__init__(parent)
        self._all = list(entries)
        self._rows = list(entries)
        self.year = year

    def set_filter(self, text: str = "", scope: str = "", level1: str = "") -> None:
        self.beginResetModel()
        self._rows = filter_entries(self._all, text, scope, level1)
        self.endResetModel()

    def entry(self, row: int) -> LibraryEntry:
        return self._rows[row]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(LIB_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(LIB_HEADERS)):
            return LIB_HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        e = self._rows[index.row()]
        col = index.column()
        if e.link and col in (COL_LIB_NAME, len(LIB_HEADERS) - 1):
            look = _linked_look(e, role)
            if look is not None:
                return look
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (e.scope, e.level1, e.level2, e.name, e.target_text(self.year),
                      fmt_plain(e.weight), e.hint, LINKED_TEXT if e.link else "")
            if 0 <= col < len(values):
                return values[col]
        return None


def _linked_look(e: LibraryEntry, role):
    """A linkable entry: the chain mark and a tooltip saying how its value is computed."""
    if role == Qt.ItemDataRole.DecorationRole:
        from ..tables.linked import link_icon
        return link_icon()
    if role == Qt.ItemDataRole.ToolTipRole:
        from model.links import spec
        s = spec(e.link)
        if s is not None:
            return (f"可关联：插入部门整体指标表后，实际完成值由{s.page}页自动计算"
                    f"（{s.numerator} ÷ {s.denominator}）")
    return None


class LibraryDialog(QDialog):
    """Choose one or more library rows; ``chosen()`` gives them after ``exec()``."""

    def __init__(self, entries: Sequence[LibraryEntry], year: int, level1_names: Sequence[str] = (),
                 default_scope: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle("从指标库选取")
        self.resize(980, 560)
        self.model = LibraryModel(entries, year, self)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("输入关键字筛选，如 满意度、帮扶、慰问（多个关键字用空格分开）")
        self.filter_edit.setClearButtonEnabled(True)
        self.scope_combo = QComboBox(self)
        self.scope_combo.addItem(ALL, "")
        for s in scopes(entries):
            self.scope_combo.addItem(s, s)
        if default_scope:
            i = self.scope_combo.findData(default_scope)
            if i >= 0:
                self.scope_combo.setCurrentIndex(i)
        self.level1_combo = QComboBox(self)
        self.level1_combo.addItem(ALL, "")
        for name in dict.fromkeys(list(level1_names) + [e.level1 for e in entries]):
            self.level1_combo.addItem(name, name)

        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(True)
        self.view.verticalHeader().hide()
        hh = self.view.horizontalHeader()
        for col, width in enumerate((80, 90, 130, 230, 170, 50)):
            hh.resizeSection(col, width)
        hh.setStretchLastSection(True)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.doubleClicked.connect(lambda _i: self.accept())

        self.count_label = QLabel(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("插入所选指标")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)

        top = QHBoxLayout()
        top.addWidget(QLabel("筛选：", self))
        top.addWidget(self.filter_edit, 1)
        top.addWidget(QLabel("适用范围：", self))
        top.addWidget(self.scope_combo)
        top.addWidget(QLabel("一级指标：", self))
        top.addWidget(self.level1_combo)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.view, 1)
        hint = QLabel("选中的指标插入到当前行之前（未选行时添加到末尾）；插入后可直接修改指标值和分值。"
                      f"带链环标记的指标插入部门整体指标表后，实际完成值{LINKED_TEXT}。"
                      "可按住 Ctrl 或 Shift 多选。", self)
        hint.setWordWrap(True)
        lay.addWidget(hint)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(buttons)
        lay.addLayout(bottom)

        self.filter_edit.textChanged.connect(self.apply_filter)
        self.scope_combo.currentIndexChanged.connect(self.apply_filter)
        self.level1_combo.currentIndexChanged.connect(self.apply_filter)
        self.view.selectionModel().selectionChanged.connect(self._update_ok)
        self.apply_filter()

    def apply_filter(self, *_args) -> None:
        self.model.set_filter(self.filter_edit.text(), self.scope_combo.currentData() or "",
                              self.level1_combo.currentData() or "")
        self.view.resizeRowsToContents()
        self.count_label.setText(f"共 {self.model.rowCount()} 条")
        self._update_ok()

    def _update_ok(self, *_args) -> None:
        self.ok_button.setEnabled(bool(self.chosen()))

    def chosen(self) -> list[LibraryEntry]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.entry(r) for r in rows]

    def select_rows(self, rows: Sequence[int]) -> None:
        from PySide6.QtCore import QItemSelectionModel
        sel = self.view.selectionModel()
        sel.clearSelection()
        for r in rows:
            sel.select(self.model.index(r, 0), QItemSelectionModel.SelectionFlag.Select
                       | QItemSelectionModel.SelectionFlag.Rows)


def pick_entries(entries, year, level1_names=(), default_scope="", parent=None) -> Optional[list[LibraryEntry]]:
    dlg = LibraryDialog(entries, year, level1_names, default_scope, parent)
    if dlg.exec() == QDialog.DialogCode.Accepted:
        return dlg.chosen()
    return None


def ask_spread(parent, groups) -> bool:
    """May the weight of each second-level block in ``groups`` (level1, level2, weight, rows) be
    spread evenly over its rows? (a question; tests replace it)"""
    from PySide6.QtWidgets import QMessageBox
    lines = "\n".join(f"· {l1} › {l2}：{fmt_plain(w)} 分平均分给 {n} 项指标" for l1, l2, w, n in groups)
    answer = QMessageBox.question(
        parent, "平均分配分值",
        f"所选指标中有多项属于同一个二级指标。是否把该二级指标的分值平均分配给其下各项指标？\n{lines}\n"
        "（四舍五入到 0.01 分，尾差计入最后一项，合计不变；该二级指标下未填写的空行将删除。可撤销。）",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
    return answer == QMessageBox.StandardButton.Yes


def insert_spread(parent, doc, list_path: str, row: int, items, profile, ask=None) -> bool:
    """Insert ``items`` before ``row`` of the table at ``list_path`` spreading each second-level
    block's weight over its rows, if there is such a block and the user agrees (``ask``,
    default ``ask_spread``). Returns False when nothing was done (the caller inserts as usual)."""
    from model import paths
    from model.skeleton import is_placeholder, spread_groups, spread_insert
    rows = paths.get(doc.report, list_path)
    groups = spread_groups(rows, items, profile)
    if not groups or not (ask or ask_spread)(parent, groups):
        return False
    row = max(0, min(row, len(rows)))
    target = spread_insert(rows, row, items, profile)
    keys = {(l1, l2) for l1, l2, _w, _n in groups}
    gone = [i for i, r in enumerate(rows) if (r.level1, r.level2) in keys and is_placeholder(r)]
    with doc.macro("从指标库插入指标并平均分配分值"):
        for i in reversed(gone):
            doc.remove_item(list_path, i, "删除空行")
        at = row - sum(1 for i in gone if i < row)
        for k, item in enumerate(items):
            doc.insert_item(list_path, at + k, item, "从指标库插入指标")
        for k, want in enumerate(target):
            doc.set_value(f"{list_path}[{k}].weight", want.weight, "平均分配分值")
    return True
