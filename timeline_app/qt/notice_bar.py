"""A bar above the panes that tells the user something about the file and offers choices:
the file changed on disk while you have unsaved edits, the file disappeared, a recovered
buffer is waiting. Like a browser's info bar: it never steals focus or blocks the window."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

INFO, WARNING = "info", "warning"


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

    def show_notice(self, notice: str, text: str, actions: list[tuple[str, str]],
                    kind: str = WARNING) -> None:
        """Show `text` with a button per (action key, label); replaces any notice shown."""
        for button in self.buttons.values():
            self._layout.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        for key, label in actions:
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, k=key: self._chosen(k))
            self._layout.addWidget(button)
            self.buttons[key] = button
        self.notice = notice
        self.label.setText(text)
        self.setAccessibleDescription(text)
        self._tint(kind)
        self.show()

    def set_notice(self, notice) -> None:
        """Show a notice (with key, text, actions and kind), or hide the bar for None."""
        if notice is None:
            self.clear()
        else:
            self.show_notice(notice.key, notice.text, list(notice.actions), notice.kind)

    def clear(self, notice: str | None = None) -> None:
        """Hide the bar (only if it shows `notice`, when one is given)."""
        if notice is None or notice == self.notice:
            self.notice = ""
            self.hide()

    def _chosen(self, action: str) -> None:
        notice = self.notice
        self.actionChosen.emit(notice, action)

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
