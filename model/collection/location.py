"""Where the 汇总库 lives, and whether a path is on a network share.

SQLite's file locking is unreliable over SMB/CIFS and NFS, so a database on a
share is refused with a Chinese message: a UNC path (``\\\\server\\share``), a
mapped network drive on Windows (``GetDriveTypeW`` = ``DRIVE_REMOTE``), or on
Linux a folder whose mount in ``/proc/mounts`` is nfs, cifs or smb.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Optional

from ..userdata import APP, DATA_DIR_ENV, ORG, data_dir

DEFAULT_DB_NAME = "汇总库.sqlite"
#: file systems of /proc/mounts whose locking SQLite cannot rely on
NETWORK_FS = ("nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "9p",
              "fuse.sshfs", "davfs", "fuse.davfs2")
DRIVE_REMOTE = 4


def default_db_path() -> Path:
    """The 汇总库 in the data folder; on Windows in the *local* application data
    (``%LOCALAPPDATA%``), which, unlike the roaming folder, is never redirected to a server."""
    if sys.platform.startswith("win") and not os.environ.get(DATA_DIR_ENV) and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / ORG / APP / DEFAULT_DB_NAME
    return data_dir() / DEFAULT_DB_NAME


def _unescape_mount(text: str) -> str:
    """/proc/mounts writes a space as ``\\040`` (octal escapes)."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), text)


def mount_fstype(path: str, mounts_text: str) -> Optional[str]:
    """The file-system type of the longest mount point containing ``path`` (absolute)."""
    best, best_type = "", None
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _unescape_mount(fields[1]).rstrip("/") or "/"
        inside = path == point or path.startswith(point.rstrip("/") + "/") or point == "/"
        if inside and len(point) >= len(best):
            best, best_type = point, fields[2]
    return best_type


def _existing_folder(path: Path) -> Path:
    p = path.parent
    while not p.exists() and p != p.parent:
        p = p.parent
    return p


def _windows_drive_remote(path: str) -> bool:
    """Whether the drive of ``path`` is a mapped network drive (``GetDriveTypeW`` = DRIVE_REMOTE)."""
    try:
        import ctypes
        import ntpath
        drive = ntpath.splitdrive(ntpath.abspath(path))[0]
        if not drive or drive.startswith("\\\\"):
            return bool(drive)
        return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE
    except (AttributeError, OSError, ValueError):
        return False


def network_problem(path: str | os.PathLike, mounts_text: Optional[str] = None,
                    windows: Optional[bool] = None) -> Optional[str]:
    """A Chinese message when ``path`` is on a network share, else None."""
    text = os.fspath(path)
    refuse = (f"汇总库“{text}”位于网络共享位置。SQLite 在网络盘上无法可靠加锁，多人同时使用会损坏数据。"
              "请把汇总库放在本机磁盘上（默认位置：用户数据文件夹），需要时再复制到共享文件夹。")
    if text.startswith("\\\\") or text.startswith("//"):
        return refuse
    if windows is None:
        windows = sys.platform.startswith("win")
    if windows:
        return refuse if _windows_drive_remote(text) else None
    if mounts_text is None:
        try:
            mounts_text = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    try:
        folder = str(_existing_folder(Path(os.path.abspath(text))).resolve())
    except (OSError, ValueError):
        return None
    fstype = mount_fstype(folder, mounts_text)
    if fstype and (fstype in NETWORK_FS or fstype.split(".")[0] in ("nfs", "cifs", "smb3")):
        return refuse
    return None
