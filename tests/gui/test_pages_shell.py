"""基础信息, 机构与人员 and the section pages; the --screenshot mode."""
from decimal import Decimal as D

import pytest
from PySide6.QtGui import QImage

import main
from gui.document import Document
from gui.pages import info as info_mod
from gui.pages.info import InfoPage
from gui.pages.section import SHORT_TITLES, SectionPage, count_chars, insert_paragraph
from gui.pages.staff import StaffPage
from model import store
from model.report import SECTIONS, new_report

from typing_helpers import type_text


def test_insert_paragraph_positions():
    assert insert_paragraph("", 0, "新段。") == ("新段。", 3)
    assert insert_paragraph("甲。\n乙。", 1, "新。") == ("甲。\n新。\n乙。", 5)
    assert insert_paragraph("甲。\n乙。", 4, "新。") == ("甲。\n乙。\n新。", 8)
    assert insert_paragraph("甲。\n\n乙。", 3, "新。") == ("甲。\n新。\n乙。", 5)   # fills an empty line
    assert count_chars("甲 乙\n丙") == 3


def test_section_page_placeholder_count_and_generated_paragraph(qtbot, sample_report):
    doc = Document(sample_report)
    page = SectionPage(doc, 2)        # 三、政府性基金预算支出情况
    qtbot.addWidget(page)
    assert page.title == "三、政府性基金" and page.full_title == "三、政府性基金预算支出情况"
    assert SECTIONS[2][2] in page.editor.placeholderText()
    assert page.count_label.text() == "共 0 字，0 段"
    assert page.generate_button.isEnabled()
    page.generate_button.click()
    assert doc.report.sections[2] == "本年度无政府性基金预算支出。"
    assert page.editor.toPlainText() == "本年度无政府性基金预算支出。"
    assert page.count_label.text() == "共 14 字，1 段"
    doc.undo()                                           # one undo step removes it
    assert doc.report.sections[2] == "" and page.count_label.text() == "共 0 字，0 段"


def test_section_typing_and_generated_paragraph_are_separate_undo_steps(qtbot, sample_report):
    doc = Document(sample_report)
    page = SectionPage(doc, 8)        # 九: score and grade
    qtbot.addWidget(page)
    type_text(page.editor, "自评情况如下。")
    page.insert_generated()
    text = doc.report.sections[8]
    assert text.startswith("自评情况如下。\n经自评，某县总工会2024年度") and "99.96分" in text and "“优”" in text
    doc.undo()
    assert doc.report.sections[8] == "自评情况如下。"
    doc.undo()
    assert doc.report.sections[8] == ""


def test_sections_without_generator_disable_the_button(qtbot, sample_report):
    page = SectionPage(Document(sample_report), 6)
    qtbot.addWidget(page)
    assert not page.generate_button.isEnabled() and "实际情况" in page.generate_button.toolTip()
    assert len(SHORT_TITLES) == len(SECTIONS)


def test_staff_page_derives_total_and_control_rate_live(qtbot):
    doc = Document(new_report(2024))
    page = StaffPage(doc)
    qtbot.addWidget(page)
    assert page.total.text() == "—" and page.control.text() == "—"
    for path, text in (("staff.admin_posts", "5"), ("staff.institution_posts", "3"), ("staff.actual_staff", "7")):
        page.fields[path].setText(text)
        assert page.fields[path].commit()
    assert page.total.text() == "8 人" and page.control.text() == "87.50%"
    page.fields["staff.other_posts"].setText("两人")
    assert not page.fields["staff.other_posts"].commit()
    assert page.total.text() == "8 人"
    doc.undo()
    assert page.control.text() == "—" and page.fields["staff.actual_staff"].text() == ""


def test_info_page_edits_and_profile_change_needs_confirmation(qtbot, monkeypatch, sample_report):
    doc = Document(sample_report)
    page = InfoPage(doc)
    qtbot.addWidget(page)
    assert page.unit_name.text() == "某县总工会" and page.nature.currentText() == "群团组织"
    assert page.fill_date.date().toString("yyyy-MM-dd") == "2025-03-10"
    page.year.setValue(2025)
    assert doc.report.info.year == 2025
    doc.undo()
    assert page.year.value() == 2024
    answers = []
    monkeypatch.setattr(info_mod, "confirm_profile_change", lambda parent, old, new, *details: answers.append(new) or False)
    mof = page.profile_box.findData("mof")
    page.profile_box.setCurrentIndex(mof)
    page.profile_box.activated.emit(mof)
    assert answers and doc.report.profile == "hunan"
    assert page.profile_box.currentData() == "hunan"          # refused: the box shows the old one
    monkeypatch.setattr(info_mod, "confirm_profile_change", lambda parent, old, new, *details: True)
    page.profile_box.setCurrentIndex(mof)
    page.profile_box.activated.emit(mof)
    assert doc.report.profile == "mof" and "产出指标 50 分" in page.profile_weights.text()
    doc.undo()
    assert page.profile_box.currentData() == "hunan"
    page.nature.setEditText("社会团体")
    assert doc.report.info.unit_nature == "社会团体"


def test_screenshot_writes_png(qapp, tmp_path, sample_report):
    sample = tmp_path / "sample.jxzp"
    store.save(sample_report, sample)
    out = tmp_path / "shot.png"
    assert main.main(["--screenshot", str(out), str(sample), "--tab", "六"]) == 0
    img = QImage(str(out))
    from gui.app import SCREENSHOT_SIZE
    assert not img.isNull() and (img.width(), img.height()) == SCREENSHOT_SIZE == (1366, 768)
    assert out.stat().st_size > 10_000
    assert not (tmp_path / "sample.jxzp.lock").exists()     # a screenshot only reads


def test_screenshot_errors_are_chinese(qapp, tmp_path, capsys):
    out = tmp_path / "x.png"
    assert main.main(["--screenshot", str(out), str(tmp_path / "无.jxzp")]) == 2
    assert "找不到文件" in capsys.readouterr().err
    assert main.main(["--screenshot", str(out), "--tab", "不存在的页"]) == 2
    assert "没有名为“不存在的页”的页面" in capsys.readouterr().err
    assert not out.exists()


def test_new_report_dialog_values(qtbot):
    from gui.new_report_dialog import NewReportDialog
    dlg = NewReportDialog(None, 2024, "某局")
    qtbot.addWidget(dlg)
    assert dlg.values() == (2024, "某局", "hunan")
    dlg.year.setValue(2025)
    dlg.unit.setText("  某县教育局 ")
    dlg.profile.setCurrentIndex(dlg.profile.findData("mof"))
    assert dlg.values() == (2025, "某县教育局", "mof")


def test_font_choice_prefers_windows_fonts_then_installed_cjk():
    from gui.app import choose_font_family
    assert choose_font_family(["Arial", "SimSun", "Microsoft YaHei"]) == "Microsoft YaHei"
    assert choose_font_family(["DejaVu Sans", "WenQuanYi Zen Hei"]) == "WenQuanYi Zen Hei"
    assert choose_font_family(["noto sans cjk sc"]) == "noto sans cjk sc"
    assert choose_font_family(["DejaVu Sans"]) is None
