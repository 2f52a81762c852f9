"""The 导出 dialog (Excel 附表, PDF, Word 正文, 纯文本) and the 打印 dialog.

The dialogs collect the choices and show the outcome; the files are written from a snapshot
of the report by ``gui.fileio.ExportThread`` (in a separate process, which the thread waits
for), so the window stays responsive while a large report is written, and 停止导出 can end
it at once.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGridLayout,
                               QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QMessageBox, QProgressBar, QPushButton, QSizePolicy, QStyle, QVBoxLayout,
                               QWidget)

from . import fileio
from .fileio import FORMAT_BY_KEY, FORMATS, ExportOutcome, ExportPlan, ExportThread

ERROR_COLOR = "#c62828"
FALLBACK_COLOR = "#ad6800"
OK_COLOR = "#2e7d32"


def ask_export_with_errors(parent: Optional[QWidget], errors: int) -> bool:
    """审核 found errors: export anyway? (A plain function, so tests can answer it.)"""
    box = QMessageBox(QMessageBox.Icon.Warning, "审核发现错误", f"审核发现 {errors} 个错误，仍要导出吗？",
                      parent=parent)
    box.setInformativeText("有错误的报告导出后数字可能前后不一致。可以先在“审核”面板中逐条查看并修改；"
                           "也可以先导出查看效果。")
    go = box.addButton("仍要导出", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(go)
    box.exec()
    return box.clickedButton() is go


def open_local(path: Path) -> bool:
    """Open a file or folder with the system's program (the PDF viewer, Excel, Explorer)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class FontTable(QWidget):
    """标题/一级标题/二级标题/正文/附表 → the font the PDF used for it."""

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(2)
        self.rows: list[tuple[str, str, bool]] = []

    def set_fonts(self, fonts) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.rows = fileio.font_rows(fonts)
        for i, (role, how, fallback) in enumerate(self.rows):
            name = QLabel(role + "：")
            value = QLabel(how)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if fallback:
                value.setStyleSheet(f"color: {FALLBACK_COLOR};")
            self.grid.addWidget(name, i, 0, Qt.AlignmentFlag.AlignLeft)
            self.grid.addWidget(value, i, 1, Qt.AlignmentFlag.AlignLeft)
        self.grid.setColumnStretch(1, 1)

    def text(self) -> str:
        return "\n".join(f"{role}：{how}" for role, how, _ in self.rows)


class OutcomeView(QWidget):
    """Files written (double-click opens one), the PDF's fonts, the error if any."""

    ROW_HEIGHT = 24

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.status)
        self.files = QListWidget()
        self.files.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.files.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lay.addWidget(self.files)
        self.fonts_box = QGroupBox("PDF 使用的字体")
        box_lay = QVBoxLayout(self.fonts_box)
        self.fonts = FontTable()
        box_lay.addWidget(self.fonts)
        self.fonts_note = QLabel()
        self.fonts_note.setWordWrap(True)
        box_lay.addWidget(self.fonts_note)
        lay.addWidget(self.fonts_box)
        self.outcome: Optional[ExportOutcome] = None
        self.setVisible(False)

    def show_outcome(self, outcome: ExportOutcome, done_text: str = "") -> None:
        self.outcome = outcome
        self.files.clear()
        style = self.style()
        for key, path in outcome.files:
            note = outcome.notes.get(key)
            item = QListWidgetItem(style.standardIcon(QStyle.StandardPixmap.SP_FileIcon),
                                   f"{FORMAT_BY_KEY[key].label}：{path.name}" + (f"（{note}）" if note else ""))
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip("\n".join(t for t in (str(path), outcome.details.get(key, "")) if t))
            self.files.addItem(item)
        if outcome.files:
            pdf_rows = [i for i, (k, _) in enumerate(outcome.files) if k == "pdf"]
            self.files.setCurrentRow(pdf_rows[0] if pdf_rows else 0)
            rows = self.files.count()
            row_h = max(self.ROW_HEIGHT, self.files.sizeHintForRow(0))
            self.files.setFixedHeight(rows * row_h + 2 * self.files.frameWidth() + 2)
        self.files.setVisible(bool(outcome.files))
        if outcome.ok:
            self.status.setText(done_text or f"已导出 {len(outcome.files)} 个文件"
                                f"（用时 {outcome.seconds:.1f} 秒）。双击可打开：")
            self.status.setStyleSheet(f"color: {OK_COLOR};")
        else:
            kept = f"已写好的 {len(outcome.files)} 个文件保留如下：" if outcome.files else ""
            error = (outcome.error or "").rstrip("。")
            self.status.setText(f"导出未完成：{error}。{kept}")
            self.status.setStyleSheet(f"color: {ERROR_COLOR};")
        self.fonts_box.setVisible(outcome.fonts is not None)
        if outcome.fonts is not None:
            self.fonts.set_fonts(outcome.fonts)
            if outcome.fonts.uses_fallback:
                self.fonts_box.setTitle("PDF 使用的字体")
                self.fonts_note.setText("橙色的部分没有找到可嵌入的中文字体，由 PDF 阅读器用它自带的宋体显示，"
                                        "在其他电脑上效果可能不同。装有仿宋、黑体、楷体、宋体的 Windows 电脑"
                                        "不会出现这种情况。")
                self.fonts_note.setVisible(True)
            else:
                self.fonts_box.setTitle("PDF 使用的字体（均已嵌入 PDF，在任何电脑上打开和打印都一样）")
                self.fonts_note.setVisible(False)
        self.setVisible(True)

    def selected_file(self) -> Optional[Path]:
        item = self.files.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None


