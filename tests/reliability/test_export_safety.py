"""Export safety: user text is written as text, whatever it starts with.

Every string field of the report — found by walking the dataclasses, so a field
added later is covered without touching this test — is set to a text that a
spreadsheet would take for a formula: ``=HYPERLINK("http://x","y")``, ``+1``,
``-1``, ``@SUM(1)``. The Excel file must hold no formula at all (no ``<f>``
element in any sheet) and every cell showing such a text must be a string cell
with the text unchanged; the PDF, the Word file and the plain text must carry
the texts unchanged. A second part puts characters no file format likes (NUL and
other control characters, U+FFFE, bidi overrides, markup, a lone surrogate) in every field:
invisible controls are dropped and the rest exported; a lone surrogate is refused
with ``ExportError`` in Chinese, naming the field, and the previous file is kept.
"""
from __future__ import annotations

import copy
import dataclasses
import io
import re
import subprocess
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import export
from export.docx import write_docx
from export.pdf import write_pdf
from export.txt import body_text, write_txt
from export.xlsx import write_xlsx
from fuzz_support import SAMPLE, is_chinese
from model import store

PAYLOADS = ['=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(1)"]
#: string fields whose value the program itself relies on (a profile id), not user text
NOT_USER_TEXT = {"profile", "link"}     # ids chosen from a list, not typed text


def string_places(obj, path="") -> list[str]:
    """Every place holding user text, as model.paths strings, found generically."""
    out: list[str] = []
    if dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            if f.name in NOT_USER_TEXT:
                continue
            out += string_places(getattr(obj, f.name), f"{path}.{f.name}" if path else f.name)
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out += string_places(v, f"{path}[{i}]")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            out += string_places(v, f"{path}.{k}")
    elif isinstance(obj, str):
        out.append(path)
    return out


def filled(base, values) -> tuple:
    """A copy of ``base`` with string place i set to values(i); returns (report, places)."""
    from model import paths
    r = copy.deepcopy(base)
    places = string_places(r)
    for i, p in enumerate(places):
        paths.set(r, p, values(i))
    return r, places


@pytest.fixture(scope="module")
def sample():
    r = store.load(SAMPLE)
    del r.projects[2:]     # two projects cover every field of a project; fewer pages, faster tests
    # every list that holds text has at least one row, so that its fields are walked
    assert r.projects and r.dept.indicators and r.budget.personnel_items and r.budget.public_items
    return r


def test_the_walk_finds_every_kind_of_text(sample):
    places = string_places(sample)
    assert len(places) > 100
    for expected in ("info.unit_name", "staff.internal_units", "budget.savings_measures", "sections[9]",
                     "dept.goal", "dept.indicators[0].note", "projects[0].name",
                     "projects[0].indicators[0].actual", "budget.personnel_items[0].name",
                     "projects[0].execution_note", "dept.execution_note"):
        assert expected in places
    assert "profile" not in places


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 10_000), st.text(
    st.sampled_from(["中", "a", "\n", "\x07", "\x1f", "\ufffe", "\ud83d", "\t"]) | st.characters(), max_size=6)),
    max_size=12))
def test_the_fast_walk_finds_the_same_texts_and_printable_agrees(sample, edits):
    # ``printable`` searches all texts at once (``export._texts``) and walks for paths only when
    # it finds something: the same texts, in the same order, as the walk with paths
    from model import paths
    r = copy.deepcopy(sample)
    places = string_places(r)
    for i, text in edits:
        paths.set(r, places[i % len(places)], text)
    assert export._texts(r, []) == [t for _, t in export._strings(r)]
    if any("\ud800" <= ch <= "\udfff" for t in export._texts(r, []) for ch in t):
        with pytest.raises(export.ExportError, match="无法导出的字符"):
            export.printable(r)
        return
    clean = export.printable(r)
    dirty = any(export._INVISIBLE.search(t) for t in export._texts(r, []))
    assert (clean is not r) == dirty
    assert [t for _, t in export._strings(clean)] == [export._INVISIBLE.sub("", t) for _, t in export._strings(r)]


