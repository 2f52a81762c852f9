"""Linked indicators (``model.links``): which ratios, how computed, scored, checked, saved."""
from __future__ import annotations

import copy
import json
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import links, ratios, store
from model.checks import RULES, run_checks
from model.library import LibraryError, load_library, parse_library
from model.numbers import fmt_rate, rate_percent
from model.report import Amounts, Indicator, new_report, to_dict
from model.scoring import score_report
from tests.model.test_checks import passing_report

_MONEY = st.one_of(st.none(), st.sampled_from([D(0), D("11.6"), D("10.00"), D("1.2"), D("1.15"), D("253.79")]),
                   st.decimals(min_value=D("0.01"), max_value=D("9999.99"), places=2))
_COUNT = st.one_of(st.none(), st.integers(0, 60))


@st.composite
def budget_reports(draw):
    """Reports whose figures behind every linkable ratio are drawn (missing, zero, any)."""
    r = new_report(2024, "青溪县总工会")
    b = r.budget
    b.initial, b.additions, b.reductions = draw(_MONEY), draw(_MONEY), draw(_MONEY)
    b.full_year, b.executed = draw(_MONEY), draw(_MONEY)
    for part in (b.public, b.personnel, b.controls["three_public"], b.controls["procurement"]):
        part.prior, part.initial, part.executed = draw(_MONEY), draw(_MONEY), draw(_MONEY)
    bl = b.buildings
    bl.approved_area, bl.actual_area = draw(_MONEY), draw(_MONEY)
    bl.budget_investment, bl.actual_investment = draw(_MONEY), draw(_MONEY)
    r.staff.admin_posts, r.staff.institution_posts, r.staff.actual_staff = draw(_COUNT), draw(_COUNT), draw(_COUNT)
    return r


IDS = [s.id for s in links.specs()]

#: the ratios model.ratios already prints in 附件2 / section 六: a linked value is the same one
_PRINTED = {"public_funds_control": ratios.public_funds_control_rate,
            "three_public_control": ratios.three_public_control_rate,
            "three_public_change": ratios.three_public_change_rate,
            "staff_control": ratios.staff_control_rate, "budget_adjustment": ratios.budget_adjustment_rate,
            "procurement": ratios.procurement_rate, "scale_control": ratios.scale_control_rate,
            "investment_control": ratios.investment_control_rate}


@settings(max_examples=20, deadline=None)
@given(r=budget_reports())
def test_every_linked_value_is_its_operands_quotient_and_the_printed_ratio(r):
    for link_id in IDS:
        v = links.value(r, link_id)
        num, den = v.numerator, v.denominator
        expected = None if num is None or den is None or den == 0 or (link_id == "execution" and den < 0) \
            else D(num) / D(den)
        assert v.rate == expected, link_id
        if link_id in _PRINTED:
            assert v.rate == _PRINTED[link_id](r)
        assert v.text == ("" if expected is None else fmt_rate(expected))
        # the explanation quotes both operands and the result, or says why there is none
        text = v.explanation()
        assert text.startswith(f"由{v.spec.page}页计算：{v.spec.numerator} ")
        assert text.endswith(f"= {v.text}") if expected is not None else "无法计算" in text


def test_explanation_of_the_spec_example():
    r = new_report(2024)
    r.budget.public = Amounts(None, D("11.60"), None, D("11.60"))
    assert links.value(r, "public_funds_control").explanation() == \
        "由预算与执行页计算：公用经费决算数 11.60 ÷ 公用经费预算数 11.60 = 100.00%"
    r.staff.admin_posts, r.staff.actual_staff = 8, 7
    assert links.value(r, "staff_control").explanation() == "由机构与人员页计算：实际在职人数 7 ÷ 编制数 8 = 87.50%"
    r.budget.public.initial = D(0)
    v = links.value(r, "public_funds_control")
    assert v.rate is None and v.text == ""
    assert v.explanation() == ("由预算与执行页计算：公用经费决算数 11.60 ÷ 公用经费预算数 0.00，"
                               "无法计算（公用经费预算数为 0.00，分母为 0）")
    assert links.value(r, "no_such_ratio") is None


@pytest.mark.parametrize("name,link_id", [
    ("公用经费控制率", "public_funds_control"), (" 公用经费控制率 ", "public_funds_control"),
    ("“三公”经费控制率", "three_public_control"), ('"三公"经费控制率', "three_public_control"),
    ("三公经费控制率", "three_public_control"), ("在职人员控制率", "staff_control"),
    ("部门整体支出预算执行率", "execution"), ("预算调整率", "budget_adjustment"),
    ("政府采购执行率", "procurement"), ("公用经费控制数", None), ("职工满意度", None), ("", None)])
