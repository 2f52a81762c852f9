"""Scores of one indicator row, the execution score and the grade (SPEC §3.2–3.6).

Pure functions, used only by ``model.scoring`` (which scores whole tables and reports:
everything outside ``model/scoring*`` reads a ``ReportScores``). Nothing computed here is stored.

Rates are ratios (``Decimal('0.9955')``); ``numbers.fmt_rate`` shows them as
``99.55%``. The execution score uses the rate rounded to the two percent
decimals that are printed (4 decimals of the ratio), so the printed rate times
the weight always gives the printed score: 99,549 of 100,000 prints as 99.55%
and scores 9.96 of 10 (the unrounded 9.9549 would print 9.95 beside 99.55%).

Decisions the SPEC leaves open:

* A budget of 0 (or below, or missing) makes the rate “—” (None) and the score 0.
* An empty 实际完成值 always scores 0 and flags the row, whatever its kind — except on a row
  with neither 三级指标 name nor 年度指标值 (a new report's placeholder): it is ``unfilled``,
  not flagged; 审核 asks for what is missing.
* A numeric target without a comparator and without a 指标性质 reads as ``≥``.
  A 指标性质 that points the other way from the sign in the target is a problem.
* Different units never compare (“96%” against “95人” is a problem and scores 0);
  元/万元/亿元 and %/‰ are converted. A target in % against a bare actual of at most 1
  (“0.95”) is a problem too: it is probably a ratio typed without “%”.
* 时效: a date without a year takes the report year (else the other value's year). An
  actual without a date counts as on time only when it says so (按时/如期/提前/准时/按期
  完成) and not negated (未按时, 延期, 逾期 …); otherwise the user must pick a grade.
* Over-achievement only exists for ≥/> and ≤/< targets above 0 (and for “=” when the rule
  set scores it like ≥); the threshold and what it does (flag and require a note, deduct a
  fixed number of points — never below 0 — or suggest a deduction) come from the rule set.
* A rule that changes a score leaves an ``Adjustment`` (rule id, Chinese text, delta) on the
  row or the table, so the grid, 审核 and the printed table can say which rule and by how much.
* A manual score is kept as typed (rounded to the profile's precision) and marked;
  above the weight or below 0 is a problem; for a graded row it must lie in the band.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Optional

from .numbers import PLACEHOLDER_YEAR as PLACEHOLDER
from .numbers import (NumberError, Quantity, convert, fmt_plain, fmt_rate, parse_date, parse_quantity,
                      round_half_up, units_compatible)
from .adjustments import Adjustment, is_over, over_adjustment
from .profiles import EQUAL_AS_GE, Settings
from .dates import format_date
from .report import GRADES, Indicator

ZERO = Decimal(0)
ONE = Decimal(1)
TWO = Decimal(2)

# kinds of indicator rows
NUMBER = "number"
DATE = "date"
QUALITATIVE = "qualitative"
INVALID = "invalid"

_ON_TIME_WORDS = ("按时", "如期", "提前", "准时", "按期")
_LATE_WORDS = ("未按时", "未能按时", "没有按时", "不能按时", "未如期", "未能如期", "没有如期", "未按期",
               "未能按期", "延期", "逾期", "推迟", "滞后", "延迟", "未完成", "尚未", "未能完成", "超期")


@dataclass(frozen=True)
class IndicatorResult:
    """The score of one indicator row, its flag and what is wrong in it."""
    kind: str                       # NUMBER / DATE / QUALITATIVE / INVALID
    nature: str                     # effective 指标性质 (≥ > ≤ < = 定性 时效)
    weight: Decimal                 # 分值 (0 when missing)
    computed: Decimal               # the computed score
    score: Decimal                  # the score that counts (manual override, else computed)
    manual: bool                    # a manual score is in force
    flagged: bool                   # 偏差标记
    reasons: tuple[str, ...]        # why it is flagged (Chinese)
    problems: tuple[str, ...]       # what is wrong or missing in the row (Chinese)
    over_achieved: bool = False
    grade: str = ""                 # the effective qualitative grade, if any
    band_violation: bool = False    # a qualitative score outside its grade's band
    target: Optional[Quantity] = None
    actual: Optional[Quantity] = None
    #: a stable id per entry of ``problems`` (same order): weight.missing, weight.negative,
    #: target.invalid, target.missing, grade.unknown, nature.mismatch, actual.invalid,
    #: actual.not_number, unit.mismatch, actual.percent_missing, manual.above_weight,
    #: manual.negative, manual.band
    problem_codes: tuple[str, ...] = ()
    #: rules that changed the computed score (a manual score has none)
    adjustments: tuple[Adjustment, ...] = ()
    #: a row with neither 三级指标 name nor 年度指标值 (a skeleton placeholder): not scored yet,
    #: never flagged as deviating; the grid shows it as 待填写 and the printed 得分 stays blank
    #: (审核 still asks for the missing name and values)
    unfilled: bool = False

    @property
    def note_required(self) -> bool:
        return self.flagged


@dataclass(frozen=True)
class ExecutionResult:
    """预算执行率 of a table: rate and score."""
    weight: Decimal
    budget: Optional[Decimal]
    executed: Optional[Decimal]
    rate: Optional[Decimal]          # None = not computable (“—”)
    score: Decimal
    #: percent decimals the rule set prints the rate with (``Settings.rate_places``)
    rate_places: int = 2

    @property
    def shown_rate(self) -> Optional[Decimal]:
        """The rate as printed and scored (a ratio rounded to ``rate_places`` percent decimals)."""
        return None if self.rate is None else round_half_up(self.rate, self.rate_places + 2)

    @property
    def rate_text(self) -> str:
        """The one formatter of the scored 执行率 (grid, summary, 附件3/4): “98.7%”, “—”."""
        return fmt_rate(self.rate, places=self.rate_places)

    @property
    def over_spent(self) -> bool:
        return self.rate is not None and self.rate > ONE


@dataclass(frozen=True)
class BlockResult:
    """A first-level block of a table: weights, score and its rows."""
    name: str                        # 一级指标
    weight: Optional[Decimal]        # the profile's weight for the block (None if not in the profile)
    row_weight: Decimal              # Σ weights of its rows
    score: Decimal                   # Σ scores of its rows
    rows: tuple[int, ...]            # row indices
    level2: tuple[tuple[str, Decimal, Decimal, tuple[int, ...]], ...] = ()  # (name, weight, score, rows)
    #: weight this block received from an empty block of the rule set (``if_empty: spread``);
    #: its ``score`` then includes the proportional share
    spread_weight: Decimal = ZERO


@dataclass(frozen=True)
class TableResult:
    """The scores of one indicator table (department or project): rows, blocks, total, grade."""
    execution: ExecutionResult
    rows: tuple[IndicatorResult, ...]
    blocks: tuple[BlockResult, ...]
    indicator_score: Decimal
    total: Decimal
    grade: str
    weight_total: Decimal            # execution weight + Σ row weights (should be 100)
    #: table-level rules that changed the total (a weight spread, a cap by 执行率)
    adjustments: tuple[Adjustment, ...] = ()

    def all_adjustments(self) -> tuple[Adjustment, ...]:
        """Every adjustment of the table: the rows' in row order, then the table's."""
        return tuple(a for r in self.rows for a in r.adjustments) + self.adjustments


# --------------------------------------------------------------------------- execution

def round_score(raw: Decimal, weight: Decimal, places: int) -> Decimal:
    """A score to ``places`` decimals, half up, but never above the weight.

    Only a weight with more decimals than the score precision (3.335 at 2 places) can
    round above itself; then the score is cut down to the precision instead (3.33).
    """
    d = round_half_up(raw, places)
    if weight is not None and weight >= 0 and d > weight:
        d = weight.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)
    return d


def execution_rate(budget: Optional[Decimal], executed: Optional[Decimal]) -> Optional[Decimal]:
    """全年执行数 ÷ 全年预算数; None when the budget is 0 (or below) or a figure is missing."""
    if budget is None or executed is None or budget <= 0:
        return None
    return executed / budget


def execution_score(weight: Optional[Decimal], budget: Optional[Decimal], executed: Optional[Decimal],
                    places: int, rate_places: int = 2) -> Decimal:
    """分值 × min(执行率, 100%), with the rate as printed (``rate_places`` percent decimals)."""
    rate = execution_rate(budget, executed)
    if rate is None or not weight:
        return round_half_up(ZERO, places)
    shown = round_half_up(rate, rate_places + 2)
    return round_score(weight * min(max(shown, ZERO), ONE), weight, places)


def execution(weight: Optional[Decimal], budget, executed, places: int, rate_places: int = 2) -> ExecutionResult:
    return ExecutionResult(weight or ZERO, budget, executed, execution_rate(budget, executed),
                           execution_score(weight, budget, executed, places, rate_places), rate_places)


# --------------------------------------------------------------------------- grade

GRADES_FILE = Path(__file__).resolve().parent.parent / "resources" / "grades.json"


@lru_cache(maxsize=1)
def grade_cutoffs() -> tuple[tuple[str, Decimal], ...]:
    """(grade, lowest total) from ``resources/grades.json``, highest first; loaded once."""
    data = json.loads(GRADES_FILE.read_text(encoding="utf-8"))
    cuts = tuple((str(g["grade"]), Decimal(str(g["min"]))) for g in data["grades"])
    return tuple(sorted(cuts, key=lambda c: c[1], reverse=True))


def grade_of(total: Decimal) -> str:
    """The grade of a table total: the first cut-off it reaches (优 ≥ 90, 良 80–<90, 中 60–<80,
    差 below, as ``resources/grades.json`` says)."""
    cuts = grade_cutoffs()
    for name, low in cuts:
        if total >= low:
            return name
    return cuts[-1][0]


def grade_rule_text() -> str:
    """The cut-offs in words, for messages: “优 ≥ 90，良 80—90，中 60—80，差 < 60”."""
    cuts = grade_cutoffs()
    parts = []
    for i, (name, low) in enumerate(cuts):
        if i == 0:
            parts.append(f"{name} ≥ {fmt_plain(low)}")
        elif i == len(cuts) - 1:
            parts.append(f"{name} < {fmt_plain(cuts[i - 1][1])}")
        else:
            parts.append(f"{name} {fmt_plain(low)}—{fmt_plain(cuts[i - 1][1])}")
    return "，".join(parts)


# --------------------------------------------------------------------------- one indicator

def _q(text: str) -> tuple[Optional[Quantity], Optional[str]]:
    try:
        return parse_quantity(text), None
    except NumberError as e:
        return None, str(e)


def quantitative_score(nature: str, a: Decimal, b: Decimal, w: Decimal) -> tuple[Decimal, bool]:
    """Raw score (not rounded, within [0, w]) and whether the target is met (SPEC §3.3).

    ``≥``/``>``: met → w, else w × B ÷ A (0 when A ≤ 0).
    ``≤``/``<``: met → w; A < B < 2A → w × (1 − (B − A) ÷ A); B ≥ 2A → 0; A < 0 → 0 when not met;
    A = 0: B ≤ 0 → w (also for ``<``: “<0 起” with none is met), else 0.
    ``=``: B = A → w, else w × (1 − |B − A| ÷ |A|), not below 0 (A = 0: 0 unless B = 0).
    """
    if w <= 0:
        w = ZERO
    if nature in ("≥", ">"):
        if (b >= a) if nature == "≥" else (b > a):
            return w, True
        if a <= 0:
            return ZERO, False
        return min(w, max(ZERO, w * b / a)), False
    if nature in ("≤", "<"):
        if a == 0:       # SPEC §3.3: target 0 → B ≤ 0 scores w, for ≤ and < alike
            return (w, True) if b <= 0 else (ZERO, False)
        if (b <= a) if nature == "≤" else (b < a):
            return w, True
        if a <= 0 or b >= TWO * a:
            return ZERO, False
        return min(w, max(ZERO, w * (ONE - (b - a) / a))), False
    # "="
    if b == a:
        return w, True
    if a == 0:
        return ZERO, False
    return min(w, max(ZERO, w * (ONE - abs(b - a) / abs(a)))), False


def printed_target(ind: Indicator) -> str:
    """年度指标值 as printed in the annex: the target with its 指标性质 when the text does not
    already carry a direction (性质 “≤” with target “774元” prints “≤774元”)."""
    text = (ind.target or "").strip()
    nature = (ind.nature or "").strip()
    if nature not in ("≥", ">", "≤", "<", "=") or not text:
        return text
    q = parse_quantity(text)
    if q.value is None or q.comparator:
        return text
    return nature + text


def score_indicator(ind: Indicator, settings: Settings, year: Optional[int]) -> IndicatorResult:
    """Score one indicator row (cached on the row's content, the settings and the year).

    ``year`` (the report year) is used for dates typed without a year (“12月底前”); it is
    required so that no caller can forget it (``None`` only for a row outside any report).
    """
    return _score_cached(ind.nature or "", ind.target or "", ind.actual or "", ind.weight,
                         ind.grade or "", ind.manual_score, settings, year, is_unfilled(ind))


def is_unfilled(ind: Indicator) -> bool:
    """Neither 三级指标 name nor 年度指标值: a placeholder row, scored as ``unfilled``."""
    return not (ind.name or "").strip() and not (ind.target or "").strip()


def _with_year(d: date, year: int) -> date:
    try:
        return d.replace(year=year)
    except ValueError:          # 2月29日 in a common year
        return d.replace(year=year, day=28)


def _on_time_by_words(text: str) -> Optional[bool]:
    """True/False when the text says on time / late, None when it says neither."""
    if any(w in text for w in _LATE_WORDS):
        return False
    if any(w in text for w in _ON_TIME_WORDS):
        return True
    return None


def _cmp_direction(c: str) -> str:
    return {"≥": "+", ">": "+", "≤": "-", "<": "-", "=": "="}.get(c, "")


def _grade_score(settings: Settings, grade: str, w: Decimal) -> Decimal:
    band = settings.band(grade)
    return w * band.default if band else ZERO


@lru_cache(maxsize=65536)
def _score_cached(nature: str, target_text: str, actual_text: str, weight: Optional[Decimal],
                  grade: str, manual: Optional[Decimal], settings: Settings,
                  year: Optional[int], unfilled: bool = False) -> IndicatorResult:
    places = settings.score_places
    problems: list[str] = []
    codes: list[str] = []

    def problem(code: str, message: str) -> None:
        codes.append(code)
        problems.append(message)

    reasons: list[str] = []
    w = weight if weight is not None else ZERO
    if weight is None:
        problem("weight.missing", "未填写分值")
    elif weight < 0:
        problem("weight.negative", f"分值 {weight} 为负数")
        w = ZERO
    target, t_err = _q(target_text)
    actual, a_err = _q(actual_text)
    if t_err:
        problem("target.invalid", f"年度指标值有误：{t_err}")
    if a_err:
        actual = Quantity(text=actual_text)   # only a numeric target needs a numeric actual
    if target is not None and target.is_empty:
        problem("target.missing", "未填写年度指标值")
    actual_empty = not actual_text.strip()
    if actual_empty:
        reasons.append("未填写实际完成值")

    eff_nature = nature.strip()
    kind = INVALID
    computed = ZERO
    over = False
    adjustments: list[Adjustment] = []
    eff_grade = grade if grade in GRADES else ""
    if grade and grade not in GRADES:
        problem("grade.unknown", f"定性等级“{grade}”无法识别")

    if t_err:
        kind = INVALID
    elif eff_nature == "定性" or (target is not None and target.is_text):
        kind, eff_nature = QUALITATIVE, "定性"
        if not eff_grade and not actual_empty and actual is not None and target is not None \
                and actual.text.strip() == target.text.strip():
            eff_grade = GRADES[0]   # actual equals the qualitative target: 达成
        if eff_grade:
            computed = _grade_score(settings, eff_grade, w)
        elif not actual_empty:
            reasons.append("请选择定性等级")
    elif target is not None and target.is_date:
        kind, eff_nature = DATE, "时效"
        if actual is not None and not actual_empty:
            due = target.date
            done = actual.date
            done_given = actual.year_given
            if done is None:
                done = parse_date(actual.text, year)
                done_given = done is not None
                if done is None:
                    d2 = parse_date(actual.text, PLACEHOLDER)
                    if d2 is not None:
                        done, done_given = d2, False
            if not target.year_given:
                if year is not None:
                    due = _with_year(due, year)
                elif done is not None and done_given:
                    due = _with_year(due, done.year)
            if done is not None and not done_given:
                done = _with_year(done, year if year is not None else due.year)
            said = _on_time_by_words(actual.text)
            on_time = (done <= due) if done is not None else bool(said)
            if done is not None and said is False:
                on_time = False
            if on_time:
                computed = w
                eff_grade = ""
            else:
                if done is not None and done > due:
                    reasons.append(f"逾期完成（{format_date(done)}晚于{format_date(due)}）")
                elif said is False:
                    reasons.append("未按时完成")
                else:
                    reasons.append("实际完成值没有写明完成日期，无法确认是否按时完成")
                if eff_grade:
                    computed = _grade_score(settings, eff_grade, w)
                else:
                    reasons.append("请选择定性等级")
    elif target is not None and target.is_number:
        kind = NUMBER
        eff_grade = ""
        given = eff_nature if eff_nature in ("≥", ">", "≤", "<", "=") else ""
        if given and target.comparator and _cmp_direction(given) != _cmp_direction(target.comparator):
            problem("nature.mismatch", f"指标性质“{given}”与年度指标值“{target.text.strip()}”"
                                       f"中的“{target.comparator}”不一致")
        if not given:
            eff_nature = target.comparator or "≥"
        if a_err:
            kind = INVALID
            problem("actual.invalid", f"实际完成值有误：{a_err}")
        elif actual is not None and not actual_empty:
            if actual.value is None:
                problem("actual.not_number",
                        f"实际完成值“{actual.text.strip()}”不是数字，无法与指标值比较")
            elif not units_compatible(target.unit, actual.unit):
                problem("unit.mismatch",
                        f"计量单位不一致：指标值为“{target.unit}”，实际完成值为“{actual.unit}”，"
                        "无法比较")
            elif target.unit == "%" and not actual.unit and ZERO < actual.value <= ONE < target.value:
                pct = fmt_plain(actual.value * 100)
                problem("actual.percent_missing",
                        f"实际完成值“{actual.text.strip()}”没有写“%”，而指标值以%计；"
                        f"若是 {pct}% 请写成“{pct}%”")
            else:
                b = actual.value
                if target.unit and actual.unit:
                    b = convert(b, actual.unit, target.unit)
                a = target.value
                rule = "≥" if eff_nature == "=" and settings.equal_rule == EQUAL_AS_GE else eff_nature
                raw, _met = quantitative_score(rule, a, b, w)
                computed = raw
                over = is_over(rule, a, b, settings.over_threshold, settings.over_inclusive)
                if over:
                    reasons.append("实际完成值大幅超过指标值，指标值设定可能偏低" if rule in ("≥", ">")
                                   else "实际完成值大幅低于指标值，指标值设定可能偏高")
                    computed, adj = over_adjustment(settings, rule in ("≥", ">"), raw)
                    if adj is not None:
                        adjustments.append(adj)
    elif eff_nature == "定性":
        kind = QUALITATIVE

    if actual_empty:
        computed = ZERO
        adjustments.clear()
    computed = round_score(computed, w, places)
    is_manual = manual is not None
    if is_manual:
        adjustments.clear()     # the user's score counts, not the rule's
    else:
        adjustments = [Adjustment(a.rule, a.text, round_half_up(a.delta, places)) for a in adjustments]
    score = round_half_up(manual, places) if is_manual else computed
    band_violation = False
    if is_manual:
        if manual > w:
            problem("manual.above_weight", f"手工得分 {manual} 超过分值 {w}")
        if manual < 0:
            problem("manual.negative", f"手工得分 {manual} 为负数")
        if kind in (QUALITATIVE, DATE) and eff_grade:
            band = settings.band(eff_grade)
            if band and w > 0 and not band.contains(manual / w):
                band_violation = True
                problem("manual.band",
                    f"得分 {manual} 不在“{eff_grade}”对应的区间"
                    f"（{round_half_up(w * band.low, places)}—{round_half_up(w * band.high, places)}"
                    f"{'' if band.high_inclusive else '，不含上限'}）")
    if score < w and not actual_empty:
        if not reasons:
            reasons.append(f"得分 {score} 低于分值 {round_half_up(w, places)}")
    if eff_grade and eff_grade != GRADES[0] and kind in (QUALITATIVE, DATE):
        reasons.append(f"定性等级为“{eff_grade}”")
    if kind == INVALID and not reasons and not actual_empty:
        reasons.append("无法计算得分")
    if unfilled:
        reasons.clear()     # nothing to deviate from yet: 审核 asks for the name and target
    flagged = bool(reasons)
    return IndicatorResult(kind, eff_nature, w, computed, score, is_manual, flagged,
                           tuple(dict.fromkeys(reasons)), tuple(problems), over, eff_grade,
                           band_violation, target, actual, tuple(codes), tuple(adjustments),
                           unfilled)
