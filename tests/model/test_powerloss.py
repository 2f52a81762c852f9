"""Power loss while saving: a child process saves in a loop and is killed with SIGKILL
at random moments; the file on disk must always load and be the old or the new
version, and the .bak must be a valid earlier version."""
import os
import random

import pytest
from powerloss_support import kill_during_saves

from model import store
from model.report import Indicator, new_report

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")

KILLS = 200


def _version(n: int):
    r = new_report(2024, f"版本{n}")
    r.sections[0] = f"第 {n} 版正文。" * 400
    r.dept.indicators = [Indicator("产出指标", "数量指标", f"指标{i}", "", "≥96%", "95%")
                         for i in range(60)]
    return r


def test_sigkill_during_save_never_leaves_a_broken_file(tmp_path):
    rng = random.Random(20241231)
    path = tmp_path / "报告.jxzp"
    store.save(_version(0), path)
    last_complete = 0
    versions_seen = set()
    for kill in range(KILLS):
        # let the child complete a random number of saves (0–2), then kill it at a random
        # moment of the next one
        done = kill_during_saves(lambda n: store.save(_version(n), path), last_complete + 1,
                                 rng.randint(0, 2), rng.uniform(0, 0.004))

        report = store.load(path)  # must always load
        n = int(report.info.unit_name.removeprefix("版本"))
        # the file holds the last save the child reported, or the one after it (renamed
        # just before the kill)
        assert last_complete + done <= n <= last_complete + done + 1, (kill, n, last_complete, done)
        assert report == _version(n)
        bak = store.backup_path(path)
        if bak.exists():
            b = int(store.load(bak).info.unit_name.removeprefix("版本"))
            assert b <= n   # equal only when the kill fell between the backup link and the rename
        versions_seen.add(n)
        last_complete = n
        leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        for p in leftovers:  # a killed save may leave its temporary file; it is never the report
            p.unlink()
    assert len(versions_seen) > KILLS // 4   # the kills really landed during saves
