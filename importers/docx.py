"""Read last year's Word report (.docx): the ten body sections, the title, annex tables.

Headings are found by meaning, not by number: a heading is a short paragraph
(a Heading style, bold, a numbered line like “一、…”/“1、…”/“（一）…”, or a short
line ending in a heading word such as 情况/分析/措施) whose words match one of the
ten sections (``SECTION_RULES``). Real reports number and word their headings in
many ways and merge or rename sections; the rules below absorb that.

Decisions (kept consistent with how the editor stores a section: plain text, one
paragraph per line, lines separated by "\\n"):

- The heading that opens a section is not kept (the tool prints the standard
  title); sub-headings (（一）…, 1．…) stay in the text as lines of their own.
- A second source heading for a section already opened (e.g. “存在的主要问题” and
  “产生问题的主要原因” → 七) is appended: its wording stays as a line, and the
  merge is listed for review.
- Text before the first heading (the preamble, e.g. “根据……现报告如下：”) is put
  at the top of section 一 and listed for review.
- Text under a heading that matches no section goes to section 十, heading
  included, and is listed for review. No paragraph is dropped silently: title
  lines, annex labels and the sign-off are listed in the summary.
- Sub-level headings (（一）, 1．) and unnumbered lines may only move forward to a
  later section; only top-level headings (一、, Heading 1, or the numbering style
  of the report's first heading) may go back. This keeps “1．预算执行率” inside 六
  from being taken for section 二.
- Tables that are annex tables (附件2/3/4) go to ``importers.tables``; other
  tables become lines “单元格 | 单元格” in the current section, listed for review.
"""
from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, field
from typing import Optional

from model.report import SECTIONS

from .errors import ImportError_
from .grid import SourceGrid, clean_text, key
from .safety import DOCX, GridBudget, check_package, checkpoint

MAX_PARAGRAPHS = 50_000

# (section index, patterns) in the order they are tried
SECTION_RULES: tuple[tuple[int, tuple[str, ...]], ...] = (
    (2, ("政府性基金",)),
    (3, ("国有资本经营",)),
    (4, ("社会保险基金",)),
    (8, ("自评结果", "评价结果", "结果应用", "结果的应用", "应用和公开", "应用及公开", "应用与公开", "公开情况")),
    (9, ("其他需要说明", "其他说明", "需要说明的", "其他事项", "其他情况")),
    (6, ("存在的", "存在问题")),
    (7, ("改进措施", "改进方向", "努力方向", "下一步", "下步", "工作打算", "工作计划", "整改措施", "意见建议",
         "改进建议", "对策建议", "措施建议")),
    (6, ("问题", "不足", "原因分析", "主要原因")),
    (5, ("绩效情况", "绩效分析", "绩效评价", "支出绩效", "绩效自评", "履职效能", "绩效目标完成", "绩效目标实现")),
    (1, ("一般公共预算", "支出管理", "使用情况", "支出情况", "预算执行情况", "收支情况", "资金使用")),
    (0, ("基本情况", "概况", "职能职责", "部门简介", "单位简介", "基本概况")),
)
_HEADING_ENDS = ("情况", "概况", "分析", "措施", "不足", "问题", "原因", "方向", "建议", "说明", "应用", "公开",
                 "事项", "简介", "职责", "打算", "计划")
