"""填报日期 prints as 2025年3月18日 on every surface: the annex tables (Excel and PDF), the body's
sign-off in the PDF and Word, and the plain text — whatever way it was typed."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest
from docx import Document
from hypothesis import given, settings, strategies as st

from export.body import sign_date
from export.docx import write_docx
from export.pdf import write_pdf
from export.tables import build_all
from export.txt import body_text
from export.xlsx import write_xlsx
from model.report import new_report

DATES = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))
SPELL = st.sampled_from(["{y}-{m:02d}-{d:02d}", "{y}.{m}.{d}", "{y}/{m}/{d}", "{y}年{m:02d}月{d:02d}日",
                         "{y}年{m}月{d}日"])


def dated_report(d: dt.date, spelling: str):
    r = new_report(d.year - 1, "某县测试局")
    r.info.preparer, r.info.phone = "张三", "0737-1234567"
    r.info.fill_date = spelling.format(y=d.year, m=d.month, d=d.day)
    return r


@settings(max_examples=20, deadline=None)
@given(DATES, SPELL)
def test_tables_body_and_text_print_one_form(d, spelling):
    r = dated_report(d, spelling)
    want = f"{d.year}年{d.month}月{d.day}日"
    for grid in build_all(r):
        assert f"填报日期：{want}" in grid.footer
    assert sign_date(r) == want
    assert body_text(r).rstrip("\n").splitlines()[-1] == want


def test_the_written_files_print_one_form(tmp_path):
    r = dated_report(dt.date(2025, 3, 8), "2025-03-08")
    want = "2025年3月8日"
    write_docx(r, tmp_path / "a.docx")
    assert want in [p.text.strip() for p in Document(str(tmp_path / "a.docx")).paragraphs]
    write_xlsx(r, tmp_path / "a.xlsx")
    from openpyxl import load_workbook
    texts = [str(c.value) for ws in load_workbook(tmp_path / "a.xlsx") for row in ws.iter_rows()
             for c in row if c.value]
    assert sum(f"填报日期：{want}" in t for t in texts) == 2                  # 附件2, 附件3
    assert not any("2025-03-08" in t for t in texts)
    if shutil.which("pdftotext"):
        write_pdf(r, tmp_path / "a.pdf")
        text = re.sub(r"\s+", "", subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / "a.pdf"), "-"],
                                                  capture_output=True, check=True).stdout.decode())
        assert text.count(want) >= 3 and "2025-03-08" not in text     # sign-off, 附件2, 附件3
