"""The 汇总库: a local SQLite file holding every collected report.

Schema versioned like the .jxzp: ``meta.schema`` counts the migrations applied
(``MIGRATIONS[i]`` takes version i to i + 1); a database made by a newer program
is refused. One row of ``reports`` per unit and year (the key), with the file's
SHA-256 so that the same content sent again is skipped and a changed file
replaces the old row. Money and scores are stored as decimal strings.

Every failure is a ``DbError`` with a Chinese message; a database locked by
another writer longer than the busy timeout says so (``BUSY_MESSAGE``).
"""
from __future__ import annotations

import json
import os
import sqlite3
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Optional

from .location import network_problem

SCHEMA_VERSION = 2
DEFAULT_WAIT_S = 5.0
BUSY_MESSAGE = "汇总库正被另一个程序写入，请等它完成后再试"

MIGRATIONS: tuple[str, ...] = (
    # 0 → 1: reports, their projects and the 抽查 draws
    """
    CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        unit TEXT NOT NULL,
        year INTEGER NOT NULL,
        dept TEXT NOT NULL DEFAULT '',
        budget TEXT, executed TEXT, rate TEXT, score TEXT, grade TEXT NOT NULL DEFAULT '',
        errors INTEGER NOT NULL DEFAULT 0, warnings INTEGER NOT NULL DEFAULT 0,
        project_count INTEGER NOT NULL DEFAULT 0,
        path TEXT NOT NULL, kind TEXT NOT NULL, file_hash TEXT NOT NULL,
        collected_at TEXT NOT NULL,
        document BLOB NOT NULL,
        UNIQUE (unit, year)
    );
    CREATE INDEX reports_hash ON reports (file_hash);
    CREATE TABLE projects (
        report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        name TEXT NOT NULL, budget TEXT, executed TEXT, rate TEXT, score TEXT, grade TEXT,
        PRIMARY KEY (report_id, idx)
    );
    CREATE TABLE draws (
        id INTEGER PRIMARY KEY,
        seed INTEGER NOT NULL, size INTEGER NOT NULL, year INTEGER,
        drawn_at TEXT NOT NULL, units TEXT NOT NULL
    );
    """,
    # 1 → 2: the 考核评分表 — automatic results per report, the reviewer's scores per unit and year
    """
    ALTER TABLE reports ADD COLUMN assessment TEXT NOT NULL DEFAULT '[]';
    CREATE TABLE reviews (
        unit TEXT NOT NULL, year INTEGER NOT NULL, item TEXT NOT NULL,
        score TEXT, note TEXT NOT NULL DEFAULT '', reviewed_at TEXT NOT NULL,
        PRIMARY KEY (unit, year, item)
    );
    """,
)
assert len(MIGRATIONS) == SCHEMA_VERSION


class DbError(Exception):
    """The 汇总库 cannot be opened or written; ``str(e)`` is Chinese."""


@dataclass
class ProjectRow:
    """One project of a collected report as the 汇总 tables show it (texts as stored)."""
    name: str
    budget: Optional[str]
    executed: Optional[str]
    rate: Optional[str]
    score: Optional[str]
    grade: str


@dataclass
class Entry:
    """What the 汇总 window and the 汇总表 show of one report."""
    unit: str
    year: int
    dept: str
    budget: Optional[str]
    executed: Optional[str]
    rate: Optional[str]          # percent with two decimals ("98.73"), None when not computable
    score: Optional[str]
    grade: str
    errors: int
    warnings: int
    path: str
    kind: str                    # "jxzp" / "xlsx" / "docx" / "xlsx+docx"
    file_hash: str
    projects: list[ProjectRow] = field(default_factory=list)
    assessment: list[dict] = field(default_factory=list)
    collected_at: str = ""
    id: Optional[int] = None

    @property
    def project_count(self) -> int:
        return len(self.projects)


def _busy(e: sqlite3.OperationalError) -> bool:
    text = str(e).lower()
    return "locked" in text or "busy" in text


