"""A long editing session: 10 000 scripted edits with undo and redo.

The same seeded script — field edits (text, money, counts, long 正文 texts),
rows inserted and removed, undo and redo runs — is applied to a
``gui.document.Document`` (through its undo stack) and to a plain ``Report``
with a small undo log of its own written here on ``model.paths``. The two must
be equal at every checkpoint, and the process memory must stay flat after a
warm-up: a day of editing may not grow the program without bound.
"""
from __future__ import annotations

import copy
import gc
import os
import random
from decimal import Decimal

import pytest

from fuzz_support import SAMPLE
from fuzz_support import answers, user_data  # noqa: F401 - fixtures
from model import paths, store
from model.report import Indicator, LineItem

EDITS = 10_000
WARM_UP = 2_000


def current_rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2 ** 20


class PlainHistory:
    """Undo/redo on a plain Report, independent of Qt: the reference."""

    def __init__(self, report, limit: int | None):
        self.report, self.limit = report, limit
        self.done: list[tuple] = []
        self.undone: list[tuple] = []

    def _push(self, step):
        self.done.append(step)
        self.undone.clear()
        if self.limit and len(self.done) > self.limit:
            del self.done[0]

    def set_value(self, path, value):
        old = paths.get(self.report, path)
        if old == value:
            return
        paths.set(self.report, path, copy.deepcopy(value))
        self._push(("set", path, copy.deepcopy(old), copy.deepcopy(value)))

    def insert_item(self, list_path, index, item):
        paths.get(self.report, list_path).insert(index, copy.deepcopy(item))
        self._push(("insert", list_path, index, copy.deepcopy(item)))

    def remove_item(self, list_path, index):
        item = paths.get(self.report, list_path).pop(index)
        self._push(("remove", list_path, index, item))

    def _apply(self, step, forward):
        kind, p, a, b = step
        if kind == "set":
            paths.set(self.report, p, copy.deepcopy(b if forward else a))
        elif (kind == "insert") == forward:
            paths.get(self.report, p).insert(a, copy.deepcopy(b))
        else:
            del paths.get(self.report, p)[a]

    def undo(self):
        if self.done:
            step = self.done.pop()
            self._apply(step, False)
            self.undone.append(step)

    def redo(self):
        if self.undone:
            step = self.undone.pop()
            self._apply(step, True)
            self.done.append(step)


TEXTS = ["青溪县总工会", "=SUM(A1)", "", "  ", "🧧", "职工服务阵地建设" * 3]


def script(seed: int, count: int, plain: PlainHistory):
    """The edits, as (method, args) against the document API, made one at a time against the
    reference's current state (so every path exists) and with fresh values, so that what stays
    in memory is what the program keeps, not the script."""
    rng = random.Random(seed)
    long_text = "".join(rng.choice("职工帮扶慰问培训竞赛服务阵地建设经费管理规范提升落实开展活动。\n")
                        for _ in range(3000))
    for n in range(count):
        r = plain.report
        roll = rng.random()
        lists = [f"projects[{i}].indicators" for i in range(len(r.projects))] + ["dept.indicators"]
        if roll < 0.12:
            op = ("undo", ())
        elif roll < 0.18:
            op = ("redo", ())
        elif roll < 0.26:
            lp = rng.choice(lists)
            n_rows = len(paths.get(r, lp))
            op = ("insert_item", (lp, rng.randint(0, n_rows),
                                  Indicator("产出指标", "数量指标", f"新增指标{n}", "", "≥95%", f"{rng.randint(80, 100)}%",
                                            Decimal(rng.randint(1, 10)))))
        elif roll < 0.32:
            lp = rng.choice(lists)
            n_rows = len(paths.get(r, lp))
            op = ("remove_item", (lp, rng.randrange(n_rows))) if n_rows > 1 else ("undo", ())
        elif roll < 0.36:
            items = "budget.public_items"
            if rng.random() < 0.5:
                op = ("insert_item", (items, 0, LineItem(f"费用{n}", Decimal(n % 97), Decimal(n % 89))))
            elif len(r.budget.public_items) > 1:
                op = ("remove_item", (items, rng.randrange(len(r.budget.public_items))))
            else:
                op = ("redo", ())
        elif roll < 0.50:
            # a typing run in a 正文 section: the whole text is stored, as the editor does
            i = rng.randrange(10)
            cut = rng.randrange(len(long_text))
            op = ("set_value", (f"sections[{i}]", long_text[cut:] + f"第{n}次修改。" + long_text[:cut]))
        elif roll < 0.70:
            lp = rng.choice(lists)
            rows = paths.get(r, lp)
            field = rng.choice(["actual", "target", "name", "note"])
            value = rng.choice([f"{rng.randint(0, 120)}%", f"{rng.randint(1, 500)}人次", rng.choice(TEXTS)])
            op = ("set_value", (f"{lp}[{rng.randrange(len(rows))}].{field}", value))
        elif roll < 0.85:
            field = rng.choice(["budget.executed", "budget.initial", "budget.additions",
                                "budget.sources.general.executed", "budget.controls.three_public.executed"])
            value = rng.choice([None, Decimal(rng.randint(0, 10 ** 6)) / 100])
            op = ("set_value", (field, value))
        else:
            field = rng.choice(["info.head", "info.phone", "info.preparer", "staff.internal_units",
                                "dept.goal", "budget.savings_measures"])
            op = ("set_value", (field, rng.choice(TEXTS) + str(n)))
        yield op


