"""部门整体绩效指标: 年度总体目标, 预算执行率 and the department indicator grid."""
from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from model import paths
from model.numbers import fmt_decimal, fmt_plain

from ..widgets import PlainTextEdit, focus_widget
from .base import PAGE_MARGINS, page_scroll_area
from .indicator_editor import IndicatorEditor

_ROW_PATH = re.compile(r"^(?P<list>.+\.indicators)(?:\[(?P<row>\d+)\](?:\.(?P<field>\w+))?)?$")


def split_indicator_path(path: str):
    """``dept.indicators[3].note`` → (``dept.indicators``, 3, ``note``); None when not an indicator path."""
    m = _ROW_PATH.match(path)
    if not m:
        return None
    row = m.group("row")
    return m.group("list"), (int(row) if row is not None else None), m.group("field") or ""


class ExecutionBox(QGroupBox):
    """预算执行率 of one table: 全年预算数, 全年执行数, 执行率, 分值, 得分 (read-only, from scoring)."""

    def __init__(self, editor: IndicatorEditor, title: str = "预算执行情况", parent=None, compact: bool = False):
        super().__init__("" if compact else title, parent)
        self.editor = editor
        self.values: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        self.outer = QVBoxLayout(self)
        numbers = QWidget(self)
        lay = QHBoxLayout(numbers)
        lay.setContentsMargins(0, 0, 0, 0)
        if compact:
            self.setFlat(True)
            self.outer.setContentsMargins(2, 0, 2, 0)
            head = QLabel(title + "：", numbers)
            head.setStyleSheet("font-weight: bold;")
            lay.addWidget(head)
        items = (("budget", "全年预算数（万元）"), ("executed", "全年执行数（万元）"),
                 ("rate", "执行率"), ("weight", "分值"), ("score", "得分"))
        for i, (key, label) in enumerate(items[2:] if compact else items):
            cap = QLabel(label + "：", numbers)
            self.captions[key] = cap
            val = QLabel(numbers)
            val.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            val.setStyleSheet("font-weight: bold;")
            if i:
                lay.addSpacing(18)
            lay.addWidget(cap)
            lay.addWidget(val)
            self.values[key] = val
        self.numbers = numbers
        self.row = QHBoxLayout()
        self.row.addWidget(numbers)
        self.row.addStretch(1)
        self.outer.addLayout(self.row)
        # the advice stands at the end of the row; where the row has no room for it, it goes on
        # a line of its own below, instead of being cut off
        self.note = QLabel(self)
        self.note.setStyleSheet("color: #8A5A00;")
        self.row.addWidget(self.note)
        self.note_inline = True
        editor.model.summaryChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        e = self.editor.model.result().execution
        places = self.editor.model.places
        texts = {"budget": fmt_decimal(e.budget, 2, "—"), "executed": fmt_decimal(e.executed, 2, "—")}
        for key, text in texts.items():
            if key in self.values:
                self.values[key].setText(text)
        self.values["rate"].setText(e.rate_text)
        if "budget" in self.captions:       # the 执行率 denominator as the rule set names it
            label = self.editor.model.profile().settings.budget_label
            self.captions["budget"].setText(f"{label}（万元）：")
        self.values["weight"].setText(fmt_plain(e.weight))
        self.values["score"].setText(fmt_decimal(e.score, places))
        note = ""
        if e.budget is not None and e.budget == 0:
            note = "全年预算数为 0，执行率无法计算"
        elif e.budget is None or e.executed is None:
            note = "请在“预算与执行”中填写全年预算数和全年执行数"
        elif e.over_spent:
            note = "执行率超过 100%，请说明超预算支出原因"
        elif e.rate is not None and e.rate < 1:
            note = "执行率低于 100%，请在报告中说明原因"
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self._place_note()

    def _place_note(self) -> None:
        m = self.outer.contentsMargins()
        room = self.contentsRect().width() - m.left() - m.right()
        inline = (self.numbers.sizeHint().width() + 18 + self.note.sizeHint().width() <= room)
        if inline == self.note_inline:
            return
        self.note_inline = inline
        if inline:
            self.outer.removeWidget(self.note)
            self.row.addWidget(self.note)
        else:
            self.row.removeWidget(self.note)
            self.outer.addWidget(self.note, 0, Qt.AlignmentFlag.AlignRight)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._place_note()


