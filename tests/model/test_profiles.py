"""Weight profiles (SPEC §3.1) and their validation."""
import copy
import json
from decimal import Decimal as D

import pytest

from model import profiles
from model.profiles import (DEFAULT_BANDS, PROFILE_DIR, ProfileError, get_profile, is_known,
                            list_profiles, load_errors, profile_from_dict)
from model.report import GRADES


def test_both_builtin_profiles_load():
    ids = {p.id for p in list_profiles()}
    assert {"hunan", "mof"} <= ids
    assert load_errors() == []
    assert is_known("hunan") and is_known("mof") and not is_known("nowhere")


def test_hunan_weights():
    p = get_profile("hunan")
    assert p.name == "湖南（含成本指标）"
    assert p.execution_weight == D(10)
    assert [(b.name, b.weight) for b in p.blocks] == [
        ("成本指标", D(20)), ("产出指标", D(40)), ("效益指标", D(20)), ("满意度指标", D(10))]
    assert p.total_weight == D(100)
    assert p.block("产出指标").level2 == ("数量指标", "质量指标", "时效指标")
    assert p.block("成本指标").level2 == ("经济成本指标", "社会成本指标", "生态环境成本指标")
    assert p.block("nothing") is None


def test_mof_weights():
    p = get_profile("mof")
    assert [(b.name, b.weight) for b in p.blocks] == [
        ("产出指标", D(50)), ("效益指标", D(30)), ("满意度指标", D(10))]
    assert p.execution_weight + sum(b.weight for b in p.blocks) == D(100)
    assert "成本指标" in p.block("产出指标").level2


def test_every_profile_file_adds_up_to_100():
    for path in PROFILE_DIR.glob("*.json"):
        if path.name == "schema.json":
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        total = D(data["execution_weight"]) + sum(D(b["weight"]) for b in data["blocks"])
        assert total == 100, path.name


def test_settings_defaults():
    s = get_profile("hunan").settings
    assert s.score_places == 2
    assert s.over_threshold == D("0.20")
    assert s.tolerance == D("0.005")
    assert s.bands == DEFAULT_BANDS
    assert [b.name for b in s.bands] == list(GRADES)
    assert [b.default for b in s.bands] == [D(1), D("0.7"), D("0.3")]
    assert s.band(GRADES[1]).contains(D("0.6")) and not s.band(GRADES[1]).contains(D("0.8"))
    assert s.band(GRADES[0]).contains(D(1)) and s.band(GRADES[0]).contains(D("0.8"))
    assert s.band("优秀") is None
    hash(s)   # settings key the score cache


def test_unknown_id_falls_back_to_hunan():
    assert get_profile("nowhere").id == "hunan"
    assert get_profile("").id == "hunan"


def _good() -> dict:
    return json.loads((PROFILE_DIR / "hunan.json").read_text(encoding="utf-8"))


def test_profile_from_dict_round_trip():
    p = profile_from_dict(_good())
    assert p == get_profile("hunan")


def _broken(change):
    data = copy.deepcopy(_good())
    change(data)
    return data


@pytest.mark.parametrize("change, why", [
    (lambda d: d.pop("blocks"), "缺少一级指标"),
    (lambda d: d.pop("id"), "缺少“id”"),
    (lambda d: d.update(name=5), "“name”应为非空文字"),
    (lambda d: d["blocks"][0].update(weight="二十"), "无法识别"),
    (lambda d: d["blocks"][0].update(weight=None), "应为数值"),
    (lambda d: d["blocks"][0].update(weight="25"), "合计为 105"),
    (lambda d: d.update(execution_weight="5"), "合计为 95"),
    (lambda d: d["blocks"][0].update(weight="0"), "应大于 0"),
    (lambda d: d["blocks"][1].update(name="成本指标"), "重复"),
    (lambda d: d["blocks"][0].update(level2="经济成本指标"), "二级指标应为文字列表"),
    (lambda d: d["blocks"].append("满意度"), "格式不正确"),
    (lambda d: d["settings"].update(score_places=7), "小数位数"),
    (lambda d: d["settings"].update(score_places="2"), "小数位数"),
    (lambda d: d["settings"].update(over_threshold="-1"), "超额完成阈值"),
    (lambda d: d.update(settings=[]), "settings"),
    (lambda d: d["settings"].update(bands=[{"low": "0.8", "high": "1", "default": "1"}]), "定性等级"),
    (lambda d: d["settings"].update(bands=[
        {"low": "0.8", "high": "1", "default": "1"}, {"low": "0.6", "high": "0.8", "default": "0.9"},
        {"low": "0", "high": "0.6", "default": "0.3"}]), "得分区间不合理"),
])
def test_damaged_profile_raises_profile_error_in_chinese(change, why):
    with pytest.raises(ProfileError) as e:
        profile_from_dict(_broken(change))
    message = str(e.value)
    assert why in message
    assert any("\u4e00" <= c <= "\u9fff" for c in message)
    assert "KeyError" not in message and "Traceback" not in message


def test_non_dict_profile():
    for data in (None, [], "hunan", 5):
        with pytest.raises(ProfileError, match="对象"):
            profile_from_dict(data)


def test_custom_bands_and_one_decimal():
    data = _good()
    data["id"] = "strict"
    data["settings"]["score_places"] = 1
    data["settings"]["bands"] = [
        {"low": "0.9", "high": "1", "default": "1"},
        {"low": "0.6", "high": "0.9", "default": "0.75"},
        {"low": "0", "high": "0.6", "default": "0.2"},
    ]
    p = profile_from_dict(data)
    assert p.settings.score_places == 1
    assert p.settings.band(GRADES[1]).default == D("0.75")
    assert p.settings.band(GRADES[0]).high_inclusive


def test_damaged_file_is_skipped_and_reported(tmp_path, monkeypatch):
    for name in ("hunan.json", "mof.json"):
        (tmp_path / name).write_text((PROFILE_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "broken.json").write_text("{ not json", encoding="utf-8")
    bad = _good()
    bad["id"] = "heavy"
    bad["blocks"][0]["weight"] = "30"
    (tmp_path / "heavy.json").write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(profiles, "PROFILE_DIR", tmp_path)
    profiles._load_all.cache_clear()
    try:
        assert {p.id for p in list_profiles()} == {"hunan", "mof"}
        errors = load_errors()
        assert len(errors) == 2
        assert any(e.startswith("broken.json：无法读取") for e in errors)
        assert any(e.startswith("heavy.json：") and "合计为 110" in e for e in errors)
        assert get_profile("heavy").id == "hunan"
    finally:
        profiles._load_all.cache_clear()


def test_missing_default_profile_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(profiles, "PROFILE_DIR", tmp_path)
    profiles._load_all.cache_clear()
    try:
        with pytest.raises(ProfileError, match="默认指标体系“hunan”无法使用"):
            get_profile("hunan")
    finally:
        profiles._load_all.cache_clear()
    monkeypatch.undo()
    assert get_profile("hunan").id == "hunan"
