"""``pip install`` of a built wheel gives working ``jxzp`` / ``jxzp-gui`` commands with every resource
inside the installed package (slow: builds the wheel, makes a clean venv, installs the dependencies)."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SKIP_PARTS = {"build", "dist", "__pycache__", ".hypothesis", ".pytest_cache", ".git"}


def _source_files():
    """The checkout's files (tracked and new, not ignored); without git, everything but build output."""
    if (ROOT / ".git").exists() and shutil.which("git"):
        out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                             capture_output=True, text=True, timeout=60)
        if out.returncode == 0:
            return [ROOT / name for name in out.stdout.split("\0") if name and (ROOT / name).is_file()]
    return [p for p in ROOT.rglob("*") if p.is_file() and not SKIP_PARTS & set(p.relative_to(ROOT).parts)
            and not any(part.endswith(".egg-info") for part in p.parts)]


def _resource_files():
    return [p.relative_to(ROOT / "resources") for p in _source_files()
            if p.is_relative_to(ROOT / "resources") and "__pycache__" not in p.parts]


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"                                  # a clean copy: no stale build/ of an earlier run
    for path in _source_files():
        target = src / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PIP_USER")}
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-w", str(tmp / "wheels")],
                         cwd=tmp, env=env, capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-3000:]
    wheel = next((tmp / "wheels").glob("jxzp-*.whl"))
    subprocess.run([sys.executable, "-m", "venv", str(tmp / "venv")], check=True, timeout=300)
    bindir = tmp / "venv" / ("Scripts" if os.name == "nt" else "bin")
    out = subprocess.run([str(bindir / "python"), "-m", "pip", "install", "-q", str(wheel)], cwd=tmp, env=env,
                         capture_output=True, text=True, timeout=1800)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-3000:]
    run_dir = tmp / "elsewhere"                        # outside the checkout and the copy
    run_dir.mkdir()
    return bindir, run_dir, env


def _run(venv, *args, **extra):
    bindir, run_dir, env = venv
    env = dict(env, JXZP_DATA_DIR=str(run_dir / "data"), **extra)
    return subprocess.run([str(bindir / args[0]), *map(str, args[1:])], cwd=run_dir, env=env,
                          capture_output=True, text=True, timeout=300)


def _installed_resources(venv):
    out = _run(venv, "python", "-c", "import resources, main, model; print(resources.__file__); "
               "print(main.__file__); print(model.__file__)")
    assert out.returncode == 0, out.stderr
    paths = [Path(line) for line in out.stdout.split()]
    for path in paths:                                 # the installed copy, not the checkout
        assert not path.is_relative_to(ROOT) and path.is_relative_to(venv[0].parent), path
    return paths[0].parent


def test_wheel_carries_every_resource(venv):
    installed = _installed_resources(venv)
    files = _resource_files()
    kinds = {p.parts[0] for p in files if len(p.parts) > 1}
    assert {"profiles", "samples", "vocabulary"} <= kinds
    for rel in files:
        copy = installed / rel
        assert copy.is_file(), rel
        assert copy.read_bytes() == (ROOT / "resources" / rel).read_bytes(), rel


def test_installed_commands_work_outside_the_checkout(venv):
    _, run_dir, _ = venv
    out = _run(venv, "jxzp", "--help")
    assert out.returncode == 0 and "绩效自评填报" in out.stdout, out.stderr
    made = run_dir / "新建.jxzp"
    out = _run(venv, "jxzp", "new", "-o", made, "--year", "2025", "--unit", "测试县教育局")
    assert out.returncode == 0 and made.is_file(), out.stderr
    out = _run(venv, "jxzp", "check", made)
    assert out.returncode in (0, 1) and "测试县教育局" in out.stdout, out.stderr
    sample = next((_installed_resources(venv) / "samples").glob("*.jxzp"))
    out = _run(venv, "jxzp", "check", sample)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr


def test_installed_window_entry_point(venv):
    _, run_dir, _ = venv
    assert (venv[0] / ("jxzp-gui.exe" if os.name == "nt" else "jxzp-gui")).exists()
    shot = run_dir / "shot.png"
    sample = next((_installed_resources(venv) / "samples").glob("*.jxzp"))
    out = _run(venv, "jxzp-gui", sample, "--screenshot", shot, QT_QPA_PLATFORM="offscreen")
    assert out.returncode == 0 and shot.stat().st_size > 20000, out.stderr[-2000:]
