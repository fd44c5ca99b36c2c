"""`--screenshot` renders the real window off-screen to a PNG of the requested size."""
import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from conftest import REPO


@pytest.mark.parametrize("size", [None, "1000x700"])
def test_screenshot_writes_a_png_of_the_requested_size(tmp_path, size):
    out = tmp_path / "shot.png"
    args = [sys.executable, "-m", "timeline_app", "--screenshot", str(out),
            "--select", "istanbul-talks-2025"]
    if size:
        args += ["--size", size]
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path))
    env.pop("QT_QPA_PLATFORM", None)      # --screenshot must not need a display by itself
    env.pop("DISPLAY", None)
    done = subprocess.run(args, capture_output=True, text=True, cwd=REPO, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""              # not even the offscreen platform's chatter
    image = QImage(str(out))
    expected = (1400, 900) if size is None else (1000, 700)
    assert (image.width(), image.height()) == expected
    # Not a blank picture: many distinct colours (text, markers, eras).
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    assert len(colours) > 20


def test_screenshot_of_an_unknown_event_still_renders_and_says_so(tmp_path):
    out = tmp_path / "shot.png"
    done = subprocess.run([sys.executable, "-m", "timeline_app", "--screenshot", str(out),
                           "--select", "no-such-event"], capture_output=True, text=True,
                          cwd=REPO, env=dict(os.environ, XDG_CONFIG_HOME=str(tmp_path)),
                          timeout=120)
    assert done.returncode == 0
    assert "no event with id 'no-such-event'" in done.stderr
    assert out.stat().st_size > 10_000


def test_a_small_screenshot_still_shows_the_selected_row(tmp_path, settings, qtbot):
    from conftest import BUNDLED
    from timeline_app.qt.app import Viewer
    from timeline_app.qt.main import save_screenshot
    viewer = Viewer(settings, remember=False)
    qtbot.addWidget(viewer.window)
    viewer.open(str(BUNDLED), "exchange-1000-2025")       # the last rows of the list
    assert save_screenshot(viewer, str(tmp_path / "shot.png"), (1000, 700)) == 0
    view = viewer.event_list.view
    assert view.viewport().rect().contains(view.visualRect(view.currentIndex()))
