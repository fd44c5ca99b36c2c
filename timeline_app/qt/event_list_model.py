"""The events of a timeline as a two-column table (date, title), narrowed by an EventFilter."""
from __future__ import annotations

import html
from bisect import bisect_left

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import (QColor, QFont, QFontMetrics, QGuiApplication, QPainter, QPalette,
                           QPen, QPixmap)

from timeline_app.core.dates import format_range
from timeline_app.core.model import Event, Timeline
from timeline_app.core.search import EventFilter, Found, SearchIndex
from timeline_app.qt.track_colors import track_color

EVENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
DATE_COLUMN, TITLE_COLUMN = 0, 1
_HEADERS = ("Date", "Title")

# Plain ints: data() runs for every role of every visible cell on each paint.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_FONT = int(Qt.ItemDataRole.FontRole)
SIMILAR_NOTE = "Found by a similar spelling"


def track_swatch(color: QColor, ring: QColor, side: int, device_pixel_ratio: float) -> QPixmap:
    """A round dot of a track's colour in a thin ring, so it stands out on any background,
    the selected row's highlight (often a blue much like a track's) included."""
    pixmap = QPixmap(round(side * device_pixel_ratio), round(side * device_pixel_ratio))
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(ring, side / 10))
    painter.setBrush(color)
    inset = side * 0.1
    painter.drawEllipse(inset, inset, side - 2 * inset, side - 2 * inset)
    painter.end()
    return pixmap


