"""Rule sets (指标体系 / 评分规则): validated JSON files (SPEC §3.1, §3.8).

A rule set fixes the first-level indicator blocks, their weights (fixed, or a free split
of a fixed total) and second-level names, and every scoring and checking setting: the “=”
rule, over-achievement (threshold and action), caps of the total by 执行率, what an empty
block does, the 执行率 below which a reason is required, whether a 年中追加/调减 needs its
own explanation, and the score and rate precision. Province or year variants are data:
the built-in files in ``resources/profiles/`` and the user's own in the ``rulesets``
sub-folder of the data folder (``user_dir()``). ``model.profiles.validate`` checks a file;
a bad file is refused with a Chinese message naming the file and the field, the others load.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Optional

from ..report import GRADES, Report
from ..userdata import data_dir

PROFILE_DIR = Path(__file__).resolve().parent.parent.parent / "resources" / "profiles"
DEFAULT_PROFILE = "hunan"
#: the value of a rule-set file's ``"schema"`` and the newest ``"version"`` this program reads
SCHEMA_NAME = "jxzp-ruleset"
SCHEMA_VERSION = 1
#: the JSON Schema document beside the built-in files (for people and editors; not loaded)
SCHEMA_FILE = "schema.json"

# values of the enumerated settings
EQUAL_ABS = "abs_deviation"
EQUAL_AS_GE = "as_ge"
OVER_FLAG = "flag_note"
OVER_DEDUCT = "deduct"
OVER_SUGGEST = "suggest"
EMPTY_ERROR = "error"
EMPTY_SPREAD = "spread"
SPLIT_FIXED = "fixed"
SPLIT_FREE = "free"


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
class Cap:
    """A cap of a table's total: 执行率 in [low, high) → the total is at most ``cap``."""
    low: Decimal
    high: Decimal
    cap: Decimal

    def applies(self, rate: Decimal) -> bool:
        return self.low <= rate < self.high


@dataclass(frozen=True)
class Settings:
    """Rule settings of a profile: precision, thresholds, the special rules, grade bands."""
    score_places: int = 2                       # decimals kept for scores
    over_threshold: Decimal = Decimal("0.20")   # over-achievement beyond 20 % of the target
    tolerance: Decimal = Decimal("0.005")       # balance tolerance in 万元
    large_amount: Decimal = Decimal("100000")   # 万元: above this, probably typed in 元
    bands: tuple[GradeBand, ...] = DEFAULT_BANDS
    rate_places: int = 2                        # percent decimals of printed rates (99.55%)
    equal_rule: str = EQUAL_ABS                 # “=”: |B − A| rule, or scored like ≥
    over_inclusive: bool = False                # over-achievement from exactly the threshold on
    over_action: str = OVER_FLAG                # flag_note | deduct | suggest
    over_points: Decimal = Decimal(0)           # points deducted (or suggested) for over-achievement
    caps: tuple[Cap, ...] = ()                  # caps of the total by 执行率
    execution_note_below: Decimal = Decimal(1)  # 执行率 below this requires a reason
    execution_low: Optional[Decimal] = None     # 执行率 below this is a strong warning (None: vocabulary)
    adjustment_note: bool = False               # any 年中追加/调减 needs its own explanation
    adjustment_words: tuple[str, ...] = ()      # words an explanation of 追加/调减 contains
    budget_label: str = "全年预算数"             # the 执行率 denominator's label

    def __post_init__(self) -> None:
        # settings key the score cache: hash once, not on every lookup
        object.__setattr__(self, "_hash", hash(tuple(getattr(self, f.name)
                                                     for f in dataclasses.fields(self))))

    def __hash__(self) -> int:
        return self._hash

    def band(self, grade: str) -> Optional[GradeBand]:
        for b in self.bands:
            if b.name == grade:
                return b
        return None

    def cap_for(self, rate: Optional[Decimal]) -> Optional[Cap]:
        """The cap band the 执行率 ``rate`` falls in (None when there is none or no rate)."""
        if rate is None:
            return None
        for c in self.caps:
            if c.applies(rate):
                return c
        return None


