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


def paired(ours: Callable[[], object], floor: Callable[[], object], repeat: int,
           warmup: int = 1) -> tuple[float, float]:
    """Medians of ``ours`` and ``floor``, run alternately so that load from other processes
    on a shared machine falls on both alike."""
    for _ in range(warmup):
        ours()
        floor()
    a, b = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        ours()
        t1 = time.perf_counter()
        floor()
        t2 = time.perf_counter()
        a.append(t1 - t0)
        b.append(t2 - t1)
    return statistics.median(a), statistics.median(b)


CASES: list[tuple[str, Callable[..., Optional[Result]]]] = []


def case(name: str):
    def wrap(fn):
        CASES.append((name, fn))
        return fn
    return wrap


# --------------------------------------------------------------------------- model

def _edit_paths(report) -> list[str]:
    """Cells an editing user touches in turn: actual values spread over every table."""
    out = []
    tables = [("dept", report.dept.indicators)] + [
        (f"projects[{i}]", p.indicators) for i, p in enumerate(report.projects)]
    for k in range(max(len(tables), 40)):
        prefix, rows = tables[(k * 7) % len(tables)]
        if rows:
            out.append(f"{prefix}.indicators[{(k * 3) % len(rows)}].actual")
    return out


_APP: list = []     # the QCoreApplication the Document needs, kept alive for the whole run


def _recompute(report, repeat: int, limit_ms: float, name: str) -> Result:
    """One edit as the GUI makes it (an undoable ``Document.set_value``), then every score and
    finding of the report (``Document.summary()``, what the 审核 list and the status bar show).
    Without the GUI package the edit is made on the model directly and ``summarize`` is timed."""
    from model import paths as mpaths
    from model.summary import summarize
    edits = _edit_paths(report)
    state = {"i": 0}
    try:
        from PySide6.QtCore import QCoreApplication
        from gui.document import Document
        _APP.append(QCoreApplication.instance() or QCoreApplication([sys.argv[0]]))
        doc = Document(report)
        doc.autosave_timer.stop()

        def one_edit():
            state["i"] += 1
            doc.set_value(edits[state["i"] % len(edits)], f"{80 + state['i'] % 20}%")
            doc.summary()
        how = "Document.set_value + summary()"
    except ImportError:
        doc = None

        def one_edit():
            state["i"] += 1
            mpaths.set(report, edits[state["i"] % len(edits)], f"{80 + state['i'] % 20}%")
            summarize(report)
        how = "model only"
    one_edit()   # the first run fills the caches of every table, as opening a file does
    t = median_time(one_edit, repeat * 5, warmup=3)
    if doc is not None:
        doc.autosave_timer.stop()
        doc.undo_stack.clear()
    return Result(name, t, None, f"≤ {limit_ms:g} ms", t * 1000 <= limit_ms, note="" if doc else how)


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
        # the same data in the same text form as the file (store.dumps): indent 1, UTF-8 text
        json.loads(json.dumps(data, ensure_ascii=False, indent=1))

    t_ours, t_floor = paired(ours, floor, ctx.repeat)
    r = Result("save + load, large report", t_ours, t_floor, "≤ 3 × json.dumps + json.loads", None)
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


def _xlsx(ctx, styled: bool):
    from export.tables import build_all
    from export.xlsx import write_xlsx
    out = Path(ctx.tmp) / "ours.xlsx"
    bare = Path(ctx.tmp) / "bare.xlsx"
    sheets = _grid_values(build_all(ctx.large))
    return paired(lambda: write_xlsx(ctx.large, out),
                  lambda: _bare_openpyxl(sheets, bare, styled), ctx.repeat, warmup=0 if ctx.quick else 1)


@case("xlsx export, large report")
def bench_xlsx(ctx) -> Result:
    t_ours, t_floor = _xlsx(ctx, styled=False)
    ctx.cache["xlsx_ours"] = t_ours
    r = Result("xlsx export, large report", t_ours, t_floor, "≤ 2 × bare openpyxl, same values", None)
    r.ok = r.ratio <= 2
    return r


