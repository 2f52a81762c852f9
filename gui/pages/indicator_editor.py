"""The indicator grid with its toolbar, message line and score summary.

Used by the department page and the project page; ``set_list_path`` points it
at another table (another project).
"""
from __future__ import annotations

import html
from typing import Callable

from PySide6.QtCore import QEvent, QTimer, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QHeaderView, QLabel, QMessageBox, QSizePolicy, QToolBar, QVBoxLayout,
                               QWidget)

from model import links
from model.library import LibraryError, load_library
from model.numbers import fmt_decimal, fmt_plain
from model.report import Indicator

from ..tables.delegates import IndicatorDelegate
from ..tables.indicators import (COL_ACTUAL, COL_GRADE, COL_LEVEL1, COL_LEVEL2, COL_NAME, COL_NATURE,
                                 COL_NOTE, COL_SCORE, COL_TARGET, COL_WEIGHT, FIELD_COLUMN, IndicatorTableModel)
from ..tables.linked import LINKABLE_LIST
from ..tables.view import GridView
from ..widgets import reveal_widget
from . import library_dialog

#: default column widths (pixels at the usual 9–10 pt UI font); the note column stretches
COLUMN_WIDTHS = {COL_LEVEL1: 86, COL_LEVEL2: 130, COL_NAME: 180, COL_NATURE: 64, COL_TARGET: 130,
                 COL_ACTUAL: 130, COL_WEIGHT: 48, COL_GRADE: 128, COL_SCORE: 76}

NOTE_MIN_WIDTH = 230
SHRINKABLE = (COL_LEVEL1, COL_LEVEL2, COL_NAME, COL_TARGET, COL_ACTUAL, COL_GRADE)

ERROR_STYLE = "color: #B3261E; background: #FDECEA; padding: 4px; border-radius: 3px;"
NOTICE_STYLE = "color: #1B4F8A; background: #E8F0FB; padding: 4px; border-radius: 3px;"


