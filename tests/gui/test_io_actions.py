"""导出 / 打印 / 导入上年 Excel/Word from the main window: files written, fonts shown, imports applied."""
from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QLabel

from gui import dialogs as gui_dialogs
from gui import export_dialog, fileio, io_actions
from gui.import_dialog import ImportSummaryDialog
from gui.mainwindow import MainWindow, live_windows

#: the offscreen platform cannot pass size hints of shown dialogs on; nothing else may warn
pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints\(\)$")

UNIT = "青溪县总工会"


def build_annex3(path, year_title="2024年度部门（单位）整体支出绩效自评表"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "附件3"

    def put(r, c, v, to=None):
        ws.cell(row=r, column=c, value=v)
        if to:
            ws.merge_cells(start_row=r, start_column=c, end_row=to[0], end_column=to[1])

    put(1, 1, "附件3")
    put(2, 1, year_title, (2, 9))
    put(3, 1, "预算单位名称")
    put(3, 2, UNIT, (3, 9))
    put(4, 1, "年度预算申请（万元）", (8, 1))
    for i, h in enumerate(["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]):
        put(4, 3 + i, h)
    for r, row in enumerate([["年度资金总额", 180.07, 253.79, 252.65, 10],
                             ["其中：一般公共预算", 180.07, 253.79, 252.65],
                             ["按支出性质分：基本支出", 180.07, 222.79, 221.65],
                             ["项目支出", 0, 31, 31]], start=5):
        for c, v in enumerate(row, start=2):
            put(r, c, v)
    put(9, 1, "年度总体目标", (10, 1))
    put(9, 2, "预期目标", (9, 5))
    put(9, 6, "实际完成情况", (9, 9))
    put(10, 2, "保障机关正常运转，做好困难职工帮扶工作。", (10, 5))
    put(10, 6, "机关运转正常，春节慰问困难职工757人。", (10, 9))
    put(11, 1, "绩效指标", (14, 1))
    for i, h in enumerate(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                           "偏差原因分析及改进措施"]):
        put(11, 2 + i, h)
    put(12, 2, "产出指标（40分）", (13, 2))
    put(12, 3, "数量指标", (13, 3))
    for c, v in enumerate(["慰问困难职工人数", "≥700人", "757人", 20, 20], start=4):
        put(12, c, v)
    for c, v in enumerate(["开展职工技能竞赛场次", "≥6场", "5场", 20, 16.67, "场地改造，少办一场"], start=4):
        put(13, c, v)
    put(14, 2, "满意度指标（10分）")
    for c, v in enumerate(["服务对象满意度指标", "职工满意度", "≥90%", "95%", 10, 10], start=3):
        put(14, c, v)
    put(15, 1, "总分", (15, 7))
    put(15, 8, 56.67)
    put(16, 1, "填表人：周晓      填报日期：2025-03-12      联系电话：0737-5201234", (16, 9))
    wb.save(path)
    return path


@pytest.fixture
def opened(monkeypatch):
    """QDesktopServices.openUrl replaced: the local files the program asked to open."""
    urls: list[Path] = []

    def open_url(url: QUrl) -> bool:
        urls.append(Path(url.toLocalFile()))
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    return urls


@pytest.fixture
def asked_errors(monkeypatch):
    """The “审核发现 N 个错误，仍要导出吗？” question: recorded, answered yes unless told."""
    log = {"calls": [], "answer": True}

    def ask(parent, errors):
        log["calls"].append(errors)
        return log["answer"]

    monkeypatch.setattr(export_dialog, "ask_export_with_errors", ask)
    return log


@pytest.fixture
def make_window(qtbot):
    made = []

    def make(report=None):
        w = MainWindow(findings_delay_ms=0)
        qtbot.addWidget(w)
        if report is not None:
            w.doc.new(report)
        made.append(w)
        return w
    yield make
    for w in live_windows():
        if w not in made:
            qtbot.addWidget(w)


def _run_export(qtbot, dlg):
    with qtbot.waitSignal(dlg.finished_export, timeout=30000) as blocker:
        dlg.export_button.click()
    return blocker.args[0]


def test_export_action_writes_excel_with_title(qtbot, make_window, sample_report, tmp_path, asked_errors, opened):
    win = make_window(sample_report)
    win.act_export.trigger()
    dlg = win.io.dialog
    assert isinstance(dlg, export_dialog.ExportDialog) and dlg.isVisible()
    assert dlg.base.text() == "2024年度某县总工会绩效自评"
    assert dlg.errors_note.isVisibleTo(dlg) and dlg.errors_note.text().startswith("审核发现 3 个错误")
    dlg.folder.setText(str(tmp_path))
    dlg.set_formats({"xlsx"})
    assert "2024年度某县总工会绩效自评.xlsx" in dlg.preview.text()
    outcome = _run_export(qtbot, dlg)
    assert asked_errors["calls"] == [3]              # the sample report has three 审核 errors
    target = tmp_path / "2024年度某县总工会绩效自评.xlsx"
    assert outcome.ok and outcome.files == [("xlsx", target)]
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames[:2] == ["附件2 基础数据表", "附件3 整体支出自评表"]
    assert wb["附件3 整体支出自评表"]["A2"].value == "2024年度部门（单位）整体支出绩效自评表"
    assert wb["附件4-1 困难职工帮扶"] is not None
    # the dialog lists the file; 打开文件 / 打开文件夹 hand it to the system
    assert dlg.result.files.count() == 1 and "2024年度某县总工会绩效自评.xlsx" in dlg.result.files.item(0).text()
    assert not dlg.result.fonts_box.isVisible()
    dlg.open_file_button.click()
    dlg.open_folder_button.click()
    assert opened == [target, tmp_path]
    # the next export offers the same choice again
    dlg.close()
    win.act_export.trigger()
    again = win.io.dialog
    assert again is not dlg and again.plan().formats == ("xlsx",) and again.folder.text() == str(tmp_path)
    again.close()


def test_export_cancelled_on_errors_writes_nothing(qtbot, make_window, sample_report, tmp_path, asked_errors):
    asked_errors["answer"] = False
    win = make_window(sample_report)
    dlg = io_actions.export_dialog(win)
    dlg.folder.setText(str(tmp_path))
    assert dlg.start_export() is False
    assert asked_errors["calls"] == [3] and not dlg.running
    assert list(tmp_path.iterdir()) == []
    dlg.close()


def test_pdf_word_text_export_shows_fonts_per_role(qtbot, make_window, sample_report, tmp_path, asked_errors):
    win = make_window(sample_report)
    dlg = io_actions.export_dialog(win)
    dlg.folder.setText(str(tmp_path))
    dlg.base.setText("自评报告")
    dlg.set_formats({"pdf", "docx", "txt"})
    outcome = _run_export(qtbot, dlg)
    assert outcome.ok, outcome.error
    assert [k for k, _ in outcome.files] == ["pdf", "docx", "txt"]
    pdf = tmp_path / "自评报告.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    text = (tmp_path / "自评报告.txt").read_text(encoding="utf-8")
    assert text.startswith("2024年度某县总工会部门整体支出绩效自评报告")
    assert (tmp_path / "自评报告.docx").stat().st_size > 0
    # the fonts each role used, as the PDF export reported them
    roles = [role for role, _how, _fb in dlg.result.fonts.rows]
    assert roles == ["标题", "一级标题（黑体）", "二级标题（楷体）", "正文（仿宋）", "附表（宋体）"]
    labels = [w.text() for w in dlg.result.fonts.findChildren(QLabel)]
    for role in ("title", "heading", "kai", "body", "table"):
        family = outcome.fonts[role].family
        assert any(family in t for t in labels), (role, family, labels)
    assert dlg.result.fonts_box.isVisibleTo(dlg)
    assert dlg.result.selected_file() == pdf             # 打开文件 opens the PDF first
    dlg.close()


def test_export_error_is_shown_in_chinese(qtbot, make_window, sample_report, tmp_path, asked_errors):
    win = make_window(sample_report)
    dlg = io_actions.export_dialog(win)
    dlg.folder.setText(str(tmp_path))
    dlg.base.setText("报告")
    (tmp_path / "报告.xlsx").mkdir()                       # a folder where the file should go
    dlg.set_formats({"xlsx", "txt"})
    assert "将被替换" in dlg.preview.text()
    outcome = _run_export(qtbot, dlg)
    assert not outcome.ok and "文件夹" in outcome.error
    assert dlg.result.status.text().startswith("导出未完成：")
    assert not (tmp_path / "报告.txt").exists()          # stopped at the first failure
    dlg.close()


def test_export_plan_checks_name_and_folder(tmp_path):
    assert fileio.ExportPlan(tmp_path, "a/b", ("xlsx",)).problem().startswith("文件名不能包含")
    assert fileio.ExportPlan(tmp_path / "missing", "a", ("xlsx",)).problem().endswith("不存在")
    assert fileio.ExportPlan(tmp_path, "a", ()).problem() == "请至少选择一种要导出的格式"
    assert fileio.safe_file_name('2024年度"某县":总工会') == "2024年度_某县__总工会"


def test_print_opens_a_pdf_in_the_system_viewer(qtbot, make_window, sample_report, tmp_path, asked_errors,
                                                opened, monkeypatch):
    monkeypatch.setattr(fileio, "print_folder", lambda: tmp_path / "print")
    win = make_window(sample_report)
    win.act_print.trigger()
    dlg = win.io.dialog
    assert isinstance(dlg, export_dialog.PrintDialog)
    with qtbot.waitSignal(dlg.finished_export, timeout=30000):
        dlg.go_button.click()
    assert len(opened) == 1
    pdf = opened[0]
    assert pdf.parent == tmp_path / "print" and pdf.suffix == ".pdf" and pdf.is_file()
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "已在 PDF 阅读器中打开" in dlg.result.status.text()
    assert len(dlg.result.fonts.rows) == 5
    # printing again writes a new file: the viewer may still hold the first one
    with qtbot.waitSignal(dlg.finished_export, timeout=30000):
        dlg.go_button.click()
    assert len(opened) == 2 and opened[1] != pdf and opened[1].is_file()
    dlg.close()


# --------------------------------------------------------------------------- import


@pytest.fixture
def pick_files(monkeypatch):
    chosen: list[str] = []

    def get_open_files(*args, **kwargs):
        return ([str(p) for p in chosen], "")

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(get_open_files))
    return chosen


@pytest.fixture
def replace_answers(monkeypatch):
    log = {"calls": [], "answer": gui_dialogs.DISCARD}

    def ask(parent, name):
        log["calls"].append(name)
        return log["answer"]

    monkeypatch.setattr(io_actions, "ask_replace_unsaved", ask)
    return log


def _import(qtbot, win) -> ImportSummaryDialog:
    """导入上年 Excel/Word…: the files are read in a worker thread; wait for the summary."""
    win.act_import.trigger()
    qtbot.waitUntil(lambda: isinstance(win.io.dialog, ImportSummaryDialog), timeout=10000)
    return win.io.dialog


def _edit(win, unit="某县教育局"):
    win.doc.set_value("info.unit_name", unit)
    assert win.doc.modified


def test_import_shows_summary_then_opens_new_document(qtbot, make_window, tmp_path, pick_files):
    path = build_annex3(tmp_path / "上年附件.xlsx")
    win = make_window()
    _edit(win)                                          # unsaved work: the import opens a new window
    pick_files.append(path)
    dlg = _import(qtbot, win)
    assert isinstance(dlg, ImportSummaryDialog) and dlg.isVisible()
    assert win.doc.report.info.unit_name == "某县教育局"       # nothing replaced yet
    html = dlg.details.toPlainText()
    assert "已导入" in html and "请复核" in html and "绩效指标 3 条" in html
    labels = " ".join(w.text() for w in dlg.findChildren(QLabel))
    assert "2024 年度（从文件中识别）" in labels and UNIT in labels and "上年附件.xlsx" in labels
    assert dlg.year is None
    before = set(live_windows())
    dlg.new_button.click()
    new = [w for w in live_windows() if w not in before]
    assert len(new) == 1
    r = new[0].doc.report
    assert r.info.year == 2024 and r.info.unit_name == UNIT
    assert r.budget.executed == D("252.65") and r.budget.full_year == D("253.79")
    assert [i.name for i in r.dept.indicators] == ["慰问困难职工人数", "开展职工技能竞赛场次", "职工满意度"]
    assert new[0].doc.modified and new[0].doc.path is None
    assert new[0].pages["info"].unit_name.text() == UNIT
    assert win.doc.report.info.unit_name == "某县教育局"        # the first window keeps its work


def test_import_replace_asks_about_unsaved_changes_first(qtbot, make_window, tmp_path, pick_files,
                                                         replace_answers):
    pick_files.append(build_annex3(tmp_path / "上年附件.xlsx"))
    win = make_window()
    _edit(win)
    old = win.doc.report
    # 取消 in the question: nothing changes
    assert win.doc.summary().department.execution.rate is None
    replace_answers["answer"] = gui_dialogs.CANCEL
    _import(qtbot, win).replace_button.click()
    assert replace_answers["calls"] == ["未命名"]
    assert win.doc.report is old and win.doc.report.info.unit_name == "某县教育局"
    # 不保存，直接替换: replaced in one undoable step
    replace_answers["answer"] = gui_dialogs.DISCARD
    _import(qtbot, win).replace_button.click()
    assert len(replace_answers["calls"]) == 2
    assert win.doc.report.info.unit_name == UNIT and win.doc.report.budget.executed == D("252.65")
    assert win.pages["info"].unit_name.text() == UNIT
    assert win.doc.summary().department.execution.rate is not None     # scores recomputed
    assert win.act_undo.text() == "撤销 导入上年文件"
    win.doc.undo()
    assert win.doc.report is old and win.pages["info"].unit_name.text() == "某县教育局"
    win.doc.redo()
    assert win.doc.report.info.unit_name == UNIT


def test_import_replace_without_unsaved_changes_asks_nothing(qtbot, make_window, tmp_path, pick_files,
                                                            replace_answers, sample_report):
    from model import store
    saved = tmp_path / "本年.jxzp"
    store.save(sample_report, saved)
    win = make_window()
    win.open_path(saved)
    assert not win.doc.modified
    pick_files.append(build_annex3(tmp_path / "上年附件.xlsx"))
    _import(qtbot, win).replace_button.click()
    assert replace_answers["calls"] == []
    assert win.doc.report.info.unit_name == UNIT and win.doc.path == saved and win.doc.modified


def test_import_asks_year_when_files_do_not_say(qtbot, make_window, tmp_path, pick_files):
    pick_files.append(build_annex3(tmp_path / "无年度.xlsx", "部门（单位）整体支出绩效自评表"))
    win = make_window()
    dlg = _import(qtbot, win)
    assert dlg.year is not None
    dlg.year.setValue(2023)
    dlg.new_button.click()
    assert win.doc.report.info.year == 2023 and win.doc.report.info.unit_name == UNIT   # empty window reused


def test_unreadable_file_shows_chinese_error_and_keeps_document(qtbot, make_window, tmp_path, pick_files,
                                                                dialogs):
    bad = tmp_path / "损坏.xlsx"
    bad.write_bytes(b"this is not a workbook")
    win = make_window()
    _edit(win)
    old = win.doc.report
    pick_files.append(bad)
    io_actions.import_dialog(win)
    qtbot.waitUntil(lambda: bool(dialogs.errors), timeout=10000)
    assert not isinstance(win.io.dialog, ImportSummaryDialog)
    assert len(dialogs.errors) == 1 and "损坏.xlsx" in dialogs.errors[0]
    assert any("\u4e00" <= c <= "\u9fff" for c in dialogs.errors[0])
    assert win.doc.report is old and win.doc.report.info.unit_name == "某县教育局"
    assert win.act_undo.text() != "撤销 导入上年文件"


def test_import_cancel_changes_nothing(qtbot, make_window, tmp_path, pick_files):
    pick_files.append(build_annex3(tmp_path / "上年附件.xlsx"))
    win = make_window()
    old = win.doc.report
    before = set(live_windows())
    _import(qtbot, win).cancel_button.click()
    assert win.doc.report is old and set(live_windows()) == before and not win.doc.modified


def test_menu_and_toolbar_hold_the_actions(make_window):
    win = make_window()
    menu = win.menuBar().actions()[0].menu()
    texts = [a.text() for a in menu.actions()]
    assert texts.index("导入上年 Excel/Word…") == texts.index("从上年文件结转…") + 1
    assert texts.index("导出…") > texts.index("另存为…") and texts.index("打印…") == texts.index("导出…") + 1
    assert win.act_export.shortcut().toString() == "Ctrl+E"
    assert win.act_print.shortcut().toString() == "Ctrl+P"
    assert win.act_import.shortcut().toString() == "Ctrl+I"


def test_garbage_collection_resumes_after_export(qtbot, make_window, sample_report, tmp_path, asked_errors):
    import gc
    win = make_window(sample_report)
    dlg = io_actions.export_dialog(win)
    dlg.folder.setText(str(tmp_path))
    dlg.set_formats({"txt"})
    with qtbot.waitSignal(dlg.finished_export, timeout=30000):
        dlg.export_button.click()
        assert not gc.isenabled()          # no collection in the worker thread
    assert gc.isenabled()
    dlg.close()


def test_window_stays_open_while_export_writes(qtbot, make_window, sample_report, tmp_path, asked_errors):
    win = make_window(sample_report)
    win.doc.save(tmp_path / "本年.jxzp")                 # nothing unsaved: only the export holds it
    dlg = io_actions.export_dialog(win)
    dlg.set_formats({"txt"})
    with qtbot.waitSignal(dlg.finished_export, timeout=30000):
        dlg.export_button.click()
        assert dlg.running and io_actions.busy(win)
        assert win.close() is False                     # the dialog and its thread stay alive
        dlg.close_button.click()
        assert dlg.isVisible()
    assert (tmp_path / "本年.txt").is_file()
    assert not io_actions.busy(win)
    dlg.close()


def test_two_workbooks_at_once_are_refused(qtbot, make_window, tmp_path, pick_files, dialogs):
    pick_files += [build_annex3(tmp_path / "甲.xlsx"), build_annex3(tmp_path / "乙.xlsx")]
    win = make_window()
    io_actions.import_dialog(win)
    qtbot.waitUntil(lambda: bool(dialogs.errors), timeout=10000)
    assert "一次只能导入一个" in dialogs.errors[0]
    assert not win.doc.modified
