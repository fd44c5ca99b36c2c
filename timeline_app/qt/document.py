"""The open file and the text being edited: opening, watching the disk, checking while
typing, saving, conflicts and crash recovery. Nothing the user typed or saved is lost:

- the disk is never written behind the user's back, and a save never overwrites a file
  that changed since it was read without asking (QSaveFile: never a half-written file);
- a change on disk replaces the text only when it has no unsaved edits; otherwise a bar
  offers Reload / Keep mine / Show difference, and a reload is one undoable edit;
- while there are unsaved edits, they are copied to a recovery file every few seconds.

The Viewer shows what `checked` reports; this class never touches the views.
"""
from __future__ import annotations

import codecs
import contextlib
import functools
import os
import stat
import sysconfig
from collections.abc import Callable

from PySide6.QtCore import QIODevice, QObject, QSaveFile, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from timeline_app.core.disk import (DiskState, changed_on_disk, problem_of, read_text_file,
                                    unified_diff)
from timeline_app.core.loader import LoadResult, UnreadableFile
from timeline_app.core.model import Timeline
from timeline_app.core.recovery import RecoveryStore
from timeline_app.qt.diff_dialog import KEEP, RELOAD, DiffDialog
from timeline_app.qt.file_watcher import FileWatcher
from timeline_app.qt.live_validator import PAUSE_MS, LiveValidator
from timeline_app.qt.notice_bar import INFO, WARNING, NoticeBar
from timeline_app.qt.yaml_editor import YamlEditor

AUTOSAVE_MS = 3000
CONFLICT, MISSING, RECOVERED, READ_ONLY = "conflict", "missing", "recovered", "read-only"
FILE_FILTER = "Timelines (*.yaml *.yml);;All files (*)"


