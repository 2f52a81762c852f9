"""Font discovery per role: Windows fonts, fontconfig TrueType fonts, the CID fallback."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from export.fonts import CID_FALLBACK, FC_FORMAT, ROLES, find_fonts, parse_fc_list, run_fc_list

UMING = "/usr/share/fonts/truetype/arphic/uming.ttc"
UKAI = "/usr/share/fonts/truetype/arphic/ukai.ttc"
ZENHEI = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"

needs_ming_hei = pytest.mark.skipif(not (os.path.isfile(UMING) and os.path.isfile(ZENHEI)),
                                    reason="fonts-arphic-uming and fonts-wqy-zenhei not installed")


def fc_text(*rows: tuple[str, int, str, str]) -> str:
    return "".join(FC_FORMAT.replace("%{file}", f).replace("%{index}", str(i))
                   .replace("%{family}", fam).replace("%{fontformat}", fmt) for f, i, fam, fmt in rows)


LINUX_LISTING = [
    (ZENHEI, 2, "WenQuanYi Zen Hei Sharp,文泉驛點陣正黑,文泉驿点阵正黑", "TrueType"),
    (ZENHEI, 0, "WenQuanYi Zen Hei,文泉驛正黑,文泉驿正黑", "TrueType"),
    (ZENHEI, 1, "WenQuanYi Zen Hei Mono,文泉驛等寬正黑,文泉驿等宽正黑", "TrueType"),
    (UMING, 2, "AR PL UMing TW", "TrueType"),
    (UMING, 0, "AR PL UMing CN", "TrueType"),
    (UKAI, 2, "AR PL UKai TW", "TrueType"),
    (UKAI, 0, "AR PL UKai CN", "TrueType"),
    # CFF-flavoured OpenType: reportlab cannot embed it, must be ignored
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 0, "Noto Sans CJK SC", "CFF"),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.otf", 0, "Noto Serif CJK SC", "CFF"),
]


def test_parse_fc_list_keeps_only_truetype_files():
    text = fc_text(*LINUX_LISTING) + "garbage line without tabs\n\t\t\n/x/a.ttf\tnotanumber\tA\tTrueType\n"
    files = parse_fc_list(text)
    assert {f.path for f in files} == {ZENHEI, UMING, UKAI}
    assert all(f.fontformat == "TrueType" for f in files)
    assert (UKAI, 0) in {(f.path, f.index) for f in files}


@needs_ming_hei
def test_fontconfig_roles_map_sensibly():
    listing = [r for r in LINUX_LISTING if os.path.isfile(r[0]) or r[3] == "CFF"]
    fonts = find_fonts(windows_dir=None, fc_list=lambda: fc_text(*listing))
    assert fonts["heading"].path == ZENHEI and fonts["heading"].index == 0    # not Sharp/Mono
    assert fonts["title"].path == ZENHEI
    assert fonts["body"].path == UMING and fonts["body"].index == 0           # simplified, not TW
    assert fonts["table"].path == UMING
    if os.path.isfile(UKAI):
        assert fonts["kai"].path == UKAI and fonts["kai"].family == "AR PL UKai CN"
    else:
        assert fonts["kai"].path == UMING                                   # borrows the body font
    assert not fonts.uses_fallback
    assert all(fonts[r].embedded for r in ROLES)
    lines = fonts.lines()
    assert len(lines) == len(ROLES)
    assert any(line.startswith("字体 正文（仿宋）：AR PL UMing CN（uming.ttc，已嵌入）") for line in lines)


@needs_ming_hei
def test_fontconfig_without_kai_borrows_the_body_font():
    listing = [r for r in LINUX_LISTING if "UKai" not in r[2] and os.path.isfile(r[0])]
    fonts = find_fonts(windows_dir=None, fc_list=lambda: fc_text(*listing))
    assert fonts["kai"].path == fonts["body"].path == UMING


@needs_ming_hei
def test_windows_fonts_are_preferred(tmp_path: Path):
    # stand-ins named like the Windows files (reportlab reads collections by content)
    (tmp_path / "simfang.ttf").symlink_to(UMING)
    (tmp_path / "SIMHEI.TTF").symlink_to(ZENHEI)        # case-insensitive, as on Windows
    (tmp_path / "simsun.ttc").symlink_to(UMING)
    called = []
    fonts = find_fonts(windows_dir=tmp_path, fc_list=lambda: called.append(1) or "")
    assert fonts["body"].family == "仿宋" and fonts["body"].path.endswith("simfang.ttf")
    assert fonts["heading"].family == "黑体"
    assert fonts["title"].family == "黑体"               # no 方正小标宋: 黑体
    assert fonts["table"].family == "宋体"
    # no simkai.ttf and fontconfig has nothing: 楷体 borrows 仿宋
    assert fonts["kai"].family == "仿宋"
    assert called == [1]


def test_no_fonts_at_all_falls_back_to_cid(tmp_path: Path):
    fonts = find_fonts(windows_dir=tmp_path, fc_list=lambda: "")
    assert all(fonts[r].name == CID_FALLBACK and fonts[r].is_cid for r in ROLES)
    assert fonts.uses_fallback
    assert all("STSong-Light" in line and "未嵌入" in line for line in fonts.lines())


def test_broken_font_files_and_fontconfig_errors_are_survived(tmp_path: Path):
    (tmp_path / "simfang.ttf").write_bytes(b"this is not a font")
    bogus = tmp_path / "bogus.ttc"
    bogus.write_bytes(b"\x00" * 64)

    def fc():
        return fc_text((str(bogus), 0, "FangSong", "TrueType"), ("/no/such/file.ttf", 0, "SimHei", "TrueType"))

    fonts = find_fonts(windows_dir=tmp_path, fc_list=fc)
    assert all(fonts[r].is_cid for r in ROLES)

    def failing():
        raise OSError("fontconfig crashed")

    fonts = find_fonts(windows_dir=tmp_path / "missing", fc_list=failing)
    assert all(fonts[r].is_cid for r in ROLES)


def test_run_fc_list_returns_text():
    out = run_fc_list()
    assert isinstance(out, str)
    for f in parse_fc_list(out):
        assert f.path.lower().endswith((".ttf", ".ttc"))


@needs_ming_hei
def test_user_font_folder_adds_to_the_system_one(tmp_path: Path):
    system, user = tmp_path / "sys", tmp_path / "user"
    system.mkdir()
    user.mkdir()
    (system / "simfang.ttf").symlink_to(UMING)
    (user / "simhei.ttf").symlink_to(ZENHEI)
    fonts = find_fonts(windows_dir=[system, user / "missing", user], fc_list=None)
    assert fonts["body"].family == "仿宋" and fonts["heading"].family == "黑体"
    assert fonts["heading"].path.startswith(str(user))
