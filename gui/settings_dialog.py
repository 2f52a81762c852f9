"""工具 › 选项…: the settings a user controls (autosave interval, recent files, where data is kept).

Loaded when the dialog is first opened, not with the main window. Nothing is stored
until 确定; 取消 leaves every setting as it was.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QSpinBox, QVBoxLayout, QWidget)

from . import recovery, settings


def open_folder(path: Path) -> bool:
    """Show ``path`` in the system's file manager (the folder is created first if missing)."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def listed_recent_files() -> list[str]:
    """The recent files the 最近打开的文件 menu would list (read only: the setting is not rewritten)."""
    return [f for f in settings.get("files/recent") if f and Path(f).is_file()][:settings.MAX_RECENT]


def apply_autosave_interval(seconds: int) -> None:
    """The new interval, at once, for the document of every open main window."""
    from .windows import live_windows
    for w in live_windows():
        w.doc.set_autosave_interval(seconds * 1000)


def _path_line(text: str) -> QLineEdit:
    line = QLineEdit(text)
    line.setReadOnly(True)
    line.setCursorPosition(0)
    line.setToolTip(text)
    # a long path scrolls inside the line (the whole of it is in the tooltip); its labels keep their room
    line.setMinimumWidth(line.fontMetrics().horizontalAdvance("x" * 44))
    return line


class OptionsDialog(QDialog):
    """选项: autosave interval, the recent-files list, where recovery files and settings are kept."""

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setWindowTitle("选项")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        lay = QVBoxLayout(self)

        # -- 自动保存 -------------------------------------------------------------
        box = QGroupBox("自动保存")
        form = QFormLayout(box)
        self.interval = QSpinBox()
        self.interval.setRange(settings.AUTOSAVE_MIN_S, settings.AUTOSAVE_MAX_S)
        self.interval.setSingleStep(10)
        self.interval.setSuffix(" 秒")
        self.interval.setAccelerated(True)
        self.interval.setValue(settings.get("autosave/interval_s"))
        self.interval.setToolTip(f"{settings.AUTOSAVE_MIN_S} 秒至 {settings.AUTOSAVE_MAX_S // 60} 分钟")
        self.interval_hint = QLabel()
        self.interval.valueChanged.connect(self._show_interval)
        self._show_interval(self.interval.value())
        row = QHBoxLayout()
        row.addWidget(self.interval)
        row.addWidget(self.interval_hint, 1)
        form.addRow("恢复文件保存间隔", row)
        note = QLabel("未保存的修改按此间隔写入恢复文件；程序意外退出后，下次启动时可以恢复。"
                      "修改后对所有已打开的窗口立即生效。")
        note.setWordWrap(True)
        form.addRow(note)
        lay.addWidget(box)

        # -- 最近打开的文件 -------------------------------------------------------------
        box = QGroupBox("最近打开的文件")
        row = QHBoxLayout(box)
        self._recent = listed_recent_files()
        self.clear_recent_pending = False
        self.recent_label = QLabel()
        self.recent_label.setToolTip("\n".join(self._recent))
        self.clear_recent = QPushButton("清空列表")
        self.clear_recent.setToolTip("清空“文件 › 最近打开的文件”中的列表（不删除文件本身）")
        self.clear_recent.clicked.connect(self._clear_recent)
        row.addWidget(self.recent_label, 1)
        row.addWidget(self.clear_recent)
        self._show_recent()
        lay.addWidget(box)

        # -- 保存位置 ---------------------------------------------------------------
        box = QGroupBox("保存位置")
        form = QFormLayout(box)
        self.recovery_path = _path_line(str(recovery.recovery_dir()))
        self.open_recovery = QPushButton("打开文件夹")
        self.open_recovery.setToolTip("在文件管理器中打开恢复文件所在的文件夹")
        self.open_recovery.clicked.connect(lambda *_: open_folder(recovery.recovery_dir()))
        row = QHBoxLayout()
        row.addWidget(self.recovery_path, 1)
        row.addWidget(self.open_recovery)
        form.addRow("恢复文件", row)
        self.settings_path = _path_line(settings.qsettings().fileName())
        form.addRow("设置", self.settings_path)
        lay.addWidget(box)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        lay.addWidget(buttons)
        self.setMinimumWidth(600)       # room for the usual Windows paths

    def _show_interval(self, seconds: int) -> None:
        minutes, rest = divmod(seconds, 60)
        if not minutes:
            text = ""
        elif rest:
            text = f"（{minutes} 分 {rest} 秒）"
        else:
            text = f"（{minutes} 分钟）"
        self.interval_hint.setText(text)

    def _show_recent(self) -> None:
        if self.clear_recent_pending:
            self.recent_label.setText(f"共 {len(self._recent)} 个，点“确定”后清空")
        elif self._recent:
            self.recent_label.setText(f"“文件 › 最近打开的文件”中有 {len(self._recent)} 个文件")
        else:
            self.recent_label.setText("列表为空")
        self.clear_recent.setEnabled(bool(self._recent) and not self.clear_recent_pending)

    def _clear_recent(self) -> None:
        self.clear_recent_pending = True
        self._show_recent()

    def store(self) -> None:
        """Write the choices to the settings and apply them to the open windows."""
        seconds = self.interval.value()
        if seconds != settings.get("autosave/interval_s"):
            settings.set("autosave/interval_s", seconds)
        apply_autosave_interval(seconds)
        if self.clear_recent_pending:
            settings.set("files/recent", [])

    def accept(self) -> None:
        self.store()
        super().accept()


def show_options(window: QWidget) -> OptionsDialog:
    """Open the dialog window-modal (not blocking) and return it."""
    dlg = OptionsDialog(window)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.open()
    return dlg
