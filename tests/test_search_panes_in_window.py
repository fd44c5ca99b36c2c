"""The event list in the window, at a small laptop's size: the Tags button stays in view
while the file is broken and after it is fixed, and the list keeps enough rows."""
import shutil

from PySide6.QtCore import QPoint

from conftest import BUNDLED
from timeline_app.qt.app import Viewer


def tags_button_in_view(viewer) -> bool:
    pane = viewer.event_list
    [button] = [w for w in pane.findChildren(type(pane._tags_button))
                if w.accessibleName() == "Filter by tag"]
    corner = button.mapTo(pane, QPoint(0, 0))
    return (button.isVisible() and corner.y() >= 0
            and corner.y() + button.height() <= pane.view.mapTo(pane, QPoint(0, 0)).y()
            and corner.x() + button.width() <= pane.width())


def test_the_tags_button_stays_while_the_file_is_broken_and_after_the_fix(qtbot, settings,
                                                                           tmp_path):
    path = tmp_path / "events.yaml"
    shutil.copy(BUNDLED, path)
    viewer = Viewer(settings)
    qtbot.addWidget(viewer.window, before_close_func=lambda _: viewer.editor.document()
                    .setModified(False))
    viewer.window.resize(1024, 640)
    viewer.open(str(path))
    viewer.window.show()
    qtbot.waitExposed(viewer.window)
    assert tags_button_in_view(viewer)
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("tracks:\n", "tracks:\n  - [\n", 1), encoding="utf-8")
    viewer.open(str(path))                  # the Problems panel and YAML pane open
    qtbot.waitUntil(lambda: viewer.window.problems_dock.isVisible())
    assert tags_button_in_view(viewer)
    path.write_text(good, encoding="utf-8")
    viewer.open(str(path))
    assert viewer.event_list.model.total_count() == 30
    viewer.window.editor_dock.hide()        # as the user closes them after the fix
    viewer.window.problems_dock.hide()
    qtbot.waitUntil(lambda: tags_button_in_view(viewer))
    rows = viewer.event_list.view
    qtbot.waitUntil(lambda: rows.viewport().height()
                    >= 8 * rows.verticalHeader().defaultSectionSize())
