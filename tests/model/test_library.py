"""The indicator library file and its pure helpers."""
import json
from decimal import Decimal as D

import pytest

from model.library import LibraryError, filter_entries, load_library, parse_library, scopes
from model.profiles import Settings, get_profile
from model.scoring import score_indicator


def test_builtin_library_loads_and_fits_the_profile():
    entries = load_library()
    assert len(entries) >= 40
    assert scopes(entries) == ["部门整体", "工会项目", "通用项目"]
    hunan = get_profile("hunan")
    for e in entries:
        block = hunan.block(e.level1)
        assert block is not None, e
        assert e.level2 in block.level2, e
        assert e.weight is not None and e.weight > 0


def test_trade_union_indicators_present():
    names = {e.name for e in load_library() if e.scope == "工会项目"}
    for n in ("困难职工帮扶人次", "送温暖慰问覆盖率", "职工满意度", "劳模慰问按时发放率", "工会经费收缴率",
              "职工技能竞赛场次"):
        assert n in names


def test_to_indicator_scores_like_typed_rows():
    entries = {e.name: e for e in load_library()}
    ind = entries["送温暖慰问覆盖率"].to_indicator(2024)
    assert (ind.nature, ind.target, ind.weight) == ("≥", "≥95%", D(10))
    ind.actual = "95%"
    assert score_indicator(ind, Settings(), None).score == D("10.00")
    timely = entries["送温暖活动完成时间"].to_indicator(2025)
    assert timely.target == "2025年2月10日之前完成" and timely.nature == ""
    timely.actual = "2025年2月1日"
    res = score_indicator(timely, Settings(), None)
    assert res.nature == "时效" and not res.flagged


def test_filter_words_scope_and_full_width():
    entries = load_library()
    hits = filter_entries(entries, "满意度  职工")
    assert hits and all("满意度" in (e.name + e.hint) for e in hits)
    assert all(e.scope == "部门整体" for e in filter_entries(entries, "", scope="部门整体"))
    assert filter_entries(entries, "ｘｙｚ不存在") == []


def test_bad_files_give_chinese_errors(tmp_path):
    with pytest.raises(LibraryError, match="缺少 entries"):
        parse_library({"x": 1})
    with pytest.raises(LibraryError, match="指标性质"):
        parse_library({"entries": [{"scope": "a", "level1": "b", "level2": "c", "name": "d",
                                    "nature": "约等于", "target": "1"}]})
    p = tmp_path / "bad.json"
    p.write_text("{不是 json", encoding="utf-8")
    with pytest.raises(LibraryError, match="不是有效的 JSON"):
        load_library(p)
    with pytest.raises(LibraryError, match="无法读取"):
        load_library(tmp_path / "missing.json")
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"entries": [{"scope": "a", "level1": "产出指标", "level2": "数量指标",
                                             "name": "n", "nature": "≥", "target": "3", "unit": "个",
                                             "weight": "5"}]}), encoding="utf-8")
    (e,) = load_library(good)
    assert e.target_text(2024) == "≥3个"
