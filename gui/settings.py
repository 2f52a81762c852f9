"""Every user setting declared once: key, type, default, description.

Settings live in the platform's usual place (the registry on Windows,
``~/.config/jxzp/绩效自评填报.conf`` on Linux). When the environment variable
``JXZP_DATA_DIR`` is set, both the settings file (``settings.ini``) and the data
folder (recovery files) are kept inside that folder instead; tests use it so
they never touch the real user folders.
"""
from __future__ import annotations

import atexit
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QByteArray, QSettings

from model.userdata import APP as APP_NAME, DATA_DIR_ENV, ORG as ORG_NAME  # noqa: F401 - one name for both

ORG_DOMAIN = "jxzp.local"

MAX_RECENT = 8
#: the limits the 选项 dialog offers for ``autosave/interval_s``
AUTOSAVE_MIN_S, AUTOSAVE_MAX_S = 10, 30 * 60


@dataclass(frozen=True)
class Option:
    """One setting: its key, type, default and what it is for."""
    key: str
    type: type
    default: Any
    description: str


OPTIONS: dict[str, Option] = {o.key: o for o in (
    Option("files/recent", list, [], "最近打开的文件（最多 8 个，新的在前）"),
    Option("files/last_dir", str, "", "上次打开或保存文件的文件夹"),
    Option("autosave/interval_s", int, 60, "自动保存恢复文件的间隔（秒，选项中可设 10 秒至 30 分钟）"),
    Option("window/geometry", QByteArray, QByteArray(), "主窗口的位置和大小"),
    Option("window/state", QByteArray, QByteArray(), "主窗口工具栏和审核面板的布局"),
)}


def data_dir() -> Path:
    """The per-user data folder (recovery files live in its ``recovery`` sub-folder)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    from PySide6.QtCore import QStandardPaths   # (its types and enums are made on first use)
    loc = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    if not loc:  # no application name set yet (plain scripts)
        loc = str(Path.home() / ".local" / "share" / ORG_NAME)
    return Path(loc)


def qsettings(location: Optional[str] = None) -> QSettings:
    """The settings; ``location``: the ``JXZP_DATA_DIR`` to use instead of the current one
    ("" for none)."""
    override = _location() if location is None else location
    if override:
        return QSettings(str(Path(override) / "settings.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat if os.name != "nt" else QSettings.Format.NativeFormat,
                     QSettings.Scope.UserScope, ORG_NAME, APP_NAME)


#: values stored with ``set_later`` and not written yet, per settings file (``_location``)
_PENDING: dict[str, dict[str, Any]] = {}


def _location() -> str:
    return os.environ.get(DATA_DIR_ENV) or ""


def get(key: str) -> Any:
    opt = OPTIONS[key]
    pending = _PENDING.get(_location())
    raw = pending[key] if pending and key in pending else qsettings().value(key, None)
    if raw is None:
        return opt.default
    if opt.type is list:
        if isinstance(raw, str):
            return [raw] if raw else []
        return [str(v) for v in raw] if isinstance(raw, (list, tuple)) else list(opt.default)
    if opt.type is int:
        try:
            return int(raw)
        except (TypeError, ValueError):
            return opt.default
    if opt.type is str:
        return str(raw)
    if opt.type is QByteArray:
        return raw if isinstance(raw, QByteArray) else opt.default
    return raw


def set(key: str, value: Any) -> None:  # noqa: A001 - mirrors get()
    set_many({key: value})


def set_many(values: dict[str, Any]) -> None:
    """Store several settings with one write of the settings file (nothing is stored when a
    key is unknown); values kept by ``set_later`` go into the same write."""
    _check(values)
    _write(qsettings(), {**_PENDING.pop(_location(), {}), **values})


def set_later(values: dict[str, Any]) -> None:
    """Store settings that need not reach the disk at once: ``get`` returns them from now on,
    and they are written by the next ``flush`` or ``set_many`` (the main window flushes after
    its first 审核 pass, which follows its first paint; whatever is left is written when the
    program ends). Writing the settings
    file waits for the disk twice (its lock file and the file itself are synced), which a
    window about to show its first file need not do before it paints."""
    _check(values)
    if not _PENDING:
        atexit.register(flush)
    _PENDING.setdefault(_location(), {}).update(values)


def flush() -> None:
    """Write the values kept by ``set_later`` (each to the settings file it was meant for)."""
    if not _PENDING:
        return
    while _PENDING:
        location, values = _PENDING.popitem()
        _write(qsettings(location), values)
    atexit.unregister(flush)


def _check(values: dict[str, Any]) -> None:
    for key in values:
        if key not in OPTIONS:
            raise KeyError(key)


def _write(s: QSettings, values: dict[str, Any]) -> None:
    for key, value in values.items():
        s.setValue(key, value)
    s.sync()


# -- recent files ------------------------------------------------------------

def recent_files() -> list[str]:
    """Recent files that still exist, newest first (missing ones are dropped)."""
    files = [f for f in get("files/recent") if f]
    alive = [f for f in files if Path(f).is_file()]
    if alive != files:
        set("files/recent", alive)
    return alive[:MAX_RECENT]


def add_recent_file(path: str | os.PathLike, last_dir: bool = False, later: bool = False) -> list[str]:
    """Put ``path`` first in the recent files; with ``last_dir`` its folder also becomes the one
    the file dialogs start in (``files/last_dir``), in the same write; ``later``: see ``set_later``."""
    p = str(Path(path).resolve())
    files = [f for f in get("files/recent") if f and os.path.normcase(f) != os.path.normcase(p)]
    files.insert(0, p)
    files = files[:MAX_RECENT]
    values: dict[str, Any] = {"files/recent": files}
    if last_dir:
        values["files/last_dir"] = str(Path(path).parent)
    (set_later if later else set_many)(values)
    return files


def remove_recent_file(path: str | os.PathLike) -> None:
    p = os.path.normcase(str(Path(path).resolve()))
    set("files/recent", [f for f in get("files/recent") if os.path.normcase(f) != p])
