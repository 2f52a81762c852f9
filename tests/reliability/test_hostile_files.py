"""Hostile files and hostile places to write to.

* XML entity expansion and zip bombs (the importers' own tests, tests/importers/
  test_import_hostile.py, cover the workbook bomb, entity bombs in both formats,
  lying zip directories and 50 MB sheets; here: the parsers' settings, a Word
  zip bomb and files of 100 MB for every reader);
* file names with spaces, Chinese, emoji, shell characters and near the length
  limit, for save, open, every export and import;
* a read-only folder, a full disk and a file held open by another program
  (Excel on Windows refuses the rename), for save, every export, the recovery
  file and the main window's 保存: each ends in a Chinese message, the previous
  file byte-for-byte intact and no temporary file left behind.
"""
from __future__ import annotations

import builtins
import errno
import io
import os
import time
import zipfile
from pathlib import Path

import pytest

import export
import importers
from bench.generate import make_report
from export.docx import write_docx
from export.pdf import write_pdf
from export.txt import write_txt
from export.xlsx import write_xlsx
from fuzz_support import bounded, is_chinese
from fuzz_support import answers, user_data  # noqa: F401 - fixtures
from model import store
from model.store import StoreError

LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
          + b"".join(b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b']>\n<root>&lol9;</root>')


@pytest.fixture(scope="module")
def report():
    return make_report(2, 6, 6, 300)


# --------------------------------------------------------------------------- parsers and bombs

def test_xml_parsers_never_expand_entities():
    import openpyxl
    from docx.oxml.parser import oxml_parser
    from lxml import etree
    from openpyxl.xml.functions import fromstring as openpyxl_fromstring
    assert openpyxl.DEFUSEDXML is True
    for parse in (openpyxl_fromstring, lambda b: etree.fromstring(b, oxml_parser)):
        with bounded("entity bomb"):
            try:
                root = parse(LAUGHS)
            except Exception as e:   # defusedxml refuses outright
                assert "ntit" in type(e).__name__ or "ntit" in str(e), repr(e)
            else:
                assert len(etree.tostring(root)) < 10_000   # not a billion laughs


def test_word_zip_bomb_is_refused_quickly(tmp_path, report):
    src = tmp_path / "ok.docx"
    write_docx(report, src)
    bomb = tmp_path / "炸弹.docx"
    para = b"<w:p><w:r><w:t>" + "零".encode() * 300 + b"</w:t></w:r></w:p>"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for info in zin.infolist():
            if info.filename == "word/document.xml":
                with zout.open(info.filename, "w", force_zip64=True) as f:
                    f.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                            b'wordprocessingml/2006/main"><w:body>')
                    chunk = para * 1000
                    for _ in range(int(60 * 2 ** 20 / len(chunk))):   # 60 MB of XML
                        f.write(chunk)
                    f.write(b"</w:body></w:document>")
            else:
                zout.writestr(info, zin.read(info.filename))
    assert bomb.stat().st_size < 5 * 2 ** 20
    with bounded("word zip bomb", seconds=2):
        with pytest.raises(importers.ImportError_) as e:
            importers.import_paths([str(bomb)], year=2024)
    assert is_chinese(str(e.value))


@pytest.mark.parametrize("suffix", [".jxzp", ".xlsx", ".docx"])
def test_a_file_over_100_mb_is_refused_without_being_read(tmp_path, suffix):
    path = tmp_path / f"巨大{suffix}"
    with open(path, "wb") as f:   # sparse: 120 MB on paper, nothing on the disk
        f.write(b"PK\x03\x04" if suffix != ".jxzp" else b'{"format": "jxzp", "report": "')
        f.truncate(120 * 2 ** 20)
    with bounded(f"120 MB {suffix}", seconds=1, peak=20 * 2 ** 20, trace=True):
        if suffix == ".jxzp":
            with pytest.raises(StoreError, match="过大"):
                store.load(path)
        else:
            with pytest.raises(importers.ImportError_, match="过大"):
                importers.import_paths([str(path)], year=2024)


# --------------------------------------------------------------------------- names

NAMES = [
    "有 空格  的 报告",
    "红包🧧报告😀",
    "a'b\"c;$(echo x)&|`",
    "  前后有空格  ",
    "名.有.多个.点",
    "-以减号开头",
    "#%{}[]~!=+@",
    "长" * 78,        # 234 bytes before the extension: near the 255-byte limit of a name
]


