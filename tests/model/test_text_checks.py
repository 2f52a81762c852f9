"""Text against data (model.rules.text*): amounts and rates written in the 正文 against the figures
they name. Bodies are generated from phrasings filled with the report's own figures (no finding)
or with one figure changed (exactly the finding naming it)."""
from __future__ import annotations

import re
from decimal import ROUND_DOWN, Decimal as D
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from model.checks import RULES, WARNING, run_checks
from model.numbers import round_half_up
from model.rules.text_rates import rate_matches
from tests.model.test_checks import passing_report

SECTION = 5          # 六、部门整体支出绩效情况
WHERE = f"sections[{SECTION}]"
HYPO = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def text_findings(report, prefix="text."):
    return [f for f in run_checks(report) if f.rule.startswith(prefix) and f.where == WHERE]


def with_body(text: str, report=None):
    r = report or passing_report()
    r.sections[SECTION] = text
    return r


def fmt(value: D, places: int) -> str:
    return format(round_half_up(value, places), "f")


# --------------------------------------------------------------------------- phrasings

#: (phrasing with {v} for the amount, how to read the figure it names from a report)
MONEY_PHRASES = [
    ("基本支出{v}万元", lambda r: r.budget.basic.executed),
    ("基本支出共计{v}万元", lambda r: r.budget.basic.executed),
    ("基本支出决算数为{v}万元", lambda r: r.budget.basic.executed),
    ("基本支出全年预算数{v}万元", lambda r: r.budget.basic.budget),
    ("基本支出年初预算{v}万元", lambda r: r.budget.basic.initial),
    ("人员经费支出{v}万元", lambda r: r.budget.personnel.executed),
    ("基本支出中人员经费{v}万元", lambda r: r.budget.personnel.executed),
    ("人员经费全年预算{v}万元", lambda r: r.budget.personnel.budget),
    ("公用经费实际支出{v}万元", lambda r: r.budget.public.executed),
    ("日常公用经费{v}万元", lambda r: r.budget.public.executed),
    ("项目支出{v}万元", lambda r: r.budget.project_spending.executed),
    ("“三公”经费支出{v}万元", lambda r: r.budget.controls["three_public"].executed),
    ("三公经费预算{v}万元", lambda r: r.budget.controls["three_public"].budget),
    ("公务接待费{v}万元", lambda r: r.budget.controls["reception"].executed),
    ("全年预算数为{v}万元", lambda r: r.budget.full_year_budget()),
    ("全年预算{v}万元", lambda r: r.budget.full_year_budget()),
    ("年初预算{v}万元", lambda r: r.budget.initial),
    ("年初部门预算{v}万元", lambda r: r.budget.initial),
    ("年中追加{v}万元", lambda r: r.budget.additions),
    ("全年执行数{v}万元", lambda r: r.budget.executed),
    ("全年支出{v}万元", lambda r: r.budget.executed),
    ("2024年支出{v}万元", lambda r: r.budget.executed),
    ("决算支出{v}万元", lambda r: r.budget.executed),
    ("一般公共预算拨款支出{v}万元", lambda r: r.budget.sources["general"].executed),
    ("夏送清凉项目{v}万元", lambda r: r.projects[0].total.executed),
    ("职工培训项目支出{v}万元", lambda r: r.projects[1].total.executed),
    ("用于夏送清凉{v}万元", lambda r: r.projects[0].total.executed),
]
PREFIXES = ["", "2024年", "本年度", "全年", "其中，", "从支出结构看，"]
FILLERS = ["保障了单位正常运转", "主要用于职工服务", "严格按预算执行", "资金使用规范"]

amount = st.decimals(min_value=D("0.01"), max_value=D("999.99"), places=2)


@st.composite
def figures(draw):
    """The fixture report with generated figures on every line a phrasing names."""
    r = passing_report()
    b = r.budget
    for a in (b.basic, b.personnel, b.public, b.project_spending, b.controls["three_public"],
              b.controls["reception"], b.sources["general"]):
        a.initial, a.budget, a.executed = draw(amount), draw(amount), draw(amount)
    b.initial, b.additions, b.executed = draw(amount), draw(amount), draw(amount)
    b.full_year = draw(amount)
    for p in r.projects:
        p.total.initial = p.total.budget = p.total.executed = draw(amount)
    return r


