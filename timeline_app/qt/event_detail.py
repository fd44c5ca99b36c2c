"""The selected event as a page to read: title, date, facts, summary, excerpts, sources, related."""
from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QUrl, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from timeline_app.core.dates import format_range
from timeline_app.core.model import Event, Excerpt, Timeline
from timeline_app.qt.html_text import (byline, empty_page, event_link, facts_table,
                                       internal_href, link, marked, new_browser, outside_link,
                                       page_style, paragraphs, parse_link, quote_block)
from timeline_app.qt.track_colors import track_color

EMPTY_MESSAGE = "Select an event on the timeline or in the list"
NO_TIMELINE_MESSAGE = "No timeline to show: open one with File > Open, or fix this one's problems"
_PRECISION_HINTS = {"month": "(day not known)", "year": "(month and day not known)"}
_RERENDER_ON = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange,
                QEvent.Type.FontChange)


class EventDetail(QWidget):
    eventClicked = Signal(str)
    tagClicked = Signal(str)
    openUrlRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Event detail")
        self._timeline: Timeline | None = None
        self._event_id = ""
        self._terms: list[str] = []
        self._shown: tuple[str, str] = ("", "")    # the style and page the browser shows
        self.browser = new_browser("Event detail text", self)
        self.browser.anchorClicked.connect(self._follow)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self._render()

    # ---- slots --------------------------------------------------------------------------

    def set_timeline(self, timeline: Timeline | None, prepared: object = None) -> None:
        """Show this timeline; `prepared` (what a check built for the other views) is not
        needed here."""
        self._timeline = timeline
        self._render(keep_scroll=True)

    def set_selected(self, event_id: str) -> None:
        """Show this event (the page keeps its scroll when it is the one shown already)."""
        same = event_id == self._event_id
        self._event_id = event_id
        self._render(keep_scroll=same)

    def set_highlight(self, terms: Sequence[str]) -> None:
        self._terms = [term for term in terms if term]
        self._render(keep_scroll=True)

    def plain_text(self) -> str:
        return self.browser.toPlainText()

    # ---- Qt overrides -------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # The style sheet bakes in palette colours and font sizes, so it must follow them.
        if event.type() in _RERENDER_ON:
            self._render(keep_scroll=True)

    # ---- rendering ----------------------------------------------------------------------

    def _render(self, keep_scroll: bool = False) -> None:
        style = page_style(self.palette(), self.font())
        event = self._timeline.event(self._event_id) if self._timeline else None
        empty = EMPTY_MESSAGE if self._timeline else NO_TIMELINE_MESSAGE
        page = self._page(event) if event else empty_page(empty)
        if keep_scroll and (style, page) == self._shown:
            return      # e.g. a search keystroke whose words are not in this event: no relayout
        self._shown = (style, page)
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        self.browser.document().setDefaultStyleSheet(style)
        self.browser.setHtml(page)
        bar.setValue(position if keep_scroll else 0)

    def _page(self, event: Event) -> str:
        terms = self._terms
        return "".join((
            f'<p class="title">{marked(event.title, terms)}</p>',
            _date_line(event),
            self._facts(event),
            paragraphs(event.summary, terms),
            self._excerpts(event),
            self._other_sources(event),
            self._related(event),
        ))

    def _facts(self, event: Event) -> str:
        terms = self._terms
        tags = (link(internal_href("tag", tag), marked(tag, terms)) for tag in event.tags)
        return facts_table((
            ("Place", marked(event.place, terms)),
            ("People", ", ".join(marked(name, terms) for name in event.people)),
            ("Track", self._track(event.track) if event.track else ""),
            ("Tags", ", ".join(tags)),
        ))

    def _track(self, track_id: str) -> str:
        track = self._timeline.track(track_id)
        color = track_color(self._timeline, track_id, self.palette())
        name = track.name if track else track_id
        return f'<span style="color:{color.name()}">\u25cf</span>&nbsp;{html.escape(name)}'

    def _excerpts(self, event: Event) -> str:
        if not event.excerpts:
            return ""
        blocks = "".join(quote_block(excerpt, self._terms, self._attribution(excerpt))
                         for excerpt in event.excerpts)
        return f'<p class="section">Excerpts</p>{blocks}'

    def _attribution(self, excerpt: Excerpt) -> str:
        article = self._timeline.article(excerpt.article_id)
        if article is None:
            return f'<p class="attribution muted">— {html.escape(excerpt.article_id)}</p>'
        who = byline(article)
        return (f'<p class="attribution">— {html.escape(who)}</p>' if who else "") + \
            (f'<p class="attribution"><i class="muted">{html.escape(article.title)}</i>'
             f" &nbsp;·&nbsp; {outside_link(article, 'Open article ↗')}</p>")

    def _other_sources(self, event: Event) -> str:
        items = []
        for article_id in event.sources:
            article = self._timeline.article(article_id)
            if article is None:
                items.append(f'<li class="muted">{html.escape(article_id)}</li>')
                continue
            about = byline(article, with_author=False)
            items.append(f"<li>{html.escape(article.title)}"
                         f'<br><span class="muted">{html.escape(about)}</span>'
                         f" &nbsp;·&nbsp; {outside_link(article, 'Open ↗')}</li>")
        return f'<p class="section">Other sources</p><ul>{"".join(items)}</ul>' if items else ""

    def _related(self, event: Event) -> str:
        known = [self._timeline.event(event_id) for event_id in event.related]
        found = sorted((other for other in known if other), key=lambda e: e.date.sort_key())
        items = [f"<li>{event_link(other)}</li>" for other in found]
        return f'<p class="section">Related</p><ul>{"".join(items)}</ul>' if items else ""

    # ---- links --------------------------------------------------------------------------

    def _follow(self, url: QUrl) -> None:
        kind, value = parse_link(url)
        if kind == "event":
            self.eventClicked.emit(value)
        elif kind == "tag":
            self.tagClicked.emit(value)
        elif kind == "web":
            self.openUrlRequested.emit(value)


def _date_line(event: Event) -> str:
    """'23–25 May 2025', with a hint when the file gives only the month or the year."""
    precisions = {event.date.precision, event.last.precision}
    coarsest = "year" if "year" in precisions else "month" if "month" in precisions else "day"
    hint = _PRECISION_HINTS.get(coarsest)
    hint_html = f' <span class="muted">{hint}</span>' if hint else ""
    return f'<p class="date">{html.escape(format_range(event.date, event.end))}{hint_html}</p>'
