"""Rates, scores and grades quoted in the 正文 against the computed ones.

``text.rate_mismatch`` (警告): a quoted “…率X%” that the data contradicts. Which rate a quote
means is read from the words before the rate word, the nearest naming word winning:

    执行率  ← a project's name (that project), 项目 (any project), 采购 (政府采购执行率),
              otherwise the department's 预算执行率
    控制率  ← 公用经费, 在职人员/人员, “三公”, 规模, 投资/概算, 预算 (预算控制率: SPEC does not
              define it; 湖南 counts only the 部门基本支出预算调整 row, so the quote may equal either
              that row ÷ 年初预算数 or 预算调整率)
    变动率  ← “三公” (both years 0 → 0%)        调整率 ← 预算

Tolerance: a quote is right when it equals the exact computed rate rounded half-up **or cut** to the
quote's decimals (99.55% may be quoted 99.55%, 99.6% or 99.5% — real reports cut as often as they
round), but “100%” is only right when the rate is at least 100% (99.996% quoted as 100% is wrong:
that is the SPEC §1 defect). A rate the data cannot compute (a zero or missing denominator) is not
judged, except the 预算执行率, whose quote is then reported as having no computation behind it.

The score and grade of section 九 (``text.score_mismatch``, ``text.grade_mismatch``,
``text.score_missing``) are errors: see ``check_score_text``.
"""
from __future__ import annotations

import re
from decimal import ROUND_DOWN, Decimal
from functools import lru_cache
from typing import Mapping, Optional

from .. import ratios
from ..lazyre import LazyPattern
from ..numbers import fmt_decimal, round_half_up
from ..profiles import Profile
from ..report import Report
from ..scoring import ReportScores, grade_of
from ..vocabulary import VOCABULARY
from .base import HUNDRED, Sink, _clip, _m, _norm, _section_label
from .text_scan import project_in

SCORE_SECTION = VOCABULARY.score_section     # 九

_RATE_RE = LazyPattern(r"(执行率|控制率|变动率|调整率)\s*(?:(?:为|是|达到|达|约为|:)\s*)?(-?\d+(?:\.(\d+))?)\s*(%)?"
                        r"(?![\d.])")
_RATE_WORD_RE = LazyPattern(r"执行率|控制率|变动率|调整率")
_PERCENT_RE = LazyPattern(r"(\d+(?:\.(\d+))?)\s*%")
_RATE_LIST_RE = LazyPattern(r"(?:执行率|控制率|变动率|调整率)\s*分别(?:(?:为|是|达到|达)\s*)?"
                             r"((?:\d+(?:\.\d+)?\s*%\s*[、，,和及与]\s*)+\d+(?:\.\d+)?\s*%)")
_NO_PERCENT_OK = "，。；;,、)）=\n "
_SCORE_RE = LazyPattern(r"(自评得分|自评总分|综合得分|总得分|评价得分|自评分数|自评结果|评价结果|最终得分)"
                         r"\s*(?:(?:为|是|:|达到|达)\s*)?(\d+(?:\.(\d+))?)\s*分?")
_GRADE_WORD = r"(优秀|良好|中等|较差|优|良|中|差)"
_GRADE_RE = LazyPattern(r"(?:等级|等次|评价结果|自评结果|评定结果|评级)\s*(?:(?:为|是|:|评定为|评为)\s*[“\"「『‘]?|[“\"「『‘])\s*"
                         + _GRADE_WORD
                         + r"|(?:评为|评定为|定为)\s*[“\"「『‘]\s*" + _GRADE_WORD)
_GRADE_MAP = VOCABULARY.grade_words

#: rate word → (naming word, kind), the naming word nearest the rate word wins
_KINDS: Mapping[str, tuple[tuple[str, str], ...]] = VOCABULARY.rate_words
#: words that make a quoted score or rate a project's, not the department's (“项目”)
_PROJECT_WORDS = tuple(w for pairs in _KINDS.values() for w, kind in pairs if kind == "project")


_SENTENCE_END = "。；;！？!?\n"
_CLAUSE_END = _SENTENCE_END + "，,、"
Candidate = tuple[str, Optional[Decimal], str]     # (what, percent — None when not computable, how)


def _kind(word: str, before: str) -> str:
    """What a rate word means, by the naming word nearest before it."""
    kind, best = ("dept" if word == "执行率" else ""), (-1, 0)
    for naming, k in _KINDS[word]:
        pos = before.rfind(naming)
        if pos >= 0 and (pos + len(naming), len(naming)) > best:
            best, kind = (pos + len(naming), len(naming)), k
    return kind


