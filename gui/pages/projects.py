"""项目: the project list on the left, the selected project's details and indicators on the right."""
from __future__ import annotations

import re
from typing import Any, Optional

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView,
                               QLabel, QListView, QMessageBox, QPushButton, QScrollArea, QSplitter,
                               QStackedWidget, QVBoxLayout, QWidget)

from model import paths
from model.numbers import fmt_decimal, fmt_rate
from model.ratios import ratio
from model.report import PROJECT_CATEGORIES, Project

from ..balances import by_column
from ..tables.amounts import AmountColumn, AmountRow, AmountsTableModel
from ..tables.view import GridView
from ..widgets import ComboEdit, MoneyEdit, PlainTextEdit, TextLineEdit, focus_widget, reveal_widget
from .base import PAGE_MARGINS, page_scroll_area
from .indicator_editor import IndicatorEditor
from .indicators import ExecutionBox, split_indicator_path

_PROJECT_PATH = re.compile(r"^projects\[(\d+)\](?:\.(.*))?$")

FUND_ROWS = (("total", "年度资金总额"), ("fiscal", "其中：当年财政拨款"), ("carried", "上年结转资金"),
             ("other", "其他资金"))
FUND_COLUMNS = (
    AmountColumn("上年决算数", "prior"),
    AmountColumn("年初预算数", "initial"),
    AmountColumn("全年预算数", "budget"),
    AmountColumn("全年执行数", "executed"),
    AmountColumn("执行率", compute=lambda v: fmt_rate(ratio(v.get("executed"), v.get("budget"))),
                 tip="全年执行数 ÷ 全年预算数"),
)
FUND_ATTRS = ("prior", "initial", "budget", "executed")


def project_library_scope(report) -> str:
    """Which part of the indicator library to offer first for a project."""
    return "工会项目" if "工会" in report.info.unit_name else "通用项目"


def _rebindable(cls):
    """A bound editor that can follow another project and tolerates a path that no longer exists."""

    class Rebindable(cls):
        def __init__(self, doc, field: str, *args, **kwargs):
            self.field = field
            super().__init__(doc, f"projects[0].{field}" if doc.report.projects else "", *args, **kwargs)

        def rebind(self, index: int) -> None:
            self.path = f"projects[{index}].{self.field}"
            self.refresh()

        def refresh(self) -> None:
            if not self.path:
                return
            try:
                super().refresh()
            except paths.PathError:
                pass   # the project is gone; the page is about to point us elsewhere

    Rebindable.__name__ = f"Project{cls.__name__}"
    return Rebindable


ProjectText = _rebindable(TextLineEdit)
ProjectPlainText = _rebindable(PlainTextEdit)
ProjectCombo = _rebindable(ComboEdit)
ProjectMoney = _rebindable(MoneyEdit)


