"""What every form reader shares: the result with its typed notes, the table segment,
the reader base class and the small value helpers.

A ``Note`` is one line of the import summary: its kind (已导入 / 未导入 / 请复核), a
code naming what happened (so code never matches messages by their text), where
in the file it happened, and the Chinese sentence shown to the user.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Optional

from model.numbers import NumberError, parse_decimal, parse_money, round_half_up
from model.report import Report

from ..grid import SourceGrid, key
from .vocabulary import words as vocab

ANNEX2 = "annex2"
ANNEX3 = "annex3"
ANNEX4 = "annex4"
OTHER = "other"          # a table that is not an annex (考核评分表, 绩效目标申报表 …)
ANNEX_NAMES = {ANNEX2: "附件2 基础数据表", ANNEX3: "附件3 部门整体支出绩效自评表",
               ANNEX4: "附件4 项目支出绩效自评表", OTHER: "非附件表格"}

TAKEN = "taken"
SKIPPED = "skipped"
REVIEW = "review"


@dataclass(frozen=True)
class Note:
    """One line of the import summary."""
    kind: str                 # TAKEN / SKIPPED / REVIEW
    code: str                 # what happened, e.g. "staff.total_only", "block.unreadable"
    text: str                 # the sentence for the user (already names the place)
    #: what in the imported report it is about (an Indicator, a Project …) or a path such as
    #: "budget.additions": where the review list entry made of it points (``importers.review_items``)
    about: object = field(default=None, compare=False)


@dataclass
class TypedScore:
    """A 得分 printed in the file, applied once the county's score precision is known."""
    indicator: object         # model.report.Indicator
    typed: Decimal
    table: str = ""           # where the table is, for the summary


@dataclass
class AnnexData:
    """What the annex tables of one file held, merged into ``report``."""
    report: Report
    kinds: dict[str, int] = field(default_factory=dict)   # annex kind → tables read
    notes: list[Note] = field(default_factory=list)
    years: list[int] = field(default_factory=list)        # evaluated years seen in titles/headers
    profile_votes: list[str] = field(default_factory=list)
    #: ids of projects in the order their 附件4 tables came (the county's own numbering)
    annex4_order: list[int] = field(default_factory=list)
    #: every 得分 printed in an indicator table, applied by ``complete``
    typed_scores: list[TypedScore] = field(default_factory=list)
    #: every score printed anywhere (得分 cells, execution scores, totals): the precision evidence
    printed_scores: list[tuple[str, Decimal]] = field(default_factory=list)
    #: (computed-later) checks of printed totals: (label, typed total, table getter)
    printed_totals: list[tuple] = field(default_factory=list)
    #: 填表人 / 填报日期 / 联系电话 / 单位负责人 as each table's footer gives them: field → [(value, where)]
    footer: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    #: ``project_named``'s index: the first project of each name ``key``, over the first
    #: ``_named_count`` projects of the report (the list only grows while the tables are read)
    _named: dict[str, object] = field(default_factory=dict, repr=False)
    _named_count: int = field(default=0, repr=False)
    _named_last: object = field(default=None, repr=False)

    def project_named(self, name: str):
        """The first project of the report whose name matches ``name`` (compared by ``key``),
        or None. (A scan of every project for every 附件4 table was quadratic: 1 500 projects
        took 1.1 million name comparisons.)"""
        projects = self.report.projects
        n = self._named_count
        if n > len(projects) or (n and projects[n - 1] is not self._named_last):
            self._named, n = {}, 0          # the list was changed otherwise: index it again
        for p in projects[n:]:
            self._named.setdefault(key(p.name), p)
        self._named_count = len(projects)
        self._named_last = projects[-1] if projects else None
        return self._named.get(key(name))

    # -------------------------------------------------------------- notes
    def add(self, kind: str, code: str, text: str, about: object = None) -> None:
        self.notes.append(Note(kind, code, text, about))

    def take(self, text: str, code: str = "taken") -> None:
        self.add(TAKEN, code, text)

    def skip(self, text: str, code: str = "skipped") -> None:
        self.add(SKIPPED, code, text)

    def review(self, text: str, code: str = "review", about: object = None) -> None:
        self.add(REVIEW, code, text, about)

    def lines(self, kind: str) -> list[str]:
        return [n.text for n in self.notes if n.kind == kind]

    def find(self, code: str) -> Optional[Note]:
        return next((n for n in self.notes if n.code == code), None)

    def drop(self, note: Note) -> None:
        self.notes.remove(note)

    @property
    def found(self) -> int:
        return sum(v for k, v in self.kinds.items() if k != OTHER)


@dataclass
class Segment:
    grid: SourceGrid
    kind: str
    r0: int                 # first row (title or first label)
    r1: int                 # one past the last row
    title: str = ""


# --------------------------------------------------------------------------- value helpers

_EMPTY_VALUES = ("", "-", "—", "——", "/", "无", "－", "--")


def is_blank_value(text: str) -> bool:
    return key(text) in _EMPTY_VALUES


