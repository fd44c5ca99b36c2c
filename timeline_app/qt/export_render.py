"""Exports drawn by Qt: the timeline as PNG or SVG, the dossier as PDF, and export_file(),
which picks the format from the file's suffix (the text formats come from core.export).

The drawing is the window's own: a TimelineView made off screen, given the events to show,
painted with QWidget.render onto a QImage or a QSvgGenerator, so an export looks like the
timeline on screen. Exports always use the light palette: a dark theme never leaks into a
file meant for a page or a slide.
"""
from __future__ import annotations

import dataclasses
import functools
import math
import os
import re
from collections.abc import Callable, Sequence

from PySide6.QtCore import (QBuffer, QByteArray, QIODevice, QLocale, QMarginsF, QRectF, QSize,
                            QSizeF, Qt)
from PySide6.QtGui import (QAbstractTextDocumentLayout, QFont, QFontMetricsF, QImage, QPageLayout,
                           QPageSize, QPagedPaintDevice, QPainter, QPdfWriter, QTextCursor,
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

# (what, done, total) -> go on; False: the user cancelled. `what` is a phase: LAYING_OUT the
# dossier in pieces of events, then WRITING its pages.
Progress = Callable[[str, int, int], bool]
LAYING_OUT, WRITING = "laying out", "writing"


class ExportCancelled(Exception):
    """The user stopped the export; nothing was written."""


def _drawn_view(timeline: Timeline, events: Sequence[Event], size: tuple[int, int],
                view_range: tuple[float, float] | None,
                condensed: bool | None) -> TimelineView:
    """A TimelineView off screen in the light palette: only `events` over their whole span,
    or a view range as the window draws it (the events outside the search faded: a view
    may reach beyond the span of the events kept, and keeps its dates)."""
    view = TimelineView()
    view.setPalette(palette_for(LIGHT))
    view.resize(QSize(*size))
    if view_range is not None:
        view.set_timeline(timeline)
        if len(events) < len(timeline.events):
            view.set_visible_ids({event.id for event in events})
    else:
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


# -- the PDF: the HTML dossier laid out by QTextDocument, page by page ----------------------------

PDF_OVERVIEW_SIZE = (780, 380)  # drawn at this size, shown across the page's width (~0.86x)
PDF_OVERVIEW_URL = "timeline-overview.png"
PDF_MARGIN_MM = 16
PDF_RESOLUTION = 300
# QTextDocument reads a subset of CSS: the page's own sheet, said in the units it knows
# (font sizes in pt, margins in px: a margin in pt is dropped; px are the device's, scaled from
# 96 dpi by _device_style).
PDF_STYLE = """
body { color: #1b1b1b; font-size: 10pt; }
h1 { font-size: 18pt; margin-bottom: 6px; }
h2 { font-size: 12.5pt; margin-top: 14px; margin-bottom: 3px; }
h2 a { color: #1b1b1b; text-decoration: none; }
a { color: #0b57a4; }
.meta, .when, .facts, .attribution, .cited-by { color: #4a4a4a; }
.when { font-weight: 600; }
blockquote { margin-left: 22px; margin-right: 12px; }
blockquote p { font-style: italic; margin-bottom: 2px; }
blockquote p.attribution { font-style: normal; margin-bottom: 8px; }
dt { font-weight: 600; }
.not-a-link { color: #4a4a4a; }
"""


def default_page_size(locale: QLocale | None = None) -> QPageSize:
    """Letter in the countries that use it (the United States, Canada, …), else A4."""
    country = (locale or QLocale.system()).territory()
    return QPageSize(QPageSize.PageSizeId.Letter if country in LETTER_COUNTRIES
                     else QPageSize.PageSizeId.A4)


PDF_EVENTS_PER_PIECE = 100     # the dossier is laid out by pieces: progress, and a way out


def dossier_document(timeline: Timeline, events: Sequence[Event], device: QPagedPaintDevice,
                     title_note: str = "", progress: Progress | None = None) -> QTextDocument:
    """The HTML export (core.export_html) as a QTextDocument for the device's pages, the
    overview as an image across the page (SVG does not render in a QTextDocument). The body
    goes in by pieces of events (as fast as all at once), so progress() can follow and stop
    it (ExportCancelled)."""
    from timeline_app.core.export_html import to_html     # the Qt-free text exports
    document = QTextDocument()
    document.setDefaultStyleSheet(_device_style(device))
    document.addResource(QTextDocument.ResourceType.ImageResource, PDF_OVERVIEW_URL,
                         drawn_image(timeline, events, PDF_OVERVIEW_SIZE, scale=3))
    # <img> sizes are CSS pixels (1/96 inch), scaled to the device's resolution.
    width = device.pageLayout().paintRect(QPageLayout.Unit.Inch).width() * 96
    image = f'<img src="{PDF_OVERVIEW_URL}" width="{math.floor(width) - 2}">' if events else ""
    page = _for_text_document(to_html(timeline, list(events), image, title_note))
    body = page[page.index("<body>") + len("<body>"):page.rindex("</body>")]
    parts = re.split(r"(?=<article\b)", body)
    pieces = ["".join(parts[k:k + PDF_EVENTS_PER_PIECE])
              for k in range(0, len(parts), PDF_EVENTS_PER_PIECE)]
    cursor = QTextCursor(document)
    for k, piece in enumerate(pieces):
        if progress is not None and not progress(LAYING_OUT, k, len(pieces)):
            raise ExportCancelled()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertHtml(piece)
    return document


def _device_style(device: QPagedPaintDevice) -> str:
    scale = device.logicalDpiX() / SCREEN_DPI
    return re.sub(r"(\d+)px", lambda m: f"{round(int(m[1]) * scale)}px", PDF_STYLE)


def _for_text_document(page: str) -> str:
    """The page as QTextDocument reads it well and fast: an event's anchor on its title, not a
    link to itself (an id on an <article> can get lost: the first event's was; a PDF keeps
    a name only where there is no link), the fact lists as lines 'People: …' (a
    <dt> and its <dd> cannot share a line, and a label alone at a page's foot reads badly),
    a quote's attribution and note on lines of their own."""
    page = re.sub(r'<article([^>]*) id="([^"]+)">(\s*)<h2><a href="#\2">',
                  r'<article\1>\3<h2><a name="\2">', page)
    # Qt hashes a text format's anchor names as their type only: thousands of names collide
    # and the import grows quadratically (10,000 events: 44 s). A title (a tooltip, which a
    # page never shows) is hashed by its text, so each named format hashes apart (2.2 s).
    page = re.sub(r' (id|name)="([^"]*)"', r' \1="\2" title="\2"', page)
    # A quote's attribution under it, its note on a line of its own (<footer> and a block
    # <span> are not known to QTextDocument: they ran on after the quote).
    page = re.sub(r'<footer class="attribution">(.*?)</footer>', r'<p class="attribution">\1</p>',
                  page, flags=re.DOTALL)
    page = re.sub(r'<span class="note">(.*?)</span>', r"\1<br>", page, flags=re.DOTALL)
    return re.sub(r"<dl([^>]*)>(.*?)</dl>", _facts_as_lines, page, flags=re.DOTALL)


def _facts_as_lines(match: re.Match) -> str:
    lines = re.sub(r"<dt>(.*?)</dt><dd>(.*?)</dd>", r"<b>\1</b> \2<br>", match[2])
    return f"<p{match[1]}>{lines.removesuffix('<br>')}</p>"


def paint_pages(document: QTextDocument, writer: QPagedPaintDevice,
                progress: Progress | None = None) -> int:
    """Lay `document` out on the writer's pages (a QPdfWriter or a QPrinter) with the page
    number under each; returns the number of pages. progress(WRITING, done, total) returning
    False stops between pages (ExportCancelled)."""
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError("The file could not be opened for writing.")
    try:
        document.documentLayout().setPaintDevice(writer)
        page = writer.pageLayout().paintRectPixels(writer.resolution())
        number_font = QFont(document.defaultFont())
        number_font.setPointSizeF(8.5)
        metrics = QFontMetricsF(number_font, writer)
        footer = metrics.height() * 2.5
        body_height = page.height() - footer
        document.setPageSize(QSizeF(page.width(), body_height))
        total = document.pageCount()
        for k in range(total):
            if progress is not None and not progress(WRITING, k, total):
                raise ExportCancelled()
            if k:
                writer.newPage()
            painter.save()
            painter.setClipRect(QRectF(0, 0, page.width(), body_height))
            painter.translate(0, -k * body_height)
            context = QAbstractTextDocumentLayout.PaintContext()
            context.clip = QRectF(0, k * body_height, page.width(), body_height)
            document.documentLayout().draw(painter, context)
            painter.restore()
            painter.setFont(number_font)
            painter.setPen(palette_for(LIGHT).text().color())
            painter.drawText(QRectF(0, page.height() - metrics.height(), page.width(),
                                    metrics.height()),
                             Qt.AlignmentFlag.AlignHCenter, f"{k + 1} / {total}")
        return total
    finally:
        painter.end()


def render_pdf(timeline: Timeline, events: Sequence[Event], path: str | os.PathLike,
               page_size: QPageSize | None = None, title_note: str = "",
               progress: Progress | None = None) -> int:
    """Write the dossier as a PDF (A4 or Letter by the system's locale unless page_size says):
    the overview on the first page, page numbers, clickable links. Returns the page count."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(timeline.title)
    writer.setCreator("Timeline")
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(QPageLayout(page_size or default_page_size(),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(*(PDF_MARGIN_MM,) * 4),
                                     QPageLayout.Unit.Millimeter))
    document = dossier_document(timeline, events, writer, title_note, progress)
    pages = paint_pages(document, writer, progress)
    del writer         # finishes the file
    write_atomically(path, bytes(buffer.data()))
    return pages


# -- every format, by the file's suffix ---------------------------------------------------------

# (suffix, what a person calls it), in the order the Export dialog offers them
FORMATS = (
    (".html", "Web page (HTML)"), (".pdf", "PDF document"), (".md", "Markdown briefing"),
    (".png", "Image of the timeline (PNG)"), (".svg", "Drawing of the timeline (SVG)"),
    (".csv", "Spreadsheet (CSV)"), (".json", "TimelineJS 3 (JSON)"))
DRAWN = (".png", ".svg")        # the timeline as drawn: a view range applies


def export_file(timeline: Timeline, events: Sequence[Event], path: str | os.PathLike, *,
                size: tuple[int, int] | None = None,
                view_range: tuple[float, float] | None = None, condensed: bool | None = None,
                page_size: QPageSize | None = None, title_note: str = "",
                progress: Progress | None = None,
                make: Callable[[Callable[[], bytes]], bytes] | None = None) -> None:
    """Write `events` of `timeline` to `path` in the format its suffix names (see FORMATS),
    atomically. `size` and `view_range` are for PNG and SVG; `page_size` for PDF. Raises
    ValueError for a suffix that names no format, OSError when the file cannot be written,
    ExportCancelled when progress() said stop. `make(produce)` returns produce(), the bytes
    of a text format (Qt-free work: the window runs it on a worker thread, and raises
    ExportCancelled when the user stops it); by default it is called here."""
    from timeline_app.core.exports import TEXT_SUFFIXES, export_bytes
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    events = list(events)
    if suffix == ".png":
        render_png(timeline, events, path, size or DRAWN_SIZE, view_range=view_range,
                   condensed=condensed)
    elif suffix == ".svg":
        render_svg(timeline, events, path, size or DRAWN_SIZE, view_range, condensed)
    elif suffix == ".pdf":
        render_pdf(timeline, events, path, page_size, title_note, progress)
    elif suffix in TEXT_SUFFIXES or suffix in (".htm", ".markdown"):
        overview = overview_svg(timeline, events, condensed=condensed) \
            if suffix in (".html", ".htm") and events else ""
        produce = functools.partial(export_bytes, timeline, events, suffix, overview, title_note)
        write_atomically(path, make(produce) if make is not None else produce())
    else:
        known = ", ".join(s for s, _ in FORMATS)
        raise ValueError(f"'{suffix or os.path.basename(path)}' is not a format the timeline "
                         f"can be exported to; choose one of {known}.")
