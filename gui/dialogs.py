"""The questions the main window asks. Plain functions, so tests can replace them.

The Qt dialog classes are loaded when a question is first asked, not with the window.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
READ_ONLY, OPEN_ANYWAY = "readonly", "open"
RECOVER, LATER = "recover", "later"

#: button roles of ``ask`` (names of ``QMessageBox.ButtonRole``)
ACCEPT, DESTRUCTIVE, REJECT = "AcceptRole", "DestructiveRole", "RejectRole"


def ask(parent: Optional[QWidget], icon: str, title: str, text: str, informative: str,
        buttons: list[tuple[str, str, str]], default: str) -> str:
    """A message box with ``buttons`` (key, label, role: ACCEPT/DESTRUCTIVE/REJECT); the key of
    the button pressed (the last one's when the box is closed). ``icon``: "Warning", "Question"…"""
    from PySide6.QtWidgets import QMessageBox
    box = QMessageBox(QMessageBox.Icon[icon], title, text, parent=parent)
    if informative:
        box.setInformativeText(informative)
    by_button = {}
    for key, label, role in buttons:
        b = box.addButton(label, QMessageBox.ButtonRole[role])
        by_button[b] = key
        if key == default:
            box.setDefaultButton(b)
    box.exec()
    return by_button.get(box.clickedButton(), buttons[-1][0])


def ask_save_changes(parent: Optional[QWidget], name: str) -> str:
    """保存 / 不保存 / 取消 → SAVE / DISCARD / CANCEL."""
    return ask(parent, "Warning", "保存修改", f"“{name}”有尚未保存的修改。",
                "是否在关闭前保存？选择“不保存”将丢弃这些修改。",
                [(SAVE, "保存", ACCEPT),
                 (DISCARD, "不保存", DESTRUCTIVE),
                 (CANCEL, "取消", REJECT)], SAVE)


def ask_locked(parent: Optional[QWidget], name: str, holder: str) -> str:
    """只读打开 / 仍然打开 / 取消 → READ_ONLY / OPEN_ANYWAY / CANCEL."""
    return ask(parent, "Warning", "文件正在使用",
                f"文件“{name}”已被{holder}打开。",
                "同时在两处修改同一文件，后保存的会覆盖先保存的内容。\n"
                "建议以只读方式打开（可另存为新文件）。",
                [(READ_ONLY, "只读打开", ACCEPT),
                 (OPEN_ANYWAY, "仍然打开", DESTRUCTIVE),
                 (CANCEL, "取消", REJECT)], READ_ONLY)


def ask_recover(parent: Optional[QWidget], name: str, saved_at: str) -> str:
    """恢复 / 丢弃 / 以后再说 → RECOVER / DISCARD / LATER."""
    return ask(parent, "Question", "恢复未保存的内容",
                f"程序上次意外退出，“{name}”有未保存的修改（自动保存于 {saved_at}）。",
                "选择“恢复”将打开这些修改，请检查后保存；选择“丢弃”将永久删除它们。",
                [(RECOVER, "恢复", ACCEPT),
                 (DISCARD, "丢弃", DESTRUCTIVE),
                 (LATER, "以后再说", REJECT)], RECOVER)


def show_error(parent: Optional[QWidget], title: str, message: str) -> None:
    from PySide6.QtWidgets import QMessageBox
    QMessageBox.critical(parent, title, message)


def ask_new_report(parent: Optional[QWidget], year: Optional[int] = None,
                   unit: str = "") -> Optional[tuple[int, str, str]]:
    """(year, unit, profile id) or None when cancelled."""
    from PySide6.QtWidgets import QDialog

    from .new_report_dialog import NewReportDialog
    dlg = NewReportDialog(parent, year, unit)
    if dlg.exec() == QDialog.DialogCode.Accepted:
        return dlg.values()
    return None


def ask_rollover_year(parent: Optional[QWidget], old_year: int, unit: str, file_name: str = "") -> Optional[int]:
    """The year to roll the old file over to (proposed: ``old_year + 1``), or None when cancelled."""
    from PySide6.QtWidgets import QDialog

    from .rollover_year_dialog import RolloverYearDialog
    dlg = RolloverYearDialog(parent, old_year, unit, file_name)
    if dlg.exec() == QDialog.DialogCode.Accepted:
        return dlg.value()
    return None


def rollover_result_dialog(parent: Optional[QWidget], old_year: int, new_year: int,
                           carried: list[str], review: list[tuple[str, int]]):
    """What the roll-over carried and what went to the review list (``review``: kind name and
    count, ``model.review.counts_by_kind``)."""
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout
    dlg = QDialog(parent)
    dlg.setWindowTitle("从上年文件结转")
    lay = QVBoxLayout(dlg)
    lay.addWidget(QLabel(f"已从 {old_year} 年度文件结转为 {new_year} 年度（尚未保存）。"))
    lay.addWidget(QLabel("已结转的内容："))
    text = QPlainTextEdit("\n".join(f"• {c}" for c in carried))
    text.setReadOnly(True)
    text.setMaximumHeight(140)
    lay.addWidget(text)
    total = sum(n for _k, n in review)
    head = QLabel(f"已列入“审核”面板待复核的内容（共 {total} 项，可逐项跳转，核对后标记为已复核）："
                  if review else "没有需要特别复核的内容。")
    head.setWordWrap(True)
    lay.addWidget(head)
    if review:
        rv = QPlainTextEdit("\n".join(f"• {kind}：{n} 项" for kind, n in review))
        rv.setReadOnly(True)
        rv.setObjectName("reviewCounts")
        lay.addWidget(rv, 1)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText("知道了")
    buttons.accepted.connect(dlg.accept)
    lay.addWidget(buttons)
    dlg.resize(560, 440)
    return dlg


def show_rollover_result(parent: Optional[QWidget], old_year: int, new_year: int,
                         carried: list[str], review: list[tuple[str, int]]) -> None:
    """``rollover_result_dialog``, shown modally."""
    rollover_result_dialog(parent, old_year, new_year, carried, review).exec()
