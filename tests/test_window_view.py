"""The View menu: theme and text size, remembered; Qt's own options on the command line."""
import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from conftest import BUNDLED
from timeline_app.qt.app import Viewer
from timeline_app.qt.theme import apply_theme


@pytest.fixture
def viewer(qtbot, settings):
    system = QPalette(QApplication.palette())
    viewer = Viewer(settings)
    qtbot.addWidget(viewer.window)
    viewer.open(str(BUNDLED))
    viewer.window.show()
    qtbot.waitExposed(viewer.window)
    yield viewer
    apply_theme("system")           # the next tests get the platform's colours again
    assert QApplication.palette().color(QPalette.ColorRole.Window) == \
        system.color(QPalette.ColorRole.Window)


def lightness(widget, role=QPalette.ColorRole.Base) -> int:
    return widget.palette().color(role).lightness()


def test_the_dark_theme_darkens_every_pane_and_is_remembered(viewer, qtbot, settings):
    viewer.window.theme_actions["dark"].trigger()
    qtbot.waitUntil(lambda: lightness(viewer.timeline_view) < 60)    # Qt passes it on later
    for widget in (viewer.window, viewer.event_list.view, viewer.detail.browser,
                   viewer.editor, viewer.timeline_view):
        assert lightness(widget) < 60, widget
        assert lightness(widget, QPalette.ColorRole.Text) > 180, widget
    again = Viewer(settings)
    qtbot.addWidget(again.window)
    assert again.window.theme_actions["dark"].isChecked()
    viewer.window.theme_actions["light"].trigger()
    qtbot.waitUntil(lambda: lightness(viewer.detail.browser) > 240)
    viewer.window.theme_actions["system"].trigger()
    assert viewer.window.theme_actions["system"].isChecked()
    assert Viewer(settings).ui_settings.theme() == "system"


def test_text_size_grows_shrinks_resets_and_is_remembered(viewer, qtbot, settings):
    w = viewer.window
    base = QApplication.font().pointSizeF()
    editor_base = viewer.editor.font().pointSizeF()
    w.larger_text_action.trigger()
    w.larger_text_action.trigger()
    for widget in (viewer.event_list.view, viewer.detail.browser, viewer.sources):
        assert widget.font().pointSizeF() == base + 2
    assert viewer.editor.font().pointSizeF() == editor_base + 2
    assert viewer.editor.font().family() != viewer.detail.font().family() or \
        viewer.editor.font().fixedPitch()           # still the editor's monospace font
    again = Viewer(settings)
    qtbot.addWidget(again.window)
    assert again.event_list.view.font().pointSizeF() == base + 2
    w.reset_text_action.trigger()
    assert viewer.detail.browser.font().pointSizeF() == base
    for _ in range(10):
        w.smaller_text_action.trigger()
    assert not w.smaller_text_action.isEnabled()
    assert viewer.event_list.view.font().pointSizeF() >= 5
    # Ctrl++ and Ctrl+- belong to the timeline's zoom
    zoom_keys = {k.toString() for a in (w.zoom_in_action, w.zoom_out_action)
                 for k in a.shortcuts()}
    text_keys = {k.toString() for a in (w.larger_text_action, w.smaller_text_action,
                                        w.reset_text_action) for k in a.shortcuts()}
    assert text_keys and not zoom_keys & text_keys


def test_qt_options_are_passed_to_qt_and_the_rest_parsed_as_ours():
    from timeline_app.cli import split_qt_options
    assert split_qt_options(["-style", "fusion", "a.yaml", "-reverse", "--select", "x",
                             "--platform=offscreen", "-stylesheet", "s.qss"]) == \
        (["a.yaml", "--select", "x"],
         ["-style", "fusion", "-reverse", "--platform=offscreen", "-stylesheet", "s.qss"])


def test_the_app_starts_with_qt_options_on_the_command_line(tmp_path):
    import os
    import subprocess
    import sys
    from PySide6.QtGui import QImage
    from conftest import REPO
    out = tmp_path / "shot.png"
    done = subprocess.run([sys.executable, "-m", "timeline_app", "-style", "fusion", "-reverse",
                           "--screenshot", str(out), "--size", "800x500"],
                          capture_output=True, text=True, cwd=REPO, timeout=120,
                          env=dict(os.environ, XDG_CONFIG_HOME=str(tmp_path)))
    assert done.returncode == 0, done.stderr
    assert QImage(str(out)).width() == 800


def test_the_condensed_time_axis_is_toggled_in_view_and_remembered_per_file(viewer, qtbot,
                                                                             settings, write):
    from conftest import MINIMAL
    action = viewer.window.condensed_action
    assert action.isChecked() and viewer.timeline_view.is_condensed()  # bursty: folded at first
    action.trigger()
    assert not action.isChecked() and not viewer.timeline_view.is_condensed()
    viewer.window.close()
    again = Viewer(settings)
    qtbot.addWidget(again.window)
    again.open(str(BUNDLED))
    assert not again.timeline_view.is_condensed()
    assert not again.window.condensed_action.isChecked()
    again.open(str(write(MINIMAL)))          # another file: its own default
    assert again.window.condensed_action.isChecked() == again.timeline_view.is_condensed()
