import errno
import json
import os
import re
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

import main
from model import store
from model.report import MAX_YEAR, MIN_YEAR, Indicator, new_report
from resources.samples.build_sample import build_sample

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")
TABLE_KEYS = {"name", "budget", "executed", "execution_rate", "execution_score", "indicator_score",
              "total", "grade"}


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory):
    p = tmp_path_factory.mktemp("cli") / "示例.jxzp"
    store.save(build_sample(), p)
    return p


def run(capsys, *argv):
    code = main.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_user_error(code, out, err, *words):
    assert code == main.EXIT_UNREADABLE
    assert err.startswith("错误：")
    assert CJK.search(err)
    assert "Traceback" not in err and "Traceback" not in out
    for w in words:
        assert w in err, err


# --------------------------------------------------------------------------- new

def test_new_creates_a_loadable_file(tmp_path, capsys):
    p = tmp_path / "2025.jxzp"
    code, out, err = run(capsys, "new", "-o", p, "--year", 2025, "--unit", "青溪县总工会")
    assert code == 0 and err == ""
    assert "2025" in out and "青溪县总工会" in out
    r = store.load(p)
    assert (r.info.year, r.info.unit_name, r.profile) == (2025, "青溪县总工会", "hunan")
    assert r.projects == [] and len(r.sections) == 10


def test_new_with_the_mof_profile(tmp_path, capsys):
    p = tmp_path / "mof.jxzp"
    code, _, _ = run(capsys, "new", "-o", p, "--year", 2024, "--unit", "某局", "--profile", "mof")
    assert code == 0
    assert store.load(p).profile == "mof"


def test_new_with_an_unknown_profile(tmp_path, capsys):
    p = tmp_path / "x.jxzp"
    code, out, err = run(capsys, "new", "-o", p, "--year", 2024, "--unit", "某局", "--profile", "beijing")
    assert_user_error(code, out, err, "beijing", "hunan", "mof")
    assert not p.exists()


def test_new_never_replaces_an_existing_file_silently(tmp_path, capsys, sample_file):
    p = tmp_path / "已有.jxzp"
    p.write_bytes(sample_file.read_bytes())
    code, out, err = run(capsys, "new", "-o", p, "--year", 2025, "--unit", "别的单位")
    assert_user_error(code, out, err, "已存在", "--force")
    assert p.read_bytes() == sample_file.read_bytes()
    code, _, _ = run(capsys, "new", "-o", p, "--year", 2025, "--unit", "别的单位", "--force")
    assert code == 0
    assert store.load(p).info.unit_name == "别的单位"
    assert store.load(store.backup_path(p)).info.unit_name == "青溪县总工会"


def test_new_into_a_missing_folder(tmp_path, capsys):
    code, out, err = run(capsys, "new", "-o", tmp_path / "无" / "x.jxzp", "--year", 2024, "--unit", "某局")
    assert_user_error(code, out, err, "不存在")


# --------------------------------------------------------------------------- check

def test_check_text(sample_file, capsys):
    code, out, err = run(capsys, "check", sample_file)
    assert code == 0, out
    assert "2024年度 青溪县总工会" in out
    assert ("部门整体：全年预算数 427.71 万元，全年执行数 422.28 万元，执行率 98.73%，执行率得分 9.87，"
            "指标得分 89.81，总分 99.68，等级 优") in out
    assert "项目“职工文体活动及劳动技能竞赛经费”" in out and "总分 98.47" in out
    assert "[错误]" not in out


def test_check_json(sample_file, capsys):
    code, out, err = run(capsys, "check", sample_file, "--json")
    assert code == 0
    data = json.loads(out)
    assert {"year", "unit", "department", "projects", "findings"} <= set(data)
    assert data["year"] == 2024 and data["unit"] == "青溪县总工会"
    dept = data["department"]
    assert set(dept) >= TABLE_KEYS
    assert dept == {**dept, "budget": "427.71", "executed": "422.28", "execution_rate": "98.73",
                    "execution_score": "9.87", "indicator_score": "89.81", "total": "99.68", "grade": "优"}
    assert [p["name"] for p in data["projects"]] == [
        "职工帮扶救助及“送温暖”专项资金", "职工文体活动及劳动技能竞赛经费", "户外劳动者服务站点建设补助"]
    assert [p["total"] for p in data["projects"]] == ["99.84", "98.47", "99.60"]
    assert [p["execution_rate"] for p in data["projects"]] == ["98.44", "98.00", "96.00"]
    for table in [dept, *data["projects"]]:
        assert set(table) >= TABLE_KEYS
        for key in TABLE_KEYS - {"name", "grade"}:
            assert isinstance(table[key], str) and re.fullmatch(r"-?\d+\.\d\d", table[key]), (key, table)
    for f in data["findings"]:
        assert set(f) == {"severity", "rule", "where", "message"}
        assert f["severity"] in ("warning", "info")


