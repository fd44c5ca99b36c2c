"""The YAML editor pane, used the way a person uses it: type, move, hover the marks."""
import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import (QColor, QHelpEvent, QPalette, QTextCharFormat, QTextCursor,
                           QTextDocument, QTextFormat)
from PySide6.QtWidgets import QApplication, QPlainTextDocumentLayout, QToolTip, QWidget

from timeline_app.core.loader import load_text
from timeline_app.core.problems import ERROR, WARNING, Problem
from timeline_app.qt.yaml_editor import YamlEditor

BROKEN = "title: T\nevents:\n  - id: e1\n    date: 2022-02-30\n    title: A\n    colour: red\n"


@pytest.fixture
def editor(qtbot):
    widget = YamlEditor()
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def put_cursor(editor, line, column):
    cursor = editor.textCursor()
    block = editor.document().findBlockByNumber(line - 1)
    cursor.setPosition(block.position() + column - 1)
    editor.setTextCursor(cursor)


def lines(editor):
    return editor.toPlainText().split("\n")


def hover(widget, position):
    """Rest the mouse at a point of `widget` and return the tooltip shown (or "")."""
    QToolTip.hideText()
    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, position,
                                              widget.mapToGlobal(position)))
    return QToolTip.text() if QToolTip.isVisible() else ""


def as_plain_text(rich: str) -> str:
    document = QTextDocument()
    document.setHtml(rich)
    return document.toPlainText()


# ---- typing -----------------------------------------------------------------------------

def test_tab_inserts_spaces_and_shift_tab_takes_them_back(editor, qtbot):
    editor.setPlainText("events:\nx\n")
    put_cursor(editor, 2, 1)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert lines(editor)[1] == "  x"
    put_cursor(editor, 2, 4)                 # after "  x": to the next stop, column 4 -> 5
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert lines(editor)[1] == "  x "
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Tab)   # a selection over lines indents every line
    assert lines(editor)[:2] == ["  events:", "    x "]
    qtbot.keyClick(editor, Qt.Key.Key_Backtab)
    assert lines(editor)[:2] == ["events:", "  x "]
    assert "\t" not in editor.toPlainText()


def test_enter_keeps_the_indentation_and_opens_a_level_after_a_colon(editor, qtbot):
    editor.setPlainText("events:")
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "- id: e2")
    qtbot.keyClick(editor, Qt.Key.Key_Return)          # aligned with "id", not with "-"
    qtbot.keyClicks(editor, "summary: >-")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "Talks: held")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(editor, "again")
    assert lines(editor) == ["events:", "  - id: e2", "    summary: >-", "      Talks: held",
                             "      again"]
    assert "\u2028" not in editor.document().toRawText()


def test_enter_in_the_indentation_opens_a_line_above_and_leaves_no_trailing_spaces(editor,
                                                                                   qtbot):
    editor.setPlainText("events:\n  - id: e1")
    put_cursor(editor, 2, 3)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert lines(editor) == ["events:", "", "  - id: e1"]
    put_cursor(editor, 1, 8)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert lines(editor)[:3] == ["events:", "", "  "]


def test_enter_after_a_plain_list_item_lines_up_the_next_item(editor, qtbot):
    editor.setPlainText("tags:\n  - one")
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "- two")
    assert lines(editor) == ["tags:", "  - one", "  - two"]


# ---- gutter -----------------------------------------------------------------------------

def test_the_gutter_grows_to_fit_five_digit_line_numbers(editor):
    editor.setPlainText("title: T\n")
    short = editor.viewportMargins().left()
    editor.setPlainText("\n" * 12345)
    wide = editor.viewportMargins().left()
    assert wide > short
    assert wide >= editor.fontMetrics().horizontalAdvance("12346")
    assert editor.viewport().geometry().left() >= wide


# ---- problems ---------------------------------------------------------------------------

