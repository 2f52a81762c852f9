import json
import os
import re
from decimal import Decimal as D

import pytest

from model import store
from model.report import new_report
from model.store import StoreError
from resources.samples.build_sample import SAMPLE_PATH, SAVED_AT, build_sample

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def sample():
    return build_sample()


@pytest.fixture(scope="module")
def sample_text(sample):
    return store.dumps(sample)


def _refused(path, *words):
    with pytest.raises(StoreError) as info:
        store.load(path)
    message = str(info.value)
    assert CJK.search(message), message
    for w in words:
        assert w in message, message
    return message


def _write(tmp_path, data, name="坏文件.jxzp"):
    p = tmp_path / name
    if isinstance(data, bytes):
        p.write_bytes(data)
    else:
        p.write_text(data, encoding="utf-8")
    return p


def _doc(report_part, schema=1, fmt="jxzp"):
    return json.dumps({"format": fmt, "schema": schema, "report": report_part})


# --------------------------------------------------------------------------- round trip

def test_round_trip_of_the_sample(tmp_path, sample):
    p = tmp_path / "示例.jxzp"
    store.save(sample, p)
    back = store.load(p)
    assert back == sample
    assert back.budget.executed == D("422.28")
    assert back.projects[1].indicators[4].note == sample.projects[1].indicators[4].note


def test_file_layout(tmp_path, sample):
    p = tmp_path / "a.jxzp"
    store.save(sample, p)
    data = json.loads(p.read_text(encoding="utf-8"))
    assert data["format"] == "jxzp"
    assert data["schema"] == store.SCHEMA_VERSION
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", data["saved_at"])
    # decimals are strings, counts are integers, text is stored as UTF-8 (not \\u escapes)
    assert data["report"]["budget"]["executed"] == "422.28"
    assert data["report"]["budget"]["sources"]["general"]["budget"] == "405.71"
    assert data["report"]["staff"]["actual_staff"] == 12
    assert "青溪县总工会" in p.read_text(encoding="utf-8")


def test_committed_sample_file_is_the_built_sample(sample):
    assert store.load(SAMPLE_PATH) == sample, \
        "the committed sample is stale: regenerate it with python -m resources.samples.build_sample"
    assert SAMPLE_PATH.read_text(encoding="utf-8") == store.dumps(sample, saved_at=SAVED_AT)


def test_bom_is_accepted(tmp_path, sample_text, sample):
    p = _write(tmp_path, b"\xef\xbb\xbf" + sample_text.encode("utf-8"))
    assert store.load(p) == sample


def test_decimals_keep_what_was_typed(tmp_path):
    r = new_report(2024, "单位")
    r.budget.initial = D("12.3456")
    r.budget.executed = D("0.5")
    p = tmp_path / "d.jxzp"
    store.save(r, p)
    back = store.load(p)
    assert str(back.budget.initial) == "12.3456"
    assert str(back.budget.executed) == "0.5"


# --------------------------------------------------------------------------- backup and atomic write

def test_backup_keeps_the_previous_version(tmp_path):
    p = tmp_path / "r.jxzp"
    store.save(new_report(2024, "第一版"), p)
    assert not store.backup_path(p).exists()
    store.save(new_report(2024, "第二版"), p)
    assert store.load(p).info.unit_name == "第二版"
    assert store.load(store.backup_path(p)).info.unit_name == "第一版"
    store.save(new_report(2024, "第三版"), p)
    assert store.load(p).info.unit_name == "第三版"
    assert store.load(store.backup_path(p)).info.unit_name == "第二版"
    assert store.backup_path(p).name == "r.jxzp.bak"


def test_no_backup_when_asked(tmp_path):
    p = tmp_path / "r.jxzp"
    store.save(new_report(2024, "一"), p, keep_backup=False)
    store.save(new_report(2024, "二"), p, keep_backup=False)
    assert not store.backup_path(p).exists()


