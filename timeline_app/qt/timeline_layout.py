"""Where the timeline view draws things, computed without painting anything.

TimelineData holds what is computed once per timeline (events placed on a day axis, sorted
per lane for bisect, eras in rows, dense periods). Frame is one picture's layout for a widget
size, a view range, a filter and a selection: marks, labels, era boxes and ticks. The widget
paints a Frame and answers clicks, tooltips and event_rect() from the same Frame, so what the
user clicks is what was drawn.

The work per frame is bounded by the visible range and by clustering: markers closer than a
few pixels merge into a count badge, found by bisect jumps over the sorted marker days, so a
frame costs about (width / badge width) steps per lane even with 100,000 events.
"""
from __future__ import annotations

import datetime
import itertools
import math
import operator
from bisect import bisect_left
from collections import Counter
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF

from timeline_app.core.dates import MONTH_NAMES, PartialDate, format_range
from timeline_app.core.model import Event, Timeline
from timeline_app.core.periods import Period, dense_periods
from timeline_app.core.time_scale import BURSTY_SAVING, Fold, TimeScale, quiet_folds
from timeline_app.qt.track_colors import OTHER_LANE

SHORT_DAYS = 32                # events longer than this are searched separately (see crossing)
END_BLOCK = 64                 # events per block of LaneEvents' latest ends (see last_end)
MERGE_PX = 8                   # markers closer than this merge into a cluster
MIN_BAR_PX = 6                 # a range narrower than this is drawn as a marker
MINIMAP_PX = 14
RING_PX = 5.5                  # how far the selection ring reaches beyond a mark
MAX_ERA_ROWS = 3
PRECISIONS = ("day", "month", "year")
SHORT_MONTHS = tuple(name[:3] for name in MONTH_NAMES)


# -- data computed once per timeline ----------------------------------------------------------

@dataclass(slots=True)
class Item:
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


def _items(timeline: Timeline, lane_of: dict[str, int], other: int,
           scale: TimeScale) -> list[Item]:
    items = []
    days: dict[tuple, tuple[int, int, int]] = {}     # date -> its first day, day after, rank
    scaled = bool(scale)
    for event in timeline.events:
        date = event.date
        start, end, rank = days.get((date.year, date.month, date.day)) or _days(date, days)
        if event.end:
            _, end, last_rank = _days(event.end, days)
            rank = max(rank, last_rank)
        precision = PRECISIONS[rank]
        point = precision == "day" and end - start == 1
        if scaled:
            start, end = scale.to_u(start), scale.to_u(end)
        items.append(Item(event, lane_of.get(event.track, other), start, end, start,
                           point, precision))
    _spread_same_day(items)
    return items


def _days(date: PartialDate, known: dict[tuple, tuple[int, int, int]]) -> tuple[int, int, int]:
    """A date's first day and the day after its last (ordinals), and its precision's index in
    PRECISIONS; worked out once per date value (a big timeline has many events a day)."""
    key = (date.year, date.month, date.day)
    found = known.get(key)
    if found is None:
        found = known[key] = (date.first_day.toordinal(), date.last_day.toordinal() + 1,
                              PRECISIONS.index(date.precision))
    return found


def _spread_same_day(items: list[Item]) -> None:
    """Markers of one day in one lane share that day's width, so zooming in separates them."""
    counts = Counter((item.lane, item.start) for item in items if item.point)
    seen: Counter = Counter()
    for item in items:
        if item.point:
            key = (item.lane, item.start)
            seen[key] += 1
            item.anchor = item.end = item.start + (item.end - item.start) * seen[key] / (
                counts[key] + 1)


