"""How the indicator grid shows and changes a linked 实际完成值 (``model.links``).

A linked cell is computed, not typed: it is read-only, drawn in italics on a light blue-grey
background with a small chain mark, and its tooltip says where the value comes from.
Linking and unlinking are undoable (``Document.set_link``).
"""
from __future__ import annotations

from typing import Any, Iterable, Optional

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPen, QPixmap

from model import links
from model.report import Indicator, Report

LINKED_BACKGROUND = QColor("#E6ECF3")   # computed from the budget pages
LINKED_FOREGROUND = QColor("#1B4F8A")
NOT_COMPUTABLE = "—"
#: only the department's own table: the ratios are the department's
LINKABLE_LIST = "dept.indicators"

UNLINK_HINT = "此单元格已关联预算数据，不能直接修改；如需手工填写，请右键选择“取消关联”。"
READ_ONLY = "实际完成值由预算数据计算，不能直接修改（请先取消关联）"


def _draw_link_icon() -> QIcon:
    """Two interlocking rounded links (drawn, no image files)."""
    pm = QPixmap(16, 16)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(LINKED_FOREGROUND, 1.8))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.translate(QPointF(8, 8))
    p.rotate(-45)
    p.drawRoundedRect(QRectF(-7, -2.5, 8, 5), 2.5, 2.5)
    p.drawRoundedRect(QRectF(-1, -2.5, 8, 5), 2.5, 2.5)
    p.end()
    return QIcon(pm)


_ICON: list[QIcon] = []


def link_icon() -> QIcon:
    if not _ICON:
        _ICON.append(_draw_link_icon())
    return _ICON[0]


def shown(report: Report, ind: Indicator) -> str:
    """The linked cell's text: the computed rate, “—” when it cannot be computed."""
    v = links.value(report, ind.link)
    if v is None:
        return ind.actual
    return v.text or NOT_COMPUTABLE


def tooltip(report: Report, ind: Indicator) -> str:
    v = links.value(report, ind.link)
    if v is None:
        return f"关联的比率“{ind.link}”本程序无法计算，请取消关联后手工填写。"
    return f"{v.explanation()}\n{UNLINK_HINT}"


def cell_data(report: Report, ind: Indicator, role) -> Any:
    """Look of a linked 实际完成值 cell for ``role`` (None: the grid's usual look)."""
    R = Qt.ItemDataRole
    if role == R.BackgroundRole:
        return QBrush(LINKED_BACKGROUND)
    if role == R.ForegroundRole:
        return QBrush(LINKED_FOREGROUND)
    if role == R.FontRole:
        f = QFont()
        f.setItalic(True)
        return f
    if role == R.DecorationRole:
        return link_icon()
    if role == R.ToolTipRole:
        return tooltip(report, ind)
    return None


STYLED_ROLES = (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole,
                Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole)


def candidate(list_path: str, ind: Indicator) -> Optional[str]:
    """The ratio id this row can be linked to (an unlinked 部门整体 row named like one), or None."""
    if ind.link or list_path != LINKABLE_LIST:
        return None
    return links.match(ind.name)


def link_rows(doc, list_path: str, rows: Iterable[int]) -> int:
    """Link every given row that can be; one undo step. Returns how many were linked."""
    lst = doc.value(list_path)
    todo = [(r, candidate(list_path, lst[r])) for r in sorted(set(rows)) if 0 <= r < len(lst)]
    todo = [(r, link_id) for r, link_id in todo if link_id]
    if todo:
        with doc.macro("关联预算数据"):
            for r, link_id in todo:
                doc.set_link(f"{list_path}[{r}]", link_id)
    return len(todo)


def unlink_rows(doc, list_path: str, rows: Iterable[int]) -> int:
    """Unlink every given linked row, keeping the computed value as the typed one; one undo step."""
    lst = doc.value(list_path)
    todo = [r for r in sorted(set(rows)) if 0 <= r < len(lst) and lst[r].link]
    if todo:
        with doc.macro("取消关联"):
            for r in todo:
                kept = links.effective_actual(doc.report, lst[r])
                doc.set_link(f"{list_path}[{r}]", "", kept)
    return len(todo)
