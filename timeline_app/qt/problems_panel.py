"""The Problems panel: every error and warning of the file, with its line; activating one
asks to go there."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeView, QVBoxLayout, QWidget

from timeline_app.qt.problem_list_model import ProblemListModel


class ProblemsPanel(QWidget):
    problemActivated = Signal(int, int)     # line, column (from 1)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = ProblemListModel(self)
        self.view = QTreeView(self)
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setAccessibleName("Problems in the file")
        header = self.view.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._activated)
        # A file can hold a million problems; the loader keeps the first thousand.
        self.more = QLabel(self)
        self.more.setTextFormat(Qt.TextFormat.PlainText)
        self.more.setWordWrap(True)
        self.more.setContentsMargins(6, 3, 6, 3)
        self.more.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.view)
        layout.addWidget(self.more)

    def set_problems(self, problems, more: int = 0) -> None:
        """Show `problems`; `more` counts those found beyond them and not kept."""
        self.model.set_problems(problems)
        self.more.setText(f"\u2026 and {more:,} more problem{'s' * (more != 1)} not shown: the "
                          f"first {self.model.rowCount():,} are listed; fix them and the rest "
                          "come up in turn." if more else "")
        self.more.setVisible(bool(more))

    def _activated(self, index) -> None:
        problem = self.model.problem_at(index.row())
        self.problemActivated.emit(problem.line, problem.column)
