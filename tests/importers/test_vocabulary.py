"""The importer's vocabulary file: it loads, every entry has the right shape, a damaged copy is refused."""
from __future__ import annotations

import json

import pytest

from importers.tables import vocabulary
from model.report import CONTROL_ROWS, SOURCES


def test_the_shipped_vocabulary_loads_and_names_model_keys():
    v = vocabulary.vocabulary()
    assert {k for k, _ in v["sources"]} == {k for k, _ in SOURCES}
    controls = {k for k, _ in CONTROL_ROWS} | {"basic", "public", "project_spending"}
    assert {k for k, _ in v["annex2_rows"]} == controls
    assert {k for k, _ in v["project_funding"]} == {"fiscal", "carried", "other"}
    assert {k for k, _ in v["money_roles"]} == {"initial", "budget", "executed", "weight", "rate", "score", "note"}


@pytest.mark.parametrize("damage", [
    lambda d: d.pop("money_roles"),
    lambda d: d.__setitem__("sources", [["general"]]),
    lambda d: d.__setitem__("goal_words", []),
    lambda d: d.__setitem__("nature_words", ["≥"]),
    lambda d: d.__setitem__("unit_labels", [1, 2]),
])
def test_a_damaged_vocabulary_is_refused_in_chinese(damage):
    data = json.loads(vocabulary.VOCABULARY_FILE.read_text(encoding="utf-8"))
    damage(data)
    with pytest.raises(vocabulary.VocabularyError) as e:
        vocabulary.parse(data)
    assert "词表" in str(e.value)


def test_no_label_list_is_written_out_in_the_readers():
    """The readers take their words from the file: no reader repeats a header word list."""
    import importers.tables as pkg
    from pathlib import Path
    for path in Path(pkg.__file__).parent.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for word in ("年初预算数\", \"年初预算", "\"财政专户管理资金\"", "\"公务接待\",", "\"评分标准\", \"指标说明"):
            assert word not in text, (path.name, word)


def test_the_body_section_words_come_from_the_file():
    from importers.headings import SECTION_RULES, match_section
    v = vocabulary.vocabulary()
    assert SECTION_RULES == v["body_sections"]
    assert {i for i, _ in SECTION_RULES} == set(range(10))
    assert match_section("四、存在的主要问题") == 6 and match_section("下步努力方向") == 7
