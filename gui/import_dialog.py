"""The summary shown after reading last year's files, before anything is opened or replaced."""
from __future__ import annotations

import html
import os
from typing import Optional

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QSpinBox, QTextBrowser,
                               QVBoxLayout, QWidget)

from .fileio import ImportOutcome, set_import_year

OPEN_NEW, REPLACE, CANCEL = "new", "replace", "cancel"

_GROUP_COLORS = {"taken": "#2e7d32", "skipped": "#6d6d6d", "review": "#ad6800"}


def summary_html(outcome: ImportOutcome) -> str:
    """已导入 / 未导入 / 请复核 as headed lists."""
    r = outcome.result
    parts = []
    for key, title, items in (("review", "请复核", r.review), ("taken", "已导入", r.taken),
                              ("skipped", "未导入", r.skipped)):
        if not items:
            continue
        color = _GROUP_COLORS[key]
        parts.append(f'<p style="margin-top:6px; margin-bottom:2px"><b style="color:{color}">'
                     f"{title}（{len(items)} 项）</b></p><ul style=\"margin-top:0\">")
        parts += [f"<li>{html.escape(t)}</li>" for t in items]
        parts.append("</ul>")
    if not r.review:
        parts.insert(0, '<p style="color:#2e7d32">没有需要特别复核的内容。</p>')
    return "".join(parts)


class ImportSummaryDialog(QDialog):
    """What was read; 打开为新文档 / 替换当前文档 / 取消 (``choice`` after it closes)."""

    def __init__(self, outcome: ImportOutcome, parent: Optional[QWidget] = None, can_replace: bool = True,
                 current_name: str = ""):
        super().__init__(parent)
        self.outcome = outcome
        self.choice = CANCEL
        self.setWindowTitle("导入上年文件")
        report = outcome.report
        lay = QVBoxLayout(self)
        head = QLabel("已读取以下文件，内容尚未放入任何文档。请查看后选择如何打开：")
        head.setWordWrap(True)
        lay.addWidget(head)

        form = QFormLayout()
        files = QLabel("\n".join(os.path.basename(p) for p in outcome.paths))
        files.setToolTip("\n".join(outcome.paths))
        form.addRow("文件", files)
        self.year: Optional[QSpinBox] = None
        if outcome.year_known:
            form.addRow("评价年度", QLabel(f"{report.info.year} 年度（从文件中识别）"))
        else:
            self.year = QSpinBox()
            self.year.setRange(1900, 2200)
            self.year.setValue(report.info.year)
            self.year.setSuffix(" 年度")
            note = QLabel("文件中没有识别出评价年度，请选择")
            note.setStyleSheet("color: #ad6800;")
            row = QHBoxLayout()
            row.addWidget(self.year)
            row.addWidget(note, 1)
            form.addRow("评价年度", row)
        unit = report.info.unit_name.strip()
        unit_label = QLabel(unit or "（未识别出单位名称，可在“基础信息”中填写）")
        if not unit:
            unit_label.setStyleSheet("color: #ad6800;")
        form.addRow("预算单位", unit_label)
        filled = sum(1 for s in report.sections if s.strip())
        form.addRow("内容", QLabel(f"项目 {len(report.projects)} 个，部门整体绩效指标 "
                                   f"{len(report.dept.indicators)} 项，正文 {filled} 个部分有文字"))
        lay.addLayout(form)

        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.details.setHtml(summary_html(outcome))
        self.details.setMinimumSize(600, 260)
        lay.addWidget(self.details, 1)

        hint = QLabel("“打开为新文档”在新窗口中打开导入的内容（尚未保存）。"
                      + (f"“替换当前文档”用导入的内容替换“{current_name}”的全部内容，可以撤销（Ctrl+Z）。"
                         if can_replace else ""))
        hint.setWordWrap(True)
        lay.addWidget(hint)

        self.buttons = QDialogButtonBox()
        self.new_button = self.buttons.addButton("打开为新文档", QDialogButtonBox.ButtonRole.AcceptRole)
        self.replace_button = self.buttons.addButton("替换当前文档", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.replace_button.setVisible(can_replace)
        self.cancel_button = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.new_button.setDefault(True)
        self.new_button.clicked.connect(lambda: self._finish(OPEN_NEW))
        self.replace_button.clicked.connect(lambda: self._finish(REPLACE))
        self.cancel_button.clicked.connect(self.reject)
        lay.addWidget(self.buttons)
        self.resize(700, 560)

    def _finish(self, choice: str) -> None:
        self.choice = choice
        if self.year is not None:
            set_import_year(self.outcome, self.year.value())
        self.accept()

    def reject(self) -> None:
        self.choice = CANCEL
        super().reject()
