"""机构与人员: 内设机构, 编制 (total derived), people and cars; the 在职人员控制率 live."""
from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import QFormLayout, QGridLayout, QGroupBox, QLabel, QWidget

from model.numbers import fmt_rate

from ..document import Document
from ..widgets import IntEdit, PlainTextEdit, ValueLabel
from .base import FormPage, note_label

FIELDS = (
    ("staff.admin_posts", "行政编制", "人"),
    ("staff.institution_posts", "事业编制", "人"),
    ("staff.other_posts", "其他编制", "人"),
)
PEOPLE = (
    ("staff.actual_staff", "实际在职人数", "人"),
    ("staff.retired_cadres", "离休人数", "人"),
    ("staff.retirees", "退休人数", "人"),
    ("staff.contract_staff", "临聘/社会化工作者人数", "人"),
    ("staff.official_cars", "公务用车数", "辆"),
)


class StaffPage(FormPage):
    title = "机构与人员"

    def __init__(self, doc: Document, parent: Optional[QWidget] = None):
        super().__init__(doc, parent)
        self.heading("机构与人员", "编制合计和在职人员控制率由程序计算，用于基础数据表和正文。")

        units = QGroupBox("内设机构")
        form = QFormLayout(units)
        self.internal_units = self.register(
            "staff.internal_units", PlainTextEdit(doc, "staff.internal_units", "内设机构"))
        self.internal_units.setPlaceholderText("如：办公室、财务室、组织宣传部（用顿号分隔或每行一个）")
        self.internal_units.setMaximumHeight(90)
        form.addRow(self.internal_units)
        self.outer.addWidget(units)

        posts = QGroupBox("编制与人员")
        grid = QGridLayout(posts)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        self.edits: list[IntEdit] = []
        row = 0
        for path, label, unit in FIELDS:
            row = self._add(grid, row, path, label, unit)
        grid.addWidget(QLabel("编制合计"), row, 0)
        self.total = ValueLabel(doc, self._total_text)
        self.total.setObjectName("postsTotal")
        grid.addWidget(self.total, row, 1)
        grid.addWidget(self._formula("＝ 行政编制 ＋ 事业编制 ＋ 其他编制"), row, 2, 1, 2)
        row += 1
        for path, label, unit in PEOPLE[:1]:
            row = self._add(grid, row, path, label, unit)
        grid.addWidget(QLabel("在职人员控制率"), row, 0)
        self.control = ValueLabel(doc, self._control_text)
        self.control.setObjectName("controlRate")
        grid.addWidget(self.control, row, 1)
        grid.addWidget(self._formula("＝ 实际在职人数 ÷ 编制合计"), row, 2, 1, 2)
        row += 1
        for path, label, unit in PEOPLE[1:]:
            row = self._add(grid, row, path, label, unit)
        grid.setColumnStretch(3, 1)
        self.outer.addWidget(posts)
        self.outer.addStretch(1)

        order = [self.internal_units, *self.edits]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)

    def _add(self, grid: QGridLayout, row: int, path: str, label: str, unit: str) -> int:
        edit = self.register(path, IntEdit(doc=self.doc, path=path, label=label))
        edit.setMaximumWidth(140)
        edit.setMinimumWidth(110)
        self.edits.append(edit)
        grid.addWidget(QLabel(label), row, 0)
        grid.addWidget(edit, row, 1)
        grid.addWidget(QLabel(unit), row, 2)
        return row + 1

    @staticmethod
    def _formula(text: str):
        lab = note_label(text)
        lab.setWordWrap(False)
        return lab

    def _total_text(self) -> str:
        total = self.doc.report.staff.total_posts
        return "—" if total is None else f"{total} 人"

    def _control_text(self) -> str:
        return fmt_rate(self.doc.scores().ratios.staff_control)
