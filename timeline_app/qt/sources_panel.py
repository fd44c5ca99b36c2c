"""The articles behind the timeline: a search box and the list; a chosen article is shown in the
window's detail pane (with its excerpts and the events citing it), which has the room for it."""
from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel, QLineEdit, QMenu,
                               QVBoxLayout, QWidget)

from timeline_app.core.dates import format_date
from timeline_app.core.model import Timeline
from timeline_app.qt.article_list_model import (ARTICLE_ID_ROLE, DATE, EXCERPTS, HEADERS,
                                                PUBLISHER, TITLE, ArticleListModel)
from timeline_app.qt.resources import show_focus

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTreeView

SEARCH_PLACEHOLDER = "Search title, publisher, author, site\u2026"
NO_MATCH_TEXT = "No articles match \u2014 Esc clears the search"
_PUBLISHER_SHARE = 0.3      # of the list's width at most: the title keeps the rest
_MEASURED_AT_MOST = 2000    # texts measured for a column's width (20,000 articles: 0.1 s)
_TITLE_MIN_EMS = 40         # narrower than this beside publisher and date: two-line rows
SORT_HINT = "Click to sort; right-click to sort by a column not shown"


class SourcesPanel(QWidget):
    articleClicked = Signal(str)        # the user chose this article: show it

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Sources")
        self._timeline: Timeline | None = None
        self._article_id = ""
        self._cited: frozenset[str] = frozenset()
        # Widths the columns want (the longest publisher's name, the longest date, the header)
        self._wanted = {PUBLISHER: 0, DATE: 0, EXCERPTS: 0}
        # The search box, the list and its model are made when first needed (the tab shown,
        # or one of them asked for): the Sources tab is hidden at start, and its list would
        # cost a tenth of the window's start-up.
        self._parts: tuple[ArticleListModel, QLineEdit, QLabel, QTreeView] | None = None

    @property
    def model(self) -> ArticleListModel:
        return self._built()[0]

    @property
    def search_box(self) -> QLineEdit:
        return self._built()[1]

    @property
    def count_label(self) -> QLabel:
        return self._built()[2]

    @property
    def list(self) -> QTreeView:
        return self._built()[3]

    def _built(self) -> tuple[ArticleListModel, QLineEdit, QLabel, QTreeView]:
        if self._parts is None:
            self._build()
        return self._parts

    def _build(self) -> None:
        model = ArticleListModel(self)
        model.set_timeline(self._timeline)
        model.set_marked(self._cited)
        search_box = QLineEdit(self)
        search_box.setPlaceholderText(SEARCH_PLACEHOLDER)
        search_box.setClearButtonEnabled(True)
        search_box.setAccessibleName("Search articles")
        search_box.textChanged.connect(self._on_query_edited)
        search_box.installEventFilter(self)
        count_label = QLabel(self)
        count_label.setTextFormat(Qt.TextFormat.PlainText)
        count_label.setAccessibleName("Number of articles shown")
        self._parts = (model, search_box, count_label, self._make_list(model))
        show_focus(search_box, self.list)
        layout = QVBoxLayout(self)
        margin = self.fontMetrics().height() // 2      # as the Events tab
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(margin)
        top = QHBoxLayout()
        top.setSpacing(margin)
        top.addWidget(search_box, 1)
        top.addWidget(count_label)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        for widget in self._parts[1:]:
            widget.show()           # made while the panel shows: Qt would show them later
        if self.testAttribute(Qt.WidgetAttribute.WA_SetFont):
            # A text size chosen before: Qt does not pass it on to a child with a style sheet
            for widget in (search_box, self.list):
                widget.ensurePolished()     # (polishing sets the style sheet's font)
                widget.setFont(self.font())
        layout.activate()           # and in their places before the first paint
        self._measure_columns()
        self._update_count()
        self.show_article(self._article_id)

    def _make_list(self, model: ArticleListModel) -> QTreeView:
        # Imported here: PySide6 sets up a class (and its enums) when first imported, and the
        # list is made only when the Sources tab first shows.
        from PySide6.QtWidgets import QHeaderView, QTreeView
        from timeline_app.qt.article_titles import TwoLineTitles
        view = QTreeView(self)
        view.setAccessibleName("Articles")
        view.setModel(model)
        view.setRootIsDecorated(False)
        view.setUniformRowHeights(True)
        view.setAlternatingRowColors(True)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.setStyleSheet("QTreeView::item { padding: 3px 2px; }")   # the Events tab's rows
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._titles = TwoLineTitles(view)
        view.setItemDelegate(self._titles)
        header = view.header()
        header.setToolTip(f"<p>{html.escape(SORT_HINT)}</p>")
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._sort_menu)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (PUBLISHER, DATE, EXCERPTS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        # File order until the user clicks a header; a third click goes back to it.
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorClearable(True)
        view.setSortingEnabled(True)
        view.selectionModel().currentRowChanged.connect(self._on_current_row)
        view.clicked.connect(self._on_clicked)      # again after an event was shown instead
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)
        # After the header's own reset, which shows every column at its default width again
        model.modelReset.connect(self._size_columns)
        return view

    # ---- slots --------------------------------------------------------------------------

    def set_timeline(self, timeline: Timeline | None, prepared: object = None) -> None:
        """Show this timeline; `prepared` (what a check built for the other views) is not
        needed here. The search and the chosen article are kept."""
        self._timeline = timeline
        article_id = self._article_id
        if self._parts is not None:
            self.model.set_timeline(timeline)
            self._measure_columns()
            self._update_count()
        self.show_article(article_id)

    def show_article(self, article_id: str) -> None:
        """Choose the article in the list ("" or an unknown id: nothing chosen). Emits nothing."""
        self._article_id = article_id if self._timeline and self._timeline.article(article_id) \
            else ""
        if self._parts is None:
            return                          # chosen in the list when it is made
        row = self.model.row_of(article_id)
        index = self.model.index(row, 0) if row >= 0 else QModelIndex()
        selection = self.list.selectionModel()
        if index.isValid():
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                      | QItemSelectionModel.SelectionFlag.Rows)
            self.list.scrollTo(index)
        else:
            selection.clear()

    def set_selected(self, event_id: str) -> None:
        """The articles the selected event quotes or cites are shown in bold."""
        event = self._timeline.event(event_id) if self._timeline and event_id else None
        self._cited = frozenset({excerpt.article_id for excerpt in event.excerpts}
                                | set(event.sources)) if event else frozenset()
        if self._parts is not None:
            self.model.set_marked(self._cited)

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    @property
    def article_id(self) -> str:
        return self._article_id

    # ---- the user -----------------------------------------------------------------------

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        article_id = current.data(ARTICLE_ID_ROLE) if current.isValid() else ""
        if article_id and article_id != self._article_id:
            self._article_id = article_id
            self.articleClicked.emit(article_id)

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.data(ARTICLE_ID_ROLE) == self._article_id:
            self.articleClicked.emit(self._article_id)

    def _on_query_edited(self, text: str) -> None:
        self.model.set_query(text)
        self._update_count()
        self.show_article(self._article_id)     # still chosen, and marked if still listed

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total_count()
        if not self.search_box.text().strip():
            text = "1 article" if total == 1 else f"{total:,} articles"
        elif shown:
            text = f"{shown:,} of {total:,}"
        else:
            text = NO_MATCH_TEXT
        self.count_label.setText(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self._parts is not None \
                and watched is self.list.viewport():
            self._size_columns()
        elif event.type() == QEvent.Type.KeyPress:
            return self._key(watched, event)
        return super().eventFilter(watched, event)

    def _key(self, watched: QObject, event: QKeyEvent) -> bool:
        key = event.key()
        if key == Qt.Key.Key_Escape and self.search_box.text():
            self.search_box.clear()
            return True
        if watched is self.search_box and key in (Qt.Key.Key_Down, Qt.Key.Key_Return,
                                                  Qt.Key.Key_Enter) and self.model.rowCount():
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.list.currentIndex().isValid():
                self.list.setCurrentIndex(self.model.index(0, 0))
            return True
        if watched is self.list and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and self._article_id:
            self.articleClicked.emit(self._article_id)
            return True
        return False

    # ---- columns ------------------------------------------------------------------------

    def _measure_columns(self) -> None:
        """Dates and counts as wide as they need, the publisher as wide as the longest one
        (up to a share of the list), the title the rest: elided only when the list is narrow,
        and then whole in its tooltip."""
        header = self.list.header()
        metrics = self.list.fontMetrics()
        padding = metrics.averageCharWidth() * 3
        arrow = header.style().pixelMetric(header.style().PixelMetric.PM_HeaderMarkSize)
        articles = self._timeline.articles[:_MEASURED_AT_MOST] if self._timeline else ()
        dates = {format_date(a.date) for a in articles if a.date} | {"Date"}
        publishers = {a.publisher for a in articles} | {"Publisher"}
        self._wanted = {
            PUBLISHER: max(map(metrics.horizontalAdvance, publishers)) + padding,
            DATE: max(map(metrics.horizontalAdvance, dates)) + padding + arrow,
            EXCERPTS: metrics.horizontalAdvance("Excerpts") + padding + arrow}
        self._size_columns()

    def _size_columns(self) -> None:
        """Publisher and date columns while the title keeps room beside them; in a narrower
        list they go under the title (two-line rows), rather than cutting titles short."""
        header, width, wanted = self.list.header(), self.list.viewport().width(), self._wanted
        publisher = min(wanted[PUBLISHER], round(width * _PUBLISHER_SHARE))
        title_room = width - publisher - wanted[DATE] - wanted[EXCERPTS]
        two_lines = title_room < self.list.fontMetrics().averageCharWidth() * _TITLE_MIN_EMS
        for column, size in ((PUBLISHER, publisher), (DATE, wanted[DATE]),
                             (EXCERPTS, wanted[EXCERPTS])):
            header.resizeSection(column, size)
        # Also after a model reset, which shows every column again
        hidden = two_lines and header.count() > DATE
        if (hidden, hidden) != (header.isSectionHidden(PUBLISHER), header.isSectionHidden(DATE)) \
                or two_lines != self._titles.two_lines:
            self._titles.two_lines = two_lines
            header.setSectionHidden(PUBLISHER, hidden)
            header.setSectionHidden(DATE, hidden)
            self.list.doItemsLayout()       # rows change height

    def _sort_menu(self, position: QPoint) -> None:
        """Sort by any column, also one hidden in a narrow list, or back to file order."""
        menu = QMenu(self)
        header = self.list.header()
        for column, name in enumerate(HEADERS):
            menu.addAction(f"Sort by {name}", lambda c=column: header.setSortIndicator(
                c, Qt.SortOrder.AscendingOrder))
        menu.addAction("File Order", lambda: header.setSortIndicator(
            -1, Qt.SortOrder.AscendingOrder))
        menu.popup(header.mapToGlobal(position))

    def showEvent(self, event) -> None:
        self._built()           # before Qt lays out and paints the panel
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) \
                and self._parts is not None:
            self._measure_columns()
