"""Issue 14, point 1: whatever a field, an importer or a command accepts, save writes and load reads.

The bounds are defined once in ``model.numbers`` (``MAX_MAGNITUDE``, ``MAX_PLACES``,
``MAX_MONEY``, ``MONEY_PLACES``, ``MAX_COUNT``); the typing parsers (the number fields, the
得分/分值 cells, the area fields, the importers' value parsing) and the loader use them.
Properties: random accepted texts → the value set on a report → save → load → equal;
more decimals than ``MAX_PLACES`` → rounded half-up, then equal after save and load;
random rejected texts (too large) → ``NumberError`` with a Chinese message from the field parser.
"""
import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from model import numbers, store
from model.numbers import NumberError
from model.report import Indicator, Project, new_report

CJK = re.compile(r"[\u4e00-\u9fff]")
FAST = settings(max_examples=80, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _text_of(value: Decimal, style: int) -> str:
    """``value`` written the ways people type it."""
    plain = numbers.fmt_plain(value)
    if style == 1 and abs(value) >= 1000:
        whole, _, frac = plain.lstrip("-").partition(".")
        sign = "-" if plain.startswith("-") else ""
        return sign + f"{int(whole):,}" + ("." + frac if frac else "")
    if style == 2:
        return plain.translate(str.maketrans("0123456789.-", "０１２３４５６７８９．－"))
    if style == 3:
        return f"  {plain} "
    return plain


def decimals(max_abs: Decimal, places: int, min_value=None):
    """Decimals with magnitude below ``max_abs`` and at most ``places`` decimals."""
    scale = 10 ** places
    top = int(max_abs * scale) - 1
    low = -top if min_value is None else int(min_value * scale)
    return st.integers(low, top).map(lambda n: (Decimal(n) / scale).quantize(Decimal(1).scaleb(-places)))


def _round_trip(report, tmp_path):
    path = tmp_path / "r.jxzp"
    store.save(report, path)
    store.save(report, path)        # twice: the .bak is a complete earlier version too
    return store.load(path), store.load(store.backup_path(path))


@FAST
@given(value=decimals(numbers.MAX_MAGNITUDE, numbers.MAX_PLACES), style=st.integers(0, 3))
def test_any_accepted_score_or_area_saves_and_loads_equal(tmp_path_factory, value, style):
    from gui.pages.budget import parse_area
    text = _text_of(value, style)
    typed = numbers.parse_decimal(text)
    assert typed == value
    r = new_report(2024, "某局", skeleton=False)
    r.dept.indicators.append(Indicator(name="指标", target="≥1", actual="1", weight=Decimal(10),
                                       manual_score=typed))
    area = parse_area(text) if value >= 0 else None
    r.budget.buildings.approved_area = area
    loaded, backup = _round_trip(r, tmp_path_factory.mktemp("v"))
    for rep in (loaded, backup):
        assert rep.dept.indicators[0].manual_score == typed
        assert rep.budget.buildings.approved_area == area


@FAST
@given(value=decimals(numbers.MAX_MONEY, numbers.MONEY_PLACES + 3), style=st.integers(0, 3),
       count=st.integers(-numbers.MAX_COUNT, numbers.MAX_COUNT))
def test_any_accepted_amount_weight_or_count_saves_and_loads_equal(tmp_path_factory, value, style, count):
    money = numbers.parse_money(_text_of(value, style))
    assert money == numbers.round_half_up(value, numbers.MONEY_PLACES) or money == value
    n = numbers.parse_int(str(count) + "人")
    r = new_report(2024, "某局", skeleton=False)
    r.budget.executed = money
    r.budget.sources["general"].budget = money
    r.projects.append(Project(name="项目", execution_weight=money,
                              indicators=[Indicator(name="指标", weight=money)]))
    r.staff.actual_staff = n
    loaded, backup = _round_trip(r, tmp_path_factory.mktemp("m"))
    for rep in (loaded, backup):
        assert rep.budget.executed == money and rep.budget.sources["general"].budget == money
        assert rep.projects[0].execution_weight == money and rep.projects[0].indicators[0].weight == money
        assert rep.staff.actual_staff == n


too_large = st.integers(int(numbers.MAX_MAGNITUDE), 10 ** 15 - 1).map(Decimal)
#: values that only reach the bound through the rounding to MAX_PLACES decimals
rounds_to_the_bound = st.integers(numbers.MAX_PLACES + 1, 20).map(
    lambda k: Decimal("999999999999." + "9" * k))
too_precise = st.tuples(st.integers(0, 10 ** 6), st.integers(numbers.MAX_PLACES + 1, 30),
                        st.integers(1, 9), st.booleans()).map(
    lambda t: Decimal(f"{'-' if t[3] else ''}{t[0]}.{'0' * (t[1] - 1)}{t[2]}"))


@FAST
@given(value=st.one_of(too_large, too_large.map(lambda d: -d), rounds_to_the_bound), style=st.integers(0, 3))
def test_rejected_values_are_refused_by_the_field_parser_in_chinese(value, style):
    from gui.pages.budget import parse_area
    from importers.tables.base import number_value as imported_number   # the importers' 分值/得分 cells
    text = _text_of(value, style)
    for parse in (numbers.parse_decimal, parse_area, imported_number):
        with pytest.raises(NumberError) as e:
            parse(text)
        assert CJK.search(str(e.value)) and "Decimal" not in str(e.value)


@FAST
@given(value=too_precise, style=st.integers(0, 3))
def test_more_decimals_are_rounded_half_up_and_then_save_and_load_equal(tmp_path_factory, value, style):
    typed = numbers.parse_decimal(_text_of(value, style))
    assert typed == numbers.round_half_up(value, numbers.MAX_PLACES)
    r = new_report(2024, skeleton=False)
    r.dept.indicators.append(Indicator(name="a", weight=Decimal(10), manual_score=typed))
    loaded, backup = _round_trip(r, tmp_path_factory.mktemp("p"))
    assert loaded.dept.indicators[0].manual_score == backup.dept.indicators[0].manual_score == typed


@FAST
@given(value=st.integers(int(numbers.MAX_MONEY), 10 ** 14).map(Decimal), style=st.integers(0, 3))
def test_money_over_the_bound_is_refused(value, style):
    with pytest.raises(NumberError) as e:
        numbers.parse_money(_text_of(value, style))
    assert CJK.search(str(e.value))


def test_trailing_zeros_beyond_the_places_are_dropped_not_refused():
    assert numbers.parse_decimal("85.500000000000") == Decimal("85.5")
    assert str(numbers.parse_decimal("85.500000000000")) == "85.500000"


def test_the_loader_reads_what_every_parser_accepts_at_the_edges(tmp_path):
    edge = Decimal("999999999999.999999")
    assert numbers.parse_decimal(numbers.fmt_plain(edge)) == edge
    assert numbers.parse_decimal("-" + numbers.fmt_plain(edge)) == -edge
    r = new_report(2024, skeleton=False)
    r.dept.indicators.append(Indicator(name="a", manual_score=edge, weight=-edge))
    r.staff.admin_posts = numbers.MAX_COUNT
    loaded, backup = _round_trip(r, tmp_path)
    assert loaded.dept.indicators[0].manual_score == edge and loaded.dept.indicators[0].weight == -edge
    assert loaded.staff.admin_posts == numbers.MAX_COUNT


def test_a_file_written_by_an_earlier_version_with_fifteen_nines_still_opens(tmp_path):
    """Earlier versions let 得分 take 999 999 999 999 999 and then could not open the file;
    the loader reads what they accepted, so those files open again."""
    r = new_report(2024, skeleton=False)
    r.dept.indicators.append(Indicator(name="a", weight=Decimal(10)))
    text = store.dumps(r).replace('"manual_score": null', '"manual_score": "999999999999999.123456789"')
    path = tmp_path / "old.jxzp"
    path.write_text(text, encoding="utf-8")
    assert store.load(path).dept.indicators[0].manual_score == Decimal("999999999999999.123456789")


def test_fifteen_nines_typed_into_the_score_cell_are_refused_and_the_files_still_open(qapp, tmp_path):
    from gui.document import Document
    from gui.tables.indicators import COL_SCORE, IndicatorTableModel
    r = new_report(2024, "某局", skeleton=False)
    r.dept.indicators.append(Indicator(level1="产出指标", level2="数量指标", name="培训人次",
                                       target="≥100人次", actual="120人次", weight=Decimal(10)))
    doc = Document(r)
    try:
        model = IndicatorTableModel(doc, "dept.indicators")
        messages = []
        model.inputRejected.connect(messages.append)
        assert not model.setData(model.index(0, COL_SCORE), "9" * 15)
        assert messages and "数值过大" in messages[-1]
        assert r.dept.indicators[0].manual_score is None
        assert model.setData(model.index(0, COL_SCORE), "9.5")
        path = tmp_path / "r.jxzp"
        doc.save(path)
        doc.save(path)
        for p in (path, store.backup_path(path)):
            assert store.load(p).dept.indicators[0].manual_score == Decimal("9.5")
    finally:
        doc.close()


@FAST
@given(digits=st.integers(1, 30), places=st.integers(0, 12), data=st.data())
def test_a_weight_read_from_an_imported_level1_label_is_storable(tmp_path_factory, digits, places, data):
    """“预算执行率（N分）”: the importers read N with the same bounds (too large → no weight)."""
    from importers.tables import split_level1
    whole = data.draw(st.integers(1, 10 ** digits - 1))
    frac = data.draw(st.integers(0, 10 ** places - 1)) if places else 0
    text = f"{whole}.{frac:0{places}d}" if places else str(whole)
    name, weight = split_level1(f"预算执行率（{text}分）")
    if weight is None:
        with pytest.raises(NumberError):
            numbers.parse_decimal(text)
        return
    r = new_report(2024)
    r.dept.execution_weight = weight
    loaded, backup = _round_trip(r, tmp_path_factory.mktemp("w"))
    assert loaded.dept.execution_weight == weight == numbers.parse_decimal(text)
