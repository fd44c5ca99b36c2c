"""The timeline across the top of the window: one lane per track, eras behind, a time axis.

Everything is painted in paintEvent from one layout (_Frame) built per view change; the same
layout answers clicks, tooltips and event_rect(), so what the user clicks is what was drawn.
The work per frame is bounded by the visible range and by clustering: markers closer than a
few pixels merge into a count badge, found by bisect jumps over the sorted marker days, so a
frame costs about (width / badge width) steps per lane even with 100,000 events.

Default view: after set_timeline() with no previous view, the dense period (core.periods)
that holds the selected event, else the most recent dense period; a fit of everything makes
busy months unreadable when the events cluster in a few seasons years apart. A reload keeps
the view while it still overlaps the events; set_timeline(None) forgets it, so a newly
opened file gets the default view again.
"""
from __future__ import annotations

import datetime
import html
import math
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from timeline_app.core.dates import MONTH_NAMES, format_range
from timeline_app.core.model import Event, Timeline
from timeline_app.core.periods import Period, dense_periods
from timeline_app.qt.track_colors import is_dark, track_color

MIN_SPAN_DAYS = 2.0            # the closest zoom: about two days across the widget
ZOOM_STEP = 1.5                # one + or - key press
WHEEL_ZOOM_STEP = 1.25         # one Ctrl+wheel notch
WHEEL_PAN_FRACTION = 0.1       # one plain wheel notch pans a tenth of the view
MIN_PERIOD_DAYS = 31           # a dense period of one event is shown with a month around it
SHORT_DAYS = 32                # events longer than this are searched separately (see crossing)
MERGE_PX = 8                   # markers closer than this merge into a cluster
MIN_BAR_PX = 6                 # a range narrower than this is drawn as a marker
MINIMAP_PX = 14
MAX_ERA_ROWS = 3
OTHER_LANE = "Other"
PRECISIONS = ("day", "month", "year")
SHORT_MONTHS = tuple(name[:3] for name in MONTH_NAMES)

_STEP_KEYS = {Qt.Key.Key_Left: "previous", Qt.Key.Key_Right: "next",
              Qt.Key.Key_Home: "first", Qt.Key.Key_End: "last"}


# -- data computed once per timeline ----------------------------------------------------------

@dataclass(slots=True)
class _Item:
    """An event placed on the day axis (days are date ordinals; `end` is exclusive)."""
    event: Event
    lane: int
    start: float
    end: float
    anchor: float        # where its marker sits; the sort key for bisect
    point: bool          # a single day: a marker, never a bar
    precision: str       # the coarser precision of its two dates

    @property
    def dates(self) -> str:
        return format_range(self.event.date, self.event.end)


def _items(timeline: Timeline, lane_of: dict[str, int], other: int) -> list[_Item]:
    items = []
    for event in timeline.events:
        start = event.date.first_day.toordinal()
        end = event.last.last_day.toordinal() + 1
        precision = max(event.date.precision, event.last.precision, key=PRECISIONS.index)
        point = precision == "day" and end - start == 1
        items.append(_Item(event, lane_of.get(event.track, other), start, end, start,
                           point, precision))
    _spread_same_day(items)
    return items


def _spread_same_day(items: list[_Item]) -> None:
    """Markers of one day in one lane share that day's width, so zooming in separates them."""
    counts = Counter((item.lane, item.start) for item in items if item.point)
    seen: Counter = Counter()
    for item in items:
        if item.point:
            key = (item.lane, item.start)
            seen[key] += 1
            item.anchor = item.end = item.start + seen[key] / (counts[key] + 1)


class _LaneEvents:
    """One lane's events of one kind (matching the filter or faded), sorted for bisect."""

    def __init__(self, items: list[_Item]):
        self.items = sorted(items, key=lambda item: item.anchor)
        self.anchors = [item.anchor for item in self.items]
        self.ends = [item.end for item in self.items]
        self.position = {item.event.id: k for k, item in enumerate(self.items)}
        # Long events get their own index so a view far from them never scans them.
        self.long = [k for k, item in enumerate(self.items) if item.end - item.anchor > SHORT_DAYS]
        self.long_anchors = [self.anchors[k] for k in self.long]
        self.long_max = max((self.ends[k] - self.anchors[k] for k in self.long), default=0)

    def crossing(self, day: float) -> list[int]:
        """Events starting before `day` and still running at it (bars entering from the left)."""
        ends = self.ends
        near = range(bisect_left(self.anchors, day - SHORT_DAYS), bisect_left(self.anchors, day))
        found = [k for k in near if ends[k] > day]
        lo = bisect_left(self.long_anchors, day - self.long_max)
        hi = bisect_left(self.long_anchors, day - SHORT_DAYS)
        found += [k for k in self.long[lo:hi] if ends[k] > day]
        return sorted(found)


