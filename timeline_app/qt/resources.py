"""Icons and the style sheet, loaded from the package (never relative to the current folder)."""
from __future__ import annotations

from functools import cache
from importlib.resources import files

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QWidget

# The app's name for people (window titles, About, the desktop entry); the package is
# timeline_app and the command timeline-app.
APP_DISPLAY_NAME = "Timeline"


def resource_bytes(name: str) -> bytes:
    return files("timeline_app").joinpath("resources", name).read_bytes()


# The sizes desktops ask for (title bars, task bars, docks, About): each drawn from the SVG, so
# none is a blurred scaling of another.
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)


@cache
def app_icon() -> QIcon:
    renderer = QSvgRenderer(QByteArray(resource_bytes("icon.svg")))
    icon = QIcon()
    for size in ICON_SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


@cache
def style_sheet() -> str:
    return resource_bytes("style.qss").decode("utf-8")


def show_focus(*widgets: QWidget) -> None:
    """Give these widgets the style sheet's clearly visible keyboard focus. It is set on them,
    not on the application: a style sheet slows down setting up and painting every widget it
    reaches (12 ms of start-up, 1.5 ms of each search keystroke at 10,000 events)."""
    for widget in widgets:
        widget.setStyleSheet(style_sheet() + widget.styleSheet())
