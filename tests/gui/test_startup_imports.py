"""What the program loads before the window's first paint: only what that paint needs.

Scores, 审核 rules, the 审核 list, dialogs, exporters and importers come later, when first
used; this guards the start-up time (see bench/README.md) against an import creeping back.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LATER = ("model.checks", "model.scoring", "model.summary", "model.ratios", "model.rollover",
         "gui.findings_list", "gui.new_report_dialog", "gui.settings_dialog", "gui.rollover_year_dialog",
         "gui.export_dialog", "gui.import_dialog", "gui.fileio", "gui.pages.section", "gui.pages.indicators",
         "gui.pages.projects", "gui.recovery", "gui.commands", "export", "importers", "openpyxl", "reportlab", "docx", "hashlib",
         "calendar")

CHILD = """
import json, sys
from PySide6.QtCore import QEvent, QObject
from gui.app import setup_application, start_window
app = setup_application()
later = {later!r}
seen = {{}}
class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "paint" not in seen:
            seen["paint"] = sorted(m for m in later if m in sys.modules)
        return False
from gui.mainwindow import MainWindow
win, start = start_window({file!r})
watch = Watch()
win.installEventFilter(watch)
while "paint" not in seen:
    app.processEvents()
start()
while not win.findings.refreshed_once:
    app.processEvents()
seen["after first pass"] = sorted(m for m in later if m in sys.modules)
seen["path"] = str(win.doc.path)
print(json.dumps(seen))
win.doc.close()
"""


def test_first_paint_loads_nothing_it_does_not_need(tmp_path):
    sample = ROOT / "resources" / "samples" / "示例-某县总工会-2024.jxzp"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", JXZP_DATA_DIR=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", CHILD.format(later=LATER, file=str(sample))], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["path"] == str(sample)                      # the report was open at the first paint
    assert seen["paint"] == []
    # the first 审核 pass then loads the rules and the list: the probe sees real imports
    assert {"model.checks", "model.summary", "gui.findings_list"} <= set(seen["after first pass"])
