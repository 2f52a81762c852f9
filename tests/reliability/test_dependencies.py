"""Issue 14, point 7: the PySide6 release whose ``emit()`` drops a reference to ``True``
(6.12.0) is excluded by the project's requirements; the guard in ``gui/__init__.py`` still
protects an installation that has it (see test_long_session.py for 200 000 signals)."""
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _pyside_requirement():
    tomllib = pytest.importorskip("tomllib")
    from packaging.requirements import Requirement
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    reqs = [Requirement(d) for d in deps if d.lower().startswith("pyside6")]
    assert len(reqs) == 1
    return reqs[0]


def test_pyside6_6_12_0_is_excluded_and_other_releases_allowed():
    spec = _pyside_requirement().specifier
    assert "6.12.0" not in spec
    for ok in ("6.6.0", "6.8.1", "6.11.2", "6.12.1", "6.13.0"):
        assert ok in spec, ok
    assert "6.5.3" not in spec


def test_the_guard_acts_only_where_a_6_12_release_is_installed(monkeypatch):
    """A fresh install (any release the requirements allow) is left alone; an installation that
    still has 6.12.x gets counts no session can use up."""
    import PySide6

    import gui
    if sys.version_info >= (3, 12):
        return       # immortal objects: nothing to guard
    monkeypatch.setattr(PySide6, "__version__", "6.11.3")
    before = [sys.getrefcount(o) for o in (True, False, None)]
    gui._guard_bool_refcounts()
    if all(n < (1 << 40) for n in before):      # (not guarded already by an installed 6.12.x)
        assert all(sys.getrefcount(o) < (1 << 40) for o in (True, False, None))
    monkeypatch.setattr(PySide6, "__version__", "6.12.0")
    gui._guard_bool_refcounts()
    for obj in (True, False, None):
        assert sys.getrefcount(obj) > 1 << 40
