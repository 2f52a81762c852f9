"""Find and read the annex tables (附件2, 附件3, 附件4) in neutral grids.

Tables are found by their labels, never by cell addresses: a title containing
基础数据表 / 整体支出绩效自评表 / 项目支出绩效自评表 (also spread over two rows),
else the labels inside (编制数, 预算单位名称, 项目名称, 一级指标 …). Inside a table,
header rows are recognised by their labels (年初预算数, 全年预算数, 全年执行数;
一级指标, 三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因…) and every value is
read from the column under its header, so extra or blank columns and rows do
not matter. Merged ranges arrive filled with their top-left text.

What cannot be read becomes a line in ``skipped`` (with its place in the file);
what should be looked at becomes a line in ``review``. Nothing raises on odd
content: only the file readers raise ``ImportError_``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Optional

from model.numbers import NumberError, parse_decimal, parse_int, parse_money, round_half_up
from model.profiles import get_profile, list_profiles
from model.report import GRADES, NATURES, Indicator, Project, Report
from model.scoring import DATE, QUALITATIVE, execution_score, score_indicator

from .grid import SourceGrid, key

ANNEX2 = "annex2"
ANNEX3 = "annex3"
ANNEX4 = "annex4"
ANNEX_NAMES = {ANNEX2: "附件2 基础数据表", ANNEX3: "附件3 部门整体支出绩效自评表",
               ANNEX4: "附件4 项目支出绩效自评表"}

_TITLE_MARKS = ((ANNEX2, ("基础数据表",)),
                (ANNEX4, ("项目支出绩效自评表", "项目支出绩效评价表", "项目绩效自评表")),
                (ANNEX3, ("整体支出绩效自评表", "整体支出绩效评价表", "整体绩效自评表")))
_YEAR_RE = re.compile(r"((?:19|20|21)\d{2})\s*年")


# --------------------------------------------------------------------------- results

@dataclass
class AnnexData:
    """What the annex tables of one file held, merged into ``report``."""
    report: Report
    kinds: dict[str, int] = field(default_factory=dict)   # annex kind → tables read
    taken: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)        # evaluated years seen in titles/headers
    profile_votes: list[str] = field(default_factory=list)
    #: ids of projects in the order their 附件4 tables came (the county's own numbering)
    annex4_order: list[int] = field(default_factory=list)

    @property
    def found(self) -> int:
        return sum(self.kinds.values())


def read_grids(grids: list[SourceGrid], into: Optional[AnnexData] = None,
               only: Optional[set[str]] = None) -> AnnexData:
    """Read every annex table in ``grids`` (optionally only the kinds in ``only``)."""
    data = into or AnnexData(Report())
    for g in grids:
        for seg in segments(g):
            if only is not None and seg.kind not in only:
                data.skipped.append(f"{g.label}中的{ANNEX_NAMES[seg.kind]}未导入（已从 Excel 文件导入同一表格）")
                continue
            reader = _Reader(data, seg)
            try:
                reader.run()
            except (NumberError, ValueError, ArithmeticError) as e:  # pragma: no cover - defensive
                data.skipped.append(f"{g.label}第{seg.r0 + 1}行起的表格无法读取：{e}")
            data.kinds[seg.kind] = data.kinds.get(seg.kind, 0) + 1
    _settle_profile(data)
    return data


# --------------------------------------------------------------------------- segmentation

@dataclass
class Segment:
    grid: SourceGrid
    kind: str
    r0: int                 # first row (title or first label)
    r1: int                 # one past the last row
    title: str = ""


def _title_kind(text: str) -> Optional[str]:
    k = key(text)
    if len(k) > 60:
        return None
    for kind, marks in _TITLE_MARKS:
        if any(m in k for m in marks):
            return kind
    return None


def _is_titleish(g: SourceGrid, r: int) -> bool:
    texts = g.row_texts(r)
    return len(texts) == 1 and len(key(texts[0])) <= 40


def segments(g: SourceGrid) -> list[Segment]:
    """The annex tables in a grid, in order."""
    starts: list[tuple[int, str, str]] = []
    r = 0
    while r < g.nrows:
        texts = g.row_texts(r)
        if len(texts) == 1 or (texts and len(key("".join(texts))) <= 40 and len(texts) <= 2):
            joined = "".join(texts)
            kind = _title_kind(joined)
            if kind:
                starts.append((r, kind, joined))
                r += 1
                continue
            # a title spread over two rows
            if r + 1 < g.nrows and _is_titleish(g, r + 1) and len(texts) == 1:
                joined2 = joined + "".join(g.row_texts(r + 1))
                kind = _title_kind(joined2)
                if kind and not _title_kind("".join(g.row_texts(r + 1))):
                    starts.append((r, kind, joined2))
                    r += 2
                    continue
        r += 1
    out: list[Segment] = []
    if not starts:
        kind = _content_kind(g, 0, g.nrows)
        if kind:
            out.append(Segment(g, kind, 0, g.nrows, " ".join(g.context)))
    else:
        if starts[0][0] > 0:
            kind = _content_kind(g, 0, starts[0][0])
            if kind and _has_body(g, 0, starts[0][0]):
                out.append(Segment(g, kind, 0, starts[0][0], " ".join(g.context)))
        for i, (r, kind, title) in enumerate(starts):
            end = starts[i + 1][0] if i + 1 < len(starts) else g.nrows
            out.append(Segment(g, kind, r, end, title))
    # several 附件4 tables stacked without their own titles: split at each 项目名称 row
    final: list[Segment] = []
    for seg in out:
        if seg.kind != ANNEX4:
            final.append(seg)
            continue
        name_rows = [r for r in range(seg.r0, seg.r1) if _find_in_row(g, r, _is_project_label) is not None]
        if len(name_rows) <= 1:
            final.append(seg)
            continue
        bounds = [seg.r0] + name_rows[1:] + [seg.r1]
        for a, b in zip(bounds, bounds[1:]):
            final.append(Segment(g, ANNEX4, a, b, seg.title if a == seg.r0 else ""))
    return final


def _has_body(g: SourceGrid, r0: int, r1: int) -> bool:
    return sum(1 for r in range(r0, r1) if len(g.row_texts(r)) >= 3) >= 2


def _content_kind(g: SourceGrid, r0: int, r1: int) -> Optional[str]:
    keys = set()
    for r in range(r0, r1):
        for t in g.row_texts(r):
            keys.add(key(t))
    joined = "|".join(keys)
    has_ind = "一级指标" in joined or "三级指标" in joined
    if has_ind and any(_is_project_label(k) for k in keys):
        return ANNEX4
    if "预算单位名称" in joined or has_ind:
        return ANNEX3
    if "编制数" in joined or "三公经费" in joined or "部门基本支出" in joined:
        return ANNEX2
    kind = _title_kind(" ".join(g.context))
    if kind and _has_body(g, r0, r1):
        return kind
    return None


def _is_project_label(k: str) -> bool:
    k = key(k).rstrip(":")
    return k in ("项目名称", "项目支出名称", "项目名称(全称)") or (k.startswith("项目") and k.endswith("名称")
                                                           and len(k) <= 8)


def _find_in_row(g: SourceGrid, r: int, pred: Callable[[str], bool]) -> Optional[int]:
    for c in range(g.ncols):
        t = g.cells[r][c]
        if t and pred(t):
            return c
    return None


# --------------------------------------------------------------------------- value helpers

def _money(text: str, factor: Decimal = Decimal(1)) -> Optional[Decimal]:
    t = text.strip()
    if not t:
        return None
    t = re.sub(r"\s+", "", t)
    value = parse_money(t)
    if value is None:
        return None
    if factor != 1 and not re.search(r"元|万", t):
        value = round_half_up(value * factor, 4) if (value * factor).as_tuple().exponent < -4 \
            else value * factor
    return value


def _number(text: str) -> Optional[Decimal]:
    t = key(text)
    if t in ("", "-", "—", "——", "/", "无"):
        return None
    t = re.sub(r"分$", "", t)
    return parse_decimal(t)


_CORE_L1 = (("成本", "成本指标"), ("产出", "产出指标"), ("效益", "效益指标"), ("满意", "满意度指标"),
            ("执行率", "预算执行率"))


def split_level1(text: str) -> tuple[str, Optional[Decimal]]:
    """“产出指标（40分）” / “产出指标 40” / “一、产出指标” → ("产出指标", 40)."""
    k = key(text)
    weight = None
    m = re.search(r"\(?(\d+(?:\.\d+)?)分?\)?$", k)
    if m and m.start() > 0:
        try:
            weight = parse_decimal(m.group(1))   # the bounds every stored number keeps
        except NumberError:
            weight = None
        k = k[: m.start()]
    k = re.sub(r"^[一二三四五六七八九十\d]+[、.)]", "", k).strip("():")
    for core, name in _CORE_L1:
        if core in k and len(k) <= len(name) + 4:
            return name, weight
    return k or text.strip(), weight


def _level2_names() -> list[str]:
    names: list[str] = []
    for p in list_profiles():
        for b in p.blocks:
            for n in b.level2:
                if n not in names:
                    names.append(n)
    return names


def split_level2(text: str) -> str:
    k = key(text)
    k = re.sub(r"\(?\d+(?:\.\d+)?分?\)?$", "", k) if re.search(r"\D", k) else k
    k = re.sub(r"^[一二三四五六七八九十\d]+[、.)]", "", k).strip("():")
    core = k[:-2] if k.endswith("指标") else k
    for n in _level2_names():
        if core and (n == k or n[:-2] == core):
            return n
    return k


# --------------------------------------------------------------------------- the reader

_BUDGET_ROLES = (
    ("initial", ("年初预算数", "年初预算")),
    ("budget", ("全年预算数", "调整后预算数", "全年预算")),
    ("executed", ("全年执行数", "全年实际支出", "实际执行数", "执行数")),
    ("weight", ("分值",)),
    ("rate", ("执行率",)),
    ("score", ("得分",)),
    ("note", ("偏差原因", "原因分析", "偏差说明")),
)

_IND_ROLES = (
    ("level1", ("一级指标",)),
    ("level2", ("二级指标",)),
    ("name", ("三级指标", "指标名称", "具体指标")),
    ("nature", ("指标性质",)),
    ("actual", ("实际完成值", "全年实际值", "实际完成情况", "实际值", "完成值")),
    ("target", ("年度指标值", "年度目标值", "指标值", "目标值", "预期值")),
    ("unit", ("计量单位", "度量单位")),
    ("weight", ("分值", "权重")),
    ("score", ("得分", "评分")),
    ("note", ("偏差原因", "原因分析", "改进措施", "偏差")),
)

_SOURCE_LABELS = (
    ("general", ("一般公共预算", "财政拨款")),
    ("gov_fund", ("政府性基金",)),
    ("state_capital", ("国有资本",)),
    ("social_insurance", ("社会保险基金",)),
    ("special_account", ("纳入专户", "非税收入")),
    ("other", ("单位资金", "其他资金", "其他")),
)

_CONTROL_LABELS = (   # checked in this order: longer and more specific first
    ("basic_adjustment", ("部门基本支出预算调整", "基本支出预算调整")),
    ("basic", ("部门基本支出",)),
    ("project_spending", ("部门项目支出",)),
    ("cars", ("公务用车购置和维护经费", "公务用车购置及运行维护", "公务用车购置和运行维护")),
    ("car_purchase", ("公务用车购置",)),
    ("car_operation", ("公务用车运行维护", "公务用车运行")),
    ("overseas", ("出国经费", "因公出国")),
    ("reception", ("公务接待",)),
    ("three_public", ("三公经费",)),
    ("office", ("办公经费",)),
    ("utilities_travel", ("水费电费差旅费", "水电费差旅费", "水费、电费、差旅费")),
    ("meetings_training", ("会议费培训费", "会议费、培训费")),
    ("public", ("公用经费",)),
    ("procurement", ("政府采购金额", "政府采购")),
)
_ROLE_NAMES = {"prior": "上年决算数", "budget": "本年预算数", "executed": "本年决算数"}
_CATEGORIES = (("业务经费", "业务经费"), ("运行维护经费", "运行维护经费"), ("专项资金", "专项资金"))
_FOOTER_FIELDS = (("preparer", "填表人"), ("fill_date", "填报日期"), ("phone", "联系电话"),
                  ("head", "单位负责人"))


def _strip_label(k: str) -> str:
    """Drop numbering and 其中 from a row label key: “1、业务经费（一个项目一行）” → “业务经费(一个项目一行)”."""
    k = re.sub(r"^(其中[:：]?)", "", k)
    k = re.sub(r"^(?:([一二三四五六七八九十]+|\d+)[、.)]|\((?:[一二三四五六七八九十]+|\d+)\)[、.]?)", "", k)
    k = re.sub(r"^(其中[:：]?)", "", k)
    return k.rstrip(":")


class _Reader:
    def __init__(self, data: AnnexData, seg: Segment):
        self.d = data
        self.seg = seg
        self.g = seg.grid
        self.factor = Decimal(1)
        self.report = data.report
        self.where_table = f"{self.g.label}的{ANNEX_NAMES[seg.kind]}"

    # ----------------------------------------------------------------- basics
    def rows(self, start: Optional[int] = None, end: Optional[int] = None):
        return range(self.seg.r0 if start is None else start, self.seg.r1 if end is None else end)

    def skip(self, r: int, c: Optional[int], text: str, why: str) -> None:
        self.d.skipped.append(f"{self.g.where(r, c)}“{text}”{why}")

    def money(self, r: int, c: int, what: str) -> Optional[Decimal]:
        text = self.g.text(r, c)
        try:
            return _money(text, self.factor)
        except NumberError as e:
            self.skip(r, c, text, f"（{what}）无法识别，未导入：{e}")
            return None

    def find(self, pred: Callable[[str], bool], start: Optional[int] = None,
             end: Optional[int] = None) -> Optional[tuple[int, int]]:
        for r in self.rows(start, end):
            c = _find_in_row(self.g, r, pred)
            if c is not None:
                return r, c
        return None

    def right_of(self, r: int, c: int) -> tuple[str, Optional[int]]:
        """The first text right of the label at (r, c) outside the label's merged range."""
        g = self.g
        for cc in range(c + 1, g.ncols):
            if g.same_range((r, c), (r, cc)):
                continue
            t = g.cells[r][cc]
            if t:
                return t, cc
        return "", None

    def label_value(self, r: int, c: int) -> str:
        """A label's value: after “：” inside the cell, else the next cell to the right."""
        t = self.g.cells[r][c]
        m = re.match(r"^[^:：]{1,12}[:：]\s*(.+)$", t, re.S)
        if m:
            return m.group(1).strip()
        return self.right_of(r, c)[0]

    def put(self, obj, attr: str, value, what: str, r: int) -> None:
        """Set a field unless it is already set to something else (then note the conflict)."""
        if value is None or value == "":
            return
        old = getattr(obj, attr)
        if old is None or old == "" or old == value:
            setattr(obj, attr, value)
            return
        self.d.review.append(f"{what}：{self.g.where(r)}为“{_show(value)}”，与先前读到的“{_show(old)}”不一致，保留了先前的值")

    def detect_unit(self) -> None:
        for r in self.rows(self.seg.r0, min(self.seg.r1, self.seg.r0 + 4)):
            for t in self.g.row_texts(r):
                k = key(t)
                m = re.search(r"单位[:：]\s*(万元|元|千元)", k)
                if m and m.group(1) != "万元":
                    self.factor = Decimal("0.0001") if m.group(1) == "元" else Decimal("0.1")
                    self.d.taken.append(f"{self.where_table}以“{m.group(1)}”为单位，金额已换算为万元")
                    return

    def detect_year(self) -> None:
        texts = [self.seg.title] if self.seg.title else []
        for r in self.rows(self.seg.r0, min(self.seg.r1, self.seg.r0 + 3)):
            texts += self.g.row_texts(r)
        for t in texts:
            if _title_kind(t) or (self.seg.title and t == self.seg.title):
                m = _YEAR_RE.search(key(t))
                if m:
                    self.d.years.append(int(m.group(1)))
                    return

    def footer(self) -> None:
        info = self.report.info
        for r in self.rows():
            texts = self.g.row_texts(r)
            joined = "  ".join(texts)
            if "填表人" not in joined and "联系电话" not in joined and "填报日期" not in joined:
                continue
            for attr, label in _FOOTER_FIELDS:
                m = re.search(label + r"(?:签字|签章)?\s*[:：]?\s*(.*?)\s*(?=填表人|填报日期|联系电话|单位负责人|$)",
                              joined, re.S)
                if m:
                    value = m.group(1).strip(" ：:")
                    if value:
                        self.put(info, attr, value, f"基础信息“{label}”", r)
        for r in self.rows():
            for t in self.g.row_texts(r):
                m = re.match(r"^(?:填报|预算)?单位(?:名称)?[:：]\s*(.+?)(?:\s+单位[:：].*)?$", t.strip())
                if m and "万元" not in m.group(1):
                    self.put(info, "unit_name", m.group(1).strip(), "预算单位名称", r)

    # ----------------------------------------------------------------- dispatch
    def run(self) -> None:
        self.detect_unit()
        self.detect_year()
        self.footer()
        if self.seg.kind == ANNEX2:
            self.annex2()
        elif self.seg.kind == ANNEX3:
            self.annex3()
        else:
            self.annex4()

    # ----------------------------------------------------------------- 附件2
    def annex2(self) -> None:
        g, rep = self.g, self.report
        took: list[str] = []
        # staff
        pos = self.find(lambda t: key(t).startswith("编制数"))
        if pos:
            r, c = pos
            posts = self._count_near(r, c, "编制数")
            ac = _find_in_row(g, r, lambda t: "实际在职人数" in key(t) or "在职人数" in key(t))
            actual = self._count_near(r, ac, "实际在职人数") if ac is not None else None
            if posts is not None:
                if rep.staff.total_posts is None:
                    rep.staff.admin_posts = posts
                    self.d.review.append(
                        f"附件2只有编制总数 {posts}，已记入“行政编制”；请在“机构与人员”中按行政/事业编制拆分")
                elif rep.staff.total_posts != posts:
                    self.d.review.append(f"附件2的编制数 {posts} 与已读到的 {rep.staff.total_posts} 不一致")
                took.append(f"编制数 {posts}")
            if actual is not None:
                self.put(rep.staff, "actual_staff", actual, "实际在职人数", r)
                took.append(f"实际在职人数 {actual}")
        # money
        header = None
        for r in self.rows():
            cols = self._money_columns(r)
            if cols:
                header = (r, cols)
                break
        if header is None:
            self.d.skipped.append(f"{self.where_table}中没有找到“决算数/预算数”表头，经费数据未导入")
        else:
            took += self._annex2_money(*header)
        # buildings
        self._annex2_buildings(took)
        # savings measures
        pos = self.find(lambda t: "厉行节约" in key(t))
        if pos:
            r, c = pos
            text = self.label_value(r, c)
            if not text and r + 1 < self.seg.r1:
                below = [t for t in g.row_texts(r + 1) if not _footer_like(t)]
                text = "\n".join(below)
            if text and not _footer_like(text):
                self.put(rep.budget, "savings_measures", text, "厉行节约保障措施", r)
                took.append("厉行节约保障措施")
        self.d.taken.append(f"{self.where_table}：" + ("、".join(took) if took else "没有读到数据"))

    def _count_near(self, r: int, c: int, what: str) -> Optional[int]:
        """A count under its header (next row) or right of its label."""
        g = self.g
        candidates = []
        if r + 1 < self.seg.r1 and not g.same_range((r, c), (r + 1, c)):
            candidates.append((r + 1, c))
        t, cc = self.right_of(r, c)
        if cc is not None:
            candidates.append((r, cc))
        for rr, col in candidates:
            text = g.text(rr, col)
            if not text:
                continue
            try:
                return parse_int(re.sub(r"\s+", "", text))
            except NumberError as e:
                if rr == candidates[-1][0] and col == candidates[-1][1]:
                    self.skip(rr, col, text, f"（{what}）无法识别，未导入：{e}")
        return None

    def _money_columns(self, r: int) -> Optional[dict[str, int]]:
        g = self.g
        budget_cols, final_cols = [], []
        seen = set()
        for c in range(g.ncols):
            a = g.anchors[r][c]
            if a in seen:
                continue
            seen.add(a)
            k = key(g.cells[r][c])
            if len(k) > 20:
                continue
            m = _YEAR_RE.search(k)
            year = int(m.group(1)) if m else None
            if "决算" in k:
                if "上年" in k:
                    year = -1
                elif "本年" in k:
                    year = 10 ** 5
                final_cols.append((year, c))
            elif "预算" in k and "调整" not in k:
                budget_cols.append((year, c))
        if not budget_cols or not final_cols:
            return None
        cols = {"budget": budget_cols[0][1]}
        if budget_cols[0][0] and budget_cols[0][0] < 10 ** 5:
            self.d.years.append(budget_cols[0][0])
        if len(final_cols) >= 2:
            if all(y is not None for y, _ in final_cols):
                final_cols.sort()
            cols["prior"] = final_cols[0][1]
            cols["executed"] = final_cols[-1][1]
        else:
            y, c = final_cols[0]
            by = budget_cols[0][0]
            if y is not None and by is not None and y < by:
                cols["prior"] = c
            else:
                cols["executed"] = c
        return cols

    def _row_label(self, r: int, first_value_col: int, header_row: int) -> list[str]:
        """The label texts of a data row: left of the values, without ranges from above the header."""
        g = self.g
        out: list[str] = []
        seen = set()
        for c in range(first_value_col):
            a = g.anchors[r][c]
            if a in seen or a[0] <= header_row and a[0] < r:
                seen.add(a)
                continue
            seen.add(a)
            if g.cells[r][c]:
                out.append(g.cells[r][c])
        return out

    def _annex2_money(self, hr: int, cols: dict[str, int]) -> list[str]:
        g, b = self.g, self.report.budget
        first = min(cols.values())
        took: list[str] = []
        category: Optional[str] = None
        n_rows = n_projects = 0
        for r in self.rows(hr + 1):
            labels = self._row_label(r, first, hr)
            if labels and any(w in _strip_label(key(labels[0])) for w in ("楼堂馆所", "厉行节约", "批复规模", "填表人")):
                break
            values = {role: self.money(r, c, f"{(labels or [''])[0]}的{_ROLE_NAMES[role]}")
                      for role, c in cols.items() if not g.same_range((r, c), (hr, c))}
            if not labels:
                if any(v is not None for v in values.values()):
                    self.d.skipped.append(f"{g.where(r)}有金额但没有行名称，未导入")
                continue
            lk = _strip_label(key(labels[0]))
            if any(w in lk for w in ("楼堂馆所", "厉行节约", "批复规模", "填表人")):
                break
            if lk.startswith("项目") and lk.endswith("名称"):
                continue
            target = None
            matched = False
            is_project_row = False
            for cat, word in _CATEGORIES:
                if lk.startswith(word):
                    category = cat
                    matched = True
                    if len(labels) > 1:   # the project's name sits next to its category
                        target = self._project(labels[1], category, r)
                        is_project_row = target is not None
                    break
            if not matched:
                for attr, words in _CONTROL_LABELS:
                    if any(lk == w or lk.startswith(w) for w in words):
                        matched = True
                        if attr in ("basic", "public", "project_spending"):
                            target = getattr(b, attr)
                        else:
                            target = b.controls[attr]
                        if attr == "project_spending":
                            category = ""     # project rows may follow without a category row
                        elif attr in ("procurement", "basic_adjustment", "basic", "public"):
                            category = None
                        break
            is_project = False
            if not matched:
                if category is not None and not _is_ratio_label(lk):
                    target = self._project(" ".join(labels), category, r)
                    is_project = target is not None
                    if is_project and not category:
                        self.d.review.append(f"{g.where(r)}项目“{' '.join(labels)}”没有标明类别"
                                             "（业务经费/运行维护经费/专项资金），已暂列为“业务经费”")
                else:
                    if any(v is not None for v in values.values()):
                        self.d.skipped.append(f"{g.where(r)}“{labels[0]}”不是基础数据表中的已知行，未导入")
                    continue
            if target is None:
                continue
            wrote = False
            for role, value in values.items():
                if value is not None:
                    self.put(target, role, value, f"附件2“{labels[-1]}”", r)
                    wrote = True
            if is_project or is_project_row:
                n_projects += 1
            elif wrote:
                n_rows += 1
        took.append(f"经费控制情况 {n_rows} 行")
        if n_projects:
            took.append(f"项目 {n_projects} 个")
        return took

    def _project(self, name: str, category: str, r: int):
        name = name.strip()
        if not name or re.fullmatch(r"[\s—\-/无]*", name) or key(name).startswith(("合计", "小计", "总计")):
            return None
        for p in self.report.projects:
            if key(p.name) == key(name):
                if category:
                    p.category = category
                return p.total
        p = Project(name=name, category=category or "业务经费")
        self.report.projects.append(p)
        return p.total

    def _annex2_buildings(self, took: list[str]) -> None:
        g, bld = self.g, self.report.budget.buildings
        roles = (("approved_area", "批复规模"), ("actual_area", "实际规模"), ("budget_investment", "预算投资"),
                 ("actual_investment", "实际投资"))
        for r in self.rows():
            cols = {}
            for attr, word in roles:
                c = _find_in_row(g, r, lambda t, w=word: w in key(t) and "控制率" not in key(t))
                if c is not None:
                    cols[attr] = c
            if len(cols) >= 2:
                got = 0
                for attr, c in cols.items():
                    for rr in range(r + 1, min(r + 3, self.seg.r1)):
                        if g.same_range((r, c), (rr, c)) or not g.text(rr, c):
                            continue
                        v = self.money(rr, c, "楼堂馆所")
                        if v is not None:
                            self.put(bld, attr, v, "楼堂馆所", rr)
                            got += 1
                        break
                if got:
                    took.append("楼堂馆所控制情况")
                return

    # ----------------------------------------------------------------- 附件3 / 附件4
    def _budget_header(self) -> Optional[tuple[int, dict[str, int]]]:
        for r in self.rows():
            cols = self._roles(r, _BUDGET_ROLES)
            if "executed" in cols and ("budget" in cols or "initial" in cols):
                return r, cols
        return None

    def _roles(self, r: int, roles) -> dict[str, int]:
        g = self.g
        cols: dict[str, int] = {}
        seen = set()
        for c in range(g.ncols):
            a = g.anchors[r][c]
            if a in seen:
                continue
            seen.add(a)
            k = key(g.cells[r][c])
            if not k or len(k) > 24:
                continue
            for role, words in roles:
                if role in cols:
                    continue
                if any(w in k for w in words):
                    cols[role] = c
                    break
        return cols

    def _indicator_header(self) -> Optional[tuple[int, dict[str, int]]]:
        for r in self.rows():
            cols = self._roles(r, _IND_ROLES)
            if "name" in cols and ("target" in cols or "weight" in cols) and "level1" in cols:
                return r, cols
            if "name" in cols and "target" in cols and "actual" in cols:
                return r, cols
        return None

    def _budget_end(self, hr: int, ih: Optional[tuple[int, dict[str, int]]]) -> int:
        """The row where the budget block under header row ``hr`` ends: at the goal rows,
        else at the indicator header, else at the end of the table."""
        end = ih[0] if ih and ih[0] > hr else self.seg.r1
        goal_pos = self.find(lambda t: "年度总体目标" in key(t) or key(t).startswith("预期目标"), hr + 1, end)
        return min(end, goal_pos[0]) if goal_pos else end

    def _budget_rows(self, hr: int, cols: dict[str, int], end: int, kind: str) -> list[tuple[str, dict, int]]:
        """(label, values, row) for the data rows under the budget header."""
        g = self.g
        amount_cols = {k: v for k, v in cols.items() if k in ("initial", "budget", "executed")}
        first = min(v for k, v in cols.items() if k != "note")
        out = []
        for r in range(hr + 1, end):
            labels = self._row_label(r, first, hr)
            if labels and re.search(r"偏差(说明|原因)", labels[0]) and len(labels) <= 2:
                # a “执行偏差说明 | text over the value columns” row under the budget block
                note = labels[1] if len(labels) == 2 else g.text(r, first)
                out.append((labels[0], {"note": note.strip() or None}, r))
                continue
            if any(_CJK.search(g.text(r, c)) and not g.same_range((r, c), (hr, c))
                   and not re.fullmatch(r"[\d,，.\s]*(万元|元)?", g.text(r, c)) and g.text(r, c).strip() not in ("无",)
                   for c in amount_cols.values()):
                # the two-column layout: “一般公共预算：120.5” | … | “基本支出：100” inside the grid
                pairs = self._pairs(r)
                if pairs:
                    out.append(("", {"pairs": pairs}, r))
                continue
            values: dict[str, Optional[Decimal]] = {}
            for role, c in amount_cols.items():
                if g.same_range((r, c), (hr, c)):
                    continue
                values[role] = self.money(r, c, f"{(labels or ['资金'])[0]}的{role}")
            if "note" in cols and not g.same_range((r, cols["note"]), (hr, cols["note"])):
                note = g.text(r, cols["note"])
                if note and not _is_known_label(note):
                    values["note"] = note
            for role in ("weight", "score"):
                if role in cols and not g.same_range((r, cols[role]), (hr, cols[role])):
                    text = g.text(r, cols[role])
                    try:
                        values[role] = _number(text) if text else None
                    except NumberError as e:
                        self.skip(r, cols[role], text, f"无法识别，未导入：{e}")
            shared = {g.anchors[r][c] for c in amount_cols.values()}
            if len(amount_cols) >= 2 and len(shared) == 1 and labels and values.get("executed") is not None:
                # one amount in a cell merged across 年初/全年/执行: it is not three equal figures
                amount = values["executed"]
                for role in ("initial", "budget"):
                    values.pop(role, None)
                self.d.review.append(f"{g.where(r)}“{' '.join(labels)}”只有一个金额 {_show(amount)}（合并单元格），"
                                     "已按“全年执行数”导入，请核对")
            if not labels and not any(v is not None for v in values.values()):
                # the two-column layout keeps label/value pairs inside the amount columns
                pairs = self._pairs(r)
                if pairs:
                    out.append(("", {"pairs": pairs}, r))
                continue
            if labels and not any(v is not None for v in values.values()):
                pairs = self._pairs(r)
                if pairs:
                    out.append(("", {"pairs": pairs}, r))
                    continue
            out.append((" ".join(labels), values, r))
        return out

    def _pairs(self, r: int) -> list[tuple[str, Optional[Decimal], int, int]]:
        """“一般公共预算：120.5” or “一般公共预算” | “120.5” pairs in one row."""
        g = self.g
        out = []
        seen = set()
        cells = []
        for c in range(g.ncols):
            a = g.anchors[r][c]
            if a in seen or a[0] < r:
                seen.add(a)
                continue
            seen.add(a)
            if g.cells[r][c]:
                cells.append((c, g.cells[r][c]))
        i = 0
        while i < len(cells):
            c, t = cells[i]
            m = re.match(r"^(.*?[\u4e00-\u9fff）)])\s*[:：]\s*([-+]?[\d,，.]+\s*(?:万元|元)?)$", t.strip())
            if m and _source_or_nature(m.group(1)):
                out.append((m.group(1), self._pair_money(m.group(2), r, c), r, c))
            elif _source_or_nature(t) and i + 1 < len(cells) and _looks_number(cells[i + 1][1]):
                out.append((t, self._pair_money(cells[i + 1][1], r, cells[i + 1][0]), r, cells[i + 1][0]))
                i += 1
            i += 1
        return out

    def _pair_money(self, text: str, r: int, c: int) -> Optional[Decimal]:
        try:
            return _money(text, self.factor)
        except NumberError as e:
            self.skip(r, c, text, f"无法识别，未导入：{e}")
            return None

    def _goals(self, start: int, end: int) -> tuple[str, str]:
        """预期目标 and 实际完成情况: under their labels, right of them, or after “：” in the label cell."""
        g = self.g
        goal = achievement = ""

        def labelled(words):
            def pred(t: str) -> bool:
                k = key(t)
                return k.rstrip(":") in words or any(k.startswith(w + ":") and len(k) > len(w) + 1 for w in words)
            return pred

        def value(pos) -> str:
            r, c = pos
            inline = re.match(r"^[^:：]{2,12}[:：]\s*(.+)$", g.cells[r][c].strip(), re.S)
            if inline:
                return inline.group(1).strip()
            for rr in range(r + 1, min(end, r + 4)):
                if g.same_range((r, c), (rr, c)):
                    continue
                t = g.text(rr, c)
                if t and not _is_known_label(t):
                    return t
                break
            t, _ = self.right_of(r, c)
            if t and not _is_known_label(t):
                return t
            return ""
        pos_goal = self.find(labelled(_GOAL_WORDS), start, end)
        pos_ach = self.find(labelled(_ACHIEVEMENT_WORDS), start, end)
        if pos_goal:
            goal = value(pos_goal)
        if pos_ach:
            achievement = value(pos_ach)
        if not pos_goal and not pos_ach:
            pos = self.find(lambda t: key(t).rstrip(":") in ("年度总体目标", "总体目标", "年度绩效目标"), start, end)
            if pos:
                t = self.label_value(*pos)
                if t and not _is_known_label(t):
                    goal = t
        return goal, achievement

    def annex3(self) -> None:
        rep = self.report
        took: list[str] = []
        pos = self.find(lambda t: key(t).rstrip(":") in ("预算单位名称", "单位名称", "部门(单位)名称", "部门名称"))
        if pos:
            name = self.label_value(*pos)
            if name:
                self.put(rep.info, "unit_name", name, "预算单位名称", pos[0])
                took.append(f"预算单位名称“{name}”")
        ih = self._indicator_header()
        bh = self._budget_header()
        if bh:
            hr, cols = bh
            end = self._budget_end(hr, ih)
            took += self._annex3_budget(hr, cols, end)
        else:
            self.d.skipped.append(f"{self.where_table}中没有找到“年初预算数/全年预算数/全年执行数”表头，预算数据未导入")
        goal, ach = self._goals(self.seg.r0, ih[0] if ih else self.seg.r1)
        if goal:
            self.put(rep.dept, "goal", goal, "年度总体目标（预期目标）", self.seg.r0)
        if ach:
            self.put(rep.dept, "achievement", ach, "年度总体目标（实际完成情况）", self.seg.r0)
        if goal or ach:
            took.append("年度总体目标")
        if ih:
            inds, total, weight = self._indicators(*ih)
            if rep.dept.indicators:
                self.d.skipped.append(f"{self.where_table}：部门整体指标已从前面的表格读入，此表的 {len(inds)} 条指标未导入")
            else:
                rep.dept.indicators = inds
                if weight is not None:
                    rep.dept.execution_weight = weight
                took.append(f"绩效指标 {len(inds)} 条")
                self._check_total(total, rep.dept.indicators, rep.dept.execution_weight,
                                  rep.budget.full_year_budget(), rep.budget.executed, "部门整体")
        else:
            self.d.skipped.append(f"{self.where_table}中没有找到“一级指标/三级指标/年度指标值”表头，指标未导入")
        self.d.taken.append(f"{self.where_table}：" + ("、".join(took) if took else "没有读到数据"))

    def _annex3_budget(self, hr: int, cols: dict[str, int], end: int) -> list[str]:
        b, dept = self.report.budget, self.report.dept
        took: list[str] = []
        first_total = True
        for label, values, r in self._budget_rows(hr, cols, end, ANNEX3):
            if "pairs" in values:
                for plabel, value, pr, pc in values["pairs"]:
                    self._put_source_or_nature(plabel, {"executed": value}, pr, paired=True)
                continue
            lk = _strip_label(key(label))
            if re.search(r"偏差(说明|原因)", lk) and set(values) == {"note"}:
                self.put(dept, "execution_note", values["note"], "执行率偏差原因", r)
                continue
            lk = re.sub(r"^按(收入|支出)性质分[:：]?", "", lk)
            if first_total and (not lk or any(w in lk for w in ("资金总额", "合计", "总计", "年度预算", "预算申请"))
                                or lk in ("金额",)):
                first_total = False
                self.put(b, "initial", values.get("initial"), "年初预算数", r)
                self.put(b, "full_year", values.get("budget"), "全年预算数", r)
                self.put(b, "executed", values.get("executed"), "全年执行数", r)
                if values.get("weight") is not None:
                    dept.execution_weight = values["weight"]
                self.put(dept, "execution_note", values.get("note"), "执行率偏差原因", r)
                self._check_execution(values, b.full_year_budget(), b.executed, dept.execution_weight, r)
                took.append("年度预算（年初、全年、执行数）")
                continue
            if not self._put_source_or_nature(label, values, r):
                if any(v is not None for v in values.values()):
                    self.d.skipped.append(f"{self.g.where(r)}“{label}”不是已知的预算行，未导入")
        return took

    def _put_source_or_nature(self, label: str, values: dict, r: int, paired: bool = False) -> bool:
        b = self.report.budget
        lk = _strip_label(key(label))
        lk = re.sub(r"^按(收入|支出)性质分[:：]?", "", lk)
        lk = _strip_label(lk)
        target = None
        what = label
        if lk.startswith("基本支出"):
            target = b.basic
        elif lk.startswith("项目支出"):
            target = b.project_spending
        else:
            for src, words in _SOURCE_LABELS:
                if any(lk.startswith(w) for w in words):
                    target = b.sources[src]
                    break
        if target is None:
            return False
        role_map = {"initial": "initial", "budget": "budget", "executed": "executed"}
        for role, attr in role_map.items():
            if values.get(role) is not None:
                self.put(target, attr, values[role], f"附件3“{what}”", r)
        if paired and values.get("executed") is not None:
            self.d.review.append(f"{self.g.where(r)}“{label}”只有一个金额 {_show(values['executed'])}，"
                                 "已按“全年执行数”导入，请核对")
        return True

    def _check_execution(self, values: dict, budget, executed, weight, r: int) -> None:
        typed = values.get("score")
        if typed is None:
            return
        computed = execution_score(weight, budget, executed)
        if round_half_up(typed, 2) != computed:
            self.d.review.append(f"{self.g.where(r)}预算执行率得分填的是 {_show(typed)}，按执行数计算应为 {computed}，"
                                 "导入后以计算值为准")

    def _check_total(self, typed, indicators, weight, budget, executed, what: str) -> None:
        if typed is None:
            return
        from model.scoring import score_table
        t = score_table(indicators, weight, budget, executed, get_profile(self.report.profile))
        if round_half_up(typed, 2) != t.total:
            self.d.review.append(f"{self.where_table}：表中总分为 {_show(typed)}，导入后重新计算为 {t.total}，请核对")

    def annex4(self) -> None:
        rep = self.report
        took: list[str] = []
        pos = self.find(_is_project_label)
        name = self.label_value(*pos) if pos else ""
        if not name:
            self.d.skipped.append(f"{self.where_table}中没有找到项目名称，此表未导入")
            return
        project = None
        for p in rep.projects:
            if key(p.name) == key(name):
                project = p
                break
        if project is None:
            project = Project(name=name)
            rep.projects.append(project)
            took.append(f"项目“{name}”")
        if id(project) not in self.d.annex4_order:
            self.d.annex4_order.append(id(project))
        else:
            took.append(f"项目“{name}”（与附件2中的同名项目合并）")
            if project.indicators:
                self.d.skipped.append(f"{self.where_table}：项目“{name}”的指标已从前面的表格读入，此表未导入")
                return
        for label, attr in (("主管部门", "competent_dept"), ("实施单位", "implementer")):
            p2 = self.find(lambda t, lb=label: key(t).rstrip(":") == lb)
            if p2:
                v = self.label_value(*p2)
                if v and not _is_known_label(v):
                    self.put(project, attr, v, label, p2[0])
        ih = self._indicator_header()
        bh = self._budget_header()
        if bh:
            hr, cols = bh
            end = self._budget_end(hr, ih)
            n = 0
            first = True
            for label, values, r in self._budget_rows(hr, cols, end, ANNEX4):
                if "pairs" in values:
                    continue
                lk = _strip_label(key(label))
                amounts = None
                if re.search(r"偏差(说明|原因)", lk) and set(values) == {"note"}:
                    self.put(project, "execution_note", values["note"], f"项目“{name}”执行率偏差原因", r)
                    continue
                if "财政拨款" in lk:
                    amounts = project.fiscal
                elif "结转" in lk:
                    amounts = project.carried
                elif "其他" in lk:
                    amounts = project.other
                elif first or "资金总额" in lk or "合计" in lk:
                    amounts = project.total
                    if values.get("weight") is not None:
                        project.execution_weight = values["weight"]
                    self.put(project, "execution_note", values.get("note"), f"项目“{name}”执行率偏差原因", r)
                if amounts is None:
                    if any(v is not None for v in values.values()):
                        self.d.skipped.append(f"{self.g.where(r)}“{label}”不是已知的项目资金行，未导入")
                    continue
                first = False
                for role in ("initial", "budget", "executed"):
                    if values.get(role) is not None:
                        self.put(amounts, role, values[role], f"项目“{name}”{label}", r)
                if amounts is project.total:
                    self._check_execution(values, project.total.budget, project.total.executed,
                                          project.execution_weight, r)
                n += 1
            if n:
                took.append(f"项目资金 {n} 行")
        else:
            self.d.skipped.append(f"{self.where_table}中没有找到项目资金表头，项目“{name}”的金额未导入")
        goal, ach = self._goals(self.seg.r0, ih[0] if ih else self.seg.r1)
        self.put(project, "goal", goal, f"项目“{name}”预期目标", self.seg.r0)
        self.put(project, "achievement", ach, f"项目“{name}”实际完成情况", self.seg.r0)
        if goal or ach:
            took.append("年度总体目标")
        if ih:
            inds, total, weight = self._indicators(*ih)
            project.indicators = inds
            if weight is not None:
                project.execution_weight = weight
            took.append(f"绩效指标 {len(inds)} 条")
            self._check_total(total, inds, project.execution_weight, project.total.budget,
                              project.total.executed, f"项目“{name}”")
        else:
            self.d.skipped.append(f"{self.where_table}中没有找到指标表头，项目“{name}”的指标未导入")
        self.d.taken.append(f"{self.where_table}：" + "、".join(took))

    # ----------------------------------------------------------------- indicators
    def _indicators(self, hr: int, cols: dict[str, int]) -> tuple[list[Indicator], Optional[Decimal], Optional[Decimal]]:
        g = self.g
        profile = get_profile(self.report.profile)
        settings = profile.settings
        inds: list[Indicator] = []
        total: Optional[Decimal] = None
        exec_weight: Optional[Decimal] = None
        level1 = level2 = ""
        block_weights: dict[str, Decimal] = {}
        start = hr + 1
        # a second header row (e.g. units under 年度指标值) is skipped
        if start < self.seg.r1 and self._roles(start, _IND_ROLES).keys() & {"name", "target", "weight"} \
                and not any(_looks_number(t) for t in g.row_texts(start)):
            start += 1

        def cell(r: int, role: str) -> str:
            c = cols.get(role)
            if c is None:
                return ""
            if g.same_range((r, c), (hr, c)):
                return ""
            return g.text(r, c)

        for r in range(start, self.seg.r1):
            texts = g.row_texts(r)
            if not texts:
                continue
            first_key = key(texts[0])
            if first_key.startswith(("总分", "合计", "总计", "综合得分")) or \
                    any(key(t) in ("总分", "合计", "总计") for t in texts):
                nums = [t for t in texts if _looks_number(t)]
                if nums:
                    try:
                        total = _number(nums[-1])
                    except NumberError:
                        total = None
                break
            if any(_footer_like(t) for t in texts):
                break
            l1_text = cell(r, "level1")
            if l1_text:
                name1, w1 = split_level1(l1_text)
                if name1 != level1:
                    level2 = ""
                level1 = name1
                if w1 is not None:
                    block_weights[level1] = w1
            l2_text = cell(r, "level2")
            if l2_text:
                level2 = split_level2(l2_text)
            name = cell(r, "name")
            target = cell(r, "target")
            actual = cell(r, "actual")
            weight_text = cell(r, "weight")
            score_text = cell(r, "score")
            note = cell(r, "note")
            if level1 == "预算执行率" or key(name) in ("预算执行率", "执行率"):
                try:
                    exec_weight = _number(weight_text) if weight_text else split_level1(l1_text)[1]
                except NumberError:
                    exec_weight = None
                continue
            if not (name or target or actual or weight_text):
                continue
            unit = cell(r, "unit")
            if unit:
                target = _with_unit(target, unit)
                actual = _with_unit(actual, unit)
            ind = Indicator(level1=level1, level2=level2, name=name, target=target, actual=actual, note=note)
            nat = cell(r, "nature").strip()
            nat = {"≥": "≥", ">=": "≥", "≤": "≤", "<=": "≤", "＝": "=", "正向": "≥", "反向": "≤",
                   "定量": "", "定性": "定性"}.get(nat, nat)
            if nat in NATURES:
                ind.nature = nat
            if weight_text:
                try:
                    ind.weight = _number(weight_text)
                except NumberError as e:
                    self.skip(r, cols.get("weight"), weight_text, f"（分值）无法识别，未导入：{e}")
            if not name:
                self.d.review.append(f"{g.where(r)}的指标没有三级指标名称，请补填")
            if score_text:
                try:
                    typed = _number(score_text)
                except NumberError as e:
                    typed = None
                    self.skip(r, cols.get("score"), score_text, f"（得分）无法识别，未导入：{e}")
                if typed is not None:
                    self._apply_score(ind, typed, settings)
            inds.append(ind)
        for name, w in block_weights.items():
            row_sum = sum((i.weight or Decimal(0) for i in inds if i.level1 == name), Decimal(0))
            if row_sum != w:
                self.d.review.append(f"{self.where_table}：一级指标“{name}”标注 {_show(w)} 分，"
                                     f"其下三级指标分值合计 {_show(row_sum)} 分")
        manual = [i for i in inds if i.manual_score is not None]
        if manual:
            names = "、".join(f"“{i.name or '（无名称）'}”{_show(i.manual_score)}" for i in manual[:8])
            more = f"等 {len(manual)} 条" if len(manual) > 8 else ""
            self.d.review.append(f"{self.where_table}：{names}{more}的得分与按规则计算的不同，已作为手工得分保留")
        self._vote_profile(inds, block_weights)
        return inds, total, exec_weight

    def _apply_score(self, ind: Indicator, typed: Decimal, settings) -> None:
        """Keep the typed 得分: as the grade it implies, or as a manual score when it differs."""
        res = score_indicator(ind, settings)
        places = settings.score_places
        if res.kind in (QUALITATIVE, DATE) and (res.kind == QUALITATIVE or res.computed != round_half_up(typed, places)) \
                and ind.weight:
            frac = typed / ind.weight
            for grade in GRADES:
                band = settings.band(grade)
                if band and band.contains(frac):
                    ind.grade = grade
                    break
            res = score_indicator(ind, settings)
        if res.computed != round_half_up(typed, places):
            ind.manual_score = typed

    def _vote_profile(self, inds: list[Indicator], weights: dict[str, Decimal]) -> None:
        names = {i.level1 for i in inds}
        if "成本指标" in names:
            self.d.profile_votes.append("hunan")
        elif any(i.level1 == "产出指标" and i.level2 == "成本指标" for i in inds) or \
                weights.get("产出指标") == 50 or weights.get("效益指标") == 30:
            self.d.profile_votes.append("mof")
        elif inds:
            sums: dict[str, Decimal] = {}
            for i in inds:
                sums[i.level1] = sums.get(i.level1, Decimal(0)) + (i.weight or Decimal(0))
            if sums.get("产出指标") == 50 or sums.get("效益指标") == 30:
                self.d.profile_votes.append("mof")


