"""Collect report files into the 汇总库: read, check, score, upsert — one outcome per file.

``collect(paths, db)`` yields an ``Outcome`` for every input (a folder is searched for
.jxzp/.xlsx/.xlsm/.docx files, recursively, in name order; a workbook and a Word report
with the same name in one folder are imported together as one report). A file that
cannot be read is skipped with its reason; nothing stops the run. The same content
sent again is skipped (内容未变); a different file for a unit and year already
collected replaces it (更新).
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator, Optional

from model.collection.db import DbError, Entry, ProjectRow, SummaryDb

ADDED, UPDATED, SKIPPED = "收录", "更新", "跳过"
JXZP_SUFFIXES = (".jxzp",)
LEGACY_SUFFIXES = (".xlsx", ".xlsm", ".docx")
MAX_FILE_BYTES = 128 * 1024 * 1024     # above what store and importers accept: refused unread


@dataclass
class Outcome:
    status: str                   # ADDED / UPDATED / SKIPPED
    path: str
    detail: str
    entry: Optional[Entry] = None
    replaced: Optional[str] = None

    def line(self) -> str:
        return f"{self.status} {self.path}：{self.detail}"


class Unreadable(Exception):
    """A file that cannot be collected; ``str(e)`` is the Chinese reason."""


def _wanted(p: Path) -> bool:
    name = p.name
    if name.startswith(("~$", ".")) or name.endswith((".lock", ".bak", ".tmp")):
        return False
    return p.suffix.lower() in JXZP_SUFFIXES + LEGACY_SUFFIXES


def expand(paths: Iterable[str]) -> list[list[str]]:
    """The inputs as groups of files that make one report each, in a stable order."""
    groups: list[list[str]] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files = sorted((f for f in p.rglob("*") if f.is_file() and _wanted(f)), key=lambda f: str(f))
            pending: dict[tuple[str, str], list[str]] = {}
            for f in files:
                if f.suffix.lower() in LEGACY_SUFFIXES:
                    pending.setdefault((str(f.parent), f.stem), []).append(str(f))
                else:
                    groups.append([str(f)])
            for key in sorted(pending):
                members = pending[key]
                kinds = {Path(m).suffix.lower() == ".docx" for m in members}
                if len(members) == 2 and len(kinds) == 2:
                    groups.append(members)
                else:
                    groups.extend([m] for m in members)
        else:
            groups.append([raw])
    return groups


def _digest(paths: list[str]) -> tuple[str, bytes]:
    """SHA-256 of the files' bytes, and the bytes of the first file (what a .jxzp is stored as)."""
    h = hashlib.sha256()
    first = b""
    for i, path in enumerate(paths):
        try:
            size = os.stat(path).st_size
            if size > MAX_FILE_BYTES:
                raise Unreadable(f"文件过大（{size // (1024 * 1024)} MB），不是自评文件")
            data = Path(path).read_bytes()
        except FileNotFoundError:
            raise Unreadable("找不到文件") from None
        except IsADirectoryError:
            raise Unreadable("这是一个文件夹") from None
        except PermissionError:
            raise Unreadable("没有权限读取") from None
        except OSError as e:
            raise Unreadable(f"无法读取（{e.strerror or e}）") from None
        h.update(data)
        if i == 0:
            first = data
    return h.hexdigest(), first


def read_report(paths: list[str], data: bytes = b""):
    """(Report, document text, kind) of one group of files (``data``: the bytes of a .jxzp,
    stored as read; an imported workbook or report is stored as the .jxzp text it became)."""
    from model import store
    if len(paths) == 1 and Path(paths[0]).suffix.lower() in JXZP_SUFFIXES:
        try:
            report = store.load(paths[0])
        except store.StoreError as e:
            raise Unreadable(str(e)) from None
        return report, data.decode("utf-8-sig", errors="replace") if data else store.dumps(report), "jxzp"
    import importers
    try:
        report, _lines = importers.import_files(paths)
    except importers.YearNotFound:
        raise Unreadable("无法从文件中确定年度，请先用“导入上年 Excel/Word”打开并保存为 .jxzp 后再汇总") from None
    except importers.ImportError_ as e:
        raise Unreadable(f"无法导入：{e}") from None
    kind = "+".join(sorted({Path(p).suffix.lower().lstrip(".").replace("xlsm", "xlsx") for p in paths},
                           key=lambda k: k != "xlsx"))
    return report, store.dumps(report), kind


