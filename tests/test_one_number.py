"""One number, one source (issue 15): every surface prints the scores of one ``ReportScores``.

For generated reports (yearless and late dates, manual scores, zero budgets, over-achievement,
score precision 0/1/2) every table's total, block subtotals, execution score and rate and grade
are compared between ``score_report`` and: the GUI grid (Qt model data and the summary line),
the 项目 list, the status bar, 审核's messages that quote the total, ``main.py check --json``,
the xlsx cells read back, the PDF text, and section 九 of the txt/docx body.
"""
from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
from argparse import Namespace
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import main
from model import store
from model.checks import run_checks
from model.numbers import fmt_decimal, fmt_rate, rate_percent
from model.paragraphs import self_score
from model.profiles import get_profile
from model.report import GRADES, Amounts, Indicator, Report
from model.scoring import ReportScores, TableResult, score_report
from model.summary import summarize
from tests.model.test_checks import passing_report

ROOT = Path(__file__).resolve().parent.parent
HUNAN = get_profile("hunan")
SLOTS = [(b.name, l2) for b in HUNAN.blocks for l2 in (b.level2 or ("",))]
NINE = 8   # index of section 九

# --------------------------------------------------------------------------- generated reports

_NUMBERS = ("0", "3", "11.6", "50", "95", "100", "500")
_DATE_TARGETS = ("12月底前完成", "6月30日前", "11月底前", "2024年12月31日之前完成")
_DATE_ACTUALS = ("2025年1月15日", "2024年12月20日", "11月20日", "7月2日", "2024年7月2日", "按时完成",
                 "延期完成", "项目已验收", "")
_WEIGHTS = (D(10), D(20), D(5), D("7.5"), D("3.335"), D(0))
_MANUAL = (None, None, None, None, D(0), D("7.5"), D("9.99"), D(12))
_BUDGETS = (("253.79", "252.65"), ("0", "0"), ("0", "5"), ("100", "120"), ("100000", "99549"),
            ("1.2", "1.15"))


@st.composite
def indicators(draw) -> Indicator:
    level1, level2 = draw(st.sampled_from(SLOTS))
    kind = draw(st.sampled_from(("number", "number", "date", "date", "text")))
    grade = draw(st.sampled_from(("",) + GRADES))
    nature = ""
    if kind == "number":
        nature = draw(st.sampled_from(("≥", "≤", "=", "")))
        unit = draw(st.sampled_from(("%", "人次", "万元", "")))
        a = draw(st.sampled_from(_NUMBERS))
        # the same figure, another one, or far above it (over-achievement)
        b = draw(st.sampled_from((a, "0", "96", "250", "1000", "40", "")))
        target, actual = f"{draw(st.sampled_from(('≥', '≤', '')))}{a}{unit}", (f"{b}{unit}" if b else "")
        grade = ""
    elif kind == "date":
        target, actual = draw(st.sampled_from(_DATE_TARGETS)), draw(st.sampled_from(_DATE_ACTUALS))
    else:
        nature = "定性"
        target = draw(st.sampled_from(("有效提升", "明显提高")))
        actual = draw(st.sampled_from((target, "有所提升", "")))
    return Indicator(level1, level2, f"指标{draw(st.integers(1, 99))}", nature, target, actual,
                     draw(st.sampled_from(_WEIGHTS)), grade, draw(st.sampled_from(_MANUAL)))


def _amounts(pair) -> Amounts:
    budget, executed = pair
    return Amounts(None, D(budget), D(budget), D(executed))


@st.composite
def reports(draw) -> Report:
    r = passing_report()
    budget, executed = draw(st.sampled_from(_BUDGETS))
    r.budget.full_year, r.budget.executed = D(budget), D(executed)
    r.dept.indicators = draw(st.lists(indicators(), min_size=1, max_size=6))
    r.projects = r.projects[:draw(st.integers(0, 2))]
    for p in r.projects:
        p.total = _amounts(draw(st.sampled_from(_BUDGETS)))
        p.indicators = draw(st.lists(indicators(), min_size=0, max_size=4))
    r.score_places = draw(st.sampled_from((None, 0, 1, 2)))
    r.sections[NINE] = self_score(r) or ""
    return r


