"""The articles behind the timeline: a list on top, the chosen article and its citations below."""
from __future__ import annotations

import html
from itertools import groupby

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QUrl, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSplitter, QTreeView, QVBoxLayout, \
    QWidget

from timeline_app.core.model import Article, Citation, Timeline
from timeline_app.qt.article_list_model import (ARTICLE_ID_ROLE, DATE, EXCERPTS, PUBLISHER,
                                                TITLE, ArticleListModel)
from timeline_app.qt.html_text import (byline, empty_page, event_link, facts_table,
                                       new_browser, outside_link, page_style, parse_link,
                                       quote_block)
from timeline_app.qt.resources import show_focus

EMPTY_MESSAGE = "Choose an article to see the events that quote or cite it"
_RERENDER_ON = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange,
                QEvent.Type.FontChange)


class SourcesPanel(QWidget):
    eventClicked = Signal(str)
    openUrlRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Sources")
        self._timeline: Timeline | None = None
        self._article_id = ""
        self._selected_event = ""
        self.model = ArticleListModel(self)
        self.list = self._make_list()
        show_focus(self.list)
        self.browser = new_browser("Article and its citations", self)
        self.browser.anchorClicked.connect(self._follow)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(self.browser)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        margin = self.fontMetrics().height() // 2      # as the Events tab
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.addWidget(self.splitter)
        self._render()

    def _make_list(self) -> QTreeView:
        view = QTreeView(self)
        view.setAccessibleName("Articles")
        view.setModel(self.model)
        view.setRootIsDecorated(False)
        view.setUniformRowHeights(True)
        view.setAlternatingRowColors(True)
        view.setStyleSheet("QTreeView::item { padding: 3px 2px; }")   # the Events tab's rows
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        # Fixed starting widths, not ResizeToContents: that measures every row on each layout,
        # which takes seconds with the 20,000 articles of a 100,000-event timeline.
        metrics, padding = view.fontMetrics(), view.fontMetrics().averageCharWidth() * 3
        for column, sample in ((PUBLISHER, "Reuters via"), (DATE, "28 February 2022"),
                               (EXCERPTS, "Excerpts")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + padding)
        # File order until the user clicks a header; a third click goes back to it.
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorClearable(True)
        view.setSortingEnabled(True)
        view.selectionModel().currentRowChanged.connect(self._on_current_row)
        return view

    # ---- slots --------------------------------------------------------------------------

    def set_timeline(self, timeline: Timeline | None, prepared: object = None) -> None:
        """Show this timeline; `prepared` (what a check built for the other views) is not
        needed here."""
        self._timeline = timeline
        article_id = self._article_id
        self.model.set_timeline(timeline)
        self.show_article(article_id)

    def show_article(self, article_id: str) -> None:
        """Choose the article in the list and show it ("" or an unknown id: nothing chosen)."""
        row = self.model.row_of(article_id)
        index = self.model.index(row, 0) if row >= 0 else QModelIndex()
        self._article_id = article_id if row >= 0 else ""
        selection = self.list.selectionModel()
        if index.isValid():
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                      | QItemSelectionModel.SelectionFlag.Rows)
            self.list.scrollTo(index)
        else:
            selection.clear()
        self._render()

    def set_selected(self, event_id: str) -> None:
        """Mark the selected event's citations in the article shown, and scroll to them."""
        self._selected_event = event_id
        self._render()
        if event_id:
            self.browser.scrollToAnchor(_anchor_name(event_id))

    @property
    def article_id(self) -> str:
        return self._article_id

    # ---- Qt overrides -------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # The style sheet bakes in palette colours and font sizes, so it must follow them.
        if event.type() in _RERENDER_ON:
            self._render()

    # ---- rendering ----------------------------------------------------------------------

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        article_id = current.data(ARTICLE_ID_ROLE) if current.isValid() else ""
        if article_id != self._article_id:
            self._article_id = article_id
            self._render()

    def _render(self) -> None:
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        self.browser.document().setDefaultStyleSheet(page_style(self.palette(), self.font(), title_scale=1.25))
        article = self._timeline.article(self._article_id) if self._timeline else None
        self.browser.setHtml(self._page(article) if article else empty_page(EMPTY_MESSAGE))
        bar.setValue(position)

    def _page(self, article: Article) -> str:
        citations = self._timeline.citations_of(article.id)
        events = [list(group) for _, group in groupby(citations, lambda c: c.event.id)]
        heading = f"Cited by {len(events)} event{'' if len(events) == 1 else 's'}" \
            if events else "Not cited by any event"
        return "".join((
            f'<p class="title">{html.escape(article.title)}</p>',
            facts_table((("Published", html.escape(byline(article, with_author=False))),
                         ("Author", html.escape(article.author)),
                         ("Link", outside_link(article, "Open article ↗")))),
            f'<p class="section">{heading}</p>',
            *(self._citing_event(group) for group in events),
        ))

    def _citing_event(self, citations: list[Citation]) -> str:
        event = citations[0].event
        selected = ' <span class="muted">· selected</span>' \
            if event.id == self._selected_event else ""
        lines = [f'<p class="citing"><a name="{_anchor_name(event.id)}"></a>'
                 f"{event_link(event)}{selected}</p>"]
        for citation in citations:
            lines.append(quote_block(citation.excerpt) if citation.excerpt else
                         '<p class="muted">cited as a source</p>')
        return "".join(lines)

    # ---- links --------------------------------------------------------------------------

    def _follow(self, url: QUrl) -> None:
        kind, value = parse_link(url)
        if kind == "event":
            self.eventClicked.emit(value)
        elif kind == "web":
            self.openUrlRequested.emit(value)


def _anchor_name(event_id: str) -> str:
    # Event ids are [a-z0-9-], safe in an anchor name as they are.
    return f"event-{html.escape(event_id)}"
