"""The rule families of model/rules/, the vocabulary file they read, and where their caches live."""
from __future__ import annotations

import ast
import copy
import json
import re
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import model
from model import checks, report as report_module, vocabulary
from model.report import CONTROL_ROWS, SECTIONS, SOURCES, BasicInfo
from model.rules import base
from model.scoring import score_report
from model.vocabulary import VOCABULARY, VOCABULARY_FILE, VocabularyError, load, parse

from tests.model.test_checks import passing_report

MODEL_DIR = Path(model.__file__).parent
RULES_DIR = MODEL_DIR / "rules"
RAW = json.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))
CJK = re.compile(r"[\u4e00-\u9fff]")


def _family_sources(family) -> str:
    """The source of a family module and of its helper modules (``text`` → ``text*.py``)."""
    stem = Path(family.__file__).stem
    return "".join(p.read_text(encoding="utf-8") for p in sorted(RULES_DIR.glob(f"{stem}*.py")))


def _string_constants(source: str) -> set[str]:
    return {n.value for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


# --------------------------------------------------------------------------- the vocabulary file

def test_the_vocabulary_file_loads_and_feeds_the_report_constants():
    v = load(VOCABULARY_FILE)
    assert v == VOCABULARY
    assert SECTIONS == v.sections and len(SECTIONS) == 10
    assert SOURCES == v.sources and CONTROL_ROWS == v.control_rows
    assert [SECTIONS[i][0] for i in v.required_sections] == ["一", "二", "六", "七", "八", "九"]
    assert SECTIONS[v.score_section][0] == "九"
    assert [k for k, _ in v.columns] == ["prior", "initial", "budget", "executed"]
    assert v.thresholds.execution_low == D("0.9")
    assert set(v.control_short) == {k for k, _ in CONTROL_ROWS}
    assert all(not s.startswith(("其中：", "1、", "2、", "3、")) for s in v.control_short.values())


def _drop(path: tuple) -> dict:
    data = copy.deepcopy(RAW)
    node = data
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return data


#: every place a file can lose something the program needs
REQUIRED_PATHS = ([("sections",), ("required_sections",), ("sources",), ("control_rows",), ("columns",),
                   ("labels",), ("thresholds",), ("score_section",), ("text_words",)]
                  + [("labels", g) for g in vocabulary.LABEL_GROUPS]
                  + [("thresholds", k) for k in RAW["thresholds"]]
                  + [("text_words", k) for k in RAW["text_words"]])


@pytest.mark.parametrize("path", REQUIRED_PATHS, ids=".".join)
def test_a_file_missing_a_part_is_refused_in_chinese(path):
    with pytest.raises(VocabularyError) as e:
        parse(_drop(path))
    assert str(e.value).startswith("词汇表文件有误：") and path[-1] in str(e.value)


BAD_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 0), st.just(""), st.just("  "), st.just([]),
                       st.just({}), st.just("不是数字"), st.floats(allow_nan=True))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from([p for p in REQUIRED_PATHS if len(p) == 2 or p[0] in ("sections", "required_sections",
                                                                                  "score_section", "columns")]),
       value=BAD_VALUES)
def test_a_wrong_value_is_refused_in_chinese_never_with_a_traceback(path, value):
    data = copy.deepcopy(RAW)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    try:
        parse(data)
    except VocabularyError as e:
        assert str(e).startswith("词汇表文件有误：") and CJK.search(str(e))
    else:
        pytest.fail(f"{'.'.join(path)} = {value!r} was accepted")


@pytest.mark.parametrize("content, words", [
    (b"{\"sections\": [", "不是有效的 JSON"),
    (b"\xff\xfe\x00garbage", "不是 UTF-8"),
    (b"[]", "应为键值表"),
])
def test_an_unreadable_file_gives_a_chinese_message(tmp_path, content, words):
    p = tmp_path / "vocabulary.json"
    p.write_bytes(content)
    with pytest.raises(VocabularyError, match=words):
        load(p)


def test_a_missing_file_gives_a_chinese_message(tmp_path):
    with pytest.raises(VocabularyError, match="无法读取词汇表文件"):
        load(tmp_path / "没有.json")


@pytest.mark.parametrize("field, value, words", [
    ("required_sections", ["一", "十一"], "必填部分“十一”"),
    ("score_section", "十二", "score_section"),
    ("columns", [{"key": "prior", "label": "上年"}], "columns"),
    ("sections", RAW["sections"][:9], "应有 10 部分"),
])
def test_inconsistent_values_are_named(field, value, words):
    data = copy.deepcopy(RAW)
    data[field] = value
    with pytest.raises(VocabularyError, match=words):
        parse(data)


def test_duplicate_keys_are_refused():
    data = copy.deepcopy(RAW)
    data["sources"] = data["sources"] + data["sources"][:1]
    with pytest.raises(VocabularyError, match="重复"):
        parse(data)


# --------------------------------------------------------------------------- families and RULES

