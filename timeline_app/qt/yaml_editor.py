"""The editor pane of the timeline's YAML: line numbers, problems in place, spaces for tabs.

Built on the Qt "code editor" example: a child widget beside the viewport paints the line
numbers, and extra selections mark the current line, the selected event's lines and each
problem (a wavy underline under its token). Problems are kept as text cursors, so their marks
move with the text while the user edits, until the next check sets new ones.

The text itself belongs to the Document (qt/document.py), whose QTextDocument this editor
shows (setDocument); the editor says when it is shown, so the text can wait until then.

Columns and offsets in this API count characters as Python does; Qt counts UTF-16 units,
which differ past U+FFFF (emoji), so every position is converted at the edge.
"""
from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
# QTextCharFormat, QTextFormat and QPainterPath are imported where used: a pane never shown
# never needs them, and PySide6 sets up each class (and its enums) when first imported.
from PySide6.QtGui import QColor, QFontDatabase, QKeyEvent, QPainter, QPalette, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from timeline_app.core.problems import Problem
from timeline_app.qt.html_text import mix
from timeline_app.qt.track_colors import is_dark
from timeline_app.qt.utf16 import chars, units

if TYPE_CHECKING:
    from timeline_app.qt.yaml_highlighter import YamlHighlighter

INDENT = 2                    # YAML forbids tabs: Tab inserts spaces up to the next stop
TOOLTIP_COLUMNS = 72         # a problem's message per line in a tooltip
CONTEXT_LINES = 2             # lines left above a block shown by scroll_to_block
_ERROR_COLOURS = ("#d32f2f", "#ff6b6b")       # light palette, dark palette
_WARNING_COLOURS = ("#c77c00", "#f0b440")
_RESTYLE_ON = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange,
               QEvent.Type.FontChange)
_ITEM = re.compile(r"( *)((?:-(?: +|$))*)(.*)")
_BLOCK_HEADER = re.compile(r"(?:^|:\s)\s*[|>][1-9+-]{0,2}$")
_COLON = re.compile(r":(?:\s|$)")
_KEY = re.compile(r"""(?:"[^"]*"|'[^']*'|[^\s#'"\[\]{},][^#]*?)\s*:(?:\s|$)""")