def test_check_json_null_when_not_computable(tmp_path, capsys):
    r = new_report(2024, "空单位")
    r.budget.full_year = D("0")
    r.budget.executed = D("0")
    p = tmp_path / "zero.jxzp"
    store.save(r, p)
    _, out, _ = run(capsys, "check", p, "--json")
    dept = json.loads(out)["department"]
    assert dept["execution_rate"] is None
    assert dept["budget"] == "0.00" and dept["executed"] == "0.00"
    assert dept["execution_score"] == "0.00"
    assert json.loads(out)["projects"] == []

    r2 = new_report(2024, "未填单位")
    store.save(r2, p)
    _, out, _ = run(capsys, "check", p, "--json")
    dept = json.loads(out)["department"]
    assert dept["budget"] is None and dept["executed"] is None and dept["execution_rate"] is None


def _broken_weights():
    r = build_sample()
    r.dept.indicators.append(Indicator("产出指标", "数量指标", "多出来的指标", "", "≥1个", "1个", D("5")))
    return r


def test_check_exits_1_on_an_error_finding(tmp_path, capsys):
    p = tmp_path / "bad.jxzp"
    store.save(_broken_weights(), p)
    code, out, _ = run(capsys, "check", p)
    assert code == main.EXIT_FINDINGS, out
    assert "[错误]" in out
    code, out, _ = run(capsys, "check", p, "--json")
    assert code == main.EXIT_FINDINGS
    assert any(f["severity"] == "error" for f in json.loads(out)["findings"])


def test_check_exit_code_follows_the_findings(sample_file, capsys, monkeypatch):
    from model import checks, summary

    def one_error(report, scores=None):
        return [checks.Finding(checks.ERROR, "test.rule", "info.phone", "联系电话格式不对")]
    monkeypatch.setattr(summary, "run_checks", one_error)
    code, out, _ = run(capsys, "check", sample_file)
    assert code == 1
    assert "[错误] test.rule @ info.phone：联系电话格式不对" in out
    code, out, _ = run(capsys, "check", sample_file, "--json")
    assert code == 1
    assert json.loads(out)["findings"] == [
        {"severity": "error", "rule": "test.rule", "where": "info.phone", "message": "联系电话格式不对"}]


@pytest.mark.parametrize("kind", ["truncated", "array", "newer", "binary", "empty", "missing", "directory"])
def test_check_unreadable_files(tmp_path, capsys, sample_file, kind):
    p = tmp_path / "坏.jxzp"
    text = sample_file.read_text(encoding="utf-8")
    if kind == "truncated":
        p.write_text(text[:500], encoding="utf-8")
        words = ("已损坏",)
    elif kind == "array":
        p.write_text("[]", encoding="utf-8")
        words = ("不是绩效自评文件",)
    elif kind == "newer":
        p.write_text(text.replace(f'"schema": {store.SCHEMA_VERSION}', '"schema": 99', 1), encoding="utf-8")
        words = ("更新版本",)
    elif kind == "binary":
        p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
        words = ("不是绩效自评文件",)
    elif kind == "empty":
        p.write_bytes(b"")
        words = ("空的",)
    elif kind == "directory":
        p.mkdir()
        words = ("文件夹",)
    else:
        words = ("找不到",)
    for extra in ([], ["--json"]):
        code, out, err = run(capsys, "check", p, *extra)
        assert_user_error(code, out, err, *words)
        assert out == ""


# --------------------------------------------------------------------------- rollover

