"""The report document: plain dataclasses, the single source of truth.

Nothing here is computed and stored: rates, scores, flags, totals and findings
are derived by ``model.scoring``, ``model.ratios`` and ``model.checks``.

Money is ``Decimal`` in 万元 (``None`` = not entered). Counts are ``int``
(``None`` = not entered). Indicator targets and actual values are kept as the
text the user typed ("≥96%", "2024年12月31日之前完成"); ``model.numbers``
parses them on demand.

``to_dict`` / ``from_dict`` convert to and from plain JSON-ready data
(decimals as strings). ``from_dict`` validates every type and raises
``DocumentError`` with a Chinese message for anything that does not fit.
"""
from __future__ import annotations

import dataclasses
import sys
import typing
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Optional

from . import numbers
from .vocabulary import VOCABULARY

Money = Optional[Decimal]

#: The ten body sections: (number, title, guidance shown as placeholder text).
SECTIONS: tuple[tuple[str, str, str], ...] = VOCABULARY.sections
SECTION_COUNT = len(SECTIONS)

#: Income sources (按收入性质): key → label.
SOURCES: tuple[tuple[str, str], ...] = VOCABULARY.sources

#: Project categories for the 基础数据表.
PROJECT_CATEGORIES: tuple[str, ...] = ("业务经费", "运行维护经费", "专项资金")

#: Indicator natures (指标性质).
NATURES: tuple[str, ...] = ("≥", ">", "≤", "<", "=", "定性")

#: Qualitative grades, best first.
GRADES: tuple[str, ...] = (
    "达成年度指标",
    "部分达成年度指标并具有一定效果",
    "未达成年度指标且效果较差",
)

#: The score precisions a report may set (decimals of printed scores).
SCORE_PLACES: tuple[int, ...] = (0, 1, 2)

UNIT_NATURES: tuple[str, ...] = (
    "行政单位", "参公事业单位", "全额事业单位", "差额事业单位", "自收自支事业单位", "群团组织", "其他",
)

#: Rows of the 经费控制情况 part of 附件2 that are typed directly: key → label.
CONTROL_ROWS: tuple[tuple[str, str], ...] = VOCABULARY.control_rows


class DocumentError(Exception):
    """A document that cannot be built from the given data. ``str(e)`` is Chinese."""


# --------------------------------------------------------------------------- parts

@dataclass
class Amounts:
    """One line of money: 上年决算数, 年初预算数, 全年预算数 (本年预算数), 全年执行数 (本年决算数)."""
    prior: Money = None
    initial: Money = None
    budget: Money = None
    executed: Money = None


@dataclass
class LineItem:
    """An itemised 人员经费/公用经费 line (基本工资, 办公费 …)."""
    name: str = ""
    budget: Money = None
    executed: Money = None


@dataclass
class BasicInfo:
    """基本信息: the unit, the year, who filled in the report and when."""
    year: int = 2024
    unit_name: str = ""
    budget_code: str = ""
    competent_dept: str = ""      # 主管部门
    unit_nature: str = ""         # 单位性质
    preparer: str = ""            # 填表人
    phone: str = ""               # 联系电话
    fill_date: str = ""           # 填报日期 (as typed, usually YYYY-MM-DD)
    head: str = ""                # 单位负责人
    evaluation_method: str = "单位自评"


@dataclass
class Staffing:
    """人员编制 and 公务用车 of the unit (counts, ``None`` = not entered)."""
    internal_units: str = ""                 # 内设机构
    admin_posts: Optional[int] = None        # 行政编制
    institution_posts: Optional[int] = None  # 事业编制
    other_posts: Optional[int] = None        # 其他编制
    actual_staff: Optional[int] = None       # 实际在职人数
    retired_cadres: Optional[int] = None     # 离休人数
    retirees: Optional[int] = None           # 退休人数
    contract_staff: Optional[int] = None     # 临聘/社会化工作者人数
    official_cars: Optional[int] = None      # 公务用车数

    @property
    def total_posts(self) -> Optional[int]:
        parts = [self.admin_posts, self.institution_posts, self.other_posts]
        if all(p is None for p in parts):
            return None
        return sum(p or 0 for p in parts)


@dataclass
class Buildings:
    """楼堂馆所控制情况 (projects completed this year)."""
    approved_area: Money = None       # 批复规模（㎡）
    actual_area: Money = None         # 实际规模（㎡）
    budget_investment: Money = None   # 预算投资（万元）
    actual_investment: Money = None   # 实际投资（万元）


def _sources() -> dict[str, Amounts]:
    return {key: Amounts() for key, _ in SOURCES}


def _controls() -> dict[str, Amounts]:
    return {key: Amounts() for key, _ in CONTROL_ROWS}