@pytest.fixture(scope="module")
def base():
    return store.load(SAMPLE)


def test_ten_thousand_edits_match_the_plain_model_and_memory_stays_flat(qtbot, base):
    from gui.document import Document
    doc = Document(copy.deepcopy(base))
    doc.autosave_timer.stop()
    limit = doc.undo_stack.undoLimit() or None
    plain = PlainHistory(copy.deepcopy(base), limit)
    rss = {}
    for n, (method, args) in enumerate(script(20250320, EDITS, plain), 1):
        if method in ("undo", "redo"):
            getattr(doc, method)()
        else:
            getattr(doc, method)(*args)
        getattr(plain, method)(*args)
        if n % 2500 == 0:
            assert doc.report == plain.report, f"differs after {n} edits"
        if n == WARM_UP:
            gc.collect()
            rss["warm"] = current_rss_mb()
    gc.collect()
    rss["end"] = current_rss_mb()
    assert doc.report == plain.report
    assert doc.summary() is not None      # the derived figures follow the edits
    # the history can still be walked back and forth to where it was
    depth = min(50, len(plain.done))
    for _ in range(depth):
        doc.undo()
        plain.undo()
    assert doc.report == plain.report
    for _ in range(depth):
        doc.redo()
        plain.redo()
    assert doc.report == plain.report
    grown = rss["end"] - rss["warm"]
    print(f"\nRSS after {WARM_UP} edits {rss['warm']:.0f} MB, after {EDITS}: {rss['end']:.0f} MB "
          f"(+{grown:.1f} MB); undo limit {limit}")
    assert grown < 5, f"memory grew by {grown:.0f} MB over {EDITS - WARM_UP} edits"
    doc.close()


def test_a_day_of_signals_never_aborts_the_program():
    """PySide6 6.12 drops a reference to ``True`` on every signal emitted from Python; before
    the guard in gui/__init__.py this aborted the interpreter after a few thousand edits."""
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    code = (f"import sys; sys.path.insert(0, {str(root)!r})\n"
            "from PySide6.QtCore import QCoreApplication\n"
            "app = QCoreApplication([])\n"
            "from gui.document import Document\n"
            "doc = Document()\n"
            "doc.autosave_timer.stop()\n"
            "for i in range(200_000):\n"
            "    doc.notify('projects', True)\n"
            "print('done')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 0 and result.stdout.strip() == "done", result.stderr[-2000:]


def test_the_same_edits_with_the_main_window_open(qtbot, base, answers):
    """500 of the scripted edits with every page of the main window showing the document (the
    pages refresh on each change; 500 keeps this to about a second)."""
    from PySide6.QtWidgets import QApplication
    from gui.document import Document
    from gui.mainwindow import MainWindow
    doc = Document(copy.deepcopy(base))
    doc.autosave_timer.stop()
    win = MainWindow(doc=doc, findings_delay_ms=0)
    qtbot.addWidget(win)
    win.show()
    plain = PlainHistory(copy.deepcopy(base), doc.undo_stack.undoLimit() or None)
    for n, (method, args) in enumerate(script(7, 500, plain), 1):
        if method in ("undo", "redo"):
            getattr(doc, method)()
        else:
            getattr(doc, method)(*args)
        getattr(plain, method)(*args)
        if n % 50 == 0:
            QApplication.processEvents()
    QApplication.processEvents()
    assert doc.report == plain.report
    assert win.pages["info"].fields["info.head"].text() == doc.report.info.head
    for i in range(10):
        assert win.pages[f"section-{i}"].editor.toPlainText() == doc.report.sections[i]
    money = win.pages["budget"].fields["budget.executed"]
    assert money.text() == money.stored_text()
    doc.close()
