"""Icons and the style sheet, loaded from the package (never relative to the current folder)."""
from __future__ import annotations

from functools import cache
from importlib.resources import files

from PySide6.QtGui import QIcon, QPixmap


def resource_bytes(name: str) -> bytes:
    return files("timeline_app").joinpath("resources", name).read_bytes()


@cache
def app_icon() -> QIcon:
    pixmap = QPixmap()
    pixmap.loadFromData(resource_bytes("icon.svg"), "SVG")
    return QIcon(pixmap)


@cache
def style_sheet() -> str:
    return resource_bytes("style.qss").decode("utf-8")
