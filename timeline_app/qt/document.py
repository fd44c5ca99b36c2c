"""The open file and its text: opening, watching the disk, checking while typing, saving,
conflicts, merges and crash copies. Nothing the user typed or saved is lost:

- the disk is never written behind the user's back; before every save the file's content
  hash is compared with what was loaded, and a change (or a file now replaced by a link)
  is asked about; a save is atomic (core.disk.write_atomically) and says why it failed;
- a change on disk replaces the text only when it has no unsaved edits; otherwise a bar
  offers Reload / Keep Mine / Merge / Show Difference, and a reload or a merge is one
  undoable edit;
- unsaved edits are copied to this window's own crash copy about a second after the last
  keystroke.

The text lives in a QTextDocument the Document owns (an editor shows it). While no view
shows it, the text waits as a string: laying out a 10,000-event file costs a quarter of a
second that a user who never opens the YAML pane should not pay.

What the QTextDocument cannot hold is mapped at this boundary, both ways, so that a save
writes back every byte the user did not touch:
- line breaks: the document has only "\\n"; core.disk.split_line_breaks/join_line_breaks keep
  each line's own break (CRLF, a CR-only file, a lone CR inside a CRLF file);
- U+2029 (and U+FDD0/U+FDD1, which Qt also takes for block breaks) inside a value: each is
  shown as a visible stand-in character that the text does not otherwise hold ("⁋" for U+2029
  when it can), one character for one, so lines and columns stay those of the file. Only a
  file holding such a character gets a stand-in; a stand-in typed by the user in that file
  becomes the character it stands for.

The Document asks the user nothing itself: questions go through `prompts` (qt/prompts.py
binds them to a window), and notices for the bar go out through noticeChanged.
"""
from __future__ import annotations

import codecs
import contextlib
import dataclasses
import functools
import itertools
import os
import re
import sysconfig
from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout

from timeline_app.core.disk import (DiskState, LineBreaks, SaveFailed, changed_on_disk,
                                    join_line_breaks, problem_of, read_text_file,
                                    split_line_breaks, unified_diff, write_atomically)
from timeline_app.core.loader import LoadResult, UnreadableFile
from timeline_app.core.merge import merge_texts
from timeline_app.core.problems import ERROR, Problem
from timeline_app.core.recovery import RecoveryStore
from timeline_app.qt.answers import (DIFF, DISCARD, DISMISS, KEEP, MERGE, OVERWRITE, RELOAD,
                                     REPLACE_LINK, RESTORE, SAVE, SAVE_AS, WRITE_TARGET)
from timeline_app.qt.file_watcher import FileWatcher
from timeline_app.qt.live_validator import PAUSE_MS, Checked, LiveValidator
from timeline_app.qt.loading_task import Loaded, LoadingTask, loads_in_background
from timeline_app.qt.utf16 import units

AUTOSAVE_MS = 1000          # a crash copy about a second after the last keystroke...
AUTOSAVE_MAX_MS = 5000      # ... and at least this often while typing goes on
CONFLICT, MISSING, RECOVERED, READ_ONLY, LINKED, MERGED = (
    "conflict", "missing", "recovered", "read-only", "linked", "merged")
INFO, WARNING = "info", "warning"

_NOT_REMOVED = ("Could not remove the recovery copy of your edits; it may be offered again "
                "later (Discard Them removes it)")
MERGE_MARKERS = re.compile(r"^(?:<{7}|={7}|>{7})(?: |$)", re.MULTILINE)
CONFLICT_STARTS = re.compile(r"^<{7}(?: |$)", re.MULTILINE)
MERGE_CONFLICT = ("merge conflict: choose between your edits and the disk's, then delete the "
                  "markers (<<<<<<<, ======= and >>>>>>>)")
# Characters a QTextDocument turns into block breaks, and the stand-ins that show them.
_BLOCK_BREAKS = {"\u2029": "\u204b", "\ufdd0": "\u2980", "\ufdd1": "\u2981"}
_SPARE_STAND_INS = range(0xE000, 0xF900)       # the Private Use Area, when those are taken


@dataclasses.dataclass(frozen=True)
class Notice:
    """What the bar above the panes says, with a button per (action, label)."""

    key: str
    text: str
    actions: tuple[tuple[str, str], ...] = ()
    kind: str = WARNING