@case("xlsx export vs styled bare openpyxl (information)")
def bench_xlsx_styled(ctx) -> Result:
    t_ours, t_floor = _xlsx(ctx, styled=True)
    return Result("xlsx export vs bare openpyxl with merges + borders (information)", t_ours, t_floor,
                  "—", None)


# --------------------------------------------------------------------------- pdf

CHUNK = 8


def _bare_reportlab(report, grids, fonts, path) -> None:
    """Bare reportlab: the body sections as CJK-wrapped Paragraphs and every annex grid as a
    Table of CJK-wrapped Paragraph cells with the same spans (row spans cut every ``CHUNK``
    rows) and a grid, in the same fonts, split over pages by reportlab itself."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate,
                                    Paragraph, Table, TableStyle)
    from xml.sax.saxutils import escape
    body_font, table_font = fonts.name("body"), fonts.name("table")
    body = ParagraphStyle("b", fontName=body_font, fontSize=16, leading=28.95, wordWrap="CJK",
                          firstLineIndent=32)
    head = ParagraphStyle("h", parent=body, fontName=fonts.name("heading"))
    cell = ParagraphStyle("c", fontName=table_font, fontSize=10.5, leading=13, wordWrap="CJK")
    title = ParagraphStyle("t", fontName=fonts.name("title"), fontSize=18, leading=26, alignment=1)
    doc = BaseDocTemplate(str(path), pagesize=A4)
    pad = dict(leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    pw, ph = A4
    lw, lh = landscape(A4)
    doc.addPageTemplates([
        PageTemplate("body", [Frame(28 * mm, 35 * mm, 156 * mm, 225 * mm, id="b", **pad)], pagesize=A4),
        PageTemplate("p", [Frame(18 * mm, 22 * mm, pw - 36 * mm, ph - 40 * mm, id="p", **pad)],
                     pagesize=A4),
        PageTemplate("l", [Frame(18 * mm, 22 * mm, lw - 36 * mm, lh - 40 * mm, id="l", **pad)],
                     pagesize=landscape(A4)),
    ])
    story = []
    for i, text in enumerate(report.sections):
        story.append(Paragraph(f"第{i + 1}部分", head))
        for para in text.split("\n"):
            if para.strip():
                story.append(Paragraph(escape(para), body))
    for g in grids:
        story.append(NextPageTemplate("l" if g.landscape else "p"))
        story.append(PageBreak())
        fw = (lw if g.landscape else pw) - 36 * mm
        story.append(Paragraph(escape(g.title), title))
        data = [["" for _ in range(g.ncols)] for _ in range(g.nrows)]
        cmds = [("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        for c in g.cells:
            if c.text.strip():
                data[c.row][c.col] = Paragraph(escape(c.text), cell)
            # reportlab splits a table only between rows no span crosses: row spans are cut
            # into runs of CHUNK rows so that every table can be split over pages
            r = c.row
            end = c.row + c.rowspan - 1
            while r <= end:
                last = min(end, (r // CHUNK + 1) * CHUNK - 1)
                if last > r or c.colspan > 1:
                    cmds.append(("SPAN", (c.col, r), (c.col + c.colspan - 1, last)))
                r = last + 1
        total = sum(g.col_widths)
        story.append(Table(data, colWidths=[fw * w / total for w in g.col_widths],
                           style=TableStyle(cmds), repeatRows=g.header_rows, splitByRow=1))
    doc.build(story)


@case("PDF export, large report")
def bench_pdf(ctx) -> Result:
    from export.fonts import find_fonts
    from export.pdf import write_pdf
    from export.tables import build_all
    fonts = find_fonts()
    out = Path(ctx.tmp) / "ours.pdf"
    bare = Path(ctx.tmp) / "bare.pdf"
    grids = build_all(ctx.large)
    repeat = max(1, min(ctx.repeat, 3))
    t_ours, t_floor = paired(lambda: write_pdf(ctx.large, out, fonts=fonts),
                             lambda: _bare_reportlab(ctx.large, grids, fonts, bare), repeat,
                             warmup=0 if ctx.quick else 1)
    ctx.cache["pdf_ours"] = t_ours
    r = Result("PDF export, large report", t_ours, t_floor, "≤ 1.5 × bare reportlab, same cells", None)
    r.ok = r.ratio <= 1.5
    return r


@case("PDF export vs LibreOffice converting our xlsx")
def bench_pdf_vs_libreoffice(ctx) -> Optional[Result]:
    import shutil
    import subprocess
    name = "PDF export vs LibreOffice converting our xlsx"
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if ctx.quick:
        return Result(name, float("nan"), None, "", None, note="skipped: not in --quick")
    if soffice is None:
        return Result(name, float("nan"), None, "", None, note="skipped: LibreOffice not installed")
    from export.xlsx import write_xlsx
    if "pdf_ours" not in ctx.cache:
        bench_pdf(ctx)
    xlsx = Path(ctx.tmp) / "lo.xlsx"
    write_xlsx(ctx.large, xlsx)
    profile = Path(ctx.tmp) / "lo-profile"
    outdir = Path(ctx.tmp) / "lo-out"

    def convert():
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(outdir), str(xlsx)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=900)

    t_lo = median_time(convert, 3 if ctx.repeat > 1 else 1, warmup=1)   # warm-up creates the profile
    r = Result(name, ctx.cache["pdf_ours"], t_lo, "ours ≥ 3 × faster (ratio ≤ 0.33)", None)
    r.ok = r.ratio <= 1 / 3
    return r


# --------------------------------------------------------------------------- GUI (child processes)

CHILD = Path(__file__).resolve().parent / "gui_child.py"


DROP_CACHES = Path("/proc/sys/vm/drop_caches")


def _can_drop_caches() -> bool:
    """Whether this process may empty the system's file cache (Linux, as root)."""
    return sys.platform.startswith("linux") and os.geteuid() == 0 and os.access(DROP_CACHES, os.W_OK)


