"""Weight profiles and rule settings, loaded from ``resources/profiles/*.json``.

A profile fixes the first-level indicator blocks, their weights and their
second-level names, plus the rule settings (score precision, over-achievement
threshold, balance tolerance). Province or year variants are new JSON files,
not code.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Optional

from .report import GRADES, Report

PROFILE_DIR = Path(__file__).resolve().parent.parent / "resources" / "profiles"
DEFAULT_PROFILE = "hunan"


class ProfileError(Exception):
    """A profile file that cannot be used; ``str(e)`` is Chinese."""


@dataclass(frozen=True)
class GradeBand:
    """A qualitative grade: the score must lie in [low, high) of the weight (high inclusive for the top)."""
    name: str
    low: Decimal
    high: Decimal
    default: Decimal
    high_inclusive: bool = False

    def contains(self, fraction: Decimal) -> bool:
        if fraction < self.low:
            return False
        return fraction <= self.high if self.high_inclusive else fraction < self.high


DEFAULT_BANDS: tuple[GradeBand, ...] = (
    GradeBand(GRADES[0], Decimal("0.8"), Decimal("1"), Decimal("1"), True),
    GradeBand(GRADES[1], Decimal("0.6"), Decimal("0.8"), Decimal("0.7")),
    GradeBand(GRADES[2], Decimal("0"), Decimal("0.6"), Decimal("0.3")),
)


@dataclass(frozen=True)
class Settings:
    """Rule settings of a profile: score precision, thresholds, tolerance, grade bands."""
    score_places: int = 2                       # decimals kept for scores
    over_threshold: Decimal = Decimal("0.20")   # over-achievement beyond 20 % of the target
    tolerance: Decimal = Decimal("0.005")       # balance tolerance in 万元
    large_amount: Decimal = Decimal("100000")   # 万元: above this, probably typed in 元
    bands: tuple[GradeBand, ...] = DEFAULT_BANDS

    def __post_init__(self) -> None:
        # settings key the score cache: hash once, not on every lookup
        object.__setattr__(self, "_hash", hash((self.score_places, self.over_threshold, self.tolerance,
                                                self.large_amount, self.bands)))

    def __hash__(self) -> int:
        return self._hash

    def band(self, grade: str) -> Optional[GradeBand]:
        for b in self.bands:
            if b.name == grade:
                return b
        return None


@dataclass(frozen=True)
class Block:
    """A first-level indicator block: its name, weight and second-level names."""
    name: str
    weight: Decimal
    level2: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    """A weight profile: the execution weight, the blocks and the rule settings."""
    id: str
    name: str
    execution_weight: Decimal
    blocks: tuple[Block, ...]
    settings: Settings = field(default_factory=Settings)
    description: str = ""

    @property
    def total_weight(self) -> Decimal:
        return self.execution_weight + sum((b.weight for b in self.blocks), Decimal(0))

    def block(self, name: str) -> Optional[Block]:
        for b in self.blocks:
            if b.name == name:
                return b
        return None

    @property
    def level1_names(self) -> tuple[str, ...]:
        return tuple(b.name for b in self.blocks)


def _dec(value, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ProfileError(f"配置项“{what}”应为数值，实际为“{value}”")
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ProfileError(f"配置项“{what}”的数值“{value}”无法识别") from None
    if not d.is_finite():
        raise ProfileError(f"配置项“{what}”的数值“{value}”无法识别")
    return d


def _text(data: dict, key: str, where: str, required: bool = True) -> str:
    value = data.get(key, "" if not required else None)
    if value is None:
        raise ProfileError(f"{where}缺少“{key}”项")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ProfileError(f"{where}的“{key}”应为非空文字")
    return value.strip()


def _bands(raw, where: str) -> tuple[GradeBand, ...]:
    if raw is None:
        return DEFAULT_BANDS
    if not isinstance(raw, list) or len(raw) != len(GRADES):
        raise ProfileError(f"{where}的“bands”应列出{len(GRADES)}个定性等级")
    out = []
    for i, (grade, b) in enumerate(zip(GRADES, raw)):
        if not isinstance(b, dict):
            raise ProfileError(f"{where}的第{i + 1}个定性等级格式不正确")
        low = _dec(b.get("low"), f"{grade}.low")
        high = _dec(b.get("high"), f"{grade}.high")
        default = _dec(b.get("default"), f"{grade}.default")
        top = i == 0
        if not (0 <= low < high <= 1) or not (low <= default <= high) or (default == high and not top):
            raise ProfileError(f"定性等级“{grade}”的得分区间不合理（{low}—{high}，默认 {default}）")
        out.append(GradeBand(grade, low, high, default, top))
    return tuple(out)


def profile_from_dict(data) -> Profile:
    """Build and validate a profile; anything unusable raises ``ProfileError`` (Chinese).

    The execution weight plus the block weights must add up to 100, every block weight
    must be positive, block names unique; score precision 0–4 decimals; the
    over-achievement threshold a fraction between 0 and 10.
    """
    if not isinstance(data, dict):
        raise ProfileError("指标体系配置的内容应为一个对象")
    pid = _text(data, "id", "指标体系配置")
    where = f"指标体系“{pid}”"
    name = _text(data, "name", where)
    description = _text(data, "description", where, required=False)
    s = data.get("settings", {})
    if not isinstance(s, dict):
        raise ProfileError(f"{where}的“settings”应为一个对象")
    places = s.get("score_places", 2)
    if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= 4:
        raise ProfileError(f"{where}的得分小数位数“{places}”应为 0—4 之间的整数")
    over = _dec(s.get("over_threshold", "0.20"), "over_threshold")
    if not 0 <= over <= 10:
        raise ProfileError(f"{where}的超额完成阈值“{over}”应在 0—10 之间（0.2 表示 20%）")
    tolerance = _dec(s.get("tolerance", "0.005"), "tolerance")
    large = _dec(s.get("large_amount", "100000"), "large_amount")
    if tolerance < 0 or large <= 0:
        raise ProfileError(f"{where}的容差或大额提示金额不能为负数")
    settings = Settings(score_places=places, over_threshold=over, tolerance=tolerance,
                        large_amount=large, bands=_bands(s.get("bands"), where))
    raw_blocks = data.get("blocks")
    if not isinstance(raw_blocks, list) or not raw_blocks:
        raise ProfileError(f"{where}缺少一级指标（“blocks”）")
    blocks = []
    for i, b in enumerate(raw_blocks):
        if not isinstance(b, dict):
            raise ProfileError(f"{where}的第{i + 1}个一级指标格式不正确")
        bname = _text(b, "name", f"{where}的第{i + 1}个一级指标")
        weight = _dec(b.get("weight"), f"{bname}的分值")
        if weight <= 0:
            raise ProfileError(f"{where}中“{bname}”的分值 {weight} 应大于 0")
        level2 = b.get("level2", [])
        if not isinstance(level2, list) or not all(isinstance(x, str) and x.strip() for x in level2):
            raise ProfileError(f"{where}中“{bname}”的二级指标应为文字列表")
        if len(set(level2)) != len(level2):
            raise ProfileError(f"{where}中“{bname}”的二级指标有重复")
        if any(x.name == bname for x in blocks):
            raise ProfileError(f"{where}中一级指标“{bname}”重复")
        blocks.append(Block(bname, weight, tuple(x.strip() for x in level2)))
    execution_weight = _dec(data.get("execution_weight", "10"), "execution_weight")
    if execution_weight < 0:
        raise ProfileError(f"{where}的预算执行率分值不能为负数")
    profile = Profile(id=pid, name=name, execution_weight=execution_weight, blocks=tuple(blocks),
                      settings=settings, description=description)
    if profile.total_weight != 100:
        parts = " + ".join([f"预算执行率 {execution_weight}"] + [f"{b.name} {b.weight}" for b in blocks])
        raise ProfileError(f"{where}的分值合计为 {profile.total_weight}（{parts}），应为 100")
    return profile


_ERRORS: list[str] = []


@lru_cache(maxsize=None)
def _load_all() -> dict[str, Profile]:
    """Every usable profile file; damaged files are skipped and listed in ``load_errors()``."""
    out: dict[str, Profile] = {}
    _ERRORS.clear()
    for path in sorted(PROFILE_DIR.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            p = profile_from_dict(data)
        except ProfileError as e:
            _ERRORS.append(f"{path.name}：{e}")
            continue
        except (OSError, UnicodeDecodeError, ValueError) as e:
            _ERRORS.append(f"{path.name}：无法读取（{type(e).__name__}）")
            continue
        if p.id in out:
            _ERRORS.append(f"{path.name}：指标体系“{p.id}”重复，已忽略")
            continue
        out[p.id] = p
    if DEFAULT_PROFILE not in out:
        detail = "；".join(_ERRORS) or f"找不到 {PROFILE_DIR / (DEFAULT_PROFILE + '.json')}"
        raise ProfileError(f"默认指标体系“{DEFAULT_PROFILE}”无法使用：{detail}。请重新安装本程序。")
    return out


def load_errors() -> list[str]:
    """Chinese messages for profile files that could not be used (empty when all are fine)."""
    _load_all()
    return list(_ERRORS)


def list_profiles() -> list[Profile]:
    return list(_load_all().values())


def is_known(profile_id: str) -> bool:
    return profile_id in _load_all()


def get_profile(profile_id: str) -> Profile:
    """The profile with this id; an unknown id falls back to the default profile (hunan)."""
    profiles = _load_all()
    return profiles.get(profile_id) or profiles[DEFAULT_PROFILE]


@lru_cache(maxsize=64)
def with_places(base: Profile, places: int) -> Profile:
    """``base`` scoring to ``places`` decimals (the same object for the same pair)."""
    if base.settings.score_places == places:
        return base
    return dataclasses.replace(base, settings=dataclasses.replace(base.settings, score_places=places))


def profile_for(report: Report) -> Profile:
    """The rule set of ``report`` with the report's own score precision applied.

    ``report.score_places`` None keeps the rule set's precision; 0, 1 or 2 overrides it
    (an imported county table printed 9.8 and 98.7, so this report prints one decimal).
    Every score, subtotal, total and grade of the report is computed through this profile.
    The same object is returned for the same (rule set, precision), so caches keyed on it hit.
    """
    places = report.score_places
    if places is None:
        return get_profile(report.profile)
    return with_places(get_profile(report.profile), places)
