"""Start the application and wire everything: the only place where panes meet.

Panes never reach into each other: they emit signals carrying domain values (an event id, a
tag, a URL) and expose slots; this module connects them through the shared Selection.
"""
from __future__ import annotations

import hashlib
import html
import os
import sys

from PySide6.QtCore import QObject, QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from timeline_app import __version__
from timeline_app.core.links import is_safe_link
from timeline_app.core.loader import LoadResult, UnreadableFile, load_path
from timeline_app.core.model import Timeline
from timeline_app.core.problems import ERROR, Problem
from timeline_app.core.search import search_terms
from timeline_app.core.yaml_nodes import has_libyaml
from timeline_app.qt.event_detail import EventDetail
from timeline_app.qt.event_list import EventListPane
from timeline_app.qt.main_window import MainWindow
from timeline_app.qt.problems_panel import ProblemsPanel
from timeline_app.qt.resources import app_icon, style_sheet
from timeline_app.qt.selection import Selection
from timeline_app.qt.sources_panel import SourcesPanel
from timeline_app.qt.timeline_view import TimelineView

KEYS_HELP = [
    ("Right / Left", "next / previous event (in date order, among the listed events)"),
    ("Home / End", "first / last event"),
    ("Ctrl+F or /", "search events"), ("Esc", "clear the search and filters"),
    ("+ / - / 0", "zoom in / zoom out / fit all events"),
    ("[ / ]", "previous / next busy period"),
    ("Ctrl+wheel, drag, wheel", "zoom, pan"),
    ("Alt+Left / Alt+Right", "back / forward through the events you visited"),
    ("Tab", "move between the timeline, the search box, the list and the detail"),
    ("F5", "reload the file from disk"),
]