def test_every_rule_id_is_declared_by_exactly_one_family_and_produced_in_its_code():
    declared: dict[str, str] = {}
    for family in checks.FAMILIES:
        for rule in family.RULES:
            assert rule not in declared, f"{rule} declared by {declared[rule]} and {family.__name__}"
            declared[rule] = family.__name__
    assert declared.keys() == checks.RULES.keys()
    assert all(checks.RULES[r] == f.RULES[r] for f in checks.FAMILIES for r in f.RULES)
    for family in checks.FAMILIES:
        source = _family_sources(family)
        body = source.replace(source[source.index("RULES: dict"):source.index("\n}\n") + 3], "")
        missing = [r for r in family.RULES if r not in _string_constants(body)]
        assert not missing, f"{family.__name__} declares rules its code never writes: {missing}"


def test_every_rule_id_written_anywhere_is_in_rules():
    written = set()
    for path in RULES_DIR.glob("*.py"):
        written |= {s for s in _string_constants(path.read_text(encoding="utf-8"))
                    if re.fullmatch(r"(profile|balance|execution|indicator|year|text|required|info|sanity)"
                                    r"\.[a-z_.0-9]+", s)
                    and not (s.startswith("info.") and hasattr(BasicInfo(), s[5:]))}    # a ``where`` path
    assert len(written) > 40 and written <= set(checks.RULES)


#: modules over the limit that other work splits (scoring.py: the ReportScores work)
ELSEWHERE = {"scoring.py"}


def test_no_model_module_is_over_500_lines():
    long = {str(p.relative_to(MODEL_DIR)): n for p in MODEL_DIR.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert set(long) <= ELSEWHERE, long


def test_no_label_or_threshold_literal_left_in_the_rule_code():
    v = VOCABULARY
    labels = {t for _, t, _ in v.sections} | {label for _, label in v.sources + v.control_rows + v.columns}
    labels |= set(v.control_short.values())
    for group in v.labels.values():
        labels |= set(group.values())
    labels |= {w for w, _ in v.figure_words} | {w for w, _ in v.column_words} | set(v.grade_words)
    labels |= {w for pairs in v.rate_words.values() for w, _ in pairs}
    for path in list(RULES_DIR.glob("*.py")) + [MODEL_DIR / "checks.py"]:
        source = path.read_text(encoding="utf-8")
        found = _string_constants(source) & labels
        assert not found, f"{path.name}: {sorted(found)}"
        assert not re.search(r'Decimal\("0\.9"\)|REQUIRED_SECTIONS = \(|GROUP_LIMIT = \d', source), path.name


# --------------------------------------------------------------------------- caches

def test_no_module_level_finding_cache_in_the_rules():
    """Findings are kept with the scored table; no rule module holds a dict, list or id() of its own."""
    for path in list(RULES_DIR.glob("*.py")) + [MODEL_DIR / "checks.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            value = getattr(node, "value", None)
            # a cache starts out empty: {}, [], [None, None], dict(), set()
            empty = (isinstance(value, ast.Dict) and not value.keys) or isinstance(value, ast.List) and all(
                isinstance(e, ast.Constant) and e.value is None for e in value.elts) or (
                isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
                and value.func.id in ("dict", "list", "set", "OrderedDict", "WeakValueDictionary") and not value.args)
            assert not (isinstance(node, (ast.Assign, ast.AnnAssign)) and empty), \
                f"{path.name}:{node.lineno} module-level cache"
        assert "id(" not in path.read_text(encoding="utf-8").replace("_id(", ""), path.name


def test_the_findings_of_a_table_live_with_the_scored_table():
    r = passing_report()
    scores = score_report(r)
    for table in (scores.department, *scores.projects):
        base.memo_of(table).clear()          # an equal table scored by an earlier test is the same object
    checks.run_checks(r, scores)
    assert base.memo_of(scores.department) and base.memo_of(scores.projects[0])


EDITS = st.lists(st.tuples(st.sampled_from(["note", "name", "actual", "weight", "budget", "executed", "year"]),
                           st.integers(0, 5), st.sampled_from(["", "有偏差说明", "2023年完成", "12", "≥90%", "0"])),
                 min_size=1, max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=EDITS)
def test_reused_findings_equal_findings_computed_afresh(edits):
    """After any run of edits, the findings replayed from the tables' memos equal a fresh run's."""
    r = passing_report()
    checks.run_checks(r)             # fill the memos of the unedited tables
    for what, i, value in edits:
        rows = r.dept.indicators if i % 2 else r.projects[0].indicators
        ind = rows[i % len(rows)]
        if what == "note":
            ind.note = value
        elif what == "name":
            ind.name = value
        elif what == "actual":
            ind.actual = value
        elif what == "weight":
            ind.weight = D(value) if value.isdigit() else None
        elif what == "budget":
            r.projects[0].total.budget = D(value) if value.isdigit() else None
        elif what == "executed":
            r.projects[0].total.executed = D(value) if value.isdigit() else None
        else:
            r.info.year = 2023 if value else 2024
        replayed = checks.run_checks(r)
        scores = score_report(r)
        for table in (scores.department, *scores.projects):
            base.memo_of(table).clear()
        assert replayed == checks.run_checks(r, scores)


def test_report_constants_are_the_vocabulary_objects():
    assert report_module.SECTIONS is VOCABULARY.sections
    assert report_module.SOURCES is VOCABULARY.sources