def test_rollover(tmp_path, capsys, sample_file):
    p = tmp_path / "2025.jxzp"
    code, out, err = run(capsys, "rollover", sample_file, "-o", p)
    assert code == 0 and err == ""
    assert "已从 2024 年度结转为 2025 年度" in out
    assert "“2024年12月31日之前完成” → “2025年12月31日之前完成”" in out
    review = [line for line in out.splitlines() if line.startswith("  - ")]
    assert len(review) >= 4
    r = store.load(p)
    assert r.info.year == 2025 and r.rolled_over_from == 2024
    assert r.budget.prior_executed == D("422.28")
    assert r.dept.indicators[7].actual == ""


def test_rollover_to_a_given_year(tmp_path, capsys, sample_file):
    p = tmp_path / "2026.jxzp"
    code, out, _ = run(capsys, "rollover", sample_file, "-o", p, "--year", 2026)
    assert code == 0
    assert store.load(p).info.year == 2026
    assert "2026年2月9日之前完成" in out


def test_rollover_onto_an_existing_file(tmp_path, capsys, sample_file):
    p = tmp_path / "2025.jxzp"
    p.write_text("其他内容", encoding="utf-8")
    code, out, err = run(capsys, "rollover", sample_file, "-o", p)
    assert_user_error(code, out, err, "已存在")
    assert p.read_text(encoding="utf-8") == "其他内容"
    code, _, _ = run(capsys, "rollover", sample_file, "-o", p, "--force")
    assert code == 0 and store.load(p).info.year == 2025


def test_rollover_of_the_file_onto_itself_is_refused(tmp_path, capsys, sample_file):
    p = tmp_path / "same.jxzp"
    p.write_bytes(sample_file.read_bytes())
    for extra in ((), ("--force",)):          # an input is never an output, not even with --force
        code, out, err = run(capsys, "rollover", p, "-o", p, *extra)
        assert_user_error(code, out, err, "就是输入文件")
        assert store.load(p).info.year == 2024


def test_rollover_backwards_is_refused(tmp_path, capsys, sample_file):
    p = tmp_path / "x.jxzp"
    code, out, err = run(capsys, "rollover", sample_file, "-o", p, "--year", 2023)
    assert_user_error(code, out, err, "2023", "2024")
    assert not p.exists()


def test_rollover_of_an_unreadable_file(tmp_path, capsys):
    bad = tmp_path / "bad.jxzp"
    bad.write_text("[", encoding="utf-8")
    code, out, err = run(capsys, "rollover", bad, "-o", tmp_path / "new.jxzp")
    assert_user_error(code, out, err, "已损坏")
    assert not (tmp_path / "new.jxzp").exists()


# --------------------------------------------------------------------------- help and usage errors

def test_help(capsys):
    code, out, err = run(capsys, "--help")
    assert code == 0
    for word in ("new", "check", "rollover", "export", "import", "绩效自评"):
        assert word in out


def test_subcommand_help(capsys):
    with pytest.raises(SystemExit) as info:
        main.main(["check", "--help"])
    assert info.value.code == 0
    assert "--json" in capsys.readouterr().out


@pytest.mark.parametrize("argv, word", [
    (["check"], "文件"),
    (["new", "-o", "x.jxzp", "--year", "二〇二四", "--unit", "某局"], "--year"),
    (["rollover", "a.jxzp"], "-o"),
])
def test_usage_errors_are_chinese(capsys, argv, word):
    with pytest.raises(SystemExit) as info:
        main.main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "错误：" in err and word in err
    assert "Traceback" not in err


# --------------------------------------------------------------------------- a real process

