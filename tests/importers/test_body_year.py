"""A report body without a title takes its year from the body (the year most “YYYY年” mentions name)."""
from __future__ import annotations

import re
import tempfile
from collections import Counter
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings

import importers
from body_fixtures import bodies


def _mentions(body) -> Counter:
    return Counter(int(y) for p in body.paras if p.role in ("content", "kept", "runin")
                   for y in re.findall(r"(?<!\d)(20\d\d)年", p.text))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies(with_title=False))
def test_untitled_report_takes_the_year_most_mentions_name(body):
    counts = _mentions(body)
    with tempfile.TemporaryDirectory() as d:
        path = body.save(Path(d) / "无标题报告.docx")
        if not counts:
            with pytest.raises(importers.YearNotFound) as e:
                importers.import_paths([str(path)])
            assert "--year" in str(e.value)
            return
        res = importers.import_paths([str(path)])
    top = max(counts.values())
    expected = min(y for y, n in counts.items() if n == top)
    assert res.report.info.year == expected == res.year_detected
    notes = [line for line in res.review if "正文" in line and f"“{expected}年”" in line]
    assert len(notes) == 1 and f"（{top} 处）" in notes[0] and "请复核" in notes[0]
    assert any(line.startswith(f"评价年度 {expected}") for line in res.taken)


def _report(path: Path, title: str | None, paragraphs: list[str]) -> Path:
    d = docx.Document()
    if title:
        d.add_paragraph(title)
    d.add_paragraph("一、部门基本情况")
    for t in paragraphs:
        d.add_paragraph(t)
    d.add_paragraph("二、一般公共预算支出情况：全年支出86.40万元。")
    d.save(path)
    return path


def test_the_title_year_wins_over_the_body(tmp_path):
    path = _report(tmp_path / "a.docx", "2023年度松涧县水利局部门整体支出绩效自评报告",
                   ["2024年计划新建泵站2座。", "2024年完成河道清淤。"])
    res = importers.import_paths([str(path)])
    assert res.report.info.year == 2023
    assert not any("正文中最常提到" in line for line in res.review)


def test_a_tie_goes_to_the_earlier_year(tmp_path):
    path = _report(tmp_path / "b.docx", None, ["2021年完成渠道维修。", "2022年继续推进渠道维修。"])
    assert importers.import_paths([str(path)]).report.info.year == 2021


def test_a_given_year_is_used_and_a_body_without_years_asks_for_one(tmp_path):
    path = _report(tmp_path / "c.docx", None, ["全年完成渠道维修。"])
    with pytest.raises(importers.YearNotFound) as e:
        importers.import_paths([str(path)])
    assert "正文" in str(e.value) and "--year" in str(e.value)
    assert importers.import_paths([str(path)], year=2022).report.info.year == 2022
    path = _report(tmp_path / "d.docx", None, ["2020年完成渠道维修。"])
    res = importers.import_paths([str(path)], year=2021)
    assert res.report.info.year == 2021
    assert any("2020" in line and "2021" in line for line in res.review)
