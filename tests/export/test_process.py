"""The window's exports in a separate process (``export.process``): same files and outcome as
in-process, the steps relayed, errors in Chinese, 停止导出 and a crashed child leave no
half-written file, and a child that cannot start leaves the export to the caller."""
from __future__ import annotations

import os
import signal
from pathlib import Path

import openpyxl
import pytest

from export import process
from export.jobs import CANCELLED, ExportPlan, run_export
from model.scoring import score_report


def _temps(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_child_writes_what_run_export_writes_and_relays_each_step(report, tmp_path):
    scores = score_report(report)
    plan = ExportPlan(tmp_path / "child", "报告", ("xlsx", "txt"))
    plan.folder.mkdir()
    steps = []
    job = process.ExportProcess(process.snapshot(report, scores), plan)
    outcome = job.run(lambda key, path: steps.append((key, path)))
    assert outcome.ok, outcome.error
    assert job.ready["qt"] == [] and job.ready["pid"] != os.getpid()    # another process, no Qt
    assert job.exitcode == 0
    assert steps == plan.targets() == outcome.files
    here = run_export(report, ExportPlan(tmp_path, "报告", ("xlsx", "txt")), scores=scores)
    assert outcome.notes == here.notes and outcome.details == here.details
    assert (plan.folder / "报告.txt").read_bytes() == (tmp_path / "报告.txt").read_bytes()
    a, b = openpyxl.load_workbook(plan.folder / "报告.xlsx"), openpyxl.load_workbook(tmp_path / "报告.xlsx")
    assert a.sheetnames == b.sheetnames
    assert [[c.value for c in row] for row in a.worksheets[2].iter_rows()] == \
        [[c.value for c in row] for row in b.worksheets[2].iter_rows()]
    assert _temps(plan.folder) == []


def test_child_reports_the_pdf_fonts(report, tmp_path):
    outcome = process.ExportProcess(process.snapshot(report), ExportPlan(tmp_path, "报告", ("pdf",))).run()
    assert outcome.ok, outcome.error
    assert (tmp_path / "报告.pdf").read_bytes().startswith(b"%PDF")
    assert outcome.fonts is not None and outcome.fonts["body"].family


def test_an_error_in_the_child_comes_back_in_chinese_and_stops(report, tmp_path):
    (tmp_path / "报告.xlsx").mkdir()                   # a folder where the file should go
    outcome = process.ExportProcess(process.snapshot(report), ExportPlan(tmp_path, "报告", ("xlsx", "txt"))).run()
    assert not outcome.ok and "文件夹" in outcome.error
    assert outcome.files == [] and not (tmp_path / "报告.txt").exists()


def _while_writing(plan: ExportPlan, key: str, action):
    """A ``cancelled`` callback that does ``action()`` once the temporary file of ``key``'s target
    is being written (and answers what ``action`` returns from then on)."""
    target = dict(plan.targets())[key]
    state = {"answer": False}

    def cancelled() -> bool:
        if not state["answer"] and any(p.name.startswith(f".{target.name[:32]}.") for p in _temps(plan.folder)):
            state["answer"] = action()
        return bool(state["answer"])
    return cancelled


@pytest.fixture(scope="module")
def big_report():
    from bench.generate import large_report
    return large_report()


def test_stopping_ends_the_child_and_leaves_no_half_written_file(big_report, tmp_path):
    plan = ExportPlan(tmp_path, "报告", ("xlsx", "pdf"))
    job = process.ExportProcess(process.snapshot(big_report), plan)
    outcome = job.run(cancelled=_while_writing(plan, "pdf", lambda: True))
    assert outcome.error == CANCELLED
    assert outcome.files == [("xlsx", tmp_path / "报告.xlsx")]       # written before: kept
    assert (tmp_path / "报告.xlsx").is_file() and not (tmp_path / "报告.pdf").exists()
    assert _temps(tmp_path) == []                                    # the PDF being written: removed
    assert job.exitcode is not None and job.exitcode != 0


def test_a_child_that_dies_is_an_error_not_a_crash_of_the_caller(big_report, tmp_path):
    plan = ExportPlan(tmp_path, "报告", ("pdf", "txt"))
    job = process.ExportProcess(process.snapshot(big_report), plan)

    def kill() -> bool:
        os.kill(job.ready["pid"], signal.SIGTERM)
        return False                                  # not the user's stop: a crash
    outcome = job.run(cancelled=_while_writing(plan, "pdf", kill))
    assert not outcome.ok and outcome.error.startswith("导出PDF（正文+附表）时，导出进程意外结束")
    assert outcome.files == [] and list(tmp_path.iterdir()) == []


def test_a_child_that_cannot_start_leaves_the_export_to_the_caller(report, tmp_path, monkeypatch):
    def blocked():
        raise OSError("blocked")
    monkeypatch.setattr(process, "_context", blocked)
    with pytest.raises(process.ChildUnavailable):
        process.ExportProcess(process.snapshot(report), ExportPlan(tmp_path, "报告", ("txt",))).run()
    assert list(tmp_path.iterdir()) == []


def test_a_child_that_cannot_load_the_report_leaves_the_export_to_the_caller(tmp_path):
    with pytest.raises(process.ChildUnavailable):
        process.ExportProcess(b"not a snapshot", ExportPlan(tmp_path, "报告", ("txt",))).run()
    assert list(tmp_path.iterdir()) == []


def _never_ready(conn, *_args):
    """A child that never gets ready (as one stuck before the export starts)."""
    import threading
    threading.Event().wait()


def test_a_child_that_never_gets_ready_is_ended_and_leaves_the_export_to_the_caller(tmp_path, monkeypatch):
    monkeypatch.setattr(process.ExportProcess, "entry", staticmethod(_never_ready))
    job = process.ExportProcess(process.snapshot(None), ExportPlan(tmp_path, "报告", ("txt",)), start_timeout=0.5)
    with pytest.raises(process.ChildUnavailable, match="did not start in time"):
        job.run()
    assert job.exitcode is not None                   # ended, not left running
    assert list(tmp_path.iterdir()) == []
