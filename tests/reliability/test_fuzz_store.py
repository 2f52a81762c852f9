"""Fuzzing the .jxzp loader with files of the right shape but hostile values.

The real sample file's JSON tree is taken and some of its leaves (and lists and
objects) are replaced with wrong types, NaN/Infinity (as literals and strings),
negative zero, huge numbers, huge strings, lone surrogates, control characters
and deep nesting. Every input must end in a Report or a ``StoreError`` with a
Chinese message, within the time and memory bounds; and a Report that loads
must be usable: it scores, checks, summarises, exports as text and saves again
(or, for a character no file can hold, is refused with a ``StoreError``).
"""
from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings, strategies as st

from fuzz_support import SAMPLE, STATS, bounded, is_chinese
from model import store
from model.checks import run_checks
from model.scoring import score_report
from model.store import StoreError
from model.summary import summarize

SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")
SAMPLE_TREE = json.loads(SAMPLE_TEXT)


class Deep:
    """Nesting ``depth`` levels deep (built late: hypothesis need not print it)."""

    def __init__(self, depth: int):
        self.depth = depth

    def __repr__(self):
        return f"Deep({self.depth})"

    def build(self):
        return f"@@DEEP{self.depth}@@"

    @staticmethod
    def expand(text: str) -> str:
        """JSON text with each placeholder replaced by nested lists and objects."""
        def nest(m):
            depth = int(m.group(1))
            return "".join("[" if i % 2 else '{"x":' for i in range(depth)) + '"底"' + \
                "".join("]" if i % 2 else "}" for i in reversed(range(depth)))
        return re.sub(r'"@@DEEP(\d+)@@"', nest, text)


class Big:
    def __init__(self, text: str, times: int):
        self.text, self.times = text, times

    def __repr__(self):
        return f"Big({self.text!r}×{self.times})"

    def build(self):
        return self.text * self.times


def _built(value):
    return value.build() if isinstance(value, (Deep, Big)) else value


HOSTILE = st.one_of(
    st.sampled_from([
        None, True, False, 0, -0.0, 0.0, 1e308, -1e308, 1e-320, float("nan"), float("inf"), float("-inf"),
        "NaN", "nan", "Infinity", "-Infinity", "inf", "sNaN", "-0", "-0.00", "0E-999999", "1E+999999",
        10 ** 200, -(10 ** 200), 2 ** 63, "", " ", "\x00", "\ud800", "\udfff", "a\ud83dz",
        "\u202e反向", Big("🧧", 1000), "=HYPERLINK(\"http://x\",\"y\")", "１２３．４５", "12,345.6", "1e5",
        [], {}, [[]], {"": None}, [None] * 50, Big("中", 200_000), Big("x", 2_000_000), Big("9", 5000),
    ]),
    st.integers(min_value=-(2 ** 70), max_value=2 ** 70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.integers(min_value=50, max_value=3000).map(Deep),
)


def _paths(tree, prefix=()):
    """Every place in the JSON tree (object keys and list indexes)."""
    out = [prefix]
    if isinstance(tree, dict):
        for k, v in tree.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(tree, list):
        for i, v in enumerate(tree):
            out += _paths(v, prefix + (i,))
    return out


PLACES = [p for p in _paths(SAMPLE_TREE) if p and p[0] == "report"]


def _replace(tree, path, value):
    if not path:
        return value
    node = tree
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return tree


def _check_loaded(r):
    results = score_report(r)
    findings = run_checks(r, results)
    assert all(f.message for f in findings)
    summarize(r)
    from export.txt import body_text
    body_text(r)
    try:
        text = store.dumps(r)
    except StoreError as e:   # pragma: no cover - dumps does not encode
        assert is_chinese(str(e))
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # a lone surrogate came in through the file: saving refuses it cleanly
        try:
            store.write_atomic("/nonexistent-folder/x.jxzp", text)
        except StoreError as e:
            assert is_chinese(str(e))
        return
    assert store.loads(text) == r


def _load(text: str, trace: bool = False):
    with bounded("store.loads", trace=trace):
        try:
            r = store.loads(text)
        except StoreError as e:
            assert is_chinese(str(e)), str(e)
            STATS["store: refused (StoreError)"] += 1
            return None
    STATS["store: loaded, then scored/checked/saved"] += 1
    with bounded("using a loaded report", seconds=6, trace=trace):
        _check_loaded(r)
    return r


@settings(max_examples=250, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.tuples(st.sampled_from(PLACES), HOSTILE), min_size=1, max_size=4),
       st.booleans())
def test_hostile_values_in_a_real_file(changes, ascii_only):
    tree = json.loads(SAMPLE_TEXT)
    for path, value in changes:
        try:
            tree = _replace(tree, path, _built(value))
        except (KeyError, IndexError, TypeError):
            pass   # the place no longer exists after an earlier change
    text = json.dumps(tree, ensure_ascii=ascii_only, allow_nan=True)
    _load(Deep.expand(text))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.sampled_from(["report", "report.info", "report.budget", "report.projects", "report.dept",
                        "report.dept.indicators", "report.budget.sources", "report.sections"]),
       HOSTILE)
def test_whole_parts_of_the_wrong_type(part, value):
    tree = json.loads(SAMPLE_TEXT)
    path = tuple(part.split("."))
    _replace(tree, path, _built(value))
    _load(Deep.expand(json.dumps(tree, allow_nan=True)))


def test_every_leaf_as_nan_negative_zero_and_a_list():
    """Every single leaf of the sample, one at a time, as NaN / -0.0 / a list / a huge string."""
    leaves = [p for p in PLACES if not isinstance(_get(SAMPLE_TREE, p), (dict, list))]
    assert len(leaves) > 300
    for i, path in enumerate(leaves):
        value = (float("nan"), -0.0, [1, 2], "九" * 100_000, "-0", "\ud800")[i % 6]
        tree = json.loads(SAMPLE_TEXT)
        _replace(tree, path, value)
        _load(json.dumps(tree, allow_nan=True), trace=False)


def _get(tree, path):
    for part in path:
        tree = tree[part]
    return tree


def test_negative_zero_amounts_print_without_a_sign():
    tree = json.loads(SAMPLE_TEXT)
    tree["report"]["budget"]["executed"] = "-0.00"
    r = _load(json.dumps(tree))
    assert r is not None
    from model.numbers import fmt_money
    assert not fmt_money(r.budget.executed).startswith("-")
