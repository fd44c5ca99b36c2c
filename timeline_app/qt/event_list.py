"""The event list pane: a search box, filter chips, a count and the list of matching events."""
from __future__ import annotations

import html
import time
from collections import Counter, deque
from typing import TYPE_CHECKING

from PySide6.QtCore import (QEvent, QItemSelectionModel, QModelIndex, QObject, QPoint, QRect,
                            QSignalBlocker, QSize, Qt, QTimer, Signal)
from PySide6.QtGui import QIcon, QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QLayout, QLayoutItem,
                               QLineEdit, QMenu, QStyle, QTableView, QToolButton, QVBoxLayout,
                               QWidget)

from timeline_app.core.dates import format_range
from timeline_app.core.model import Timeline
from timeline_app.core.search import EventFilter, Found, SearchIndex
from timeline_app.qt.event_list_model import DATE_COLUMN, EventListModel
from timeline_app.qt.resources import show_focus
from timeline_app.qt.selection import STEP_KEYS
from timeline_app.qt.track_colors import OTHER_LANE

if TYPE_CHECKING:
    from timeline_app.qt.live_validator import Checked

SEARCH_PLACEHOLDER = "Search words, names, dates (May 2025)\u2026  (Ctrl+F or /)"
NO_MATCH_TEXT = "No events match \u2014 Esc clears the search"
NO_MATCH_IN_FILTERS = "No events with these filters \u2014 Esc clears them"
NO_EVENTS_TEXT = "No events"
LOADING_TEXT = "Loading\u2026"
TAGS_BUTTON_TEXT = "Tags \u25be"

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_DATE_COLUMN_MAX_EMS = 15   # a rare very long date range is elided rather than squeezing titles
# Filtering runs on every keystroke while it is fast (with what the window does with the
# result, such as fading the timeline's other events: ~15 ms at 10,000 events). When it is
# slow (100,000 events, a slow machine), keystrokes are gathered until the user pauses, so the
# typed letters never lag behind the keyboard. Slow means: two of the last three filterings
# took longer than this, or the last one took three times as long. A single hiccup (another
# program busy, a garbage collection) is not enough: it would hold back the next keystroke's
# results for a whole pause.
_SLOW_FILTER_SECONDS = 0.03
_VERY_SLOW_FILTER_SECONDS = 3 * _SLOW_FILTER_SECONDS
_FILTERINGS_WEIGHED = 3
_TYPING_PAUSE_MS = 150
# Until a filtering of the file shown has been timed, one this big counts as slow: its first
# keystroke would otherwise hold the window for a third of a second at 100,000 events.
_SLOW_FROM_EVENTS = 30_000
# A timeline this big (a file loaded on a worker), given with its views' data but without
# its search index, gets the index from that worker a moment later (0.3 s at 10,000 events,
# a few seconds at 100,000): filtering waits for it rather than making a second one on the
# GUI thread, which would hold the window as long. If none has come after this long, the
# pane makes its own.
_WAIT_FOR_INDEX_FROM = 5_000
_INDEX_WAIT_MS = 15_000
INDEX_COMING_TEXT = "Getting the search ready\u2026"


def _button_text(text: str) -> str:
    """Button and menu texts treat '&' as a shortcut marker; file text must show as written."""
    return text.replace("&", "&&")


def _plain_tooltip(text: str) -> str:
    # A tooltip that looks like HTML is rendered as HTML: make it rich on purpose, escaped.
    return f"<p>{html.escape(text)}</p>"


