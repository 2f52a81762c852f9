"""Scaling: every operation on reports of 10, 150, 500 and 1 500 projects (25 indicators each).

Cost should grow linearly with the report: from 150 to 1 500 projects (× 10) no operation may
take more than 11 × as long. Operations:

- save: ``model.store.save`` (atomic write, fsync, ``.bak``); load: ``model.store.load``;
- check: a full 审核 pass (every score and finding) on a report nothing was scored for yet
  (the scoring caches emptied first), as after opening a file; averaged over as many passes as
  make ≈ 6 000 projects' worth at every size (40 at 150 projects, 4 at 1 500), so that each size
  pays its share of whatever collections of the garbage collector the passes cause (a pass
  holds the collector, ``model.collector``; what it kept is walked by a later collection);
- recompute: one edit as the grid makes it and every score and finding after it (the document
  re-scores what the edit touched);
- xlsx: ``export.xlsx.write_xlsx``; import: ``importers.import_paths`` of that xlsx; each run
  of either with the caches of the export and the importer emptied, as a session's first;
- PDF: ``python main.py export FILE --pdf OUT`` as a whole process, with its peak memory.

Each size is measured in a fresh Python process (``measure_in_child``), so that no size runs on
what an earlier one left in the heap; the two sizes compared are measured three times,
alternated, save and load seven times (``measure_sizes``).

``--quick`` skips it unless asked for by name (``--quick --only scaling``: 2 and 4 projects once, to
show that the case runs; it measures nothing).
"""
from __future__ import annotations

import gc
import statistics
import time
from pathlib import Path

from bench import generate
from bench.core import Result, case, median_time, recompute_time

SIZES = (10, 150, 500, 1500)
QUICK_SIZES = (2, 4)
OPS = ("save", "load", "check", "recompute", "xlsx", "import", "PDF")


def _repeat(n: int, quick: bool, slow: bool = False) -> int:
    """Repetitions of an operation on ``n`` projects: three (medians), except the slow ones
    (import) past 500 projects."""
    if quick:
        return 1
    if slow:
        return 1 if n >= 1500 else 2 if n >= 500 else 3
    return 3


def _timed(fn, repeat: int) -> float:
    """Median of ``repeat`` runs of ``fn``, each started with what the operations before it left
    for the garbage collector already collected (untimed), so no operation pays for another's."""
    times = []
    for _ in range(repeat):
        gc.collect()
        times.append(median_time(fn, 1, warmup=0))
    return statistics.median(times)