class BusyLine(QWidget):
    """A busy bar with the step being done (“正在写入 PDF（正文+附表）：…”)."""

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        lay.addWidget(self.label)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        lay.addWidget(self.bar)
        self.setVisible(False)


def fit_to_contents(dialog: QDialog) -> None:
    """Grow the dialog to its contents (never beyond the screen) once new rows are laid out."""
    def fit() -> None:
        lay = dialog.layout()
        lay.invalidate()
        lay.activate()
        want = lay.totalSizeHint()
        screen = dialog.screen().availableGeometry() if dialog.screen() else None
        h = min(want.height(), screen.height() - 40) if screen else want.height()
        w = max(dialog.width(), want.width())
        dialog.resize(w, max(dialog.height(), h))
    fit()
    QTimer.singleShot(0, dialog, fit)


class _ExportRunner:
    """What the export and print dialogs share: one export thread at a time, a busy
    line while it writes, and no closing the dialog before the files are written.

    The dialog sets ``doc``, ``progress`` (a BusyLine) and ``outcome``, adds the 停止导出
    button (``_add_stop_button``) and has ``_done``.
    """

    thread: Optional[ExportThread] = None
    stop_button: Optional[QPushButton] = None

    def _add_stop_button(self, buttons: QDialogButtonBox) -> None:
        """停止导出, shown while the files are being written."""
        self.stop_button = buttons.addButton("停止导出", QDialogButtonBox.ButtonRole.ActionRole)
        self.stop_button.setToolTip("停止导出：已经写好的文件保留，没有写完的文件不会留下")
        self.stop_button.setVisible(False)
        self.stop_button.clicked.connect(self.stop_export)

    def _launch(self, plan) -> None:
        """Create the export thread for ``plan`` and show that it is busy (not started yet)."""
        self.thread = ExportThread(self.doc.report, plan, self, scores=self.doc.scores())
        self.thread.done.connect(self._done)
        self.thread.step.connect(self._show_step)
        self.progress.label.setText("正在导出……")
        self.progress.setVisible(True)
        self.stop_button.setEnabled(True)
        self.stop_button.setVisible(True)
        self.setCursor(Qt.CursorShape.BusyCursor)

    def _show_step(self, text: str) -> None:
        if self.thread is not None and not self.thread.cancel_event.is_set():
            self.progress.label.setText(text)

    def stop_export(self) -> bool:
        """停止导出: end the export; the files written so far stay. False when none is running."""
        if self.thread is None or self.thread.cancel_event.is_set():
            return False
        self.thread.cancel()
        self.stop_button.setEnabled(False)
        self.progress.label.setText("正在停止导出……")
        return True

    def _end_thread(self, outcome: ExportOutcome) -> None:
        """The thread has reported: let it go, keep its outcome, stop looking busy."""
        thread, self.thread = self.thread, None
        if thread is not None:
            thread.join()
            thread.deleteLater()
        self.outcome = outcome
        self.unsetCursor()
        self.progress.setVisible(False)
        self.stop_button.setVisible(False)

    @property
    def running(self) -> bool:
        return self.thread is not None

    def reject(self) -> None:
        if self.thread is not None:       # the files are being written: wait for them
            return
        super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.thread is not None:
            event.ignore()
            return
        super().closeEvent(event)


