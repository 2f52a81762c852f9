"""Rule sets as data (SPEC §3.8): validation, the user folder, the special rules worked by hand,
and the scoring properties over every built-in rule set and over random valid ones."""
from __future__ import annotations

import copy
import json
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import profiles
from model.checks import run_checks
from model.profiles import PROFILE_DIR, ProfileError, get_profile, list_profiles, load_errors, profile_from_dict
from model.profiles import with_places
from model.numbers import round_half_up
from model.report import Indicator, new_report
from model.scoring import round_score, score_report, score_table

BUILTIN = ("hunan", "mof", "sichuan", "yitihua")


def ind(level1, target, actual, weight, level2="数量指标", name="指标", nature=""):
    return Indicator(level1, level2, name, nature, target, actual, None if weight is None else D(weight))


def _raw(pid: str) -> dict:
    return json.loads((PROFILE_DIR / f"{pid}.json").read_text(encoding="utf-8"))


@pytest.fixture
def user_folder(tmp_path, monkeypatch):
    """An empty user rule-set folder (the data folder moved by JXZP_DATA_DIR)."""
    monkeypatch.setenv("JXZP_DATA_DIR", str(tmp_path))
    folder = tmp_path / "rulesets"
    folder.mkdir()
    profiles.reload()
    yield folder
    monkeypatch.undo()
    profiles.reload()


# --------------------------------------------------------------------------- files and folders

def test_the_four_builtin_rule_sets_load_from_files_with_schema_and_version():
    by_id = {p.id: p for p in list_profiles()}
    assert set(BUILTIN) <= set(by_id)
    assert load_errors() == []
    for pid in BUILTIN:
        raw = _raw(pid)
        assert (raw["schema"], raw["version"]) == ("jxzp-ruleset", 1)
        assert by_id[pid].builtin and by_id[pid].source_label == "内置"
    assert by_id["sichuan"].free_split and by_id["sichuan"].indicator_total == 90
    y = by_id["yitihua"].settings
    assert (y.equal_rule, y.over_action, y.over_points, y.over_threshold) == ("as_ge", "deduct", D(2), D("0.30"))
    assert [(c.low, c.high, c.cap) for c in y.caps] == [
        (D("0.7"), D("0.8"), D(89)), (D("0.6"), D("0.7"), D(79)), (D("0.5"), D("0.6"), D(69)), (D(0), D("0.5"), D(59))]
    assert by_id["yitihua"].block("满意度指标").if_empty == "spread"


def test_the_json_schema_document_names_every_field_the_validator_reads():
    schema = json.loads((PROFILE_DIR / "schema.json").read_text(encoding="utf-8"))
    top = set(schema["properties"])
    sett = set(schema["properties"]["settings"]["properties"])
    block = set(schema["properties"]["blocks"]["items"]["properties"])
    for pid in BUILTIN:
        raw = _raw(pid)
        assert set(raw) <= top, pid
        assert set(raw["settings"]) <= sett, pid
        assert all(set(b) <= block for b in raw["blocks"]), pid


def test_a_user_file_appears_a_bad_one_is_refused_naming_file_and_field(user_folder):
    good = _raw("sichuan")
    good.update(id="county", name="某县规则")
    (user_folder / "county.json").write_text(json.dumps(good, ensure_ascii=False), encoding="utf-8")
    bad = _raw("sichuan")
    bad["id"] = "bad"
    bad["blocks"][2]["weight"] = "十"
    (user_folder / "四川.json").write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    twin = _raw("mof")                     # same id as a built-in one: refused
    (user_folder / "mof.json").write_text(json.dumps(twin, ensure_ascii=False), encoding="utf-8")
    (user_folder / "notes.txt").write_text("not a rule set", encoding="utf-8")
    by_id = {p.id: p for p in list_profiles()}
    assert set(by_id) == set(BUILTIN) | {"county"}
    assert not by_id["county"].builtin and by_id["county"].source_label == str(user_folder / "county.json")
    assert by_id["mof"].builtin
    errors = load_errors()
    assert len(errors) == 2
    bad_msg = next(e for e in errors if "四川.json" in e)
    assert bad_msg.startswith(str(user_folder / "四川.json") + "：") and "blocks[2].weight" in bad_msg
    assert "无法识别" in bad_msg
    twin_msg = next(e for e in errors if "mof.json" in e)
    assert "与内置规则集" in twin_msg and "已忽略" in twin_msg


