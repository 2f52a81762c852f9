"""The ``.jxzp`` file: UTF-8 JSON with a format name and a schema version.

    {"format": "jxzp", "schema": 2, "saved_at": "...", "report": {...}}

* Decimals are strings; ``model.report.from_dict`` validates every field.
* Older schema versions are migrated step by step (``MIGRATIONS``); newer ones
  are refused with a clear message.
* ``save`` is atomic: the text goes to a temporary file in the same folder,
  is flushed and fsynced, the previous file is kept as ``<name>.jxzp.bak`` (made
  under a temporary name and renamed: never truncated in place), and the
  temporary file is renamed over the target. A crash at any moment leaves
  either the old or the new file, never a half-written one; its temporary
  files are removed by the next save in that folder once a day old. A save
  through a symbolic link replaces the file the link points to, and keeps that
  file's permission bits. A save that could not keep the ``.bak`` still saves,
  and returns a warning for the caller to show.
* Every failure is a ``StoreError`` with a Chinese message.
"""
from __future__ import annotations

import errno
import json
import os
import re
import stat
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Callable

from . import collector
from .report import DocumentError, Report, from_dict, to_dict

FORMAT = "jxzp"
SCHEMA_VERSION = 3
SUFFIX = ".jxzp"
BACKUP_SUFFIX = ".bak"
# What the loader accepts (a real report is well under 1 MB and 100 000 values; the limits
# below keep the memory of loading any accepted file under ~500 MB, see tests/reliability):
MAX_FILE_BYTES = 64 * 1024 * 1024   # the file on disk
MAX_VALUES = 2_000_000              # JSON values (objects, lists, keys' values, strings, numbers)
# (also model.report: MAX_TEXT characters in one text, MAX_LIST items in one list or object)


class StoreError(Exception):
    """A file that cannot be read or written; ``str(e)`` is a Chinese message."""


#: The ``Amounts`` lines 附件2 prints, whose {年}年预算数 a schema-1 file kept in ``budget``.
#: ``budget`` is also 全年预算数 for the 附件3/4 lines (基本支出, 人员经费, 公用经费,
#: 项目支出, each project's 年度资金总额), so it is copied there; the control rows
#: have no 全年预算数 of their own, so it is moved.
_ANNEX2_LINES = ("basic", "personnel", "public", "project_spending")


def _copy_budget_to_initial(amounts, move: bool) -> None:
    if not isinstance(amounts, dict):
        return
    budget = amounts.get("budget")
    if budget is None or amounts.get("initial") is not None:
        return
    amounts["initial"] = budget
    if move:
        amounts["budget"] = None


def _migrate_1_to_2(raw: dict) -> dict:
    """Schema 2 keeps 年初 (``initial``) and 全年 (``budget``) apart; 附件2 prints ``initial``.

    A schema-1 file printed ``budget`` in 附件2's {年}年预算数 column: where ``initial`` is
    empty it takes that figure, so the file prints the same 附件2 as before.
    """
    budget = raw.get("budget")
    if isinstance(budget, dict):
        for key in _ANNEX2_LINES:
            _copy_budget_to_initial(budget.get(key), move=False)
        controls = budget.get("controls")
        if isinstance(controls, dict):
            for amounts in controls.values():
                _copy_budget_to_initial(amounts, move=True)
    projects = raw.get("projects")
    if isinstance(projects, list):
        for p in projects:
            if isinstance(p, dict):
                _copy_budget_to_initial(p.get("total"), move=False)
    return raw


def _migrate_2_to_3(raw: dict) -> dict:
    """Schema 3 adds optional fields, written only when used: the review list (``review``) and
    linked indicators (``link`` on an indicator). A schema-2 file has neither, so nothing changes;
    the version step exists so that a program that knows only schema 2 refuses a file that may hold
    them, instead of dropping them on its next save."""
    return raw


#: schema N → N+1 migrations: each takes and returns the raw "report" dict.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _migrate_1_to_2, 2: _migrate_2_to_3}


def temp_prefix(name: str) -> str:
    """The start of a temporary file's name next to ``name``: short, so that a file whose own
    name is near the system's length limit can still be written through a temporary file."""
    return f".{name[:32]}."


