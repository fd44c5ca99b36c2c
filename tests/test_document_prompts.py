"""What the user is asked and told shows file names and file text as written: a file named
`<b>big.yaml` appears with its brackets, never in bold."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from test_editing_window import TIMELINE, WAIT_MS, open_viewer, recovery, type_in_editor  # noqa: F401
from timeline_app.qt import document as document_module
from timeline_app.qt import prompts
from timeline_app.qt.diff_dialog import DiffDialog

NAME = "<b>big.yaml"


@pytest.fixture
def boxes(monkeypatch):
    """Every message box shown, closed at once (as if by Esc)."""
    shown = []

    def exec_(box):
        shown.append(box)
        return 0
    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


@pytest.mark.parametrize("ask", [
    lambda: prompts.ask_reload(None, NAME),
    lambda: prompts.ask_save_edits(None, NAME),
    lambda: prompts.ask_overwrite(None, NAME, "was changed by another program."),
    lambda: prompts.ask_link(None, NAME, f"/tmp/{NAME}"),
    lambda: prompts.ask_link(None, NAME, f"/tmp/{NAME}", since_opened=False),
    lambda: prompts.show_error(None, "Could not save", f"{NAME} was not saved.", True),
], ids=["reload", "save edits", "overwrite", "link", "save as a link", "error"])
def test_every_question_shows_the_name_as_plain_text(qtbot, boxes, ask):
    answer = ask()
    box = boxes[0]
    assert box.textFormat() == Qt.TextFormat.PlainText and NAME in box.text()
    assert answer in (False, prompts.CANCEL)        # closed without choosing: nothing done


def test_buttons_have_keyboard_mnemonics(qtbot, boxes):
    prompts.ask_save_edits(None, NAME)
    assert sorted(b.text() for b in boxes[0].buttons()) == ["&Cancel", "&Discard", "&Save"]


@pytest.fixture
def odd_path(tmp_path):
    path = tmp_path / NAME
    path.write_text(TIMELINE, "utf-8")
    return path


def test_the_window_shows_an_html_looking_name_as_written(qtbot, settings, recovery, odd_path,
                                                           boxes, monkeypatch):
    viewer = open_viewer(qtbot, settings, recovery, odd_path)
    type_in_editor(viewer, qtbot, "First round", "My round")
    odd_path.write_text(TIMELINE.replace("Second round", "Their round"), "utf-8")
    qtbot.waitUntil(lambda: viewer.notices.notice == document_module.CONFLICT, timeout=WAIT_MS)
    label = viewer.notices.label
    assert label.textFormat() == Qt.TextFormat.PlainText and NAME in label.text()
    intros = []

    def exec_(dialog):
        intro = dialog.findChildren(type(label))[0]
        intros.append((intro.textFormat(), intro.text()))
    monkeypatch.setattr(DiffDialog, "exec", exec_)
    viewer.notices.buttons["diff"].click()
    assert intros[0][0] == Qt.TextFormat.PlainText and NAME in intros[0][1]
    viewer.window.close()                   # unsaved edits: asked, and the box is closed
    assert NAME in boxes[-1].text() and viewer.window.isVisible()
    viewer.editor.document().setModified(False)
