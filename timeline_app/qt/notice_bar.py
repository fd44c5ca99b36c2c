"""A bar above the panes that tells the user something about the file and offers choices:
the file changed on disk while you have unsaved edits, the file disappeared, a recovered
buffer is waiting. Like a browser's info bar: it never steals focus or blocks the window."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

WARNING = "warning"       # a notice's kind: "info" (tinted as the palette's highlight) or this


class NoticeBar(QFrame):
    """Shows one notice at a time; a click on one of its buttons emits that button's key."""

    actionChosen = Signal(str, str)      # notice key, action key

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.notice = ""                 # key of the notice shown ("" when hidden)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)   # messages carry file names
        self.label.setWordWrap(True)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(10, 6, 6, 6)
        self._layout.addWidget(self.label, 1)
        self.buttons: dict[str, QPushButton] = {}
        self.setAccessibleName("Notice")
        self.hide()

    def set_notice(self, notice) -> None:
        """Show a notice (its key, text, a button per (action, label) and kind) in place of
        any shown, or hide the bar for None."""
        for button in self.buttons.values():
            self._layout.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        if notice is None:
            self.notice = ""
            self.hide()
            return
        for key, label in notice.actions:
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, k=key: self.actionChosen.emit(self.notice, k))
            self._layout.addWidget(button)
            self.buttons[key] = button
        self.notice = notice.key
        self.label.setText(notice.text)
        self.setAccessibleDescription(notice.text)
        self._tint(notice.kind)
        self.show()

    def _tint(self, kind: str) -> None:
        palette = self.palette()
        base = self.window().palette().color(QPalette.ColorRole.Window) if self.window() \
            else palette.color(QPalette.ColorRole.Window)
        accent = palette.color(QPalette.ColorRole.Highlight)
        if kind == WARNING:
            accent = accent.fromRgb(0xE0, 0xA0, 0x20)
        tint = base.toRgb()
        tint.setRgbF(*(0.82 * b + 0.18 * a for b, a in
                       zip(base.getRgbF()[:3], accent.getRgbF()[:3])), 1.0)
        palette.setColor(QPalette.ColorRole.Window, tint)
        self.setPalette(palette)
