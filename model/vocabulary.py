"""The words and limits the rules and the tables share, loaded once from ``resources/vocabulary.json``.

What is data here, not code: the ten section titles and which of them are required, the income
sources, the 附件2 control rows (full and short labels), the four money columns, the labels of the
fields that 审核 names in its messages, and the rule thresholds that are not part of a weight
profile (the tolerance and the large-amount limit are profile settings: ``model.profiles``).

``load(path)`` validates a file and raises ``VocabularyError`` with a Chinese message; the
program's own file is loaded at import and exposed as ``VOCABULARY``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

VOCABULARY_FILE = Path(__file__).resolve().parent.parent / "resources" / "vocabulary.json"

#: label groups every vocabulary file must have (``labels`` → group → key → label)
LABEL_GROUPS = ("info", "budget_scalars", "budget_lines", "item_lists", "project_funds", "buildings", "staff",
                "goal", "text_figures", "full_year_parts", "rollover_fields")
SECTION_COUNT = 10
#: the money columns of ``model.report.Amounts``
COLUMN_KEYS = ("prior", "initial", "budget", "executed")


class VocabularyError(Exception):
    """A vocabulary file that cannot be used; ``str(e)`` is Chinese."""


@dataclass(frozen=True)
class Thresholds:
    """Rule thresholds that are not part of a rule set."""
    execution_low: Decimal      # an execution rate below this is reported as low
    group_limit: int            # more rows than this with the same small gap → one grouped finding
    list_limit: int             # items quoted in one message before “等”
    row_list_limit: int         # row runs quoted in one message before “等”


@dataclass(frozen=True)
class Vocabulary:
    """The words and limits of ``resources/vocabulary.json`` (see the module's docstring)."""
    sections: tuple[tuple[str, str, str], ...]          # (number, title, hint)
    required_sections: tuple[int, ...]                  # 0-based indices
    sources: tuple[tuple[str, str], ...]                # (key, label)
    control_rows: tuple[tuple[str, str], ...]           # (key, label as printed in 附件2)
    control_short: Mapping[str, str]                    # key → label without “其中：” / “1、”
    columns: tuple[tuple[str, str], ...]                # (Amounts attribute, label)
    labels: Mapping[str, Mapping[str, str]]             # group → key → label
    thresholds: Thresholds
    score_section: int                                  # 0-based index of the section quoting the score
    figure_words: tuple[tuple[str, str], ...]           # words in the 正文 naming a figure → its key
    column_words: tuple[tuple[str, tuple[str, ...]], ...]   # words asking for a column → columns
    change_words: tuple[str, ...]                       # words before an amount that make it a change
    approx_before: tuple[str, ...]                      # “约…” : an approximation, not a figure
    approx_after: tuple[str, ...]                       # “…余” : an approximation, not a figure
    grade_words: Mapping[str, str]                      # long grade word → the grade (“优秀” → “优”)
    rate_words: Mapping[str, tuple[tuple[str, str], ...]]   # rate word → (naming word, kind of rate)

    def group(self, name: str) -> tuple[tuple[str, str], ...]:
        """The (key, label) pairs of one label group, in file order."""
        return tuple(self.labels[name].items())


def _fail(message: str) -> VocabularyError:
    return VocabularyError(f"词汇表文件有误：{message}")


def _text(value, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(f"“{what}”应为非空文字")
    return value


def _object(value, what: str) -> dict:
    if not isinstance(value, dict):
        raise _fail(f"“{what}”应为键值表")
    return value


def _list(value, what: str) -> list:
    if not isinstance(value, list) or not value:
        raise _fail(f"“{what}”应为非空列表")
    return value


def _pairs(data: dict, name: str, *extra: str) -> list[tuple[str, ...]]:
    out = []
    seen = set()
    for i, item in enumerate(_list(data.get(name), name)):
        item = _object(item, f"{name}第 {i + 1} 项")
        key = _text(item.get("key"), f"{name}第 {i + 1} 项的 key")
        if key in seen:
            raise _fail(f"“{name}”中的 key“{key}”重复")
        seen.add(key)
        out.append((key, _text(item.get("label"), f"{name}第 {i + 1} 项的 label"),
                    *(_text(item.get(e), f"{name}第 {i + 1} 项的 {e}") for e in extra)))
    return out


def _words(value, what: str) -> tuple[str, ...]:
    return tuple(_text(w, f"{what}第 {i + 1} 项") for i, w in enumerate(_list(value, what)))


def _text_words(data: dict, columns: tuple[tuple[str, str], ...]) -> tuple:
    tw = _object(data.get("text_words"), "text_words")
    figures = []
    for i, item in enumerate(_list(tw.get("figure_words"), "text_words.figure_words")):
        if not isinstance(item, list) or len(item) != 2:
            raise _fail(f"“text_words.figure_words”第 {i + 1} 项应为 [词语, 键]")
        figures.append((_text(item[0], f"text_words.figure_words第 {i + 1} 项"),
                        _text(item[1], f"text_words.figure_words第 {i + 1} 项的键")))
    keys = {k for k, _ in columns}
    cols = []
    for i, item in enumerate(_list(tw.get("column_words"), "text_words.column_words")):
        if not isinstance(item, list) or len(item) != 2 or not isinstance(item[1], list) \
                or not set(item[1]) <= keys or not item[1]:
            raise _fail(f"“text_words.column_words”第 {i + 1} 项应为 [词语, [列]]，列为 {'、'.join(keys)}")
        cols.append((_text(item[0], f"text_words.column_words第 {i + 1} 项"), tuple(item[1])))
    grades = _object(tw.get("grade_words"), "text_words.grade_words")
    if not grades or not tw.get("rate_words"):
        raise _fail("“text_words.grade_words”和“text_words.rate_words”不能为空")
    rates = {}
    for word, pairs in _object(tw.get("rate_words"), "text_words.rate_words").items():
        if not all(isinstance(p, list) and len(p) == 2 for p in _list(pairs, f"text_words.rate_words.{word}")):
            raise _fail(f"“text_words.rate_words.{word}”的每一项应为 [词语, 种类]")
        rates[_text(word, "text_words.rate_words 的键")] = tuple(
            (_text(a, f"text_words.rate_words.{word}"), _text(b, f"text_words.rate_words.{word}")) for a, b in pairs)
    return (tuple(figures), tuple(cols), _words(tw.get("change_words"), "text_words.change_words"),
            _words(tw.get("approx_before"), "text_words.approx_before"),
            _words(tw.get("approx_after"), "text_words.approx_after"),
            MappingProxyType({_text(k, "text_words.grade_words"): _text(v, f"text_words.grade_words.{k}")
                              for k, v in grades.items()}), MappingProxyType(rates))


def _int(value, what: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise _fail(f"“{what}”应为不小于 {low} 的整数，实际为“{value}”")
    return value


def parse(data) -> Vocabulary:
    """A validated ``Vocabulary`` from the decoded JSON of a vocabulary file."""
    data = _object(data, "文件内容")
    sections = []
    for i, item in enumerate(_list(data.get("sections"), "sections")):
        item = _object(item, f"sections第 {i + 1} 项")
        sections.append((_text(item.get("number"), f"sections第 {i + 1} 项的 number"),
                         _text(item.get("title"), f"sections第 {i + 1} 项的 title"),
                         _text(item.get("hint"), f"sections第 {i + 1} 项的 hint")))
    if len(sections) != SECTION_COUNT:
        raise _fail(f"“sections”应有 {SECTION_COUNT} 部分，实际为 {len(sections)} 部分")
    numbers = [s[0] for s in sections]
    required = []
    for n in _list(data.get("required_sections"), "required_sections"):
        if n not in numbers:
            raise _fail(f"必填部分“{n}”不是正文的部分编号（应为 {'、'.join(numbers)} 之一）")
        required.append(numbers.index(n))
    controls = _pairs(data, "control_rows", "short")
    labels_in = _object(data.get("labels"), "labels")
    labels = {}
    for group in LABEL_GROUPS:
        entries = _object(labels_in.get(group), f"labels.{group}")
        if not entries:
            raise _fail(f"“labels.{group}”不能为空")
        labels[group] = MappingProxyType({_text(k, f"labels.{group} 的键"): _text(v, f"labels.{group}.{k}")
                                          for k, v in entries.items()})
    th = _object(data.get("thresholds"), "thresholds")
    raw = th.get("execution_low")
    try:
        low = Decimal(str(raw).strip()) if isinstance(raw, (str, int)) and not isinstance(raw, bool) else None
    except InvalidOperation:
        low = None
    if low is None or not low.is_finite() or not 0 < low <= 1:
        raise _fail(f"“thresholds.execution_low”应为 0 到 1 之间的小数（如 \"0.9\"），实际为“{raw}”")
    thresholds = Thresholds(low, _int(th.get("group_limit"), "thresholds.group_limit", 1),
                            _int(th.get("list_limit"), "thresholds.list_limit", 1),
                            _int(th.get("row_list_limit"), "thresholds.row_list_limit", 1))
    columns = tuple(_pairs(data, "columns"))
    if {k for k, _ in columns} != set(COLUMN_KEYS) or len(columns) != len(COLUMN_KEYS):
        raise _fail(f"“columns”的 key 应为 {'、'.join(COLUMN_KEYS)}")
    score_number = data.get("score_section")
    if score_number not in numbers:
        raise _fail(f"“score_section”应为正文的部分编号（{'、'.join(numbers)} 之一），实际为“{score_number}”")
    return Vocabulary(tuple(sections), tuple(sorted(set(required))), tuple(_pairs(data, "sources")),
                      tuple((k, label) for k, label, _ in controls),
                      MappingProxyType({k: short for k, _, short in controls}),
                      columns, MappingProxyType(labels), thresholds, numbers.index(score_number),
                      *_text_words(data, columns))


def load(path: Path) -> Vocabulary:
    """Read and validate a vocabulary file; every problem is a ``VocabularyError`` in Chinese."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise VocabularyError(f"无法读取词汇表文件“{path}”：{e.strerror or e}") from None
    except UnicodeDecodeError:
        raise VocabularyError(f"词汇表文件“{path}”不是 UTF-8 编码的文本") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise VocabularyError(f"词汇表文件“{path}”不是有效的 JSON（第 {e.lineno} 行第 {e.colno} 列）") from None
    return parse(data)


VOCABULARY: Vocabulary = load(VOCABULARY_FILE)
