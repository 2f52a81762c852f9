"""Run a script as ``__main__`` in this fresh interpreter, then record its peak memory.

    python bench/proc_child.py SCRIPT [ARGS…]

Both sides of a whole-process comparison start through this file, so they pay the same
(tiny) extra cost. The peak resident memory (``VmHWM``: ``ru_maxrss`` of a child starts at its
parent's peak on Linux) is written as JSON to the file named by ``JXZP_BENCH_MEM``.
"""
from __future__ import annotations

import json
import os
import runpy
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from procstat import status_mb  # noqa: E402


def main() -> int:
    script = sys.argv[1]
    sys.argv = sys.argv[1:]
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    code = 0
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        target = os.environ.get("JXZP_BENCH_MEM")
        if target:
            with open(target, "w") as f:
                json.dump({"peak_mb": status_mb("VmHWM")}, f)
    return code


if __name__ == "__main__":
    sys.exit(main())