@dataclass
class Budget:
    """预算与执行 of the department as a whole."""
    initial: Money = None        # 年初预算数
    additions: Money = None      # 年中追加数
    reductions: Money = None     # 年中调减数
    carryover: Money = None      # 上年结转数
    full_year: Money = None      # 全年预算数 typed directly (else derived)
    executed: Money = None       # 全年执行数 (= 决算支出)
    prior_executed: Money = None  # 上年决算支出
    sources: dict[str, Amounts] = field(default_factory=_sources)
    basic: Amounts = field(default_factory=Amounts)        # 基本支出
    personnel: Amounts = field(default_factory=Amounts)    # 人员经费
    public: Amounts = field(default_factory=Amounts)       # 公用经费
    personnel_items: list[LineItem] = field(default_factory=list)
    public_items: list[LineItem] = field(default_factory=list)
    project_spending: Amounts = field(default_factory=Amounts)  # 项目支出
    controls: dict[str, Amounts] = field(default_factory=_controls)
    buildings: Buildings = field(default_factory=Buildings)
    savings_measures: str = ""   # 厉行节约保障措施

    def components_given(self) -> bool:
        return any(v is not None for v in (self.initial, self.additions, self.reductions, self.carryover))

    def derived_full_year(self) -> Money:
        """年初 + 追加 − 调减 + 结转, or None when no component is given."""
        if not self.components_given():
            return None
        z = Decimal(0)
        return ((self.initial or z) + (self.additions or z)
                - (self.reductions or z) + (self.carryover or z))

    def full_year_budget(self) -> Money:
        """全年预算数: what the user typed, else derived from the components."""
        return self.full_year if self.full_year is not None else self.derived_full_year()


@dataclass
class Indicator:
    """One row of an indicator table."""
    level1: str = ""          # 一级指标
    level2: str = ""          # 二级指标
    name: str = ""            # 三级指标
    nature: str = ""          # 指标性质: one of NATURES, "" = from the target text
    target: str = ""          # 年度指标值 as typed
    actual: str = ""          # 实际完成值 as typed
    weight: Money = None      # 分值
    grade: str = ""           # 定性等级 (one of GRADES) for qualitative or late 时效 rows
    manual_score: Money = None  # 得分 typed by the user (overrides the computed one)
    note: str = ""            # 偏差原因分析及改进措施
    #: the ratio id (``model.links``) the 实际完成值 is computed from; "" = typed. Saved only when set.
    link: str = field(default="", metadata={"omit_default": True})


@dataclass
class Project:
    """One project: its funds, goal and indicator table."""
    name: str = ""
    competent_dept: str = ""     # 主管部门
    implementer: str = ""        # 实施单位
    category: str = "业务经费"    # one of PROJECT_CATEGORIES
    total: Amounts = field(default_factory=Amounts)      # 年度资金总额
    fiscal: Amounts = field(default_factory=Amounts)     # 其中：当年财政拨款
    carried: Amounts = field(default_factory=Amounts)    # 上年结转资金
    other: Amounts = field(default_factory=Amounts)      # 其他资金
    execution_weight: Money = Decimal(10)
    goal: str = ""               # 预期目标
    achievement: str = ""        # 实际完成情况
    indicators: list[Indicator] = field(default_factory=list)
    execution_note: str = ""     # 执行率偏差原因 (required when the execution rate is not 100 %)


@dataclass
class DeptPerformance:
    """部门整体: 年度总体目标 and the department indicator table."""
    goal: str = ""
    achievement: str = ""
    execution_weight: Money = Decimal(10)
    indicators: list[Indicator] = field(default_factory=list)
    execution_note: str = ""     # 执行率偏差原因 (required when the execution rate is not 100 %)


@dataclass
class ReviewItem:
    """One entry of the review list (请复核): what an import or a roll-over asks the user to check.

    ``kind`` names where it came from (``import.<note code>``, ``rollover.year``,
    ``rollover.amount``, ``rollover.target``); ``where`` is the attribute path it points at
    (as a finding's); ``reviewed`` is set when the user marks it 已复核 (it then leaves 审核).
    Only ``kind``, ``text`` and ``where`` make an entry (``anchor`` only helps to find its row).
    """
    kind: str = ""
    text: str = ""
    where: str = ""
    reviewed: bool = False
    #: the 三级指标 name of the indicator row ``where`` points into ("" = none): the entry finds
    #: its row again after rows were inserted, deleted or moved (``model.review.place``)
    anchor: str = ""


def _sections() -> list[str]:
    return [""] * SECTION_COUNT


