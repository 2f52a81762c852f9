"""Annex workbooks (附件2/3/4) in the layouts real county and township files use, built in code.

``make_case(variant, seed)`` returns a ``Case``: a small ``Truth`` record (every figure,
name and indicator the file holds, as ``Decimal`` and text) and a ``Layout`` (how the
county printed it). ``write_case(case, folder)`` writes it as .xlsx (openpyxl) or .docx
(python-docx tables, each under its title paragraphs) and returns the path, ready for
``importers.import_paths([path])``.

The layouts are composable knobs (see ``Layout``); ``VARIANTS`` names the combinations
the tests run, each with a few seeded instances. Everything is deterministic for a seed.
All names and numbers are invented.

The mapping the reader is held to (SPEC §5.1, §7, and decisions where the SPEC is silent):
- 附件2's {年}年预算数 column → ``Amounts.initial``; 上年决算数 → ``prior``; 本年决算数 → ``executed``
  (基本支出, 公用经费, every control row, every project row);
- 附件3/4: 年初预算数 → ``initial``, 全年预算数 → ``budget`` (``report.budget.full_year``), 全年执行数 →
  ``executed``; a project's ``total.budget`` only from its 附件4 (``None`` when it has none);
- funding rows 财政资金 → ``general`` / a project's ``fiscal``, 财政专户管理资金 → ``special_account``,
  单位资金 → ``other`` (the generator leaves the 其他资金 row empty whenever 单位资金 is filled);
- one row labelled “上年结转资金 其他资金” with zeros → both ``carried`` and ``other`` are 0;
- ``Indicator.nature`` only when a 指标性质 column prints it; ``target`` is the 年度指标值 cell, with
  the 度量单位 cell appended when that is a separate column; ``manual_score`` only where the printed
  得分 differs from the rule's score at the printed precision;
- ``report.score_places``: None for two decimals, 1 or 0 when the tables print that precision;
- placeholder rows (“指标1”, “……”) and foreign tables (考核评分表, 绩效目标申报表) create nothing;
  a foreign table is named in ``skipped`` with its sheet (or Word table) and title row.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from decimal import Decimal as D
from pathlib import Path
from typing import Optional

from openpyxl.utils import get_column_letter

from model.numbers import round_half_up
from model.scoring import execution_score, round_score

TEN = D(10)


# --------------------------------------------------------------------------- the truth

@dataclass
class Fig:
    """One row's amounts, mapped as the importer must map them."""
    prior: Optional[D] = None      # 上年决算数 (附件2)
    initial: Optional[D] = None    # 年初预算数 (附件3/4) = 附件2's {年}年预算数
    budget: Optional[D] = None     # 全年预算数 (附件3/4)
    executed: Optional[D] = None   # 全年执行数 / 本年决算数


@dataclass
class Ind:
    level1: str
    level2: str
    name: str
    nature: str          # ≥ ≤ 定性, "" for a 时效 date
    number: str          # the target's number ("" for 定性 and dates)
    unit: str            # 计量单位 ("" for 定性)
    target_text: str     # 定性 or date target text
    actual: str          # 实际完成值 as printed, with its unit
    weight: D
    rule: D              # the rule's unrounded score
    manual: Optional[D] = None   # a printed score that really differs from the rule's
    note: str = ""

    @property
    def target(self) -> str:
        """年度指标值 as printed in one cell."""
        return f"{self.nature}{self.number}{self.unit}" if self.number else self.target_text

    def printed(self, places: int) -> D:
        return self.manual if self.manual is not None else round_score(self.rule, self.weight, places)


@dataclass
class Proj:
    name: str
    category: str
    implementer: str
    a2: Fig                              # 附件2 row: prior / initial (本年预算数) / executed
    total: Fig = field(default_factory=Fig)    # 附件4 年度资金总额
    fiscal: Fig = field(default_factory=Fig)
    carried: Fig = field(default_factory=Fig)
    other: Fig = field(default_factory=Fig)
    goal: str = ""
    achievement: str = ""
    indicators: list[Ind] = field(default_factory=list)
    in_annex4: bool = True


@dataclass
class Truth:
    unit: str
    year: int
    initial: D
    full_year: D
    executed: D
    sources: dict[str, Fig]              # model.report.SOURCES keys; missing = all None
    basic: Fig                           # 附件2 prior/initial/executed + 附件3 budget
    project_spending: Fig
    public: Fig
    controls: dict[str, Fig]             # model.report.CONTROL_ROWS keys
    posts: int
    staff: int
    savings: str
    goal: str
    achievement: str
    indicators: list[Ind]
    projects: list[Proj]
    places: int = 2                      # the precision the county printed scores with

    @property
    def score_places(self) -> Optional[int]:
        return None if self.places == 2 else self.places


# --------------------------------------------------------------------------- the layout

@dataclass(frozen=True)
class Layout:
    money: str = "header"          # header | twoline | pairs
    money_fmt: str = "number"      # number | text | wanyuan
    sources: str = "standard"      # standard | fiscal4 (财政资金/财政专户管理资金/单位资金/其他资金)
    proj_funding: str = "standard"  # standard | fiscal4 | merged (“上年结转资金 其他资金” in one cell)
    title: str = "standard"        # standard | pingjia (…绩效评价自评表) | suffix (…支出绩效自评表（部门整体）) | short
    project_label: str = "项目名称"  # or 项目支出名称
    year_line: bool = False        # “（2022年度）” on its own line under a title without the year
    unit_label: str = "预算单位名称"  # 预算单位名称 | 部门 | 单位名称 | 预算单位
    unit_inline: bool = False      # “单位名称：xx” in one cell
    implementer_label: str = "实施单位"  # 实施单位 | 项目单位
    placeholders: bool = False     # “指标1”/“……” rows and a “……” project row in 附件2
    criteria: bool = False         # a 评分标准 column between 分值 and 得分
    criteria_label: str = "评分标准"  # or 指标说明及评分标准
    nature_unit: bool = False      # 指标性质 and 度量单位 as separate columns
    foreign: str = ""              # "" | sheet | stacked: a 考核评分表 and a 绩效目标申报表
    places: int = 2                # printed score precision: 2, 1 or 0
    stacked: bool = False          # every annex on one sheet
    untitled_annex4: bool = False  # 附件4 without their own titles (stacked: those after the first)
    blank: bool = False            # an empty first column and blank rows inside the tables
    merged_levels: bool = True     # 一级/二级 merged vertically (else printed once, blank below)
    adjusted: bool = False         # 年初 ≠ 全年 for 基本/项目 (追加 during the year)
    zero_project: bool = False     # a project whose 附件4 全年预算数 is 0 while its 附件2 年初 is not
    annex2_only: bool = False      # a project that is only a 附件2 row (no 附件4)
    word: bool = False             # the tables typed in a Word document
    word_body: bool = False        # … after the report's text (title and sections), as 附件 at its end
    level1: str = "weight"         # 一级 cell: weight (产出指标（40分）) | plain | numbered (二、产出指标（40分）)
    total_label: str = "年度资金总额"  # or 合计 / 资金总额 for the money block's total row
    template: bool = False         # an unfilled 附件4 template left on its own sheet
    yuan: bool = False             # amounts typed in 元 under “单位：元” (the truth stays in 万元)
    unreadable: bool = False       # the first 附件4's 全年执行数 typed as words (must be named in skipped)


