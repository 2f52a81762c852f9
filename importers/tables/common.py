"""What every annex table has around its body: the title and year, the money unit,
the unit's name and the footer line (填表人 / 填报日期 / 联系电话 / 单位负责人)."""
from __future__ import annotations

import re
from decimal import Decimal

from ..grid import key
from .base import FormReader, is_known_label
from .segments import is_year_line, title_kind, title_year
from .vocabulary import words as vocab

FOOTER_FIELDS = vocab("footer_fields")
#: labels under which a table names the unit (the value follows after “：” or in the next cell)
UNIT_LABELS = vocab("unit_labels")


class TableForm(FormReader):
    """A whole annex table: reads the parts every form has, then ``body``."""

    def run(self) -> None:
        self.detect_unit()
        self.detect_year()
        self.footer()
        self.body()

    def body(self) -> None:  # pragma: no cover - every form defines it
        raise NotImplementedError

    def detect_unit(self) -> None:
        for r in self.rows(self.seg.r0, min(self.seg.r1, self.seg.r0 + 5)):
            for t in self.g.row_texts(r):
                m = re.search(r"单位[:：]\s*(万元|元|千元)", key(t))
                if m and m.group(1) != "万元":
                    self.factor = Decimal("0.0001") if m.group(1) == "元" else Decimal("0.1")
                    self.d.take(f"{self.where_table}以“{m.group(1)}”为单位，金额已换算为万元", "unit.yuan")
                    return

    def detect_year(self) -> None:
        """The year from the title, or from a line of its own under it (“（2022年度）”)."""
        texts = [self.seg.title] if self.seg.title else []
        for r in self.rows(self.seg.r0, min(self.seg.r1, self.seg.r0 + 4)):
            texts += self.g.row_texts(r)
        for t in texts:
            if title_kind(t) or (self.seg.title and t == self.seg.title) or is_year_line(t):
                y = title_year(t)
                if y:
                    self.d.years.append(y)
                    return

    def footer(self) -> None:
        """The footer line's fields, collected for ``complete.settle_footer``."""
        for r in self.rows():
            texts = self.g.row_texts(r)
            joined = "  ".join(texts)
            if "填表人" not in joined and "联系电话" not in joined and "填报日期" not in joined:
                continue
            for attr, label in FOOTER_FIELDS:
                m = re.search(label + r"(?:签字|签章)?\s*[:：]?\s*(.*?)\s*(?=填表人|填报日期|联系电话|单位负责人|$)",
                              joined, re.S)
                if m:
                    value = m.group(1).strip(" ：:")
                    if value:
                        self.d.footer.setdefault(attr, []).append((value, self.g.where(r)))

    def unit_name(self, labels=UNIT_LABELS) -> str:
        """The unit named by “单位名称：xx” or a label cell with its value to the right."""
        for r in self.rows():
            for c in range(self.g.ncols):
                if self.g.anchors[r][c] != (r, c) and self.g.anchors[r][c][1] != c:
                    continue
                t = self.g.cells[r][c]
                if not t or (c > 0 and self.g.same_range((r, c), (r, c - 1))):
                    continue
                k = key(t)
                m = re.match(r"^(?:填报|预算)?(?:单位名称|单位|部门(?:\(单位\))?名称|部门|预算单位|项目单位)[:：]\s*(.+?)"
                             r"(?:单位[:：].*)?$", k)
                if m and "万元" not in m.group(1) and not is_known_label(m.group(1)):
                    inline = re.match(r"^[^:：]{1,12}[:：]\s*(.+?)(?:\s+单位[:：].*)?$", t.strip(), re.S)
                    return inline.group(1).strip() if inline else m.group(1)
                if k.rstrip(":") in labels:
                    value, _ = self.right_of(r, c)
                    if value and not is_known_label(value) and not re.search(r"万元|^\d", key(value)) \
                            and len(key(value)) <= 60:
                        return value.strip()
        return ""