def headline_report() -> Report:
    """The case of the issue: a 时效 row whose target has no year and whose actual date is late."""
    r = passing_report()
    r.dept.indicators[3] = Indicator("产出指标", "时效指标", "困难职工慰问完成时间", "", "12月底前完成",
                                     "2025年1月15日", D(10))
    r.sections[NINE] = self_score(r)
    return r


# --------------------------------------------------------------------------- what each surface says

def _tables(r: Report, s: ReportScores) -> list[tuple[str, TableResult]]:
    return [("dept.indicators", s.department)] + [(f"projects[{i}].indicators", t)
                                                 for i, t in enumerate(s.projects)]


def _fmt(value, places: int) -> str:
    return fmt_decimal(value, places)


def _row_order(t: TableResult) -> list[int]:
    """Row indices in the order the annex prints them (block, then level-2 group)."""
    return [i for b in t.blocks for _n, _w, _s, rows in b.level2 for i in rows]


def check_json_and_findings(r: Report, s: ReportScores, tmp: Path) -> None:
    places = s.places
    path = tmp / "r.jxzp"
    store.save(r, path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main.cmd_check(Namespace(file=str(path), json=True))
    data = json.loads(out.getvalue())
    got = [data["department"]] + data["projects"]
    for j, (_path, t) in zip(got, _tables(r, s), strict=True):
        rate = rate_percent(t.execution.rate)
        assert j["total"] == _fmt(t.total, places)
        assert j["grade"] == t.grade
        assert j["execution_score"] == _fmt(t.execution.score, places)
        assert j["indicator_score"] == _fmt(t.indicator_score, places)
        assert j["execution_rate"] == (None if rate is None else format(rate, "f"))
    # 审核: section 九 as generated quotes the total and the grade: nothing to say about them
    rules = {f.rule for f in run_checks(r, s)}
    assert not rules & {"text.score_mismatch", "text.grade_mismatch", "text.score_missing"}
    # … and when section 九 quotes another figure, the message quotes the same total and parts
    r.sections[NINE] = "经自评，本单位自评得分为999.99分，等级为“差”。"
    try:
        found = [f for f in run_checks(r, score_report(r)) if f.rule in ("text.score_mismatch", "text.grade_mismatch")]
    finally:
        r.sections[NINE] = self_score(r) or ""
    dept = s.department
    score = [f.message for f in found if f.rule == "text.score_mismatch"]
    assert len(score) == 1
    assert (f"计算的总分为 {_fmt(dept.total, places)} 分（预算执行率 {_fmt(dept.execution.score, places)} 分 + "
            f"指标 {_fmt(dept.indicator_score, places)} 分）") in score[0]
    grade = [f.message for f in found if f.rule == "text.grade_mismatch"]
    assert grade == ([] if dept.grade == "差" else
                     [f"{grade[0].split('写等级')[0]}写等级为“差”，而部门整体自评总分 {_fmt(dept.total, places)} 分"
                      f"对应的等级为“{dept.grade}”（优 ≥ 90，良 80—90，中 60—80，差 < 60）"])


def check_grid(doc, r: Report, s: ReportScores) -> None:
    from PySide6.QtCore import Qt

    from gui.pages.indicator_editor import IndicatorEditor
    from gui.pages.projects import ProjectListModel
    from gui.tables.indicators import COL_SCORE

    places = s.places
    assert doc.scores() == s
    for path, t in _tables(r, s):
        editor = IndicatorEditor(doc, path, "")
        m = editor.model
        assert m.result() is doc.scores().for_list(path)      # one object, not a recomputation
        inds = m.indicators()
        for i, res in enumerate(t.rows):
            shown = m.data(m.index(i, COL_SCORE), Qt.ItemDataRole.DisplayRole)
            blank = inds[i].weight is None and not inds[i].actual.strip() and inds[i].manual_score is None
            assert shown == ("" if blank else _fmt(res.score, places))
        html = editor.summary_html()
        scores = re.findall(r"得 <b>([^<]+)</b>", html)
        assert scores == ([_fmt(t.execution.score, places)] + [_fmt(b.score, places) for b in t.blocks]
                          + [_fmt(t.total, places)]), html
        assert f"执行率 {fmt_rate(t.execution.rate)}" in html
        assert f"等级 <b>{t.grade}</b>" in html
        editor.deleteLater()
    plist = ProjectListModel(doc)
    for i, t in enumerate(s.projects):
        tip = plist.data(plist.index(i, 0), Qt.ItemDataRole.ToolTipRole)
        assert f"自评得分 {_fmt(t.total, places)}（{t.grade}）" in tip
        assert f"执行率 {fmt_rate(t.execution.rate)}" in tip


def check_xlsx(r: Report, s: ReportScores, path: Path) -> None:
    from openpyxl import load_workbook
    from export.xlsx import write_xlsx

    write_xlsx(r, path)
    wb = load_workbook(path)
    sheets = wb.worksheets[1:]
    assert len(sheets) == 1 + len(r.projects)
    places = s.places
    for ws, (_p, t) in zip(sheets, _tables(r, s), strict=True):
        rows = [[c.value for c in row] for row in ws.iter_rows()]
        exe = next(row for row in rows if "年度资金总额" in row)
        assert D(str(exe[8])) == t.execution.score
        assert (exe[7] == "—") if t.execution.rate is None else D(str(exe[7])) == round(t.execution.rate, 4)
        total = next(row for row in rows if row[0] == "总分")
        assert D(str(total[7])) == t.total and total[8] == f"自评等级：{t.grade}"
        head = next(k for k, row in enumerate(rows) if row[7] == "得分" and row[1] == "一级指标")
        end = rows.index(total)
        printed = [D(str(row[7])) for row in rows[head + 1:end] if row[7] not in (None, "")]
        assert printed == [t.rows[i].score for i in _row_order(t)]
        assert ws.cell(end + 1, 8).number_format == ("0" if places == 0 else "0." + "0" * places)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def check_pdf(r: Report, s: ReportScores, path: Path) -> None:
    from export.pdf import write_pdf

    write_pdf(r, path)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                          text=True, encoding="utf-8").stdout
    totals = [line for line in text.splitlines() if line.strip().startswith("总分")]
    assert len(totals) == 1 + len(r.projects)
    for line, (_p, t) in zip(totals, _tables(r, s)):
        assert re.search(rf"(?<![\d.]){re.escape(_fmt(t.total, s.places))}(?![\d.])", line), line
        assert f"自评等级：{t.grade}" in _squash(line)
    assert _squash(r.sections[NINE])[:40] in _squash(text)