def backup_path(path: str | os.PathLike) -> Path:
    p = Path(path)
    return p.with_name(p.name + BACKUP_SUFFIX)


# --------------------------------------------------------------------------- text

def _report_dict(report: Report) -> dict:
    """The report as plain data; an empty review list is left out (files stay as before)."""
    data = to_dict(report)
    if not data.get("review"):
        data.pop("review", None)
    return data


def dumps(report: Report, saved_at: str | None = None) -> str:
    """The file text; ``saved_at`` (ISO time) defaults to now."""
    data = {
        "format": FORMAT,
        "schema": SCHEMA_VERSION,
        "saved_at": saved_at or datetime.now().isoformat(timespec="seconds"),
        "report": _report_dict(report),
    }
    return json.dumps(data, ensure_ascii=False, indent=1)


_OS_REASONS = {
    getattr(errno, name): text for name, text in (
        ("ENOSPC", "磁盘空间不足"),
        ("EACCES", "没有访问权限"),
        ("EPERM", "操作不被允许"),
        ("EROFS", "磁盘或文件夹为只读"),
        ("EISDIR", "目标是一个文件夹"),
        ("ENOTDIR", "路径中有一部分不是文件夹"),
        ("ENAMETOOLONG", "文件名过长"),
        ("EIO", "磁盘读写出错"),
        ("EMFILE", "打开的文件过多"),
        ("EDQUOT", "磁盘配额已用完"),
        ("ENOENT", "文件或文件夹不存在"),
        ("EBUSY", "文件正被其他程序占用"),
        ("ETXTBSY", "文件正被其他程序占用"),
    ) if hasattr(errno, name)
}
#: Windows: another program holds the file open or locked (Excel, WPS …)
_WIN_LOCKED = (32, 33)


def _reason(e: OSError) -> str:
    """A Chinese reason for an operating-system error."""
    if getattr(e, "winerror", None) in _WIN_LOCKED:
        return "文件正被其他程序（如 Excel、WPS）打开或锁定，请关闭后重试"
    return _OS_REASONS.get(e.errno) or (f"系统报告错误：{e.strerror}" if e.strerror else f"系统报告错误：{e}")


_JSON_STRING = re.compile(r'"(?:[^"\\]+|\\.)*"')


def _values_over_limit(text: str) -> bool:
    """Whether the JSON text holds more than ``MAX_VALUES`` values, found before parsing it.

    Every value after the first in a list or object follows a comma, so commas, ``[`` and ``{``
    outside strings bound their number. Counting them in the whole text is a quick bound; only
    when it is over the limit (commas inside long texts) are the strings taken out first.
    """
    def bound(t: str) -> int:
        return t.count(",") + t.count("[") + t.count("{") + 1
    if bound(text) <= MAX_VALUES:
        return False
    return bound(_JSON_STRING.sub("", text)) > MAX_VALUES


def _reject_constant(name: str):
    raise StoreError(f"文件中含有非法数值“{name}”")