class IndicatorEditor(QWidget):
    """Toolbar + grid + summary over one indicator list of the document."""

    def __init__(self, doc, list_path: str = "", library_scope: str = "", parent=None):
        super().__init__(parent)
        self.doc = doc
        self.library_scope = library_scope
        #: replaceable for tests: (entries, year, level1 names, scope, parent) → chosen entries or None
        self.pick_entries: Callable = library_dialog.pick_entries
        self.model = IndicatorTableModel(doc, list_path, self)
        self.view = GridView(self)
        self.view.setModel(self.model)
        self.delegate = IndicatorDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        hh = self.view.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in COLUMN_WIDTHS.items():
            hh.resizeSection(col, width)
        hh.setMinimumSectionSize(40)
        self.view.verticalHeader().setMinimumSectionSize(26)
        self._rows_timer = QTimer(self)
        self._rows_timer.setSingleShot(True)
        self._rows_timer.setInterval(0)
        self._rows_timer.timeout.connect(self.view.resizeRowsToContents)
        for sig in (self.model.modelReset, self.model.rowsInserted, hh.sectionResized):
            sig.connect(lambda *_a: self._rows_timer.start())
        # an edit changes one row: only that row's height is measured again
        self.model.dataChanged.connect(self._resize_changed_rows)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.fit_columns)
        self.view.viewport().installEventFilter(self)
        self.view.setMinimumHeight(220)
        self.view.set_placeholder_text("还没有绩效指标。点击上方“添加指标”逐行填写，或“从指标库选取”常用指标；"
                                       "也可以从 Excel 复制整行后点“粘贴”。")
        self.view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.act_add = self._action("添加指标", self.add_row, "在末尾添加一行（沿用当前行的一级、二级指标）")
        self.act_insert = self._action("插入", self.insert_row, "在当前行之前插入一行", "Ctrl+Shift+=")
        self.act_delete = self._action("删除", lambda: self.delete_rows(), "删除选中的行", "Ctrl+-")
        self.toolbar.addSeparator()
        self.act_up = self._action("上移", lambda: self.move_current(-1), "把当前行上移一行", "Alt+Up")
        self.act_down = self._action("下移", lambda: self.move_current(1), "把当前行下移一行", "Alt+Down")
        self.toolbar.addSeparator()
        self.act_library = self._action("从指标库选取…", self.pick_from_library,
                                        "从常用指标库中选择指标插入到当前行之前")
        self.toolbar.addSeparator()
        self.act_copy = self._action("复制", self.view.copy_selection,
                                     "把选中的单元格复制为制表符分隔的文本，可直接粘贴到 Excel")
        self.act_paste = self._action("粘贴", lambda: self.view.paste(),
                                      "把从 Excel 复制的单元格从当前单元格开始粘贴，行数不够时自动添加")
        self.act_clear_manual = self._action("恢复计算得分", self.clear_manual,
                                             "清除选中行的手工得分，改回自动计算")
        # linked indicators (model.links): on the context menu only
        self.act_link = self._action("关联预算数据", self.link_selected,
                                     "实际完成值改由“预算与执行”等页面的数据自动计算（如公用经费控制率）",
                                     toolbar=False)
        self.act_unlink = self._action("取消关联", self.unlink_selected,
                                       "不再自动计算：当前计算值保留为手工填写的实际完成值", toolbar=False)

        # the same actions on the grid's context menu
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        sep = QAction(self)
        sep.setSeparator(True)
        sep2 = QAction(self)
        sep2.setSeparator(True)
        self.view.addActions([self.act_insert, self.act_delete, self.act_up, self.act_down, sep,
                              self.act_copy, self.act_paste, sep2, self.act_clear_manual, self.act_library,
                              self.act_link, self.act_unlink])

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.toolbar)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.message)
        lay.addWidget(self.summary_label)

        self.model.inputRejected.connect(self.show_message)
        self.model.notice.connect(lambda text: self.show_message(text, error=False))
        self.view.message.connect(self.show_message)
        self.model.summaryChanged.connect(self.refresh_summary)
        self.model.modelReset.connect(self._update_actions)
        self.model.dataChanged.connect(self._update_actions)     # a renamed row may become linkable
        self.view.selectionModel().currentChanged.connect(self._update_actions)
        self.refresh_summary()
        self._update_actions()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.view.resizeRowsToContents()

    def _resize_changed_rows(self, top, bottom, _roles=()) -> None:
        if self._rows_timer.isActive():
            return
        for row in range(top.row(), bottom.row() + 1):
            self.view.resizeRowToContents(row)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
            self._rows_timer.start()
        return super().eventFilter(obj, event)

    def fit_columns(self) -> None:
        """Share the width: the note column gets what is left, at least NOTE_MIN_WIDTH; when
        space is short the text columns give up to a quarter of their width first."""
        avail = self.view.viewport().width()
        if avail <= 0:
            return
        fixed = sum(COLUMN_WIDTHS.values())
        scale = 1.0
        if avail - fixed < NOTE_MIN_WIDTH:
            shrinkable = sum(COLUMN_WIDTHS[c] for c in SHRINKABLE)
            need = NOTE_MIN_WIDTH - (avail - fixed)
            scale = max(0.75, 1 - need / shrinkable)
        hh = self.view.horizontalHeader()
        used = 0
        for col, width in COLUMN_WIDTHS.items():
            w = int(width * scale) if col in SHRINKABLE else width
            hh.resizeSection(col, w)
            used += w
        hh.resizeSection(COL_NOTE, max(NOTE_MIN_WIDTH, avail - used))

    def _action(self, text: str, slot, tip: str, shortcut: str = "", toolbar: bool = True) -> QAction:
        act = QAction(text, self)
        act.setToolTip(tip + (f"（{QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)}）"
                              if shortcut else ""))
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        act.triggered.connect(slot)
        if toolbar:
            self.toolbar.addAction(act)
        self.addAction(act)
        return act

    # ------------------------------------------------------------ addressing
    def set_list_path(self, list_path: str) -> None:
        self.message.hide()
        self.model.set_list_path(list_path)
        self._update_actions()

    def select_cell(self, row: int, field: str = "") -> bool:
        col = FIELD_COLUMN.get(field, COL_NAME) if field else COL_NAME
        if not self.view.select_cell(row, col):
            return False
        reveal_widget(self.view)     # a page that scrolls (small window) brings the grid into view
        return True

    # ------------------------------------------------------------ messages / summary
    def show_message(self, text: str, error: bool = True) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else NOTICE_STYLE)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def refresh_summary(self) -> None:
        if self.message.isVisible():
            self.message.hide()
        self.summary_label.setText(self.summary_html())
        self._fit_summary()
        self._update_actions()

    def _fit_summary(self) -> None:
        """Reserve the wrapped summary's height: a long line (rule-set notes, weight mismatches)
        wraps onto more lines than the label's size hint says, and in a scrolled page it would
        otherwise be drawn over the grid."""
        lab = self.summary_label
        width = self.contentsRect().width()      # the label spans the editor (no margins)
        if width <= 0:
            return
        lab.setMinimumHeight(0)                  # the label's height for a width includes its minimum
        lab.setMinimumHeight(max(lab.heightForWidth(width), 0))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit_summary()

    def summary_html(self) -> str:
        t = self.model.result()
        places = self.model.places
        parts = []
        for p in self.model.summary():
            w = (fmt_plain(p.effective_weight) if p.weight is not None else "?") + " 分"
            if p.spread:        # a spread of an empty block's weight: the weight as scored
                w += f"（含分配 {fmt_plain(p.spread)} 分）"
            piece = f"{html.escape(p.label)} {w}：" + (f"{p.detail}，" if p.detail else "") + \
                f"得 <b>{fmt_decimal(p.score, places)}</b>"
            if p.weight_mismatch:
                piece += (f" <span style='color:#B3261E'>（各指标分值合计 {fmt_plain(p.row_weight)}，"
                          f"应为 {fmt_plain(p.weight)}）</span>")
            elif p.weight is None:
                piece += " <span style='color:#B3261E'>（不在指标体系中）</span>"
            parts.append(piece)
        total = (f"总分 {fmt_plain(t.weight_total)} 分：得 <b>{fmt_decimal(t.total, places)}</b>，"
                 f"等级 <b>{t.grade}</b>")
        if t.weight_total != 100:
            total += f" <span style='color:#B3261E'>（分值合计 {fmt_plain(t.weight_total)}，应为 100）</span>"
        flagged = [i for i, r in enumerate(t.rows) if r.flagged]
        lst = self.model.indicators()
        missing = [i for i in flagged if not lst[i].note.strip()]
        flags = ""
        if flagged:
            flags = f"<br>偏差标记 {len(flagged)} 行"
            if missing:
                rows = "、".join(str(i + 1) for i in missing[:10]) + ("…" if len(missing) > 10 else "")
                flags += (f"，<span style='color:#B3261E'>其中 {len(missing)} 行{html.escape('缺少偏差原因分析')}"
                          f"（第 {rows} 行）</span>")
            else:
                flags += "，均已填写偏差原因分析"
        manual = sum(1 for r in t.rows if r.manual)
        if manual:
            flags += (f"{'，' if flags else '<br>'}手工得分 {manual} 行（斜体显示）")
        # rules of the rule set that moved the total (a weight spread, a cap by 执行率)
        flags += "".join(f"<br>规则集：{html.escape(a.text)}" for a in t.adjustments)
        return " ｜ ".join(parts) + "<br>" + total + flags

    # ------------------------------------------------------------ row operations
    def current_row(self) -> int:
        idx = self.view.currentIndex()
        return idx.row() if idx.isValid() else -1

    def selected_rows(self) -> list[int]:
        rows = {r for r, _c in self.view.selected_cells()}
        return sorted(rows)

    def _template(self, row: int) -> Indicator:
        if 0 <= row < self.model.rowCount():
            src = self.model.indicator(row)
            return Indicator(level1=src.level1, level2=src.level2)
        profile = self.model.profile()
        if profile.blocks:
            b = profile.blocks[0]
            return Indicator(level1=b.name, level2=b.level2[0] if b.level2 else "")
        return Indicator()

    def add_row(self) -> None:
        n = self.model.rowCount()
        cur = self.current_row()
        self.model.insert_indicators(n, [self._template(cur if cur >= 0 else n - 1)], "添加指标")
        self.view.select_cell(n, COL_NAME)

    def insert_row(self) -> None:
        cur = self.current_row()
        row = cur if cur >= 0 else 0
        self.model.insert_indicators(row, [self._template(cur)], "插入指标")
        self.view.select_cell(row, COL_NAME)

    def delete_rows(self, confirm: bool = True) -> bool:
        rows = self.selected_rows()
        if not rows:
            return False
        filled = [r for r in rows if self.model.row_has_content(self.model.indicator(r))]
        if confirm and filled:
            names = "、".join(f"第 {r + 1} 行" + (f"“{self.model.indicator(r).name}”"
                                                   if self.model.indicator(r).name else "")
                             for r in filled[:5]) + ("……" if len(filled) > 5 else "")
            answer = QMessageBox.question(
                self, "删除指标", f"确定删除 {len(rows)} 行指标吗？\n{names} 已填写内容。\n（可用“撤销”恢复）",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return False
        col = max(self.view.currentIndex().column(), 0)
        self.model.remove_rows(rows)
        if self.model.rowCount():
            self.view.select_cell(min(rows[0], self.model.rowCount() - 1), col)
        return True

    def move_current(self, delta: int) -> None:
        cur = self.view.currentIndex()
        if not cur.isValid():
            return
        dst = self.model.move_row(cur.row(), delta)
        if dst is not None:
            self.view.select_cell(dst, cur.column())

    def clear_manual(self) -> None:
        rows = self.selected_rows() or list(range(self.model.rowCount()))
        if not self.model.clear_manual_score(rows):
            self.show_message("选中的行没有手工得分")

    def pick_from_library(self) -> None:
        try:
            entries = load_library()
        except LibraryError as e:
            QMessageBox.warning(self, "指标库", str(e))
            return
        scope = self.library_scope(self.doc.report) if callable(self.library_scope) else self.library_scope
        chosen = self.pick_entries(entries, self.doc.report.year, self.model.profile().level1_names,
                                   scope, self)
        if not chosen:
            return
        cur = self.current_row()
        row = cur if cur >= 0 else self.model.rowCount()
        from model.skeleton import fit_to_rule_set
        profile = self.model.profile()
        items = [fit_to_rule_set(e.to_indicator(self.doc.report.year), profile) for e in chosen]
        if self.model.list_path != LINKABLE_LIST:
            for item in items:
                item.link = ""      # the ratios are the department's
        if not library_dialog.insert_spread(self, self.doc, self.model.list_path, row, items, profile):
            self.model.insert_indicators(row, items, "从指标库插入指标")
        self.view.select_cell(row, COL_ACTUAL)

    def _update_actions(self, *_args) -> None:
        has_table = bool(self.model.list_path)
        cur = self.current_row()
        n = self.model.rowCount()
        for act in (self.act_add, self.act_insert, self.act_library, self.act_paste):
            act.setEnabled(has_table)
        self.act_delete.setEnabled(has_table and n > 0)
        self.act_up.setEnabled(cur > 0)
        self.act_down.setEnabled(0 <= cur < n - 1)
        self.act_copy.setEnabled(n > 0)
        self.act_clear_manual.setEnabled(any(r.manual for r in self.model.result().rows))
        rows = self._link_rows()
        self.act_link.setEnabled(any(self.model.link_candidate(r) for r in rows))
        self.act_unlink.setEnabled(any(self.model.is_linked(r) for r in rows))

    def _link_rows(self) -> list[int]:
        rows = self.selected_rows()
        cur = self.current_row()
        return rows or ([cur] if cur >= 0 else [])

    def link_selected(self) -> None:
        if not self.model.link_rows(self._link_rows()):
            names = "、".join(s.name for s in links.specs()[:5])
            self.show_message(f"选中的行不能关联：只有部门整体指标中名称为{names}等比率的指标可以关联预算数据")

    def unlink_selected(self) -> None:
        if not self.model.unlink_rows(self._link_rows()):
            self.show_message("选中的行没有关联预算数据")

