"""Patterns compiled on first use behave as the compiled patterns they stand for."""
import re

import pytest

from model import checks, dates, numbers, paths
from model.rules import completeness
from model.lazyre import LazyPattern

TEXTS = ["", "≥96%", "2024年12月31日之前完成", "1,234.5万元", "满意度≥90%（含）", "abc 12a3",
         "电话：0731-1234567 转 123", "自评得分为 92.5 分，等级为“优秀”", "projects[2].indicators[0].name"]


def test_not_compiled_until_used():
    p = LazyPattern(r"[0-9]+")
    assert p._compiled is None
    assert p.search("ab12").group(0) == "12"
    assert isinstance(p.compiled(), re.Pattern)
    assert p.compiled() is p.compiled()        # compiled once


def test_a_bad_pattern_fails_on_first_use():
    p = LazyPattern(r"(unclosed")
    with pytest.raises(re.error):
        p.search("x")


@pytest.mark.parametrize("source, flags", [
    (r"(?P<y>(?:19|20|21)[0-9]{2}) ?年", 0),
    (r"^[\u4e00-\u9fff]{1,8}?[率度]", 0),
    (r"\s*(?:转|分机|ext\.?)\s*\d{1,6}$", re.IGNORECASE),
    (r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\.", 0),
])
def test_same_results_as_re_compile(source, flags):
    lazy, real = LazyPattern(source, flags), re.compile(source, flags)
    for text in TEXTS:
        assert bool(lazy.match(text)) == bool(real.match(text))
        assert bool(lazy.fullmatch(text)) == bool(real.fullmatch(text))
        m1, m2 = lazy.search(text), real.search(text)
        assert (m1 and (m1.span(), m1.groups())) == (m2 and (m2.span(), m2.groups()))
        assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in real.finditer(text)]
        assert lazy.findall(text) == real.findall(text)
        assert lazy.sub("#", text) == real.sub("#", text)
        assert lazy.split(text) == real.split(text)
    assert (lazy.pattern, lazy.flags, lazy.groups, lazy.groupindex) == \
        (real.pattern, real.flags, real.groups, real.groupindex)
    assert lazy.compiled() == real


def test_module_patterns_are_valid():
    """Every pattern the model modules declare compiles (they no longer do at import)."""
    found = 0
    for module in (numbers, dates, checks, completeness, paths):
        for value in vars(module).values():
            items = value if isinstance(value, tuple) else (value,)
            for item in items:
                if isinstance(item, LazyPattern):
                    assert isinstance(item.compiled(), re.Pattern)
                    found += 1
    assert found >= 20
