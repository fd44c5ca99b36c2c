"""Wire everything: the only place where panes meet (qt/main.py starts the application).

Panes never reach into each other: they emit signals carrying domain values (an event id, a
tag, a URL) and expose slots; this module connects them through the shared Selection.
"""
from __future__ import annotations

import dataclasses
import datetime
import os
from typing import TYPE_CHECKING

from PySide6.QtCore import (QEvent, QEventLoop, QObject, QPointF, QSettings, QStandardPaths,
                            Qt, QTimer, QUrl, Signal)
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from timeline_app import __version__
from timeline_app.core.citations import event_as_text, event_link
from timeline_app.core.editing import (EditError, EventLines, duplicate_event_edit,
                                       new_event_edit)
from timeline_app.core.links import is_safe_link
from timeline_app.core.disk import problem_of, read_text_file
from timeline_app.core.loader import LoadResult, UnreadableFile, load_text
from timeline_app.core.model import Event, Timeline
from timeline_app.core.recovery import RecoveryStore
from timeline_app.core.search import SearchIndex
from timeline_app.core.yaml_nodes import has_libyaml
from timeline_app.qt import citations, prompts
from timeline_app.qt.answers import MERGE, RESTORE
from timeline_app.qt.document import Document
from timeline_app.qt.event_detail import EventDetail
from timeline_app.qt.event_list import EventListPane, ListFacts
from timeline_app.qt.live_validator import Checked
from timeline_app.qt.loading_panel import LoadingPanel
from timeline_app.qt.loading_task import Loaded, loads_in_background
from timeline_app.qt.main_window import MainWindow
from timeline_app.qt.notice_bar import NoticeBar
from timeline_app.qt.problems_panel import ProblemsPanel
from timeline_app.qt.resources import resource_bytes
from timeline_app.qt.selection import Selection
from timeline_app.qt.sources_panel import SourcesPanel
from timeline_app.qt.theme import apply_theme
from timeline_app.qt.timeline_layout import TimelineData
from timeline_app.qt.title_page import counted
from timeline_app.qt.timeline_view import TimelineView
from timeline_app.qt.ui_settings import UiSettings
from timeline_app.qt.yaml_editor import YamlEditor


if TYPE_CHECKING:
    from timeline_app.qt.export_dialog import ExportScope
    from timeline_app.qt.format_help import FormatHelp

TEXT_SIZE_STEPS = (-3, 12)      # points smaller and larger than the system's text, at most
TEXT_CHANGING_ACTIONS = (RESTORE, MERGE)     # of the notice bar: off while a file loads


