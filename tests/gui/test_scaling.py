"""The window under real high-DPI scaling (QT_SCALE_FACTOR set before Qt starts, so in a child
process): on 1366×768 at 125 % and 1920×1080 at 150 % every navigation item and every row of
the project fund table is on screen. Marked slow (two child processes); the same checks run in
the default suite at the equivalent logical sizes (``test_navigation``)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import json, sys
from PySide6.QtWidgets import QApplication
from gui.app import setup_application
from gui.document import Document
from gui.mainwindow import MainWindow
from model import store
app = setup_application()
win = MainWindow(Document(store.load(sys.argv[1])), findings_delay_ms=0)
win.doc.autosave_timer.stop()
ratio = app.primaryScreen().devicePixelRatio()
win.resize(round(int(sys.argv[2]) / ratio), round(int(sys.argv[3]) / ratio))
win.show()
for _ in range(5):
    app.processEvents()
win.findings.refresh()
out = {"ratio": ratio, "hidden_items": [], "hidden_rows": []}
nav = win.nav
for item in nav.all_items():
    nav.scrollToItem(item)
    if not nav.viewport().rect().contains(nav.visualItemRect(item)):
        out["hidden_items"].append(item.text(0))
page = win.pages["projects"]
for i in range(len(win.doc.report.projects)):
    nav.setCurrentItem(nav.item_for("projects", i))
    for _ in range(3):
        app.processEvents()
    page.scroll.verticalScrollBar().setValue(0)
    app.processEvents()
    view = page.funds_view
    for row in range(view.model().rowCount()):
        if not view.viewport().rect().contains(view.visualRect(view.model().index(row, 0))):
            out["hidden_rows"].append((i, row))
    if view.visibleRegion().boundingRect() != view.rect():
        out["hidden_rows"].append((i, "table"))
win.doc.close()
print(json.dumps(out))
"""


@pytest.mark.slow
@pytest.mark.parametrize("scale, screen", [("1.25", (1366, 768)), ("1.5", (1920, 1080))])
def test_everything_on_screen_under_scaling(tmp_path, scale, screen):
    sample = ROOT / "resources" / "samples" / "示例-某县总工会-2024.jxzp"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR=scale, JXZP_DATA_DIR=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", CHILD, str(sample), str(screen[0]), str(screen[1])],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["ratio"] == pytest.approx(float(scale))
    assert seen["hidden_items"] == [] and seen["hidden_rows"] == []