class Viewer(QObject):
    """One window showing one timeline file, and everything that connects its panes."""

    def __init__(self, settings: QSettings, remember: bool = True):
        super().__init__()
        self.settings = settings
        self.remember = remember       # off for --screenshot: never read or write UI state
        self.path = ""
        self.timeline: Timeline | None = None
        self.selection = Selection(self)
        self.timeline_view = TimelineView()
        self.event_list = EventListPane()
        self.sources = SourcesPanel()
        self.detail = EventDetail()
        self.problems = ProblemsPanel()
        self.window = MainWindow(self.timeline_view, self.event_list, self.sources, self.detail,
                                 self.problems)
        self._connect()

    # -- wiring ----------------------------------------------------------------------------

    def _connect(self) -> None:
        views = (self.timeline_view, self.event_list, self.detail, self.sources)
        for view in views:
            view.eventClicked.connect(self.select)
        for view in (self.timeline_view, self.event_list):
            view.stepRequested.connect(self.step)
        for view in (self.detail, self.sources):
            view.openUrlRequested.connect(open_url)
        self.selection.changed.connect(self._show_selected)
        self.selection.historyChanged.connect(self._enable_history)
        self.detail.tagClicked.connect(self.event_list.add_tag_filter)
        self.event_list.filterChanged.connect(self._filter_changed)
        self.problems.problemActivated.connect(self._problem_activated)

        w = self.window
        w.open_action.triggered.connect(self.choose_file)
        w.reload_action.triggered.connect(lambda: self.open(self.path))
        w.quit_action.triggered.connect(w.close)
        w.zoom_in_action.triggered.connect(self.timeline_view.zoom_in)
        w.zoom_out_action.triggered.connect(self.timeline_view.zoom_out)
        w.fit_action.triggered.connect(self.timeline_view.fit_all)
        w.previous_period_action.triggered.connect(self.timeline_view.previous_period)
        w.next_period_action.triggered.connect(self.timeline_view.next_period)
        w.find_action.triggered.connect(self._find)
        w.clear_action.triggered.connect(self.event_list.clear_filters)
        w.back_action.triggered.connect(self.selection.back)
        w.forward_action.triggered.connect(self.selection.forward)
        w.keys_action.triggered.connect(self.show_keys)
        w.about_action.triggered.connect(self.show_about)
        w.problems_button.clicked.connect(w.problems_dock.show)
        w.closing.connect(self._save_state)

    # -- loading ---------------------------------------------------------------------------

    def open(self, path: str, select: str | None = None) -> bool:
        """Load `path`; on errors keep the last good timeline on screen and list them."""
        try:
            result = load_path(path)
        except UnreadableFile as error:
            result = LoadResult(None, (Problem(ERROR, str(error), 1, 1, "", path),), path)
        self._show_problems(result)
        if result.timeline is None:
            if self.timeline is None:
                self.path = path
                self.window.show_title("", os.path.basename(path))
            return False
        if path != self.path:
            self._remember_selection()
        self.path = path
        self._show_timeline(result.timeline, select)
        return True

    def _show_timeline(self, timeline: Timeline, select: str | None) -> None:
        self.timeline = timeline
        for view in (self.timeline_view, self.event_list, self.sources, self.detail):
            view.set_timeline(timeline)
        self.window.show_title(timeline.title, os.path.basename(self.path))
        known = {e.id for e in timeline.events}
        self.selection.forget_missing(known)
        wanted = select or self.selection.current or self._last_selection()
        if wanted not in known:
            wanted = timeline.events[0].id if timeline.events else ""
        self.selection.current = ""      # so that the views are told even if it is the same
        self.selection.select(wanted, remember=False)
        self._restore_view()

    def _show_problems(self, result: LoadResult) -> None:
        self.problems.set_problems(result.problems)
        timeline = result.timeline or self.timeline
        counts = (f"{len(timeline.events)} events \u00b7 {len(timeline.articles)} articles"
                  if timeline else "No timeline loaded")
        if result.timeline is None and self.timeline is not None:
            counts += " \u00b7 showing the last version without errors"
        if not has_libyaml():
            counts += " \u00b7 slow YAML parser (libyaml missing)"
        self.window.show_status(counts, len(result.errors), len(result.warnings))
        if result.errors:
            self.window.problems_dock.show()

    def choose_file(self) -> None:
        start = os.path.dirname(self.path) if self.path else os.getcwd()
        path, _ = QFileDialog.getOpenFileName(self.window, "Open Timeline", start,
                                              "Timelines (*.yaml *.yml);;All files (*)")
        if path and not self.open(path):
            QMessageBox.warning(self.window, "Timeline has problems",
                                f"{os.path.basename(path)} could not be shown: see the "
                                "Problems panel for each problem and its line.")

    # -- selection and navigation ------------------------------------------------------------

    def select(self, event_id: str) -> None:
        if self.timeline and self.timeline.event(event_id):
            self.selection.select(event_id)

    def step(self, direction: str) -> None:
        """Next/previous/first/last among the events the list shows, in date order."""
        listed = self.event_list.visible_ids()
        if not listed:
            return
        current = self.selection.current
        position = listed.index(current) if current in listed else -1
        if direction == "first" or (position < 0 and direction == "next"):
            target = 0
        elif direction == "last" or (position < 0 and direction == "previous"):
            target = len(listed) - 1
        else:
            target = position + (1 if direction == "next" else -1)
        target = max(0, min(len(listed) - 1, target))
        self.select(listed[target])

    def _show_selected(self, event_id: str) -> None:
        for view in (self.timeline_view, self.event_list, self.detail, self.sources):
            view.set_selected(event_id)

    def _enable_history(self, can_go_back: bool, can_go_forward: bool) -> None:
        self.window.back_action.setEnabled(can_go_back)
        self.window.forward_action.setEnabled(can_go_forward)

    def _filter_changed(self, event_filter) -> None:
        self.timeline_view.set_visible_ids(
            set(self.event_list.visible_ids()) if event_filter.is_active else None)
        self.detail.set_highlight(search_terms(event_filter.query))

    def _find(self) -> None:
        self.window.tabs.setCurrentWidget(self.event_list)
        self.event_list.focus_search()

    def _problem_activated(self, line: int, column: int) -> None:
        """Select the event whose block holds the problem, when there is one."""
        if not self.timeline:
            return
        for event in self.timeline.events:
            if event.line <= line <= event.end_line:
                self.select(event.id)
                return

    # -- remembered state (QSettings: UI state only, never data) -----------------------------

    def _file_key(self, name: str) -> str:
        digest = hashlib.sha1(os.path.abspath(self.path).encode()).hexdigest()[:16]
        return f"files/{digest}/{name}"

    def _last_selection(self) -> str:
        return str(self.settings.value(self._file_key("selected"), "")) if self.remember else ""

    def _remember_selection(self) -> None:
        if self.remember and self.path and self.selection.current:
            self.settings.setValue(self._file_key("selected"), self.selection.current)
            start, end = self.timeline_view.view_range()
            self.settings.setValue(self._file_key("view"), [start, end])

    def _restore_view(self) -> None:
        value = self.settings.value(self._file_key("view")) if self.remember else None
        try:
            start, end = (float(v) for v in value)
        except (TypeError, ValueError):
            return
        self.timeline_view.set_view_range(start, end)
        self.timeline_view.set_selected(self.selection.current)

    def restore_window(self) -> None:
        if self.remember:
            self.window.restore_state(self.settings)

    def _save_state(self) -> None:
        if self.remember:
            self._remember_selection()
            self.window.save_state(self.settings)
            self.settings.setValue("lastFile", self.path)

    # -- help ------------------------------------------------------------------------------

    def show_keys(self) -> None:
        rows = "".join(f"<tr><td><b>{html.escape(k)}</b>&nbsp;&nbsp;</td><td>{html.escape(v)}"
                       "</td></tr>" for k, v in KEYS_HELP)
        QMessageBox.information(self.window, "Keyboard shortcuts", f"<table>{rows}</table>")

    def show_about(self) -> None:
        QMessageBox.about(self.window, "About Timeline",
                          f"<b>timeline_app {html.escape(__version__)}</b><p>A viewer for YAML "
                          "timelines whose events are backed by verbatim article excerpts.</p>")


