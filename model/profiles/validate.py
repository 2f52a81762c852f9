"""Validation of a rule-set dict (a parsed rule-set file) into a ``Profile``.

Plain Python, no schema library: every refusal is a ``ProfileError`` whose Chinese message
names the field by its path in the file (``blocks[2].weight 应为数值``); the loader puts the
file name in front. ``resources/profiles/schema.json`` describes the same format for people
and editors.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Optional

from ..report import GRADES
from . import (DEFAULT_BANDS, EMPTY_ERROR, EMPTY_SPREAD, EQUAL_ABS, EQUAL_AS_GE, OVER_DEDUCT, OVER_FLAG,
               OVER_SUGGEST, SCHEMA_NAME, SCHEMA_VERSION, SPLIT_FIXED, SPLIT_FREE, Block, Cap, GradeBand,
               Profile, ProfileError, Settings)

_MAX_PLACES = 4


def _dec(value: Any, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ProfileError(f"{what} 应为数值，实际为“{value}”")
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ProfileError(f"{what} 的数值“{value}”无法识别") from None
    if not d.is_finite():
        raise ProfileError(f"{what} 的数值“{value}”无法识别")
    return d


def _text(data: dict, key: str, where: str, required: bool = True) -> str:
    value = data.get(key, "" if not required else None)
    if value is None:
        raise ProfileError(f"{where}缺少“{key}”项")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ProfileError(f"{where}的“{key}”应为非空文字")
    return value.strip()


def _choice(data: dict, key: str, allowed: tuple[str, ...], default: str) -> str:
    value = data.get(key, default)
    if value not in allowed:
        raise ProfileError(f"settings.{key} 应为 {' 或 '.join(allowed)} 之一，实际为“{value}”")
    return value


def _bool(data: dict, key: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise ProfileError(f"settings.{key} 应为 true 或 false，实际为“{value}”")
    return value


def _places(data: dict, key: str, what: str) -> int:
    places = data.get(key, 2)
    if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= _MAX_PLACES:
        raise ProfileError(f"settings.{key}：{what}小数位数“{places}”应为 0—{_MAX_PLACES} 之间的整数")
    return places


def _fraction(data: dict, key: str, default: str, high: Decimal, what: str) -> Decimal:
    d = _dec(data.get(key, default), f"settings.{key}")
    if not 0 <= d <= high:
        raise ProfileError(f"settings.{key}：{what}“{d}”应在 0—{high} 之间（0.2 表示 20%）")
    return d


def _bands(raw, where: str) -> tuple[GradeBand, ...]:
    if raw is None:
        return DEFAULT_BANDS
    if not isinstance(raw, list) or len(raw) != len(GRADES):
        raise ProfileError(f"{where}的“bands”应列出{len(GRADES)}个定性等级")
    out = []
    for i, (grade, b) in enumerate(zip(GRADES, raw)):
        if not isinstance(b, dict):
            raise ProfileError(f"{where}的第{i + 1}个定性等级格式不正确")
        low = _dec(b.get("low"), f"settings.bands[{i}].low（{grade}）")
        high = _dec(b.get("high"), f"settings.bands[{i}].high（{grade}）")
        default = _dec(b.get("default"), f"settings.bands[{i}].default（{grade}）")
        top = i == 0
        if not (0 <= low < high <= 1) or not (low <= default <= high) or (default == high and not top):
            raise ProfileError(f"定性等级“{grade}”的得分区间不合理（{low}—{high}，默认 {default}）")
        out.append(GradeBand(grade, low, high, default, top))
    return tuple(out)


def _caps(raw) -> tuple[Cap, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ProfileError("settings.execution_caps 应为列表，每项为 [执行率下限, 执行率上限, 总分上限]")
    caps: list[Cap] = []
    for i, item in enumerate(raw):
        where = f"settings.execution_caps[{i}]"
        if not isinstance(item, list) or len(item) != 3:
            raise ProfileError(f"{where} 应为 [执行率下限, 执行率上限, 总分上限] 三个数")
        low, high, cap = (_dec(v, f"{where}[{j}]") for j, v in enumerate(item))
        if not 0 <= low < high:
            raise ProfileError(f"{where}：执行率区间 {low}—{high} 不合理（下限应小于上限，且不小于 0）")
        if not 0 <= cap <= 100:
            raise ProfileError(f"{where}：总分上限 {cap} 应在 0—100 之间")
        for j, other in enumerate(caps):
            if low < other.high and other.low < high:
                raise ProfileError(f"{where} 与 execution_caps[{j}] 的执行率区间重叠")
        caps.append(Cap(low, high, cap))
    return tuple(sorted(caps, key=lambda c: c.low, reverse=True))


def _settings(s: Any, where: str) -> Settings:
    if not isinstance(s, dict):
        raise ProfileError(f"{where}的“settings”应为一个对象")
    places = _places(s, "score_places", "得分")
    rate_places = _places(s, "rate_places", "执行率百分数")
    over = _dec(s.get("over_threshold", "0.20"), "settings.over_threshold")
    if not 0 <= over <= 10:
        raise ProfileError(f"{where}的超额完成阈值“{over}”应在 0—10 之间（0.2 表示 20%）")
    action = _choice(s, "over_action", (OVER_FLAG, OVER_DEDUCT, OVER_SUGGEST), OVER_FLAG)
    points = _dec(s.get("over_points", "0"), "settings.over_points")
    if action == OVER_FLAG and points != 0:
        raise ProfileError("settings.over_points 只在 over_action 为 deduct 或 suggest 时使用，flag_note 时应为 0")
    if action != OVER_FLAG and not 0 < points <= 100:
        raise ProfileError(f"settings.over_points：超额完成扣分“{points}”应大于 0（over_action 为 {action}）")
    tolerance = _dec(s.get("tolerance", "0.005"), "settings.tolerance")
    large = _dec(s.get("large_amount", "100000"), "settings.large_amount")
    if tolerance < 0 or large <= 0:
        raise ProfileError(f"{where}的容差或大额提示金额不能为负数")
    note_below = _fraction(s, "execution_note_below", "1", Decimal(10), "须说明原因的执行率")
    low_raw = s.get("execution_low")
    low = None if low_raw is None else _fraction(s, "execution_low", "0.9", Decimal(10), "执行率偏低警告线")
    adjustment = _bool(s, "adjustment_note", False)
    words = s.get("adjustment_words", [])
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
        raise ProfileError("settings.adjustment_words 应为文字列表")
    if adjustment and not words:
        raise ProfileError("settings.adjustment_words：adjustment_note 为 true 时须列出说明中应出现的词"
                           "（如“追加”“调减”）")
    label = s.get("budget_label", "全年预算数")
    if not isinstance(label, str) or not label.strip():
        raise ProfileError("settings.budget_label 应为非空文字（如“全年预算数”）")
    return Settings(score_places=places, over_threshold=over, tolerance=tolerance, large_amount=large,
                    bands=_bands(s.get("bands"), where), rate_places=rate_places,
                    equal_rule=_choice(s, "equal_rule", (EQUAL_ABS, EQUAL_AS_GE), EQUAL_ABS),
                    over_inclusive=_bool(s, "over_inclusive", False), over_action=action,
                    over_points=points, caps=_caps(s.get("execution_caps")),
                    execution_note_below=note_below, execution_low=low, adjustment_note=adjustment,
                    adjustment_words=tuple(w.strip() for w in words), budget_label=label.strip())


def _header(data: dict, required: bool) -> None:
    schema = data.get("schema")
    version = data.get("version")
    if schema is None and version is None and not required:
        return
    if schema != SCHEMA_NAME:
        raise ProfileError(f"schema 应为“{SCHEMA_NAME}”，实际为“{schema}”（这不是本程序的规则集文件）")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ProfileError(f"version 应为正整数，实际为“{version}”")
    if version > SCHEMA_VERSION:
        raise ProfileError(f"version {version} 是更新版本程序的规则集格式，本程序只认识到 {SCHEMA_VERSION}，"
                           "请升级程序")


def profile_from_dict(data, require_header: bool = False) -> Profile:
    """Build and validate a profile; anything unusable raises ``ProfileError`` (Chinese).

    The execution weight plus the block weights must add up to 100 (under a free split the
    block weights are the suggested shares and still add up to the indicator total), every
    block weight positive, block names unique; score precision 0–4 decimals; the
    over-achievement threshold a fraction between 0 and 10. ``require_header``: the
    ``"schema"``/``"version"`` pair must be present (files); a dict without both is taken as
    the current version.
    """
    if not isinstance(data, dict):
        raise ProfileError("指标体系配置的内容应为一个对象")
    _header(data, require_header)
    pid = _text(data, "id", "指标体系配置")
    where = f"指标体系“{pid}”"
    name = _text(data, "name", where)
    description = _text(data, "description", where, required=False)
    settings = _settings(data.get("settings", {}), where)
    split = data.get("split", SPLIT_FIXED)
    if split not in (SPLIT_FIXED, SPLIT_FREE):
        raise ProfileError(f"split 应为 {SPLIT_FIXED}（固定分值）或 {SPLIT_FREE}（自由分配），实际为“{split}”")
    raw_blocks = data.get("blocks")
    if not isinstance(raw_blocks, list) or not raw_blocks:
        raise ProfileError(f"{where}缺少一级指标（“blocks”）")
    blocks: list[Block] = []
    for i, b in enumerate(raw_blocks):
        if not isinstance(b, dict):
            raise ProfileError(f"{where}的第{i + 1}个一级指标格式不正确")
        bname = _text(b, "name", f"blocks[{i}]")
        weight = _dec(b.get("weight"), f"blocks[{i}].weight（{bname}的分值）")
        if weight <= 0:
            raise ProfileError(f"blocks[{i}].weight：“{bname}”的分值 {weight} 应大于 0")
        level2 = b.get("level2", [])
        if not isinstance(level2, list) or not all(isinstance(x, str) and x.strip() for x in level2):
            raise ProfileError(f"blocks[{i}].level2：“{bname}”的二级指标应为文字列表")
        if len(set(level2)) != len(level2):
            raise ProfileError(f"blocks[{i}].level2：“{bname}”的二级指标有重复")
        if any(x.name == bname for x in blocks):
            raise ProfileError(f"blocks[{i}].name：一级指标“{bname}”重复")
        if_empty = b.get("if_empty", EMPTY_ERROR)
        if if_empty not in (EMPTY_ERROR, EMPTY_SPREAD):
            raise ProfileError(f"blocks[{i}].if_empty 应为 {EMPTY_ERROR} 或 {EMPTY_SPREAD}，实际为“{if_empty}”")
        if if_empty == EMPTY_SPREAD and split == SPLIT_FREE:
            raise ProfileError(f"blocks[{i}].if_empty：自由分配（split 为 free）时不需要 spread，"
                               "空的一级指标本来就不占分值")
        blocks.append(Block(bname, weight, tuple(x.strip() for x in level2), if_empty))
    if all(b.if_empty == EMPTY_SPREAD for b in blocks):
        raise ProfileError("blocks：至少要有一个一级指标的 if_empty 不是 spread")
    execution_weight = _dec(data.get("execution_weight", "10"), "execution_weight")
    if execution_weight < 0:
        raise ProfileError(f"{where}的预算执行率分值不能为负数")
    profile = Profile(id=pid, name=name, execution_weight=execution_weight, blocks=tuple(blocks),
                      settings=settings, description=description, split=split)
    if profile.total_weight != 100:
        parts = " + ".join([f"预算执行率 {execution_weight}"] + [f"{b.name} {b.weight}" for b in blocks])
        raise ProfileError(f"{where}的分值合计为 {profile.total_weight}（{parts}），应为 100")
    total: Optional[Any] = data.get("indicator_total")
    if total is not None and _dec(total, "indicator_total") != profile.indicator_total:
        raise ProfileError(f"indicator_total {total} 与各一级指标分值之和 {profile.indicator_total} 不一致")
    return profile