def test_the_cli_lists_user_files_and_new_accepts_their_id(user_folder, tmp_path, capsys):
    import main
    mine = _raw("yitihua")
    mine.update(id="mine", name="本县规则")
    (user_folder / "mine.json").write_text(json.dumps(mine, ensure_ascii=False), encoding="utf-8")
    (user_folder / "broken.json").write_text("{", encoding="utf-8")
    assert main.main(["profiles"]) == 0
    out = capsys.readouterr().out
    for pid in BUILTIN:
        assert f"{pid}\t{get_profile(pid).name}\t内置" in out
    assert f"mine\t本县规则\t{user_folder / 'mine.json'}" in out
    assert "无法使用的规则集文件（1 个）" in out and "broken.json：无法读取" in out
    target = tmp_path / "new.jxzp"
    assert main.main(["new", "-o", str(target), "--year", "2024", "--unit", "某单位", "--profile", "mine"]) == 0
    from model import store
    assert store.load(str(target)).profile == "mine"
    assert main.main(["new", "-o", str(tmp_path / "x.jxzp"), "--year", "2024", "--unit", "某",
                      "--profile", "nowhere"]) == 2
    assert "可选：hunan、mof、sichuan、yitihua、mine" in capsys.readouterr().err


@pytest.mark.parametrize("change, words", [
    (lambda d: d.pop("schema"), "schema 应为“jxzp-ruleset”"),
    (lambda d: d.update(version=9), "version 9"),
    (lambda d: d.update(version="1"), "version 应为正整数"),
    (lambda d: d.update(split="half"), "split 应为"),
    (lambda d: d["blocks"][2].update(weight="x"), "blocks[2].weight"),
    (lambda d: d["blocks"][1].update(if_empty="drop"), "blocks[1].if_empty"),
    (lambda d: d["settings"].update(equal_rule="ge"), "settings.equal_rule"),
    (lambda d: d["settings"].update(over_action="punish"), "settings.over_action"),
    (lambda d: d["settings"].update(over_points="0"), "settings.over_points"),
    (lambda d: d["settings"].update(over_inclusive="yes"), "settings.over_inclusive"),
    (lambda d: d["settings"].update(execution_caps=[["0.7", "0.8"]]), "settings.execution_caps[0]"),
    (lambda d: d["settings"].update(execution_caps=[["0.8", "0.7", "89"]]), "执行率区间"),
    (lambda d: d["settings"].update(execution_caps=[["0.6", "0.8", "89"], ["0.7", "0.9", "95"]]), "重叠"),
    (lambda d: d["settings"].update(execution_caps=[["0", "0.5", "120"]]), "总分上限"),
    (lambda d: d["settings"].update(execution_caps="70-80"), "应为列表"),
    (lambda d: d["settings"].update(rate_places=5), "settings.rate_places"),
    (lambda d: d["settings"].update(execution_note_below="-0.1"), "settings.execution_note_below"),
    (lambda d: d["settings"].update(adjustment_note=True, adjustment_words=[]), "settings.adjustment_words"),
    (lambda d: d["settings"].update(budget_label=""), "settings.budget_label"),
    (lambda d: [b.update(if_empty="spread") for b in d["blocks"]], "至少要有一个"),
    (lambda d: d.update(indicator_total="80"), "indicator_total 80"),
])
def test_a_bad_field_is_refused_naming_it_in_chinese(change, words):
    data = copy.deepcopy(_raw("yitihua"))
    change(data)
    with pytest.raises(ProfileError) as e:
        profile_from_dict(data, require_header=True)
    assert words in str(e.value)
    assert any("\u4e00" <= c <= "\u9fff" for c in str(e.value))


def test_spread_is_refused_under_a_free_split():
    data = _raw("sichuan")
    data["blocks"][2]["if_empty"] = "spread"
    with pytest.raises(ProfileError, match=r"blocks\[2\]\.if_empty"):
        profile_from_dict(data)


