"""Whether Qt can show a window here, asked before a QApplication exists.

On Linux Qt aborts the process (an English message and a core dump) when there is no
display or when a system library its xcb platform plugin needs is missing — which is
what a fresh Debian/Ubuntu desktop without the xcb libraries gives. ``gui_problem()``
finds both cases first and returns a Chinese message with the fix (the apt-get line);
``main.py`` prints it and exits with code 2. Elsewhere (Windows, an explicitly chosen
platform such as ``offscreen``, a Wayland session) it says nothing and Qt decides.

No Qt import: this runs before Qt is loaded. The libraries are looked up the way the
dynamic loader will look them up (``ctypes.CDLL`` by soname), from the list in
``resources/platform/linux_xcb.json``.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable, Mapping, Optional

XCB_LIBRARIES_FILE = Path(__file__).resolve().parent.parent / "resources" / "platform" / "linux_xcb.json"

NO_DISPLAY = ("错误：图形界面无法启动：没有可用的图形显示（环境变量 DISPLAY 和 WAYLAND_DISPLAY 都没有设置）。\n"
              "请在桌面环境中运行本程序；通过 SSH 登录时可用 ssh -X 转发显示。\n"
              "没有显示器时仍可使用命令行子命令（审核、导出、导入等，见 --help），"
              "或用 --screenshot 输出截图。")
MISSING_LIBRARIES = ("错误：图形界面无法启动：缺少 Qt 显示插件（xcb）所需的系统库：{libraries}。\n"
                     "请先安装（Debian/Ubuntu，需要管理员权限）：\n"
                     "    sudo apt-get install {packages}\n"
                     "其他发行版请安装同名的 xcb 库。安装后重新运行本程序。")


def xcb_libraries() -> dict[str, str]:
    """soname → Debian/Ubuntu package, from ``resources/platform/linux_xcb.json``."""
    import json
    with open(XCB_LIBRARIES_FILE, encoding="utf-8") as f:
        return dict(json.load(f)["libraries"])


def loadable(soname: str) -> bool:
    """Whether the dynamic loader finds ``soname`` (and what it needs)."""
    import ctypes
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def _requested_platform(environ: Mapping[str, str]) -> str:
    """The first platform named by QT_QPA_PLATFORM (``xcb:display=…;wayland`` → ``xcb``), or ''."""
    value = environ.get("QT_QPA_PLATFORM", "").strip()
    return value.split(";")[0].split(":")[0].strip().lower()


def gui_problem(screenshot: bool = False, environ: Optional[Mapping[str, str]] = None,
                platform: Optional[str] = None,
                can_load: Optional[Callable[[str], bool]] = None) -> Optional[str]:
    """A Chinese message when Qt cannot show a window here, else None.

    ``screenshot``: the run renders offscreen (``--screenshot`` without a chosen platform);
    ``can_load``: how a library is looked for (``loadable``).
    """
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return None
    requested = _requested_platform(environ)
    if requested and requested != "xcb":
        return None                       # offscreen, wayland, vnc …: chosen on purpose
    if not requested:
        if screenshot:
            return None                   # gui.app renders offscreen
        if environ.get("WAYLAND_DISPLAY"):
            return None                   # Qt takes its Wayland plugin (or XWayland)
    if not environ.get("DISPLAY"):
        return NO_DISPLAY
    can_load = loadable if can_load is None else can_load
    missing = {soname: package for soname, package in xcb_libraries().items() if not can_load(soname)}
    if not missing:
        return None
    packages = " ".join(dict.fromkeys(missing.values()))
    return MISSING_LIBRARIES.format(libraries="、".join(missing), packages=packages)
