"""Every question the app asks and every message box it shows, in one place.

Small functions: a parent widget and plain values in, the user's choice out. File names and
file text are always plain text (a file named `<b>big.yaml` shows literally), so every box
is made by `_box`, which sets Qt.TextFormat.PlainText. Buttons carry keyboard mnemonics.

`Prompts(window)` binds the window as the parent: the Document asks through it and never
imports a dialog. Tests answer a question by replacing its function in this module.
"""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from timeline_app.qt.answers import (CANCEL, DIFF, DISCARD, OVERWRITE, RELOAD, REPLACE_LINK,
                                     SAVE, SAVE_AS, WRITE_TARGET)
from timeline_app.qt.resources import APP_DISPLAY_NAME, app_icon

FILE_FILTER = "Timelines (*.yaml *.yml);;All files (*)"


def _box(parent: QWidget | None, icon: str, title: str, text: str,
         buttons: list[tuple[str, str, str]], default: str = "") -> str:
    """A message box in plain text with a button per (answer, label, role); the answer of the
    button clicked, or CANCEL when the box was closed another way. `icon` and each role are
    names of QMessageBox.Icon and QMessageBox.ButtonRole (QMessageBox is imported when a box
    is first shown, not at start)."""
    from PySide6.QtWidgets import QMessageBox
    box = QMessageBox(QMessageBox.Icon[icon], title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    answers = {}
    for answer, label, role in buttons:
        button = box.addButton(label, QMessageBox.ButtonRole[role])
        answers[button] = answer
        if answer == default:
            box.setDefaultButton(button)
        if role == _REJECT:
            box.setEscapeButton(button)
    box.exec()
    return answers.get(box.clickedButton(), CANCEL)


_ACCEPT, _REJECT, _ACTION, _DESTRUCTIVE = "AcceptRole", "RejectRole", "ActionRole", \
    "DestructiveRole"


def ask_reload(parent: QWidget | None, name: str) -> bool:
    """F5 over unsaved edits: True to reload (the edits stay undoable)."""
    return _box(parent, "Question", "Reload from disk?",
                f"Reload {name} from disk and replace your unsaved edits? "
                "Edit > Undo brings them back.",
                [(RELOAD, "&Reload", _ACCEPT), (CANCEL, "&Cancel", _REJECT)],
                default=CANCEL) == RELOAD


def ask_save_edits(parent: QWidget | None, name: str) -> str:
    """Before closing the file: SAVE, DISCARD or CANCEL."""
    return _box(parent, "Warning", "Unsaved edits",
                f"Save your edits to {name}?",
                [(SAVE, "&Save", _ACCEPT), (DISCARD, "&Discard", _DESTRUCTIVE),
                 (CANCEL, "&Cancel", _REJECT)], default=SAVE)


def ask_overwrite(parent: QWidget | None, name: str, why: str) -> str:
    """The file changed on disk since it was read: OVERWRITE, DIFF or CANCEL."""
    return _box(parent, "Warning", "The file changed on disk",
                f"{name} {why} Saving replaces that version with yours.",
                [(OVERWRITE, "&Overwrite", _ACCEPT), (DIFF, "Show &Difference", _ACTION),
                 (CANCEL, "&Cancel", _REJECT)], default=CANCEL)


def ask_link(parent: QWidget | None, name: str, target: str, since_opened: bool = True) -> str:
    """The file was replaced by a symbolic link since it was read (or, not `since_opened`,
    the name chosen in Save As is one): WRITE_TARGET (into the file it points to),
    REPLACE_LINK (a file of its own in place of the link), SAVE_AS or CANCEL. The target is
    shown in full, so nothing is written anywhere unseen."""
    what = (f"{name} was replaced by a link since you opened it. It now points to:"
            if since_opened else f"{name} is a link. It points to:")
    return _box(parent, "Warning", "The file is a link",
                f"{what}\n\n{target}\n\nSaving into the linked file changes that file. "
                f"Replacing the link puts your text in {name} and leaves the other file as it is.",
                [(WRITE_TARGET, "Save into the &Linked File", _ACTION),
                 (REPLACE_LINK, "&Replace the Link", _ACTION),
                 (SAVE_AS, "Save &As…", _ACTION), (CANCEL, "&Cancel", _REJECT)],
                default=CANCEL)


def ask_save_with_conflicts(parent: QWidget | None, count: int) -> bool:
    """Saving a text that still holds a merge's conflict markers: True to save it anyway."""
    places = f"{count} merge conflict{'s' if count != 1 else ''} remain{'s' if count == 1 else ''}"
    return _box(parent, "Warning", "Merge conflicts remain",
                f"{places} in the text (between <<<<<<< and >>>>>>> markers). Save anyway?",
                [(SAVE, "&Save Anyway", _ACCEPT), (CANCEL, "&Cancel", _REJECT)],
                default=CANCEL) == SAVE


def show_error(parent: QWidget | None, title: str, text: str,
               offer_save_as: bool = False) -> bool:
    """A failure said plainly; True when the user chose Save As… from it."""
    buttons = [("ok", "&OK", _ACCEPT)]
    if offer_save_as:
        buttons.append((SAVE_AS, "Save &As…", _ACTION))
    return _box(parent, "Warning", title, text, buttons, default="ok") == SAVE_AS


def show_difference(parent: QWidget | None, diff: str, title: str, intro: str,
                    choices: list[tuple[str, str]]) -> str:
    """The difference between two texts, with a button per (answer, label); "" if closed."""
    from timeline_app.qt.diff_dialog import DiffDialog     # rarely needed: not at start
    dialog = DiffDialog(diff, title, intro, choices, parent)
    dialog.exec()
    return dialog.choice


def choose_save_path(parent: QWidget | None, start: str) -> str:
    """Save As: the path chosen, or "" when cancelled."""
    from PySide6.QtWidgets import QFileDialog
    path, _ = QFileDialog.getSaveFileName(parent, "Save Timeline As", start, FILE_FILTER)
    return path


class Prompts:
    """The questions of one window, with that window as their parent. Each method looks its
    function up in this module when called, so a test can answer by replacing the function."""

    def __init__(self, parent: QWidget | None):
        self.parent = parent

    def ask_reload(self, name: str) -> bool:
        return ask_reload(self.parent, name)

    def ask_save_edits(self, name: str) -> str:
        return ask_save_edits(self.parent, name)

    def ask_overwrite(self, name: str, why: str) -> str:
        return ask_overwrite(self.parent, name, why)

    def ask_link(self, name: str, target: str, since_opened: bool = True) -> str:
        return ask_link(self.parent, name, target, since_opened)

    def ask_save_with_conflicts(self, count: int) -> bool:
        return ask_save_with_conflicts(self.parent, count)

    def show_error(self, title: str, text: str, offer_save_as: bool = False) -> bool:
        return show_error(self.parent, title, text, offer_save_as)

    def show_difference(self, diff: str, title: str, intro: str,
                        choices: list[tuple[str, str]]) -> str:
        return show_difference(self.parent, diff, title, intro, choices)

    def choose_save_path(self, start: str) -> str:
        return choose_save_path(self.parent, start)


# ---- app.py's dialogs -----------------------------------------------------------------------

KEYS_HELP = [
    ("Right / Left", "next / previous event (in date order, among the listed events)"),
    ("Home / End", "first / last event (Home again: the title page)"),
    ("Ctrl+F or /", "search events"), ("Down", "from the search box to the list"),
    ("Esc", "clear the search and filters; with none, show the title page"),
    ("Alt+Home", "the title page: what the timeline is about, its tracks and sources"),
    ("+ / - / 0", "zoom in / zoom out / fit all events"),
    ("[ / ]", "previous / next busy period"),
    ("Shift+Right / Shift+Left", "on the timeline: go to a lane's \u201cN later \u2192\u201d / "
     "\u201c\u2190 N earlier\u201d"),
    ("Ctrl+wheel", "zoom at the pointer"), ("drag, wheel, Shift+wheel", "pan"),
    ("Alt+Left / Alt+Right", "back / forward through the events you visited"),
    ("Tab", "move on: the timeline, the search box, the filters, the list, the detail's links"),
    ("Ctrl+E", "show or hide the YAML editor (Esc in it: back to where you were)"),
    ("Ctrl+S / Ctrl+Shift+S", "save / save as"),
    ("Ctrl+N / Ctrl+D", "new event / duplicate the selected event (in the editor)"),
    ("Ctrl+Z / Ctrl+Shift+Z", "undo / redo in the editor"),
    ("F5", "reload the file from disk"),
    ("F1 / Shift+F1", "these keys / the timeline file format"),
    ("Ctrl+Shift+N", "new timeline (from a small example)"),
    ("Ctrl+> / Ctrl+< / Ctrl+0", "larger / smaller / normal text in the list, the detail, the "
     "sources and the editor (Ctrl+Shift+. and Ctrl+Shift+, on many keyboards)"),
]


def choose_open_path(parent: QWidget | None, start: str) -> str:
    """Open: the path chosen, or "" when cancelled."""
    from PySide6.QtWidgets import QFileDialog
    path, _ = QFileDialog.getOpenFileName(parent, "Open Timeline", start, FILE_FILTER)
    return path


def show_cannot_open(parent: QWidget | None, reason: str, still_open: str) -> None:
    """A file chosen to open could not be read; `still_open` (a name) stays on screen."""
    _box(parent, "Warning", "Cannot open the file",
         f"{reason}\n\n{still_open} stays open. Choose a timeline file (YAML text) to open "
         "instead.", [("ok", "&OK", _ACCEPT)], default="ok")


def show_cannot_edit(parent: QWidget | None, reason: str) -> None:
    """Ctrl+N or Ctrl+D could not make their edit: why, and what to do."""
    _box(parent, "Information", "Cannot add the event", f"{reason}.",
         [("ok", "&OK", _ACCEPT)], default="ok")


def show_keys(parent: QWidget | None) -> None:
    """F1: the keyboard shortcuts, in a table (the texts are the app's own, not a file's)."""
    rows = "".join(f"<tr><td><b>{html.escape(k)}</b>&nbsp;&nbsp;</td><td>{html.escape(v)}"
                   "</td></tr>" for k, v in KEYS_HELP)
    _rich_box(parent, "Information", "Keyboard shortcuts",
              f"<table width=620 cellpadding=3>{rows}</table>")


def show_about(parent: QWidget | None, version: str) -> None:
    _rich_box(parent, "NoIcon", f"About {APP_DISPLAY_NAME}",
              f"<b>{APP_DISPLAY_NAME} {html.escape(version)}</b><p>A viewer and editor for YAML "
              "timelines whose events are backed by verbatim article excerpts.</p><p>The "
              "command is <tt>timeline-app</tt>; Help &gt; Timeline Format describes the "
              "files.</p>", icon_pixmap=True)


def _rich_box(parent: QWidget | None, icon: str, title: str, text: str,
              icon_pixmap: bool = False) -> None:
    """A box of the app's own rich text (never a file's) with a &Close button; `icon` as
    for _box."""
    from PySide6.QtWidgets import QMessageBox
    box = QMessageBox(QMessageBox.Icon[icon], title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    box.setTextFormat(Qt.TextFormat.RichText)
    if icon_pixmap:
        box.setIconPixmap(app_icon().pixmap(64, 64))
    close = box.addButton("&Close", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(close)
    box.setEscapeButton(close)
    box.exec()


def show_unexpected_error(parent: QWidget | None, what: str, log_path: str) -> None:
    """Something failed that should not have (a bug): what failed, and where its details are
    kept. Never the traceback itself."""
    where = (f"The details were written to:\n{log_path}" if log_path else
             "The details could not be written to a log file.")
    _box(parent, "Critical", "Something went wrong",
         f"{what}\n\nThe window stays open and your text is kept; saving your work now is "
         f"a good idea. {where}\n\nPlease report the problem with that file.",
         [("ok", "&OK", _ACCEPT)], default="ok")


def show_no_browser(parent: QWidget | None, url: str) -> bool:
    """No web browser could be started for a link: the address, to copy; True to copy it."""
    return _box(parent, "Warning", "No browser could be started",
                f"No web browser could be started to open:\n\n{url}\n\nCopy the address "
                "and open it in a browser yourself.",
                [("copy", "&Copy Address", _ACCEPT), (CANCEL, "&Close", _REJECT)],
                default="copy") == "copy"