@dataclass(frozen=True)
class Block:
    """A first-level indicator block: its name, weight and second-level names.

    Under a free split the weight is only the suggested share (templates use it); the unit
    divides the indicator total among the blocks itself. ``if_empty`` says what happens when
    the block has no indicator: ``error`` (a finding) or ``spread`` (its weight goes to the
    other blocks in proportion to their weights).
    """
    name: str
    weight: Decimal
    level2: tuple[str, ...] = ()
    if_empty: str = EMPTY_ERROR


@dataclass(frozen=True)
class Profile:
    """A rule set: the execution weight, the blocks and the rule settings."""
    id: str
    name: str
    execution_weight: Decimal
    blocks: tuple[Block, ...]
    settings: Settings = field(default_factory=Settings)
    description: str = ""
    split: str = SPLIT_FIXED
    #: where it was loaded from (None: built from a dict); not part of equality
    source: Optional[Path] = field(default=None, compare=False)
    builtin: bool = field(default=True, compare=False)

    @property
    def total_weight(self) -> Decimal:
        return self.execution_weight + self.indicator_total

    @property
    def indicator_total(self) -> Decimal:
        return sum((b.weight for b in self.blocks), Decimal(0))

    @property
    def free_split(self) -> bool:
        return self.split == SPLIT_FREE

    def block(self, name: str) -> Optional[Block]:
        for b in self.blocks:
            if b.name == name:
                return b
        return None

    @property
    def level1_names(self) -> tuple[str, ...]:
        return tuple(b.name for b in self.blocks)

    @property
    def source_label(self) -> str:
        """“内置” or the user file's path."""
        return "内置" if self.builtin or self.source is None else str(self.source)


from .validate import profile_from_dict  # noqa: E402  (the validator builds the classes above)


def user_dir() -> Path:
    """The folder of the user's own rule sets: ``rulesets`` in the data folder (``model.userdata``,
    the one ``gui.settings.data_dir`` uses)."""
    return data_dir() / "rulesets"


_ERRORS: list[str] = []


def _read(path: Path, builtin: bool) -> Profile:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise ProfileError(f"无法读取（{type(e).__name__}）") from None
    except ValueError as e:
        raise ProfileError(f"无法读取（不是有效的 JSON：第 {getattr(e, 'lineno', '?')} 行）") from None
    p = profile_from_dict(data, require_header=True)
    return dataclasses.replace(p, source=path, builtin=builtin)


@lru_cache(maxsize=None)
def _load_all() -> dict[str, Profile]:
    """Every usable rule set (built-in first, then the user's); damaged files are skipped and
    listed in ``load_errors()``. A user file with the id of a built-in one is refused."""
    out: dict[str, Profile] = {}
    _ERRORS.clear()
    folders = [(PROFILE_DIR, True)]
    udir = user_dir()
    if udir.is_dir():
        folders.append((udir, False))
    for folder, builtin in folders:
        for path in sorted(folder.glob("*.json")):
            if path.name == SCHEMA_FILE:
                continue          # the JSON Schema document, not a rule set
            label = path.name if builtin else str(path)
            try:
                p = _read(path, builtin)
            except ProfileError as e:
                _ERRORS.append(f"{label}：{e}")
                continue
            if p.id in out:
                other = out[p.id]
                if other.builtin and not builtin:
                    _ERRORS.append(f"{label}：规则集 id“{p.id}”与内置规则集“{other.name}”相同，已忽略；"
                                   "请在文件中改用另一个 id")
                else:
                    _ERRORS.append(f"{label}：指标体系“{p.id}”重复，已忽略")
                continue
            out[p.id] = p
    if DEFAULT_PROFILE not in out:
        detail = "；".join(_ERRORS) or f"找不到 {PROFILE_DIR / (DEFAULT_PROFILE + '.json')}"
        raise ProfileError(f"默认指标体系“{DEFAULT_PROFILE}”无法使用：{detail}。请重新安装本程序。")
    return out


def reload() -> None:
    """Read the rule-set folders again (after a user file was added or changed)."""
    _load_all.cache_clear()
    with_places.cache_clear()


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