class ExportDialog(_ExportRunner, QDialog):
    """Choose formats, folder and name; 导出 writes them and lists the files and fonts."""

    #: emitted with the outcome when an export has finished
    finished_export = Signal(object)

    def __init__(self, doc, parent: Optional[QWidget] = None, formats: Optional[tuple[str, ...]] = None,
                 folder: Optional[Path] = None):
        super().__init__(parent)
        self.doc = doc
        self.setWindowTitle("导出")
        self.thread: Optional[ExportThread] = None
        self.outcome: Optional[ExportOutcome] = None
        lay = QVBoxLayout(self)
        errors = doc.summary().count("error")
        self.errors_note = QLabel(f"审核发现 {errors} 个错误，导出的报告和附表中可能有前后不一致的数字。"
                                  "可以先在“审核”面板中查看并修改。")
        self.errors_note.setWordWrap(True)
        self.errors_note.setStyleSheet(f"color: {ERROR_COLOR};")
        self.errors_note.setVisible(errors > 0)
        lay.addWidget(self.errors_note)

        what = QGroupBox("导出内容")
        what_lay = QVBoxLayout(what)
        chosen = formats if formats is not None else fileio.DEFAULT_FORMATS
        self.checks: dict[str, QCheckBox] = {}
        for fmt in FORMATS:
            cb = QCheckBox(f"{fmt.label}（{fmt.suffix}）")
            cb.setChecked(fmt.key in chosen)
            cb.setToolTip(fmt.description)
            cb.toggled.connect(self._update)
            self.checks[fmt.key] = cb
            row = QHBoxLayout()
            row.addWidget(cb)
            hint = QLabel(fmt.description)
            hint.setStyleSheet("color: palette(placeholder-text);")
            row.addWidget(hint, 1)
            what_lay.addLayout(row)
        lay.addWidget(what)

        where = QGroupBox("保存位置")
        form = QFormLayout(where)
        self.folder = QLineEdit(str(folder or self._default_folder()))
        self.folder.textChanged.connect(self._update)
        self.browse = QPushButton("浏览…")
        self.browse.clicked.connect(self.choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse)
        form.addRow("文件夹", row)
        self.base = QLineEdit(fileio.default_base_name(doc.report, doc.path))
        self.base.setMinimumWidth(360)
        self.base.textChanged.connect(self._update)
        form.addRow("文件名", self.base)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        form.addRow("", self.preview)
        lay.addWidget(where)

        self.progress = BusyLine()
        lay.addWidget(self.progress)

        self.result = OutcomeView()
        lay.addWidget(self.result, 1)

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton("导出", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.open_folder_button = self.buttons.addButton("打开文件夹", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_file_button = self.buttons.addButton("打开文件", QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self._add_stop_button(self.buttons)
        self.export_button.clicked.connect(self.start_export)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.open_file_button.clicked.connect(self.open_file)
        self.close_button.clicked.connect(self.reject)
        self.result.files.itemDoubleClicked.connect(lambda *_: self.open_file())
        lay.addWidget(self.buttons)
        self._update()
        self.resize(max(640, self.sizeHint().width()), self.sizeHint().height())

    # ----------------------------------------------------------------- choices
    def _default_folder(self) -> Path:
        if self.doc.path is not None:
            return Path(self.doc.path).parent
        return fileio.documents_dir()

    def plan(self) -> ExportPlan:
        keys = tuple(k for k, cb in self.checks.items() if cb.isChecked())
        return ExportPlan(Path(self.folder.text().strip()), self.base.text().strip(), keys)

    def set_formats(self, keys) -> None:
        for k, cb in self.checks.items():
            cb.setChecked(k in keys)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择保存导出文件的文件夹", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _update(self) -> None:
        plan = self.plan()
        problem = plan.problem()
        running = self.thread is not None
        self.export_button.setEnabled(problem is None and not running)
        if problem:
            self.preview.setText(problem)
            self.preview.setStyleSheet(f"color: {ERROR_COLOR};")
        else:
            targets = plan.targets()
            suffixes = "、".join(p.suffix for _, p in targets)
            text = (f"将写入：{targets[0][1].name}" if len(targets) == 1
                    else f"将写入 {len(targets)} 个文件：{plan.base.strip()} {suffixes}")
            just_written = {p for _, p in self.outcome.files} if self.outcome else set()
            existing = [p for p in plan.existing() if p not in just_written]
            if existing:
                text += f"\n已存在、导出时将被替换：{'、'.join(p.name for p in existing)}"
            self.preview.setText(text)
            self.preview.setStyleSheet(f"color: {FALLBACK_COLOR};" if existing else "")
        has_files = bool(self.outcome and self.outcome.files)
        self.open_folder_button.setEnabled(has_files and not running)
        self.open_file_button.setEnabled(has_files and not running)
        self.close_button.setEnabled(not running)

    # ----------------------------------------------------------------- export
    def start_export(self) -> bool:
        """Start writing the files; False when nothing was started."""
        if self.thread is not None:
            return False
        plan = self.plan()
        if plan.problem() is not None:
            return False
        errors = self.doc.summary().count("error")
        if errors and not ask_export_with_errors(self, errors):
            return False
        self._launch(plan)
        self.result.setVisible(False)
        self._set_inputs_enabled(False)
        self._update()
        self.thread.start()
        return True

    def _set_inputs_enabled(self, on: bool) -> None:
        for cb in self.checks.values():
            cb.setEnabled(on)
        self.folder.setEnabled(on)
        self.browse.setEnabled(on)
        self.base.setEnabled(on)

    def _done(self, outcome: ExportOutcome) -> None:
        self._end_thread(outcome)
        self._set_inputs_enabled(True)
        self.result.show_outcome(outcome)
        self.export_button.setText("再次导出")
        self._update()
        fit_to_contents(self)
        self.finished_export.emit(outcome)

    def open_folder(self) -> bool:
        if self.outcome is None or not self.outcome.files:
            return False
        return open_local(self.outcome.files[0][1].parent)

    def open_file(self) -> bool:
        path = self.result.selected_file()
        return open_local(path) if path is not None else False

PRINT_EXPLANATION = (
    "打印时，程序先把报告正文和全部附表生成一个 PDF 文件（保存在临时文件夹中），"
    "再用本机的 PDF 阅读器打开它（如 WPS、Adobe Reader、Edge 浏览器）。"
    "在阅读器中可以逐页预览，然后用阅读器的“打印”命令（Ctrl+P）选择打印机打印。\n\n"
    "打印时请选择“实际大小”（不要选“适合页面”），正文的页边距和字号才符合公文格式。"
    "正文为 A4 纵向，附件3、附件4 为 A4 横向。"
)


class PrintDialog(_ExportRunner, QDialog):
    """打印: write the PDF to the temp folder and open it in the system's PDF viewer."""

    finished_export = Signal(object)

    def __init__(self, doc, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.doc = doc
        self.setWindowTitle("打印")
        self.thread: Optional[ExportThread] = None
        self.outcome: Optional[ExportOutcome] = None
        self.opened: Optional[bool] = None
        lay = QVBoxLayout(self)
        text = QLabel(PRINT_EXPLANATION)
        text.setWordWrap(True)
        text.setMinimumWidth(520)
        lay.addWidget(text)
        self.progress = BusyLine()
        lay.addWidget(self.progress)
        self.result = OutcomeView()
        lay.addWidget(self.result, 1)
        self.buttons = QDialogButtonBox()
        self.go_button = self.buttons.addButton("生成 PDF 并打开", QDialogButtonBox.ButtonRole.AcceptRole)
        self.go_button.setDefault(True)
        self.folder_button = self.buttons.addButton("打开文件夹", QDialogButtonBox.ButtonRole.ActionRole)
        self.folder_button.setVisible(False)
        self.close_button = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self._add_stop_button(self.buttons)
        self.go_button.clicked.connect(self.start)
        self.folder_button.clicked.connect(lambda: self.outcome and open_local(self.outcome.files[0][1].parent))
        self.close_button.clicked.connect(self.reject)
        lay.addWidget(self.buttons)

    def start(self) -> bool:
        if self.thread is not None:
            return False
        errors = self.doc.summary().count("error")
        if errors and not ask_export_with_errors(self, errors):
            return False
        try:
            plan = fileio.print_plan(self.doc.report, self.doc.path)
        except OSError as e:
            self._show_failure(ExportOutcome(error=f"无法在临时文件夹中创建打印文件：{e.strerror or e}"))
            return False
        self._launch(plan)
        self.go_button.setEnabled(False)
        self.close_button.setEnabled(False)
        self.thread.start()
        return True

    def _show_failure(self, outcome: ExportOutcome) -> None:
        self.outcome = outcome
        self.result.show_outcome(outcome)
        fit_to_contents(self)

    def _done(self, outcome: ExportOutcome) -> None:
        self._end_thread(outcome)
        self.close_button.setEnabled(True)
        self.close_button.setText("关闭")
        if outcome.ok and outcome.files:
            path = outcome.files[0][1]
            self.opened = open_local(path)
            if self.opened:
                done = f"已在 PDF 阅读器中打开“{path.name}”，请在阅读器中预览并打印（Ctrl+P）。"
            else:
                done = (f"已生成“{path}”，但本机没有可以打开 PDF 的程序。"
                        "请安装 PDF 阅读器（或用浏览器打开该文件）后打印。")
            self.result.show_outcome(outcome, done)
            self.folder_button.setVisible(True)
            self.go_button.setText("重新生成")
        else:
            self.result.show_outcome(outcome)
        self.go_button.setEnabled(True)
        fit_to_contents(self)
        self.finished_export.emit(outcome)