# --------------------------------------------------------------------------- hand-worked rules

def _table(pid, rows, budget="100", executed="100", places=None):
    p = get_profile(pid) if places is None else with_places(get_profile(pid), places)
    return score_table(rows, D(10), D(budget), D(executed), p, 2024)


def test_free_split_any_division_of_90_passes_and_the_sum_rule_holds():
    # 四川: 产出 60 + 效益 25 + 满意度 5 = 90 (not the suggested 50/30/10): no weight finding
    r = new_report(2024, "某单位", "sichuan")
    r.budget.full_year, r.budget.executed = D(100), D(100)
    r.dept.indicators = [ind("产出指标", "≥10", "10", "60"), ind("效益指标", "≥5", "5", "25", "社会效益指标"),
                         ind("满意度指标", "≥90%", "95%", "5", "服务对象满意度指标")]
    t = score_report(r).department
    assert [(b.name, b.weight, b.score) for b in t.blocks] == [
        ("产出指标", D(60), D("60.00")), ("效益指标", D(25), D("25.00")), ("满意度指标", D(5), D("5.00"))]
    assert t.total == D("100.00") and t.weight_total == D(100)
    rules = {f.rule for f in run_checks(r)}
    assert not rules & {"indicator.block_weight", "indicator.total_weight", "indicator.empty_block"}
    # 55 + 25 + 5 = 85 ≠ 90: 10 + 85 = 95 ≠ 100, the total rule names the free split
    r.dept.indicators[0].weight = D(55)
    msg = next(f.message for f in run_checks(r) if f.rule == "indicator.total_weight")
    assert "总分值为 95.00 分" in msg and "绩效指标合计 90.00 分" in msg and "自行分配" in msg
    # the same rows under 湖南 (fixed 20/40/20/10): block weights are errors
    r.profile = "hunan"
    assert "indicator.block_weight" in {f.rule for f in run_checks(r)}


def test_equal_scored_like_ge_under_yitihua_and_by_deviation_under_hunan():
    row = [ind("产出指标", "=95%", "97%", "10")]
    # 一体化: 97 ≥ 95 → full 10; 湖南: 10 × (1 − |97 − 95| ÷ 95) = 10 × 0.97895 = 9.79
    assert _table("yitihua", row).rows[0].score == D("10.00")
    assert _table("hunan", row).rows[0].score == D("9.79")
    # below the target both score 10 × 90 ÷ 95 = 9.47 (≥) vs 10 × (1 − 5/95) = 9.47
    low = [ind("产出指标", "=95%", "90%", "10")]
    assert _table("yitihua", low).rows[0].score == D("9.47") == _table("hunan", low).rows[0].score


@pytest.mark.parametrize("target, actual, weight, score, deducted", [
    ("≥100", "130", "10", "8.00", True),     # 130 ≥ 100 × 1.3: 偏离, 10 − 2 = 8
    ("≥100", "129", "10", "10.00", False),   # 29 % over: not yet 偏离
    ("≥100", "200", "1.5", "0.00", True),    # 1.5 − 2 < 0 → 0, never below 0
    ("≤50", "35", "10", "8.00", True),       # 35 ≤ 50 × 0.7: 偏离 downwards, −2
    ("=10", "13", "6", "4.00", True),        # “=” scored like ≥, so 13 ≥ 13 is 偏离: 6 − 2
])
def test_yitihua_deviation_of_30_percent_loses_2_points(target, actual, weight, score, deducted):
    r = _table("yitihua", [ind("产出指标", target, actual, weight)]).rows[0]
    assert r.score == D(score)
    if deducted:
        (a,) = r.adjustments
        assert a.rule == "over.deduct" and a.delta == D(score) - D(weight) and "扣2分" in a.text
        assert "30%及以上" in a.text and r.flagged
    else:
        assert r.adjustments == ()
    # 湖南 only flags it (threshold 20 %) and keeps the full weight
    h = _table("hunan", [ind("产出指标", target, actual, weight)]).rows[0]
    assert h.adjustments == () and (h.score == D(weight) or target.startswith("="))