def test_names_match_loosely(name, link_id):
    assert links.match(name) == link_id
    full_width = name.translate({ord(c): ord(c) + 0xFEE0 for c in "\"" if c in name})
    assert links.match(full_width) == link_id


def test_every_name_and_alias_of_the_data_file_matches_its_own_ratio_only():
    for s in links.specs():
        for name in s.names():
            assert links.match(name) == s.id


@settings(max_examples=25, deadline=None)
@given(r=budget_reports(), link_id=st.sampled_from(IDS), shift=st.sampled_from([D("0.01"), D("-0.01"), D(1), D(-5)]))
def test_a_typed_value_agrees_when_it_prints_the_same(r, link_id, shift):
    v = links.value(r, link_id)
    if v.rate is None:
        assert not links.agrees(v, "100%") and not links.agrees(v, "")
        return
    assert links.agrees(v, v.text)
    percent = rate_percent(v.rate)
    assert links.agrees(v, f"{percent}％".replace(".", "．"))      # full width as typed in Word
    assert not links.agrees(v, f"{percent + shift}%")
    assert not links.agrees(v, f"{percent}")                       # no % sign: not the ratio
    assert links.disagreement("公用经费控制率", f"{percent + shift}%", v) == \
        f"指标‘公用经费控制率’填报值 {percent + shift:.2f}% 与预算数据计算值 {v.text} 不一致"


# --------------------------------------------------------------------------- scored as computed

def _linked_report(stale: str = "1%") -> tuple:
    r = passing_report()
    r.dept.indicators[0] = Indicator("成本指标", "经济成本指标", "公用经费控制率", "≤", "≤100%", stale, D(20),
                                     link="public_funds_control")
    return r, links.value(r, "public_funds_control")


@settings(max_examples=15, deadline=None)
@given(initial=st.decimals(min_value=D("0.01"), max_value=D(500), places=2),
       executed=st.decimals(min_value=D(0), max_value=D(800), places=2),
       stale=st.sampled_from(["", "1%", "100%", "未完成"]))
def test_a_linked_row_scores_as_if_the_computed_value_were_typed(initial, executed, stale):
    r, _ = _linked_report(stale)
    r.budget.public.initial, r.budget.public.executed = initial, executed
    before = copy.deepcopy(r)
    typed = copy.deepcopy(r)
    typed.dept.indicators[0].link = ""
    typed.dept.indicators[0].actual = fmt_rate(D(executed) / D(initial))
    assert score_report(r).department == score_report(typed).department
    assert r == before                                     # the document itself is never changed
    assert links.effective_report(r).dept.indicators[0].actual == typed.dept.indicators[0].actual


def test_effective_report_is_the_report_itself_when_nothing_is_linked():
    r = passing_report()
    assert links.effective_report(r) is r
    r.projects[1].indicators[0].link = "staff_control"
    view = links.effective_report(r)
    assert view is not r and view.dept is r.dept and view.projects[0] is r.projects[0]
    assert view.projects[1].indicators[0].actual == "87.50%" and r.projects[1].indicators[0].actual == "11.60万元"


# --------------------------------------------------------------------------- 审核

def _rules(r):
    return {f.rule: f for f in run_checks(r)}


def test_checks_offer_to_link_a_disagreeing_or_empty_row_and_say_why_a_link_cannot_compute():
    assert {"link.not_computable", "link.unknown", "link.disagrees", "link.available"} <= set(RULES)
    r, v = _linked_report()
    assert not {k for k in _rules(r) if k.startswith("link.")}       # linked and computable: quiet
    r.dept.indicators[0].link = ""
    r.dept.indicators[0].actual = "95%"
    f = _rules(r)["link.disagrees"]
    assert f.severity == "info" and f.where == "dept.indicators[0].actual"
    assert f.message.startswith(f"指标‘公用经费控制率’填报值 95.00% 与预算数据计算值 {v.text} 不一致")
    assert "关联预算数据" in f.message
    r.dept.indicators[0].actual = v.text
    assert "link.disagrees" not in _rules(r)
    r.dept.indicators[0].actual = ""
    assert v.text in _rules(r)["link.available"].message
    r.dept.indicators[0].link = "public_funds_control"
    r.budget.public.initial = D(0)
    f = _rules(r)["link.not_computable"]
    assert f.severity == "warning" and "公用经费预算数为 0.00" in f.message
    r.dept.indicators[0].link = "from_a_newer_version"
    assert "from_a_newer_version" in _rules(r)["link.unknown"].message


