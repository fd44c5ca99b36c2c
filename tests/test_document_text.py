"""The Document and its text: it needs no editor, and a save gives back every byte the user
did not touch, whatever line breaks and separators the file holds."""
import ast
import inspect

import pytest
from PySide6.QtCore import Qt

from test_editing_window import (TIMELINE, WAIT_MS, open_viewer, path, recovery,  # noqa: F401
                                 type_in_editor)
from timeline_app.core.disk import read_text_file
from timeline_app.qt import document as document_module
from timeline_app.qt.document import Document


class NoQuestions:
    """Prompts that fail the test if anything is asked."""

    def __getattr__(self, name):
        raise AssertionError(f"asked {name}")


def test_a_document_works_without_any_editor(qtbot, tmp_path, path):
    document = Document(str(tmp_path / "recovery"), NoQuestions())
    checked = document.open(str(path), *read_text_file(path))
    assert [event.id for event in checked.timeline.events] == ["first", "second"]
    assert document.text() == TIMELINE
    assert document.text_document.isEmpty()        # no view: nothing laid out
    document.set_in_view(True)
    assert document.text_document.toPlainText() == TIMELINE
    document.replace_range(TIMELINE.index("First round"), len("First"), "Opening")
    assert document.is_modified() and "Opening round" in document.text()
    with qtbot.waitSignal(document.checked, timeout=3000) as done:
        pass
    assert done.args[0].timeline.events[0].title == "Opening round"
    assert document.save() and path.read_text("utf-8") == document.text()
    document.shutdown()


def test_the_document_module_imports_no_widget_and_no_dialog():
    imported = set()
    for node in ast.walk(ast.parse(inspect.getsource(document_module))):
        if isinstance(node, ast.ImportFrom):
            imported |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
    widgets = {name for name in imported if ".QtWidgets." in name}
    assert widgets == {"PySide6.QtWidgets.QPlainTextDocumentLayout"}    # a layout, no widget
    ours = {name.rsplit(".", 1)[0] for name in imported if name.startswith("timeline_app.qt")}
    assert ours <= {"timeline_app.qt.answers", "timeline_app.qt.file_watcher",
                    "timeline_app.qt.live_validator", "timeline_app.qt.loading_task",
                    "timeline_app.qt.utf16"}


# -- every byte the user did not touch ---------------------------------------------------------

PS, LS, NEL = "\u2029", "\u2028", "\u0085"
CASES = {
    "a paragraph separator in a quoted value":
        TIMELINE.replace("title: First round", f'title: "First{PS}round"').encode(),
    "a lone CR in a CRLF file":
        TIMELINE.replace("\n", "\r\n").replace("title: Talks\r\n", "title: Talks\r").encode(),
    "a CR-only file": TIMELINE.replace("\n", "\r").encode(),
    "LF and CRLF mixed": TIMELINE.replace("sources: [a1]\n", "sources: [a1]\r\n").encode(),
    "line and next-line separators, no final break":
        TIMELINE.replace("title: First round", f'title: "First{LS}round{NEL}"').rstrip()
        .encode(),
    "Qt's frame characters and a stand-in already in the file":
        TIMELINE.replace("title: First round", 'title: "First\ufdd0\ufdd1\u204b round\u2029"')
        .encode(),
    "a byte order mark and CRLF": b"\xef\xbb\xbf" + TIMELINE.replace("\n", "\r\n").encode(),
}


@pytest.fixture(params=CASES, ids=list(CASES))
def original(request, path):
    data = CASES[request.param]
    path.write_bytes(data)
    return data


def test_typing_and_deleting_a_character_saves_the_same_bytes(qtbot, settings, recovery, path,
                                                            original):
    viewer = open_viewer(qtbot, settings, recovery, path)
    viewer.window.editor_dock.show()
    editor = viewer.editor
    editor.go_to(3, 1)                                  # on another line than the odd ones
    qtbot.keyClicks(editor, "x")
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    assert viewer.window.isWindowModified()
    assert viewer.document.save()
    assert path.read_bytes() == original


def test_changing_another_line_keeps_the_rest_byte_for_byte(qtbot, settings, recovery, path,
                                                           original):
    viewer = open_viewer(qtbot, settings, recovery, path)
    viewer.window.editor_dock.show()
    editor = viewer.editor
    editor.moveCursor(editor.textCursor().MoveOperation.Start)
    assert editor.find("Second round")
    qtbot.keyClicks(editor, "Last round")
    assert viewer.document.save()
    assert path.read_bytes() == original.replace(b"Second round", b"Last round")


def test_a_paragraph_separator_shows_as_a_visible_stand_in_on_its_own_line(qtbot, settings,
                                                                           recovery, path):
    path.write_text(TIMELINE.replace("title: First round", f'title: "First{PS}round"'), "utf-8")
    viewer = open_viewer(qtbot, settings, recovery, path)
    viewer.window.editor_dock.show()
    shown = viewer.editor.toPlainText()
    assert PS not in shown and 'title: "First\u204bround"' in shown
    assert shown.count("\n") == TIMELINE.count("\n")      # the lines are the file's lines
    assert viewer.timeline.events[0].title == f"First{PS}round"   # the loader saw the real one


@pytest.mark.parametrize("pane", ["shown", "hidden"])
@pytest.mark.parametrize("now", ['title: "First \u204b round"',             # the stand-in itself
                                 f'title: "First \u204b{PS}round"'])        # and the original
def test_a_reload_chooses_the_stand_ins_afresh(qtbot, settings, recovery, path, pane, now):
    path.write_text(TIMELINE.replace("title: First round", f'title: "First{PS}round"'), "utf-8")
    viewer = open_viewer(qtbot, settings, recovery, path)
    viewer.window.editor_dock.setVisible(pane == "shown")
    theirs = TIMELINE.replace("title: First round", now)
    path.write_text(theirs, "utf-8")         # another program changed the file: no edits here
    qtbot.waitUntil(lambda: viewer.timeline.events[0].title != f"First{PS}round",
                    timeout=WAIT_MS)
    assert viewer.document.text() == theirs
    type_in_editor(viewer, qtbot, "Second round", "Last round")
    assert viewer.document.save()
    assert path.read_text("utf-8") == theirs.replace("Second round", "Last round")
