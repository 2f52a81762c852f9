"""The words the importer recognises, loaded once from ``resources/vocabulary/importer.json``.

Header and label words vary by county; they are data, not code, so that a new
spelling is one line in the file. The file is checked on load: a missing or
malformed entry is a programming error of the shipped file and fails loudly in
the tests (``tests/importers/test_vocabulary.py``).
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

VOCABULARY_FILE = Path(__file__).resolve().parents[2] / "resources" / "vocabulary" / "importer.json"

_PAIR_LISTS = ("money_roles", "indicator_roles", "sources", "project_funding", "annex2_rows", "footer_fields")
_WORD_LISTS = ("money_total_words", "project_categories", "goal_words", "achievement_words", "known_labels",
               "unit_labels", "not_annex_titles", "not_annex_headers", "not_annex_headers_without_indicators",
               "actual_words", "body_heading_ends", "body_sentence_starts")


class VocabularyError(ValueError):
    """The shipped vocabulary file is malformed (``str(e)`` names the entry)."""


def _words(value, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(w, str) and w for w in value):
        raise VocabularyError(f"词表“{where}”应为非空的文字列表")
    return tuple(value)


def parse(data: dict) -> dict:
    """Validate the raw file content; lists become tuples."""
    if not isinstance(data, dict):
        raise VocabularyError("词表文件应为 JSON 对象")
    out: dict = {}
    for name in _PAIR_LISTS:
        pairs = data.get(name)
        if not isinstance(pairs, list) or not pairs:
            raise VocabularyError(f"词表“{name}”缺失或为空")
        items = []
        for i, pair in enumerate(pairs):
            if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)):
                raise VocabularyError(f"词表“{name}”第 {i + 1} 项应为 [名称, 词语]")
            items.append((pair[0], pair[1] if isinstance(pair[1], str) else _words(pair[1], f"{name}.{pair[0]}")))
        out[name] = tuple(items)
    for name in _WORD_LISTS:
        out[name] = _words(data.get(name), name)
    sections = data.get("body_sections")
    if not isinstance(sections, list) or not sections or not all(
            isinstance(p, list) and len(p) == 2 and isinstance(p[0], int) and 0 <= p[0] <= 9 for p in sections):
        raise VocabularyError("词表“body_sections”应为 [章节序号 0—9, 词语] 的列表")
    out["body_sections"] = tuple((i, _words(w, f"body_sections.{i}")) for i, w in sections)
    natures = data.get("nature_words")
    if not isinstance(natures, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in natures.items()):
        raise VocabularyError("词表“nature_words”应为 文字 → 指标性质 的对象")
    out["nature_words"] = dict(natures)
    return out


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    with open(VOCABULARY_FILE, encoding="utf-8") as f:
        return parse(json.load(f))


def words(name: str):
    return vocabulary()[name]
