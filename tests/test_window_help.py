"""Help: the timeline format inside the app (the README's reference, kept in one file), one
name for the app, and keyboard mnemonics on every dialog button."""
import configparser
import json

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QMessageBox, QPushButton

from conftest import REPO
from timeline_app.qt import prompts
from timeline_app.qt.app import Viewer
from timeline_app.qt.diff_dialog import DiffDialog
from timeline_app.qt.format_help import format_reference
from timeline_app.qt.main import make_application
from timeline_app.qt.mnemonics import with_mnemonics
from timeline_app.qt.resources import APP_DISPLAY_NAME


def schema_keys(node) -> set[str]:
    keys = set()
    if isinstance(node, dict):
        keys |= set(node.get("properties", {}))
        for value in node.values():
            keys |= schema_keys(value)
    elif isinstance(node, list):
        for value in node:
            keys |= schema_keys(value)
    return keys


def test_help_timeline_format_shows_the_reference_every_key_included(qtbot, settings):
    viewer = Viewer(settings)
    qtbot.addWidget(viewer.window)
    viewer.window.format_action.trigger()
    help_window = viewer._format_help
    qtbot.waitExposed(help_window)
    shown = help_window.browser.toPlainText()
    assert "Every key" in shown and "Rules the app checks" in shown
    schema = json.loads((REPO / "resources" / "timeline.schema.json").read_text("utf-8"))
    assert schema_keys(schema) and all(key in shown for key in schema_keys(schema))
    # the file's own links to its headings work here too
    bar = help_window.browser.verticalScrollBar()
    help_window.browser.anchorClicked.emit(QUrl("#completion-and-checking-in-your-editor"))
    assert bar.value() > 0
    viewer.window.format_action.trigger()          # one window, brought up again
    assert viewer._format_help is help_window


def test_the_readme_links_to_the_one_format_reference():
    readme = (REPO / "README.md").read_text("utf-8")
    assert "](resources/format.md)" in readme
    assert "| Key | Where |" not in readme and "| Key | Where |" in format_reference()


def test_one_name_for_people_everywhere(qtbot, monkeypatch):
    app = make_application()
    assert app.applicationDisplayName() == APP_DISPLAY_NAME == "Timeline"
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(REPO / "resources" / f"{app.desktopFileName()}.desktop", encoding="utf-8")
    assert entry["Desktop Entry"]["Name"] == APP_DISPLAY_NAME
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    prompts.show_about(None, "1.2.3")
    assert shown[0].windowTitle() == "About Timeline"
    assert "Timeline 1.2.3" in shown[0].text() and "timeline_app" not in shown[0].text()


def test_every_button_of_every_box_has_a_mnemonic(qtbot, monkeypatch):
    labels = []
    monkeypatch.setattr(QMessageBox, "exec",
                        lambda box: labels.extend(b.text() for b in box.buttons()) or 0)
    for show in (lambda: prompts.ask_reload(None, "a.yaml"),
                 lambda: prompts.ask_save_edits(None, "a.yaml"),
                 lambda: prompts.ask_overwrite(None, "a.yaml", "changed."),
                 lambda: prompts.ask_link(None, "a.yaml", "/b.yaml"),
                 lambda: prompts.show_error(None, "T", "x", offer_save_as=True),
                 lambda: prompts.show_cannot_open(None, "why", "b.yaml"),
                 lambda: prompts.show_cannot_edit(None, "why"),
                 lambda: prompts.show_keys(None), lambda: prompts.show_about(None, "1"),
                 lambda: prompts.show_unexpected_error(None, "what", "/log"),
                 lambda: prompts.show_no_browser(None, "https://example.org")):
        show()
    assert len(labels) >= 20 and all("&" in label for label in labels), labels
    dialog = DiffDialog("-a\n+b\n", "T", "intro", [("reload", "Use the File on Disk"),
                                                   ("keep", "Keep My Edits"),
                                                   ("merge", "Merge")])
    qtbot.addWidget(dialog)
    texts = [b.text() for b in dialog.findChildren(QPushButton)]
    letters = [t[t.index("&") + 1].lower() for t in texts]
    assert sorted(texts) == ["&Close", "&Keep My Edits", "&Merge", "&Use the File on Disk"]
    assert len(set(letters)) == len(letters)


@pytest.mark.parametrize("labels, taken, expected", [
    (["Merge", "Keep Mine"], "", ["&Merge", "&Keep Mine"]),
    (["Keep", "Kill"], "", ["&Keep", "K&ill"]),
    (["&Save", "Skip"], "", ["&Save", "S&kip"]),
    (["Close"], "c", ["C&lose"])])
def test_mnemonics_go_on_free_letters(labels, taken, expected):
    assert with_mnemonics(labels, taken) == expected
