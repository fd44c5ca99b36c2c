"""File > Export…: the format, which events (the current search and filters, or all), for a
drawing the current view or the whole span, and the file; then the export, with a progress
dialog when it takes over half a second, and any failure said in words."""
from __future__ import annotations

import datetime
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEventLoop, Qt, QThreadPool
from PySide6.QtWidgets import (QApplication, QButtonGroup, QComboBox, QDialog, QDialogButtonBox,
                               QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QMessageBox, QProgressDialog, QPushButton, QRadioButton,
                               QVBoxLayout, QWidget)

from timeline_app.core.dates import PartialDate, format_range
from timeline_app.core.model import Event, Timeline
from timeline_app.core.search import EventFilter
from timeline_app.qt.export_render import (DRAWN, FORMATS, LAYING_OUT, ExportCancelled,
                                            export_file)
from timeline_app.qt.track_colors import OTHER_LANE

PROGRESS_AFTER_MS = 500
DRAWING_SHOWN_FROM = 5000       # events: drawing them takes about half a second


@dataclass(frozen=True)
class ExportScope:
    """What the window shows: the events its search and filters keep (None: no filter), in
    words ('search “talks”'), and the days in view."""
    matching: list[Event] | None
    filter_note: str
    view_range: tuple[float, float]
    condensed: bool | None = None