def open_url(url: str) -> None:
    """Open a link in the system browser: http and https with a host only, never anything else."""
    if is_safe_link(url):
        QDesktopServices.openUrl(QUrl(url))


def make_application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("timeline_app")
    app.setApplicationName("timeline-app")
    app.setApplicationDisplayName("Timeline")
    app.setWindowIcon(app_icon())
    app.setStyleSheet(style_sheet())
    return app


def run_app(path: str, select: str | None = None, screenshot: str | None = None,
            size: tuple[int, int] = (1400, 900)) -> int:
    app = make_application()
    viewer = Viewer(QSettings(), remember=not screenshot)
    viewer.open(path, select)
    if select and viewer.timeline and not viewer.timeline.event(select):
        print(f"timeline-app: no event with id '{select}' in {path}", file=sys.stderr)
    if screenshot:
        return save_screenshot(viewer, screenshot, size)
    viewer.restore_window()
    if not viewer.settings.contains("window/geometry"):
        viewer.window.resize(*size)
    viewer.window.show()
    viewer.timeline_view.setFocus(Qt.FocusReason.OtherFocusReason)
    return app.exec()


def save_screenshot(viewer: Viewer, out: str, size: tuple[int, int]) -> int:
    """Render the window off-screen at `size` to a PNG; 0 on success."""
    window = viewer.window
    window.resize(*size)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.show()
    QApplication.processEvents()
    image = window.grab().toImage()
    if image.size().width() != size[0] or image.size().height() != size[1]:
        image = image.scaled(*size)
    ok = image.save(out, "PNG")
    window.close()
    if not ok:
        print(f"timeline-app: cannot write the screenshot to {out}", file=sys.stderr)
    return 0 if ok else 1
