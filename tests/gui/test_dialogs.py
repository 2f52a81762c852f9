"""The questions of ``gui.dialogs`` as real message boxes: the button pressed gives its key."""
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from gui import dialogs

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support ")


def _when_shown(act) -> None:
    """Call ``act(box)`` once the message box is on screen (it is shown by its own ``exec``)."""
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox) and box.isVisible():
        act(box)
    else:
        QTimer.singleShot(10, lambda: _when_shown(act))


def _press(label: str, seen: list) -> None:
    def act(box):
        seen.append((box.icon(), box.text(), [b.text() for b in box.buttons()], box.defaultButton().text()))
        next(b for b in box.buttons() if b.text() == label).click()
    _when_shown(act)


def _ask(icon="Warning"):
    # the ask_* functions are replaced by scripted answers in every GUI test (conftest); their
    # common part is called directly here
    return dialogs.ask(None, icon, "保存修改", "“某局.jxzp”有尚未保存的修改。", "是否在关闭前保存？",
                       [(dialogs.SAVE, "保存", dialogs.ACCEPT), (dialogs.DISCARD, "不保存", dialogs.DESTRUCTIVE),
                        (dialogs.CANCEL, "取消", dialogs.REJECT)], dialogs.SAVE)


def test_question_answers_with_the_key_of_the_button_pressed(qtbot):
    seen = []
    QTimer.singleShot(0, lambda: _press("不保存", seen))
    assert _ask() == dialogs.DISCARD
    icon, text, buttons, default = seen[0]
    assert icon == QMessageBox.Icon.Warning and "某局.jxzp" in text
    assert sorted(buttons) == sorted(["保存", "不保存", "取消"]) and default == "保存"
    QTimer.singleShot(0, lambda: _press("保存", seen))
    assert _ask("Question") == dialogs.SAVE
    assert seen[1][0] == QMessageBox.Icon.Question


def test_closing_the_question_gives_the_last_choice(qtbot):
    # Esc or the close button
    QTimer.singleShot(0, lambda: _when_shown(lambda box: box.reject()))
    assert _ask() == dialogs.CANCEL


def test_rollover_result_lists_the_review_counts_by_kind(qtbot):
    from PySide6.QtWidgets import QLabel, QPlainTextEdit

    from gui.dialogs import rollover_result_dialog
    dlg = rollover_result_dialog(None, 2024, 2025, ["机构与人员"], [("取自上年的金额（上年决算数）", 5),
                                                                  ("文中年份已改为新年度", 2)])
    qtbot.addWidget(dlg)
    counts = dlg.findChild(QPlainTextEdit, "reviewCounts")
    assert counts.toPlainText() == "• 取自上年的金额（上年决算数）：5 项\n• 文中年份已改为新年度：2 项"
    assert any("共 7 项" in lbl.text() for lbl in dlg.findChildren(QLabel))
    empty = rollover_result_dialog(None, 2024, 2025, [], [])
    qtbot.addWidget(empty)
    assert empty.findChild(QPlainTextEdit, "reviewCounts") is None
