"""新建: the year, the unit and the weight profile of a new report."""
from __future__ import annotations

from datetime import date
from typing import Optional

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox,
                               QVBoxLayout, QWidget)

from model import profiles


class NewReportDialog(QDialog):
    """新建: the year, the unit and the weight profile."""

    def __init__(self, parent: Optional[QWidget] = None, year: Optional[int] = None, unit: str = ""):
        super().__init__(parent)
        self.setWindowTitle("新建自评文件")
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.year = QSpinBox()
        self.year.setRange(1900, 2200)
        self.year.setValue(year or date.today().year - 1)
        self.year.setSuffix(" 年度")
        form.addRow("评价年度", self.year)
        self.unit = QLineEdit(unit)
        self.unit.setPlaceholderText("如：某某县总工会")
        self.unit.setMinimumWidth(280)
        form.addRow("预算单位名称", self.unit)
        self.profile = QComboBox()
        for p in profiles.list_profiles():
            self.profile.addItem(p.name, p.id)
        self.profile.setCurrentIndex(max(0, self.profile.findData(profiles.DEFAULT_PROFILE)))
        form.addRow("指标体系", self.profile)
        lay.addLayout(form)
        note = QLabel("评价年度为被评价的预算年度（通常为上一年）。以上内容之后都可以在“基础信息”中修改。"
                      "新文件的部门整体指标表按所选指标体系列出一级、二级指标和分值，三级指标待填写。")
        note.setWordWrap(True)
        lay.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("新建")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def values(self) -> tuple[int, str, str]:
        return self.year.value(), self.unit.text().strip(), self.profile.currentData()
