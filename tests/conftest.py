import os
import tempfile
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Recovery files (QStandardPaths' data folder) of the tests never land in the user's own.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="timeline-app-tests-data-")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
EVENTS_YAML = REPO / "events.yaml"     # the bundled timeline as shipped: its facts, its packaging
# A frozen copy of the bundled timeline as it was on 7 December 2026 (30 events, 50 articles),
# for the tests of the window's behaviour and layout: their expected counts, titles and places
# must not move whenever an editor corrects or adds an event in events.yaml.
BUNDLED = REPO / "tests" / "data" / "negotiations-30-events.yaml"
# Under CI the shared folder is laid beside the checkout: a test that needs it and does not
# find it fails there instead of skipping, so a green CI run never hides an unchecked quote.
IN_CI = os.environ.get("CI", "").lower() == "true"


def shared_file(*parts: str) -> Path:
    """A file of ../shared (the source texts, the quote checker, the YAML test suite). Outside
    CI a checkout without it skips the test, saying why; under CI=true it fails."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        why = (f"{path} is missing: the shared folder (source texts, verify_quotes.py, the YAML "
               "test suite) is not beside this checkout")
        if IN_CI:
            pytest.fail(why + "; CI must have it", pytrace=False)
        pytest.skip(why)
    return path


@pytest.fixture(scope="session")
def bundled():
    """The bundled timeline, loaded once for the whole run (it loads without a problem:
    test_bundled_timeline checks that)."""
    from timeline_app.core.loader import load_path
    return load_path(BUNDLED).timeline


@pytest.fixture
def write(tmp_path):
    """Write a timeline file in tmp_path and return its path."""
    def _write(text: str | bytes, name: str = "timeline.yaml") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path
    return _write


ARTICLE_A1 = """\
articles:
  - id: a1
    title: An article
    publisher: A paper
    url: https://example.org/a1
"""

MINIMAL = "title: Test timeline\n" + ARTICLE_A1 + """\
events:
  - id: e1
    date: 2022-03-29
    title: First event
    sources: [a1]
"""


@pytest.fixture(autouse=True, scope="session")
def _isolated_settings(tmp_path_factory):
    """QSettings of the tests live in a temporary folder, never in the user's own settings."""
    from PySide6.QtCore import QSettings
    folder = str(tmp_path_factory.mktemp("settings"))
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.NativeFormat, scope, folder)
        QSettings.setPath(QSettings.Format.IniFormat, scope, folder)
    yield


@pytest.fixture
def settings(tmp_path):
    """A fresh, empty settings file for one test."""
    from PySide6.QtCore import QSettings
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def pytest_collection_modifyitems(config, items):
    """Tests marked slow (the standalone build) run when RUN_SLOW=1, as `python3 dev.py test`
    sets under CI; elsewhere they are deselected (counted in pytest's summary line)."""
    if os.environ.get("RUN_SLOW") == "1":
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]


@pytest.fixture
def open_viewer(qtbot, settings):
    """Open a file in a real, shown window (the bundled timeline by default), as the app
    does at start: `open_viewer(path=..., size=(w, h))`. Unsaved edits a test leaves are
    dropped when the window closes, so no Save question waits for an answer."""
    from timeline_app.qt.app import Viewer

    def _open(path=BUNDLED, size=(1400, 900)):
        viewer = Viewer(settings)
        qtbot.addWidget(viewer.window, before_close_func=lambda _: viewer.editor.document()
                        .setModified(False))
        viewer.window.resize(*size)
        viewer.open(str(path))
        viewer.window.show()
        qtbot.waitExposed(viewer.window)
        return viewer
    return _open


@pytest.fixture
def viewer(open_viewer):
    """The bundled timeline in a 1400x900 window."""
    return open_viewer()


@pytest.fixture
def open_detail(qtbot):
    """A shown event detail pane: `open_detail(width, height)`."""
    from timeline_app.qt.event_detail import EventDetail

    def _open(width: int, height: int):
        widget = EventDetail()
        widget.resize(width, height)
        qtbot.addWidget(widget)
        widget.show()
        qtbot.waitExposed(widget)
        return widget
    return _open


@pytest.fixture
def timeline_view(qtbot):
    """An empty timeline view, shown at 1400x330 (the window's usual timeline size)."""
    from timeline_app.qt.timeline_view import TimelineView
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(1400, 330)
    view.show()
    qtbot.waitExposed(view)
    return view
