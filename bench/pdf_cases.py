"""PDF cases: ours, the bare reportlab floor and LibreOffice, each a whole process started afresh.

Ours is what a user runs: ``python main.py export FILE.jxzp --pdf OUT.pdf`` (read and check the
file, score it, find and register the fonts, lay out the body and every annex table, write the
file). The floor is ``bench/pdf_floor.py``: a bare reportlab script building the same body
paragraphs and the same table cells from a JSON file. LibreOffice converts our xlsx
(``soffice --headless --convert-to pdf``, annex tables only). All three start as new processes,
in turn, so none runs warmed by another in the same process; one warm-up round of each comes
first (Python's compiled modules, LibreOffice's profile folder, the fonts in the file cache).
"""
from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import time
from pathlib import Path
from typing import Optional

from bench.core import ROOT, Result, case, child_env, paired_processes, run_process

BENCH = Path(__file__).resolve().parent
PDF_FLOOR_IS = ("bare reportlab script, same body paragraphs and table cells (spans, grid, embedded fonts); "
                "both whole processes from spawn to exit, each a fresh interpreter, alternated")
LO_FLOOR_IS = ("soffice --headless --convert-to pdf of our xlsx; both whole processes from spawn to exit, "
               "alternated with ours, one warm-up each (LibreOffice's profile folder made then)")


def floor_cells(report, path: Path) -> Path:
    """Write what the floor script builds: body sections, font files, every annex grid's cells."""
    from export.fonts import find_fonts
    from export.tables import build_all
    fonts = find_fonts()
    data = {
        "sections": list(report.sections),
        "fonts": {role: [c.path, c.index] for role, c in fonts.choices.items()},
        "grids": [{"title": g.title, "landscape": g.landscape, "ncols": g.ncols, "nrows": g.nrows,
                   "col_widths": list(g.col_widths), "header_rows": g.header_rows,
                   "cells": [[c.row, c.col, c.rowspan, c.colspan, c.text] for c in g.cells]}
                  for g in build_all(report)],
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def ours_pdf(src: Path, out: Path) -> dict:
    """``python main.py export SRC --pdf OUT --force`` as a whole process."""
    return run_process([str(ROOT / "main.py"), "export", str(src), "--pdf", str(out), "--force"])


def floor_pdf(cells: Path, out: Path) -> dict:
    return run_process([str(BENCH / "pdf_floor.py"), str(cells), str(out)])


def _soffice() -> Optional[str]:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_pdf(soffice: str, xlsx: Path, profile: Path, outdir: Path) -> float:
    """Seconds for LibreOffice to convert ``xlsx`` to PDF, from spawn to exit."""
    t0 = time.perf_counter()
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(outdir), str(xlsx)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=1800,
                   env=child_env())
    return time.perf_counter() - t0


@case("PDF export, large report")
def bench_pdf(ctx) -> list[Result]:
    from export.xlsx import write_xlsx
    from model import store
    tmp = Path(ctx.tmp)
    src = tmp / "pdf-large.jxzp"
    store.save(ctx.large, src, keep_backup=False)
    cells = floor_cells(ctx.large, tmp / "pdf-cells.json")
    soffice = None if ctx.quick else _soffice()
    sides = {"ours": lambda: ours_pdf(src, tmp / "ours.pdf"),
             "floor": lambda: floor_pdf(cells, tmp / "floor.pdf")}
    if soffice:
        xlsx = tmp / "lo.xlsx"
        write_xlsx(ctx.large, xlsx)
        profile, outdir = tmp / "lo-profile", tmp / "lo-out"
        sides["lo"] = lambda: {"wall": libreoffice_pdf(soffice, xlsx, profile, outdir)}
    runs = paired_processes(sides, 1 if ctx.quick else max(1, min(ctx.repeat, 3)),
                            warmup=0 if ctx.quick else 1)
    wall = {k: statistics.median(r["wall"] for r in v) for k, v in runs.items()}
    peak = {k: statistics.median(r["peak_mb"] for r in v) for k, v in runs.items() if k != "lo"}
    ctx.cache["pdf_ours"] = wall["ours"]
    r = Result("PDF export, large report", wall["ours"], wall["floor"], "≤ 1.5 × bare reportlab, same cells", None,
               floor_is=PDF_FLOOR_IS)
    r.ok = r.ratio <= 1.5
    m = Result("PDF export peak memory, large report (whole process)", peak["ours"], peak["floor"],
               "— (1 500 projects: ≤ 400 MB, see scaling)", None, unit="MB",
               floor_is="the bare reportlab script's own peak (VmHWM), same run")
    name = "PDF export vs LibreOffice converting our xlsx"
    if ctx.quick:
        lo = Result(name, float("nan"), None, "", None, note="skipped: not in --quick")
    elif not soffice:
        lo = Result(name, float("nan"), None, "", None, note="skipped: LibreOffice not installed")
    else:
        lo = Result(name, wall["ours"], wall["lo"], "ours ≥ 3 × faster (ratio ≤ 0.33)", None, floor_is=LO_FLOOR_IS)
        lo.ok = lo.ratio <= 1 / 3
    return [r, m, lo]