class YamlEditor(QPlainTextEdit):
    """Plain-text editor of a timeline file. cursorLineChanged(line) reports the user's moves."""

    cursorLineChanged = Signal(int)      # line from 1, only for moves the user makes
    visibilityChanged = Signal(bool)     # shown (the text is needed now) or hidden

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Timeline YAML editor")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self._gutter = _Gutter(self)
        # Colours come when the pane is first shown: highlighting a whole 10,000-event file
        # takes most of a second, which a hidden pane should not cost at start-up. So does
        # the rest of its look (tab stops, gutter, marks: the monospace font's metrics).
        self._highlighter: YamlHighlighter | None = None
        self._problems: list[tuple[QTextCursor, Problem]] = []
        self._problem_selections: list[QTextEdit.ExtraSelection] = []
        self._block_mark: QTextCursor | None = None
        self._current_line = -1
        self._reported_line = 0
        self._quiet = False
        # While the pane is hidden, problems wait here: the text they point into may not be
        # in the document yet (see the Document).
        self._waiting_problems: list[Problem] | None = None
        # Fitted when the line numbers gain or lose a digit, not once per line: Qt reports
        # each line of a new text (and each line highlighted) as it comes.
        self._gutter_digits = 0
        self.blockCountChanged.connect(self._block_count_changed)
        self.updateRequest.connect(self._scroll_gutter)
        self.cursorPositionChanged.connect(self._cursor_moved)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))   # restyles

    # ---- content ------------------------------------------------------------------------

    def program_change(self, starting: bool) -> None:
        """The program changes the text (True) or is done (False): the cursor's moves
        meanwhile are not the user's, and are not reported."""
        self._quiet = starting
        if not starting:
            self._reported_line = 0      # the user's next move is news

    def text_reset(self) -> None:
        """The document holds a new text: from its top, with no marks of the old one."""
        self._problems, self._problem_selections, self._block_mark = [], [], None
        with self._program_move():
            self.moveCursor(QTextCursor.MoveOperation.Start)
        self.verticalScrollBar().setValue(0)
        self.horizontalScrollBar().setValue(0)
        self._refresh_selections()

    def select_text(self, offset: int, length: int = 0) -> None:
        """Put the cursor at character `offset` of the text with `length` characters selected
        after it, in view (after an edit of the program's, such as a new event)."""
        text = self.toPlainText()
        cursor = QTextCursor(self.document())
        with self._program_move():
            cursor.setPosition(units(text, offset))
            cursor.setPosition(units(text, offset + length), QTextCursor.MoveMode.KeepAnchor)
            self.setTextCursor(cursor)
        self.ensureCursorVisible()

    # ---- places ---------------------------------------------------------------------------

    def go_to(self, line: int, column: int = 1) -> None:
        """Put the cursor at line, column (from 1, clamped to the text), centred, and focus.
        A move of the program: cursorLineChanged is not emitted."""
        with self._program_move():
            self.setTextCursor(self._cursor_at(line, column))
        self.centerCursor()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def scroll_to_block(self, first_line: int, last_line: int, scroll: bool = True) -> None:
        """Mark lines first..last (an event's block) and, unless they are all in view already
        (or `scroll` is off), scroll them near the top. The cursor and the focus stay."""
        first = self._cursor_at(first_line, 1).block()
        last = self._cursor_at(max(first_line, last_line), 1).block()
        mark = QTextCursor(first)
        mark.setPosition(last.position() + last.length() - 1, QTextCursor.MoveMode.KeepAnchor)
        self._block_mark = mark
        self._refresh_selections()
        if scroll and not (self._in_view(first) and self._in_view(last)):
            self.verticalScrollBar().setValue(max(0, first.blockNumber() - CONTEXT_LINES))
            self.horizontalScrollBar().setValue(0)

    # ---- problems -------------------------------------------------------------------------

    def set_problems(self, problems: Iterable[Problem]) -> None:
        """Mark each problem: a dot in the gutter, a wavy underline under its token."""
        if not self.isVisible():
            self._waiting_problems = list(problems)
            return
        self._waiting_problems = None
        document = self.document()
        last = document.blockCount() - 1
        self._problems = []
        # Inside an edit block (that edits nothing) a cursor skips laying out its line, which
        # makes thousands of problems ten times faster to place.
        batch = QTextCursor(document)
        batch.beginEditBlock()
        # Errors last, so that where an error and a warning overlap the error's colour shows.
        for problem in sorted(problems, key=lambda p: p.is_error):
            block = document.findBlockByNumber(max(0, min(problem.line - 1, last)))
            text = block.text()
            start, end = problem_span(text, problem.column - 1)
            cursor = QTextCursor(document)
            cursor.setPosition(block.position() + units(text, start))
            cursor.setPosition(block.position() + units(text, end),
                               QTextCursor.MoveMode.KeepAnchor)
            self._problems.append((cursor, problem))
        batch.endEditBlock()
        self._underline_problems()

    def problems_on_line(self, line: int) -> list[Problem]:
        """The problems marked on a line (from 1), where the text has moved them by now."""
        return [problem for cursor, problem in self._problems
                if cursor.blockNumber() == line - 1]

    def tooltip_at(self, position: QPoint) -> str:
        """The tooltip for a point of the viewport: the messages of the problems underlined
        there, as rich text with every message escaped; "" where there are none."""
        line = self.cursorForPosition(position).blockNumber()
        hovered = [problem for cursor, problem in self._problems
                   if cursor.blockNumber() == line and
                   self._underline_rect(cursor).contains(position)]
        return problems_tooltip(hovered)

    # ---- Qt overrides ---------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, modifiers = event.key(), event.modifiers()
        plain = not (modifiers & ~(Qt.KeyboardModifier.ShiftModifier |
                                   Qt.KeyboardModifier.KeypadModifier))
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            # Shift+Enter too: Qt would insert U+2028, a line break that is not a YAML line.
            self._new_line()
        elif key == Qt.Key.Key_Tab and not modifiers:
            self._indent()
        elif key == Qt.Key.Key_Backtab:
            self._dedent()
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_gutter()

    def setDocument(self, document) -> None:
        """Show `document` (the Document's) in this editor's font and tab stops, which Qt
        keeps in the document and sets only on a change of font."""
        super().setDocument(document)
        document.setDefaultFont(self.font())
        self._restyle()

    def toPlainText(self) -> str:
        """The text as shown, "\n" between lines (the Document's stand-ins included; the
        Document's text() is the file's). QPlainTextEdit.toPlainText() would turn no-break
        spaces into spaces and U+2028 into line breaks, which would alter verbatim quotes."""
        return self.document().toRawText().replace("\u2029", "\n")

    def paintEvent(self, event) -> None:
        if self._highlighter is not None:       # colours for the lines about to be painted
            for block, _top, _height in self._visible_blocks(self.viewport().rect()):
                self._highlighter.colour(block)
        super().paintEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._highlighter is None:           # first shown: its look, before the text
            from timeline_app.qt.yaml_highlighter import YamlHighlighter
            self._highlighter = YamlHighlighter(None, self.palette(), lazy=True)
            self._restyle()
        self.visibilityChanged.emit(True)       # the text comes in now, if it waited
        if self._waiting_problems is not None:
            self.set_problems(self._waiting_problems)
        if self._highlighter.document() is not self.document():
            self._highlighter.setDocument(self.document())

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.visibilityChanged.emit(False)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in _RESTYLE_ON:
            self._restyle()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            _show_tooltip(event, self.tooltip_at(event.pos()), self.viewport())
            return True
        return super().viewportEvent(event)

    # ---- gutter ---------------------------------------------------------------------------

    def gutter_width(self) -> int:
        digits = self._digits(self.blockCount())
        metrics = self.fontMetrics()
        return metrics.height() + digits * metrics.horizontalAdvance("9") + \
            metrics.horizontalAdvance("99")

    def paint_gutter(self, painter: QPainter, area: QRect) -> None:
        """Line numbers (the cursor's in bold), problem marks, and a bar beside marked lines."""
        palette, dark = self.palette(), is_dark(self.palette())
        text = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        width, mark_size = self._gutter.width(), self.fontMetrics().height()
        painter.fillRect(area, mix(base, text, 0.045))
        painter.setPen(mix(base, text, 0.12))
        painter.drawLine(width - 1, area.top(), width - 1, area.bottom())
        marks, (first_marked, last_marked) = self._marks_by_block(), self._marked_blocks()
        current = self.textCursor().blockNumber()
        bold = self.font()
        bold.setBold(True)
        numbers_right = width - self.fontMetrics().horizontalAdvance("9")
        for block, top, height in self._visible_blocks(area):
            number = block.blockNumber()
            if first_marked <= number <= last_marked:
                painter.fillRect(width - 4, top, 3, height,
                                 palette.color(QPalette.ColorRole.Highlight))
            if number in marks:
                _paint_mark(painter, QRect(2, top, mark_size, height), marks[number], dark)
            painter.setFont(bold if number == current else self.font())
            painter.setPen(text if number == current else mix(text, base, 0.5))
            painter.drawText(QRect(0, top, numbers_right, height),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             str(number + 1))

    def gutter_tooltip(self, y: int) -> str:
        """The tooltip for a height in the gutter: the problems of that line."""
        line = self.line_at(y)
        return problems_tooltip(self.problems_on_line(line)) if line else ""

    def line_at(self, y: int) -> int:
        """The line (from 1) at a height of the viewport or gutter, or 0 below the text."""
        for block, top, height in self._visible_blocks(self._gutter.rect()):
            if top <= y < top + height:
                return block.blockNumber() + 1
        return 0

    def _visible_blocks(self, area: QRect) -> Iterator[tuple]:
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        while block.isValid() and top <= area.bottom():
            height = round(self.blockBoundingRect(block).height())
            if block.isVisible() and top + height >= area.top():
                yield block, top, height
            top += height
            block = block.next()

    @staticmethod
    def _digits(block_count: int) -> int:
        return len(str(max(999, block_count)))

    def _fit_gutter(self) -> None:
        self._gutter_digits = self._digits(self.blockCount())
        width, area = self.gutter_width(), self.contentsRect()
        self.setViewportMargins(width, 0, 0, 0)
        self._gutter.setGeometry(QRect(area.left(), area.top(), width, area.height()))

    def _block_count_changed(self, count: int) -> None:
        if self._digits(count) != self._gutter_digits:
            self._fit_gutter()

    def _scroll_gutter(self, rect: QRect, dy: int) -> None:
        if self._highlighter is None:
            return              # never shown: nothing to paint (see _restyle)
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    def _marks_by_block(self) -> dict[int, bool]:
        """Block number -> is an error (an error wins over a warning on the same line)."""
        marks: dict[int, bool] = {}
        for cursor, problem in self._problems:
            number = cursor.blockNumber()
            marks[number] = marks.get(number, False) or problem.is_error
        return marks

    def _marked_blocks(self) -> tuple[int, int]:
        if self._block_mark is None:
            return -1, -1
        document = self.document()
        return (document.findBlock(self._block_mark.selectionStart()).blockNumber(),
                document.findBlock(self._block_mark.selectionEnd()).blockNumber())

    # ---- selections -----------------------------------------------------------------------

    def _refresh_selections(self) -> None:
        if self._highlighter is None:
            return              # never shown: set when it first shows (_restyle)
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        line = QTextCursor(self.textCursor())
        line.clearSelection()
        selections = [_full_width(line, mix(base, palette.color(QPalette.ColorRole.Text), 0.06))]
        if self._block_mark is not None:
            accent = palette.color(QPalette.ColorRole.Highlight)
            selections.insert(0, _full_width(self._block_mark, mix(base, accent, 0.1)))
        self.setExtraSelections(selections + self._problem_selections)
        self._gutter.update()

    def _underline_problems(self) -> None:
        from PySide6.QtGui import QTextCharFormat
        dark = is_dark(self.palette())
        formats = {}
        for error, colours in ((True, _ERROR_COLOURS), (False, _WARNING_COLOURS)):
            formats[error] = QTextCharFormat()
            formats[error].setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            formats[error].setUnderlineColor(QColor(colours[dark]))
        self._problem_selections = []
        for cursor, problem in self._problems:
            selection = QTextEdit.ExtraSelection()
            selection.cursor, selection.format = cursor, formats[problem.is_error]
            self._problem_selections.append(selection)
        self._refresh_selections()

    def _underline_rect(self, cursor: QTextCursor) -> QRect:
        """Where an underlined token is in the viewport (empty when nothing is underlined)."""
        if not cursor.hasSelection():
            return QRect()
        start, end = QTextCursor(cursor), QTextCursor(cursor)
        start.setPosition(cursor.selectionStart())
        end.setPosition(cursor.selectionEnd())
        return self.cursorRect(start).united(self.cursorRect(end))

    def _restyle(self) -> None:
        if self._highlighter is None:
            return              # done when first shown
        metrics = self.fontMetrics()
        self.setTabStopDistance(4 * metrics.horizontalAdvance(" "))
        self._gutter.setFont(self.font())
        self._highlighter.set_palette(self.palette())
        self._fit_gutter()
        self._underline_problems()

    # ---- cursor -----------------------------------------------------------------------------

    def _cursor_moved(self) -> None:
        line = self.textCursor().blockNumber() + 1
        if line != self._current_line:
            self._current_line = line
            self._refresh_selections()
        if self._quiet:
            self._reported_line = 0      # after a move of ours, the user's next move is news
        elif line != self._reported_line:
            self._reported_line = line
            self.cursorLineChanged.emit(line)

    @contextmanager
    def _program_move(self):
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False
            self._reported_line = 0

    def _cursor_at(self, line: int, column: int) -> QTextCursor:
        """A cursor at line, column (from 1; characters), both clamped to the text."""
        document = self.document()
        block = document.findBlockByNumber(max(0, min(line - 1, document.blockCount() - 1)))
        text = block.text()
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + units(text, max(0, min(column - 1, len(text)))))
        return cursor

    def _in_view(self, block) -> bool:
        geometry = self.blockBoundingGeometry(block).translated(self.contentOffset())
        return geometry.top() >= 0 and geometry.bottom() <= self.viewport().height()

    # ---- typing -----------------------------------------------------------------------------

    def _new_line(self) -> None:
        cursor = self.textCursor()
        cursor.beginEditBlock()
        cursor.removeSelectedText()
        block, at = cursor.block(), cursor.position()
        text = block.text()
        before = text[:chars(text, cursor.positionInBlock())]
        if not before.strip():
            # In the indentation: open a line above and leave this one as it is.
            cursor.setPosition(block.position())
            cursor.insertText("\n")
            cursor.setPosition(at + 1)
        else:
            # Leave no spaces at the end of the line nor before the text that moves down.
            after = text[len(before):]
            cursor.setPosition(at - (len(before) - len(before.rstrip(" "))))
            cursor.setPosition(at + len(after) - len(after.lstrip(" ")),
                               QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText("\n" + " " * indent_after(before))
        cursor.endEditBlock()
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def _indent(self) -> None:
        cursor = self.textCursor()
        if self._spans_lines(cursor):
            self._shift_lines(cursor, INDENT)
            return
        block = cursor.document().findBlock(cursor.selectionStart())
        column = chars(block.text(), cursor.selectionStart() - block.position())
        cursor.insertText(" " * (INDENT - column % INDENT))
        self.setTextCursor(cursor)

    def _dedent(self) -> None:
        self._shift_lines(self.textCursor(), -INDENT)

    def _shift_lines(self, cursor: QTextCursor, by: int) -> None:
        """Indent (by > 0) or dedent every line the selection touches, as one edit."""
        document = self.document()
        first = document.findBlock(cursor.selectionStart())
        last = document.findBlock(cursor.selectionEnd())
        if last != first and cursor.selectionEnd() == last.position():
            last = last.previous()       # a selection ending at a line's start leaves it out
        edit = QTextCursor(document)
        edit.beginEditBlock()
        block = first
        while block.isValid() and block.blockNumber() <= last.blockNumber():
            edit.setPosition(block.position())
            if by > 0:
                edit.insertText(" " * by)
            else:
                spaces = len(block.text()) - len(block.text().lstrip(" "))
                edit.movePosition(QTextCursor.MoveOperation.Right,
                                  QTextCursor.MoveMode.KeepAnchor, min(spaces, -by))
                edit.removeSelectedText()
            block = block.next()
        edit.endEditBlock()

    @staticmethod
    def _spans_lines(cursor: QTextCursor) -> bool:
        document = cursor.document()
        return document.findBlock(cursor.selectionStart()) != \
            document.findBlock(cursor.selectionEnd())


class _Gutter(QWidget):
    """The line numbers beside the text; the editor paints it and answers its tooltips."""

    def __init__(self, editor: YamlEditor):
        super().__init__(editor)
        self._editor = editor
        self.setObjectName("line_numbers")
        self.setAccessibleName("Line numbers")

    def sizeHint(self) -> QSize:
        return QSize(self._editor.gutter_width(), 0)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        self._editor.paint_gutter(painter, event.rect())
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            _show_tooltip(event, self._editor.gutter_tooltip(event.pos().y()), self)
            return True
        return super().event(event)

    def mousePressEvent(self, event) -> None:
        line = self._editor.line_at(round(event.position().y()))
        if line:
            cursor = QTextCursor(self._editor.document().findBlockByNumber(line - 1))
            self._editor.setTextCursor(cursor)
            self._editor.setFocus(Qt.FocusReason.MouseFocusReason)


# ---- helpers (no widget state) ----------------------------------------------------------------

def indent_after(before: str) -> int:
    """How far a new line is indented after a line whose text before the cursor is `before`:
    as far as that line, past its "- " markers when a key follows them, and two more after a
    line that opens a mapping, a list or a block scalar (`key:`, `- key:`, `summary: >-`)."""
    item = _ITEM.match(before)
    indent, rest = len(item.group(1)), item.group(3)
    if item.group(2) and (not rest or _KEY.match(rest)):
        indent += len(item.group(2))
    code = rest[:_comment_start(rest, 0)].rstrip()
    if code.endswith(":") or _BLOCK_HEADER.search(code):
        indent += INDENT
    return indent


def problem_span(text: str, index: int) -> tuple[int, int]:
    """The characters to underline for a problem at `index` of a line (from 0): the quoted
    string, the key, the flow item or the value there; the last word when `index` is past the
    text (a missing value); nothing on an empty line."""
    end = len(text.rstrip())
    if end == 0:
        return 0, 0
    if index >= end:
        index = text.rfind(" ", 0, end) + 1
    index = max(index, 0)
    if text[index] == "\t":
        return index, index + 1
    while text[index] == " ":
        index += 1
    first = text[index]
    if first in "\"'":
        close = text.find(first, index + 1)
        return index, close + 1 if close > 0 else end
    stops = [end, _comment_start(text, index)]
    colon = _COLON.search(text, index)
    if colon:
        stops.append(colon.start())
    if text.count("[", 0, index) + text.count("{", 0, index) > \
            text.count("]", 0, index) + text.count("}", 0, index):
        stops += [at for at in (text.find(c, index) for c in ",]}") if at >= 0]
    stop = min(stops)
    return index, max(index + 1, len(text[:stop].rstrip()))


def problems_tooltip(problems: Iterable[Problem]) -> str:
    """Rich text listing the problems; every message escaped, since it can quote the file."""
    # Lines broken here, at a readable width: left to itself, a rich-text tooltip wraps
    # after a couple of words.
    rows = ["<br>".join(html.escape(line) for line in textwrap.wrap(
        f"{'Error' if p.is_error else 'Warning'}: {p.message}", TOOLTIP_COLUMNS))
        for p in problems]
    return f"<qt><p style='white-space:pre'>{'<br>'.join(rows)}</p></qt>" if rows else ""


def _comment_start(text: str, start: int) -> int:
    at = text.find("#", start)
    while at > 0 and text[at - 1] != " ":
        at = text.find("#", at + 1)
    return len(text) if at < 0 else at


def _full_width(cursor: QTextCursor, colour: QColor) -> QTextEdit.ExtraSelection:
    from PySide6.QtGui import QTextFormat
    selection = QTextEdit.ExtraSelection()
    selection.cursor = cursor
    selection.format.setBackground(colour)
    selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
    return selection


def _paint_mark(painter: QPainter, cell: QRect, error: bool, dark: bool) -> None:
    """A round dot for an error, a triangle for a warning: told apart without colour too."""
    colour = QColor((_ERROR_COLOURS if error else _WARNING_COLOURS)[dark])
    size = max(6, round(min(cell.width(), cell.height()) * 0.6))
    box = QRect(0, 0, size, size)
    box.moveCenter(cell.center())
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    if error:
        painter.drawEllipse(box)
    else:
        from PySide6.QtGui import QPainterPath
        triangle = QPainterPath()
        triangle.moveTo(box.center().x() + 0.5, box.top())
        triangle.lineTo(box.right() + 1, box.bottom() + 1)
        triangle.lineTo(box.left(), box.bottom() + 1)
        triangle.closeSubpath()
        painter.drawPath(triangle)
    painter.restore()


def _show_tooltip(event, text: str, widget: QWidget) -> None:
    if text:
        QToolTip.showText(event.globalPos(), text, widget)
    else:
        QToolTip.hideText()
        event.ignore()
