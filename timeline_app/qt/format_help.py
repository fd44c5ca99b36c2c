"""Help > Timeline Format: the format reference (resources/format.md, the same text the README
links to), shown as Markdown in a window of its own, readable offline."""
from __future__ import annotations

import re

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from timeline_app.qt.resources import resource_bytes

FORMAT_FILE = "format.md"


def format_reference() -> str:
    return resource_bytes(FORMAT_FILE).decode("utf-8")


def heading_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading ("Completion and checking in your editor" ->
    "completion-and-checking-in-your-editor"), so the file's own links work here too."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


class FormatHelp(QDialog):
    openUrlRequested = Signal(str)      # a web link in the text, for the app to open

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Timeline Format")
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName("Timeline format reference")
        self.browser.document().setDocumentMargin(12)
        self.browser.setMarkdown(format_reference())
        self.browser.anchorClicked.connect(self._follow)
        buttons = QDialogButtonBox(self)
        buttons.addButton("&Close", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        # Room for the keys table and the example's lines; no taller than the screen.
        metrics, available = self.fontMetrics(), self.screen().availableGeometry()
        self.resize(min(metrics.averageCharWidth() * 130, available.width() * 9 // 10),
                    min(metrics.height() * 48, available.height() * 9 // 10))

    def _follow(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https"):
            self.openUrlRequested.emit(url.toString())
        elif url.hasFragment() and not url.path():
            self.show_heading(url.fragment())

    def show_heading(self, anchor: str) -> bool:
        """Scroll to the heading with this GitHub-style anchor; False if there is none."""
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() and heading_anchor(block.text()) == anchor:
                cursor = QTextCursor(block)
                self.browser.setTextCursor(cursor)
                bar = self.browser.verticalScrollBar()
                bar.setValue(bar.maximum())            # then back: the heading at the top
                self.browser.ensureCursorVisible()
                return True
            block = block.next()
        return False
