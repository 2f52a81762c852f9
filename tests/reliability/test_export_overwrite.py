"""Issue 14, point 2: ``export`` never overwrites silently.

For every format: an output that is the input (the same path, another spelling of it,
a symbolic link or a hard link to it) is refused, also with ``--force``; an existing
output is refused without ``--force``; with ``--force`` it is replaced (atomically, by
``export.atomic_target``), and a replaced ``.jxzp`` is kept as ``.bak``. Two options
naming one file are refused. The input is byte-for-byte unchanged after every refusal.
"""
import os
import re
from pathlib import Path

import pytest

import main
from model import store
from model.report import new_report

CJK = re.compile(r"[\u4e00-\u9fff]")
FORMATS = ("xlsx", "pdf", "docx", "txt")


@pytest.fixture
def doc(tmp_path):
    folder = tmp_path / "报告"
    folder.mkdir()
    p = folder / "r.jxzp"
    r = new_report(2024, "某县档案馆")
    r.sections[0] = "基本情况正文。"
    store.save(r, p)
    return p


def run(capsys, *argv):
    code = main.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys, argv, *words):
    code, out, err = run(capsys, *argv)
    assert code == main.EXIT_UNREADABLE, (out, err)
    assert err.startswith("错误：") and CJK.search(err) and "Traceback" not in err
    for w in words:
        assert w in err, err
    return err


def _spellings(doc: Path) -> list[str]:
    link = doc.with_name("link.jxzp")
    link.symlink_to(doc.name)
    hard = doc.with_name("hard.jxzp")
    os.link(doc, hard)
    rel = os.path.relpath(doc)
    return [str(doc), str(doc.parent / ".." / doc.parent.name / doc.name), str(doc.parent / "." / doc.name),
            rel, str(link), str(hard)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_equal_to_the_input_is_refused_in_every_spelling(capsys, doc, fmt, monkeypatch):
    monkeypatch.chdir(doc.parent.parent)
    before = doc.read_bytes()
    for spelling in _spellings(doc):
        for force in ((), ("--force",)):
            refused(capsys, ["export", doc, f"--{fmt}", spelling, *force], "就是输入文件")
            assert doc.read_bytes() == before
    assert sorted(x.name for x in doc.parent.iterdir()) == ["hard.jxzp", "link.jxzp", "r.jxzp"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_existing_output_needs_force_and_is_then_replaced(capsys, doc, fmt):
    out = doc.with_name(f"out.{fmt}")
    out.write_bytes(b"old contents")
    refused(capsys, ["export", doc, f"--{fmt}", out], "已存在", "--force")
    assert out.read_bytes() == b"old contents"
    code, stdout, err = run(capsys, "export", doc, f"--{fmt}", out, "--force")
    assert code == 0, err
    assert out.read_bytes() != b"old contents" and out.stat().st_size > 0
    assert not list(doc.parent.glob(".*.tmp"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_replaced_jxzp_is_kept_as_bak(capsys, doc, fmt, tmp_path):
    other = tmp_path / "other.jxzp"
    store.save(new_report(2023, "另一个文件"), other)
    before = other.read_bytes()
    refused(capsys, ["export", doc, f"--{fmt}", other], "已存在")
    assert other.read_bytes() == before
    code, _, err = run(capsys, "export", doc, f"--{fmt}", other, "--force")
    assert code == 0, err
    assert store.backup_path(other).read_bytes() == before


def test_two_options_naming_one_file_are_refused(capsys, doc):
    target = doc.with_name("same.out")
    refused(capsys, ["export", doc, "--txt", target, "--pdf", str(target.parent / "." / target.name)],
            "同一个文件")
    assert not target.exists()


@pytest.mark.parametrize("command", ["rollover", "import"])
def test_other_commands_never_write_over_their_input(capsys, doc, command, tmp_path):
    before = doc.read_bytes()
    argv = ["rollover", doc, "-o", doc] if command == "rollover" else ["import", doc, "-o", doc]
    for force in ((), ("--force",)):
        refused(capsys, argv + list(force), "就是输入文件")
        assert doc.read_bytes() == before