@st.composite
def body(draw, r, bad_at=None, delta=None):
    """Sentences stating figures of ``r``; with ``bad_at`` the statement at that index is off by ``delta``."""
    chosen = draw(st.lists(st.sampled_from(range(len(MONEY_PHRASES))), min_size=1, max_size=5))
    parts, written = [], []
    for k, idx in enumerate(chosen):
        phrase, get = MONEY_PHRASES[idx]
        places = draw(st.sampled_from([2, 2, 1, 0]))
        value = get(r)
        if k == bad_at:
            places = 2
            value = value + delta
        v = fmt(value, places)
        written.append((idx, v, get(r)))
        parts.append(draw(st.sampled_from(PREFIXES)) + phrase.format(v=v)
                     + draw(st.sampled_from(["", "，" + draw(st.sampled_from(FILLERS))])))
        parts.append(draw(st.sampled_from(["。", "；", "。\n", "，"])))
    return "".join(parts), chosen, written


@HYPO
@given(data=st.data())
def test_true_figures_in_any_phrasing_give_no_finding(data):
    r = data.draw(figures())
    text, _, _ = data.draw(body(r))
    assert text_findings(with_body(text, r)) == [], text


def _columns_of_phrase(r, idx):
    """Every figure a statement with phrasing ``idx`` may rightly quote (any column when no column word)."""
    phrase, get = MONEY_PHRASES[idx]
    b = r.budget
    line = {"基本支出{v}万元": b.basic, "基本支出共计{v}万元": b.basic, "项目支出{v}万元": b.project_spending,
            "日常公用经费{v}万元": b.public, "公务接待费{v}万元": b.controls["reception"],
            "夏送清凉项目{v}万元": r.projects[0].total, "用于夏送清凉{v}万元": r.projects[0].total,
            "基本支出中人员经费{v}万元": b.personnel}.get(phrase)
    if line is None:
        return [get(r)]
    return [line.initial, line.budget, line.executed]


@HYPO
@given(data=st.data(), delta=st.decimals(min_value=D("-50"), max_value=D("50"), places=2))
def test_one_changed_figure_gives_exactly_its_finding(data, delta):
    assume(delta != 0)
    r = data.draw(figures())
    n = data.draw(st.integers(0, 4))
    text, chosen, written = data.draw(body(r, bad_at=n, delta=delta))
    assume(n < len(chosen))
    idx, shown, real = written[n]
    assume(D(shown) >= 0)
    assume(all(round_half_up(v, 2) != D(shown) for v in _columns_of_phrase(r, idx)))
    found = text_findings(with_body(text, r))
    assert len(found) == 1, (text, found)
    f = found[0]
    assert (f.rule, f.severity) == ("text.money_mismatch", WARNING)
    assert f"{shown}万元" in f.message and fmt(real, 2) in f.message, (text, f.message)
    assert "六、部门整体支出绩效情况" in f.message


# --------------------------------------------------------------------------- rates

RATE_WORDS = ["{name}{rate}{verb}{q}%", "{name}{rate}{verb}{q}%，全年工作有序推进"]
RATE_KINDS = [
    # (words naming the rate, computed percent of a report)
    ("预算执行", lambda r: r.budget.executed * 100 / r.budget.full_year),
    ("部门预算执行", lambda r: r.budget.executed * 100 / r.budget.full_year),
    ("公用经费控制", lambda r: r.budget.public.executed * 100 / r.budget.public.budget),
    ("在职人员控制", lambda r: D(r.staff.actual_staff) * 100 / D(r.staff.institution_posts)),
    ("“三公”经费控制", lambda r: r.budget.controls["three_public"].executed * 100
     / r.budget.controls["three_public"].budget),
    ("夏送清凉项目资金执行", lambda r: r.projects[0].total.executed * 100 / r.projects[0].total.budget),
]


@st.composite
def rate_report(draw):
    r = passing_report()
    b = r.budget
    b.full_year = draw(st.decimals(min_value=D("50"), max_value=D("900"), places=2))
    b.executed = b.full_year * draw(st.decimals(min_value=D("0.5"), max_value=D("1"), places=4))
    b.executed = round_half_up(b.executed, 2)
    b.public.budget = draw(st.decimals(min_value=D("1"), max_value=D("50"), places=2))
    b.public.executed = round_half_up(b.public.budget * draw(st.decimals(D("0.6"), D("1"), places=3)), 2)
    t = b.controls["three_public"]
    t.budget = draw(st.decimals(min_value=D("0.5"), max_value=D("9"), places=2))
    t.executed = round_half_up(t.budget * draw(st.decimals(D("0.5"), D("1"), places=3)), 2)
    r.staff.institution_posts = draw(st.integers(1, 60))
    r.staff.actual_staff = draw(st.integers(1, r.staff.institution_posts))
    p = r.projects[0].total
    p.budget = draw(st.decimals(min_value=D("1"), max_value=D("60"), places=2))
    p.executed = round_half_up(p.budget * draw(st.decimals(D("0.5"), D("1"), places=3)), 2)
    return r


