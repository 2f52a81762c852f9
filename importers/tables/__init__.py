"""Find and read the annex tables (附件2, 附件3, 附件4) in neutral grids.

Tables are found by their labels, never by cell addresses (``segments``). One reader
per form, over a shared base (``base.FormReader``):

- ``annex2.Annex2``         附件2 基础数据表 (staff, 经费控制情况, 楼堂馆所, 厉行节约);
- ``selfeval.Annex3/Annex4`` 附件3/附件4, each a money block (``money``), the goals and
  an indicator table (``indicators``);
- ``complete``              what all tables together imply (rule set, score precision,
  printed scores, derived figures).

What cannot be read becomes a ``Note`` of kind 未导入 naming its sheet and row; what
should be looked at, a note of kind 请复核. Nothing raises on odd content: only the file
readers raise ``ImportError_``.
"""
from __future__ import annotations

from typing import Optional

from model.numbers import NumberError
from model.report import Report

from ..grid import SourceGrid
from .annex2 import STAFF_TOTAL_ONLY, Annex2
from .base import (ANNEX2, ANNEX3, ANNEX4, ANNEX_NAMES, OTHER, REVIEW, SKIPPED, TAKEN, AnnexData, Note,
                   Segment)
from .complete import complete
from .indicators import split_level1, split_level2
from .segments import segments
from .selfeval import Annex3, Annex4

__all__ = ["ANNEX2", "ANNEX3", "ANNEX4", "ANNEX_NAMES", "OTHER", "TAKEN", "SKIPPED", "REVIEW", "STAFF_TOTAL_ONLY",
           "AnnexData", "Note", "Segment", "complete", "read_grids", "segments", "split_level1", "split_level2"]

_READERS = {ANNEX2: Annex2, ANNEX3: Annex3, ANNEX4: Annex4}
_ORDER = {ANNEX2: 0, ANNEX3: 1, ANNEX4: 2, OTHER: 3}


def read_grids(grids: list[SourceGrid], into: Optional[AnnexData] = None,
               only: Optional[set[str]] = None) -> AnnexData:
    """Read every annex table in ``grids`` (optionally only the kinds in ``only``).

    附件2 is read before 附件3/4 wherever it stands, so that a project's 附件2 figure is
    known as its 年初 when its 附件4 gives the 全年预算数."""
    data = into or AnnexData(Report())
    segs = [seg for g in grids for seg in segments(g, others=True)]
    segs.sort(key=lambda s: _ORDER[s.kind])          # stable: file order within a kind
    for seg in segs:
        if seg.kind == OTHER:
            title = f"“{seg.title}”" if seg.title else ""
            data.skip(f"{seg.grid.label}第{seg.r0 + 1}行起的表格{title}不是附件2/3/4（如考核评分表、绩效目标申报表），"
                      "未作为附件导入", "table.not_annex")
            data.kinds[OTHER] = data.kinds.get(OTHER, 0) + 1
            continue
        if only is not None and seg.kind not in only:
            data.skip(f"{seg.grid.label}中的{ANNEX_NAMES[seg.kind]}未导入（已从 Excel 文件导入同一表格）",
                      "table.duplicate")
            continue
        try:
            _READERS[seg.kind](data, seg).run()
        except (NumberError, ValueError, ArithmeticError) as e:  # pragma: no cover - defensive
            data.skip(f"{seg.grid.label}第{seg.r0 + 1}行起的表格无法读取：{e}", "block.unreadable")
        data.kinds[seg.kind] = data.kinds.get(seg.kind, 0) + 1
    return data
