"""Generated report bodies (``body_fixtures``): every paragraph lands, unchanged, in its expected section.

Per heading numbering (一、 / 1、 / 1. / （一） / 第一部分 / none / Heading 1 / bold), over drawn
wordings, missing, doubled and extra sections, list items (also numbered like the headings),
run-in “无”, paragraphs ending in “表” with and without a table, title and sign-off.
"""
from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from body_fixtures import HEADING_STYLES, bodies
from importers.docx import read_report, split_sections


def _lines(out) -> list[list[str]]:
    return [s.split("\n") if s else [] for s in out.sections]


def check(body, out) -> None:
    got = _lines(out)
    # every body paragraph once, unchanged (multiset in = multiset out) …
    assert Counter(x for s in got for x in s) == Counter(x for s in body.expected for x in s)
    # … and in its own section, in order
    for i in range(10):
        assert got[i] == body.expected[i], (i, body.variant)
    # the section headings are recognised, and nothing else is
    for i in range(10):
        assert out.headings[i][:len(body.headings[i])] == body.headings[i], (i, out.headings)
    # list items, sub-headings and “…表” lines are never headings: every heading found is a
    # source heading (or a second heading for a section, which is also kept as a line)
    heads = Counter(h for hs in out.headings for h in hs)
    allowed = Counter(h for hs in body.headings for h in hs) + Counter(p.text for p in body.paras if p.role == "kept")
    assert not heads - allowed, heads - allowed
    for p in body.paras:
        if p.role == "runin":
            # the run-in “无” is the section's content
            sec = next(i for i in range(10) if body.headings[i] and p.text.startswith(body.headings[i][0]))
            assert p.text[len(body.headings[sec][0]):].lstrip("：  ") in got[sec]
            assert body.headings[sec][0] not in got[sec]
        elif p.role == "title":
            assert any(p.text in t for t in out.taken), p.text
        elif p.role in ("signoff", "label"):
            assert any(f"“{p.text}”" in t for t in out.skipped), p.text
    if body.year is not None:
        assert out.year == body.year
    if body.year is not None or any(p.role == "signoff" and p.text == body.unit for p in body.paras):
        assert out.unit_name == body.unit


@pytest.mark.parametrize("style", HEADING_STYLES)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_paragraph_in_its_section(style, data):
    body = data.draw(bodies(heading_style=style))
    check(body, split_sections(body.blocks()))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies())
def test_real_docx_files_split_the_same(body):
    """The same bodies written as .docx (styles, bold runs, tables) and read back."""
    with tempfile.TemporaryDirectory() as d:
        path = body.save(Path(d) / "报告.docx")
        out = read_report(str(path))
    check(body, out)


def test_every_variant_is_drawn():
    """The generator really produces each choice the properties are about."""
    seen = Counter()

    @settings(max_examples=100, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(bodies())
    def collect(body):
        texts = [p.text for p in body.paras]
        seen["runin spaces"] += any(p.role == "runin" and " " in p.text for p in body.paras)
        seen["runin colon"] += any(p.role == "runin" and "：" in p.text for p in body.paras)
        seen["table"] += any(p.grid is not None for p in body.paras)
        seen["表 without table"] += any(t.endswith("表") and (k + 1 == len(body.paras) or body.paras[k + 1].grid is None)
                                       for k, t in enumerate(texts))
        seen["kept heading"] += any(p.role == "kept" for p in body.paras)
        seen["no title"] += not any(p.role == "title" for p in body.paras)
        seen["signoff"] += any(p.role == "signoff" for p in body.paras)
        seen["missing section"] += any(not e for e in body.expected)

    collect()
    # (each heading style is drawn by the parametrised property above)
    for k in ("runin spaces", "runin colon", "table", "表 without table", "kept heading",
                               "no title", "signoff", "missing section"):
        assert seen[k] >= 5, (k, seen)


@pytest.mark.parametrize("n", [500, 5000])
def test_many_numbered_heading_lines_read_quickly(n):
    """The chain of numbered headings is quadratic: it is only looked for up to a bound."""
    import time
    from importers.docx import Block
    words = ["部门基本情况", "一般公共预算支出情况", "部门整体支出绩效情况", "存在的问题", "下一步改进措施"]
    blocks = [Block(text=f"{k % 99 + 1}、{words[k % 5]}") for k in range(n)]
    start = time.process_time()
    out = split_sections(blocks)
    assert time.process_time() - start < 3.0
    assert sum(len(s.split("\n")) for s in out.sections if s) + sum(len(h) for h in out.headings) >= n