_NUM_TOP = re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*[、.．]\s*")
_NUM_PART = re.compile(r"^\s*第[一二三四五六七八九十]{1,3}(?:部分|章|节)\s*[、.．:：]?\s*")
_NUM_ARABIC = re.compile(r"^\s*(\d{1,2})\s*(?:、|[.．](?!\d))\s*")
_NUM_PAREN = re.compile(r"^\s*[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）]\s*[、.．]?\s*")
_NUM_PAREN_ARABIC = re.compile(r"^\s*[（(]\s*\d{1,2}\s*[)）]\s*")
_TITLE_RE = re.compile(r"((?:19|20|21)\d{2})\s*年度?\s*(.*?)\s*(?:部门)?(?:整体)?(?:支出)?绩效(?:自评|评价)*报告")
_ANNEX_LABEL = re.compile(r"^附件\s*[0-9一二三四五六七八九十]+\s*[:：]?$")
_DATE_LINE = re.compile(r"^(?:19|20|21)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_UNIT_SUFFIX = re.compile(r"(县|区|市|州|省|局|会|委|院|中心|办公室|办|所|站|队|社|馆|团|部|厅|处|室|公司)$")
_TOC_LINE = re.compile(r"(?:\.{4,}|…{2,}|·{4,}|-{6,})\s*\d{1,3}\s*$")
_PRONOUN_START = ("我", "本", "今年", "全年", "该", "其中", "主要")


@dataclass
class Block:
    """One body element in order: a paragraph or a table."""
    text: str = ""
    style: str = ""
    bold: bool = False
    grid: Optional[SourceGrid] = None


@dataclass
class DocxContent:
    sections: list[str]
    year: Optional[int] = None
    unit_name: str = ""
    grids: list[SourceGrid] = field(default_factory=list)
    taken: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    #: for each section, the source headings that fed it (for the summary)
    headings: list[list[str]] = field(default_factory=lambda: [[] for _ in SECTIONS])


# --------------------------------------------------------------------------- reading the file

def load_blocks(path: str) -> list[Block]:
    name = os.path.basename(path)
    check_package(path, DOCX)
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    try:
        document = docx.Document(path)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError,
            AttributeError, IndexError, TypeError) as e:
        raise ImportError_(f"Word 文件“{name}”已损坏或格式不正确，无法读取（{type(e).__name__}）") from None
    except Exception as e:  # lxml syntax errors and the like
        if type(e).__module__.startswith(("lxml", "xml", "docx")):
            raise ImportError_(f"Word 文件“{name}”的内部 XML 无法读取，未导入") from None
        raise ImportError_(f"Word 文件“{name}”无法读取（{type(e).__name__}）") from None
    from docx.text.paragraph import Paragraph
    blocks: list[Block] = []
    body = document.element.body
    n_tables = 0
    styles = _StyleTable(document)
    budget = GridBudget(name)
    for child in _block_elements(body):
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(child, document)
            style_name, style_bold = styles.of(child)
            text = clean_text(p.text)
            # boldness only matters for short lines (heading candidates)
            bold = _is_bold(p, style_bold) if 0 < len(text) <= 40 else False
            blocks.append(Block(text=text, style=style_name, bold=bold))
        elif tag == "tbl":
            checkpoint()
            n_tables += 1
            blocks.append(Block(grid=_table_grid(child, n_tables, budget)))
        if len(blocks) > MAX_PARAGRAPHS:
            raise ImportError_(f"Word 文件“{name}”的段落超过 {MAX_PARAGRAPHS} 个，不像是自评报告，未导入")
        if len(blocks) % 1024 == 0:
            checkpoint()
    return blocks


def _block_elements(parent, depth: int = 0):
    """Paragraphs and tables in body order, also inside content controls (w:sdt), which
    templates use for cover pages and tables of contents."""
    for child in parent.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if tag in ("p", "tbl"):
            yield child
        elif tag in ("sdt", "sdtContent", "customXml") and depth < 8:
            yield from _block_elements(child, depth + 1)


class _StyleTable:
    """Paragraph style names and boldness, looked up once (python-docx's ``Paragraph.style``
    scans every style on each call, which is quadratic on long reports)."""

    def __init__(self, document):
        self.by_id: dict[str, tuple[str, bool]] = {}
        self.default = ("", False)
        try:
            from docx.enum.style import WD_STYLE_TYPE
            for st in document.styles:
                if st.type != WD_STYLE_TYPE.PARAGRAPH:
                    continue
                try:
                    bold = bool(st.font.bold)
                except (AttributeError, ValueError):
                    bold = False
                self.by_id[st.style_id] = (st.name or "", bold)
            d = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
            if d is not None:
                self.default = self.by_id.get(d.style_id, ("", False))
        except (KeyError, AttributeError, ValueError, TypeError):
            pass

    def of(self, p_element) -> tuple[str, bool]:
        try:
            ppr = p_element.pPr
            sid = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
        except (AttributeError, ValueError):
            sid = None
        if sid is None:
            return self.default
        return self.by_id.get(sid, self.default)


