"""The main window: arranges the panes and owns the menus' actions. No behaviour lives here;
app.py connects the actions and the panes' signals."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (QDockWidget, QLabel, QMainWindow, QMenu, QSplitter, QTabWidget,
                               QToolButton, QVBoxLayout, QWidget)

from timeline_app.qt.resources import show_focus


LIST_ROOM_IN_LINES = 27     # the tabs, search box, chips and 8 rows of the event list
LIST_CHARS = (58, 105)      # the events list's width, fewest and most characters
THEME_NAMES = (("system", "&System"), ("light", "&Light"), ("dark", "&Dark"))
SMALL_SCREEN_HEIGHT, SMALL_SCREEN_TIMELINE = 600, 170  # below that, the timeline gets smaller
FIRST_SIZE = (0.85, QSize(1280, 800), QSize(1800, 1150))    # fraction, at least, at most


def first_window_size(available: QSize) -> QSize:
    """The window's first size on a screen with this much room: 85 % of it, but no less
    than 1280x800 where the screen holds that (a small laptop gets all of it), and no more
    than 1800x1150 (a 4K screen gets a window, not a wall)."""
    fraction, least, most = FIRST_SIZE
    wanted = QSize(round(available.width() * fraction), round(available.height() * fraction))
    return wanted.expandedTo(least).boundedTo(most).boundedTo(available)


class SharingSplitter(QSplitter):
    """A splitter of two panes that gives the first `first_size(room)` pixels, whatever
    the window's size, until the user moves its handle (or it restores a remembered state):
    from then on the user's shares are kept."""

    def __init__(self, orientation: Qt.Orientation, first_size: Callable[[int], int]):
        super().__init__(orientation)
        self._share = first_size
        self.arranged_by_user = False
        self.splitterMoved.connect(self._moved)

    def _moved(self) -> None:
        self.arranged_by_user = True

    def restoreState(self, state) -> bool:
        restored = super().restoreState(state)
        self.arranged_by_user = self.arranged_by_user or restored
        return restored

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if not self.arranged_by_user and self.count() == 2:
            room = sum(self.sizes())
            first = self._share(room)
            self.setSizes([first, room - first])


