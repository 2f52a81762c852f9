"""Tab-separated clipboard text as Excel writes it."""
from hypothesis import given, strategies as st

from gui.tables.tsv import parse_tsv, to_tsv


def test_excel_block_with_crlf_and_quoted_newlines():
    text = '一级\t二级\t"偏差\r\n原因"\r\n产出指标\t\t"带""引号"""\r\n'
    assert parse_tsv(text) == [["一级", "二级", "偏差\r\n原因"], ["产出指标", "", '带"引号"']]


def test_trailing_line_break_and_empty_cells():
    assert parse_tsv("a\tb") == [["a", "b"]]
    assert parse_tsv("a\t\r\n\tb\n") == [["a", ""], ["", "b"]]
    assert parse_tsv("") == []
    assert parse_tsv("\r\n") == [[""]]


def test_stray_quote_is_literal():
    assert parse_tsv('5" 屏\t2\r\n') == [['5" 屏', "2"]]
    assert parse_tsv('"未闭合\t2') == [['"未闭合', "2"]]


cells = st.text(alphabet=st.sampled_from(list('ab 中文"\t\r\n,.%≥')), max_size=8)


@given(st.lists(st.lists(cells, min_size=1, max_size=4), min_size=1, max_size=4))
def test_round_trip(rows):
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    assert parse_tsv(to_tsv(rows)) == rows
