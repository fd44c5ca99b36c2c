"""The detail pane: the selected event as a page to read, an article, or the title page.

An event shows its title, date, facts, summary, excerpts (grouped by article, one attribution
per article), other sources and related events. An article chosen on the Sources tab shows its
metadata, its excerpts and the events citing it. With nothing chosen the pane shows the
timeline's title page. A context menu copies the event, a citation or a link back to it.
"""
from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from itertools import groupby
from typing import NamedTuple

from PySide6.QtCore import QEvent, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import QMenu, QTextEdit, QVBoxLayout, QWidget

from timeline_app.core.citations import (date_text, event_as_text, event_link,
                                         excerpts_by_article, precision_hint)
from timeline_app.core.dates import format_range
from timeline_app.core.model import Article, Citation, Event, Excerpt, Timeline
from timeline_app.qt import citations
from timeline_app.qt.html_text import (archive_link, byline, empty_page,
                                       event_link as event_anchor, facts_table, internal_href,
                                       link, marked, new_browser, outside_link, page_style,
                                       paragraphs, parse_link, quote_group)
from timeline_app.qt.title_page import counted, title_page
from timeline_app.qt.track_colors import track_color

NO_TIMELINE_MESSAGE = ("No timeline to show: open one with File\u00a0>\u00a0Open, or fix this "
                       "one's problems")     # the menu path never split over two lines
NOTHING_OPEN_MESSAGE = "No timeline open: open one with File\u00a0>\u00a0Open"
HIDDEN_BY_SEARCH = "This event is hidden by the current search \u2014 Esc clears it"
HIDDEN_BY_FILTERS = "This event is hidden by the current filters \u2014 Esc clears them"
_RERENDER_ON = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange,
                QEvent.Type.FontChange)
_CITE_ANCHOR = "cite-"
READING_MEASURE = 110      # the widest text line, in average characters of the pane's font


class Cited(NamedTuple):
    """A quote on the page, with what a citation of it needs."""
    excerpt: Excerpt
    article: Article | None
    event: Event | None


