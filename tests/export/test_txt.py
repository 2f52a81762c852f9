"""The report body as plain text."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import export
from export import txt
from model import store
from model.report import SECTIONS

ROOT = Path(__file__).resolve().parents[2]


def test_headings_and_paragraphs(report):
    text = txt.body_text(report)
    lines = text.split("\n")
    assert lines[0] == "2024年度某某县总工会部门整体支出绩效自评报告"
    headings = [line for line in lines if line[:2] in {f"{n}、" for n, _, _ in SECTIONS}]
    assert headings == [f"{n}、{t}" for n, t, _ in SECTIONS]
    i = lines.index("二、一般公共预算支出情况")
    assert lines[i + 1:i + 5] == ["\u3000\u3000（一）基本支出情况", "\u3000\u30002024年基本支出172.15万元。",
                                  "\u3000\u3000（二）项目支出情况", "\u3000\u30002024年项目支出80.50万元。"]
    # user text is kept as typed, whatever it starts with
    assert "\u3000\u3000=预算编制的精细化程度有待提高。" in lines
    assert "\u3000\u3000+加强预算执行监控。" in lines
    assert lines[-3:] == ["某某县总工会", "2025年3月10日", ""]


def test_empty_sections_keep_their_heading(report):
    report.sections[6] = "  \n\n"
    report.sections[0] = "\u3000\u3000已缩进的段落\r\n第二段"
    lines = txt.body_text(report).split("\n")
    i = lines.index("七、存在的问题及原因分析")
    assert lines[i + 1] == "" and lines[i + 2] == "八、下一步改进措施"
    j = lines.index("一、部门（单位）基本情况")
    assert lines[j + 1:j + 3] == ["\u3000\u3000已缩进的段落", "\u3000\u3000第二段"]


def test_write_txt_utf8(report, tmp_path):
    out = tmp_path / "正文.txt"
    txt.write_txt(report, out)
    assert out.read_bytes().decode("utf-8") == txt.body_text(report)
    with pytest.raises(export.ExportError, match="不存在"):
        txt.write_txt(report, tmp_path / "无" / "a.txt")


def test_cli_export_txt(report, tmp_path):
    src = tmp_path / "r.jxzp"
    store.save(report, src)
    out = tmp_path / "body.txt"
    res = subprocess.run([sys.executable, str(ROOT / "main.py"), "export", str(src), "--txt", str(out)],
                         capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=60)
    assert res.returncode == 0, res.stderr
    assert f"已导出正文纯文本：{out}" in res.stdout
    assert out.read_text(encoding="utf-8").startswith("2024年度某某县总工会部门整体支出绩效自评报告\n\n一、")
