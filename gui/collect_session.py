"""What the 汇总 window does with the 汇总库, without Qt: the window calls this, never sqlite or files.

Each call opens the database for its own work (SQLite connections belong to one thread;
the window adds files from a worker thread), so the window holds no connection.
"""
from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from model.collection.db import DEFAULT_WAIT_S, DbError, Entry, SummaryDb
from model.collection.db import message as db_message
from model.collection.location import data_dir, default_db_path

COPY_FOLDER = "汇总库副本"


@dataclass
class CollectSession:
    db_path: str
    wait_s: float = DEFAULT_WAIT_S

    @classmethod
    def default(cls) -> "CollectSession":
        return cls(str(default_db_path()))

    @contextmanager
    def _open(self) -> Iterator[SummaryDb]:
        """The database for one piece of work; any SQLite failure becomes a Chinese ``DbError``."""
        try:
            with SummaryDb(self.db_path, self.wait_s) as db:
                yield db
        except sqlite3.Error as e:
            raise DbError(db_message(e, self.db_path)) from None

    def entries(self) -> list[Entry]:
        with self._open() as db:
            return db.entries()

    def add(self, paths: Iterable[str], progress: Optional[Callable[[str], None]] = None) -> list[str]:
        """Collect ``paths``; every outcome line goes to ``progress`` as it comes; returns the lines."""
        from importers.collection import collect, totals_line
        outcomes, lines = [], []
        with self._open() as db:
            for outcome in collect(list(paths), db):
                outcome.entry = None
                outcomes.append(outcome)
                lines.append(outcome.line())
                if progress:
                    progress(lines[-1])
        lines.append(totals_line(outcomes, self.db_path))
        if progress:
            progress(lines[-1])
        return lines

    def export_xlsx(self, entries: list[Entry], path: str | os.PathLike) -> list[str]:
        from export.summary_table import write_summary_xlsx
        with self._open() as db:
            reviews = db.all_reviews()
        return write_summary_xlsx(entries, path, reviews=reviews)

    def sample(self, size: int, seed: Optional[int], year: Optional[int]):
        from model.collection.sample import draw
        with self._open() as db:
            return draw(db, size, seed, year)

    def copy_for_reading(self, entry: Entry) -> Path:
        """The report as a .jxzp copy in the data folder (to open read-only); its text comes from
        the 汇总库, so it opens even when the unit's original file is gone."""
        with self._open() as db:
            text = db.document(entry.id)
        folder = data_dir() / COPY_FOLDER
        safe = "".join(ch if ch not in '\\/:*?"<>|' else "_" for ch in entry.unit)
        target = folder / f"{entry.year}-{safe}.jxzp"
        from model import store
        try:
            folder.mkdir(parents=True, exist_ok=True)
            store.write_atomic(target, text, keep_backup=False)
        except (OSError, store.StoreError) as e:
            raise DbError(f"无法在“{folder}”中生成只读副本：{e}") from None
        return target

    def assessment(self, entry: Entry) -> tuple[list, dict[str, tuple[Optional[str], str]]]:
        """(the automatic results stored with the report, the reviewer's scores)."""
        with self._open() as db:
            return entry.assessment, db.reviews(entry.unit, entry.year)

    def save_reviews(self, entry: Entry, scores: dict[str, Optional[Decimal]]) -> None:
        with self._open() as db:
            for item, score in scores.items():
                db.save_review(entry.unit, entry.year, item, None if score is None else format(score, "f"))
