"""The rule-set picker on 基础信息 and the grid tooltip (SPEC §3.8, issue 16)."""
from __future__ import annotations

import json
from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt

from gui.document import Document
from gui.pages import info as info_mod
from gui.pages.info import InfoPage
from gui.tables.indicators import COL_SCORE, IndicatorTableModel
from model import profiles
from model.profiles import PROFILE_DIR
from model.report import Indicator, new_report


@pytest.fixture
def report():
    r = new_report(2024, "某单位", "hunan")
    r.budget.full_year, r.budget.executed = D(100), D(75)
    r.dept.indicators = [Indicator("产出指标", "数量指标", "培训人次", "", "≥100", "130", D(50)),
                         Indicator("效益指标", "社会效益指标", "覆盖率", "", "≥90%", "95%", D(40))]
    return r


@pytest.fixture
def fresh_profiles():
    profiles.reload()
    yield
    profiles.reload()


def test_a_user_rule_set_and_a_bad_file_show_on_the_info_page(qtbot, report, _user_data_dir, fresh_profiles):
    folder = _user_data_dir / "rulesets"
    folder.mkdir()
    mine = json.loads((PROFILE_DIR / "mof.json").read_text(encoding="utf-8"))
    mine.update(id="county", name="某县规则")
    (folder / "county.json").write_text(json.dumps(mine, ensure_ascii=False), encoding="utf-8")
    (folder / "broken.json").write_text("[1, 2", encoding="utf-8")
    profiles.reload()
    page = InfoPage(Document(report))
    qtbot.addWidget(page)
    idx = page.profile_box.findData("county")
    assert idx >= 0 and page.profile_box.itemText(idx) == "某县规则（用户规则集）"
    assert str(folder / "county.json") in page.profile_box.itemData(idx, Qt.ItemDataRole.ToolTipRole)
    assert not page.profile_errors.isHidden() and "broken.json" in page.profile_errors.text()


def test_picking_a_rule_set_says_what_changes_and_is_one_undo_step(qtbot, monkeypatch, report, fresh_profiles):
    doc = Document(report)
    page = InfoPage(doc)
    qtbot.addWidget(page)
    asked = []
    monkeypatch.setattr(info_mod, "confirm_profile_change",
                        lambda parent, old, new, details="": asked.append((old, new, details)) or True)
    yi = page.profile_box.findData("yitihua")
    page.profile_box.setCurrentIndex(yi)
    page.profile_box.activated.emit(yi)
    ((old, new, details),) = asked
    assert (old, new) == ("湖南（含成本指标）", "一体化（严格）")
    # 湖南: 7.5 + 50 + 40 = 97.5 (the weights do not fit 湖南, which 审核 reports); 一体化: 130 ≥ 130
    # is 偏离 (−2), the empty 满意度 is spread, and 执行率 75 % caps whatever total at 89
    assert "分值：预算执行率 10 分，成本指标 20 分" in details and "→ 预算执行率 10 分，产出指标 50 分" in details
    assert "规则：“=”指标：按“≥”计分" in details and "扣 2 分" in details
    assert "部门整体自评得分：97.50 分（优）→ 89.00 分（良）" in details
    assert doc.report.profile == "yitihua" and "执行率封顶总分" in page.profile_weights.text()
    doc.undo()
    assert doc.report.profile == "hunan" and page.profile_box.currentData() == "hunan"
    doc.redo()
    assert doc.report.profile == "yitihua"


def test_the_score_tooltip_names_the_rule_and_the_points(qtbot, report):
    report.profile = "yitihua"
    doc = Document(report)
    model = IndicatorTableModel(doc, "dept.indicators")
    tip = model.data(model.index(0, COL_SCORE), Qt.ItemDataRole.ToolTipRole)
    assert "规则集：偏离（超目标30%及以上）扣2分（-2.00 分）" in tip
    assert "本表：执行率75.00%，总分封顶89分" in tip
    plain = model.data(model.index(1, COL_SCORE), Qt.ItemDataRole.ToolTipRole)
    assert "规则集：" not in plain


def test_the_indicator_summary_names_the_table_rules(qtbot, report):
    from gui.pages.indicator_editor import IndicatorEditor
    report.profile = "yitihua"
    editor = IndicatorEditor(Document(report), "dept.indicators")
    qtbot.addWidget(editor)
    html = editor.summary_html()
    assert "规则集：满意度无指标，10分按比例分配至产出、效益（得分×90/80）" in html
    assert "规则集：执行率75.00%，总分封顶89分" in html
    # the blocks show the weight they are scored on: 50 + 10×50/80 and 30 + 10×30/80
    assert "产出指标 56.25 分（含分配 6.25 分）：" in html and "效益指标 33.75 分（含分配 3.75 分）：" in html
    report.profile = "hunan"
    plain = IndicatorEditor(Document(report), "dept.indicators")
    qtbot.addWidget(plain)
    assert "规则集：" not in plain.summary_html() and "含分配" not in plain.summary_html()


def test_the_rule_set_folder_is_in_the_programs_data_folder():
    from gui import settings
    assert profiles.user_dir() == settings.data_dir() / "rulesets"


@pytest.mark.parametrize("old_id,new_id", [("hunan", "mof"), ("hunan", "sichuan"), ("yitihua", "hunan")])
def test_switching_an_unfilled_new_report_takes_the_new_rule_sets_skeleton(qtbot, monkeypatch, old_id, new_id):
    from model.skeleton import skeleton_rows
    doc = Document(new_report(2025, "某单位", old_id))
    page = InfoPage(doc)
    qtbot.addWidget(page)
    asked = []
    monkeypatch.setattr(info_mod, "confirm_profile_change",
                        lambda parent, old, new, details="": asked.append(details) or True)
    idx = page.profile_box.findData(new_id)
    page.profile_box.setCurrentIndex(idx)
    page.profile_box.activated.emit(idx)
    want = skeleton_rows(profiles.get_profile(new_id))
    assert doc.report.dept.indicators == want and "指标框架" in asked[0]
    doc.undo()                                   # one step: rule set and skeleton together
    assert doc.report.profile == old_id
    assert doc.report.dept.indicators == skeleton_rows(profiles.get_profile(old_id))


def test_switching_keeps_indicators_the_user_has_started(qtbot, monkeypatch):
    doc = Document(new_report(2025, "某单位", "hunan"))
    doc.report.dept.indicators[3].name = "培训人次"
    before = list(doc.report.dept.indicators)
    page = InfoPage(doc)
    qtbot.addWidget(page)
    monkeypatch.setattr(info_mod, "confirm_profile_change", lambda parent, old, new, details="": True)
    idx = page.profile_box.findData("mof")
    page.profile_box.setCurrentIndex(idx)
    page.profile_box.activated.emit(idx)
    assert doc.report.profile == "mof" and doc.report.dept.indicators == before
