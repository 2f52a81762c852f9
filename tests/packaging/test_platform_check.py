"""The start-up guard: a Chinese message with the fix instead of Qt's abort (gui/platform_check.py)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import main
from gui import platform_check
from gui.platform_check import gui_problem, loadable, xcb_libraries

ROOT = Path(__file__).resolve().parents[2]
LIBRARIES = xcb_libraries()
SONAMES = sorted(LIBRARIES)

platforms_requested = st.sampled_from([None, "", "offscreen", "minimal", "xcb", "xcb:display=:1", "wayland",
                                       "wayland;xcb", "xcb;wayland", " XCB ", "vnc:size=800x600"])
environments = st.fixed_dictionaries({}, optional={
    "DISPLAY": st.sampled_from([":0", ":99", "localhost:10.0", ""]),
    "WAYLAND_DISPLAY": st.sampled_from(["wayland-0", ""]),
})


def expected(env, requested, os_name, screenshot, missing):
    """What the guard must say, written out case by case: None, 'display' or 'libraries'."""
    if not os_name.startswith("linux"):
        return None
    first = (requested or "").strip().split(";")[0].split(":")[0].strip().lower()
    if first and first != "xcb":
        return None
    if not first and (screenshot or env.get("WAYLAND_DISPLAY")):
        return None
    if not env.get("DISPLAY"):
        return "display"
    return "libraries" if missing else None


@settings(max_examples=80, deadline=None)
@given(env=environments, requested=platforms_requested, os_name=st.sampled_from(["linux", "win32", "darwin"]),
       screenshot=st.booleans(), missing=st.sets(st.sampled_from(SONAMES), max_size=5))
def test_guard_speaks_exactly_when_qt_would_abort(env, requested, os_name, screenshot, missing):
    env = dict(env)
    if requested is not None:
        env["QT_QPA_PLATFORM"] = requested
    asked = []

    def can_load(soname):
        asked.append(soname)
        return soname not in missing

    message = gui_problem(screenshot=screenshot, environ=env, platform=os_name, can_load=can_load)
    want = expected(env, requested, os_name, screenshot, missing)
    if want is None:
        assert message is None
    else:
        assert message.startswith("错误：图形界面无法启动")
    if want == "display":
        assert "DISPLAY" in message and "--help" in message
        assert asked == []                        # no library is probed without a display
    if want == "libraries":
        for soname in missing:
            assert soname in message
        apt_line = next(line for line in message.splitlines() if "apt-get install" in line)
        assert apt_line.split("apt-get install", 1)[1].split() == list(dict.fromkeys(
            LIBRARIES[s] for s in LIBRARIES if s in missing))
        for soname in set(SONAMES) - missing:
            assert soname not in message


def test_library_list_names_every_xcb_library_qt_links():
    """Each X11/xcb library the installed Qt xcb plugin links is in resources/platform/linux_xcb.json."""
    if not sys.platform.startswith("linux"):
        pytest.skip("Linux only")
    import PySide6
    qt = Path(PySide6.__file__).parent / "Qt"
    plugin = qt / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.exists():
        pytest.skip("this PySide6 has no xcb plugin")
    out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, timeout=30).stdout
    linked = {line.split()[0] for line in out.splitlines() if line.strip().startswith(("libxcb", "libX11", "libxkb"))}
    assert linked, out
    assert linked <= set(LIBRARIES), sorted(linked - set(LIBRARIES))
    assert all(package and " " not in package for package in LIBRARIES.values())


def test_loadable_asks_the_dynamic_loader():
    assert loadable("libc.so.6") == sys.platform.startswith("linux")
    assert not loadable("libjxzp-does-not-exist.so.7")


def test_main_prints_the_guard_message_and_never_starts_qt(monkeypatch, capsys):
    import gui.app

    def must_not_run(*a, **k):
        raise AssertionError("Qt was started")

    if not sys.platform.startswith("linux"):
        pytest.skip("Linux only")
    monkeypatch.setattr(gui.app, "run", must_not_run)
    for name in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(platform_check, "loadable", lambda soname: soname != "libxcb-icccm.so.4")
    assert main.main([]) == main.EXIT_UNREADABLE
    out, err = capsys.readouterr()
    assert "libxcb-icccm.so.4" in err and "sudo apt-get install libxcb-icccm4" in err
    assert "Traceback" not in err and out == ""


def test_without_display_the_program_says_so_instead_of_aborting(tmp_path):
    if not sys.platform.startswith("linux"):
        pytest.skip("Linux only")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["JXZP_DATA_DIR"] = str(tmp_path)
    out = subprocess.run([sys.executable, str(ROOT / "main.py")], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == main.EXIT_UNREADABLE, (out.returncode, out.stderr[-2000:])
    assert out.stderr.startswith("错误：图形界面无法启动") and "DISPLAY" in out.stderr
    assert "Traceback" not in out.stderr and "core dumped" not in out.stderr


def test_readme_first_run_line_installs_every_package_the_guard_can_ask_for():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Linux 首次运行", 1)[1].split("\n## ", 1)[0]
    line = next(line for line in section.splitlines() if "sudo apt-get install" in line)
    packages = set(line.split("apt-get install", 1)[1].split())
    assert set(LIBRARIES.values()) <= packages, sorted(set(LIBRARIES.values()) - packages)
    assert {"python3-venv", "python3-pip"} <= packages
