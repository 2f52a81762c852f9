"""Split a report body into the ten sections: headings by meaning, list items, run-in text, the title.

Headings are found by meaning, not by number: a heading is a short paragraph
(a Heading style, bold, a numbered line like “一、…”/“1、…”/“（一）…”, or a short
line ending in a heading word such as 情况/分析/措施) whose words match one of the
ten sections (``SECTION_RULES``). Real reports number and word their headings in
many ways and merge or rename sections; the rules below absorb that.

Decisions (kept consistent with how the editor stores a section: plain text, one
paragraph per line, lines separated by "\\n"). Every body paragraph other than the
headings that open a section, the title, annex labels, table-of-contents lines and
the sign-off (those are listed in ``taken``/``skipped``) ends up exactly once and
verbatim in one section:

- The heading that opens a section is not kept (the tool prints the standard
  title); sub-headings (（一）…, 1．…) stay in the text as lines of their own.
- A second source heading for a section already opened (e.g. “存在的主要问题” and
  “产生问题的主要原因” → 七) is kept verbatim as a line, and the merge is listed.
- A heading with its text run in (“三、政府性基金预算支出情况：无。”, “…情况   无”)
  opens its section and the text (“无。”) is the section's content.
- Text before the first heading (the preamble, e.g. “根据……现报告如下：”) is put
  at the top of section 一 and listed for review.
- A top-level heading that matches no section goes, verbatim, to section 十 with
  its text, and is listed for review.
- The top level is the level (Heading 1, a numbering style, bold, none) whose headings
  name the most sections; a numbering style counts only if its numbers rise through
  the report (sub-headings and list items start again in each section). Only the top
  level may go back to an earlier section, and an unnumbered one not to a section
  already opened; other headings only forward. A numbered line ending like a sentence
  (“3、大力推进职工文化建设。”, “（二）规范……。”, but not “三、……情况。”) or “一是……” is a
  list item, never a heading. When the headings are numbered, the section headings are
  the best chain of rising numbers (``_numbered_headings``); a line numbered like them
  but off the chain (“一、职能职责” under “一、部门概况”) is an item or sub-heading.
  Under Heading-1 headings, a Heading 2 (标题 2 …) paragraph is always a sub-heading.
- A paragraph ending in “表” is a table title only when a table follows (see
  ``_annex_context``). Tables that are annex tables (附件2/3/4) go to
  ``importers.tables``; other tables become lines “单元格 | 单元格” in the current
  section, listed for review.
- The year: the title's; ``body_year`` also counts the “YYYY年” mentions in the body
  for a report without a title (``importers._detect_year`` uses it last).
"""
from __future__ import annotations

import re
from typing import Optional

from model.report import SECTIONS

from .docx import Block, DocxContent
from .grid import SourceGrid, key
from .headings import (  # noqa: F401  (numbering, match_section, _run_in, SECTION_RULES: re-exported)
    _NUMBERED, SECTION_RULES, _heading_candidate, _number_of, _Para, _read_para, _run_in, _top_level, body_year,
    match_section, numbering)