def evaluate(report, path: str, kind: str, file_hash: str, deadline: Optional[date] = None) -> Entry:
    """The 汇总 row of a report: one ``score_report`` feeds the checks, the row and the 考核."""
    from model.assessment import assess
    from model.checks import ERROR, WARNING, run_checks
    from model.profiles import profile_for
    from model.scoring import score_report
    from model.summary import table_json
    scores = score_report(report)
    findings = run_checks(report, scores)
    places = profile_for(report).settings.score_places
    info = report.info
    d = table_json(info.unit_name, scores.department, places)
    projects = []
    for p, t in zip(report.projects, scores.projects):
        pj = table_json(p.name, t, places)
        projects.append(ProjectRow(p.name, pj["budget"], pj["executed"], pj["execution_rate"], pj["total"],
                                   pj["grade"]))
    return Entry(
        unit=info.unit_name.strip(), year=info.year, dept=info.competent_dept.strip(),
        budget=d["budget"], executed=d["executed"], rate=d["execution_rate"], score=d["total"],
        grade=d["grade"], errors=sum(1 for f in findings if f.severity == ERROR),
        warnings=sum(1 for f in findings if f.severity == WARNING), path=path, kind=kind,
        file_hash=file_hash, projects=projects,
        assessment=[r.to_json() for r in assess(report, findings, deadline)])


def _describe(e: Entry) -> str:
    score = f"{e.score}（{e.grade}）" if e.score is not None else "—"
    return f"{e.year}年度“{e.unit}”，自评得分 {score}，错误 {e.errors} 个，警告 {e.warnings} 个"


def collect_one(paths: list[str], db: SummaryDb, deadline: Optional[date] = None) -> Outcome:
    shown = " + ".join(paths)
    try:
        file_hash, data = _digest(paths)
        known = db.find_hash(file_hash)
        if known is not None:
            unit, year, _old = known
            return Outcome(SKIPPED, shown, f"内容未变（{year}年度“{unit}”已收录）")
        report, text, kind = read_report(paths, data)
    except Unreadable as e:
        return Outcome(SKIPPED, shown, str(e))
    except (DbError, KeyboardInterrupt):
        raise
    except Exception as e:  # a reader's unforeseen failure skips this file, never the run
        return Outcome(SKIPPED, shown, f"无法读取（{type(e).__name__}），文件可能已损坏")
    if not report.info.unit_name.strip():
        if kind == "jxzp":
            return Outcome(SKIPPED, shown, "文件中没有填写预算单位名称，无法归入汇总库")
        return Outcome(SKIPPED, shown, "无法从文件中识别预算单位名称：请用“导入上年 Excel/Word”打开，"
                                       "填写单位名称并保存为 .jxzp 后再汇总")
    try:
        entry = evaluate(report, os.path.abspath(paths[0]), kind, file_hash, deadline)
    except Exception as e:  # a report the checks cannot digest must not stop the run
        return Outcome(SKIPPED, shown, f"无法审核（{type(e).__name__}），请在编辑窗口中打开检查")
    with db.write():
        replaced = db.upsert(entry, text)
    if replaced is None:
        return Outcome(ADDED, shown, _describe(entry), entry)
    return Outcome(UPDATED, shown, f"{_describe(entry)}，替换先前收录的 {replaced}", entry, replaced)


def stored_deadline(db: SummaryDb) -> Optional[date]:
    """The 报送截止日期 last given to ``collect --deadline`` for this 汇总库."""
    text = db.meta("deadline")
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def collect(paths: Iterable[str], db: SummaryDb, deadline: Optional[date] = None) -> Iterator[Outcome]:
    """Collect every input; a ``DbError`` (busy, disk full) ends the run, a bad file never does.
    ``deadline`` (报送截止日期) is remembered in the 汇总库; without it the remembered one applies."""
    if deadline is not None:
        db.set_meta("deadline", deadline.isoformat())
    else:
        deadline = stored_deadline(db)
    for group in expand(paths):
        yield collect_one(group, db, deadline)


def totals_line(outcomes: list[Outcome], db_path: str) -> str:
    n = {s: sum(1 for o in outcomes if o.status == s) for s in (ADDED, UPDATED, SKIPPED)}
    return (f"共 {len(outcomes)} 份：收录 {n[ADDED]} 份，更新 {n[UPDATED]} 份，跳过 {n[SKIPPED]} 份。"
            f"汇总库：{db_path}")


__all__ = ["ADDED", "UPDATED", "SKIPPED", "Outcome", "collect", "collect_one", "expand", "evaluate",
           "totals_line", "DbError"]
