"""Reading one paragraph as a possible section heading: its numbering, the section its words
name (``SECTION_RULES``), a text run in after it, whether it reads like a sentence, and the
level (Heading 1, a numbering style, bold, none) a report writes its section headings in.

See ``importers.body`` for how the splitting uses these.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Optional

from .docx import Block
from .grid import key
from .tables.vocabulary import words as vocab

# (section index, patterns) in the order they are tried
#: (section index, heading words) in the order they are tried; data in resources/vocabulary/importer.json
SECTION_RULES: tuple[tuple[int, tuple[str, ...]], ...] = vocab("body_sections")
_HEADING_ENDS = vocab("body_heading_ends")
_NUM_TOP = re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*、\s*")
_NUM_TOP_DOT = re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*[.．]\s*")
_NUM_PART = re.compile(r"^\s*第[一二三四五六七八九十]{1,3}(?:部分|章|节)\s*[、.．:：]?\s*")
_NUM_PAREN = re.compile(r"^\s*[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）]\s*[、.．]?\s*")
_NUM_PAREN_ARABIC = re.compile(r"^\s*[（(]\s*\d{1,2}\s*[)）]\s*")
_PRONOUN_START = vocab("body_sentence_starts")


# --------------------------------------------------------------------------- headings

_NUM_ARABIC = re.compile(r"^\s*(\d{1,2})\s*、\s*")
_NUM_ARABIC_DOT = re.compile(r"^\s*(\d{1,2})\s*[.．](?!\d)\s*")
#: “一是……”, “其二是……”: always an item of a list, never a heading
_NUM_IS = re.compile(r"^\s*其?[一二三四五六七八九十]{1,3}是")
_NUMBERED = ("cn", "cn_dot", "part", "arabic", "arabic_dot", "paren", "paren_arabic")
#: the heading levels a report may use for its top level, the likelier first
_LEVEL_ORDER = ("styled", "cn", "cn_dot", "part", "arabic", "arabic_dot", "paren", "paren_arabic", "bold", "")


def numbering(text: str) -> tuple[str, str]:
    """(style, rest): style is "cn" (一、), "cn_dot" (一． / 一.), "part" (第一部分), "arabic" (1、), "arabic_dot" (1. / 1．),
    "paren" (（一）), "paren_arabic" ((1)) or "" (none)."""
    for style, rx in (("part", _NUM_PART), ("cn", _NUM_TOP), ("cn_dot", _NUM_TOP_DOT), ("paren", _NUM_PAREN),
                      ("paren_arabic", _NUM_PAREN_ARABIC), ("arabic", _NUM_ARABIC), ("arabic_dot", _NUM_ARABIC_DOT)):
        m = rx.match(text)
        if m:
            return style, text[m.end():].strip()
    return "", text.strip()


_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _number_of(text: str) -> Optional[int]:
    """The number a heading carries: “2、…” → 2, “（七）…” → 7, “第三部分” → 3."""
    m = re.match(r"^\s*(?:[（(]?\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）、.．]"
                 r"|第([一二三四五六七八九十]{1,3})(?:部分|章|节))", text)
    if not m:
        return None
    t = m.group(1) or m.group(2)
    if t.isdigit():
        return int(t)
    if len(t) == 1:
        return _CN_DIGITS.get(t)
    if t == "十":
        return 10
    if t.startswith("十"):
        return 10 + _CN_DIGITS.get(t[1], 0)
    return _CN_DIGITS.get(t[0], 0) * 10 + (_CN_DIGITS.get(t[2], 0) if len(t) > 2 else 0)


def match_section(text: str) -> Optional[int]:
    """The section (0-based) a heading's words point to, or None."""
    _, rest = numbering(text)
    k = key(rest).rstrip("。.:：;；")
    if not k or len(k) > 40:
        return None
    for index, words in SECTION_RULES:
        if any(w in k for w in words):
            return index
    return None


_RUN_IN = re.compile(r"^(.{2,30}?)(?:\s*([：:。])\s*|(\s+))(\S.*)$", re.S)
_NONE_TEXT = re.compile(r"^(?:无|没有|暂无|(?:本|我)\S{0,6}?(?:无|没有|未))")


def _run_in(text: str) -> tuple[str, str]:
    """Split a heading with its text run in (“十、其他需要说明的情况：无。”, “三、政府性基金预算支出情况   无”)
    into (heading, text); ("", "") when the paragraph is not like that. After a space the heading
    must end like one (…情况); an unnumbered heading only takes a “无”-like text."""
    if "\n" in text:
        return "", ""
    style, rest = numbering(text)
    m = _RUN_IN.match(rest)
    if not m or match_section(m.group(1)) is None:
        return "", ""
    words, tail = m.group(1), m.group(4).strip()
    spaced = m.group(3) is not None
    if (spaced or not style) and not key(words).rstrip("。").endswith(_HEADING_ENDS):
        return "", ""
    if not style and not _NONE_TEXT.match(key(tail)):
        return "", ""
    return text[: len(text) - len(rest)] + words, tail


