"""Show the difference between the user's unsaved text and the file on disk, so they can
choose which to keep knowing what each holds."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase, QPalette, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton,
                               QVBoxLayout)

from timeline_app.qt.mnemonics import with_mnemonics


class _DiffHighlighter(QSyntaxHighlighter):
    """Added lines green, removed lines red, hunk headers dimmed; readable light or dark."""

    def __init__(self, document, dark: bool):
        super().__init__(document)
        self.formats = {}
        for prefix, light, night in (("+", "#1a7f37", "#7ee787"), ("-", "#cf222e", "#ff8182"),
                                     ("@", "#6e7781", "#8b949e")):
            text_format = QTextCharFormat()
            text_format.setForeground(QColor(night if dark else light))
            self.formats[prefix] = text_format

    def highlightBlock(self, text: str) -> None:
        text_format = self.formats.get(text[:1])
        if text_format is not None:
            self.setFormat(0, len(text), text_format)


class DiffDialog(QDialog):
    """A unified diff and a button per choice; `choice` is the key of the one clicked, or ""
    when the dialog was closed without choosing."""

    def __init__(self, diff: str, title: str, intro: str, choices: list[tuple[str, str]],
                 parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.choice = ""
        intro = QLabel(intro)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlainText(diff or "The two texts are the same.")
        self.text.setAccessibleName("Difference between your text and the file on disk")
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        self._highlighter = _DiffHighlighter(self.text.document(), dark)
        buttons = QDialogButtonBox()
        labels = with_mnemonics([label for _, label in choices], taken="c")
        for (choice, _), label in zip(choices, labels):
            button = QPushButton(label)
            button.setAutoDefault(False)         # Enter closes; choosing takes a click
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton("&Close", QDialogButtonBox.ButtonRole.RejectRole)
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(900, 600)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()
