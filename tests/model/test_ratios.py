"""Ratios of the 基础数据表 and section 六 (SPEC §3.7)."""
from decimal import Decimal as D

from model.numbers import fmt_rate
from model.ratios import (all_ratios, budget_adjustment_rate, investment_control_rate,
                          procurement_rate, public_funds_control_rate, ratio, scale_control_rate,
                          staff_control_rate, three_public_change_note, three_public_change_rate,
                          three_public_control_rate)
from model.report import new_report


def test_ratio_basics():
    assert ratio(D(7), D(8)) == D("0.875")
    assert ratio(D(0), D(8)) == 0
    assert ratio(D(5), D(0)) is None
    assert ratio(None, D(8)) is None
    assert ratio(D(5), None) is None
    assert fmt_rate(ratio(D(5), D(0))) == "—"


def test_staff_control_rate():
    r = new_report(2024)
    assert staff_control_rate(r) is None                 # nothing entered
    r.staff.admin_posts, r.staff.institution_posts = 5, 3
    r.staff.actual_staff = 7
    assert fmt_rate(staff_control_rate(r)) == "87.50%"   # 7 ÷ 8
    r.staff.admin_posts, r.staff.institution_posts, r.staff.other_posts = 10, 6, 2
    r.staff.actual_staff = 18
    assert fmt_rate(staff_control_rate(r)) == "100.00%"  # 18 ÷ 18
    r.staff.admin_posts = r.staff.institution_posts = r.staff.other_posts = 0
    assert staff_control_rate(r) is None                 # 编制数 0
    assert fmt_rate(staff_control_rate(r)) == "—"


def test_public_funds_control_rate():
    r = new_report(2024)
    r.budget.public.initial = r.budget.public.executed = D("11.6")
    assert fmt_rate(public_funds_control_rate(r)) == "100.00%"
    r.budget.public.executed = D("10.44")
    assert fmt_rate(public_funds_control_rate(r)) == "90.00%"
    r.budget.public.budget = D("20")     # 全年预算数 is not the 附件2 budget: no effect
    assert fmt_rate(public_funds_control_rate(r)) == "90.00%"
    r.budget.public.initial = D(0)
    assert public_funds_control_rate(r) is None


def test_three_public_change_rate_and_note():
    r = new_report(2024)
    t = r.budget.controls["three_public"]
    assert three_public_change_rate(r) is None and three_public_change_note(r) == ""
    t.prior, t.initial = D(0), D(0)
    assert three_public_change_rate(r) is None
    assert fmt_rate(three_public_change_rate(r)) == "—"
    note = three_public_change_note(r)
    assert "均为0" in note and "0%" in note
    t.prior, t.initial = D(0), D("1.5")
    assert three_public_change_rate(r) is None and "无法计算" in three_public_change_note(r)
    t.prior, t.initial = D("2"), D("1.5")
    assert fmt_rate(three_public_change_rate(r)) == "-25.00%"
    assert three_public_change_note(r) == ""
    t.prior, t.initial = D("2"), D("2.5")
    assert fmt_rate(three_public_change_rate(r)) == "25.00%"


def test_three_public_control_rate():
    r = new_report(2024)
    t = r.budget.controls["three_public"]
    t.initial, t.executed = D("3"), D("2.4")
    assert fmt_rate(three_public_control_rate(r)) == "80.00%"
    t.budget = D("5")                    # only the 年初 {年}年预算数 column counts
    assert fmt_rate(three_public_control_rate(r)) == "80.00%"
    t.initial = D(0)
    assert three_public_control_rate(r) is None


def test_budget_adjustment_rate():
    r = new_report(2024)
    assert budget_adjustment_rate(r) is None
    r.budget.initial = D("180.07")
    r.budget.additions = D("73.72")
    assert fmt_rate(budget_adjustment_rate(r)) == "40.94%"   # 73.72 ÷ 180.07
    r.budget.reductions = D("10")
    assert fmt_rate(budget_adjustment_rate(r)) == "46.49%"   # (73.72 + 10) ÷ 180.07
    r.budget.initial = D(0)
    assert budget_adjustment_rate(r) is None


def test_procurement_buildings_and_all():
    r = new_report(2024)
    r.budget.controls["procurement"].initial = D(20)
    r.budget.controls["procurement"].executed = D(19)
    b = r.budget.buildings
    b.approved_area, b.actual_area = D(1000), D(980)
    b.budget_investment, b.actual_investment = D(0), D(5)
    assert fmt_rate(procurement_rate(r)) == "95.00%"
    assert fmt_rate(scale_control_rate(r)) == "98.00%"
    assert investment_control_rate(r) is None
    everything = all_ratios(r)
    assert everything.procurement == procurement_rate(r)
    assert everything.scale_control == D("0.98")
    assert everything.investment_control is None
    assert everything.staff_control is None