@dataclass(frozen=True, slots=True)
class _EraSpan:
    name: str
    start: float
    end: float
    row: int


def _era_spans(timeline: Timeline) -> list[_EraSpan]:
    """Eras in start order, each in the first band row free of overlap."""
    spans = sorted((era.start.first_day.toordinal(), era.end.last_day.toordinal() + 1, era.name)
                   for era in timeline.eras)
    row_ends: list[float] = []
    result = []
    for start, end, name in spans:
        row = next((r for r, last in enumerate(row_ends) if last <= start), len(row_ends))
        if row == len(row_ends):
            row_ends.append(end)
        row_ends[row] = max(end, start + 1)
        result.append(_EraSpan(name, start, max(end, start + 1), min(row, MAX_ERA_ROWS - 1)))
    return result


class _TimelineData:
    """What the view needs of a timeline, computed once in set_timeline."""

    def __init__(self, timeline: Timeline):
        self.timeline = timeline
        lane_of = {track.id: k for k, track in enumerate(timeline.tracks)}
        other = len(timeline.tracks)
        self.items = {item.event.id: item for item in _items(timeline, lane_of, other)}
        self.lane_names = [track.name for track in timeline.tracks]
        self.lane_tracks = [track.id for track in timeline.tracks]
        if any(item.lane == other for item in self.items.values()):
            self.lane_names.append(OTHER_LANE)
            self.lane_tracks.append("")
        self.anchors = sorted(item.anchor for item in self.items.values())
        self.eras = _era_spans(timeline)
        self.era_rows = 1 + max((era.row for era in self.eras), default=-1)
        self.periods = dense_periods(timeline)
        self.bounds = self._bounds()

    def _bounds(self) -> tuple[float, float]:
        """The range of a view fitted to all events, with margins."""
        if not self.items:
            today = datetime.date.today()
            return (datetime.date(today.year, 1, 1).toordinal(),
                    datetime.date(today.year, 12, 31).toordinal() + 1)
        first = min(item.start for item in self.items.values())
        last = max(item.end for item in self.items.values())
        margin = max((last - first) * 0.03, 2.0)
        return first - margin, last + margin

    def lanes(self, visible_ids: set[str] | None) -> list[tuple[_LaneEvents, _LaneEvents]]:
        """Per lane: the events that match the filter and the ones drawn faded."""
        matching: list[list[_Item]] = [[] for _ in self.lane_names]
        faded: list[list[_Item]] = [[] for _ in self.lane_names]
        for item in self.items.values():
            shown = visible_ids is None or item.event.id in visible_ids
            (matching if shown else faded)[item.lane].append(item)
        return [(_LaneEvents(m), _LaneEvents(f)) for m, f in zip(matching, faded)]


# -- one frame's layout -------------------------------------------------------------------------

@dataclass(slots=True)
class _Mark:
    """A drawn marker, bar or count badge; `first:stop` indexes `source.items`."""
    kind: str                 # "point", "bar" or "cluster"
    rect: QRectF
    lane: int
    source: _LaneEvents
    first: int
    stop: int
    faded: bool = False
    selected: bool = False
    extent: float = 0.0       # a cluster: the x where its last event ends

    @property
    def item(self) -> _Item:
        return self.source.items[self.first]

    @property
    def count(self) -> int:
        return self.stop - self.first


@dataclass(slots=True)
class _Label:
    rect: QRectF
    text: str
    item: _Item
    selected: bool = False


@dataclass(slots=True)
class _EraBox:
    band: QRectF
    label: QRectF
    text: str


