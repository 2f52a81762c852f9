"""Text against data (SPEC §4): the figures written in the 正文 against the figures they name.

- ``text.money_mismatch`` (警告): an amount that names a figure (“基本支出248.76万元”, “夏送清凉项目
  3.5万元”, “全年预算253.79万元”) differs from that figure in the column the words ask for
  (预算/年初 → the budget columns, 支出/决算/执行 → 全年执行数, 上年 → 上年决算数; no column word →
  any column of that line). An amount written in 元 is compared in 元; one whose number is the
  figure in 万元 (“基本支出248.09元”) is named as a unit slip.
- ``text.money_unknown`` (提示): an amount in 万元 that names nothing (or a figure the file does not
  have) and equals no figure of the report, its sums or its differences. Changes (“比上年增加X万元”)
  are looked up the same way; ranges and approximations (“约250万元”, “115余万元”) are not figures.
- ``text.number_typo`` (警告): a number with two decimal points (“189.67190.2万元”) cannot be read.
- ``text.rate_mismatch``, the score and grade of section 九: ``model.rules.text_rates``.

Amounts are compared at the precision they are written with: “3万元” is right for 3.00, “253.8万元”
for 253.79 (四舍五入 of the figure to the written decimals).
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Optional

from ..lazyre import LazyPattern
from ..numbers import round_half_up, years_mentioned
from ..profiles import Profile
from ..report import SECTIONS, Amounts, Report
from ..scoring import ReportScores
from .base import COLUMN_LABELS, COLUMNS, LABELS, Sink, _clip, _join, _m, _norm, _section_label, _sum
from .text_rates import check_rates, check_score_text, scan_rates
from ..severity import ERROR, INFO, WARNING
from .text_scan import CONTROL_KEYS, PRIOR_BUDGET, SCALAR_KEYS, SOURCE_KEYS, Mention, _columns, _is_plain, project_in, scan_money

RULES: dict[str, str] = {
    "year.rollover_text": INFO,
    "text.money_unknown": INFO,
    "text.money_mismatch": WARNING,
    "text.number_typo": WARNING,
    "text.rate_mismatch": WARNING,
    "text.score_mismatch": ERROR,
    "text.grade_mismatch": ERROR,
    "text.score_missing": INFO,
}

_TYPO_RE = LazyPattern(r"(?<![\d.])(\d+\.\d+(?:\.\d+)+)\s*(万元|元|%)")
TEN_THOUSAND = Decimal(10000)

_LABEL_NAMES = LABELS["text_figures"]
_ANY = ("initial", "budget", "executed")


@lru_cache(maxsize=256)
def _typos(text: str) -> tuple[str, ...]:
    t = _norm(text)
    typos = []
    for m in _TYPO_RE.finditer(t):
        parts = m.group(1).split(".")
        if len(parts) == 3 and len(parts[0]) == 4 and parts[0][:2] in ("19", "20") \
                and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
            continue    # a date like 2024.12.31
        typos.append(text[m.start():m.end()])
    return tuple(typos)


# --------------------------------------------------------------------------- the report's figures

def _amount_figures(a: Amounts) -> list[Decimal]:
    vals = [v for v in (a.prior, a.initial, a.budget, a.executed) if v is not None]
    out = list(vals)
    for x, y in ((a.budget, a.executed), (a.executed, a.prior), (a.budget, a.initial), (a.budget, a.prior)):
        if x is not None and y is not None:
            out.append(abs(x - y))
    return out


def _dept_figures(report: Report) -> list[Decimal]:
    """Figures of the department a text may quote: typed values, sums and differences."""
    b = report.budget
    figs: list[Decimal] = []
    scalars = [b.initial, b.additions, b.reductions, b.carryover, b.full_year, b.executed, b.prior_executed,
               b.derived_full_year(), b.full_year_budget()]
    figs += [v for v in scalars if v is not None]
    fy = b.full_year_budget()
    for x, y in ((fy, b.executed), (b.executed, b.prior_executed), (fy, b.initial),
                 (b.additions, b.reductions)):
        if x is not None and y is not None:
            figs.append(abs(x - y))
    if b.additions is not None and b.reductions is not None:
        figs.append(b.additions + b.reductions)
    amounts = [b.basic, b.personnel, b.public, b.project_spending, *b.sources.values(), *b.controls.values()]
    for a in amounts:
        figs += _amount_figures(a)
    for col, _ in COLUMNS:
        figs.append(_sum(getattr(a, col) for a in b.sources.values()))
        figs.append(_sum((getattr(b.personnel, col), getattr(b.public, col))))
        figs.append(_sum((getattr(b.basic, col), getattr(b.project_spending, col))))
    for items in (b.personnel_items, b.public_items):
        for it in items:
            figs += [v for v in (it.budget, it.executed) if v is not None]
        figs.append(_sum(it.budget for it in items))
        figs.append(_sum(it.executed for it in items))
    figs += [v for v in (b.buildings.budget_investment, b.buildings.actual_investment) if v is not None]
    return figs


def _project_figures(report: Report) -> list[Decimal]:
    figs: list[Decimal] = []
    for p in report.projects:
        for a in (p.total, p.fiscal, p.carried, p.other):
            figs += _amount_figures(a)
    for col, _ in COLUMNS:
        figs.append(_sum(getattr(p.total, col) for p in report.projects))
    return figs


class _Known:
    """The report's figures, rounded to the precision a text quotes them with (built lazily)."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.levels: list[list[Decimal]] = []
        self.rounded: list[dict[int, set[Decimal]]] = []
        self._names: Optional[tuple[str, ...]] = None

    def _level(self, n: int) -> Optional[list[Decimal]]:
        while len(self.levels) <= n:
            k = len(self.levels)
            if k == 0:
                self.levels.append(_dept_figures(self.report))
            elif k == 1:
                self.levels.append(_project_figures(self.report))
            else:
                return None
            self.rounded.append({})
        return self.levels[n]

    def matches(self, value: Decimal, places: int) -> bool:
        places = min(places, 4)
        for n in range(2):
            figs = self._level(n)
            if figs is None:
                break
            cache = self.rounded[n]
            if places not in cache:
                cache[places] = {round_half_up(abs(f), places) for f in figs}
            if value in cache[places]:
                return True
        return False

    def names(self) -> tuple[str, ...]:
        if self._names is None:
            self._names = tuple(p.name for p in self.report.projects)
        return self._names


