"""Fonts for the printed report: one font per role, found on the system.

Roles: ``title`` (the report title, 小标宋 or 黑体), ``heading`` (一、 headings, 黑体),
``kai`` (（一） headings, 楷体), ``body`` (the text, 仿宋) and ``table`` (annex tables, 宋体).

Where they come from, in order:

1. the Windows system fonts every office PC has (``C:\\Windows\\Fonts``: simfang.ttf,
   simhei.ttf, simkai.ttf, simsun.ttc);
2. TrueType CJK fonts that fontconfig knows (``fc-list :lang=zh``), matched by family name
   (仿宋/FangSong, 黑体/Hei, 楷体/Kai, 宋体/Song/Ming …). Only TrueType outlines: reportlab
   cannot embed CFF-flavoured OpenType fonts;
3. ReportLab's ``STSong-Light`` CID font, which every PDF reader substitutes with its own
   Song face. It is not embedded, but it never prints boxes.

TrueType fonts are embedded as subsets. ``find_fonts`` takes the Windows font folder and the
fontconfig lister as parameters so that every path can be exercised.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

ROLES: tuple[str, ...] = ("title", "heading", "kai", "body", "table")

ROLE_LABELS: dict[str, str] = {
    "title": "标题",
    "heading": "一级标题（黑体）",
    "kai": "二级标题（楷体）",
    "body": "正文（仿宋）",
    "table": "附表（宋体）",
}

CID_FALLBACK = "STSong-Light"

#: Windows font files per role, best first: (file name, subfont index, display name).
WINDOWS_FILES: dict[str, tuple[tuple[str, int, str], ...]] = {
    "title": (("FZXBSJW.TTF", 0, "方正小标宋简体"), ("simhei.ttf", 0, "黑体")),
    "heading": (("simhei.ttf", 0, "黑体"),),
    "kai": (("simkai.ttf", 0, "楷体"), ("STKAITI.TTF", 0, "华文楷体")),
    "body": (("simfang.ttf", 0, "仿宋"), ("STFANGSO.TTF", 0, "华文仿宋")),
    "table": (("simsun.ttc", 0, "宋体"), ("simsun.ttf", 0, "宋体")),
}
#: When a role has none of its own files, borrow the font of another role.
ROLE_FALLBACKS: dict[str, tuple[str, ...]] = {
    "title": ("heading", "table", "body"),
    "heading": ("title", "table", "body"),
    "kai": ("body", "table", "heading"),
    "body": ("table", "kai", "heading"),
    "table": ("body", "heading", "kai"),
}

#: fontconfig family patterns per role, best first (case-insensitive regular expressions).
FAMILY_PATTERNS: dict[str, tuple[str, ...]] = {
    "title": (r"小标宋|XiaoBiaoSong|FZXiaoBiaoSong", r"黑体|SimHei|\bHei\b|ZenHei|Zen Hei|MicroHei|Micro Hei"),
    "heading": (r"黑体|SimHei|\bHei\b|ZenHei|Zen Hei|MicroHei|Micro Hei|Droid Sans Fallback",),
    "kai": (r"楷|Kai(?:Ti)?\b|UKai",),
    "body": (r"仿宋|FangSong|Fang ?Song", r"宋体|SimSun|\bSong\b|Ming|UMing|明"),
    "table": (r"宋体|SimSun|\bSong\b|Ming|UMing|明", r"仿宋|FangSong"),
}
#: Families to avoid (bitmap-only or monospaced variants).
_AVOID = re.compile(r"Sharp|點陣|点阵|Mono|等寬|等宽", re.I)
#: Traditional-Chinese variants rank below simplified ones.
_TRADITIONAL = re.compile(r"\b(TW|HK)\b|MBE", re.I)


@dataclass(frozen=True)
class FontFile:
    """One face in a font file, as fontconfig lists it."""
    path: str
    index: int
    family: str
    fontformat: str = "TrueType"


@dataclass(frozen=True)
class FontChoice:
    role: str
    name: str                 # the name registered with reportlab
    family: str               # what the user is told ("仿宋", "AR PL UMing CN", "STSong-Light")
    path: Optional[str] = None
    index: int = 0
    embedded: bool = True     # TrueType: embedded as a subset; CID fallback: not embedded

    @property
    def is_cid(self) -> bool:
        return self.path is None


@dataclass
class FontReport:
    """Which font each role uses (returned by the PDF export, shown to the user)."""
    choices: dict[str, FontChoice] = field(default_factory=dict)

    def name(self, role: str) -> str:
        return self.choices[role].name

    def __getitem__(self, role: str) -> FontChoice:
        return self.choices[role]

    @property
    def uses_fallback(self) -> bool:
        return any(c.is_cid for c in self.choices.values())

    def lines(self) -> list[str]:
        """One Chinese line per role: “正文（仿宋）：仿宋（simfang.ttf，已嵌入）”."""
        out = []
        for role in ROLES:
            c = self.choices.get(role)
            if c is None:
                continue
            if c.is_cid:
                how = "阅读器内置宋体，未嵌入；建议安装仿宋、黑体等中文字体"
            else:
                how = f"{Path(c.path).name}，已嵌入"
            out.append(f"字体 {ROLE_LABELS[role]}：{c.family}（{how}）")
        return out


# --------------------------------------------------------------------------- discovery

def default_windows_dir() -> Optional[Path]:
    if sys.platform != "win32":
        return None
    return Path(os.environ.get("WINDIR") or os.environ.get("SystemRoot") or r"C:\Windows") / "Fonts"


def default_windows_dirs() -> list[Path]:
    """The system font folder and the per-user one (fonts installed without admin rights)."""
    system = default_windows_dir()
    if system is None:
        return []
    dirs = [system]
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return dirs


FC_FORMAT = "%{file}\t%{index}\t%{family}\t%{fontformat}\n"


def run_fc_list() -> str:
    """The output of ``fc-list :lang=zh`` (file, index, family, format per line), or ""."""
    exe = shutil.which("fc-list")
    if not exe:
        return ""
    try:
        proc = subprocess.run([exe, ":lang=zh", "--format", FC_FORMAT],
                              capture_output=True, timeout=15, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return proc.stdout.decode("utf-8", "replace")


def parse_fc_list(text: str) -> list[FontFile]:
    """Parse ``FC_FORMAT`` lines; keep only TrueType-outline .ttf/.ttc files."""
    out = []
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) < 3:
            continue
        path, index, family = parts[0].strip(), parts[1].strip(), parts[2].strip()
        fmt = parts[3].strip() if len(parts) > 3 else "TrueType"
        if not path.lower().endswith((".ttf", ".ttc")):
            continue
        if fmt and fmt.lower() != "truetype":
            continue        # CFF outlines cannot be embedded by reportlab
        try:
            idx = int(index or 0)
        except ValueError:
            continue
        out.append(FontFile(path, idx, family, fmt or "TrueType"))
    return out


def _display_family(family: str) -> str:
    """The first (usually Latin) family name, or a Chinese one when the font has it."""
    names = [n.strip() for n in family.split(",") if n.strip()]
    return names[0] if names else family


def _rank_fc(files: Iterable[FontFile], patterns: tuple[str, ...]) -> Optional[FontFile]:
    best: Optional[tuple[tuple[int, int, int], FontFile]] = None
    for f in files:
        if _AVOID.search(f.family):
            continue
        for level, pat in enumerate(patterns):
            if re.search(pat, f.family, re.I):
                key = (level, 1 if _TRADITIONAL.search(f.family) else 0, f.index)
                if best is None or key < best[0]:
                    best = (key, f)
                break
    return best[1] if best else None


def _usable(path: Path, index: int) -> bool:
    """True when reportlab can read the face (TrueType outlines, embeddable)."""
    try:
        _register(str(path), index)
        return True
    except Exception:  # noqa: BLE001 - any unreadable font is just skipped
        return False


_REGISTERED: dict[tuple[str, int], str] = {}


def _register(path: str, index: int) -> str:
    """Register a TrueType face once per process; return its reportlab name."""
    key = (path, index)
    if key in _REGISTERED:
        return _REGISTERED[key]
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    stem = re.sub(r"[^A-Za-z0-9]+", "", Path(path).stem) or "CJK"
    name = f"JX{stem}{index}"
    n = 1
    while name in pdfmetrics.getRegisteredFontNames():
        n += 1
        name = f"JX{stem}{index}_{n}"
    font = TTFont(name, path, subfontIndex=index)
    pdfmetrics.registerFont(font)
    _REGISTERED[key] = name
    return name


def registered_fonts() -> frozenset:
    """The TrueType faces registered so far (to hand to ``release_fonts`` later)."""
    return frozenset(_REGISTERED)


def release_fonts(keep: frozenset = frozenset()) -> None:
    """Forget the TrueType faces registered since ``keep = registered_fonts()`` (each holds its
    whole font file, ≈ 100 MB for three CJK files), so that a long-lived process (the window)
    gives that memory back after an export; the next ``find_fonts`` registers them again."""
    from reportlab.pdfbase import pdfmetrics
    for key in [k for k in _REGISTERED if k not in keep]:
        name = _REGISTERED.pop(key)
        font = pdfmetrics._fonts.pop(name, None)
        face = getattr(font, "face", None)
        if face is not None and pdfmetrics._dynFaceNames.get(face.name) is font:
            del pdfmetrics._dynFaceNames[face.name]


def _register_cid() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    if CID_FALLBACK not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    return CID_FALLBACK


def find_fonts(windows_dir: Optional[os.PathLike | str] = "auto",
               fc_list: Optional[Callable[[], str]] = run_fc_list) -> FontReport:
    """Pick and register a font for every role.

    ``windows_dir``: the folder (or list of folders) holding simfang.ttf …; ``"auto"`` = the
    Windows system and per-user font folders on Windows, nothing elsewhere; ``None`` = do not
    look. ``fc_list``: returns fontconfig's listing
    in ``FC_FORMAT``; ``None`` = do not ask fontconfig.
    """
    if windows_dir == "auto":
        wdirs = default_windows_dirs()
    elif windows_dir is None:
        wdirs = []
    elif isinstance(windows_dir, (list, tuple)):
        wdirs = [Path(d) for d in windows_dir]
    else:
        wdirs = [Path(windows_dir)]
    found: dict[str, tuple[str, int, str]] = {}   # role → (path, index, family)

    present: dict[str, Path] = {}
    for wdir in wdirs:
        try:
            for p in wdir.iterdir():
                present.setdefault(p.name.lower(), p)
        except OSError:
            continue
    for role, files in WINDOWS_FILES.items():
        for fname, idx, display in files:
            p = present.get(fname.lower())
            if p is not None and _usable(p, idx):
                found[role] = (str(p), idx, display)
                break

    missing = [r for r in ROLES if r not in found]
    if missing and fc_list is not None:
        try:
            listing = parse_fc_list(fc_list() or "")
        except Exception:  # noqa: BLE001 - a broken fontconfig must not stop the export
            listing = []
        usable = [f for f in listing if os.path.isfile(f.path)]
        for role in missing:
            pool = list(usable)
            while pool:
                f = _rank_fc(pool, FAMILY_PATTERNS[role])
                if f is None:
                    break
                if _usable(Path(f.path), f.index):
                    found[role] = (f.path, f.index, _display_family(f.family))
                    break
                pool.remove(f)

    # Roles still without a font borrow another role's font before falling back to CID.
    for role in ROLES:
        if role not in found:
            for other in ROLE_FALLBACKS[role]:
                if other in found:
                    found[role] = found[other]
                    break

    report = FontReport()
    for role in ROLES:
        if role in found:
            path, idx, family = found[role]
            report.choices[role] = FontChoice(role, _register(path, idx), family, path, idx, True)
        else:
            report.choices[role] = FontChoice(role, _register_cid(), CID_FALLBACK, None, 0, False)
    return report


def cid_fonts() -> FontReport:
    """Every role on the CID fallback font (no font files at all)."""
    return find_fonts(windows_dir=None, fc_list=None)
