"""The problems of the open file (errors first is not wanted: file order reads best)."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QStyle

from timeline_app.core.problems import Problem

PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1
_HEADERS = ("Line", "Problem", "Where")


class ProblemListModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._problems: tuple[Problem, ...] = ()

    def set_problems(self, problems) -> None:
        self.beginResetModel()
        self._problems = tuple(problems)
        self.endResetModel()

    def problem_at(self, row: int) -> Problem:
        return self._problems[row]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._problems)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        problem = self._problems[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"{problem.line}:{problem.column}", problem.message, problem.yaml_path)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(problem).replace("&", "&amp;").replace("<", "&lt;")
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            icon = QStyle.StandardPixmap.SP_MessageBoxCritical if problem.is_error \
                else QStyle.StandardPixmap.SP_MessageBoxWarning
            return QApplication.style().standardIcon(icon)
        if role == PROBLEM_ROLE:
            return problem
        return None