def test_a_problem_is_underlined_at_its_place_and_explained_when_hovered(editor):
    editor.setPlainText(BROKEN)
    editor.set_problems(load_text(BROKEN, "t.yaml").problems)
    wavy = [s for s in editor.extraSelections()
            if s.format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline]
    date = [s for s in wavy if s.cursor.blockNumber() == 3]
    assert len(date) == 1
    cursor = date[0].cursor
    assert cursor.selectionStart() - cursor.block().position() == 10      # column 11
    assert cursor.selectedText() == "2022-02-30"
    assert date[0].format.underlineColor() == QColor("#d32f2f")          # an error: red

    middle = editor.cursorRect(cursor).center() - QPoint(20, 0)
    tip = hover(editor.viewport(), middle)
    assert "February 2022 has 28 days" in as_plain_text(tip)
    assert editor.tooltip_at(QPoint(editor.viewport().width() - 5, middle.y())) == ""


def test_the_gutter_marks_a_problem_line_and_explains_it(editor):
    editor.setPlainText(BROKEN)
    editor.set_problems([Problem(WARNING, "unknown key 'colour' is ignored", 6, 5)])
    line_top = editor.blockBoundingGeometry(editor.document().findBlockByNumber(5)) \
        .translated(editor.contentOffset()).top()
    y = round(line_top) + editor.fontMetrics().height() // 2
    gutter = editor.findChild(QWidget, "line_numbers")
    image = gutter.grab().toImage()
    amber = QColor("#c77c00")
    assert any(image.pixelColor(x, y) == amber for x in range(image.width()))
    other_line = y - 2 * editor.fontMetrics().height()
    assert not any(image.pixelColor(x, other_line) == amber for x in range(image.width()))
    assert "unknown key 'colour'" in as_plain_text(hover(gutter, QPoint(5, y)))
    assert editor.gutter_tooltip(other_line) == ""


def test_html_in_a_message_is_shown_as_written(editor):
    editor.setPlainText("title: T\n<b>x</b>: 1\n")
    editor.set_problems([Problem(ERROR, "unknown key '<b>x</b>' & more", 2, 1)])
    tip = editor.gutter_tooltip(round(editor.cursorRect(editor.textCursor()).center().y()) +
                                editor.fontMetrics().height())
    assert "Error: unknown key '<b>x</b>' & more" in as_plain_text(tip)


def test_problems_past_the_end_are_shown_on_the_last_line(editor):
    editor.setPlainText("title: T\nevents: [")
    editor.set_problems([Problem(ERROR, "the file ends inside a bracket", 40, 3)])
    assert editor.problems_on_line(2) and not editor.problems_on_line(1)


# ---- places -----------------------------------------------------------------------------

def test_go_to_puts_the_cursor_at_the_line_and_column_and_focuses(editor, qtbot):
    editor.setPlainText("\n".join(f"key{n}: value {n}" for n in range(300)))
    editor.go_to(200, 6)
    cursor = editor.textCursor()
    assert (cursor.blockNumber(), cursor.positionInBlock()) == (199, 5)
    assert editor.cursorRect().top() > editor.viewport().height() // 4   # centred, not at the top
    qtbot.waitUntil(editor.hasFocus)
    editor.go_to(1000, 99)
    assert editor.textCursor().blockNumber() == 299


def test_user_moves_report_the_line_and_program_moves_do_not(editor, qtbot):
    editor.setPlainText("\n".join(f"key{n}: value" for n in range(200)))
    editor.setFocus()
    with qtbot.waitSignal(editor.cursorLineChanged) as moved:
        qtbot.keyClick(editor, Qt.Key.Key_Down)
    assert moved.args == [2]
    with qtbot.assertNotEmitted(editor.cursorLineChanged):
        qtbot.keyClick(editor, Qt.Key.Key_End)          # same line: nothing new to say
        qtbot.keyClicks(editor, " more")
    line_5 = editor.cursorRect(_cursor_on(editor, 5)).center()
    with qtbot.waitSignal(editor.cursorLineChanged) as moved:
        qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton, pos=line_5)
    assert moved.args == [5]
    with qtbot.assertNotEmitted(editor.cursorLineChanged):
        editor.scroll_to_block(150, 160)
        editor.go_to(120, 1)
        editor.program_change(True)                     # a new text from the Document
        editor.document().setPlainText(editor.toPlainText())
        editor.program_change(False)
        editor.text_reset()
    assert editor.textCursor().blockNumber() == 0
    with qtbot.waitSignal(editor.cursorLineChanged) as moved:   # the user's next move is news
        qtbot.keyClick(editor, Qt.Key.Key_Right)
    assert moved.args == [1]