def test_atomic_write_leaves_no_temp_files(tmp_path, sample):
    p = tmp_path / "r.jxzp"
    for _ in range(3):
        store.save(sample, p)
    assert sorted(x.name for x in tmp_path.iterdir()) == ["r.jxzp", "r.jxzp.bak"]


def test_failed_rename_keeps_the_old_file_and_no_temp(tmp_path, monkeypatch):
    p = tmp_path / "r.jxzp"
    store.save(new_report(2024, "旧版"), p)
    before = p.read_bytes()

    real_replace = os.replace

    def refuse(src, dst):          # the live file is held (as by Excel on Windows); the .bak is not
        if os.fspath(dst) == os.fspath(p):
            raise PermissionError(13, "denied")
        real_replace(src, dst)
    monkeypatch.setattr(store.os, "replace", refuse)
    with pytest.raises(StoreError, match="原文件未改动"):
        store.save(new_report(2024, "新版"), p)
    monkeypatch.undo()
    assert p.read_bytes() == before
    assert {x.name for x in tmp_path.iterdir()} == {"r.jxzp", "r.jxzp.bak"}


def test_failed_write_keeps_the_old_file_and_no_temp(tmp_path, monkeypatch):
    import errno
    p = tmp_path / "r.jxzp"
    store.save(new_report(2024, "旧版"), p)
    before = p.read_bytes()

    def full_disk(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(store.os, "fsync", full_disk)
    with pytest.raises(StoreError) as info:
        store.save(new_report(2024, "新版"), p)
    monkeypatch.undo()
    assert "磁盘空间不足" in str(info.value) and "原文件未改动" in str(info.value)
    assert p.read_bytes() == before
    assert [x.name for x in tmp_path.iterdir()] == ["r.jxzp"]


def test_unsavable_character_leaves_the_old_file(tmp_path):
    p = tmp_path / "r.jxzp"
    store.save(new_report(2024, "旧版"), p)
    before = p.read_bytes()
    bad = new_report(2024, "新版")
    bad.sections[0] = "正文\ud800"
    with pytest.raises(StoreError, match="无法保存的字符"):
        store.save(bad, p)
    assert p.read_bytes() == before
    assert [x.name for x in tmp_path.iterdir()] == ["r.jxzp"]


def test_save_into_a_missing_folder(tmp_path):
    with pytest.raises(StoreError, match="不存在"):
        store.save(new_report(2024), tmp_path / "没有这个文件夹" / "r.jxzp")


def test_save_over_a_directory(tmp_path):
    d = tmp_path / "folder.jxzp"
    d.mkdir()
    with pytest.raises(StoreError, match="文件夹"):
        store.save(new_report(2024), d)
    assert d.is_dir() and list(tmp_path.iterdir()) == [d]


# --------------------------------------------------------------------------- refusals

def test_truncated_file(tmp_path, sample_text):
    p = _write(tmp_path, sample_text[: len(sample_text) // 2])
    _refused(p, "已损坏或不完整", "备份")


def test_truncated_inside_a_multibyte_character(tmp_path, sample_text):
    raw = sample_text.encode("utf-8")
    cut = raw.index("青溪".encode("utf-8")) + 1
    _refused(_write(tmp_path, raw[:cut]), "不是绩效自评文件")


def test_json_array(tmp_path):
    _refused(_write(tmp_path, "[1, 2, 3]"), "不是绩效自评文件")


@pytest.mark.parametrize("text", [
    '{"name": "别的程序", "version": 3}',
    '{"format": "docx", "schema": 1, "report": {}}',
    '"jxzp"',
    "42",
    "null",
])
def test_json_of_another_format(tmp_path, text):
    _refused(_write(tmp_path, text), "不是绩效自评文件")


def test_newer_schema(tmp_path):
    msg = _refused(_write(tmp_path, _doc({}, schema=store.SCHEMA_VERSION + 1)), "更新版本", "升级")
    assert str(store.SCHEMA_VERSION + 1) in msg


@pytest.mark.parametrize("schema", ['"1"', "0", "-1", "true", "null", "1.5"])
def test_unreadable_schema(tmp_path, schema):
    text = '{"format": "jxzp", "schema": %s, "report": {}}' % schema
    _refused(_write(tmp_path, text), "版本号无法识别")


def test_missing_report(tmp_path):
    _refused(_write(tmp_path, '{"format": "jxzp", "schema": 1}'), "没有报告内容")


def test_binary_file(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\xff\xfe"
    _refused(_write(tmp_path, png, "图片.jxzp"), "不是绩效自评文件")


def test_zip_file(tmp_path):
    import zipfile
    p = tmp_path / "a.jxzp"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("word/document.xml", "<w:document/>" * 100)
    _refused(p, "不是绩效自评文件")


def test_gbk_text(tmp_path):
    _refused(_write(tmp_path, "绩效自评报告".encode("gbk")), "不是 UTF-8")


@pytest.mark.parametrize("data", [b"", b"   \n\t  ", b"\xef\xbb\xbf"])
def test_empty_file(tmp_path, data):
    _refused(_write(tmp_path, data), "空的")


def test_directory(tmp_path):
    d = tmp_path / "目录.jxzp"
    d.mkdir()
    _refused(d, "文件夹")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_not_read(tmp_path):
    fifo = tmp_path / "pipe.jxzp"
    os.mkfifo(fifo)
    _refused(fifo, "不是普通文件")


def test_missing_file(tmp_path):
    _refused(tmp_path / "没有.jxzp", "找不到")


def test_nul_in_path():
    with pytest.raises(StoreError, match="非法字符"):
        store.load("a\0b.jxzp")
    with pytest.raises(StoreError, match="非法字符"):
        store.save(new_report(2024), "a\0b.jxzp")


def test_too_large_file(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "MAX_FILE_BYTES", 1000)
    _refused(_write(tmp_path, " " * 2000), "过大")


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_literals(tmp_path, literal):
    text = _doc({"budget": {"initial": "1"}}).replace('"1"', literal)
    assert literal in text
    _refused(_write(tmp_path, text), "非法数值", literal)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-inf", "sNaN"])
def test_nan_and_infinity_as_strings(tmp_path, value):
    _refused(_write(tmp_path, _doc({"budget": {"executed": value}})), "budget.executed", "不是有限数")


def test_float_overflow_to_infinity(tmp_path):
    text = _doc({"budget": {"initial": "X"}}).replace('"X"', "1e400")
    _refused(_write(tmp_path, text), "budget.initial", "应为数值文本")


def test_integer_with_thousands_of_digits(tmp_path):
    text = _doc({"info": {"year": "X"}}).replace('"X"', "1" * 5000)
    _refused(_write(tmp_path, text), "超长数值")


@pytest.mark.parametrize("part, words", [
    ({"staff": {"actual_staff": "12"}}, ("staff.actual_staff", "应为整数", "文本")),
    ({"staff": {"actual_staff": 12.5}}, ("staff.actual_staff", "应为整数", "小数")),
    ({"staff": {"actual_staff": True}}, ("staff.actual_staff", "应为整数", "真假值")),
    ({"budget": {"executed": 1.25}}, ("budget.executed", "应为数值文本", "小数")),
    ({"budget": {"executed": "12万"}}, ("budget.executed", "无法识别")),
    ({"budget": {"executed": "189.67190.2"}}, ("budget.executed", "无法识别")),
    ({"budget": {"executed": "1e15"}}, ("budget.executed", "超出允许范围")),
    ({"info": []}, ("info", "应为对象", "列表")),
    ({"info": {"unit_name": 5}}, ("info.unit_name", "应为文本", "整数")),
    ({"info": {"year": 99999}}, ("年度",)),
    ({"projects": {"name": "x"}}, ("projects", "应为列表", "对象")),
    ({"projects": [{"indicators": [{"weight": []}]}]}, ("projects[0].indicators[0].weight", "应为数值文本")),
    ({"budget": {"sources": {"general": []}}}, ("budget.sources.general", "应为对象")),
    ({"sections": "一、基本情况"}, ("sections", "应为列表")),
    ({"sections": [1, 2]}, ("sections[0]", "应为文本")),
    ({"info": {"phone": "\ud800"}}, ("info.phone", "无法识别的字符")),
])
def test_wrong_types(tmp_path, part, words):
    _refused(_write(tmp_path, _doc(part)), "内容有误", *words)


def test_deep_nesting(tmp_path):
    _refused(_write(tmp_path, "[" * 200_000 + "]" * 200_000), "嵌套过深")


def test_deep_nesting_inside_a_report(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    text = _doc({"sections": "X"}).replace('"X"', deep)
    msg = _refused(_write(tmp_path, text))
    assert "嵌套过深" in msg or "sections" in msg


def test_unknown_fields_are_ignored_and_missing_ones_default(tmp_path):
    text = json.dumps({"format": "jxzp", "schema": 1, "saved_at": 5, "extra": [1],
                       "report": {"info": {"year": 2023, "unit_name": "甲", "future_field": 1}}})
    r = store.load(_write(tmp_path, text))
    assert r.info.year == 2023 and r.info.unit_name == "甲"
    assert len(r.sections) == 10
    assert set(r.budget.sources) >= {"general", "other"}


def test_loads_without_a_file(sample_text, sample):
    assert store.loads(sample_text) == sample
    with pytest.raises(StoreError, match="不是绩效自评文件"):
        store.loads("[]")


# --------------------------------------------------------------------------- migrations

def test_migration_hook(tmp_path, monkeypatch):
    """A file of schema 1 is migrated step by step when the program is at schema 3."""
    calls = []

    def one_to_two(raw):
        calls.append(1)
        raw = dict(raw)
        raw["info"] = dict(raw["info"])
        raw["info"]["unit_name"] = raw["info"].pop("unit")     # a renamed field
        return raw

    def two_to_three(raw):
        calls.append(2)
        raw = dict(raw)
        raw["sections"] = [s.replace("旧称", "新称") for s in raw.get("sections", [])]
        return raw

    monkeypatch.setattr(store, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(store, "MIGRATIONS", {1: one_to_two, 2: two_to_three})
    p = _write(tmp_path, _doc({"info": {"year": 2023, "unit": "旧格式单位"}, "sections": ["旧称"]}, schema=1))
    r = store.load(p)
    assert calls == [1, 2]
    assert r.info.unit_name == "旧格式单位"
    assert r.sections[0] == "新称"
    # a file already at schema 2 runs only the last step
    calls.clear()
    store.load(_write(tmp_path, _doc({"info": {"unit_name": "乙"}}, schema=2), "b.jxzp"))
    assert calls == [2]
    # saving writes the current schema
    store.save(r, p)
    assert json.loads(p.read_text(encoding="utf-8"))["schema"] == 3


def test_missing_or_failing_migration(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(store, "MIGRATIONS", {})
    _refused(_write(tmp_path, _doc({}, schema=1)), "无法转换")

    def broken(raw):
        return raw["no such key"]
    monkeypatch.setattr(store, "MIGRATIONS", {1: broken})
    _refused(_write(tmp_path, _doc({}, schema=1)), "转换到当前版本时失败")

    monkeypatch.setattr(store, "MIGRATIONS", {1: lambda raw: ["not", "a", "dict"]})
    _refused(_write(tmp_path, _doc({}, schema=1)), "转换到当前版本时失败")


# --------------------------------------------------------------------------- properties

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from model.report import Indicator, LineItem, Project  # noqa: E402

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
_money = st.one_of(st.none(), st.decimals(min_value=D("-99999"), max_value=D("99999"), places=4,
                                          allow_nan=False, allow_infinity=False))
_count = st.one_of(st.none(), st.integers(min_value=0, max_value=10 ** 6))


@st.composite
def _reports(draw):
    r = new_report(draw(st.integers(1900, 2200)), draw(_text), draw(st.sampled_from(["hunan", "mof"])))
    r.info.phone = draw(_text)
    r.staff.actual_staff = draw(_count)
    r.staff.admin_posts = draw(_count)
    r.budget.initial = draw(_money)
    r.budget.executed = draw(_money)
    r.budget.sources["general"].budget = draw(_money)
    r.budget.controls["three_public"].prior = draw(_money)
    r.budget.public_items = [LineItem(draw(_text), draw(_money), draw(_money))
                             for _ in range(draw(st.integers(0, 3)))]
    r.sections = [draw(_text) for _ in range(10)]
    for _ in range(draw(st.integers(0, 2))):
        p = Project(name=draw(_text), goal=draw(_text))
        p.total.budget = draw(_money)
        p.indicators = [Indicator(draw(_text), draw(_text), draw(_text), "", draw(_text), draw(_text),
                                  draw(_money), "", draw(_money), draw(_text))
                        for _ in range(draw(st.integers(0, 3)))]
        r.projects.append(p)
    r.rolled_over_from = draw(st.one_of(st.none(), st.integers(1900, 2200)))
    return r


@settings(max_examples=150, deadline=None)
@given(_reports())
def test_round_trip_property(r):
    back = store.loads(store.dumps(r))
    assert back == r


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_files_fail_cleanly(tmp_path, sample_text, data):
    """Random damage to a real file: it loads or is refused with a StoreError, nothing else."""
    raw = bytearray(sample_text.encode("utf-8"))
    for _ in range(data.draw(st.integers(1, 8))):
        action = data.draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        pos = data.draw(st.integers(0, max(0, len(raw) - 1)))
        if action == "flip" and raw:
            raw[pos] = data.draw(st.integers(0, 255))
        elif action == "cut":
            del raw[pos:]
        elif action == "insert":
            raw[pos:pos] = data.draw(st.binary(min_size=1, max_size=8))
        elif raw:
            del raw[pos:pos + data.draw(st.integers(1, 50))]
    p = tmp_path / "damaged.jxzp"
    p.write_bytes(bytes(raw))
    try:
        r = store.load(p)
    except StoreError as e:
        assert CJK.search(str(e))
    else:
        assert 1900 <= r.info.year <= 2200


def test_schema_2_files_open_unchanged_and_save_as_3(tmp_path):
    """Schema 3 only adds optional fields (the review list, indicator links): a schema-2 file loads
    to the same report, and a saved report with both fields round-trips them under schema 3."""
    from model.report import Indicator, ReviewItem
    p2 = _write(tmp_path, _doc({"info": {"unit_name": "乙单位", "year": 2024}}, schema=2), "two.jxzp")
    loaded = store.load(p2)
    assert loaded.info.unit_name == "乙单位" and loaded.review == []
    loaded.dept.indicators.append(Indicator(name="公用经费控制率", target="≤100%", link="public_funds_control"))
    loaded.review.append(ReviewItem(kind="rollover.amount", text="上年金额已结转", where="budget.total"))
    out = tmp_path / "three.jxzp"
    store.save(loaded, out)
    raw = json.loads(out.read_text(encoding="utf-8"))
    assert raw["schema"] == 3 == store.SCHEMA_VERSION
    again = store.load(out)
    assert again.dept.indicators[-1].link == "public_funds_control"
    assert [(i.kind, i.where, i.reviewed) for i in again.review] == [("rollover.amount", "budget.total", False)]


def test_field_types_are_what_get_type_hints_gives():
    """The file reader's converters take each field's type from ``report.field_types`` (each
    annotation text evaluated once): the same types ``typing.get_type_hints`` gives, for every
    dataclass a file holds."""
    import dataclasses
    import typing

    from model import report as report_module

    seen, todo = set(), [report_module.Report]
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        hints = typing.get_type_hints(cls)
        assert report_module.field_types(cls) == hints, cls.__name__
        for tp in hints.values():
            stack = [tp]
            while stack:
                t = stack.pop()
                if dataclasses.is_dataclass(t):
                    todo.append(t)
                stack.extend(typing.get_args(t))
    assert len(seen) >= 10
