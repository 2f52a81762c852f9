"""Issue 14, point 5: the smaller attacks.

Symbolic links, permission bits, temporary files left by a crash, impossible years,
Excel-illegal sheet names, a 单位名称 of thousands of characters in the PDF, and files
inside the loader's limits that would take gigabytes to parse.
"""
import os
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import main
from export.tables import SHEET_MAX, build_all, clean_sheet_name
from model import store
from model.report import MAX_YEAR, MIN_YEAR, Project, new_report

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")
FORMATS = ("xlsx", "pdf", "docx", "txt")


def run(capsys, *argv):
    code = main.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- symbolic links

def test_saving_through_a_symbolic_link_writes_the_file_it_points_to(tmp_path):
    real_dir = tmp_path / "真实"
    real_dir.mkdir()
    real = real_dir / "r.jxzp"
    store.save(new_report(2024, "第一版"), real)
    link = tmp_path / "link.jxzp"
    link.symlink_to(real)
    store.save(new_report(2024, "第二版"), link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert store.load(real).info.unit_name == "第二版"
    assert store.load(store.backup_path(real)).info.unit_name == "第一版"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["link.jxzp", "真实"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_exporting_through_a_symbolic_link_writes_the_file_it_points_to(capsys, tmp_path, fmt):
    src = tmp_path / "r.jxzp"
    store.save(new_report(2024, "某局"), src)
    real = tmp_path / f"real.{fmt}"
    real.write_bytes(b"old")
    link = tmp_path / f"link.{fmt}"
    link.symlink_to(real.name)
    code, _, err = run(capsys, "export", src, f"--{fmt}", link, "--force")
    assert code == 0, err
    assert link.is_symlink() and real.read_bytes() != b"old"


# --------------------------------------------------------------------------- permissions

@pytest.mark.parametrize("mode", [0o644, 0o640, 0o664, 0o600])
def test_save_and_export_keep_the_permission_bits(capsys, tmp_path, mode):
    p = tmp_path / "r.jxzp"
    store.save(new_report(2024, "某局"), p)
    p.chmod(mode)
    store.save(new_report(2024, "再存"), p)
    assert stat.S_IMODE(p.stat().st_mode) == mode
    for fmt in ("txt", "docx"):
        out = tmp_path / f"o.{fmt}"
        out.write_bytes(b"x")
        out.chmod(mode)
        code, _, err = run(capsys, "export", p, f"--{fmt}", out, "--force")
        assert code == 0, err
        assert stat.S_IMODE(out.stat().st_mode) == mode


def test_new_files_get_the_users_default_permissions_not_0600(capsys, tmp_path):
    old = os.umask(0o022)
    try:
        p = tmp_path / "n.jxzp"
        assert main.main(["new", "-o", str(p), "--year", "2024", "--unit", "某局"]) == 0
        out = tmp_path / "n.txt"
        assert main.main(["export", str(p), "--txt", str(out)]) == 0
    finally:
        os.umask(old)
    expected = 0o666 & ~store._UMASK
    assert stat.S_IMODE(p.stat().st_mode) == expected and stat.S_IMODE(out.stat().st_mode) == expected


# --------------------------------------------------------------------------- crash leftovers

def _leftover(folder: Path, name: str, age_s: float) -> Path:
    f = folder / name
    f.write_bytes(b"half a file")
    t = time.time() - age_s
    os.utime(f, (t, t))
    return f


@pytest.mark.parametrize("writer", ["save", "export"])
def test_temporary_files_left_by_a_crash_are_cleaned_on_the_next_write(capsys, tmp_path, writer):
    p = tmp_path / "r.jxzp"
    store.save(new_report(2024, "某局"), p)
    day = 24 * 3600
    old = [_leftover(tmp_path, ".r.jxzp.ab12cd34.tmp", 2 * day),       # store.write_atomic's name
           _leftover(tmp_path, ".r.pdf.x_9Yq0zZ.tmp", day + 60),         # export.atomic_target's name
           _leftover(tmp_path, ".r.jxzp.bak.0a1b2c3d.tmp", 3 * day)]     # store.write_backup's name
    keep = [_leftover(tmp_path, ".r.jxzp.ef56ab78.tmp", 60),             # maybe another save running
            _leftover(tmp_path, ".other.tmp", 5 * day),                  # not our naming
            _leftover(tmp_path, "notes.tmp", 5 * day),
            _leftover(tmp_path, ".config.abcdefgh.tmpx", 5 * day)]
    if writer == "save":
        store.save(new_report(2024, "再存"), p)
    else:
        assert run(capsys, "export", p, "--txt", tmp_path / "r.txt")[0] == 0
    assert not any(f.exists() for f in old)
    assert all(f.exists() for f in keep)


# --------------------------------------------------------------------------- years

@settings(max_examples=40, deadline=None)
@given(year=st.one_of(st.integers(-10 ** 6, MIN_YEAR - 1), st.integers(MAX_YEAR + 1, 10 ** 9)))
def test_impossible_years_are_refused_by_every_command(tmp_path_factory, year):
    import contextlib
    import io
    folder = tmp_path_factory.mktemp("y")
    src = folder / "src.jxzp"
    store.save(new_report(2024, "某局"), src)
    for argv in (["new", "-o", folder / "n.jxzp", "--year", year, "--unit", "某局"],
                 ["rollover", src, "-o", folder / "r.jxzp", "--year", year],
                 ["import", src, "-o", folder / "i.jxzp", "--year", year]):
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main.main([str(a) for a in argv])
        assert code == main.EXIT_UNREADABLE
        assert f"{MIN_YEAR}—{MAX_YEAR}" in err.getvalue() and CJK.search(err.getvalue())
    assert sorted(x.name for x in folder.iterdir()) == ["src.jxzp"]


def test_new_year_99999_is_refused_and_every_accepted_year_opens(capsys, tmp_path):
    code, out, err = run(capsys, "new", "-o", tmp_path / "x.jxzp", "--year", 99999, "--unit", "某局")
    assert code == main.EXIT_UNREADABLE and "99999" in err and "1900—2200" in err
    assert not (tmp_path / "x.jxzp").exists()
    for year in (MIN_YEAR, 2024, MAX_YEAR):
        p = tmp_path / f"{year}.jxzp"
        assert run(capsys, "new", "-o", p, "--year", year, "--unit", "某局")[0] == 0
        assert store.load(p).info.year == year


# --------------------------------------------------------------------------- sheet names

sheet_text = st.one_of(st.text(alphabet=st.sampled_from(list("ab 项目'[]:*?/\\\u3000😀\t\x01")), max_size=60),
                       st.sampled_from(["History", "history", "'History'", "附件2 基础数据表"]))


def _legal_sheet_name(name: str) -> bool:
    return (0 < len(name.encode("utf-16-le")) // 2 <= SHEET_MAX and not re.search(r"[\[\]:*?/\\\x00-\x1f]", name)
            and not name.startswith("'") and not name.endswith("'") and name.lower() != "history")


@settings(max_examples=200, deadline=None)
@given(names=st.lists(sheet_text, min_size=1, max_size=6))
def test_sheet_names_are_legal_and_unique_whatever_the_project_names(names):
    taken: set[str] = set()
    out = [clean_sheet_name(n, taken) for n in names]
    assert all(_legal_sheet_name(n) for n in out), out
    assert len({n.lower() for n in out}) == len(out)


def test_project_names_that_excel_would_refuse_export_and_open(tmp_path):
    from openpyxl import load_workbook
    from export.xlsx import write_xlsx
    r = new_report(2024, "某局")
    for name in ["a" * 25 + "'", "x" * 24 + "'bc", "[项目]:*?/\\", "'", "History", "同名", "同名", "😀" * 20,
                 "项目" * 30]:
        r.projects.append(Project(name=name))
    out = tmp_path / "a.xlsx"
    sheets = write_xlsx(r, out)
    assert all(_legal_sheet_name(n) for n in sheets)
    assert load_workbook(out, read_only=True).sheetnames == sheets
    assert [g.sheet_name for g in build_all(r)] == sheets


# --------------------------------------------------------------------------- long unit names in the PDF

@pytest.mark.parametrize("length", [1500])
def test_a_very_long_unit_name_exports_to_pdf_wrapped(tmp_path, length):
    from export.pdf import write_pdf
    r = new_report(2024, ("某县" + "第一二三四五六七八九十" * 1000)[:length])
    r.sections[0] = "基本情况。"
    out = tmp_path / "a.pdf"
    write_pdf(r, out)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout \
        if _has_pdftotext() else None
    if text is not None:      # every character of the name is printed (wrapped over lines)
        assert text.replace("\n", "").replace(" ", "").count(r.info.unit_name[:200]) >= 1


def _has_pdftotext() -> bool:
    from shutil import which
    return which("pdftotext") is not None


def test_a_pdf_that_cannot_be_laid_out_says_so_without_python_text(tmp_path, monkeypatch):
    from reportlab.platypus.doctemplate import LayoutError

    import export
    from export import pdf
    def fail(self, story, *a, **k):
        raise LayoutError("Flowable <Table@0x7F 1 rows x 2 cols> ... too large on page 11 in frame 'annex-p'")
    monkeypatch.setattr(pdf._Doc, "build", fail)
    with pytest.raises(export.ExportError) as e:
        pdf.write_pdf(new_report(2024, "某局"), tmp_path / "a.pdf")
    msg = str(e.value)
    assert "第 11 页" in msg and CJK.search(msg)
    assert not re.search(r"<|0x|Flowable|Table|frame", msg)


# --------------------------------------------------------------------------- memory of loading

# the peak of this process's own memory (VmHWM: ru_maxrss would carry the parent's peak over exec)
MEASURE = """
import re, sys
sys.path.insert(0, {root!r})
from model import store
try:
    store.load({path!r}); result = "loaded"
except store.StoreError as e:
    result = "refused:" + str(e)
kb = int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1))
print(kb // 1024, result)
"""
MAX_MB = 500


def _measure(path: Path) -> tuple[int, str]:
    out = subprocess.run([sys.executable, "-c", MEASURE.format(root=str(ROOT), path=str(path))],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    mb, result = out.stdout.strip().split(" ", 1)
    return int(mb), result


needs_proc = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="measures VmHWM in /proc")


def _shell(tmp_path: Path, name: str, extra: bytes) -> Path:
    """The text of a valid empty report with ``extra`` (raw JSON) as one more top-level value."""
    base = store.dumps(new_report(2024, "某局")).encode("utf-8")
    p = tmp_path / name
    p.write_bytes(base[:-1] + b', "extra": ' + extra + b"}")
    assert p.stat().st_size <= store.MAX_FILE_BYTES
    return p


@needs_proc
def test_a_file_with_sections_at_the_text_limit_loads_in_bounded_memory(tmp_path):
    from model.report import MAX_TEXT
    r = new_report(2024, "某局")
    r.sections = ["某" * MAX_TEXT] * 10          # 20 M characters, 57 MB
    p = tmp_path / "big.jxzp"
    store.save(r, p)
    assert p.stat().st_size <= store.MAX_FILE_BYTES
    mb, result = _measure(p)
    assert result == "loaded" and mb < MAX_MB, (mb, result)


@needs_proc
@pytest.mark.parametrize("shape", ["keys", "empty-objects", "empty-lists", "zeros", "commas-in-text"])
def test_files_with_millions_of_values_are_refused_in_bounded_memory(tmp_path, shape):
    n = 3_000_000
    extra = {
        "keys": lambda: ("{" + ",".join(map('"{:x}":0'.format, range(n))) + "}").encode("ascii"),
        "empty-objects": lambda: b"[" + b"{}," * (6 * n) + b"{}]",
        "empty-lists": lambda: b"[" + b"[]," * (6 * n) + b"[]]",
        "zeros": lambda: b"[" + b"0," * (9 * n) + b"0]",
        "commas-in-text": lambda: b'"' + b"," * (20 * n) + b'"',        # many commas, one value: loads
    }[shape]()
    mb, result = _measure(_shell(tmp_path, f"{shape}.jxzp", extra))
    assert mb < MAX_MB, (mb, result)
    if shape == "commas-in-text":
        assert result == "loaded"
    else:
        assert result.startswith("refused:") and "数据项过多" in result