def _cursor_on(editor, line):
    cursor = editor.textCursor()
    cursor.setPosition(editor.document().findBlockByNumber(line - 1).position())
    return cursor


def test_scroll_to_block_shows_the_lines_without_moving_the_cursor(editor):
    editor.setPlainText("\n".join(f"key{n}: value" for n in range(500)))
    editor.scroll_to_block(300, 310)
    first = editor.firstVisibleBlock().blockNumber() + 1
    assert first <= 300 <= first + 3
    assert editor.textCursor().blockNumber() == 0
    marked = [s for s in editor.extraSelections()
              if s.cursor.selectionStart() == editor.document().findBlockByNumber(299).position()]
    assert marked and marked[0].cursor.selectedText().count("\u2029") == 10
    editor.scroll_to_block(302, 305)                 # already in view: the text stays put
    assert editor.firstVisibleBlock().blockNumber() + 1 == first


# ---- edits ------------------------------------------------------------------------------

def test_select_text_counts_characters_like_python_even_after_an_emoji(editor):
    editor.setPlainText("title: \U0001F54A peace\nevents: [x]\n")
    editor.select_text(len("title: \U0001F54A peace\nevents: ["), 1)
    assert editor.textCursor().selectedText() == "x"


def test_a_text_reset_starts_from_the_top_without_old_marks(editor):
    editor.setPlainText("\n".join(f"key{n}: value" for n in range(500)))
    editor.go_to(300, 4)
    editor.scroll_to_block(300, 301)
    editor.set_problems([Problem(ERROR, "bad", 300, 1)])
    editor.text_reset()
    assert editor.textCursor().position() == 0
    assert editor.verticalScrollBar().value() == 0
    assert editor.problems_on_line(300) == [] and editor.extraSelections()[0].cursor.position() == 0


# ---- colours ----------------------------------------------------------------------------

def formats_of(editor, line):
    """The formats of a line as painted: the editor colours the lines it paints."""
    editor.viewport().repaint()
    layout = editor.document().findBlockByNumber(line - 1).layout()
    return {(r.start, r.length): QTextCharFormat(r.format) for r in layout.formats()}


def test_comments_keys_strings_and_dates_are_coloured_differently(editor):
    editor.setPlainText('# a note\ntitle: "T"\ndate: 2022-03-29\nsummary: >-\n  Talks: held # here\n')
    comment = formats_of(editor, 1)[(0, 8)]
    key = formats_of(editor, 2)[(0, 5)]
    string = formats_of(editor, 2)[(7, 3)]
    date = formats_of(editor, 3)[(6, 10)]
    colours = {f.foreground().color().name() for f in (comment, key, string, date)}
    assert len(colours) == 4
    assert comment.fontItalic() and not key.fontItalic()
    assert formats_of(editor, 5) == {}          # the text of a block scalar is prose


def test_a_hidden_pane_is_coloured_only_once_it_is_shown(qtbot):
    hidden = YamlEditor()
    qtbot.addWidget(hidden)
    hidden.setPlainText("title: T\n")
    qtbot.wait(20)
    assert formats_of(hidden, 1) == {}          # a start-up with the pane closed costs nothing
    hidden.show()
    qtbot.waitUntil(lambda: (0, 5) in formats_of(hidden, 1))


def test_colours_follow_a_dark_palette(editor):
    editor.setPlainText("title: T\n")
    light_key = formats_of(editor, 1)[(0, 5)].foreground().color()
    dark = QPalette(editor.palette())
    role = QPalette.ColorRole
    for name, colour in ((role.Window, "#2b2b2b"), (role.Base, "#1e1e1e"), (role.Text, "#e6e6e6")):
        dark.setColor(name, QColor(colour))
    editor.setPalette(dark)
    dark_key = formats_of(editor, 1)[(0, 5)].foreground().color()
    assert dark_key.lightness() > light_key.lightness() + 40


def test_the_editor_is_named_for_assistive_technology(editor):
    assert editor.accessibleName() == "Timeline YAML editor"


