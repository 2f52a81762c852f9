"""Quick static checks of the delivery recipe in packaging/ (no build: that is test_frozen_build.py)."""
import ast
import fnmatch
import re
import struct
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
sys.path.insert(0, str(PACKAGING))
import version_info  # noqa: E402

SPEC = PACKAGING / "jxzp.spec"
ISS = PACKAGING / "jxzp.iss"
WORKFLOW = PACKAGING / "windows-build.yml"
OWN_CODE = ("main.py", "model", "gui", "export", "importers", "resources")


def _spec_list(name):
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} not in the spec")


def _own_python_files():
    for entry in OWN_CODE:
        path = ROOT / entry
        yield from ([path] if path.is_file() else sorted(path.rglob("*.py")))


IMPORT_RE = re.compile(r"^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)|^[ \t]*import[ \t]+([^\n#]+)", re.M)


def _imported_modules(path):
    """Module names a file imports (``from A import B`` gives A and A.B): a regular expression, fast."""
    for m in IMPORT_RE.finditer(path.read_text(encoding="utf-8")):
        if m.group(1):
            yield m.group(1)
            yield from (f"{m.group(1)}.{name}" for name in re.findall(r"\w+", m.group(2)) if name != "as")
        else:
            yield from (part.split(" as ")[0].strip() for part in m.group(3).split(","))


def test_the_spec_excludes_no_module_the_program_imports():
    excluded = set(_spec_list("EXCLUDED_QT")) | set(_spec_list("EXCLUDED_PY"))
    assert "PySide6.QtWebEngineCore" in excluded and "PySide6.QtQml" in excluded
    seen = {name for name in _imported_modules(ROOT / "gui" / "app.py")}
    assert {"PySide6.QtCore", "PySide6.QtCore.QCoreApplication", "os"} <= seen     # the scan sees imports
    used = {(str(path.relative_to(ROOT)), name) for path in _own_python_files() for name in _imported_modules(path)
            if name in excluded or name.split(".")[0] in excluded}
    assert used == set()
    assert set(_spec_list("PACKAGES")) == {"model", "gui", "export", "importers", "resources"}


def test_the_spec_builds_one_folder_windowed_without_upx():
    text = SPEC.read_text(encoding="utf-8")
    assert "upx=True" not in text and text.count("upx=False") >= 2
    assert 'program("jxzp", console=False)' in text and 'program("jxzp-cli", console=True)' in text
    assert "exclude_binaries=True" in text and "COLLECT(" in text          # one folder, not one file
    assert "collect_data_files" in text and '"docx"' in text
    for rel in re.findall(r'SPEC_DIR / "([^"]+)" / "([^"]+)"(?: / "([^"]+)")?', text):
        assert PACKAGING.joinpath(*[p for p in rel if p]).exists(), rel


def test_package_data_covers_every_resource_file_type():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = re.search(r"^\[tool\.setuptools\.package-data\](?:\s*#[^\n]*)*\s*resources\s*=\s*\[(.*?)\]", text, re.M | re.S)
    patterns = re.findall(r'"([^"]+)"', block.group(1))
    files = [p.relative_to(ROOT / "resources").as_posix() for p in (ROOT / "resources").rglob("*")
             if p.is_file() and "__pycache__" not in p.parts and p.suffix not in _spec_list("NOT_DATA")]
    assert files
    uncovered = [f for f in files if not any(fnmatch.fnmatch(f, pat) or fnmatch.fnmatch(f, pat.replace("**/", ""))
                                             for pat in patterns)]
    assert uncovered == []
    for suffix in ("json", "jxzp", "png", "svg", "md", "html", "ico"):
        assert f"**/*.{suffix}" in patterns
    assert re.search(r'^build = \[\s*"pyinstaller>=6', text, re.M)
    assert '"PySide6-Essentials>=6.6,!=6.12.0"' in text


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 65535), min_size=1, max_size=5), st.sampled_from(["", "rc1", "a2", "b3", "+local.7"]))
def test_version_resource_carries_the_version(numbers, suffix):
    version = ".".join(map(str, numbers)) + suffix
    assert version_info.version_tuple(version) == tuple((numbers + [0, 0, 0, 0])[:4])
    text = version_info.version_text(version)
    call = ast.parse(text, mode="eval").body                    # what PyInstaller evaluates
    assert isinstance(call, ast.Call) and call.func.id == "VSVersionInfo"
    assert f"filevers={tuple((numbers + [0, 0, 0, 0])[:4])}" in text
    assert f"'ProductVersion', {version!r}" in text and "'ProductName', '绩效自评填报'" in text


def test_version_is_read_from_pyproject(tmp_path):
    assert version_info.read_version() == re.search(
        r'^version = "(.+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M).group(1)
    other = tmp_path / "pyproject.toml"
    other.write_text('[tool.x]\nversion = "9.9"\n[project]\nname = "a"\nversion = "2.3.4"\n', encoding="utf-8")
    assert version_info.read_version(other) == "2.3.4"


def _ico_entries(data):
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind) == (0, 1) and count > 0
    for i in range(count):
        w, h, _, _, planes, bpp, size, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        assert offset + size <= len(data)
        yield (w or 256), (h or 256), bpp, data[offset:offset + size]