def _is_bold(p, style_bold: bool) -> bool:
    try:
        runs = [r for r in p.runs if r.text.strip()]
        if not runs:
            return False
        return all(r.bold or (r.bold is None and style_bold) for r in runs)
    except (AttributeError, ValueError):
        return False


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_TABLE_ROWS = 2000     # rows read from one table
MAX_TABLE_COLS = 200      # grid columns read from one table


def _int_attr(element, child: str, default: int) -> int:
    """w:val of ``child`` under ``element`` as a non-negative int (default when absent or bad)."""
    if element is None:
        return default
    sub = element.find(_W + child)
    if sub is None:
        return default
    try:
        return max(0, int(sub.get(_W + "val", default)))
    except (TypeError, ValueError):
        return default


def _table_grid(tbl, number: int, budget: GridBudget) -> SourceGrid:
    """A Word table (its ``w:tbl`` element) as a grid, read from the XML in one pass.

    Like python-docx's ``row.cells``: a cell spanning n grid columns (w:gridSpan)
    appears n times, and a cell continuing a vertical merge (w:vMerge) is the cell
    it continues. But a span is clipped to the table's real columns (w:tblGrid, at
    most ``MAX_TABLE_COLS``), vertical merges are resolved row by row from the row
    above (python-docx recurses once per merged row), and every cell placed is
    counted against the file's ``budget``.
    """
    grid = tbl.find(_W + "tblGrid")
    n_grid = len(grid.findall(_W + "gridCol")) if grid is not None else 0
    limit = min(n_grid, MAX_TABLE_COLS) if n_grid else MAX_TABLE_COLS
    where = f"第 {number} 个表格"
    cells: list[list[str]] = []
    anchors: list[list[tuple[int, int]]] = []
    above: dict[int, tuple[tuple[int, int], str]] = {}   # grid offset → (anchor, text) in the row above
    for r, tr in enumerate(tbl.iterchildren(_W + "tr")):
        if r >= MAX_TABLE_ROWS:
            break
        if r % 64 == 0:
            checkpoint()
        texts: list[str] = []
        anch: list[tuple[int, int]] = []
        here: dict[int, tuple[tuple[int, int], str]] = {}
        offset = _int_attr(tr.find(_W + "trPr"), "gridBefore", 0)
        for tc in tr.iterchildren(_W + "tc"):
            if len(texts) >= MAX_TABLE_COLS:
                break
            pr = tc.find(_W + "tcPr")
            span = max(1, min(_int_attr(pr, "gridSpan", 1), limit - offset))
            vmerge = pr.find(_W + "vMerge") if pr is not None else None
            continues = vmerge is not None and vmerge.get(_W + "val", "continue") == "continue"
            if continues and offset in above:
                anchor, text = above[offset]
            else:
                text = budget.cell("\n".join(p.text for p in tc.iterchildren(_W + "p")),
                                   f"Word {where}第 {r + 1} 行的单元格")
                text = clean_text(text)
                anchor = (r, len(texts))
            here[offset] = (anchor, text)
            span = min(span, MAX_TABLE_COLS - len(texts))
            budget.place(len(text), span)
            texts.extend([text] * span)
            anch.extend([anchor] * span)
            offset += span
        cells.append(texts)
        anchors.append(anch)
        above = here
    width = max((len(r) for r in cells), default=0)
    for r, row in enumerate(anchors):
        row.extend((r, c) for c in range(len(row), width))
    return SourceGrid(label=f"Word {where}", cells=cells, anchors=anchors,
                      row_names=[f"第{r + 1}行" for r in range(len(cells))],
                      col_names=[f"第{c + 1}列" for c in range(width)])