def measure(n: int, tmp: Path, quick: bool, files_only: bool = False) -> dict:
    """Seconds of every operation on a report of ``n`` projects (and the PDF process's peak MB);
    ``files_only``: save and load alone."""
    from bench.pdf_cases import ours_pdf
    from export.grid import estimate_lines
    from export.xlsx import write_xlsx
    from importers import import_paths
    from importers.grid import key as label_key
    from model import scoring, scoring_rows, store
    from model.summary import summarize
    report = generate.make_report(n, 25, 25, 3000)
    rep = _repeat(n, quick)
    path = tmp / f"scale-{n}.jxzp"
    xlsx = tmp / f"scale-{n}.xlsx"
    out: dict = {}
    # save and load take a fraction of a second even at 1 500 projects: five runs each, so
    # one run that meets a busy disk moves the median less
    quick_ops = 1 if quick else 5
    out["save"] = _timed(lambda: store.save(report, path, keep_backup=True), quick_ops)
    out["load"] = _timed(lambda: store.load(path), quick_ops)
    if files_only:
        return out

    def check(passes: int) -> float:
        # full passes over one loaded report, the scoring caches emptied before each (untimed):
        # the time of a pass, averaged over passes that together do the same work at every size
        # (≈ 6 000 projects' worth), so each size pays its share of the cyclic collector's full
        # collections (one pass at 1 500 projects may hit two, at 150 none)
        fresh = store.load(path)
        gc.collect()
        total = 0.0
        for _ in range(passes):
            scoring._score_table_cached.cache_clear()
            scoring_rows._score_cached.cache_clear()
            t0 = time.perf_counter()
            summarize(fresh)
            total += time.perf_counter() - t0
        return total / passes
    out["check"] = statistics.median(check(1 if quick else max(1, min(40, 6000 // n))) for _ in range(rep))
    gc.collect()
    out["recompute"], _how = recompute_time(store.load(path), 5 if quick else 15)
    def cold(fn):
        # every repetition starts with the caches of the export and the importer emptied (the
        # line-height estimates, the reduced labels), as the first export or import of a
        # session does: at 150 projects they fit their caches and a second run would find
        # them all, at 1 500 projects they do not (warm against cold, not linear)
        def run():
            estimate_lines.cache_clear()
            label_key.cache_clear()
            fn()
        return run
    out["xlsx"] = _timed(cold(lambda: write_xlsx(report, xlsx)), rep)
    try:
        out["import"] = _timed(cold(lambda: import_paths([str(xlsx)])), _repeat(n, quick, slow=True))
    except Exception as e:     # the importer refuses a workbook past its size limit (a safety rule)
        out["import"] = float("nan")
        out["import_refused"] = str(e)
    runs = [ours_pdf(path, tmp / f"scale-{n}.pdf") for _ in range(1 if quick or n >= 500 else 2)]
    out["PDF"] = statistics.median(r["wall"] for r in runs)
    out["pdf_peak_mb"] = statistics.median(r["peak_mb"] for r in runs)
    return out


def measure_in_child(n: int, tmp: Path, quick: bool, files_only: bool = False) -> dict:
    """``measure(n, …)`` in a fresh Python process: each size starts from the same process state
    (in one process the larger sizes ran on a heap still holding what the smaller ones left —
    caches, reports — which every full collection of the garbage collector walks again)."""
    import json
    import os
    import subprocess
    import sys
    root = Path(__file__).resolve().parent.parent
    argv = ([sys.executable, "-m", "bench.scaling", str(n), str(tmp)] + (["--quick"] if quick else [])
            + (["--files-only"] if files_only else []))
    p = subprocess.run(argv, cwd=str(root), env=dict(os.environ), capture_output=True, text=True,
                       encoding="utf-8")
    if p.returncode != 0:
        raise RuntimeError(f"scaling child for {n} projects failed: {p.stderr[-2000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def measure_sizes(sizes, tmp: Path, quick: bool) -> dict:
    """``measure_in_child`` for every size; the two compared (150 and 1 500 projects) three
    times, alternated — 150, 1 500, the others, 150, 1 500, 150, 1 500 — each operation's figure
    the median of its processes: whatever else the machine does during the minutes a size takes
    then falls on both sides alike, as with any floor measured interleaved, and one process
    that runs slow or fast as a whole (a small report's load takes 31 ms in one process and
    52 ms in the next) does not decide the ratio."""
    if quick:
        return {n: measure_in_child(n, tmp, quick) for n in sizes}
    pair = [n for n in (150, sizes[-1]) if n in sizes]
    order = pair + [n for n in sizes if n not in pair] + pair + pair
    runs: dict[int, list[dict]] = {}
    for n in order:
        runs.setdefault(n, []).append(measure_in_child(n, tmp, quick))
    # save and load take a second at most, and a process's own speed moves them most (the same
    # 150-project load: ≈ 28 ms in one process, ≈ 48 ms in the next): four more processes of
    # each of the two sizes, alternated, that only save and load
    files: dict[int, list[dict]] = {n: list(runs[n]) for n in pair}
    for _ in range(4):
        for n in pair:
            files[n].append(measure_in_child(n, tmp, quick, files_only=True))
    out = {n: {key: statistics.median(r[key] for r in runs[n]) if isinstance(runs[n][0][key], float)
               else runs[n][0][key] for key in runs[n][0]} for n in sizes}
    for n in pair:
        for key in ("save", "load"):
            out[n][key] = statistics.median(r[key] for r in files[n])
    return out


def scaling_table(sizes, data: dict) -> str:
    base = 150 if 150 in sizes else sizes[-2]
    head = "| operation | " + " | ".join(f"{n} projects" for n in sizes) + f" | {sizes[-1]} ÷ {base} |"
    lines = [head, "|---|" + "---:|" * (len(sizes) + 1)]
    for op in OPS:
        cells = [f"{data[n][op] * 1000:.1f} ms" if data[n][op] == data[n][op] else "refused" for n in sizes]
        ratio = data[sizes[-1]][op] / data[base][op]
        lines.append(f"| {op} | " + " | ".join(cells) + (f" | {ratio:.1f} × |" if ratio == ratio else " | — |"))
    lines.append("| PDF process peak memory | " + " | ".join(f"{data[n]['pdf_peak_mb']:.0f} MB" for n in sizes)
                 + f" | {data[sizes[-1]]['pdf_peak_mb'] / data[base]['pdf_peak_mb']:.1f} × |")
    return "\n".join(lines)


@case("scaling: 10 / 150 / 500 / 1 500 projects")
def bench_scaling(ctx) -> list[Result]:
    if ctx.quick and "scaling" not in ctx.cache.get("only", ""):
        return [Result("scaling: 10 / 150 / 500 / 1 500 projects", float("nan"), None, "", None,
                       note="skipped: not in --quick (run it with --quick --only scaling)")]
    sizes = QUICK_SIZES if ctx.quick else SIZES
    tmp = Path(ctx.tmp)
    data = measure_sizes(sizes, tmp, ctx.quick)
    small, big = sizes[-2] if ctx.quick else 150, sizes[-1]
    label = f"{big} ÷ {small} projects"
    results = []
    for op in OPS:
        r = Result(f"scaling {label}: {op}", data[big][op], data[small][op], "≤ 11 × (linear within noise)", None,
                   floor_is=f"the same operation on {small} projects, same run, measured the same way")
        r.ok = r.ratio <= 11 if not ctx.quick and r.ratio == r.ratio else None
        if data[big][op] != data[big][op]:
            r.note = "refused: " + data[big].get("import_refused", "")[:120]
        results.append(r)
    peak = Result(f"PDF export peak memory, {big} projects (whole process)", data[big]["pdf_peak_mb"], None,
                  "≤ 400 MB", None if ctx.quick else data[big]["pdf_peak_mb"] <= 400, unit="MB",
                  floor_is="absolute target; VmHWM of the `main.py export --pdf` process")
    results.append(peak)
    ctx.notes.append("scaling (150 and 1 500 projects: three alternated processes each, save and load seven; medians of 3 runs, save and load of 5; import at 1 500 projects and the PDF from 500 projects: one run):\n\n" + scaling_table(sizes, data) + "\n")
    return results


if __name__ == "__main__":          # python -m bench.scaling N TMP [--quick]: one size, JSON out
    import json
    import sys
    _n, _tmp = int(sys.argv[1]), Path(sys.argv[2])
    print(json.dumps(measure(_n, _tmp, "--quick" in sys.argv[3:], "--files-only" in sys.argv[3:])))
