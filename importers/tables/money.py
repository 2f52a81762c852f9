"""The money block of 附件3 and 附件4 (年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分),
in every layout county and township files use:

- a header row with the values of each line below it (the standard form), the row's
  label on the left (年度资金总额, 其中：当年财政拨款, 财政资金 …);
- headers split over two lines in one cell (“年初\\n预算数”) or over two rows
  (“年初” above “预算数”);
- label/value pairs on one row: 年初预算数 | 96.40 | 全年预算数 | 101.25 | 全年执行数 | 99.87 |
  分值 | 10 | 执行率 | 98.64% | 得分 | 9.9;
- label/value pairs inside the grid for the sources and natures (“一般公共预算：120.5”,
  or “一般公共预算” | “120.5”);
- one amount in a cell merged across 年初/全年/执行 (taken as 全年执行数 and listed for review).

``read_block`` returns the lines it found as ``MoneyLine``s; what they mean (the total,
a funding row, a source) is decided by the form reader that called it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from model.numbers import NumberError

from ..grid import key
from .base import CJK, FormReader, is_blank_value, is_known_label, looks_number, show, strip_label
from .vocabulary import words as vocab

AMOUNTS = ("initial", "budget", "executed")

ROLES = vocab("money_roles")
ROLE_NAMES = {"initial": "年初预算数", "budget": "全年预算数", "executed": "全年执行数", "weight": "分值",
              "rate": "执行率", "score": "得分", "note": "偏差原因"}


def role_of(text: str) -> Optional[str]:
    """The role a header or pair label names, or None."""
    k = key(text)
    if not k or len(k) > 24 or "标准" in k or "说明及" in k:
        return None
    k = re.sub(r"\(万元\)|\(元\)|\(%\)|\(分\)", "", k)
    for role, words in ROLES:
        if any(w in k for w in words):
            return role
    return None


@dataclass
class MoneyLine:
    label: str                                   # the row's label ("" when none)
    row: int
    values: dict = field(default_factory=dict)   # role → Decimal (amounts, weight, score, rate) or str (note)
    cols: dict = field(default_factory=dict)     # role → column the value came from
    pairs: list = field(default_factory=list)    # (label, Decimal|None, row, col) pairs inside the grid
    single: bool = False                         # one amount merged across the amount columns


class MoneyBlock:
    """Reads the money block between rows ``start`` and ``end`` of a form."""

    def __init__(self, reader: FormReader, start: int, end: int):
        self.rd = reader
        self.g = reader.g
        self.start, self.end = start, end

    # ----------------------------------------------------------------- header detection
    def _cells(self, r: int) -> list[tuple[int, str]]:
        """(column, text) of the distinct cells of row r that start in this row or are merged from the left."""
        return [(c, t) for c, t in self.g.row_cells(r) if t]

    def _roles(self, texts: list[tuple[int, str]]) -> dict[str, int]:
        cols: dict[str, int] = {}
        for c, t in texts:
            role = role_of(t)
            if role and role not in cols:
                cols[role] = c
        return cols

    def pair_row(self, r: int) -> Optional[MoneyLine]:
        """A row of label/value pairs (年初预算数 | 96.40 | 全年预算数 | 101.25 …), or None."""
        cells = self._cells(r)
        values: dict = {}
        cols: dict = {}
        labels: list[str] = []
        i = 0
        while i < len(cells):
            c, t = cells[i]
            role = role_of(t)
            inline = re.match(r"^(.{2,12}?)[:：]\s*([-+]?[\d,，.]+\s*(?:%|万元|元|分)?)$", t.strip())
            if inline and role_of(inline.group(1)):
                role = role_of(inline.group(1))
                if role not in values:
                    values[role] = self._value(role, inline.group(2), r, c)
                    cols[role] = c
                i += 1
                continue
            if role and i + 1 < len(cells) and role_of(cells[i + 1][1]) is None and \
                    (looks_number(cells[i + 1][1]) or is_blank_value(cells[i + 1][1])
                     or role == "note" or re.fullmatch(r"[\d.,，\s]+%", cells[i + 1][1])):
                if role not in values:
                    values[role] = self._value(role, cells[i + 1][1], r, cells[i + 1][0])
                    cols[role] = cells[i + 1][0]
                i += 2
                continue
            if role is None and not values and self.g.anchors[r][c][0] == r:
                labels.append(t)      # (a label merged down from an earlier row belongs to that row)
            i += 1
        if sum(1 for k in values if k in AMOUNTS) >= 2 or (len(values) >= 3 and any(k in AMOUNTS for k in values)):
            return MoneyLine(" ".join(labels), r, values, cols)
        return None

    def header(self) -> Optional[tuple[int, dict[str, int]]]:
        """The header row (the last row of a two-row header) and its role columns."""
        for r in range(self.start, self.end):
            if self.pair_row(r) is not None:
                return None
            cols = self._roles(self._cells(r))
            if "executed" in cols and ("budget" in cols or "initial" in cols):
                return r, cols
            # a header over two rows: “年初” above “预算数”
            if r + 1 < self.end and sum(1 for k in cols if k in AMOUNTS) < 2 and self.pair_row(r + 1) is None:
                cols2 = self._roles(self._joined(r))
                g = self.g
                split = [k for k, c in cols2.items() if k in AMOUNTS and g.anchors[r][c] != g.anchors[r + 1][c]
                         and g.cells[r][c] and role_of(g.cells[r][c]) is None]
                if "executed" in cols2 and ("budget" in cols2 or "initial" in cols2) and len(split) >= 2:
                    return r + 1, cols2
        return None

    def _joined(self, r: int) -> list[tuple[int, str]]:
        g = self.g
        out = []
        seen = set()
        for c in range(g.ncols):
            a, b = g.anchors[r][c], g.anchors[r + 1][c]
            if (a, b) in seen:
                continue
            seen.add((a, b))
            top, low = g.cells[r][c], g.cells[r + 1][c]
            text = top if a == b else top + low
            if text:
                out.append((c, text))
        return out

    # ----------------------------------------------------------------- reading
    def _value(self, role: str, text: str, r: int, c: int):
        rd = self.rd
        if role == "note":
            return text.strip() or None
        if role in AMOUNTS:
            return rd.money_text(text, r, c, ROLE_NAMES[role])
        if role == "rate":
            return text.strip() or None
        return rd.number(r, c, text, ROLE_NAMES[role])

    def read(self) -> Optional[list[MoneyLine]]:
        """The lines of the block, or None when no header and no pair row was found."""
        lines: list[MoneyLine] = []
        head = self.header()
        if head is None:
            for r in range(self.start, self.end):
                line = self.pair_row(r)
                if line is not None:
                    lines.append(line)
                    continue
                pairs = self.source_pairs(r)
                if pairs:
                    lines.append(MoneyLine("", r, pairs=pairs))
            return lines or None
        hr, cols = head
        g = self.g
        amount_cols = {k: v for k, v in cols.items() if k in AMOUNTS}
        first = min(v for k, v in cols.items() if k != "note")
        for r in range(hr + 1, self.end):
            line = self.pair_row(r)
            if line is not None:
                lines.append(line)
                continue
            labels = self.rd.row_label(r, first, hr)
            if labels and re.search(r"偏差(说明|原因)", labels[0]) and len(labels) <= 2:
                note = labels[1] if len(labels) == 2 else g.text(r, first)
                lines.append(MoneyLine(labels[0], r, {"note": note.strip() or None}))
                continue
            if any(CJK.search(g.text(r, c)) and not g.same_range((r, c), (hr, c))
                   and not re.fullmatch(r"[\d,，.\s]*(万元|元)?", g.text(r, c)) and g.text(r, c).strip() != "无"
                   and "\n" not in g.text(r, c)
                   for c in amount_cols.values()):
                pairs = self.source_pairs(r)
                if pairs:     # the two-column layout: “一般公共预算：120.5” inside the grid
                    lines.append(MoneyLine("", r, pairs=pairs))
                    continue
                if all(not looks_number(g.text(r, c)) and (not g.text(r, c).strip() or _heading_like(g.text(r, c)))
                       for c in amount_cols.values()):
                    continue  # a sub-heading row (“按收入性质分：” | … | “按支出性质分：”)
                # else: words where a figure belongs — read the row; the cell is listed as unreadable
            values: dict = {}
            used: dict = {}
            multi = False
            for role, c in amount_cols.items():
                if g.same_range((r, c), (hr, c)):
                    continue
                text = g.text(r, c)
                if "\n" in text.strip() and all(looks_number(p) or is_blank_value(p) for p in text.split("\n")):
                    values[role] = text      # several amounts stacked in one cell: split by the caller
                    multi = True
                else:
                    values[role] = self.rd.money(r, c, f"{(labels or ['资金'])[0]}的{ROLE_NAMES[role]}")
                used[role] = c
            if "note" in cols and not g.same_range((r, cols["note"]), (hr, cols["note"])):
                note = g.text(r, cols["note"])
                if note and not is_known_label(note):
                    values["note"] = note
            for role in ("weight", "score"):
                if role in cols and not g.same_range((r, cols[role]), (hr, cols[role])):
                    values[role] = self.rd.number(r, cols[role], g.text(r, cols[role]), ROLE_NAMES[role])
            if "rate" in cols and not g.same_range((r, cols["rate"]), (hr, cols["rate"])):
                values["rate"] = g.text(r, cols["rate"]) or None
            shared = {g.anchors[r][c] for c in amount_cols.values()}
            line = MoneyLine(" ".join(labels), r, values, used)
            if not multi and len(amount_cols) >= 2 and len(shared) == 1 and labels \
                    and values.get("executed") is not None:
                for role in ("initial", "budget"):
                    values.pop(role, None)
                line.single = True
            has_value = any(v is not None for v in values.values())
            if not has_value:
                pairs = self.source_pairs(r)
                if pairs:
                    lines.append(MoneyLine("", r, pairs=pairs))
                    continue
                if not labels:
                    continue
            lines.append(line)
        return lines

    def source_pairs(self, r: int) -> list[tuple[str, Optional[Decimal], int, int]]:
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
            if m and source_or_nature(m.group(1)):
                out.append((m.group(1), self.rd.money_text(m.group(2), r, c, m.group(1)), r, c))
            elif source_or_nature(t) and i + 1 < len(cells) and looks_number(cells[i + 1][1]):
                out.append((t, self.rd.money_text(cells[i + 1][1], r, cells[i + 1][0], t), r, cells[i + 1][0]))
                i += 1
            i += 1
        return out


def _heading_like(text: str) -> bool:
    k = key(text)
    return bool(re.fullmatch(r"按.{1,6}分[:：]?|.{1,12}[:：]", k)) or source_or_nature(k)


# --------------------------------------------------------------------------- what a line's label means

#: (model key, label words): the income sources of the department (附件3)
SOURCE_LABELS = vocab("sources")
#: (model attribute, label words): the funding rows of a project (附件4), most specific first
FUNDING_LABELS = vocab("project_funding")


def clean_line_label(label: str) -> str:
    lk = strip_label(key(label))
    lk = re.sub(r"^按(收入|支出)性质分[:：]?", "", lk)
    return strip_label(lk)


def source_or_nature(label: str) -> bool:
    lk = clean_line_label(label)
    if lk.startswith(("基本支出", "项目支出")):
        return True
    return any(lk.startswith(w) for _, words in SOURCE_LABELS for w in words)


def funding_kinds(label: str) -> list[str]:
    """The funding rows a label names, in the order written: “上年结转资金 其他资金” → [carried, other]."""
    lk = clean_line_label(label)
    found: list[tuple[int, str]] = []
    rest = lk
    for attr, words in FUNDING_LABELS:
        for w in words:
            i = rest.find(w)
            if i >= 0:
                found.append((i, attr))
                rest = rest[:i] + "#" * len(w) + rest[i + len(w):]
                break
    return [attr for _, attr in sorted(found)]


def split_stacked(value, n: int) -> Optional[list[Optional[Decimal]]]:
    """Amounts stacked in one cell (“5\\n3”) for ``n`` merged labels, or None when they do not fit."""
    if not isinstance(value, str):
        return None
    parts = [p for p in value.split("\n") if p.strip()]
    if len(parts) != n:
        return None
    from .base import money_value
    out = []
    for p in parts:
        try:
            out.append(None if is_blank_value(p) else money_value(p))
        except NumberError:
            return None
    return out


def describe(values: dict) -> str:
    return "、".join(f"{ROLE_NAMES[k]} {show(v)}" for k, v in values.items() if v is not None and k in ROLE_NAMES)