def _drop_caches() -> None:
    """Empty the page cache, as after switching the computer on: the next start reads Python,
    Qt, the fonts and our files from the disk."""
    os.sync()
    DROP_CACHES.write_text("3\n")


def _child(mode: str, *args: str, timeout: float = 300, cold: bool = False) -> dict:
    """Run ``bench/gui_child.py`` offscreen in a fresh interpreter; return its JSON line plus
    ``wall`` (seconds from spawning the process to its line arriving). ``cold``: the file
    cache is emptied just before the process starts."""
    import subprocess
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # compiled modules are cached (in a scratch folder, not in the source tree), as an installed
    # program has them: both sides start from bytecode after the warm-up run
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "jxzp-bench-pycache")
    # settings and recovery files of the child go to a scratch folder, not the user's
    scratch = tempfile.mkdtemp(prefix="jxzp-bench-")
    env["XDG_CONFIG_HOME"] = env["XDG_DATA_HOME"] = env["XDG_CACHE_HOME"] = scratch
    env["HOME"] = scratch
    if cold:
        _drop_caches()
    t0 = time.perf_counter()
    p = subprocess.Popen([sys.executable, str(CHILD), mode, *args], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env, cwd=str(ROOT))
    line = p.stdout.readline()
    wall = time.perf_counter() - t0
    out, err = p.communicate(timeout=timeout)
    import shutil
    shutil.rmtree(scratch, ignore_errors=True)
    if not line.strip():
        raise RuntimeError(f"{mode}: the child printed nothing (exit {p.returncode}): {err.strip()[-800:]}")
    data = json.loads(line)
    data["wall"] = wall
    return data


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
    same_name = "start-up, plain Qt window with the same content (information)"
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
    r = Result(name, t_ours, t_bare, "≤ 1.3 × bare QMainWindow (both from process start)", None)
    r.ok = r.ratio <= 1.3
    # information: a hand-written PySide6 window with what ours shows at its first paint (menus,
    # tool bar, tabs, the 基础信息 form, the 审核 list, the status bar), none of our code
    s = Result(same_name, t_same, t_bare, "—", None)
    ctx.notes.append(f"start-up, ours ÷ plain Qt window with the same content: {t_ours / t_same:.2f} "
                     f"({t_ours * 1000:.1f} ms ÷ {t_same * 1000:.1f} ms)")
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
    cold_name = "start-up after the file cache is emptied (first start of the day; information)"
    if ctx.quick:
        c = Result(cold_name, float("nan"), None, "—", None, note="skipped: not in --quick")
    elif not _can_drop_caches():
        c = Result(cold_name, float("nan"), None, "—", None, note="skipped: needs root on Linux")
    else:
        c_ours, c_same, c_bare = (statistics.median(c["wall"] for c in runs)
                                  for runs in _start_triples(path, 5, cold=True))
        c = Result(cold_name, c_ours, c_bare, "—", None)
        ctx.notes.append(f"start-up after the file cache is emptied: plain Qt window with the same content "
                         f"{c_same * 1000:.1f} ms ({c_same / c_bare:.2f} × the bare window's {c_bare * 1000:.1f} ms)")
    # where the time goes: median milliseconds from the child script's start to each phase
    for label, runs in (("ours", ours), ("same content, plain Qt", same), ("bare", bare)):
        keys = list(runs[0]["phases"])
        ctx.notes.append(f"start-up phases, {label} (ms since the script started): " + ", ".join(
            f"{k} {statistics.median(c['phases'][k] for c in runs):.0f}" for k in keys))
    return [r, s, c]