def right_quote(percent: D, places: int) -> D:
    """What a careful writer prints: rounded, or cut when rounding would claim 100%."""
    q = round_half_up(percent, places)
    if q >= 100 > percent:
        q = percent.quantize(D(1).scaleb(-places), rounding=ROUND_DOWN)
    return q


@HYPO
@given(r=rate_report(), kinds=st.lists(st.sampled_from(range(len(RATE_KINDS))), min_size=1, max_size=4),
       data=st.data())
def test_true_rates_give_no_finding(r, kinds, data):
    parts = []
    for k in kinds:
        name, get = RATE_KINDS[k]
        places = data.draw(st.sampled_from([0, 1, 2]))
        q = right_quote(get(r), places)
        parts.append(data.draw(st.sampled_from(RATE_WORDS)).format(
            name=name, rate="率", verb=data.draw(st.sampled_from(["", "为", "达到", "是"])), q=q))
    text = "；".join(parts) + "。"
    assert text_findings(with_body(text, r)) == [], text


@HYPO
@given(r=rate_report(), k=st.sampled_from(range(len(RATE_KINDS))), places=st.sampled_from([0, 1, 2]),
       off=st.integers(1, 300), sign=st.sampled_from([1, -1]), data=st.data())
def test_a_wrong_rate_gives_exactly_its_finding(r, k, places, off, sign, data):
    name, get = RATE_KINDS[k]
    percent = get(r)
    q = right_quote(percent, places) + sign * off * D(1).scaleb(-places)
    assume(D(0) <= q and not rate_matches(q, places, percent))
    quote = f"{name}率为{q}%"
    others = [RATE_KINDS[j] for j in range(len(RATE_KINDS)) if j != k and RATE_KINDS[j][0] not in name]
    text = quote + "，" + "，".join(f"{n}率{right_quote(g(r), 2)}%" for n, g in others[:2]) + "。"
    found = text_findings(with_body(text, r))
    assert len(found) == 1, (text, found)
    f = found[0]
    assert (f.rule, f.severity) == ("text.rate_mismatch", WARNING)
    assert quote in f.message and f"{round_half_up(percent, 2)}%" in f.message, f.message


@pytest.mark.parametrize("quote, percent, right", [
    ("99.55", D("99.5499"), True), ("99.5", D("99.55"), True), ("99.6", D("99.55"), True),
    ("100", D("99.996"), False), ("100", D("100"), True), ("99", D("99.55"), True),
    ("98", D("99.55"), False), ("87.5", D("87.5"), True), ("88", D("87.5"), True), ("0", D("0"), True),
])
def test_rate_tolerance_is_rounding_or_cutting_to_the_quoted_decimals(quote, percent, right):
    places = len(quote.partition(".")[2])
    assert rate_matches(D(quote), places, percent) is right


# --------------------------------------------------------------------------- the traps of real bodies

@pytest.mark.parametrize("text", [
    "基本支出248.09万元，其中人员经费236.49万元、公用经费11.60万元。",
    "人员经费、公用经费支出分别为236.49万元、11.60万元。",
    "人员经费预算237.63万元，执行236.49万元。",
    "2024年支出252.65万元，比上年增加252.65万元。",          # a change is no 全年支出
    "人员经费236.49万元，占基本支出的95%。",
    "慰问标准为每人500元，单笔帮扶10—20万元，单笔3万元至5万元。",
    "筹集资金115余万元，全年支出约250万元，基本支出近240万元。",
    "基本支出2480900元，合计248.09万元。",
    "于2024.12.31前完成，全年预算253.79万元。",
    "２０２４年基本支出２４８．０９万元。",
    "项目支出4.56万元，为夏送清凉3万元和职工培训1.56万元。",
    "年初部门预算180.07万元，年中追加73.72万元，上年结转0万元，年中调减0万元。",
    "基本支出调整后预算249.23万元，实际支出248.09万元。",
])
def test_real_phrasings_that_are_right(text):
    assert text_findings(with_body(text)) == []


