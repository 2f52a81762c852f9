"""The indicator grid: a table model over one list of ``model.report.Indicator``.

The model adapts rows of the document; it holds no state of its own. It is
addressed by a list path (``dept.indicators``, ``projects[2].indicators``),
edits go through ``Document.set_value`` (undoable) and scores, flags and
subtotals come from ``model.scoring``. Rows are 1:1 with indicators; the block
subtotals and the total are offered by ``summary()`` for a label under the grid.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Optional

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap, QPen

from model import paths, scoring
from model.numbers import (NumberError, fmt_decimal, fmt_plain, normalize, parse_decimal, parse_money,
                           round_half_up)
from model.profiles import Profile, profile_for
from model.report import GRADES, NATURES, Indicator

from . import linked

# ---------------------------------------------------------------- columns
COL_LEVEL1 = 0
COL_LEVEL2 = 1
COL_NAME = 2
COL_NATURE = 3
COL_TARGET = 4
COL_ACTUAL = 5
COL_WEIGHT = 6
COL_GRADE = 7
COL_SCORE = 8
COL_NOTE = 9
COLUMN_COUNT = 10

#: document field of each column
FIELDS = ("level1", "level2", "name", "nature", "target", "actual", "weight", "grade",
          "manual_score", "note")
HEADERS = ("一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "实际完成值", "分值",
           "定性等级", "得分", "偏差原因分析及改进措施")
HEADER_TIPS = (
    "一级指标：按指标体系选择，如 产出指标",
    "二级指标：如 数量指标、质量指标、时效指标",
    "三级指标：具体指标名称",
    "指标性质：≥ > ≤ < = 或 定性；留空时按年度指标值判断（日期为时效指标）",
    "年度指标值：如 ≥96%、300人次、2024年12月31日之前完成、效果明显",
    "实际完成值：与年度指标值使用相同的计量单位",
    "分值：该指标的权重分",
    "定性等级：定性指标或逾期完成的时效指标需选择等级",
    "得分：自动计算；输入数字即为手工得分（斜体），清空恢复自动计算",
    "偏差原因分析及改进措施：有偏差标记的指标必须填写",
)
FIELD_COLUMN = {f: i for i, f in enumerate(FIELDS)}
TEXT_COLUMNS = (COL_LEVEL1, COL_LEVEL2, COL_NAME, COL_TARGET, COL_ACTUAL, COL_NOTE)

#: how the automatic nature is offered in the 指标性质 combo
AUTO_NATURE = "（按指标值）"
NO_GRADE = "（未选择）"

FLAG_BACKGROUND = QColor("#FFEFC2")     # soft amber: 偏差标记
PROBLEM_BACKGROUND = QColor("#FBE0DC")  # soft red: a row that cannot be scored as typed
AUTO_FOREGROUND = QColor("#7A7A7A")     # derived, not typed
REPEAT_FOREGROUND = QColor("#A8A8A8")   # 一级/二级 repeated from the row above
MISSING_FOREGROUND = QColor("#B3261E")  # the note a flagged row still needs

MISSING_NOTE = "缺少偏差原因分析"
MISSING_NOTE_CELL = "（需填写偏差原因分析及改进措施）"
#: the 得分 cell of a row with neither 三级指标 name nor 年度指标值 (not scored, not deviating)
UNFILLED_CELL = "待填写"
UNFILLED_ROLES = (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.DecorationRole)
UNFILLED_TIP = ("此行尚未填写三级指标名称和年度指标值，暂不计分，也不作偏差标记；"
                "填写后自动计算得分。审核中列为警告，直到填写完整或删除此行。")


#: header texts of indicator tables in other people's files → column
HEADER_ALIASES: dict[int, tuple[str, ...]] = {
    COL_LEVEL1: ("一级指标", "一级"),
    COL_LEVEL2: ("二级指标", "二级"),
    COL_NAME: ("三级指标", "三级", "指标名称", "绩效指标"),
    COL_NATURE: ("指标性质", "性质", "指标方向"),
    COL_TARGET: ("年度指标值", "指标值", "年度目标值", "目标值", "预期指标值"),
    COL_ACTUAL: ("实际完成值", "完成值", "实际值", "全年实际值", "实际完成情况"),
    COL_WEIGHT: ("分值", "权重", "权重分", "标准分"),
    COL_GRADE: ("定性等级", "等级", "评价等级"),
    COL_SCORE: ("得分", "自评得分"),
    COL_NOTE: ("偏差原因分析及改进措施", "偏差原因分析", "偏差原因", "未完成原因和改进措施", "原因分析及改进措施"),
}
_WEIGHT_SUFFIX = re.compile(r"\s*[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]\s*$")


def header_columns(row: list[str]) -> Optional[list[Optional[int]]]:
    """The column of each cell when ``row`` is a header row (two or more known headers), else None."""
    mapping: list[Optional[int]] = []
    hits = 0
    used: set[int] = set()
    for cell in row:
        t = normalize(cell or "").replace(" ", "")
        found = None
        for col, names in HEADER_ALIASES.items():
            if col not in used and (t in names or any(len(n) >= 4 and t.startswith(n) for n in names)):
                found = col
                break
        if found is not None:
            used.add(found)
            hits += 1
        mapping.append(found)
    return mapping if hits >= 2 else None


class CellError(ValueError):
    """A value refused for a cell; ``str(e)`` is the Chinese message."""


def _flag_icon(color: str) -> QIcon:
    """A small round badge with an exclamation mark (drawn, no image files)."""
    pm = QPixmap(16, 16)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor(color))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawEllipse(1, 1, 14, 14)
    p.setPen(QPen(QColor("white"), 2))
    p.drawLine(8, 4, 8, 9)
    p.drawPoint(8, 12)
    p.end()
    return QIcon(pm)


_ICONS: dict[str, QIcon] = {}


def flag_icon(kind: str) -> QIcon:
    """``"flag"`` (amber) or ``"problem"`` (red)."""
    if kind not in _ICONS:
        _ICONS[kind] = _flag_icon("#E09B00" if kind == "flag" else "#C62828")
    return _ICONS[kind]


@dataclass(frozen=True)
class SummaryPart:
    label: str        # 产出指标
    weight: Optional[Decimal]
    score: Decimal
    row_weight: Optional[Decimal] = None   # Σ row weights (None for the execution part)
    detail: str = ""  # 执行率 99.55%
    #: weight received from an empty block of the rule set (满意度 spread); 0 when none
    spread: Decimal = Decimal(0)

    @property
    def effective_weight(self) -> Optional[Decimal]:
        """The block's weight as scored: the rule set's weight plus what a spread gave it."""
        return None if self.weight is None else self.weight + self.spread

    @property
    def weight_mismatch(self) -> bool:
        return (self.row_weight is not None and self.weight is not None
                and self.row_weight != self.weight)


def flag_explanation(ind: Indicator, res: scoring.IndicatorResult) -> str:
    """Why a row is flagged and what it still lacks, one sentence a line."""
    lines: list[str] = []
    if res.flagged:
        lines.append("偏差标记：" + "；".join(res.reasons))
        if not ind.note.strip():
            lines.append(MISSING_NOTE + "及改进措施，请在最后一列填写")
    lines.extend(res.problems)
    return "\n".join(lines)


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_EDIT = int(Qt.ItemDataRole.EditRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
#: the roles ``IndicatorTableModel.data`` answers
_ROLES = frozenset((_DISPLAY, _EDIT, _ALIGNMENT, _BACKGROUND, _FOREGROUND, _FONT, _DECORATION, _TOOLTIP))
_ALIGN_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ALIGN_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_ALIGN_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_LINK_ROLES = frozenset(int(r) for r in linked.STYLED_ROLES)
_UNFILLED_ROLES = frozenset(int(r) for r in UNFILLED_ROLES)


class IndicatorTableModel(QAbstractTableModel):
    #: block subtotals / total / execution score may have changed
    summaryChanged = Signal()
    #: a typed value was refused (Chinese message); the old value is kept
    inputRejected = Signal(str)
    #: information about what a paste did (Chinese)
    notice = Signal(str)

    def __init__(self, doc, list_path: str = "", parent=None):
        super().__init__(parent)
        self.doc = doc
        self._list_path = list_path
        self._result: Optional[scoring.TableResult] = None
        self._result_key: tuple = ()
        self._list: list[Indicator] = []
        self._list_key: tuple = ()
        self._size_rows: dict[int, tuple] = {}
        self._size_rows_key: tuple = ()
        doc.changed.connect(self._on_changed)
        doc.reset.connect(self._on_reset)

    # ------------------------------------------------------------ addressing
    @property
    def list_path(self) -> str:
        return self._list_path

    def set_list_path(self, list_path: str) -> None:
        if list_path == self._list_path:
            return
        self.beginResetModel()
        self._list_path = list_path
        self._result = None
        self._list_key = ()
        self.endResetModel()
        self.summaryChanged.emit()

    @property
    def owner_path(self) -> str:
        """``dept`` or ``projects[2]``: the object that holds the list."""
        p = self._list_path
        return p[: -len(".indicators")] if p.endswith(".indicators") else paths.prefix_of(p, -1)

    def indicators(self) -> list[Indicator]:
        """The addressed list (looked up once per document revision: views ask for it a lot)."""
        key = (self.doc.revision, id(self.doc.report), self._list_path)
        if key != self._list_key:
            lst: Any = []
            if self._list_path:
                try:
                    lst = paths.get(self.doc.report, self._list_path)
                except paths.PathError:
                    lst = []
            self._list = lst if isinstance(lst, list) else []
            self._list_key = key
        return self._list

    def indicator(self, row: int) -> Indicator:
        return self.indicators()[row]

    def cell_path(self, row: int, col: int) -> str:
        return f"{self._list_path}[{row}].{FIELDS[col]}"

    def profile(self) -> Profile:
        return profile_for(self.doc.report)

    @property
    def places(self) -> int:
        return self.profile().settings.score_places

    # ------------------------------------------------------------ scoring
    def result(self) -> scoring.TableResult:
        """The scored table (recomputed once per document revision)."""
        key = (self.doc.revision, id(self.doc.report), self._list_path)
        if self._result is None or key != self._result_key:
            self._result = self._score()
            self._result_key = key
        return self._result

    def _score(self) -> scoring.TableResult:
        """This table in the document's ``ReportScores`` (the one the status bar, 审核 and the
        exporters read)."""
        return self.doc.scores().for_list(self._list_path)

    def row_result(self, row: int) -> scoring.IndicatorResult:
        return self.result().rows[row]

    def summary(self) -> list[SummaryPart]:
        """预算执行率 and each 一级 block with its weight and score (the total is ``result().total``)."""
        t = self.result()
        e = t.execution
        parts = [SummaryPart("预算执行率", e.weight, e.score, None, f"执行率 {e.rate_text}")]
        for b in t.blocks:
            parts.append(SummaryPart(b.name or "（未填一级指标）", b.weight, b.score, b.row_weight,
                                     spread=b.spread_weight))
        return parts

    # ------------------------------------------------------------ Qt model API
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        if parent.isValid():
            return 0
        return len(self.indicators())

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < COLUMN_COUNT:
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return HEADER_TIPS[section]
            return None
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < self.rowCount():
            return str(section + 1)
        return None

    def flags(self, index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_GRADE and not self.grade_applies(index.row()):
            return base
        if index.column() == COL_ACTUAL and self.is_linked(index.row()):
            return base     # computed from the budget pages
        return base | Qt.ItemFlag.ItemIsEditable

    def is_linked(self, row: int) -> bool:
        return 0 <= row < self.rowCount() and bool(self.indicator(row).link)

    def link_candidate(self, row: int) -> Optional[str]:
        """The ratio id row ``row`` can be linked to, or None (``gui.tables.linked``)."""
        return linked.candidate(self._list_path, self.indicator(row)) if 0 <= row < self.rowCount() else None

    def link_rows(self, rows) -> int:
        return linked.link_rows(self.doc, self._list_path, rows)

    def unlink_rows(self, rows) -> int:
        return linked.unlink_rows(self.doc, self._list_path, rows)

    def grade_applies(self, row: int) -> bool:
        """A grade can be picked for qualitative rows and 时效 rows (late ones need it)."""
        res = self.row_result(row)
        return res.kind in (scoring.QUALITATIVE, scoring.DATE) or bool(self.indicator(row).grade)

    def display_text(self, row: int, col: int) -> str:
        ind = self.indicator(row)
        if col == COL_WEIGHT:
            return fmt_plain(ind.weight)
        if col == COL_SCORE:
            res = self.row_result(row)
            if ind.weight is None and not ind.actual.strip() and ind.manual_score is None:
                return ""
            return fmt_decimal(res.score, self.places)
        if col == COL_NATURE:
            return ind.nature or self.row_result(row).nature
        if col == COL_GRADE:
            return ind.grade or self.row_result(row).grade
        if col == COL_ACTUAL and ind.link:
            return linked.shown(self.doc.report, ind)
        return getattr(ind, FIELDS[col])

    def edit_text(self, row: int, col: int) -> str:
        ind = self.indicator(row)
        if col == COL_WEIGHT:
            return fmt_plain(ind.weight)
        if col == COL_SCORE or (col == COL_ACTUAL and ind.link):
            return self.display_text(row, col)
        return getattr(ind, FIELDS[col])

    def data(self, index, role=Qt.ItemDataRole.DisplayRole) -> Any:
        # (roles compared as plain ints: measuring the rows' heights after a paste asks ~10 000
        # times, and each ``Qt.ItemDataRole.X`` goes through Python's enum machinery)
        role = int(role)
        if role not in _ROLES or not index.isValid():
            return None
        return self.cell(index.row(), index.column(), role)

    def size_key(self, row: int, col: int) -> tuple:
        """What the size of the cell (row, col) depends on besides the view's font and the
        column's width: its column, its text and what decides its font and icon (``cell`` for
        ``_FONT`` and ``_DECORATION``: a linked cell, a manual score, a flag, problems, an
        unfilled row). ``IndicatorDelegate.sizeHint`` keys its cache on it: a pasted block's
        cells mostly repeat a few texts."""
        key = (self.doc.revision, id(self.doc.report), self._list_path)
        if key != self._size_rows_key:
            self._size_rows = {}
            self._size_rows_key = key
        look = self._size_rows.get(row)
        if look is None:
            ind, res = self.indicators()[row], self.row_result(row)
            look = self._size_rows[row] = (
                bool(ind.link), res.manual, res.flagged, res.unfilled, bool(res.problems),
                bool(ind.note.strip()),
                bool(ind.actual.strip() or ind.weight is not None or ind.target.strip()))
        return col, self.cell(row, col, _DISPLAY), look

    def cell(self, row: int, col: int, role: int) -> Any:
        """``data`` of the cell (row, col) for ``role`` (a plain int, one of ``_ROLES``)."""
        lst = self.indicators()
        if not 0 <= row < len(lst) or not 0 <= col < COLUMN_COUNT:
            return None
        ind = lst[row]
        if role == _DISPLAY:
            text = self.display_text(row, col)
            if col == COL_NOTE and not text.strip() and self.row_result(row).flagged:
                return MISSING_NOTE_CELL
            if col == COL_SCORE and self.row_result(row).unfilled and not self.row_result(row).manual:
                return UNFILLED_CELL
            return text
        if role == _EDIT:
            return self.edit_text(row, col)
        if role == _ALIGNMENT:
            return _ALIGN_RIGHT if col in (COL_WEIGHT, COL_SCORE) else _ALIGN_CENTER if col == COL_NATURE \
                else _ALIGN_LEFT
        if col == COL_ACTUAL and ind.link and role in _LINK_ROLES:
            return linked.cell_data(self.doc.report, ind, Qt.ItemDataRole(role))
        res = self.row_result(row)
        if res.unfilled and not res.manual:
            # a placeholder row looks unfilled: no flag colour or icon, a grey 待填写 score
            if role in _UNFILLED_ROLES:
                return None
            if role == _FOREGROUND and col == COL_SCORE:
                return QBrush(AUTO_FOREGROUND)
        if role == _BACKGROUND:
            if res.flagged:
                return QBrush(FLAG_BACKGROUND)
            if res.problems and (ind.actual.strip() or ind.target.strip() or ind.weight is not None):
                return QBrush(PROBLEM_BACKGROUND)
            return None
        if role == _FOREGROUND:
            if col in (COL_LEVEL1, COL_LEVEL2) and row > 0:
                prev = lst[row - 1]
                if prev.level1 == ind.level1 and (col == COL_LEVEL1 or prev.level2 == ind.level2):
                    return QBrush(REPEAT_FOREGROUND)   # same block as above: shown light, like a merged cell
            if col == COL_NATURE and not ind.nature:
                return QBrush(AUTO_FOREGROUND)
            if col == COL_GRADE and not ind.grade and res.grade:
                return QBrush(AUTO_FOREGROUND)
            if col == COL_NOTE and res.flagged and not ind.note.strip():
                return QBrush(MISSING_FOREGROUND)
            return None
        if role == _FONT:
            if col == COL_SCORE and res.manual:
                f = QFont()
                f.setItalic(True)
                f.setBold(True)
                return f
            if col == COL_NOTE and res.flagged and not ind.note.strip():
                f = QFont()
                f.setItalic(True)
                return f
            return None
        if role == _DECORATION:
            if col == COL_SCORE:
                if res.problems and (ind.actual.strip() or ind.weight is not None or ind.target.strip()):
                    return flag_icon("problem")
                if res.flagged:
                    return flag_icon("flag")
            return None
        if role == _TOOLTIP:
            return self._tooltip(row, col, ind, res)
        return None

    def _tooltip(self, row: int, col: int, ind: Indicator, res: scoring.IndicatorResult) -> Optional[str]:
        if res.unfilled and col in (COL_LEVEL1, COL_NAME, COL_TARGET, COL_SCORE, COL_NOTE):
            return UNFILLED_TIP
        parts: list[str] = []
        if col == COL_SCORE:
            if res.manual:
                parts.append(f"手工得分 {fmt_decimal(res.score, self.places)}（计算得分 "
                             f"{fmt_decimal(res.computed, self.places)}）。清空此单元格或使用"
                             "“恢复计算得分”可改回自动计算。")
            else:
                parts.append("自动计算的得分；输入数字可改为手工得分。")
            parts.extend(f"规则集：{a.text}（{fmt_decimal(a.delta, self.places)} 分）" for a in res.adjustments)
            parts.extend(f"本表：{a.text}" for a in self.result().adjustments)
        if col == COL_NATURE and not ind.nature and res.nature:
            parts.append(f"按年度指标值判断为“{res.nature}”")
        if col == COL_GRADE and not ind.grade and res.grade:
            parts.append("实际完成值与年度指标值一致，按“达成年度指标”计分")
        if col in (COL_LEVEL1, COL_SCORE, COL_NOTE):
            why = flag_explanation(ind, res)
            if why:
                parts.append(why)
        if col in TEXT_COLUMNS and col != COL_LEVEL1 and len(getattr(ind, FIELDS[col])) > 12:
            parts.insert(0, getattr(ind, FIELDS[col]))
        return "\n".join(parts) or None

    # ------------------------------------------------------------ editing
    def convert(self, row: int, col: int, value: Any, ind: Optional[Indicator] = None) -> Any:
        """The document value for what was typed into a cell; raises ``CellError``. ``ind``: the
        row's indicator, when the caller holds it (a paste: the rows are not looked up again)."""
        text = "" if value is None else str(value)
        header = HEADERS[col]
        if col == COL_LEVEL1:
            return _WEIGHT_SUFFIX.sub("", text.strip())   # “产出指标（40分）” as printed
        if col == COL_ACTUAL and (self.is_linked(row) if ind is None else bool(ind.link)):
            raise CellError(linked.READ_ONLY)
        if col in TEXT_COLUMNS:
            return text.strip() if col != COL_NOTE else text.strip("\r\n\t ")
        if col == COL_NATURE:
            t = normalize(text)
            if text.strip() in ("", AUTO_NATURE, "自动", "时效") or t in ("", normalize(AUTO_NATURE)):
                return ""
            if t not in NATURES:
                raise CellError(f"指标性质“{text}”无法识别，请选择 {' '.join(NATURES)} 之一")
            return t
        if col == COL_GRADE:
            t = text.strip()
            if t in ("", NO_GRADE):
                return ""
            for g in GRADES:
                if t == g or (len(t) >= 2 and g.startswith(t)):
                    return g
            raise CellError(f"定性等级“{t}”无法识别，请从下拉列表中选择")
        if col == COL_WEIGHT:
            try:
                w = parse_money(text.replace("分", ""))
            except NumberError as e:
                raise CellError(f"{header}：{e}") from None
            if w is not None and w < 0:
                raise CellError(f"{header}不能为负数（输入了“{text.strip()}”）")
            return w
        if col == COL_SCORE:
            t = text.replace("分", "").strip()
            if not t:
                return None
            try:
                s = parse_decimal(t)
            except NumberError as e:
                raise CellError(f"{header}：{e}") from None
            if s < 0:
                raise CellError(f"{header}不能为负数（输入了“{text.strip()}”）")
            res = self.row_result(row)
            if not res.manual and s == round_half_up(res.computed, self.places):
                return None   # the computed score re-entered: stays computed
            return s
        raise CellError(f"第 {col + 1} 列不能编辑")  # pragma: no cover

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row, col = index.row(), index.column()
        if not (0 <= row < self.rowCount() and 0 <= col < COLUMN_COUNT):
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        try:
            new = self.convert(row, col, value)
        except CellError as e:
            old = self.display_text(row, col)
            self.inputRejected.emit(f"第 {row + 1} 行 {e}" + (f"；已保留原值“{old}”" if old else "；未作修改"))
            return False
        self.doc.set_value(self.cell_path(row, col), new, text=f"修改{HEADERS[col]}")
        return True

    def clear_manual_score(self, rows) -> int:
        """Back to the computed score for these rows; returns how many were manual."""
        todo = [r for r in sorted(set(rows)) if 0 <= r < self.rowCount()
                and self.indicator(r).manual_score is not None]
        if todo:
            with self.doc.batch("恢复计算得分"):
                for r in todo:
                    self.doc.set_value(self.cell_path(r, COL_SCORE), None, "恢复计算得分")
        return len(todo)

    def clear_cells(self, cells) -> None:
        """Empty the given (row, col) cells as one undo step."""
        edits = []
        for row, col in cells:
            if not (0 <= row < self.rowCount()) or (col == COL_ACTUAL and self.is_linked(row)):
                continue
            empty: Any = None if col in (COL_WEIGHT, COL_SCORE) else ""
            if getattr(self.indicator(row), FIELDS[col]) != empty:
                edits.append((self.cell_path(row, col), empty))
        if edits:
            with self.doc.batch("清除内容"):
                for path, v in edits:
                    self.doc.set_value(path, v, "清除内容")

    # ------------------------------------------------------------ rows
    def insert_indicators(self, row: int, items: list[Indicator], text: str = "插入指标") -> None:
        row = max(0, min(row, self.rowCount()))
        with self.doc.batch(text):
            for i, item in enumerate(items):
                self.doc.insert_item(self._list_path, row + i, copy.deepcopy(item), text)

    def remove_rows(self, rows) -> None:
        rows = sorted({r for r in rows if 0 <= r < self.rowCount()}, reverse=True)
        if not rows:
            return
        with self.doc.batch(f"删除 {len(rows)} 行指标"):
            for r in rows:
                self.doc.remove_item(self._list_path, r, "删除指标")

    def move_row(self, row: int, delta: int) -> Optional[int]:
        dst = row + delta
        if not (0 <= row < self.rowCount() and 0 <= dst < self.rowCount()):
            return None
        self.doc.move_item(self._list_path, row, dst, "上移指标" if delta < 0 else "下移指标")
        return dst

    @staticmethod
    def row_has_content(ind: Indicator) -> bool:
        return any((ind.name.strip(), ind.target.strip(), ind.actual.strip(), ind.note.strip(),
                    ind.weight is not None, ind.manual_score is not None))

    # ------------------------------------------------------------ clipboard
    def copy_block(self, top: int, left: int, bottom: int, right: int) -> list[list[str]]:
        """The cells as shown (derived 指标性质 and grades included, the missing-note hint not)."""
        return [[self.display_text(r, c) for c in range(left, right + 1)] for r in range(top, bottom + 1)]

    def paste_block(self, top: int, left: int, cells: list[list[str]]) -> list[str]:
        """Write a block of typed text starting at (top, left), adding rows as needed.

        One undo step. When the block starts with a header row (一级指标, 三级指标,
        分值 … as in last year's Excel table) the columns are matched by name,
        the header is skipped and so are blank rows, the 总分 row and the 得分
        column (scores are computed). Empty 一级/二级 cells (merged cells in
        Excel) take the value above them. Cells beyond the last column are
        ignored; a refused cell keeps its old value. Returns the refused cells' messages.
        """
        if not cells:
            return []
        top = max(0, top)
        left = max(0, min(left, COLUMN_COUNT - 1))
        mapping = header_columns(cells[0])
        notes: list[str] = []
        if mapping is not None:
            body = [r for r in cells[1:] if any(c.strip() for c in r)
                    and normalize(r[0]).replace(" ", "") not in ("总分", "合计", "总计")]
            if COL_SCORE in mapping:
                notes.append("“得分”列未粘贴（得分自动计算）")
            rows = [[(mapping[j], text) for j, text in enumerate(r)
                     if j < len(mapping) and mapping[j] is not None and mapping[j] != COL_SCORE]
                    for r in body]
            notes.insert(0, f"已按表头识别列，粘贴 {len(rows)} 行")
        else:
            rows = [[(left + j, text) for j, text in enumerate(r[: COLUMN_COUNT - left])] for r in cells]
        # merged 一级/二级 cells arrive as blanks under their value
        last: dict[int, str] = {}
        for r in rows:
            for k, (col, text) in enumerate(r):
                if col in (COL_LEVEL1, COL_LEVEL2):
                    if text.strip():
                        last[col] = text
                    elif col in last:
                        r[k] = (col, last[col])
        errors: list[str] = []
        with self.doc.batch("粘贴"):
            # the list itself (rows are inserted into it and its rows edited in place while the
            # batch is open): looking it up again after each cell parsed its path each time
            lst = self.indicators()
            for i, row_cells in enumerate(rows):
                row = top + i
                while row >= len(lst):     # (a block may start below the last row)
                    self.doc.insert_item(self._list_path, len(lst), Indicator(), "粘贴")
                    lst = self.indicators()
                for col, text in row_cells:
                    if col == COL_GRADE and not text.strip():
                        continue
                    try:
                        value = self.convert(row, col, text, lst[row])
                    except CellError as e:
                        errors.append(f"第 {row + 1} 行 {e}")
                        continue
                    self.doc.set_value(self.cell_path(row, col), value, "粘贴")
        if errors:
            shown = errors[:3] + ([f"……另有 {len(errors) - 3} 处"] if len(errors) > 3 else [])
            self.inputRejected.emit("以下单元格未粘贴，已保留原值：" + "；".join(shown))
        elif notes:
            self.notice.emit("；".join(notes) + "。")
        return errors

    # ------------------------------------------------------------ document signals
    def _is_ancestor(self, path: str) -> bool:
        lp = self._list_path
        return bool(lp) and (lp == path or lp.startswith(path + ".") or lp.startswith(path + "["))

    def _on_reset(self) -> None:
        self.beginResetModel()
        self._result = None
        self._list_key = ()
        self.endResetModel()
        self.summaryChanged.emit()

    def _on_changed(self, path: str, structure: bool) -> None:
        lp = self._list_path
        if not lp:
            return
        if path.startswith(lp + "["):
            rest = path[len(lp) + 1:]
            idx_text = rest.split("]", 1)[0]
            if idx_text.isdigit() and "." in rest:
                row = int(idx_text)
                if row < self.rowCount():
                    last = row
                    if rest.endswith(("level1", "level2")) and row + 1 < self.rowCount():
                        last = row + 1      # the next row's repeated-name shading depends on this one
                    self.dataChanged.emit(self.index(row, 0), self.index(last, COLUMN_COUNT - 1))
                    self.summaryChanged.emit()
                    return
            self._on_reset()
            return
        if self._is_ancestor(path):
            self._on_reset()
            return
        if path == "profile" or path.startswith("profile") or path == "score_places":
            if self.rowCount():
                self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, COLUMN_COUNT - 1))
            self.summaryChanged.emit()
            return
        if path.startswith(("budget", "staff")) and any(ind.link for ind in self.indicators()):
            # linked 实际完成值 are computed from these pages
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, COLUMN_COUNT - 1))
            self.summaryChanged.emit()
            return
        owner = self.owner_path
        if path.startswith(owner + ".") or (owner == "dept" and path.startswith("budget")):
            self.summaryChanged.emit()