VARIANTS: dict[str, Layout] = {
    "base": Layout(),
    "twoline": Layout(money="twoline"),
    "pairs": Layout(money="pairs"),
    "text-numbers": Layout(money_fmt="text"),
    "wanyuan": Layout(money_fmt="wanyuan"),
    "fiscal4": Layout(sources="fiscal4", proj_funding="fiscal4"),
    "merged-funding-label": Layout(proj_funding="merged"),
    "adjusted": Layout(adjusted=True),
    "zero-project": Layout(zero_project=True),
    "annex2-only-project": Layout(annex2_only=True),
    "title-pingjia": Layout(title="pingjia", unit_label="部门"),
    "title-suffix-yearline": Layout(title="suffix", year_line=True, unit_label="单位名称"),
    "title-short": Layout(title="short", project_label="项目支出名称", year_line=True),
    "unit-inline": Layout(unit_inline=True, unit_label="单位名称", implementer_label="项目单位"),
    "unit-yusuan": Layout(unit_label="预算单位"),
    "placeholders": Layout(placeholders=True),
    "criteria-column": Layout(criteria=True),
    "criteria-explained": Layout(criteria=True, criteria_label="指标说明及评分标准", merged_levels=False),
    "nature-unit-columns": Layout(nature_unit=True),
    "foreign-sheet": Layout(foreign="sheet"),
    "foreign-stacked": Layout(foreign="stacked", stacked=True),
    "places1": Layout(places=1),
    "places0": Layout(places=0),
    "stacked": Layout(stacked=True, untitled_annex4=True),
    "untitled-annex4": Layout(untitled_annex4=True),
    "blank-unmerged": Layout(blank=True, merged_levels=False),
    "unreadable-cell": Layout(unreadable=True),
    "level1-plain-heji": Layout(level1="plain", total_label="合计"),
    "yuan": Layout(yuan=True),
    "template-sheet": Layout(template=True),
    "word-template": Layout(word=True, template=True, level1="plain"),
    "yuan-text": Layout(yuan=True, money_fmt="wanyuan", money="twoline"),
    "level1-numbered": Layout(level1="numbered", total_label="资金总额", money="pairs"),
    "word": Layout(word=True, word_body=True),
    "word-unreadable": Layout(word=True, unreadable=True, nature_unit=True),
    "word-pairs-places1": Layout(word=True, money="pairs", places=1, placeholders=True),
    "mixed": Layout(),   # every knob drawn at random per seed (see ``mixed_layout``)
}


@dataclass
class Case:
    id: str
    layout: Layout
    truth: Truth
    #: foreign tables: (where as the importer names it, its title row (1-based) or None, alone on its sheet/table)
    foreign: list[tuple[str, Optional[int], bool]] = field(default_factory=list)
    #: texts that must not become indicators or projects
    not_data: list[str] = field(default_factory=list)
    #: where each annex table was written, as the importer names it: "annex2", "annex3", project name → label
    where: dict[str, str] = field(default_factory=dict)
    #: unfilled template tables: where — may be named in skipped, must create nothing
    templates: list[str] = field(default_factory=list)
    #: cells that cannot be read: (where, row (1-based)) — must be named in skipped
    garbled: list[tuple[str, int]] = field(default_factory=list)


# --------------------------------------------------------------------------- random truth

_COUNTIES = ("云溪县", "檀山县", "柳塘县", "青岚县", "石屏县")
_UNITS = ("农业农村局", "文化旅游广电体育局", "市场监督管理局", "自然资源局", "退役军人事务局", "总工会")
_TOWNS = ("白沙镇人民政府", "柳湾乡人民政府", "杉木桥镇人民政府")
_PEOPLE = ("林晓", "陈默", "赵一帆", "周雯")


def _money(rng: random.Random, lo: int, hi: int) -> D:
    """An amount in 万元 with two decimals, lo ≤ x ≤ hi."""
    return D(rng.randint(lo * 100, hi * 100)).scaleb(-2)


def _split(rng: random.Random, total: int, n: int) -> list[int]:
    """``total`` points split into ``n`` positive whole weights."""
    cuts = sorted(rng.sample(range(1, total), n - 1)) if n > 1 else []
    return [b - a for a, b in zip([0] + cuts, cuts + [total])]


_BLOCKS = (("成本指标", 20, ("经济成本指标",)),
           ("产出指标", 40, ("数量指标", "质量指标", "时效指标")),
           ("效益指标", 20, ("社会效益指标", "可持续影响指标")),
           ("满意度指标", 10, ("服务对象满意度指标",)))
_QUANT = {   # level2 → (name, unit, target lo, hi) for a ≥ target
    "数量指标": (("培训农技人员", "人次", 80, 300), ("建成示范基地", "个", 5, 40), ("开展巡查", "次", 20, 120),
               ("发放宣传资料", "份", 500, 3000)),
    "质量指标": (("验收合格率", "%", 90, 98), ("档案归集完整率", "%", 92, 99)),
    "社会效益指标": (("受益群众", "户", 200, 900),),
    "可持续影响指标": (("长效管护制度", "项", 2, 9),),
    "服务对象满意度指标": (("服务对象满意度", "%", 85, 95), ("群众满意度", "%", 88, 96)),
}
_COST = (("人均培训成本", "元", 300, 900), ("单个基地补助标准", "万元", 2, 12), ("公用经费支出", "万元", 8, 40))
_QUAL = (("工作机制运行情况", "运行顺畅", "运行顺畅"), ("群众生产生活条件", "有效改善", "有效改善"),
         ("行业监管水平", "明显提升", "明显提升"))


