"""The PDF is laid out one annex grid at a time (``_LazyAnnex``) and says the same as before.

Generated reports of a few shapes are written both ways — every grid's tables made before the
layout starts (``build_story(lazy=False)``, the former way) and streamed (``write_pdf``) — and
their pages' text compared. While streaming, the tables of a grid are gone once the layout
has moved to the next grid.
"""
from __future__ import annotations

import gc
import shutil
import subprocess
import weakref
from pathlib import Path

import pytest

import export.pdf as pdf
from bench.generate import make_report
from export.fonts import find_fonts
from export import printable

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")


def pages_text(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8").split("\f")


def _eager(report, path: Path, fonts) -> None:
    """The former way: the whole story, every grid's page tables included, made first."""
    from export.tables import build_all
    report = printable(report)
    doc = pdf._Doc(str(path), fonts, title=pdf.title_of(report), author=report.info.unit_name.strip(),
                   subject="部门整体支出绩效自评报告", creator="绩效自评填报")
    doc.build(pdf.build_story(report, fonts, build_all(report), lazy=False))


@pytest.mark.parametrize("shape", [(0, 3, 4, 30, 1), (2, 30, 5, 200, 2), (3, 7, 40, 80, 3)])
def test_streamed_pdf_has_the_same_pages(tmp_path, shape):
    projects, per_project, dept, chars, seed = shape
    report = make_report(projects, per_project, dept, chars, seed=seed)
    fonts = find_fonts()
    pdf.write_pdf(report, tmp_path / "streamed.pdf", fonts=fonts)
    _eager(report, tmp_path / "eager.pdf", fonts)
    streamed, eager = pages_text(tmp_path / "streamed.pdf"), pages_text(tmp_path / "eager.pdf")
    assert len(streamed) == len(eager)
    assert streamed == eager


def test_only_the_grid_being_laid_out_is_held(tmp_path, monkeypatch):
    """When grid k is expanded, the page tables of grid k − 1 have been drawn and freed."""
    live: list[list[weakref.ref]] = []
    held_at_expand: list[int] = []
    real = pdf.annex.annex_story

    def tables(story):
        for f in story:
            if isinstance(f, pdf.Table):
                yield f
            yield from tables(getattr(f, "flowables", ()))     # an annex fitted to one page

    def watched(grid, st, frame_w, frame_h, fit=True, **kw):
        if not fit:         # a trial layout while fitting an annex to one page
            return real(grid, st, frame_w, frame_h, fit=False, **kw)
        gc.collect()
        held_at_expand.append(sum(1 for refs in live for r in refs if r() is not None))
        story = real(grid, st, frame_w, frame_h)
        live.append([weakref.ref(f) for f in tables(story)])
        return story
    monkeypatch.setattr(pdf.annex, "annex_story", watched)
    pdf.write_pdf(make_report(4, 12, 6, 40), tmp_path / "out.pdf")
    assert len(live) == 6                      # 附件2, 附件3, four 附件4
    assert all(live)                            # each grid had its tables
    assert held_at_expand == [0] * 6            # none of an earlier grid still alive


def test_an_export_that_found_its_fonts_lets_them_go(tmp_path):
    """Fonts the export looked up itself are forgotten afterwards (a window would otherwise keep
    every font file in memory); fonts a caller passed in stay registered for it."""
    from reportlab.pdfbase import pdfmetrics

    from export.fonts import registered_fonts, release_fonts
    release_fonts()
    names_before = set(pdfmetrics.getRegisteredFontNames())
    pdf.write_pdf(make_report(1, 4, 4, 20), tmp_path / "a.pdf")
    assert registered_fonts() == frozenset()
    assert set(pdfmetrics.getRegisteredFontNames()) == names_before
    fonts = find_fonts()
    held = registered_fonts()
    pdf.write_pdf(make_report(1, 4, 4, 20), tmp_path / "b.pdf", fonts=fonts)
    assert registered_fonts() == held
    pdf.write_pdf(make_report(1, 4, 4, 20), tmp_path / "c.pdf", fonts=fonts)   # still usable
    assert pages_text(tmp_path / "b.pdf") == pages_text(tmp_path / "c.pdf")


@pytest.mark.parametrize("fail", [False, True])
def test_the_export_collects_less_often_and_puts_the_thresholds_back(tmp_path, monkeypatch, fail):
    """The layout runs with a larger young-generation threshold; the caller's thresholds are
    back afterwards, also when the export fails."""
    from export.memory import EXPORT_GEN0
    before = gc.get_threshold()
    seen = []

    def fake(*args):
        seen.append(gc.get_threshold())
        if fail:
            raise pdf.ExportError("无法写入")
        return None
    monkeypatch.setattr(pdf, "_write_pdf", fake)
    if fail:
        with pytest.raises(pdf.ExportError):
            pdf.write_pdf(make_report(1, 4, 4, 20), tmp_path / "a.pdf")
    else:
        pdf.write_pdf(make_report(1, 4, 4, 20), tmp_path / "a.pdf")
    assert seen == [(max(before[0], EXPORT_GEN0), *before[1:])]
    assert gc.get_threshold() == before