class MainWindow(QMainWindow):
    closing = Signal()      # the window is about to close: time to save UI state
    fileDropped = Signal(str)   # a file dropped onto the window, to open

    def __init__(self, timeline_view: QWidget, event_list: QWidget, sources: QWidget,
                 detail: QWidget, problems: QWidget, editor: QWidget, notices: QWidget,
                 may_close: Callable[[], bool] = lambda: True):
        """`may_close()` is asked before the window closes (about unsaved edits, say)."""
        super().__init__()
        self._may_close = may_close
        self.setWindowTitle("Timeline[*]")
        # Never squeezed to a column of broken words when the YAML pane takes the room.
        detail.setMinimumWidth(detail.fontMetrics().averageCharWidth() * 36)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(event_list, "&Events")
        self.tabs.addTab(sources, "&Sources")
        self.tabs.setAccessibleName("Events and sources")

        self.lower = SharingSplitter(Qt.Orientation.Horizontal, self._list_width)
        self.lower.setObjectName("lowerSplitter")
        self.lower.addWidget(self.tabs)
        self.lower.addWidget(detail)
        self.lower.setStretchFactor(1, 1)
        self.upper = SharingSplitter(Qt.Orientation.Vertical, self._timeline_height)
        self.upper.setObjectName("mainSplitter")
        self.upper.addWidget(timeline_view)
        self.upper.addWidget(self.lower)
        self.upper.setStretchFactor(1, 1)
        self.upper.setChildrenCollapsible(False)
        self._timeline_view = timeline_view
        self._detail = detail
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(notices)
        column.addWidget(self.upper, 1)
        self.setCentralWidget(central)

        self.editor_dock = QDockWidget("YAML", self)
        self.editor_dock.setObjectName("editorDock")
        self.editor_dock.setWidget(editor)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.editor_dock)
        self.editor_dock.hide()

        self.problems_dock = QDockWidget("Problems", self)
        self.problems_dock.setObjectName("problemsDock")
        self.problems_dock.setWidget(problems)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
        self.problems_dock.hide()
        # The first time each dock shows, it gets room to be useful (later, the user's size),
        # and the visible keyboard focus with its title bar's padding (a style sheet: not
        # worth its cost at start for a dock that may never show).
        self._shown_docks: set[str] = set()
        self.editor_dock.visibilityChanged.connect(
            lambda shown: shown and self._first_shown(
                self.editor_dock, Qt.Orientation.Horizontal,
                max(360, min(self.width() * 2 // 5, self.width() - 640))))
        self.problems_dock.visibilityChanged.connect(
            lambda shown: shown and self._first_shown(self.problems_dock,
                                                      Qt.Orientation.Vertical, 170))

        self.status_counts = QLabel()
        self.status_counts.setTextFormat(Qt.TextFormat.PlainText)
        self.problems_button = QToolButton()
        self.problems_button.setAutoRaise(True)
        self.problems_button.setAccessibleName("Show the problems of the file")
        self.statusBar().addWidget(self.status_counts, 1)
        self.statusBar().addPermanentWidget(self.problems_button)
        self._build_actions()
        self.setAcceptDrops(True)

    # -- the window's size and the panes' shares of it ----------------------------------------

    def place_on_screen(self, restored: bool, available: QRect | None = None) -> None:
        """Before the window first shows: a first size that fits the screen's available area
        (centred), or the remembered geometry brought within it. `available`: the screen's
        available area (by default, of the window's screen)."""
        available = available or self.screen().availableGeometry()
        if available.height() < SMALL_SCREEN_HEIGHT:   # 800x500: the lists need the room
            self._timeline_view.setMinimumHeight(SMALL_SCREEN_TIMELINE)
        if not restored:
            self.resize(first_window_size(available.size()))
            frame = self.frameGeometry()
            frame.moveCenter(available.center())
            self.move(frame.topLeft())
        self.keep_within_screen(available)

    def keep_within_screen(self, available: QRect | None = None) -> None:
        """Shrink and move the window so that all of it, its frame too, is on its screen
        (call again once shown: the frame is known then)."""
        available = available or self.screen().availableGeometry()
        frame, inner = self.frameGeometry(), self.geometry()
        extra = QSize(frame.width() - inner.width(), frame.height() - inner.height())
        self.resize(self.size().boundedTo(available.size() - extra))
        frame = self.frameGeometry()
        x = max(available.left(), min(frame.left(), available.right() + 1 - frame.width()))
        y = max(available.top(), min(frame.top(), available.bottom() + 1 - frame.height()))
        if (x, y) != (frame.left(), frame.top()):
            self.move(x, y)

    def _timeline_height(self, room: int) -> int:
        """The timeline yields height first, down to its minimum: the panes below keep room
        for at least LIST_ROWS rows of the event list; on tall windows it gets ~40 %."""
        below = self.fontMetrics().height() * LIST_ROOM_IN_LINES
        wanted = max(330, round(room * 0.42))
        least = self._timeline_view.minimumHeight() or \
            self._timeline_view.minimumSizeHint().height()
        return max(least, min(room - below, wanted))

    def _list_width(self, room: int) -> int:
        """The events list widens with the window (titles uncut on wide screens), leaving
        the detail its minimum."""
        char = self.fontMetrics().averageCharWidth()
        wanted = max(LIST_CHARS[0] * char, min(LIST_CHARS[1] * char, round(room * 0.4)))
        return max(0, min(wanted, room - self._detail.minimumWidth()))

    def _first_shown(self, dock: QDockWidget, orientation: Qt.Orientation, size: int) -> None:
        if dock.objectName() not in self._shown_docks:
            self._shown_docks.add(dock.objectName())
            show_focus(dock)
            self.resizeDocks([dock], [size], orientation)

    def _action(self, menu, text: str, shortcuts=(), tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        if tip:
            action.setStatusTip(tip)
        menu.addAction(action)
        self.addAction(action)     # shortcuts work wherever the focus is in the window
        return action

    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.new_action = self._action(file_menu, "&New Timeline", ["Ctrl+Shift+N"],
                                       "Start a timeline from a small example")
        self.open_action = self._action(file_menu, "&Open…", [QKeySequence.StandardKey.Open])
        self.recent_menu = file_menu.addMenu("Open &Recent")     # filled by app.py
        self.save_action = self._action(file_menu, "&Save", [QKeySequence.StandardKey.Save])
        self.save_as_action = self._action(file_menu, "Save &As…", ["Ctrl+Shift+S"])
        self.reload_action = self._action(file_menu, "&Reload from Disk", ["F5"])
        file_menu.addSeparator()
        self.export_action = self._action(
            file_menu, "&Export…", ["Ctrl+Shift+E"],
            "HTML, PDF, Markdown, PNG, SVG, CSV or TimelineJS: the events the list shows, or all")
        self.print_action = self._action(file_menu, "&Print…", [QKeySequence.StandardKey.Print],
                                         "The dossier of the events the list shows")
        self.print_preview_action = self._action(file_menu, "Print Pre&view…")
        file_menu.addSeparator()
        self.quit_action = self._action(file_menu, "&Quit", [QKeySequence.StandardKey.Quit])

        edit_menu = self.menuBar().addMenu("&Edit")
        self.undo_action = self._action(edit_menu, "&Undo", [QKeySequence.StandardKey.Undo])
        self.redo_action = self._action(edit_menu, "&Redo", [QKeySequence.StandardKey.Redo])
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        edit_menu.addSeparator()
        # On the selected event; also the context menu of the list and the timeline.
        self.copy_event_action = self._action(edit_menu, "Copy &Event", ["Ctrl+Shift+C"],
                                              "The event as plain text")
        self.copy_citation_action = self._action(
            edit_menu, "Copy C&itation", tip="The event's first quote with its source, as "
            "plain text and Markdown")
        self.copy_link_action = self._action(
            edit_menu, "Copy &Link to the Event",
            tip="A command line that opens the app on this event")
        self.open_article_action = self._action(edit_menu, "Open &Article",
                                                tip="The event's first source in your browser")
        self.event_menu = QMenu(self)
        self.event_menu.addActions([self.copy_event_action, self.copy_citation_action,
                                    self.copy_link_action, self.open_article_action])
        edit_menu.addSeparator()
        self.new_event_action = self._action(edit_menu, "&New Event", ["Ctrl+N"],
                                             "Add an event after the selected one in the YAML")
        self.duplicate_action = self._action(edit_menu, "&Duplicate Event", ["Ctrl+D"],
                                             "Copy the selected event's YAML below it")
        edit_menu.addSeparator()
        self.editor_action = self.editor_dock.toggleViewAction()
        self.editor_action.setText("&Edit YAML")
        self.editor_action.setShortcut(QKeySequence("Ctrl+E"))
        edit_menu.addAction(self.editor_action)
        self.addAction(self.editor_action)

        view_menu = self.menuBar().addMenu("&View")
        self.zoom_in_action = self._action(view_menu, "Zoom &In", ["+", "=", "Ctrl++"])
        self.zoom_out_action = self._action(view_menu, "Zoom &Out", ["-", "Ctrl+-"])
        self.fit_action = self._action(view_menu, "&Fit All Events", ["0"])
        self.condensed_action = self._action(
            view_menu, "&Condensed Time Axis",
            tip="Fold long quiet stretches of time so that busy periods get the room")
        self.condensed_action.setCheckable(True)
        view_menu.addSeparator()
        theme_menu = view_menu.addMenu("&Theme")
        self.theme_actions = {}         # theme name -> its checkable action
        themes = QActionGroup(self)
        for name, text in THEME_NAMES:
            action = themes.addAction(text)
            action.setCheckable(True)
            action.setData(name)
            theme_menu.addAction(action)
            self.theme_actions[name] = action
        text_menu = view_menu.addMenu("Te&xt Size")
        # Ctrl++ and Ctrl+- zoom the timeline; text size takes the word processors' keys.
        self.larger_text_action = self._action(text_menu, "&Larger", ["Ctrl+>"])
        self.smaller_text_action = self._action(text_menu, "&Smaller", ["Ctrl+<"])
        self.reset_text_action = self._action(text_menu, "&Reset", ["Ctrl+0"])
        view_menu.addSeparator()
        view_menu.addAction(self.problems_dock.toggleViewAction())

        go_menu = self.menuBar().addMenu("&Go")
        self.find_action = self._action(go_menu, "&Find Events…", ["Ctrl+F", "/"])
        self.clear_action = self._action(go_menu, "&Clear Search and Filters", ["Esc"],
                                         "With nothing to clear: the title page")
        go_menu.addSeparator()
        # The views take these keys themselves (the search box and the editor keep theirs):
        # the menu only shows them, after a tab.
        self.next_action = self._action(go_menu, "&Next Event\tRight")
        self.previous_action = self._action(go_menu, "&Previous Event\tLeft")
        self.first_action = self._action(go_menu, "F&irst Event\tHome")
        self.last_action = self._action(go_menu, "&Last Event\tEnd")
        self.title_page_action = self._action(go_menu, "&Title Page", ["Alt+Home"],
                                              "The timeline's description and counts")
        go_menu.addSeparator()
        self.previous_period_action = self._action(go_menu, "Previous Bus&y Period", ["["])
        self.next_period_action = self._action(go_menu, "Next &Busy Period", ["]"])
        go_menu.addSeparator()
        self.back_action = self._action(go_menu, "B&ack", ["Alt+Left"])
        self.forward_action = self._action(go_menu, "F&orward", ["Alt+Right"])
        self.back_action.setEnabled(False)
        self.forward_action.setEnabled(False)

        help_menu = self.menuBar().addMenu("&Help")
        self.keys_action = self._action(help_menu, "&Keyboard Shortcuts", ["F1"])
        self.format_action = self._action(help_menu, "Timeline &Format", ["Shift+F1"],
                                          "Every key of a timeline file, dates and the rules")
        self.about_action = self._action(help_menu, "&About Timeline")

    def dragEnterEvent(self, event) -> None:
        if _dropped_file(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        if _dropped_file(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        path = _dropped_file(event.mimeData())
        if path:
            event.acceptProposedAction()
            self.fileDropped.emit(path)

    def closeEvent(self, event) -> None:
        if not self._may_close():
            event.ignore()
            return
        self.closing.emit()
        event.accept()

    def show_title(self, timeline_title: str, file_name: str) -> None:
        """`[*]` shows as * while the editor has unsaved edits (setWindowModified)."""
        self.setWindowTitle(f"{timeline_title} \u2014 {file_name}[*]" if timeline_title
                            else f"{file_name}[*]")

    def show_status(self, counts: str, errors: int, warnings: int) -> None:
        self.status_counts.setText(counts)
        parts = [f"{errors:,} error{'s' * (errors != 1)}"] if errors else []
        parts += [f"{warnings:,} warning{'s' * (warnings != 1)}"] if warnings else []
        self.problems_button.setText(", ".join(parts) if parts else "No problems")
        self.problems_button.setEnabled(bool(parts))

    def splitters(self) -> tuple[QSplitter, ...]:
        """The splitters whose sizes the user sets (remembered with the window's state)."""
        return self.upper, self.lower


def _dropped_file(mime: QMimeData) -> str:
    """The local file a drag carries (the first, when several), or ""."""
    files = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
    return files[0] if files else ""
