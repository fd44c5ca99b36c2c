"""Problems found in a timeline file, each with its place, so a person can go and fix it."""
from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (error) or suspicious (warning) at a line and column (both from 1)."""

    severity: str
    message: str
    line: int
    column: int
    yaml_path: str = ""
    file: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def __str__(self) -> str:
        where = f" ({self.yaml_path})" if self.yaml_path else ""
        return f"{self.file or '<text>'}:{self.line}:{self.column}: {self.severity}: {self.message}{where}"
