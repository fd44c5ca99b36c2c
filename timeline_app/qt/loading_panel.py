"""What the window shows while a big file loads: "Loading name… 40%", a bar, and Cancel.

A small panel floats over the middle of the timeline's pane, where the new timeline will be
(the panes stay as they were: the previous timeline, or the title page, until the new one is
ready); its Cancel button (or the window's Esc) stops the load.
"""
from __future__ import annotations

import os

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton,
                               QVBoxLayout, QWidget)


class LoadingPanel(QFrame):
    """Progress of a load over `parent` (kept in its middle as it is resized)."""

    cancelRequested = Signal()

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("loadingPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setAccessibleName("Loading")
        self._name = ""
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setTextVisible(False)      # the label says the figure
        self.bar.setAccessibleName("Loading progress")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancelRequested)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addLayout(row)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 48)
        self.hide()
        parent.installEventFilter(self)

    def start(self, path: str) -> None:
        """A load of `path` begins: shown at 0%."""
        self._name = os.path.basename(path)
        self.set_fraction(0.0)
        self._place()
        self.show()
        self.raise_()

    def set_fraction(self, fraction: float) -> None:
        percent = int(round(100 * max(0.0, min(1.0, fraction))))
        self.bar.setValue(percent)
        self.label.setText(f"Loading {self._name}… {percent}%")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # (not isVisible(): the window may not be shown yet when a load starts)
        if watched is self.parent() and event.type() == QEvent.Type.Resize and \
                not self.isHidden():
            self._place()
        return False

    def _place(self) -> None:
        self.adjustSize()
        room = self.parentWidget().rect()
        self.move(room.center().x() - self.width() // 2, room.center().y() - self.height() // 2)