class Viewer(QObject):
    """One window showing one timeline file, and everything that connects its panes."""

    # An open has ended (at once for a small file, later for a big one loaded on a worker):
    # True when it shows the file's timeline. Not emitted for a load cancelled.
    loaded = Signal(bool)

    def __init__(self, settings: QSettings, remember: bool = True,
                 recovery: RecoveryStore | None = None):
        super().__init__()
        self.ui_settings = UiSettings(settings, remember)   # off for --screenshot
        self.timeline: Timeline | None = None     # the last good timeline, on screen
        self._event_lines: EventLines | None = None   # where its events are in its text
        self.stale = False             # the text has errors: the timeline shown is older
        self.open_error = ""           # why the last file asked for could not be opened
        self.problems_shown_for_errors = False  # the app opened the Problems panel itself
        self._from_editor = False      # a selection made by moving the editor's cursor
        self._filtering = False        # a search or a filter narrows the list
        self._format_help: FormatHelp | None = None
        self._first_error: tuple[int, int] | None = None     # to show once the text is in
        self._focus_before_editor: QWidget | None = None    # where Esc in the editor returns
        # The text whose unsaved edits the user agreed to leave for the file loading: they go
        # when it shows only if the text is still exactly this (else the user is asked again).
        self._agreed_text: str | None = None
        self.selection = Selection(self)
        self.timeline_view = TimelineView()
        self.event_list = EventListPane()
        self.sources = SourcesPanel()
        self.detail = EventDetail()
        self.problems = ProblemsPanel()
        self.editor = YamlEditor()
        self.notices = NoticeBar()
        # Every view shows the timeline and the selection, and says which event was clicked.
        self.views = (self.timeline_view, self.event_list, self.detail, self.sources)
        self.window = MainWindow(self.timeline_view, self.event_list, self.sources, self.detail,
                                 self.problems, self.editor, self.notices,
                                 may_close=self.may_close)
        self.document = Document(recovery.folder if recovery else default_recovery_folder(),
                                 prompts.Prompts(self.window), self.window, prepare=prepare_views,
                                 prepare_shown=prepare_shown)
        self.editor.setDocument(self.document.text_document)    # empty until the pane shows
        self.loading_panel = LoadingPanel(self.timeline_view)     # where the timeline will be
        self._editor_font = QFont(self.editor.font())    # the monospace font, at size "reset"
        self._connect()
        self._enable_event_actions()
        self.text_size = 0
        # The system's look needs no work at start (re-polishing every styled widget).
        self.window.theme_actions["system"].setChecked(True)
        if self.ui_settings.theme() != "system":
            self.set_theme(self.ui_settings.theme())
        if self.ui_settings.text_size():
            self.set_text_size(self.ui_settings.text_size())

    @property
    def path(self) -> str:
        return self.document.path

    # -- wiring ----------------------------------------------------------------------------

    def _connect(self) -> None:
        for view in (self.timeline_view, self.event_list, self.detail):
            view.eventClicked.connect(self.select)
        for view in (self.timeline_view, self.event_list):
            view.stepRequested.connect(self.step)
        self.detail.openUrlRequested.connect(self.open_url)
        self.detail.linkHovered.connect(self._show_hovered)
        self.sources.articleClicked.connect(self.detail.show_article)
        self.selection.changed.connect(self._show_selected)
        self.selection.historyChanged.connect(self._enable_history)
        self.detail.tagClicked.connect(self.event_list.add_tag_filter)
        self.event_list.filterChanged.connect(self._filter_changed)
        self.problems.problemActivated.connect(self._problem_activated)
        self.document.checked.connect(self._show_result)
        self.document.pathChanged.connect(self._path_changed)
        self.document.pathChanged.connect(self.detail.set_file_path)
        self.document.saved.connect(lambda message: self.window.statusBar().showMessage(message,
                                                                                        5000))
        self.document.text_document.modificationChanged.connect(self.window.setWindowModified)
        self.document.problemsChanged.connect(self.editor.set_problems)
        self.document.textReset.connect(self.editor.text_reset)
        self.document.textReset.connect(self._go_to_first_error)
        self.document.changing.connect(self.editor.program_change)
        self.document.noticeChanged.connect(self.notices.set_notice)
        self.document.noticeChanged.connect(lambda _notice: self._enable_notice_actions())
        self.document.newRequested.connect(self.new_file)     # recovered edits of a new one
        loading = self.document.loading
        loading.started.connect(self._loading_started)
        loading.progress.connect(self.loading_panel.set_fraction)
        loading.ended.connect(self._loading_ended)
        self.loading_panel.cancelRequested.connect(self.stop_loading)
        self.notices.actionChosen.connect(self.document.notice_action)
        self.editor.visibilityChanged.connect(self.document.set_in_view)
        self.editor.cursorLineChanged.connect(self._editor_line_changed)
        self.window.editor_dock.visibilityChanged.connect(
            lambda visible: visible and self._show_block(self.selection.current))

        w = self.window
        view = self.timeline_view
        for action, slot in (
                (w.open_action, self.choose_file), (w.reload_action, self.document.reload),
                (w.save_action, self.document.save), (w.save_as_action, self.document.save_as),
                (w.quit_action, w.close),
                (w.undo_action, self.editor.undo), (w.redo_action, self.editor.redo),
                (w.new_event_action, self.new_event), (w.duplicate_action, self.duplicate_event),
                (w.zoom_in_action, view.zoom_in), (w.zoom_out_action, view.zoom_out),
                (w.fit_action, view.fit_all), (w.previous_period_action, view.previous_period),
                (w.next_period_action, view.next_period),
                (w.find_action, self._find), (w.clear_action, self._escape),
                (w.title_page_action, self.show_title_page),
                (w.new_action, lambda: self.new_file()),
                (w.next_action, lambda: self.step("next")),
                (w.previous_action, lambda: self.step("previous")),
                (w.first_action, lambda: self.step("first")),
                (w.last_action, lambda: self.step("last")),
                (w.back_action, self.selection.back), (w.forward_action, self.selection.forward),
                (w.keys_action, self.show_keys), (w.about_action, self.show_about),
                (w.format_action, self.show_format),
                (w.export_action, self.export), (w.print_action, self.print_timeline),
                (w.print_preview_action, self.print_preview),
                (w.copy_event_action, self.copy_event),
                (w.copy_citation_action, self.copy_citation),
                (w.copy_link_action, self.copy_link),
                (w.open_article_action, self.open_article)):
            action.triggered.connect(slot)
        self.editor.undoAvailable.connect(
            lambda on: w.undo_action.setEnabled(on and not self.document.loading.is_running()))
        self.editor.redoAvailable.connect(
            lambda on: w.redo_action.setEnabled(on and not self.document.loading.is_running()))
        w.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        w.editor_action.triggered.connect(self._editor_toggled)
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self.editor.installEventFilter(self)
        w.problems_button.clicked.connect(w.problems_dock.show)
        w.fileDropped.connect(self.open_chosen)
        w.condensed_action.triggered.connect(self._condense)
        self.timeline_view.condensedChanged.connect(w.condensed_action.setChecked)
        for widget in (self.event_list.view, self.timeline_view):
            widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            widget.customContextMenuRequested.connect(
                lambda pos, widget=widget: self._event_menu(widget, pos))
        for theme, action in w.theme_actions.items():
            action.triggered.connect(lambda _=False, t=theme: self.set_theme(t))
        w.larger_text_action.triggered.connect(lambda: self.set_text_size(self.text_size + 1))
        w.smaller_text_action.triggered.connect(lambda: self.set_text_size(self.text_size - 1))
        w.reset_text_action.triggered.connect(lambda: self.set_text_size(0))
        w.closing.connect(self._save_state)

    # -- loading ---------------------------------------------------------------------------

    def open(self, path: str, select: str | None = None, say_failure: bool = False) -> bool:
        """Open `path`; False when it shows no timeline. A file that cannot be read as text
        (missing, binary, invalid UTF-8, too large) leaves the open one as it was and says
        why in `open_error` (and in a message box with `say_failure`); "" when the user
        cancelled over unsaved edits.

        A big file (loads_in_background) is read and checked on a worker while the window
        shows its progress: this returns True at once, and `loaded` says how it went (the
        timeline on screen stays until then, and stays if the load is cancelled). A small one
        is shown before this returns. Either way `loaded` is emitted when it is over."""
        path = os.path.realpath(path)
        self.open_error = ""
        if path == self.path:              # the same file again: a reload, asking over edits
            self.document.reload()
            if select:
                self.when_loaded(lambda: self.select(select))
            return self.timeline is not None or self.document.loading.is_running()
        if loads_in_background(path):
            if not self._may_leave(forget=False):
                return False
            self._agreed_text = self.document.text()
            self.document.loading.start(path, lambda loaded: self._opened(loaded, select),
                                        lambda error: self._not_opened(path, error,
                                                                       say_failure))
            return True
        try:
            text, state = read_text_file(path)
        except UnreadableFile as error:
            self._not_opened(path, error, say_failure)
            return False
        if not self._may_leave():
            return False
        return self._opened(Loaded(path, text, state, None), select)

    def _may_leave(self, forget: bool = True) -> bool:
        """Unsaved edits of the file open (or a New timeline) are asked about: Save, Discard
        or Cancel. `forget` False: edits to discard stay until the new file is shown."""
        if self._still_agreed() or not (self.path or self.document.is_modified()):
            return True
        return self.document.may_close(forget=forget)

    def _still_agreed(self) -> bool:
        """The user agreed to leave the text as it is now (edits made since were not)."""
        return self._agreed_text is not None and self.document.text() == self._agreed_text

    def _opened(self, loaded: Loaded, select: str | None) -> bool:
        """Show the file read (and checked, when a worker did); True if it has a timeline."""
        agreed, self._agreed_text = self._still_agreed(), None
        if self.document.is_modified():     # the user agreed to drop them, or is asked now
            if agreed:
                self.document.forget_edits()
            elif not self.document.may_close():
                self.window.statusBar().showMessage(
                    f"{os.path.basename(loaded.path)} was not opened: your edits are kept",
                    8000)
                self.loaded.emit(False)
                return False
        self._remember_selection()
        if self.timeline is not None:       # nothing of another file stays on screen
            self.timeline = None
            self._event_lines = None
            for view in self.views:
                view.set_timeline(None)
        result = self.document.open(loaded.path, loaded.text, loaded.state, loaded.checked)
        self._show_result(result, select, first=True)
        self._show_first_error(result.result)
        self.document.offer_recovery()
        self.ui_settings.remember_file(self.path)
        self.loaded.emit(result.timeline is not None)
        return result.timeline is not None

    def _not_opened(self, path: str, error: UnreadableFile, say: bool) -> None:
        """`path` cannot be read as text: said in the window when it shows nothing else."""
        self.open_error = str(error)
        if not self.path:               # nothing else to show: say it in the window
            self.window.show_title("", os.path.basename(path))
            self._show_problems(LoadResult(None, (problem_of(error, path),), path))
        if say:
            prompts.show_cannot_open(self.window, self.open_error,
                                     os.path.basename(self.path) or "The timeline shown")
        self.loaded.emit(False)

    def when_loaded(self, callback) -> None:
        """callback() once no file is loading (at once when none is)."""
        loading = self.document.loading
        if not loading.is_running():
            callback()
            return

        def once() -> None:
            loading.ended.disconnect(once)
            callback()
        loading.ended.connect(once)

    def wait_loaded(self) -> None:
        """Run the event loop until no file is loading (for --screenshot)."""
        if self.document.loading.is_running():
            loop = QEventLoop()
            self.document.loading.ended.connect(loop.quit)
            loop.exec()
            self.document.loading.ended.disconnect(loop.quit)

    def stop_loading(self) -> None:
        """Cancel (or Esc) while a file loads: what was on screen stays, and the status bar
        says the file was not loaded."""
        loading = self.document.loading
        if loading.is_running():
            name = os.path.basename(loading.path())
            loading.cancel()
            self.window.statusBar().showMessage(f"Stopped loading {name}", 5000)

    def _loading_started(self, path: str) -> None:
        """A big file loads: its progress over the panes; the editor's text and the actions
        that edit it wait (a reload of it may come back)."""
        self.loading_panel.start(path)
        self.detail.set_loading(os.path.basename(path))
        self.event_list.set_loading(True)
        self._enable_editing(False)

    def _loading_ended(self) -> None:
        self.loading_panel.hide()
        self.detail.set_loading("")
        self.event_list.set_loading(False)
        if not self.document.loading.is_running():
            self._agreed_text = None
        self._enable_editing(True)

    def _enable_editing(self, enabled: bool) -> None:
        """Off while a file loads: nothing changes the text (Undo/Redo change a read-only
        editor's text too), and so no edit can be dropped when the file loaded shows."""
        self.editor.setReadOnly(not enabled)
        w, text = self.window, self.document.text_document
        for action in (w.new_event_action, w.duplicate_action, w.reload_action):
            action.setEnabled(enabled)
        w.undo_action.setEnabled(enabled and text.isUndoAvailable())
        w.redo_action.setEnabled(enabled and text.isRedoAvailable())
        self._enable_notice_actions()

    def _enable_notice_actions(self) -> None:
        """The notice bar's buttons that change the text wait while a file loads."""
        loading = self.document.loading.is_running()
        for key in TEXT_CHANGING_ACTIONS:
            button = self.notices.buttons.get(key)
            if button is not None:
                button.setEnabled(not loading)

    def _index_later(self, timeline: Timeline) -> None:
        """A file loaded on a worker is shown: its search index is made there now (half of
        what preparing the views took), and handed to the list when made."""
        if timeline is self.timeline:
            self.document.loading.make_later(lambda: SearchIndex(timeline),
                                             self.event_list.set_search_index)

    def _show_first_error(self, result: LoadResult) -> None:
        """A file opened with errors: the YAML pane shows the first, the keyboard in it (once
        the text is in the pane: it goes in when the pane first shows)."""
        self._first_error = None
        if result.errors:
            first = min(result.errors, key=lambda problem: (problem.line, problem.column))
            self._first_error = (first.line, first.column)
            self.window.editor_dock.show()
            self._go_to_first_error()

    def _go_to_first_error(self) -> None:
        if self._first_error and self.editor.blockCount() >= self._first_error[0]:
            self.editor.go_to(*self._first_error)
            self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
            self._first_error = None

    def new_file(self, text: str = "") -> None:
        """File > New: a small example timeline (or `text`), unsaved, in the YAML pane (Save
        asks where)."""
        if not self.document.may_close():
            return
        self._remember_selection()
        self.timeline = None
        self._event_lines = None
        for view in self.views:
            view.set_timeline(None)
        self.window.editor_dock.show()      # the text goes into the pane at once
        text = text or resource_bytes("new_timeline.yaml").decode()
        self._show_result(self.document.new(text), first=True)
        self.editor.go_to(1, 1)
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_chosen(self, path: str) -> None:
        """A file chosen by the user (the Open dialog, a drop): opened, or why not said."""
        if path:
            self.open(path, say_failure=True)

    def _show_result(self, checked: Checked, select: str | None = None,
                     first: bool = False) -> None:
        """The text was checked: show its timeline, or keep the last good one marked stale."""
        self.stale = checked.timeline is None and self.timeline is not None
        self._show_problems(checked.result)
        if checked.timeline is not None:
            self._show_timeline(checked.timeline, checked, select, first)
            if checked.timeline_data is not None and checked.search_index is None:
                QTimer.singleShot(0, lambda: self._index_later(checked.timeline))
            if self.editor.hasFocus():      # typing in an event's block selects it
                self._editor_line_changed(self.editor.textCursor().blockNumber() + 1)
        self._show_title()

    def _path_changed(self, path: str) -> None:
        self._show_title()
        self._enable_event_actions()
        if path:                # "" for a New timeline, not saved yet
            self.ui_settings.remember_file(path)

    def _show_title(self) -> None:
        title = self.timeline.title if self.timeline else ""
        self.window.show_title(title, os.path.basename(self.path) or "Untitled")

    def _show_timeline(self, timeline: Timeline, prepared: Checked | None, select: str | None,
                       first: bool) -> None:
        self.timeline = timeline
        self._event_lines = EventLines(timeline)
        if first:               # folded or not as the user last chose for this file
            self.timeline_view.set_condensed(self.ui_settings.condensed(self.path))
        for view in self.views:
            view.set_timeline(timeline, prepared)
        self.window.condensed_action.setChecked(self.timeline_view.is_condensed())
        known = _EventIds(timeline)
        self.selection.forget_missing(known)
        wanted = select or self.selection.current or (
            self.ui_settings.last_selection(self.path) if first else "")
        if wanted not in known:
            wanted = ""         # the title page: what the timeline is, and how to start
        # The views were given a new timeline: they are told even if the event is the same.
        self.selection.select(wanted, remember=False, again=True)
        if first:
            self._restore_view()

    def _show_problems(self, result: LoadResult) -> None:
        self.problems.set_problems(result.problems, result.more_problems)
        timeline = result.timeline or self.timeline
        if timeline:
            counts = (f"{counted(len(timeline.events), 'event')} \u00b7 "
                      f"{counted(len(timeline.articles), 'article')}")
        else:
            counts = ("Nothing to show: the file has errors (Ctrl+E to fix them in the YAML "
                      "pane)" if result.errors else "No timeline loaded")
        if result.timeline is None and self.timeline is not None:
            counts += " \u00b7 not up to date: the text has errors, showing its last good version"
        if not has_libyaml():
            counts += " \u00b7 slow YAML parser (libyaml missing)"
        self.window.show_status(counts, result.error_count, result.warning_count)
        if result.errors:
            self.problems_shown_for_errors = self.problems_shown_for_errors or \
                not self.window.problems_dock.isVisible()
            self.window.problems_dock.show()
        elif not result.problems and self.problems_shown_for_errors:
            self.window.problems_dock.hide()     # it came for errors that are now fixed
            self.problems_shown_for_errors = False

    def choose_file(self) -> None:
        start = os.path.dirname(self.path) if self.path else os.getcwd()
        self.open_chosen(prompts.choose_open_path(self.window, start))

    def may_close(self) -> bool:
        """The window asks before closing: unsaved edits get Save / Discard / Cancel."""
        if not self.document.may_close():
            return False
        self.document.shutdown()
        return True

    # -- the editor ----------------------------------------------------------------------------

    def _show_block(self, event_id: str) -> None:
        """Mark the event's lines in the editor, scrolled into view (when the editor is shown
        and its text is the one the timeline on screen comes from)."""
        source = self.document.checked_source
        if self.stale or not self.timeline or source is None or \
                not self.window.editor_dock.isVisible():
            return
        lines = self._event_lines.block_of(source, event_id)
        if lines:       # the user's own cursor move is not followed by a scroll
            self.editor.scroll_to_block(*lines, scroll=not self._from_editor)

    def _editor_line_changed(self, line: int) -> None:
        """The cursor moved to `line`: select its event, if the lines on screen are current."""
        if self.stale or not self.timeline or self.document.checked_source is None:
            return
        event_id = self._event_lines.event_at(line)
        if event_id and event_id != self.selection.current:
            self._from_editor = True
            try:
                self.select(event_id)
            finally:
                self._from_editor = False

    def new_event(self) -> None:
        """Ctrl+N: a new event dated as the selected one and in its track, so it goes right
        after it (with no selection: as the last event; in an empty timeline: this year)."""
        def edit(text: str, timeline: Timeline):
            selected = timeline.event(self.selection.current)
            last = timeline.events[-1] if timeline.events else None
            model = selected or last
            date = model.date if model else str(datetime.date.today().year)
            return new_event_edit(text, timeline, date, model.track if model else "")
        self._edit(edit)

    def duplicate_event(self) -> None:
        event_id = self.selection.current
        self._edit(lambda text, timeline: duplicate_event_edit(text, timeline, event_id))

    def _edit(self, make_edit) -> None:
        """Make a text edit that needs the editor's text to be a valid timeline."""
        self.window.editor_dock.show()
        text, timeline = self.document.checked_source, self.timeline
        if text is None or self.stale:          # typed since the last check: check it now
            text = self.document.text()
            timeline = load_text(text, self.path).timeline    # the views follow the edit's
        try:
            if timeline is None:
                raise EditError("the text has errors; fix them first (see the Problems panel)")
            edit = make_edit(text, timeline)
        except (EditError, ValueError) as error:
            prompts.show_cannot_edit(self.window, str(error))
            return
        self.document.replace_range(edit.offset, edit.removed, edit.inserted)
        self.editor.select_text(edit.cursor, edit.select_length)
        self.editor.centerCursor()        # the whole new block in view, not at the pane's edge
        self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- the keyboard in and out of the editor ---------------------------------------------

    def _editor_toggled(self, shown: bool) -> None:
        """Ctrl+E: the keyboard goes into the YAML pane it shows; when it hides the pane,
        the keyboard goes back (Qt moved it on, see _focus_changed)."""
        if shown:
            self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if not isValid(self.window):    # the application's signal outlives this window
            return
        if self._in_editor(new) and old is not None and not self._in_editor(old):
            self._focus_before_editor = old
        elif self._in_editor(old) and not self.window.editor_dock.isVisible():
            self._leave_editor()    # the pane was closed with the keyboard in it

    def _in_editor(self, widget: QWidget | None) -> bool:
        dock = self.window.editor_dock
        return widget is not None and (widget is dock or dock.isAncestorOf(widget))

    def _leave_editor(self) -> None:
        """Back to where the keyboard was before the editor (the timeline if that is gone).
        The pane stays as it is: Esc only moves the keyboard, Ctrl+E closes the pane."""
        before = self._focus_before_editor
        if before is None or not isValid(before) or not before.isVisible() or \
                before.window() is not self.window:
            before = self.timeline_view
        before.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc in the editor stops a file loading, as elsewhere; else it returns the keyboard
        (rather than clearing the event list's search, the window's Esc elsewhere)."""
        if watched is self.editor and event.type() in (QEvent.Type.ShortcutOverride,
                                                       QEvent.Type.KeyPress) \
                and event.key() == Qt.Key.Key_Escape and not event.modifiers():
            if event.type() == QEvent.Type.KeyPress:
                if self.document.loading.is_running():
                    self.stop_loading()
                else:
                    self._leave_editor()
            event.accept()
            return True
        return super().eventFilter(watched, event)

    # -- selection and navigation ------------------------------------------------------------

    def select(self, event_id: str) -> None:
        if self.timeline and self.timeline.event(event_id):
            self.selection.select(event_id)
            # Chosen again while the detail shows an article: the event's page comes back.
            self.detail.show_event(event_id)

    def step(self, direction: str) -> None:
        """Next/previous/first/last among the events the list shows, in date order. Home
        at the first event goes on to the title page (as Esc does with nothing to clear)."""
        listed = self.event_list.visible_ids()
        if not listed:
            return
        current = self.selection.current
        position = listed.index(current) if current in listed else -1
        if direction == "first" and position == 0:
            self.show_title_page()
            return
        if direction == "first" or (position < 0 and direction == "next"):
            target = 0
        elif direction == "last" or (position < 0 and direction == "previous"):
            target = len(listed) - 1
        else:
            target = position + (1 if direction == "next" else -1)
        target = max(0, min(len(listed) - 1, target))
        self.select(listed[target])

    def _show_selected(self, event_id: str) -> None:
        for view in self.views:
            view.set_selected(event_id)
        self._show_block(event_id)
        self._enable_event_actions()

    # -- the selected event: copying it, opening its article -------------------------------

    def _selected_event(self) -> Event | None:
        return self.timeline.event(self.selection.current) if self.timeline else None

    def _enable_event_actions(self) -> None:
        event, w = self._selected_event(), self.window
        w.copy_event_action.setEnabled(event is not None)
        w.copy_citation_action.setEnabled(event is not None and bool(event.excerpts))
        w.copy_link_action.setEnabled(event is not None and bool(self.path))
        w.open_article_action.setEnabled(bool(self._article_link(event)))

    def _article_link(self, event: Event | None) -> str:
        """The web address of the event's first source that has one (quoted first)."""
        if event is None or self.timeline is None:
            return ""
        for article_id in [e.article_id for e in event.excerpts] + list(event.sources):
            article = self.timeline.article(article_id)
            if article is not None and article.link:
                return article.link
        return ""

    def _event_menu(self, widget: QWidget, pos) -> None:
        """Right click on the list or the timeline: the event there is selected (on the
        list, Qt did so already), and the menu acts on it."""
        if widget is self.timeline_view:
            event_id = self._timeline_event_at(QPointF(pos))
            if event_id:
                self.select(event_id)
        if self._selected_event() is not None:
            self.window.event_menu.popup(widget.mapToGlobal(pos))

    def _timeline_event_at(self, pos: QPointF) -> str:
        """The event whose label or mark is at a point of the timeline ("" if none)."""
        for event_id, _text, rect in self.timeline_view.placed_labels():
            if rect.contains(pos):
                return event_id
        for key, _kind, rect, _selected in self.timeline_view.placed_marks():
            if key[0] == "event" and rect.adjusted(-2, -2, 2, 2).contains(pos):
                return key[1]
        return ""

    def copy_event(self) -> None:
        event = self._selected_event()
        if event is not None:
            citations.copy_text(event_as_text(event, self.timeline))

    def copy_citation(self) -> None:
        event = self._selected_event()
        if event is not None and event.excerpts:
            excerpt = event.excerpts[0]
            citations.copy_citation(excerpt, self.timeline.article(excerpt.article_id), event)

    # -- export and print ------------------------------------------------------------------

    def export_scope(self) -> ExportScope:
        """The events the list shows (when a search or filter narrows it), in date order, and
        the timeline's view: what File > Export… and Print take by default."""
        from timeline_app.qt.export_dialog import ExportScope, filter_note   # not at start
        matching, note = None, ""
        if self._filtering:
            listed = set(self.event_list.visible_ids())
            matching = [event for event in self.timeline.events if event.id in listed]
            note = filter_note(self.timeline, self.event_list.current_filter())
        return ExportScope(matching, note, self.timeline_view.view_range(),
                           self.timeline_view.is_condensed())

    def export(self) -> None:
        if self.timeline is None:
            self.window.statusBar().showMessage("There is no timeline to export.", 5000)
            return
        base = os.path.splitext(self.path)[0] if self.path else \
            os.path.join(os.path.expanduser("~"), "timeline")
        from timeline_app.qt.export_dialog import ExportDialog
        dialog = ExportDialog(self.timeline, self.export_scope(), base + ".html", self.window)
        if dialog.exec() and dialog.written:
            self.window.statusBar().showMessage(
                f"Exported {counted(len(dialog.events()), 'event')} to {dialog.written}", 8000)

    def _printed_events(self) -> tuple[list[Event], str] | None:
        if self.timeline is None:
            self.window.statusBar().showMessage("There is no timeline to print.", 5000)
            return None
        scope = self.export_scope()
        if scope.matching is None:
            return list(self.timeline.events), ""
        return scope.matching, scope.filter_note

    def print_timeline(self) -> None:
        printed = self._printed_events()
        if printed is not None:
            from timeline_app.qt import print_support    # QtPrintSupport: not at start
            print_support.print_with_dialog(self.window, self.timeline, *printed)

    def print_preview(self) -> None:
        printed = self._printed_events()
        if printed is not None:
            from timeline_app.qt import print_support
            print_support.preview_dialog(self.window, self.timeline, *printed).exec()

    def copy_link(self) -> None:
        event = self._selected_event()
        if event is not None and self.path:
            citations.copy_text(event_link(self.path, event.id))

    def open_article(self) -> None:
        link = self._article_link(self._selected_event())
        if link:
            self.open_url(link)

    def open_url(self, url: str) -> None:
        """Open a link in the system browser: http and https with a host only. When no
        browser can be started, the window says so and offers the address to copy."""
        if not is_safe_link(url):
            return
        if not QDesktopServices.openUrl(QUrl(url)):
            self.window.statusBar().showMessage(f"No web browser could be started for {url}",
                                                10000)
            if prompts.show_no_browser(self.window, url):
                citations.copy_text(url)

    def _show_hovered(self, text: str) -> None:
        """A link under the pointer in the detail: where it leads, in the status bar."""
        if text:
            self.window.statusBar().showMessage(text)
        else:
            self.window.statusBar().clearMessage()

    def _enable_history(self, can_go_back: bool, can_go_forward: bool) -> None:
        self.window.back_action.setEnabled(can_go_back)
        self.window.forward_action.setEnabled(can_go_forward)

    def _filter_changed(self, event_filter) -> None:
        self._filtering = event_filter.is_active
        listed = frozenset(self.event_list.visible_ids()) if event_filter.is_active else None
        self.timeline_view.set_visible_ids(listed)
        # The detail marks words only in an event the list shows, and says when it hides it.
        self.detail.set_highlight(self.event_list.highlight_terms(),
                                  True if listed is None else listed.__contains__,
                                  searching=bool(event_filter.query.strip()))

    def show_title_page(self) -> None:
        """Nothing selected: the detail shows the timeline's title page."""
        self.selection.select("")

    def _escape(self) -> None:
        """Esc stops a file loading; else it clears the search and filters; with none, it goes
        to the title page."""
        if self.document.loading.is_running():
            self.stop_loading()
        elif self._filtering:
            self.event_list.clear_filters()
        else:
            self.show_title_page()

    def _condense(self, condensed: bool) -> None:
        """View > Condensed Time Axis: fold quiet stretches, or time to scale; remembered."""
        self.timeline_view.set_condensed(condensed)
        self.ui_settings.set_condensed(self.path, condensed)

    def _find(self) -> None:
        self.window.tabs.setCurrentWidget(self.event_list)
        self.event_list.focus_search()

    def _problem_activated(self, line: int, column: int) -> None:
        """Show the problem's place in the editor, and the event it is in."""
        self.window.editor_dock.show()
        self.editor.go_to(line, column)
        self._editor_line_changed(line)

    # -- remembered state ------------------------------------------------------------------

    def _remember_selection(self) -> None:
        self.ui_settings.remember_selection(self.path, self.selection.current,
                                            self.timeline_view.view_range())

    def _restore_view(self) -> None:
        view_range = self.ui_settings.view_range(self.path)
        if view_range is not None:
            self.timeline_view.set_view_range(*view_range)
            self.timeline_view.set_selected(self.selection.current)

    def _fill_recent_menu(self) -> None:
        menu = self.window.recent_menu
        menu.clear()
        for path in self.ui_settings.recent_files():
            action = menu.addAction(path.replace("&", "&&"))
            action.setEnabled(os.path.exists(path))
            action.triggered.connect(lambda _=False, p=path: self.open_chosen(p))
        if menu.isEmpty():
            menu.addAction("No recent files").setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction("&Clear List").triggered.connect(self.ui_settings.clear_recent_files)

    def restore_window(self) -> bool:
        """The window as the user left it; False when there is nothing remembered. The docks
        follow the file now open, not the last session: the Problems panel only with
        problems to show, the YAML pane (and Problems) at errors of the file."""
        self.ui_settings.restore_window(self.window, *self.window.splitters())
        problems = self.window.problems_dock
        if self.problems.model.rowCount() == 0:
            problems.hide()
        elif self.problems_shown_for_errors:
            problems.show()
            self.window.editor_dock.show()
        return self.ui_settings.has_window_state()

    def _save_state(self) -> None:
        self._remember_selection()
        self.ui_settings.save_window(self.window, *self.window.splitters())

    # -- how the app looks ------------------------------------------------------------------

    def set_theme(self, theme: str) -> None:
        """View > Theme: the application's palette (the drawn timeline follows it)."""
        theme = apply_theme(theme)
        self.window.theme_actions[theme].setChecked(True)
        self.ui_settings.set_theme(theme)

    def set_text_size(self, steps: int) -> None:
        """View > Text Size: the text of the list, the detail, the sources and the editor,
        `steps` points larger (or smaller) than the system's; remembered."""
        self.text_size = max(TEXT_SIZE_STEPS[0], min(TEXT_SIZE_STEPS[1], steps))
        text = QApplication.font()
        for widget, base in ((self.event_list, text), (self.detail, text), (self.sources, text),
                             (self.editor, self._editor_font)):
            font = QFont(base)
            font.setPointSizeF(max(5.0, base.pointSizeF() + self.text_size))
            set_font_deep(widget, font)
        self.window.smaller_text_action.setEnabled(self.text_size > TEXT_SIZE_STEPS[0])
        self.window.larger_text_action.setEnabled(self.text_size < TEXT_SIZE_STEPS[1])
        self.ui_settings.set_text_size(self.text_size)

    # -- help ------------------------------------------------------------------------------

    def show_keys(self) -> None:
        prompts.show_keys(self.window)

    def show_format(self) -> None:
        """Help > Timeline Format: one window, beside the main one, until closed."""
        if self._format_help is None:
            from timeline_app.qt.format_help import FormatHelp     # rarely used: not at start
            self._format_help = FormatHelp(self.window)
            self._format_help.openUrlRequested.connect(self.open_url)
        self._format_help.show()
        self._format_help.raise_()
        self._format_help.activateWindow()

    def show_about(self) -> None:
        prompts.show_about(self.window, __version__)