class EventDetail(QWidget):
    eventClicked = Signal(str)
    tagClicked = Signal(str)
    openUrlRequested = Signal(str)
    linkHovered = Signal(str)      # the URL (or what an app link does) under the pointer; ""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Event detail")
        self._timeline: Timeline | None = None
        self._loading = ""      # the name of a file loading, said while no timeline is shown
        self._event_id = ""
        self._article_id = ""          # an article shown instead of the event
        self._terms: list[str] = []
        self._matches: bool | Callable[[str], bool] = True
        self._searching = False         # there is search text (the hidden note names it)
        self._path = ""
        self._cited: list[Cited] = []    # the quotes on the page, in page order
        self._shown: tuple[str, str] = ("", "")    # the style and page the browser shows
        self._title_page_made: tuple = (None, 0, "")     # timeline, palette key, page
        self.browser = new_browser("Event detail text", self)
        self.browser.anchorClicked.connect(self._follow)
        self.browser.highlighted.connect(self._hovered)
        self.browser.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.browser.customContextMenuRequested.connect(self._show_menu)
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

    def set_loading(self, name: str) -> None:
        """A file called `name` is loading ("" when none is): said while no timeline is shown,
        rather than that there is none."""
        self._loading = name
        if self._timeline is None:
            self._render()

    def set_selected(self, event_id: str) -> None:
        """Show this event ("" or an unknown id: the title page). The same event again (the
        window announces it after every reload and check of the file) keeps the page as it
        is: its scroll, and an article shown from the Sources tab."""
        if event_id == self._event_id:
            self._render(keep_scroll=True)
            return
        self._event_id = event_id
        self._article_id = ""
        self._render()

    def show_title_page(self) -> None:
        """The title page, also over an article shown while nothing was selected."""
        self._article_id = ""
        self.set_selected("")

    def show_event(self, event_id: str) -> None:
        """This event's page, also when an article was shown over it."""
        self._article_id = ""
        self.set_selected(event_id)

    def show_article(self, article_id: str) -> None:
        """Show an article (its metadata, excerpts and the events citing it) until an event
        is chosen; "" or an unknown id shows the event (or title page) again."""
        same = article_id == self._article_id
        self._article_id = article_id
        self._render(keep_scroll=same)

    def set_highlight(self, terms: Sequence[str],
                      matches: bool | Callable[[str], bool] = True,
                      searching: bool | None = None) -> None:
        """Mark the search terms when the event shown matches the current search and filters:
        `matches` says so for every event (a predicate on its id) or for the one shown (a
        bool). An event that does not match gets a note saying it is hidden, by the search
        when there is search text (`searching`; by default: when there are terms), else by
        the filters."""
        self._terms = [term for term in terms if term]
        self._matches = matches
        self._searching = bool(self._terms) if searching is None else searching
        self._render(keep_scroll=True)

    def set_file_path(self, path: str) -> None:
        """The file the timeline comes from, for Copy Link to This Event; with no timeline
        shown, what is said depends on whether a file is open (its problems keep it off)."""
        self._path = path
        if self._timeline is None:
            self._render()

    def plain_text(self) -> str:
        return self.browser.toPlainText()

    @property
    def shown_article_id(self) -> str:
        return self._article_id if self._shown_article() else ""

    # ---- Qt overrides -------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # The style sheet bakes in palette colours and font sizes, so it must follow them.
        if event.type() in _RERENDER_ON:
            self._fit_measure()
            self._render(keep_scroll=True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_measure()

    def _fit_measure(self) -> None:
        """Lines no longer than a comfortable reading measure: in a wide pane (a 2560-pixel
        screen) the text keeps to its left part instead of running 200 characters a line."""
        measure = self.fontMetrics().averageCharWidth() * READING_MEASURE
        browser = self.browser
        if _text_width(browser) > measure:
            if browser.lineWrapMode() != QTextEdit.LineWrapMode.FixedPixelWidth or \
                    browser.lineWrapColumnOrWidth() != measure:   # each set lays out again
                browser.setLineWrapMode(QTextEdit.LineWrapMode.FixedPixelWidth)
                browser.setLineWrapColumnOrWidth(measure)
        else:
            browser.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)

    # ---- rendering ----------------------------------------------------------------------

    def _shown_event(self) -> Event | None:
        return self._timeline.event(self._event_id) if self._timeline else None

    def _shown_article(self) -> Article | None:
        return self._timeline.article(self._article_id) if self._timeline else None

    def _render(self, keep_scroll: bool = False) -> None:
        style = page_style(self.palette(), self.font())
        self._cited = []
        article, event = self._shown_article(), self._shown_event()
        if self._timeline is None:
            page = empty_page(f"Loading {self._loading}\u2026" if self._loading
                              else NO_TIMELINE_MESSAGE if self._path else NOTHING_OPEN_MESSAGE)
        elif article:
            page = self._article_page(article)
        elif event:
            page = self._page(event)
        else:
            page = self._title_page()
        if keep_scroll and (style, page) == self._shown:
            return      # e.g. a search keystroke whose words are not in this event: no relayout
        self._shown = (style, page)
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        self.browser.document().setDefaultStyleSheet(style)
        self.browser.setHtml(page)
        bar.setValue(position if keep_scroll else 0)

    def _title_page(self) -> str:
        """The title page, made once per timeline and palette: it counts every event, and a
        search keystroke re-renders the pane (57 ms a keystroke at 10,000 events without it)."""
        timeline, palette = self._timeline, self.palette().cacheKey()
        made_for, made_with, page = self._title_page_made
        if made_for is not timeline or made_with != palette:
            page = title_page(timeline, self.palette())
            self._title_page_made = (timeline, palette, page)
        return page

    def _event_matches(self, event_id: str) -> bool:
        return self._matches(event_id) if callable(self._matches) else bool(self._matches)

    def _page(self, event: Event) -> str:
        matches = self._event_matches(event.id)
        terms = self._terms if matches else []
        return "".join((
            "" if matches else self._hidden_note(),
            f'<p class="title">{marked(event.title, terms)}</p>',
            _date_line(event),
            self._facts(event, terms),
            paragraphs(event.summary, terms),
            self._excerpts(event, terms),
            self._other_sources(event),
            self._related(event),
        ))

    def _hidden_note(self) -> str:
        note = HIDDEN_BY_SEARCH if self._searching else HIDDEN_BY_FILTERS
        return ('<table class="hidden-note" width="100%" cellspacing="0" cellpadding="0">'
                f'<tr><td class="hidden-note">{html.escape(note)}</td></tr></table>')

    def _facts(self, event: Event, terms: Sequence[str]) -> str:
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

    def _excerpts(self, event: Event, terms: Sequence[str]) -> str:
        if not event.excerpts:
            return ""
        blocks = []
        for article_id, excerpts in excerpts_by_article(event.excerpts):
            article = self._timeline.article(article_id)
            names = self._cite(excerpts, article, event)
            blocks.append(quote_group(excerpts, names, terms,
                                      self._attribution(article, article_id)))
        return f'<p class="section">Excerpts</p>{"".join(blocks)}'

    def _cite(self, excerpts: Sequence[Excerpt], article: Article | None,
              event: Event | None) -> list[str]:
        """Anchor names for the quotes, remembering what each one cites."""
        first = len(self._cited)
        self._cited.extend(Cited(excerpt, article, event) for excerpt in excerpts)
        return [f"{_CITE_ANCHOR}{index}" for index in range(first, len(self._cited))]

    def _attribution(self, article: Article | None, article_id: str) -> str:
        if article is None:
            return f'<p class="attribution-group muted">— {html.escape(article_id)}</p>'
        who = byline(article)
        title = link(internal_href("article", article.id), html.escape(article.title))
        return (f'<p class="attribution-group">— {html.escape(who)}</p>' if who else "") + \
            (f'<p class="attribution"><i>{title}</i>'
             f" &nbsp;·&nbsp; {outside_link(article, 'Open article ↗')}"
             f"{_beside(archive_link(article))}</p>")

    def _other_sources(self, event: Event) -> str:
        items = []
        for article_id in event.sources:
            article = self._timeline.article(article_id)
            if article is None:
                items.append(f'<li class="muted">{html.escape(article_id)}</li>')
                continue
            about = byline(article, with_author=False)
            title = link(internal_href("article", article.id), html.escape(article.title))
            items.append(f"<li>{title}"
                         f'<br><span class="muted">{html.escape(about)}</span>'
                         f" &nbsp;·&nbsp; {outside_link(article, 'Open ↗')}"
                         f"{_beside(archive_link(article))}</li>")
        return f'<p class="section">Other sources</p><ul>{"".join(items)}</ul>' if items else ""

    def _related(self, event: Event) -> str:
        known = [self._timeline.event(event_id) for event_id in event.related]
        found = sorted((other for other in known if other), key=lambda e: e.date.sort_key())
        items = [f"<li>{event_anchor(other)}</li>" for other in found]
        return f'<p class="section">Related</p><ul>{"".join(items)}</ul>' if items else ""

    # ---- an article ---------------------------------------------------------------------

    def _article_page(self, article: Article) -> str:
        citations_ = self._timeline.citations_of(article.id)
        by_event = [list(group) for _, group in groupby(citations_, lambda c: c.event.id)]
        quoting = [group for group in by_event if any(c.excerpt for c in group)]
        listing = [group[0].event for group in by_event if not any(c.excerpt for c in group)]
        back = self._shown_event()
        return "".join((
            (f'<p class="muted">← Back to {event_anchor(back)}</p>' if back else ""),
            f'<p class="title">{html.escape(article.title)}</p>',
            facts_table((("Published", html.escape(byline(article, with_author=False))),
                         ("Author", html.escape(article.author)),
                         ("Link", outside_link(article, _host_label(article))),
                         ("Archive", archive_link(article)))),
            self._article_quotes(article, quoting),
            _cited_as_source(listing),
            "" if by_event else '<p class="section">Not cited by any event</p>',
        ))

    def _article_quotes(self, article: Article, groups: list[list[Citation]]) -> str:
        if not groups:
            return ""
        count = sum(1 for group in groups for c in group if c.excerpt)
        parts = [f'<p class="section">{counted(count, "excerpt")}, quoted by '
                 f'{counted(len(groups), "event")}</p>']
        for group in groups:
            event = group[0].event
            excerpts = [c.excerpt for c in group if c.excerpt]
            selected = ' <span class="muted">· selected</span>' \
                if event.id == self._event_id else ""
            parts.append(f'<p class="citing">{event_anchor(event)}{selected}</p>')
            parts.append(quote_group(excerpts, self._cite(excerpts, article, event)))
        return "".join(parts)

    # ---- links --------------------------------------------------------------------------

    def _follow(self, url: QUrl) -> None:
        kind, value = parse_link(url)
        if kind == "event":
            if value == self._event_id:
                self.show_event(value)      # back from an article to the event selected already
            self.eventClicked.emit(value)
        elif kind == "tag":
            self.tagClicked.emit(value)
        elif kind == "article":
            self.show_article(value)
        elif kind == "web":
            self.openUrlRequested.emit(value)

    def _hovered(self, url: QUrl) -> None:
        kind, value = parse_link(url)
        if kind == "web":
            self.linkHovered.emit(value)
        elif kind == "event" and self._timeline and self._timeline.event(value):
            event = self._timeline.event(value)
            self.linkHovered.emit(f"Go to {date_text(event.date, event.end)} — {event.title}")
        elif kind == "tag":
            self.linkHovered.emit(f"Show only events tagged {value}")
        elif kind == "article" and self._timeline and self._timeline.article(value):
            self.linkHovered.emit(f"Show the article: {self._timeline.article(value).title}")
        else:
            self.linkHovered.emit("")

    # ---- context menu -------------------------------------------------------------------

    def cited_at(self, position: QPoint) -> Cited | None:
        """The quote under a point of the viewport, if any."""
        cursor = self.browser.cursorForPosition(position)
        at = cursor.position()
        found = None
        block = self.browser.document().begin()
        while block.isValid() and block.position() <= at:
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                if fragment.position() > at:
                    break
                for name in fragment.charFormat().anchorNames():
                    if name.startswith(_CITE_ANCHOR):
                        found = int(name[len(_CITE_ANCHOR):])
                it += 1
            block = block.next()
        if found is None or not self._cited:
            return None
        table = cursor.currentTable()
        return self._cited[found] if table is not None else None

    def context_menu(self, position: QPoint) -> QMenu:
        """The menu for a right click at a point of the viewport."""
        menu = self.browser.createStandardContextMenu(position)
        first = menu.actions()[0] if menu.actions() else None
        event = None if self._shown_article() else self._shown_event()
        pointed = self.cited_at(position)
        cited = pointed or (self._cited[0] if self._cited else None)
        kind, value = parse_link(QUrl(self.browser.anchorAt(position)))
        url = value if kind == "web" else self._article_url(kind, value, pointed)
        actions = (
            ("Copy &Event", event is not None,
             lambda: citations.copy_text(event_as_text(event, self._timeline))),
            ("Copy Ci&tation", cited is not None,
             lambda: citations.copy_citation(*cited)),
            ("Copy &Link to This Event", event is not None and bool(self._path),
             lambda: citations.copy_text(event_link(self._path, event.id))),
            ("&Open Article", bool(url), lambda: self.openUrlRequested.emit(url)),
        )
        for text, enabled, slot in actions:
            action = QAction(text, menu)
            action.setEnabled(enabled)
            action.triggered.connect(slot)
            menu.insertAction(first, action)
        menu.insertSeparator(first)
        copy_address = menu.findChild(QAction, "link-copy")
        if copy_address is not None:
            # An app link (event:, article:, tag:) means nothing pasted elsewhere.
            copy_address.setText("Copy Link &Address")
            copy_address.setVisible(kind == "web")
        return menu

    def _article_url(self, kind: str, value: str, pointed: Cited | None) -> str:
        """The address Open Article opens: of an article link or quote under the pointer,
        else of the article shown; "" when that is not a safe web link."""
        if kind == "article":
            article = self._timeline.article(value)
        elif pointed is not None:
            article = pointed.article
        else:
            article = self._shown_article()
        return (article.link or "") if article else ""

    def _show_menu(self, position: QPoint) -> None:
        menu = self.context_menu(position)
        menu.exec(self.browser.viewport().mapToGlobal(position))
        menu.deleteLater()


