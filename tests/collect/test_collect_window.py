"""The 汇总 window (pytest-qt): rows, sort, filter, search, read-only open, 历年对比, add files in a
worker thread, export, 抽查, reviewer scores; and the unit's 考核评分自查 dialog."""
from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from openpyxl import load_workbook

from model.collection.db import SummaryDb
from gui.collect_session import CollectSession
from gui.collect_window import CollectWindow
from gui.tables.collect_table import COLUMNS, SORT_ROLE
from tests.collect.collect_support import report_for, save

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints\(\)$")

UNITS = (("青溪县教育局", 2024, 1), ("青溪县卫健局", 2024, 2), ("青溪县教育局", 2023, 3), ("青溪县文旅局", 2024, 4))


@pytest.fixture(autouse=True)
def _user_data(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("JXZP_DATA_DIR", str(tmp_path_factory.mktemp("userdata")))
    from PySide6.QtCore import QStandardPaths
    QStandardPaths.setTestModeEnabled(True)


@pytest.fixture
def session(tmp_path):
    s = CollectSession(str(tmp_path / "汇总.sqlite"))
    inbox = tmp_path / "in"
    inbox.mkdir()
    for i, (unit, year, seed) in enumerate(UNITS):
        save(inbox, f"{i}.jxzp", unit, year=year, seed=seed)
    s.add([str(inbox)])
    return s


@pytest.fixture
def opener(qtbot):
    from gui.mainwindow import MainWindow
    made = []

    def make():
        w = MainWindow(findings_delay_ms=0)
        qtbot.addWidget(w)
        made.append(w)
        return w

    class Opener:
        def target_window(self):
            return make()
    return Opener()


@pytest.fixture
def window(qtbot, session, opener):
    w = CollectWindow(session, opener)
    qtbot.addWidget(w)
    return w


def _column(name: str) -> int:
    return [c[0] for c in COLUMNS].index(name)


def _shown(w, column: str) -> list[str]:
    c = _column(column)
    return [w.proxy.index(r, c).data() for r in range(w.proxy.rowCount())]


def test_the_model_passes_qtmodeltester(qtmodeltester, session):
    from gui.tables.collect_table import CollectTableModel
    qtmodeltester.check(CollectTableModel(session.entries()), force_py=True)


def test_rows_sort_filter_and_search(window):
    assert window.proxy.rowCount() == 4
    # by pinyin: jiao(教) < wei(卫) < wen(文) — code point order would put 卫 first
    assert _shown(window, "单位") == ["青溪县教育局", "青溪县教育局", "青溪县卫健局", "青溪县文旅局"]
    assert [window.model.headerData(c, Qt.Orientation.Horizontal)
            for c in range(len(COLUMNS))] == ["单位", "主管部门", "年度", "全年预算数", "全年执行数", "执行率",
                                             "自评得分", "等级", "错误/警告", "项目数"]
    score = _column("自评得分")
    window.view.sortByColumn(score, Qt.SortOrder.DescendingOrder)
    keys = [window.proxy.index(r, score).data(SORT_ROLE) for r in range(4)]
    assert [window.proxy.headerData(r, Qt.Orientation.Vertical) for r in range(4)] == ["1", "2", "3", "4"]
    assert keys == sorted(keys, reverse=True)
    assert [Decimal(t) for t in _shown(window, "自评得分")] == sorted(
        (Decimal(e.score) for e in window.model.entries()), reverse=True)

    window.year_box.setCurrentText("2023")
    assert _shown(window, "单位") == ["青溪县教育局"] and _shown(window, "年度") == ["2023"]
    window.year_box.setCurrentText("全部年度")
    window.search.setText("卫健")
    assert _shown(window, "单位") == ["青溪县卫健局"]
    window.search.setText("总工会")                       # the 主管部门 matches too
    assert window.proxy.rowCount() == 4
    window.search.clear()
    grade = window.model.entries()[0].grade
    window.grade_box.setCurrentText(grade)
    assert set(_shown(window, "等级")) == {grade}
    window.grade_box.setCurrentText("差")
    assert window.proxy.rowCount() == sum(1 for e in window.model.entries() if e.grade == "差")
    window.grade_box.setCurrentText("全部等级")
    window.errors_box.setChecked(True)
    assert window.proxy.rowCount() == sum(1 for e in window.model.entries() if e.errors)
    assert window.count_label.text().endswith(f"/ 共 4 份")


def _select(window, unit: str, year: int) -> None:
    for r in range(window.proxy.rowCount()):
        if (window.proxy.index(r, 0).data(), window.proxy.index(r, _column("年度")).data()) == (unit, str(year)):
            window.view.selectRow(r)
            return
    raise AssertionError(unit)


def test_open_read_only_and_compare_years(window):
    _select(window, "青溪县教育局", 2024)
    editor = window.open_selected()
    assert editor.doc.read_only and editor.doc.report.info.unit_name == "青溪县教育局"
    assert editor.doc.report.info.year == 2024
    assert "（只读）" in editor.windowTitle()
    from model import store
    with pytest.raises(store.StoreError, match="只读"):
        editor.doc.save()
    dlg = window.compare_selected()
    assert [dlg.table.horizontalHeaderItem(c).text() for c in range(dlg.table.columnCount())] == ["2023年度", "2024年度"]
    by_year = {e.year: e for e in window.model.entries() if e.unit == "青溪县教育局"}
    assert dlg.table.item(3, 0).text() == by_year[2023].score and dlg.table.item(3, 1).text() == by_year[2024].score
    dlg.close()


def test_add_files_in_a_worker_then_export_sample_and_review(window, tmp_path, qtbot):
    extra = save(tmp_path, "new.jxzp", "青溪县林业局", seed=8)
    damaged = tmp_path / "坏.jxzp"
    damaged.write_text("{", encoding="utf-8")
    worker = window.add_paths([str(extra), str(damaged)])
    assert not window.actions_by_name["add_files"].isEnabled()      # one batch at a time
    with qtbot.waitSignal(worker.done, timeout=30000):
        pass
    qtbot.waitUntil(lambda: window.model.rowCount() == 5)
    qtbot.waitUntil(lambda: window.actions_by_name["add_files"].isEnabled())
    assert window.statusBar().currentMessage().startswith("共 2 份：收录 1 份")
    log = window.log.toPlainText().splitlines()
    assert log[0].startswith(f"收录 {extra}：2024年度“青溪县林业局”")
    assert log[1].startswith(f"跳过 {damaged}：")
    assert log[2].startswith("共 2 份：收录 1 份，更新 0 份，跳过 1 份。")

    window.year_box.setCurrentText("2024")
    out = tmp_path / "汇总.xlsx"
    assert window.export(str(out))
    ws = load_workbook(out)["汇总表"]
    units = [row[1] for row in ws.iter_rows(values_only=True) if isinstance(row[0], int)]
    assert units == ["青溪县教育局", "青溪县林业局", "青溪县卫健局", "青溪县文旅局"]     # as shown: by pinyin

    draw = window.draw(2, seed=11, year=2024)
    assert draw.seed == 11 and len(draw.entries) == 2
    selected = {window.model.entry(window.proxy.mapToSource(i).row()).unit
                for i in window.view.selectionModel().selectedRows()}
    assert selected == {e.unit for e in draw.entries}

    _select(window, "青溪县林业局", 2024)
    dlg = window.review_selected()
    assert set(dlg.spins) >= {"arrange", "organise"}
    dlg.spins["arrange"].setValue(8)
    dlg.spins["organise"].setValue(12.5)
    auto_sum, manual_sum, pending, _points = dlg.totals()
    assert manual_sum == Decimal("20.5") and "人工评分 20.5 分" in dlg.total_label.text()
    dlg.accept()
    with SummaryDb(window.session.db_path) as db:
        reviews = db.reviews("青溪县林业局", 2024)
    assert reviews["arrange"][0] == "8.0" and reviews["organise"][0] == "12.5"
    again = window.review_selected()
    assert again.spins["arrange"].value() == 8 and again.spins["organise"].value() == 12.5
    again.reject()


def test_the_units_self_check_lists_every_item_with_its_score_or_rubric(qtbot):
    from gui.document import Document
    from gui.mainwindow import MainWindow
    from model.assessment import load_table
    report = report_for("青溪县总工会", seed=5)
    report.sections[6] = "由于资金不足，部分活动未能开展。经费紧张。"
    report.sections[2] = ""
    w = MainWindow(Document(report), findings_delay_ms=0)
    qtbot.addWidget(w)
    dlg = w.self_check()
    table = load_table()
    assert dlg.grid.rowCount() == len(table.items)
    rows = {dlg.grid.item(r, 0).text(): r for r in range(dlg.grid.rowCount())}
    problems = rows["自评报告 · 反映问题"]
    assert dlg.grid.item(problems, 2).text() == "0"
    assert "资金不足" in dlg.grid.item(problems, 3).text()
    completeness = rows["自评报告 · 完整性"]
    assert dlg.grid.item(completeness, 2).text() == "13"
    assert "第三部分" in dlg.grid.item(completeness, 3).text()
    arrange = rows["布置工作"]
    assert dlg.grid.item(arrange, 2).text() == "待评"
    assert "评分标准：" in dlg.grid.item(arrange, 3).text()
    assert not dlg.spins                                   # the unit cannot score itself
    dlg.close()


def test_the_toolbar_dialogs_pass_what_the_user_chose(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QInputDialog
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *a, **k: (2, True)))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("777", True)))
    window.year_box.setCurrentText("2024")
    window.actions_by_name["sample"].trigger()
    assert "随机种子 777" in window.log.toPlainText()
    assert len(window.view.selectionModel().selectedRows()) == 2
    out = tmp_path / "表.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    window.actions_by_name["export"].trigger()
    assert load_workbook(out).sheetnames == ["汇总表", "汇总分析", "考核评分"]
    assert window.statusBar().currentMessage() == f"已导出汇总表（3 份报告）：{out}"