def test_icons_are_valid_multi_size_ico_files():
    for name in ("jxzp.ico", "jxzp-doc.ico"):
        entries = list(_ico_entries((PACKAGING / "icons" / name).read_bytes()))
        assert {w for w, *_ in entries} >= {16, 32, 48, 256}
        for w, h, bpp, payload in entries:
            assert w == h and bpp == 32
            if payload.startswith(b"\x89PNG"):
                assert struct.unpack(">II", payload[16:24]) == (w, h)
            else:
                header, dib_w, dib_h = struct.unpack_from("<Iii", payload)
                assert (header, dib_w, dib_h) == (40, w, 2 * h)
                pixels = payload[40:40 + w * h * 4]
                assert len(set(pixels[3::4])) > 1                 # transparent corners, opaque drawing


def test_icon_script_writes_what_is_committed(tmp_path):
    """make_icon.py regenerates the icons: same files, same sizes, same encodings (pixels may differ by Qt version)."""
    import make_icon
    written = make_icon.write_icons(tmp_path / "icons", tmp_path / "jxzp.png")
    assert [p.name for p in written] == ["jxzp.ico", "jxzp-doc.ico", "jxzp.png"]
    for name in ("jxzp.ico", "jxzp-doc.ico"):
        made = [(w, h, bpp, payload[:4]) for w, h, bpp, payload in _ico_entries((tmp_path / "icons" / name).read_bytes())]
        kept = [(w, h, bpp, payload[:4]) for w, h, bpp, payload in _ico_entries((PACKAGING / "icons" / name).read_bytes())]
        assert made == kept
    assert (tmp_path / "jxzp.png").read_bytes()[:8] == (ROOT / "resources" / "icons" / "jxzp.png").read_bytes()[:8]


def test_installer_script_is_per_user_chinese_and_keeps_user_data():
    raw = ISS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")          # UTF-8 with BOM: every Inno Setup 6 reads it as UTF-8
    text = raw.decode("utf-8-sig")
    assert re.search(r"^PrivilegesRequired=lowest$", text, re.M)
    assert "ChineseSimplified.isl" in text and "[Messages]" in text
    assert re.search(r'^Name: "\{group\}\\\{#AppName\}"; Filename: "\{app\}\\\{#AppExe\}"', text, re.M)
    assert '#define AppName "绩效自评填报"' in text
    assert re.search(r'^Root: HKCU; Subkey: "Software\\Classes\\\.jxzp";', text, re.M)
    assert re.search(r'DefaultIcon"; .*ValueData: "\{app\}\\jxzp-doc\.ico,0"', text)
    assert re.search(r'shell\\open\\command"; .*ValueData: """\{app\}\\\{#AppExe\}"" ""%1"""', text)
    assert "HKLM" not in text and "HKCR" not in text
    assert not re.search(r"^\[UninstallDelete\]", text, re.M) and "{userappdata}" not in text and "{localappdata}" not in text
    assert "MinVersion=10.0.17763" in text
    for source in re.findall(r'^Source: "([^"{]+)"', text, re.M):
        assert (PACKAGING / source.replace("\\", "/")).exists(), source
    assert re.search(r"^SetupIconFile=icons\\jxzp\.ico$", text, re.M) and (PACKAGING / "icons" / "jxzp.ico").exists()


def test_windows_workflow_runs_every_step_and_is_installed_for_github():
    text = WORKFLOW.read_text(encoding="utf-8")
    assert (ROOT / ".github" / "workflows" / "windows-build.yml").read_text(encoding="utf-8") == text
    for needed in ("runs-on: windows-latest", "actions/checkout@", "actions/setup-python@",
                   'pip install -e ".[test,build]"', "python -m pytest", "pyinstaller --noconfirm --clean",
                   "packaging/jxzp.spec", "--screenshot", "jxzp-cli.exe check", "--pdf", "--xlsx",
                   "ISCC.exe", "/DAppVersion=", "packaging\\jxzp.iss", "/VERYSILENT", "unins000.exe",
                   "actions/upload-artifact@", "QT_QPA_PLATFORM: offscreen"):
        assert needed in text, needed
    try:
        import yaml
    except ImportError:
        return
    steps = yaml.safe_load(text)["jobs"]["windows"]["steps"]
    assert all("run" in s or "uses" in s for s in steps)


def test_ci_installs_the_build_extra_and_runs_the_slow_tests():
    text = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert '".[build]"' in text and "-m slow" in text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    test_line = next(line.strip() for line in readme.splitlines() if "python -m pytest" in line and "pip install" in line)
    assert test_line in text          # the README's test line, as written there