@lru_cache(maxsize=256)
def scan_rates(text: str) -> tuple[tuple[str, str, str, Decimal, int], ...]:
    """(snippet as written, the words before the rate word, kind, quoted percent, decimals) per quote."""
    t = _norm(text)
    found = []
    for m in _RATE_RE.finditer(t):
        if m.group(4) is None:
            after = t[m.end():m.end() + 1]
            if after and after not in _NO_PERCENT_OK:
                continue       # “控制率为0” is 0%; “执行率为3项” is no rate
        lo = max(0, m.start() - 24)
        lo = max(lo, max(t.rfind(c, lo, m.start()) for c in _CLAUSE_END) + 1)
        before = t[lo:m.start(1)]
        snippet = " ".join(text[lo:m.end()].split())
        found.append((snippet, before, _kind(m.group(1), before), Decimal(m.group(2)), len(m.group(3) or "")))
    for m in _RATE_LIST_RE.finditer(t):
        # “公用经费控制率、“三公”经费控制率分别为100%、95.83%”: names and quotes paired in order
        lo = max(0, m.start() - 80)
        head = t[max(lo, max(t.rfind(c, lo, m.start()) for c in _SENTENCE_END) + 1):m.start() + 3]
        names = list(_RATE_WORD_RE.finditer(head))
        quotes = list(_PERCENT_RE.finditer(m.group(1)))
        if len(names) != len(quotes) or len(names) < 2:
            continue
        lo = 0
        for name, quote in zip(names, quotes):
            before = head[lo:name.start()]
            snippet = " ".join((head[lo:name.end()].lstrip("、，,和及与") + "…" + quote.group(0)).split())
            found.append((snippet, before, _kind(name.group(0), before), Decimal(quote.group(1)),
                          len(quote.group(2) or "")))
            lo = name.end()
    return tuple(found)


def rate_matches(quoted: Decimal, places: int, percent: Decimal) -> bool:
    """A quoted rate matches a computed one rounded or cut to the quoted decimals; “100%” is only
    right when the rate really is 100 %."""
    if quoted >= HUNDRED and percent < HUNDRED:
        return False
    q = Decimal(1).scaleb(-places)
    return round_half_up(percent, places) == quoted or percent.quantize(q, rounding=ROUND_DOWN) == quoted


def _pct(numerator: Optional[Decimal], denominator: Optional[Decimal]) -> Optional[Decimal]:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return Decimal(numerator) * HUNDRED / Decimal(denominator)


def _execution(label: str, e) -> Candidate:
    return (label, None if e.rate is None else e.rate * HUNDRED, f"{_m(e.executed)} ÷ {_m(e.budget)}")


def _candidates(report: Report, scores: ReportScores, kind: str, before: str) -> list[Candidate]:
    b = report.budget
    if kind in ("dept", "project"):
        found = project_in(tuple(p.name for p in report.projects), before) if report.projects else None
        names = [] if found is None else [found[0]]
        if names or kind == "project":
            chosen = names or range(len(report.projects))
            return [_execution(f"项目“{_clip(report.projects[i].name, 12)}”执行率", scores.projects[i].execution)
                    for i in chosen]
        return [_execution("部门预算执行率", scores.department.execution)]
    if kind == "procurement":
        p = b.controls.get("procurement")
        return [("政府采购执行率", _pct(p.executed, p.budget), f"{_m(p.executed)} ÷ {_m(p.budget)}")] if p else []
    if kind == "public":
        p = b.public
        return [("公用经费控制率", _pct(p.executed, p.budget), f"{_m(p.executed)} ÷ {_m(p.budget)}")]
    if kind == "staff":
        s = report.staff
        posts = s.total_posts
        return [("在职人员控制率", _pct(None if s.actual_staff is None else Decimal(s.actual_staff),
                                       None if posts is None else Decimal(posts)),
                 f"{s.actual_staff} 人 ÷ {posts} 人")]
    if kind in ("three_public", "three_public_change"):
        t = b.controls["three_public"]
        if kind == "three_public":
            return [("“三公”经费控制率", _pct(t.executed, t.budget), f"{_m(t.executed)} ÷ {_m(t.budget)}")]
        pct = Decimal(0) if t.prior == 0 and t.budget == 0 else (
            None if t.budget is None or t.prior is None else _pct(t.budget - t.prior, t.prior))
        return [("“三公”经费变动率", pct, f"（{_m(t.budget)} − {_m(t.prior)}）÷ {_m(t.prior)}")]
    if kind == "scale":
        bl = b.buildings
        return [("规模控制率", _pct(bl.actual_area, bl.approved_area), f"{_m(bl.actual_area)} ÷ {_m(bl.approved_area)}")]
    if kind == "investment":
        bl = b.buildings
        return [("投资概算控制率", _pct(bl.actual_investment, bl.budget_investment),
                 f"{_m(bl.actual_investment)} ÷ {_m(bl.budget_investment)}")]
    if kind in ("budget_adjustment", "budget_control"):
        adj = ratios.budget_adjustment_rate(report)
        found = [("预算调整率", None if adj is None else adj * HUNDRED,
                  f"（{_m(b.additions)} + {_m(b.reductions)}）÷ {_m(b.initial)}")]
        row = b.controls.get("basic_adjustment")
        if kind == "budget_control" and row is not None:
            v = row.executed if row.executed is not None else row.budget
            found.append(("基本支出预算调整率", _pct(v, b.initial), f"{_m(v)} ÷ {_m(b.initial)}"))
        return found
    return []