@pytest.mark.parametrize("text, shown, data", [
    ("基本支出248.76万元，保障了单位运转。", "基本支出 248.76万元", "全年执行数 248.09 万元"),
    ("人员经费、公用经费支出分别为236.49万元、11.70万元。", "公用经费 11.70万元", "全年执行数 11.60 万元"),
    ("人员经费预算237.63万元，执行236.50万元。", "人员经费 236.50万元", "全年执行数 236.49 万元"),
    ("基本支出全年预算数248.09万元。", "基本支出 248.09万元", "全年预算数 249.23 万元"),
    ("2024年支出252.66万元。", "全年支出 252.66万元", "全年执行数 252.65 万元"),
    ("年初部门预算180.00万元。", "年初预算数 180.00万元", "年初预算数 180.07 万元"),
    ("夏送清凉项目3.5万元。", "项目“夏送清凉” 3.5万元", "全年执行数 3.00 万元"),
    ("“三公”经费1.25万元。", "“三公”经费 1.25万元", "全年执行数 1.15 万元"),
    ("基本支出2480000元。", "基本支出 2480000元", "全年执行数 248.09 万元"),
    ("项目支出调整后预算4.56万元，实际支出4.50万元。", "项目支出 4.50万元", "全年执行数 4.56 万元"),
    ("上年“三公”经费决算1.30万元。", "“三公”经费 1.30万元", "上年决算数 1.20 万元"),
])
def test_real_phrasings_that_are_wrong(text, shown, data):
    found = text_findings(with_body(text))
    assert [f.rule for f in found] == ["text.money_mismatch"], found
    assert shown in found[0].message and data in found[0].message


def test_amount_in_yuan_with_the_number_of_wan_yuan_is_a_unit_slip():
    found = text_findings(with_body("基本支出248.09元。"))
    assert [f.rule for f in found] == ["text.money_mismatch"]
    assert "单位应为“万元”" in found[0].message


def test_last_years_budget_is_no_column_of_the_file():
    """“上年年初预算” is neither 上年决算数 nor this year's budget: only looked up, a hint at most."""
    found = text_findings(with_body("上年度“三公”经费年初预算数0.95万元，本年度“三公”经费预算1.20万元。"))
    assert [(f.rule, f.severity) for f in found] == [("text.money_unknown", RULES["text.money_unknown"])]
    assert "0.95万元" in found[0].message and "1.20" not in found[0].message


def test_list_whose_counts_disagree_is_not_paired():
    """Two labels, three amounts: nothing is paired, the amounts are only looked up."""
    found = text_findings(with_body("人员经费、公用经费分别为236.49万元、11.60万元、7.77万元。"))
    assert [f.rule for f in found] == ["text.money_unknown"] and "7.77万元" in found[0].message


def test_an_amount_naming_nothing_is_still_a_hint():
    found = text_findings(with_body("开展送温暖活动，发放慰问金12.34万元。"))
    assert [(f.rule, f.severity) for f in found] == [("text.money_unknown", RULES["text.money_unknown"])]


def test_figure_running_into_the_next_is_unreadable():
    found = text_findings(with_body("基本支出189.67190.2万元，保障了单位运转。"))
    assert [f.rule for f in found] == ["text.number_typo"] and "189.67190.2万元" in found[0].message


@pytest.mark.parametrize("text, computed", [
    ("公用经费控制率为99%。", "公用经费控制率为 100.00%（11.60 ÷ 11.60）"),
    ("在职人员控制率100%。", "在职人员控制率为 87.50%（7 人 ÷ 8 人）"),
    ("“三公”经费控制率为100%。", "“三公”经费控制率为 95.83%（1.15 ÷ 1.20）"),
    ("预算控制率为0。", "预算调整率为 40.94%"),
    ("夏送清凉项目执行率95%。", "项目“夏送清凉”执行率为 100.00%（3.00 ÷ 3.00）"),
    ("“三公”经费变动率为5%。", "“三公”经费变动率为 0.00%"),
    ("公用经费控制率、“三公”经费控制率分别为100%、98%。", "“三公”经费控制率为 95.83%（1.15 ÷ 1.20）"),
])
def test_quoted_rates_against_the_data(text, computed):
    found = text_findings(with_body(text))
    assert [f.rule for f in found] == ["text.rate_mismatch"], found
    quoted = text.rstrip("。").split("分别为")[-1].split("、")[-1]
    assert quoted in found[0].message and computed in found[0].message


