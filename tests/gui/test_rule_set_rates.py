"""A rule set's ``rate_places`` and ``budget_label`` reach every printed 执行率 that belongs to the
scoring (grid, indicator summary, 附件3/4) and the 执行率 denominator's headers."""
from __future__ import annotations

import copy
import json
from decimal import Decimal as D

import pytest

from export import tables
from gui.document import Document
from gui.pages.indicator_editor import IndicatorEditor
from gui.pages.indicators import ExecutionBox
from model import profiles
from model.profiles import PROFILE_DIR
from model.rounding import round_half_up
from resources.samples.build_sample import build_sample

SAMPLE = build_sample()


@pytest.fixture
def rule_set(_user_data_dir):
    folder = _user_data_dir / "rulesets"
    folder.mkdir(exist_ok=True)

    def make(places: int, label: str) -> str:
        raw = json.loads((PROFILE_DIR / "hunan.json").read_text(encoding="utf-8"))
        raw.update(id=f"county{places}", name=f"某县{places}")
        raw["settings"].update(rate_places=places, budget_label=label)
        (folder / f"county{places}.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
        profiles.reload()
        return raw["id"]
    yield make
    profiles.reload()


@pytest.mark.parametrize("places,label", [(0, "调整后预算数"), (1, "全年预算数"), (3, "调整后预算数")])
def test_rate_places_and_budget_label_everywhere(qtbot, rule_set, places, label):
    r = copy.deepcopy(SAMPLE)
    r.profile = rule_set(places, label)
    b = r.budget
    rate = round_half_up(b.executed / b.full_year_budget() * 100, places)
    text = f"{rate:.{places}f}%"
    p = r.projects[0]
    project_text = f"{round_half_up(p.total.executed / p.total.budget * 100, places):.{places}f}%"
    # the grid: execution box, its caption and the summary line
    editor = IndicatorEditor(Document(r), "dept.indicators")
    qtbot.addWidget(editor)
    box = ExecutionBox(editor)
    qtbot.addWidget(box)
    assert box.values["rate"].text() == text
    assert box.captions["budget"].text() == f"{label}（万元）："
    assert f"执行率 {text}" in editor.summary_html()
    # 附件3 and 附件4: the rate printed and its spreadsheet value, the header names the denominator
    grids = tables.build_all(r)
    for grid, expected in ((grids[1], text), (grids[2], project_text)):
        header = next(c for c in grid.cells if c.text == "年初预算数")
        row = {c.col: c for c in grid.cells if c.row == header.row}
        assert row[4].text == label and row[7].text == "执行率"
        cell = next(c for c in grid.cells if c.row == header.row + 1 and c.col == 7)
        assert cell.text == expected
        assert cell.value * 100 == D(expected[:-1])
        assert cell.number_format == ("0%" if places == 0 else "0." + "0" * places + "%")


@pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints\(\)$")
@pytest.mark.parametrize("pid", ["yitihua", "hunan"])
def test_a_long_indicator_summary_is_never_drawn_over_the_grid(qtbot, pid):
    from gui.mainwindow import MainWindow
    r = copy.deepcopy(SAMPLE)
    r.profile = pid                            # weights that do not fit: notes in red, a spread
    r.dept.indicators = [i for i in r.dept.indicators if i.level1 != "满意度指标"]
    win = MainWindow(Document(r), findings_delay_ms=0)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    win.select_tab("dept")
    editor = win.pages["dept"].editor
    label, view = editor.summary_label, editor.view
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))
    assert label.geometry().top() >= view.geometry().bottom()
    assert "应为" in label.text()