# --------------------------------------------------------------------------- headings

def numbering(text: str) -> tuple[str, str]:
    """(style, rest): style is "cn" (一、), "part" (第一部分), "arabic" (1、/1．), "paren" (（一）),
    "paren_arabic" ((1)) or "" (none)."""
    for style, rx in (("part", _NUM_PART), ("cn", _NUM_TOP), ("paren", _NUM_PAREN),
                      ("paren_arabic", _NUM_PAREN_ARABIC), ("arabic", _NUM_ARABIC)):
        m = rx.match(text)
        if m:
            return style, text[m.end():].strip()
    return "", text.strip()


_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _number_of(text: str) -> Optional[int]:
    """The number a heading carries: “2、…” → 2, “（七）…” → 7."""
    m = re.match(r"^\s*[（(]?\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）、.．]", text)
    if not m:
        return None
    t = m.group(1)
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


_RUN_IN = re.compile(r"^(.{2,30}?)[：:。]\s*(\S.*)$", re.S)


def _run_in(text: str) -> tuple[str, str]:
    """Split a numbered heading with its text run in (“十、其他需要说明的情况：无。”)
    into (heading, text); ("", "") when the paragraph is not like that."""
    style, rest = numbering(text)
    if not style or "\n" in text:
        return "", ""
    m = _RUN_IN.match(rest)
    if not m or match_section(m.group(1)) is None:
        return "", ""
    return text[: len(text) - len(rest)] + m.group(1), m.group(2).strip()


def _heading_candidate(b: Block) -> tuple[bool, str]:
    """(is a candidate, numbering style)."""
    text = b.text
    if not text or "\n" in text:
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


# --------------------------------------------------------------------------- splitting

