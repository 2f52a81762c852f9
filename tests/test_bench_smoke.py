"""The benchmark script still runs: ``bench/run.py --quick`` on a tiny report prints every row.

No timing is asserted here (times depend on the machine); only that each case ran and printed
a number, or says why it was skipped.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

ROWS = (
    "recompute after one edit, large report",
    "recompute after one edit, typical report",
    "save + load, large report",
    "xlsx export, large report",
    "PDF export, large report",
    "PDF export peak memory, large report (whole process)",
    "PDF export vs LibreOffice converting our xlsx",
    "start-up to first paint, typical report",
    "peak memory, GUI with the large report, after exporting PDF + xlsx",
    "typing one character → repaint, large report",
    "memory after the export ÷ before it (given back?)",
    "keystroke → scores, 审核 list and repaint all finished, large report",
    "paste 100 indicator rows (one undo step), large report",
    "undo that paste, large report",
)
#: rows measured in --quick (the LibreOffice comparison is skipped there: it takes seconds)
MEASURED = ROWS[:6] + ROWS[7:]
#: information rows (no target) measured in --quick
INFORMATION = ("start-up, ours ÷ a bare QMainWindow (information)",)


def test_quick_run_prints_every_row():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--quick"], cwd=str(ROOT),
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = proc.stdout.splitlines()
    assert re.match(r"cores: \d+ ", lines[0])
    rows = {}
    for line in lines:
        if line.startswith("| ") and not line.startswith("| what"):
            cols = [c.strip() for c in line.strip("|").split("|")]
            rows[cols[0]] = cols
    for name in ROWS:
        assert name in rows, f"row missing: {name}\n{proc.stdout}"
    for name in MEASURED:
        ours = rows[name][1]
        assert re.fullmatch(r"\d+(\.\d)? (ms|MB)", ours), f"{name}: {rows[name]}"
        assert rows[name][6] in ("yes", "NO", "—")
    for name in INFORMATION:
        assert name in rows, f"row missing: {name}\n{proc.stdout}"
        assert re.fullmatch(r"\d+(\.\d)? ms", rows[name][1]), f"{name}: {rows[name]}"
        assert re.fullmatch(r"\d+\.\d\d", rows[name][3]), f"{name}: {rows[name]}"
    assert re.search(r"^- start-up, plain Qt window with the same content ÷ bare window: \d+\.\d\d ", proc.stdout, re.M)
    assert re.search(r"^- start-up: 1\.3 × the bare window is \d+\.\d ms; .* namespace \d+\.\d ms and of "
                     r"`QStyle` \d+\.\d ms", proc.stdout, re.M)
    assert "skipped: not in --quick" in rows["scaling: 10 / 150 / 500 / 1 500 projects"][6]
    cold = "start-up after the file cache is emptied (first start of the day)"
    assert "skipped: not in --quick" in rows[cold][6]
    assert "skipped: not in --quick" in rows["PDF export vs LibreOffice converting our xlsx"][6]
    # every row with a floor says what the floor is and how both sides were measured
    for name, cols in rows.items():
        if cols[2] != "—":
            assert len(cols[4]) > 20, f"{name}: no floor definition {cols}"


@pytest.mark.slow
def test_quick_scaling_run_prints_its_table():
    """``--quick --only scaling``: every operation on 2 and 4 projects, the ratio rows and the table."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--only", "scaling"],
                          cwd=str(ROOT), env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    for op in ("save", "load", "check", "recompute", "xlsx", "import", "PDF"):
        assert re.search(rf"^\| scaling 4 ÷ 2 projects: {op} \| \d+\.\d ms \| \d+\.\d ms \| \d+\.\d\d \|", proc.stdout,
                         re.M), proc.stdout
        assert re.search(rf"^\| {op} \| \d+\.\d ms \| \d+\.\d ms \| \d+\.\d × \|$", proc.stdout, re.M), proc.stdout
    assert re.search(r"^\| PDF export peak memory, 4 projects \(whole process\) \| \d+ MB ", proc.stdout, re.M)