def set_font_deep(widget: QWidget, font: QFont) -> None:
    """Set the font of a widget and of its children. Qt passes a new font on to a child with a
    style sheet only when the parent has one too: those children get it here."""
    widget.setFont(font)
    for child in widget.findChildren(QWidget):
        if child.testAttribute(Qt.WidgetAttribute.WA_StyleSheet) and not child.isWindow():
            child.setFont(font)


class _EventIds:
    """The ids of a timeline's events, for `in`: no set of 100,000 ids built on each show."""

    def __init__(self, timeline: Timeline):
        self._event = timeline.event

    def __contains__(self, event_id: str) -> bool:
        return self._event(event_id) is not None


def prepare_shown(result: LoadResult, progress=None) -> Checked:
    """What the views need to show a new timeline, built on the thread that loaded it: its
    layout data and the list's facts. progress(fraction), when given, is told how far it is.
    The search index comes a moment after the timeline is shown (see _index_later)."""
    timeline = result.timeline
    timeline_data = TimelineData(timeline)
    if progress is not None:
        progress(0.55)      # its share of the time, ListFacts the rest
    return Checked(result, timeline_data=timeline_data, list_facts=ListFacts(timeline))


def prepare_views(result: LoadResult) -> Checked:
    """All the views need of a new timeline, its search index too, built on the thread that
    checked the typed text (the views get it ready instead of building it on the GUI thread
    while the user types)."""
    return dataclasses.replace(prepare_shown(result), search_index=SearchIndex(result.timeline))


def default_recovery_folder() -> str:
    """Where unsaved edits are kept between crashes: the user's data folder for the app."""
    location = QStandardPaths.StandardLocation.AppLocalDataLocation
    return os.path.join(QStandardPaths.writableLocation(location), "recovery")
