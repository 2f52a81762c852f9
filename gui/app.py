"""Application start: QApplication, names for settings, a Chinese font, the main window.

``run(file, screenshot=, tab=)`` is what ``python main.py [FILE]`` calls.
With ``screenshot`` the main window is rendered offscreen to a PNG (no
recovery question, no dialog) and the program exits.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

#: CJK-capable fonts in order of preference (Windows office PCs first)
PREFERRED_FONTS = ("Microsoft YaHei UI", "Microsoft YaHei", "微软雅黑", "SimSun", "宋体",
                   "Noto Sans CJK SC", "Source Han Sans SC", "思源黑体", "WenQuanYi Zen Hei",
                   "WenQuanYi Micro Hei", "文泉驿正黑", "PingFang SC", "Heiti SC", "AR PL UMing CN")
#: the screenshot shows the window as on the common office screen
SCREENSHOT_SIZE = (1366, 768)
#: the windows' icon (drawn by packaging/make_icon.py, like the .exe's and the installer's)
APP_ICON = Path(__file__).resolve().parent.parent / "resources" / "icons" / "jxzp.png"


def choose_font_family(available: list[str]) -> Optional[str]:
    """The first preferred CJK family that is installed (case-insensitive), else None."""
    lower = {f.lower(): f for f in available}
    for name in PREFERRED_FONTS:
        if name.lower() in lower:
            return lower[name.lower()]
    return None


def setup_application(argv: Optional[list[str]] = None):
    """The QApplication (created once), with names, a CJK font and the Chinese Qt texts."""
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
    from PySide6.QtGui import QFontDatabase, QGuiApplication
    from PySide6.QtWidgets import QApplication

    from . import settings

    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else [sys.argv[0]])
    QCoreApplication.setApplicationName(settings.APP_NAME)
    QCoreApplication.setOrganizationName(settings.ORG_NAME)
    QCoreApplication.setOrganizationDomain(settings.ORG_DOMAIN)
    QGuiApplication.setApplicationDisplayName(settings.APP_NAME)
    if not getattr(app, "_jxzp_ready", False):
        family = choose_font_family(QFontDatabase.families())
        if family:
            font = app.font()
            font.setFamily(family)
            if font.pointSizeF() < 10:
                font.setPointSizeF(10)
            app.setFont(font)
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        translator = QTranslator(app)
        if translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_",
                           QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(translator)
        from PySide6.QtGui import QIcon
        app.setWindowIcon(QIcon(str(APP_ICON)))
        app._jxzp_ready = True
    return app


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def render_screenshot(file: Optional[str], out: str, tab: Optional[str] = None) -> int:
    """Render the main window (with ``file``) to ``out`` (PNG); 0 on success, 2 on failure."""
    from PySide6.QtCore import QCoreApplication

    from model import store

    from .document import Document
    from .mainwindow import MainWindow

    setup_application()
    doc = Document()
    if file:
        path = Path(file)
        try:
            # never take the lock or ask anything: a screenshot only reads
            doc.open_file(path, read_only=True)
        except store.StoreError as e:
            _err(f"错误：{e}")
            return 2
    win = MainWindow(doc, findings_delay_ms=0)
    win.doc.autosave_timer.stop()
    win.resize(*SCREENSHOT_SIZE)
    if tab and not win.select_tab(tab):
        titles = "、".join(win.tabs.tabText(i) for i in range(win.tabs.count()))
        _err(f"错误：没有名为“{tab}”的页面。可用的页面：{titles}")
        win.doc.close()
        win.deleteLater()
        return 2
    win.findings.refresh()
    win.show()
    for _ in range(3):
        QCoreApplication.processEvents()
    image = win.grab()
    out_path = Path(out)
    ok = image.save(str(out_path), "PNG")
    win.doc.close()
    win.hide()
    win.deleteLater()
    QCoreApplication.processEvents()
    if not ok:
        _err(f"错误：无法写入截图文件“{out_path}”")
        return 2
    return 0


def show_main_window(win) -> None:
    """Show the window: maximised when the screen is smaller than the window wants to be
    (1366×768, or 1920×1080 at 125 %) and no size was remembered from an earlier session."""
    if not win.layout_restored and win.screen_too_small():
        win.showMaximized()
    else:
        win.show()


def start_window(file: Optional[str] = None, tab: Optional[str] = None):
    """The first main window, shown; and what is left to do once the event loop runs.

    A file that can be opened without a question (it exists, no other program has it open,
    no unsaved work of an earlier session waits to be offered back) is opened before the
    window is shown, so that its first paint shows the report. Otherwise the window shows
    first and the questions follow: the offer of unsaved work, then the file.
    """
    from .document import lock_holder
    from .mainwindow import MainWindow
    from .recovery_slot import any_recovery_files

    def work_waiting() -> bool:
        # the scan of the recovery folder (gui.recovery) is loaded only when it holds a file
        if not any_recovery_files():
            return False
        from . import recovery
        return bool(recovery.pending())

    win = MainWindow()
    win.restore_layout()
    path = Path(file) if file else None
    opened_first = path is not None and path.is_file() and not lock_holder(path) and not work_waiting()
    if opened_first:
        win.open_path(path)         # a damaged file gets its message here, once
    show_main_window(win)
    if tab:
        win.select_tab(tab)

    def start() -> None:
        win.offer_recovery()
        if path is not None and not opened_first:
            win.open_path(path)

    return win, start


def run(file: Optional[str] = None, screenshot: Optional[str] = None, tab: Optional[str] = None) -> int:
    """Start the editor (optionally with a file); with ``screenshot`` render a PNG and exit."""
    if screenshot:
        if not os.environ.get("QT_QPA_PLATFORM"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return render_screenshot(file, screenshot, tab)

    from PySide6.QtCore import QTimer

    from .windows import live_windows

    app = setup_application()
    win, start = start_window(file, tab)
    QTimer.singleShot(0, start)

    def session_ending(_manager) -> None:
        # the system logs off or shuts down: keep unsaved work for the next start
        for w in live_windows():
            if w.doc.modified:
                w.doc.abandon()

    app.commitDataRequest.connect(session_ending)
    return app.exec()