class ExportDialog(QDialog):
    """Asks what to export and where; accept() writes the file."""

    def __init__(self, timeline: Timeline, scope: ExportScope, start_path: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.timeline, self.scope = timeline, scope
        self.written = ""            # the path written, once accept() succeeded
        self._replace_agreed = ""    # the path the file dialog already asked to replace

        self.format_box = QComboBox()
        for suffix, name in FORMATS:
            self.format_box.addItem(f"{name}  ({suffix})", suffix)
        self.format_box.setAccessibleName("Format")
        total = len(timeline.events)
        self.matching_button = QRadioButton()
        self.all_button = QRadioButton(f"&All {total:,} events")
        if scope.matching is not None:
            self.matching_button.setText(
                f"The {len(scope.matching):,} events of the current &search and filters")
            self.matching_button.setToolTip(scope.filter_note)
            self.matching_button.setChecked(True)
        else:
            self.matching_button.setText("The current &search and filters (none now)")
            self.matching_button.setEnabled(False)
            self.all_button.setChecked(True)
        self._events_group = self._group(self.matching_button, self.all_button)
        self.span_button = QRadioButton("The &whole span")
        self.view_button = QRadioButton("The current &view: " + _days_text(scope.view_range))
        self.span_button.setChecked(True)
        self._drawing_group = self._group(self.span_button, self.view_button)
        self.path_edit = QLineEdit(start_path)
        self.path_edit.setAccessibleName("File")
        browse = QPushButton("&Browse…")
        browse.setAutoDefault(False)         # Enter in the file name exports, never browses
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)
        file_label = QLabel("F&ile:")
        file_label.setBuddy(self.path_edit)     # Alt+I: the file name

        form = QFormLayout()
        form.addRow("&Format:", self.format_box)
        form.addRow("Events:", self._column(self.matching_button, self.all_button))
        self.drawing_row = self._column(self.span_button, self.view_button)
        form.addRow("Drawing:", self.drawing_row)
        form.addRow(file_label, file_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("&Export",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Cancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.export_button.setDefault(True)      # once in the dialog: Enter exports

        self.format_box.currentIndexChanged.connect(self._format_chosen)
        self.path_edit.textChanged.connect(self._path_typed)
        self._path_typed(start_path)
        self._format_chosen()
        self.setMinimumWidth(min(620, self.sizeHint().width() + 160))

    @staticmethod
    def _group(*buttons: QRadioButton) -> QButtonGroup:
        group = QButtonGroup()
        for button in buttons:
            group.addButton(button)
        return group

    @staticmethod
    def _column(*widgets: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            layout.addWidget(widget)
        return box

    # -- what is asked --

    def suffix(self) -> str:
        return self.format_box.currentData()

    def events(self) -> list[Event]:
        if self.matching_button.isChecked() and self.scope.matching is not None:
            return self.scope.matching
        return list(self.timeline.events)

    def view_range(self) -> tuple[float, float] | None:
        return self.scope.view_range if self.view_button.isChecked() else None

    def _format_chosen(self) -> None:
        """The file's suffix follows the format; the drawing's range is for PNG and SVG."""
        self.drawing_row.setEnabled(self.suffix() in DRAWN)
        path = self.path_edit.text().strip()
        if path and os.path.splitext(path)[1].lower() != self.suffix():
            self.path_edit.setText(os.path.splitext(path)[0] + self.suffix())

    def _path_typed(self, text: str) -> None:
        """A suffix typed that names a format chooses it."""
        index = self.format_box.findData(os.path.splitext(text.strip())[1].lower())
        if index >= 0 and index != self.format_box.currentIndex():
            self.format_box.setCurrentIndex(index)
        self.export_button.setEnabled(bool(os.path.basename(text.strip())))

    def _browse(self) -> None:
        name = dict(FORMATS)[self.suffix()]
        path, _ = QFileDialog.getSaveFileName(self, "Export To", self.path_edit.text().strip(),
                                              f"{name} (*{self.suffix()})")
        if path:
            if not os.path.splitext(path)[1]:
                path += self.suffix()
            self._replace_agreed = path
            self.path_edit.setText(path)

    # -- the export --

    def accept(self) -> None:
        path = os.path.abspath(os.path.expanduser(self.path_edit.text().strip()))
        if os.path.isdir(path):
            self._say(f"{path} is a folder. Give the file a name.")
            return
        if os.path.exists(path) and path != self._replace_agreed and QMessageBox.question(
                self, "Export", f"{os.path.basename(path)} already exists. Replace it?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            return
        note = self.scope.filter_note if self.events() is self.scope.matching else ""
        try:
            finished = run_export(self, self.timeline, self.events(), path,
                                  view_range=self.view_range(), condensed=self.scope.condensed,
                                  title_note=note)
        except (OSError, ValueError) as error:
            self._say(f"{os.path.basename(path)} was not written: {error}")
            return
        if finished:
            self.written = path
            super().accept()

    def _say(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Export", text,
                          QMessageBox.StandardButton.Close, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()


def run_export(parent: QWidget, timeline: Timeline, events: list[Event], path: str,
               **options) -> bool:
    """export_file() with a progress dialog that shows when the export takes over half a
    second; False when the user cancelled. A PDF can be stopped between pages; a text format
    is made on a worker thread, so the window stays alive and Cancel drops it at once; a
    drawing of many events shows the dialog before it starts (it holds the window)."""
    progress = QProgressDialog(f"Exporting {os.path.basename(path)}…", "&Cancel", 0, 0, parent)
    progress.setWindowTitle("Export")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(PROGRESS_AFTER_MS)
    progress.setAutoReset(False)
    progress.setValue(0)       # starts the clock: shown once half a second has gone by
    if len(events) >= DRAWING_SHOWN_FROM and \
            os.path.splitext(path)[1].lower() in DRAWN + (".html", ".htm"):
        progress.show()         # drawing holds the window: say so before it starts
        QApplication.processEvents()

    name = os.path.basename(path)

    def step(what: str, done: int, total: int) -> bool:
        progress.setLabelText(f"Laying out {name}…" if what == LAYING_OUT else
                              f"Writing {name}: page {done + 1:,} of {total:,}…")
        progress.setMaximum(total)
        progress.setValue(done)       # a modal progress dialog lets Cancel be clicked here
        return not progress.wasCanceled()
    try:
        export_file(timeline, events, path, progress=step,
                    make=lambda produce: _on_worker(produce, progress), **options)
    except ExportCancelled:
        return False
    finally:
        progress.close()
        progress.deleteLater()
    return True


def _on_worker(produce: Callable[[], bytes], progress: QProgressDialog) -> bytes:
    """produce() on a thread of Qt's pool while the window (and the dialog, shown after
    half a second) runs; raises what it raised, or ExportCancelled on Cancel (its work then
    ends unseen: nothing is written)."""
    done, outcome = threading.Event(), {}

    def work() -> None:
        try:
            outcome["bytes"] = produce()
        except Exception as error:      # raised again on the GUI thread, as if called here
            outcome["error"] = error
        finally:
            done.set()
    QThreadPool.globalInstance().start(work)
    while not done.wait(0.01):
        # Until the (window-modal) dialog shows, the window takes no input: no edit, open,
        # close or second export in the middle of this one.
        flags = QEventLoop.ProcessEventsFlag.AllEvents if progress.isVisible() else \
            QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents
        QApplication.processEvents(flags, 20)
        if progress.wasCanceled():
            raise ExportCancelled()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["bytes"]


def filter_note(timeline: Timeline, event_filter: EventFilter) -> str:
    """The window's search and filters in words, as the command line says them under an
    export's title ('Only events matching: search “talks”; tagged grain')."""
    parts = []
    if event_filter.query.strip():
        parts.append(f"search \u201c{event_filter.query.strip()}\u201d")
    if event_filter.tags:
        parts.append("tagged " + " and ".join(sorted(event_filter.tags)))
    if event_filter.tracks:
        names = sorted(track.name if (track := timeline.track(t)) else t or OTHER_LANE
                       for t in event_filter.tracks)
        parts.append("track " + " or ".join(names))
    return ("Only events matching: " + "; ".join(parts)) if parts else ""


def _days_text(view_range: tuple[float, float]) -> str:
    """'3 March – 9 May 2022': the first and the last day in view (the range's end is the
    exclusive end of the last day)."""
    first, last = (datetime.date.fromordinal(max(1, int(day))) for day in
                   (view_range[0], max(view_range[0], view_range[1] - 1)))
    return format_range(PartialDate(first.year, first.month, first.day),
                        PartialDate(last.year, last.month, last.day))
