"""Exporters: the document → Excel annex tables, PDF, Word, plain text.

``export_all`` is what the CLI (and the GUI) call: it writes every requested
file and yields one Chinese line per step. Every file is written to a
temporary file in the target folder first and renamed over the target only
when complete (``atomic_target``), so a failed export never leaves a
half-written file. Failures are raised as ``ExportError`` with a Chinese
message.
"""
from __future__ import annotations

import copy
import dataclasses
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

from model import store
from model.store import _reason as os_reason, temp_prefix


class ExportError(Exception):
    """An export that could not be written; ``str(e)`` is Chinese."""


#: characters no file format can carry visibly: C0 controls other than tab and line breaks,
#: DEL and the non-characters U+FFFE/U+FFFF (XML refuses most of them outright)
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


#: dataclass → the names of its fields (``dataclasses.fields`` builds a tuple on every call)
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(obj) -> tuple[str, ...] | None:
    """The field names of a dataclass instance, None for anything else."""
    cls = obj.__class__
    names = _FIELD_NAMES.get(cls)
    if names is None and dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(obj))
    return names


def _strings(obj, path: str = ""):
    """(path, text) for every string in a report, found by walking its dataclasses."""
    names = _field_names(obj)
    if names is not None:
        for name in names:
            yield from _strings(getattr(obj, name), f"{path}.{name}" if path else name)
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _strings(v, f"{path}[{i}]")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _strings(v, f"{path}.{k}")
    elif isinstance(obj, str):
        yield path, obj


def _texts(obj, out: list) -> list:
    """The texts ``_strings`` finds, in its order, without building their paths (which only a
    message needs)."""
    if obj.__class__ is str:
        out.append(obj)
        return out
    names = _field_names(obj)
    if names is not None:
        for name in names:
            _texts(getattr(obj, name), out)
    elif isinstance(obj, list):
        for v in obj:
            _texts(v, out)
    elif isinstance(obj, dict):
        for v in obj.values():
            _texts(v, out)
    elif isinstance(obj, str):
        out.append(obj)
    return out


def printable(report):
    """``report`` as every file format can carry it.

    Invisible control characters (pasted from other programs) are dropped from a
    copy; a lone surrogate (half of an emoji, pasted from a broken source) raises
    ``ExportError`` naming where it is, as saving does.
    """
    # all texts searched at once (a line break is neither invisible nor a surrogate); the
    # paths, which only a message needs, are walked for only when something is found
    every = "\n".join(_texts(report, []))
    if _SURROGATE.search(every):
        for path, text in _strings(report):
            m = _SURROGATE.search(text)
            if m:
                around = _SURROGATE.sub("", text[max(0, m.start() - 8):m.start() + 8])
                raise ExportError(f"内容中含有无法导出的字符（{path}，“{around}”附近，第 {m.start() + 1} 个字符），"
                                  "请删除该处的乱码字符后重试")
    if not _INVISIBLE.search(every):
        return report
    from model import paths
    clean = copy.deepcopy(report)
    for path, text in _strings(clean):
        if _INVISIBLE.search(text):
            paths.set(clean, path, _INVISIBLE.sub("", text))
    return clean


def _os_message(e: OSError) -> str:
    """The Chinese reason for an operating-system error (as the .jxzp store words it)."""
    return os_reason(e)


@contextmanager
def atomic_target(path: str | os.PathLike, what: str = "文件") -> Iterator[Path]:
    """Yield a temporary path next to ``path``; rename it over ``path`` when the block succeeds.

    ``what`` names the file in messages (“Excel 文件”). OSError and PermissionError
    become ``ExportError``; the target is left untouched on any failure. Through a
    symbolic link the file it points to is replaced; the new file keeps the old one's
    permission bits (``model.store.file_mode``); a replaced ``.jxzp`` is kept as
    ``.bak``; temporary files a crash left in the folder are cleaned afterwards.
    Whether the target may be replaced at all (``--force``) is the caller's decision.
    """
    if what[:1].isascii():
        what = " " + what            # “导出 Excel 文件”, spaced as Chinese text wants
    target = store.real_target(path)   # through a symbolic link: the file it points to
    folder = target.parent if str(target.parent) else Path(".")
    try:
        is_dir, folder_ok = target.is_dir(), folder.is_dir()
    except OSError as e:   # e.g. a name longer than the system allows
        raise ExportError(f"无法导出{what}“{target}”：{_os_message(e)}") from None
    except ValueError:     # a NUL character in the path
        raise ExportError(f"文件路径“{target}”中含有非法字符") from None
    if is_dir:
        raise ExportError(f"“{target}”是一个文件夹，请指定要导出的{what}名")
    if not folder_ok:
        raise ExportError(f"文件夹“{folder}”不存在，无法导出{what}")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(target.name), suffix=".tmp", dir=folder)
    except PermissionError:
        raise ExportError(f"没有权限在文件夹“{folder}”中写入{what}") from None
    except OSError as e:
        raise ExportError(f"无法在文件夹“{folder}”中写入{what}：{_os_message(e)}") from None
    store.set_mode(fd, store.file_mode(target))   # the replaced file's permission bits, not 0600
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        try:
            yield tmp
        except PermissionError:
            raise ExportError(f"没有权限写入{what}“{target}”") from None
        except OSError as e:
            raise ExportError(f"写入{what}“{target}”失败：{_os_message(e)}。请检查磁盘空间") from None
        if target.suffix.lower() == store.SUFFIX and target.exists() and not store.write_backup(target):
            raise ExportError(f"无法覆盖“{target}”：{store.BACKUP_MISSING}，原文件未改动")
        try:
            os.replace(tmp, target)
        except PermissionError:
            raise ExportError(f"无法覆盖“{target}”：文件可能正在 Excel、WPS 或其他程序中打开，"
                              f"或为只读文件。请关闭后重试") from None
        except OSError as e:
            raise ExportError(f"无法写入“{target}”：{_os_message(e)}") from None
    finally:
        if tmp.exists():
            try:
                tmp.unlink()
            except OSError:
                pass
    store.clean_stale_temps(folder)


def export_all(report, xlsx: Optional[str] = None, pdf: Optional[str] = None,
               txt: Optional[str] = None, docx: Optional[str] = None,
               verbose: bool = False) -> Iterator[str]:
    """Write every requested file; yield one Chinese line per step.

    Raises ``ExportError`` (Chinese message) when a file cannot be written; files
    already written stay written.
    """
    if xlsx:
        from .xlsx import write_xlsx
        sheets = write_xlsx(report, xlsx)
        projects = len(sheets) - 2
        yield (f"已导出 Excel 附表：{xlsx}（{len(sheets)} 张表：附件2、附件3"
               + (f"及 {projects} 个项目的附件4" if projects > 0 else "") + "）")
        if verbose:
            yield "  表格字体：宋体；纸张：A4（附件3、附件4 横向），每张表按一页宽缩放打印"
            for name in sheets:
                yield f"  工作表：{name}"
    if pdf:
        yield from _export_pdf(report, pdf, verbose)
    if docx:
        yield from _export_docx(report, docx, verbose)
    if txt:
        from .txt import write_txt
        write_txt(report, txt)
        yield f"已导出正文纯文本：{txt}"


def _export_pdf(report, path: str, verbose: bool) -> Iterator[str]:
    from . import pdf as pdf_module
    yield from pdf_module.export(report, path, verbose=verbose)


def _export_docx(report, path: str, verbose: bool) -> Iterator[str]:
    from . import docx as docx_module
    yield from docx_module.export(report, path, verbose=verbose)
