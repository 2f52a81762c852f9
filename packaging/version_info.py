"""The program's version, read from ``pyproject.toml``, and the Windows version resource made from it.

Used by ``jxzp.spec`` (the .exe's 属性 → 详细信息 page) and by the CI workflow (the
installer's file name and version). Plain Python, no PyInstaller import, so it can be
checked on any platform.

    python packaging/version_info.py            # prints the version, e.g. 0.1.0
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = "绩效自评填报"
DESCRIPTION = "绩效自评填报：部门整体支出绩效自评报告及附表"
COPYRIGHT = "jxzp 项目"


def read_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """``[project] version`` of ``pyproject.toml`` (a regular expression: no tomllib on Python 3.10)."""
    text = pyproject.read_text(encoding="utf-8")
    project = re.search(r"^\[project\]\s*$(.*?)(?=^\[|\Z)", text, re.M | re.S)
    m = re.search(r'^version\s*=\s*"([^"]+)"', project.group(1) if project else "", re.M)
    if not m:
        raise ValueError(f"{pyproject}: no version in [project]")
    return m.group(1)


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """Four numbers for the fixed part of the resource: ``0.1.0`` → (0, 1, 0, 0); ``1.2rc1`` → (1, 2, 0, 0)."""
    numbers = [int(m) for m in re.findall(r"\d+", version.split("+")[0].split("rc")[0].split("a")[0].split("b")[0])]
    return tuple((numbers + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


def version_text(version: str, exe_name: str = "jxzp.exe") -> str:
    """The resource in the text form PyInstaller's ``EXE(version=FILE)`` reads."""
    vt = version_tuple(version)
    strings = {
        "CompanyName": COPYRIGHT,
        "FileDescription": DESCRIPTION,
        "FileVersion": version,
        "InternalName": exe_name.rsplit(".", 1)[0],
        "LegalCopyright": COPYRIGHT,
        "OriginalFilename": exe_name,
        "ProductName": PRODUCT,
        "ProductVersion": version,
    }
    table = ",\n          ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    # 0804 = Chinese (PRC), 04B0 = code page 1200 (UTF-16)
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={vt}, prodvers={vt}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([
      StringTable('080404B0', [
          {table}])]),
    VarFileInfo([VarStruct('Translation', [2052, 1200])])
  ]
)
"""


def write_version_file(path: Path, version: str, exe_name: str = "jxzp.exe") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(version_text(version, exe_name), encoding="utf-8")
    return path


if __name__ == "__main__":
    sys.stdout.write(read_version() + "\n")