def test_the_documents_text_shows_in_the_editors_font_and_tab_stops(editor):
    tab_stops = editor.tabStopDistance()
    document = QTextDocument()
    document.setDocumentLayout(QPlainTextDocumentLayout(document))
    editor.setDocument(document)                     # as the Document's text is shown
    assert document.defaultFont().family() == editor.font().family()
    assert editor.tabStopDistance() == tab_stops > 0


def test_marks_made_while_hidden_show_when_the_pane_first_shows(qtbot):
    hidden = YamlEditor()
    qtbot.addWidget(hidden)
    hidden.setPlainText(BROKEN)
    hidden.scroll_to_block(3, 4)            # the selected event's lines, as the window marks
    hidden.set_problems(load_text(BROKEN, "t.yaml").problems)
    assert hidden.extraSelections() == []   # a pane never shown draws nothing, costs nothing
    hidden.resize(600, 400)
    hidden.show()
    qtbot.waitExposed(hidden)
    marks = hidden.extraSelections()
    block = [m for m in marks if m.cursor.hasSelection() and
             m.cursor.document().findBlock(m.cursor.selectionStart()).blockNumber() == 2]
    assert block and block[0].format.property(QTextFormat.Property.FullWidthSelection)
    waves = [m for m in marks if m.format.underlineStyle() ==
             QTextCharFormat.UnderlineStyle.WaveUnderline]
    assert len(waves) == len(load_text(BROKEN, "t.yaml").problems)
    assert hidden.tabStopDistance() > 0


# ---- big texts --------------------------------------------------------------------------

def big_text(events):
    return "events:\n" + "".join(
        f"  - id: e{n}\n    date: 2022-03-29\n    summary: >-\n      Talks: held # {n}\n"
        for n in range(events))


def editor_with_text(qtbot, text):
    """An editor, not shown yet, on a document of its own holding `text` (as the app's
    Document fills the pane's document before the pane first shows)."""
    editor = YamlEditor()
    qtbot.addWidget(editor)
    editor.resize(700, 500)
    document = QTextDocument()
    document.setDocumentLayout(QPlainTextDocumentLayout(document))
    editor.setDocument(document)
    document.setPlainText(text)
    return editor, document


def test_a_big_text_shown_fits_the_gutter_once_and_colours_only_the_lines_painted(qtbot):
    # As the app opens a big file with an error: the text is in the document, then the pane
    # shows and goes to the error. Qt reports each of its lines as it is laid out and
    # highlighted: fitting the gutter for each froze the window for seconds.
    editor, document = editor_with_text(qtbot, big_text(7500))     # 30,001 lines
    fits = []
    margins = editor.setViewportMargins
    editor.setViewportMargins = lambda *args: (fits.append(args), margins(*args))
    editor.show()
    qtbot.waitExposed(editor)
    qtbot.wait(50)                                      # the highlighter's pass is queued
    editor.go_to(29990)
    qtbot.wait(20)
    assert len(fits) < 20
    assert editor.viewportMargins().left() >= editor.fontMetrics().horizontalAdvance("30001")
    first = editor.firstVisibleBlock().blockNumber() + 1
    line = next(n for n in range(first, first + 4) if lines(editor)[n - 1].startswith("  - id"))
    assert (4, 2) in formats_of(editor, line)           # "id", a key, near the end
    assert (4, 4) in formats_of(editor, line + 1)       # "date"
    assert formats_of(editor, line + 3) == {}           # the summary's prose: the state is right
    assert formats_of(editor, 15002) == {}              # never on screen: not coloured yet
    editor.go_to(15002)
    assert (4, 2) in formats_of(editor, 15002)          # coloured once shown


def test_a_coloured_line_keeps_its_colours_as_it_is_edited_before_any_paint(qtbot):
    """A shown line, edited, is coloured again as Qt re-reads it, not left bare for the next
    paint to colour (which made a second paint of it at every keystroke)."""
    editor, document = editor_with_text(qtbot, big_text(10))
    editor.show()
    qtbot.waitExposed(editor)
    qtbot.wait(50)                                      # the highlighter's pass is queued
    assert (4, 2) in formats_of(editor, 2)              # "  - id": coloured once painted
    block = document.findBlockByNumber(1)
    QTextCursor(block).insertText(" ")                  # no paint in between
    assert {(r.start, r.length) for r in block.layout().formats()} >= {(5, 2)}
