"""Reading last year's files: the busy dialog while a worker thread reads them (取消 drops
the result), then the summary shown before anything is opened or replaced."""
from __future__ import annotations

import html
import os
from typing import Optional

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QProgressBar, QSpinBox,
                               QTextBrowser, QVBoxLayout, QWidget)

from .fileio import ImportOutcome, ImportThread, set_import_year

OPEN_NEW, REPLACE, ROLLOVER, CANCEL = "new", "replace", "rollover", "cancel"

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
        if key == "review":
            parts.append(f'<p style="margin-top:0; color:{color}">这些内容会作为提示留在“审核”面板中，'
                         "核对后可逐项标记为已复核。</p>")
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

        hint = QLabel(f"“生成本年度报告”把导入的 {report.info.year} 年度内容结转为下一年度的新报告（尚未保存），"
                      "导入和结转需要复核的内容都列在“审核”中。"
                      "“打开为新文档”在新窗口中打开导入的内容（尚未保存）。"
                      + (f"“替换当前文档”用导入的内容替换“{current_name}”的全部内容，可以撤销（Ctrl+Z）。"
                         if can_replace else ""))
        hint.setWordWrap(True)
        lay.addWidget(hint)

        self.buttons = QDialogButtonBox()
        self.rollover_button = self.buttons.addButton("生成本年度报告", QDialogButtonBox.ButtonRole.AcceptRole)
        self.rollover_button.setToolTip("导入上年文件并结转：年度加一，上年决算数转入“上年决算数”，"
                                        "本年数和完成情况清空，需要复核的内容列在“审核”中")
        self.rollover_button.clicked.connect(lambda: self._finish(ROLLOVER))
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


# --------------------------------------------------------------------------- reading, off the GUI thread

#: import threads still running (a cancelled one may finish after its dialog is gone)
_threads: set[ImportThread] = set()


def running_imports() -> int:
    """How many import threads have not been cleaned up yet (finished and deleted)."""
    return len(_threads)


def _stop_all() -> None:
    """At the program's end: cancel the imports still running and wait for them."""
    for thread in list(_threads):
        thread.cancel()
        thread.wait()


class ImportProgressDialog(QDialog):
    """“正在读取……” with a busy bar and 取消, while an ``ImportThread`` reads the files.

    ``read(ImportOutcome)`` or ``failed(message)`` is emitted once the thread reports,
    after the dialog has closed. 取消 (or Esc, or closing the dialog) tells the thread
    to stop at its next checkpoint and closes the dialog at once; whatever the
    thread still produces is dropped.
    """

    read = Signal(object)
    failed = Signal(str)

    def __init__(self, paths: list[str], fallback_year: int, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setWindowTitle("导入上年文件")
        self.cancelled = False
        self.thread = ImportThread(paths, fallback_year)
        lay = QVBoxLayout(self)
        names = "、".join(f"“{os.path.basename(p)}”" for p in paths)
        self.label = QLabel(f"正在读取{names}……\n读取完成前不会改动任何文档；可以随时取消。")
        self.label.setWordWrap(True)
        lay.addWidget(self.label)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        lay.addWidget(self.bar)
        self.buttons = QDialogButtonBox()
        self.cancel_button = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.clicked.connect(self.reject)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def start(self) -> None:
        """Show the dialog (window-modal, not blocking) and start reading."""
        thread = self.thread
        _threads.add(thread)
        thread.done.connect(self._done)
        thread.finished.connect(thread.deleteLater)       # in the main thread, once it has ended
        thread.destroyed.connect(lambda *_: _threads.discard(thread))
        event = thread.cancel_event        # the dialog goes with its window: stop reading too
        self.destroyed.connect(lambda *_: event.set())
        app = QCoreApplication.instance()
        if app is not None and not getattr(app, "_jxzp_import_stop", False):
            app._jxzp_import_stop = True
            app.aboutToQuit.connect(_stop_all)
        self.setCursor(Qt.CursorShape.BusyCursor)
        self.open()
        thread.start()

    def _done(self, result) -> None:
        status, value = result
        if self.cancelled or status == "cancelled":
            return
        self.cancelled = True          # reported: closing now is no cancel
        self.accept()
        if status == "ok":
            self.read.emit(value)
        else:
            self.failed.emit(value)

    def reject(self) -> None:
        if not self.cancelled:
            self.cancelled = True
            self.thread.cancel()
        super().reject()