def _heading_candidate(b: Block) -> tuple[bool, str]:
    """(is a candidate, numbering style)."""
    text = b.text
    if not text or "\n" in text or _NUM_IS.match(text):
        return False, ""
    style, rest = numbering(text)
    k = key(rest)
    if not k:
        return False, style
    if b.style.lower().startswith(("heading", "title")) or b.style.startswith(("标题",)):
        return len(k) <= 40, style or "styled"
    if style:
        return len(k) <= 30 and not re.search(r"[，,；;]", rest), style
    if len(k) > 24 or re.search(r"[，,；;]", rest):
        return False, ""
    if b.bold:
        return True, ""
    if k.startswith(_PRONOUN_START):
        return False, ""
    return k.rstrip("。.:：").endswith(_HEADING_ENDS), ""


def _styled_top(b: Block) -> bool:
    s = b.style.lower()
    return s.startswith(("heading 1", "title")) or s in ("heading1",) or b.style.replace(" ", "").startswith("标题1")


def _level(b: Block, style: str) -> str:
    """The heading level a paragraph is written in: "styled" (Heading 1), a numbering style, "bold" or ""."""
    if _styled_top(b):
        return "styled"
    if style in _NUMBERED:
        return style
    return "bold" if b.bold else ""


#: what a heading ends with even when it ends in “。” (“三、部门整体支出绩效情况。”); a list item
#: ends with what is done (“……建设。”, “……结果应用。”, “……工作计划。”)
_HEADING_LIKE_ENDS = ("情况", "概况", "分析", "问题", "不足", "原因", "措施", "方向", "说明", "事项", "职责",
                      "方面", "打算", "建议")


def _is_sentence(text: str) -> bool:
    """A line that reads like a sentence (a list item), not like a heading with a full stop."""
    t = text.rstrip()
    if not t.endswith(("。", "；", ";", "！", "!")):
        return False
    k = key(numbering(t)[1]).rstrip("。；;！!")
    return not (len(k) <= 24 and k.endswith(_HEADING_LIKE_ENDS))


@dataclass
class _Para:
    """A body paragraph read as a possible heading."""
    text: str
    head: str = ""            # the heading part of a heading with its text run in
    tail: str = ""            # the text run in
    cand: bool = False
    style: str = ""
    section: Optional[int] = None
    level: str = ""
    number: Optional[int] = None
    sentence: bool = False
    sub_styled: bool = False  # styled Heading 2, 3, … (标题 2 …)


def _read_para(b: Block) -> _Para:
    p = _Para(b.text)
    head, tail = _run_in(b.text)
    if tail:
        p.cand, p.style = _heading_candidate(Block(text=head, style=b.style, bold=b.bold))
        p.section = match_section(head) if p.cand else None
        if p.section is not None:
            p.head, p.tail = head, tail
    if not p.tail:
        p.cand, p.style = _heading_candidate(b)
        p.section = match_section(b.text) if p.cand else None
    p.level = _level(b, p.style)
    p.number = _number_of(b.text) if p.style in _NUMBERED or (p.level == "styled" and p.style) else None
    p.sentence = _is_sentence(p.head or b.text)
    p.sub_styled = bool(re.match(r"(?:heading|标题)\s*[2-9]", b.style.strip().lower()))
    return p


def _top_level(paras: dict[int, _Para]) -> Optional[str]:
    """The level the report writes its section headings in: the one whose headings name the
    most different sections (a numbered or styled level when one names three or more)."""
    return _vote(paras)[0]


def _vote(paras: dict[int, _Para]) -> tuple[Optional[str], int]:
    """(the level, how many sections its headings name)."""
    seen: dict[str, set[int]] = {}
    numbers: dict[str, list[int]] = {}
    for p in paras.values():
        if p.section is not None and not (p.sentence and p.level in _NUMBERED):
            seen.setdefault(p.level, set()).add(p.section)
            if p.number is not None:
                numbers.setdefault(p.level, []).append(p.number)
    if not seen:
        return None, 0
    # section headings are numbered upwards; sub-headings start again in each section
    rising = {lv: all(a < b for a, b in zip(ns, ns[1:])) for lv, ns in numbers.items()}
    strong = [lv for lv in _LEVEL_ORDER
              if lv not in ("bold", "") and len(seen.get(lv, ())) >= 3 and rising.get(lv, True)]
    pool = strong or [lv for lv in _LEVEL_ORDER if lv in seen]
    best = max(pool, key=lambda lv: (len(seen[lv]), -_LEVEL_ORDER.index(lv)))
    return best, len(seen[best])


_YEAR_MENTION = re.compile(r"(?<!\d)((?:19|20|21)\d{2})\s*年(?!\d)")


def body_year(texts) -> tuple[Optional[int], int]:
    """(the year most “YYYY年” mentions name, how many name it); ties go to the earlier year
    (a report also names the next year in its plans)."""
    counts = Counter(int(y) for t in texts for y in _YEAR_MENTION.findall(t))
    if not counts:
        return None, 0
    year = min(counts, key=lambda y: (-counts[y], y))
    return year, counts[year]