class Document(QObject):
    checked = Signal(object)        # what the validator made of the text now held (Checked)
    problemsChanged = Signal(object)    # the problems to mark in the text, after every check
    pathChanged = Signal(str)       # opened or saved under a new name
    saved = Signal(str)             # a short message for the status bar
    noticeChanged = Signal(object)  # a Notice for the bar, or None to hide it
    changing = Signal(bool)         # True before a change of the text of our own, False after
    textReset = Signal()            # a new text from the top (views go back to its start)
    newRequested = Signal(str)      # a request: hold this text as a new timeline (File > New)

    def __init__(self, recovery_folder: str, prompts, parent: QObject | None = None,
                 prepare: Callable | None = None, prepare_shown: Callable | None = None):
        super().__init__(parent)
        self.prompts = prompts
        # This window's own crash copies: another window on the same file keeps its own.
        self.recovery = RecoveryStore(recovery_folder)     # an owner of its own
        self.text_document = QTextDocument(self)
        self.text_document.setDocumentLayout(QPlainTextDocumentLayout(self.text_document))
        self.path = ""
        self.loaded: DiskState | None = None    # the file as last read or written by us
        self.base = ""              # its text then: the base of a three-way merge
        self.breaks = LineBreaks("\n")
        self.bom = False
        self.notice: Notice | None = None
        self.offered = None         # the crash copy of another window offered on the bar
        # The text the timeline on screen was checked from, while the document still holds
        # it; None once the text has changed since (line numbers may no longer match).
        self.checked_source: str | None = None
        self._text: str | None = None       # the text, while it is known without reading Qt's
        self._waiting = False       # the text waits for a view: the QTextDocument is empty
        self._in_view = False
        self._stand_ins: dict[str, str] = {}    # a character Qt cannot hold -> its stand-in
        self._programmatic = False  # a change of our own, not an edit of the user's
        self._merge_markers = False     # a merge left conflict markers in the text
        self._markers_agreed: str | None = None     # a text with markers the user saves
        self._link_agreed: str | None = None    # a link the user chose to save through
        self._read_only_to_say = False
        self._said_read_only = False
        self._opening = False
        self._submitted = ""
        self.watcher = FileWatcher(self)
        # The pause after typing is timed here, not in the validator, so that a keystroke only
        # restarts a timer: reading the text costs milliseconds on a big file.
        self.validator = LiveValidator(self, pause_ms=0, prepare=prepare)
        # Big files are read and checked on a worker thread, with progress (opens and reloads).
        self.loading = LoadingTask(self, prepare=prepare_shown)
        self.loading.ended.connect(lambda: QTimer.singleShot(0, self._check_disk_after_load))
        self._changed_while_loading = ""    # the path that changed on disk during a load
        self._typing = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self._typing.timeout.connect(self._check_typed)
        self.autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self.autosave.timeout.connect(self.keep_for_recovery)
        self._burst = QElapsedTimer()
        self.watcher.changed.connect(self._changed_on_disk)
        self.watcher.missing.connect(self._missing)
        self.watcher.returned.connect(lambda: self._clear_notice(MISSING))
        self.validator.validated.connect(self._validated)
        self.text_document.contentsChange.connect(self._contents_change)
        self.text_document.modificationChanged.connect(self._modification_changed)

    # -- the text ------------------------------------------------------------------------------

    def is_modified(self) -> bool:
        return self.text_document.isModified()

    def text(self) -> str:
        """The text as the file holds it, with "\\n" for every line break."""
        if self._text is None:
            raw = self.text_document.toRawText().replace("\u2029", "\n")
            self._text = self._from_view(raw)
        return self._text

    def set_in_view(self, visible: bool) -> None:
        """A view shows the text (or stopped showing it): the text waiting goes in now."""
        self._in_view = visible
        if visible and self._waiting:
            self._fill(self.text())

    def replace_range(self, offset: int, removed: int, inserted: str) -> None:
        """Replace `removed` characters of text() at `offset` by `inserted`: one undoable
        edit (offsets in characters, as Python counts them)."""
        self._show_text()
        self._choose_stand_ins(inserted, self.text())
        view = self._view_text()
        cursor = QTextCursor(self.text_document)
        cursor.setPosition(units(view, offset))
        cursor.setPosition(units(view, offset + removed), QTextCursor.MoveMode.KeepAnchor)
        with self._own_change():
            cursor.insertText(self._to_view(inserted))

    @contextlib.contextmanager
    def _own_change(self, edit: bool = True):
        """Around a change of the text that is not typing: views do not take the cursor's
        moves for the user's. `edit`: it is an edit all the same (undoable, modified)."""
        self.changing.emit(True)
        self._programmatic = not edit
        try:
            yield
        finally:
            self._programmatic = False
            self.changing.emit(False)

    def _set_text(self, text: str) -> None:
        """A new text from the top: no undo history, not modified."""
        self._stand_ins = {}        # nothing of an older text can come back: chosen afresh
        self._choose_stand_ins(text)
        if self._in_view:
            self._fill(text)
            return
        with self._own_change(edit=False):
            self.text_document.clear()      # no undo history, no memory held
            # clear() reports "modified" and then quietly is not: say "not modified" aloud,
            # and that nothing can be undone, which it does not say either
            self.text_document.setModified(True)
            self.text_document.setModified(False)
            self.text_document.undoAvailable.emit(False)
            self.text_document.redoAvailable.emit(False)
        self._text, self._waiting = text, True
        self.textReset.emit()

    def _fill(self, text: str) -> None:
        with self._own_change(edit=False):
            self.text_document.setPlainText(self._to_view(text))
            self.text_document.setModified(False)
        self._text, self._waiting = text, False
        self.textReset.emit()

    def _show_text(self) -> None:
        if self._waiting:
            self._fill(self.text())

    def _edit_to(self, text: str, edit: bool = True) -> None:
        """Make the text `text` in one undoable edit that replaces only what differs, so the
        cursor, the scroll position and the marks outside it stay where they were. `edit`
        False: a change of the file's (a reload), not an edit of the user's."""
        self._show_text()
        if any(stand_in in text for stand_in in self._stand_ins.values()):
            self._take_stand_ins_back(text, edit)
            return
        self._choose_stand_ins(text, self.text())
        old, new = self._view_text(), self._to_view(text)
        start = _common_prefix(old, new)
        end = _common_prefix(old[start:][::-1], new[start:][::-1])     # their common end
        cursor = QTextCursor(self.text_document)
        with self._own_change(edit):
            cursor.beginEditBlock()
            cursor.setPosition(units(old, start))
            cursor.setPosition(units(old, len(old) - end), QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(new[start:len(new) - end])
            cursor.endEditBlock()

    def _view_text(self) -> str:
        return self._to_view(self.text())

    def _take_stand_ins_back(self, text: str, edit: bool) -> None:
        """A whole new text (a reload, a merge, a restored copy) holds a character that
        stands in for another now (the file had U+2029 shown as "⁋", and now holds "⁋"
        itself): the stand-ins are chosen afresh for it and it is shown from the top. The
        undo history goes, since its texts were shown with the old stand-ins and would
        come back changed."""
        self._stand_ins = {}
        self._choose_stand_ins(text)
        self._fill(text)
        if edit:
            self.text_document.setModified(True)
            self._restart_autosave()

    def _choose_stand_ins(self, text: str, held: str = "") -> None:
        """A stand-in for each character of `text` that the QTextDocument would turn into a
        block break: one that neither `text` nor `held` (the text held now) contains."""
        for char in _BLOCK_BREAKS:
            if char in text and char not in self._stand_ins:
                taken = set(self._stand_ins.values())
                candidates = itertools.chain(_BLOCK_BREAKS[char], map(chr, _SPARE_STAND_INS))
                self._stand_ins[char] = next(c for c in candidates if c not in text and
                                             c not in held and c not in taken)

    def _to_view(self, text: str) -> str:
        for char, stand_in in self._stand_ins.items():
            text = text.replace(char, stand_in)
        return text

    def _from_view(self, text: str) -> str:
        for char, stand_in in self._stand_ins.items():
            text = text.replace(stand_in, char)
        return text

    def _contents_change(self, _position: int, _removed: int, _added: int) -> None:
        self._text = None
        if self._programmatic:
            return
        self.checked_source = None
        self._typing.start()
        # Qt reports the change before it marks the document modified: an edit is an edit.
        if self._read_only_to_say:
            self._read_only_to_say = False
            self._said_read_only = True
            self._set_notice(Notice(READ_ONLY, f"{self._name()} is read-only here: your "
                                    "edits can be saved under another name.",
                                    ((SAVE_AS, "Save As…"),), INFO))
        self._restart_autosave()

    def _restart_autosave(self) -> None:
        """About a second after the last edit; typing that never pauses still gets a copy
        every AUTOSAVE_MAX_MS."""
        if not self.autosave.isActive():
            self._burst.start()
        elif self._burst.elapsed() >= AUTOSAVE_MAX_MS - AUTOSAVE_MS:
            return
        self.autosave.start()

    # -- state ---------------------------------------------------------------------------------

    def is_read_only(self) -> bool:
        """Files we may not or should not write: no permission, or inside an installed package
        (the bundled timeline there would be lost at the next upgrade)."""
        if not self.path:
            return True
        if os.path.exists(self.path) and not os.access(self.path, os.W_OK):
            return True
        return any(self.path.startswith(folder + os.sep) for folder in _installed_folders())

    def _name(self) -> str:
        return os.path.basename(self.path) if self.path else "a new file"

    def _set_notice(self, notice: Notice) -> None:
        self.notice = notice
        self.noticeChanged.emit(notice)

    def _clear_notice(self, key: str | None = None) -> None:
        """Hide the bar (only if it shows `key`, when one is given)."""
        if self.notice is not None and key in (None, self.notice.key):
            self.notice = None
            self.noticeChanged.emit(None)

    def _notice_is(self, key: str) -> bool:
        return self.notice is not None and self.notice.key == key

    # -- opening and reloading -----------------------------------------------------------------

    def open(self, path: str, text: str, state: DiskState, checked: Checked | None = None):
        """Hold the file's text (read by read_text_file, with its state) and check it, unless
        a worker `checked` it already; returns what the check gave. The caller has asked
        about unsaved edits of the file before."""
        self.loading.cancel()
        self.autosave.stop()
        changed_path = path != self.path
        if changed_path:
            self.offered = None     # a crash copy on offer stays on disk, for the next time
        self.path = path
        self._link_agreed = state.link_target     # a link opened as such was seen
        self._merge_markers = False
        self._set_text(self._take_disk(text, state))
        self.watcher.watch(path, seen=state)     # not read and hashed a second time
        self._clear_notice()
        if changed_path:
            self.pathChanged.emit(path)
        # Said at the first edit, not on opening: reading a read-only file needs no warning
        # (the bundled timeline of an installed app is one, on every start).
        self._read_only_to_say = self.is_read_only()
        self._said_read_only = False
        self._opening = True        # the caller shows the result, with its first selection
        try:
            return self._check_now(self.text(), checked)
        finally:
            self._opening = False

    def new(self, text: str):
        """File > New: hold `text` as unsaved edits of no file (a save asks where); returns
        what the check gave. The caller has asked about unsaved edits before."""
        self.autosave.stop()
        self.watcher.stop()
        self.loading.cancel()
        self.offered = None
        self.path, self.loaded, self.bom = "", None, False
        self.base, self.breaks = split_line_breaks(text)
        self._link_agreed = None
        self._merge_markers = False
        self._set_text(self.base)
        self.text_document.setModified(True)     # closing asks to save it
        self._clear_notice()
        self.pathChanged.emit("")
        self._read_only_to_say = self._said_read_only = False
        self._opening = True
        try:
            return self._check_now(self.text())
        finally:
            self._opening = False

    def offer_recovery(self) -> None:
        """After opening: show the bar when a window that is gone (a crash) left unsaved edits
        of this file, or else of a new timeline it never saved. A copy of a window still open
        is its own, never offered here."""
        kept = next((copy for copy in self.recovery.orphans(self.path)
                     if copy.text != self.text()), None) if self.path else None
        if kept is None:
            kept = next(iter(self.recovery.orphans("")), None)
        if kept is None:
            return
        self.offered = kept
        when = kept.saved_at.astimezone().strftime("%d %B %Y at %H:%M")
        if not kept.source_path:
            self._set_notice(Notice(RECOVERED, f"Unsaved edits of a new timeline from {when} "
                                    "were kept when the app last closed without saving them.",
                                    ((RESTORE, "Open Them"), (DISCARD, "Discard Them"))))
            return
        basis = ("" if kept.loaded_sha256 in (None, self.loaded and self.loaded.sha256) else
                 " The file has changed on disk since then.")
        self._set_notice(Notice(RECOVERED, f"Unsaved edits to {self._name()} from {when} were "
                                "kept when the app last closed without saving them." + basis,
                                ((RESTORE, "Restore My Edits"), (DIFF, "Show Difference"),
                                 (DISCARD, "Discard Them"))))

    def reload(self) -> None:
        """F5: read the file again; unsaved edits are asked about first (and stay undoable)."""
        if self.is_modified() and not self.prompts.ask_reload(self._name()):
            return
        self._reload_from_disk()

    def _reload_from_disk(self) -> None:
        if loads_in_background(self.path):
            self._reload_in_background(lambda error: self.prompts.show_error(
                "The file cannot be read", str(error)))
            return
        try:
            text, state = read_text_file(self.path)
        except UnreadableFile as error:
            self.prompts.show_error("The file cannot be read", str(error))
            return
        self._replace_text(self._take_disk(text, state))

    def _reload_in_background(self, failed, then=None) -> None:
        """Read and check the file on a worker, then hold its text as _replace_text does
        (and call then(state)); failed(error) when it cannot be read. Cancel keeps all as is.
        A save meanwhile (or anything else that took a new state of the file as the base of
        the text: `self.loaded` is another) drops what the worker read before it: the window
        holds what is on disk already, and the text read would put back an older one."""
        path, before = self.path, self.loaded

        def reloaded(loaded: Loaded) -> None:
            if path == self.path and self.loaded is before:
                self._replace_text(self._take_disk(loaded.text, loaded.state), loaded.checked)
                if then is not None:
                    then(loaded.state)
        self.loading.start(path, reloaded, failed)

    def _take_disk(self, text: str, state: DiskState) -> str:
        """The file as read is now the one edits are based on; returns its text with "\\n"
        line breaks (a save writes each line's own break back)."""
        self.base, self.breaks = split_line_breaks(text)
        self.bom = state.bom
        self.loaded = state
        return self.base

    def _replace_text(self, text: str, checked: Checked | None = None) -> None:
        """Hold `text` as saved; the old text stays one Ctrl+Z away when it was shown or had
        edits (this window's crash copy goes: the text is no longer modified). `checked`: what
        a worker made of `text` already."""
        if text != self.text():
            if self._in_view or self.is_modified():
                self._edit_to(text, edit=False)     # edits replaced stay one Ctrl+Z away
            else:               # nothing to undo, nobody looking: no layout needed
                self._set_text(text)
        self.text_document.setModified(False)
        self._merge_markers = False
        self._clear_notice(CONFLICT)
        self._clear_notice(MERGED)
        self._check_now(text, checked)

    # -- outside changes -----------------------------------------------------------------------

    def _changed_on_disk(self) -> None:
        if self.loading.is_running():   # another reload would cancel the load: seen after it
            self._changed_while_loading = self.path
            return
        if not self.is_modified() and loads_in_background(self.path):
            self._reload_in_background(self._unreadable_on_disk, self._say_link)
            return
        try:
            text, state = read_text_file(self.path)
        except UnreadableFile as error:
            self._unreadable_on_disk(error)
            return
        disk_text = split_line_breaks(text)[0]
        if not self.is_modified():
            self._replace_text(self._take_disk(text, state))
        elif disk_text == self.text():     # the disk now holds our text: nothing unsaved
            self._take_disk(text, state)
            self.text_document.setModified(False)
            self._clear_notice(CONFLICT)
        else:
            self._show_conflict(self._new_link(state))
            return
        self._say_link(state)

    def _check_disk_after_load(self) -> None:
        """A load ended (once every slot of `ended` ran): a change on disk of the file held,
        noted while it ran, is taken now if the disk still differs from what is held (a
        cancelled or failed load, a reload that read the file before that change)."""
        if self.loading.is_running() or not self._changed_while_loading:
            return                      # another load: after it
        noted, self._changed_while_loading = self._changed_while_loading, ""
        if noted == self.path and self.loaded is not None and os.path.exists(self.path) \
                and changed_on_disk(self.path, self.loaded):
            self._changed_on_disk()

    def _unreadable_on_disk(self, error: UnreadableFile) -> None:
        """Now a folder, a FIFO, binary...: said, not read."""
        result = LoadResult(None, (problem_of(error, self.path),), self.path)
        self.problemsChanged.emit(result.problems)
        self.checked.emit(Checked(result))

    def _say_link(self, state: DiskState) -> None:
        link = self._new_link(state)
        if link:
            self._set_notice(Notice(LINKED, f"{self._name()} was replaced by a link; it now "
                                    f"shows the file the link points to: {link}. A save asks "
                                    "where to write.", ((DISMISS, "OK"),), INFO))

    def _show_conflict(self, link: str | None = None) -> None:
        where = f" It is now a link to {link}." if link else ""
        self._set_notice(Notice(CONFLICT, f"{self._name()} changed on disk, and you have "
                                f"unsaved edits.{where} Neither is lost until you choose.",
                                ((RELOAD, "Reload from Disk"), (KEEP, "Keep Mine"),
                                 (MERGE, "Merge"), (DIFF, "Show Difference"))))

    def _new_link(self, state: DiskState | None) -> str | None:
        """Where the path points, when it is a link the user has not chosen to save through."""
        target = state.link_target if state is not None else None
        return target if target is not None and target != self._link_agreed else None

    def _missing(self) -> None:
        self._set_notice(Notice(MISSING, f"{self._name()} was deleted or moved away. The last "
                                "version stays on screen; it comes back when the file does, or "
                                "save it again.", ((SAVE, "Save"),)))

    def notice_action(self, notice: str, action: str) -> None:
        """A button of the bar was clicked."""
        if action == SAVE:
            self.save()
        elif action == SAVE_AS:
            self.save_as()
        elif action == DISMISS:
            self._clear_notice(notice)
        elif notice == CONFLICT:
            self._resolve_conflict(action)
        elif notice == RECOVERED:
            self._resolve_recovery(action)

    def _resolve_conflict(self, action: str) -> None:
        if action == DIFF:
            action = self._show_disk_difference()
        if action not in (RELOAD, KEEP, MERGE) or self._waits_for_load(action):
            return
        if action == RELOAD and loads_in_background(self.path):
            self._reload_in_background(lambda error: self.prompts.show_error(
                "The file cannot be read", str(error)))
            return
        try:                # read now: the file may have changed again while the user looked
            text, state = read_text_file(self.path)
        except UnreadableFile as error:
            if action == KEEP and not os.path.exists(self.path):
                self._clear_notice(CONFLICT)     # gone: nothing on disk to keep apart from
            else:
                self.prompts.show_error("The file cannot be read", str(error))
            return
        if action == RELOAD:
            self._replace_text(self._take_disk(text, state))
        elif action == MERGE:
            self._merge(text, state)
        else:              # KEEP: the disk's text stays on disk until the user saves over it
            self._take_disk(text, state)
            self._clear_notice(CONFLICT)

    def _merge(self, disk_text: str, state: DiskState) -> None:
        """Three-way merge of the text last loaded, the disk's and the user's, applied as one
        undoable edit. Overlapping changes keep both sides between conflict markers."""
        base, mine = self.base, self.text()
        theirs = self._take_disk(disk_text, state)
        merged = merge_texts(base, theirs, mine)
        self._edit_to(merged.text)
        self._clear_notice(CONFLICT)
        if merged.clean:
            self.saved.emit(f"Merged the changes on disk into your edits to {self._name()}")
        else:
            self._merge_markers = True
            count = len(merged.conflicts)
            self._set_notice(Notice(MERGED, f"Merged, but {count} place"
                                    f"{'s' if count != 1 else ''} changed both on disk and "
                                    "in your edits: both versions are in the text between "
                                    "<<<<<<< and >>>>>>> markers (listed in Problems). Keep "
                                    "what you want there, delete the markers, then save.",
                                    ((DISMISS, "OK"),), INFO))
        self._check_now(self.text())

    def _resolve_recovery(self, action: str) -> None:
        kept = self.offered
        if kept is not None and action == DIFF:
            name = self._name()
            action = self.prompts.show_difference(
                unified_diff(self.text(), kept.text, f"{name} as opened",
                             "your recovered edits"),
                "Your recovered edits", f"Lines starting with + are only in your recovered "
                f"edits; lines starting with - only in {name} as it is open now.",
                [(RESTORE, "Restore My Edits"), (DISCARD, "Discard Them")])
        if kept is None or action not in (RESTORE, DISCARD) or self._waits_for_load(action):
            return
        if action == RESTORE:
            if not kept.source_path:        # a new timeline: the window opens it as File > New
                self.newRequested.emit(kept.text)
                if self.path or self.text() != kept.text:
                    return                  # the user kept the file open: still on offer
            else:
                self._edit_to(kept.text)    # undoable; the text becomes modified
            self.keep_for_recovery()        # now this window's copy, before the old one goes
        if not self.recovery.discard_orphan(kept):
            self.saved.emit(_NOT_REMOVED)
        self.offered = None
        self._clear_notice(RECOVERED)

    def _waits_for_load(self, action: str) -> bool:
        """A merge or a restore changes the text: not while a file loads (the text would be
        replaced when it shows). Said, and True then."""
        if action not in (MERGE, RESTORE) or not self.loading.is_running():
            return False
        self.saved.emit(f"Wait for {os.path.basename(self.loading.path())} to load (or stop "
                        "loading it) first")
        return True

    def _show_disk_difference(self) -> str:
        """Your unsaved text against the file on disk: RELOAD, KEEP, MERGE or "" (undecided)."""
        name = self._name()
        try:
            theirs = split_line_breaks(read_text_file(self.path)[0])[0]
        except UnreadableFile:
            theirs = ""
        return self.prompts.show_difference(
            unified_diff(self.text(), theirs, "your unsaved text", f"{name} on disk"),
            f"Your edits and {name} on disk", f"Lines starting with - are only in your unsaved "
            f"text; lines starting with + only in {name} on disk.",
            [(RELOAD, "Use the File on Disk"), (KEEP, "Keep My Edits"), (MERGE, "Merge")])

    # -- checking ------------------------------------------------------------------------------

    def _check_typed(self) -> None:
        self._submitted = self.text()
        self.validator.submit(self._submitted, self.path)

    def _check_now(self, text: str, checked: Checked | None = None):
        """Check `text` on this thread, or take what a worker's load `checked` of it."""
        self._typing.stop()
        self._submitted = text
        if checked is not None:
            return self._with_merge_problems(self.validator.accept(checked), text)
        return self._with_merge_problems(self.validator.validate_now(text, self.path), text)

    def _validated(self, checked) -> None:
        checked = self._with_merge_problems(checked, self._submitted)
        self.problemsChanged.emit(checked.problems)
        self.checked_source = self._submitted   # the validator reports only the latest text
        if not self._opening:
            self.checked.emit(checked)

    def _with_merge_problems(self, checked, text: str):
        """After a merge with conflicts: a problem at each marker line that says what to do
        (the loader only sees YAML errors there). Anything else passes through unchanged."""
        if not self._merge_markers:
            return checked
        lines = [text.count("\n", 0, found.start()) + 1 for found in MERGE_MARKERS.finditer(text)]
        if not lines:
            self._merge_markers = False
            self._clear_notice(MERGED)
            return checked
        extra = tuple(Problem(ERROR, MERGE_CONFLICT, line, 1, "", self.path) for line in lines)
        return dataclasses.replace(checked, result=dataclasses.replace(
            checked.result, problems=extra + checked.result.problems))

    # -- crash copies --------------------------------------------------------------------------

    def keep_for_recovery(self) -> None:
        """Copy unsaved edits to this window's crash copy (of a new timeline too); a failure
        is said, never fatal."""
        if not self.is_modified():
            return
        try:
            self.recovery.save(self.path, self.text(), self.loaded.sha256 if self.loaded else None)
        except OSError as error:
            self.saved.emit(f"Could not keep a recovery copy of your edits: "
                            f"{error.strerror or error}")

    def _modification_changed(self, modified: bool) -> None:
        """Saved, reloaded, or undone back to the text on disk: no crash copy is needed (one
        left behind would be offered after the next crash, or at the next start)."""
        if not modified:
            self.autosave.stop()
            if not self.recovery.discard(self.path):
                self.saved.emit(_NOT_REMOVED)

    # -- saving --------------------------------------------------------------------------------

    def save(self) -> bool:
        """Ctrl+S: write exactly the text; ask first if the file changed on disk (by its
        content hash) or is now a link, and always while the conflict bar is up."""
        if self.is_read_only():
            return self._save_elsewhere()
        return self._save_here()

    def _save_here(self) -> bool:
        try:
            changed = self.loaded is not None and changed_on_disk(self.path, self.loaded)
            now = DiskState.of(self.path)
        except UnreadableFile as error:     # now a folder, a FIFO...: nothing was written
            return self._failed(f"{self._name()} was not saved. {error}.")
        link = self._new_link(now)
        if not self.is_modified() and not changed and not link:
            self.saved.emit("No changes to save")      # the file's time stays as it was
            return True
        if not self._conflicts_agreed():
            return False
        if link:
            answer = self.prompts.ask_link(self._name(), link)
            if answer == SAVE_AS:
                return self.save_as()
            if answer == WRITE_TARGET:
                self._link_agreed = link
                return self._write(self.path, follow_link=True)
            return answer == REPLACE_LINK and self._replace_link(self.path)
        if (changed and now is not None) or self._notice_is(CONFLICT):
            if not self._ask_overwrite():
                return False
        return self._write(self.path, follow_link=self._link_agreed is not None)

    def _conflicts_agreed(self) -> bool:
        """A merge's conflict markers left in the text are saved only when the user says so
        (once for the same text: a failed save that offers Save As does not ask again)."""
        text = self.text()
        count = len(CONFLICT_STARTS.findall(text))
        if not count or text == self._markers_agreed:
            return True
        if not self.prompts.ask_save_with_conflicts(count):
            return False
        self._markers_agreed = text
        return True

    def _replace_link(self, path: str) -> bool:
        """Put the text in a file of its own where the link `path` is; the file it pointed to
        stays as it was, and the link comes back if the save fails."""
        name = os.path.basename(path)
        try:
            pointed = os.readlink(path)
            os.remove(path)
        except OSError as error:
            return self._failed(f"{name} was not saved: the link cannot be removed "
                                f"({error.strerror or error}).")
        why = self._try_write(path)
        if why is None:
            return True
        if not os.path.lexists(path):       # back before Save As is offered: nothing lost
            try:
                os.symlink(pointed, path)
            except OSError:
                why += f" The link {name} (to {pointed}) could not be put back."
        return self._failed(why)

    def _save_elsewhere(self) -> bool:
        """The file cannot be written here: say why (unless the bar said it), then Save As."""
        if not self.path or self._said_read_only:
            return self.save_as()
        folder = os.path.dirname(self.path)
        why = (f"the folder {folder} is read-only" if not os.access(folder, os.W_OK) else
               f"{self._name()} is read-only" if not os.access(self.path, os.W_OK) else
               f"{self._name()} belongs to an installed program")
        if self.prompts.show_error("Cannot save here", f"{self._name()} cannot be saved: {why}. "
                                   "Your edits are still here; save them under another name "
                                   "with Save As…", offer_save_as=True):
            return self.save_as()
        return False

    def save_as(self) -> bool:
        """Save under a name the user picks, starting in the file's folder when it may be
        written (else the home folder). The open file's own name is a Save, with its checks;
        a name that is a link is asked about, as a file replaced by a link is."""
        if not self._conflicts_agreed():
            return False
        folder = os.path.dirname(self.path) if self.path else ""
        if not folder or not os.access(folder, os.W_OK) or \
                any(folder.startswith(f) for f in _installed_folders()):
            folder = os.path.expanduser("~")
        start = os.path.join(folder, os.path.basename(self.path) or "timeline.yaml")
        old, agreed = self.path, None
        while True:
            path = self.prompts.choose_save_path(start)
            if not path:
                return False
            if old and os.path.realpath(path) == os.path.realpath(old):
                return self._save_here()
            if not os.path.islink(path):
                written = self._write(os.path.realpath(path))
                break
            answer = self.prompts.ask_link(os.path.basename(path), os.path.realpath(path),
                                           since_opened=False)
            if answer == WRITE_TARGET:
                agreed = os.path.realpath(path)
                written = self._write(path, follow_link=True)
                break
            if answer == REPLACE_LINK:
                written = self._replace_link(path)
                break
            if answer != SAVE_AS:
                return False
            start = path
        if not written or self.path == old:     # failed, or saved under another name from
            return written                      # the failure's own Save As
        if not self.recovery.discard(old):
            self.saved.emit(_NOT_REMOVED)
        self._link_agreed = agreed
        self.watcher.watch(self.path)
        self._clear_notice()
        self.pathChanged.emit(self.path)
        return True

    def _ask_overwrite(self) -> bool:
        """The file changed on disk since it was read: overwrite it, see the change, or not."""
        while True:
            answer = self.prompts.ask_overwrite(self._name(), "was changed by another program "
                                                "since you opened it.")
            if answer == OVERWRITE:
                return True
            if answer != DIFF:
                return False
            choice = self._show_disk_difference()
            if choice == KEEP:
                return True
            if choice in (RELOAD, MERGE):
                self._resolve_conflict(choice)
                return False

    def _write(self, path: str, follow_link: bool = False) -> bool:
        """Write the text to `path`; a failure is said, with Save As offered for the open
        file's own name."""
        why = self._try_write(path, follow_link)
        return why is None or self._failed(why, offer_save_as=path == self.path)

    def _try_write(self, path: str, follow_link: bool = False) -> str | None:
        """Write the text to `path` in one step (write_atomically): all of it or nothing;
        None when written, else why not. Not QSaveFile: its errors read "Unknown error"
        where errno says "the disk is full"."""
        text = self.text()
        data = join_line_breaks(text, self.breaks).encode("utf-8", "surrogatepass")
        if self.bom:
            data = codecs.BOM_UTF8 + data
        try:
            if self.watcher.path() == path:
                with self.watcher.paused(data):
                    write_atomically(path, data, follow_link=follow_link)
            else:
                write_atomically(path, data, follow_link=follow_link)
        except SaveFailed as error:
            return f"{os.path.basename(path)} was not saved: {error}."
        self.path = path
        try:
            state = DiskState.of(path)
        except UnreadableFile:         # written but not readable back (odd permissions)
            state = None
        written = DiskState.of_bytes(data, 0)
        if state is None or state.sha256 != written.sha256:   # someone wrote since: not ours
            state = written
        self.loaded, self.base = state, text
        self.breaks = split_line_breaks(data.decode("utf-8", "surrogatepass")
                                        .removeprefix("\ufeff"))[1]
        self.text_document.setModified(False)   # this window's crash copy goes
        self._clear_notice(CONFLICT)
        self._clear_notice(MISSING)
        removed = self.recovery.discard(path)   # also when the edits were already kept
        self.saved.emit(f"Saved {os.path.basename(path)}" if removed else
                        f"Saved {os.path.basename(path)}. {_NOT_REMOVED}")
        return None

    def _failed(self, why: str, offer_save_as: bool = True) -> bool:
        """`why` (a sentence) said; nothing was written. True if Save As then saved."""
        if self.prompts.show_error("Could not save", f"{why} Nothing was written, and your "
                                   "edits are still here; try File > Save As… to save them "
                                   "elsewhere.", offer_save_as=offer_save_as):
            return self.save_as()
        return False

    # -- closing -------------------------------------------------------------------------------

    def may_close(self, forget: bool = True) -> bool:
        """Before quitting or opening another file: Save / Discard / Cancel when dirty.
        `forget` False: edits to discard stay (and their crash copy) until forget_edits(),
        when the other file is ready to show (a big one loading may yet be cancelled)."""
        if not self.is_modified():
            return True
        answer = self.prompts.ask_save_edits(self._name())
        if answer == SAVE:
            return self.save()
        if answer == DISCARD:
            if forget:
                self.forget_edits()
            return True
        return False

    def forget_edits(self) -> None:
        """The unsaved edits are discarded, as the user agreed: no longer modified, and this
        window's crash copy goes."""
        self.text_document.setModified(False)

    def shutdown(self) -> None:
        self._typing.stop()
        self.watcher.stop()
        self.loading.shutdown(2.0)      # its worker stopped, not only told to stop
        self._changed_while_loading = ""    # nothing is read again once closed
        self.validator.shutdown(2.0)
        self.autosave.stop()
        self.recovery.close()


@functools.cache
def _installed_folders() -> tuple[str, ...]:
    """Where installed packages live: the bundled timeline there is not the user's to edit."""
    return tuple({os.path.realpath(sysconfig.get_paths()[key]) for key in ("purelib", "platlib")})


def _common_prefix(a: str, b: str) -> int:
    """How many characters a and b share at their start (halving: string compares run in C)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low