# --------------------------------------------------------------------------- completing

def complete(data: AnnexData) -> None:
    """Fill what the annex tables imply but do not print, and say so.

    - 人员经费 = 基本支出 − 公用经费 (附件2 prints only 基本支出 and 公用经费);
    - the gap between 全年预算数 and 年初预算数 becomes 年中追加数 (or 调减数): the
      tables do not say how much of it was 上年结转, so this is listed for review;
    - 上年决算支出 = 上年基本支出 + 上年项目支出 (附件2's 上年决算数 column);
    - projects follow the order of their 附件4 tables.
    """
    rep = data.report
    if data.annex4_order:
        # projects in the order of their 附件4 tables; those only in 附件2 follow
        rank = {pid: i for i, pid in enumerate(data.annex4_order)}
        rep.projects.sort(key=lambda p: rank.get(id(p), len(rank)))
    b = rep.budget
    if b.prior_executed is None and b.basic.prior is not None and b.project_spending.prior is not None:
        b.prior_executed = b.basic.prior + b.project_spending.prior
    derived = []
    for attr in ("prior", "initial", "budget", "executed"):
        basic, public = getattr(b.basic, attr), getattr(b.public, attr)
        if basic is not None and public is not None and getattr(b.personnel, attr) is None \
                and not b.personnel_items:
            setattr(b.personnel, attr, basic - public)
            derived.append(f"{_AMOUNT_NAMES[attr]} {_show(basic - public)}")
    if derived:
        data.review.append("附件表没有单列人员经费，已按“基本支出 − 公用经费”推算：" + "、".join(derived) + " 万元")
    if b.initial is not None and b.full_year is not None and b.additions is None and b.reductions is None \
            and b.carryover is None and b.full_year != b.initial:
        gap = b.full_year - b.initial
        if gap > 0:
            b.additions = gap
            data.review.append(f"全年预算数比年初预算数多 {_show(gap)} 万元，已记为“年中追加数”；"
                               "其中如有上年结转，请在“预算与执行”中调整")
        else:
            b.reductions = -gap
            data.review.append(f"全年预算数比年初预算数少 {_show(-gap)} 万元，已记为“年中调减数”，请核对")


