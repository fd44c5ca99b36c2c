"""Exports drawn by Qt: the timeline as PNG or SVG, the dossier as PDF, and export_file(),
which picks the format from the file's suffix (the text formats come from core.export).

The drawing is the window's own: a TimelineView made off screen, given the events to show,
painted with QWidget.render onto a QImage or a QSvgGenerator, so an export looks like the
timeline on screen. Exports always use the light palette: a dark theme never leaks into a
file meant for a page or a slide.
"""
from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Sequence

from PySide6.QtCore import (QBuffer, QByteArray, QIODevice, QLocale, QMarginsF, QRectF, QSize,
                            QSizeF)
from PySide6.QtGui import (QImage, QPageLayout, QPageSize, QPainter, QPdfWriter,
                           QTextDocument)
from PySide6.QtSvg import QSvgGenerator

from timeline_app.core.disk import write_atomically
from timeline_app.core.model import Event, Timeline
from timeline_app.qt.theme import LIGHT, palette_for
from timeline_app.qt.timeline_view import TimelineView

DRAWN_SIZE = (1600, 520)        # logical pixels of a PNG/SVG when none is asked for
OVERVIEW_SIZE = (1100, 360)     # the overview in the HTML and on the PDF's first page
PNG_SCALE = 2                   # device pixels per logical pixel: crisp on a 2x screen or print
SCREEN_DPI = 96
# Countries whose paper is Letter (the rest of the world uses A4).
LETTER_COUNTRIES = frozenset({
    QLocale.Country.UnitedStates, QLocale.Country.Canada, QLocale.Country.Mexico,
    QLocale.Country.Chile, QLocale.Country.Colombia, QLocale.Country.Venezuela,
    QLocale.Country.Philippines, QLocale.Country.PuertoRico, QLocale.Country.Guatemala,
    QLocale.Country.CostaRica, QLocale.Country.Panama, QLocale.Country.DominicanRepublic,
    QLocale.Country.ElSalvador, QLocale.Country.Nicaragua, QLocale.Country.Honduras})

Progress = Callable[[int, int], bool]    # (done, total) -> go on; False: the user cancelled


class ExportCancelled(Exception):
    """The user stopped the export; nothing was written."""


def _drawn_view(timeline: Timeline, events: Sequence[Event], size: tuple[int, int],
                view_range: tuple[float, float] | None,
                condensed: bool | None) -> TimelineView:
    """A TimelineView off screen showing only `events`, in the light palette."""
    view = TimelineView()
    view.setPalette(palette_for(LIGHT))
    view.resize(QSize(*size))
    # The same tracks and eras, so the lanes and their colours are the window's.
    view.set_timeline(dataclasses.replace(timeline, events=tuple(events)))
    if condensed is not None:
        view.set_condensed(condensed)
    if view_range is not None:
        view.set_view_range(*view_range)
    return view


def drawn_image(timeline: Timeline, events: Sequence[Event], size: tuple[int, int] = DRAWN_SIZE,
                scale: float = PNG_SCALE, view_range: tuple[float, float] | None = None,
                condensed: bool | None = None) -> QImage:
    """The timeline drawn at `size` logical pixels, `scale` device pixels each."""
    view = _drawn_view(timeline, events, size, view_range, condensed)
    image = QImage(round(size[0] * scale), round(size[1] * scale),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)
    # Viewers and word processors show it at its logical size (scale x 96 dpi).
    dots_per_metre = round(SCREEN_DPI * scale / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(palette_for(LIGHT).base().color())
    view.render(image)
    view.deleteLater()
    return image


def render_png(timeline: Timeline, events: Sequence[Event], path: str | os.PathLike,
               size: tuple[int, int] = DRAWN_SIZE, scale: float = PNG_SCALE,
               view_range: tuple[float, float] | None = None,
               condensed: bool | None = None) -> None:
    """Write the drawn timeline as a PNG of size x scale pixels (2x by default)."""
    image = drawn_image(timeline, events, size, scale, view_range, condensed)
    write_atomically(path, _encoded(image, "PNG"))


def overview_svg(timeline: Timeline, events: Sequence[Event], width: int = OVERVIEW_SIZE[0],
                 height: int = OVERVIEW_SIZE[1], view_range: tuple[float, float] | None = None,
                 condensed: bool | None = None) -> str:
    """The drawn timeline as an <svg> element (no XML declaration: it can go inline in HTML);
    its text is <text>, so it can be searched, copied and read by a screen reader."""
    view = _drawn_view(timeline, events, (width, height), view_range, condensed)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRectF(0, 0, width, height))
    generator.setResolution(SCREEN_DPI)
    generator.setTitle(timeline.title)
    generator.setDescription(f"Timeline of {len(events)} events")
    view.render(generator)
    view.deleteLater()
    svg = bytes(buffer.data()).decode("utf-8")
    svg = svg[svg.index("<svg"):]
    # Pixels, not millimetres: the drawing is the size it was asked for, on screen and in HTML.
    return re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"',
                  rf'<svg\1 width="{width}" height="{height}"', svg, count=1)


def render_svg(timeline: Timeline, events: Sequence[Event], path: str | os.PathLike,
               size: tuple[int, int] = DRAWN_SIZE,
               view_range: tuple[float, float] | None = None,
               condensed: bool | None = None) -> None:
    """Write the drawn timeline as an SVG file of `size` pixels."""
    svg = overview_svg(timeline, events, size[0], size[1], view_range, condensed)
    write_atomically(path, ('<?xml version="1.0" encoding="UTF-8"?>\n' + svg).encode("utf-8"))


def _encoded(image: QImage, fmt: str) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, fmt):
        raise OSError(f"The image could not be encoded as {fmt}.")
    return bytes(data)
