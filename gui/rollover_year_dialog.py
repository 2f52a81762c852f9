"""从上年文件结转: the year of the new report (shown with the old file's unit and year)."""
from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from model.rollover import MAX_YEAR


class RolloverYearDialog(QDialog):
    """The new year: a spin box from the old year + 1 on, the old file's unit shown for confirmation."""

    def __init__(self, parent: Optional[QWidget], old_year: int, unit: str, file_name: str = ""):
        super().__init__(parent)
        self.setWindowTitle("从上年文件结转")
        lay = QVBoxLayout(self)
        form = QFormLayout()
        if file_name:
            form.addRow("上年度文件", QLabel(file_name))
        unit_label = QLabel(unit or "（未填写）")
        unit_label.setObjectName("unit")
        form.addRow("预算单位名称", unit_label)
        form.addRow("原文件年度", QLabel(f"{old_year} 年度"))
        self.year = QSpinBox()
        self.year.setRange(old_year + 1, max(old_year + 1, MAX_YEAR))
        self.year.setValue(old_year + 1)
        self.year.setSuffix(" 年度")
        form.addRow("结转为", self.year)
        lay.addLayout(form)
        note = QLabel(f"通常结转为下一年度（{old_year + 1}）。结转时文中出现的“{old_year}年”等字样"
                      "改为新年度，并列出供复核；结转后的文件尚未保存。")
        note.setWordWrap(True)
        lay.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("结转")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.setMinimumWidth(420)

    def value(self) -> int:
        return self.year.value()
