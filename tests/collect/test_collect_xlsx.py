"""The 汇总表 read back with openpyxl: cells, merges, print settings, the summary sheet."""
from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings, strategies as st
from openpyxl import load_workbook

from model.collection.db import Entry, ProjectRow
from export.summary_table import HEADERS, LOWEST, write_summary_xlsx
from model.scoring_rows import grade_of


def _entry(unit: str, year: int, budget: str, executed: str, score: str, errors: int = 0) -> Entry:
    b, x = Decimal(budget), Decimal(executed)
    rate = format((x / b * 100).quantize(Decimal("0.01")), "f") if b else None
    return Entry(unit, year, "青溪县教育局", budget, executed, rate, score, grade_of(Decimal(score)), errors, 2,
                 f"/收件/{unit}.jxzp", "jxzp", unit, [ProjectRow("项目", budget, executed, rate, score, "优")])


def _find(ws, text):
    for row in ws.iter_rows():
        for c in row:
            if c.value == text:
                return c
    raise AssertionError(f"{text} not found")


def test_list_sheet_cells_merges_and_print_setup(tmp_path):
    entries = [_entry("青溪县第一中学", 2024, "120.5", "118.25", "95.5"),
               _entry("青溪县实验小学", 2024, "80", "60", "72.25", errors=3)]
    path = tmp_path / "汇总.xlsx"
    assert write_summary_xlsx(entries, path) == ["汇总表", "汇总分析", "考核评分"]
    wb = load_workbook(path)
    ws = wb["汇总表"]
    title = _find(ws, "2024年度部门整体支出绩效自评汇总表")
    assert any(str(r).startswith(f"A{title.row}:") for r in ws.merged_cells.ranges)
    header = _find(ws, "序号")
    assert [ws.cell(header.row, c + 1).value for c in range(len(HEADERS))] == list(HEADERS)
    first = [ws.cell(header.row + 1, c + 1).value for c in range(len(HEADERS))]
    assert first == [1, "青溪县第一中学", "青溪县教育局", "2024", 120.5, 118.25, 0.9813, 95.5, "优", 0, 2, 1]
    second = [ws.cell(header.row + 2, c + 1).value for c in range(len(HEADERS))]
    assert second[1] == "青溪县实验小学" and second[6] == 0.75 and second[8] == "中" and second[9] == 3
    assert ws.cell(header.row + 1, 7).number_format == "0.00%"
    assert ws.cell(header.row + 1, 2).border.left.style is not None
    assert ws.print_title_rows == f"${header.row}:${header.row}"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage


@settings(max_examples=4, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 9999), st.integers(0, 10000), st.integers(0, 10000)),
                min_size=1, max_size=12))
def test_summary_sheet_counts_grades_and_lists_the_lowest_rates(tmp_path_factory, rows):
    entries = [_entry(f"单位{i:02d}", 2024, str(b), str(min(b, x)), str(Decimal(s) / 100))
               for i, (b, x, s) in enumerate(rows)]
    path = tmp_path_factory.mktemp("x") / "汇总.xlsx"
    write_summary_xlsx(entries, path)
    ws = load_workbook(path)["汇总分析"]
    counts = {}
    head = _find(ws, "等级")
    r = head.row + 1
    while ws.cell(r, 1).value != "合计":
        counts[ws.cell(r, 1).value] = ws.cell(r, 3).value
        r += 1
    assert ws.cell(r, 3).value == len(entries)
    assert counts == {g: sum(1 for e in entries if e.grade == g) for g in ("优", "良", "中", "差")}
    assert sum(counts.values()) == len(entries)
    avg = _find(ws, "平均自评得分")
    expected = (sum(Decimal(e.score) for e in entries) / len(entries)).quantize(Decimal("0.01"), "ROUND_HALF_UP")
    assert Decimal(str(ws.cell(avg.row, 3).value)).quantize(Decimal("0.01")) == expected
    low = _find(ws, f"三、执行率最低的 {LOWEST} 个单位")
    listed = [ws.cell(low.row + 2 + k, 1).value for k in range(min(LOWEST, len(entries)))]
    want = sorted(entries, key=lambda e: (Decimal(e.rate), e.unit))[:LOWEST]
    assert listed == [e.unit for e in want]


def test_the_assessment_sheet_shows_automatic_reviewer_and_pending_scores(tmp_path):
    from model.assessment import load_table
    items = load_table().items
    e = _entry("青溪县第一中学", 2024, "100", "100", "95")
    e.assessment = [{"id": "completeness", "score": "13", "reason": "", "auto": True},
                    {"id": "self_table", "score": "20", "reason": "", "auto": True},
                    {"id": "problems", "score": None, "reason": "", "auto": False}]
    path = tmp_path / "汇总.xlsx"
    write_summary_xlsx([e], path, reviews={("青溪县第一中学", 2024): {"arrange": "8.5", "organise": None}})
    ws = load_workbook(path)["考核评分"]
    header = _find(ws, "序号")
    heads = [ws.cell(header.row, c).value for c in range(1, len(items) + 6)]
    assert heads[:3] == ["序号", "单位", "年度"] and heads[-2:] == ["已评合计", "待评项"]
    row = {h: ws.cell(header.row + 1, c).value for c, h in enumerate(heads, 1)}
    assert row["布置工作\n（10）"] == 8.5 and row["完整性\n（15）"] == 13 and row["绩效自评表\n（20）"] == 20
    assert row["组织实施\n（15）"] == "待评" and row["反映问题\n（20）"] == "待评"
    assert row["已评合计"] == 41.5 and row["待评项"] == len(items) - 3
