"""The 文件 menu's 导出 / 打印 / 导入上年 Excel/Word actions of a main window.

``IoActions(window)`` creates the actions (Ctrl+E, Ctrl+P, Ctrl+I), puts them into
the 文件 menu and the toolbar and keeps the window's export/import dialog; the window
holds it as ``window.io`` (nothing here sets attributes on the window). The dialogs are
window-modal but not blocking (``open()``), and each slot returns its dialog so
that it can be driven programmatically.
"""
from __future__ import annotations

import copy
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QMenu, QStyle, QToolBar, QWidget

from . import dialogs
from .windows import default_year

if TYPE_CHECKING:    # the dialogs and the file work are imported when first used, not at start-up
    from . import fileio
    from .export_dialog import ExportDialog, PrintDialog
    from .import_dialog import ImportProgressDialog, ImportSummaryDialog

#: what the last export chose, offered again (for this run of the program)
_last_choice: dict[str, object] = {"formats": None, "folder": None}   # formats: None = the default


def ask_replace_unsaved(parent: Optional[QWidget], name: str) -> str:
    """The document to be replaced has unsaved changes: 先保存 / 不保存 / 取消."""
    return dialogs.ask(parent, "Warning", "替换当前文档",
                        f"“{name}”有尚未保存的修改。",
                        "替换前是否先保存？选择“不保存”也可以在替换后用“撤销”（Ctrl+Z）找回当前内容。",
                        [(dialogs.SAVE, "先保存", dialogs.ACCEPT),
                         (dialogs.DISCARD, "不保存，直接替换", dialogs.DESTRUCTIVE),
                         (dialogs.CANCEL, "取消", dialogs.REJECT)], dialogs.SAVE)


# --------------------------------------------------------------------------- actions

def _icon(window, theme: Optional[QIcon.ThemeIcon], fallback: Optional[QStyle.StandardPixmap]) -> QIcon:
    """The system's icon (Windows 11, desktop themes) or else one of the style's own."""
    own = window.style().standardIcon(fallback) if fallback is not None else QIcon()
    if theme is not None and QIcon.hasThemeIcon(theme):
        return QIcon.fromTheme(theme, own)
    return own


def _make_action(window, text: str, slot, shortcut: str, tip: str,
                 icon: Optional[QIcon.ThemeIcon] = None, fallback: Optional[QStyle.StandardPixmap] = None) -> QAction:
    a = QAction(text, window)
    a.setShortcut(QKeySequence(shortcut))
    a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    if icon is not None or fallback is not None:
        a.setIcon(_icon(window, icon, fallback))
    a.setStatusTip(tip)
    a.setToolTip(f"{text.replace('…', '')}（{QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)}）")
    a.triggered.connect(lambda *_: slot(window))
    window.addAction(a)
    return a


def _file_menu(window) -> Optional[QMenu]:
    for a in window.menuBar().actions():
        if a.menu() is not None and a.text().startswith("文件"):
            return a.menu()
    return None


def busy(window) -> bool:
    """An export or print of this window is still writing its files."""
    return window.io.busy()


def _insert_after(widget, anchor, actions, separator: bool = False) -> None:
    """Put ``actions`` right after ``anchor`` in a menu or tool bar (at the end when the
    anchor is not there), with a separator in front of them if asked."""
    items = widget.actions()
    if anchor in items:
        i = items.index(anchor)
        before = items[i + 1] if i + 1 < len(items) else None
        if separator:
            widget.insertSeparator(before)
        widget.insertActions(before, actions)
    else:
        if separator:
            widget.addSeparator()
        widget.addActions(actions)


class IoActions(QObject):
    """The 导出… / 打印… / 导入上年 Excel/Word… actions of one main window and the dialog
    they have open (``dialog``); keeps the window open while an export is still writing."""

    def __init__(self, window):
        super().__init__(window)
        self.dialog: Optional[QWidget] = None
        SP, TI = QStyle.StandardPixmap, QIcon.ThemeIcon
        self.actions: dict[str, QAction] = {
            "export": _make_action(window, "导出…", export_dialog, "Ctrl+E",
                                   "导出 Excel 附表、PDF（正文+附表）、Word 正文或纯文本",
                                   TI.DocumentSend, SP.SP_FileLinkIcon),
            "print": _make_action(window, "打印…", print_dialog, "Ctrl+P",
                                  "生成 PDF 并在 PDF 阅读器中预览、打印", TI.DocumentPrint, SP.SP_FileDialogDetailedView),
            "import": _make_action(window, "导入上年 Excel/Word…", import_dialog, "Ctrl+I",
                                   "从上年填好的附件表（.xlsx）和报告（.docx）中读取内容"),
        }
        acts = self.actions
        menu = _file_menu(window)
        if menu is not None:
            _insert_after(menu, getattr(window, "act_rollover", None), [acts["import"]])
            _insert_after(menu, getattr(window, "act_save_as", None), [acts["export"], acts["print"]],
                          separator=True)
        bar = window.findChild(QToolBar, "mainToolbar")
        if bar is not None:
            _insert_after(bar, getattr(window, "act_save", None), [acts["export"], acts["print"]],
                          separator=True)

    def busy(self) -> bool:
        """An export or print is still writing its files."""
        dlg = self.dialog
        return dlg is not None and shiboken6.isValid(dlg) and bool(getattr(dlg, "running", False))

    def refuse_close(self) -> bool:
        """True while an export or print is still writing its files: the window stays open (it
        says why in its status bar). The window asks this first when it is about to close (a
        check in its ``closeEvent``, not a filter that every event of the window passes)."""
        if not self.busy():
            return False
        self.parent().statusBar().showMessage("正在导出，请等导出完成后再关闭窗口", 5000)
        return True


