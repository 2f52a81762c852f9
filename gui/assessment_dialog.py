"""考核评分表 dialog: every item with its points, the automatic score and why, or the rubric.

The unit's own self-check (审核 › 考核评分自查) shows it read-only; the 汇总 window opens it
with the manual items editable, for the reviewer to score (saved in the 汇总库).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QDoubleSpinBox, QHeaderView, QLabel, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from model.assessment import Table, load_table
from model.numbers import fmt_plain

HEADERS = ("考核项目", "分值", "得分", "说明 / 评分标准")
PENDING = "待评"
COLUMN_WIDTHS = (170, 50, 90)          # the 说明 column takes the rest


class AssessmentDialog(QDialog):
    """``results``: the stored form of ``model.assessment.ItemResult`` (``to_json``);
    ``manual``: item id → the reviewer's score text (None = not yet scored)."""

    def __init__(self, parent: Optional[QWidget], title: str, results: list[dict],
                 manual: Optional[dict[str, Optional[str]]] = None, editable: bool = False,
                 table: Optional[Table] = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.table_def = table or load_table()
        self.results = {r["id"]: r for r in results}
        self.manual = dict(manual or {})
        self.editable = editable
        self.spins: dict[str, QDoubleSpinBox] = {}
        lay = QVBoxLayout(self)
        head = QLabel(f"{self.table_def.name}（满分 {fmt_plain(self.table_def.total)} 分）")
        head.setWordWrap(True)
        lay.addWidget(head)
        self.grid = QTableWidget(len(self.table_def.items), len(HEADERS), self)
        self.grid.setHorizontalHeaderLabels(list(HEADERS))
        self.grid.verticalHeader().setVisible(False)
        self.grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.grid.setWordWrap(True)
        for row, item in enumerate(self.table_def.items):
            self._fill(row, item)
        h = self.grid.horizontalHeader()
        for c, width in enumerate(COLUMN_WIDTHS):
            h.resizeSection(c, width)
        h.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        lay.addWidget(self.grid, 1)
        self.total_label = QLabel()
        self.total_label.setWordWrap(True)
        lay.addWidget(self.total_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
                                   if editable else QDialogButtonBox.StandardButton.Close)
        if editable:
            buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存评分")
            buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        else:
            buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self._update_total()
        self.resize(860, 520)

    def _fill(self, row: int, item) -> None:
        result = self.results.get(item.id, {"score": None, "reason": "需人工评分", "auto": False})
        self.grid.setItem(row, 0, QTableWidgetItem(f"{item.group} · {item.name}" if item.group != item.name
                                                   else item.name))
        points = QTableWidgetItem(fmt_plain(item.points))
        points.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        self.grid.setItem(row, 1, points)
        if result["score"] is not None:
            score = QTableWidgetItem(fmt_plain(Decimal(result["score"])))
            score.setToolTip("根据文件自动评分")
            explain = f"自动评分：{result['reason']}"
        else:
            given = self.manual.get(item.id)
            score = QTableWidgetItem(PENDING if given is None else fmt_plain(Decimal(given)))
            explain = f"{result['reason']}\n评分标准：{item.rubric}"
            if self.editable:
                spin = QDoubleSpinBox(self.grid)
                spin.setRange(-1, float(item.points))
                spin.setDecimals(1)
                spin.setSingleStep(0.5)
                spin.setSpecialValueText(PENDING)       # −1 shows as 待评 (not yet scored)
                spin.setValue(-1 if given is None else float(given))
                spin.valueChanged.connect(self._update_total)
                self.spins[item.id] = spin
                self.grid.setCellWidget(row, 2, spin)
        score.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        self.grid.setItem(row, 2, score)
        self.grid.setItem(row, 3, QTableWidgetItem(explain))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.grid.resizeRowsToContents()      # wrapped text: row heights follow the column width

    def values(self) -> dict[str, Optional[Decimal]]:
        """The reviewer's scores of the manual items (None = 待评)."""
        out: dict[str, Optional[Decimal]] = {}
        for iid, spin in self.spins.items():
            out[iid] = None if spin.value() < 0 else Decimal(str(round(spin.value(), 1)))
        for iid, text in self.manual.items():
            if iid not in out:
                out[iid] = None if text is None else Decimal(text)
        return out

    def totals(self) -> tuple[Decimal, Decimal, int, Decimal]:
        """(automatic points, reviewer points, items pending, points pending)."""
        manual = self.values()
        auto_sum, manual_sum, pending, pending_points = Decimal(0), Decimal(0), 0, Decimal(0)
        for item in self.table_def.items:
            score = self.results.get(item.id, {}).get("score")
            if score is not None:
                auto_sum += Decimal(score)
            elif manual.get(item.id) is not None:
                manual_sum += manual[item.id]
            else:
                pending += 1
                pending_points += item.points
        return auto_sum, manual_sum, pending, pending_points

    def _update_total(self, *_args) -> None:
        auto_sum, manual_sum, pending, pending_points = self.totals()
        text = f"自动评分 {fmt_plain(auto_sum)} 分"
        if manual_sum:
            text += f"，人工评分 {fmt_plain(manual_sum)} 分，合计 {fmt_plain(auto_sum + manual_sum)} 分"
        if pending:
            text += f"；另有 {pending} 项（{fmt_plain(pending_points)} 分）需由财政局按评分标准人工评分"
        self.total_label.setText(text + "。")


def show_self_check(window) -> AssessmentDialog:
    """审核 › 考核评分自查: the open report scored against the county's 考核评分表."""
    from model.assessment import assess
    report = window.doc.report
    results = [r.to_json() for r in assess(report, window.doc.summary().findings)]
    dlg = AssessmentDialog(window, "考核评分自查", results)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.open()
    return dlg