def check_body(r: Report, s: ReportScores, tmp: Path) -> None:
    from docx import Document as Docx

    from export.docx import write_docx
    from export.txt import write_txt

    quoted = f"得分为{self_score_figure(s)}分，自评等级为“{s.department.grade}”"
    assert quoted in r.sections[NINE]
    write_txt(r, tmp / "r.txt")
    assert quoted in (tmp / "r.txt").read_text(encoding="utf-8")
    write_docx(r, tmp / "r.docx")
    assert quoted in "".join(p.text for p in Docx(str(tmp / "r.docx")).paragraphs)


def self_score_figure(s: ReportScores) -> str:
    t = s.department.total
    return fmt_decimal(t, 2) if s.places == 2 else format(t, "f")


# --------------------------------------------------------------------------- the headline case

def test_yearless_late_date_is_one_number_everywhere(qtbot, tmp_path):
    r = headline_report()
    s = score_report(r)
    row = s.department.rows[3]
    # 12月底前 is read as 2024-12-31 (the report year): 2025-01-15 is late, no grade chosen yet
    assert row.flagged and row.score == D("0.00") and "逾期完成" in " ".join(row.reasons)
    assert s.department.total == D("89.96")
    check_json_and_findings(r, s, tmp_path)
    from gui.document import Document
    doc = Document(r)
    check_grid(doc, r, s)
    check_xlsx(r, s, tmp_path / "r.xlsx")
    check_body(r, s, tmp_path)
    if shutil.which("pdftotext"):
        check_pdf(r, s, tmp_path / "r.pdf")
    # the status bar
    from gui.mainwindow import MainWindow
    w = MainWindow(Document(r), findings_delay_ms=0)
    qtbot.addWidget(w)
    w.findings.refresh()
    assert w.score_label.text() == "自评得分：89.96" and w.grade_label.text() == "等级：良"


