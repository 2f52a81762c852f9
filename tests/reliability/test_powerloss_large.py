"""Power loss while saving a large report (bench/generate.py: 150 projects × 25
indicators, ten 3 000-character sections, about 1.2 MB on disk).

A forked child saves versions in a loop and is SIGKILLed at a random moment of a
save. After every kill the file on disk must be byte-for-byte one complete
version — the last one the child reported or the one after it — never a mix or a
truncation, and the .bak an earlier complete version. Each distinct version's
text is loaded with ``store.load`` and compared with the report it came from, so
"byte-identical to a complete version" means "loads to exactly that report".

The version texts are made once in the parent (the report's unit name carries
the version number) so that the child spends its time in ``store.write_atomic``
— temporary file, fsync, backup link, rename — where the kills must land.
"""
import os
import random
import time

import pytest
from powerloss_support import kill_during_saves

from bench.generate import large_report
from model import store

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")

KILLS = 200
MARK = "§版本号§"


@pytest.fixture(scope="module")
def template():
    r = large_report()
    r.info.unit_name = MARK
    text = store.dumps(r, saved_at="2025-03-20T09:00:00")
    assert text.count(MARK) == 1 and len(text.encode("utf-8")) > 1_000_000
    return r, text


def _text(template_text: str, n: int) -> str:
    return template_text.replace(MARK, f"版本{n}")


def _version_of(data: bytes, template_text: str) -> int:
    """The version number of a complete file; fails the test for anything else."""
    head, tail = (part.encode("utf-8") for part in template_text.split(MARK))
    assert data.startswith(head + "版本".encode("utf-8")), "file does not start like a complete version"
    assert data.endswith(tail), "file is truncated or mixed"
    number = data[len(head) + len("版本".encode("utf-8")):len(data) - len(tail)]
    assert number.isdigit(), number[:80]
    return int(number)


def test_sigkill_while_saving_a_large_report(tmp_path, template):
    report, template_text = template
    rng = random.Random(20250320)
    path = tmp_path / "大型报告.jxzp"
    store.write_atomic(path, _text(template_text, 0))
    # how long one save takes here, to aim the kills inside a save
    t0 = time.perf_counter()
    store.write_atomic(path, _text(template_text, 0))
    save_time = time.perf_counter() - t0
    last = 0
    versions_seen: set[int] = set()
    loaded: set[int] = set()
    survived = 0
    interrupted = 0
    for kill in range(KILLS):
        # mostly inside the first save, sometimes the second
        done = kill_during_saves(lambda n: store.write_atomic(path, _text(template_text, n)), last + 1,
                                 rng.choice((0, 0, 0, 1)), rng.uniform(0, save_time * 1.2))

        n = _version_of(path.read_bytes(), template_text)
        assert last + done <= n <= last + done + 1, (kill, n, last, done)
        interrupted += n == last + done     # the save under way did not reach its rename
        bak = store.backup_path(path)
        if bak.exists():
            assert _version_of(bak.read_bytes(), template_text) <= n
        if n not in loaded and len(loaded) < 5:   # the complete versions really load to the report
            back = store.load(path)
            assert back.info.unit_name == f"版本{n}"
            back.info.unit_name = MARK
            assert back == report
            loaded.add(n)
        versions_seen.add(n)
        last = n
        survived += 1
        for p in tmp_path.iterdir():   # a killed save may leave its temporary file behind
            if p.name.endswith(".tmp"):
                assert p.name.startswith(".大型报告.jxzp.")
                p.unlink()
    assert survived == KILLS
    # the kills really landed during saves: many interrupted ones, many distinct versions
    assert interrupted > KILLS // 4 and len(versions_seen) > KILLS // 8, (interrupted, len(versions_seen))
    print(f"\n{KILLS} kills survived; {interrupted} interrupted a save, {len(versions_seen)} versions seen")
    assert store.load(path).info.unit_name == f"版本{last}"