class _Frame:
    """Where everything goes for one widget size, view range, filter and selection."""

    def __init__(self, view: TimelineView, size: QSize):
        self.data = view._data
        self.view = view._view
        self.font = view.font()
        self.small_font = _scaled_font(self.font, 0.88)
        self.bold_font = QFont(self.font)
        self.bold_font.setBold(True)
        self.fm = QFontMetricsF(self.font)
        self.small_fm = QFontMetricsF(self.small_font)
        self.widths = view._title_widths
        self._geometry(size)
        self._scale()
        self.marks: list[_Mark] = []
        self.labels: list[_Label] = []
        if self.data is not None:
            self._events(view._lanes, view._selected)
        self.eras = self._eras()
        self.ticks, self.context = self._ticks()

    # geometry

    def _geometry(self, size: QSize) -> None:
        fm, pad = self.fm, 4.0
        self.line_h = fm.height()
        self.radius = max(4.0, round(self.line_h * 0.3))
        self.badge_h = round(self.small_fm.height())
        self.badge_max_w = self.small_fm.horizontalAdvance("888") + self.badge_h * 0.6
        names = self.data.lane_names if self.data else []
        widest = max((fm.horizontalAdvance(name) for name in names), default=0.0)
        self.gutter = min(max(widest + 2 * fm.height(), 7 * self.line_h), 11 * self.line_h)
        width, height = float(size.width()), float(size.height())
        plot_w = max(1.0, width - self.gutter - 2 * pad)
        self.minimap = QRectF(self.gutter, height - pad - MINIMAP_PX, plot_w, MINIMAP_PX)
        axis_h = self.small_fm.height() + 8
        self.axis = QRectF(self.gutter, self.minimap.top() - axis_h - 2, plot_w, axis_h)
        self.era_row_h = self.small_fm.height() + 4
        era_rows = self.data.era_rows if self.data else 0
        self.era_band = QRectF(self.gutter, pad, plot_w, era_rows * self.era_row_h)
        top = self.era_band.bottom() + (3 if era_rows else 0)
        self.plot = QRectF(self.gutter, top, plot_w, max(1.0, self.axis.top() - top))
        count = max(1, len(names))
        lane_h = self.plot.height() / count
        self.lanes = [QRectF(pad, top + k * lane_h, width - 2 * pad, lane_h) for k in range(count)]

    def _scale(self) -> None:
        start, end = self.view
        self.ppd = self.plot.width() / max(end - start, 1e-9)
        self.merge_days = max(MERGE_PX, 2 * self.radius - 1) / self.ppd
        self.badge_days = (self.badge_max_w + 2) / self.ppd

    def x(self, day: float) -> float:
        return self.plot.left() + (day - self.view[0]) * self.ppd

    def day(self, x: float) -> float:
        return self.view[0] + (x - self.plot.left()) / self.ppd

    def mark_y(self, lane: int) -> float:
        return self.lanes[lane].top() + 3 + self.badge_h / 2

    def label_rows(self, lane: int) -> list[float]:
        """Tops of the label rows: row 0 beside the marks, the others below them."""
        mark_y = self.mark_y(lane)
        first_below = mark_y + self.badge_h / 2 + 1
        below = int((self.lanes[lane].bottom() - 2 - first_below) // self.line_h)
        return [mark_y - self.line_h / 2] + [first_below + k * self.line_h
                                               for k in range(max(0, below))]

    # events

    def _events(self, lanes, selected_id: str) -> None:
        selected = self.data.items.get(selected_id)
        for lane, (matching, faded) in enumerate(lanes):
            self.marks += self._lane_marks(lane, faded, faded=True)
        for lane, (matching, faded) in enumerate(lanes):
            chosen = self._selected_mark(selected, lane, matching, faded)
            marks = self._lane_marks(lane, matching, faded=False)
            self.marks += marks
            self.labels += _LabelPlacer(self, lane).place(marks, chosen)
            if chosen is not None:
                self.marks.append(chosen)
        self.labels.sort(key=lambda label: label.selected)   # the selected one on top

    def _lane_marks(self, lane: int, events: _LaneEvents, faded: bool) -> list[_Mark]:
        """Crossing bars first, then markers left to right, dense runs merged into clusters."""
        margin = self.badge_days
        first_day, last_day = self.view[0] - margin, self.view[1] + margin
        marks = [self._single(lane, events, k, faded) for k in events.crossing(first_day)]
        anchors = events.anchors
        i, stop = bisect_left(anchors, first_day), bisect_left(anchors, last_day)
        while i < stop:
            j = bisect_left(anchors, anchors[i] + self.merge_days, i + 1, stop)
            if j == i + 1:
                marks.append(self._single(lane, events, i, faded))
            else:
                j = bisect_left(anchors, anchors[i] + self.badge_days, j, stop)
                marks.append(self._cluster(lane, events, i, j, faded))
            i = j
        return marks

    def _single(self, lane: int, events: _LaneEvents, k: int, faded: bool) -> _Mark:
        item, y, r = events.items[k], self.mark_y(lane), self.radius
        if item.point or (item.end - item.start) * self.ppd < MIN_BAR_PX:
            x = self.x(item.anchor if item.point else (item.start + item.end) / 2)
            return _Mark("point", QRectF(x - r, y - r, 2 * r, 2 * r), lane, events, k, k + 1, faded)
        left = max(self.x(item.start), self.plot.left() - 20)     # no million-pixel bars
        right = min(self.x(item.end), self.plot.right() + 20)
        return _Mark("bar", QRectF(left, y - r, right - left, 2 * r), lane, events, k, k + 1, faded)

    def _cluster(self, lane: int, events: _LaneEvents, i: int, j: int, faded: bool) -> _Mark:
        h = self.badge_h
        width = max(h, self.small_fm.horizontalAdvance(_count_text(j - i)) + h * 0.6)
        x, y = self.x(events.anchors[i]), self.mark_y(lane)
        extent = min(self.x(max(events.ends[i:j])), self.plot.right() + 20)
        return _Mark("cluster", QRectF(x - h / 2, y - h / 2, width, h), lane, events, i, j,
                     faded, extent=extent)

    def _selected_mark(self, item, lane, matching, faded) -> _Mark | None:
        if item is None or item.lane != lane:
            return None
        if item.end < self.day(self.plot.left() - 20) or item.anchor > self.day(
                self.plot.right() + 20):
            return None
        source = matching if item.event.id in matching.position else faded
        mark = self._single(lane, source, source.position[item.event.id], False)
        mark.selected = True
        return mark

    # eras and axis

    def _eras(self) -> list[_EraBox]:
        if self.data is None:
            return []
        boxes = []
        for index, era in enumerate(self.data.eras):
            if era.end < self.view[0] or era.start > self.view[1]:
                continue
            top = self.era_band.top() + era.row * self.era_row_h
            left = max(self.x(era.start), self.plot.left())
            right = min(self.x(era.end), self.plot.right())
            band = QRectF(left, top + 1, max(1.0, right - left), self.era_row_h - 2)
            # The name may run past a short era while its row is free.
            later = [e.start for e in self.data.eras[index + 1:] if e.row == era.row]
            limit = min(self.x(min(later)) if later else math.inf, self.plot.right()) - 4
            room = limit - (left + 4)
            text = self.small_fm.elidedText(era.name, Qt.TextElideMode.ElideRight, room)
            if room < self.small_fm.horizontalAdvance("Mmm") or text == "…":
                text = ""
            boxes.append(_EraBox(band, QRectF(left + 4, top, max(0.0, room), self.era_row_h), text))
        return boxes

    def _ticks(self) -> tuple[list[tuple[float, str, bool]], str]:
        """Tick x, label and whether it is a year boundary; the finest unit whose labels fit."""
        gap = self.small_fm.height()
        for unit, step, days, sample in _TICK_UNITS:
            if days * self.ppd >= self.small_fm.horizontalAdvance(sample) + gap:
                break
        first, last = self.view
        ticks = [(self.x(day), _tick_label(unit, date), date.month == 1 and date.day == 1)
                 for day, date in _tick_days(unit, step, first, last)]
        return ticks, _context_label(unit, first)


class _LabelPlacer:
    """Greedy label placement in one lane: beside the mark if there is room, else in the
    first row below it that is free; then each label grows to the next one in its row."""

    def __init__(self, frame: _Frame, lane: int):
        self.frame = frame
        self.rows = frame.label_rows(lane)
        self.gap = frame.fm.averageCharWidth()
        self.min_w = frame.fm.averageCharWidth() * 9
        self.max_w = frame.fm.averageCharWidth() * 48
        self.free = [-math.inf] * len(self.rows)
        self.below: list[list[list]] = [[] for _ in self.rows]
        self.reserved: tuple[int, float, float] | None = None
        self.labels: list[_Label] = []

    def place(self, marks: list[_Mark], chosen: _Mark | None) -> list[_Label]:
        if chosen is not None:
            self._place_selected(chosen)
        next_left = _suffix_min([m.rect.left() for m in marks][1:] + [math.inf])
        for mark, limit in zip(marks, next_left):
            if mark.kind != "cluster" and not (chosen and mark.item is chosen.item):
                self._place(mark, limit)
        self._grow_rows()
        return self.labels

    def _width(self, title: str) -> float:
        width = self.frame.widths.get(title)
        if width is None:
            width = self.frame.widths[title] = self.frame.fm.horizontalAdvance(title)
        return width

    def _place_selected(self, mark: _Mark) -> None:
        plot = self.frame.plot
        title = mark.item.event.title
        width = min(QFontMetricsF(self.frame.bold_font).horizontalAdvance(title) + 8,
                    plot.width())
        x = mark.rect.right() + self.gap
        if x + width > plot.right():
            x = max(plot.left(), min(mark.rect.left() - self.gap - width, plot.right() - width))
        self.reserved = (0, x, x + width)
        self.labels.append(_Label(QRectF(x, self.rows[0], width, self.frame.line_h), title,
                                  mark.item, selected=True))

    def _blocked(self, row: int, left: float, right: float) -> bool:
        reserved = self.reserved
        return reserved is not None and reserved[0] == row and left < reserved[2] \
            and right > reserved[1]

    def _place(self, mark: _Mark, next_left: float) -> None:
        full = self._width(mark.item.event.title)
        want = min(full, self.min_w)
        left = mark.rect.right() + self.gap
        limit = min(next_left - self.gap, self.frame.plot.right())
        if self.reserved and self.reserved[0] == 0 and self.reserved[1] >= left:
            limit = min(limit, self.reserved[1] - self.gap)
        if limit - left >= want and not self._blocked(0, left, left + want):
            self._add(0, left, min(full, limit - left, self.max_w), mark.item)
            return
        left = max(mark.rect.left(), self.frame.plot.left() + 2)
        for row in range(1, len(self.rows)):
            if self.free[row] <= left and not self._blocked(row, left, left + want):
                self.below[row].append([left, full, mark.item])
                self.free[row] = left + want + self.gap
                return

    def _grow_rows(self) -> None:
        right_edge = self.frame.plot.right()
        for row, entries in enumerate(self.below):
            for k, (left, full, item) in enumerate(entries):
                limit = entries[k + 1][0] - self.gap if k + 1 < len(entries) else right_edge
                self._add(row, left, min(full, limit - left, self.max_w), item)

    def _add(self, row: int, left: float, width: float, item: _Item) -> None:
        text = self.frame.fm.elidedText(item.event.title, Qt.TextElideMode.ElideRight, width)
        if text and text != "…":
            rect = QRectF(left, self.rows[row], width, self.frame.line_h)
            self.labels.append(_Label(rect, text, item))


def _suffix_min(values: list[float]) -> list[float]:
    result, low = [], math.inf
    for value in reversed(values):
        low = min(low, value)
        result.append(low)
    return result[::-1]


def _count_text(count: int) -> str:
    return str(count) if count < 1000 else f"{count // 1000}k"


def _scaled_font(font: QFont, factor: float) -> QFont:
    scaled = QFont(font)
    if font.pointSizeF() > 0:
        scaled.setPointSizeF(font.pointSizeF() * factor)
    else:
        scaled.setPixelSize(max(6, round(font.pixelSize() * factor)))
    return scaled


# -- the time axis -----------------------------------------------------------------------------

# (unit, step, shortest length in days, widest label) from fine to coarse
_TICK_UNITS = (("day", 1, 1, "29 Sep"), ("week", 7, 7, "29 Sep"), ("month", 1, 28, "Sep 2022"),
               ("month", 3, 89, "Sep 2022"), ("year", 1, 365, "2022"), ("year", 2, 730, "2022"),
               ("year", 5, 1826, "2022"), ("year", 10, 3652, "2022"), ("year", 25, 9131, "2022"),
               ("year", 50, 18262, "2022"), ("year", 100, 36524, "2022"),
               ("year", 500, 182621, "2022"), ("year", 1000, 365242, "2022"))

_FIRST_ORDINAL, _LAST_ORDINAL = 1, datetime.date.max.toordinal()


def _tick_days(unit: str, step: int, first: float, last: float):
    """(ordinal, date) of each tick from first to last day."""
    low = min(max(math.ceil(first), _FIRST_ORDINAL), _LAST_ORDINAL)
    high = min(max(math.floor(last), _FIRST_ORDINAL), _LAST_ORDINAL)
    if unit in ("day", "week"):
        if unit == "week":
            low += (1 - low) % 7          # ordinal 1 is a Monday
        for day in range(low, high + 1, step):
            yield day, datetime.date.fromordinal(day)
        return
    start = datetime.date.fromordinal(low)
    if unit == "month":
        months = start.year * 12 + start.month - 1
        months -= months % step
        dates = (datetime.date(m // 12, m % 12 + 1, 1) for m in range(months, 10**9, step))
    else:
        year = max(1, start.year - start.year % step)
        dates = (datetime.date(y, 1, 1) for y in range(year, 9999, step))
    for date in dates:
        day = date.toordinal()
        if day > high:
            return
        if day >= low:
            yield day, date


def _tick_label(unit: str, date: datetime.date) -> str:
    if unit in ("day", "week"):
        return f"{date.day} {SHORT_MONTHS[date.month - 1]}"
    if unit == "month":
        return f"{SHORT_MONTHS[date.month - 1]} {date.year}"
    return str(date.year)


def _context_label(unit: str, first: float) -> str:
    """The month or year at the left edge, for ticks that do not name it."""
    date = datetime.date.fromordinal(min(max(math.floor(first), _FIRST_ORDINAL), _LAST_ORDINAL))
    if unit in ("day", "week"):
        return f"{MONTH_NAMES[date.month - 1]} {date.year}"
    return ""


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
        self.dim = _mix(self.base, self.text, 0.62)
        self.grid = _mix(self.base, self.text, 0.09)
        self.grid_year = _mix(self.base, self.text, 0.22)
        self.lane_alt = _mix(self.base, self.text, 0.035)
        self.era = _alpha(self.highlight, 0.10 if self.dark else 0.06)
        self.era_band = _alpha(self.highlight, 0.30 if self.dark else 0.16)
        self.era_edge = _alpha(self.highlight, 0.65)


class _FramePainter:
    """Draws a _Frame; knows colours and pens, computes no positions of its own."""

    def __init__(self, painter: QPainter, frame: _Frame, colors: _Colors, view: TimelineView):
        self.p, self.f, self.c = painter, frame, colors
        self.timeline = frame.data.timeline if frame.data else None
        self.palette = view.palette()
        self.track_colors: dict[int, QColor] = {}

    def paint(self, has_focus: bool, rect: QRectF) -> None:
        p, f = self.p, self.f
        p.fillRect(rect, self.c.base)
        p.fillRect(QRectF(0, 0, f.gutter, rect.height()), self.c.window)
        self._lanes()
        p.save()
        p.setClipRect(QRectF(f.plot.left(), 0, f.plot.width(), f.plot.bottom()))
        self._era_shading()
        self._grid()
        self._era_band()
        if f.data is not None and not f.data.items:
            self._message("No events")
        self._marks([m for m in f.marks if not m.selected])
        self._labels()
        self._marks([m for m in f.marks if m.selected])
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

    def _message(self, text: str) -> None:
        self.p.setPen(self.c.dim)
        self.p.drawText(self.f.plot, Qt.AlignmentFlag.AlignCenter, text)

    def _lanes(self) -> None:
        for k, lane in enumerate(self.f.lanes):
            if k % 2 == 1:
                self.p.fillRect(QRectF(self.f.plot.left(), lane.top(), self.f.plot.width(),
                                       lane.height()), self.c.lane_alt)

    def _lane_names(self) -> None:
        if self.f.data is None:
            return
        p, f = self.p, self.f
        p.setFont(f.font)
        width = f.gutter - 22
        for k, (name, lane) in enumerate(zip(f.data.lane_names, f.lanes)):
            p.fillRect(QRectF(lane.left() + 4, lane.top() + 4, 4, lane.height() - 8), self.color(k))
            lines = _wrap(name, f.fm, width, max(1, int((lane.height() - 4) // f.line_h)))
            p.setPen(self.c.window_text)
            for n, line in enumerate(lines):
                p.drawText(QRectF(lane.left() + 14, lane.top() + 2 + n * f.line_h, width,
                                  f.line_h), Qt.AlignmentFlag.AlignVCenter, line)
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

    def _marks(self, marks: list[_Mark]) -> None:
        self.p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for mark in marks:
            color = self.color(mark.lane)
            if mark.faded:
                color = _alpha(color, 0.28)
            if mark.kind == "cluster":
                self._badge(mark, color)
            else:
                self._event_mark(mark, color)
        self.p.setRenderHint(QPainter.RenderHint.Antialiasing, False)

    def _event_mark(self, mark: _Mark, color: QColor) -> None:
        p, precision = self.p, mark.item.precision
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
        else:
            p.drawRoundedRect(rect, 3, 3)
        if mark.selected:
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(self.c.base, 2))
            ring = mark.rect.adjusted(-2, -2, 2, 2)
            self._outline(mark, ring)
            p.setPen(QPen(self.c.highlight, 2.5))
            self._outline(mark, ring.adjusted(-2, -2, 2, 2))

    def _outline(self, mark: _Mark, rect: QRectF) -> None:
        if mark.kind == "point":
            self.p.drawEllipse(rect)
        else:
            self.p.drawRoundedRect(rect, 4, 4)

    def _badge(self, mark: _Mark, color: QColor) -> None:
        p, rect = self.p, mark.rect
        if mark.extent > rect.right():
            p.setPen(QPen(color, 2))
            p.drawLine(QLineF(rect.right(), rect.center().y(), mark.extent, rect.center().y()))
        p.setPen(QPen(self.c.base, 1))
        p.setBrush(color)
        p.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        p.setFont(self.f.small_font)
        p.setPen(_readable_on(color))
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, _count_text(mark.count))

    def _labels(self) -> None:
        p, f = self.p, self.f
        p.setPen(self.c.text)
        p.setFont(f.font)
        for label in f.labels:
            if label.selected:
                self._selected_label(label)
            else:
                p.drawText(label.rect, Qt.AlignmentFlag.AlignVCenter, label.text)

    def _selected_label(self, label: _Label) -> None:
        p = self.p
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(QPen(self.c.highlight, 1.5))
        p.setBrush(_alpha(self.c.base, 0.92))
        p.drawRoundedRect(label.rect.adjusted(0, 0, 0, 0), 4, 4)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setFont(self.f.bold_font)
        p.setPen(self.c.text)
        text = QFontMetricsF(self.f.bold_font).elidedText(
            label.text, Qt.TextElideMode.ElideRight, label.rect.width() - 8)
        p.drawText(label.rect.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter, text)
        p.setFont(self.f.font)

    def _axis(self) -> None:
        p, f, axis = self.p, self.f, self.f.axis
        p.setPen(self.c.grid_year)
        p.drawLine(QLineF(axis.left(), axis.top(), axis.right(), axis.top()))
        p.setFont(f.small_font)
        p.setPen(self.c.dim)
        for x, text, _ in f.ticks:
            p.drawLine(QLineF(x, axis.top(), x, axis.top() + 4))
            width = f.small_fm.horizontalAdvance(text)
            if x + 3 + width <= axis.right():
                p.drawText(QRectF(x + 3, axis.top() + 3, width + 2, axis.height() - 3),
                           Qt.AlignmentFlag.AlignVCenter, text)
        if f.context:
            p.setPen(self.c.window_text)
            p.drawText(QRectF(8, axis.top() + 3, f.gutter - 12, axis.height() - 3),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, f.context)

    def _minimap(self) -> None:
        f = self.f
        if f.data is None or not f.data.items:
            return
        p, rect = self.p, f.minimap
        p.fillRect(rect, self.c.lane_alt)
        p.setPen(QPen(self.c.dim, 1))
        p.drawLines(_minimap_lines(f.data, rect))
        first, last = f.data.bounds
        scale = rect.width() / (last - first)
        left = rect.left() + (f.view[0] - first) * scale
        right = rect.left() + (f.view[1] - first) * scale
        shown = QRectF(left, rect.top(), max(3.0, right - left), rect.height())
        p.setPen(QPen(self.c.highlight, 1.5))
        p.setBrush(_alpha(self.c.highlight, 0.18))
        p.drawRect(shown.intersected(rect.adjusted(0, 0, -1, -1)))


def _minimap_lines(data: _TimelineData, rect: QRectF) -> list[QLineF]:
    """One tick per pixel column holding events, taller where there are more."""
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


def _wrap(text: str, fm: QFontMetricsF, width: float, max_lines: int) -> list[str]:
    """Word-wrapped lines, the last one elided when the text needs more lines."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < max_lines - 1:
        line = words.pop(0)
        while words and fm.horizontalAdvance(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    if words:
        lines.append(" ".join(words))
    return [fm.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines]


# -- the widget ------------------------------------------------------------------------------------

class TimelineView(QWidget):
    """A horizontal, zoomable timeline of one Timeline's events."""

    eventClicked = Signal(str)
    stepRequested = Signal(str)
    viewChanged = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._data: _TimelineData | None = None
        self._lanes: list[tuple[_LaneEvents, _LaneEvents]] = []
        self._visible_ids: set[str] | None = None
        self._selected = ""
        self._view: tuple[float, float] = (0.0, 1.0)
        self._has_view = False
        self._frame_cache: _Frame | None = None
        self._title_widths: dict[str, float] = {}
        self._press: QPointF | None = None
        self._press_view = self._view
        self._dragging = False
        self._minimap_drag = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAccessibleName("Timeline")
        self._describe()

    # -- slots and public API --

    def set_timeline(self, timeline: Timeline | None) -> None:
        """Show this timeline; a reload keeps the view while it still overlaps the events."""
        keep = self._has_view and timeline is not None
        self._data = _TimelineData(timeline) if timeline is not None else None
        self._lanes = self._data.lanes(self._visible_ids) if self._data else []
        if self._data is None:
            self._has_view = False
        elif keep and self._overlaps_events(self._view):
            self._apply_view(*self._view)
        else:
            self._apply_view(*self._default_view())
        self._changed()

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

    def set_visible_ids(self, ids: set[str] | None) -> None:
        """Events not in `ids` are drawn faded and unlabelled; None shows all."""
        self._visible_ids = set(ids) if ids is not None else None
        self._lanes = self._data.lanes(self._visible_ids) if self._data else []
        self._changed()

    def view_range(self) -> tuple[float, float]:
        """First and last visible day, as float date ordinals (for QSettings)."""
        return self._view

    def set_view_range(self, start: float, end: float) -> None:
        self._apply_view(float(start), float(end))

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
        """Show the next dense period after the middle of the view; False when there is none."""
        middle = sum(self._view) / 2
        return self._show_period(next((p for p in self.dense_periods() if p.first_day > middle),
                                      None))

    def previous_period(self) -> bool:
        middle = sum(self._view) / 2
        earlier = [p for p in self.dense_periods() if p.last_day + 1 < middle]
        return self._show_period(earlier[-1] if earlier else None)

    def event_rect(self, event_id: str) -> QRectF | None:
        """Where the event is drawn: its marker or bar, or the badge of the cluster holding it;
        None when it is out of view."""
        for mark in reversed(self._frame().marks):
            k = mark.source.position.get(event_id)
            if k is not None and mark.first <= k < mark.stop:
                return QRectF(mark.rect)
        return None

    def x_for_day(self, day: float) -> float:
        """The x (widget coordinates) of the start of a day given as a date ordinal."""
        return self._frame().x(day)

    def day_at_x(self, x: float) -> float:
        return self._frame().day(x)

    def minimumSizeHint(self) -> QSize:
        return QSize(600, 220)

    def sizeHint(self) -> QSize:
        return QSize(1400, 320)

    # -- view state --

    def _limits(self) -> tuple[float, float]:
        return self._data.bounds if self._data else (_FIRST_ORDINAL, _LAST_ORDINAL)

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
            self.viewChanged.emit()

    def _zoom(self, factor: float, x: float | None = None) -> None:
        frame = self._frame()
        anchor = frame.day(x) if x is not None else sum(self._view) / 2
        start, end = self._view
        self._apply_view(anchor - (anchor - start) * factor, anchor + (end - anchor) * factor)

    def _pan_pixels(self, dx: float) -> None:
        days = dx / self._frame().ppd
        self._apply_view(self._view[0] + days, self._view[1] + days)

    def _default_view(self) -> tuple[float, float]:
        periods = self._data.periods
        item = self._data.items.get(self._selected)
        if item is not None:
            holding = [p for p in periods if p.first_day <= item.start <= p.last_day]
            if holding:
                return _period_range(holding[0])
        return _period_range(periods[-1]) if periods else self._data.bounds

    def _show_period(self, period: Period | None) -> bool:
        if period is None:
            return False
        self._apply_view(*_period_range(period))
        return True

    def _overlaps_events(self, view: tuple[float, float]) -> bool:
        low, high = self._data.bounds
        return view[1] > low and view[0] < high and bool(self._data.items)

    def _shows(self, item: _Item) -> bool:
        start, end = self._view
        inset = (end - start) * 0.03
        return item.end > start + inset and item.anchor < end - inset

    def _changed(self) -> None:
        self._frame_cache = None
        self._describe()
        self.update()

    def _frame(self) -> _Frame:
        if self._frame_cache is None:
            self._frame_cache = _Frame(self, self.size())
        return self._frame_cache

    def _describe(self) -> None:
        item = self._data.items.get(self._selected) if self._data else None
        count = len(self._data.items) if self._data else 0
        events = f"{count} events"
        if self._visible_ids is not None and self._data:
            events += f", {sum(1 for i in self._data.items if i in self._visible_ids)} matching"
        selected = f"Selected: {item.event.title}, {item.dates}; " if item else "No selection; "
        self.setAccessibleDescription(selected + events)

    # -- Qt events --

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        _FramePainter(painter, self._frame(), _Colors(self.palette()), self).paint(
            self.hasFocus(), QRectF(self.rect()))
        painter.end()

    def resizeEvent(self, event) -> None:
        self._frame_cache = None
        super().resizeEvent(event)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._title_widths.clear()
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
                   Qt.Key.Key_PageUp: self.previous_period,
                   Qt.Key.Key_PageDown: self.next_period}
        if key in _STEP_KEYS:
            self.stepRequested.emit(_STEP_KEYS[key])
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
            hit = self._hit(pos)
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

    def _hit(self, pos: QPointF) -> _Mark | _Label | None:
        """The topmost mark or label under pos, searched in paint order reversed."""
        frame = self._frame()
        if not frame.plot.contains(pos):
            return None
        for label in reversed(frame.labels):
            if label.selected and label.rect.contains(pos):
                return label
        for mark in reversed(frame.marks):
            if mark.rect.adjusted(-3, -3, 3, 3).contains(pos):
                return mark
        return next((label for label in reversed(frame.labels) if label.rect.contains(pos)),
                    None)

    def _click(self, pos: QPointF) -> None:
        hit = self._hit(pos)
        if isinstance(hit, _Mark) and hit.kind == "cluster":
            self._zoom_to_cluster(hit)
        elif hit is not None:
            self.eventClicked.emit(hit.item.event.id)

    def _zoom_to_cluster(self, mark: _Mark) -> None:
        """Show the cluster's events spread out; at the closest zoom, choose the first one."""
        first = mark.source.anchors[mark.first]
        last = max(mark.source.ends[mark.first:mark.stop])
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
        hit = self._hit(QPointF(event.pos()))
        if hit is None:
            QToolTip.hideText()
            event.ignore()
            return
        QToolTip.showText(event.globalPos(), _tooltip_html(hit), self, hit.rect.toRect())


def _tooltip_html(hit: _Mark | _Label) -> str:
    """Rich text only for our own markup; the file's text is escaped so it shows literally."""
    if isinstance(hit, _Mark) and hit.kind == "cluster":
        items = hit.source.items[hit.first:hit.stop]
        dates = format_range(items[0].event.date, max(i.event.last for i in items))
        lines = (f"{hit.count} events", dates, "Click to zoom in")
        return "<p style='white-space:pre'>" + "<br>".join(map(html.escape, lines)) + "</p>"
    item = hit.item
    return (f"<p style='white-space:pre'><b>{html.escape(item.event.title)}</b><br>"
            f"{html.escape(item.dates)}</p>")


def _period_range(period: Period) -> tuple[float, float]:
    """A dense period with margins; a short one is shown with about a month around it."""
    first, last = period.first_day, period.last_day + 1
    span = last - first
    pad = max(span * 0.06, (MIN_PERIOD_DAYS - span) / 2, 1.0)
    return first - pad, last + pad