@dataclass
class Report:
    """The whole document: what one .jxzp file holds."""
    info: BasicInfo = field(default_factory=BasicInfo)
    staff: Staffing = field(default_factory=Staffing)
    budget: Budget = field(default_factory=Budget)
    dept: DeptPerformance = field(default_factory=DeptPerformance)
    projects: list[Project] = field(default_factory=list)
    sections: list[str] = field(default_factory=_sections)
    profile: str = "hunan"
    #: the year this report was rolled over from (drives the 提示 on old year mentions)
    rolled_over_from: Optional[int] = None
    #: decimals of printed scores (0, 1 or 2); None = the rule set's own precision.
    #: An imported table's precision (9.8, 98.7 → 1) is kept here so it reprints the same.
    score_places: Optional[int] = None
    #: the review list (请复核) left by import and roll-over; empty lists are not written to files
    review: list[ReviewItem] = field(default_factory=list)

    @property
    def year(self) -> int:
        return self.info.year


def new_report(year: int, unit_name: str = "", profile: str = "hunan", skeleton: bool = True) -> Report:
    """A new report; with ``skeleton`` its department table starts with the rule set's
    一级/二级 rows and weights (``model.skeleton``), the 三级 names left to fill."""
    r = Report(profile=profile)
    r.info.year = year
    r.info.unit_name = unit_name
    if skeleton:
        from .skeleton import apply_skeleton   # it reads the rule sets, which import this module
        apply_skeleton(r)
    return r


# --------------------------------------------------------------------------- (de)serialisation

def to_dict(obj) -> object:
    """Plain JSON-ready data: dataclasses → dicts, Decimal → str."""
    if dataclasses.is_dataclass(obj):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)
                if not (f.metadata.get("omit_default") and getattr(obj, f.name) == f.default)}
    if isinstance(obj, Decimal):
        return format(obj, "f")
    if isinstance(obj, list):
        return [to_dict(v) for v in obj]
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    return obj


MIN_YEAR, MAX_YEAR = 1900, 2200   # the years a report may be for
MAX_TEXT = 2_000_000     # characters in one text field
MAX_LIST = 100_000       # items in one list

# A location inside the data being read, built cheaply as nested tuples
# (parent, key) and only turned into text ("projects[1].name") for a message.
_Loc = Optional[tuple]


def _loc_text(loc: _Loc) -> str:
    parts: list[str] = []
    while loc is not None:
        loc, key = loc
        parts.append(f"[{key}]" if isinstance(key, int) else f".{key}")
    return "".join(reversed(parts)).lstrip(".") or "文件"


def _kind(value) -> str:
    return {dict: "对象", list: "列表", str: "文本", bool: "真假值", int: "整数",
            float: "小数", type(None): "空值"}.get(type(value), type(value).__name__)


def parse_stored_decimal(value, path: str = "数值") -> Decimal:
    """A decimal as stored in a file: a string (or an int) of plain digits.

    Reads everything a field, an importer or a command can put into a report
    (``model.numbers.parse_stored``: the bounds are defined there, once).
    """
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise DocumentError(f"“{path}”应为数值文本，实际为 {_kind(value)}")
    if isinstance(value, int) and abs(value) >= numbers.READ_LIMIT:
        raise DocumentError(f"“{path}”的数值超出允许范围")
    try:
        return numbers.parse_stored(str(value))
    except numbers.NumberError as e:
        raise DocumentError(f"“{path}”的{e}") from None


def _conv_decimal(value, loc):
    return parse_stored_decimal(value, _loc_text(loc)) if type(value) is not str or len(value) > 40 \
        else _fast_decimal(value, loc)


def _fast_decimal(value: str, loc) -> Decimal:
    try:
        d = Decimal(value)
    except (InvalidOperation, ValueError):
        return parse_stored_decimal(value, _loc_text(loc))
    if not d.is_finite() or abs(d) >= numbers.READ_LIMIT or d == 0:
        return parse_stored_decimal(value, _loc_text(loc))
    return d


def _conv_int(value, loc):
    if type(value) is not int:
        raise DocumentError(f"“{_loc_text(loc)}”应为整数，实际为 {_kind(value)}")
    if abs(value) > numbers.MAX_COUNT:
        raise DocumentError(f"“{_loc_text(loc)}”的数值 {value} 超出允许范围")
    return value


def _conv_bool(value, loc):
    if type(value) is not bool:
        raise DocumentError(f"“{_loc_text(loc)}”应为真假值，实际为 {_kind(value)}")
    return value


def _conv_str(value, loc):
    if type(value) is not str:
        raise DocumentError(f"“{_loc_text(loc)}”应为文本，实际为 {_kind(value)}")
    if len(value) > MAX_TEXT:
        raise DocumentError(f"“{_loc_text(loc)}”的文本过长（{len(value)} 字）")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise DocumentError(f"“{_loc_text(loc)}”含有无法识别的字符") from None
    return value


_CONVERTERS: dict[object, typing.Callable] = {}


