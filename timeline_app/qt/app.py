"""Start the Qt application: one QApplication, the main window, optional off-screen screenshot."""
from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from timeline_app.core.loader import UnreadableFile, load_path


def run_app(path: str, select: str | None = None, screenshot: str | None = None,
            size: tuple[int, int] = (1400, 900)) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = QMainWindow()
    try:
        result = load_path(path)
        text = "\n".join(f"{e.date}  {e.title}" for e in result.timeline.events) \
            if result.timeline else "\n".join(str(p) for p in result.errors)
        window.setWindowTitle(result.timeline.title if result.timeline else path)
    except UnreadableFile as error:
        text = str(error)
    label = QLabel(text)
    label.setTextFormat(label.textFormat().PlainText)
    window.setCentralWidget(label)
    window.resize(*size)
    if screenshot:
        return 0 if window.grab().save(screenshot) else 1
    window.show()
    return app.exec()