# --------------------------------------------------------------------------- properties

def _examples(n: int):
    return settings(max_examples=n, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@_examples(250)
@given(r=reports())
def test_cli_json_and_checks_quote_the_report_scores(r):
    s = score_report(r)
    summary = summarize(r, s)
    assert (summary.department, summary.projects) == (s.department, s.projects)
    with tempfile.TemporaryDirectory() as tmp:
        check_json_and_findings(r, s, Path(tmp))


@_examples(150)
@given(r=reports())
def test_grid_summary_line_and_project_list_show_the_report_scores(qapp, r):
    from gui.document import Document
    s = score_report(r)
    check_grid(Document(r), r, s)


@_examples(12)
@given(r=reports())
def test_status_bar_shows_the_report_scores(qtbot, r):
    from gui.document import Document
    from gui.mainwindow import MainWindow
    s = score_report(r)
    w = MainWindow(Document(r), findings_delay_ms=0)
    qtbot.addWidget(w)
    w.findings.refresh()
    dept = s.department
    if dept.execution.rate is None and not dept.rows:
        assert w.score_label.text() == "自评得分：—"
    else:
        assert w.score_label.text() == f"自评得分：{_fmt(dept.total, s.places)}"
        assert w.grade_label.text() == f"等级：{dept.grade}"
        assert w.score_label.toolTip() == (f"预算执行率得分 {_fmt(dept.execution.score, s.places)} ＋ 指标得分 "
                                           f"{_fmt(dept.indicator_score, s.places)}")
    w.close()


@_examples(20)
@given(r=reports())
def test_xlsx_txt_and_docx_print_the_report_scores(r):
    s = score_report(r)
    with tempfile.TemporaryDirectory() as tmp:
        check_xlsx(r, s, Path(tmp) / "r.xlsx")
        check_body(r, s, Path(tmp))


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext is not installed")
@_examples(6)
@given(r=reports())
def test_pdf_prints_the_report_scores(r):
    s = score_report(r)
    with tempfile.TemporaryDirectory() as tmp:
        check_pdf(r, s, Path(tmp) / "r.pdf")


def test_cli_check_json_in_a_process_prints_the_headline_total(tmp_path):
    r = headline_report()
    path = tmp_path / "r.jxzp"
    store.save(r, path)
    out = subprocess.run([sys.executable, str(ROOT / "main.py"), "check", "--json", str(path)],
                         capture_output=True, text=True, encoding="utf-8", cwd=ROOT)
    data = json.loads(out.stdout)
    assert (data["department"]["total"], data["department"]["grade"]) == ("89.96", "良")


# --------------------------------------------------------------------------- structure

def test_nothing_outside_model_scoring_scores_a_table():
    """The per-table and per-row scoring functions are called only inside ``model/scoring*``
    (and by the importer, which settles a rule set before a report exists)."""
    pattern = re.compile(r"\b(score_table|score_indicator|_score_cached|_score_table_cached)\(")
    offenders = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(("tests/", "model/scoring", ".")) or rel == "importers/tables/complete.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line) and not line.lstrip().startswith("def "):
                offenders.append(f"{rel}:{n}")
    assert offenders == []


@pytest.mark.parametrize("call", ["score_indicator(Indicator())", "score_table([], D(10), None, None, HUNAN)"])
def test_year_and_rule_set_have_no_defaults(call):
    from model import scoring
    with pytest.raises(TypeError):
        eval(call, {"score_indicator": scoring.score_indicator, "score_table": scoring.score_table,
                    "Indicator": Indicator, "D": D, "HUNAN": HUNAN})


@pytest.mark.parametrize("total,grade", [("90", "优"), ("89.99", "良"), ("80", "良"), ("79.99", "中"),
                                         ("60", "中"), ("59.99", "差"), ("0", "差"), ("100", "优")])
def test_grade_cut_offs_come_from_the_resource_file(total, grade):
    from model.scoring import grade_cutoffs, grade_of, grade_rule_text
    data = json.loads((ROOT / "resources" / "grades.json").read_text(encoding="utf-8"))
    assert grade_cutoffs() == tuple((g["grade"], D(str(g["min"]))) for g in data["grades"])
    assert grade_of(D(total)) == grade
    assert grade_rule_text() == "优 ≥ 90，良 80—90，中 60—80，差 < 60"


def test_exporters_print_the_scores_they_are_handed(tmp_path):
    """The GUI hands the document's ``ReportScores`` to the exporters: they print it, they do
    not score the report again."""
    import copy

    from openpyxl import load_workbook

    from export.xlsx import write_xlsx
    r = headline_report()
    graded = copy.deepcopy(r)
    graded.dept.indicators[3].grade = GRADES[1]      # the late row graded: 7.00 instead of 0.00
    handed = score_report(graded)
    assert handed.department.total == D("96.96") != score_report(r).department.total
    write_xlsx(r, tmp_path / "r.xlsx", handed)
    rows = [[c.value for c in row] for row in load_workbook(tmp_path / "r.xlsx").worksheets[1].iter_rows()]
    total = next(row for row in rows if row[0] == "总分")
    assert (D(str(total[7])), total[8]) == (D("96.96"), "自评等级：优")


_AMOUNTS = st.sampled_from((None, D(0), D("1.20"), D("3.00"), D("250")))


@_examples(40)
@given(posts=st.sampled_from((None, 0, 8, 12)), staff=st.sampled_from((None, 7, 9)), area=_AMOUNTS,
       actual_area=_AMOUNTS, invest=_AMOUNTS, actual_invest=_AMOUNTS, office=_AMOUNTS)
def test_ratios_on_the_pages_and_in_annex2_are_the_report_scores(qapp, posts, staff, area, actual_area,
                                                                  invest, actual_invest, office):
    from export.tables import build_annex2
    from gui.document import Document
    from gui.pages.budget import BudgetPage
    from gui.pages.staff import StaffPage
    from model.ratios import all_ratios
    r = passing_report()
    r.staff.institution_posts, r.staff.actual_staff = posts, staff
    bl = r.budget.buildings
    bl.approved_area, bl.actual_area, bl.budget_investment, bl.actual_investment = area, actual_area, invest, actual_invest
    r.budget.controls["office"] = Amounts(office, None, office, office)
    doc = Document(r)
    rs = doc.scores().ratios
    assert rs == all_ratios(r)
    g = build_annex2(r, scores=doc.scores())
    texts = [c.text for c in g.cells]
    for rate in (rs.staff_control, rs.scale_control, rs.investment_control):
        assert fmt_rate(rate) in texts
    budget, staff_page = BudgetPage(doc), StaffPage(doc)
    assert f"规模控制率：{fmt_rate(rs.scale_control)}" in budget.buildings_label.text()
    assert f"投资概算控制率：{fmt_rate(rs.investment_control)}" in budget.buildings_label.text()
    assert f"预算调整率（（追加 + 调减）÷ 年初预算）：{fmt_rate(rs.budget_adjustment)}" in budget.rates_label.text()
    assert f"公用经费控制率：{fmt_rate(rs.public_funds_control)}" in budget.controls_note.text()
    assert staff_page.control.text() == fmt_rate(rs.staff_control)
    budget.deleteLater()
    staff_page.deleteLater()