def split_sections(blocks: list[Block]) -> DocxContent:
    """Distribute the paragraphs over the ten sections (see the module docstring)."""
    out = DocxContent(sections=[""] * len(SECTIONS))
    lines: list[list[str]] = [[] for _ in SECTIONS]
    consumed = _annex_context(blocks, out)
    current: Optional[int] = None      # None before the first heading
    unmatched_heading: Optional[str] = None
    unmatched_count = 0
    top_style: Optional[str] = None
    last_top: Optional[int] = None     # the number of the last top-level heading
    preamble: list[str] = []
    title_done = False
    signoff = _signoff(blocks, consumed)
    for i, b in enumerate(blocks):
        if i in consumed or i in signoff:
            continue
        if b.grid is not None:
            rows = [" | ".join(dict.fromkeys(t for t in row if t)) for row in b.grid.cells]
            rows = [r for r in rows if r]
            if rows:
                target = current if current is not None else 9
                lines[target].extend(rows)
                out.review.append(f"{b.grid.label}不是附件表，已按行转为文字放入第{SECTIONS[target][0]}部分，请复核")
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
        if current is None and not title_done:
            is_title = bool(_TITLE_RE.search(key(text))) or (
                key(text).endswith(("绩效自评报告", "绩效报告", "绩效评价报告")) and len(key(text)) <= 40)
            if is_title and preamble and all(_short_line(t) for t in preamble):
                # a title spread over several paragraphs: “青石县总工会” / “2024年度……报告”
                out.taken.append("标题行" + "、".join(f"“{t}”" for t in preamble))
                text = "".join(preamble) + text
                preamble = []
            m = _TITLE_RE.search(key(text))
            if m and len(key(text)) <= 60:
                out.year = int(m.group(1))
                unit = m.group(2).strip("(（)）")
                before = key(text)[: m.start()].strip("(（)）")
                if unit and _UNIT_SUFFIX.search(unit):
                    out.unit_name = unit
                elif before and _UNIT_SUFFIX.search(before):
                    out.unit_name = before
                out.taken.append(f"标题“{text}”" + (f"：年度 {out.year}" if out.year else "")
                                 + (f"，单位“{out.unit_name}”" if out.unit_name else ""))
                title_done = True
                continue
            if key(text).endswith(("绩效自评报告", "绩效报告", "绩效评价报告")) and len(key(text)) <= 40:
                out.taken.append(f"标题“{text}”")
                title_done = True
                continue
        head, tail = _run_in(text)
        if tail:   # “十、其他需要说明的情况：无。” — a heading with its text run in
            cand, style = _heading_candidate(Block(text=head, style=b.style, bold=b.bold))
            section = match_section(head) if cand else None
            if section is None:
                cand, style = _heading_candidate(b)
                section = match_section(text) if cand else None
                tail = ""
        else:
            cand, style = _heading_candidate(b)
            section = match_section(text) if cand else None
        number = _number_of(text) if style else None
        # top-level numbers only go up: “1．” after “3、” is an item inside section 3
        in_order = number is None or last_top is None or number > last_top
        if cand and section is None and current is not None and style and style == top_style \
                and style != "styled" and number is not None and in_order:
            # a top-level heading that fits none of the ten sections
            unmatched_heading = text
            unmatched_count = 0
            current = 9
            last_top = number
            lines[9].append(numbering(text)[1])
            continue
        if section is not None:
            styled_top = b.style.lower().startswith(("heading 1", "title")) or b.style.startswith("标题 1")
            is_top = styled_top or ((style in ("cn", "part") or (top_style is not None and style == top_style))
                                    and in_order)
            if current is None:
                top_style = style
                is_top = True
            strong = is_top and (styled_top or style in ("cn", "part") or bool(style and style == top_style))
            if section == current and out.headings[section] and not (strong and lines[section]):
                lines[section].append(text)      # a sub-heading inside its own section
                continue
            if current is not None and section < current and not is_top:
                lines[current].append(text)      # backwards by a sub-heading: keep in place
                continue
            if current is not None and section > current and not is_top and style in ("paren", "arabic",
                                                                                      "paren_arabic") \
                    and top_style not in ("paren", "arabic", "paren_arabic") \
                    and _number_of(text) != section + 1:
                lines[current].append(text)      # a numbered sub-item that happens to match
                continue
            if unmatched_heading is not None:
                out.review.append(f"“{unmatched_heading}”及其下 {unmatched_count} 段未能对应到标准章节，"
                                  "已放入第十部分“其他需要说明的情况”，请移到合适的位置")
                unmatched_heading = None
            if current is None and preamble:
                lines[0][:0] = preamble
                out.review.append(f"标题与第一个章节之间的 {len(preamble)} 段引言已放在第一部分开头，请确认")
                preamble = []
            if lines[section] and out.headings[section]:
                lines[section].append(numbering(head if tail else text)[1])   # merged: keep the source wording
                out.review.append(f"“{text}”与“{out.headings[section][0]}”都对应第{SECTIONS[section][0]}部分"
                                  f"“{SECTIONS[section][1]}”，已合并")
            out.headings[section].append(head if tail else text)
            current = section
            if tail:
                lines[section].append(tail)
            if number is not None and is_top:
                last_top = number
            continue
        if current is None:
            preamble.append(text)
        else:
            lines[current].append(text)
            if unmatched_heading is not None:
                unmatched_count += 1
    if unmatched_heading is not None:
        out.review.append(f"“{unmatched_heading}”及其下 {unmatched_count} 段未能对应到标准章节，"
                          "已放入第十部分“其他需要说明的情况”，请移到合适的位置")
    if preamble:   # no heading at all
        lines[9].extend(preamble)
        out.review.append(f"未能识别出任何章节标题，全部 {len(preamble)} 段正文已放入第十部分，请按章节整理")
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
            if len(k) <= 60 and (re.search(r"表$|附件\d|单位[:：]|^\d{4}年度", k) or _ANNEX_LABEL.match(k)):
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
        if not segments(trial) and not segments(SourceGrid(g.label, title_rows + [r[:] for r in g.cells])):
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


def read_report(path: str) -> DocxContent:
    """The sections, title facts and annex-table grids of a .docx report."""
    return split_sections(load_blocks(path))
