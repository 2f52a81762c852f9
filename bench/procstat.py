"""Memory of this process from ``/proc/self/status`` (Linux), in MB."""
from __future__ import annotations

import sys


def status_mb(key: str = "VmHWM") -> float:
    """``VmHWM`` (peak resident memory; ``ru_maxrss`` of a child starts at its parent's peak on
    Linux, so it is not used there) or ``VmRSS`` (resident now). Elsewhere the peak from
    ``getrusage``, or NaN for ``VmRSS``."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    if key != "VmHWM":
        return float("nan")
    import resource
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024