class EventListModel(QAbstractTableModel):
    """The events kept by the current filter, in date order: exact matches first, then those
    found by a similar spelling (in italics).

    This is our equivalent of a QSortFilterProxyModel: instead of a proxy calling a Python
    filterAcceptsRow once per source row, the Qt-free SearchIndex computes the kept
    positions in one pass and the model is reset, which is many times faster at 10,000+
    events and keeps the date order for free.
    """

    def __init__(self, timeline: Timeline | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._timeline: Timeline | None = None
        self._index: SearchIndex | None = None
        self._filter = EventFilter()
        self._found = Found(exact=[])
        self._rows: list[int] = []          # positions in timeline.events: exact, similar
        self._exact = 0                     # how many rows are exact matches (ascending each)
        self._ids: list[str] = []           # of every event, by position
        self._position_of: dict[str, int] = {}
        self._palette = QGuiApplication.palette()
        self._swatches: dict[str, QPixmap] = {}
        self.set_timeline(timeline)

    # --- what the pane calls -------------------------------------------------------------

    def set_timeline(self, timeline: Timeline | None, event_filter: EventFilter | None = None,
                     index: SearchIndex | None = None) -> None:
        """Show another timeline (or none) through this filter (default: the current one),
        searched with `index` when one was made for it already. Without one, an index is
        made when the filter first needs it (see set_search_index): no filter lists every
        event in date order, so a big file is shown without waiting for its index."""
        self.beginResetModel()
        if event_filter is not None:
            self._filter = event_filter
        self._timeline = timeline
        self._index = index if timeline is not None and index is not None \
            and index.timeline is timeline else None
        self._ids = [event.id for event in timeline.events] if timeline else []
        self._position_of = {event_id: i for i, event_id in enumerate(self._ids)}
        self._swatches.clear()
        self._take(self._search(self._filter))
        self.endResetModel()

    def set_filter(self, event_filter: EventFilter) -> None:
        found = self._search(event_filter)
        self._filter = event_filter
        if found.positions == self._rows and len(found.exact) == self._exact:
            self._found = found
            return      # e.g. a trailing space: no reset, so the view keeps its scroll and selection
        self.beginResetModel()
        self._take(found)
        self.endResetModel()

    def set_search_index(self, index: SearchIndex) -> None:
        """The search index made for the timeline shown (on a worker thread), when it comes
        after the timeline; one for another timeline is ignored."""
        if self._index is None and self._timeline is not None and index.timeline is self._timeline:
            self._index = index

    def has_search_index(self) -> bool:
        return self._index is not None

    def found(self) -> Found:
        """What the current filter found (how the query was read, a suggestion)."""
        return self._found

    def set_palette(self, palette: QPalette) -> None:
        """Track colours are lighter on a dark palette: redraw the swatches for this one."""
        self._palette = palette
        self._swatches.clear()
        if self._rows:
            self.dataChanged.emit(self.index(0, DATE_COLUMN),
                                  self.index(len(self._rows) - 1, DATE_COLUMN),
                                  [Qt.ItemDataRole.DecorationRole])

    def row_of(self, event_id: str) -> int:
        """The row showing the event, -1 when it is filtered out or unknown.

        O(log n) by bisecting the sorted positions, instead of a dict rebuilt on every
        filter change: that rebuild would cost more per keystroke than all the lookups.
        """
        position = self._position_of.get(event_id, -1)
        if position < 0:
            return -1
        rows = self._rows
        for low, high in ((0, self._exact), (self._exact, len(rows))):
            row = bisect_left(rows, position, low, high)
            if row < high and rows[row] == position:
                return row
        return -1

    def is_similar(self, row: int) -> bool:
        """Whether the row was found by a similar spelling rather than as typed."""
        return row >= self._exact

    def event_at(self, row: int) -> Event | None:
        if 0 <= row < len(self._rows):
            return self._timeline.events[self._rows[row]]
        return None

    def visible_ids(self) -> list[str]:
        return list(map(self._ids.__getitem__, self._rows))    # asked for on every keystroke

    def total_count(self) -> int:
        return len(self._timeline.events) if self._timeline else 0

    def visible_count(self) -> int:
        return len(self._rows)

    def track_swatch(self, track_id: str) -> QPixmap:
        """The dot for a track, cached: one pixmap per track, not one per row."""
        swatch = self._swatches.get(track_id)
        if swatch is None:
            side = QFontMetrics(QGuiApplication.font()).height()
            color = track_color(self._timeline, track_id, self._palette)
            ring = self._palette.color(QPalette.ColorRole.Base)
            swatch = track_swatch(color, ring, side, QGuiApplication.instance().devicePixelRatio())
            self._swatches[track_id] = swatch
        return swatch

    # --- QAbstractTableModel -------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        event = self._timeline.events[self._rows[index.row()]]
        column = index.column()
        if role == _DISPLAY:
            return format_range(event.date, event.end) if column == DATE_COLUMN else event.title
        if role == _DECORATION:
            return self.track_swatch(event.track) if column == DATE_COLUMN else None
        if role == EVENT_ID_ROLE:
            return event.id
        if role == _TOOLTIP:
            return self._tooltip(event, index.row() >= self._exact)
        if role == _ACCESSIBLE:
            return self._accessible_text(event, column, index.row())
        if role == _FONT and index.row() >= self._exact:
            return self._similar_font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if (orientation == Qt.Orientation.Horizontal and role == _DISPLAY
                and 0 <= section < len(_HEADERS)):
            return _HEADERS[section]
        return None

    # --- helpers -------------------------------------------------------------------------

    def _search(self, event_filter: EventFilter) -> Found:
        if self._timeline is None:
            return Found(exact=[])
        if not event_filter.is_active:      # what the index would find: every event, in order
            return Found(exact=list(range(len(self._timeline.events))))
        if self._index is None:             # the one made on a worker has not come (yet)
            self._index = SearchIndex(self._timeline)
        return self._index.search(event_filter)

    def _take(self, found: Found) -> None:
        self._found = found
        self._rows = found.positions
        self._exact = len(found.exact)

    @property
    def _similar_font(self) -> QFont:
        font = QFont(QGuiApplication.font())
        font.setItalic(True)
        return font

    def _track_name(self, event: Event) -> str:
        track = self._timeline.track(event.track) if event.track else None
        return track.name if track else ""

    def _tooltip(self, event: Event, similar: bool) -> str:
        # Tooltips guess rich text from the first tag they see, so the text is rich on
        # purpose and every field from the file is escaped: '<b>x</b>' in a title shows as is.
        lines = [f"<b>{html.escape(event.title)}</b>",
                 html.escape(format_range(event.date, event.end))]
        track = self._track_name(event)
        if track:
            lines[-1] += f" \N{MIDDLE DOT} {html.escape(track)}"
        if similar:
            lines.append(f"<i>{SIMILAR_NOTE}</i>")
        return "<br>".join(lines)

    def _accessible_text(self, event: Event, column: int, row: int) -> str:
        if column == TITLE_COLUMN:
            return f"{event.title} ({SIMILAR_NOTE.lower()})" if row >= self._exact \
                else event.title
        # The dot's colour is the only sign of the track on screen: say it for screen readers.
        date = format_range(event.date, event.end)
        track = self._track_name(event)
        return f"{date}, track: {track}" if track else date
