"""Where the tables are in a grid, and which form each one is.

A table starts at its title (“2024年度部门（单位）整体支出绩效自评表”, “…绩效评价自评表”,
“…支出绩效自评表（部门整体）”, “项目支出绩效自评表”, “…基础数据表”, also spread over
two rows) or, without a title, is recognised by the labels inside (编制数, 预算单位名称,
项目名称, 一级指标 …). A table that is not an annex of the report — the finance
bureau's 考核评分表, a 绩效目标申报表 — is recognised by its title or headers and
becomes an ``OTHER`` segment: it is listed, never read as 附件3/4.
"""
from __future__ import annotations

import re
from typing import Optional

from ..grid import SourceGrid, key
from .base import ANNEX2, ANNEX3, ANNEX4, OTHER, Segment, find_in_row
from .vocabulary import words as vocab

_YEAR_RE = re.compile(r"((?:19|20|21)\d{2})\s*年")
#: titles of tables that are not annexes of the report (checked first)
_OTHER_TITLE = re.compile("|".join(map(re.escape, vocab("not_annex_titles"))))


def title_kind(text: str) -> Optional[str]:
    """The form a title names, or None when the text is not a title."""
    k = key(text)
    if len(k) > 60 or not k:
        return None
    if _OTHER_TITLE.search(k):
        return OTHER
    if "基础数据表" in k:
        return ANNEX2
    if not re.search(r"(自评|评价)表|评价自评表", k):
        return None
    if "项目" in k and "整体" not in k:
        return ANNEX4
    if "整体" in k or "部门" in k:
        return ANNEX3
    return None


def title_year(text: str) -> Optional[int]:
    m = _YEAR_RE.search(key(text))
    return int(m.group(1)) if m else None


def is_year_line(text: str) -> bool:
    """A line that only names the year: “（2022年度）”, “2024年”."""
    return bool(re.fullmatch(r"\(?(?:19|20|21)\d{2}年度?\)?", key(text)))


def _is_titleish(g: SourceGrid, r: int) -> bool:
    texts = g.row_texts(r)
    return len(texts) == 1 and len(key(texts[0])) <= 40


def is_project_label(k: str) -> bool:
    k = key(k).rstrip(":")
    return k in ("项目名称", "项目支出名称", "项目名称(全称)") or (k.startswith("项目") and k.endswith("名称")
                                                           and len(k) <= 8)


def segments(g: SourceGrid, others: bool = False) -> list[Segment]:
    """The annex tables in a grid, in order; with ``others``, also the recognised tables that
    are not annexes (as ``OTHER`` segments, so that their rows are not read as an annex)."""
    starts: list[tuple[int, str, str]] = []
    r = 0
    while r < g.nrows:
        texts = g.row_texts(r)
        if len(texts) == 1 or (texts and len(key("".join(texts))) <= 40 and len(texts) <= 2):
            joined = "".join(texts)
            kind = title_kind(joined)
            if kind:
                starts.append((r, kind, joined))
                r += 1
                continue
            # a title spread over two rows
            if r + 1 < g.nrows and _is_titleish(g, r + 1) and len(texts) == 1:
                joined2 = joined + "".join(g.row_texts(r + 1))
                kind = title_kind(joined2)
                if kind and not title_kind("".join(g.row_texts(r + 1))):
                    starts.append((r, kind, joined2))
                    r += 2
                    continue
        r += 1
    out: list[Segment] = []
    if not starts:
        kind = content_kind(g, 0, g.nrows)
        if kind:
            out.append(Segment(g, kind, 0, g.nrows, " ".join(g.context)))
    else:
        if starts[0][0] > 0:
            kind = content_kind(g, 0, starts[0][0])
            if kind and _has_body(g, 0, starts[0][0]):
                out.append(Segment(g, kind, 0, starts[0][0], " ".join(g.context)))
        for i, (r, kind, title) in enumerate(starts):
            end = starts[i + 1][0] if i + 1 < len(starts) else g.nrows
            if kind != OTHER:
                # a table whose title says annex but whose headers say 申报表/考核表 is not an annex
                inner = content_kind(g, r, end, use_context=False)
                if inner == OTHER:
                    kind = OTHER
            out.append(Segment(g, kind, r, end, title))
    # several 附件4 tables stacked without their own titles: split at each 项目名称 row
    final: list[Segment] = []
    for seg in out:
        if seg.kind != ANNEX4:
            final.append(seg)
            continue
        name_rows = [r for r in range(seg.r0, seg.r1) if find_in_row(g, r, is_project_label) is not None]
        if len(name_rows) <= 1:
            final.append(seg)
            continue
        bounds = [seg.r0] + name_rows[1:] + [seg.r1]
        for a, b in zip(bounds, bounds[1:]):
            final.append(Segment(g, ANNEX4, a, b, seg.title if a == seg.r0 else ""))
    return final if others else [seg for seg in final if seg.kind != OTHER]


def _has_body(g: SourceGrid, r0: int, r1: int) -> bool:
    return sum(1 for r in range(r0, r1) if len(g.row_texts(r)) >= 3) >= 2


_ACTUAL_WORDS = vocab("actual_words")


def content_kind(g: SourceGrid, r0: int, r1: int, use_context: bool = True) -> Optional[str]:
    """The form the labels inside rows r0..r1 point to."""
    keys = set()
    for r in range(r0, r1):
        for t in g.row_texts(r):
            k = key(t)
            if len(k) <= 40:
                keys.add(k)
    joined = "|".join(keys)
    has_ind = "一级指标" in joined or "三级指标" in joined
    scored = any(w in joined for w in _ACTUAL_WORDS) or "得分" in joined
    heads = {k.rstrip(":") for k in keys if len(k) <= 8}     # header cells, not sentences that mention them
    if heads & set(vocab("not_annex_headers")) or \
            (not has_ind and heads & set(vocab("not_annex_headers_without_indicators"))):
        return OTHER            # the finance bureau's 考核评分表 and the like
    if has_ind and not scored:
        return OTHER            # a 绩效目标申报表: targets only, nothing achieved or scored
    if has_ind and any(is_project_label(k) for k in keys):
        return ANNEX4
    if "预算单位名称" in joined or has_ind:
        return ANNEX3
    if "编制数" in joined or "三公经费" in joined or "部门基本支出" in joined:
        return ANNEX2
    if use_context:
        kind = title_kind(" ".join(g.context))
        if kind and _has_body(g, r0, r1):
            return kind
    return None
