"""What one export of the window writes, and writing it: no Qt here.

``ExportPlan`` (folder, base name, formats) → ``run_export`` → ``ExportOutcome`` (files written,
fonts the PDF used, the Chinese error if one stopped it). The window runs ``run_export`` in a
separate process (``export.process``), or in a worker thread when no process can be started;
both hand the same plan and get the same outcome, so everything here must pickle.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional


@dataclass(frozen=True)
class ExportFormat:
    key: str
    label: str
    suffix: str
    description: str


FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("xlsx", "Excel 附表", ".xlsx",
                 "附件2 基础数据表、附件3 整体支出自评表、每个项目一张附件4，可在 Excel/WPS 中修改和打印"),
    ExportFormat("pdf", "PDF（正文+附表）", ".pdf",
                 "报告正文按公文格式排版，后附全部附表；用于打印、盖章扫描或报送"),
    ExportFormat("docx", "Word 正文", ".docx",
                 "报告正文（公文格式），可在 Word/WPS 中继续修改"),
    ExportFormat("txt", "纯文本", ".txt",
                 "报告正文的文字，便于粘贴到其他系统"),
)
FORMAT_BY_KEY = {f.key: f for f in FORMATS}
DEFAULT_FORMATS = ("xlsx", "pdf")

_ILLEGAL_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}

#: the outcome's error when the user stopped the export (停止导出)
CANCELLED = "已停止导出"


def safe_file_name(name: str) -> str:
    """``name`` usable as a Windows file name: forbidden characters become “_”."""
    name = _ILLEGAL_NAME.sub("_", name).strip().rstrip(". ")
    if name.upper() in _RESERVED:
        name += "_"
    return name


@dataclass
class ExportPlan:
    folder: Path
    base: str
    formats: tuple[str, ...]

    def problem(self) -> Optional[str]:
        """Why this plan cannot run (Chinese), or None."""
        if not self.formats:
            return "请至少选择一种要导出的格式"
        if not self.base.strip():
            return "请填写文件名"
        if safe_file_name(self.base) != self.base.strip():
            return "文件名不能包含 \\ / : * ? \" < > | 这些字符，也不能以句点结尾"
        if not str(self.folder).strip():
            return "请选择保存的文件夹"
        if not Path(self.folder).is_dir():
            return f"文件夹“{self.folder}”不存在"
        return None

    def targets(self) -> list[tuple[str, Path]]:
        base = self.base.strip()
        return [(key, Path(self.folder) / f"{base}{FORMAT_BY_KEY[key].suffix}")
                for key in (f.key for f in FORMATS) if key in self.formats]

    def existing(self) -> list[Path]:
        return [p for _, p in self.targets() if p.exists()]


@dataclass
class ExportOutcome:
    files: list[tuple[str, Path]] = field(default_factory=list)   # (format key, file) written
    fonts: object = None              # export.fonts.FontReport of the PDF, when one was written
    notes: dict[str, str] = field(default_factory=dict)   # format key → “4 张工作表”
    details: dict[str, str] = field(default_factory=dict)  # format key → longer text (tooltip)
    error: Optional[str] = None       # Chinese; files written before the failure stay
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


def write_one(report, key: str, path: Path, outcome: ExportOutcome, scores=None) -> None:
    """Write one file of the plan and record it in ``outcome``; raises what the writer raises."""
    if key == "xlsx":
        from .xlsx import write_xlsx
        sheets = write_xlsx(report, path, scores)
        outcome.notes[key] = f"{len(sheets)} 张工作表"
        outcome.details[key] = "工作表：" + "、".join(sheets)
    elif key == "pdf":
        from .pdf import write_pdf
        outcome.fonts = write_pdf(report, path, scores=scores)
    elif key == "docx":
        from .docx import write_docx
        write_docx(report, path)
    elif key == "txt":
        from .txt import write_txt
        write_txt(report, path)
    else:  # pragma: no cover - the dialog only offers FORMATS
        raise ValueError(key)
    outcome.files.append((key, path))


class Cancelled(Exception):
    """Raised by an ``on_step`` callback to stop before the next file (停止导出)."""


def run_export(report, plan: ExportPlan, on_step: Optional[Callable[[str, Path], None]] = None,
               scores=None) -> ExportOutcome:
    """Write every file of ``plan``; never raises (a failure is ``outcome.error``).

    ``on_step(key, path)`` is called before each file is written (it may raise ``Cancelled``);
    ``scores`` is the report's ``ReportScores`` (the document's, so the files print what the
    window shows).
    """
    from . import ExportError
    outcome = ExportOutcome()
    start = time.perf_counter()
    for key, path in plan.targets():
        try:
            if on_step is not None:
                on_step(key, path)
            write_one(report, key, path, outcome, scores)
        except Cancelled:
            outcome.error = CANCELLED
            break
        except ExportError as e:
            outcome.error = str(e)
            break
        except MemoryError:
            outcome.error = "内存不足，无法完成导出。请关闭其他程序后重试"
            break
        except Exception as e:  # noqa: BLE001 - shown to the user instead of a traceback
            what = FORMAT_BY_KEY[key].label
            outcome.error = f"导出{what}时出错：{e.__class__.__name__}：{e}"
            break
    outcome.seconds = time.perf_counter() - start
    return outcome
