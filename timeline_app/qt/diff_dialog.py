"""Show the difference between the user's unsaved text and the file on disk, so they can
choose which to keep knowing what each holds."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase, QPalette, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton,
                               QVBoxLayout)

RELOAD, KEEP = "reload", "keep"


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
    """`choice` is RELOAD, KEEP or "" (closed without choosing) after exec()."""

    def __init__(self, diff: str, file_name: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Your edits and {file_name} on disk")
        self.choice = ""
        intro = QLabel(f"Lines starting with - are in your unsaved text only; lines "
                       f"starting with + are in {file_name} on disk only.")
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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for choice, label in ((RELOAD, "Use the File on Disk"), (KEEP, "Keep My Edits")):
            button = QPushButton(label)
            button.setAutoDefault(False)         # Enter closes; choosing takes a click
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(900, 600)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()
