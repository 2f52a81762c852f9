"""附件4 on one landscape page where the spreadsheet prints it on one page (``Grid.fit_min_scale``):
the PDF scales the whole table down as Excel's “fit to one page” does; a table that would need a
smaller scale runs over pages at full size, and the workbook then prints it as many pages down.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st
from reportlab.lib.pagesizes import A4, landscape

from export.fonts import find_fonts
from export.pdf import ANNEX_BOTTOM, ANNEX_MARGIN, _FitPage, _Styles, annex_story, write_pdf
from export.tables import build_all
from export.xlsx import build_workbook
from model.report import Amounts, Indicator, Project, new_report

BLOCKS = (("成本指标", "经济成本指标"), ("产出指标", "数量指标"), ("效益指标", "社会效益指标"),
          ("满意度指标", "服务对象满意度指标"))
NAMES = ("帮扶困难职工人次", "送温暖慰问资金发放及时率", "活动覆盖基层工会数", "项目预算控制数",
         "职工对帮扶工作满意度", "技能竞赛参赛职工人数", "服务站点建设完成率")


def typical_report(sizes: tuple[int, ...], goal_chars: int = 60):
    """One project whose 一级指标 blocks have ``sizes`` rows of everyday indicator texts."""
    r = new_report(2024, "某县测试局")
    r.info.preparer, r.info.phone, r.info.fill_date = "张三", "0737-1234567", "2025-03-18"
    p = Project(name="职工帮扶救助专项资金", competent_dept="某县测试局", implementer="某县测试局",
                goal=("全年开展困难职工帮扶救助，" * 20)[:goal_chars],
                achievement=("已按计划完成帮扶救助任务，" * 20)[:goal_chars])
    p.total = p.fiscal = Amounts(initial=D("50"), budget=D("50"), executed=D("48"))
    count = sum(sizes) or 1
    k = 0
    for (l1, l2), size in zip(BLOCKS, sizes):
        for _ in range(size):
            p.indicators.append(Indicator(level1=l1, level2=l2, name=NAMES[k % len(NAMES)],
                                          target="≥95%", actual="96%",
                                          weight=(D(90) / count).quantize(D("0.01"))))
            k += 1
    r.projects.append(p)
    return r


@pytest.fixture(scope="module")
def styles():
    return _Styles(find_fonts())


def pdf_pages(grid, styles) -> int:
    lw, lh = landscape(A4)
    story = annex_story(grid, styles, lw - 2 * ANNEX_MARGIN, lh - ANNEX_MARGIN - ANNEX_BOTTOM)
    if len(story) == 1 and isinstance(story[0], _FitPage):
        assert _FitPage.floor(grid) <= story[0].scale <= 1
        return 1
    return 1 + sum(type(f).__name__ == "PageBreak" for f in story)


def xlsx_fit_to_height(grid) -> int:
    [ws] = build_workbook([grid]).worksheets
    assert ws.page_setup.fitToWidth == 1
    return ws.page_setup.fitToHeight


SIZES = st.lists(st.integers(0, 6), min_size=4, max_size=4).filter(lambda s: 1 <= sum(s) <= 20)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sizes=SIZES, goal_chars=st.integers(10, 80))
def test_a_typical_project_prints_on_one_landscape_page(styles, sizes, goal_chars):
    grid = build_all(typical_report(tuple(sizes), goal_chars))[-1]
    assert grid.key == "annex4-1" and grid.landscape
    assert pdf_pages(grid, styles) == 1
    assert xlsx_fit_to_height(grid) == 1          # the workbook prints it on one page too


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sizes=st.lists(st.integers(10, 16), min_size=4, max_size=4))
def test_a_long_project_runs_over_pages_at_full_size(styles, sizes):
    grid = build_all(typical_report(tuple(sizes)))[-1]
    assert pdf_pages(grid, styles) >= 2
    assert xlsx_fit_to_height(grid) == 0


LONG_NAME = st.text(alphabet="指标名称完成率覆盖人次资金发放及时满意度", min_size=2, max_size=60)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sizes=st.lists(st.integers(0, 10), min_size=4, max_size=4).filter(lambda s: sum(s) >= 1),
       goal_chars=st.integers(10, 300), names=st.lists(LONG_NAME, min_size=1, max_size=8),
       targets=st.lists(st.sampled_from(["≥95%", "100%", "按期完成", "≤50万元",
                                         "全年完成不少于十二次检查并形成书面报告"]), min_size=1, max_size=5))
# lengths at which the two estimates used to disagree (the PDF fitted at 70 %, the workbook not)
@example(sizes=[6, 6, 5, 5], goal_chars=10, names=list(NAMES), targets=["≥95%"])
@example(sizes=[6, 6, 5, 5], goal_chars=60, names=list(NAMES), targets=["≥95%"])
@example(sizes=[5, 5, 5, 5], goal_chars=150, names=list(NAMES), targets=["≥95%"])
def test_the_workbook_and_the_pdf_agree_on_one_page(styles, sizes, goal_chars, names, targets):
    """Whatever the table's length and texts, a 附件4 the workbook prints “fit to one page” is one
    page in the PDF, and one the workbook prints over pages runs over pages in the PDF: both go by
    ``export.sheet_layout.prints_on_one_page`` (the two used to estimate it each their own way and
    disagreed between ≈ 20 and 24 rows)."""
    from export.sheet_layout import prints_on_one_page
    r = typical_report(tuple(sizes), goal_chars)
    for k, ind in enumerate(r.projects[0].indicators):
        ind.name = names[k % len(names)]
        ind.target = targets[k % len(targets)]
    grid = build_all(r)[-1]
    one = prints_on_one_page(grid)
    assert xlsx_fit_to_height(grid) == (1 if one else 0)
    pages = pdf_pages(grid, styles)
    assert (pages == 1) == one


def test_the_tables_that_are_not_fitted(styles):
    grids = build_all(typical_report((3, 3, 3, 3)))
    assert [g.fit_min_scale for g in grids[:2]] == [None, None]      # 附件2, 附件3 run over pages
    assert [xlsx_fit_to_height(g) for g in grids[:2]] == [0, 0]


@pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdfinfo"),
                    reason="poppler-utils not installed")
def test_the_sample_projects_each_on_one_landscape_page(tmp_path):
    from resources.samples.build_sample import build_sample
    report = build_sample()
    path = tmp_path / "s.pdf"
    write_pdf(report, path)
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(path)], capture_output=True,
                          check=True).stdout.decode()
    sizes = [tuple(float(x) for x in m) for m in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]

    def text(k: int) -> str:
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(k), "-l", str(k), str(path), "-"],
                             capture_output=True, check=True).stdout.decode("utf-8")
        return re.sub(r"\s+", "", out)

    texts = [text(k) for k in range(1, len(sizes) + 1)]
    for i, p in enumerate(report.projects, 1):
        [k] = [k for k, t in enumerate(texts) if f"附件4-{i}" in t]
        page = texts[k]
        assert sizes[k][0] > sizes[k][1]                                   # landscape
        assert p.name in page and "总分" in page and "填表人" in page
        assert all(re.sub(r"\s+", "", ind.name) in page for ind in p.indicators)
        # nothing of this table on the next page
        assert k + 1 == len(texts) or "总分" not in texts[k + 1] or f"附件4-{i + 1}" in texts[k + 1]
