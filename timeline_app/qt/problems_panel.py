"""The Problems panel: every error and warning of the file, with its line; activating one
asks to go there."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from timeline_app.qt.problem_list_model import ProblemListModel

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTreeView


class ProblemsPanel(QWidget):
    problemActivated = Signal(int, int)     # line, column (from 1)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = ProblemListModel(self)
        self._more_text = ""
        # The list and its note are made when the panel first shows: a file without problems
        # (most starts) never shows it.
        self._parts: tuple[QTreeView, QLabel] | None = None

    @property
    def view(self) -> QTreeView:
        return self._built()[0]

    @property
    def more(self) -> QLabel:
        return self._built()[1]

    def _built(self) -> tuple[QTreeView, QLabel]:
        if self._parts is None:
            self._parts = (self._make_view(), QLabel(self))
            more = self._parts[1]
            more.setTextFormat(Qt.TextFormat.PlainText)
            more.setWordWrap(True)
            more.setContentsMargins(6, 3, 6, 3)
            self._show_more()
            layout = QVBoxLayout(self)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.setSpacing(0)
            layout.addWidget(self._parts[0])
            layout.addWidget(more)
            self._parts[0].show()   # made while the panel shows: Qt would show it later
            layout.activate()       # and in its place before the first paint
        return self._parts

    def _make_view(self) -> QTreeView:
        from PySide6.QtWidgets import QHeaderView, QTreeView    # set up when first needed
        view = QTreeView(self)
        view.setModel(self.model)
        view.setRootIsDecorated(False)
        view.setUniformRowHeights(True)
        view.setAlternatingRowColors(True)
        view.setAccessibleName("Problems in the file")
        header = view.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        view.activated.connect(self._activated)
        view.clicked.connect(self._activated)
        return view

    def set_problems(self, problems, more: int = 0) -> None:
        """Show `problems`; `more` counts those found beyond them and not kept."""
        self.model.set_problems(problems)
        # A file can hold a million problems; the loader keeps the first thousand.
        self._more_text = (f"\u2026 and {more:,} more problem{'s' * (more != 1)} not shown: "
                           f"the first {self.model.rowCount():,} are listed; fix them and the "
                           "rest come up in turn." if more else "")
        if self._parts is not None:
            self._show_more()

    def _show_more(self) -> None:
        self.more.setText(self._more_text)
        self.more.setVisible(bool(self._more_text))

    def showEvent(self, event) -> None:
        self._built()           # before Qt lays out and paints the panel
        super().showEvent(event)

    def _activated(self, index) -> None:
        problem = self.model.problem_at(index.row())
        self.problemActivated.emit(problem.line, problem.column)
