"""``python main.py collect``: one line per file, db rows, re-sent and duplicate files, bad input."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from model.collection import db as dbmod
from model.collection.db import SummaryDb
from export.xlsx import write_xlsx
from tests.collect.collect_support import report_for, run_cli, save

ROOT = Path(__file__).resolve().parents[2]


def described(report) -> str:
    """What a 收录/更新 line says of a report, computed here through ``model.summary``."""
    from model.summary import summarize
    s = summarize(report)
    d = s.to_json()["department"]
    return (f"{report.info.year}年度“{report.info.unit_name}”，自评得分 {d['total']}（{d['grade']}），"
            f"错误 {s.count('error')} 个，警告 {s.count('warning')} 个")


def _rows(db_path):
    con = sqlite3.connect(db_path)
    try:
        return con.execute("SELECT unit, year, file_hash, path, kind FROM reports ORDER BY unit, year").fetchall()
    finally:
        con.close()


def test_folder_with_good_damaged_legacy_duplicate_and_resent_files(tmp_path, capsys):
    inbox = tmp_path / "收件"
    inbox.mkdir()
    a = save(inbox, "a.jxzp", "青溪县总工会", seed=1)
    save(inbox, "b.jxzp", "青溪县文化馆", seed=2)
    shutil.copy(a, inbox / "a-副本.jxzp")                      # the same content twice
    (inbox / "c-damaged.jxzp").write_text('{"format": "jxzp", "sch', encoding="utf-8")
    write_xlsx(report_for("青溪县图书馆", seed=3), inbox / "d-legacy.xlsx")
    (inbox / "notes.txt").write_text("不是报告", encoding="utf-8")   # ignored: not a report file
    db = tmp_path / "汇总.sqlite"

    code, lines, err = run_cli([inbox, "--db", db], capsys)
    assert err == ""
    assert code == 1                                        # one file could not be read
    # folder order: names sorted (“a-副本” before “a.”), the legacy workbooks after the .jxzp files
    assert lines[0] == f"收录 {inbox / 'a-副本.jxzp'}：{described(report_for('青溪县总工会', seed=1))}"
    assert lines[1] == f"跳过 {a}：内容未变（2024年度“青溪县总工会”已收录）"
    assert lines[2] == f"收录 {inbox / 'b.jxzp'}：{described(report_for('青溪县文化馆', seed=2))}"
    assert lines[3].startswith(f"跳过 {inbox / 'c-damaged.jxzp'}：文件“c-damaged.jxzp”已损坏或不完整")
    assert lines[4].startswith(f"收录 {inbox / 'd-legacy.xlsx'}：2024年度“青溪县图书馆”，自评得分 ")
    assert lines[5] == f"共 5 份：收录 3 份，更新 0 份，跳过 2 份。汇总库：{db}"
    assert len(lines) == 6
    rows = _rows(db)
    assert [(u, y, k) for u, y, _h, _p, k in rows] == [
        ("青溪县图书馆", 2024, "xlsx"), ("青溪县总工会", 2024, "jxzp"), ("青溪县文化馆", 2024, "jxzp")]

    # a re-sent, changed file for the same unit and year replaces the old row
    first_hash = {u: h for u, _y, h, _p, _k in rows}["青溪县文化馆"]
    resent = save(tmp_path, "b-修改后.jxzp", "青溪县文化馆", seed=9)
    code, lines, _ = run_cli([resent, "--db", db], capsys)
    assert code == 0
    assert lines[0] == (f"更新 {resent}：{described(report_for('青溪县文化馆', seed=9))}，"
                        f"替换先前收录的 {inbox / 'b.jxzp'}")
    assert lines[1] == f"共 1 份：收录 0 份，更新 1 份，跳过 0 份。汇总库：{db}"
    rows = _rows(db)
    assert len(rows) == 3
    new = {u: (h, p) for u, _y, h, p, _k in rows}["青溪县文化馆"]
    assert new[0] != first_hash and new[1] == str(resent)
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM projects").fetchone()[0] == 3     # the old row's projects went too
    con.close()

    # another year of the same unit is a new row
    code, lines, _ = run_cli([save(tmp_path, "b-2025.jxzp", "青溪县文化馆", year=2025, seed=2), "--db", db], capsys)
    assert lines[0].startswith("收录 ") and "2025年度“青溪县文化馆”" in lines[0]
    assert len(_rows(db)) == 4


def test_the_stored_row_holds_what_the_window_needs(tmp_path, capsys):
    from model.scoring import score_report
    from model.summary import summarize
    path = save(tmp_path, "a.jxzp", "青溪县总工会", seed=4)
    db = tmp_path / "d.sqlite"
    run_cli([path, "--db", db], capsys)
    report = report_for("青溪县总工会", seed=4)
    s = summarize(report, score_report(report))
    dept = s.to_json()["department"]
    with SummaryDb(db) as d:
        [e] = d.entries()
        assert (e.unit, e.year, e.dept) == ("青溪县总工会", 2024, "青溪县总工会")
        assert (e.budget, e.executed, e.rate, e.score, e.grade) == (
            dept["budget"], dept["executed"], dept["execution_rate"], dept["total"], dept["grade"])
        assert (e.errors, e.warnings) == (s.count("error"), s.count("warning"))
        assert [p.name for p in e.projects] == [p.name for p in report.projects]
        assert e.projects[0].score == s.to_json()["projects"][0]["total"]
        assert {a["id"] for a in e.assessment} >= {"completeness", "self_table", "problems"}
        from model import store
        assert store.loads(d.document(e.id)).info.unit_name == "青溪县总工会"


def test_a_file_without_unit_or_a_missing_file_is_skipped_with_its_reason(tmp_path, capsys):
    nameless = save(tmp_path, "x.jxzp", "")
    missing = tmp_path / "没有.jxzp"
    code, lines, _ = run_cli([nameless, missing, "--db", tmp_path / "d.sqlite"], capsys)
    assert code == 1
    assert lines[0] == f"跳过 {nameless}：文件中没有填写预算单位名称，无法归入汇总库"
    assert lines[1] == f"跳过 {missing}：找不到文件"


@pytest.mark.parametrize("db", [r"\\server\share\汇总.sqlite", "//server/share/汇总.sqlite"])
def test_a_database_on_a_network_share_is_refused(tmp_path, capsys, db):
    code, lines, err = run_cli([save(tmp_path, "a.jxzp", "甲"), "--db", db], capsys)
    assert code == 2 and lines == []
    assert "网络共享位置" in err and err.startswith("错误：汇总库")


def test_linux_mounts_nfs_and_cifs_are_network_but_ext4_is_not(tmp_path):
    from model.collection.location import network_problem
    share = tmp_path / "共享 盘"
    share.mkdir()
    escaped = str(share).replace(" ", "\\040")
    for fstype, refused in (("nfs4", True), ("cifs", True), ("smb3", True), ("ext4", False), ("tmpfs", False)):
        mounts = f"/dev/sda1 / ext4 rw 0 0\nserver:/x {escaped} {fstype} rw 0 0\n"
        assert (network_problem(share / "汇总.sqlite", mounts_text=mounts, windows=False) is not None) == refused
    # the longest mount point decides: a local folder under a network mount's sibling is local
    mounts = f"server:/x {tmp_path / 'other'} nfs rw 0 0\n/dev/sda1 / ext4 rw 0 0\n"
    assert network_problem(share / "汇总.sqlite", mounts_text=mounts, windows=False) is None


def test_a_newer_database_is_refused_and_an_older_one_is_migrated(tmp_path):
    old = tmp_path / "v1.sqlite"
    con = sqlite3.connect(old)
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    con.executescript(dbmod.MIGRATIONS[0])
    con.execute("INSERT INTO meta VALUES ('schema', '1')")
    con.commit()
    con.close()
    with SummaryDb(old) as d:
        assert d.schema_version() == dbmod.SCHEMA_VERSION
        assert d.reviews("甲", 2024) == {}
    con = sqlite3.connect(old)
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(dbmod.SCHEMA_VERSION + 1),))
    con.commit()
    con.close()
    with pytest.raises(dbmod.DbError, match="更新版本的程序"):
        SummaryDb(old)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(dbmod.DbError, match="不是汇总库文件或已损坏"):
        SummaryDb(junk)


_HOLDER = """
import sys
sys.path.insert(0, sys.argv[2])
from model.collection.db import SummaryDb
db = SummaryDb(sys.argv[1])
with db.write():
    print("holding", flush=True)
    sys.stdin.readline()
