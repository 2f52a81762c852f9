"""Benchmarks: every user-visible cost against its floor, measured in the same run.

    python bench/run.py              # all cases, medians over repeated runs
    python bench/run.py --quick      # tiny report, one repetition (used by the test suite)
    python bench/run.py --only save  # cases whose name contains "save"

Absolute times are noisy on shared machines, so each case prints the median of
ours, the median of the floor (the bare library doing the same work) and their
ratio, next to the target.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import generate  # noqa: E402


@dataclass
class Result:
    name: str
    ours: float                 # seconds (or MB for memory cases)
    floor: Optional[float]      # same unit; None when the case has an absolute target
    target: str
    ok: Optional[bool]
    unit: str = "ms"
    note: str = ""

    @property
    def ratio(self) -> Optional[float]:
        if self.floor in (None, 0):
            return None
        return self.ours / self.floor


def median_time(fn: Callable[[], object], repeat: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


CASES: list[tuple[str, Callable[..., Optional[Result]]]] = []


def case(name: str):
    def wrap(fn):
        CASES.append((name, fn))
        return fn
    return wrap


# --------------------------------------------------------------------------- model

def _recompute(report, repeat: int, limit_ms: float, name: str) -> Result:
    from model.summary import summarize
    rows = report.dept.indicators
    state = {"i": 0}

    def one_edit():
        state["i"] += 1
        rows[state["i"] % len(rows)].actual = f"{80 + state['i'] % 20}%"
        summarize(report)

    t = median_time(one_edit, repeat, warmup=3)
    return Result(name, t, None, f"≤ {limit_ms:g} ms", t * 1000 <= limit_ms)


@case("recompute after one edit, large report")
def bench_recompute_large(ctx) -> Result:
    return _recompute(ctx.large, ctx.repeat, 16, "recompute after one edit, large report")


@case("recompute after one edit, typical report")
def bench_recompute_typical(ctx) -> Result:
    return _recompute(ctx.typical, ctx.repeat, 2, "recompute after one edit, typical report")


@case("save + load, large report")
def bench_save_load(ctx) -> Result:
    from model import store
    from model.report import to_dict
    path = Path(ctx.tmp) / "large.jxzp"

    def ours():
        store.save(ctx.large, path, keep_backup=True)
        store.load(path)

    data = to_dict(ctx.large)

    def floor():
        json.loads(json.dumps(data, ensure_ascii=False, indent=1))

    t_ours = median_time(ours, ctx.repeat)
    t_floor = median_time(floor, ctx.repeat)
    r = Result("save + load, large report", t_ours, t_floor, "≤ 3 × json", None)
    r.ok = r.ratio <= 3
    return r


# --------------------------------------------------------------------------- runner

@dataclass
class Context:
    large: object
    typical: object
    repeat: int
    tmp: str
    quick: bool


def _fmt(seconds: Optional[float], unit: str) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.1f}" if unit == "ms" else f"{seconds:.0f}"


def run(quick: bool = False, only: str = "") -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        if quick:
            ctx = Context(generate.tiny_report(), generate.tiny_report(), 1, tmp, True)
        else:
            ctx = Context(generate.large_report(), generate.typical_report(), 7, tmp, False)
        results = []
        for name, fn in CASES:
            if only and only not in name:
                continue
            try:
                r = fn(ctx)
            except ModuleNotFoundError as e:
                r = Result(name, float("nan"), None, "", None, note=f"skipped: {e}")
            if r is not None:
                results.append(r)
        return results


def table(results: list[Result]) -> str:
    lines = [f"cores: {os.cpu_count()}  python: {sys.version.split()[0]}", "",
             "| what | ours | floor | ratio | target | met |", "|---|---:|---:|---:|---|---|"]
    for r in results:
        ratio = "—" if r.ratio is None else f"{r.ratio:.2f}"
        met = "—" if r.ok is None else ("yes" if r.ok else "NO")
        unit = "ms" if r.unit == "ms" else r.unit
        lines.append(f"| {r.name} | {_fmt(r.ours, r.unit)} {unit} | {_fmt(r.floor, r.unit)} | {ratio} | "
                     f"{r.target} | {met}{' ' + r.note if r.note else ''} |")
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--only", default="")
    args = p.parse_args(argv)
    print(table(run(args.quick, args.only)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