class LaneEvents:
    """One lane's events of one kind (matching the filter or faded), sorted for bisect."""

    def __init__(self, items: list[Item], presorted: bool = False,
                 anchors: list[float] | None = None, ends: list[float] | None = None,
                 long_flags: list[bool] | None = None):
        self.items = items if presorted else sorted(items, key=lambda item: item.anchor)
        self.anchors = anchors if anchors is not None else [item.anchor for item in self.items]
        self.ends = ends if ends is not None else [item.end for item in self.items]
        # Long events get their own index so a view far from them never scans them.
        self.long_flags = long_flags if long_flags is not None else \
            [end - anchor > SHORT_DAYS for anchor, end in zip(self.anchors, self.ends)]
        self.long = list(itertools.compress(range(len(self.items)), self.long_flags))
        self.long_anchors = list(itertools.compress(self.anchors, self.long_flags))
        self.long_max = max(map(operator.sub, itertools.compress(self.ends, self.long_flags),
                                self.long_anchors), default=0)

    def index_of(self, item: Item) -> int | None:
        """Where item is in items, None when it is not there: a bisect, not a dictionary of
        every event built on each filter change."""
        anchors, items = self.anchors, self.items
        k = bisect_left(anchors, item.anchor)
        while k < len(items) and anchors[k] == item.anchor:
            if items[k] is item:
                return k
            k += 1
        return None

    def last_end(self, i: int, j: int) -> float:
        """The latest end among items[i:j] (j > i): a cluster's line runs to it. At most two
        short runs and two blocks' maxima are compared, so a badge holding a whole lane of
        100,000 events costs what one of ten does."""
        ends = self.ends
        if j - i <= 2 * END_BLOCK:
            return max(ends[i:j])
        first, last = -(-i // END_BLOCK), j // END_BLOCK     # the whole blocks inside i:j
        level = (last - first).bit_length() - 1
        maxima = self._block_maxima[level]
        return max(max(ends[i:first * END_BLOCK], default=-math.inf), maxima[first],
                   maxima[last - (1 << level)], max(ends[last * END_BLOCK:j], default=-math.inf))

    @cached_property
    def _block_maxima(self) -> list[list[float]]:
        """Level n: the latest end in each run of 2**n blocks of END_BLOCK events, by first
        block (a sparse table); built when a frame first asks, not on every filter change."""
        ends = self.ends
        levels = [[max(ends[k:k + END_BLOCK]) for k in range(0, len(ends), END_BLOCK)]]
        while 2 ** len(levels) <= len(levels[0]):
            below, step = levels[-1], 2 ** (len(levels) - 1)
            levels.append(list(map(max, below, below[step:])))
        return levels

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


def _era_spans(timeline: Timeline, scale: TimeScale) -> list[_EraSpan]:
    """Eras in start order, each in the first band row free of overlap."""
    spans = sorted((scale.to_u(era.start.first_day.toordinal()),
                    scale.to_u(era.end.last_day.toordinal() + 1), era.name)
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


class TimelineData:
    """What the view needs of a timeline, computed once in set_timeline. Positions are axis
    units of `scale`: days, or with the quiet stretches folded (see condensed())."""

    def __init__(self, timeline: Timeline, scale: TimeScale | None = None):
        self.timeline = timeline
        self.scale = scale if scale is not None else TimeScale()
        lane_of = {track.id: k for k, track in enumerate(timeline.tracks)}
        other = len(timeline.tracks)
        self.items = {item.event.id: item
                      for item in _items(timeline, lane_of, other, self.scale)}
        self.lane_names = [track.name for track in timeline.tracks]
        self.lane_tracks = [track.id for track in timeline.tracks]
        if any(item.lane == other for item in self.items.values()):
            self.lane_names.append(OTHER_LANE)
            self.lane_tracks.append("")
        counts = Counter(item.lane for item in self.items.values())
        # Busier lanes get more rows for labels; the root keeps a quiet lane from vanishing.
        self.lane_weights = [math.sqrt(max(1, counts[k])) for k in range(len(self.lane_names))]
        self.anchors = sorted(item.anchor for item in self.items.values())
        self.eras = _era_spans(timeline, self.scale)
        self.era_rows = 1 + max((era.row for era in self.eras), default=-1)
        self.bounds = self._bounds()
        # Each lane's items in anchor order, sorted once: a filter only splits them.
        self._by_lane: list[list[Item]] = [[] for _ in self.lane_names]
        for item in sorted(self.items.values(), key=lambda item: item.anchor):
            self._by_lane[item.lane].append(item)
        self._unfiltered = [(LaneEvents(items, presorted=True), LaneEvents([], presorted=True))
                            for items in self._by_lane]
        # The same as columns, for lanes() to split with itertools.compress at C speed.
        self._columns = [((lane.items, lane.anchors, lane.ends, lane.long_flags),
                          [item.event.id for item in lane.items])
                         for lane, _ in self._unfiltered]
        if scale is None:
            self.folds = quiet_folds((item.start, item.end) for item in self.items.values())
            self.bursty = self.folds.saving() >= BURSTY_SAVING
            self._condensed = TimelineData(timeline, self.folds) if self.bursty else None
        else:
            self.folds, self.bursty, self._condensed = scale, True, self

    @cached_property
    def periods(self) -> list[Period]:
        """The dense periods (for next/previous period), found when first asked: a load, which
        builds this for both axes, does not need them."""
        return dense_periods(self.timeline)

    def condensed(self) -> TimelineData:
        """The same timeline on the condensed time axis (itself when nothing is quiet)."""
        if not self.folds:
            return self
        if self._condensed is None:
            self._condensed = TimelineData(self.timeline, self.folds)
        return self._condensed

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

    def lanes(self, visible_ids: Collection[str] | None) -> list[tuple[LaneEvents, LaneEvents]]:
        """Per lane: the events that match the filter and the ones drawn faded."""
        if visible_ids is None:
            return self._unfiltered
        lanes = []
        for columns, ids in self._columns:
            keep = list(map(visible_ids.__contains__, ids))    # a loop in C, not in Python
            drop = list(map(operator.not_, keep))
            lanes.append((_selected(columns, keep), _selected(columns, drop)))
        return lanes


def _selected(columns: tuple[list, ...], flags: list[bool]) -> LaneEvents:
    """A lane's events where `flags` is true, from its columns (items, anchors, ends, long)."""
    items, anchors, ends, long_flags = (list(itertools.compress(column, flags))
                                        for column in columns)
    return LaneEvents(items, True, anchors, ends, long_flags)


# -- one frame's layout -------------------------------------------------------------------------

@dataclass(slots=True)
class Mark:
    """A drawn marker, bar or count badge; `first:stop` indexes `source.items`."""
    kind: str                 # "point", "bar" or "cluster"
    rect: QRectF
    lane: int
    source: LaneEvents
    first: int
    stop: int
    faded: bool = False
    selected: bool = False
    extent: float = 0.0       # a cluster: the x where its last event ends

    @property
    def item(self) -> Item:
        return self.source.items[self.first]

    @property
    def count(self) -> int:
        return self.stop - self.first

    @property
    def dates(self) -> str:
        """Its event's dates; a cluster's from its first event to the last end among them."""
        if self.kind != "cluster":
            return self.item.dates
        items = self.source.items[self.first:self.stop]
        # by last day: dates of mixed precision do not compare (2022 against 2022-03)
        last = max((item.event.last for item in items), key=lambda date: date.last_day)
        return format_range(items[0].event.date, last)

    @property
    def name(self) -> str:
        """What a screen reader says: "29 March 2022: Istanbul round …", "12 events, March 2022"."""
        if self.kind == "cluster":
            return f"{self.count} events, {self.dates}"
        return f"{self.dates}: {self.item.event.title}"

    @property
    def key(self) -> tuple:
        """The same for the same mark in every frame."""
        if self.kind == "cluster":
            return ("cluster", self.item.event.id, self.source.items[self.stop - 1].event.id)
        return ("event", self.item.event.id)


@dataclass(slots=True)
class Label:
    rect: QRectF
    text: str
    item: Item
    selected: bool = False


@dataclass(slots=True)
class HintLink:
    """A clickable part of a lane hint: the nearest of its events that way is `day`."""
    rect: QRectF
    text: str
    day: float           # (axis units) where the nearest one starts, or the latest one ends
    later: bool


@dataclass(slots=True)
class LaneHint:
    """Said in a lane with nothing in view: how many of its events lie either side, each side
    a link that pans to them."""
    rect: QRectF
    text: str
    lead: str            # the part before the links
    links: list[HintLink]


@dataclass(slots=True)
class FoldBox:
    """A fold of the condensed axis in view: from x left to right, said as `text`."""
    left: float
    right: float
    text: str
    fold: Fold


@dataclass(slots=True)
class LaneName:
    """A lane's name in the left column, as drawn: one to three lines, in the small font when
    only that spares eliding it."""
    name: str
    lines: list[str]
    small: bool
    rect: QRectF         # the lines' box
    line_h: float


@dataclass(slots=True)
class EraBox:
    band: QRectF
    label: QRectF
    text: str            # the name as shown, maybe elided
    name: str


class Frame:
    """Where everything goes for one widget size, view range, filter and selection."""

    def __init__(self, data: TimelineData | None, view: tuple[float, float],
                 lanes: list[tuple[LaneEvents, LaneEvents]], selected_id: str, font: QFont,
                 size: QSize, title_widths: dict[str, float],
                 badge_widths: dict[str, float] | None = None):
        self.data = data
        self.view = view
        self.font = font
        self.small_font = _scaled_font(font, 0.88)
        self.bold_font = QFont(font)
        self.bold_font.setBold(True)
        self.fm = QFontMetricsF(font)
        self.small_fm = QFontMetricsF(self.small_font)
        self.bold_fm = QFontMetricsF(self.bold_font)
        self.widths = title_widths        # the widget's cache of title widths in `font`
        # by count text: the widget's, kept across frames like title_widths
        self._badge_widths: dict[str, float] = {} if badge_widths is None else badge_widths
        self._geometry(size)
        self._scale()
        self.marks: list[Mark] = []
        self.on_top: list[Mark] = []      # drawn again over the selected mark
        self.labels: list[Label] = []
        self.hints: list[LaneHint] = []
        if data is not None:
            self._events(lanes, selected_id)
        self.eras = self._eras()
        # No timeline or no events: no axis labels, which would name a year nothing is in.
        self.ticks, self.context = self._ticks() if data is not None and data.items else ([], "")
        self.folds = self._folds() if data is not None and data.items else []
        self.axis_labels = self._axis_labels()

    @cached_property
    def lane_names(self) -> list[LaneName]:
        """Each lane's name: on one line when it fits, else wrapped onto the lines the lane has
        room for (up to three), in the small font when the normal one would still cut it;
        elided only when neither fits."""
        if self.data is None:
            return []
        width = self.gutter - 22
        names = []
        for name, lane in zip(self.data.lane_names, self.lanes):
            room = lane.height() - 2
            best = None
            for small, fm in ((False, self.fm), (True, self.small_fm)):
                rows = max(1, min(3, int(room // fm.height())))
                lines = wrap_text(name, fm, width, rows)
                if best is None or " ".join(lines).split() == name.split():
                    best = (lines, small, fm.height())
                if " ".join(lines).split() == name.split():
                    break
            lines, small, line_h = best
            rect = QRectF(lane.left() + 14, lane.top() + 1, width, len(lines) * line_h)
            names.append(LaneName(name, lines, small, rect, line_h))
        return names

    # geometry

    def _geometry(self, size: QSize) -> None:
        fm, pad = self.fm, 4.0
        self.line_h = fm.height()
        self.radius = max(4.0, round(self.line_h * 0.3))
        self.badge_h = round(self.small_fm.height())
        self.badge_max_w = self.small_fm.horizontalAdvance("888") + self.badge_h * 0.6
        names = self.data.lane_names if self.data else []
        widest = max((fm.horizontalAdvance(name) for name in names), default=0.0)
        width, height = float(size.width()), float(size.height())
        self.gutter = min(max(widest + 2 * fm.height(), 7 * self.line_h), 11 * self.line_h)
        if widest + 2 * fm.height() > self.gutter:
            # room, on a wide enough window, for the long names on two lines each
            two_lines = max((_two_line_width(name, fm) for name in names), default=0.0)
            self.gutter = max(self.gutter, min(two_lines + 24, 14 * self.line_h, 0.18 * width))
        plot_w = max(1.0, width - self.gutter - 2 * pad)
        self.minimap = QRectF(self.gutter, height - pad - MINIMAP_PX, plot_w, MINIMAP_PX)
        axis_h = self.small_fm.height() + 8
        self.axis = QRectF(self.gutter, self.minimap.top() - axis_h - 2, plot_w, axis_h)
        self.era_row_h = self.small_fm.height() + 4
        era_rows = self.data.era_rows if self.data else 0
        self.era_band = QRectF(self.gutter, pad, plot_w, era_rows * self.era_row_h)
        top = self.era_band.bottom() + (3 if era_rows else 0)
        self.plot = QRectF(self.gutter, top, plot_w, max(1.0, self.axis.top() - top))
        heights = _lane_heights(self.data.lane_weights if self.data else [1.0],
                                self.plot.height(), 2 * self.line_h + 8)
        tops = itertools.accumulate(heights[:-1], initial=top)
        self.lanes = [QRectF(pad, y, width - 2 * pad, h) for y, h in zip(tops, heights)]

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
        # below the badges and the selection ring, so no label there covers a mark
        first_below = mark_y + max(self.badge_h / 2 + 1, self.line_h / 2, self.radius + RING_PX)
        below = int((self.lanes[lane].bottom() - 2 - first_below) // self.line_h)
        if mark_y + self.line_h / 2 > self.lanes[lane].bottom():
            return []         # a lane too low even for labels beside its marks: none
        return [mark_y - self.line_h / 2] + [first_below + k * self.line_h
                                               for k in range(max(0, below))]

    # events

    def _events(self, lanes, selected_id: str) -> None:
        """Per lane: faded marks under the matching ones, the selected one on top; labels.
        The events a filter leaves out get no badges: among the matches' badges, theirs would
        be told apart only by shade, and a count of what was not asked for helps nobody."""
        selected = self.data.items.get(selected_id)
        for lane, (matching, faded) in enumerate(lanes):
            faded_marks = self._lane_marks(lane, faded, faded=True)
            marks = self._lane_marks(lane, matching, faded=False)
            chosen = self._selected_mark(selected, lane, matching, faded)
            drawn = faded_marks + marks + ([chosen] if chosen else [])
            self.marks += drawn
            if chosen is not None:
                self.on_top = _over_selection(chosen, faded_marks + marks)
            self.labels += _LabelPlacer(self, lane, drawn).place(marks, chosen)
            if not drawn and matching.items:
                self.hints.append(self._lane_hint(lane, matching))

    def _lane_hint(self, lane: int, events: LaneEvents) -> LaneHint:
        """An empty-looking lane says where its events are, so it does not look empty."""
        k_first = bisect_left(events.anchors, self.view[0])
        k_later = bisect_left(events.anchors, self.view[1])
        earlier, later = k_first, len(events.anchors) - k_later
        lead = "No events in view here: "
        parts = ([(f"\u2190 {earlier:,} earlier", events.ends[k_first - 1], False)]
                 if earlier else []) + \
                ([(f"{later:,} later \u2192", events.anchors[k_later], True)] if later else [])
        fm, h = self.small_fm, self.small_fm.height() + 4
        widths = [fm.horizontalAdvance(lead)] + [fm.horizontalAdvance(text) for text, _, _ in parts]
        comma = fm.horizontalAdvance(", ")
        total = sum(widths) + comma * (len(parts) - 1)
        lane_rect = self.lanes[lane]
        x = max(self.plot.left(), self.plot.center().x() - total / 2)
        y = lane_rect.center().y() - h / 2
        rect = QRectF(x, y, total, h)
        links = []
        x += widths[0]
        for (text, day, is_later), width in zip(parts, widths[1:]):
            links.append(HintLink(QRectF(x, y, width, h), text, day, is_later))
            x += width + comma
        return LaneHint(rect, lead + ", ".join(text for text, _, _ in parts), lead, links)

    def _lane_marks(self, lane: int, events: LaneEvents, faded: bool) -> list[Mark]:
        """Crossing bars first, then markers left to right, dense runs merged into clusters."""
        margin = self.badge_days
        first_day, last_day = self.view[0] - margin, self.view[1] + margin
        marks = [self._single(lane, events, k, faded) for k in events.crossing(first_day)]
        anchors, merge_days = events.anchors, self.merge_days
        reach = max(self.badge_days, merge_days)
        i, stop = bisect_left(anchors, first_day), bisect_left(anchors, last_day)
        while i < stop:
            if i + 1 == stop or anchors[i + 1] >= anchors[i] + merge_days:    # none near it
                marks.append(self._single(lane, events, i, faded))
                i += 1
                continue
            j = bisect_left(anchors, anchors[i] + reach, i + 2, stop)
            if not faded:       # left-out events get no badge (see _events)
                marks.append(self._cluster(lane, events, i, j, faded))
            i = j
        return marks

    def _single(self, lane: int, events: LaneEvents, k: int, faded: bool) -> Mark:
        item, y, r = events.items[k], self.mark_y(lane), self.radius
        if item.point or (item.end - item.start) * self.ppd < MIN_BAR_PX:
            x = self.x(item.anchor if item.point else (item.start + item.end) / 2)
            return Mark("point", QRectF(x - r, y - r, 2 * r, 2 * r), lane, events, k, k + 1, faded)
        left = max(self.x(item.start), self.plot.left() - 20)     # no million-pixel bars
        right = min(self.x(item.end), self.plot.right() + 20)
        half = round(0.7 * r)       # thinner than a point, so points stand out on a bar
        return Mark("bar", QRectF(left, y - half, right - left, 2 * half), lane, events, k, k + 1,
                    faded)

    def _cluster(self, lane: int, events: LaneEvents, i: int, j: int, faded: bool) -> Mark:
        h = self.badge_h
        text = count_text(j - i)
        width = self._badge_widths.get(text)
        if width is None:
            width = self._badge_widths[text] = max(
                h, self.small_fm.horizontalAdvance(text) + h * 0.6)
        x, y = self.x(events.anchors[i]), self.mark_y(lane)
        if x < self.plot.left() + h / 2 and events.anchors[j - 1] >= self.view[0]:
            x = self.plot.left() + h / 2      # some of its events are in view: so is the badge
        extent = min(self.x(events.last_end(i, j)), self.plot.right() + 20)
        return Mark("cluster", QRectF(x - h / 2, y - h / 2, width, h), lane, events, i, j,
                     faded, extent=extent)

    def _selected_mark(self, item, lane, matching, faded) -> Mark | None:
        if item is None or item.lane != lane:
            return None
        if item.end < self.day(self.plot.left() - 20) or item.anchor > self.day(
                self.plot.right() + 20):
            return None
        source, k = matching, matching.index_of(item)
        if k is None:
            source, k = faded, faded.index_of(item)
        if k is None:
            return None
        mark = self._single(lane, source, k, False)
        mark.selected = True
        return mark

    # eras and axis

    def _eras(self) -> list[EraBox]:
        """Each era's band and its name inside it (elided in a short one, the tooltip says it
        whole): a name running past its era would seem to name the next stretch of time."""
        if self.data is None:
            return []
        boxes = []
        for era in self.data.eras:
            if era.end < self.view[0] or era.start > self.view[1]:
                continue
            top = self.era_band.top() + era.row * self.era_row_h
            left = max(self.x(era.start), self.plot.left())
            right = min(self.x(era.end), self.plot.right())
            band = QRectF(left, top + 1, max(1.0, right - left), self.era_row_h - 2)
            room = right - left - 8
            text = self.small_fm.elidedText(era.name, Qt.TextElideMode.ElideRight, room)
            if room < self.small_fm.horizontalAdvance("Mmm") or text == "\u2026":
                text = ""
            label = QRectF(left + 4, top, max(0.0, room), self.era_row_h)
            boxes.append(EraBox(band, label, text, era.name))
        return boxes

    def _ticks(self) -> tuple[list[tuple[float, str, bool]], str]:
        """Tick x, label and whether it is a year boundary; the finest unit whose labels fit.
        On a condensed axis, ticks only where time runs to scale: none inside a fold."""
        gap = self.small_fm.height()
        for unit, step, days, sample in _TICK_UNITS:
            if days * self.ppd >= self.small_fm.horizontalAdvance(sample) + gap:
                break
        self.tick_unit = unit
        scale = self.data.scale
        ticks = []
        for first, last in scale.plain_days(*self.view):
            ticks += [(self.x(scale.to_u(day)), _tick_label(unit, date),
                       date.month == 1 and date.day == 1)
                      for day, date in _tick_days(unit, step, first, last)]
        return ticks, _context_label(unit, scale.to_day(self.view[0]))

    def _folds(self) -> list[FoldBox]:
        """The folds in view, each with the longest of its descriptions that fits in it; none
        when not even "7 mo" fits (a lone "≈" said nothing)."""
        boxes = []
        for fold in self.data.scale.folds:
            left, right = self.x(fold.start), self.x(fold.end)
            if right <= self.plot.left() or left >= self.plot.right():
                continue
            short = fold.length_text(short=True)         # "≈ 7 mo"; narrower: "7 mo"
            forms = (fold.describe(), fold.length_text(), short, short.removeprefix("\u2248 "))
            # said in the part in view (a fold running off the edge is still explained)
            room = min(right, self.plot.right()) - max(left, self.plot.left())
            text = next((form for form in forms
                         if self.small_fm.horizontalAdvance(form) + 6 <= room), "")
            boxes.append(FoldBox(left, right, text, fold))
        return boxes

    def _axis_labels(self) -> list[tuple[QRectF, str]]:
        """What the axis says, none over another: the folds' descriptions, the dates on each
        side of a fold (so a break never reads as an even scale), then the ticks' labels."""
        fm, top, h = self.small_fm, self.axis.top() + 3, self.axis.height() - 3
        left_edge, right_edge = self.axis.left(), self.axis.right()
        wanted: list[tuple[float, float, str]] = []        # (left, width, text)
        for box in self.folds:
            if box.text:
                width = fm.horizontalAdvance(box.text)
                left, right = max(box.left, left_edge), min(box.right, right_edge)
                wanted.append(((left + right - width) / 2, width, box.text))
        for box in self.folds:
            before = _edge_label(self.tick_unit, box.fold.first_day - 1)
            after = _edge_label(self.tick_unit, box.fold.last_day)
            width = fm.horizontalAdvance(before)
            wanted.append((box.left - 4 - width, width, before))
            wanted.append((box.right + 4, fm.horizontalAdvance(after), after))
        for x, text, _ in self.ticks:
            wanted.append((x + 3, fm.horizontalAdvance(text), text))
        taken: list[tuple[float, float]] = []
        labels = []
        for left, width, text in wanted:
            right = left + width
            if left < left_edge or right > right_edge or \
                    any(left < r + 6 and right + 6 > l for l, r in taken):
                continue
            taken.append((left, right))
            labels.append((QRectF(left, top, width + 2, h), text))
        return labels


def _over_selection(chosen: Mark, marks: list[Mark]) -> list[Mark]:
    """The marks the selection ring would hide: a neighbour's dot beside a selected dot, the
    badges along a selected bar and a badge holding the selected dot (its count tells that
    other events share the place: hidden, they would seem gone). They are drawn again over
    it, inside the ring."""
    ring = chosen.rect.adjusted(-RING_PX, -RING_PX, RING_PX, RING_PX)
    return [mark for mark in marks if mark.kind != "bar" and mark.rect.intersects(ring)]


def _lane_heights(weights: list[float], total: float, least: float) -> list[float]:
    """Heights in proportion to the weights, none below `least` unless all are."""
    if not weights:
        weights = [1.0]
    if least * len(weights) >= total:
        return [total / len(weights)] * len(weights)
    small: set[int] = set()
    while True:
        share = (total - least * len(small)) / sum(w for k, w in enumerate(weights)
                                                   if k not in small)
        low = {k for k, w in enumerate(weights) if w * share < least} - small
        if not low:
            return [least if k in small else w * share for k, w in enumerate(weights)]
        small |= low


@dataclass(slots=True)
class _Placed:
    """A label being placed: row, left edge, how far it may run, the title's full width."""
    row: int
    left: float
    limit: float
    full: float
    item: Item
    selected: bool = False
    ending: bool = False      # it ends at its place (before or under its mark): a shortened
                              # title keeps that end, not the start

    @property
    def end(self) -> float:
        return self.left + min(self.full, self.limit - self.left)


class _Option(NamedTuple):
    """Where a label could go, and whether it leaves the label before it in its row whole."""
    row: int
    left: float
    limit: float
    whole: bool
    ending: bool = False      # it ends at `limit` (see _Placed.ending)

    @property
    def room(self) -> float:
        return self.limit - self.left


class _LabelPlacer:
    """The labels of one lane, placed left to right so that none overlaps another or a mark.

    Row 0 runs along the marks: a label there sits beside its mark, a gap from it and at least
    twice that from any other mark, so that it reads as its own mark's. The rows below hold no
    marks; a label there starts under its mark or, near the right edge, ends under it when no
    other mark stands above it (else its start would point at that mark). The selected event's
    label is placed first. Every other label takes the first
    place where its whole title fits, else the place with the most room, else a row below whose
    last label can give up room down to a readable minimum; a mark with none of these stays
    unlabelled (its tooltip names it). Last, the labels widen up to the next one in their row.
    """

    def __init__(self, frame: Frame, lane: int, drawn: list[Mark]):
        self.frame = frame
        self.rows = frame.label_rows(lane)
        self.left_edge, self.right_edge = frame.plot.left(), frame.plot.right()
        char = frame.fm.averageCharWidth()
        self.gap, self.min_w, self.max_w = char, 9 * char, 64 * char
        self.apart = 2 * char          # between a label and the marks that are not its own
        spans = sorted(_span(m) for m in drawn)
        self.spans = spans
        self.mark_lefts = [left for left, _ in spans]
        self.reach = list(itertools.accumulate((right for _, right in spans), max))
        self.placed: list[list[_Placed]] = [[] for _ in self.rows]   # each sorted by left
        self.labels: list[Label] = []

    def place(self, marks: list[Mark], chosen: Mark | None) -> list[Label]:
        if not self.rows:
            return []
        if chosen is not None:
            self._place_selected(chosen)
        for mark in sorted(marks, key=lambda m: m.rect.left()):
            if mark.kind != "cluster" and not (chosen and mark.item is chosen.item):
                self._place(mark)
        for entries in self.placed:
            for entry, after in zip(entries, entries[1:] + [None]):
                limit = entry.limit if after is None else min(entry.limit, after.left - self.gap)
                if not entry.selected:
                    self._add(entry, limit - entry.left)
        return self.labels

    def _alone(self, mark: Mark, left: float, right: float) -> bool:
        """No mark but `mark` itself (and its selected twin) between left and right."""
        own = _span(mark)
        k = bisect_left(self.mark_lefts, right)
        j = bisect_left(self.mark_lefts, left)
        if any(span != own for span in self.spans[j:k]):      # these start inside
            return False
        if j == 0 or self.reach[j - 1] <= left:               # none before reaches in
            return True
        if own[0] >= left:
            return False
        o = bisect_left(self.spans, own)                      # before it none may reach in,
        return (o == 0 or self.reach[o - 1] <= left) and \
            all(span == own or span[1] <= left for span in self.spans[o:j])   # nor after it

    def _next_mark(self, x: float) -> float:
        k = bisect_left(self.mark_lefts, x)
        return self.mark_lefts[k] if k < len(self.mark_lefts) else math.inf

    def _neighbours(self, row: int, left: float) -> tuple[_Placed | None, _Placed | None]:
        entries = self.placed[row]
        k = bisect_left(entries, left, key=lambda entry: entry.left)
        return (entries[k - 1] if k else None), (entries[k] if k < len(entries) else None)

    def _place_selected(self, mark: Mark) -> None:
        """Beside its mark where no other mark is near, else in the first row below starting
        or ending under it; in a lane of one row, shortened into the room beside its mark.
        It never covers a mark: where even a short label has no room, the ring alone marks it."""
        title = mark.item.event.title
        full = self.frame.bold_fm.horizontalAdvance(title) + 8
        width = min(full, self.right_edge - self.left_edge)
        gap = max(self.gap, RING_PX + 2)          # clear of its own selection ring
        beside = (mark.rect.right() + gap, mark.rect.left() - gap - width)
        free = [left for left in beside if self.left_edge <= left <= self.right_edge - width
                and self._alone(mark, left - self.apart, left + width + self.apart)]
        if free:
            self._add_selected(0, free[0], width, title, mark)
        elif len(self.rows) > 1:
            under = (max(mark.rect.left(), self.left_edge), mark.rect.right() - width)
            left = next((left for left in under
                         if self.left_edge <= left <= self.right_edge - width),
                        min(max(mark.rect.left(), self.left_edge), self.right_edge - width))
            self._add_selected(1, left, width, title, mark)
        else:
            self._shortened_selected(mark, title, gap)

    def _shortened_selected(self, mark: Mark, title: str, gap: float) -> None:
        """The room right of the mark up to the next one, else left of it back to the last."""
        right_start = mark.rect.right() + gap
        right_room = min(self._next_mark(mark.rect.right() + 0.5) - self.apart,
                         self.right_edge) - right_start
        k = bisect_left(self.mark_lefts, mark.rect.left())
        reach = max((r for (l, r) in self.spans[:k] if _span(mark) != (l, r)), default=-math.inf)
        left_end = mark.rect.left() - gap
        left_room = left_end - max(reach + self.apart, self.left_edge)
        room, left = max((right_room, right_start), (left_room, left_end - left_room))
        fm = self.frame.bold_fm
        text = fm.elidedText(title, Qt.TextElideMode.ElideRight, room - 8)
        if room < self.frame.bold_fm.horizontalAdvance("Mmmm\u2026") + 8 or text in ("", "\u2026"):
            return
        width = fm.horizontalAdvance(text) + 8
        if left != right_start:
            left = left_end - width
        if self._alone(mark, left - self.apart, left + width + self.apart):
            self._add_selected(0, left, width, title, mark)

    def _add_selected(self, row: int, left: float, width: float, title: str, mark: Mark) -> None:
        self.placed[row].append(_Placed(row, left, left + width, width, mark.item, True))
        rect = QRectF(left, self.rows[row], width, self.frame.line_h)
        self.labels.append(Label(rect, title, mark.item, selected=True))

    def _place(self, mark: Mark) -> None:
        if mark.rect.right() <= self.left_edge or mark.rect.left() >= self.right_edge:
            return                                  # out of view: no label for it
        full = self._width(mark.item.event.title)
        need, want = min(full, self.max_w), min(full, self.min_w)
        options = []
        for option in self._options(mark, need):
            if option is None or option.room < want:
                continue
            if option.whole and option.room >= need:
                choice = option             # the first place the whole title fits: no more
                break                       # places need to be looked at
            options.append(option)
        else:
            choice = self._fallback(options)
            if choice is None:
                return
        limit = min(choice.limit, choice.left + self.max_w)
        entries = self.placed[choice.row]
        entries.insert(bisect_left(entries, choice.left, key=lambda entry: entry.left),
                       _Placed(choice.row, choice.left, limit, full, mark.item,
                               ending=choice.ending))

    def _options(self, mark: Mark, need: float) -> Iterator[_Option | None]:
        """The places a label could go, in order of preference."""
        rows = range(len(self.rows))
        yield from (self._starting(mark, row) for row in rows)
        yield from (self._ending(mark, row, need) for row in rows)

    def _fallback(self, options: list[_Option]) -> _Option | None:
        """Where a title that fits nowhere whole goes: the place with the most room that
        leaves the label before it whole, else one whose label before it can be shortened."""
        keeping = [o for o in options if o.whole]
        cutting = [o for o in options if not o.whole and self._can_shorten(o)]
        if keeping:
            return max(keeping, key=lambda o: o.room)
        if cutting:
            return max(cutting, key=lambda o: o.left - self._neighbours(o.row, o.left)[0].left)
        return None

    def _starting(self, mark: Mark, row: int) -> _Option | None:
        """A label starting right of its mark on row 0, under it on the rows below."""
        if row == 0:
            left = mark.rect.right() + self.gap
            if not self.left_edge <= left < self.right_edge - self.min_w or \
                    not self._alone(mark, left - self.apart, left + 1):
                return None
            limit = min(self._next_mark(left) - self.apart, self.right_edge)
        else:
            left, limit = max(mark.rect.left(), self.left_edge), self.right_edge
        before, after = self._neighbours(row, left)
        if after is not None:
            limit = min(limit, after.left - self.gap)
        return _Option(row, left, limit, before is None or before.end + self.gap <= left)

    def _ending(self, mark: Mark, row: int, width: float) -> _Option | None:
        """A whole label ending left of its mark on row 0, under its end on the rows below;
        either way with no other mark above or near its start."""
        right = mark.rect.left() - self.gap if row == 0 else mark.rect.right()
        left = right - width
        if left < self.left_edge or right > self.right_edge or \
                not self._alone(mark, left - self.apart, right + (self.apart if row == 0 else 0)):
            return None
        before, after = self._neighbours(row, left)
        if before is not None and before.end + self.gap > left or \
                after is not None and right + self.gap > after.left:
            return None
        return _Option(row, left, right, True, ending=True)

    def _can_shorten(self, option: _Option) -> bool:
        before, _ = self._neighbours(option.row, option.left)
        return not before.selected and \
            option.left - before.left >= min(before.full, self.min_w) + self.gap

    def _width(self, title: str) -> float:
        width = self.frame.widths.get(title)
        if width is None:
            width = self.frame.widths[title] = self.frame.fm.horizontalAdvance(title)
        return width

    def _add(self, entry: _Placed, width: float) -> None:
        title, fm = entry.item.event.title, self.frame.fm
        if entry.full <= width:           # as elidedText() would say, without asking it
            text, text_width = title, entry.full
        else:
            text = fm.elidedText(title, Qt.TextElideMode.ElideRight, width)
            text_width = fm.horizontalAdvance(text)
            if text_width > width:      # Qt rounds the width it elides to: a pixel too wide
                text = fm.elidedText(title, Qt.TextElideMode.ElideRight, math.floor(width) - 1)
                text_width = fm.horizontalAdvance(text)
        if text and text != "\u2026":
            left = entry.left + width - text_width if entry.ending else entry.left
            rect = QRectF(left, self.rows[entry.row], text_width, self.frame.line_h)
            self.labels.append(Label(rect, text, entry.item))


def _two_line_width(text: str, fm: QFontMetricsF) -> float:
    """The narrowest width in which `text` goes on two lines (one, for a single word)."""
    words = text.split()
    if len(words) < 2:
        return fm.horizontalAdvance(text)
    return min(max(fm.horizontalAdvance(" ".join(words[:k])),
                   fm.horizontalAdvance(" ".join(words[k:]))) for k in range(1, len(words)))


def wrap_text(text: str, fm: QFontMetricsF, width: float, max_lines: int) -> list[str]:
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


def _span(mark: Mark) -> tuple[float, float]:
    """From where to where a mark is drawn: a badge with the line to its last event's end."""
    return mark.rect.left(), max(mark.rect.right(), mark.extent)


def count_text(count: int) -> str:
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

FIRST_ORDINAL, LAST_ORDINAL = 1, datetime.date.max.toordinal()


def _tick_days(unit: str, step: int, first: float, last: float):
    """(ordinal, date) of each tick from first to last day."""
    low = min(max(math.ceil(first), FIRST_ORDINAL), LAST_ORDINAL)
    high = min(max(math.floor(last), FIRST_ORDINAL), LAST_ORDINAL)
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


def _edge_label(unit: str, day: float) -> str:
    """The date at a fold's edge: "31 May 2022" on a scale of days or months (a tick may say
    "May 2022" beside it), "May 2022" on a scale of years."""
    date = datetime.date.fromordinal(min(max(math.floor(day), FIRST_ORDINAL), LAST_ORDINAL))
    month = f"{SHORT_MONTHS[date.month - 1]} {date.year}"
    return month if unit == "year" else f"{date.day} {month}"


def _context_label(unit: str, first: float) -> str:
    """The month or year at the left edge, for ticks that do not name it."""
    date = datetime.date.fromordinal(min(max(math.floor(first), FIRST_ORDINAL), LAST_ORDINAL))
    if unit in ("day", "week"):
        return f"{MONTH_NAMES[date.month - 1]} {date.year}"
    return ""

