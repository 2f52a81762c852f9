"""The PyInstaller recipe builds a Linux one-folder program that works (slow: ~1 minute to build).

Built once per run into a temporary folder (nothing cached but what PyInstaller caches
itself), then started the way a user or CI would: a screenshot of the sample, 审核,
export, import, and the start-up guard without a display.
"""
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from model import store

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = next((ROOT / "resources" / "samples").glob("*.jxzp"))
FONT_SUFFIXES = {".ttf", ".ttc", ".otf"}


def _env(tmp, **extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "PYTHONPATH")}
    env["JXZP_DATA_DIR"] = str(tmp / "data")
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def frozen(tmp_path_factory):
    if not sys.platform.startswith("linux"):
        pytest.skip("the Linux build is checked here; Windows in packaging/windows-build.yml")
    tmp = tmp_path_factory.mktemp("frozen")
    start = time.monotonic()
    out = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                          "--distpath", str(tmp / "dist"), "--workpath", str(tmp / "build"),
                          str(ROOT / "packaging" / "jxzp.spec")],
                         cwd=tmp, capture_output=True, text=True, timeout=1200)
    assert out.returncode == 0, out.stderr[-4000:]
    app = tmp / "dist" / "jxzp"
    size = sum(p.lstat().st_size for p in app.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"\nfrozen build: {time.monotonic() - start:.0f} s, {size / 2**20:.0f} MiB in {app}")
    return app


def run(app, tmp, *args, program="jxzp-cli", **env):
    return subprocess.run([str(app / program), *map(str, args)], cwd=tmp, env=_env(tmp, **env),
                          capture_output=True, text=True, timeout=300)


def test_one_folder_holds_both_programs_resources_and_no_fonts(frozen):
    assert os.access(frozen / "jxzp", os.X_OK) and os.access(frozen / "jxzp-cli", os.X_OK)
    internal = frozen / "_internal"
    for src in (ROOT / "resources").rglob("*"):
        if src.is_file() and "__pycache__" not in src.parts and src.suffix not in (".py", ".pyc", ".lock", ".bak"):
            copy = internal / src.relative_to(ROOT)
            assert copy.is_file() and copy.read_bytes() == src.read_bytes(), src
    assert (internal / "docx" / "parts" / ".." / "templates" / "default-footer.xml").is_file()   # as docx reads it
    assert not [p for p in frozen.rglob("*") if p.suffix.lower() in FONT_SUFFIXES]
    assert not list(frozen.rglob("*WebEngine*")) and not list(frozen.rglob("*Qt6Qml*"))
    assert list(frozen.rglob("*qoffscreen*")) and list(frozen.rglob("*qxcb*"))


def test_frozen_program_renders_the_sample(frozen, tmp_path):
    from PySide6.QtGui import QImage
    shot = tmp_path / "shot.png"
    start = time.monotonic()
    out = run(frozen, tmp_path, SAMPLE, "--screenshot", shot, program="jxzp")   # no display, no platform set
    print(f"\nfrozen start-up to screenshot: {time.monotonic() - start:.2f} s")
    assert out.returncode == 0, out.stderr[-3000:]
    image = QImage(str(shot))
    assert image.width() >= 1000 and image.height() >= 600
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 50                                      # a window with text, not one colour


def test_frozen_check_export_and_import(frozen, tmp_path):
    report = store.load(SAMPLE)
    unit = report.info.unit_name
    out = run(frozen, tmp_path, "check", SAMPLE)
    assert out.returncode == 0, out.stderr[-3000:]
    assert unit in out.stdout and "Traceback" not in out.stderr

    pdf, xlsx, docx = tmp_path / "报告.pdf", tmp_path / "附表.xlsx", tmp_path / "报告.docx"
    out = run(frozen, tmp_path, "export", SAMPLE, "--pdf", pdf, "--xlsx", xlsx, "--docx", docx)
    assert out.returncode == 0, out.stderr[-3000:]
    assert pdf.read_bytes().startswith(b"%PDF") and xlsx.stat().st_size > 5000 and docx.stat().st_size > 5000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout
        assert unit in text.replace("\n", "")
    import openpyxl
    book = openpyxl.load_workbook(xlsx, read_only=True)
    assert any(unit in str(cell) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
               for cell in row if cell)

    imported = tmp_path / "导入.jxzp"
    out = run(frozen, tmp_path, "import", xlsx, docx, "-o", imported)
    assert out.returncode == 0, out.stderr[-3000:]
    again = store.load(imported)
    assert (again.info.unit_name, again.info.year) == (unit, report.info.year)
    assert [p.name for p in again.projects] == [p.name for p in report.projects]
    assert again.sections == report.sections
    out = run(frozen, tmp_path, "check", imported)
    assert out.returncode in (0, 1) and "Traceback" not in out.stderr


