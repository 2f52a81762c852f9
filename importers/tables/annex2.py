"""附件2 部门（单位）整体支出绩效评价基础数据表: staff, 经费控制情况, 楼堂馆所, 厉行节约.

The {年}年预算数 column is the budget approved at the start of the year (SPEC §5.1):
it is read into ``Amounts.initial`` (年初), never into 全年预算数. A project's row here
gives its 年初; its 全年预算数 comes from its 附件4.
"""
from __future__ import annotations

import re
from typing import Optional

from model.numbers import NumberError, parse_int
from model.report import Project

from ..grid import key
from .base import find_in_row, footer_like, is_placeholder, strip_label
from .common import TableForm
from .vocabulary import words as vocab
from .segments import _YEAR_RE

STAFF_TOTAL_ONLY = "staff.total_only"
_ROLE_NAMES = {"prior": "上年决算数", "initial": "本年预算数", "executed": "本年决算数"}
_CATEGORIES = tuple((c, c) for c in vocab("project_categories"))
_CONTROL_LABELS = vocab("annex2_rows")   # checked in order: longer and more specific first


def is_ratio_label(k: str) -> bool:
    return "控制率" in k or "执行率" in k or "变动率" in k


class Annex2(TableForm):
    # ----------------------------------------------------------------- 附件2
    def body(self) -> None:
        g, rep = self.g, self.report
        took: list[str] = []
        name = self.unit_name()
        if name:
            self.put(rep.info, "unit_name", name, "预算单位名称", self.seg.r0)
        # staff
        pos = self.find(lambda t: key(t).startswith("编制数"))
        if pos:
            r, c = pos
            posts = self._count_near(r, c, "编制数")
            ac = find_in_row(g, r, lambda t: "实际在职人数" in key(t) or "在职人数" in key(t))
            actual = self._count_near(r, ac, "实际在职人数") if ac is not None else None
            if posts is not None:
                if rep.staff.total_posts is None:
                    rep.staff.admin_posts = posts
                    self.d.review(f"附件2只有编制总数 {posts}，已记入“行政编制”；请在“机构与人员”中按行政/事业编制拆分",
                                   STAFF_TOTAL_ONLY)
                elif rep.staff.total_posts != posts:
                    self.d.review(f"附件2的编制数 {posts} 与已读到的 {rep.staff.total_posts} 不一致", "staff.conflict")
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
            self.d.skip(f"{self.where_table}第{self.seg.r0 + 1}行起没有找到“决算数/预算数”表头，经费数据未导入", "block.unreadable")
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
                below = [t for t in g.row_texts(r + 1) if not footer_like(t)]
                text = "\n".join(below)
            if text and not footer_like(text):
                self.put(rep.budget, "savings_measures", text, "厉行节约保障措施", r)
                took.append("厉行节约保障措施")
        self.d.take(f"{self.where_table}：" + ("、".join(took) if took else "没有读到数据"))

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
                    self.skip_cell(rr, col, text, f"（{what}）无法识别，未导入：{e}")
        return None

    def _money_columns(self, r: int) -> Optional[dict[str, int]]:
        g = self.g
        budget_cols, final_cols = [], []
        for c, text in g.row_cells(r):
            k = key(text)
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
        cols = {"initial": budget_cols[0][1]}
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

    def _annex2_money(self, hr: int, cols: dict[str, int]) -> list[str]:
        g, b = self.g, self.report.budget
        first = min(cols.values())
        took: list[str] = []
        category: Optional[str] = None
        n_rows = n_projects = 0
        for r in self.rows(hr + 1):
            labels = self.row_label(r, first, hr)
            if labels and any(w in strip_label(key(labels[0])) for w in ("楼堂馆所", "厉行节约", "批复规模", "填表人")):
                break
            values = {role: self.money(r, c, f"{(labels or [''])[0]}的{_ROLE_NAMES[role]}")
                      for role, c in cols.items() if not g.same_range((r, c), (hr, c))}
            if not labels:
                if any(v is not None for v in values.values()):
                    self.d.skip(f"{g.where(r)}有金额但没有行名称，未导入")
                continue
            lk = strip_label(key(labels[0]))
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
                if category is not None and not is_ratio_label(lk):
                    target = self._project(" ".join(labels), category, r)
                    is_project = target is not None
                    if is_project and not category:
                        self.d.review(f"{g.where(r)}项目“{' '.join(labels)}”没有标明类别"
                                      "（业务经费/运行维护经费/专项资金），已暂列为“业务经费”", "project.no_category", target)
                else:
                    if any(v is not None for v in values.values()):
                        self.d.skip(f"{g.where(r)}“{labels[0]}”不是基础数据表中的已知行，未导入")
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
        if not name or re.fullmatch(r"[\s—\-/无]*", name) or key(name).startswith(("合计", "小计", "总计")) \
                or is_placeholder(name):
            return None
        p = self.d.project_named(name)
        if p is not None:
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
                c = find_in_row(g, r, lambda t, w=word: w in key(t) and "控制率" not in key(t))
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

