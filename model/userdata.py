"""The per-user data folder, worked out without Qt (rule sets, the 汇总库).

It is the folder ``gui.settings.data_dir`` gets from Qt's ``AppDataLocation`` for 绩效自评填报:
``%APPDATA%\\jxzp\\绩效自评填报`` on Windows, ``~/Library/Application Support/jxzp/绩效自评填报`` on
macOS, ``$XDG_DATA_HOME`` (or ``~/.local/share``) ``/jxzp/绩效自评填报`` elsewhere;
``JXZP_DATA_DIR`` overrides it, as it does for the GUI.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

DATA_DIR_ENV = "JXZP_DATA_DIR"          # the same override gui/settings.py honours
ORG, APP = "jxzp", "绩效自评填报"


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / ORG / APP