def _sheet_xml(path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist()
                if n.startswith("xl/worksheets/") and n.endswith(".xml")}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xlsx_holds_no_formula_and_the_text_unchanged(sample, tmp_path, payload):
    report, places = filled(sample, lambda i: payload)
    out = tmp_path / "附表.xlsx"
    write_xlsx(report, out)
    for name, xml in _sheet_xml(out).items():
        assert not re.search(r"<(?:\w+:)?f[\s>/]", xml), f"{name} holds a formula"
    wb = openpyxl.load_workbook(out)
    shown = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and payload in c.value:
                    assert c.data_type == "s", (ws.title, c.coordinate, c.value)
                    shown += 1
                if isinstance(c.value, str) and c.value[:1] in "=+-@":
                    assert c.data_type == "s", (ws.title, c.coordinate, c.value)
                    # the text is the payload, possibly with printed words around it (“（90分）”)
                    assert payload in c.value, (ws.title, c.coordinate, c.value)
    # the annex tables print a good share of the fields; the test is not vacuous
    assert shown >= 40, shown
    # the exact value survives where a field is printed alone in a cell
    exact = sum(1 for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value == payload)
    assert exact >= 20, exact


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_pdf_docx_and_txt_carry_the_texts_unchanged(sample, tmp_path):
    # one export of each kind, the four payloads spread over the fields in turn
    report, places = filled(sample, lambda i: f"{PAYLOADS[i % 4]}")
    pdf = tmp_path / "报告.pdf"
    write_pdf(report, pdf)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8")
    flat = _squash(text)
    for p in PAYLOADS:
        assert _squash(p) in flat, p
    # the body sections (printed whole) carry each payload as written
    for i, place in enumerate(places):
        if place.startswith("sections["):
            assert _squash(PAYLOADS[i % 4]) in flat
    assert flat.count(_squash(PAYLOADS[0])) >= 10

    docx_path = tmp_path / "报告.docx"
    write_docx(report, docx_path)
    import docx
    d = docx.Document(str(docx_path))
    paragraphs = [p.text for p in d.paragraphs]
    for p in PAYLOADS:
        assert any(t == p or t.endswith(p) for t in paragraphs), p
    with zipfile.ZipFile(docx_path) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "<w:fldSimple" not in body or "HYPERLINK" not in body.split("<w:fldSimple", 1)[1][:200]
    assert "instrText" not in body or "HYPERLINK" not in "".join(
        re.findall(r"<w:instrText[^>]*>([^<]*)<", body)), "a payload became a Word field"

    txt = tmp_path / "报告.txt"
    write_txt(report, txt)
    written = txt.read_text(encoding="utf-8")
    assert written == body_text(report)
    lines = written.splitlines()
    for i, place in enumerate(places):
        if place.startswith("sections["):
            assert any(line.strip() == PAYLOADS[i % 4] for line in lines), place


HOSTILE = ["a\x00b", "\x0b\x0c\x1b", "\u202e右到左\u202c", "\ufffe", "🧧" * 3, "\u3000", "\x7f\x85",
           "<w:t>&amp;</w:t>", "]]>", "\r\n\r", "\t缩进", "&#0;"]
WRITERS = pytest.mark.parametrize("writer, suffix", [(write_xlsx, ".xlsx"), (write_pdf, ".pdf"),
                                                     (write_docx, ".docx"), (write_txt, ".txt")],
                                  ids=["xlsx", "pdf", "docx", "txt"])


@WRITERS
def test_control_characters_in_every_field_are_dropped(sample, tmp_path, writer, suffix):
    """Text pasted from other programs (NUL, vertical tab, escape, U+FFFE …) exports; the
    invisible characters are left out, everything else is kept."""
    report, places = filled(sample, lambda i: HOSTILE[i % len(HOSTILE)] + f"字段{i}")
    out = tmp_path / f"输出{suffix}"
    writer(report, out)
    if suffix == ".xlsx":
        text = "\n".join(str(c.value) for ws in openpyxl.load_workbook(out).worksheets
                         for row in ws.iter_rows() for c in row if c.value is not None)
    elif suffix == ".docx":
        import docx
        text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    elif suffix == ".pdf":
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True,
                              check=True).stdout.decode("utf-8")
    else:
        text = out.read_text(encoding="utf-8")
    assert not re.search("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffe]", text.replace("\x0c", ""))
    assert "<w:t>&amp;</w:t>字段" in text and "]]>字段" in text and "右到左" in text
    for i, place in enumerate(places):
        if place.startswith("sections[") and suffix != ".xlsx":   # the workbook holds the tables only
            assert f"字段{i}" in text, place
        if place == "info.unit_name":
            assert f"字段{i}" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]   # no temporary file left


@WRITERS
def test_a_lone_surrogate_is_refused_and_the_old_file_kept(sample, tmp_path, writer, suffix):
    report = copy.deepcopy(sample)
    report.projects[1].indicators[2].note = "部分\ud83d资料"     # half an emoji, from a broken paste
    out = tmp_path / f"输出{suffix}"
    out.write_bytes(b"previous")
    with pytest.raises(export.ExportError) as e:
        writer(report, out)
    assert is_chinese(str(e.value)) and "projects[1].indicators[2].note" in str(e.value)
    assert "部分资料" in str(e.value)
    assert out.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]
