"""Completeness (SPEC §4): the weight profile, 基础信息 and the required 正文 sections.

- ``profile.unknown``: the file names a weight profile the program does not have.
- ``required.info`` / ``info.phone`` / ``info.date``: the 表尾 fields of the annexes.
- ``required.section`` / ``required.section_none``: the required sections (``required_sections``
  of ``resources/vocabulary.json``) must be written; the others are written “无” when empty.

The required fields of the department and the projects (goal, name, indicators) are checked
with their tables in ``model.rules.indicators``.
"""
from __future__ import annotations

import unicodedata

from ..lazyre import LazyPattern
from ..dates import format_date
from ..numbers import parse_date
from ..profiles import Profile, is_known
from ..report import SECTIONS, Report
from ..severity import INFO, WARNING
from ..vocabulary import VOCABULARY
from .base import Sink, _clip, _cn_num, _section_label

RULES: dict[str, str] = {
    "profile.unknown": WARNING,
    "required.section": WARNING,
    "required.section_none": INFO,
    "required.info": WARNING,
    "info.phone": WARNING,
    "info.date": WARNING,
}

REQUIRED_SECTIONS = VOCABULARY.required_sections


def check_profile(report: Report, profile: Profile, out: Sink) -> None:
    if not is_known(report.profile):
        out.add("profile.unknown", "profile",
                f"指标体系“{report.profile}”不存在，已按默认指标体系“{profile.name}”计算分值")


def check_completeness(report: Report, profile: Profile, out: Sink) -> None:
    check_profile(report, profile, out)
    check_info(report, out)
    check_sections(report, out)


_PHONE_SPLIT = LazyPattern(r"[、,，;；/]|\s{2,}")
_PHONE_STRIP = LazyPattern(r"[\s\-－—()（）]")
_PHONE_EXT = LazyPattern(r"\s*(?:转|分机|ext\.?|EXT\.?)\s*\d{1,6}$")


def phone_ok(text: str) -> bool:
    """A Chinese phone number: 0737-1234567, 07371234567, 13812345678, (0737)1234567,
    with spaces or dashes and an optional extension (转8001); several numbers separated
    by “、”/“/” are each checked."""
    parts = [p for p in _PHONE_SPLIT.split(unicodedata.normalize("NFKC", text)) if p.strip()]
    if not parts:
        return False
    for part in parts:
        digits = _PHONE_STRIP.sub("", _PHONE_EXT.sub("", part.strip()))
        if digits.startswith("+86"):
            digits = digits[3:]
        if not digits.isdigit() or not digits.isascii():
            return False
        n = len(digits)
        if digits[0] == "1":
            if n != 11:
                return False
        elif digits[0] == "0":
            if not 10 <= n <= 12:
                return False
        elif not 7 <= n <= 8:      # a local number without the area code
            return False
    return True


def check_info(report: Report, out: Sink) -> None:
    info = report.info
    for field, label in VOCABULARY.group("info"):
        if not getattr(info, field).strip():
            out.add("required.info", f"info.{field}", f"未填写{label}（附件表的表尾要打印）")
    if info.phone.strip() and not phone_ok(info.phone):
        out.add("info.phone", "info.phone",
                f"联系电话“{_clip(info.phone)}”不像电话号码（应为 11 位手机号或带区号的座机号，"
                f"如 0737-1234567）")
    if info.fill_date.strip():
        d = parse_date(info.fill_date)
        if d is None:
            out.add("info.date", "info.fill_date",
                    f"填报日期“{_clip(info.fill_date)}”无法识别，请写成 {info.year + 1}-03-20 或 "
                    f"{info.year + 1}年3月20日")
        elif d.year < info.year:
            out.add("info.date", "info.fill_date",
                    f"填报日期 {format_date(d)} 早于评价年度 {info.year} 年，请核对")


def check_sections(report: Report, out: Sink) -> None:
    empty_optional = []
    texts = list(report.sections[: len(SECTIONS)]) + [""] * (len(SECTIONS) - len(report.sections))
    for i, text in enumerate(texts):
        if text.strip():
            continue
        if i in REQUIRED_SECTIONS:
            out.add("required.section", f"sections[{i}]", f"{_section_label(i)}尚未填写")
        else:
            empty_optional.append(i)
    if empty_optional:
        names = "、".join(_cn_num(i) for i in empty_optional)
        out.add("required.section_none", f"sections[{empty_optional[0]}]",
                f"正文第{names}部分为空；没有相关内容的请写“无”")