def test_a_manual_score_has_no_adjustment():
    row = ind("产出指标", "≥100", "150", "10")
    row.manual_score = D(9)
    r = _table("yitihua", [row]).rows[0]
    assert r.score == D("9.00") and r.adjustments == ()


def _full_rows():
    # 产出 50 + 效益 30 + 满意度 10, every target met: indicators 90
    return [ind("产出指标", "≥10", "10", "50"), ind("效益指标", "≥5", "5", "30", "社会效益指标"),
            ind("满意度指标", "≥90%", "90%", "10", "服务对象满意度指标")]


@pytest.mark.parametrize("executed, exe_score, cap", [
    ("79.99", "8.00", "89"),   # 10 × 79.99 % = 8.00; 8 + 90 = 98 → capped at 89
    ("75", "7.50", "89"),      # 97.50 → 89
    ("70", "7.00", "89"),      # 70 % is in [70 %, 80 %)
    ("69.99", "7.00", "79"),   # 97.00 → 79
    ("60", "6.00", "79"),
    ("55", "5.50", "69"),      # 95.50 → 69
    ("49.99", "5.00", "59"),   # 95.00 → 59
    ("10", "1.00", "59"),      # 91.00 → 59
])
def test_every_cap_band_of_yitihua(executed, exe_score, cap):
    t = _table("yitihua", _full_rows(), executed=executed)
    assert t.execution.score == D(exe_score)
    raw = D(exe_score) + 90
    assert t.total == D(cap)
    (a,) = t.adjustments
    assert a.rule == "cap.execution" and a.delta == D(cap) - raw
    assert a.text == f"执行率{D(executed):.2f}%，总分封顶{cap}分（原{raw:.2f}分）"
    # the same table under 湖南-like weights of 财政部通用 is not capped
    assert _table("mof", _full_rows(), executed=executed).total == raw


def test_no_cap_at_80_percent_or_when_the_total_is_below_the_cap_or_the_rate_is_unknown():
    assert _table("yitihua", _full_rows(), executed="80").total == D("98.00")     # 8 + 90
    half = [ind("产出指标", "≥10", "5", "50"), ind("效益指标", "≥5", "5", "30", "社会效益指标"),
            ind("满意度指标", "≥90%", "90%", "10", "服务对象满意度指标")]
    t = _table("yitihua", half, executed="75")      # 7.5 + 25 + 30 + 10 = 72.5 < 89
    assert t.total == D("72.50") and t.adjustments == ()
    t0 = _table("yitihua", _full_rows(), budget="0", executed="5")   # rate “—”: score 0, no cap
    assert t0.execution.rate is None and t0.total == D("90.00") and t0.adjustments == ()


def test_satisfaction_weight_spread_over_output_and_benefit():
    # 一体化 without any 满意度 row: its 10 points go to 产出 50 / 效益 30 in proportion,
    # 产出 + 10 × 50/80 = 56.25, 效益 + 10 × 30/80 = 33.75; scores × 90/80 = 1.125.
    rows = [ind("产出指标", "≥10", "8", "50"),                       # 50 × 8/10 = 40
            ind("效益指标", "≥5", "5", "30", "社会效益指标")]          # 30
    t = _table("yitihua", rows)
    out, ben, sat = t.blocks
    assert (out.score, out.spread_weight) == (D("45.00"), D("6.25"))     # 40 × 1.125
    assert (ben.score, ben.spread_weight) == (D("33.75"), D("3.75"))     # 30 × 1.125
    assert sat.weight == 0 and sat.rows == ()
    assert t.total == D("88.75") and t.weight_total == D(100)            # 10 + 45 + 33.75
    (a,) = t.adjustments
    assert a.rule == "spread.empty_block" and a.delta == D("8.75")        # 78.75 − 70
    assert a.text == "满意度无指标，10分按比例分配至产出、效益（得分×90/80）"
    # no 满意度 finding under 一体化; an error under 财政部通用 (no spread there)
    r = new_report(2024, "某单位", "yitihua")
    r.budget.full_year, r.budget.executed = D(100), D(100)
    r.dept.indicators = rows
    findings = run_checks(r)
    assert "indicator.empty_block" not in {f.rule for f in findings}
    assert "indicator.total_weight" not in {f.rule for f in findings}
    assert any(f.rule == "indicator.adjustment" and "10分按比例分配" in f.message for f in findings)
    r.profile = "mof"
    assert "indicator.empty_block" in {f.rule for f in run_checks(r)}