class _FlowLayout(QLayout):
    """Left to right, wrapping onto a new line when the pane is too narrow for every chip."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, move: bool) -> int:
        x, y, line_height = rect.x(), rect.y(), 0
        spacing = self.spacing()
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint().boundedTo(QSize(rect.width(), 10_000))
            if x > rect.x() and x + hint.width() > rect.right() + 1:
                x, y, line_height = rect.x(), y + line_height + spacing, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y()


class _LineHolder(QWidget):
    """A line of the pane holding its widgets outside of any layout, so that their changes of
    size hint cost no layout: a label, a button after it shown at times ("Did you mean …?")
    and a widget at the right end (the Tags button, on a line that is always there).

    The count label's text changes with almost every keystroke. In the pane's layout, each
    change asks for a new layout, and Qt passes that request up through every parent to the
    main window, which then repaints the whole pane, list and chips included. Here the label
    is only repainted. The line is as tall as its tallest widget and never narrower than
    `widest` beside the widget at the end.
    """

    def __init__(self, label: QLabel, widest: str, parent: QWidget,
                 button: QToolButton, end: QWidget):
        super().__init__(parent)
        label.setParent(self)
        self._label = label
        self._widest = widest
        self._button = button
        self._end = end
        self._text = ""
        button.setParent(self)
        button.hide()
        end.setParent(self)
        self.refit()

    def set_text(self, text: str) -> None:
        """Show this text, elided (whole in the tooltip) when the line is too narrow."""
        self._text = text
        self._place()

    def show_button(self, text: str) -> None:
        """Show the button after the label with this text ("": hide it)."""
        self._button.setText(text)
        self._button.setVisible(bool(text))
        self._place()

    def _place(self) -> None:
        metrics = self._label.fontMetrics()
        spacing = metrics.averageCharWidth()
        end = self._end.sizeHint()
        self._end.setGeometry(self.width() - end.width(), (self.height() - end.height()) // 2,
                              end.width(), end.height())
        width, height = self.width() - end.width() - spacing, self.height()
        label_width = width
        if self._button.isVisible():
            label_width = min(metrics.horizontalAdvance(self._text) + spacing, width // 2)
            # as wide as its text: a wider button centres it, far from the count it follows
            self._button.setGeometry(label_width, 0, min(self._button.sizeHint().width(),
                                                         width - label_width), height)
        shown = metrics.elidedText(self._text, Qt.TextElideMode.ElideRight, label_width)
        self._label.setGeometry(0, 0, label_width, height)
        self._label.setText(shown)
        self._label.setToolTip("" if shown == self._text else _plain_tooltip(self._text))

    def refit(self) -> None:
        """Size the line again (its widgets' font or style changed)."""
        margins = self._label.contentsMargins()
        metrics = self._label.fontMetrics()
        end = self._end.sizeHint()
        self.setMinimumWidth(metrics.horizontalAdvance(self._widest) + margins.left()
                             + margins.right() + 2 * self._label.margin() + 1
                             + metrics.averageCharWidth() + end.width())
        self.setFixedHeight(max(self._label.sizeHint().height(), end.height()))
        self._place()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._place()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.refit()
        super().changeEvent(event)


class _BoxHolder(QWidget):
    """Holds the search box outside of any layout, at its full size.

    The box's clear button appears with the first letter typed (and goes with the last one),
    and its focus frame makes it 2 px shorter while it has the focus. In the pane's layout,
    each asks for a new layout, which Qt passes up through every parent to the main window,
    which then lays out and repaints the whole pane, chips and list included, a second time
    in that keystroke. Here the request stops: the holder is as tall as the box has asked
    for since the last change of text size or style, so the box never jumps by 2 px either.
    """

    def __init__(self, box: QLineEdit, parent: QWidget):
        super().__init__(parent)
        box.setParent(self)
        self._box = box
        self._refit(shrink=True)

    def _refit(self, shrink: bool = False) -> None:
        self._box.ensurePolished()      # with its style sheet, whose frame is in its height
        height = self._box.sizeHint().height()
        if shrink or height > self.minimumHeight():
            self.setFixedHeight(height)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self._refit()
            return True
        return super().event(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._refit(shrink=True)
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        self._refit(shrink=True)       # with the window's font

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._box.setGeometry(self.rect())


def count_text(found: Found, event_filter: EventFilter, total: int) -> str:
    """What the count line says: how many events are shown and how the query was read."""
    if not event_filter.is_active:
        return NO_EVENTS_TEXT if not total else "1 event" if total == 1 else f"{total:,} events"
    exact, similar = len(found.exact), len(found.similar)
    period = found.query.period
    searched = bool(event_filter.query.strip())
    if not exact and not similar:
        if period is not None and not found.query.words:
            return f"No events {period.phrase()} \u2014 Esc clears the search"
        return NO_MATCH_TEXT if searched else NO_MATCH_IN_FILTERS
    if period is not None:
        what = f"Events {period.phrase()}" if not found.query.words \
            else f"Matching {period.phrase()}"
        text = f"{what} \N{MIDDLE DOT} {exact:,} of {total:,}"
    else:
        text = f"{exact:,} of {total:,} events"
    if similar and not exact:
        return f"No exact match \N{MIDDLE DOT} {similar:,} similar"
    return f"{text} + {similar:,} similar" if similar else text


class ListFacts:
    """What the pane needs of a whole timeline, found once per timeline (also on the thread
    that checks the editor's text): tag and track counts, and the longest dates."""

    def __init__(self, timeline: Timeline):
        self.timeline = timeline
        events = timeline.events
        self.tag_counts = Counter(tag for event in events for tag in event.tags)
        self.track_counts = Counter(event.track for event in events)
        self.tag_counts_by_track: dict[str, Counter] = {}
        for event in events:
            self.tag_counts_by_track.setdefault(event.track, Counter()).update(event.tags)
        texts = {format_range(*dates) for dates in {(e.date, e.end) for e in events}} or {"Date"}
        # Measuring every text costs ~0.1 s at 100,000 events; the widest is among the longest.
        self.longest_dates = sorted(texts, key=len)[-50:]


class EventListPane(QWidget):
    """Find events by words, tracks and tags; the list's selection is the app's selection."""

    eventClicked = Signal(str)
    stepRequested = Signal(str)
    filterChanged = Signal(object)      # the EventFilter now applied

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Event list")
        self.model = EventListModel(parent=self)
        self._timeline: Timeline | None = None
        self._loading = False       # a file loads: the count line says so while none is shown
        self._filter = EventFilter()
        self._tracks: set[str] = set()          # checked track chips
        self._tags: list[str] = []              # active tags, in the order they were added
        self._tag_counts: Counter = Counter()
        self._facts: ListFacts | None = None
        self._track_chips: dict[str, QToolButton] = {}
        self._tag_chips: list[QToolButton] = []
        self._selected_id = ""
        self._quiet = False                      # True while we move the selection ourselves
        self._filter_seconds: deque[float] = deque(maxlen=_FILTERINGS_WEIGHED)   # latest last
        self._index_coming = False      # a worker is making the search index (see set_timeline)
        self._index_timer = QTimer(self, singleShot=True, interval=_INDEX_WAIT_MS)
        self._index_timer.timeout.connect(self._stop_waiting_for_index)
        self._typing_timer = QTimer(self, singleShot=True, interval=_TYPING_PAUSE_MS)
        self._typing_timer.timeout.connect(self._apply_filter)
        # A new text size reaches the chips (which have a style sheet) after the pane
        self._font_timer = QTimer(self, singleShot=True, interval=0)
        self._font_timer.timeout.connect(self._refit_chips)

        self.search_box = self._make_search_box()
        self._chip_bar = QWidget(self)
        self._chip_bar.setAccessibleName("Filters")
        self._chip_layout = _FlowLayout(self._chip_bar)
        self._chip_layout.setSpacing(self.fontMetrics().height() // 3)
        self._tags_button = self._make_tags_button()    # at the end of the count's line
        self.count_label = QLabel(self)
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setAccessibleName("Number of events shown")
        self.suggestion_button = self._make_suggestion_button()
        self._count_line = _LineHolder(self.count_label, NO_MATCH_TEXT, self,
                                       self.suggestion_button, self._tags_button)
        self.view = self._make_view()
        show_focus(self.search_box, self.view)
        self._lay_out()
        self._style_chips()
        self._relayout_chips()
        self._update_count()

    # --- building ------------------------------------------------------------------------

    def _make_search_box(self) -> QLineEdit:
        box = QLineEdit(self)
        box.setPlaceholderText(SEARCH_PLACEHOLDER)
        box.setClearButtonEnabled(True)
        box.setAccessibleName("Search events")
        box.textChanged.connect(self._on_query_edited)
        box.installEventFilter(self)
        return box

    def _make_suggestion_button(self) -> QToolButton:
        """"Did you mean …?": a link-like button; a click or Space (Tab reaches it from the
        search box) puts the suggested words in the search box."""
        button = QToolButton(self)
        button.setAutoRaise(True)
        button.setAccessibleName("Did you mean")
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.setStyleSheet("QToolButton { color: palette(link); text-decoration: underline;"
                             " border: none; padding: 0px; text-align: left; }"
                             "QToolButton:focus { border: 1px solid palette(highlight); }")
        button.clicked.connect(self._accept_suggestion)
        return button

    def _make_tags_button(self) -> QToolButton:
        button = self._chip(TAGS_BUTTON_TEXT, "Show only events with these tags", "Filter by tag")
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        menu.setAccessibleName("Tags")
        menu.triggered.connect(lambda action: self._toggle_tag(action.data()))
        button.setMenu(menu)
        return button

    def _make_view(self) -> QTableView:
        # A QTableView dressed as a list rather than a QTreeView: after every model reset a
        # tree view lays out all rows, calling the Python rowCount/columnCount twice per row
        # (35 ms at 10,000 rows); a table view with fixed row heights only asks for what it shows.
        view = QTableView(self)
        view.setModel(self.model)
        view.setAccessibleName("Events")
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setAlternatingRowColors(True)
        view.setShowGrid(False)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.setTabKeyNavigation(False)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Always there (disabled when every row fits): a scroll bar that came and went as the
        # results grew past a page or shrank below it made the titles' column narrower or
        # wider, and the list was painted again in that keystroke.
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self._set_up_headers(view)
        view.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        view.installEventFilter(self)
        return view

    def _set_up_headers(self, view: QTableView) -> None:
        rows = view.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        row_height = round(self.fontMetrics().height() * 1.6)
        rows.setMinimumSectionSize(row_height)
        rows.setDefaultSectionSize(row_height)
        columns = view.horizontalHeader()
        columns.setHighlightSections(False)
        columns.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        columns.setSectionResizeMode(DATE_COLUMN, QHeaderView.ResizeMode.Interactive)
        columns.setStretchLastSection(True)

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        margin = self.fontMetrics().height() // 2
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(margin)
        layout.addWidget(_BoxHolder(self.search_box, self))
        layout.addWidget(self._chip_bar)
        layout.addWidget(self._count_line)
        layout.addWidget(self.view, 1)

    def _chip(self, text: str, tooltip: str, accessible_name: str) -> QToolButton:
        chip = QToolButton(self._chip_bar)
        chip.setProperty("chip", True)
        chip.setText(text)
        chip.setToolTip(_plain_tooltip(tooltip))
        chip.setAccessibleName(accessible_name)
        chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        chip.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return chip

    def _style_chips(self) -> None:
        # Pills drawn from the palette, so light and dark themes both read; a thicker border
        # (with 1 px less padding, so nothing moves) shows keyboard focus.
        pad_v, pad_h = max(2, self.fontMetrics().height() // 6), self.fontMetrics().height() // 2
        sheet = f"""
            QToolButton[chip="true"] {{ border: 1px solid palette(mid); border-radius: 0.75em;
                padding: {pad_v}px {pad_h}px; background: palette(base); color: palette(text); }}
            QToolButton[chip="true"]:hover {{ border-color: palette(highlight); }}
            QToolButton[chip="true"]:checked, QToolButton[active="true"] {{
                background: palette(highlight); color: palette(highlighted-text);
                border-color: palette(highlight); }}
            QToolButton[chip="true"]:focus {{ border: 2px solid palette(highlight);
                padding: {pad_v - 1}px {pad_h - 1}px; }}
            QToolButton[chip="true"]:checked:focus, QToolButton[active="true"]:focus {{
                border-color: palette(text); }}
            QToolButton[chip="true"]::menu-indicator {{ image: none; width: 0px; }}
        """
        self._chip_bar.setStyleSheet(sheet)
        self._tags_button.setStyleSheet(sheet)      # on the count's line, outside the bar
        self._count_line.refit()

    # --- public slots --------------------------------------------------------------------

    def set_timeline(self, timeline: Timeline | None, prepared: Checked | None = None) -> None:
        """Show this timeline (with its facts and search index when the check `prepared`
        them); the query and the chips that still apply are kept."""
        if self.model.total_count() != (len(timeline.events) if timeline else 0):
            self._filter_seconds.clear()    # another file: its filterings are yet to be timed
        self._timeline = timeline
        facts = prepared.list_facts if prepared is not None else None
        if timeline is not None and (facts is None or facts.timeline is not timeline):
            facts = ListFacts(timeline)
        self._facts = facts if timeline is not None else None
        self._tag_counts = self._facts.tag_counts if self._facts else Counter()
        self._tracks &= {track.id for track in timeline.tracks} | {""} if timeline else set()
        self._tags = [tag for tag in self._tags if tag in self._tag_counts]
        scroll = self.view.verticalScrollBar().value()
        index = prepared.search_index if prepared is not None else None
        self._index_timer.stop()
        self._index_coming = (timeline is not None and prepared is not None and index is None
                              and len(timeline.events) >= _WAIT_FOR_INDEX_FROM)
        new_filter = self._wanted_filter()
        if self._waits_for_index(new_filter):
            new_filter = EventFilter()      # every event, until the index comes
        self.model.set_timeline(timeline, new_filter, index)  # first: the chips take its colours
        self._rebuild_track_chips()
        self._rebuild_tag_menu()
        self._rebuild_tag_chips()
        self._size_date_column()
        self._after_filtering(new_filter)
        if self.model.row_of(self._selected_id) < 0:
            self.view.verticalScrollBar().setValue(scroll)

    def search_index_coming(self) -> bool:
        """A worker is making the search index of the timeline shown (the first searches
        wait for it); False once it is here, and for a timeline that makes its own."""
        return self._index_coming and not self.model.has_search_index()

    def set_search_index(self, index: SearchIndex) -> None:
        """The search index of the timeline shown, made on a worker after the timeline was
        given without one; what was typed meanwhile is applied now."""
        self.model.set_search_index(index)
        if self.model.has_search_index():
            self._stop_waiting_for_index()

    def set_selected(self, event_id: str) -> None:
        """Select and reveal the event if it is listed, else select nothing. Emits nothing."""
        self._selected_id = event_id
        self._show_selected()

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def clear_filters(self) -> None:
        """Empty the search box and uncheck every chip, as one filter change."""
        with QSignalBlocker(self.search_box):
            self.search_box.clear()
        self._tracks.clear()
        for chip in self._track_chips.values():
            with QSignalBlocker(chip):
                chip.setChecked(False)
        self._tags.clear()
        self._rebuild_tag_menu()
        self._rebuild_tag_chips()
        self._apply_filter()

    def add_tag_filter(self, tag: str) -> None:
        """Keep only events with this tag too (from a tag the user clicked in the detail)."""
        if tag in self._tag_counts and tag not in self._tags:
            self._toggle_tag(tag)

    def current_filter(self) -> EventFilter:
        return self._filter

    def visible_ids(self) -> list[str]:
        return self.model.visible_ids()

    def matches(self, event_id: str) -> bool:
        """Whether the event is listed: it matches the search and the chips (every event
        does when nothing filters), exactly or by a similar spelling."""
        return self.model.row_of(event_id) >= 0

    def highlight_terms(self) -> list[str]:
        """The words to mark in an event's text: those typed (not the date, which is not
        written in the text as typed) and the similar spellings the search found."""
        found = self.model.found()
        return [*found.query.words, *found.spellings]

    # --- chips ---------------------------------------------------------------------------

    def _rebuild_track_chips(self) -> None:
        for chip in self._track_chips.values():
            chip.deleteLater()
        self._track_chips = {}
        if not self._timeline:
            return
        counts = self._facts.track_counts
        for track_id, name in self._chip_tracks(counts):
            chip = self._chip(_button_text(name), f"{name} \u2014 {counts[track_id]} events",
                              f"Show only track: {name}")
            chip.setProperty("name", name)
            chip.setCheckable(True)
            chip.setChecked(track_id in self._tracks)
            chip.toggled.connect(lambda checked, t=track_id: self._toggle_track(t, checked))
            self._track_chips[track_id] = chip
        self._refresh_chip_icons()
        self._elide_track_chips()

    def _chip_tracks(self, counts: Counter) -> list[tuple[str, str]]:
        """(track id, name) per chip: the tracks, and the timeline's Other lane (events that
        name no track) when there is one beside them."""
        tracks = [(track.id, track.name) for track in self._timeline.tracks]
        return tracks + ([("", OTHER_LANE)] if tracks and counts[""] else [])

    def _refresh_chip_icons(self) -> None:
        for track_id, chip in self._track_chips.items():
            swatch = self.model.track_swatch(track_id)
            chip.setIcon(QIcon(swatch))
            chip.setIconSize(swatch.deviceIndependentSize().toSize())

    def _elide_track_chips(self) -> None:
        """Long track names are elided so that two chips always fit on a line, never clipped."""
        metrics = self.fontMetrics()
        half_line = (self._chip_bar.width() - self._chip_layout.spacing()) // 2
        shortest = metrics.horizontalAdvance("M") * 6
        for chip in self._track_chips.values():
            shown = chip.text().replace("&&", "&")
            padding = chip.sizeHint().width() - metrics.horizontalAdvance(shown)
            text = metrics.elidedText(chip.property("name"), Qt.TextElideMode.ElideRight,
                                      max(shortest, half_line - padding))
            chip.setText(_button_text(text))

    def _rebuild_tag_menu(self) -> None:
        """Every tag of the timeline, with how many events of the checked tracks (all when
        none is checked) have it; a tag none of them has is greyed out (unless in use)."""
        menu = self._tags_button.menu()
        menu.clear()
        counts = self._tag_counts
        if self._tracks and self._facts:
            by_track = self._facts.tag_counts_by_track
            counts = sum((by_track.get(track, Counter()) for track in self._tracks), Counter())
        for tag in sorted(self._tag_counts):
            action = menu.addAction(_button_text(f"{tag}  ({counts[tag]})"))
            action.setCheckable(True)
            action.setData(tag)
            action.setEnabled(counts[tag] > 0 or tag in self._tags)
        self._tags_button.setEnabled(bool(self._tag_counts))
        self._check_tag_menu()

    def _check_tag_menu(self) -> None:
        for action in self._tags_button.menu().actions():
            action.setChecked(action.data() in self._tags)

    def _rebuild_tag_chips(self) -> None:
        for chip in self._tag_chips:
            chip.deleteLater()
        self._tag_chips = []
        for tag in self._tags:
            chip = self._chip(_button_text(f"{tag}  \u00d7"), f"Stop filtering by tag {tag}",
                              f"Remove tag filter: {tag}")
            chip.setProperty("active", True)
            chip.clicked.connect(lambda _=False, t=tag: self._toggle_tag(t))
            self._tag_chips.append(chip)
        self._check_tag_menu()
        self._relayout_chips()

    def _relayout_chips(self) -> None:
        while self._chip_layout.takeAt(0) is not None:
            pass
        chips = [*self._track_chips.values(), *self._tag_chips]
        for chip in chips:
            self._chip_layout.addWidget(chip)
            chip.show()
        self._fit_chip_bar()
        # Tab follows the reading order (new chips would otherwise come after every pane)
        chain = [self.search_box, self.suggestion_button, *chips, self._tags_button, self.view]
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)

    def _toggle_track(self, track_id: str, checked: bool) -> None:
        if checked:
            self._tracks.add(track_id)
        else:
            self._tracks.discard(track_id)
        self._rebuild_tag_menu()
        self._apply_filter()

    def _toggle_tag(self, tag: str) -> None:
        if tag in self._tags:
            self._tags.remove(tag)
            self._tags_button.setFocus()    # the focused × chip is going away
        else:
            self._tags.append(tag)
        self._rebuild_tag_chips()
        self._apply_filter()

    # --- filtering and selection ---------------------------------------------------------

    def _wanted_filter(self) -> EventFilter:
        return EventFilter(self.search_box.text(), frozenset(self._tracks), frozenset(self._tags))

    def _on_query_edited(self) -> None:
        if self._filtering_is_slow():
            self._typing_timer.start()
        else:
            self._apply_filter()

    def _filtering_is_slow(self) -> bool:
        times = self._filter_seconds
        if not times:
            return self.model.total_count() >= _SLOW_FROM_EVENTS
        return times[-1] > _VERY_SLOW_FILTER_SECONDS or sum(
            seconds > _SLOW_FILTER_SECONDS for seconds in times) >= 2

    def _apply_filter(self) -> None:
        self._typing_timer.stop()
        new_filter = self._wanted_filter()
        if self._waits_for_index(new_filter):
            if not self._index_timer.isActive():
                self._index_timer.start()
            self._count_line.set_text(INDEX_COMING_TEXT)
            return
        if new_filter != self._filter:
            started = time.perf_counter()
            timed = self.model.has_search_index() or not new_filter.is_active
            self.model.set_filter(new_filter)
            self._after_filtering(new_filter)
            if timed:       # (making the index, once, says nothing of the next keystrokes)
                self._filter_seconds.append(time.perf_counter() - started)
        else:
            self._update_count()        # (it may say the search was getting ready)

    def _waits_for_index(self, event_filter: EventFilter) -> bool:
        return (event_filter.is_active and self._index_coming
                and not self.model.has_search_index())

    def _stop_waiting_for_index(self) -> None:
        """The index came, or took too long (the pane makes its own): filter now."""
        self._index_timer.stop()
        self._index_coming = False
        self._apply_filter()

    def _after_filtering(self, new_filter: EventFilter) -> None:
        # The view lays out the new rows now rather than on its zero timer, which would come
        # after the window's repaint and so paint the list a second time (with its scroll bar).
        self.view.executeDelayedItemsLayout()
        # A space typed between words keeps the same events: the window has nothing to redo.
        changed = not new_filter.keeps_same_events(self._filter)
        self._filter = new_filter
        self._update_count()
        self._show_selected()
        if changed:
            self.filterChanged.emit(new_filter)

    def set_loading(self, loading: bool) -> None:
        """A file is loading (or no longer): said on the count line while no timeline is
        shown, rather than "No events"."""
        self._loading = loading
        self._update_count()

    def _update_count(self) -> None:
        found = self.model.found()
        text = count_text(found, self._filter, self.model.total_count())
        if self._loading and self._timeline is None:
            text = LOADING_TEXT
        self._count_line.set_text(text)
        suggestion = found.suggestion
        self._count_line.show_button(_button_text(f"Did you mean \u201c{suggestion}\u201d?")
                                     if suggestion else "")
        self.suggestion_button.setToolTip(
            _plain_tooltip(f"Search for \u201c{suggestion}\u201d instead") if suggestion else "")

    def _accept_suggestion(self) -> None:
        suggestion = self.model.found().suggestion
        if suggestion:
            self.search_box.setText(suggestion)
            self.search_box.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_selected(self) -> None:
        row = self.model.row_of(self._selected_id) if self._selected_id else -1
        selection = self.view.selectionModel()
        self._quiet = True
        try:
            if row < 0:
                selection.clear()
            else:
                index = self.model.index(row, DATE_COLUMN)
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                          | QItemSelectionModel.SelectionFlag.Rows)
                self.view.scrollTo(index)
        finally:
            self._quiet = False

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._quiet and current.isValid():
            self._choose(current.row())

    def _choose(self, row: int, again: bool = False) -> None:
        """The user picked this row: tell the app, once (unless `again`: Enter re-announces)."""
        event = self.model.event_at(row)
        if event and (again or event.id != self._selected_id):
            self._selected_id = event.id
            self.eventClicked.emit(event.id)

    def _size_date_column(self) -> None:
        """Wide enough for the widest date of the whole timeline, so it never jumps as you type."""
        metrics = self.view.fontMetrics()
        longest = self._facts.longest_dates if self._facts else ["Date"]
        widest = max(metrics.horizontalAdvance(text) for text in longest)
        margin = self.view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1
        swatch = self.model.track_swatch("").deviceIndependentSize().width()
        width = min(widest, metrics.horizontalAdvance("M") * _DATE_COLUMN_MAX_EMS)
        self.view.setColumnWidth(DATE_COLUMN, round(width + swatch + 4 * margin
                                                    + metrics.averageCharWidth()))

    # --- keys ----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            if watched is self.view:
                return self._list_key(event)
            if watched is self.search_box:
                return self._search_key(event)
        return super().eventFilter(watched, event)

    def _list_key(self, event: QKeyEvent) -> bool:
        if event.text() == "/":
            self.focus_search()
            return True
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        key = event.key()
        if key in STEP_KEYS:
            self.stepRequested.emit(STEP_KEYS[key])
            return True
        if key in _ENTER_KEYS:
            self._choose(self.view.currentIndex().row(), again=True)
            return True
        return key == Qt.Key.Key_Escape and self._clear_if_filtered()

    def _search_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            return self._clear_if_filtered()
        if key in (Qt.Key.Key_Down, *_ENTER_KEYS):
            self._apply_filter()        # the results of what was typed, even mid-pause
            if self.model.visible_count():
                self._enter_list()
                return True
        return False

    def _clear_if_filtered(self) -> bool:
        """Esc clears the filters; with none, it is left to the window (e.g. a dialog)."""
        if not self._filter.is_active and not self.search_box.text():
            return False
        self.clear_filters()
        return True

    def _enter_list(self) -> None:
        """From the search box to the results: the first one is picked if none is."""
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0, DATE_COLUMN))

    # --- Qt ------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide_track_chips()
        self._fit_chip_bar()

    def _fit_chip_bar(self) -> None:
        """As tall as its chips need at the pane's width: in a short pane the list gives up
        height, never the chips (a squeezed bar clipped its last line)."""
        margins = self.layout().contentsMargins()
        width = self.width() - margins.left() - margins.right()
        height = self._chip_layout.heightForWidth(width) if self._chip_layout.count() else 0
        if height != self._chip_bar.height() or self._chip_bar.minimumHeight() != height:
            self._chip_bar.setFixedHeight(height)

    def _refit_chips(self) -> None:
        """After a font change (View > Text Size): the chips' padding, spacing, elision and
        the bar's height follow the new text size (the rows were clipped at the old height)."""
        self._chip_layout.setSpacing(self.fontMetrics().height() // 3)
        self._style_chips()
        self._elide_track_chips()
        self._fit_chip_bar()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._font_timer.start()
        if event.type() == QEvent.Type.PaletteChange:
            # Track colours and the chips' palette-based style depend on light or dark.
            self.model.set_palette(self.palette())
            self._refresh_chip_icons()
            self._style_chips()
        super().changeEvent(event)