_AMOUNT_NAMES = {"prior": "上年决算数", "initial": "年初预算数", "budget": "全年预算数", "executed": "全年执行数"}


# --------------------------------------------------------------------------- small helpers

def _settle_profile(data: AnnexData) -> None:
    votes = data.profile_votes
    if not votes:
        return
    chosen = max(set(votes), key=votes.count)
    data.report.profile = chosen
    if len(set(votes)) > 1:
        data.review.append("各指标表使用的指标体系不一致（有的含一级“成本指标”，有的没有），"
                           f"已按多数采用“{get_profile(chosen).name}”，请核对")


def _show(value) -> str:
    if isinstance(value, Decimal):
        t = format(value, "f")
        return t.rstrip("0").rstrip(".") if "." in t else t
    return str(value)


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _looks_number(text: str) -> bool:
    return bool(re.fullmatch(r"\s*[-+]?[\d,，]*\.?\d+\s*(分|万元|元|%)?\s*", text or ""))


def _with_unit(value: str, unit: str) -> str:
    unit = unit.strip()
    if value and unit and re.fullmatch(r"[≥≤<>=＞＜]?\s*[-+]?[\d,.]+", value.strip()):
        return f"{value.strip()}{unit}"
    return value


def _footer_like(text: str) -> bool:
    k = key(text)
    return k.startswith(("填表人", "填报日期", "联系电话", "单位负责人"))


def _is_ratio_label(k: str) -> bool:
    return "控制率" in k or "执行率" in k or "变动率" in k


def _source_or_nature(label: str) -> bool:
    lk = _strip_label(key(label))
    lk = re.sub(r"^按(收入|支出)性质分[:：]?", "", lk)
    lk = _strip_label(lk)
    if lk.startswith(("基本支出", "项目支出")):
        return True
    return any(lk.startswith(w) for _, words in _SOURCE_LABELS for w in words)


_GOAL_WORDS = ("预期目标", "年度预期目标", "绩效目标", "年度目标")
_ACHIEVEMENT_WORDS = ("实际完成情况", "年度实际完成情况", "全年实际完成情况", "完成情况")
_KNOWN_LABELS = ("预算单位名称", "项目名称", "项目支出名称", "主管部门", "实施单位", "年度总体目标", "预期目标",
                 "实际完成情况", "年初预算数", "全年预算数", "全年执行数", "一级指标", "二级指标", "三级指标",
                 "项目资金", "年度资金总额")


def _is_known_label(text: str) -> bool:
    k = key(text).rstrip(":")
    return any(k == lb or k.startswith(lb + "(") for lb in _KNOWN_LABELS)