def _converter(tp) -> typing.Callable:
    """A function (value, loc) → checked value for the annotated type ``tp`` (built once per type)."""
    conv = _CONVERTERS.get(tp)
    if conv is not None:
        return conv
    origin = typing.get_origin(tp)
    if origin is typing.Union:
        inner = _converter([a for a in typing.get_args(tp) if a is not type(None)][0])

        def conv(value, loc):
            return None if value is None else inner(value, loc)
    elif tp is Decimal:
        conv = _conv_decimal
    elif tp is bool:
        conv = _conv_bool
    elif tp is int:
        conv = _conv_int
    elif tp is str:
        conv = _conv_str
    elif origin is list:
        item = _converter(typing.get_args(tp)[0])

        def conv(value, loc):
            if type(value) is not list:
                raise DocumentError(f"“{_loc_text(loc)}”应为列表，实际为 {_kind(value)}")
            if len(value) > MAX_LIST:
                raise DocumentError(f"“{_loc_text(loc)}”的条目过多（{len(value)} 条）")
            return [item(v, (loc, i)) for i, v in enumerate(value)]
    elif origin is dict:
        item = _converter(typing.get_args(tp)[1])

        def conv(value, loc):
            if type(value) is not dict:
                raise DocumentError(f"“{_loc_text(loc)}”应为对象，实际为 {_kind(value)}")
            if len(value) > MAX_LIST:
                raise DocumentError(f"“{_loc_text(loc)}”的条目过多（{len(value)} 条）")
            return {str(k): item(v, (loc, str(k))) for k, v in value.items()}
    elif dataclasses.is_dataclass(tp):
        conv = _dataclass_converter(tp)
    else:  # pragma: no cover - programming error
        raise TypeError(tp)
    _CONVERTERS[tp] = conv
    return conv


#: annotation text (with the module that wrote it) → the type it names, evaluated once
_ANNOTATIONS: dict[tuple[str, str], object] = {}


def field_types(cls) -> dict[str, object]:
    """The annotated types of a dataclass's fields, as ``typing.get_type_hints(cls)`` gives them,
    each distinct annotation text evaluated once (``get_type_hints`` compiles every field's
    text anew: ≈ 90 fields, a cost of the first file opened after the program starts)."""
    hints: dict[str, object] = {}
    for base in reversed(cls.__mro__):
        annotations = base.__dict__.get("__annotations__", {})
        if not annotations:
            continue
        namespace = sys.modules[base.__module__].__dict__
        for name, text in annotations.items():
            if not isinstance(text, str):
                hints[name] = text
                continue
            key = (base.__module__, text)
            tp = _ANNOTATIONS.get(key)
            if tp is None:
                tp = _ANNOTATIONS[key] = eval(text, namespace)  # noqa: S307 - our own annotations
            hints[name] = tp
    return hints


def _dataclass_converter(cls) -> typing.Callable:
    hints = field_types(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    convs: list[tuple[str, typing.Callable]] = []

    def conv(data, loc):
        if not convs:  # filled lazily: dataclasses may refer to each other
            convs.extend((n, _converter(hints[n])) for n in names)
        if type(data) is not dict:
            raise DocumentError(f"“{_loc_text(loc)}”应为对象，实际为 {_kind(data)}")
        obj = cls()
        for name, c in convs:
            if name not in data:
                continue  # keep the default: older files may lack newer fields
            value = c(data[name], (loc, name))
            current = getattr(obj, name)
            if isinstance(current, dict) and isinstance(value, dict):
                current.update(value)   # keep every fixed key present
                continue
            setattr(obj, name, value)
        return obj
    return conv


def _from_dict(cls, data, path: str = ""):
    return _converter(cls)(data, None)


def from_dict(data) -> Report:
    """Build a Report from plain data, validating every field."""
    report = _from_dict(Report, data)
    if len(report.sections) < SECTION_COUNT:
        report.sections += [""] * (SECTION_COUNT - len(report.sections))
    elif len(report.sections) > SECTION_COUNT:
        extra = [s for s in report.sections[SECTION_COUNT:] if s.strip()]
        report.sections = report.sections[:SECTION_COUNT]
        if extra:  # never lose text: append to 十
            report.sections[-1] = "\n".join([report.sections[-1], *extra]).strip("\n")
    if report.score_places is not None and report.score_places not in SCORE_PLACES:
        raise DocumentError(f"得分小数位数 {report.score_places} 不合理，应为 0、1 或 2")
    problem = year_problem(report.info.year)
    if problem:
        raise DocumentError(problem)
    return report


def year_problem(year: int) -> Optional[str]:
    """Why ``year`` cannot be a report's year (Chinese), or None. The loader and every
    command that makes a report use this one range."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return f"年度 {year} 不合理，应在 {MIN_YEAR}—{MAX_YEAR} 之间"
    return None
