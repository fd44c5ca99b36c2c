"""The timeline across the top of the window: one lane per track, eras behind, a time axis.

Everything is painted in paintEvent from one layout (timeline_layout.Frame) built per view
change; the same layout answers clicks, tooltips and event_rect(), so what the user clicks is
what was drawn.

Default view: after set_timeline() with no previous view, the whole span. When the events
cluster in a few seasons years apart (bursty, see core.time_scale), the time axis is condensed
by default: the long quiet stretches between them are folded into marked breaks, so the busy
months get the room and are readable at once; set_condensed() chooses. Positions inside the
view are axis units (days, or days with the folds squeezed); the public API speaks days.
A reload keeps the view while it still overlaps the events; set_timeline(None) forgets it, so a
newly opened file gets the default view again.
"""
from __future__ import annotations

import datetime
import html
import itertools
import math
from bisect import bisect_left
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (QBrush, QColor, QFont, QPainter, QPaintEngine,
                           QPalette, QPen, QPixmap, QStaticText, QTransform)
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from timeline_app.core.dates import MONTH_NAMES
from timeline_app.core.model import Timeline
from timeline_app.core.periods import Period
from timeline_app.core.time_scale import Fold
from timeline_app.qt import timeline_accessible
from timeline_app.qt.selection import STEP_KEYS
from timeline_app.qt.timeline_accessible import AccessibleMark, MarkObjects
from timeline_app.qt.timeline_layout import (FIRST_ORDINAL, LAST_ORDINAL, Frame, HintLink, Item,
                                             Label,
                                             LaneEvents, Mark, RING_PX, TimelineData,
                                             count_text)
from timeline_app.qt.track_colors import is_dark, track_color

if TYPE_CHECKING:
    from timeline_app.qt.live_validator import Checked

MIN_SPAN_DAYS = 2.0            # the closest zoom: about two days across the widget
ZOOM_STEP = 1.5                # one + or - key press
WHEEL_ZOOM_STEP = 1.25         # one Ctrl+wheel notch
WHEEL_PAN_FRACTION = 0.1       # one plain wheel notch pans a tenth of the view
MIN_PERIOD_DAYS = 31           # a dense period of one event is shown with a month around it



# -- painting ------------------------------------------------------------------------------------

def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * t,
                           a.greenF() + (b.greenF() - a.greenF()) * t,
                           a.blueF() + (b.blueF() - a.blueF()) * t)


def _alpha(color: QColor, alpha: float) -> QColor:
    result = QColor(color)
    result.setAlphaF(alpha)
    return result


class _Colors:
    """The view's colours, all derived from the palette so light and dark both read well."""

    def __init__(self, palette: QPalette):
        role = QPalette.ColorRole
        self.dark = is_dark(palette)
        self.base, self.text = palette.color(role.Base), palette.color(role.Text)
        self.window, self.window_text = palette.color(role.Window), palette.color(role.WindowText)
        self.highlight = palette.color(role.Highlight)
        link = palette.color(role.Link)
        # a palette's link blue can be too dark on a dark base: the highlight reads there
        self.link = link if abs(link.lightness() - self.base.lightness()) > 90 else \
            _mix(self.highlight, self.text, 0.35)
        self.dim = _mix(self.base, self.text, 0.62)
        self.grid = _mix(self.base, self.text, 0.09)
        self.grid_year = _mix(self.base, self.text, 0.22)
        self.lane_alt = _mix(self.base, self.text, 0.035)
        self.era = _alpha(self.highlight, 0.10 if self.dark else 0.06)
        self.era_band = _alpha(self.highlight, 0.30 if self.dark else 0.16)
        self.era_edge = _alpha(self.highlight, 0.65)
        self.fold = _mix(self.base, self.text, 0.05)
        self.fold_hatch = _alpha(self.text, 0.10 if self.dark else 0.08)


_VECTOR_ENGINES = {QPaintEngine.Type.SVG, QPaintEngine.Type.Pdf, QPaintEngine.Type.Picture}
_SCALED_AT_MOST = {QTransform.TransformationType.TxNone, QTransform.TransformationType.TxTranslate,
                   QTransform.TransformationType.TxScale}