def money_value(text: str, factor: Decimal = Decimal(1)) -> Optional[Decimal]:
    t = re.sub(r"\s+", "", text.strip())
    if not t:
        return None
    value = parse_money(t)
    if value is None:
        return None
    if factor != 1 and not re.search(r"元|万", t):
        value = round_half_up(value * factor, 4) if (value * factor).as_tuple().exponent < -4 \
            else value * factor
    return value


def number_value(text: str) -> Optional[Decimal]:
    t = key(text)
    if t in _EMPTY_VALUES:
        return None
    t = re.sub(r"分$", "", t)
    return parse_decimal(t)


def show(value) -> str:
    if isinstance(value, Decimal):
        t = format(value, "f")
        return t.rstrip("0").rstrip(".") if "." in t else t
    return str(value)


CJK = re.compile(r"[\u4e00-\u9fff]")
_NUMBER_RE = re.compile(r"\s*[-+]?[\d,，]*\.?\d+\s*(分|万元|元|%)?\s*")


def looks_number(text: str) -> bool:
    return bool(_NUMBER_RE.fullmatch(text or ""))


def footer_like(text: str) -> bool:
    return key(text).startswith(("填表人", "填报日期", "联系电话", "单位负责人"))


def strip_label(k: str) -> str:
    """Drop numbering and 其中 from a row label key: “1、业务经费（一个项目一行）” → “业务经费(一个项目一行)”."""
    k = re.sub(r"^(其中[:：]?)", "", k)
    k = re.sub(r"^(?:([一二三四五六七八九十]+|\d+)[、.)]|\((?:[一二三四五六七八九十]+|\d+)\)[、.]?)", "", k)
    k = re.sub(r"^(其中[:：]?)", "", k)
    return k.rstrip(":")


#: template rows that are not data: “.....”, “……”, “指标1”, “项目1”, “xxx”
_PLACEHOLDER = re.compile(r"^(?:[.。…·．\-—_\s]+|(?:指标|项目|三级指标|二级指标)\s*[0-9一二三四五六七八九十]{1,2}|[xX×*]{2,}"
                          r"|(?:\.{2,}|…+)\S{0,6}|\S{0,6}(?:\.{2,}|…+))$")


def is_placeholder(text: str) -> bool:
    t = (text or "").strip()
    return bool(t) and bool(_PLACEHOLDER.match(key(t)))


GOAL_WORDS = vocab("goal_words")
ACHIEVEMENT_WORDS = vocab("achievement_words")
_KNOWN_LABELS = vocab("known_labels")


def is_known_label(text: str) -> bool:
    k = key(text).rstrip(":")
    return any(k == lb or k.startswith(lb + "(") for lb in _KNOWN_LABELS)


def find_in_row(g: SourceGrid, r: int, pred: Callable[[str], bool]) -> Optional[int]:
    for c in range(g.ncols):
        t = g.cells[r][c]
        if t and pred(t):
            return c
    return None


# --------------------------------------------------------------------------- the reader base

class FormReader:
    """Reads one form (a table segment, or a block inside one) into ``data.report``."""

    def __init__(self, data: AnnexData, seg: Segment, factor: Decimal = Decimal(1)):
        self.d = data
        self.seg = seg
        self.g = seg.grid
        self.factor = factor
        self.report = data.report
        self.where_table = f"{self.g.label}的{ANNEX_NAMES[seg.kind]}"

    def rows(self, start: Optional[int] = None, end: Optional[int] = None):
        return range(self.seg.r0 if start is None else start, self.seg.r1 if end is None else end)

    def skip_cell(self, r: int, c: Optional[int], text: str, why: str, code: str = "value.unreadable") -> None:
        self.d.skip(f"{self.g.where(r, c)}“{text}”{why}", code)

    def money(self, r: int, c: int, what: str) -> Optional[Decimal]:
        return self.money_text(self.g.text(r, c), r, c, what)

    def money_text(self, text: str, r: int, c: int, what: str) -> Optional[Decimal]:
        try:
            return money_value(text, self.factor)
        except NumberError as e:
            self.skip_cell(r, c, text, f"（{what}）无法识别，未导入：{e}")
            return None

    def number(self, r: int, c: Optional[int], text: str, what: str) -> Optional[Decimal]:
        try:
            return number_value(text) if text else None
        except NumberError as e:
            self.skip_cell(r, c, text, f"（{what}）无法识别，未导入：{e}")
            return None

    def find(self, pred: Callable[[str], bool], start: Optional[int] = None,
             end: Optional[int] = None) -> Optional[tuple[int, int]]:
        for r in self.rows(start, end):
            c = find_in_row(self.g, r, pred)
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
        self.d.review(f"{what}：{self.g.where(r)}为“{show(value)}”，与先前读到的“{show(old)}”不一致，保留了先前的值",
                      "value.conflict")

    def row_label(self, r: int, first_value_col: int, header_row: int) -> list[str]:
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
