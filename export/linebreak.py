"""Chinese line breaking for the printed report body.

reportlab's own CJK wrapping does not guarantee the rules of Chinese typesetting, so the body
is broken into lines here: no line starts with a closing punctuation mark (，。、；：？！）》」”’ …)
and no line ends with an opening one (（《「“‘ …). A closing mark that would start a line
either hangs in the right margin after a full line (``hang=True``, what Word does by default:
“允许标点溢出边界”) or the last character of the line before is pushed down with it; an
opening mark at a line end moves to the next line. Latin words and numbers ("252.65",
"2024", "98.05%") are not split unless they are longer than a line. "——" and "……" stay whole.

The line builder is independent of reportlab: it takes a width function, so it can be tested
on its own and reused for any font.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

#: Characters that must not start a line.
NO_START = frozenset("，。、；：？！）》」”’』】〕〉．,.;:?!)]}%‰℃·")
#: Characters that must not end a line.
NO_END = frozenset("（《「“‘『【〔〈([{")

_ATOM_RE = re.compile(
    r"——|……|\.\.\.|"                            # dashes and ellipses stay whole
    r"[A-Za-z0-9][A-Za-z0-9.,:%‰℃+\-/_'&@#=]*[A-Za-z0-9%‰℃]|[A-Za-z0-9]|"  # words, numbers
    r"\s|.", re.S)


@dataclass(frozen=True)
class Style:
    """How a run is printed: a reportlab font name, a size in points, fake bold."""
    font: str
    size: float
    bold: bool = False

    def __hash__(self) -> int:
        # worked out once: a style is part of the key of every set paragraph looked up
        try:
            return self._hash
        except AttributeError:
            h = hash((self.font, self.size, self.bold))
            object.__setattr__(self, "_hash", h)
            return h


@dataclass(slots=True)
class Atom:
    text: str
    style: Style
    width: float

    @property
    def first(self) -> str:
        return self.text[:1]

    @property
    def last(self) -> str:
        return self.text[-1:]

    @property
    def is_space(self) -> bool:
        return self.text.isspace()


@dataclass
class Line:
    atoms: list[Atom]
    width: float            # natural width (glyph advances only)
    chars: int              # number of characters
    available: float        # the width the line is set in
    last: bool = False      # the last line of its paragraph (not justified)
    hang: float = 0.0       # width of a closing mark hanging past the line end

    @property
    def text(self) -> str:
        return "".join(a.text for a in self.atoms)

    def char_space(self, base: float, justify: bool = True) -> float:
        """Extra space after each character so that a justified line fills ``available``
        (a hanging mark is left out of the count: it sits past the line end)."""
        n = self.chars - (1 if self.hang else 0)
        if not justify or self.last or n < 2:
            return base
        return (self.available - (self.width - self.hang)) / (n - 1)

    def set_width(self, char_space: float) -> float:
        return self.width + char_space * max(self.chars - 1, 0)


WidthFn = Callable[[str, Style], float]


#: whether a character is printed (control, format, surrogate, private-use and unassigned
#: characters are not), worked out once per character
_PRINTED: dict[str, bool] = {}


def atomize(runs: Sequence[tuple[str, Style]], width_of: WidthFn) -> list[Atom]:
    """Split runs of text into unbreakable atoms, each measured."""
    atoms: list[Atom] = []
    append = atoms.append
    printed = _PRINTED
    for text, style in runs:
        widths: dict[str, float] = {}           # each distinct atom of the run measured once
        for t in _ATOM_RE.findall(text):
            if t.isspace():
                if t != "\u3000":
                    t = " "        # tabs, line breaks and other blanks print as a space
            else:
                c = t[0]
                shown = printed.get(c)
                if shown is None:
                    shown = printed[c] = unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn")
                if not shown:
                    continue       # control characters are not printed
            w = widths.get(t)
            if w is None:
                w = widths[t] = width_of(t, style)
            append(Atom(t, style, w))
    return atoms


def _extent(atoms: Sequence[Atom], i: int, j: int, base: float) -> float:
    """Width of atoms[i:j] set with character spacing ``base``."""
    w = sum(a.width for a in atoms[i:j])
    n = sum(len(a.text) for a in atoms[i:j])
    return w + base * max(n - 1, 0)


def _split_atom(atom: Atom, width_of: WidthFn) -> list[Atom]:
    return [Atom(c, atom.style, width_of(c, atom.style)) for c in atom.text]


def break_lines(atoms: Sequence[Atom], width: float, first_width: Optional[float] = None,
                base_space: float = 0.0, hang: bool = False,
                width_of: Optional[WidthFn] = None) -> list[Line]:
    """Break atoms into lines of ``width`` (the first line ``first_width``).

    ``base_space``: character spacing of an unjustified line (the grid's spacing; may be
    negative). ``hang``: a closing mark that would start a line may hang past the end of
    the line before. ``width_of`` is needed only to split atoms longer than a line.
    """
    atoms = list(atoms)
    lines: list[Line] = []
    eps = 1e-6
    i = 0
    n = len(atoms)
    while i < n:
        avail = first_width if (first_width is not None and not lines) else width
        if lines:   # no spaces at the start of a continuation line
            while i < n and atoms[i].is_space:
                i += 1
            if i >= n:
                break
        # greedy fill (width and character count kept incrementally)
        j, w, nch = i, 0.0, 0
        while j < n:
            a = atoms[j]
            w2, n2 = w + a.width, nch + len(a.text)
            if w2 + base_space * (n2 - 1) > avail + eps:
                break
            w, nch, j = w2, n2, j + 1
        if j == i:
            # a single atom wider than the line: split it into characters
            if len(atoms[i].text) > 1 and width_of is not None:
                atoms[i:i + 1] = _split_atom(atoms[i], width_of)
                n = len(atoms)
                continue
            j = i + 1   # one glyph wider than the line: set it anyway
        hung = 0.0
        if j < n:
            greedy = j
            j, hanging = _fix_break(atoms, i, j, hang)
            if hanging:
                hung = atoms[j - 1].width
            elif j > greedy and width_of is not None:
                # the line would overflow (a long word followed by closing marks): split
                # the last word so that its last character can go down with the marks
                words = [k for k in range(i, greedy) if len(atoms[k].text) > 1
                         and atoms[k].first not in NO_START and atoms[k].text[0].isalnum()]
                if words:
                    k = words[-1]
                    atoms[k:k + 1] = _split_atom(atoms[k], width_of)
                    n = len(atoms)
                    continue
        end = j
        while end > i + 1 and atoms[end - 1].is_space:
            end -= 1    # trailing spaces are not printed
        seg = atoms[i:end]
        lines.append(Line(seg, sum(a.width for a in seg), sum(len(a.text) for a in seg), avail,
                          hang=hung if end == j else 0.0))
        i = j
    if lines:
        lines[-1].last = True
    return lines


def _violates(atoms: Sequence[Atom], i: int, j: int) -> bool:
    """True when a break before atoms[j] breaks a rule (line atoms[i:j], next atoms[j:])."""
    k = j
    while k < len(atoms) and atoms[k].is_space:
        k += 1
    if k < len(atoms) and atoms[k].first in NO_START:
        return True
    e = j - 1
    while e > i and atoms[e].is_space:
        e -= 1
    return atoms[e].last in NO_END


def _fix_break(atoms: Sequence[Atom], i: int, j: int, hang: bool) -> tuple[int, bool]:
    """Move the break before atoms[j] so that no rule is broken.

    Returns the new j and whether the line ends with a hanging closing mark.
    """
    if not _violates(atoms, i, j):
        return j, False
    # 1. hang one closing mark past the line end
    if (hang and len(atoms[j].text) == 1 and atoms[j].first in NO_START
            and not _violates(atoms, i, j + 1)):
        return j + 1, True
    # 2. push down: end the line earlier until the break is allowed
    k = j - 1
    while k > i:
        if not _violates(atoms, i, k):
            return k, False
        k -= 1
    # 3. nothing allowed (a run of punctuation longer than the line): let the line
    #    overflow rather than break a rule
    while j < len(atoms) and _violates(atoms, i, j):
        j += 1
    return j, False


def check_lines(lines: Sequence[str]) -> list[str]:
    """The rule violations in a list of printed lines (for tests and self-checks)."""
    problems = []
    for n, text in enumerate(lines):
        t = text.strip()
        if not t:
            continue
        if n > 0 and t[0] in NO_START:
            problems.append(f"第{n + 1}行以“{t[0]}”开头：{t}")
        if n < len(lines) - 1 and t[-1] in NO_END:
            problems.append(f"第{n + 1}行以“{t[-1]}”结尾：{t}")
    return problems
