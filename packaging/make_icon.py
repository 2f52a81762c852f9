"""Draw the program's icons with Qt and write them as Windows .ico files.

    QT_QPA_PLATFORM=offscreen python packaging/make_icon.py

writes ``packaging/icons/jxzp.ico`` (the program: a report sheet with a tick and a
bar chart on a blue tile), ``packaging/icons/jxzp-doc.ico`` (a .jxzp file: the
same sheet with a folded corner, no tile) and ``resources/icons/jxzp.png`` (256 px,
the windows' icon, set by ``gui.app.setup_application``).
Each .ico holds 16, 24, 32, 48, 64 and 256 px images; the small ones as classic
32-bit DIBs (every Windows version and every resource tool reads them), 256 px
as PNG (the Vista+ form, what Explorer shows on large icons). The drawing uses
shapes only, no text, so it looks the same whatever fonts are installed.
"""
from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT_DIR = HERE / "icons"
WINDOW_ICON = HERE.parent / "resources" / "icons" / "jxzp.png"
SIZES = (16, 24, 32, 48, 64, 256)
PNG_FROM = 256          # sizes from this one up are stored as PNG inside the .ico


def _draw(size: int, document: bool):
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen

    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 64.0                      # the drawing is laid out on a 64×64 grid
    if not document:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#1f5fa8"))
        p.drawRoundedRect(QRectF(1 * s, 1 * s, 62 * s, 62 * s), 12 * s, 12 * s)
        sheet = QRectF(14 * s, 8 * s, 36 * s, 48 * s)
    else:
        sheet = QRectF(10 * s, 3 * s, 44 * s, 58 * s)
    fold = 10 * s if document else 0
    path = QPainterPath()
    path.moveTo(sheet.left(), sheet.top())
    path.lineTo(sheet.right() - fold, sheet.top())
    path.lineTo(sheet.right(), sheet.top() + fold)
    path.lineTo(sheet.right(), sheet.bottom())
    path.lineTo(sheet.left(), sheet.bottom())
    path.closeSubpath()
    p.setPen(QPen(QColor("#1f5fa8"), max(1.0, 2 * s)) if document else Qt.PenStyle.NoPen)
    p.setBrush(QColor("#ffffff"))
    p.drawPath(path)
    if document:
        corner = QPainterPath()
        corner.moveTo(sheet.right() - fold, sheet.top())
        corner.lineTo(sheet.right() - fold, sheet.top() + fold)
        corner.lineTo(sheet.right(), sheet.top() + fold)
        p.setBrush(QColor("#c9d9ee"))
        p.drawPath(corner)
    # text lines (left) and a bar chart (right) of the sheet
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#8aa6c8"))
    x0, top = sheet.left() + 5 * s, sheet.top() + (12 if document else 7) * s
    for i in range(3 if size >= 32 else 2):
        p.drawRect(QRectF(x0, top + i * 6 * s, 14 * s, 2.5 * s))
    bars = ((0.45, "#e0a030"), (0.7, "#3a9a5b"), (1.0, "#1f5fa8"))
    base, tallest = sheet.bottom() - 5 * s, 20 * s
    for i, (h, colour) in enumerate(bars):
        p.setBrush(QColor(colour))
        p.drawRect(QRectF(sheet.right() - (19 - 6 * i) * s, base - h * tallest, 4.5 * s, h * tallest))
    # the tick: a report that passed 审核
    pen = QPen(QColor("#d03a2f"), max(1.5, 5 * s))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    tick = QPainterPath(QPointF(sheet.left() + 5 * s, sheet.bottom() - 16 * s))
    tick.lineTo(sheet.left() + 11 * s, sheet.bottom() - 9 * s)
    tick.lineTo(sheet.left() + 22 * s, sheet.bottom() - 25 * s)
    p.drawPath(tick)
    p.end()
    return img


def _png_bytes(img) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    buf.close()
    return bytes(data)


def _dib_bytes(img) -> bytes:
    """A 32-bit BGRA DIB as an .ico stores it: header with doubled height, rows bottom-up, AND mask."""
    size = img.width()
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    for y in range(size - 1, -1, -1):
        row = bytearray()
        for x in range(size):
            argb = img.pixel(x, y)
            row += struct.pack("<I", argb)       # little-endian ARGB is B, G, R, A
        rows.append(bytes(row))
    mask_stride = ((size + 31) // 32) * 4
    mask = bytes(mask_stride * size)             # all zero: the alpha channel decides
    return header + b"".join(rows) + mask


def ico_bytes(images) -> bytes:
    """An .ico file holding ``images`` (square QImages, ARGB32)."""
    payloads = [(_png_bytes(img) if img.width() >= PNG_FROM else _dib_bytes(img), img.width()) for img in images]
    out = struct.pack("<HHH", 0, 1, len(payloads))
    offset = 6 + 16 * len(payloads)
    for data, size in payloads:
        out += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(data for data, _ in payloads)


def write_icons(out_dir: Path = OUT_DIR, window_icon: Path = WINDOW_ICON) -> list[Path]:
    from PySide6.QtGui import QGuiApplication
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - QPainter needs it
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, document in (("jxzp.ico", False), ("jxzp-doc.ico", True)):
        path = out_dir / name
        path.write_bytes(ico_bytes([_draw(size, document) for size in SIZES]))
        written.append(path)
    window_icon.parent.mkdir(parents=True, exist_ok=True)
    _draw(256, False).save(str(window_icon), "PNG")
    written.append(window_icon)
    return written


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for p in write_icons():
        print(p)