def test_spread_with_one_decimal_and_whole_points():
    rows = [ind("产出指标", "≥3", "2", "50"), ind("效益指标", "≥5", "5", "30", "社会效益指标")]
    # The 10 points split 6.25 / 3.75; at the printed precision the shares still add up to 10
    # (largest remainder, a tie goes to the first block), and a block never scores above its
    # weight plus its share.
    # 1 place: shares 6.3 / 3.7. 产出 50 × 2/3 = 33.33 → 33.3; × 1.125 = 37.46 → 37.5 (≤ 56.3);
    # 效益 30 × 1.125 = 33.75 → 33.8 > 30 + 3.7 → cut to 33.7; total 10 + 37.5 + 33.7 = 81.2
    t1 = _table("yitihua", rows, places=1)
    assert [b.spread_weight for b in t1.blocks[:2]] == [D("6.3"), D("3.7")]
    assert [b.score for b in t1.blocks[:2]] == [D("37.5"), D("33.7")] and t1.total == D("81.2")
    # 0 places: shares 6 / 4 (3.75 has the larger remainder). 产出 33 × 1.125 = 37.125 → 37;
    # 效益 30 × 1.125 = 33.75 → 34 (≤ 34); total 10 + 37 + 34 = 81
    t0 = _table("yitihua", rows, places=0)
    assert [b.spread_weight for b in t0.blocks[:2]] == [D(6), D(4)]
    assert [b.score for b in t0.blocks[:2]] == [D(37), D(34)] and t0.total == D(81)
    # full marks stay 100 at every precision: 1 place 56.3 + 33.7 + 10
    full = [ind("产出指标", "≥3", "3", "50"), ind("效益指标", "≥5", "5", "30", "社会效益指标")]
    for places in (0, 1, 2):
        assert _table("yitihua", full, places=places).total == 100


def test_deduction_and_cap_at_one_decimal_and_whole_points():
    rows = [ind("产出指标", "≥100", "140", "7.5")]
    assert _table("yitihua", rows, places=1).rows[0].score == D("5.5")     # 7.5 − 2
    assert _table("yitihua", rows, places=0).rows[0].score == D(6)         # 7.5 − 2 = 5.5 → 6 (half up)
    t = _table("yitihua", _full_rows(), executed="72.35", places=1)       # 10 × 72.35 % = 7.235 → 7.2
    assert t.execution.score == D("7.2") and t.total == D(89)
    assert t.adjustments[0].text == "执行率72.35%，总分封顶89分（原97.2分）"


def _adjusted_report(pid, additions=None, reductions=None, note=""):
    r = new_report(2024, "某单位", pid)
    r.budget.initial, r.budget.additions, r.budget.reductions = D(100), additions, reductions
    r.budget.executed = D(100) + (additions or 0) - (reductions or 0)
    r.dept.execution_note = note
    return r


def test_sichuan_wants_its_own_explanation_of_any_mid_year_change():
    rule = "execution.adjustment_note"
    msgs = [f.message for f in run_checks(_adjusted_report("sichuan", additions=D(5))) if f.rule == rule]
    assert len(msgs) == 1 and "年中追加数 5.00 万元" in msgs[0]
    both = [f for f in run_checks(_adjusted_report("sichuan", D(5), D(2))) if f.rule == rule]
    assert len(both) == 1 and "年中调减数 2.00 万元" in both[0].message and both[0].where == "dept.execution_note"
    assert not [f for f in run_checks(_adjusted_report("sichuan", additions=D(5), note="年中追加培训经费5万元"))
                if f.rule == rule]
    assert not [f for f in run_checks(_adjusted_report("sichuan")) if f.rule == rule]            # no change
    assert not [f for f in run_checks(_adjusted_report("hunan", additions=D(5))) if f.rule == rule]  # not asked