def message(e: sqlite3.Error, path: str) -> str:
    """A Chinese sentence for a SQLite failure on the 汇总库 at ``path``."""
    if isinstance(e, sqlite3.OperationalError) and _busy(e):
        return f"{BUSY_MESSAGE}（{path}）"
    text = str(e).lower()
    if isinstance(e, sqlite3.DatabaseError) and ("not a database" in text or "malformed" in text):
        return f"“{path}”不是汇总库文件或已损坏"
    if "unable to open" in text:
        return f"无法打开或建立汇总库“{path}”：文件夹不可写或路径无效"
    if "disk is full" in text or "disk i/o" in text:
        return f"汇总库“{path}”无法写入：磁盘已满或读写出错，本次写入已撤销"
    if "readonly" in text or "read-only" in text:
        return f"汇总库“{path}”是只读的，无法写入"
    return f"无法使用汇总库“{path}”：{e}"


class SummaryDb:
    """An open 汇总库. ``wait_s``: how long a write waits for another writer."""

    def __init__(self, path: str | os.PathLike, wait_s: float = DEFAULT_WAIT_S, create: bool = True):
        self.path = os.fspath(path)
        problem = network_problem(self.path)
        if problem:
            raise DbError(problem)
        p = Path(self.path)
        if p.is_dir():
            raise DbError(f"“{self.path}”是一个文件夹，请指定汇总库文件名")
        if not p.exists():
            if not create:
                raise DbError(f"找不到汇总库“{self.path}”")
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise DbError(f"无法创建汇总库所在的文件夹“{p.parent}”：{e.strerror or e}") from None
        try:
            self.conn = sqlite3.connect(self.path, timeout=wait_s, isolation_level=None)
        except sqlite3.Error as e:
            raise DbError(message(e, self.path)) from None
        try:
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.Error as e:
            self.conn.close()
            raise DbError(message(e, self.path)) from None
        except DbError:
            self.conn.close()
            raise

    # ------------------------------------------------------------------ schema
    def _migrate(self) -> None:
        self.conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise DbError(f"汇总库“{self.path}”由更新版本的程序建立（格式版本 {version}，本程序支持到 "
                          f"{SCHEMA_VERSION}），请升级程序后再打开")
        if version == SCHEMA_VERSION:
            return
        with self.write():
            version = self.schema_version()      # another process may have migrated meanwhile
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step].split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
            self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?)",
                              (str(SCHEMA_VERSION),))

    def schema_version(self) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        try:
            return int(row[0]) if row else 0
        except ValueError:
            raise DbError(f"汇总库“{self.path}”的格式版本号无法识别") from None

    def meta(self, key: str) -> Optional[str]:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.write():
            self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def write(self) -> "_Write":
        return _Write(self)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "SummaryDb":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ reports
    def find_hash(self, file_hash: str) -> Optional[tuple[str, int, str]]:
        row = self.conn.execute("SELECT unit, year, path FROM reports WHERE file_hash = ?",
                                (file_hash,)).fetchone()
        return tuple(row) if row else None

    def find_key(self, unit: str, year: int) -> Optional[tuple[int, str, str]]:
        row = self.conn.execute("SELECT id, file_hash, path FROM reports WHERE unit = ? AND year = ?",
                                (unit, year)).fetchone()
        return tuple(row) if row else None

    def upsert(self, entry: Entry, document_text: str) -> Optional[str]:
        """Store ``entry`` (inside ``write()``); returns the path of the row it replaced, or None."""
        old = self.find_key(entry.unit, entry.year)
        if old is not None:
            self.conn.execute("DELETE FROM reports WHERE id = ?", (old[0],))
        cur = self.conn.execute(
            "INSERT INTO reports (unit, year, dept, budget, executed, rate, score, grade, errors, warnings,"
            " project_count, path, kind, file_hash, collected_at, document, assessment)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (entry.unit, entry.year, entry.dept, entry.budget, entry.executed, entry.rate, entry.score,
             entry.grade, entry.errors, entry.warnings, entry.project_count, entry.path, entry.kind,
             entry.file_hash, entry.collected_at or datetime.now().isoformat(timespec="seconds"),
             zlib.compress(document_text.encode("utf-8"), 6),
             json.dumps(entry.assessment, ensure_ascii=False)))
        rid = cur.lastrowid
        self.conn.executemany(
            "INSERT INTO projects (report_id, idx, name, budget, executed, rate, score, grade)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(rid, i, p.name, p.budget, p.executed, p.rate, p.score, p.grade)
             for i, p in enumerate(entry.projects)])
        return old[2] if old is not None else None

    _COLUMNS = ("id, unit, year, dept, budget, executed, rate, score, grade, errors, warnings, path, kind,"
                " file_hash, collected_at, assessment")

    def _entry(self, row, projects: list[ProjectRow]) -> Entry:
        (rid, unit, year, dept, budget, executed, rate, score, grade, errors, warnings, path, kind,
         file_hash, collected_at, assessment) = row
        return Entry(unit, year, dept, budget, executed, rate, score, grade, errors, warnings, path, kind,
                     file_hash, projects, json.loads(assessment or "[]"), collected_at, rid)

    def entries(self) -> list[Entry]:
        """Every collected report, by unit then year, with its projects."""
        projects: dict[int, list[ProjectRow]] = {}
        for rid, *rest in self.conn.execute(
                "SELECT report_id, name, budget, executed, rate, score, grade FROM projects"
                " ORDER BY report_id, idx"):
            projects.setdefault(rid, []).append(ProjectRow(*rest))
        rows = self.conn.execute(f"SELECT {self._COLUMNS} FROM reports ORDER BY unit, year")
        return [self._entry(row, projects.get(row[0], [])) for row in rows]

    def count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0]

    def document(self, report_id: int) -> str:
        row = self.conn.execute("SELECT document FROM reports WHERE id = ?", (report_id,)).fetchone()
        if row is None:
            raise DbError("汇总库中已没有这份报告（可能已被更新的文件替换），请刷新后再试")
        return zlib.decompress(row[0]).decode("utf-8")

    # ------------------------------------------------------------------ 抽查 and reviews
    def record_draw(self, seed: int, size: int, year: Optional[int], units: list[str]) -> int:
        with self.write():
            cur = self.conn.execute(
                "INSERT INTO draws (seed, size, year, drawn_at, units) VALUES (?, ?, ?, ?, ?)",
                (seed, size, year, datetime.now().isoformat(timespec="seconds"),
                 json.dumps(units, ensure_ascii=False)))
            return cur.lastrowid

    def draws(self) -> list[dict]:
        return [{"id": i, "seed": s, "size": n, "year": y, "drawn_at": t, "units": json.loads(u)}
                for i, s, n, y, t, u in self.conn.execute(
                    "SELECT id, seed, size, year, drawn_at, units FROM draws ORDER BY id")]

    def reviews(self, unit: str, year: int) -> dict[str, tuple[Optional[str], str]]:
        return {item: (score, note) for item, score, note in self.conn.execute(
            "SELECT item, score, note FROM reviews WHERE unit = ? AND year = ?", (unit, year))}

    def all_reviews(self) -> dict[tuple[str, int], dict[str, Optional[str]]]:
        """(unit, year) → item → the reviewer's score (None = not scored)."""
        out: dict[tuple[str, int], dict[str, Optional[str]]] = {}
        for unit, year, item, score in self.conn.execute("SELECT unit, year, item, score FROM reviews"):
            out.setdefault((unit, year), {})[item] = score
        return out

    def save_review(self, unit: str, year: int, item: str, score: Optional[str], note: str = "") -> None:
        with self.write():
            self.conn.execute(
                "INSERT OR REPLACE INTO reviews (unit, year, item, score, note, reviewed_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (unit, year, item, score, note, datetime.now().isoformat(timespec="seconds")))


class _Write:
    """``with db.write():`` — one write transaction (BEGIN IMMEDIATE: waits for another
    writer up to the busy timeout, then ``DbError(BUSY_MESSAGE)``)."""

    def __init__(self, db: SummaryDb):
        self.db = db

    def __enter__(self) -> SummaryDb:
        try:
            self.db.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            raise DbError(message(e, self.db.path)) from None
        return self.db

    def __exit__(self, exc_type, exc, tb) -> bool:
        conn = self.db.conn
        if exc_type is None:
            try:
                conn.execute("COMMIT")
                return False
            except sqlite3.Error as e:
                _rollback(conn)
                raise DbError(message(e, self.db.path)) from None
        _rollback(conn)
        if isinstance(exc, sqlite3.Error):          # e.g. the disk is full: a Chinese message, nothing half-written
            raise DbError(message(exc, self.db.path)) from None
        return False


def _rollback(conn: sqlite3.Connection) -> None:
    try:
        conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass
