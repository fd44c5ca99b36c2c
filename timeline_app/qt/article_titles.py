"""How the Sources tab's list draws a title in a narrow list: the title, and under it the
publisher and date (muted), whose own columns are then hidden. Imported when the list is
first made (the Sources tab is hidden at start)."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from timeline_app.qt.article_list_model import BYLINE_ROLE, TITLE


class TwoLineTitles(QStyledItemDelegate):
    """In a narrow list, the title column shows the title with the publisher and date under
    it (muted), and those columns are hidden: the title gets the list's width."""

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.two_lines = False

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        if self.two_lines:
            size.setHeight(size.height() + option.fontMetrics.lineSpacing())
        return size

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        if not self.two_lines or index.column() != TITLE:
            super().paint(painter, option, index)
            return
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        title, item.text = item.text, ""
        widget = item.widget
        style = widget.style() if widget else QStyle()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, item, widget)
        rect.adjust(2, 0, -2, 0)
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Normal if item.state & QStyle.StateFlag.State_Active \
            else QPalette.ColorGroup.Inactive
        line = item.fontMetrics.lineSpacing()
        top = rect.top() + (rect.height() - 2 * line) // 2
        painter.save()
        painter.setFont(item.font)
        painter.setPen(item.palette.color(group, QPalette.ColorRole.HighlightedText if selected
                                          else QPalette.ColorRole.Text))
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(rect.left(), top, rect.width(), line, flags,
                         item.fontMetrics.elidedText(title, Qt.TextElideMode.ElideRight,
                                                     rect.width()))
        if not selected:
            painter.setPen(item.palette.color(group, QPalette.ColorRole.PlaceholderText))
        byline = index.data(BYLINE_ROLE) or ""
        painter.drawText(rect.left(), top + line, rect.width(), line, flags,
                         item.fontMetrics.elidedText(byline, Qt.TextElideMode.ElideRight,
                                                     rect.width()))
        painter.restore()