def test_the_reason_required_execution_rate_comes_from_the_rule_set():
    data = _raw("hunan")
    data.update(id="lenient")
    data["settings"]["execution_note_below"] = "0.9"
    data["settings"]["execution_low"] = "0.8"
    lenient = profile_from_dict(data)
    r = new_report(2024, "某单位")
    r.budget.full_year, r.budget.executed = D(100), D(95)
    from model.rules.base import Collector
    from model.rules.indicators import RULES, check_department
    for profile, expected in ((get_profile("hunan"), {"execution.note"}), (lenient, set())):
        out = Collector(RULES)
        check_department(r, score_table([], D(10), D(100), D(95), profile, 2024), profile, out)
        assert {f.rule for f in out.items} & {"execution.note", "execution.low"} == expected
    r.budget.executed = D(85)      # 85 %: below the lenient 90 % (note) but not below its 80 % (low)
    out = Collector(RULES)
    check_department(r, score_table([], D(10), D(100), D(85), lenient, 2024), lenient, out)
    notes = {f.rule: f.message for f in out.items}
    assert "execution.note" in notes and "未达到 90%" in notes["execution.note"] and "execution.low" not in notes


# --------------------------------------------------------------------------- properties

_WEIGHTS = st.integers(1, 60)


@st.composite
def rule_set_dicts(draw):
    """A valid rule-set dict: 1–4 blocks, fixed or free, any special rules, 0–2 decimals."""
    n = draw(st.integers(1, 4))
    execution = draw(st.integers(0, 30))
    cuts = sorted(draw(st.lists(st.integers(1, 100 - execution - 1), min_size=n - 1, max_size=n - 1,
                                unique=True)))
    bounds = [0] + cuts + [100 - execution]
    weights = [b - a for a, b in zip(bounds, bounds[1:])]
    split = draw(st.sampled_from(["fixed", "free"]))
    spread = [draw(st.booleans()) and split == "fixed" for _ in range(n)]
    if all(spread):
        spread[0] = False
    blocks = [{"name": f"一级{i}", "weight": str(w), "level2": [f"二级{i}"],
               "if_empty": "spread" if s else "error"} for i, (w, s) in enumerate(zip(weights, spread))]
    action = draw(st.sampled_from(["flag_note", "deduct", "suggest"]))
    points = "0" if action == "flag_note" else str(draw(st.integers(1, 5)))
    edges = sorted(draw(st.lists(st.integers(0, 100), min_size=0, max_size=5, unique=True)))
    caps = [[str(D(a) / 100), str(D(b) / 100), str(draw(st.integers(0, 100)))] for a, b in zip(edges, edges[1:])]
    return {
        "schema": "jxzp-ruleset", "version": 1, "id": "r", "name": "随机规则",
        "execution_weight": str(execution), "split": split, "blocks": blocks,
        "settings": {
            "score_places": draw(st.integers(0, 2)), "rate_places": draw(st.integers(0, 2)),
            "equal_rule": draw(st.sampled_from(["abs_deviation", "as_ge"])),
            "over_threshold": str(draw(st.sampled_from(["0", "0.1", "0.2", "0.3", "1"]))),
            "over_inclusive": draw(st.booleans()), "over_action": action, "over_points": points,
            "execution_caps": caps},
    }


@st.composite
def tables(draw, profile):
    """Rows for ``profile`` whose weights fill every block (some spread blocks left empty)."""
    rows, met = [], []
    for b in profile.blocks:
        if b.if_empty == "spread" and draw(st.booleans()):
            continue
        k = draw(st.integers(1, 3))
        share = (b.weight / k).quantize(D("0.01"))
        ws = [share] * (k - 1) + [b.weight - share * (k - 1)]
        for w in ws:
            nature = draw(st.sampled_from(["≥", "≤", "="]))
            a = draw(st.integers(1, 200))
            bval = draw(st.one_of(st.just(a), st.integers(0, 400)))
            rows.append(ind(b.name, f"{nature}{a}", str(bval), str(w), b.level2[0] if b.level2 else ""))
            met.append({"≥": bval >= a, "≤": bval <= a, "=": bval == a}[nature])
    budget = D(draw(st.integers(0, 1000)))
    executed = D(draw(st.integers(0, 1200)))
    return rows, met, budget, executed