def _text_width(browser: QTextEdit) -> int:
    """The width of the browser's text area: inside its frame, less the vertical scroll bar
    when one shows. Not browser.viewport().width(): the first viewport() asked for at start
    makes PySide6 set up every widget class it has (~10 ms before the first frame)."""
    width = browser.contentsRect().width()
    bar = browser.verticalScrollBar()
    return width - bar.sizeHint().width() if bar.isVisibleTo(browser) else width


def _cited_as_source(events: list[Event]) -> str:
    if not events:
        return ""
    items = "".join(f"<li>{event_anchor(event)}</li>" for event in events)
    return f'<p class="section">Cited as a source by {counted(len(events), "event")}</p>' \
           f"<ul>{items}</ul>"


def _beside(link_html: str) -> str:
    """A second link after the first on one line ("" stays "")."""
    return f" &nbsp;·&nbsp; {link_html}" if link_html else ""


def _host_label(article: Article) -> str:
    host = QUrl(article.link).host() if article.link else ""
    return f"Open at {host} ↗" if host else "Open article ↗"


def _date_line(event: Event) -> str:
    """'23–25 May 2025', with a hint when the file gives only the month or the year."""
    hint = precision_hint(event.date, event.end)
    hint_html = f' <span class="muted">{hint}</span>' if hint else ""
    return f'<p class="date">{html.escape(format_range(event.date, event.end))}{hint_html}</p>'