class Document(QObject):
    checked = Signal(object)        # the LoadResult of the text now in the editor
    pathChanged = Signal(str)       # opened or saved under a new name
    saved = Signal(str)             # a short message for the status bar

    def __init__(self, editor: YamlEditor, notices: NoticeBar, recovery: RecoveryStore,
                 window: QWidget, prepare: Callable[[Timeline], object] | None = None):
        super().__init__(window)
        self.editor, self.notices, self.recovery, self.window = editor, notices, recovery, window
        self.path = ""
        self.loaded: DiskState | None = None    # the file as last read or written by us
        self.crlf = False                       # the file's line breaks were \r\n
        self.bom = False                        # it began with a UTF-8 byte order mark
        self._opening = False
        self._read_only_to_say = False
        # The text the timeline on screen was checked from, while the editor still holds
        # it; None once the text has changed since (line numbers may no longer match).
        self.checked_source: str | None = None
        self._submitted = ""
        self.watcher = FileWatcher(self)
        # The pause after typing is timed here, not in the validator, so that a keystroke only
        # restarts a timer: reading the editor's text costs milliseconds on a big file.
        self.validator = LiveValidator(self, pause_ms=0, prepare=prepare)
        self._typing = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self._typing.timeout.connect(self._check_typed)
        self.autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self.watcher.changed.connect(self._changed_on_disk)
        self.watcher.missing.connect(self._missing)
        self.watcher.returned.connect(lambda: self.notices.clear(MISSING))
        self.validator.validated.connect(self._validated)
        self.editor.edited.connect(self._edited)
        self.autosave.timeout.connect(self.keep_for_recovery)
        self.notices.actionChosen.connect(self._notice_action)

    # -- state --------------------------------------------------------------------------------

    def is_modified(self) -> bool:
        return self.editor.document().isModified()

    def text(self) -> str:
        return self.editor.toPlainText()

    def is_read_only(self) -> bool:
        """Files we may not or should not write: no permission, or inside an installed package
        (the bundled timeline there would be lost at the next upgrade)."""
        if not self.path:
            return True
        if os.path.exists(self.path) and not os.access(self.path, os.W_OK):
            return True
        return any(self.path.startswith(folder + os.sep) for folder in _installed_folders())

    # -- opening and reloading ---------------------------------------------------------------

    def open(self, path: str, text: str, state: DiskState) -> LoadResult:
        """Show the file's text (read by read_text_file, with its state) in the editor and check
        it. The caller has asked about unsaved edits of the file open before."""
        self.autosave.stop()
        changed_path = path != self.path
        self.path = path
        text = self._take_disk(text, state)
        self.editor.set_text(text)
        self.watcher.watch(path)
        self.notices.clear()
        if changed_path:
            self.pathChanged.emit(path)
        # Said at the first edit, not on opening: reading a read-only file needs no warning
        # (the bundled timeline of an installed app is one, on every start).
        self._read_only_to_say = self.is_read_only()
        self._opening = True        # the caller shows the result, with its first selection
        try:
            return self._check_now(text)
        finally:
            self._opening = False

    def offer_recovery(self) -> None:
        """After opening: show the bar when unsaved edits of this file were kept by a crash."""
        kept = self.recovery.load(self.path) if self.path else None
        if kept is None or kept.text == self.text():
            return
        when = kept.saved_at.astimezone().strftime("%d %B %Y at %H:%M")
        basis = ("" if kept.loaded_sha256 in (None, self.loaded and self.loaded.sha256) else
                 " The file has changed on disk since then.")
        self.notices.show_notice(RECOVERED, f"Unsaved edits to {os.path.basename(self.path)} "
                                 f"from {when} were kept when the app last closed without "
                                 f"saving them.{basis}",
                                 [("restore", "Restore My Edits"), ("diff", "Show Difference"),
                                  ("discard", "Discard Them")], WARNING)

    def reload(self) -> None:
        """F5: read the file again; unsaved edits are asked about first (and stay undoable)."""
        if self.is_modified() and not self._ask(
                "Reload from disk?", f"Reload {os.path.basename(self.path)} from disk and "
                "replace your unsaved edits? Edit > Undo brings them back.", "Reload"):
            return
        self._reload_from_disk()

    def _reload_from_disk(self) -> None:
        try:
            text, state = read_text_file(self.path)
        except UnreadableFile as error:
            self._show_error("The file cannot be read", str(error))
            return
        self._replace_text(self._take_disk(text, state), forget_edits=True)

    def _take_disk(self, text: str, state: DiskState) -> str:
        """The file as read is now the one edits are based on; returns its text as the
        editor holds it (line breaks as \n; a save writes \r\n again when the file had them)."""
        self.crlf = "\r\n" in text
        self.bom = state.bom
        self.loaded = state
        return text.replace("\r\n", "\n") if self.crlf else text

    def _replace_text(self, text: str, forget_edits: bool = False) -> None:
        """The editor shows `text` as saved; the old text stays one Ctrl+Z away (in a shown
        pane). forget_edits: the user chose to drop their unsaved edits, and their recovery
        copy goes too; a crash's copy still on offer is never dropped here."""
        if text != self.text():
            if self.editor.isVisible() or self.is_modified():
                self.editor.replace_all(text)       # edits replaced stay one Ctrl+Z away
            else:               # nothing to undo, nobody looking: no layout needed
                self.editor.set_text(text, keep_position=True)
        self.editor.document().setModified(False)
        self.autosave.stop()
        if forget_edits and self.notices.notice != RECOVERED:
            self.recovery.discard(self.path)
        self.notices.clear(CONFLICT)
        self._check_now(text)

    # -- outside changes ---------------------------------------------------------------------

    def _changed_on_disk(self) -> None:
        try:
            text, state = read_text_file(self.path)
        except UnreadableFile as error:
            self.checked.emit(LoadResult(None, (problem_of(error, self.path),), self.path))
            return
        if not self.is_modified():
            self._replace_text(self._take_disk(text, state))
        elif text.replace("\r\n", "\n") == self.text():     # the disk now holds our text
            self._take_disk(text, state)
            self.notices.clear(CONFLICT)
        else:
            self.notices.show_notice(
                CONFLICT, f"{os.path.basename(self.path)} changed on disk, and you have unsaved "
                "edits. Neither is lost until you choose.",
                [("reload", "Reload from Disk"), ("keep", "Keep Mine"),
                 ("diff", "Show Difference")], WARNING)

    def _missing(self) -> None:
        self.notices.show_notice(MISSING, f"{os.path.basename(self.path)} was deleted or moved "
                                 "away. The last version stays on screen; it comes back when "
                                 "the file does, or save it again.", [("save", "Save")], WARNING)

    def _notice_action(self, notice: str, action: str) -> None:
        if action == "save":
            self.save()
        elif action == "save-as":
            self.save_as()
        elif notice == CONFLICT:
            self._resolve_conflict(action)
        elif notice == RECOVERED:
            self._resolve_recovery(action)

    def _resolve_conflict(self, action: str) -> None:
        if action == "diff":
            action = self._show_disk_difference()
        if action not in (RELOAD, KEEP):
            return
        try:                # read now: the file may have changed again while the user looked
            text, state = read_text_file(self.path)
        except UnreadableFile as error:
            if action == KEEP and not os.path.exists(self.path):
                self.notices.clear(CONFLICT)     # gone: nothing on disk to keep apart from
            else:
                self._show_error("The file cannot be read", str(error))
            return
        if action == RELOAD:
            self._replace_text(self._take_disk(text, state), forget_edits=True)
        else:              # KEEP: the disk's text stays on disk until the user saves over it
            self._take_disk(text, state)
            self.notices.clear(CONFLICT)

    def _resolve_recovery(self, action: str) -> None:
        kept = self.recovery.load(self.path)
        if kept is not None and action == "diff":
            name = os.path.basename(self.path)
            action = self._compare(
                self.text(), kept.text, f"{name} as opened", "your recovered edits",
                "Your recovered edits", f"Lines starting with + are only in your recovered "
                f"edits; lines starting with - only in {name} as it is open now.",
                [("restore", "Restore My Edits"), ("discard", "Discard Them")])
        if action == "restore" and kept is not None:
            self.editor.replace_all(kept.text)      # undoable; the document becomes modified
            self.notices.clear(RECOVERED)
        elif action == "discard":
            self.recovery.discard(self.path)
            self.notices.clear(RECOVERED)

    def _show_disk_difference(self) -> str:
        """Your unsaved text against the file on disk: RELOAD, KEEP or "" (undecided)."""
        name = os.path.basename(self.path)
        try:
            theirs = read_text_file(self.path)[0].replace("\r\n", "\n")
        except UnreadableFile:
            theirs = ""
        return self._compare(
            self.text(), theirs, "your unsaved text", f"{name} on disk",
            f"Your edits and {name} on disk", f"Lines starting with - are only in your unsaved "
            f"text; lines starting with + only in {name} on disk.",
            [(RELOAD, "Use the File on Disk"), (KEEP, "Keep My Edits")])

    def _compare(self, mine: str, theirs: str, mine_label: str, theirs_label: str, title: str,
                 intro: str, choices: list[tuple[str, str]]) -> str:
        dialog = DiffDialog(unified_diff(mine, theirs, mine_label, theirs_label), title, intro,
                            choices, self.window)
        dialog.exec()
        return dialog.choice

    # -- typing ------------------------------------------------------------------------------

    def _edited(self) -> None:
        self.checked_source = None
        self._typing.start()
        if self._read_only_to_say and self.is_modified():
            self._read_only_to_say = False
            self.notices.show_notice(READ_ONLY, f"{os.path.basename(self.path)} is read-only "
                                     "here: your edits can be saved under another name.",
                                     [("save-as", "Save As…")], INFO)
        if self.is_modified() and not self.autosave.isActive():
            self.autosave.start()

    def _check_typed(self) -> None:
        self._submitted = self.text()
        self.validator.submit(self._submitted, self.path)

    def _check_now(self, text: str) -> LoadResult:
        self._typing.stop()
        self._submitted = text
        return self.validator.validate_now(text, self.path)

    def _validated(self, result: LoadResult) -> None:
        self.editor.set_problems(result.problems)
        self.checked_source = self._submitted   # the validator reports only the latest text
        if not self._opening:
            self.checked.emit(result)

    def keep_for_recovery(self) -> None:
        """Copy unsaved edits to the recovery folder; a failure is said, never fatal. While a
        crash's copy is on offer (the bar), it is not overwritten: the user has not chosen."""
        if not self.path or not self.is_modified() or self.notices.notice == RECOVERED:
            return
        try:
            self.recovery.save(self.path, self.text(), self.loaded.sha256 if self.loaded else None)
        except OSError as error:
            self.saved.emit(f"Could not keep a recovery copy of your edits: {error.strerror}")

    # -- saving --------------------------------------------------------------------------------

    def save(self) -> bool:
        """Ctrl+S: write exactly the editor's text; ask first if the file changed on disk."""
        if self.is_read_only():
            return self.save_as()
        if not self.is_modified() and self.loaded is not None and \
                not changed_on_disk(self.path, self.loaded):
            self.saved.emit("No changes to save")      # the file's time stays as it was
            return True
        if self.loaded is not None and os.path.exists(self.path) and \
                changed_on_disk(self.path, self.loaded) and not self._ask_overwrite():
            return False
        return self._write(self.path)

    def save_as(self) -> bool:
        folder = os.path.dirname(self.path) if self.path else ""
        if not folder or not os.access(folder, os.W_OK) or \
                any(folder.startswith(f) for f in _installed_folders()):
            folder = os.path.expanduser("~")
        start = os.path.join(folder, os.path.basename(self.path) or "timeline.yaml")
        path, _ = QFileDialog.getSaveFileName(self.window, "Save Timeline As", start, FILE_FILTER)
        if not path:
            return False
        old = self.path
        if not self._write(os.path.realpath(path)):
            return False
        self.recovery.discard(old)
        self.watcher.watch(self.path)
        self.notices.clear()
        self.pathChanged.emit(self.path)
        return True

    def _ask_overwrite(self) -> bool:
        """The file changed on disk since it was read: overwrite it, see the change, or not."""
        while True:
            box = QMessageBox(QMessageBox.Icon.Warning, "The file changed on disk",
                              f"{os.path.basename(self.path)} was changed by another program "
                              "since you opened it. Saving replaces that version with yours.",
                              QMessageBox.StandardButton.Cancel, self.window)
            overwrite = box.addButton("Overwrite", QMessageBox.ButtonRole.AcceptRole)
            diff = box.addButton("Show Difference", QMessageBox.ButtonRole.ActionRole)
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            if box.clickedButton() is overwrite:
                return True
            if box.clickedButton() is not diff:
                return False
            choice = self._show_disk_difference()
            if choice == KEEP:
                return True
            if choice == RELOAD:
                self._resolve_conflict(RELOAD)
                return False

    def _write(self, path: str) -> bool:
        """Write the editor's text to `path` in one step (QSaveFile): all of it or nothing."""
        text = self.text()
        data = (text.replace("\n", "\r\n") if self.crlf else text).encode("utf-8",
                                                                           "surrogatepass")
        if self.bom:
            data = codecs.BOM_UTF8 + data
        watching = self.watcher.path() == path
        try:
            if watching:
                with self.watcher.paused(data):
                    error = write_file(path, data)
            else:
                error = write_file(path, data)
        except UnicodeEncodeError:
            error = "the text holds characters that cannot be written as UTF-8"
        if error:
            self._show_error("Could not save", f"{os.path.basename(path)} was not saved: "
                             f"{error}. The file on disk is unchanged and your edits are still "
                             "here; try File > Save As… to save them elsewhere.",
                             offer_save_as=path == self.path)
            return False
        self.path = path
        try:
            state = DiskState.of(path)
        except UnreadableFile:         # written but not readable back (odd permissions)
            state = None
        self.loaded = state or DiskState.of_bytes(data, 0)
        self.editor.document().setModified(False)
        self.autosave.stop()
        if self.notices.notice != RECOVERED:    # a crash's copy on offer waits for a choice
            self.recovery.discard(path)
        self.notices.clear(CONFLICT)
        self.notices.clear(MISSING)
        self.saved.emit(f"Saved {os.path.basename(path)}")
        return True

    # -- questions -------------------------------------------------------------------------------

    def may_close(self) -> bool:
        """Before quitting or opening another file: Save / Discard / Cancel when dirty."""
        if not self.is_modified():
            return True
        name = os.path.basename(self.path) if self.path else "a new file"
        answer = QMessageBox.warning(
            self.window, "Unsaved edits", f"Save your edits to {name}?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard |
            QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            if self.notices.notice != RECOVERED:
                self.recovery.discard(self.path)
            self.editor.document().setModified(False)
            return True
        return False

    def _ask(self, title: str, text: str, yes: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.Cancel, self.window)
        accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.exec()
        return box.clickedButton() is accept

    def _show_error(self, title: str, text: str, offer_save_as: bool = False) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                          self.window)
        save_as = box.addButton("Save As…", QMessageBox.ButtonRole.ActionRole) \
            if offer_save_as else None
        box.exec()
        if save_as is not None and box.clickedButton() is save_as:
            self.save_as()

    def shutdown(self) -> None:
        self._typing.stop()
        self.watcher.stop()
        self.validator.shutdown(2.0)
        self.autosave.stop()


@functools.cache
def _installed_folders() -> tuple[str, ...]:
    """Where installed packages live: the bundled timeline there is not the user's to edit."""
    return tuple({os.path.realpath(sysconfig.get_paths()[key]) for key in ("purelib", "platlib")})


def write_file(path: str, data: bytes) -> str:
    """Write `data` to `path` atomically; "" on success, else why not (for a person)."""
    file = QSaveFile(path)
    if not file.open(QIODevice.OpenModeFlag.WriteOnly):
        return file.errorString() or "the file cannot be opened for writing"
    if file.write(data) != len(data):
        reason = file.errorString()
        file.cancelWriting()        # the temporary file goes with the QSaveFile; the target stays
        return reason or "the disk is full or the file cannot be written"
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = None                 # a new file: the system's default permissions
    if not file.commit():
        return file.errorString() or "the file cannot be written"
    if mode is not None and stat.S_IMODE(os.stat(path).st_mode) != mode:
        with contextlib.suppress(OSError):      # the new file keeps the old one's permissions
            os.chmod(path, mode)
    return ""