_TITLE_RE = re.compile(r"((?:19|20|21)\d{2})\s*年度?\s*(.*?)\s*(?:部门)?(?:整体)?(?:支出)?绩效(?:自评|评价)*报告")
_ANNEX_LABEL = re.compile(r"^附件\s*[0-9一二三四五六七八九十]+\s*[:：]?$")
_DATE_LINE = re.compile(r"^(?:19|20|21)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_UNIT_SUFFIX = re.compile(r"(县|区|市|州|省|局|会|委|院|政府|中心|办公室|办|所|站|队|社|馆|团|部|厅|处|室|公司)$")
_TOC_LINE = re.compile(r"(?:\.{4,}|…{2,}|·{4,}|-{6,})\s*\d{1,3}\s*$")


# --------------------------------------------------------------------------- splitting

def split_sections(blocks: list[Block]) -> DocxContent:
    """Distribute the paragraphs over the ten sections (see the module docstring)."""
    out = DocxContent(sections=[""] * len(SECTIONS))
    lines: list[list[str]] = [[] for _ in SECTIONS]
    consumed = _annex_context(blocks, out)
    signoff = _signoff(blocks, consumed)
    body: list[int] = []        # the paragraphs and tables that are body text, in order
    before_title: list[int] = []
    title_done = False          # a title is looked for up to the first heading
    for i, b in enumerate(blocks):
        if i in consumed or i in signoff:
            continue
        if b.grid is not None:
            body.append(i)
            continue
        text = b.text
        if not text:
            continue
        if b.style.lower().startswith("toc") or _TOC_LINE.search(text) or key(text) == "目录":
            out.skipped.append(f"目录行“{text}”未放入正文")
            continue
        if _ANNEX_LABEL.match(key(text)):
            out.skipped.append(f"标签“{text}”（附件编号）未放入正文")
            continue
        if not title_done:
            before = [blocks[j].text for j in before_title]
            if _take_title(text, before, out):
                title_done = True
                if not before:     # the lines before were part of the title
                    body = [j for j in body if j not in before_title]
                continue
            if _read_para(b).section is not None:
                title_done = True
            else:
                before_title.append(i)
        body.append(i)
    year, mentions = body_year(blocks[i].text for i in body if blocks[i].grid is None)
    if year is not None:
        out.body_year = year
        out.body_year_mentions = mentions
    paras = {i: _read_para(blocks[i]) for i in body if blocks[i].grid is None}
    top = _top_level(paras)
    _distribute(blocks, body, paras, top, _numbered_headings(body, paras, top), lines, out)
    for idx in range(len(SECTIONS)):
        out.sections[idx] = "\n".join(lines[idx])
        if out.headings[idx]:
            src = "、".join(f"“{h}”" for h in out.headings[idx])
            out.taken.append(f"第{SECTIONS[idx][0]}部分“{SECTIONS[idx][1]}”← {src}（{len(lines[idx])} 段）")
    missing = [f"{SECTIONS[i][0]}、{SECTIONS[i][1]}" for i in range(len(SECTIONS)) if not lines[i]]
    if missing:
        out.review.append("以下章节在 Word 报告中没有找到内容：" + "；".join(missing))
    for i in sorted(signoff):
        out.skipped.append(f"落款“{blocks[i].text}”未放入正文（导出时按基础信息自动生成）")
        if not out.unit_name and _UNIT_SUFFIX.search(key(blocks[i].text)) and not _DATE_LINE.match(key(blocks[i].text)):
            out.unit_name = blocks[i].text.strip()
    return out


def _take_title(text: str, before: list[str], out: DocxContent) -> bool:
    """Read a title line (with the short lines ``before`` it, a title over several paragraphs):
    the year and the unit. True when ``text`` is the title; ``before`` is then emptied."""
    k = key(text)
    is_title = bool(_TITLE_RE.search(k)) or (k.endswith(("绩效自评报告", "绩效报告", "绩效评价报告")) and len(k) <= 40)
    if not is_title:
        return False
    if before and all(_short_line(t) for t in before):
        # a title spread over several paragraphs: “青石县总工会” / “2024年度……报告”
        out.taken.append("标题行" + "、".join(f"“{t}”" for t in before))
        text = "".join(before) + text
        before.clear()
        k = key(text)
    m = _TITLE_RE.search(k)
    if m and len(k) <= 60:
        out.year = int(m.group(1))
        unit = m.group(2).strip("(（)）")
        lead = k[: m.start()].strip("(（)）")
        if unit and _UNIT_SUFFIX.search(unit):
            out.unit_name = unit
        elif lead and _UNIT_SUFFIX.search(lead):
            out.unit_name = lead
        out.taken.append(f"标题“{text}”" + (f"：年度 {out.year}" if out.year else "")
                         + (f"，单位“{out.unit_name}”" if out.unit_name else ""))
        return True
    if k.endswith(("绩效自评报告", "绩效报告", "绩效评价报告")) and len(k) <= 40:
        out.taken.append(f"标题“{text}”")
        return True
    return False


_MAX_CHAIN = 600    # numbered headings at most for the quadratic chain search


def _numbered_headings(body: list[int], paras: dict[int, _Para], top: Optional[str]) -> Optional[list[int]]:
    """When the headings are numbered (一、二、…): the paragraphs, in order, that are the section
    headings: the best chain of top-level lines whose numbers rise (see ``step``), the earliest
    line where two could serve. Lines numbered the same way off the chain (“二、项目支出
    情况” under “二、一般公共预算支出情况”) are items. None when the headings are not numbered."""
    if top not in _NUMBERED:
        return None
    idx = [i for i in body if i in paras and paras[i].level == top and paras[i].number is not None
           and paras[i].cand and not paras[i].sentence]
    if not any(paras[i].section is not None for i in idx) or len(idx) > _MAX_CHAIN:
        return None
    num = [paras[i].number for i in idx]
    sec = [paras[i].section for i in idx]

    def step(b: int, a: int) -> float:
        """How much a heading at ``a`` after one at ``b`` is worth: a later section most, a
        heading that names no section (it goes to 十) less, the same section (a merge) little."""
        if sec[a] is None:
            return 1
        if sec[b] is None or sec[a] > sec[b]:
            return 2
        return 0.5 if sec[a] == sec[b] else 0.25

    score = [2.0 if s is not None else 1.0 for s in sec]
    prev = [-1] * len(idx)
    for a in range(len(idx)):
        for b in range(a):
            gain = score[b] + step(b, a)
            if num[b] < num[a] and gain > score[a]:
                score[a], prev[a] = gain, b
    a = max(range(len(idx)), key=lambda k: (score[k], -k))
    chain = []
    while a >= 0:
        chain.append(idx[a])
        a = prev[a]
    return chain[::-1]


def _distribute(blocks: list[Block], body: list[int], paras: dict[int, _Para], top: Optional[str],
                chain: Optional[list[int]], lines: list[list[str]], out: DocxContent) -> None:
    """Walk the body in order: open a section at each heading, put every other paragraph
    (verbatim) into the section open at that point. ``chain``: see ``_numbered_headings``."""
    on_chain = set(chain or ())
    current: Optional[int] = None      # None before the first heading
    unmatched_heading: Optional[str] = None
    unmatched_count = 0
    last_top: Optional[int] = None     # the number of the last top-level heading
    run: dict[str, int] = {}           # numbered list items since the last heading: style → last number
    preamble: list[str] = []

    def put(text: str) -> None:
        nonlocal unmatched_count
        if current is None:
            preamble.append(text)
        else:
            lines[current].append(text)
            if unmatched_heading is not None:
                unmatched_count += 1

    def close_unmatched() -> None:
        nonlocal unmatched_heading
        if unmatched_heading is not None:
            out.review.append(f"“{unmatched_heading}”及其下 {unmatched_count} 段未能对应到标准章节，"
                              "已放入第十部分“其他需要说明的情况”，请移到合适的位置")
            unmatched_heading = None

    for i in body:
        b = blocks[i]
        if b.grid is not None:
            rows = [" | ".join(dict.fromkeys(t for t in row if t)) for row in b.grid.cells]
            rows = [r for r in rows if r]
            if rows:
                target = current if current is not None else 9
                lines[target].extend(rows)
                out.review.append(f"{b.grid.label}不是附件表，已按行转为文字放入第{SECTIONS[target][0]}部分，请复核")
            continue
        p = paras[i]
        text = p.text
        on_top = top is not None and p.level == top
        in_order = p.number is None or last_top is None or p.number > last_top
        if p.level in _NUMBERED and p.number is not None:
            # a list item numbered like the headings: its number goes back, or it goes on a list
            if current is not None and on_top and (
                    not in_order or (p.sentence and run.get(p.level, -1) + 1 == p.number)):
                run[p.level] = p.number
                put(text)
                continue
            if current is not None and (p.section is None or p.sentence):
                run[p.level] = p.number
            if chain is not None and on_top and i not in on_chain:
                put(text)                        # numbered like the headings but off their chain
                continue
        fits = i in on_chain if chain is not None else in_order
        if p.cand and p.section is None and current is not None and on_top and p.level not in ("", "bold") \
                and fits and not p.sentence and (p.number is not None or p.level == "styled"):
            # a top-level heading that fits none of the ten sections
            close_unmatched()
            unmatched_heading = text
            unmatched_count = 0
            current = 9
            run = {}
            if p.number is not None:
                last_top = p.number
            lines[9].append(text)
            continue
        if p.section is None or (top == "styled" and p.sub_styled and current is not None):
            put(text)                            # under Heading-1 headings, a Heading 2 is a sub-heading
            continue
        section = p.section
        is_top = p.level == "styled" or ((p.level in ("cn", "cn_dot", "part") or on_top) and in_order)
        if current is None:
            is_top = True
        if p.sentence and p.level in _NUMBERED and not on_top:
            put(text)                            # “（二）规范社会保险基金缴纳。”: a list item
            continue
        if section == current and out.headings[section] and not (is_top and lines[section]
                                                                  and p.level not in ("", "bold")):
            put(text)                            # a sub-heading inside its own section
            continue
        if current is not None and section < current and (
                not is_top or (p.level in ("", "bold") and out.headings[section])):
            put(text)                            # backwards by a sub-heading: keep in place
            continue
        if current is not None and section > current and not is_top and p.level in _NUMBERED \
                and p.number != section + 1:
            put(text)                            # a numbered sub-item that happens to match
            continue
        close_unmatched()
        if current is None and preamble:
            lines[0][:0] = preamble
            out.review.append(f"标题与第一个章节之间的 {len(preamble)} 段引言已放在第一部分开头，请确认")
            preamble = []
        heading = p.head or text
        if lines[section] and out.headings[section]:
            lines[section].append(heading)       # merged: keep the source heading as a line
            out.review.append(f"“{heading}”与“{out.headings[section][0]}”都对应第{SECTIONS[section][0]}部分"
                              f"“{SECTIONS[section][1]}”，已合并")
        out.headings[section].append(heading)
        current = section
        run = {}
        if p.tail:
            lines[section].append(p.tail)
        if p.number is not None and is_top:
            last_top = p.number
    close_unmatched()
    if preamble:   # no heading at all
        lines[9].extend(preamble)
        out.review.append(f"未能识别出任何章节标题，全部 {len(preamble)} 段正文已放入第十部分，请按章节整理")


def _short_line(text: str) -> bool:
    k = key(text)
    return len(k) <= 24 and not re.search(r"[。，；：,;:！？]", k)


def _signoff(blocks: list[Block], consumed: set[int]) -> set[int]:
    """The unit name and date lines at the very end of the body."""
    found: set[int] = set()
    i = len(blocks) - 1
    while i >= 0 and len(found) < 3:
        b = blocks[i]
        if i in consumed or (b.grid is None and not b.text):
            i -= 1
            continue
        if b.grid is not None:
            break
        k = key(b.text)
        if _DATE_LINE.match(k) or (len(k) <= 20 and _UNIT_SUFFIX.search(k) and not re.search(r"[。，；：,;:]", k)):
            found.add(i)
            i -= 1
            continue
        break
    return found


def _annex_context(blocks: list[Block], out: DocxContent) -> set[int]:
    """Attach title and footer paragraphs to annex tables; return the paragraphs used."""
    from .tables import segments
    from .tables.base import OTHER
    from .tables.segments import is_year_line, title_kind
    used: set[int] = set()
    for i, b in enumerate(blocks):
        if b.grid is None:
            continue
        before: list[int] = []
        j = i - 1
        while j >= 0 and len(before) < 4:
            pj = blocks[j]
            if pj.grid is not None:
                break
            if not pj.text:
                j -= 1
                continue
            k = key(pj.text)
            if len(k) <= 60 and (re.search(r"表$|附件\d|单位[:：]|^\d{4}年度", k) or _ANNEX_LABEL.match(k)
                                 or title_kind(k) or is_year_line(k)):
                before.append(j)
                j -= 1
                continue
            break
        after: list[int] = []
        j = i + 1
        while j < len(blocks) and len(after) < 3:
            pj = blocks[j]
            if pj.grid is not None:
                break
            if not pj.text:
                j += 1
                continue
            if re.match(r"^(填表人|填报日期|联系电话|单位负责人)", key(pj.text)):
                after.append(j)
                j += 1
                continue
            break
        g = b.grid
        title_rows = [[blocks[j].text] for j in sorted(before)]
        footer_rows = [[blocks[j].text] for j in after]
        trial = SourceGrid(g.label, [row[:] for row in g.cells], [row[:] for row in g.anchors])
        titled = SourceGrid(g.label, [r[:] for r in title_rows] + [r[:] for r in g.cells])
        if not segments(trial) and not segments(titled):
            kinds = {seg.kind for seg in segments(titled, others=True)}
            if kinds == {OTHER}:    # a 考核评分表 or 绩效目标申报表: text for the reader, not an annex
                title = "".join(blocks[j].text for j in sorted(before) if not _ANNEX_LABEL.match(key(blocks[j].text)))
                out.skipped.append(f"{g.label}{f'“{title}”' if title else ''}不是附件2/3/4（如考核评分表、绩效目标申报表），"
                                   "未作为附件导入，表中文字按行放入正文")
            continue
        width = g.ncols
        n_top = len(title_rows)
        cells = [r + [""] * (width - 1) for r in title_rows] + g.cells + \
            [r + [""] * (width - 1) for r in footer_rows]
        anchors = [[(r, 0) if c == 0 else (r, c) for c in range(width)] for r in range(n_top)]
        anchors += [[(a + n_top, b2) for a, b2 in row] for row in g.anchors]
        base = n_top + g.nrows
        anchors += [[(base + r, c) for c in range(width)] for r in range(len(footer_rows))]
        row_names = [f"（表前标题{r + 1}）" for r in range(n_top)] + g.row_names + \
            [f"（表后第{r + 1}行）" for r in range(len(footer_rows))]
        b.grid = SourceGrid(g.label, cells, anchors, row_names, g.col_names)
        b.grid.context = [blocks[j].text for j in sorted(before)]
        out.grids.append(b.grid)
        used.update(before)
        used.update(after)
        used.add(i)
    return used