class ProjectListModel(QAbstractListModel):
    """The names of the report's projects; renaming goes through the document."""

    def __init__(self, doc, parent=None):
        super().__init__(parent)
        self.doc = doc
        doc.changed.connect(self._on_changed)
        doc.reset.connect(self._reset)

    def projects(self) -> list[Project]:
        return self.doc.report.projects

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.projects())

    def data(self, index, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.projects()):
            return None
        p = self.projects()[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{index.row() + 1}. {p.name or '（未命名项目）'}"
        if role == Qt.ItemDataRole.EditRole:
            return p.name
        if role == Qt.ItemDataRole.ToolTipRole:
            scores = self.doc.scores()
            t = scores.project(index.row())
            return (f"{p.name or '（未命名项目）'}\n类别：{p.category}\n绩效指标 {len(p.indicators)} 行\n"
                    f"执行率 {t.execution.rate_text}\n"
                    f"自评得分 {fmt_decimal(t.total, scores.places)}（{t.grade}）")
        return None

    def flags(self, index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.row() >= self.rowCount():
            return False
        name = str(value or "").strip()
        if not name:
            return False
        self.doc.set_value(f"projects[{index.row()}].name", name, "重命名项目")
        return True

    def _reset(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def _on_changed(self, path: str, structure: bool) -> None:
        if path == "projects" or path.startswith("projects") and structure and path.count("[") == 0:
            self._reset()
            return
        m = _PROJECT_PATH.match(path)
        if m and int(m.group(1)) < self.rowCount():
            rest = m.group(2) or ""
            # a change of the indicator rows alters only the tooltip, which is read when shown:
            # no dataChanged, which makes the word-wrapped list measure every project again
            if rest in ("", "name", "category"):
                if rest == "":
                    self._reset()
                    return
                idx = self.index(int(m.group(1)), 0)
                self.dataChanged.emit(idx, idx)


class ProjectsPage(QWidget):
    title = "项目"

    def __init__(self, doc, parent=None):
        super().__init__(parent)
        self.doc = doc
        self.current = -1
        self._pending: Optional[int] = None

        # ---------------------------------------------------------- left: the list
        self.list_model = ProjectListModel(doc, self)
        # connected before the editors are built: the page re-points them (after the list has
        # been reset) before they hear of a change of the project list
        doc.changed.connect(self._on_changed)
        doc.reset.connect(self._on_reset)
        self.list_view = QListView(self)
        self.list_view.setModel(self.list_model)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                       | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.list_view.setWordWrap(True)
        self.list_view.setUniformItemSizes(False)
        self.btn_add = QPushButton("添加", self)
        self.btn_rename = QPushButton("重命名", self)
        self.btn_up = QPushButton("上移", self)
        self.btn_down = QPushButton("下移", self)
        self.btn_delete = QPushButton("删除", self)
        self.btn_add.setToolTip("在当前项目之后添加一个项目")
        self.btn_rename.setToolTip("修改项目名称（也可双击列表中的名称或按 F2）")
        self.btn_delete.setToolTip("删除当前项目及其绩效指标（可撤销）")
        self.btn_up.setToolTip("把当前项目在清单中上移一位（导出时按清单顺序排列）")
        self.btn_down.setToolTip("把当前项目在清单中下移一位（导出时按清单顺序排列）")
        self.btn_add.clicked.connect(self.add_project)
        self.btn_rename.clicked.connect(self.rename_current)
        self.btn_up.clicked.connect(lambda: self.move_current(-1))
        self.btn_down.clicked.connect(lambda: self.move_current(1))
        self.btn_delete.clicked.connect(lambda: self.delete_current())
        self.count_label = QLabel(self)
        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(QLabel("项目清单", left))
        ll.addWidget(self.list_view, 1)
        b1 = QHBoxLayout()
        for b in (self.btn_add, self.btn_rename, self.btn_delete):
            b1.addWidget(b)
        b2 = QHBoxLayout()
        for b in (self.btn_up, self.btn_down):
            b2.addWidget(b)
        ll.addLayout(b1)
        ll.addLayout(b2)
        ll.addWidget(self.count_label)

        # ---------------------------------------------------------- right: details
        self.name_edit = ProjectText(doc, "name", "项目名称")
        self.category_edit = ProjectCombo(doc, "category", PROJECT_CATEGORIES, "项目类别", False)
        self.dept_edit = ProjectText(doc, "competent_dept", "主管部门")
        self.impl_edit = ProjectText(doc, "implementer", "实施单位")
        self.weight_edit = ProjectMoney(doc, "execution_weight", "执行率分值")
        self.weight_edit.setPlaceholderText("分")
        self.weight_edit.setMaximumWidth(80)
        self.weight_edit.setToolTip("本项目“预算执行率”一项的分值（一般为 10 分），按执行率计入项目自评得分")
        self.goal_edit = ProjectPlainText(doc, "goal", "预期目标")
        self.achievement_edit = ProjectPlainText(doc, "achievement", "实际完成情况")
        self.note_edit = ProjectPlainText(doc, "execution_note", "执行率偏差原因")
        self.goal_edit.setPlaceholderText("项目年度绩效目标")
        self.achievement_edit.setPlaceholderText("对照目标写明实际完成情况")
        self.note_edit.setPlaceholderText("执行率不是 100% 时，说明原因")
        for w in (self.goal_edit, self.achievement_edit):
            w.setMinimumHeight(56)
            w.setMaximumHeight(84)
        self.note_edit.setMaximumHeight(48)
        self._bound = [self.name_edit, self.category_edit, self.dept_edit, self.impl_edit, self.weight_edit,
                       self.goal_edit, self.achievement_edit, self.note_edit]

        self.funds_model = AmountsTableModel(doc, [], FUND_COLUMNS, "资金来源合计", sum_of=(1, 2, 3),
                                             sum_findings=self._fund_findings,
                                             label_header="项目资金（万元）", parent=self)
        self.funds_view = GridView(self)
        self.funds_view.setModel(self.funds_model)
        fh = self.funds_view.horizontalHeader()
        fh.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        fh.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        fh.resizeSection(0, 170)
        self.funds_view.verticalHeader().hide()
        self.funds_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.funds_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.funds_view.setFixedHeight(self.funds_view.horizontalHeader().sizeHint().height()
                                       + 28 * (len(FUND_ROWS) + 1) + 2 * self.funds_view.frameWidth())
        self.funds_message = QLabel(self)
        self.funds_message.setWordWrap(True)
        self.funds_message.setStyleSheet("color: #B3261E;")
        self.funds_message.hide()    # shown only while it has something to say
        self.funds_model.inputRejected.connect(self._show_funds_message)
        self.funds_model.totalsChanged.connect(lambda: self._show_funds_message(""))

        self.editor = IndicatorEditor(doc, "", project_library_scope, self)
        self.execution = ExecutionBox(self.editor, "预算执行率", self, compact=True)

        details = QWidget()
        form = QGridLayout()
        form.addWidget(QLabel("项目名称"), 0, 0)
        form.addWidget(self.name_edit, 0, 1, 1, 3)
        form.addWidget(QLabel("项目类别"), 0, 4)
        form.addWidget(self.category_edit, 0, 5)
        form.addWidget(QLabel("主管部门"), 1, 0)
        form.addWidget(self.dept_edit, 1, 1)
        form.addWidget(QLabel("实施单位"), 1, 2)
        form.addWidget(self.impl_edit, 1, 3)
        form.addWidget(QLabel("执行率分值"), 1, 4)
        form.addWidget(self.weight_edit, 1, 5)
        form.setColumnStretch(1, 2)
        form.setColumnStretch(3, 2)
        dl = QVBoxLayout(details)
        dl.setContentsMargins(4, 4, 4, 4)
        dl.addLayout(form)
        dl.addWidget(self.funds_view)
        dl.addWidget(self.funds_message)
        dl.addWidget(self.execution)
        note_row = QHBoxLayout()
        note_row.addWidget(QLabel("执行率偏差原因"))
        note_row.addWidget(self.note_edit, 1)
        dl.addLayout(note_row)
        goals = QGridLayout()
        goals.addWidget(QLabel("预期目标"), 0, 0)
        goals.addWidget(QLabel("实际完成情况"), 0, 1)
        goals.addWidget(self.goal_edit, 1, 0)
        goals.addWidget(self.achievement_edit, 1, 1)
        dl.addLayout(goals)
        self.details_scroll = QScrollArea()
        self.details_scroll.setWidgetResizable(True)
        self.details_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.details_scroll.setWidget(details)
        self._details = details

        ind_box = QGroupBox("项目绩效指标")
        il = QVBoxLayout(ind_box)
        il.setContentsMargins(6, 6, 6, 6)
        il.addWidget(self.editor)

        self.detail_split = QSplitter(Qt.Orientation.Vertical)
        self.detail_split.addWidget(self.details_scroll)
        self.detail_split.addWidget(ind_box)
        self.detail_split.setStretchFactor(0, 0)
        self.detail_split.setStretchFactor(1, 1)
        self.detail_split.setSizes([480, 420])

        self.empty_label = QLabel("还没有项目。点击左侧“添加”新建一个项目，\n"
                                  "每个项目有自己的资金情况和绩效指标表（附件4）。")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.detail_split)

        self.body = QWidget()
        split = QSplitter(Qt.Orientation.Horizontal, self.body)
        split.addWidget(left)
        split.addWidget(self.stack)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([230, 1100])
        bl = QVBoxLayout(self.body)
        bl.setContentsMargins(*PAGE_MARGINS)
        bl.addWidget(split)
        self.scroll = page_scroll_area(self.body, self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.scroll)

        self.list_view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.select_project(0 if doc.report.projects else -1)
        self._fit_details()

    def _fit_details(self) -> None:
        """The details (fund table included) are never squeezed into a scrolled strip by the splitter:
        a short window scrolls the whole page instead."""
        self.details_scroll.setMinimumHeight(self._details.minimumSizeHint().height())

    def _show_funds_message(self, text: str) -> None:
        self.funds_message.setText(text)
        self.funds_message.setVisible(bool(text))
        self._fit_details()

    # ------------------------------------------------------------ selection
    def _fund_findings(self) -> dict[str, str]:
        """年度资金总额 ≠ 当年财政拨款 + 上年结转 + 其他: the 审核 message per column (``gui.balances``)."""
        if not 0 <= self.current < len(self.doc.report.projects):
            return {}
        return by_column(self.doc, "balance.project_funds", f"projects[{self.current}].total")

    def _on_current_changed(self, cur, _prev) -> None:
        if cur.isValid() and cur.row() != self.current:
            self._show(cur.row())

    def select_project(self, index: int) -> None:
        n = len(self.doc.report.projects)
        index = min(index, n - 1)
        self._show(index)
        if index >= 0:
            idx = self.list_model.index(index, 0)
            if self.list_view.currentIndex() != idx:
                self.list_view.setCurrentIndex(idx)

    def _show(self, index: int) -> None:
        self.current = index
        n = len(self.doc.report.projects)
        self.count_label.setText(f"共 {n} 个项目")
        if index < 0:
            self.stack.setCurrentWidget(self.empty_label)
            self.editor.set_list_path("")
            self.funds_model.set_rows([], watch=())
        else:
            for w in self._bound:
                w.rebind(index)
            base = f"projects[{index}]"
            self.funds_model.set_rows([AmountRow(label, f"{base}.{key}") for key, label in FUND_ROWS],
                                      watch=())
            self.editor.set_list_path(f"{base}.indicators")
            self.stack.setCurrentWidget(self.detail_split)
        self._update_buttons()

    def _update_buttons(self) -> None:
        n = len(self.doc.report.projects)
        has = 0 <= self.current < n
        self.btn_rename.setEnabled(has)
        self.btn_delete.setEnabled(has)
        self.btn_up.setEnabled(has and self.current > 0)
        self.btn_down.setEnabled(has and self.current < n - 1)

    def _on_changed(self, path: str, structure: bool) -> None:
        if path == "projects" and structure:
            n = len(self.doc.report.projects)
            target = self._pending if self._pending is not None else self.current
            self._pending = None
            if n == 0:
                target = -1
            elif target < 0:
                target = 0
            self.select_project(min(target, n - 1))

    def _on_reset(self) -> None:
        self.select_project(0 if self.doc.report.projects else -1)

    # ------------------------------------------------------------ operations
    def add_project(self) -> int:
        info = self.doc.report.info
        row = self.current + 1 if self.current >= 0 else len(self.doc.report.projects)
        existing = {p.name for p in self.doc.report.projects}
        name, k = "新项目", 2
        while name in existing:
            name, k = f"新项目{k}", k + 1
        p = Project(name=name, competent_dept=info.competent_dept or info.unit_name, implementer=info.unit_name)
        self._pending = row
        self.doc.insert_item("projects", row, p, "添加项目")
        self.rename_current()
        return row

    def rename_current(self) -> None:
        if self.current >= 0:
            idx = self.list_model.index(self.current, 0)
            self.list_view.setCurrentIndex(idx)
            self.list_view.setFocus()
            self.list_view.edit(idx)

    def move_current(self, delta: int) -> None:
        src = self.current
        dst = src + delta
        if not (0 <= src < len(self.doc.report.projects) and 0 <= dst < len(self.doc.report.projects)):
            return
        self._pending = dst
        self.doc.move_item("projects", src, dst, "上移项目" if delta < 0 else "下移项目")

    def delete_current(self, confirm: bool = True) -> bool:
        i = self.current
        if not 0 <= i < len(self.doc.report.projects):
            return False
        p = self.doc.report.projects[i]
        if confirm:
            extra = f"\n其绩效指标 {len(p.indicators)} 行也将一并删除。" if p.indicators else ""
            answer = QMessageBox.question(
                self, "删除项目", f"确定删除项目“{p.name or '（未命名项目）'}”吗？{extra}\n（可用“撤销”恢复）",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return False
        self._pending = min(i, len(self.doc.report.projects) - 2)
        self.doc.remove_item("projects", i, "删除项目")
        return True

    # ------------------------------------------------------------ navigation
    def focus_path(self, path: str) -> bool:
        if path == "projects":
            self.list_view.setFocus()
            return True
        m = _PROJECT_PATH.match(path)
        if not m:
            return False
        index = int(m.group(1))
        if index >= len(self.doc.report.projects):
            return False
        self.select_project(index)
        rest = m.group(2) or ""
        if not rest:
            self.list_view.setFocus()
            return True
        parts = split_indicator_path(path)
        if parts:
            _lst, row, field = parts
            if row is None:
                if self.editor.model.rowCount():
                    return self.editor.select_cell(0)
                self.editor.view.setFocus()
                return True
            return self.editor.select_cell(row, field)
        for w in self._bound:
            if rest == w.field:
                focus_widget(w)
                return True
        fund = rest.split(".")
        keys = [k for k, _ in FUND_ROWS]
        if fund[0] in keys:
            col = 1 + FUND_ATTRS.index(fund[1]) if len(fund) > 1 and fund[1] in FUND_ATTRS else 1
            reveal_widget(self.funds_view)
            return self.funds_view.select_cell(keys.index(fund[0]), col)
        return False
