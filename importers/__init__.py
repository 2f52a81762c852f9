"""Import last year's files: Excel annex tables (.xlsx) and the Word report (.docx).

``import_paths(paths, year=None) -> ImportResult`` is the structured form (for the
GUI's summary dialog); ``import_files(paths, year=None) -> (Report, lines)`` is what
the CLI prints. Both take at most one workbook and one report, merge them into a
new document and say what was taken, what was skipped and what to review.

The year: ``year`` if given, else the year read from the files (titles such as
“2024年度部门（单位）整体支出绩效自评表”, the 附件2 column headers, the report's
title), else the year most “YYYY年” mentions in the report body name (listed for review),
else ``YearNotFound`` (an ``ImportError_``) so the caller can ask.

Every failure is an ``ImportError_`` whose text is Chinese.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Iterable, Optional

from model.report import Report

from .errors import ImportError_, YearNotFound
from .safety import DOCX, XLSX, sniff

__all__ = ["ImportError_", "YearNotFound", "ImportResult", "import_paths", "import_files", "roll_over_import",
           "FILE_FILTER"]

#: for a file dialog
FILE_FILTER = "上年文件 (*.xlsx *.xlsm *.docx);;Excel 附件表 (*.xlsx *.xlsm);;Word 报告 (*.docx)"


@dataclass
class ImportResult:
    report: Report
    taken: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    year_detected: Optional[int] = None
    sources: list[str] = field(default_factory=list)

    def summary_lines(self) -> list[str]:
        r = self.report
        lines = [f"导入完成：{r.info.year} 年度“{r.info.unit_name or '（未识别出单位名称）'}”，"
                 f"来源：{'、'.join(self.sources)}"]
        if self.taken:
            lines.append(f"已导入（{len(self.taken)} 项）：")
            lines += [f"  - {t}" for t in self.taken]
        if self.skipped:
            lines.append(f"未导入（{len(self.skipped)} 项）：")
            lines += [f"  - {t}" for t in self.skipped]
        if self.review:
            lines.append(f"请复核（{len(self.review)} 项）：")
            lines += [f"  - {t}" for t in self.review]
        return lines


def import_paths(paths: Iterable[str], year: Optional[int] = None) -> ImportResult:
    """Import one workbook and/or one report into a new document."""
    paths = [os.fspath(p) for p in paths]
    if not paths:
        raise ImportError_("请指定要导入的 Excel（.xlsx）或 Word（.docx）文件")
    if year is not None and not 1900 <= year <= 2200:
        raise ImportError_(f"年度 {year} 不合理，应在 1900—2200 之间")
    kinds: dict[str, str] = {}
    for p in paths:
        kind = sniff(p)
        if kind in kinds:
            what = "Excel 附件表" if kind == XLSX else "Word 报告"
            raise ImportError_(f"一次只能导入一个 {what}：“{os.path.basename(kinds[kind])}”和“{os.path.basename(p)}”")
        kinds[kind] = p

    from .docx import read_report
    from .tables import ANNEX_NAMES, OTHER, REVIEW, SKIPPED, TAKEN, AnnexData, complete, read_grids
    from .xlsx import load_grids

    report = Report()
    data = AnnexData(report)
    result = ImportResult(report)
    xlsx_years: list[int] = []
    if XLSX in kinds:
        path = kinds[XLSX]
        grids, notes = load_grids(path)
        read_grids(grids, into=data)
        for note in notes:
            data.review(note, "workbook.note")
        result.sources.append(f"Excel“{os.path.basename(path)}”")
        if not data.found:
            data.skip(f"Excel 文件“{os.path.basename(path)}”中没有找到附件2、附件3 或附件4 表格"
                      "（按标题“…基础数据表/…整体支出绩效自评表/…项目支出绩效自评表”或表头识别）", "workbook.no_annex")
        xlsx_years = list(data.years)
    content = None
    if DOCX in kinds:
        path = kinds[DOCX]
        content = read_report(path)
        result.sources.append(f"Word“{os.path.basename(path)}”")
        if content.grids:
            have = set(data.kinds)
            wanted = {k for k in ANNEX_NAMES if k != OTHER} - have if XLSX in kinds else None
            before = data.found
            read_grids(content.grids, into=data, only=wanted)
            if data.found > before:
                data.take(f"Word 报告中的附件表格 {data.found - before} 个已读入")
        report.sections = list(content.sections)
        if content.unit_name and not report.info.unit_name:
            report.info.unit_name = content.unit_name
        elif content.unit_name and report.info.unit_name and content.unit_name != report.info.unit_name:
            data.review(f"Word 报告中的单位“{content.unit_name}”与附件表中的“{report.info.unit_name}”不一致，"
                        "已采用附件表中的名称", "unit.conflict")
        _staff_from_text(report, content.sections[0], data)
    complete(data)
    if not any(s.strip() for s in report.sections) and not data.found:
        raise ImportError_("所给文件中既没有找到附件表，也没有找到报告正文，未导入任何内容")
    # the year
    review: list[str] = []
    detected = _detect_year(xlsx_years, data.years, content.year if content else None, review,
                            body=(content.body_year, content.body_year_mentions) if content else (None, 0))
    for line in review:
        data.review(line, "year.detected")
    result.year_detected = detected
    if year is None:
        if detected is None:
            raise YearNotFound("无法从文件中识别评价年度（标题和正文中都没有“XXXX年”字样），"
                               "请指定评价年度（命令行加参数 --year，例如 --year 2024）")
        year = detected
    elif detected is not None and detected != year:
        data.review(f"文件中的年度为 {detected}，已按指定的 {year} 年度导入", "year.given")
    report.info.year = year

    result.taken = (content.taken if content else []) + data.lines(TAKEN)
    result.skipped = data.lines(SKIPPED) + (content.skipped if content else [])
    result.review = data.lines(REVIEW) + (content.review if content else [])
    # what to review stays with the report (``Report.review``): 审核 lists it until marked reviewed
    from .review_items import review_items
    report.review = review_items(report, [n for n in data.notes if n.kind == REVIEW],
                                 content.review if content else [])
    result.taken.insert(0, f"评价年度 {year}" + ("（从文件中识别）" if detected == year else "（按指定）"))
    return result


_POSTS_RE = {
    "admin_posts": re.compile(r"行政编制(?:数)?(?:为|共|共计)?(\d{1,5})\s*(?:个|名|人)"),
    "institution_posts": re.compile(r"事业编制(?:数)?(?:为|共|共计)?(\d{1,5})\s*(?:个|名|人)"),
}


def _staff_from_text(report: Report, text: str, data) -> None:
    """行政编制/事业编制 written in section 一: split 附件2's bare total when they add up to it."""
    found = {}
    for attr, rx in _POSTS_RE.items():
        m = rx.search(text.replace(" ", ""))
        if m:
            found[attr] = int(m.group(1))
    if not found:
        return
    staff = report.staff
    total = staff.total_posts
    from .tables import STAFF_TOTAL_ONLY
    note = data.find(STAFF_TOTAL_ONLY)
    if total is None:
        for attr, v in found.items():
            setattr(staff, attr, v)
        data.review("编制数取自 Word 报告正文（" + "、".join(
            f"{'行政编制' if a == 'admin_posts' else '事业编制'} {v}" for a, v in found.items()) + "），请核对",
            "staff.from_text")
    elif note is not None and sum(found.values()) == total:
        staff.admin_posts = found.get("admin_posts")
        staff.institution_posts = found.get("institution_posts")
        data.drop(note)
        data.take(f"编制数 {total} 按 Word 报告正文拆分为行政编制 {staff.admin_posts or 0}、"
                  f"事业编制 {staff.institution_posts or 0}", "staff.split_from_text")


