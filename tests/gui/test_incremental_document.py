"""Incremental scores and 审核: after any sequence of edits (and undos), what the document holds
equals a full recompute of its report.

The document re-scores only the tables of projects its edits touched (``scoring.edit_scope``)
and re-runs only their per-project rules (``checks.IncrementalChecks``); these tests drive
random edit sequences through the undo stack and compare with ``score_report`` and
``summarize`` of the same report from scratch.
"""
from __future__ import annotations

import copy
from decimal import Decimal as D

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import make_report
from model import paths
from model.report import Indicator, Project
from model.scoring import score_report
from model.summary import summarize

BASE = make_report(4, 6, 5, 60, seed=7)

VALUES = ("95%", "≥90%", "", "abc", "2024年5月1日", "≤10万元", "8.5万元", "效果明显", "2023年完成", "120%")
MONEY = (D("10"), D("0"), D("-3"), None, D("123456"), D("12.5"))

LINKS = ("public_funds_control", "staff_control", "execution", "personnel_control")

edit = st.tuples(st.sampled_from(("actual", "target", "weight", "name", "note", "money", "goal", "insert_row",
                                  "remove_row", "move_row", "project", "budget", "section", "undo", "redo",
                                  "link", "unlink", "staff", "public")),
                 st.integers(-1, 5), st.integers(0, 30), st.integers(0, 30))


def _table(report, t: int) -> str:
    """-1 (or a project index past the end): the department; else ``projects[t]``."""
    return "dept" if t < 0 or t >= len(report.projects) else f"projects[{t}]"


def _apply(doc, kind: str, t: int, a: int, b: int) -> None:
    r = doc.report
    prefix = _table(r, t)
    rows = (r.dept if prefix == "dept" else r.projects[t]).indicators
    row = f"{prefix}.indicators[{a % len(rows)}]" if rows else None
    if kind == "undo":
        doc.undo()
    elif kind == "redo":
        doc.redo()
    elif kind in ("actual", "target", "name", "note") and row:
        doc.set_value(f"{row}.{kind}", VALUES[b % len(VALUES)])
    elif kind == "weight" and row:
        doc.set_value(f"{row}.weight", D(b) / 2)
    elif kind == "money" and prefix != "dept":
        doc.set_value(f"{prefix}.total.{('budget', 'executed', 'initial')[a % 3]}", MONEY[b % len(MONEY)])
    elif kind == "goal":
        doc.set_value(f"{prefix}.goal", VALUES[b % len(VALUES)])
    elif kind == "insert_row":
        doc.insert_item(f"{prefix}.indicators", a % (len(rows) + 1),
                        Indicator("产出指标", "数量指标", f"新指标{b}", "", "≥90%", VALUES[b % len(VALUES)], D(5)))
    elif kind == "remove_row" and rows:
        doc.remove_item(f"{prefix}.indicators", a % len(rows))
    elif kind == "move_row" and rows:
        doc.move_item(f"{prefix}.indicators", a % len(rows), b % len(rows))
    elif kind == "project":
        if a % 2 and r.projects:
            doc.remove_item("projects", b % len(r.projects))
        else:
            doc.insert_item("projects", b % (len(r.projects) + 1), Project(name=f"新项目{b}"))
    elif kind == "budget":
        doc.set_value("budget.executed", MONEY[b % len(MONEY)])
    elif kind == "link" and row:
        # a linked row's value follows the budget and staff pages, whichever table holds it
        doc.set_link(row, LINKS[b % len(LINKS)])
    elif kind == "unlink" and row and paths.get(r, f"{row}.link"):
        doc.set_link(row, "", VALUES[b % len(VALUES)])
    elif kind == "staff":
        doc.set_value(("staff.actual_staff", "staff.admin_posts")[a % 2], (None, 0, 7, 8, 12)[b % 5])
    elif kind == "public":
        doc.set_value(f"budget.public.{('budget', 'executed', 'initial')[a % 3]}", MONEY[b % len(MONEY)])
    elif kind == "section":
        doc.set_value(f"sections[{a % 10}]", f"全年执行率为{b}%，得分{b}分。")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(edit, min_size=1, max_size=12))
def test_incremental_equals_full_recompute(qapp, edits):
    from gui.document import Document
    doc = Document(copy.deepcopy(BASE))
    doc.autosave_timer.stop()
    doc.summary()              # the first pass: everything, as opening a file does
    for e in edits:
        _apply(doc, *e)
        if e[0] != "section":  # sometimes several edits come before the next pass
            got = doc.summary()
            fresh = copy.deepcopy(doc.report)
            assert doc.scores() == score_report(fresh)
            assert got.findings == summarize(fresh).findings
    doc.undo_stack.clear()


def test_only_the_touched_project_is_rescored(qapp):
    """An edit of one project's indicator re-scores that table; the others are the same objects."""
    from gui.document import Document
    doc = Document(copy.deepcopy(BASE))
    doc.autosave_timer.stop()
    before = doc.summary().scores
    doc.set_value("projects[2].indicators[1].actual", "51%")
    after = doc.summary().scores
    assert after.projects[2] is not before.projects[2]
    assert [a is b for a, b in zip(after.projects, before.projects)] == [True, True, False, True]
    assert after.projects[2] == score_report(copy.deepcopy(doc.report)).projects[2]
    doc.undo_stack.clear()


def test_a_linked_project_follows_the_staff_page_while_other_projects_are_reused(qapp):
    """A project row linked to 在职人员控制率 takes its value from the staff page: an edit there
    (which touches no project) re-scores that project, and an edit of another project leaves
    every unlinked project's table as it was."""
    from gui.document import Document
    doc = Document(copy.deepcopy(BASE))
    doc.autosave_timer.stop()
    for field, n in (("admin_posts", 8), ("institution_posts", 0), ("other_posts", 0), ("actual_staff", 7)):
        doc.set_value(f"staff.{field}", n)
    doc.set_link("projects[1].indicators[0]", "staff_control")
    first = doc.summary().scores
    assert first.scored.projects[1].indicators[0].actual == "87.50%"
    doc.set_value("projects[3].indicators[0].actual", "51%")
    second = doc.summary().scores
    assert second.projects[0] is first.projects[0] and second.projects[2] is first.projects[2]
    assert second.projects[3] is not first.projects[3]
    doc.set_value("staff.actual_staff", 8)              # touches no project
    third = doc.summary()
    assert third.scores.scored.projects[1].indicators[0].actual == "100.00%"
    fresh = copy.deepcopy(doc.report)
    assert third.scores == score_report(fresh)
    assert third.findings == summarize(fresh).findings
    assert third.scores.projects[1] == score_report(fresh).projects[1] != first.projects[1]
    doc.undo_stack.clear()