def check_rates(report: Report, scores: ReportScores, text: str, where: str, slabel: str, out: Sink,
                cache: dict) -> None:
    """``text.rate_mismatch`` for every quoted rate of one section; ``cache`` keeps the candidates
    between the sections of one run."""
    for snippet, before, kind, quoted, places in scan_rates(text):
        if not kind:
            continue
        key = (kind, before) if kind in ("dept", "project") and report.projects else kind
        cands = cache.get(key)
        if cands is None:
            cands = cache[key] = _candidates(report, scores, kind, before)
        computable = [c for c in cands if c[1] is not None]
        if not computable and kind != "dept":
            continue
        if any(rate_matches(quoted, places, pct) for _, pct, _ in computable):
            continue
        if computable:
            computed = "；".join(f"{lab}为 {fmt_decimal(pct, 2)}%（{how}）" for lab, pct, how in computable[:3])
        else:
            computed = "预算执行率无法计算（全年预算数缺失或为 0）"
        if kind == "budget_control" and len(computable) == 1:
            computed += "；若只计部门基本支出预算调整，请在“预算与执行”页填写该行"
        out.add("text.rate_mismatch", where, f"{slabel}写“{snippet}”，与计算结果不符：{computed}")


# A score or grade in section 九 that differs from the computed one is an error, not a 提示:
# section 九 is where the report states its result, the finance bureau records that figure,
# and the computed total is authoritative — a different figure is simply wrong, exactly the
# “scores that do not add up to the total” defect of SPEC §1. Only phrases that name the
# self-evaluation result (自评得分/综合得分/等级为 …) are read, so a false alarm is unlikely.
def check_score_text(report: Report, scores: ReportScores, profile: Profile, out: Sink) -> None:
    if len(report.sections) <= SCORE_SECTION:
        return
    text = report.sections[SCORE_SECTION]
    if not text.strip():
        return
    where = f"sections[{SCORE_SECTION}]"
    slabel = _section_label(SCORE_SECTION)
    places = profile.settings.score_places
    dept = scores.department
    t = _norm(text)
    found = False
    for m in _SCORE_RE.finditer(t):
        found = True
        quoted = Decimal(m.group(2))
        k = min(len(m.group(3) or ""), places)
        before = t[max(0, m.start() - 30): m.start()]
        candidates = [dept.total]
        if any(w in before for w in _PROJECT_WORDS):
            candidates += [p.total for p in scores.projects]
        if not any(round_half_up(c, k) == quoted and not (quoted >= 100 > c) for c in candidates):
            out.add("text.score_mismatch", where,
                    f"{slabel}写“{m.group(0).strip()}”，而部门整体自评表计算的总分为 "
                    f"{fmt_decimal(dept.total, places)} 分（预算执行率 {fmt_decimal(dept.execution.score, places)}"
                    f" 分 + 指标 {fmt_decimal(dept.indicator_score, places)} 分）")
    for m in _GRADE_RE.finditer(t):
        found = True
        word = m.group(1) or m.group(2)
        grade = _GRADE_MAP.get(word, word)
        before = t[max(0, m.start() - 30): m.start()]
        candidates = {dept.grade}
        if any(w in before for w in _PROJECT_WORDS):
            candidates |= {grade_of(p.total) for p in scores.projects}
        if grade not in candidates:
            out.add("text.grade_mismatch", where,
                    f"{slabel}写等级为“{word}”，而部门整体自评总分 {fmt_decimal(dept.total, places)} 分"
                    f"对应的等级为“{dept.grade}”（优 ≥ 90，良 80—90，中 60—80，差 < 60）")
    if not found:
        out.add("text.score_missing", where,
                f"{slabel}没有写明自评得分和等级（本年自评得分 {fmt_decimal(dept.total, places)} 分，"
                f"等级“{dept.grade}”）")
