"""The timeline's title page: what it is about, what span it covers, what is in it, how to start.

It is what the detail pane shows when no event is chosen, so a first look explains the
timeline before any event does. Every text from the file is escaped.
"""
from __future__ import annotations

import html
from collections import Counter
from operator import attrgetter

from PySide6.QtGui import QPalette

from timeline_app.core.dates import format_range
from timeline_app.core.model import Timeline
from timeline_app.qt.html_text import paragraphs
from timeline_app.qt.track_colors import OTHER_LANE, track_color

HOW_TO_START = "Press \u2192 or click an event on the timeline or in the list to start reading."
NO_EVENTS = "This timeline has no events yet: add some under events: in the file."


def timeline_span(timeline: Timeline) -> str:
    """'28 February 2022 – 25 May 2025': first date to last end, each at its own precision."""
    if not timeline.events:
        return ""
    # Keys ordered as first_day and last_day are, without making a date for each event (at
    # 100,000 events those took 0.7 s of the window's work after a load).
    starts = list(map(attrgetter("date"), timeline.events))
    ends = [end for end in map(attrgetter("end"), timeline.events) if end is not None]
    first = min(starts, key=lambda d: (d.year, d.month or 1, d.day or 1))
    last = max(starts + ends, key=lambda d: (d.year, d.month or 12, d.day or 31))
    return format_range(first, last)


def title_page(timeline: Timeline, palette: QPalette) -> str:
    """The title page as HTML for the detail pane's style sheet."""
    events = len(timeline.events)
    span = timeline_span(timeline)
    span_line = f"{span} \u00b7 {counted(events, 'event')}" if events else ""
    return "".join((
        f'<p class="title">{html.escape(timeline.title)}</p>',
        f'<p class="date">{html.escape(span_line)}</p>' if span_line else "",
        paragraphs(timeline.description),
        # How to start comes before the lists, so it shows without scrolling on a small screen.
        f'<p class="start">{html.escape(HOW_TO_START if events else NO_EVENTS)}</p>',
        _tracks(timeline, palette),
        _sources_line(timeline),
    ))


def _tracks(timeline: Timeline, palette: QPalette) -> str:
    per_track = Counter(map(attrgetter("track"), timeline.events))
    known = {track.id for track in timeline.tracks}
    for unknown in [track_id for track_id in per_track if track_id and track_id not in known]:
        per_track[""] += per_track.pop(unknown)     # drawn in the lane of the trackless ones
    rows = [(track.id, track.name) for track in timeline.tracks if per_track[track.id]]
    if per_track[""]:
        rows.append(("", OTHER_LANE))
    cells = "".join(
        f'<tr><td class="swatch"><span style="color:{track_color(timeline, track_id, palette).name()}">'
        f'\u25cf</span></td><td class="track">{html.escape(name)}</td>'
        f'<td class="count" align="right">{per_track[track_id]:,}</td></tr>'
        for track_id, name in rows)
    if not cells:
        return ""
    return ('<p class="section">Tracks</p>'
            f'<table class="tracks" cellspacing="0" cellpadding="0">{cells}</table>')


def _sources_line(timeline: Timeline) -> str:
    excerpts = sum(map(len, map(attrgetter("excerpts"), timeline.events)))
    if not timeline.articles and not excerpts:
        return ""
    text = f"{counted(len(timeline.articles), 'source')} \u00b7 {counted(excerpts, 'excerpt')}"
    return f'<p class="section">Sources</p><p>{html.escape(text)} ' \
           f'<span class="muted">(listed on the Sources tab)</span></p>'


def counted(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"