def test_frozen_program_is_the_window_export_child(frozen, tmp_path, monkeypatch):
    """The window's 导出/打印 start the program itself as a child (``export.process``: spawn,
    ``--multiprocessing-fork``). Started the way the frozen window starts it, the frozen program
    must run the export there (``multiprocessing.freeze_support()`` first in ``main.py``) instead
    of opening a window, with every module the export needs bundled and without Qt. The parent
    side is this Python, made to start the child as a frozen parent does (the frozen program as
    the executable, and none of this interpreter's paths handed over: the child uses its own)."""
    from multiprocessing import resource_tracker, spawn

    from export import process
    from export.jobs import ExportPlan
    resource_tracker.ensure_running()        # this interpreter's own, before the patches
    exe = str(frozen / "jxzp")
    monkeypatch.setattr(spawn, "get_executable", lambda: os.fsencode(exe))   # as set_executable keeps it
    monkeypatch.setattr(spawn, "get_command_line", lambda **kw: [exe, "--multiprocessing-fork",
                                                                 *(f"{k}={v!r}" for k, v in kw.items())])
    own = spawn.get_preparation_data

    def as_frozen(name):
        data = own(name)
        for key in ("sys_path", "sys_argv", "dir", "orig_dir", "init_main_from_path", "init_main_from_name"):
            data.pop(key, None)
        return data
    monkeypatch.setattr(spawn, "get_preparation_data", as_frozen)
    for key in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "PYTHONPATH"):
        monkeypatch.delenv(key, raising=False)     # a window could not start: it would end the child
    monkeypatch.setenv("JXZP_DATA_DIR", str(tmp_path / "data"))

    report = store.load(SAMPLE)
    plan = ExportPlan(tmp_path, "报告", ("xlsx", "pdf"))
    steps = []
    job = process.ExportProcess(process.snapshot(report), plan)
    outcome = job.run(lambda key, path: steps.append(key))
    assert outcome.ok, outcome.error
    assert steps == ["xlsx", "pdf"] and job.exitcode == 0
    # no window, no GUI modules: only the QtCore that PyInstaller's PySide6 start-up hook loads in
    # every process of the frozen program (for its qt.conf), before main.py runs
    assert set(job.ready["qt"]) <= {"PySide6.QtCore"}, job.ready["qt"]
    assert (tmp_path / "报告.pdf").read_bytes().startswith(b"%PDF") and (tmp_path / "报告.xlsx").stat().st_size > 5000
    assert outcome.fonts is not None
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_frozen_program_without_display_says_so(frozen, tmp_path):
    out = run(frozen, tmp_path, SAMPLE, program="jxzp")
    assert out.returncode == 2, (out.returncode, out.stderr[-2000:])
    assert out.stderr.startswith("错误：图形界面无法启动") and "DISPLAY" in out.stderr


def test_frozen_program_opens_a_window_on_an_x_server(frozen, tmp_path):
    """With the README's xcb packages installed, the frozen program draws through Qt's xcb plugin."""
    if not shutil.which("Xvfb"):
        pytest.skip("Xvfb is not installed (.ci/run installs it)")
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1400x950x24", "-nolisten", "tcp"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        display = ":" + xvfb.stdout.readline().strip()
        shot = tmp_path / "x11.png"
        out = run(frozen, tmp_path, SAMPLE, "--screenshot", shot, program="jxzp",
                  DISPLAY=display, QT_QPA_PLATFORM="xcb")
        assert out.returncode == 0, out.stderr[-3000:]
        assert shot.stat().st_size > 20000
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=30)


def test_frozen_program_runs_without_output_streams(frozen, tmp_path):
    """Like the windowed Windows program (no console: sys.stdout and sys.stderr are None), a run whose
    output streams are closed still works: packaging/rthooks/streams.py gives them a sink."""
    out = subprocess.run(["sh", "-c", '"$0" check "$1" >&- 2>&-', str(frozen / "jxzp-cli"), str(SAMPLE)],
                         cwd=tmp_path, env=_env(tmp_path), timeout=120)
    assert out.returncode == 0                        # without the hook: AttributeError, exit code 1
