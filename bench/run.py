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
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import generate  # noqa: E402
from bench.core import (CASES, Context, Result, _can_drop_caches, _child, case, paired,  # noqa: E402
                        recompute_time)


# --------------------------------------------------------------------------- model

def _recompute(report, repeat: int, limit_ms: float, name: str) -> Result:
    t, how = recompute_time(report, repeat * 5)
    return Result(name, t, None, f"≤ {limit_ms:g} ms", t * 1000 <= limit_ms,
                  note="" if how.startswith("Document") else how,
                  floor_is="absolute target; in-process, caches filled by opening the file")


@case("recompute after one edit, large report")
def bench_recompute_large(ctx) -> Result:
    return _recompute(ctx.large, ctx.repeat, 8, "recompute after one edit, large report")


@case("recompute after one edit, typical report")
def bench_recompute_typical(ctx) -> Result:
    return _recompute(ctx.typical, ctx.repeat, 1, "recompute after one edit, typical report")


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
        # the same data in the same text form as the file (store.dumps): indent 1, UTF-8 text
        json.loads(json.dumps(data, ensure_ascii=False, indent=1))

    t_ours, t_floor = paired(ours, floor, ctx.repeat)
    r = Result("save + load, large report", t_ours, t_floor, "≤ 3 × json.dumps + json.loads", None,
               floor_is="json.dumps + json.loads of the same data in the file's text form; both in this "
               "process, interleaved")
    r.ok = r.ratio <= 3
    return r


# --------------------------------------------------------------------------- xlsx

def _grid_values(grids):
    """(sheet name, [(row, col, value, rowspan, colspan)]) per grid, as the cells our workbook
    holds: title rows above the body, numbers as numbers, text as text."""
    from decimal import Decimal as D
    sheets = []
    for g in grids:
        cells = [(1, 1, g.annex_label, 1, g.ncols), (2, 1, g.title, 1, g.ncols),
                 (3, 1, g.subtitle_left, 1, g.ncols - 2), (3, g.ncols - 1, g.subtitle_right, 1, 2)]
        for c in g.cells:
            v = c.value if (c.value is not None and not c.user_text) else c.text
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                v = D(v)
            cells.append((4 + c.row, 1 + c.col, v, c.rowspan, c.colspan))
        if g.footer:
            cells.append((4 + g.nrows, 1, g.footer, 1, g.ncols))
        sheets.append((g.sheet_name, cells))
    return sheets


def _write_only_openpyxl(sheets, path) -> None:
    """Bare openpyxl, write-only workbook: the same values at the same places, row by row
    (``ws.append`` with ``None`` in the gaps), no styles, no merges."""
    from openpyxl import Workbook
    wb = Workbook(write_only=True)
    for name, cells in sheets:
        ws = wb.create_sheet(name)
        rows: dict[int, dict[int, object]] = {}
        for r, c, v, _rs, _cs in cells:
            rows.setdefault(r, {})[c] = v
        for r in range(1, max(rows) + 1):
            row = rows.get(r, {})
            ws.append([row.get(c) for c in range(1, max(row) + 1)] if row else [])
    wb.save(path)