@settings(max_examples=12, deadline=None)
@given(r=budget_reports(), link_id=st.sampled_from(IDS))
def test_a_linked_row_is_never_reported_as_disagreeing(r, link_id):
    r.dept.indicators = [Indicator("成本指标", "经济成本指标", links.spec(link_id).name, "≤", "≤100%", "3%", D(5),
                                   link=link_id)]
    found = {f.rule for f in run_checks(r)}
    assert "link.disagrees" not in found and "link.available" not in found
    assert ("link.not_computable" in found) == (links.value(r, link_id).rate is None)


# --------------------------------------------------------------------------- file, library

def test_link_is_saved_only_when_set_and_read_back():
    r, _ = _linked_report()
    assert "link" not in to_dict(r.dept.indicators[1])
    assert to_dict(r.dept.indicators[0])["link"] == "public_funds_control"
    back = store.loads(store.dumps(r))
    assert back == r
    assert json.loads(store.dumps(r)).get("schema") == store.SCHEMA_VERSION


def test_the_library_marks_linkable_entries_and_taking_one_links_it():
    entries = load_library()
    marked = [e for e in entries if e.link]
    assert {e.link for e in marked} >= {"public_funds_control", "three_public_control", "staff_control",
                                        "budget_adjustment"}
    for e in entries:
        assert e.to_indicator(2024).link == e.link
        if e.scope == "部门整体":
            assert e.link == (links.match(e.name) or "")
    with pytest.raises(LibraryError, match="关联比率“nope”无法识别"):
        parse_library({"entries": [{"scope": "部门整体", "level1": "成本指标", "level2": "经济成本指标",
                                    "name": "x", "nature": "≤", "target": "1", "link": "nope"}]})


@pytest.mark.parametrize("data,message", [
    ({}, "缺少 links 列表"), ({"links": [1]}, "第 1 条格式不正确"),
    ({"links": [{"id": "public_funds_control"}]}, "第 1 条缺少“name”"),
    ({"links": [{"id": "x", "name": "a", "numerator": "a", "denominator": "b", "page": "p"}]}, "“x”无法计算"),
    ({"links": [{"id": "execution", "name": "a", "numerator": "a", "denominator": "b", "page": "p",
                 "aliases": "b"}]}, "应为名称列表")])
def test_a_bad_links_file_is_refused_in_chinese(data, message):
    with pytest.raises(links.LinksError, match=message):
        links.parse_links(data)


def test_rolling_over_keeps_the_link_and_the_new_year_computes_its_own_value():
    from model.rollover import roll_over
    r, _ = _linked_report()
    new, _notes = roll_over(r)
    row = new.dept.indicators[0]
    assert (row.link, row.actual) == ("public_funds_control", "")
    new.budget.public.initial, new.budget.public.executed = D(20), D(19)
    assert score_report(new).department.rows[0].actual.text == "95.00%"


@settings(max_examples=30, deadline=None)
@given(r=budget_reports(), picks=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2),
                                                    st.sampled_from(IDS + ["no_such_ratio"])), max_size=5))
def test_the_link_rule_finds_the_same_given_the_scored_report(r, picks):
    """``check_links`` looks only through the projects the scored report replaced (those holding a
    linked row) when it is handed that report: the findings are the same as looking through all."""
    from model.checks import RULES
    from model.report import Indicator, Project
    from model.rules.base import Collector
    from model.rules.links import check_links
    for k in range(4):
        r.projects.append(Project(name=f"项目{k}", indicators=[
            Indicator("产出指标", "数量指标", f"指标{j}", "", "≥90%", "95%", D(5)) for j in range(3)]))
    for k, j, link_id in picks:
        r.projects[k].indicators[j].link = link_id
    scored = links.effective_report(r)
    assert {k for k, p in enumerate(scored.projects) if p is not r.projects[k]} == {k for k, _, _ in picks}
    given, walked = Collector(RULES), Collector(RULES)
    check_links(r, given, scored)
    check_links(r, walked)
    assert given.items == walked.items
    unknown = sum(ind.link == "no_such_ratio" for p in r.projects for ind in p.indicators)
    assert sum(f.rule == "link.unknown" for f in given.items) == unknown
