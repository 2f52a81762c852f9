"""Chinese line breaking: no line starts with a closing mark or ends with an opening one."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from export.linebreak import NO_END, NO_START, Style, atomize, break_lines, check_lines

S = Style("fixed", 16.0)
SPEC_NO_START = "，。、；：？！）》」”’"
SPEC_NO_END = "（《「“‘"


def width_of(text: str, style: Style) -> float:
    """A monospaced stand-in: CJK and full-width marks 1 em, ASCII ½ em."""
    return sum(style.size if ord(c) > 0x2000 else style.size / 2 for c in text)


def lines_of(text: str, chars: int = 28, first: int | None = None, hang: bool = False) -> list[str]:
    atoms = atomize([(text, S)], width_of)
    w = chars * 16.0
    fw = None if first is None else first * 16.0
    return [ln.text for ln in break_lines(atoms, w, fw, 0.0, hang, width_of)]


def test_spec_sets_are_covered():
    assert set(SPEC_NO_START) <= NO_START
    assert set(SPEC_NO_END) <= NO_END


@pytest.mark.parametrize("mark", list(SPEC_NO_START))
def test_closing_mark_never_starts_a_line_push_down(mark):
    # 28 characters fill the first line exactly; the mark would start line 2
    text = "甲" * 28 + mark + "乙" * 10
    lines = lines_of(text)
    assert check_lines(lines) == []
    assert lines[0] == "甲" * 27                 # the last character went down with the mark
    assert lines[1].startswith("甲" + mark)
    assert "".join(lines) == text


@pytest.mark.parametrize("mark", list(SPEC_NO_START))
def test_closing_mark_hangs_after_a_full_line(mark):
    text = "甲" * 28 + mark + "乙" * 10
    lines = lines_of(text, hang=True)            # Word's 允许标点溢出边界
    assert lines[0] == "甲" * 28 + mark
    assert lines[1] == "乙" * 10
    assert check_lines(lines) == []


@pytest.mark.parametrize("mark", list(SPEC_NO_END))
def test_opening_mark_never_ends_a_line(mark):
    text = "甲" * 27 + mark + "乙" * 10          # the mark would be the 28th character
    lines = lines_of(text)
    assert check_lines(lines) == []
    assert lines[0] == "甲" * 27
    assert lines[1].startswith(mark + "乙")


def test_first_line_indent_width_is_used():
    text = "甲" * 26 + "，" + "乙" * 30
    lines = lines_of(text, first=26)
    assert lines[0] == "甲" * 25
    assert lines[1].startswith("甲，")


def test_two_closing_marks_in_a_row_go_down_together():
    text = "甲" * 28 + "。”" + "乙" * 5
    for hang in (False, True):
        lines = lines_of(text, hang=hang)
        assert check_lines(lines) == []
        assert lines[1].startswith("甲。”")


def test_numbers_are_not_split():
    text = "甲" * 26 + "252.65万元" + "乙" * 20    # 26 + 3 character widths > 28
    lines = lines_of(text)
    assert lines[0] == "甲" * 26
    assert lines[1].startswith("252.65万元")


def test_dash_and_ellipsis_stay_whole():
    for mark in ("——", "……"):
        text = "甲" * 27 + mark + "乙" * 5
        lines = lines_of(text)
        assert mark in lines[0] or mark in lines[1]
        assert not lines[0].endswith(mark[0]) or lines[0].endswith(mark)


def test_overlong_latin_word_is_split_by_characters():
    text = "x" * 100
    lines = lines_of(text, chars=10)
    assert all(len(ln) <= 20 for ln in lines)
    assert "".join(lines) == text


def test_lone_number_before_a_closing_mark_is_split():
    # the number fills a whole line; the comma must not start the next one
    atoms = atomize([("字252.65252.65，", S)], width_of)
    lines = [ln.text for ln in break_lines(atoms, 6 * 16.0, 4 * 16.0, 0.0, False, width_of)]
    assert check_lines(lines) == [] and "".join(lines) == "字252.65252.65，"
    assert all(len(x) <= 12 for x in lines)


def test_punctuation_only_text_terminates():
    text = "。" * 100
    lines = lines_of(text, chars=10)
    assert "".join(lines) == text


_TOKENS = ["字", "字字", "预算", "，", "。", "、", "；", "：", "？", "！", "（说明）", "《通知》",
           "“引号”", "‘单’", "「框」", "。”", "252.65", "98.05%", "2024年", "——", "……", "ab"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=200),
       st.integers(min_value=6, max_value=30), st.booleans())
def test_rules_hold_for_any_text(tokens, chars, hang):
    # every token starts with a character that may start a line, except punctuation ones
    text = "字" + "".join(tokens)
    atoms = atomize([(text, S)], width_of)
    lines = break_lines(atoms, chars * 16.0, (chars - 2) * 16.0, 0.0, hang, width_of)
    texts = [ln.text for ln in lines]
    assert "".join(texts) == text                # nothing lost, nothing added
    assert check_lines(texts) == []
    for ln in lines:
        if ln.width - ln.hang > ln.available + 1e-6 and ln.chars > 1:
            # only a run of punctuation longer than the room left may overflow
            assert re.search(r"[%s]{3,}" % re.escape("".join(NO_START | NO_END)), ln.text)
        if ln.hang:
            assert ln.text[-1] in NO_START


def test_atoms_blanks_print_as_a_space_and_control_characters_not_at_all():
    calls = []

    def counting(text, style):
        calls.append(text)
        return width_of(text, style)
    atoms = atomize([("甲\t乙\u3000丙\x00丁\u200b戊\ue000己\n庚 甲甲 2024", S)], counting)
    assert [a.text for a in atoms] == ["甲", " ", "乙", "\u3000", "丙", "丁", "戊", "己", " ", "庚", " ",
                                       "甲", "甲", " ", "2024"]
    assert [a.width for a in atoms] == [width_of(a.text, S) for a in atoms]
    assert sorted(calls) == sorted(set(calls))          # each distinct atom of a run measured once


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("甲乙丙，。（）《》 \t\u3000ab1.%—…\x01\u200b")), max_size=80))
def test_atoms_are_the_texts_printed_characters(text):
    atoms = atomize([(text, S)], width_of)
    shown = "".join(" " if c.isspace() and c != "\u3000" else c for c in text
                    if c.isspace() or c not in "\x01\u200b")
    assert "".join(a.text for a in atoms) == shown


def test_equal_styles_are_one_key():
    a, b = Style("F", 10.5), Style("F", 10.5)
    assert a == b and hash(a) == hash(b) and len({a, b, Style("F", 10.5, True)}) == 2
    assert hash(a) == hash(a) and {a: 1}[b] == 1
