"""Start-up makes only what the first frame shows: the hidden YAML pane's colours, the Sources
tab's list, the Problems panel's list, message boxes and rarely seen dialogs come when first
needed (and work then as always: their own tests).

A fresh interpreter runs the start, because this test session has imported everything."""
import json
import os
import subprocess
import sys

from conftest import BUNDLED, REPO

START = r"""
import json, sys
from PySide6 import QtGui, QtWidgets
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget
from timeline_app.qt.app import Viewer

app = QApplication([])
viewer = Viewer(QSettings(sys.argv[2], QSettings.Format.IniFormat), remember=False)
viewer.open(sys.argv[1])
viewer.window.show()
app.processEvents()

def state():
    return {"highlighter": "timeline_app.qt.yaml_highlighter" in sys.modules,
            "diff dialog": "timeline_app.qt.diff_dialog" in sys.modules,
            "editor's formats": "QTextCharFormat" in vars(QtGui),
            "editor's marks": len(viewer.editor.extraSelections()),
            "message boxes": any(name in vars(QtWidgets) for name in ("QMessageBox",
                                                                    "QFileDialog")),
            "sources widgets": len(viewer.sources.findChildren(QWidget)),
            "lists' classes": any(name in vars(QtWidgets) for name in (
                "QTreeView", "QStyledItemDelegate")),
            "problems widgets": len(viewer.problems.findChildren(QWidget)),
            # PySide6 sets up a class when first used; all of them at once (~10 ms) when a
            # plain QWidget made by Qt (a scroll area's viewport()) first reaches Python.
            "every widget class": "QWizard" in vars(QtWidgets)}

print(json.dumps(state()))
viewer.window.editor_dock.show()
viewer.window.problems_dock.show()
viewer.window.tabs.setCurrentWidget(viewer.sources)
app.processEvents()
print(json.dumps(state()))
"""


def test_the_first_frame_waits_for_no_hidden_pane(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO),
               XDG_DATA_HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", START, str(BUNDLED),
                           str(tmp_path / "settings.ini")],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    at_start, after = (json.loads(line) for line in done.stdout.splitlines())
    assert at_start == {"highlighter": False, "diff dialog": False, "editor's formats": False,
                        "editor's marks": 0, "message boxes": False,
                        "sources widgets": 0, "lists' classes": False, "problems widgets": 0,
                        "every widget class": False}
    assert after["highlighter"] and after["sources widgets"] > 3 and after["problems widgets"]
    assert after["editor's formats"] and after["editor's marks"] >= 1    # the cursor's line
    assert not after["diff dialog"]         # only shown when asked for (Show Difference)