@case("GUI with the large report: peak memory, typing → repaint")
def bench_gui_large(ctx) -> list[Result]:
    names = ("peak memory, GUI with the large report open", "typing one character → repaint, large report")
    missing = _gui_available()
    if missing:
        return [Result(n, float("nan"), None, "", None, note=missing) for n in names]
    from model import store
    path = Path(ctx.tmp) / "large.jxzp"
    store.save(ctx.large, path, keep_backup=False)
    edits = 1 if ctx.quick else max(5, ctx.repeat * 3)
    runs = [_child("large", str(path), str(edits)) for _ in range(1 if ctx.quick else 2)]
    bare = _child("bare")
    mem = statistics.median(r["maxrss_mb"] for r in runs)
    typing = statistics.median(t for r in runs for t in r["typing"])
    m = Result(names[0], mem, bare["maxrss_mb"], "≤ 250 MB (floor: bare QMainWindow)", mem <= 250, unit="MB")
    t = Result(names[1], typing, None, "≤ 16 ms", typing * 1000 <= 16)
    ctx.notes.append(f"GUI child: {runs[0]['rows']} indicator rows in the edited table; "
                     f"bare QMainWindow peak memory {bare['maxrss_mb']:.0f} MB")
    f = Result("审核 list refresh after an edit, large report (deferred 120 ms; information)",
               statistics.median(r["findings_refresh"] for r in runs), None, "—", None)
    return [m, t, f]


# --------------------------------------------------------------------------- runner

@dataclass
class Context:
    large: object
    typical: object
    repeat: int
    tmp: str
    quick: bool
    cache: dict
    notes: list


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
             "| what | ours | floor | ratio | target | met |", "|---|---:|---:|---:|---|---|"]
    for r in results:
        skipped = r.ours != r.ours
        ratio = "—" if skipped or r.ratio is None else f"{r.ratio:.2f}"
        met = "—" if r.ok is None else ("yes" if r.ok else "NO")
        ours = "—" if skipped else f"{_fmt(r.ours, r.unit)} {r.unit}"
        floor = "—" if r.floor is None else f"{_fmt(r.floor, r.unit)} {r.unit}"
        lines.append(f"| {r.name} | {ours} | {floor} | {ratio} | {r.target or '—'} | "
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