"""


def test_a_second_process_gets_a_clear_message_while_the_first_writes(tmp_path, capsys):
    db = tmp_path / "汇总.sqlite"
    path = save(tmp_path, "a.jxzp", "青溪县总工会")
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(db), str(ROOT)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "holding"
        second = subprocess.run([sys.executable, "main.py", "collect", str(path), "--db", str(db), "--wait", "0.2"],
                                capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert second.returncode == 2
        assert "汇总库正被另一个程序写入" in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    code, lines, err = run_cli([path, "--db", db], capsys)     # once the writer is done, it goes in
    assert code == 0, err
    assert lines[0].startswith(f"收录 {path}")


@settings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["甲", "乙", "丙", "子/丁"]), st.sampled_from([".jxzp", ".xlsx", ".docx", ".txt",
                                                                                    ".jxzp.bak", ".jxzp.lock"])),
                max_size=12, unique=True))
def test_a_folder_is_grouped_into_reports_once_each(tmp_path_factory, files):
    from importers.collection import expand
    root = tmp_path_factory.mktemp("f")
    for stem, suffix in files:
        p = root / f"{stem}{suffix}"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"x")
    groups = expand([str(root)])
    flat = [Path(p) for g in groups for p in g]
    wanted = {root / f"{s}{x}" for s, x in files if x in (".jxzp", ".xlsx", ".docx")}
    assert sorted(flat) == sorted(wanted)                 # every report file once, nothing else
    for g in groups:
        if len(g) == 2:                                   # a pair: a workbook and a report of the same name
            assert {Path(p).suffix for p in g} == {".xlsx", ".docx"} and len({Path(p).stem for p in g}) == 1
        else:
            stem, suffix = Path(g[0]).stem, Path(g[0]).suffix
            assert suffix == ".jxzp" or (Path(g[0]).with_suffix(".docx" if suffix == ".xlsx" else ".xlsx")
                                         not in wanted)


def test_a_write_that_fails_midway_is_undone_with_a_chinese_message(tmp_path):
    from model.collection.db import DbError
    with SummaryDb(tmp_path / "d.sqlite") as d:
        with pytest.raises(DbError, match="磁盘已满或读写出错"):
            with d.write():
                d.conn.execute("INSERT INTO draws (seed, size, year, drawn_at, units) VALUES (1, 1, 2024, 'x', '[]')")
                raise sqlite3.OperationalError("database or disk is full")
        assert d.draws() == []                            # nothing half-written


def test_the_default_database_is_in_the_users_data_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JXZP_DATA_DIR", str(tmp_path / "数据"))
    from model.collection.location import default_db_path
    assert default_db_path() == tmp_path / "数据" / "汇总库.sqlite"
    code, lines, _ = run_cli([save(tmp_path, "a.jxzp", "甲单位")], capsys)
    assert code == 0 and lines[-1].endswith(f"汇总库：{tmp_path / '数据' / '汇总库.sqlite'}")
    assert (tmp_path / "数据" / "汇总库.sqlite").is_file()


def test_the_deadline_is_remembered_for_later_files(tmp_path, capsys):
    db = tmp_path / "d.sqlite"
    early = report_for("按时单位", seed=1)
    early.info.fill_date = "2025-04-10"
    late = report_for("逾期单位", seed=2)
    late.info.fill_date = "2025-05-06"
    from model import store
    store.save(early, tmp_path / "early.jxzp", keep_backup=False)
    store.save(late, tmp_path / "late.jxzp", keep_backup=False)
    run_cli([tmp_path / "early.jxzp", "--db", db, "--deadline", "2025年4月30日"], capsys)
    run_cli([tmp_path / "late.jxzp", "--db", db], capsys)                 # no --deadline: the stored one
    with SummaryDb(db) as d:
        on_time = {e.unit: next(a for a in e.assessment if a["id"] == "on_time") for e in d.entries()}
    assert on_time["按时单位"]["score"] == "5"
    assert on_time["逾期单位"]["score"] == "0" and "晚于截止日期 2025-04-30" in on_time["逾期单位"]["reason"]


def test_a_mapped_network_drive_on_windows_is_refused(monkeypatch):
    import ctypes
    from types import SimpleNamespace

    from model.collection.location import network_problem
    asked = []

    def drive_type(root):
        asked.append(root)
        return 4 if root.upper() == "Z:\\" else 3          # DRIVE_REMOTE for Z:, DRIVE_FIXED otherwise
    monkeypatch.setattr(ctypes, "windll", SimpleNamespace(kernel32=SimpleNamespace(GetDriveTypeW=drive_type)),
                        raising=False)
    assert "网络共享位置" in network_problem(r"Z:\财政局\汇总.sqlite", windows=True)
    assert network_problem(r"D:\汇总\汇总.sqlite", windows=True) is None
    assert asked == ["Z:\\", "D:\\"]


def test_an_unforeseen_reader_failure_skips_the_file_not_the_run(tmp_path, capsys, monkeypatch):
    import importers
    legacy = tmp_path / "a.xlsx"
    legacy.write_bytes(b"PK")
    good = save(tmp_path, "b.jxzp", "乙单位")

    def broken(paths, year=None):
        raise RuntimeError("reader bug")
    monkeypatch.setattr(importers, "import_files", broken)
    code, lines, err = run_cli([legacy, good, "--db", tmp_path / "d.sqlite"], capsys)
    assert code == 1 and err == ""
    assert lines[0] == f"跳过 {legacy}：无法读取（RuntimeError），文件可能已损坏"
    assert lines[1].startswith(f"收录 {good}：")


@pytest.fixture(scope="module")
def variants(tmp_path_factory):
    """Two different files for each of three unit-years."""
    folder = tmp_path_factory.mktemp("variants")
    out = []
    for unit, year in (("甲局", 2024), ("乙局", 2024), ("甲局", 2023)):
        for v in range(2):
            out.append((unit, year, save(folder, f"{unit}-{year}-{v}.jxzp", unit, year=year, seed=v)))
    return out


@settings(max_examples=10, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=1, max_size=6))
def test_any_sequence_of_sends_keeps_the_last_file_of_each_unit_and_year(tmp_path_factory, variants, picks):
    import hashlib

    from importers.collection import ADDED, SKIPPED, UPDATED, collect_one
    kept: dict[tuple[str, int], str] = {}
    with SummaryDb(tmp_path_factory.mktemp("db") / "d.sqlite") as d:
        for i in picks:
            unit, year, path = variants[i]
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            outcome = collect_one([str(path)], d)
            if digest in kept.values():
                assert outcome.status == SKIPPED and outcome.detail.startswith("内容未变")
            else:
                assert outcome.status == (UPDATED if (unit, year) in kept else ADDED)
                kept[(unit, year)] = digest
        rows = {(e.unit, e.year): e.file_hash for e in d.entries()}
    assert rows == kept


def test_a_legacy_report_without_a_recognisable_unit_says_what_to_do(tmp_path, capsys):
    from export.docx import write_docx
    r = report_for("", seed=3)
    write_docx(r, tmp_path / "报告.docx")
    code, lines, _ = run_cli([tmp_path / "报告.docx", "--db", tmp_path / "d.sqlite"], capsys)
    assert code == 1
    assert lines[0] == (f"跳过 {tmp_path / '报告.docx'}：无法从文件中识别预算单位名称：请用“导入上年 Excel/Word”打开，"
                        "填写单位名称并保存为 .jxzp 后再汇总")
