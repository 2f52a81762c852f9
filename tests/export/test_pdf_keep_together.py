"""``Grid.keep_together`` in the PDF: a page does not end inside a 一级指标 block that fits on one
page, the 总分 row never stands alone, and the footer (填表人 … 单位负责人签字) stays on the page
of the table's last rows.

The cutting itself is checked on generated tables and page sizes (``_TableBuilder.pages``);
whole PDFs whose project table ends right around a page end are read back with pdftotext.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from export.fonts import find_fonts
from export.pdf import _Styles, _TableBuilder, write_pdf
from export.tables import build_all
from model.report import Amounts, Indicator, Project, new_report

BLOCKS = (("成本指标", "经济成本指标"), ("产出指标", "数量指标"), ("效益指标", "社会效益指标"),
          ("满意度指标", "服务对象满意度指标"))
LAST = "末行指标"


def project_report(sizes: tuple[int, int, int, int], long_notes: int = 0):
    """A report with one project whose four 一级指标 blocks have ``sizes`` rows; the very last
    indicator is called 末行指标; ``long_notes`` rows get a note of several lines."""
    r = new_report(2024, "某县测试局")
    r.info.preparer, r.info.phone, r.info.head = "张三", "0737-1234567", "李四"
    p = Project(name="测试项目", competent_dept="某县测试局", implementer="某县测试局")
    p.total = Amounts(initial=D("50"), budget=D("50"), executed=D("48"))
    p.fiscal = Amounts(initial=D("50"), budget=D("50"), executed=D("48"))
    count = sum(sizes)
    k = 0
    for (l1, l2), size in zip(BLOCKS, sizes):
        for j in range(size):
            k += 1
            name = LAST if k == count else f"{l1}第{j + 1}项"
            note = "偏差原因：部分资金拨付较晚，已督促实施单位加快进度。" * 3 if k <= long_notes else ""
            p.indicators.append(Indicator(level1=l1, level2=l2, name=name, target="≥10个", actual="10个",
                                          weight=(D(90) / count).quantize(D("0.01")), note=note))
    r.projects.append(p)
    return r


def project_grid(report, fit: bool = False):
    """The project's 附件4; unless ``fit``, without its one-page fitting (so that the page
    cutting is what is seen)."""
    grid = build_all(report)[-1]
    assert grid.key.startswith("annex4") and grid.footer and "填表人" in grid.footer
    assert grid.fit_min_scale
    if not fit:
        grid.fit_min_scale = None
    return grid


@pytest.fixture(scope="module")
def styles():
    return _Styles(find_fonts())


def _check_pages(tb: _TableBuilder, pages: list[list[int]], cap: float, footer_h: float) -> None:
    g = tb.grid
    n = g.nrows
    rep = g.repeated
    R = list(range(*rep)) if rep else []

    own, printed = [], set()
    for rows in pages:
        # a continuation page's header rows, printed before, are repeated in front
        if R and rows[:len(R)] == R and printed.issuperset(R):
            rows = rows[len(R):]
        own.append(rows)
        printed.update(rows)
    # every row once, in order
    assert [r for rows in own for r in rows] == list(range(n))
    page_of = {r: k for k, rows in enumerate(own) for r in rows}
    heights = tb.row_heights()
    head = sum(heights[r] for r in range(*rep)) if rep else 0.0
    keeps = [(a, min(b, n)) for a, b in g.keep_together]
    for a, b in keeps:
        # a range that overlaps another one (the last block and 总分 with the rows above it) is
        # held to one page only when both together fit on it
        lo = min([a] + [c for c, d in keeps if c < b and a < d])
        hi = max([b] + [d for c, d in keeps if c < b and a < d])
        # clearly fits on one page (heights are estimates: leave a margin)
        if head + sum(heights[lo:hi]) + footer_h <= 0.9 * cap:
            assert len({page_of[r] for r in range(a, b)}) == 1, (a, b, [page_of[r] for r in range(a, b)])
    # 总分 with the two rows above it, on the last page
    assert page_of[n - 1] == page_of[n - 2] == page_of[n - 3] == len(pages) - 1


SIZES = st.tuples(*(st.integers(1, 14) for _ in BLOCKS))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sizes=SIZES, long_notes=st.integers(0, 12), cap=st.floats(260, 560), footer_h=st.sampled_from([0.0, 23.0]))
def test_pages_never_end_inside_a_block_that_fits(styles, sizes, long_notes, cap, footer_h):
    grid = project_grid(project_report(sizes, long_notes))
    tb = _TableBuilder(grid, styles, 760.0)
    pages = tb.pages(cap * 0.8, cap, footer_h)
    _check_pages(tb, pages, cap, footer_h)
    for k, table in enumerate(tb.page_tables):
        height = table.wrap(760.0, 1e7)[1]
        limit = (cap * 0.8 if k == 0 else cap) - (footer_h if k == len(pages) - 1 else 0.0)
        assert height <= limit or len(pages[k]) <= 2


# ----------------------------------------------------------------------------- the PDF itself

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdfinfo"),
                                   reason="poppler-utils not installed")


def page_text(path: Path, page: int) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(path), "-"],
                         capture_output=True, check=True).stdout.decode("utf-8")
    return re.sub(r"\s+", "", out)


def page_count(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout.decode()
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def _table_pages(styles, sizes) -> int:
    """How many pages the project table takes (as ``annex_story`` cuts it)."""
    grid = project_grid(project_report(sizes))
    from export.pdf import annex_story
    from reportlab.lib.pagesizes import A4, landscape
    from export.pdf import ANNEX_BOTTOM, ANNEX_MARGIN
    lw, lh = landscape(A4)
    story = annex_story(grid, styles, lw - 2 * ANNEX_MARGIN, lh - ANNEX_MARGIN - ANNEX_BOTTOM)
    return 1 + sum(type(f).__name__ == "PageBreak" for f in story)


@needs_poppler
@pytest.mark.parametrize("base, last", [((4, 6, 4), 1), ((1, 1, 1), 28)],
                         ids=["blocks-that-fit", "last-block-longer-than-a-page"])
def test_total_and_footer_stay_with_the_last_rows_around_a_page_end(styles, tmp_path, base, last):
    # grow the last block one row at a time until the table takes one page more: the sizes
    # just before and after that are the tables that end right at a page end. When the last
    # block is longer than a page, only the 总分 row's own keeping holds its rows together.
    pages = _table_pages(styles, (*base, last))
    while _table_pages(styles, (*base, last + 1)) == pages:
        last += 1
        assert last < 60
    seen_pages = set()
    for size in range(max(1, last - 2), last + 4):
        report = project_report((*base, size))
        grid = project_grid(report)
        path = tmp_path / f"t{size}.pdf"
        write_pdf(report, path, fonts=styles.fonts, grids=[grid])
        texts = [page_text(path, k) for k in range(1, page_count(path) + 1)]
        [where] = [k for k, t in enumerate(texts) if LAST in t]
        # the indicator row before the last one is on that page too (≥ 2 rows before 总分)
        before = f"{BLOCKS[-1][0]}第{size - 1}项" if size > 1 else f"{BLOCKS[-2][0]}第{base[-1]}项"
        assert before in texts[where], size
        assert "总分" in texts[where] and "填表人" in texts[where] and "单位负责人签字" in texts[where], size
        assert not any("总分" in t or "填表人" in t for k, t in enumerate(texts) if k != where)
        # every 一级指标 block that fits on one page is on one page
        for l1, _ in BLOCKS[:3] if size > 20 else BLOCKS:
            on = {k for k, t in enumerate(texts) if f"{l1}第" in t}
            assert len(on) <= 1, (size, l1, on)
        seen_pages.add(len(texts))
    assert len(seen_pages) >= 2          # the sweep did cross a page end
