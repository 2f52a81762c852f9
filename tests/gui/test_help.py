"""帮助 › 使用说明 (F1): the guide opens inside the program, with its headings and pictures."""
import re
import tomllib
from pathlib import Path

import pytest

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QTextDocument

from gui.help import GUIDE_DIR, GUIDE_FILE, GuideDialog
from gui.mainwindow import MainWindow

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support")

HEADINGS = ("第一步：新建或打开文件", "从上年的文件开始", "填写：左侧的导航栏", "审核", "导出与打印", "汇总")


def _images(text: str) -> list[str]:
    return re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)


def test_f1_opens_the_guide_with_its_headings_and_pictures(qtbot):
    win = MainWindow(findings_delay_ms=0)
    qtbot.addWidget(win)
    win.doc.autosave_timer.stop()
    win.show()
    qtbot.waitExposed(win)
    # F1 anywhere in the window (the offscreen test platform does not always give a window the
    # keyboard, so the key's action is triggered as the shortcut would)
    assert win.act_guide.shortcut() == QKeySequence("F1")
    assert win.act_guide.shortcutContext() == Qt.ShortcutContext.WindowShortcut
    assert win.act_guide in win.actions()
    win.act_guide.trigger()
    dialog = win.findChild(GuideDialog)
    assert dialog is not None and dialog.isVisible() and dialog.loaded
    assert dialog.windowTitle().startswith("使用说明")
    headings = dialog.headings()
    for h in HEADINGS:
        assert h in headings
    doc = dialog.browser.document()
    pictures = _images(GUIDE_FILE.read_text(encoding="utf-8"))
    assert pictures
    for name in pictures:
        image = doc.resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
        assert isinstance(image, (QImage, QPixmap)) and not image.isNull() and image.width() > 300, name
    # F1 again brings back the same window, not a second one
    win.act_guide.trigger()
    assert win.findChildren(GuideDialog) == [dialog]
    # 帮助 has the guide and still the 关于 box
    help_menu = next(a.menu() for a in win.menuBar().actions() if a.text().startswith("帮助"))
    assert [a.text() for a in help_menu.actions() if not a.isSeparator()] == ["使用说明", "关于"]


def test_guide_pictures_are_few_small_and_installed():
    pictures = sorted(GUIDE_DIR.glob("*.png"))
    assert 1 <= len(pictures) <= 6
    for p in pictures:
        assert p.stat().st_size <= 80_000, p.name
    used = set(_images(GUIDE_FILE.read_text(encoding="utf-8")))
    assert used == {p.name for p in pictures}          # none missing, none left over
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["resources"]
    for f in [GUIDE_FILE, *pictures]:
        rel = f.relative_to(ROOT / "resources").as_posix()
        assert any(Path(rel).match(pat) for pat in patterns), rel


def test_a_missing_guide_says_so_in_chinese(qtbot, tmp_path):
    dialog = GuideDialog(None, tmp_path / "guide.md")
    qtbot.addWidget(dialog)
    assert not dialog.loaded
    assert "找不到使用说明文件" in dialog.browser.toPlainText()
