"""One 正文 section (一 … 十): a plain-text editor with paragraphs.

The section's guidance is the placeholder text; the character count follows
the typing; “插入自动生成段落” inserts a paragraph written from the data
(``model.paragraphs``) as one undoable step.
"""
from __future__ import annotations

import time
from typing import Optional

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from model import paragraphs
from model.report import SECTIONS

from ..document import Document
from ..widgets import PlainTextEdit
from . import SHORT_TITLES  # re-exported: short tab titles (the full title is shown inside the page)
from .base import PAGE_MARGINS


#: a pause in typing this long (seconds) ends an undo step of a 正文 box
BURST_PAUSE_S = 1.5
#: typed characters that end an undo step: a new line, the end of a sentence or clause
BURST_ENDS = frozenset("\n。！？；!?;")


def inserted_text(old: str, new: str) -> str:
    """What an edit that turned ``old`` into ``new`` inserted (the part between their common ends)."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end = 0
    while end < limit - start and old[len(old) - 1 - end] == new[len(new) - 1 - end]:
        end += 1
    return new[start:len(new) - end]


class SectionEditor(PlainTextEdit):
    """A 正文 box whose undo steps are typing bursts: a step ends at a pause, at a line or
    sentence end, or when the box loses the focus (``QUndoCommand.mergeWith`` merges the rest)."""

    def __init__(self, *args, clock=time.monotonic, **kwargs):
        self.clock = clock
        self._last_edit: Optional[float] = None
        super().__init__(*args, **kwargs)

    def _store(self) -> None:
        if self._updating:
            return
        now = self.clock()
        before = self.doc.value(self.path) or ""
        if self._last_edit is not None and now - self._last_edit >= BURST_PAUSE_S:
            self.doc.seal()
        self._last_edit = now
        super()._store()
        if BURST_ENDS.intersection(inserted_text(before, self.toPlainText())):
            self.doc.seal()


def section_path(index: int) -> str:
    return f"sections[{index}]"


def count_chars(text: str) -> int:
    """Characters as a Chinese word count does: everything but whitespace."""
    return sum(1 for c in text if not c.isspace())


def count_paragraphs(text: str) -> int:
    return sum(1 for line in text.split("\n") if line.strip())


def insert_paragraph(text: str, position: int, paragraph: str) -> tuple[str, int]:
    """Insert ``paragraph`` as paragraph(s) of its own after the line holding ``position``.

    Returns the new text and the position just after the inserted paragraph.
    """
    if not text.strip():
        return paragraph, len(paragraph)
    position = max(0, min(position, len(text)))
    end = text.find("\n", position)
    if end < 0:
        end = len(text)
    line_start = text.rfind("\n", 0, position) + 1
    if not text[line_start:end].strip() and end != len(text):
        # on an empty line: fill it
        new = text[:line_start] + paragraph + text[end:]
        return new, line_start + len(paragraph)
    new = text[:end] + "\n" + paragraph + text[end:]
    return new, end + 1 + len(paragraph)


class SectionPage(QWidget):
    def __init__(self, doc: Document, index: int, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.doc = doc
        self.index = index
        self.path = section_path(index)
        number, full_title, guidance = SECTIONS[index]
        self.number = number
        self.full_title = f"{number}、{full_title}"
        self.title = f"{number}、{SHORT_TITLES[index]}"

        lay = QVBoxLayout(self)
        lay.setContentsMargins(*PAGE_MARGINS)
        lay.setSpacing(8)
        head = QLabel(self.full_title)
        f = head.font()
        f.setPointSizeF(f.pointSizeF() * 1.35)
        f.setBold(True)
        head.setFont(f)
        head.setWordWrap(True)
        lay.addWidget(head)
        hint = QLabel(guidance)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        lay.addWidget(hint)

        self.editor = SectionEditor(doc, self.path, f"第{number}部分正文")
        self.editor.setPlaceholderText(guidance + "\n\n每段一行，段首不必空格，打印时自动首行缩进两个字。")
        ef = QFont(self.editor.font())
        ef.setPointSizeF(ef.pointSizeF() * 1.15)
        self.editor.setFont(ef)
        self.editor.setLineWrapMode(PlainTextEdit.LineWrapMode.WidgetWidth)
        lay.addWidget(self.editor, 1)

        bar = QHBoxLayout()
        self.generate_button = QPushButton("插入自动生成段落")
        self.generate_button.clicked.connect(self.insert_generated)
        bar.addWidget(self.generate_button)
        bar.addStretch(1)
        self.count_label = QLabel()
        bar.addWidget(self.count_label)
        lay.addLayout(bar)

        self.editor.textChanged.connect(self._update_count)
        doc.changed.connect(lambda *_: self._update_button())
        doc.reset.connect(self._update_button)
        self._update_count()
        self._update_button()

    # -- page contract -------------------------------------------------------
    def focus_path(self, path: str) -> bool:
        if path != self.path and not path.startswith(self.path):
            return False
        self.editor.setFocus()
        return True

    # -- generated paragraph ---------------------------------------------------
    def generated(self) -> Optional[str]:
        return paragraphs.generate(self.doc.report, self.index)

    def _update_button(self) -> None:
        if self.index not in paragraphs.GENERATORS:
            self.generate_button.setEnabled(False)
            self.generate_button.setToolTip("这一部分需要根据实际情况撰写，没有可自动生成的内容")
            return
        text = self.generated()
        self.generate_button.setEnabled(text is not None)
        self.generate_button.setToolTip(
            ("将插入：\n" + text) if text else "请先在“机构与人员”“预算与执行”或绩效指标中填写相关数据")

    def insert_generated(self) -> bool:
        text = self.generated()
        if not text:
            return False
        current = self.doc.value(self.path) or ""
        new, pos = insert_paragraph(current, self.editor.textCursor().position(), text)
        self.doc.seal()
        self.doc.set_value(self.path, new, f"插入第{self.number}部分自动生成段落")
        self.doc.seal()
        cursor = self.editor.textCursor()
        cursor.setPosition(min(pos, len(self.editor.toPlainText())))
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()
        self.editor.setFocus()
        return True

    def _update_count(self) -> None:
        text = self.editor.toPlainText()
        self.count_label.setText(f"共 {count_chars(text)} 字，{count_paragraphs(text)} 段")


__all__ = ["SectionPage", "SHORT_TITLES", "insert_paragraph", "count_chars", "count_paragraphs"]
