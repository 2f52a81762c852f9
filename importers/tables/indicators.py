"""The indicator table of 附件3 and 附件4: 一级指标 | 二级指标 | 三级指标 | (指标性质) | 年度指标值 |
(度量单位) | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施.

Columns are found by their headers; 一级/二级 cells merged over their rows arrive
filled. Not data: template placeholder rows (“.....”, “……”, “指标1”) and a
评分标准 / 指标说明 column (text, never the 得分). Printed 得分 are kept aside
(``AnnexData.typed_scores``) and applied once the county's score precision is known.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Optional

from model.numbers import NumberError, parse_decimal
from model.profiles import list_profiles
from model.report import NATURES, Indicator

from ..grid import key
from .base import FormReader, TypedScore, footer_like, is_placeholder, looks_number, show
from .vocabulary import words as vocab

ROLES = vocab("indicator_roles")
_NATURE_WORDS = vocab("nature_words")

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


def _with_unit(value: str, unit: str) -> str:
    unit = unit.strip()
    if value and unit and re.fullmatch(r"[≥≤<>=＞＜]?\s*[-+]?[\d,.]+", value.strip()):
        return f"{value.strip()}{unit}"
    return value


class IndicatorTable:
    """Reads the indicator table whose header is row ``hr`` with role columns ``cols``."""

    def __init__(self, reader: FormReader, hr: int, cols: dict[str, int]):
        self.rd = reader
        self.g = reader.g
        self.hr = hr
        self.cols = cols

    @staticmethod
    def roles(reader: FormReader, r: int) -> dict[str, int]:
        cols: dict[str, int] = {}
        for c, text in reader.g.row_cells(r):
            k = key(text)
            if not k or len(k) > 24:
                continue
            for role, words in ROLES:
                if any(w in k for w in words):
                    if role not in cols:
                        cols[role] = c
                    break
        return cols

    @classmethod
    def find_header(cls, reader: FormReader) -> Optional[tuple[int, dict[str, int]]]:
        for r in reader.rows():
            cols = cls.roles(reader, r)
            if "name" in cols and ("target" in cols or "weight" in cols) and "level1" in cols:
                return r, cols
            if "name" in cols and "target" in cols and "actual" in cols:
                return r, cols
        return None

    def cell(self, r: int, role: str) -> str:
        c = self.cols.get(role)
        if c is None or self.g.same_range((r, c), (self.hr, c)):
            return ""
        return self.g.text(r, c)

    def read(self) -> tuple[list[Indicator], Optional[Decimal], Optional[Decimal]]:
        """(indicators, the printed 总分, the execution weight printed as a 预算执行率 row)."""
        rd, g = self.rd, self.g
        inds: list[Indicator] = []
        total: Optional[Decimal] = None
        exec_weight: Optional[Decimal] = None
        level1 = level2 = ""
        block_weights: dict[str, Decimal] = {}
        start = self.hr + 1
        # a second header row (e.g. units under 年度指标值) is skipped
        if start < rd.seg.r1 and self.roles(rd, start).keys() & {"name", "target", "weight"} \
                and not any(looks_number(t) for t in g.row_texts(start)):
            start += 1
        placeholders = 0
        for r in range(start, rd.seg.r1):
            texts = g.row_texts(r)
            if not texts:
                continue
            first_key = key(texts[0])
            if first_key.startswith(("总分", "合计", "总计", "综合得分")) or \
                    any(key(t) in ("总分", "合计", "总计") for t in texts):
                nums = [t for t in texts if looks_number(t)]
                if nums:
                    total = rd.number(r, None, nums[-1], "总分")
                    if total is not None:
                        self.rd.d.printed_scores.append(("total", total))
                break
            if any(footer_like(t) for t in texts):
                break
            l1_text = self.cell(r, "level1")
            if l1_text and not is_placeholder(l1_text):
                name1, w1 = split_level1(l1_text)
                if name1 != level1:
                    level2 = ""
                level1 = name1
                if w1 is not None:
                    block_weights[level1] = w1
            l2_text = self.cell(r, "level2")
            if l2_text and not is_placeholder(l2_text):
                level2 = split_level2(l2_text)
            name = self.cell(r, "name")
            target = self.cell(r, "target")
            actual = self.cell(r, "actual")
            weight_text = self.cell(r, "weight")
            score_text = self.cell(r, "score")
            note = self.cell(r, "note")
            if level1 == "预算执行率" or key(name) in ("预算执行率", "执行率"):
                exec_weight = rd.number(r, self.cols.get("weight"), weight_text, "分值") if weight_text \
                    else split_level1(l1_text)[1]
                continue
            if not (name or target or actual or weight_text):
                continue
            if is_placeholder(name) or (not name and is_placeholder(target)):
                if not (actual or score_text):
                    placeholders += 1
                    continue
            unit = self.cell(r, "unit")
            nat = _NATURE_WORDS.get(self.cell(r, "nature").strip(), self.cell(r, "nature").strip())
            if unit:
                target = _with_unit(target, unit)
                actual = _with_unit(actual, unit)
            ind = Indicator(level1=level1, level2=level2, name=name, target=target, actual=actual, note=note)
            if nat in NATURES:
                ind.nature = nat
            if weight_text:
                ind.weight = rd.number(r, self.cols.get("weight"), weight_text, "分值")
            if not name:
                rd.d.review(f"{g.where(r)}的指标没有三级指标名称，请补填", "indicator.no_name", ind)
            if score_text:
                typed = rd.number(r, self.cols.get("score"), score_text, "得分")
                if typed is not None:
                    rd.d.typed_scores.append(TypedScore(ind, typed, rd.where_table))
                    rd.d.printed_scores.append(("indicator", typed))
            inds.append(ind)
        if placeholders:
            rd.d.take(f"{rd.where_table}：略过 {placeholders} 行模板占位行（如“指标1”“……”），它们不是指标",
                      "indicator.placeholder")
        for name, w in block_weights.items():
            row_sum = sum((i.weight or Decimal(0) for i in inds if i.level1 == name), Decimal(0))
            if row_sum != w:
                first = next((i for i in inds if i.level1 == name), None)
                rd.d.review(f"{rd.where_table}：一级指标“{name}”标注 {show(w)} 分，其下三级指标分值合计 {show(row_sum)} 分",
                            "indicator.block_weight", first)
        self._vote_profile(inds, block_weights)
        return inds, total, exec_weight

    def _vote_profile(self, inds: list[Indicator], weights: dict[str, Decimal]) -> None:
        votes = self.rd.d.profile_votes
        names = {i.level1 for i in inds}
        if "成本指标" in names:
            votes.append("hunan")
        elif any(i.level1 == "产出指标" and i.level2 == "成本指标" for i in inds) or \
                weights.get("产出指标") == 50 or weights.get("效益指标") == 30:
            votes.append("mof")
        elif inds:
            sums: dict[str, Decimal] = {}
            for i in inds:
                sums[i.level1] = sums.get(i.level1, Decimal(0)) + (i.weight or Decimal(0))
            if sums.get("产出指标") == 50 or sums.get("效益指标") == 30:
                votes.append("mof")