# --------------------------------------------------------------------------- export and print

def export_dialog(window) -> ExportDialog:
    """导出…: the dialog, window-modal; remembers the formats and folder chosen last."""
    from . import fileio
    from .export_dialog import ExportDialog
    folder = None if window.doc.path is not None else _last_choice["folder"]
    formats = _last_choice["formats"] or fileio.DEFAULT_FORMATS
    dlg = ExportDialog(window.doc, window, formats=tuple(formats),
                       folder=Path(folder) if folder and Path(folder).is_dir() else None)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def remember(outcome) -> None:
        plan = dlg.plan()
        _last_choice["formats"] = plan.formats
        _last_choice["folder"] = str(plan.folder)
        if outcome.ok:
            window.statusBar().showMessage(f"已导出 {len(outcome.files)} 个文件到“{plan.folder}”", 8000)

    dlg.finished_export.connect(remember)
    window.io.dialog = dlg
    dlg.open()
    return dlg


def print_dialog(window) -> PrintDialog:
    """打印…: explains what happens, then writes the PDF and opens it in the PDF viewer."""
    from .export_dialog import PrintDialog
    dlg = PrintDialog(window.doc, window)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.io.dialog = dlg
    dlg.open()
    return dlg


# --------------------------------------------------------------------------- import

def import_dialog(window) -> Optional[ImportProgressDialog]:
    """导入上年 Excel/Word…: pick one workbook and/or one report; they are read in a
    worker thread (``import_paths``), then the summary is shown."""
    from . import fileio
    from PySide6.QtWidgets import QFileDialog
    paths, _ = QFileDialog.getOpenFileNames(
        window, "导入上年文件（可同时选择一个 Excel 附件表和一个 Word 报告）", window.start_dir(),
        fileio.import_filter())
    if not paths:
        return None
    return import_paths(window, [str(p) for p in paths])


def import_paths(window, paths: list[str]) -> ImportProgressDialog:
    """Read the files in a worker thread, with a 取消 button, then show the summary;
    nothing changes before the user chooses. Returns the busy dialog."""
    from .import_dialog import ImportProgressDialog
    dlg = ImportProgressDialog(paths, default_year(), window)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.read.connect(lambda outcome: show_import_summary(window, outcome))
    dlg.failed.connect(lambda message: dialogs.show_error(window, "导入失败", message))
    dlg.rejected.connect(lambda: window.statusBar().showMessage("已取消导入，文档没有任何改动", 5000))
    window.io.dialog = dlg
    dlg.start()
    return dlg


def show_import_summary(window, outcome: fileio.ImportOutcome) -> ImportSummaryDialog:
    """What was read; the choice (new document / replace / cancel) is applied when it closes."""
    from .import_dialog import ImportSummaryDialog
    dlg = ImportSummaryDialog(outcome, window, can_replace=True, current_name=window.display_name())
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.finished.connect(lambda *_: apply_import(window, outcome, dlg.choice))
    window.io.dialog = dlg
    dlg.open()
    return dlg


def apply_import(window, outcome: fileio.ImportOutcome, choice: str):
    """Open the imported report as a new document, replace the window's (undoable), or open
    the next year's report made of it (生成本年度报告: import and roll-over in one step)."""
    from .import_dialog import OPEN_NEW, REPLACE, ROLLOVER
    if choice == ROLLOVER:
        return _open_rolled_over(window, outcome)
    if choice == OPEN_NEW:
        target = window.target_window()
        target.doc.new(copy.deepcopy(outcome.report))
        target.tabs.setCurrentIndex(0)
        target.statusBar().showMessage("已导入上年文件（尚未保存），请核对后保存", 10000)
        return target
    if choice == REPLACE:
        if window.doc.modified:
            answer = ask_replace_unsaved(window, window.display_name())
            if answer == dialogs.CANCEL:
                return None
            if answer == dialogs.SAVE and not window.save():
                return None
        window.doc.replace_with(outcome.report, "导入上年文件")
        window.statusBar().showMessage("已用导入的内容替换当前文档；撤销（Ctrl+Z）可恢复原内容", 10000)
        return window
    return None


def _open_rolled_over(window, outcome: fileio.ImportOutcome):
    """The imported report rolled over to the next year, as a new untitled document; its review
    list (shown in 审核) holds what the import and the roll-over ask to check."""
    from model.rollover import RolloverError

    from . import fileio
    try:
        new, _changes = fileio.roll_over_import(outcome)
    except RolloverError as e:
        dialogs.show_error(window, "生成本年度报告失败", str(e))
        return None
    target = window.target_window()
    target.doc.new(new)
    target.tabs.setCurrentIndex(0)
    from model.review import counts_by_kind
    counts = counts_by_kind(new.review)
    kinds = "、".join(f"{kind} {n} 项" for kind, n in counts)
    target.statusBar().showMessage(f"已由导入的 {outcome.report.info.year} 年度内容生成 {new.info.year} 年度报告"
                                   f"（尚未保存）；待复核 {sum(n for _k, n in counts)} 项"
                                   + (f"（{kinds}）" if kinds else "") + "，见“审核”中的提示", 15000)
    return target


__all__ = ["IoActions", "export_dialog", "print_dialog", "import_dialog", "import_paths",
           "show_import_summary", "apply_import", "busy"]