def _project_of(known: _Known, mention: Mention) -> Optional[tuple[int, tuple[str, ...]]]:
    """The project a clause names (and the columns its other words ask for), if any."""
    clause = mention.clause
    found = project_in(known.names(), clause)
    if found is None:
        return None
    i, start, end = found
    if not _is_plain(clause[end:]):
        return None
    return i, _columns(clause[:start] + " " * (end - start) + clause[end:])


def _figures_named(report: Report, key: str, columns: tuple[str, ...]) -> list[tuple[str, Decimal]]:
    """(column label, figure) of what ``key`` names, in the columns asked for."""
    b = report.budget
    if columns == (PRIOR_BUDGET,):
        return []
    if key in SCALAR_KEYS:
        if key == "executed" and columns == ("prior",):
            key = "prior_executed"
        elif columns == ("prior",) and key != "prior_executed":
            return []
        label = LABELS["budget_scalars"][key]
        v = b.full_year_budget() if key == "full_year" else getattr(b, key)
        return [(label, v)] if v is not None else []
    if key in CONTROL_KEYS:
        a = b.controls.get(key)
    elif key in SOURCE_KEYS:
        a = b.sources.get(key)
    else:
        a = getattr(b, key)
    return _columns_of(a, columns)


def _columns_of(a: Optional[Amounts], columns: tuple[str, ...]) -> list[tuple[str, Decimal]]:
    if a is None or columns == (PRIOR_BUDGET,):
        return []
    return [(COLUMN_LABELS[c], getattr(a, c)) for c in (columns or _ANY) if getattr(a, c) is not None]


def _same(mention: Mention, figure: Decimal) -> bool:
    places = min(mention.places, 4)
    if mention.yuan:
        return round_half_up(abs(figure) * TEN_THOUSAND, places) == mention.value
    return round_half_up(abs(figure), places) == mention.value