def _check_properties(profile, rows, met, budget, executed):
    s = profile.settings
    t = score_table(rows, profile.execution_weight, budget, executed, profile, 2024)
    quantum = D(1).scaleb(-s.score_places)
    for r, is_met in zip(t.rows, met):
        assert 0 <= r.score <= r.weight                                   # score in [0, w]
        assert r.score == r.score.quantize(quantum)                       # precision respected
        if is_met and not r.over_achieved:
            assert r.score == round_score(r.weight, r.weight, s.score_places)   # meeting the target gives w
        if r.over_achieved and s.over_action == "deduct":
            assert r.score == round_score(max(D(0), r.weight - s.over_points), r.weight, s.score_places)
    assert t.total <= 100                                                 # total never above 100
    assert t.total == t.total.quantize(quantum)
    for b in t.blocks:
        assert 0 <= b.score <= (b.weight or 0) + b.spread_weight
    cap = s.cap_for(None if t.execution.rate is None else t.execution.rate.quantize(D(1).scaleb(-(s.rate_places + 2))))
    if cap is not None:
        assert t.total <= cap.cap                                         # caps respected
    uncapped = round_half_up(t.execution.score + sum((b.score for b in t.blocks), D(0)), s.score_places)
    caps = [a for a in t.adjustments if a.rule == "cap.execution"]
    assert t.total == (uncapped + caps[0].delta if caps else uncapped)   # the adjustments explain the total


@pytest.mark.parametrize("pid", BUILTIN)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_properties_hold_for_every_builtin_rule_set(pid, data):
    profile = get_profile(pid)
    places = data.draw(st.sampled_from([None, 0, 1, 2]))
    if places is not None:
        profile = with_places(profile, places)
    _check_properties(profile, *data.draw(tables(profile)))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=rule_set_dicts(), data=st.data())
def test_properties_hold_for_random_valid_rule_sets(raw, data):
    profile = profile_from_dict(raw, require_header=True)
    assert profile.total_weight == 100
    _check_properties(profile, *data.draw(tables(profile)))


def test_the_readme_example_is_a_valid_rule_set():
    import re
    from pathlib import Path
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## 评分规则（规则集）"):]
    example = json.loads(re.search(r"```json\n(.*?)```", section, re.S).group(1))
    p = profile_from_dict(example, require_header=True)
    assert p.settings.over_action == "suggest" and p.block("满意度指标").if_empty == "spread"
    # suggest: 140 vs ≥100 is over 30 %: full 8 points kept, the suggestion is an adjustment of 0
    r = score_table([ind("产出指标", "≥100", "140", "8")], D(10), D(1), D(1), p, 2024).rows[0]
    assert r.score == D("8.0") and [(a.rule, a.delta) for a in r.adjustments] == [("over.suggest", D("0.0"))]
    assert "建议扣1分" in r.adjustments[0].text


_JUNK = st.one_of(st.none(), st.booleans(), st.integers(-5, 200), st.text(max_size=4), st.just([]),
                  st.just({}), st.just(["0", "1"]), st.just([["0", "1", "x"]]), st.just("NaN"), st.just("1e999"))
_PATHS = [("split",), ("version",), ("execution_weight",), ("indicator_total",), ("blocks",), ("blocks", 0),
          ("blocks", 0, "weight"), ("blocks", 1, "if_empty"), ("blocks", 2, "level2"), ("settings",)] + [
    ("settings", k) for k in ("score_places", "rate_places", "equal_rule", "over_threshold", "over_inclusive",
                              "over_action", "over_points", "execution_caps", "execution_note_below",
                              "execution_low", "adjustment_note", "adjustment_words", "budget_label", "bands")]


@settings(max_examples=150, deadline=None)
@given(pid=st.sampled_from(BUILTIN), path=st.sampled_from(_PATHS), value=_JUNK)
def test_any_junk_in_any_field_loads_or_is_refused_in_chinese_never_a_traceback(pid, path, value):
    data = copy.deepcopy(_raw(pid))
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    try:
        p = profile_from_dict(data, require_header=True)
    except ProfileError as e:
        assert any("\u4e00" <= c <= "\u9fff" for c in str(e)) and "Traceback" not in str(e)
    else:
        assert p.total_weight == 100
