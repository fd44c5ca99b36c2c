"""Start the window: the application object, the first file, and --screenshot."""
from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from timeline_app.qt.app import Viewer
from timeline_app.qt.resources import APP_DISPLAY_NAME, app_icon
from timeline_app.qt.unexpected_errors import UnexpectedErrors, show_message


def make_application(qt_options: list[str] = ()) -> QApplication:
    """The application, given Qt's own command-line options (-style fusion, -reverse…)."""
    app = QApplication.instance() or QApplication(sys.argv[:1] + list(qt_options))
    app.setOrganizationName("timeline_app")
    app.setApplicationName("timeline-app")
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setDesktopFileName("timeline-app")      # resources/timeline-app.desktop
    app.setWindowIcon(app_icon())
    return app


def run_app(path: str, select: str | None = None, screenshot: str | None = None,
            size: tuple[int, int] = (1400, 900), qt_options: list[str] = ()) -> int:
    app = make_application(qt_options)
    errors = UnexpectedErrors(say=_print_failure if screenshot else show_message, parent=app)
    errors.install()
    if screenshot:
        qInstallMessageHandler(_without_offscreen_chatter)
    viewer = Viewer(QSettings(), remember=not screenshot)
    # A big file loads on a worker while the window is on screen, showing its progress.
    viewer.open(path, select)

    def say_missing_select() -> None:
        if select and viewer.timeline and not viewer.timeline.event(select):
            print(f"timeline-app: no event with id '{select}' in {path}", file=sys.stderr)
    if screenshot:
        viewer.wait_loaded()
        say_missing_select()
        return save_screenshot(viewer, screenshot, size)
    viewer.when_loaded(say_missing_select)
    viewer.window.place_on_screen(restored=viewer.restore_window())
    viewer.window.show()
    QTimer.singleShot(0, viewer.window.keep_within_screen)    # its frame known: all on screen
    # A file with errors opens with the keyboard at its first error in the YAML pane (one
    # loading on a worker puts it there when it is shown).
    start = viewer.editor if viewer.problems_shown_for_errors else viewer.timeline_view
    start.setFocus(Qt.FocusReason.OtherFocusReason)
    return app.exec()


def save_screenshot(viewer: Viewer, out: str, size: tuple[int, int]) -> int:
    """Render the window off-screen at `size` to a PNG; 0 on success."""
    window = viewer.window
    window.resize(*size)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.show()
    QApplication.processEvents()
    # Widgets replaced while loading (the filter chips) go at the next deferred delete; the
    # list scrolls to the selected row again now that it has its final size.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()        # the panes laid out again without them
    viewer.event_list.set_selected(viewer.selection.current)
    QApplication.processEvents()
    image = window.grab().toImage()
    if image.size().width() != size[0] or image.size().height() != size[1]:
        image = image.scaled(*size)
    ok = image.save(out, "PNG")
    window.close()
    if not ok:
        print(f"timeline-app: cannot write the screenshot to {out}", file=sys.stderr)
    return 0 if ok else 1


def _without_offscreen_chatter(_kind, _context, message: str) -> None:
    """Qt's messages for --screenshot, less the offscreen platform's note that it cannot
    resize windows to their size hints, which says nothing to a user."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def _print_failure(what: str, log_path: str) -> None:
    where = f"; details in {log_path}" if log_path else ""
    print(f"timeline-app: {what.replace(chr(10), ' ')}{where}", file=sys.stderr)