def loads(text: str, name: str = "文件", _unwrap: bool = True) -> Report:
    """Parse the text of a .jxzp file.

    A recovery file (``gui.recovery``: JSON whose ``document`` is the text of a .jxzp
    file) opens as the document it holds, so that one moved aside as unreadable can be
    opened once it is readable.
    """
    if not text.strip():
        raise StoreError(f"{name}是空的，不是绩效自评文件")
    if _values_over_limit(text):     # parsing it would take gigabytes of memory
        raise StoreError(f"{name}中的数据项过多（超过 {MAX_VALUES:,} 个），已损坏或不是绩效自评文件")
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except StoreError:
        raise
    except json.JSONDecodeError as e:
        where = f"（第 {e.lineno} 行第 {e.colno} 列）"
        raise StoreError(f"{name}已损坏或不完整{where}，无法读取。可尝试打开同目录下的备份文件（.bak）") from None
    except ValueError:   # e.g. an integer with thousands of digits
        raise StoreError(f"{name}中含有无法识别的超长数值，已损坏或不是绩效自评文件") from None
    except RecursionError:
        raise StoreError(f"{name}的结构嵌套过深，已损坏或不是绩效自评文件") from None
    if (_unwrap and isinstance(data, dict) and "format" not in data
            and isinstance(data.get("document"), str) and "saved_at" in data):
        return loads(data["document"], name, _unwrap=False)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StoreError(f"{name}不是绩效自评文件（.jxzp）")
    schema = data.get("schema")
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
        raise StoreError(f"{name}的格式版本号无法识别")
    if schema > SCHEMA_VERSION:
        raise StoreError(f"{name}由更新版本的程序保存（格式版本 {schema}，本程序支持到 {SCHEMA_VERSION}），"
                         "请升级程序后再打开")
    raw = data.get("report")
    if not isinstance(raw, dict):
        raise StoreError(f"{name}中没有报告内容")
    for version in range(schema, SCHEMA_VERSION):
        migrate = MIGRATIONS.get(version)
        if migrate is None:
            raise StoreError(f"{name}的格式版本 {schema} 过旧，本程序无法转换（缺少版本 {version} 的转换规则）")
        try:
            raw = migrate(raw)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError, DocumentError):
            raise StoreError(f"{name}的格式版本 {schema} 转换到当前版本时失败，文件内容可能已损坏") from None
        if not isinstance(raw, dict):
            raise StoreError(f"{name}的格式版本 {schema} 转换到当前版本时失败，文件内容可能已损坏")
    try:
        return from_dict(raw)
    except DocumentError as e:
        raise StoreError(f"{name}的内容有误：{e}") from None
    except RecursionError:
        raise StoreError(f"{name}的结构嵌套过深，已损坏") from None


def load(path: str | os.PathLike) -> Report:
    p = Path(path)
    name = f"文件“{p.name}”"
    try:
        st = p.stat()
        size = st.st_size
        if stat.S_ISDIR(st.st_mode):
            raise StoreError(f"“{p}”是一个文件夹，不是文件")
        if not stat.S_ISREG(st.st_mode):
            raise StoreError(f"“{p}”不是普通文件，无法作为绩效自评文件打开")
        if size > MAX_FILE_BYTES:
            raise StoreError(f"{name}过大（{size // (1024 * 1024)} MB），不是绩效自评文件")
        raw = p.read_bytes()
    except FileNotFoundError:
        raise StoreError(f"找不到文件“{p}”") from None
    except PermissionError:
        raise StoreError(f"没有权限读取文件“{p}”") from None
    except OSError as e:
        raise StoreError(f"无法读取文件“{p}”：{_reason(e)}") from None
    except ValueError:   # e.g. a NUL character in the path
        raise StoreError(f"文件路径“{p}”中含有非法字符") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise StoreError(f"{name}不是绩效自评文件（不是 UTF-8 文本，可能是其他程序的文件或已损坏）") from None
    with collector.held():      # the report is built with nothing to collect (model.collector)
        return loads(text, name)


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()   # read once, at import: os.umask cannot be read without setting it
#: a temporary file this module (or ``export.atomic_target``) names: ``temp_prefix`` + the random
#: part ``tempfile.mkstemp`` or ``_temp_name`` adds + ``.tmp``
_TEMP_NAME = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")
STALE_TEMP_S = 24 * 3600


def real_target(path: str | os.PathLike) -> Path:
    """The file a write to ``path`` must replace: a symbolic link's target (the link stays a link)."""
    p = Path(path)
    try:
        if p.is_symlink():
            return Path(os.path.realpath(p))
    except (OSError, ValueError):
        pass
    return p


