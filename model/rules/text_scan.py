"""Reading the money figures a section text quotes, and what each one names.

``scan_money(text)`` depends on the text only (cached): for every “X万元” (and “X元”) it returns
the figure as written, what it names (a label key such as ``basic`` or ``full_year``, or the
clause before it, in which a project's name is looked for later), the column the words around
it ask for (预算 / 年初 / 支出 …) and whether it is a figure at all (a change “比上年增加X万元”,
a range “10—20万元”, an approximation “约250万元” are not).

How a figure finds its label, in the order tried:

1. a list “人员经费、公用经费分别为A万元、B万元” pairs the labels before “分别” with the
   amounts after it, in order, when their counts agree (otherwise none of them is labelled);
2. the clause right before the amount — back to the previous amount, a comma, “、” or a
   bracket — names it: the label nearest the amount wins (“基本支出中人员经费X万元” → 人员经费);
3. a clause with only a column word (“人员经费预算X万元，执行Y万元”) keeps the label of the
   clause before it in the same sentence (not after “其中”, which introduces a part).

A clause that, once its labels are removed, still has a digit (other than a year or a date) or
a word of change (比、增、减、节约、结余 …) gives no label: the amount is then only looked for
among all the report's figures.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import Optional

from ..lazyre import LazyPattern
from ..vocabulary import VOCABULARY
from .base import _norm

#: what a clause may name: (words, key), the longest words first where they overlap.
#: Keys of ``Amounts`` lines of the budget; the scalar keys are in ``SCALAR_KEYS``.
LABEL_WORDS: tuple[tuple[str, str], ...] = VOCABULARY.figure_words
#: keys that name one figure of ``Budget`` rather than a line with columns
SCALAR_KEYS = frozenset({"initial", "full_year", "carryover", "additions", "reductions", "executed",
                         "prior_executed"})
#: keys of the 经费控制 rows (``Budget.controls``)
CONTROL_KEYS = frozenset({"three_public", "cars", "car_operation", "car_purchase", "reception", "overseas",
                          "procurement"})
SOURCE_KEYS = frozenset({"general", "gov_fund", "state_capital", "social_insurance", "special_account",
                         "other"})

#: column words → the columns of an ``Amounts`` line they ask for (the word nearest the amount wins)
COLUMN_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = VOCABULARY.column_words
PRIOR_BUDGET = "prior_budget"     # last year's budget: not in the file
#: scalar labels that, right after a line's label, name its column instead
_COLUMN_KEYS = {"initial": ("initial",), "full_year": ("budget",), "executed": ("executed",)}
_CHANGE_WORDS = VOCABULARY.change_words
_APPROX_BEFORE = VOCABULARY.approx_before
_APPROX_AFTER = VOCABULARY.approx_after

_MONEY_RE = LazyPattern(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\d.])\s*(?:(余|多)\s*)?(万元|元)"
                         r"(?!/)")
_RANGE_TAIL = LazyPattern(r"\d(?:\s*(?:万元|元))?\s*(?:-|—|–|~|～|至|到)\s*$")
_DATE_RE = LazyPattern(r"(?:19|20)\d{2}\s*年(?:度)?|\d{1,2}\s*月(?:份)?(?:\s*\d{1,2}\s*日)?|第\s*\d+|"
                        r"^\s*[(（]?\d{1,2}\s*[.、)）](?!\d)")
_YEAR_SPENDING = LazyPattern(r"(?:19|20)\d{2}\s*年度?\s*(?:部门|单位|全年)?\s*(?:总|实际)?支出(?:总额|合计|共计)?")
_NAME_YEAR = LazyPattern(r"^(?:19|20)\d{2}\s*年(?:度)?")
_NAME_TAIL = LazyPattern(r"(?:项目|专项资金|资金|经费)$")
_SENTENCE_END = "。；;！？!?\n"
REACH = 80               # characters looked back from an amount for its sentence
_CLAUSE_SEPARATORS = "，,、：:（）()《》"
_LIST_GLUE = LazyPattern(r"[\s、，,和及与以及分别为是:：]*")


@dataclass(frozen=True)
class Mention:
    """An amount quoted in a section text."""
    text: str                      # as written, e.g. "248.76万元"
    value: Decimal                 # in the unit written
    places: int
    yuan: bool                     # written in 元, not 万元
    label: str                     # a key of LABEL_WORDS, or ""
    columns: tuple[str, ...]       # the columns the words ask for; () = any
    clause: str                    # the words before it, where a project's name may stand
    kind: str = "figure"           # "figure", or "change", "range", "approx": not a figure of the report


def _labels_in(clause: str) -> list[tuple[int, int, str]]:
    """Non-overlapping labels of a clause, (start, end, key), left to right, longest first."""
    found: list[tuple[int, int, str]] = []
    taken = [False] * len(clause)
    for words, key in LABEL_WORDS:
        start = clause.find(words)
        while start >= 0:
            end = start + len(words)
            if not any(taken[start:end]):
                found.append((start, end, key))
                for k in range(start, end):
                    taken[k] = True
            start = clause.find(words, end)
    for m in _YEAR_SPENDING.finditer(clause):
        if not any(taken[m.start():m.end()]):
            found.append((m.start(), m.end(), "executed"))
    found.sort()
    return found


@lru_cache(maxsize=1024)
def name_keys(name: str) -> tuple[str, ...]:
    """The ways a project's name is written in a text: in full, and without a leading year and a
    trailing 项目/资金/经费 (“2024年春节送温暖资金” → “春节送温暖”)."""
    full = _norm(" ".join(name.split()))
    short = _NAME_TAIL.sub("", _NAME_YEAR.sub("", full))
    return tuple(k for k in dict.fromkeys((full, short)) if len(k) >= 2)


def _without(clause: str, spans: list[tuple[int, int, str]]) -> str:
    """The clause with its labels blanked out (so 基本支出 is no column word 支出)."""
    chars = list(clause)
    for start, end, _ in spans:
        for k in range(start, end):
            chars[k] = " "
    return "".join(chars)


def _columns(rest: str) -> tuple[str, ...]:
    """The columns asked for by the column word ending nearest the amount (the longest on a tie).
    Last year's words rule the rest: “上年决算” is 上年决算数, but “上年年初预算” is a column the
    file does not hold (``PRIOR_BUDGET``)."""
    best, columns = (-1, 0), ()
    prior = other = False
    for word, cols in COLUMN_WORDS:
        pos = rest.rfind(word)
        if pos < 0:
            continue
        if cols == ("prior",):
            prior = True
        elif cols != ("executed",):
            other = True
        if (pos + len(word), len(word)) > best:
            best, columns = (pos + len(word), len(word)), cols
    if prior:
        return (PRIOR_BUDGET,) if other else ("prior",)
    return columns


@lru_cache(maxsize=16)
def names_pattern(names: tuple[str, ...]) -> Optional[tuple[re.Pattern, dict[str, int]]]:
    """One pattern finding any way of writing any project's name (longest first), and which
    project each way names; None without names."""
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        for key in name_keys(name):
            index.setdefault(key, i)
    if not index:
        return None
    keys = sorted(index, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, keys))), index


def project_in(names: tuple[str, ...], clause: str) -> Optional[tuple[int, int, int]]:
    """(project index, start, end) of the last project name written in ``clause``."""
    found = names_pattern(names)
    if found is None:
        return None
    pattern, index = found
    last = None
    for last in pattern.finditer(clause):
        pass
    return None if last is None else (index[last.group(0)], last.start(), last.end())


def _is_plain(rest: str) -> bool:
    """No change word and no other number in the clause (years and dates do not count)."""
    if any(w in rest for w in _CHANGE_WORDS):
        return False
    return not re.search(r"\d", _DATE_RE.sub("", rest))


def _sentence_start(t: str, pos: int) -> int:
    """Where the sentence of ``pos`` starts, looking back at most ``REACH`` characters (a label,
    a column word or a list further away than that names nothing here; a bounded look keeps a
    pasted text of 100 000 characters linear)."""
    lo = max(0, pos - REACH)
    return max(lo, max(t.rfind(c, lo, pos) for c in _SENTENCE_END) + 1)


@lru_cache(maxsize=512)
def scan_money(text: str) -> tuple[Mention, ...]:
    t = _norm(text)
    matches = list(_MONEY_RE.finditer(t))
    if not matches:
        return ()
    out: list[Mention] = []
    list_labels: dict[int, tuple[str, tuple[str, ...]]] = {}     # match index → label of a “分别” list
    listed: set[int] = set()
    prev_end = 0
    prev_label: Optional[str] = None
    prev_sentence = -1
    for n, m in enumerate(matches):
        start = m.start()
        sentence = _sentence_start(t, start)
        if sentence != prev_sentence:
            prev_label, prev_sentence = None, sentence
        head = t[max(sentence, prev_end):start]
        cut = max(head.rfind(c) for c in _CLAUSE_SEPARATORS)
        clause = head[cut + 1:] if cut >= 0 else head
        int_part, frac, approx_after, unit = m.group(1), m.group(2) or "", m.group(3), m.group(4)
        value = Decimal(int_part.replace(",", "") + ("." + frac if frac else ""))
        shown = " ".join(text[start:m.end()].split())
        kind = "figure"
        if approx_after or t.startswith(_APPROX_AFTER, m.end()) or clause.rstrip().endswith(_APPROX_BEFORE):
            kind = "approx"
        elif tail := _RANGE_TAIL.search(t, max(sentence, start - 12), start):
            kind = "range"
            if out and out[-1].kind == "figure" and prev_end > tail.start():
                out[-1] = replace(out[-1], label="", columns=(), kind="range")     # “3万元至5万元”
        elif t.startswith(("-", "—", "–", "~", "～", "至", "到"), m.end()) and re.match(
                r"(?:-|—|–|~|～|至|到)\s*\d", t[m.end():m.end() + 4]):
            kind = "range"
        # a list “A、B分别为X万元、Y万元”
        if n not in listed and "分别" in t[sentence:start]:
            split = t.rfind("分别", sentence, start)
            between = t[split:start]
            if not re.search(r"\d", between):
                names = _list_labels(t[sentence:split])
                items = [n]
                k = n + 1
                while k < len(matches) and _LIST_GLUE.fullmatch(t[matches[k - 1].end():matches[k].start()]):
                    items.append(k)
                    k += 1
                listed.update(items)
                if len(names) == len(items) and len(items) > 1:
                    for item, name in zip(items, names):
                        list_labels[item] = name
        label, columns = "", ()
        if n in listed:
            if n in list_labels:
                label, columns = list_labels[n]
        elif kind == "figure":
            spans = _labels_in(clause)
            rest = _without(clause, spans)
            if spans and _is_plain(clause[spans[-1][1]:]) and not any(
                    w in rest for w in _CHANGE_WORDS):
                label = spans[-1][2]
                columns = _columns(rest)
                if label in _COLUMN_KEYS and len(spans) > 1 and spans[-2][2] not in SCALAR_KEYS \
                        and not clause[spans[-2][1]:spans[-1][0]].strip(" 的"):
                    # “人员经费全年预算数X万元”: a line, and the column it asks for
                    label, columns = spans[-2][2], _COLUMN_KEYS[label]
            elif not spans and _is_plain(rest):
                columns = _columns(rest)
                if prev_label and columns and not clause.lstrip().startswith("其中"):
                    label = prev_label
            if any(w in rest for w in _CHANGE_WORDS):
                kind = "change"
        out.append(Mention(shown, value, len(frac), unit == "元", label, columns, clause, kind))
        prev_end = m.end()
        prev_label = label if label and label not in SCALAR_KEYS else None
    return tuple(out)


def _list_labels(head: str) -> list[tuple[str, tuple[str, ...]]]:
    spans = _labels_in(head)
    rest = _without(head, spans)
    columns = _columns(rest)
    return [(key, columns) for _, _, key in spans]