class DeptIndicatorPage(QWidget):
    title = "部门整体绩效指标"

    def __init__(self, doc, parent=None):
        super().__init__(parent)
        self.doc = doc
        goals = QGroupBox("年度总体目标", self)
        self.goal_edit = PlainTextEdit(doc, "dept.goal", "预期目标", goals)
        self.goal_edit.setPlaceholderText("本年度部门整体绩效目标（预期目标）")
        self.achievement_edit = PlainTextEdit(doc, "dept.achievement", "实际完成情况", goals)
        self.achievement_edit.setPlaceholderText("对照预期目标写明实际完成情况")
        for w in (self.goal_edit, self.achievement_edit):
            w.setMinimumHeight(52)
        g = QGridLayout(goals)
        g.addWidget(QLabel("预期目标", goals), 0, 0)
        g.addWidget(QLabel("实际完成情况", goals), 0, 1)
        g.addWidget(self.goal_edit, 1, 0)
        g.addWidget(self.achievement_edit, 1, 1)
        g.setRowStretch(1, 1)

        self.editor = IndicatorEditor(doc, "dept.indicators", "部门整体", self)
        self.execution = ExecutionBox(self.editor, "预算执行情况（部门整体）", self)
        self.execution_note = PlainTextEdit(doc, "dept.execution_note", "执行率偏差原因")
        self.execution_note.setPlaceholderText("执行率不是 100% 时，说明原因（打印在自评表的偏差原因栏）")
        self.execution_note.setMaximumHeight(48)
        self.execution_note.setMinimumHeight(36)
        note_row = QHBoxLayout()
        note_row.setContentsMargins(10, 0, 10, 6)
        note_row.addWidget(QLabel("执行率偏差原因", self.execution))
        note_row.addWidget(self.execution_note, 1)
        box = QGroupBox("绩效指标", self)
        bl = QVBoxLayout(box)
        bl.setContentsMargins(6, 6, 6, 6)
        bl.addWidget(self.editor)

        top = QWidget(self)
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(goals)
        tl.addWidget(self.execution)
        tl.addLayout(note_row)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(top)
        self.splitter.addWidget(box)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self._sized = False
        self.body = QWidget()
        body_lay = QVBoxLayout(self.body)
        body_lay.setContentsMargins(*PAGE_MARGINS)
        body_lay.addWidget(self.splitter)
        self.scroll = page_scroll_area(self.body, self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.scroll)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            total = sum(self.splitter.sizes())
            # two fifths for the goals and the execution rate, so that a goal of a few lines
            # shows without a scroll bar; never more than they need, never less than they can have
            head = self.splitter.widget(0)
            top = min(head.sizeHint().height(), max(head.minimumSizeHint().height(), total * 2 // 5))
            self.splitter.setSizes([top, max(total - top, 1)])

    @property
    def model(self):
        return self.editor.model

    @property
    def view(self):
        return self.editor.view

    def focus_path(self, path: str) -> bool:
        if path == "dept.goal":
            focus_widget(self.goal_edit)
            return True
        if path == "dept.achievement":
            focus_widget(self.achievement_edit)
            return True
        if path == "dept.execution_note":
            focus_widget(self.execution_note)
            return True
        if path in ("dept.execution_weight", "dept"):
            self.execution.setFocus()
            return True
        parts = split_indicator_path(path)
        if not parts or parts[0] != "dept.indicators":
            return False
        _lst, row, field = parts
        if row is None:
            if self.editor.model.rowCount():
                return self.editor.select_cell(0)
            self.editor.view.setFocus()
            return True
        try:
            paths.get(self.doc.report, f"dept.indicators[{row}]")
        except paths.PathError:
            return False
        return self.editor.select_cell(row, field)