def _detect_year(xlsx_years: list[int], all_years: list[int], docx_year: Optional[int],
                 review: list[str], body: tuple[Optional[int], int] = (None, 0)) -> Optional[int]:
    """The year of the tables and the report's title; failing those, the year most of the
    report body's “YYYY年” mentions name (``body``: that year and how many name it), for review."""
    seen = list(dict.fromkeys(all_years + ([docx_year] if docx_year else [])))
    if not seen:
        year, mentions = body
        if year is not None:
            review.append(f"文件中没有标明年度的标题，评价年度按报告正文中最常提到的“{year}年”"
                          f"（{mentions} 处）定为 {year} 年度，请复核")
        return year
    pool = xlsx_years or all_years or [docx_year]
    chosen = max(set(pool), key=pool.count)
    if len(seen) > 1:
        review.append("文件中出现了不同的年度（" + "、".join(str(y) for y in seen) + f"），已采用 {chosen} 年度")
    return chosen


def roll_over_import(result: ImportResult, year: Optional[int] = None) -> tuple[Report, list[str]]:
    """生成本年度报告: the imported (last year's) report rolled over to ``year`` (default: the next
    year), and the roll-over's year-change lines. The new report's review list holds the
    import's 请复核 entries and the roll-over's (``model.rollover``); ``result`` is not changed.
    Raises ``model.rollover.RolloverError`` (Chinese) for an impossible year."""
    from model.rollover import roll_over
    return roll_over(result.report, year)


def import_files(paths: Iterable[str], year: Optional[int] = None,
                 rollover: bool = False) -> tuple[Report, list[str]]:
    """The CLI's form: the new document and the summary lines to print; with ``rollover`` the
    document is the next year's report made from the imported one (``roll_over_import``)."""
    result = import_paths(paths, year=year)
    lines = result.summary_lines()
    if not rollover:
        return result.report, lines
    from model.rollover import RolloverError
    try:
        new, _changes = roll_over_import(result)
    except RolloverError as e:
        raise ImportError_(str(e)) from None
    lines.append(f"已生成 {new.info.year} 年度报告（由导入的 {result.report.info.year} 年度内容结转），"
                 f"待复核 {sum(1 for it in new.review if not it.reviewed)} 项，见“审核”中的提示")
    return new, lines