@pytest.mark.parametrize("name", NAMES, ids=lambda n: f"{len(n.encode())}B")
def test_odd_names_save_open_export_and_import(tmp_path, report, name):
    folder = tmp_path / "含 空格 的文件夹🧧"
    folder.mkdir()
    path = folder / f"{name}.jxzp"
    store.save(report, path)
    store.save(report, path)                          # the second save keeps a backup
    assert store.load(path) == report
    assert store.load(store.backup_path(path)) == report
    xlsx, docx_path, txt = (folder / f"{name}{s}" for s in (".xlsx", ".docx", ".txt"))
    lines = list(export.export_all(report, xlsx=str(xlsx), docx=str(docx_path), txt=str(txt)))
    assert len(lines) == 3 and all(is_chinese(line) for line in lines)
    result = importers.import_paths([str(xlsx), str(docx_path)], year=2024)
    assert result.report.info.unit_name == report.info.unit_name
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [path.name, store.backup_path(path).name, xlsx.name, docx_path.name, txt.name])


def test_pdf_under_an_emoji_name(tmp_path, report):
    out = tmp_path / "红包🧧报告😀 最终版.pdf"
    write_pdf(report, out)
    assert out.read_bytes().startswith(b"%PDF")


def test_a_name_over_the_limit_is_a_chinese_message(tmp_path, report):
    name = "长" * 90          # 270 bytes: no file system takes it
    with pytest.raises(StoreError, match="文件名过长"):
        store.save(report, tmp_path / f"{name}.jxzp")
    with pytest.raises(StoreError):
        store.load(tmp_path / f"{name}.jxzp")
    for suffix, writer in ((".xlsx", write_xlsx), (".txt", write_txt), (".docx", write_docx)):
        with pytest.raises(export.ExportError, match="文件名过长"):
            writer(report, tmp_path / f"{name}{suffix}")
    with pytest.raises(importers.ImportError_):
        importers.import_paths([str(tmp_path / f"{name}.xlsx")], year=2024)
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- places that refuse writing

def _saves(report):
    """Each way the program writes a file: (label, function(path), expected error type)."""
    return [
        ("保存", lambda p: store.save(report, p), StoreError, ".jxzp"),
        ("Excel", lambda p: write_xlsx(report, p), export.ExportError, ".xlsx"),
        ("PDF", lambda p: write_pdf(report, p), export.ExportError, ".pdf"),
        ("Word", lambda p: write_docx(report, p), export.ExportError, ".docx"),
        ("文本", lambda p: write_txt(report, p), export.ExportError, ".txt"),
    ]


WRITES = pytest.mark.parametrize("kind", range(5), ids=["save", "xlsx", "pdf", "docx", "txt"])


def _previous(folder: Path, suffix: str, report, kind: int) -> tuple[Path, bytes]:
    label, write, _, _ = _saves(report)[kind]
    path = folder / f"上次的文件{suffix}"
    write(path)
    return path, path.read_bytes()


def _assert_refused_and_intact(folder, path, before, call, error, *words):
    listing = sorted(p.name for p in folder.iterdir())
    bak = store.backup_path(path)
    with pytest.raises(error) as e:
        call(path)
    msg = str(e.value)
    assert is_chinese(msg), msg
    assert not any(w in msg for w in ("No space", "Permission denied", "Errno")), msg
    for w in words:
        assert w in msg, msg
    assert path.read_bytes() == before
    after = sorted(p.name for p in folder.iterdir())
    if bak.name in after and bak.name not in listing:
        # a save that failed at the very last step has already kept the backup: the same content
        assert bak.read_bytes() == before
        after.remove(bak.name)
    assert after == listing      # no temporary file left


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root writes into read-only folders; see the monkeypatched variant")
@WRITES
def test_read_only_folder_for_real(tmp_path, report, kind):
    label, write, error, suffix = _saves(report)[kind]
    path, before = _previous(tmp_path, suffix, report, kind)
    tmp_path.chmod(0o555)
    try:
        _assert_refused_and_intact(tmp_path, path, before, write, error, "权限")
    finally:
        tmp_path.chmod(0o755)


@WRITES
def test_read_only_folder(tmp_path, report, kind, monkeypatch):
    label, write, error, suffix = _saves(report)[kind]
    path, before = _previous(tmp_path, suffix, report, kind)
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    _assert_refused_and_intact(tmp_path, path, before, write, error, "权限")


