"""``bench/collect.py --quick`` still runs and reports what it promises (slow: whole processes)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_collect_benchmark_runs():
    out = subprocess.run([sys.executable, "bench/collect.py", "--quick", "--json"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["count"] == 20 and result["collect_s"] > 0 and result["json_floor_s"] > 0
    # the printed seconds are rounded to 0.01 s, so the ratio is checked to that precision
    low = (result["collect_s"] - 0.005) / (result["json_floor_s"] + 0.005)
    high = (result["collect_s"] + 0.005) / (result["json_floor_s"] - 0.005)
    assert low - 0.05 <= result["ratio"] <= high + 0.05
    assert result["peak_mb"] > 0 and result["db_mb"] >= 0