def telling(rows: list[Ind]) -> bool:
    """Whether some rule score needs two decimals (9.42, not 9.4 or 9): the printed precision shows."""
    return any(round_half_up(i.rule, 2) != round_half_up(i.rule, 1) for i in rows if i.manual is None)


def _indicators(rng: random.Random, year: int, force_fraction: bool) -> list[Ind]:
    rows: list[Ind] = []
    used: set[str] = set()

    def fresh(name: str) -> str:
        n, i = name, 2
        while n in used:
            n, i = f"{name}{i}", i + 1
        used.add(n)
        return n

    for level1, total, level2s in _BLOCKS:
        n = rng.randint(1, 3) if total >= 20 else rng.randint(1, 2)
        # rows of a block in the profile's 二级 order (数量 before 质量), as printed tables have them
        chosen = sorted((rng.choice(level2s) for _ in range(n)), key=level2s.index)
        for w, level2 in zip(_split(rng, total, n), chosen):
            weight = D(w)
            if level1 == "成本指标":
                name, unit, lo, hi = rng.choice(_COST)
                a = rng.randint(lo, hi)
                b = rng.randint(max(1, a * 8 // 10), a)
                rows.append(Ind(level1, level2, fresh(name), "≤", str(a), unit, "", f"{b}{unit}", weight, weight))
                continue
            kind = rng.choice(("meet", "short", "qual", "manual")) if level1 != "满意度指标" else "meet"
            if level2 == "时效指标":
                m = rng.randint(6, 12)
                d = rng.randint(1, 20)
                rows.append(Ind(level1, level2, fresh(rng.choice(("任务完成时间", "资金拨付完成时间"))), "", "", "",
                                f"{year}年{m}月{d + 8}日之前完成", f"{year}年{m}月{d}日", weight, weight))
                continue
            if kind == "qual":
                name, target, actual = rng.choice(_QUAL)
                rows.append(Ind(level1, level2, fresh(name), "定性", "", "", target, actual, weight, weight))
                continue
            name, unit, lo, hi = rng.choice(_QUANT.get(level2) or _QUANT["数量指标"])
            a = rng.randint(lo, hi)
            if kind == "short":
                b = rng.randint(max(1, a * 7 // 10), a - 1)
                rule = weight * D(b) / D(a)
                rows.append(Ind(level1, level2, fresh(name), "≥", str(a), unit, "", f"{b}{unit}", weight, rule,
                                note="受天气和项目进度影响未全部完成，下年提前谋划"))
                continue
            b = a + rng.randint(0, max(1, a // 10))
            if unit == "%":
                b = min(b, 100)
            ind = Ind(level1, level2, fresh(name), "≥", str(a), unit, "", f"{b}{unit}", weight, weight)
            if kind == "manual" and weight >= 2:
                ind.manual = weight - 1
                ind.note = "资料报送不及时，按评分细则扣1分"
            rows.append(ind)
    if force_fraction and not telling(rows):
        # one score with two significant decimals, so that the printed precision can be told
        output = [i for i in rows if i.level1 == "产出指标"]
        i = next((i for i in output if i.level2 != "时效指标"), output[0])
        if i.level2 == "时效指标":    # every 产出 row is a date: the first becomes a count (order kept)
            i.level2 = "数量指标"
        i.name, i.nature, i.unit, i.target_text = fresh("培训农技人员"), "≥", "人次", ""
        i.manual, i.note = None, "部分培训因汛期推迟"
        for a, b in ((120, 113), (130, 121), (70, 61), (90, 83), (110, 97)):
            i.number, i.actual, i.rule = str(a), f"{b}人次", i.weight * D(b) / D(a)
            if telling([i]):
                break
    if not any(i.manual is not None for i in rows):
        # a printed score that differs from the rule's: it must come back as a manual score
        for i in rows:
            if i.number and i.nature == "≥" and i.rule == i.weight and i.weight >= 2:
                i.manual, i.note = i.weight - 1, "资料报送不及时，按评分细则扣1分"
                break
    return rows


def make_truth(rng: random.Random, layout: Layout) -> Truth:
    county = rng.choice(_COUNTIES)
    unit = county + rng.choice(_UNITS) if rng.random() < 0.7 else county + rng.choice(_TOWNS)
    year = rng.choice((2021, 2022, 2023, 2024))
    places = layout.places
    # projects
    names = rng.sample(("高标准农田建设", "农村人居环境整治", "基层文化惠民工程", "防汛抗旱物资储备",
                        "特色产业发展奖补", "乡村公益岗位补贴", "农产品质量安全监测"), 3)
    projects: list[Proj] = []
    for i, name in enumerate(names):
        name = f"{year}年{name}项目" if i == 0 else name
        initial = _money(rng, 5, 60)
        prior = _money(rng, 3, 60)
        full = initial + (_money(rng, 0, 9) if layout.adjusted else 0)
        executed = full - (_money(rng, 0, 2) if rng.random() < 0.5 else 0)
        if layout.zero_project and i == 1:
            full, executed = D(0), D(0)
        p = Proj(name=name, category=("业务经费", "专项资金", "专项资金")[i],
                 implementer=rng.choice((unit, county + "农业技术推广中心", county + "文化馆")),
                 a2=Fig(prior=prior, initial=initial, executed=executed))
        p.total = Fig(prior=prior, initial=initial, budget=full, executed=executed)
        if i == 2 and full > 3 and layout.proj_funding != "merged":
            carried = min(full, _money(rng, 1, 3))
            p.fiscal = Fig(initial=initial, budget=full - carried, executed=executed - carried)
            p.carried = Fig(initial=D(0), budget=carried, executed=carried)
            if layout.proj_funding == "fiscal4":   # 单位资金 instead of 上年结转
                p.other, p.carried = Fig(initial=D(0), budget=carried, executed=carried), Fig()
        else:
            p.fiscal = Fig(initial=initial, budget=full, executed=executed)
            if layout.proj_funding == "merged":
                p.carried = Fig(initial=D(0), budget=D(0), executed=D(0))
                p.other = Fig(initial=D(0), budget=D(0), executed=D(0))
        p.goal = f"按期完成{name}年度任务，资金规范使用。"
        p.achievement = f"{name}年度任务{'已全部完成' if executed == full else '基本完成'}，资金按进度拨付。"
        p.indicators = _indicators(rng, year, True)
        projects.append(p)
    if layout.annex2_only:
        projects[-1].in_annex4 = False
        projects[-1].total = replace(projects[-1].a2)      # 附件2's figures only: no 全年预算数
        projects[-1].fiscal = Fig()
        projects[-1].carried = Fig()
        projects[-1].other = Fig()
        projects[-1].goal = projects[-1].achievement = ""
        projects[-1].indicators = []
    proj = Fig(prior=sum((p.a2.prior for p in projects), D(0)), initial=sum((p.a2.initial for p in projects), D(0)),
               executed=sum((p.a2.executed for p in projects), D(0)))
    proj.budget = sum((p.total.budget if p.in_annex4 else p.a2.initial for p in projects), D(0))
    if proj.budget < proj.executed:
        proj.budget = proj.executed
    # basic expenditure
    b_init = _money(rng, 150, 900)
    b_full = b_init + (_money(rng, 5, 40) if layout.adjusted else 0)
    b_exec = b_full - _money(rng, 0, 5)
    basic = Fig(prior=_money(rng, 150, 900), initial=b_init, budget=b_full, executed=b_exec)
    pub_init = _money(rng, 10, 60)
    public = Fig(prior=_money(rng, 10, 60), initial=pub_init, executed=pub_init - _money(rng, 0, 3))
    controls: dict[str, Fig] = {}

    def ctl(key: str, lo: int, hi: int) -> Fig:
        f = Fig(prior=_money(rng, lo, hi), initial=_money(rng, lo, hi))
        f.executed = max(D(0), f.initial - (_money(rng, 0, max(lo, 1)) / 4).quantize(D("0.01")))
        controls[key] = f
        return f
    ctl("office", 2, 9)
    ctl("utilities_travel", 1, 6)
    ctl("meetings_training", 1, 5)
    car_op = ctl("car_operation", 1, 4)
    controls["car_purchase"] = Fig(prior=D(0), initial=D(0), executed=D(0))
    controls["cars"] = replace(car_op)
    controls["overseas"] = Fig(prior=D(0), initial=D(0), executed=D(0))
    rec = ctl("reception", 0, 2)
    controls["three_public"] = Fig(prior=car_op.prior + rec.prior, initial=car_op.initial + rec.initial,
                                   executed=car_op.executed + rec.executed)
    ctl("procurement", 5, 30)
    controls["basic_adjustment"] = Fig(prior=D(0), initial=D(0), executed=b_full - b_init)
    initial = basic.initial + proj.initial
    full = basic.budget + proj.budget
    executed = basic.executed + proj.executed
    # sources: most from the general budget, some from a special account and the unit's own funds
    special = _money(rng, 0, 8) if rng.random() < 0.6 else D(0)
    own = _money(rng, 0, 5) if rng.random() < 0.5 else D(0)
    sources = {"general": Fig(initial=initial - special - own, budget=full - special - own,
                              executed=executed - special - own)}
    if special:
        sources["special_account"] = Fig(initial=special, budget=special, executed=special)
    if own:
        sources["other"] = Fig(initial=own, budget=own, executed=own)
    return Truth(unit=unit, year=year, initial=initial, full_year=full, executed=executed, sources=sources,
                 basic=basic, project_spending=proj, public=public, controls=controls,
                 posts=rng.randint(8, 60), staff=0, savings="严控一般性支出，公务接待按标准执行，会议培训压减三成。",
                 goal="保障机关正常运转，完成年度重点工作任务。",
                 achievement="机关运转正常，年度重点任务全部完成，群众满意度较高。",
                 indicators=_indicators(rng, year, True), projects=projects, places=places)


def mixed_layout(rng: random.Random, word: bool) -> Layout:
    """Every knob at random: the layouts compose."""
    c = rng.choice
    stacked = c((False, True))
    return Layout(money=c(("header", "twoline", "pairs")), money_fmt=c(("number", "text", "wanyuan")),
                  sources=c(("standard", "fiscal4")), proj_funding=c(("standard", "fiscal4", "merged")),
                  title=c(("standard", "pingjia", "suffix", "short")), year_line=c((False, True)),
                  project_label=c(("项目名称", "项目支出名称")),
                  unit_label=c(("预算单位名称", "部门", "单位名称", "预算单位")), unit_inline=c((False, True)),
                  implementer_label=c(("实施单位", "项目单位")), placeholders=c((False, True)),
                  criteria=c((False, True)), criteria_label=c(("评分标准", "指标说明及评分标准")),
                  nature_unit=c((False, True)),
                  foreign=c(("", "sheet", "stacked")) if stacked else c(("", "sheet")), places=c((2, 1, 0)),
                  stacked=stacked, untitled_annex4=stacked and c((False, True)), blank=c((False, True)),
                  merged_levels=c((False, True)), adjusted=c((False, True)), zero_project=c((False, True)),
                  annex2_only=c((False, True)), word=word, level1=c(("weight", "plain", "numbered")),
                  total_label=c(("年度资金总额", "合计", "资金总额")))


def make_case(variant: str, seed: int) -> Case:
    rng = random.Random(f"{variant}-{seed}")
    layout = mixed_layout(rng, word=seed % 3 == 2) if variant == "mixed" else VARIANTS[variant]
    truth = make_truth(rng, layout)
    truth.staff = truth.posts - rng.randint(0, 3)
    return Case(id=f"{variant}-{seed}", layout=layout, truth=truth)


def write_case(case: Case, folder: Path) -> Path:
    blocks = build_blocks(case)
    if case.layout.word:
        return write_docx(case, blocks, Path(folder) / f"{case.id}.docx")
    return write_xlsx(case, blocks, Path(folder) / f"{case.id}.xlsx")


def money_text(value: Optional[D], fmt: str, yuan: bool = False):
    """A money cell as the county typed it (in 元 when the table says “单位：元”)."""
    if value is None:
        return None
    if yuan:
        value = value * 10000
    if fmt == "number":
        return value
    if fmt == "wanyuan":
        return f"{value:.2f}{'元' if yuan else '万元'}"
    return f"{value:.2f}"


def score_text(value: D, places: int) -> str:
    return f"{round_half_up(value, places):.{places}f}"


def exec_figures(weight: D, budget: Optional[D], executed: Optional[D], places: int) -> tuple[str, D]:
    """执行率 as printed and the 得分 printed with the county's precision."""
    if not budget:
        return "—", D(0)
    rate = round_half_up(executed / budget * 100, 2)
    return f"{rate:.2f}%", execution_score(weight, budget, executed, places)


# --------------------------------------------------------------------------- tables as neutral grids

class Grid:
    """Cells by (row, column) and merged ranges; rows are added at the bottom."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], object] = {}
        self.merges: list[tuple[int, int, int, int]] = []
        self.nrows = 0
        self.formats: dict[tuple[int, int], str] = {}
        self.garbled: Optional[int] = None     # the row of a cell that cannot be read, if any

    @property
    def width(self) -> int:
        return 1 + max((c for _, c in self.cells), default=0)

    def put(self, r: int, c: int, value, to: Optional[tuple[int, int]] = None, fmt: str = "") -> None:
        if value is not None and value != "":
            self.cells[(r, c)] = value
            if fmt:
                self.formats[(r, c)] = fmt
        if to and to != (r, c):
            self.merges.append((r, c, to[0], to[1]))
        self.nrows = max(self.nrows, r + 1, (to or (r, c))[0] + 1)

    def row(self, values, c0: int = 0) -> int:
        r = self.nrows
        for i, v in enumerate(values):
            self.put(r, c0 + i, v)
        self.nrows = r + 1
        return r


@dataclass
class Block:
    kind: str                      # annex2 | annex3 | annex4 | foreign | template
    titles: list[str]
    grid: Grid
    sheet: str
    key: str = ""                  # "annex2", "annex3", a project's name; "" for foreign tables


def _titles(case: Case, number: str, title: str) -> list[str]:
    lay, y = case.layout, case.truth.year
    if lay.year_line:
        return [number, title, f"（{y}年度）"]
    return [number, f"{y}年度{title}"]


def _annex3_title(lay: Layout) -> str:
    return {"standard": "部门（单位）整体支出绩效自评表", "pingjia": "部门整体支出绩效评价自评表",
            "suffix": "支出绩效自评表（部门整体）", "short": "部门整体绩效自评表"}[lay.title]


def _annex4_title(lay: Layout) -> str:
    return {"standard": "项目支出绩效自评表", "pingjia": "项目支出绩效评价自评表",
            "suffix": "项目支出绩效自评表", "short": "项目绩效自评表"}[lay.title]


def _footer(g: Grid, truth: Truth, width: int) -> None:
    """The same 填表人/日期/电话 under every table of a file, as a county fills them in."""
    rng = random.Random(f"footer-{truth.unit}-{truth.year}")
    r = g.nrows
    g.put(r, 0, f"填表人：{rng.choice(_PEOPLE)}    填报日期：{truth.year + 1}-03-{rng.randint(10, 28)}    "
                f"联系电话：0739-52{rng.randint(10000, 99999)}    单位负责人签字：", (r, width - 1))


def _annex2(case: Case) -> Block:
    t, lay = case.truth, case.layout
    fmt = lay.money_fmt
    g = Grid()
    y = t.year
    # when the annex tables name the unit their own way, 附件2 does not name it (a township's 附件2
    # often lacks the line), so the unit must come from 附件3
    own_label = lay.unit_label != "预算单位名称" or lay.unit_inline
    g.put(0, 0, "" if own_label else f"单位名称：{t.unit}", (0, 4))
    g.put(0, 5, "单位：元" if lay.yuan else "单位：万元", (0, 6))
    g.put(1, 0, "财政供养人员情况（人）", (2, 0))
    for i, v in enumerate(["编制数", f"{y}年实际在职人数", "控制率"]):
        g.put(1, 1 + i, v)
    rate = round_half_up(D(t.staff) / D(t.posts) * 100, 2)
    for i, v in enumerate([t.posts, t.staff, f"{rate:.2f}%"]):
        g.put(2, 1 + i, v)
    rows: list[tuple[str, Optional[Fig]]] = [
        ("一、部门基本支出", t.basic), ("其中：公用经费", t.public), ("其中：办公经费", t.controls["office"]),
        ("水费、电费、差旅费", t.controls["utilities_travel"]), ("会议费、培训费", t.controls["meetings_training"]),
        ("“三公”经费", t.controls["three_public"]), ("1、公务用车购置和维护经费", t.controls["cars"]),
        ("其中：公务用车购置", t.controls["car_purchase"]), ("公务用车运行维护", t.controls["car_operation"]),
        ("2、出国经费", t.controls["overseas"]), ("3、公务接待", t.controls["reception"]),
        ("二、部门项目支出", t.project_spending)]
    for cat, head in (("业务经费", "1、业务经费（一个项目一行）"), ("运行维护经费", "2、运行维护经费（一个专项一行）"),
                      ("专项资金", "3、专项资金（一个项目一行）")):
        rows.append((head, None))
        mine = [p for p in t.projects if p.category == cat]
        rows += [(p.name, p.a2) for p in mine]
        if not mine:
            rows.append(("……" if lay.placeholders else "", None))
            if lay.placeholders:
                case.not_data.append("……")
    rows += [("政府采购金额", t.controls["procurement"]), ("部门基本支出预算调整", t.controls["basic_adjustment"])]
    r0 = g.nrows
    g.put(r0, 0, "经费控制情况（万元）", (r0 + len(rows), 0))
    sep = "\n" if lay.money == "twoline" else ""
    for i, v in enumerate([f"{y - 1}年{sep}决算数", f"{y}年{sep}预算数", f"{y}年{sep}决算数"]):
        g.put(r0, 2 + i, v)
    for i, (label, fig) in enumerate(rows):
        r = r0 + 1 + i
        g.put(r, 1, label)
        if fig is not None:
            for j, v in enumerate((fig.prior, fig.initial, fig.executed)):
                g.put(r, 2 + j, money_text(v, fmt, lay.yuan))
    r = g.nrows
    g.put(r, 0, f"楼堂馆所控制情况（{y}年完工项目）", (r + 1, 0))
    for i, v in enumerate(["批复规模（㎡）", "实际规模（㎡）", "规模控制率", "预算投资（万元）", "实际投资（万元）",
                           "投资概算控制率"]):
        g.put(r, 1 + i, v)
        g.put(r + 1, 1 + i, "—")
    r = g.nrows
    g.put(r, 0, "厉行节约保障措施")
    g.put(r, 1, t.savings, (r, 6))
    _footer(g, t, 7)
    titles = _titles(case, "附件2", "部门（单位）整体支出绩效评价基础数据表")
    return Block("annex2", titles, g, "附件2", "annex2")


def _money_block(g: Grid, case: Case, label: str, rows: list[tuple[str, Optional[Fig]]], total: Fig,
                 placeholder_none: str) -> tuple[int, int]:
    """The 年初/全年/执行 block: a header row with values below, or label/value pairs on each row.
    Returns the cell of the total's 全年执行数."""
    lay, places = case.layout, case.truth.places
    rate, score = exec_figures(TEN, total.budget, total.executed, places)
    rate_fmt = ""
    if lay.money_fmt == "number" and total.budget:   # a number formatted 0.00%, as Excel keeps it
        rate, rate_fmt = round_half_up(total.executed / total.budget, 4), "0.00%"
    score, score_fmt = _score_cell(lay, score, places)
    r0 = g.nrows
    heads = ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    if lay.money == "twoline":
        heads = ["年初\n预算数", "全年\n预算数", "全年\n执行数", "分值", "执行率", "得分"]

    def amounts(fig: Optional[Fig]):
        if fig is None:
            return [placeholder_none] * 3
        return [money_text(v, lay.money_fmt, lay.yuan) if v is not None else placeholder_none
                for v in (fig.initial, fig.budget, fig.executed)]
    if lay.money == "pairs":
        g.put(r0, 0, label, (r0 + len(rows) - 1, 0))
        for i, (rl, fig) in enumerate(rows):
            r = r0 + i
            g.put(r, 1, rl)
            vals = amounts(fig)
            cells = ["年初预算数", vals[0], "全年预算数", vals[1], "全年执行数", vals[2]]
            if i == 0:
                cells += ["分值", 10, "执行率", rate, "得分", score]
            for j, v in enumerate(cells):
                g.put(r, 2 + j, v, fmt={9: rate_fmt, 11: score_fmt}.get(j, "") if i == 0 else "")
        return r0, 7
    g.put(r0, 0, label, (r0 + len(rows), 0))
    for j, h in enumerate(heads):
        g.put(r0, 2 + j, h)
    for i, (rl, fig) in enumerate(rows):
        r = r0 + 1 + i
        g.put(r, 1, rl)
        for j, v in enumerate(amounts(fig)):
            g.put(r, 2 + j, v)
        if i == 0:
            g.put(r, 5, 10)
            g.put(r, 6, rate, fmt=rate_fmt)
            g.put(r, 7, score, fmt=score_fmt)
    return r0 + 1, 4


def _goals(g: Grid, goal: str, achievement: str, width: int) -> None:
    r = g.nrows
    mid = max(2, width // 2)
    g.put(r, 0, "年度总体目标", (r + 1, 0))
    g.put(r, 1, "预期目标", (r, mid - 1))
    g.put(r, mid, "实际完成情况", (r, width - 1))
    g.put(r + 1, 1, goal, (r + 1, mid - 1))
    g.put(r + 1, mid, achievement, (r + 1, width - 1))


def _ind_columns(lay: Layout) -> list[str]:
    cols = ["一级指标", "二级指标", "三级指标"]
    cols += ["指标性质"] if lay.nature_unit else []
    cols += ["年度指标值"] + (["度量单位"] if lay.nature_unit else []) + ["实际完成值", "分值"]
    cols += [lay.criteria_label] if lay.criteria else []
    return cols + ["得分", "偏差原因分析及改进措施"]


_CRITERIA = "完成目标值得满分，未完成按完成比例计分"


def _indicator_grid(g: Grid, case: Case, inds: list[Ind], exec_score: D, with_placeholders: bool) -> None:
    lay, places = case.layout, case.truth.places
    cols = _ind_columns(lay)
    at = {name: 1 + i for i, name in enumerate(cols)}
    hr = g.nrows
    for name, c in at.items():
        g.put(hr, c, name)
    blocks: list[tuple[str, list]] = []
    for ind in inds:
        if not blocks or blocks[-1][0] != ind.level1:
            blocks.append((ind.level1, []))
        blocks[-1][1].append(ind)
    r = hr + 1
    total = exec_score
    for bi, (level1, rows) in enumerate(blocks):
        weight = sum((i.weight for i in rows), D(0))
        items: list = list(rows)
        if with_placeholders and level1 == "产出指标":
            items += ["指标1", "指标2", "……"]
        start = r
        runs: list[list[int]] = []     # rows of consecutive indicators with the same 二级指标
        for ind in items:
            if isinstance(ind, str):   # a template placeholder row: a name and nothing else
                g.put(r, at["三级指标"], ind)
                if ind == "……":
                    g.put(r, at["二级指标"], "……")
                    g.put(r, at["年度指标值"], "……")
                runs.append([])
                r += 1
                continue
            if not runs or not runs[-1] or items[items.index(ind) - 1].level2 != ind.level2:
                g.put(r, at["二级指标"], ind.level2)
                runs.append([r])
            else:
                runs[-1].append(r)
            g.put(r, at["三级指标"], ind.name)
            if lay.nature_unit:
                g.put(r, at["指标性质"], ind.nature)
                g.put(r, at["年度指标值"], ind.number or ind.target_text)
                g.put(r, at["度量单位"], ind.unit)
                actual = ind.actual[: -len(ind.unit)] if ind.unit and ind.actual.endswith(ind.unit) else ind.actual
                g.put(r, at["实际完成值"], actual)
            else:
                g.put(r, at["年度指标值"], ind.target)
                g.put(r, at["实际完成值"], ind.actual)
            g.put(r, at["分值"], int(ind.weight))
            if lay.criteria:
                g.put(r, at[lay.criteria_label], _CRITERIA)
            printed = ind.printed(places)
            total += printed
            value, fmt = _score_cell(lay, printed, places)
            g.put(r, at["得分"], value, fmt=fmt)
            g.put(r, at["偏差原因分析及改进措施"], ind.note)
            r += 1
        if lay.merged_levels:
            for run in runs:
                if len(run) > 1:
                    g.merges.append((run[0], at["二级指标"], run[-1], at["二级指标"]))
        g.put(start, at["一级指标"], _level1_text(lay, bi, level1, weight),
              (r - 1, at["一级指标"]) if lay.merged_levels else None)
        g.nrows = r
        if lay.blank and bi == 0:
            r += 1          # a blank row inside the grid
            g.nrows = r
    g.put(hr, 0, "绩效指标", (r - 1, 0))
    g.put(r, 0, "总分", (r, at["分值"] - 1))
    g.put(r, at["分值"], 100)
    value, fmt = _score_cell(lay, total, places)
    g.put(r, at["得分"], value, fmt=fmt)
    g.nrows = r + 1
    return None


def _level1_text(lay: Layout, index: int, level1: str, weight: D) -> str:
    """“产出指标（40分）”, “产出指标” (no weight) or “二、产出指标（40分）”."""
    if lay.level1 == "plain":
        return level1
    if lay.level1 == "numbered":
        return f"{'一二三四五'[index]}、{level1}（{weight}分）"
    return f"{level1}（{weight}分）"


def _score_cell(lay: Layout, value: D, places: int) -> tuple[object, str]:
    """A printed score: text with its decimals when the county typed numbers as text, else a
    number with the cell format that shows the county's precision."""
    if lay.money_fmt == "text":
        return score_text(value, places), ""
    return value, "0" + ("." + "0" * places if places else "")


def _yuan_line(g: Grid, lay: Layout, width: int) -> int:
    """“单位：元” over the grid when the county typed 元; the next free row."""
    if not lay.yuan:
        return 0
    g.put(0, width - 2, "单位：元", (0, width - 1))
    return 1


def _table_start(g: Grid, lay: Layout) -> tuple[int, int]:
    """The width of a 附件3/4 grid (wide enough for label/value pairs) and its first row after the 元 line."""
    width = 1 + len(_ind_columns(lay))
    if lay.money == "pairs":
        width = max(width, 14)
    return width, _yuan_line(g, lay, width)


def _annex3(case: Case) -> Block:
    t, lay = case.truth, case.layout
    g = Grid()
    width, r0 = _table_start(g, lay)
    if lay.unit_inline:
        g.put(r0, 0, f"{lay.unit_label}：{t.unit}", (r0, width - 1))
    else:
        g.put(r0, 0, lay.unit_label)
        g.put(r0, 1, t.unit, (r0, width - 1))
    s = t.sources
    total = Fig(initial=t.initial, budget=t.full_year, executed=t.executed)
    if lay.sources == "fiscal4":
        rows = [(lay.total_label, total), ("其中：财政资金", s.get("general")), ("财政专户管理资金", s.get("special_account")),
                ("单位资金", s.get("other")), ("其他资金", None)]
    else:
        rows = [(lay.total_label, total), ("其中：一般公共预算", s.get("general")), ("政府性基金拨款", None),
                ("纳入专户管理的非税收入拨款", s.get("special_account")), ("其他", s.get("other"))]
    rows += [("按支出性质分：基本支出", t.basic), ("项目支出", t.project_spending)]
    _money_block(g, case, f"年度预算申请（{'元' if lay.yuan else '万元'}）", rows, total, "—")
    if lay.blank:
        g.nrows += 1
    _goals(g, t.goal, t.achievement, width)
    exec_score = exec_figures(TEN, t.full_year, t.executed, t.places)[1]
    _indicator_grid(g, case, t.indicators, exec_score, lay.placeholders)
    if lay.placeholders:
        case.not_data += ["指标1", "指标2", "……"]
    _footer(g, t, width)
    return Block("annex3", _titles(case, "附件3", _annex3_title(lay)), g, "附件3", "annex3")


def _annex4(case: Case, p: Proj, number: int, titled: bool) -> Block:
    t, lay = case.truth, case.layout
    g = Grid()
    width, r0 = _table_start(g, lay)
    g.put(r0, 0, lay.project_label)
    g.put(r0, 1, p.name, (r0, width - 1))
    mid = width // 2
    g.put(r0 + 1, 0, "主管部门")
    g.put(r0 + 1, 1, t.unit, (r0 + 1, mid - 1))
    g.put(r0 + 1, mid, lay.implementer_label)
    g.put(r0 + 1, mid + 1, p.implementer, (r0 + 1, width - 1))
    if lay.proj_funding == "fiscal4":
        rows = [(lay.total_label, p.total), ("其中：财政资金", p.fiscal), ("财政专户管理资金", None),
                ("单位资金", p.other), ("其他资金", None)]
    elif lay.proj_funding == "merged":
        rows = [(lay.total_label, p.total), ("其中：当年财政拨款", p.fiscal), ("上年结转资金 其他资金", p.carried)]
    else:
        rows = [(lay.total_label, p.total), ("其中：当年财政拨款", p.fiscal),
                ("上年结转资金", p.carried if p.carried.budget is not None else None),
                ("其他资金", p.other if p.other.budget is not None else None)]
    cell = _money_block(g, case, f"项目资金（{'元' if lay.yuan else '万元'}）", rows, p.total, "")
    if lay.unreadable and number == 1:
        # a figure typed as words: it cannot be read (附件2 still gives the project's 决算数)
        g.cells[cell] = "见项目明细表"
        g.formats.pop(cell, None)
        g.garbled = cell[0]
    _goals(g, p.goal, p.achievement, width)
    exec_score = exec_figures(TEN, p.total.budget, p.total.executed, t.places)[1]
    _indicator_grid(g, case, p.indicators, exec_score, False)
    _footer(g, t, width)
    titles = _titles(case, "附件4", _annex4_title(lay)) if titled else []
    return Block("annex4", titles, g, f"附件4-{number}", p.name)


def _foreign(case: Case) -> list[Block]:
    """The finance bureau's 考核评分表 and a 绩效目标申报表: not annexes of this report."""
    t = case.truth
    g = Grid()
    g.row(["考核内容", "一级指标", "二级指标", "三级指标", "分值", "评分标准", "得分"])
    scores = (("部门决策", "决策", "绩效目标", "绩效目标合理性", 4, "目标与职责相符得4分", 4),
              ("部门管理", "过程", "资金管理", "预算编制规范性", 6, "编制规范得6分，每发现一处问题扣1分", 5),
              ("部门产出", "产出", "职责履行", "重点工作完成率", 50, "按完成比例计分", 48),
              ("部门效果", "效益", "社会效益", "群众获得感", 40, "抽样调查评分", 37))
    for row in scores:
        g.row(list(row))
    g.row(["合计", None, None, None, 100, None, 94])
    foreign = [Block("foreign", [f"{t.year}年度部门整体支出绩效评价考核评分表"], g, "考核评分表")]
    case.not_data += ["绩效目标合理性", "预算编制规范性", "重点工作完成率", "群众获得感"]
    h = Grid()
    new = f"{t.year + 1}年乡村道路养护提质"
    h.put(0, 0, "项目名称")
    h.put(0, 1, new, (0, 4))
    h.put(1, 0, "主管部门")
    h.put(1, 1, t.unit, (1, 4))
    h.put(2, 0, "年度绩效目标")
    h.put(2, 1, "完成乡村道路养护120公里。", (2, 4))
    h.row(["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"])
    h.row([None, "产出指标", "数量指标", "养护里程", "≥120公里"])
    h.row([None, "效益指标", "社会效益指标", "群众出行便利度", "明显提升"])
    h.merges.append((3, 0, 5, 0))
    foreign.append(Block("foreign", [f"{t.year + 1}年度项目支出绩效目标申报表"], h, "绩效目标申报表"))
    case.not_data += [new, "养护里程", "群众出行便利度"]
    return foreign


def _template(case: Case) -> Block:
    """An unfilled 附件4 left in the workbook: labels only, placeholder indicator names."""
    lay = case.layout
    g = Grid()
    g.row([lay.project_label])
    g.row(["主管部门", None, None, None, lay.implementer_label])
    g.row(["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    for label in ("年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"):
        g.row([None, label])
    g.merges.append((2, 0, 6, 0))
    g.row(["年度总体目标", "预期目标", None, None, None, "实际完成情况"])
    g.row([])
    g.row(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
           "偏差原因分析及改进措施"])
    for level1, weight in (("成本指标", 20), ("产出指标", 40), ("效益指标", 20), ("满意度指标", 10)):
        g.row([None, f"{level1}（{weight}分）", None, "指标1"])
        g.row([None, None, None, "指标2"])
    g.row(["总分", None, None, None, None, None, 100])
    g.row(["填表人：      填报日期：      联系电话：      单位负责人签字："])
    case.not_data += ["指标1", "指标2"]
    return Block("template", _titles(case, "附件4", _annex4_title(lay)), g, "附件4（空表）", "")


def build_blocks(case: Case) -> list[Block]:
    lay = case.layout
    blocks = [_annex2(case), _annex3(case)]
    foreign = _foreign(case) if lay.foreign else []
    if lay.foreign == "stacked":
        blocks.append(foreign.pop(0))
    number = 0
    for p in case.truth.projects:
        if p.in_annex4:
            number += 1
            # stacked: the tables after the first go without a title; on their own sheets: all of them
            untitled = lay.untitled_annex4 and (number > 1 or not lay.stacked)
            blocks.append(_annex4(case, p, number, titled=not untitled))
    return blocks + foreign + ([_template(case)] if lay.template else [])


# --------------------------------------------------------------------------- writers

def _merge(ws, r1: int, c1: int, r2: int, c2: int) -> None:
    """A merged range as Excel stores it, without ``merge_cells``' per-cell border formatting
    (the covered cells are empty anyway); that formatting is most of the writing time."""
    from openpyxl.worksheet.merge import MergedCellRange
    ws.merged_cells.add(MergedCellRange(ws, f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}"))


def write_xlsx(case: Case, blocks: list[Block], path: Path) -> Path:
    import openpyxl
    lay = case.layout
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    ws = None
    top = 1
    c0 = 2 if lay.blank else 1
    for b in blocks:
        on_main = lay.stacked and b.kind != "template" and (b.kind != "foreign" or lay.foreign == "stacked")
        if ws is None or not on_main or not lay.stacked:
            ws = wb.create_sheet("自评表" if on_main else b.sheet)
            top = 1
        elif top > 1:
            top += 2 if lay.blank else 1
        width = b.grid.width
        for i, text in enumerate(b.titles):
            ws.cell(row=top, column=c0, value=text)
            if i > 0:
                _merge(ws, top, c0, top, c0 + width - 1)
            top += 1
        if b.kind == "foreign":
            case.foreign.append((f"工作表“{ws.title}”", top - len(b.titles), not on_main))
        elif b.kind == "template":
            case.templates.append(f"工作表“{ws.title}”")
        else:
            case.where[b.key] = f"工作表“{ws.title}”"
        if lay.blank and b.titles:
            top += 1
        if b.grid.garbled is not None:
            case.garbled.append((case.where[b.key], top + b.grid.garbled))
        for (r, c), v in b.grid.cells.items():
            cell = ws.cell(row=top + r, column=c0 + c, value=v)
            fmt = b.grid.formats.get((r, c))
            if fmt and isinstance(v, D):
                cell.number_format = fmt
            elif isinstance(v, D):
                cell.number_format = "0.00"
        for r1, col1, r2, col2 in b.grid.merges:
            _merge(ws, top + r1, c0 + col1, top + r2, c0 + col2)
        top += b.grid.nrows
    wb.save(path)
    return path


def _docx_text(v, fmt: str = "") -> str:
    if isinstance(v, D) and fmt.endswith("%"):
        return f"{v * 100:.2f}%"
    if isinstance(v, D) and fmt:
        places = len(fmt.partition(".")[2])
        return f"{round_half_up(v, places):.{places}f}"
    if isinstance(v, D):
        return format(v, "f")
    return "" if v is None else str(v)


def write_docx(case: Case, blocks: list[Block], path: Path) -> Path:
    import docx
    doc = docx.Document()
    number = 0
    t = case.truth
    if case.layout.word_body:
        for text in (f"{t.unit}{t.year}年度部门整体支出绩效自评报告", "一、部门（单位）基本情况",
                     f"本单位内设股室4个，年末实有在职人员{t.staff}人。",
                     "二、一般公共预算支出情况", f"全年支出{t.executed}万元，其中基本支出{t.basic.executed}万元。",
                     "三、存在的问题及原因分析", "个别项目资金拨付进度偏慢。", "四、下一步改进措施",
                     "加快项目资金拨付进度。", t.unit, f"{t.year + 1}年3月20日"):
            doc.add_paragraph(text)
    for b in blocks:
        for text in b.titles:
            doc.add_paragraph(text)
        g = b.grid
        table = doc.add_table(rows=g.nrows, cols=g.width)
        number += 1
        if b.kind == "foreign":
            case.foreign.append((f"Word 第 {number} 个表格", None, True))
        elif b.kind == "template":
            case.templates.append(f"Word 第 {number} 个表格")
        else:
            case.where[b.key] = f"Word 第 {number} 个表格"
        if g.garbled is not None:
            case.garbled.append((case.where[b.key], g.garbled + 1))
        cells = [list(row.cells) for row in table.rows]    # table.cell() rebuilds the list on every call
        for (r, c), v in g.cells.items():
            cells[r][c].text = _docx_text(v, g.formats.get((r, c), ""))
        for r1, c1, r2, c2 in g.merges:
            keep = cells[r1][c1].text
            cells[r1][c1].merge(cells[r2][c2]).text = keep
        doc.add_paragraph("")
    doc.save(path)
    return path


if __name__ == "__main__":   # write one case to look at: python annex_layouts.py pairs 0 /tmp/out
    import sys
    _case = make_case(sys.argv[1], int(sys.argv[2]))
    print(write_case(_case, Path(sys.argv[3] if len(sys.argv) > 3 else ".")))
    print(_case.layout)
