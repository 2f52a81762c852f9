"""帮助 › 使用说明 (F1): the short user guide, shown inside the program.

The guide is ``resources/guide/guide.md`` with its screenshots next to it (made from the
real window by ``docs/make_screenshots.py``); a QTextBrowser shows it, so it needs no web
browser and works offline. The main window keeps one and brings it back on F1.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

GUIDE_DIR = Path(__file__).resolve().parent.parent / "resources" / "guide"
GUIDE_FILE = GUIDE_DIR / "guide.md"
GUIDE_TITLE = "使用说明"


class GuideDialog(QDialog):
    """The guide in a window of its own, beside the report (not modal)."""

    def __init__(self, parent: Optional[QWidget] = None, guide: Path = GUIDE_FILE):
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle(f"{GUIDE_TITLE} - 绩效自评填报")
        self.setModal(False)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)
        self.browser.anchorClicked.connect(self._anchor)
        self.browser.setSearchPaths([str(guide.parent)])
        self.browser.document().setDocumentMargin(14)
        self.loaded = self._load(guide)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.close)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addWidget(self.browser, 1)
        lay.addWidget(buttons)
        self.resize(820, 680)

    def _load(self, guide: Path) -> bool:
        if not guide.is_file():
            self.browser.setPlainText(f"找不到使用说明文件：\n{guide}\n\n请重新安装程序，或查看随程序附带的 README.md。")
            return False
        # as a source (not setMarkdown): the screenshots are found next to the guide
        self.browser.setSource(QUrl.fromLocalFile(str(guide)), QTextDocument.ResourceType.MarkdownResource)
        return True

    def _anchor(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
            self.browser.setSource(self.browser.source())       # stay on the guide

    def headings(self) -> list[str]:
        """The guide's headings (for the tests and a quick look)."""
        doc = self.browser.document()
        out = []
        block = doc.begin()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0:
                out.append(block.text())
            block = block.next()
        return out

