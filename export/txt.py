"""The report body as plain UTF-8 text with the standard headings.

The title “{年}年度{单位名称}部门整体支出绩效自评报告”, then the ten sections
“一、部门（单位）基本情况” … in the standard numbering, each section's paragraphs
indented by two full-width spaces, and the unit name and date at the end.
"""
from __future__ import annotations

import os
import re

from model.dates import printed_date
from model.report import SECTIONS, Report

from . import atomic_target, printable

INDENT = "\u3000\u3000"
_LEADING_SPACE = re.compile(r"^[\s\u3000]+")


def report_title(report: Report) -> str:
    return f"{report.year}年度{report.info.unit_name.strip()}部门整体支出绩效自评报告"


def paragraphs(text: str) -> list[str]:
    """The non-empty paragraphs of a section text, without their leading spaces."""
    out = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _LEADING_SPACE.sub("", line).rstrip()
        if line:
            out.append(line)
    return out


def body_text(report: Report) -> str:
    lines = [report_title(report), ""]
    for (number, title, _hint), text in zip(SECTIONS, report.sections):
        lines.append(f"{number}、{title}")
        lines += [INDENT + p for p in paragraphs(text)]
        lines.append("")
    sign = [s for s in (report.info.unit_name.strip(), printed_date(report.info.fill_date)) if s]
    lines += sign
    return "\n".join(lines).rstrip("\n") + "\n"


def write_txt(report: Report, path: str | os.PathLike) -> None:
    """Write the body to ``path`` as UTF-8 text (atomically); raises ``ExportError``."""
    data = body_text(printable(report)).encode("utf-8")
    with atomic_target(path, "文本文件") as tmp:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
