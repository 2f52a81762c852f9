"""汇总 at scale: ``python main.py collect`` over N generated reports, against reading them with json.

    python bench/collect.py                 # 1 000 typical reports (5 projects × 12 indicators each)
    python bench/collect.py --count 200     # fewer
    python bench/collect.py --quick         # 20 tiny reports (a smoke run)

Both sides are whole processes, timed from spawn to exit: ours is ``main.py collect FOLDER --db``
into a fresh 汇总库 (read, parse, validate, score, 审核, 考核 items, SQLite upsert with the file
kept compressed); the floor is a bare ``python -c`` that ``json.loads`` every file of the folder.
A second collect over the same folder (every file 内容未变) is shown as well. Memory: the peak
resident memory (VmHWM) of the collect process for N/5 and N files — flat means it does not
grow with the number of files. Reports come from ``bench/generate.py`` (fixed seeds).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import generate  # noqa: E402

TARGET_S = 60.0        # 1 000 reports under a minute
TEMPLATES = 25         # distinct generated reports; every file gets its own unit name (own content)

_CHILD = """
import sys
sys.path.insert(0, {root!r})
import main
code = main.main(["collect", {folder!r}, "--db", {db!r}])
peak = 0
with open("/proc/self/status") as f:
    for line in f:
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1]) / 1024
sys.stderr.write("PEAK %.1f\\n" % peak)
sys.exit(code)
"""

_FLOOR = """
import json, pathlib, sys
for p in sorted(pathlib.Path(sys.argv[1]).glob("*.jxzp")):
    json.loads(p.read_text(encoding="utf-8"))
"""


def make_files(folder: Path, count: int, quick: bool) -> None:
    from model import store
    templates = []
    for seed in range(min(TEMPLATES, count)):
        r = generate.tiny_report() if quick else generate.make_report(5, 12, 12, 800, seed=seed)
        templates.append(r)
    for i in range(count):
        r = templates[i % len(templates)]
        r.info.unit_name = f"青溪县第{i + 1:04d}单位"
        r.info.competent_dept = f"青溪县第{i % 40 + 1:02d}主管部门"
        (folder / f"{i + 1:04d}.jxzp").write_text(store.dumps(r, saved_at="2025-03-20T09:00:00"), encoding="utf-8")


def run_collect(folder: Path, db: Path) -> tuple[float, float, str]:
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-c", _CHILD.format(root=str(ROOT), folder=str(folder), db=str(db))],
                       capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"collect failed ({p.returncode}):\n{p.stderr[-2000:]}")
    peak = next((float(line.split()[1]) for line in p.stderr.splitlines() if line.startswith("PEAK ")), 0.0)
    return elapsed, peak, p.stdout.strip().splitlines()[-1]


def run_floor(folder: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", _FLOOR, str(folder)], check=True, cwd=ROOT)
    return time.perf_counter() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--quick", action="store_true", help="20 tiny reports")
    ap.add_argument("--json", action="store_true", help="print the results as one JSON line")
    args = ap.parse_args(argv)
    count = 20 if args.quick else args.count
    small = max(1, count // 5)
    with tempfile.TemporaryDirectory(prefix="jxzp-collect-bench-") as tmp:
        tmp = Path(tmp)
        big, few = tmp / "all", tmp / "few"
        big.mkdir()
        few.mkdir()
        make_files(big, count, args.quick)
        make_files(few, small, args.quick)
        size_mb = sum(f.stat().st_size for f in big.iterdir()) / 1e6
        floor = run_floor(big)
        ours, peak, total = run_collect(big, tmp / "all.sqlite")
        again, _peak, _total = run_collect(big, tmp / "all.sqlite")
        _t, peak_small, _ = run_collect(few, tmp / "few.sqlite")
        floor2 = run_floor(big)
        floor = min(floor, floor2)
        db_mb = (tmp / "all.sqlite").stat().st_size / 1e6
    result = {"count": count, "files_mb": round(size_mb, 1), "collect_s": round(ours, 2),
              "json_floor_s": round(floor, 2), "ratio": round(ours / floor, 1), "recollect_s": round(again, 2),
              "peak_mb": peak, f"peak_mb_{small}": peak_small, "db_mb": round(db_mb, 1),
              "under_a_minute": ours < TARGET_S * count / 1000}
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"{count} 份报告（{size_mb:.1f} MB）：{total}")
    print(f"collect（整个进程）          {ours:8.2f} s   目标 < {TARGET_S * count / 1000:.0f} s："
          f"{'达到' if result['under_a_minute'] else '未达到'}")
    print(f"json.loads 同样的文件（整个进程）{floor:6.2f} s   比值 {ours / floor:.1f}×")
    print(f"再次 collect（全部内容未变）  {again:8.2f} s")
    print(f"峰值内存 {small} 份 {peak_small:.0f} MB，{count} 份 {peak:.0f} MB；汇总库 {db_mb:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
