"""A paste of many indicator rows is one undo step, scored once; undo and redo restore exactly.

Blocks are generated (positions, sizes, good and refused cells, new rows past the end) and the
document after paste / undo / redo is compared with the report before and after.
"""
from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import model.scoring
import model.summary
from bench.generate import make_report
from gui.document import Document
from gui.tables.indicators import COL_SCORE, COLUMN_COUNT, IndicatorTableModel
from model.scoring import score_report

BASE = make_report(3, 8, 6, 40, seed=11)

CELLS = ("产出指标", "数量指标", "培训人次", "≥90%", "95%", "12", "效果明显", "优", "x分", "-3", "", "备注\n两行")

block = st.lists(st.lists(st.sampled_from(CELLS), min_size=1, max_size=COLUMN_COUNT), min_size=1, max_size=30)


def _counting(monkeypatch) -> list:
    calls: list = []
    real = model.scoring.score_report

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)
    monkeypatch.setattr(model.scoring, "score_report", counted)
    return calls


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=block, top=st.integers(0, 12), left=st.integers(0, COLUMN_COUNT - 1),
       table=st.sampled_from(("dept.indicators", "projects[1].indicators")))
def test_paste_is_one_step_scored_once_and_undo_restores(qapp, monkeypatch, cells, top, left, table):
    doc = Document(copy.deepcopy(BASE))
    doc.autosave_timer.stop()
    grid = IndicatorTableModel(doc, table)
    grid.result()
    before = copy.deepcopy(doc.report)
    steps = doc.undo_stack.count()
    resets: list = []
    grid.modelReset.connect(lambda: resets.append(1))
    calls = _counting(monkeypatch)
    grid.paste_block(top, left, cells)
    grid.result()
    doc.summary()
    after = copy.deepcopy(doc.report)
    changed = after != before
    assert doc.undo_stack.count() == steps + (1 if changed else 0)
    # scored once for the whole paste; a pasted 得分 cell needs its row's computed score first
    # (it decides whether the typed score is a manual override), one more scoring per such row
    score_rows = sum(1 for r in cells if 0 <= COL_SCORE - left < len(r))
    assert (1 if changed else 0) <= len(calls) <= (1 if changed else 0) + score_rows
    assert len(resets) == (1 if changed else 0)       # the grid hears of it once
    assert doc.scores() == score_report(copy.deepcopy(after))
    if not changed:
        return
    doc.undo()
    assert doc.report == before
    assert grid.rowCount() == len(before.dept.indicators if table == "dept.indicators"
                                  else before.projects[1].indicators)
    assert doc.scores() == score_report(copy.deepcopy(before))
    doc.redo()
    assert doc.report == after
    assert doc.summary().findings == model.summary.summarize(copy.deepcopy(after)).findings
    doc.undo_stack.clear()


def test_hundred_rows_pasted_below_the_table_are_one_step(qapp, monkeypatch):
    doc = Document(copy.deepcopy(BASE))
    doc.autosave_timer.stop()
    grid = IndicatorTableModel(doc, "projects[0].indicators")
    rows = [["效益指标", "社会效益指标", f"新指标{i}", "", "≥90%", f"{80 + i % 20}%", "2", "", "", ""]
            for i in range(100)]
    n = grid.rowCount()
    calls = _counting(monkeypatch)
    assert grid.paste_block(n, 0, rows) == []
    assert grid.rowCount() == n + 100 and doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "粘贴"
    assert doc.report.projects[0].indicators[n + 99].actual == "99%"
    assert not calls                # nothing asked for scores yet
    grid.result()
    doc.summary()
    assert len(calls) == 1
    doc.undo()
    assert doc.report == BASE and grid.rowCount() == n
    grid.result()
    doc.summary()
    assert len(calls) == 2          # undo: scored once more
    doc.undo_stack.clear()