class _Sprites:
    """Small marks drawn once into a pixmap, then copied: a copy costs a fraction of drawing
    the antialiased shape again, and a frame has hundreds of dots and badges. A pixmap is
    made at the device's pixel ratio, so it stays crisp on high-DPI screens, and for where
    the mark falls within a device pixel (to an eighth), so that the copy puts the
    same pixels where drawing would. Text is never put in a pixmap: on a widget Qt may draw
    it with subpixel antialiasing, in a pixmap it would not."""

    PHASES = 8                 # positions per device pixel
    LIMIT = 4000               # pixmaps kept; all are dropped beyond it (a few frames' worth)

    def __init__(self):
        self._pixmaps: dict[tuple, QPixmap] = {}
        self._scale, self._dx, self._dy = 1.0, 0.0, 0.0
        self._usable = False

    def start(self, p: QPainter) -> None:
        """Read the painter's device transform, once per frame."""
        device = p.deviceTransform()
        self._scale, self._dx, self._dy = device.m11(), device.dx(), device.dy()
        # rotated or stretched, no pixmap fits: the marks are drawn; on SVG or PDF too (an
        # export keeps its marks as shapes, not images)
        self._usable = device.type() in _SCALED_AT_MOST and device.m11() == device.m22() and \
            p.paintEngine().type() not in _VECTOR_ENGINES

    def draw(self, p: QPainter, bounds: QRectF, key: tuple,
             render: Callable[[QPainter], None]) -> None:
        """What render(painter) draws inside bounds, from the pixmap kept for key."""
        if not self._usable:
            render(p)
            return
        scale = self._scale
        x, y = bounds.left() * scale + self._dx, bounds.top() * scale + self._dy
        left, top = math.floor(x), math.floor(y)
        full_key = (key, scale, round((x - left) * self.PHASES),
                    round((y - top) * self.PHASES), bounds.width(), bounds.height())
        pixmap = self._pixmaps.get(full_key)
        if pixmap is None:
            if len(self._pixmaps) >= self.LIMIT:
                self._pixmaps.clear()
            pixmap = self._pixmaps[full_key] = self._render(bounds, full_key[2:4], render)
        p.drawPixmap(QPointF((left - self._dx) / scale, (top - self._dy) / scale), pixmap)

    def _render(self, bounds: QRectF, phase: tuple[int, int],
                render: Callable[[QPainter], None]) -> QPixmap:
        scale = self._scale
        pixmap = QPixmap(math.ceil(bounds.width() * scale) + 2,
                         math.ceil(bounds.height() * scale) + 2)
        pixmap.setDevicePixelRatio(scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.translate(phase[0] / self.PHASES / scale - bounds.left(),
                          phase[1] / self.PHASES / scale - bounds.top())
        render(painter)
        painter.end()
        return pixmap


class _CountTexts:
    """The badges' counts as QStaticText, laid out once per text and font: drawing one costs
    about half of drawText(), which lays the text out on every call."""

    LIMIT = 2000               # texts kept; all are dropped beyond it

    def __init__(self):
        self._font_key = ""
        self._font = QFont()
        self._texts: dict[str, tuple[QStaticText, float, float]] = {}

    def use(self, font: QFont) -> None:
        """The font of the texts from now on (once per paint: its key is a string to build)."""
        if self._font_key != font.key():
            self._texts.clear()
            self._font_key = font.key()
            self._font = QFont(font)

    def get(self, text: str) -> tuple[QStaticText, float, float]:
        """The static text and its width and height in the font in use."""
        found = self._texts.get(text)
        if found is None:
            if len(self._texts) >= self.LIMIT:
                self._texts.clear()
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(QTransform(), self._font)
            size = static.size()
            found = self._texts[text] = (static, size.width(), size.height())
        return found


class _FramePainter:
    """Draws a Frame; knows colours and pens, computes no positions of its own."""

    def __init__(self, painter: QPainter, frame: Frame, colors: _Colors, palette: QPalette,
                 sprites: _Sprites, minimap_ticks: _MinimapTicks, count_texts: _CountTexts):
        self.p, self.f, self.c = painter, frame, colors
        self.minimap_ticks = minimap_ticks
        self.timeline = frame.data.timeline if frame.data else None
        self.palette = palette
        self.track_colors: dict[int, QColor] = {}
        self.mark_colors: dict[tuple[int, bool], QColor] = {}
        self.sprites = sprites
        sprites.start(painter)
        self.count_texts = count_texts
        count_texts.use(frame.small_font)
        self.count_pens: dict[int, QColor] = {}        # by the badge's colour
        self.line_pens: dict[int, QPen] = {}           # the badges' lines, by colour
        self.base_rgba = colors.base.rgba()

    def paint(self, has_focus: bool, rect: QRectF) -> None:
        p, f = self.p, self.f
        p.fillRect(rect, self.c.base)
        p.fillRect(QRectF(0, 0, f.gutter, rect.height()), self.c.window)
        self._lanes()
        p.save()
        p.setClipRect(QRectF(f.plot.left(), 0, f.plot.width(), f.plot.bottom()))
        self._era_shading()
        self._fold_bands()
        self._grid()
        self._era_band()
        if f.data is None:        # a file with errors, or none: not an empty axis
            self._message("No timeline to show")
        elif not f.data.items:
            self._message("No events")
        self._lane_hints()
        self._marks([m for m in f.marks if not m.selected])
        self._labels()
        self._marks([m for m in f.marks if m.selected])
        self._marks(f.on_top)
        p.restore()
        self._lane_names()
        self._axis()
        self._minimap()
        if has_focus:
            p.setPen(QPen(self.c.highlight, 2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(rect.adjusted(1, 1, -1, -1))

    def color(self, lane: int) -> QColor:
        if lane not in self.track_colors:
            track = self.f.data.lane_tracks[lane] if self.f.data else ""
            self.track_colors[lane] = track_color(self.timeline, track, self.palette)
        return self.track_colors[lane]

    def mark_color(self, lane: int, faded: bool) -> QColor:
        color = self.mark_colors.get((lane, faded))
        if color is None:
            color = self.color(lane)
            color = self.mark_colors[lane, faded] = _alpha(color, 0.28) if faded else color
        return color

    def _message(self, text: str) -> None:
        self.p.setPen(self.c.dim)
        self.p.drawText(self.f.plot, Qt.AlignmentFlag.AlignCenter, text)

    def _lane_hints(self) -> None:
        """The lead in the dim colour, the links in the link colour, underlined."""
        p, f = self.p, self.f
        link_font = QFont(f.small_font)
        link_font.setUnderline(True)
        middle = Qt.AlignmentFlag.AlignVCenter
        for hint in f.hints:
            p.setFont(f.small_font)
            p.setPen(self.c.dim)
            p.drawText(hint.rect, middle, hint.lead)
            for link in hint.links[:-1]:
                p.drawText(QRectF(link.rect.right(), link.rect.top(), 20, link.rect.height()),
                           middle, ",")
            p.setFont(link_font)
            p.setPen(self.c.link)
            for link in hint.links:
                p.drawText(link.rect, middle, link.text)

    def _lanes(self) -> None:
        for k, lane in enumerate(self.f.lanes):
            if k % 2 == 1:
                self.p.fillRect(QRectF(self.f.plot.left(), lane.top(), self.f.plot.width(),
                                       lane.height()), self.c.lane_alt)

    def _lane_names(self) -> None:
        if self.f.data is None:
            return
        p, f = self.p, self.f
        p.setPen(self.c.window_text)
        for k, (name, lane) in enumerate(zip(f.lane_names, f.lanes)):
            p.fillRect(QRectF(lane.left() + 4, lane.top() + 4, 4, lane.height() - 8), self.color(k))
            p.setFont(f.small_font if name.small else f.font)
            box = name.rect
            for n, line in enumerate(name.lines):
                p.drawText(QRectF(box.left(), box.top() + n * name.line_h, box.width(),
                                  name.line_h), Qt.AlignmentFlag.AlignVCenter, line)
        p.setPen(self.c.grid_year)
        p.drawLine(QLineF(f.gutter - 0.5, 0, f.gutter - 0.5, f.plot.bottom()))

    def _era_shading(self) -> None:
        for box in self.f.eras:
            self.p.fillRect(QRectF(box.band.left(), self.f.plot.top(), box.band.width(),
                                   self.f.plot.height()), self.c.era)

    def _era_band(self) -> None:
        p, f = self.p, self.f
        p.setFont(f.small_font)
        for box in f.eras:
            p.fillRect(box.band, self.c.era_band)
            p.fillRect(QRectF(box.band.left(), box.band.top(), 2, box.band.height()),
                       self.c.era_edge)
            if box.text:
                p.setPen(self.c.text)
                p.drawText(box.label, Qt.AlignmentFlag.AlignVCenter, box.text)

    def _grid(self) -> None:
        f = self.f
        top, bottom = f.plot.top(), f.plot.bottom()
        for pen_color, year_lines in ((self.c.grid, False), (self.c.grid_year, True)):
            self.p.setPen(QPen(pen_color, 1))
            self.p.drawLines([QLineF(x, top, x, bottom) for x, _, year in f.ticks
                              if year == year_lines])

    def _marks(self, marks: list[Mark]) -> None:
        self.p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.p.setFont(self.f.small_font)       # the badges' counts
        bars: set[tuple] = set()
        counts: list[tuple[Mark, QColor]] = []
        for mark in marks:
            if mark.kind == "bar" and not mark.selected:
                # Long events crossing the whole view are clipped to the same pixels: one
                # drawing shows them all, and hundreds would cost a frame.
                key = (mark.lane, mark.rect.toRect().getCoords(), mark.item.precision, mark.faded)
                if key in bars:
                    continue
                bars.add(key)
            color = self.mark_color(mark.lane, mark.faded)
            if mark.kind == "cluster":
                self._badge(mark, color)
                counts.append((mark, color))
            else:
                self._event_mark(mark, color)
        # Text looks the same without antialiasing of shapes, and draws in half the time; the
        # counts go on last, with one switch of it for them all (no mark here covers a badge).
        self.p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        self._counts(counts)

    def _counts(self, badges: list[tuple[Mark, QColor]]) -> None:
        """Each badge's count, centred, from the widget's QStaticText of that count."""
        p, texts, pens = self.p, self.count_texts, self.count_pens
        for mark, color in badges:
            pen = pens.get(color.rgba())
            if pen is None:
                pen = pens[color.rgba()] = _readable_on(color)
            p.setPen(pen)
            text, width, height = texts.get(count_text(mark.count))
            center = mark.rect.center()
            p.drawStaticText(QPointF(center.x() - width / 2, center.y() - height / 2), text)

    def _event_mark(self, mark: Mark, color: QColor) -> None:
        if mark.kind == "point" and not mark.selected:
            key = ("point", color.rgba(), self.c.base.rgba(), mark.item.precision)
            self.sprites.draw(self.p, mark.rect.adjusted(-2, -2, 2, 2), key,
                              lambda painter: self._event_shape(painter, mark, color))
        else:
            self._event_shape(self.p, mark, color)
        if mark.selected:
            self._selection_ring(mark)

    def _event_shape(self, p: QPainter, mark: Mark, color: QColor) -> None:
        precision = mark.item.precision
        exact = precision == "day"
        fill = color if exact else _alpha(color, color.alphaF() * (0.45 if precision == "month"
                                                                   else 0.25))
        pen = QPen(color.darker(125) if exact else color, 1.2 if exact else 1.5)
        if not exact:
            pen.setStyle(Qt.PenStyle.DashLine if precision == "month" else Qt.PenStyle.DotLine)
        p.setPen(pen)
        p.setBrush(fill)
        rect = mark.rect.adjusted(0.5, 0.5, -0.5, -0.5)
        if mark.kind == "point":
            p.drawEllipse(rect)
            # A ring of the background keeps a point visible on a bar or on a point beside it.
            p.setPen(QPen(self.c.base, 1.2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(rect.adjusted(-1.1, -1.1, 1.1, 1.1))
        else:
            p.drawRoundedRect(rect, 3, 3)

    def _selection_ring(self, mark: Mark) -> None:
        p = self.p
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(self.c.base, 2))
        ring = mark.rect.adjusted(-2, -2, 2, 2)
        self._outline(mark, ring)
        p.setPen(QPen(self.c.highlight, 2.5))
        self._outline(mark, ring.adjusted(-2, -2, 2, 2))

    def _outline(self, mark: Mark, rect: QRectF) -> None:
        if mark.kind == "point":
            self.p.drawEllipse(rect)
        else:
            self.p.drawRoundedRect(rect, 4, 4)

    def _badge(self, mark: Mark, color: QColor) -> None:
        p, rect, rgba = self.p, mark.rect, color.rgba()
        if mark.extent > rect.right():
            pen = self.line_pens.get(rgba)
            if pen is None:
                pen = self.line_pens[rgba] = QPen(color, 2)
            p.setPen(pen)
            y = rect.center().y()
            p.drawLine(QLineF(rect.right(), y, mark.extent, y))
        self.sprites.draw(p, rect.adjusted(-1, -1, 1, 1), ("badge", rgba, self.base_rgba),
                          lambda painter: self._badge_shape(painter, rect, color))

    def _badge_shape(self, p: QPainter, rect: QRectF, color: QColor) -> None:
        p.setPen(QPen(self.c.base, 1))
        p.setBrush(color)
        p.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)

    def _labels(self) -> None:
        p, f = self.p, self.f
        p.setPen(self.c.text)
        p.setFont(f.font)
        for label in f.labels:
            if label.selected:
                self._selected_label(label)
            else:
                p.drawText(label.rect, Qt.AlignmentFlag.AlignVCenter, label.text)

    def _selected_label(self, label: Label) -> None:
        p = self.p
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(QPen(self.c.highlight, 1.5))
        p.setBrush(_alpha(self.c.base, 0.92))
        p.drawRoundedRect(label.rect, 4, 4)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setFont(self.f.bold_font)
        p.setPen(self.c.text)
        text = self.f.bold_fm.elidedText(
            label.text, Qt.TextElideMode.ElideRight, label.rect.width() - 8)
        p.drawText(label.rect.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter, text)
        p.setFont(self.f.font)

    def _axis(self) -> None:
        p, f, axis = self.p, self.f, self.f.axis
        if f.data is None:
            return
        p.setPen(self.c.grid_year)
        p.drawLine(QLineF(axis.left(), axis.top(), axis.right(), axis.top()))
        p.setFont(f.small_font)
        p.setPen(self.c.dim)
        p.drawLines([QLineF(x, axis.top(), x, axis.top() + 4) for x, _, _ in f.ticks])
        for rect, text in f.axis_labels:
            p.drawText(rect, Qt.AlignmentFlag.AlignVCenter, text)
        self._fold_breaks()
        if f.context:
            p.setPen(self.c.window_text)
            p.drawText(QRectF(8, axis.top() + 3, f.gutter - 12, axis.height() - 3),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, f.context)

    def _fold_bands(self) -> None:
        """A fold of the condensed axis: a hatched band across the lanes, behind the marks."""
        f = self.f
        for box in f.folds:
            band = QRectF(box.left, f.plot.top(), box.right - box.left, f.plot.height())
            self.p.fillRect(band, self.c.fold)
            self.p.fillRect(band, QBrush(self.c.fold_hatch, Qt.BrushStyle.BDiagPattern))
            self.p.setPen(QPen(self.c.grid_year, 1, Qt.PenStyle.DashLine))
            self.p.drawLine(QLineF(box.left, f.plot.top(), box.left, f.plot.bottom()))
            self.p.drawLine(QLineF(box.right, f.plot.top(), box.right, f.plot.bottom()))

    def _fold_breaks(self) -> None:
        """The break mark on the axis line: a gap with two slanted strokes at each edge."""
        p, f, top = self.p, self.f, self.f.axis.top()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for box in f.folds:
            p.fillRect(QRectF(box.left + 1, top - 1, box.right - box.left - 2, 3), self.c.base)
            p.setPen(QPen(self.c.dim, 1.3))
            for x in (box.left, box.right):
                p.drawLine(QLineF(x - 2.5, top + 4, x + 1.5, top - 4))
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)

    def _minimap(self) -> None:
        f = self.f
        if f.data is None or not f.data.items:
            return
        p, rect = self.p, f.minimap
        p.fillRect(rect, self.c.lane_alt)
        p.setPen(QPen(self.c.dim, 1))
        p.drawLines(self.minimap_ticks.lines(f.data, rect))
        first, last = f.data.bounds
        scale = rect.width() / (last - first)
        left = rect.left() + (f.view[0] - first) * scale
        right = rect.left() + (f.view[1] - first) * scale
        shown = QRectF(left, rect.top(), max(3.0, right - left), rect.height())
        p.setPen(QPen(self.c.highlight, 1.5))
        p.setBrush(_alpha(self.c.highlight, 0.18))
        p.drawRect(shown.intersected(rect.adjusted(0, 0, -1, -1)))


class _MinimapTicks:
    """One tick per pixel column holding events, taller where there are more (all events:
    a filter or a zoom does not change them, so they are kept for one timeline and size)."""

    def __init__(self):
        self._made_for: tuple[TimelineData | None, QRectF] = (None, QRectF())
        self._lines: list[QLineF] = []

    def lines(self, data: TimelineData, rect: QRectF) -> list[QLineF]:
        if self._made_for[0] is not data or self._made_for[1] != rect:
            self._made_for = (data, QRectF(rect))
            self._lines = _count_lines(data, rect)
        return self._lines


def _count_lines(data: TimelineData, rect: QRectF) -> list[QLineF]:
    first, last = data.bounds
    per_px = (last - first) / rect.width()
    counts = []
    for column in range(int(rect.width())):
        day = first + column * per_px
        counts.append(bisect_left(data.anchors, day + per_px) - bisect_left(data.anchors, day))
    top = max(counts, default=0)
    scale = (rect.height() - 4) / math.log1p(top) if top else 0
    bottom = rect.bottom() - 2
    return [QLineF(rect.left() + column + 0.5, bottom,
                   rect.left() + column + 0.5, bottom - max(2.0, math.log1p(n) * scale))
            for column, n in enumerate(counts) if n]


def _readable_on(color: QColor) -> QColor:
    light = 0.2126 * color.redF() + 0.7152 * color.greenF() + 0.0722 * color.blueF()
    return QColor("black") if light > 0.5 else QColor("white")


# -- the widget ------------------------------------------------------------------------------------

class TimelineView(QWidget):
    """A horizontal, zoomable timeline of one Timeline's events."""

    eventClicked = Signal(str)
    stepRequested = Signal(str)
    condensedChanged = Signal(bool)     # the time axis folds quiet stretches, or not

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._base: TimelineData | None = None     # positions in days
        self._data: TimelineData | None = None     # the same or condensed: what is drawn
        self._condensed_choice: bool | None = None
        self._lanes: list[tuple[LaneEvents, LaneEvents]] = []
        self._visible_ids: frozenset[str] | None = None
        self._selected = ""
        self._view: tuple[float, float] = (0.0, 1.0)
        self._has_view = False
        self._frame_cache: Frame | None = None
        self._accessible_cache: tuple[Frame, list[AccessibleMark], dict[tuple, int]] | None = None
        self.mark_objects = MarkObjects(self)
        self._title_widths: dict[str, float] = {}
        self._badge_widths: dict[str, float] = {}     # by count text, in the small font
        self._sprites = _Sprites()
        self._minimap_ticks = _MinimapTicks()
        self._count_texts = _CountTexts()
        self._press: QPointF | None = None
        self._press_view = self._view
        self._dragging = False
        self._minimap_drag = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAccessibleName("Timeline")
        timeline_accessible.install(TimelineView)
        self._describe()

    # -- slots and public API --

    def set_timeline(self, timeline: Timeline | None, prepared: Checked | None = None) -> None:
        """Show this timeline (with its layout data when the check `prepared` it); a reload
        keeps the view while it still overlaps the events."""
        keep = self._has_view and timeline is not None
        kept_days = self.view_range() if keep else self._view
        data = prepared.timeline_data if prepared is not None else None
        if timeline is not None and (data is None or data.timeline is not timeline):
            data = TimelineData(timeline)
        was_condensed = self.is_condensed()
        self._base = data if timeline is not None else None
        self._data = self._scaled(self._base)
        # Widths of titles no longer in the timeline (edited ones) go once they outnumber it.
        if len(self._title_widths) > 2 * len(self._data.items if self._data else ()) + 256:
            self._title_widths.clear()
        self.mark_objects.clear()
        self._lanes = self._data.lanes(self._visible_ids) if self._data else []
        if self._data is None:
            self._has_view = False
        elif keep and self._overlaps_events(self._to_units(kept_days)):
            self._apply_view(*self._to_units(kept_days))
        else:
            self._apply_view(*self._default_view())
        self._changed()
        if self.is_condensed() != was_condensed:
            self.condensedChanged.emit(self.is_condensed())

    @property
    def timeline(self) -> Timeline | None:
        """The timeline shown, None before one is set (or after set_timeline(None))."""
        return self._base.timeline if self._base is not None else None

    def set_condensed(self, condensed: bool | None) -> None:
        """Fold long quiet stretches of time (True), show time to scale (False), or choose by
        the timeline (None, the default: condensed when it is bursty, see core.time_scale).
        The days in view stay in view."""
        before = self.is_condensed()
        self._condensed_choice = condensed
        if self._base is not None:
            days = self.view_range()
            self._data = self._scaled(self._base)
            self._lanes = self._data.lanes(self._visible_ids)
            self._view = (math.nan, math.nan)
            self._apply_view(*self._to_units(days))
            self._changed()
        if self.is_condensed() != before:
            self.condensedChanged.emit(self.is_condensed())

    def is_condensed(self) -> bool:
        """Whether quiet stretches are folded: the choice made, else the timeline's default
        (a timeline with no quiet stretch looks the same either way)."""
        if self._condensed_choice is not None:
            return self._condensed_choice
        return self._base is not None and self._base.bursty

    def folds(self) -> list[Fold]:
        """The folded stretches of the time axis as drawn (none when not condensed)."""
        return list(self._data.scale.folds) if self._data else []

    def _scaled(self, base: TimelineData | None) -> TimelineData | None:
        if base is None:
            return None
        condensed = self._condensed_choice
        return base.condensed() if (base.bursty if condensed is None else condensed) else base

    def _to_units(self, days: tuple[float, float]) -> tuple[float, float]:
        scale = self._data.scale if self._data else None
        return (scale.to_u(days[0]), scale.to_u(days[1])) if scale else days

    def set_selected(self, event_id: str) -> None:
        """Highlight the event and pan (keeping the zoom) when it is out of view."""
        self._selected = event_id
        item = self._data.items.get(event_id) if self._data else None
        if item is not None and not self._shows(item):
            span = self._view[1] - self._view[0]
            if item.end - item.start > span * 0.8:
                start = item.start - span * 0.1
            else:
                start = (item.start + item.end) / 2 - span / 2
            self._apply_view(start, start + span)
        self._changed()
        timeline_accessible.announce_selection(self, ("event", event_id))

    def set_visible_ids(self, ids: Collection[str] | None) -> None:
        """Events not in `ids` are drawn faded and unlabelled; None shows all."""
        if ids is not None and not isinstance(ids, frozenset):
            ids = frozenset(ids)        # kept: a frozenset cannot change behind the view's back
        if ids == self._visible_ids:
            return
        self._visible_ids = ids
        self._lanes = self._data.lanes(self._visible_ids) if self._data else []
        self._changed()

    def view_range(self) -> tuple[float, float]:
        """First and last visible day, as float date ordinals (for QSettings)."""
        scale = self._data.scale if self._data else None
        return (scale.to_day(self._view[0]), scale.to_day(self._view[1])) if scale else self._view

    def set_view_range(self, start: float, end: float) -> None:
        self._apply_view(*self._to_units((float(start), float(end))))

    def zoom_in(self) -> None:
        self._zoom(1 / ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom(ZOOM_STEP)

    def fit_all(self) -> None:
        if self._data is not None:
            self._apply_view(*self._data.bounds)

    def dense_periods(self) -> list[Period]:
        return list(self._data.periods) if self._data else []

    def next_period(self) -> bool:
        """Show the next dense period after the selected event (when it is in view, else after
        the middle of the view); False when there is none."""
        here = self._period_anchor()
        return self._show_period(next((p for p in self.dense_periods() if p.first_day > here),
                                      None))

    def previous_period(self) -> bool:
        here = self._period_anchor()
        earlier = [p for p in self.dense_periods() if p.last_day + 1 < here]
        return self._show_period(earlier[-1] if earlier else None)

    def _period_anchor(self) -> float:
        item = self._data.items.get(self._selected) if self._data else None
        here = item.anchor if item is not None and self._shows(item) else sum(self._view) / 2
        return self._data.scale.to_day(here) if self._data else here

    def event_rect(self, event_id: str) -> QRectF | None:
        """Where the event is drawn: its marker or bar, or the badge of the cluster holding it;
        None when it is out of view."""
        frame = self._frame()
        item = self._data.items.get(event_id) if self._data else None
        if item is None:
            return None
        for mark in reversed(frame.marks):
            if mark.lane != item.lane:
                continue
            k = mark.source.index_of(item)
            if k is not None and mark.first <= k < mark.stop:
                return QRectF(mark.rect) if mark.rect.intersects(frame.plot) else None
        return None

    def placed_labels(self) -> list[tuple[str, str, QRectF]]:
        """(event id, text as shown, rect) of every label drawn in the current view."""
        return [(label.item.event.id, label.text, QRectF(label.rect))
                for label in self._frame().labels]

    def placed_marks(self) -> list[tuple[tuple, str, QRectF, bool]]:
        """(key, kind, rect, selected) of every mark drawn in the current view; a badge's rect
        runs on to its last event's end (the line drawn from it), a selected mark's takes in
        its selection ring."""
        marks = []
        for mark in self._frame().marks:
            rect = QRectF(mark.rect)
            if mark.extent > rect.right():
                rect.setRight(mark.extent)
            if mark.selected:
                rect.adjust(-RING_PX, -RING_PX, RING_PX, RING_PX)
            marks.append((mark.key, mark.kind, rect, mark.selected))
        return marks

    def placed_axis_labels(self) -> list[tuple[str, QRectF]]:
        """(text, rect) of every label on the time axis: ticks, folds and their edges."""
        return [(text, QRectF(rect)) for rect, text in self._frame().axis_labels]

    def placed_lane_names(self) -> list[tuple[str, list[str], bool]]:
        """(track name, lines as shown, in the small font) of every lane, top to bottom."""
        return [(name.name, list(name.lines), name.small) for name in self._frame().lane_names]

    def placed_era_labels(self) -> list[tuple[str, str, QRectF]]:
        """(era name, name as shown, rect) of every era named in the current view."""
        return [(box.name, box.text, QRectF(box.label)) for box in self._frame().eras
                if box.text]

    def accessible_marks(self) -> list[AccessibleMark]:
        """The marks a screen reader lists: each drawn mark of the events matching the filter,
        and the selected event's, once, lane by lane and left to right."""
        return self._accessible_index()[0]

    def accessible_mark(self, key: tuple) -> tuple[int, AccessibleMark] | None:
        """The index and the mark with this key among accessible_marks(), if on screen."""
        marks, index = self._accessible_index()
        k = index.get(key)
        return (k, marks[k]) if k is not None else None

    def x_for_day(self, day: float) -> float:
        """The x (widget coordinates) of the start of a day given as a date ordinal."""
        scale = self._data.scale if self._data else None
        return self._frame().x(scale.to_u(day) if scale else day)

    def day_at_x(self, x: float) -> float:
        scale = self._data.scale if self._data else None
        u = self._frame().day(x)
        return scale.to_day(u) if scale else u

    def minimumSizeHint(self) -> QSize:
        return QSize(600, 220)

    def sizeHint(self) -> QSize:
        return QSize(1400, 320)

    # -- view state --

    def _limits(self) -> tuple[float, float]:
        return self._data.bounds if self._data else (FIRST_ORDINAL, LAST_ORDINAL)

    def _apply_view(self, start: float, end: float) -> None:
        """Set the visible range within the zoom limits and the events' margins."""
        low, high = self._limits()
        span = min(max(end - start, MIN_SPAN_DAYS), max(high - low, MIN_SPAN_DAYS))
        middle = (start + end) / 2
        start = middle - span / 2
        if high - low >= span:
            start = min(max(start, low), high - span)
        else:
            start = (low + high - span) / 2
        self._has_view = True
        if (start, start + span) != self._view:
            self._view = (start, start + span)
            self._frame_cache = None
            self.update()
            timeline_accessible.announce_reorder(self)

    def _zoom(self, factor: float, x: float | None = None) -> None:
        frame = self._frame()
        anchor = frame.day(x) if x is not None else self._keyboard_zoom_anchor()
        start, end = self._view
        self._apply_view(anchor - (anchor - start) * factor, anchor + (end - anchor) * factor)

    def _keyboard_zoom_anchor(self) -> float:
        """+ and - keep the selected event where it is when it is in view, else the middle."""
        item = self._data.items.get(self._selected) if self._data else None
        if item is not None and self._shows(item):
            return item.anchor
        return sum(self._view) / 2

    def _pan_pixels(self, dx: float) -> None:
        days = dx / self._frame().ppd
        self._apply_view(self._view[0] + days, self._view[1] + days)

    def _default_view(self) -> tuple[float, float]:
        """The whole span: on a condensed axis the busy periods get the room."""
        return self._data.bounds

    def _period_units(self, period: Period) -> tuple[float, float]:
        first, last = _period_range(period)
        return self._to_units((first, last))

    def _show_period(self, period: Period | None) -> bool:
        """Show the period and choose its first event (shown), so that the detail and the
        arrow keys follow."""
        if period is None:
            return False
        self._apply_view(*self._period_units(period))
        first_u, last_u = self._to_units((period.first_day, period.last_day + 1))
        inside = [item for item in self._data.items.values()
                  if first_u <= item.start <= last_u and
                  (self._visible_ids is None or item.event.id in self._visible_ids)]
        if inside:
            first = min(inside, key=lambda item: (item.start, item.event.id))
            self.eventClicked.emit(first.event.id)
        return True

    def _overlaps_events(self, view: tuple[float, float]) -> bool:
        low, high = self._data.bounds
        return view[1] > low and view[0] < high and bool(self._data.items)

    def _shows(self, item: Item) -> bool:
        start, end = self._view
        inset = (end - start) * 0.03
        return item.end > start + inset and item.anchor < end - inset

    def _changed(self) -> None:
        self._frame_cache = None
        self._describe()
        self.update()
        timeline_accessible.announce_reorder(self)

    def _frame(self) -> Frame:
        if self._frame_cache is None:
            self._frame_cache = Frame(self._data, self._view, self._lanes, self._selected,
                                      self.font(), self.size(), self._title_widths,
                                      self._badge_widths)
        return self._frame_cache

    def _accessible_index(self) -> tuple[list[AccessibleMark], dict[tuple, int]]:
        frame = self._frame()
        if self._accessible_cache is None or self._accessible_cache[0] is not frame:
            marks = _accessible_marks(frame)
            index = {mark.key: k for k, mark in enumerate(marks)}
            self._accessible_cache = (frame, marks, index)
            self.mark_objects.prune(set(index))
        return self._accessible_cache[1], self._accessible_cache[2]

    def _describe(self) -> None:
        item = self._data.items.get(self._selected) if self._data else None
        count = len(self._data.items) if self._data else 0
        events = f"{count} events"
        if self._visible_ids is not None and self._data:
            events += f", {len(self._visible_ids)} matching"
        selected = f"Selected: {item.event.title}, {item.dates}; " if item else "No selection; "
        folds = self._data.scale.folds if self._data else ()
        if folds:
            events += "; quiet stretches folded: " + "; ".join(
                f"{format_day(f.first_day)} to {format_day(f.last_day - 1)}, {f.describe()}"
                for f in folds)
        self.setAccessibleDescription(selected + events)

    # -- Qt events --

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        _FramePainter(painter, self._frame(), _Colors(self.palette()), self.palette(),
                      self._sprites, self._minimap_ticks,
                      self._count_texts).paint(self.hasFocus(), QRectF(self.rect()))
        painter.end()

    def resizeEvent(self, event) -> None:
        self._frame_cache = None
        super().resizeEvent(event)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._title_widths.clear()
            self._badge_widths.clear()
            self._frame_cache = None
        super().changeEvent(event)

    def focusInEvent(self, event) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:
        self.update()
        super().focusOutEvent(event)

    def event(self, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ToolTip:
            self._tooltip(event)
            return True
        if kind == QEvent.Type.NativeGesture and \
                event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture:
            self._zoom(1 / max(0.1, 1 + event.value()), event.position().x())
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        actions = {Qt.Key.Key_Plus: self.zoom_in, Qt.Key.Key_Equal: self.zoom_in,
                   Qt.Key.Key_Minus: self.zoom_out, Qt.Key.Key_0: self.fit_all,
                   Qt.Key.Key_BracketLeft: self.previous_period,
                   Qt.Key.Key_BracketRight: self.next_period,
                   Qt.Key.Key_PageUp: self.previous_period,
                   Qt.Key.Key_PageDown: self.next_period}
        shifted = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        if shifted and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.show_hidden(later=key == Qt.Key.Key_Right)
        elif key in STEP_KEYS:
            self.stepRequested.emit(STEP_KEYS[key])
        elif key in actions:
            actions[key]()
        else:
            super().keyPressEvent(event)

    def wheelEvent(self, event) -> None:
        angle = event.angleDelta()
        notches = (angle.y() or angle.x()) / 120
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._zoom(WHEEL_ZOOM_STEP ** -notches, event.position().x())
        else:
            pixels = event.pixelDelta()
            dx = -(pixels.x() or pixels.y()) if not pixels.isNull() else \
                -notches * WHEEL_PAN_FRACTION * self._frame().plot.width()
            self._pan_pixels(dx)
        event.accept()

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        pos = event.position()
        if self._frame().minimap.contains(pos):
            self._minimap_drag = True
            self._center_on_minimap(pos.x())
        else:
            self._press, self._press_view = pos, self._view

    def mouseMoveEvent(self, event) -> None:
        pos = event.position()
        if self._minimap_drag:
            self._center_on_minimap(pos.x())
        elif self._press is not None:
            moved = (pos - self._press).manhattanLength()
            if moved >= QApplication.startDragDistance():
                self._dragging = True
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
            if self._dragging:
                days = (pos.x() - self._press.x()) / self._frame().ppd
                self._apply_view(self._press_view[0] - days, self._press_view[1] - days)
        else:
            hit = self._hit(pos) or self._hint_link(pos)
            self.setCursor(Qt.CursorShape.PointingHandCursor if hit else
                           Qt.CursorShape.ArrowCursor)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            if self._press is not None and not self._dragging:
                self._click(event.position())
            self._press, self._dragging, self._minimap_drag = None, False, False
            self.unsetCursor()
        super().mouseReleaseEvent(event)

    # -- user actions --

    def _hit(self, pos: QPointF) -> Mark | Label | None:
        """The topmost mark or label under pos, searched in paint order reversed."""
        frame = self._frame()
        if not frame.plot.contains(pos):
            return None
        for label in reversed(frame.labels):
            if label.selected and label.rect.contains(pos):
                return label
        for mark in itertools.chain(reversed(frame.on_top), reversed(frame.marks)):
            if mark.rect.adjusted(-3, -3, 3, 3).contains(pos):
                return mark
        return next((label for label in reversed(frame.labels) if label.rect.contains(pos)),
                    None)

    def _hint_link(self, pos: QPointF) -> HintLink | None:
        return next((link for hint in self._frame().hints for link in hint.links
                     if link.rect.contains(pos)), None)

    def show_hinted(self, link: HintLink) -> None:
        """Pan, keeping the zoom, to the nearest of a lane's events the hint points at."""
        span = self._view[1] - self._view[0]
        start = link.day - span * 0.1 if link.later else link.day - span * 0.9
        self._apply_view(start, start + span)

    def show_hidden(self, later: bool) -> bool:
        """Shift+Right / Shift+Left, the lane hints' "N later →" / "← N earlier" from the
        keyboard: pan to the nearest event that way of the lanes with nothing in view. False
        when no lane hints that way."""
        links = [link for hint in self._frame().hints for link in hint.links
                 if link.later == later]
        if not links:
            return False
        pick = min if later else max
        self.show_hinted(pick(links, key=lambda link: link.day))
        return True

    def _click(self, pos: QPointF) -> None:
        hit = self._hit(pos)
        link = self._hint_link(pos) if hit is None else None
        if link is not None:
            self.show_hinted(link)
        elif isinstance(hit, Mark) and hit.kind == "cluster":
            self._zoom_to_cluster(hit)
        elif hit is not None:
            self.eventClicked.emit(hit.item.event.id)

    def _zoom_to_cluster(self, mark: Mark) -> None:
        """Show the cluster's events spread out; at the closest zoom, choose the first one."""
        first = mark.source.anchors[mark.first]
        last = mark.source.last_end(mark.first, mark.stop)
        current = self._view[1] - self._view[0]
        if current <= MIN_SPAN_DAYS * 1.001:
            self.eventClicked.emit(mark.item.event.id)
            return
        span = min(max((last - first) * 1.6, MIN_SPAN_DAYS), current / 2)
        middle = (first + last) / 2
        self._apply_view(middle - span / 2, middle + span / 2)

    def _center_on_minimap(self, x: float) -> None:
        frame = self._frame()
        low, high = self._data.bounds if self._data else self._view
        day = low + (x - frame.minimap.left()) / frame.minimap.width() * (high - low)
        half = (self._view[1] - self._view[0]) / 2
        self._apply_view(day - half, day + half)

    def _tooltip(self, event) -> None:
        """A mark's title and dates; over an era, its whole name (the band may elide it)."""
        pos = QPointF(event.pos())
        hit = self._hit(pos)
        frame = self._frame()
        era = next((box for box in frame.eras
                    if box.band.contains(pos) or box.text and box.label.contains(pos)), None)
        fold = next((box for box in frame.folds if box.left <= pos.x() <= box.right and
                     frame.plot.top() <= pos.y() <= frame.axis.bottom()), None)
        link = self._hint_link(pos) if hit is None else None
        name = next((box for box, lane in zip(frame.lane_names, frame.lanes)
                     if pos.x() < frame.gutter and lane.top() <= pos.y() < lane.bottom()), None)
        if name is not None:
            QToolTip.showText(event.globalPos(), "<p style='white-space:pre'>"
                              f"{html.escape(name.name)}</p>", self,
                              QRectF(0, name.rect.top(), frame.gutter, name.rect.height())
                              .toRect())
        elif link is not None:
            QToolTip.showText(event.globalPos(),
                              "Show them (Shift+Right)" if link.later else
                              "Show them (Shift+Left)", self, link.rect.toRect())
        elif hit is None and fold is not None:
            QToolTip.showText(event.globalPos(), _fold_html(fold.fold), self)
        elif hit is not None:
            QToolTip.showText(event.globalPos(), _tooltip_html(hit), self, hit.rect.toRect())
        elif era is not None:
            QToolTip.showText(event.globalPos(), f"<p>{html.escape(era.name)}</p>", self,
                              era.band.united(era.label).toRect())
        else:
            QToolTip.hideText()
            event.ignore()


def _tooltip_html(hit: Mark | Label) -> str:
    """Rich text only for our own markup; the file's text is escaped so it shows literally."""
    if isinstance(hit, Mark) and hit.kind == "cluster":
        lines = (f"{hit.count} events", hit.dates, "Click to zoom in")
        return "<p style='white-space:pre'>" + "<br>".join(map(html.escape, lines)) + "</p>"
    item = hit.item
    return (f"<p style='white-space:pre'><b>{html.escape(item.event.title)}</b><br>"
            f"{html.escape(item.dates)}</p>")


def _fold_html(fold: Fold) -> str:
    first = format_day(fold.first_day)
    last = format_day(fold.last_day - 1)
    lines = (f"Folded: {first} \u2013 {last}", fold.describe(),
             "Zoom in, or turn off View \u203a Condensed Time Axis, to see it to scale")
    return "<p style='white-space:pre'>" + "<br>".join(map(html.escape, lines)) + "</p>"


def format_day(day: float) -> str:
    date = datetime.date.fromordinal(int(day))
    return f"{date.day} {MONTH_NAMES[date.month - 1]} {date.year}"


def _accessible_marks(frame: Frame) -> list[AccessibleMark]:
    shown: dict[tuple, Mark] = {}
    for mark in frame.marks:
        if (mark.selected or not mark.faded) and mark.rect.intersects(frame.plot):
            shown[mark.key] = mark        # the selected mark, drawn last, replaces its twin
    ordered = sorted(shown.values(), key=lambda mark: (mark.lane, mark.rect.left()))
    return [AccessibleMark(mark.key, mark.name, frame.data.lane_names[mark.lane],
                           mark.rect.intersected(frame.plot).toAlignedRect(),
                           mark.kind == "cluster", mark.selected) for mark in ordered]


def _period_range(period: Period) -> tuple[float, float]:
    """A dense period with margins; a short one is shown with about a month around it."""
    first, last = period.first_day, period.last_day + 1
    span = last - first
    pad = max(span * 0.06, (MIN_PERIOD_DAYS - span) / 2, 1.0)
    return first - pad, last + pad