@pytest.mark.parametrize("text", [
    "公用经费控制率100%=（实际支出公用经费总额11.6万元/预算安排公用经费总额11.6万元）×100%。",
    "在职人员控制率87.5%，“三公”经费控制率95.8%，预算执行率为99.5%。",
    "“三公”经费变动率为0%。",
    "职工培训项目执行率100%，夏送清凉项目执行率为100%。",
    "规模控制率为0%，投资概算控制率为0。",          # no building: nothing to compute, nothing judged
    "各单位建会率保持在90%以上，执行率为三项指标之一。",
    "公用经费控制率、“三公”经费控制率分别为100%、95.83%，在职人员控制率和预算执行率分别为87.5%和99.5%。",
    "公用经费控制率、在职人员控制率分别为100%。",          # one quote for two rates: not paired
])
def test_quoted_rates_that_agree_or_cannot_be_judged(text):
    assert text_findings(with_body(text)) == []


def test_budget_control_rate_follows_the_basic_adjustment_row():
    found = text_findings(with_body("预算控制率为0。"))
    assert "请在“预算与执行”页填写该行" in found[0].message
    r = passing_report()
    r.budget.controls["basic_adjustment"].executed = D(0)
    assert text_findings(with_body("预算控制率为0。", r)) == []


def test_the_sample_report_quotes_its_own_figures():
    from resources.samples.build_sample import build_sample
    assert [f for f in run_checks(build_sample()) if f.rule.startswith("text.")] == []


# --------------------------------------------------------------------------- SPEC §1, in other words

class TestSpecDefects:
    def test_one_figure_two_values_in_two_sections(self):
        r = passing_report()
        r.sections[1] = "本年基本支出248.09万元。"
        r.sections[5] = "本年基本支出为248.76万元，较好地保障了运转。"
        found = [f for f in run_checks(r) if f.rule.startswith("text.")]
        assert [(f.rule, f.where) for f in found] == [("text.money_mismatch", "sections[5]")]
        assert "248.76万元" in found[0].message and "248.09 万元" in found[0].message

    def test_a_heading_rate_over_a_computation_that_says_otherwise(self):
        found = text_findings(with_body("（一）预算执行率100%\n全年支出252.65万元，全年预算253.79万元。"))
        assert [f.rule for f in found] == ["text.rate_mismatch"]
        assert "预算执行率100%" in found[0].message and "99.55%" in found[0].message

    def test_two_numbers_typed_together(self):
        found = text_findings(with_body("发放帮扶资金189.67190.2万元。"))
        assert [f.rule for f in found] == ["text.number_typo"]


# --------------------------------------------------------------------------- structure

def test_text_rules_live_in_their_own_modules_and_use_known_rule_ids():
    import model.checks
    import model.rules.text
    rules_dir = Path(model.rules.text.__file__).parent
    used = set()
    for path in rules_dir.glob("text*.py"):
        used |= set(re.findall(r'out\.add\("([a-z_.]+)"', path.read_text(encoding="utf-8")))
    assert {"text.money_mismatch", "text.money_unknown", "text.rate_mismatch", "text.number_typo"} <= used
    assert used <= set(RULES)
    assert "def _scan_text" not in Path(model.checks.__file__).read_text(encoding="utf-8")


def test_findings_follow_every_edit_between_runs():
    """Each section's findings are reused while its text and the figures are unchanged."""
    r = with_body("基本支出248.09万元，夏送清凉项目3万元，公用经费控制率100%。")
    assert text_findings(r) == []
    r.budget.basic.executed = D("248.10")
    r.budget.basic.initial = r.budget.basic.budget = D("1")
    assert "248.10 万元" in text_findings(r)[0].message
    r.budget.basic.executed = D("248.09")
    assert text_findings(r) == []
    r.projects[0].total.executed = D("3.6")
    r.projects[0].total.initial = r.projects[0].total.budget = D("3.6")
    assert "项目“夏送清凉”" in text_findings(r)[0].message
    r.projects[0].name = "秋季助学"
    assert text_findings(r) == []       # 夏送清凉 names nothing now; 3 (万元) is the 办公经费 budget
    r.budget.public.executed = D("11.00")
    assert "公用经费控制率为 94.83%" in text_findings(r)[-1].message
    r.sections[SECTION] += "。"
    assert [f.rule for f in text_findings(r)] == ["text.rate_mismatch"]