def test_through_a_subprocess(tmp_path, sample_file):
    proc = subprocess.run([sys.executable, "main.py", "check", str(sample_file), "--json"],
                          cwd=ROOT, capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    data = json.loads(proc.stdout.decode("utf-8"))
    assert data["department"]["total"] == "99.68"
    bad = tmp_path / "bad.jxzp"
    bad.write_bytes(b"PK\x03\x04 not a report")
    proc = subprocess.run([sys.executable, "main.py", "check", str(bad)],
                          cwd=ROOT, capture_output=True, timeout=60)
    assert proc.returncode == 2
    err = proc.stderr.decode("utf-8")
    assert err.startswith("错误：") and "Traceback" not in err
    assert proc.stdout == b""


# --------------------------------------------------------------------------- Chinese help

ENGLISH = ("usage:", "positional arguments", "options:", "optional arguments", "show this help",
           "invalid choice", "the following arguments")


def _help_text(capsys, argv) -> str:
    try:
        code = main.main(argv)
    except SystemExit as e:
        code = e.code
    assert code == 0
    return capsys.readouterr().out


def _help_column(line: str) -> int:
    """The display column where the help text of an option line starts."""
    m = re.match(r"^(\s+\S.*?)\s{2,}\S", line)
    return main._display_width(m.group(1)) + (len(line[m.end(1):]) - len(line[m.end(1):].lstrip(" ")))


@pytest.mark.parametrize("argv", [["--help"], *([c, "-h"] for c in main.SUBCOMMANDS)])
def test_help_is_chinese_and_aligned(capsys, argv):
    out = _help_text(capsys, argv)
    assert out.startswith("用法：jxzp") and "选项：" in out and "显示本帮助并退出" in out
    assert "位置参数：" in out or argv[0] in ("new", "profiles")     # these two take options only
    for word in ENGLISH:
        assert word not in out, word
    # every option's help starts in one column, whatever its Chinese metavar
    body = out.split("选项：", 1)[1]
    cols = {_help_column(line) for line in body.splitlines() if re.match(r"^  -\S.*\S\s{2,}\S", line)}
    assert len(cols) == 1, out


def test_usage_of_a_usage_error_is_chinese(capsys):
    with pytest.raises(SystemExit):
        main.main(["export"])
    err = capsys.readouterr().err
    assert err.startswith("用法：jxzp export") and "缺少必需的参数：文件" in err
    assert not any(word in err for word in ENGLISH)


# --------------------------------------------------------------------------- export never overwrites silently

@pytest.mark.parametrize("fmt", ["xlsx", "pdf", "docx", "txt"])
def test_export_refuses_to_overwrite_without_force(tmp_path, capsys, sample_file, fmt):
    target = tmp_path / f"out.{fmt}"
    target.write_bytes(b"old")
    code, out, err = run(capsys, "export", sample_file, f"--{fmt}", target)
    assert_user_error(code, out, err, "已存在", "--force", str(target))
    assert target.read_bytes() == b"old"
    if fmt == "txt":          # with --force it is replaced (one cheap format is enough to show it)
        code, out, err = run(capsys, "export", sample_file, "--txt", target, "--force")
        assert code == 0 and target.read_bytes() != b"old"


# --------------------------------------------------------------------------- new: unit and year

@pytest.mark.parametrize("unit", ["", " ", "\u3000", "\t \u3000"])
def test_new_refuses_an_empty_unit(tmp_path, capsys, unit):
    out_file = tmp_path / "x.jxzp"
    code, out, err = run(capsys, "new", "-o", out_file, "--year", 2024, "--unit", unit)
    assert_user_error(code, out, err, "预算单位名称不能为空")
    assert not out_file.exists()


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(year=st.one_of(st.integers(-5000, MIN_YEAR - 1), st.integers(MAX_YEAR + 1, 99999)))
def test_new_refuses_an_implausible_year(tmp_path, capsys, year):
    out_file = tmp_path / "y.jxzp"
    code, out, err = run(capsys, "new", "-o", out_file, "--year", year, "--unit", "某局")
    assert_user_error(code, out, err, str(year), "不合理")
    assert not out_file.exists()


# --------------------------------------------------------------------------- mistyped commands

@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(word=st.one_of(st.sampled_from(["nwe", "chek", "exprot", "rollover2", "导出", "Check"]),
                      st.text(st.characters(whitelist_categories=("Ll", "Lu", "Lo")), min_size=1, max_size=8)))
def test_a_mistyped_command_is_named_with_the_list(capsys, word):
    assume(word not in main.SUBCOMMANDS and not os.path.exists(word))
    code, out, err = run(capsys, word, "文件.jxzp")
    assert code == main.EXIT_UNREADABLE and out == ""
    assert err.startswith(f"错误：未知命令：{word}。")
    assert all(c in err for c in main.SUBCOMMANDS)
    near = {"nwe": "new", "chek": "check", "exprot": "export", "Check": "check"}.get(word)
    if near:
        assert f"是不是要输入“{near}”" in err


# --------------------------------------------------------------------------- operating-system errors

def test_an_output_that_is_a_folder(tmp_path, capsys, sample_file):
    folder = tmp_path / "目录"
    folder.mkdir()
    for argv in (["new", "-o", folder, "--year", 2024, "--unit", "某局"],
                 ["rollover", sample_file, "-o", folder],
                 ["export", sample_file, "--pdf", folder, "--force"]):
        code, out, err = run(capsys, *argv)
        assert_user_error(code, out, err, "文件夹", str(folder))


def test_an_input_that_is_a_folder_or_missing(tmp_path, capsys):
    for path, word in ((tmp_path, "文件夹"), (tmp_path / "没有.jxzp", "")):
        for argv in (["check", path], ["export", path, "--txt", tmp_path / "a.txt"]):
            code, out, err = run(capsys, *argv)
            assert_user_error(code, out, err, str(path), word)


@pytest.mark.parametrize("errno_, words", [
    (errno.ENOSPC, ("磁盘空间不足",)),
    (errno.EACCES, ("权限",)),
    (errno.EROFS, ("只读",)),
    (errno.EIO, ("磁盘读写出错",)),
])
def test_write_failures_are_explained_with_the_path(tmp_path, capsys, sample_file, monkeypatch, errno_, words):
    # the disk fills up (or refuses) while the new file is written: store.save and the exports
    import os as os_module

    real_fsync = os_module.fsync

    def failing_fsync(fd):
        raise OSError(errno_, os_module.strerror(errno_))

    monkeypatch.setattr(os_module, "fsync", failing_fsync)
    for argv, target in ((["new", "-o", tmp_path / "n.jxzp", "--year", 2024, "--unit", "某局"], tmp_path / "n.jxzp"),
                         (["export", sample_file, "--txt", tmp_path / "a.txt"], tmp_path / "a.txt")):
        code, out, err = run(capsys, *argv)
        assert_user_error(code, out, err, str(target), *words)
        assert not target.exists()
    monkeypatch.setattr(os_module, "fsync", real_fsync)


def test_a_locked_target_is_explained(tmp_path, capsys, sample_file, monkeypatch):
    # Excel or WPS holds the file open: replacing it fails (PermissionError, Windows error 32)
    import os as os_module
    target = tmp_path / "正文.txt"
    target.write_bytes(b"old")

    def locked(src, dst):
        e = PermissionError(errno.EACCES, "The process cannot access the file", str(dst))
        e.winerror = 32
        raise e

    monkeypatch.setattr(os_module, "replace", locked)
    code, out, err = run(capsys, "export", sample_file, "--txt", target, "--force")
    assert_user_error(code, out, err, str(target), "Excel")
    assert target.read_bytes() == b"old"
    from model.store import _reason
    e = PermissionError(errno.EACCES, "x")
    e.winerror = 32
    assert "锁定" in _reason(e)


def test_an_unforeseen_os_error_is_still_chinese_with_the_path(capsys, sample_file, monkeypatch):
    from model import summary

    def broken(report):
        raise OSError(errno.EIO, "Input/output error", "/media/u盘/报告.jxzp")

    monkeypatch.setattr(summary, "summarize", broken)
    code, out, err = run(capsys, "check", sample_file)
    assert_user_error(code, out, err, "/media/u盘/报告.jxzp", "磁盘读写出错")
    monkeypatch.setattr(summary, "summarize", lambda r: (_ for _ in ()).throw(OSError(errno.ENOTSUP, "Op")))
    code, out, err = run(capsys, "check", sample_file)
    assert_user_error(code, out, err, "系统报告错误")


# --------------------------------------------------------------------------- a closed pipe (| head)

def test_output_into_a_closed_pipe_ends_quietly(sample_file):
    for argv in (["check", str(sample_file), "--json"], ["--help"]):
        proc = subprocess.Popen([sys.executable, "main.py", *argv], cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        proc.stdout.close()               # the reader is gone before anything is written
        err = proc.stderr.read()
        proc.stderr.close()
        assert proc.wait(timeout=60) in (0, 141), err
        assert err == b"", err.decode("utf-8", "replace")
