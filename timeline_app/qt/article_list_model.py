"""The timeline's articles as a table: title, publisher, date and how often each is quoted."""
from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from timeline_app.core.dates import format_date
from timeline_app.core.model import Article, Timeline

ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 1

TITLE, PUBLISHER, DATE, EXCERPTS = range(4)
_HEADERS = ("Title", "Publisher", "Date", "Excerpts")


@dataclass(frozen=True, slots=True)
class _Row:
    article: Article
    excerpts: int
    events: int

    def display(self, column: int) -> str:
        article = self.article
        return (article.title, article.publisher,
                format_date(article.date) if article.date else "", str(self.excerpts))[column]

    def sort_key(self, column: int) -> str | int:
        if column == DATE:
            return self.article.date.iso() if self.article.date else ""
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
    """One row per article, in file order until sorted by a column.

    The model sorts itself rather than sitting behind a QSortFilterProxyModel: the proxy asks
    for data through Python at every comparison, which takes seconds for 20,000 articles.
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._file_order: list[_Row] = []
        self._rows: list[_Row] = []
        self._sorting = (-1, Qt.SortOrder.AscendingOrder)

    def set_timeline(self, timeline: Timeline | None) -> None:
        self.beginResetModel()
        self._file_order = [_row(timeline, article) for article in timeline.articles] \
            if timeline else []
        self._rows = self._sorted(*self._sorting)
        self.endResetModel()

    def row_of(self, article_id: str) -> int:
        """The row showing the article, -1 when there is none."""
        return next((i for i, row in enumerate(self._rows) if row.article.id == article_id), -1)

    def _sorted(self, column: int, order: Qt.SortOrder) -> list[_Row]:
        if not 0 <= column < len(_HEADERS):
            return list(self._file_order)
        # Sorting the file order keeps equal rows in file order, in both directions.
        return sorted(self._file_order, key=lambda row: row.sort_key(column),
                      reverse=order == Qt.SortOrder.DescendingOrder)

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
        return 0 if parent.isValid() else len(_HEADERS)

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
        if role == Qt.ItemDataRole.TextAlignmentRole and column == EXCERPTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(_HEADERS):
            return _HEADERS[section]
        return None


def _row(timeline: Timeline, article: Article) -> _Row:
    citations = timeline.citations_of(article.id)
    quoted = sum(1 for citation in citations if citation.excerpt is not None)
    events = len({citation.event.id for citation in citations})
    return _Row(article, quoted, events)