PIECES = ["基本支出", "人员经费", "公用经费", "项目支出", "“三公”经费", "全年预算", "年初预算", "全年支出", "夏送清凉",
          "预算执行率", "控制率", "分别为", "其中", "比上年增加", "约", "余", "万元", "元", "%", "，", "、", "。", "；",
          "—", "至", "为", "2024年", ".", "０", "1", "23", "4.5", "189.67190.2", "\n", " ", "（", "）"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_any_body_gives_known_findings_and_no_crash(text):
    for f in text_findings(with_body(text)):
        assert f.rule in RULES and f.message and f.severity == RULES[f.rule]


@pytest.mark.parametrize("amounts, bad", [(("4.56", "3", "1.56"), None), (("4.56", "3.00", "1.65"), "1.65万元"),
                                          (("4.56", "3.30", "1.56"), "3.30万元")])
def test_project_names_with_a_year_and_quotes(amounts, bad):
    r = passing_report()
    r.projects[0].name = "2024年“夏送清凉”慰问专项资金"
    r.projects[1].name = "2024年职工技能培训项目"
    total, first, second = amounts
    text = (f"2024年项目支出共计{total}万元，为2024年“夏送清凉”慰问专项资金{first}万元和"
            f"职工技能培训{second}万元。")
    found = text_findings(with_body(text, r))
    if bad is None:
        assert found == []
    else:
        assert [f.rule for f in found] == ["text.money_mismatch"] and bad in found[0].message


@pytest.mark.parametrize("text", [
    "九" * 100_000, "1" * 100_000, "1." * 50_000, "执行率" + " " * 100_000, "执行率" + " " * 100_000 + "5%",
    "基本支出" * 25_000, "万元" * 50_000, "分别为" + "1%、" * 25_000, "控制率、" * 25_000 + "分别为1%、2%",
    "基本支出" + "，" * 100_000 + "1万元", ("人员经费、" * 10 + "分别为" + "1万元、" * 10 + "。") * 1000,
    "自评得分" + " " * 100_000, "1" + " " * 100_000 + "余",
], ids=lambda text: f"{text[:6]!r}…{len(text)}")
def test_long_pasted_text_is_checked_in_linear_time(text):
    """A pasted text of 100 000 characters: the checks stay linear (they run on every keystroke).
    A guard against catastrophic scans, not a speed test: linear cost is well under a second here,
    a quadratic scan of 100 000 characters runs for minutes, so the bound holds on a busy machine."""
    import time
    r = passing_report()
    r.sections[SECTION] = r.sections[8] = text
    started = time.perf_counter()
    run_checks(r)
    assert time.perf_counter() - started < 30


LISTABLE = [("人员经费", lambda r: r.budget.personnel.executed), ("公用经费", lambda r: r.budget.public.executed),
            ("项目支出", lambda r: r.budget.project_spending.executed), ("基本支出", lambda r: r.budget.basic.executed),
            ("“三公”经费", lambda r: r.budget.controls["three_public"].executed)]


@HYPO
@given(data=st.data(), delta=st.decimals(min_value=D("-9"), max_value=D("9"), places=2))
def test_lists_pair_labels_and_amounts_in_order(data, delta):
    r = data.draw(figures())
    chosen = data.draw(st.lists(st.sampled_from(LISTABLE), min_size=2, max_size=4, unique_by=lambda x: x[0]))
    bad = data.draw(st.none() | st.integers(0, len(chosen) - 1))
    values = [get(r) for _, get in chosen]
    if bad is not None:
        assume(delta != 0 and values[bad] + delta >= 0)
        values[bad] += delta
    glue = data.draw(st.sampled_from(["、", "，", "和"]))
    text = ("、".join(name for name, _ in chosen) + data.draw(st.sampled_from(["支出", "决算数", "实际支出"]))
            + "分别为" + glue.join(f"{fmt(v, 2)}万元" for v in values) + "。")
    found = text_findings(with_body(text, r))
    if bad is None:
        assert found == [], text
    else:
        assert [f.rule for f in found] == ["text.money_mismatch"], (text, found)
        assert f"{fmt(values[bad], 2)}万元" in found[0].message
        assert fmt(chosen[bad][1](r), 2) in found[0].message