def _bare_openpyxl(sheets, path, styled: bool) -> None:
    """Bare openpyxl, ordinary (not write-only) workbook: the same values at the same places.
    ``styled``: also the same merged ranges and one border/font/alignment on every body cell,
    set the plain way (no style cache)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    wb = Workbook()
    wb.remove(wb.active)
    if styled:
        thin = Side(style="thin")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        font = Font(name="宋体", size=10)
        align = Alignment(vertical="center", wrap_text=True)
    for name, cells in sheets:
        ws = wb.create_sheet(name)
        for r, c, v, rs, cs in cells:
            xc = ws.cell(r, c, v)
            if styled:
                xc.border, xc.font, xc.alignment = border, font, align
                if rs > 1 or cs > 1:
                    ws.merge_cells(start_row=r, start_column=c, end_row=r + rs - 1, end_column=c + cs - 1)
    wb.save(path)


def _xlsx(ctx, floor):
    from export.tables import build_all
    from export.xlsx import write_xlsx
    out = Path(ctx.tmp) / "ours.xlsx"
    bare = Path(ctx.tmp) / "bare.xlsx"
    sheets = _grid_values(build_all(ctx.large))
    return paired(lambda: write_xlsx(ctx.large, out),
                  lambda: floor(sheets, bare), ctx.repeat, warmup=0 if ctx.quick else 1)


XLSX_HOW = ("both in this process, interleaved, after one warm-up each; ours builds the grids from "
            "the report, the floor is handed the finished values")


@case("xlsx export, large report")
def bench_xlsx(ctx) -> Result:
    t_ours, t_floor = _xlsx(ctx, _write_only_openpyxl)
    ctx.cache["xlsx_ours"] = t_ours
    r = Result("xlsx export, large report", t_ours, t_floor, "≤ 1.25 × write-only openpyxl, same values", None,
               floor_is="write-only openpyxl, the same values at the same cells, no styles; " + XLSX_HOW)
    r.ok = r.ratio <= 1.25
    return r


@case("xlsx export vs styled bare openpyxl (information)")
def bench_xlsx_styled(ctx) -> Result:
    t_ours, t_floor = _xlsx(ctx, lambda sheets, path: _bare_openpyxl(sheets, path, True))
    return Result("xlsx export vs bare openpyxl with merges + borders (information)", t_ours, t_floor,
                  "—", None, floor_is="ordinary openpyxl workbook, same values + merges + one border/font/"
                  "alignment per cell, set the plain way; " + XLSX_HOW)


# --------------------------------------------------------------------------- pdf (whole processes)

from bench import pdf_cases  # noqa: E402,F401  (registers its cases here, in this order)

# --------------------------------------------------------------------------- GUI (child processes)

def _gui_available() -> Optional[str]:
    try:
        import gui.mainwindow  # noqa: F401
        import gui.tables.indicators  # noqa: F401
    except ImportError as e:
        return f"skipped: GUI not merged ({e})"
    return None


def _same_pixels(ctx, path: Path) -> str:
    """Whether the plain window still shows what ours shows (``--grab`` of both, compared)."""
    from PySide6.QtGui import QImage
    shots = []
    for mode, args in (("ours", [str(path)]), ("same", [])):
        out = Path(ctx.tmp) / f"first-paint-{mode}.png"
        _child(mode, *args, "--grab", str(out))
        shots.append(QImage(str(out)).convertToFormat(QImage.Format.Format_RGB32))
    a, b = shots
    if a.isNull() or b.isNull():
        return "not compared (no screenshot)"
    if a.size() != b.size():
        return f"DIFFERENT sizes {a.width()}×{a.height()} and {b.width()}×{b.height()}"
    pa, pb = bytes(a.constBits()), bytes(b.constBits())
    differ = sum(1 for i in range(0, len(pa), 4) if pa[i:i + 4] != pb[i:i + 4]) if pa != pb else 0
    return ("the same pixels" if differ == 0 else
            f"DIFFERENT: {differ} of {a.width() * a.height()} pixels (update same() in bench/gui_child.py)")


def _start_triples(path: Path, n: int, cold: bool = False) -> tuple[list[dict], list[dict], list[dict]]:
    """``n`` start-ups each of ours (with ``path``), the plain same-content window and the bare
    window, alternating so that load from other processes falls on all three alike."""
    ours, same, bare = [], [], []
    for _ in range(n):
        ours.append(_child("ours", str(path), cold=cold))
        same.append(_child("same", cold=cold))
        bare.append(_child("bare", cold=cold))
    return ours, same, bare


@case("start-up to first paint, typical report")
def bench_startup(ctx) -> list[Result]:
    name = "start-up to first paint, typical report"
    same_name = "start-up, ours ÷ a bare QMainWindow (information)"
    missing = _gui_available()
    if missing:
        return [Result(name, float("nan"), None, "", None, note=missing)]
    from model import store
    path = Path(ctx.tmp) / "typical.jxzp"
    store.save(ctx.typical, path, keep_backup=False)
    if not ctx.quick:
        _child("ours", str(path))      # warm-up: bytecode cache, font cache
        _child("same")
        _child("bare")
    ours, same, bare = _start_triples(path, max(1, min(ctx.repeat, 7)))
    t_ours, t_same, t_bare = (statistics.median(c["wall"] for c in runs) for runs in (ours, same, bare))
    # the target: ≤ 1.3 × a plain PySide6 window painting the same pixels (none of our
    # code: menus, tool bar, navigation tree, the 基础信息 form, the 审核 panel, the status bar)
    r = Result(name, t_ours, t_same, "≤ 1.3 × plain Qt window painting the same pixels", None,
               floor_is="`gui_child.py same`: a hand-written PySide6 window that paints what ours paints "
               "first, fresh process; both timed from spawn to the first paint, alternated")
    r.ok = r.ratio <= 1.3
    s = Result(same_name, t_ours, t_bare, "—", None,
               floor_is="ours against the bare QApplication + QMainWindow, measured the same way")
    ctx.notes.append(f"start-up, plain Qt window with the same content ÷ bare window: {t_same / t_bare:.2f} "
                     f"({t_same * 1000:.1f} ms ÷ {t_bare * 1000:.1f} ms)")
    if not ctx.quick:    # (--quick opens the tiny report; the plain window shows the typical one)
        ctx.notes.append("start-up, first paint of ours and of the plain Qt window: "
                         + _same_pixels(ctx, path))
    # the part of the plain window's cost that no window with a dock, alignments or standard
    # icons can avoid: the Python types PySide6 makes for ``Qt`` and ``QStyle`` at first use
    kinds = [_child("types") for _ in range(max(1, min(ctx.repeat, 7)))]
    t_qt, t_style = (statistics.median(k[key] for k in kinds) for key in ("qt", "qstyle"))
    ctx.notes.append(f"start-up: 1.3 × the bare window is {1.3 * t_bare * 1000:.1f} ms; the plain Qt window "
                     f"with the same content takes {t_same * 1000:.1f} ms ({t_same / t_bare:.2f} ×), of which "
                     f"creating the Python types of Qt's `Qt` namespace {t_qt * 1000:.1f} ms and of `QStyle` "
                     f"{t_style * 1000:.1f} ms (their enums, made by PySide6 at first use)")
    cold_name = "start-up after the file cache is emptied (first start of the day)"
    if ctx.quick:
        c = Result(cold_name, float("nan"), None, "—", None, note="skipped: not in --quick")
    elif not _can_drop_caches():
        c = Result(cold_name, float("nan"), None, "—", None, note="skipped: needs root on Linux")
    else:
        c_ours, c_same, c_bare = (statistics.median(c["wall"] for c in runs)
                                  for runs in _start_triples(path, 5, cold=True))
        c = Result(cold_name, c_ours, c_same, "≤ 1.3 × plain Qt window painting the same pixels", None,
                   floor_is="the plain Qt window with the same content, each start right after the file "
                   "cache is emptied")
        c.ok = c.ratio <= 1.3
        ctx.notes.append(f"start-up after the file cache is emptied: ours ÷ bare window {c_ours / c_bare:.2f} "
                         f"(plain Qt window with the same content {c_same * 1000:.1f} ms, bare {c_bare * 1000:.1f} ms)")
    # where the time goes: median milliseconds from the child script's start to each phase
    for label, runs in (("ours", ours), ("same content, plain Qt", same), ("bare", bare)):
        keys = list(runs[0]["phases"])
        ctx.notes.append(f"start-up phases, {label} (ms since the script started): " + ", ".join(
            f"{k} {statistics.median(c['phases'][k] for c in runs):.0f}" for k in keys))
    return [r, s, c]


GUI_HOW = "in the GUI child (offscreen, the large report open, the 项目支出 page shown)"


def gui_large_results(runs: list[dict], label: str, cycle_ms: float) -> list[Result]:
    """Rows of ``gui_child.py large`` runs on one report (``label``: “large report”, “1 500 projects”)."""
    med = lambda key: statistics.median(r[key] for r in runs)   # noqa: E731
    cycle = Result(f"keystroke → scores, 审核 list and repaint all finished, {label}", med("cycle"), None,
                   f"≤ {cycle_ms:g} ms", med("cycle") * 1000 <= cycle_ms,
                   floor_is="absolute target; setData, processEvents, the 审核 list refreshed, grid and "
                   "list repainted; " + GUI_HOW)
    paste = Result(f"paste 100 indicator rows (one undo step), {label}", med("paste"), None, "≤ 100 ms",
                   med("paste") <= 0.1, floor_is="absolute target; until scores, 审核 list and repaint are "
                   "finished; " + GUI_HOW)
    undo = Result(f"undo that paste, {label}", med("undo"), None, "≤ 100 ms", med("undo") <= 0.1,
                  floor_is="absolute target; measured like the paste")
    return [cycle, paste, undo]


@case("GUI with the large report: peak memory, typing → repaint")
def bench_gui_large(ctx) -> list[Result]:
    names = ("peak memory, GUI with the large report, after exporting PDF + xlsx",
             "typing one character → repaint, large report")
    missing = _gui_available()
    if missing:
        return [Result(n, float("nan"), None, "", None, note=missing) for n in names]
    from model import store
    path = Path(ctx.tmp) / "large.jxzp"
    store.save(ctx.large, path, keep_backup=False)
    edits = 1 if ctx.quick else max(5, ctx.repeat * 3)
    # the export as the dialog makes it (a separate process), and, alternated with it, the same
    # export written by the worker thread itself (as before the export process; the fallback)
    runs, threaded = [], []
    for _ in range(1 if ctx.quick else 2):
        runs.append(_child("large", str(path), str(edits)))
        threaded.append(_child("large", str(path), "1", "--export-in-thread"))
    bare = _child("bare")
    med = lambda rs, key: statistics.median(r[key] for r in rs)   # noqa: E731
    mem = med(runs, "maxrss_mb")
    before, after = med(runs, "rss_before_export_mb"), med(runs, "rss_after_export_mb")
    typing = statistics.median(t for r in runs for t in r["typing"])
    m = Result(names[0], mem, bare["maxrss_mb"], "≤ 250 MB (floor: bare QMainWindow)", mem <= 250, unit="MB",
               floor_is="peak (VmHWM) of a bare QMainWindow process; ours: " + GUI_HOW + ", after the edits, "
               "the paste and exporting PDF + xlsx (written by the export process, whose peak is the next row)")
    modes = {r["export_mode"] for r in runs}
    child_peaks = [r["export_child_peak_mb"] for r in runs if r.get("export_child_peak_mb")]
    child = Result("peak memory of the export process (PDF + xlsx, large report; information)",
                   statistics.median(child_peaks) if child_peaks else float("nan"), None, "—", None, unit="MB",
                   floor_is="VmHWM of the export child, reported by it; it runs while the window holds "
                   "its own memory (the rows before)")
    given_back = Result("memory after the export ÷ before it (given back?)", after, before,
                        "≤ 1.10 (the export's memory is given back)", after <= 1.1 * before, unit="MB",
                        floor_is="resident memory (VmRSS) of the same GUI child just before the export; "
                        "both after gc.collect(); export written " + ("by a separate process" if modes == {"process"}
                                                                      else f"by: {', '.join(sorted(modes))}"))
    t_before, t_after = med(threaded, "rss_before_export_mb"), med(threaded, "rss_after_export_mb")
    given_thread = Result("the same, export written by the worker thread (no process; information)",
                          t_after, t_before, "—", None, unit="MB",
                          floor_is="VmRSS just before that export, same child, alternated with the row above")
    wall = Result("export PDF + xlsx in the window, large report: separate process ÷ worker thread",
                  med(runs, "export_s"), med(threaded, "export_s"), "—", None,
                  floor_is="the same export written by the worker thread (no process), alternated; from "
                  "导出 to the outcome in the window, its event loop running")
    stall = Result("longest the window's event loop stalled during that export: process (thread in floor)",
                   med(runs, "export_max_stall_s"), med(threaded, "export_max_stall_s"), "—", None,
                   floor_is="the same, export written by the worker thread; a 10 ms timer's longest gap")
    t = Result(names[1], typing, None, "≤ 16 ms", typing * 1000 <= 16,
               floor_is="absolute target; setData, processEvents, grid repainted (审核 list not included)")
    ctx.notes.append(f"GUI child: {runs[0]['rows']} indicator rows in the edited table; "
                     f"bare QMainWindow peak memory {bare['maxrss_mb']:.0f} MB; export by the worker thread: "
                     f"window peak {med(threaded, 'maxrss_mb'):.0f} MB")
    f = Result("审核 list refresh after an edit, large report (deferred 120 ms; information)",
               statistics.median(r["findings_refresh"] for r in runs), None, "—", None)
    return [m, child, given_back, given_thread, wall, stall, t, f] + gui_large_results(runs, "large report", 16)


from bench import scaling  # noqa: E402,F401  (registers the scaling case last)


# --------------------------------------------------------------------------- runner

def _fmt(seconds: Optional[float], unit: str) -> str:
    if seconds is None or seconds != seconds:
        return "—"
    return f"{seconds * 1000:.1f}" if unit == "ms" else f"{seconds:.0f}"


def run(quick: bool = False, only: str = "", progress: bool = False) -> tuple[list[Result], list[str]]:
    """Run the cases; return their results and notes (where the time goes)."""
    with tempfile.TemporaryDirectory() as tmp:
        if quick:
            ctx = Context(generate.tiny_report(), generate.tiny_report(), 1, tmp, True, {}, [])
        else:
            ctx = Context(generate.large_report(), generate.typical_report(), 7, tmp, False, {}, [])
        ctx.cache["only"] = only
        results = []
        for name, fn in CASES:
            if only and only not in name:
                continue
            try:
                r = fn(ctx)
            except ModuleNotFoundError as e:
                r = Result(name, float("nan"), None, "", None, note=f"skipped: {e}")
            except Exception as e:   # one broken case must not hide the others
                r = Result(name, float("nan"), None, "", False, note=f"failed: {type(e).__name__}: {e}"[:300])
            if isinstance(r, list):
                results.extend(r)
            elif r is not None:
                results.append(r)
            if progress:
                for x in (r if isinstance(r, list) else [r]):
                    print(f"  {x.name}: {_fmt(x.ours, x.unit)} {x.unit}", file=sys.stderr, flush=True)
        return results, ctx.notes


def table(results: list[Result], quick: bool = False, notes: Optional[list[str]] = None) -> str:
    import platform
    lines = [f"cores: {os.cpu_count()}  python: {sys.version.split()[0]}  {platform.machine()}"
             + ("  (--quick: every case on a tiny report, one run; not a measurement)" if quick else ""), "",
             "| what | ours | floor | ratio | floor is (how both sides were measured) | target | met |",
             "|---|---:|---:|---:|---|---|---|"]
    for r in results:
        skipped = r.ours != r.ours
        ratio = "—" if skipped or r.ratio is None else f"{r.ratio:.2f}"
        met = "—" if r.ok is None else ("yes" if r.ok else "NO")
        ours = "—" if skipped else f"{_fmt(r.ours, r.unit)} {r.unit}"
        floor = "—" if r.floor is None else f"{_fmt(r.floor, r.unit)} {r.unit}"
        lines.append(f"| {r.name} | {ours} | {floor} | {ratio} | {r.floor_is or '—'} | {r.target or '—'} | "
                     f"{met}{' ' + r.note if r.note else ''} |")
    if notes:
        lines.append("")
        lines.extend(f"- {n}" for n in notes)
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="tiny report, one repetition")
    p.add_argument("--only", default="", help="run only the cases whose name contains this text")
    p.add_argument("--progress", action="store_true", help="print each result to stderr as it comes")
    args = p.parse_args(argv)
    results, notes = run(args.quick, args.only, args.progress)
    print(table(results, args.quick, notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
