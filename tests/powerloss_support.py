"""Power loss while saving, simulated: a forked child saves in a loop and is SIGKILLed.

Shared by the power-loss tests of ``tests/model`` (a small report) and ``tests/reliability``
(the large one); ``tests/`` is on ``sys.path`` through its conftest.
"""
import os
import select
import signal
import time
from typing import Callable


def kill_during_saves(save: Callable[[int], None], first: int, completions: int, delay: float) -> int:
    """Fork a child that calls ``save(n)`` for n = first, first + 1, … and reports every save it
    finishes; let it finish ``completions`` saves (as far as it does within 5 s each), wait
    ``delay`` seconds more (busy, to land inside the next save) and SIGKILL it.
    Returns how many saves the child reported finished."""
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        os.close(rfd)
        n = first
        try:
            while True:
                save(n)
                os.write(wfd, b".")
                n += 1
        finally:
            os._exit(0)
    os.close(wfd)
    done = 0
    for _ in range(completions):
        if select.select([rfd], [], [], 5)[0] and os.read(rfd, 1):
            done += 1
    deadline = time.perf_counter() + delay
    while time.perf_counter() < deadline:
        pass
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    while select.select([rfd], [], [], 0)[0]:      # saves reported just before the kill
        chunk = os.read(rfd, 64)
        if not chunk:
            break
        done += len(chunk)
    os.close(rfd)
    return done
