"""The questions the main window asks. Plain functions, so tests can replace them."""
from __future__ import annotations

from datetime import date
from typing import Optional

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QMessageBox, QPlainTextEdit, QSpinBox, QVBoxLayout, QWidget)

from model import profiles

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
READ_ONLY, OPEN_ANYWAY = "readonly", "open"
RECOVER, LATER = "recover", "later"


def _ask(parent: Optional[QWidget], icon: QMessageBox.Icon, title: str, text: str, informative: str,
         buttons: list[tuple[str, str, QMessageBox.ButtonRole]], default: str) -> str:
    box = QMessageBox(icon, title, text, parent=parent)
    if informative:
        box.setInformativeText(informative)
    by_button = {}
    for key, label, role in buttons:
        b = box.addButton(label, role)
        by_button[b] = key
        if key == default:
            box.setDefaultButton(b)
    box.exec()
    return by_button.get(box.clickedButton(), buttons[-1][0])


def ask_save_changes(parent: Optional[QWidget], name: str) -> str:
    """保存 / 不保存 / 取消 → SAVE / DISCARD / CANCEL."""
    return _ask(parent, QMessageBox.Icon.Warning, "保存修改", f"“{name}”有尚未保存的修改。",
                "是否在关闭前保存？选择“不保存”将丢弃这些修改。",
                [(SAVE, "保存", QMessageBox.ButtonRole.AcceptRole),
                 (DISCARD, "不保存", QMessageBox.ButtonRole.DestructiveRole),
                 (CANCEL, "取消", QMessageBox.ButtonRole.RejectRole)], SAVE)


def ask_locked(parent: Optional[QWidget], name: str, holder: str) -> str:
    """只读打开 / 仍然打开 / 取消 → READ_ONLY / OPEN_ANYWAY / CANCEL."""
    return _ask(parent, QMessageBox.Icon.Warning, "文件正在使用",
                f"文件“{name}”已被{holder}打开。",
                "同时在两处修改同一文件，后保存的会覆盖先保存的内容。\n"
                "建议以只读方式打开（可另存为新文件）。",
                [(READ_ONLY, "只读打开", QMessageBox.ButtonRole.AcceptRole),
                 (OPEN_ANYWAY, "仍然打开", QMessageBox.ButtonRole.DestructiveRole),
                 (CANCEL, "取消", QMessageBox.ButtonRole.RejectRole)], READ_ONLY)


def ask_recover(parent: Optional[QWidget], name: str, saved_at: str) -> str:
    """恢复 / 丢弃 / 以后再说 → RECOVER / DISCARD / LATER."""
    return _ask(parent, QMessageBox.Icon.Question, "恢复未保存的内容",
                f"程序上次意外退出，“{name}”有未保存的修改（自动保存于 {saved_at}）。",
                "选择“恢复”将打开这些修改，请检查后保存；选择“丢弃”将永久删除它们。",
                [(RECOVER, "恢复", QMessageBox.ButtonRole.AcceptRole),
                 (DISCARD, "丢弃", QMessageBox.ButtonRole.DestructiveRole),
                 (LATER, "以后再说", QMessageBox.ButtonRole.RejectRole)], RECOVER)


def show_error(parent: Optional[QWidget], title: str, message: str) -> None:
    QMessageBox.critical(parent, title, message)


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
        note = QLabel("评价年度为被评价的预算年度（通常为上一年）。以上内容之后都可以在“基础信息”中修改。")
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


def ask_new_report(parent: Optional[QWidget], year: Optional[int] = None,
                   unit: str = "") -> Optional[tuple[int, str, str]]:
    """(year, unit, profile id) or None when cancelled."""
    dlg = NewReportDialog(parent, year, unit)
    if dlg.exec() == QDialog.DialogCode.Accepted:
        return dlg.values()
    return None


def show_rollover_result(parent: Optional[QWidget], old_year: int, new_year: int,
                         carried: list[str], review: list[str]) -> None:
    """What the roll-over carried and what the user must check."""
    dlg = QDialog(parent)
    dlg.setWindowTitle("从上年文件结转")
    lay = QVBoxLayout(dlg)
    lay.addWidget(QLabel(f"已从 {old_year} 年度文件结转为 {new_year} 年度（尚未保存）。"))
    lay.addWidget(QLabel("已结转的内容："))
    text = QPlainTextEdit("\n".join(f"• {c}" for c in carried))
    text.setReadOnly(True)
    text.setMaximumHeight(140)
    lay.addWidget(text)
    lay.addWidget(QLabel(f"需要复核的内容（{len(review)} 处）：" if review else "没有需要特别复核的内容。"))
    if review:
        rv = QPlainTextEdit("\n".join(f"• {r}" for r in review))
        rv.setReadOnly(True)
        lay.addWidget(rv, 1)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText("知道了")
    buttons.accepted.connect(dlg.accept)
    lay.addWidget(buttons)
    dlg.resize(560, 440)
    dlg.exec()
