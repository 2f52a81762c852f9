"""``python main.py collect FILES|FOLDER … [--db 汇总.sqlite] [--xlsx 汇总.xlsx] [--sample N [--seed S]]``.

Prints one line per file (收录 / 更新 / 跳过 + why) and a total. Exit codes: 0 when
every file was collected or unchanged, 1 when some file was skipped as unreadable,
2 when the 汇总库 cannot be used (network share, busy, damaged) or the 汇总表 cannot
be written.
"""
from __future__ import annotations

import sys
from datetime import date
from typing import Optional

EXIT_OK, EXIT_SKIPPED, EXIT_FAILED = 0, 1, 2


def add_parser(sub) -> None:
    s = sub.add_parser("collect", help="汇总多个单位的自评文件到汇总库，可导出汇总表、抽查")
    s.add_argument("inputs", nargs="*", help=".jxzp 文件、上年 .xlsx/.docx 或文件夹（可不填，只导出或抽查）")
    s.add_argument("--db", default=None, help="汇总库文件（默认：用户数据文件夹中的 汇总库.sqlite）")
    s.add_argument("--xlsx", default=None, help="导出汇总表（Excel）到此路径")
    s.add_argument("--sample", type=int, default=None, metavar="N", help="抽查：随机抽取 N 个单位")
    s.add_argument("--seed", type=int, default=None, help="抽查的随机种子（同一种子抽取结果相同）")
    s.add_argument("--year", type=int, default=None, help="抽查的年度（默认为汇总库中最新的年度）")
    s.add_argument("--deadline", default=None, help="报送截止日期（如 2025-04-30），用于考核评分“按时报送”")
    s.add_argument("--wait", type=float, default=None, help="汇总库被其他程序占用时最多等待的秒数（默认 5）")
    s.set_defaults(func=run)


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _err(text: str) -> int:
    sys.stderr.write(f"错误：{text}\n")
    return EXIT_FAILED


def _deadline(text: Optional[str]) -> Optional[date]:
    if text is None:
        return None
    from model.dates import parse_day
    d = parse_day(text)
    if d is None:
        raise ValueError(f"报送截止日期“{text}”无法识别，请写成 2025-04-30 的形式")
    return d


def run(args) -> int:
    from .db import DEFAULT_WAIT_S, DbError, SummaryDb
    from .location import default_db_path
    from .run import SKIPPED, collect, totals_line
    try:
        deadline = _deadline(args.deadline)
    except ValueError as e:
        return _err(str(e))
    if not (args.inputs or args.xlsx or args.sample):
        return _err("请指定要汇总的文件或文件夹，或用 --xlsx 导出汇总表、--sample 抽查")
    db_path = args.db or str(default_db_path())
    outcomes = []
    try:
        with SummaryDb(db_path, DEFAULT_WAIT_S if args.wait is None else args.wait) as db:
            if args.inputs:
                for outcome in collect(args.inputs, db, deadline):
                    outcome.entry = None          # only the line is kept: memory stays flat
                    outcomes.append(outcome)
                    _out(outcome.line())
                _out(totals_line(outcomes, db_path))
            if args.sample:
                from .sample import draw
                for line in draw(db, args.sample, args.seed, args.year).lines():
                    _out(line)
            if args.xlsx:
                from export import ExportError
                from .workbook import write_summary_xlsx
                entries = db.entries()
                try:
                    write_summary_xlsx(entries, args.xlsx, reviews=db.all_reviews())
                except ExportError as e:
                    return _err(str(e))
                _out(f"已导出汇总表（{len(entries)} 份报告）：{args.xlsx}")
    except DbError as e:
        return _err(str(e))
    skipped_bad = any(o.status == SKIPPED and not o.detail.startswith("内容未变") for o in outcomes)
    return EXIT_SKIPPED if skipped_bad else EXIT_OK