class _FullDisk:
    """Files opened for writing in ``folder`` take ``room`` bytes, then fail with ENOSPC."""

    def __init__(self, folder: Path, room: int = 2000):
        self.folder, self.room, self.hits = str(folder), room, 0

    def wrap(self, f):
        disk = self

        class Full:
            def __init__(self):
                self.written = 0

            def write(self, data):
                if self.written + len(data) > disk.room:
                    disk.hits += 1
                    raise OSError(errno.ENOSPC, "No space left on device")
                self.written += len(data)
                return f.write(data)

            def __getattr__(self, name):
                return getattr(f, name)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                f.close()

            def __iter__(self):
                return iter(f)
        return Full()

    def install(self, monkeypatch):
        real_open, real_fdopen = io.open, os.fdopen

        def is_write(mode):
            return any(c in mode for c in "wax+")

        def fake_open(file, mode="r", *args, **kwargs):
            f = real_open(file, mode, *args, **kwargs)
            if is_write(mode) and isinstance(file, (str, os.PathLike)) and \
                    os.fspath(file).startswith(self.folder):
                return self.wrap(f)
            return f

        def fake_fdopen(fd, mode="r", *args, **kwargs):
            f = real_fdopen(fd, mode, *args, **kwargs)
            return self.wrap(f) if is_write(mode) else f
        monkeypatch.setattr(io, "open", fake_open)
        monkeypatch.setattr(builtins, "open", fake_open)
        monkeypatch.setattr(os, "fdopen", fake_fdopen)


@WRITES
def test_full_disk(tmp_path, report, kind, monkeypatch):
    label, write, error, suffix = _saves(report)[kind]
    path, before = _previous(tmp_path, suffix, report, kind)
    disk = _FullDisk(tmp_path)
    disk.install(monkeypatch)
    _assert_refused_and_intact(tmp_path, path, before, write, error, "磁盘空间")
    assert disk.hits >= 1


@WRITES
def test_file_held_open_by_another_program(tmp_path, report, kind, monkeypatch):
    """On Windows, Excel or WPS holding the file makes the final rename fail."""
    label, write, error, suffix = _saves(report)[kind]
    path, before = _previous(tmp_path, suffix, report, kind)

    def held(src, dst):
        raise PermissionError(errno.EACCES, "The process cannot access the file because it is being "
                                            "used by another process")
    monkeypatch.setattr(os, "replace", held)
    _assert_refused_and_intact(tmp_path, path, before, write, error, "占用" if kind == 0 else "正在")


# --------------------------------------------------------------------------- the same, in the program

def test_main_window_save_on_a_full_disk_keeps_everything(qtbot, answers, tmp_path, report, monkeypatch):
    from gui import recovery
    from gui.mainwindow import MainWindow
    path = tmp_path / "报告.jxzp"
    store.save(report, path)
    before = path.read_bytes()
    win = MainWindow(findings_delay_ms=0)
    qtbot.addWidget(win)
    win.open_path(path)
    win.doc.set_value("info.head", "磁盘满时的修改")
    assert win.doc.autosave() is not None          # the unsaved work is in the recovery file
    disk = _FullDisk(tmp_path)
    disk.install(monkeypatch)
    assert win.save() is False
    assert answers["errors"] and is_chinese(answers["errors"][-1]) and "磁盘空间" in answers["errors"][-1]
    assert path.read_bytes() == before
    assert win.doc.modified and win.isWindowModified()
    assert win.doc.report.info.head == "磁盘满时的修改"
    _, recovered = recovery.load_entry(win.doc.recovery_file)
    assert recovered.info.head == "磁盘满时的修改"
    monkeypatch.undo()                              # space freed: the same window saves
    assert win.save() is True
    assert store.load(path).info.head == "磁盘满时的修改" and not win.doc.modified
    win.doc.close()


def test_recovery_file_on_a_full_disk_is_reported_not_raised(qtbot, user_data, report, monkeypatch):
    from gui.document import Document
    doc = Document(report)
    doc.set_value("info.head", "自动保存失败")
    disk = _FullDisk(Path(user_data))
    disk.install(monkeypatch)
    with qtbot.waitSignal(doc.autosaveFailed) as signal:
        assert doc.autosave() is None
    assert is_chinese(signal.args[0]) and "磁盘空间" in signal.args[0]
    assert doc.modified
    doc.close()