def check_text(report: Report, scores: ReportScores, profile: Profile, out: Sink) -> None:
    """Every text-against-data rule over the ten sections (and the roll-over mentions)."""
    known: Optional[_Known] = None
    year = report.year
    prev = report.rolled_over_from
    rates_cache: dict = {}
    for i, text in enumerate(report.sections[: len(SECTIONS)]):
        if not text.strip():
            continue
        where = f"sections[{i}]"
        slabel = _section_label(i)
        typos = _typos(text)
        if typos:
            out.add("text.number_typo", where,
                    f"{slabel}中的“{_join(list(dict.fromkeys(typos)))}”有多个小数点，不是有效的数字，"
                    f"请检查是否把两个数连在了一起")
        money = scan_money(text)
        if money or scan_rates(text):
            if known is None:
                known = _Known(report)
            _check_money(report, known, money, where, slabel, out)
            check_rates(report, scores, text, where, slabel, out, rates_cache)
        if prev is not None and prev != year:
            _rollover_mentions(out, where, slabel, text, prev)
    if prev is not None and prev != year:
        for where, label in LABELS["rollover_fields"].items():
            text = _field(report, where)
            if text:
                _rollover_mentions(out, where, label, text, prev)
        for i, p in enumerate(report.projects):
            if p.achievement:
                _rollover_mentions(out, f"projects[{i}].achievement", f"项目“{_clip(p.name)}”实际完成情况",
                                   p.achievement, prev)
    check_score_text(report, scores, profile, out)


def _check_money(report: Report, known: _Known, mentions: tuple[Mention, ...], where: str, slabel: str,
                 out: Sink) -> None:
    unknown: list[str] = []
    for mention in mentions:
        if mention.kind in ("range", "approx"):
            continue
        name, figures = "", None
        if mention.kind == "figure":
            found = None
            if report.projects and mention.label in ("", "project_spending"):
                found = _project_of(known, mention)      # “夏送清凉项目支出3万元” names the project
            if found is not None:
                p = report.projects[found[0]]
                name = f"项目“{_clip(p.name)}”"
                figures = _columns_of(p.total, mention.columns or found[1])
            elif mention.label:
                name = _LABEL_NAMES[mention.label]
                figures = _figures_named(report, mention.label, mention.columns)
        if figures:
            if not any(_same(mention, f) for _, f in figures):
                shown = "、".join(f"{lab} {_m(f)} 万元" for lab, f in figures)
                if mention.yuan and any(round_half_up(abs(f), min(mention.places, 4)) == mention.value
                                        for _, f in figures):
                    out.add("text.money_mismatch", where,
                            f"{slabel}写{name} {mention.text}，数据中{name}为：{shown}，单位应为“万元”")
                else:
                    out.add("text.money_mismatch", where,
                            f"{slabel}写{name} {mention.text}，而数据中{name}为：{shown}，请统一")
            continue
        if mention.yuan:
            continue      # an amount in 元 that names nothing: a unit price, an allowance per person …
        if not known.matches(mention.value, mention.places):
            unknown.append(mention.text)
    if unknown:
        out.add("text.money_unknown", where,
                f"{slabel}中的金额 {_join(list(dict.fromkeys(unknown)))} 与报表中的任何数据都对不上，请核对")


# --------------------------------------------------------------------------- roll-over mentions

def _field(report: Report, where: str) -> str:
    """The text at an attribute path like ``dept.goal`` or ``budget.savings_measures``."""
    value = report
    for part in where.split("."):
        value = getattr(value, part)
    return value


@lru_cache(maxsize=256)
def _year_snippets(text: str, year: int) -> tuple[int, tuple[str, ...]]:
    count = years_mentioned(text).count(year)
    if not count:
        return 0, ()
    t = _norm(text)
    snippets = []
    for m in re.finditer(rf"(?<!\d){year}(?=\s*年|[-./]\d)", t):
        snippets.append(" ".join(text[max(0, m.start() - 6): m.end() + 10].split()))
        if len(snippets) == 3:
            break
    return count, tuple(snippets)


def _rollover_mentions(out: Sink, where: str, label: str, text: str, prev: int) -> None:
    count, snippets = _year_snippets(text, prev)
    if count:
        out.add("year.rollover_text", where,
                f"{label}中还有 {count} 处提到 {prev} 年（“{'”“'.join(snippets)}”"
                f"{' 等' if count > len(snippets) else ''}），本文件由 {prev} 年度结转而来，请逐处核对")
