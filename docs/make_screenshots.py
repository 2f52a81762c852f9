"""Make the screenshots of the README (docs/screenshots/) and of the user guide (resources/guide/)
from the real window, with the sample report, at 1366×768 (the common office screen).

    QT_QPA_PLATFORM=offscreen python docs/make_screenshots.py

The guide's pictures are scaled down and stored with a reduced palette so that each stays
under ``GUIDE_IMAGE_LIMIT`` bytes (they are installed with the program).
"""
from __future__ import annotations

import copy
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SAMPLE = ROOT / "resources" / "samples" / "示例-某县总工会-2024.jxzp"
README_DIR = ROOT / "docs" / "screenshots"
GUIDE_DIR = ROOT / "resources" / "guide"
WINDOW_SIZE = (1366, 768)
GUIDE_WIDTH = 720
GUIDE_IMAGE_LIMIT = 80_000


def _settle(app, rounds: int = 6) -> None:
    for _ in range(rounds):
        app.processEvents()


def _window(app, report):
    from gui.document import Document
    from gui.mainwindow import MainWindow
    win = MainWindow(Document(report), findings_delay_ms=0)
    win.doc.autosave_timer.stop()
    win.resize(*WINDOW_SIZE)
    win.show()
    _settle(app)
    win.findings.refresh()
    _settle(app)
    return win


def _small(image, width: int = GUIDE_WIDTH):
    """Scaled to ``width`` and stored with a palette, smaller each try until under the limit."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage
    for w in (width, width * 9 // 10, width * 8 // 10, width * 7 // 10):
        scaled = image.scaledToWidth(w, Qt.TransformationMode.SmoothTransformation) if image.width() > w else image
        indexed = scaled.convertToFormat(QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither)
        data = QByteArray()
        buf = QBuffer(data)
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        indexed.save(buf, "PNG", 9)
        if data.size() <= GUIDE_IMAGE_LIMIT:
            return indexed
    return indexed


def _save(image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), "PNG", 9):
        raise SystemExit(f"无法写入 {path}")
    print(f"{path.relative_to(ROOT)}  {image.width()}×{image.height()}  {path.stat().st_size // 1024} KB")


def main() -> int:
    from gui.app import setup_application
    from model import store

    app = setup_application()
    report = store.load(SAMPLE)

    # -- the README: the whole window on the pages people ask about
    win = _window(app, copy.deepcopy(report))
    for key, name in (("dept", "main-window.png"), ("projects", "indicators.png"), ("section-5", "section.png")):
        win.select_tab(key)
        _settle(app)
        _save(win.grab().toImage(), README_DIR / name)

    # -- the guide
    win.select_tab("info")
    _settle(app)
    _save(_small(win.grab().toImage()), GUIDE_DIR / "window.png")
    win.select_tab("projects")
    _settle(app)
    _save(_small(win.grab().toImage()), GUIDE_DIR / "projects.png")
    win.doc.close()
    win.close()

    # 审核 with findings: a wrong phone number, an empty part of the 正文, more staff than posts
    findings = copy.deepcopy(report)
    findings.info.phone = "12"
    findings.sections[6] = ""
    findings.staff.actual_staff = sum(n or 0 for n in (findings.staff.admin_posts, findings.staff.institution_posts,
                                                       findings.staff.other_posts)) + 3
    win = _window(app, findings)
    win.resizeDocks([win.findings], [190], _vertical())
    win.select_tab("staff")
    _settle(app)
    _save(_small(win.grab().toImage()), GUIDE_DIR / "review.png")
    win.doc.close()
    win.close()
    _settle(app)
    return 0


def _vertical():
    from PySide6.QtCore import Qt
    return Qt.Orientation.Vertical


if __name__ == "__main__":
    raise SystemExit(main())
