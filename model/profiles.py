"""Weight profiles and rule settings, loaded from ``resources/profiles/*.json``.

A profile fixes the first-level indicator blocks, their weights and their
second-level names, plus the rule settings (score precision, over-achievement
threshold, balance tolerance). Province or year variants are new JSON files,
not code.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Optional

from .report import GRADES

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
    score_places: int = 2                       # decimals kept for scores
    over_threshold: Decimal = Decimal("0.20")   # over-achievement beyond 20 % of the target
    tolerance: Decimal = Decimal("0.005")       # balance tolerance in 万元
    large_amount: Decimal = Decimal("100000")   # 万元: above this, probably typed in 元
    bands: tuple[GradeBand, ...] = DEFAULT_BANDS

    def band(self, grade: str) -> Optional[GradeBand]:
        for b in self.bands:
            if b.name == grade:
                return b
        return None


@dataclass(frozen=True)
class Block:
    name: str
    weight: Decimal
    level2: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
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
    try:
        return Decimal(str(value))
    except Exception:
        raise ProfileError(f"配置项“{what}”的数值“{value}”无法识别") from None


def profile_from_dict(data: dict) -> Profile:
    try:
        s = data.get("settings", {})
        settings = Settings(
            score_places=int(s.get("score_places", 2)),
            over_threshold=_dec(s.get("over_threshold", "0.20"), "over_threshold"),
            tolerance=_dec(s.get("tolerance", "0.005"), "tolerance"),
            large_amount=_dec(s.get("large_amount", "100000"), "large_amount"),
        )
        blocks = tuple(
            Block(b["name"], _dec(b["weight"], b["name"]), tuple(b.get("level2", ())))
            for b in data["blocks"]
        )
        return Profile(
            id=data["id"], name=data["name"],
            execution_weight=_dec(data.get("execution_weight", "10"), "execution_weight"),
            blocks=blocks, settings=settings, description=data.get("description", ""),
        )
    except ProfileError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise ProfileError(f"指标体系配置文件格式不正确：{e}") from None


@lru_cache(maxsize=None)
def _load_all() -> dict[str, Profile]:
    out: dict[str, Profile] = {}
    for path in sorted(PROFILE_DIR.glob("*.json")):
        p = profile_from_dict(json.loads(path.read_text(encoding="utf-8")))
        out[p.id] = p
    return out


def list_profiles() -> list[Profile]:
    return list(_load_all().values())


def is_known(profile_id: str) -> bool:
    return profile_id in _load_all()


def get_profile(profile_id: str) -> Profile:
    """The profile with this id; an unknown id falls back to the default profile."""
    profiles = _load_all()
    return profiles.get(profile_id) or profiles[DEFAULT_PROFILE]
