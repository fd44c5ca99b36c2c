"""The timeline's articles as a table: title, publisher, date and how often each is quoted."""
from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QGuiApplication

from timeline_app.core.dates import format_date
from timeline_app.core.model import Article, Timeline
from timeline_app.core.search import article_text, search_terms

ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
BYLINE_ROLE = Qt.ItemDataRole.UserRole + 2     # "Publisher · date", under the title when narrow

TITLE, PUBLISHER, DATE, EXCERPTS = range(4)
HEADERS = ("Title", "Publisher", "Date", "Excerpts")


@dataclass(frozen=True, slots=True)
class _Row:
    article: Article
    excerpts: int
    events: int
    text: str           # folded title, publisher, author and web site, for the search

    def display(self, column: int) -> str:
        article = self.article
        return (article.title, article.publisher,
                format_date(article.date) if article.date else "", str(self.excerpts))[column]

    def sort_key(self, column: int) -> str | int:
        if column == DATE:
            return self.article.date.sort_key()
        if column == EXCERPTS:
            return self.excerpts
        return self.display(column).casefold()

    def tooltip(self, column: int) -> str:
        """Rich text with the file's text escaped: Qt shows a tooltip that looks like HTML
        (a title such as `<b>big</b>`) as HTML, so every tooltip is made rich on purpose."""
        if column == EXCERPTS:
            text = (f"{_count(self.excerpts, 'excerpt')} quoted; "
                    f"cited by {_count(self.events, 'event')}")
        else:
            text = self.display(column)
        return f"<p>{html.escape(text)}</p>"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


class ArticleListModel(QAbstractTableModel):
    """One row per article, in file order until sorted by a column (undated articles last
    when sorted by date, either way), narrowed by a search; the rows of `marked` articles
    (those the selected event cites) are bold.

    The model sorts itself rather than sitting behind a QSortFilterProxyModel: the proxy asks
    for data through Python at every comparison, which takes seconds for 20,000 articles.
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._file_order: list[_Row] = []
        self._rows: list[_Row] = []
        self._sorting = (-1, Qt.SortOrder.AscendingOrder)
        self._terms: list[str] = []
        self._marked: frozenset[str] = frozenset()

    def set_timeline(self, timeline: Timeline | None) -> None:
        self.beginResetModel()
        self._file_order = [_row(timeline, article) for article in timeline.articles] \
            if timeline else []
        self._rows = self._sorted(*self._sorting)
        self.endResetModel()

    def set_query(self, query: str) -> None:
        """Show only the articles whose title, publisher, author or web site hold every word
        (folded as the event search folds: case and accents do not matter)."""
        terms = search_terms(query)
        if terms != self._terms:
            self.beginResetModel()
            self._terms = terms
            self._rows = self._sorted(*self._sorting)
            self.endResetModel()

    def set_marked(self, article_ids: frozenset[str]) -> None:
        """Show these articles' rows in bold (those the selected event cites)."""
        if article_ids != self._marked:
            self._marked = article_ids
            if self._rows:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(self._rows) - 1, len(HEADERS) - 1),
                                      [Qt.ItemDataRole.FontRole])

    def row_of(self, article_id: str) -> int:
        """The row showing the article, -1 when there is none (or the search hides it)."""
        return next((i for i, row in enumerate(self._rows) if row.article.id == article_id), -1)

    def total_count(self) -> int:
        return len(self._file_order)

    def _sorted(self, column: int, order: Qt.SortOrder) -> list[_Row]:
        terms = self._terms
        rows = [row for row in self._file_order if all(term in row.text for term in terms)] \
            if terms else list(self._file_order)
        if not 0 <= column < len(HEADERS):
            return rows
        # Sorting the file order keeps equal rows in file order, in both directions.
        descending = order == Qt.SortOrder.DescendingOrder
        if column == DATE:      # undated articles last, whichever way dates are sorted
            dated = sorted((row for row in rows if row.article.date),
                           key=lambda row: row.sort_key(DATE), reverse=descending)
            return dated + [row for row in rows if not row.article.date]
        return sorted(rows, key=lambda row: row.sort_key(column), reverse=descending)

    # ---- Qt overrides -------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column; column -1 goes back to file order."""
        self.layoutAboutToBeChanged.emit()
        self._sorting = (column, order)
        before = self.persistentIndexList()
        moved = [self._rows[index.row()] for index in before]
        self._rows = self._sorted(column, order)
        new_row = {id(row): number for number, row in enumerate(self._rows)}
        self.changePersistentIndexList(
            before, [self.index(new_row[id(row)], index.column())
                     for row, index in zip(moved, before)])
        self.layoutChanged.emit()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.display(column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip(column)
        if role == ARTICLE_ID_ROLE:
            return row.article.id
        if role == BYLINE_ROLE:
            return " \N{MIDDLE DOT} ".join(filter(None, (row.display(PUBLISHER),
                                                          row.display(DATE))))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == EXCERPTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and row.article.id in self._marked:
            font = QFont(QGuiApplication.font())
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None


def _row(timeline: Timeline, article: Article) -> _Row:
    citations = timeline.citations_of(article.id)
    quoted = sum(1 for citation in citations if citation.excerpt is not None)
    events = len({citation.event.id for citation in citations})
    return _Row(article, quoted, events, article_text(article))
