"""Reliability tests: user data (settings, recovery files) in a temporary folder."""
from __future__ import annotations

import pytest


@pytest.fixture
def user_data(tmp_path_factory, monkeypatch):
    data = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("JXZP_DATA_DIR", str(data))
    from PySide6.QtCore import QStandardPaths
    QStandardPaths.setTestModeEnabled(True)
    return data


@pytest.fixture
def answers(user_data, monkeypatch):
    """Scripted answers to the program's questions; no real dialog opens."""
    from gui import dialogs as d
    log = {"calls": [], "errors": [], "recover": d.RECOVER}

    def ask_recover(parent, *args):
        log["calls"].append(("recover", *args))
        return log["recover"]

    monkeypatch.setattr(d, "ask_recover", ask_recover)
    monkeypatch.setattr(d, "ask_save_changes", lambda parent, *a: d.DISCARD)
    monkeypatch.setattr(d, "show_error", lambda parent, title, message: log["errors"].append(message))
    return log


def pytest_terminal_summary(terminalreporter):
    import sys
    stats = sys.modules.get("fuzz_support")
    if stats is not None and stats.STATS:
        terminalreporter.write_line("reliability fuzzing: " + ", ".join(
            f"{k} {v}" for k, v in sorted(stats.STATS.items())))
