"""Import links the 部门整体 indicators that are ratios of the imported figures when the printed
value is the computed one, and lists a different value for review without linking it."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

import importers
from model import links
from model.checks import run_checks
from model.numbers import rate_percent
from model.report import Indicator
from tests.model.test_checks import passing_report

export = pytest.importorskip("export")


@pytest.mark.parametrize("shift", [D(0), D("0.01"), D(-3)])
def test_import_links_a_ratio_row_only_when_its_value_agrees(tmp_path, shift):
    r = passing_report()
    public = links.value(r, "public_funds_control")          # 11.60 ÷ 10.00 = 116.00%
    staff = links.value(r, "staff_control")                  # 7 ÷ 8 = 87.50%
    typed = f"{rate_percent(staff.rate) + shift}%"
    r.dept.indicators[0] = Indicator("成本指标", "经济成本指标", "公用经费控制率", "≤", "≤120%", public.text, D(10))
    r.dept.indicators.insert(1, Indicator("成本指标", "经济成本指标", "在职人员控制率", "≤", "≤100%", typed, D(10)))
    xlsx = tmp_path / "附件表.xlsx"
    list(export.export_all(r, xlsx=str(xlsx)))
    res = importers.import_paths([str(xlsx)])
    rows = {ind.name: ind for ind in res.report.dept.indicators}
    assert rows["公用经费控制率"].link == "public_funds_control"
    assert any("“公用经费控制率”" in line and "已关联" in line for line in res.taken)
    message = f"指标‘在职人员控制率’填报值 {typed.replace('%', '')}% 与预算数据计算值 87.50% 不一致"
    if shift == 0:
        assert rows["在职人员控制率"].link == "staff_control"
        assert not any("在职人员控制率" in line for line in res.review)
    else:
        assert rows["在职人员控制率"].link == "" and rows["在职人员控制率"].actual == typed
        assert any(line.startswith(message) for line in res.review), res.review
        # … and 审核 says the same, offering to link it
        [found] = [f for f in run_checks(res.report) if f.rule == "link.disagrees"]
        assert found.message.startswith(message) and found.where == "dept.indicators[1].actual"
