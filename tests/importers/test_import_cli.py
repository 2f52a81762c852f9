"""``python main.py import`` end to end, and what an imported document goes through next."""
from __future__ import annotations

import re
from decimal import Decimal as D

import pytest

import main
from import_fixtures import UNIT, build_report_mixed, build_report_numbered, build_workbook
from model import rollover, store, summary

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    return build_workbook(d / "附件表.xlsx"), build_report_numbered(d / "报告.docx")


def run(capsys, *argv):
    code = main.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_both_files(files, tmp_path, capsys):
    out_path = tmp_path / "2024.jxzp"
    code, out, err = run(capsys, "import", *files, "-o", out_path)
    assert code == 0 and err == ""
    assert "导入完成：2024 年度“青石县总工会”" in out
    assert "已导入" in out and "请复核" in out and f"已保存：{out_path}" in out
    r = store.load(out_path)
    assert r.info.unit_name == UNIT and r.info.year == 2024
    assert r.budget.executed == D("252.65")
    assert len(r.dept.indicators) == 9 and len(r.projects) == 3
    assert r.sections[6].startswith("服务职工的方式")
    # the saved document is checked without exceptions
    code, out, _ = run(capsys, "check", out_path)
    assert "总分 95.19" in out


def test_import_then_roll_over(files, tmp_path, capsys):
    imported = tmp_path / "2024.jxzp"
    assert run(capsys, "import", *files, "-o", imported)[0] == 0
    new, review = rollover.roll_over(store.load(imported))
    assert new.info.year == 2025
    assert new.budget.basic.prior == D("221.65")          # last year's 决算 carried
    assert any("2025年2月9日之前完成" in line for line in review)
    summary.summarize(new)


def test_year_option_overrides_and_is_required_when_unknown(tmp_path, capsys):
    report = build_report_mixed(tmp_path / "无年度.docx")
    code, out, err = run(capsys, "import", report, "-o", tmp_path / "x.jxzp")
    assert code == main.EXIT_UNREADABLE
    assert err.startswith("错误：") and "--year" in err
    assert not (tmp_path / "x.jxzp").exists()
    code, out, err = run(capsys, "import", report, "-o", tmp_path / "x.jxzp", "--year", 2024)
    assert code == 0
    assert store.load(tmp_path / "x.jxzp").info.year == 2024


def test_year_option_differs_from_the_file(files, tmp_path, capsys):
    code, out, _ = run(capsys, "import", files[0], "-o", tmp_path / "y.jxzp", "--year", 2023)
    assert code == 0
    assert "文件中的年度为 2024，已按指定的 2023 年度导入" in out
    assert store.load(tmp_path / "y.jxzp").info.year == 2023


@pytest.mark.parametrize("content, words", [
    (b"", "空的"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "请另存为 .xlsx/.docx"),
    (b"\x89PNG\r\n\x1a\n" + bytes(100), "图片"),
    ("就是一段文字".encode(), "不是 Word"),
])
def test_unreadable_file_exits_2(tmp_path, capsys, content, words):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(content)
    code, out, err = run(capsys, "import", bad, "-o", tmp_path / "z.jxzp")
    assert code == main.EXIT_UNREADABLE
    assert err.startswith("错误：") and CJK.search(err) and words in err
    assert "Traceback" not in err + out
    assert not (tmp_path / "z.jxzp").exists()
