"""Deterministic generated reports for benchmarks (and a smoke test).

``large_report()``: 150 projects × 25 indicators, ten sections of 3 000 characters.
``typical_report()``: 5 projects, 60 indicators in all (12 per project) plus a
department table.
"""
from __future__ import annotations

import random
from decimal import Decimal

from model.profiles import get_profile
from model.report import (CONTROL_ROWS, PROJECT_CATEGORIES, SECTIONS, SOURCES, Amounts, Indicator,
                          LineItem, Project, Report, new_report)

_WORDS = ("职工", "工会", "帮扶", "慰问", "培训", "竞赛", "服务", "阵地", "建设", "经费", "管理",
          "规范", "提升", "落实", "开展", "活动", "覆盖", "满意", "保障", "权益")


def _money(rng: random.Random, lo: int, hi: int) -> Decimal:
    return Decimal(rng.randint(lo * 100, hi * 100)) / 100


def _text(rng: random.Random, n: int) -> str:
    out: list[str] = []
    size = 0
    while size < n:
        sentence = "".join(rng.choice(_WORDS) for _ in range(rng.randint(5, 12))) + "。"
        out.append(sentence)
        size += len(sentence)
        if rng.random() < 0.12:
            out.append("\n")
    return "".join(out)[:n]


def _indicators(rng: random.Random, count: int, profile_id: str = "hunan") -> list[Indicator]:
    """``count`` indicator rows whose weights add up to the profile's 90 points."""
    profile = get_profile(profile_id)
    blocks = list(profile.blocks)
    per_block = [max(1, count * int(b.weight) // 90) for b in blocks]
    while sum(per_block) > count:
        per_block[per_block.index(max(per_block))] -= 1
    while sum(per_block) < count:
        per_block[per_block.index(min(per_block))] += 1
    rows: list[Indicator] = []
    for block, n in zip(blocks, per_block):
        base = (block.weight / n).quantize(Decimal("0.01"))
        weights = [base] * n
        weights[-1] = block.weight - base * (n - 1)
        for i in range(n):
            l2 = block.level2[i % len(block.level2)]
            kind = rng.random()
            if kind < 0.55:
                target = f"≥{rng.randint(80, 100)}%"
                actual = f"{rng.randint(75, 100)}%"
            elif kind < 0.75:
                t = rng.randint(5, 200)
                target = f"≤{t}万元"
                actual = f"{_money(rng, max(1, t - 10), t + 5)}万元"
            elif kind < 0.88:
                target = "2024年12月31日之前完成"
                actual = f"2024年{rng.randint(6, 12)}月{rng.randint(1, 28)}日"
            else:
                target = "效果明显"
                actual = "效果明显"
            rows.append(Indicator(block.name, l2, f"{block.name[:2]}指标{len(rows) + 1}", "",
                                  target, actual, weights[i], "", None,
                                  "" if rng.random() < 0.5 else _text(rng, 40)))
    return rows


def _fill_budget(report: Report, rng: random.Random, project_total: Decimal) -> None:
    b = report.budget
    personnel = _money(rng, 150, 300)
    public = _money(rng, 10, 40)
    basic = personnel + public
    executed = basic + project_total
    b.initial = executed - Decimal("20")
    b.additions = Decimal("25")
    b.reductions = Decimal("3")
    b.carryover = Decimal("0")
    b.full_year = b.initial + b.additions - b.reductions + b.carryover
    b.executed = executed
    b.prior_executed = executed - Decimal("15")
    b.basic = Amounts(basic - 5, basic, basic, basic)
    b.personnel = Amounts(personnel - 5, personnel, personnel, personnel)
    b.public = Amounts(public, public, public, public)
    b.project_spending = Amounts(project_total, project_total, project_total, project_total)
    for key, _ in SOURCES:
        b.sources[key] = Amounts(None, None, Decimal(0), Decimal(0))
    b.sources["general"] = Amounts(None, b.full_year, b.full_year, executed)
    b.personnel_items = [LineItem("基本工资", personnel, personnel)]
    b.public_items = [LineItem("办公费", public, public)]
    for key, _ in CONTROL_ROWS:
        b.controls[key] = Amounts(Decimal(1), Decimal(1), Decimal(1))
    b.savings_measures = _text(rng, 200)


def make_report(projects: int, indicators_per_project: int, dept_indicators: int,
                section_chars: int, seed: int = 2024) -> Report:
    rng = random.Random(seed)
    r = new_report(2024, "青溪县总工会")
    r.info.preparer = "李明"
    r.info.phone = "0737-1234567"
    r.info.fill_date = "2025-03-20"
    r.staff.institution_posts = 18
    r.staff.actual_staff = 17
    total = Decimal(0)
    for i in range(projects):
        amount = _money(rng, 5, 60)
        total += amount
        p = Project(name=f"项目{i + 1}：{_text(rng, 8)}", competent_dept="青溪县总工会",
                    implementer="青溪县总工会", category=PROJECT_CATEGORIES[i % 3],
                    goal=_text(rng, 120), achievement=_text(rng, 120),
                    indicators=_indicators(rng, indicators_per_project))
        p.total = Amounts(amount, amount, amount, amount - Decimal("0.5"))
        p.fiscal = Amounts(None, amount, amount, amount - Decimal("0.5"))
        r.projects.append(p)
    _fill_budget(r, rng, total)
    r.dept.goal = _text(rng, 300)
    r.dept.achievement = _text(rng, 300)
    r.dept.indicators = _indicators(rng, dept_indicators)
    r.sections = [_text(rng, section_chars) for _ in SECTIONS]
    return r


def large_report() -> Report:
    return make_report(150, 25, 25, 3000)


def typical_report() -> Report:
    return make_report(5, 12, 12, 800)


def tiny_report() -> Report:
    return make_report(2, 4, 4, 50)
