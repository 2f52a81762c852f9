"""The program's windows carry the drawn icon (resources/icons/jxzp.png), in the checkout and in the builds."""
from gui.app import APP_ICON, setup_application


def test_windows_get_the_program_icon(qtbot):
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QMainWindow
    app = setup_application()
    image = QImage(str(APP_ICON))
    assert (image.width(), image.height()) == (256, 256)
    win = QMainWindow()
    qtbot.addWidget(win)
    icon = win.windowIcon()
    assert not app.windowIcon().isNull() and not icon.isNull()
    small = icon.pixmap(32, 32).toImage()
    assert len({small.pixel(x, y) for x in range(32) for y in range(32)}) > 4     # a drawing, not a blank
