import json
import re
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest

import main
from model import store
from model.report import Indicator, new_report
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
    (["check"], "file"),
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