def file_mode(target: Path) -> int:
    """Permission bits for a new version of ``target``: the existing file's, else the user's default."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except (OSError, ValueError):
        return 0o666 & ~_UMASK


def set_mode(fd: int, mode: int) -> None:
    """Give a temporary file (``mkstemp`` makes it 0600) the permission bits of the file it replaces."""
    if hasattr(os, "fchmod"):
        try:
            os.fchmod(fd, mode)
        except OSError:
            pass   # a file system without permission bits (FAT) or not our file: keep what it has


def _temp_name(folder: Path, name: str) -> Path:
    return folder / f"{temp_prefix(name)}{os.urandom(4).hex()}.tmp"


def write_backup(p: Path) -> bool:
    """Keep the current ``p`` as ``<p>.bak``; False when that was not possible.

    The backup is made under a temporary name (a hard link, or a copy where the file
    system has none) and renamed over the old ``.bak``: an existing ``.bak`` is never
    opened for writing, so one that is a hard link to the live file (left by another
    copy of the program saving at the same moment) cannot truncate it.
    """
    import shutil
    bak = backup_path(p)
    tmp = _temp_name(bak.parent, bak.name)
    try:
        try:
            os.link(p, tmp)
        except OSError:
            shutil.copy2(p, tmp)
        os.replace(tmp, bak)
        return True
    except (OSError, shutil.Error):
        return False
    finally:
        try:
            if os.path.lexists(tmp):
                os.unlink(tmp)
        except OSError:
            pass


def clean_stale_temps(folder: Path, now: float | None = None) -> int:
    """Remove temporary files a crash left in ``folder`` (our naming, older than a day)."""
    import time
    cutoff = (time.time() if now is None else now) - STALE_TEMP_S
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not _TEMP_NAME.match(entry.name):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(st.st_mode) and st.st_mtime < cutoff:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            pass
    return removed


BACKUP_MISSING = "未能保留上一版备份（.bak）"


def write_atomic(path: str | os.PathLike, text: str, keep_backup: bool = True) -> str | None:
    """Write ``text`` to ``path`` atomically, keeping the previous file as ``.bak``.

    Through a symbolic link the file it points to is replaced; the new file keeps the old
    one's permission bits. Returns None, or a Chinese warning when the file was saved but
    its previous version could not be kept as ``.bak`` (the caller must say so).
    """
    p = real_target(path)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as e:   # a lone surrogate that came in through the clipboard
        raise StoreError(f"内容中含有无法保存的字符（第 {e.start + 1} 个字符附近），原文件未改动") from None
    folder = p.parent if str(p.parent) else Path(".")
    try:
        if p.is_dir():
            raise StoreError(f"“{p}”是一个文件夹，不能保存为文件")
        mode = file_mode(p)
        fd, tmp = tempfile.mkstemp(prefix=temp_prefix(p.name), suffix=".tmp", dir=folder)
    except FileNotFoundError:
        raise StoreError(f"文件夹“{folder}”不存在") from None
    except PermissionError:
        raise StoreError(f"没有权限在文件夹“{folder}”中保存文件") from None
    except OSError as e:
        raise StoreError(f"无法在“{folder}”中保存文件：{_reason(e)}") from None
    except ValueError:   # e.g. a NUL character in the path
        raise StoreError(f"文件路径“{p}”中含有非法字符") from None
    warning = None
    try:
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                set_mode(f.fileno(), mode)
                os.fsync(f.fileno())
        except OSError as e:
            raise StoreError(f"保存“{p}”失败（{_reason(e)}），原文件未改动。请检查磁盘空间") from None
        if keep_backup and p.exists() and not write_backup(p):
            warning = (f"文件“{p.name}”已保存，但{BACKUP_MISSING}：磁盘空间可能不足，"
                       "或文件夹不允许建立备份文件")
        try:
            os.replace(tmp, p)
        except PermissionError:
            raise StoreError(f"没有权限写入“{p}”（文件可能被其他程序占用或为只读），原文件未改动") from None
        except OSError as e:
            raise StoreError(f"无法写入“{p}”：{_reason(e)}，原文件未改动") from None
        _fsync_dir(folder)
    finally:
        if os.path.exists(tmp):
            try:
                os.unlink(tmp)
            except OSError:
                pass
    clean_stale_temps(folder)
    return warning


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def save(report: Report, path: str | os.PathLike, keep_backup: bool = True) -> str | None:
    """Save ``report``; returns None, or a Chinese warning that the ``.bak`` could not be kept."""
    return write_atomic(path, dumps(report), keep_backup)
